//! Times the entity stage (`Annotator::annotate_read`) and the event stage (`Coder::code`)
//! alone, on the speed corpus of `herald bench events` read once up front, so a profiler sees
//! these two stages and not the reading layer:
//! `cargo run --release -p herald-events --example event_stages -- ../shared 10 10`
//! (the shared folder, then how many passes of each stage; 0 skips a stage).

use chrono::NaiveDate;
use herald_entities::{text_paragraphs, Annotator};
use herald_events::{ArticleInput, Coder};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let shared = std::path::PathBuf::from(args.next().unwrap_or_else(|| "../shared".into()));
    let ent_passes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let ev_passes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let mut docs: Vec<(String, Option<NaiveDate>)> = Vec::new();
    for file in ["gum_news.jsonl", "meantime_news.jsonl"] {
        let body = std::fs::read_to_string(shared.join("eval/language").join(file)).expect("corpus");
        for line in body.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            let text = v["text"].as_str().unwrap_or("").to_string();
            let dct =
                v["dct"].as_str().and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(d), "%Y-%m-%d").ok());
            docs.push((text, dct));
        }
    }
    let mut seeds: Vec<_> = std::fs::read_dir(shared.join("seeds")).expect("seeds").filter_map(|e| e.ok()).collect();
    seeds.sort_by_key(|e| e.file_name());
    for e in seeds {
        docs.push((std::fs::read_to_string(e.path()).expect("seed"), NaiveDate::from_ymd_opt(2015, 5, 12)));
    }
    let annotator = Annotator::embedded().expect("models");
    let coder = Coder::embedded().expect("tables");
    let words: usize = docs.iter().map(|d| d.0.split_whitespace().count()).sum();
    let read: Vec<_> = docs.iter().map(|(t, _)| annotator.read(t, &text_paragraphs(t))).collect();
    let day = |d: &Option<NaiveDate>| d.and_then(|x| herald_entities::parse_day(&x.to_string()));
    let mut ann: Vec<_> = docs.iter().zip(&read).map(|((t, d), r)| annotator.annotate_read(t, r, day(d))).collect();
    let times: Vec<_> = docs.iter().map(|(t, d)| herald_time::annotate(t, *d)).collect();
    let t = Instant::now();
    let mut found = 0;
    for _ in 0..ent_passes {
        ann = docs.iter().zip(&read).map(|((t, d), r)| annotator.annotate_read(t, r, day(d))).collect();
        found += ann.iter().map(|a| a.mentions.len()).sum::<usize>();
    }
    let ent = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut coded = 0;
    for _ in 0..ev_passes {
        for ((((text, dct), r), a), tx) in docs.iter().zip(&read).zip(&ann).zip(&times) {
            let input = ArticleInput { text, read: r, annotation: a, dict: &annotator.dict, timexes: tx, dct: *dct };
            coded += coder.code(&input).len();
        }
    }
    let ev = t.elapsed().as_secs_f64();
    let per = |secs: f64, passes: usize| secs * 1000.0 * 700.0 / (words * passes.max(1)) as f64;
    println!(
        "{} articles, {words} words; entities {:.3} ms per 700 words ({found} mentions); events {:.3} ms per 700 words ({coded} events)",
        docs.len(),
        per(ent, ent_passes),
        per(ev, ev_passes)
    );
}
