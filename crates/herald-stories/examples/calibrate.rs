//! Calibration aid: clusters the annotated, ordered development sets that
//! `HERALD_STORIES_DUMP=DIR herald eval --only stories` writes (`DIR/giveme5w1h.jsonl`,
//! `DIR/uci.jsonl`) and prints item-averaged BCubed F1 for the whole set and each half, so the
//! constants of `Config` can be searched without re-annotating. `cargo run --release -p
//! herald-stories --example calibrate -- DIR [key=value ...]` (keys: the `Config` fields).

use herald_stories::{Article, Config, Stories};
use std::collections::HashMap;

struct Item {
    id: String,
    gold: String,
    day: Option<i64>,
    lang: Option<&'static str>,
    entities: Vec<String>,
    title: String,
    text: String,
}

fn load(path: &str) -> Vec<Item> {
    let body = std::fs::read_to_string(path).unwrap_or_default();
    body.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| Item {
            id: v["id"].as_str().unwrap_or("").into(),
            gold: v["gold"].as_str().unwrap_or("").into(),
            day: v["day"].as_i64(),
            lang: v["lang"].as_str().map(|l| &*Box::leak(l.to_string().into_boxed_str())),
            entities: v["entities"]
                .as_array()
                .map(|a| a.iter().filter_map(|e| e.as_str().map(String::from)).collect())
                .unwrap_or_default(),
            title: v["title"].as_str().unwrap_or("").into(),
            text: v["text"].as_str().unwrap_or("").into(),
        })
        .collect()
}

fn cluster(items: &[Item], cfg: Config) -> Vec<String> {
    let mut s = Stories::new(cfg);
    let placed: Vec<u32> = items
        .iter()
        .map(|it| {
            s.add(&Article {
                id: &it.id,
                title: &it.title,
                text: &it.text,
                day: it.day,
                entities: &it.entities,
                lang: it.lang,
            })
            .cluster
        })
        .collect();
    if std::env::var_os("HX_DUPS").is_some() {
        for i in 0..items.len() {
            let c = s.canonical(i as u32);
            if c != i as u32 {
                eprintln!("dup {} of {}", items[i].id, items[c as usize].id);
            }
        }
    }
    placed.into_iter().map(|c| s.cluster_id(c).to_string()).collect()
}

fn bcubed(gold: &[&str], pred: &[String]) -> (f64, f64, f64) {
    let mut pair: HashMap<(&str, &str), f64> = HashMap::new();
    let mut g: HashMap<&str, f64> = HashMap::new();
    let mut p: HashMap<&str, f64> = HashMap::new();
    for (a, b) in gold.iter().zip(pred) {
        *pair.entry((a, b)).or_default() += 1.0;
        *g.entry(a).or_default() += 1.0;
        *p.entry(b).or_default() += 1.0;
    }
    let n = gold.len().max(1) as f64;
    let (mut pr, mut re) = (0.0, 0.0);
    for (a, b) in gold.iter().zip(pred) {
        let both = pair[&(*a, b.as_str())];
        pr += both / p[b.as_str()];
        re += both / g[a];
    }
    let (pr, re) = (pr / n, re / n);
    (if pr + re == 0.0 { 0.0 } else { 2.0 * pr * re / (pr + re) }, pr, re)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().cloned().unwrap_or_else(|| "/tmp/st".into());
    let mut cfg = Config::default();
    let mut show = false;
    for kv in &args[1.min(args.len())..] {
        let Some((k, v)) = kv.split_once('=') else { continue };
        let f: f32 = v.parse().unwrap_or(0.0);
        match k {
            "tl" => cfg.threshold_long = f,
            "ts" => cfg.threshold_short = f,
            "beta" => cfg.entity_weight = f,
            "window" => cfg.window_days = f,
            "tau" => cfg.decay_days = f,
            "span" => cfg.max_span_days = f,
            "burst" => cfg.burst_days = f,
            "late" => cfg.max_late = f as u32,
            "merge" => cfg.merge_threshold = f,
            "mratio" => cfg.merge_ratio = f,
            "mspread" => cfg.merge_spread = f,
            "cap" => cfg.spread_cap = f,
            "spread" => cfg.spread = f,
            "idfp" => cfg.idf_power = f,
            "tiny" => cfg.tiny_terms = f as usize,
            "tinyx" => cfg.tiny_extra = f,
            "short" => cfg.short_terms = f as usize,
            "long" => cfg.long_terms = f as usize,
            "show" => show = f > 0.0,
            _ => eprintln!("unknown key {k}"),
        }
    }
    for set in ["giveme5w1h", "uci"] {
        let items = load(&format!("{dir}/{set}.jsonl"));
        let gold: Vec<&str> = items.iter().map(|i| i.gold.as_str()).collect();
        let pred = cluster(&items, cfg);
        let (f, p, r) = bcubed(&gold, &pred);
        let half = items.len() / 2;
        let h: Vec<f64> = [0..half, half..items.len()]
            .into_iter()
            .map(|x| bcubed(&gold[x.clone()], &cluster(&items[x], cfg)).0)
            .collect();
        println!("{set}: F1 {f:.4} P {p:.4} R {r:.4}  halves {:.4} {:.4}", h[0], h[1]);
        if show && set == "giveme5w1h" {
            let mut by: Vec<(&str, &str, Option<i64>, &str)> =
                items.iter().zip(&pred).map(|(i, c)| (i.gold.as_str(), c.as_str(), i.day, i.title.as_str())).collect();
            by.sort();
            for (g, c, d, t) in by {
                println!("  {:<28} {:<22} {:>6} {}", &g[..g.len().min(28)], c, d.unwrap_or(0), &t[..t.len().min(60)]);
            }
        }
    }
}
