//! `herald bench`: throughput and peak memory of a stage, with its peer measured in the same run.
//!
//! Extraction: every page of the Zyte benchmark is read into memory once, then extracted (charset
//! decoding, body, title, date, author, site, language) on one thread, `rounds` times; the median
//! round gives pages/s and MB/s. The peer (trafilatura, with metadata) runs the same pages in a
//! child process through `scripts/bench_trafilatura.py`; peak memory is each process's own high
//! water mark (VmHWM / ru_maxrss).

use anyhow::{bail, Context, Result};
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[derive(Clone, Copy, ValueEnum)]
pub enum BenchStage {
    /// HTML → article, with title, date and author (peer: trafilatura).
    Extract,
    /// Text → sentences, tokens, tags, lemmas and parse (peer: spaCy en_core_web_sm).
    Read,
}

pub fn peer_python(given: Option<PathBuf>) -> PathBuf {
    given.or_else(|| std::env::var_os("HERALD_PEER_PYTHON").map(PathBuf::from)).unwrap_or_else(|| {
        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/root"));
        home.join(".cache/herald/peers/bin/python")
    })
}

struct Measure {
    pages_per_s: f64,
    mb_per_s: f64,
    peak_mb: f64,
}

pub fn run(stage: BenchStage, shared: &Path, rounds: usize, peer: Option<PathBuf>) -> Result<()> {
    match stage {
        BenchStage::Extract => extract(shared, rounds, peer),
        BenchStage::Read => read(shared, rounds, peer),
    }
}

fn extract(shared: &Path, rounds: usize, peer: Option<PathBuf>) -> Result<()> {
    let dir = shared.join("eval/extraction/zyte/html");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    paths.sort();
    let pages: Vec<Vec<u8>> = paths.iter().map(std::fs::read).collect::<std::io::Result<_>>()?;
    let bytes: usize = pages.iter().map(Vec::len).sum();
    println!("extract: {} pages, {:.1} MB, {rounds} rounds, one thread each", pages.len(), bytes as f64 / 1e6);
    let mut secs = Vec::with_capacity(rounds);
    let mut sink = 0usize;
    for _ in 0..rounds {
        let t = Instant::now();
        for page in &pages {
            let (html, _) = herald_ingest::charset::decode(page, None);
            let a = herald_extract::extract_html(&html, None);
            sink += a.paragraphs.len() + a.date.is_some() as usize + a.title.is_some() as usize;
        }
        secs.push(t.elapsed().as_secs_f64());
    }
    std::hint::black_box(sink);
    let median = median(&mut secs);
    let ours = Measure {
        pages_per_s: pages.len() as f64 / median,
        mb_per_s: bytes as f64 / 1e6 / median,
        peak_mb: peak_rss_mb().unwrap_or(f64::NAN),
    };
    let theirs = match peer {
        Some(python) => match trafilatura(&python, &dir, rounds) {
            Ok(m) => Some(m),
            Err(e) => {
                eprintln!("peer not measured: {e:#}");
                None
            }
        },
        None => None,
    };
    println!("\n{:<22} {:>10} {:>8} {:>10} {:>12}", "system", "pages/s", "MB/s", "ms/page", "peak MB");
    let row = |name: &str, m: &Measure| {
        println!(
            "{:<22} {:>10.1} {:>8.2} {:>10.2} {:>12.1}",
            name,
            m.pages_per_s,
            m.mb_per_s,
            1000.0 / m.pages_per_s,
            m.peak_mb
        );
    };
    row("herald", &ours);
    if let Some(t) = &theirs {
        row("trafilatura", t);
        println!(
            "\nherald / trafilatura: {:.1}x pages/s, {:.2}x peak memory",
            ours.pages_per_s / t.pages_per_s,
            ours.peak_mb / t.peak_mb
        );
    }
    Ok(())
}

/// The reading layer on news text: the GUM and MEANTIME news articles, one paragraph per line.
fn read(shared: &Path, rounds: usize, peer: Option<PathBuf>) -> Result<()> {
    let mut text = String::new();
    for file in ["gum_news.jsonl", "meantime_news.jsonl"] {
        let path = shared.join("eval/language").join(file);
        for line in std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                text.push_str(v["text"].as_str().unwrap_or_default());
                text.push('\n');
            }
        }
    }
    let words = text.split_whitespace().count();
    let t = Instant::now();
    let models = herald_syntax::reading::Models::embedded()?;
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    println!("read: {} words of news, {rounds} rounds, one thread; models loaded in {load_ms:.1} ms", words);
    let mut secs = Vec::with_capacity(rounds);
    let mut sink = 0usize;
    for _ in 0..rounds {
        let t = Instant::now();
        for paragraph in text.lines() {
            sink += models.read(paragraph).len();
        }
        secs.push(t.elapsed().as_secs_f64());
    }
    std::hint::black_box(sink);
    let median = median(&mut secs);
    let ours = (words as f64 / median, peak_rss_mb().unwrap_or(f64::NAN));
    println!("\n{:<26} {:>12} {:>10} {:>12}", "system", "words/s", "load", "peak MB");
    println!("{:<26} {:>12.0} {:>8.1}ms {:>12.1}", "herald (whole layer)", ours.0, load_ms, ours.1);
    if let Some(python) = peer {
        let file = std::env::temp_dir().join(format!("herald-bench-read-{}.txt", std::process::id()));
        std::fs::write(&file, &text)?;
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/peer_spacy.py");
        let out = Command::new(&python).arg(&script).arg("bench").arg(&file).arg(rounds.to_string()).output();
        let _ = std::fs::remove_file(&file);
        match out {
            Ok(o) if o.status.success() => {
                let v: serde_json::Value = serde_json::from_slice(&o.stdout).context("reading spaCy's figures")?;
                let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
                println!(
                    "{:<26} {:>12.0} {:>8.1}ms {:>12.1}",
                    "spaCy en_core_web_sm (all)",
                    f("words_per_s"),
                    f("load_s") * 1e3,
                    f("peak_mb")
                );
                println!("\nherald / spaCy: {:.1}x words/s", ours.0 / f("words_per_s"));
            }
            Ok(o) => eprintln!("spaCy not measured: {}", String::from_utf8_lossy(&o.stderr)),
            Err(e) => eprintln!("spaCy not measured: {e} (run scripts/peers.sh)"),
        }
    }
    Ok(())
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// This process's peak resident memory, from /proc (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn trafilatura(python: &Path, dir: &Path, rounds: usize) -> Result<Measure> {
    if !python.exists() {
        bail!("{} not found: run scripts/peers.sh to install the peers", python.display());
    }
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/bench_trafilatura.py");
    let out = Command::new(python)
        .arg(&script)
        .arg(dir)
        .arg(rounds.to_string())
        .output()
        .with_context(|| format!("running {}", script.display()))?;
    if !out.status.success() {
        bail!("{} failed: {}", script.display(), String::from_utf8_lossy(&out.stderr));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).context("reading the peer's figures")?;
    let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    Ok(Measure { pages_per_s: f("pages_per_s"), mb_per_s: f("mb_per_s"), peak_mb: f("peak_mb") })
}
