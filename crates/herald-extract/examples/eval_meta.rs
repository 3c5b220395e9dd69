//! Runs metadata extraction over a directory of pages and prints one JSON line per page.
//!
//! Usage: `eval_meta <dir-with-html> [ground_truth.jsonl]` (the ground truth supplies each page's
//! URL by id). Timing goes to stderr.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use herald_extract::dom::Dom;
use herald_extract::meta::extract_meta;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: eval_meta <html-dir> [ground_truth.jsonl]");
        std::process::exit(2);
    };
    let mut urls: HashMap<String, String> = HashMap::new();
    if let Some(gt) = args.get(2) {
        let text = std::fs::read_to_string(gt).expect("read ground truth");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("ground truth line");
            if let (Some(id), Some(url)) = (v["id"].as_str(), v["url"].as_str()) {
                urls.insert(id.to_string(), url.to_string());
            }
        }
    }
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    paths.sort();
    // META_REPEAT=n runs the extraction n times per page for steadier timings.
    let repeat: u32 = std::env::var("META_REPEAT").ok().and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
    let (mut t_parse, mut t_meta, mut bytes) = (Duration::ZERO, Duration::ZERO, 0usize);
    for path in &paths {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let raw = std::fs::read(path).expect("read page");
        bytes += raw.len();
        let html = String::from_utf8_lossy(&raw);
        let t0 = Instant::now();
        let dom = Dom::parse(&html);
        let t1 = Instant::now();
        let url = urls.get(&stem).map(String::as_str);
        let mut meta = extract_meta(&dom, url);
        for _ in 1..repeat {
            meta = extract_meta(&dom, url);
        }
        let t2 = Instant::now();
        t_parse += t1 - t0;
        t_meta += (t2 - t1) / repeat;
        let line = serde_json::json!({
            "id": stem,
            "date": meta.date.as_ref().map(|d| d.value.clone()),
            "evidence": meta.date.as_ref().map(|d| d.evidence),
            "title": meta.title,
            "author": meta.author,
            "site": meta.site,
            "language": meta.language,
            "url": meta.url,
        });
        println!("{line}");
    }
    let n = paths.len().max(1) as f64;
    eprintln!(
        "{} pages, {:.0} KB average: parse {:.3} ms/page, meta {:.3} ms/page",
        paths.len(),
        bytes as f64 / n / 1024.0,
        t_parse.as_secs_f64() * 1000.0 / n,
        t_meta.as_secs_f64() * 1000.0 / n
    );
}
