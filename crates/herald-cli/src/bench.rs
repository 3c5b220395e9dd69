//! `herald bench`: throughput and peak memory of a stage, with its peer measured in the same run.
//!
//! Extraction: every page of the Zyte benchmark is read into memory once, then extracted (charset
//! decoding, body, title, date, author, site, language) on one thread, `rounds` times; the median
//! round gives pages/s and MB/s. The peer (trafilatura, with metadata) runs the same pages in a
//! child process through `scripts/bench_trafilatura.py`; peak memory is each process's own high
//! water mark (VmHWM / ru_maxrss).
//!
//! Entities: the GUM and MEANTIME news articles and the seeds, timed three ways (the reading layer
//! alone, the entity layer alone on sentences already read, the whole `annotate`), with the
//! dictionary and model loads timed apart in every round; the peer is spaCy's NER alone
//! (`scripts/peer_spacy.py ner-bench`) on the same paragraphs.

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
    /// Mentions, entities and actor codes, alone and with the reading layer (peer: spaCy
    /// en_core_web_sm's NER).
    Entities,
    /// Temporal expressions recognised and normalised (peer: Python dateparser's search_dates).
    Time,
    /// Near-duplicates and event clustering alone, on 10,000 and 100,000 synthetic articles.
    Stories,
    /// Clean text to coded events (reading, entities, dates, events), each stage timed; beside
    /// PETRARCH2's published rates.
    Events,
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
        BenchStage::Entities => entities(shared, rounds, peer),
        BenchStage::Time => crate::eval_time::bench(shared, rounds, peer),
        BenchStage::Stories => crate::eval_stories::bench(shared, &[10_000, 100_000, 1_000_000]),
        BenchStage::Events => crate::eval_events::bench(shared, rounds),
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
    let mut models = herald_syntax::reading::Models::embedded()?;
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    println!("read: {} words of news, {rounds} rounds, one thread; models loaded in {load_ms:.1} ms", words);
    // Greedy and beam parsing (`herald read --beam`) alternate round by round, so that both see
    // the same machine.
    let (mut secs, mut beam_secs) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    let mut sink = 0usize;
    for _ in 0..rounds {
        for beam in [None, Some(herald_syntax::parser::Beam::default())] {
            models.parser.set_beam(beam);
            let t = Instant::now();
            for paragraph in text.lines() {
                sink += models.read(paragraph).len();
            }
            let times = if beam.is_some() { &mut beam_secs } else { &mut secs };
            times.push(t.elapsed().as_secs_f64());
        }
    }
    std::hint::black_box(sink);
    let ours = (words as f64 / median(&mut secs), peak_rss_mb().unwrap_or(f64::NAN));
    let with_beam = words as f64 / median(&mut beam_secs);
    println!("\n{:<26} {:>12} {:>10} {:>12}", "system", "words/s", "load", "peak MB");
    println!("{:<26} {:>12.0} {:>8.1}ms {:>12.1}", "herald (whole layer)", ours.0, load_ms, ours.1);
    println!("{:<26} {:>12.0} {:>10} {:>12}", "herald --beam", with_beam, "", "");
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
                println!(
                    "\nherald / spaCy: {:.1}x words/s (with --beam {:.1}x)",
                    ours.0 / f("words_per_s"),
                    with_beam / f("words_per_s")
                );
            }
            Ok(o) => eprintln!("spaCy not measured: {}", String::from_utf8_lossy(&o.stderr)),
            Err(e) => eprintln!("spaCy not measured: {e} (run scripts/peers.sh)"),
        }
    }
    Ok(())
}

/// The targets for the entity layer.
const ENTITY_WORDS_PER_S: f64 = 100_000.0;
const DICT_LOAD_MS: f64 = 200.0;

/// One article of the entity benchmark.
struct Article {
    text: String,
    paragraphs: Vec<herald_model::Paragraph>,
    dct: Option<herald_entities::Day>,
}

/// The news of the entity benchmark: the GUM and MEANTIME news articles (with their dates) and
/// the three seed articles, every non-blank line a body paragraph, as `herald annotate` reads text.
fn entity_corpus(shared: &Path) -> Result<Vec<Article>> {
    let article = |text: String, dct: Option<herald_entities::Day>| Article {
        paragraphs: herald_entities::text_paragraphs(&text),
        text,
        dct,
    };
    let mut articles = Vec::new();
    for file in ["gum_news.jsonl", "meantime_news.jsonl"] {
        let path = shared.join("eval/language").join(file);
        let body = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        for (n, line) in body.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let v: serde_json::Value =
                serde_json::from_str(line).with_context(|| format!("{}:{}: not JSON", path.display(), n + 1))?;
            let text =
                v["text"].as_str().with_context(|| format!("{}:{}: no \"text\" field", path.display(), n + 1))?;
            articles.push(article(text.to_string(), v["dct"].as_str().and_then(herald_entities::parse_day)));
        }
    }
    // The seeds, with the dates `herald eval` gives them (the first, dated only in its own text,
    // goes undated here).
    let dir = shared.join("seeds");
    for (prefix, dct) in [("000_", None), ("002_", Some(20150511)), ("004_", Some(20150512))] {
        let file = std::fs::read_dir(&dir)
            .with_context(|| format!("listing {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
            .with_context(|| format!("seed {prefix}* missing in {}", dir.display()))?;
        let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
        articles.push(article(text, dct));
    }
    Ok(articles)
}

/// The entity layer on news text, timed three ways on one thread: the reading layer alone, the
/// entity layer alone (mention finding, resolution and coding on sentences already read) and the
/// whole of `Annotator::annotate`. Dictionaries and models are loaded afresh in every round and
/// timed apart. The peer is spaCy en_core_web_sm loaded with its NER alone (text → entities).
fn entities(shared: &Path, rounds: usize, peer: Option<PathBuf>) -> Result<()> {
    use herald_entities::{Annotator, Dictionaries};
    let docs = entity_corpus(shared)?;
    let words: usize = docs.iter().map(|d| d.text.split_whitespace().count()).sum();
    // What the tables and the models hold once loaded: resident memory before and after the
    // first load.
    let rss0 = rss_mb("VmRSS:");
    let dict = Dictionaries::embedded();
    let rss1 = rss_mb("VmRSS:");
    let models = herald_syntax::reading::Models::embedded()?;
    let rss2 = rss_mb("VmRSS:");
    drop((dict, models));
    println!(
        "entities: {} articles, {} words of news, {rounds} rounds, one thread; resident after loading: \
         dictionaries {:.1} MB, models {:.1} MB",
        docs.len(),
        words,
        rss1.zip(rss0).map_or(f64::NAN, |(a, b)| a - b),
        rss2.zip(rss1).map_or(f64::NAN, |(a, b)| a - b),
    );
    println!(
        "\n{:>6} {:>11} {:>11} {:>13} {:>14} {:>14} {:>9}",
        "round", "dict load", "model load", "reading w/s", "entities w/s", "annotate w/s", "mentions"
    );
    let (mut dict_ms, mut model_ms, mut read_s, mut ent_s, mut all_s) = (vec![], vec![], vec![], vec![], vec![]);
    let mut mentions = 0usize;
    for round in 1..=rounds {
        // Each round loads its own annotator, so only one is ever resident.
        let t = Instant::now();
        let dict = Dictionaries::embedded();
        dict_ms.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let models = herald_syntax::reading::Models::embedded()?;
        model_ms.push(t.elapsed().as_secs_f64() * 1e3);
        let annotator = Annotator { models, dict };

        let t = Instant::now();
        let read: Vec<_> = docs.iter().map(|d| annotator.read(&d.text, &d.paragraphs)).collect();
        read_s.push(t.elapsed().as_secs_f64());

        let t = Instant::now();
        let mut found = 0;
        for (d, r) in docs.iter().zip(&read) {
            found += annotator.annotate_read(&d.text, r, d.dct).mentions.len();
        }
        ent_s.push(t.elapsed().as_secs_f64());
        drop(read);

        let t = Instant::now();
        let mut whole = 0;
        for d in &docs {
            whole += annotator.annotate(&d.text, &d.paragraphs, d.dct).mentions.len();
        }
        all_s.push(t.elapsed().as_secs_f64());
        if found != whole {
            bail!("the entity layer alone found {found} mentions, the whole annotation {whole}");
        }
        mentions = found;
        let wps = |s: &Vec<f64>| words as f64 / s[s.len() - 1];
        println!(
            "{:>6} {:>9.1}ms {:>9.1}ms {:>13.0} {:>14.0} {:>14.0} {:>9}",
            round,
            dict_ms[round - 1],
            model_ms[round - 1],
            wps(&read_s),
            wps(&ent_s),
            wps(&all_s),
            found
        );
    }
    let dict_load = median(&mut dict_ms);
    let model_load = median(&mut model_ms);
    let reading = words as f64 / median(&mut read_s);
    let alone = words as f64 / median(&mut ent_s);
    let whole = words as f64 / median(&mut all_s);
    let peak = peak_rss_mb().unwrap_or(f64::NAN);
    println!(
        "{:>6} {:>9.1}ms {:>9.1}ms {:>13.0} {:>14.0} {:>14.0} {:>9}",
        "median", dict_load, model_load, reading, alone, whole, mentions
    );
    println!(
        "\npeak RSS {peak:.1} MB: one annotator loaded, and the whole corpus read and held in memory for \
         the entity-alone pass"
    );

    let met = |ok: bool| if ok { "met" } else { "NOT met" };
    println!("\ntargets:");
    println!(
        "  entities alone (mentions + grouping + coding) >= {:.0} words/s: {:.0} words/s, {}",
        ENTITY_WORDS_PER_S,
        alone,
        met(alone >= ENTITY_WORDS_PER_S)
    );
    println!("  dictionaries load < {DICT_LOAD_MS:.0} ms: {dict_load:.1} ms, {}", met(dict_load < DICT_LOAD_MS));

    let Some(python) = peer else { return Ok(()) };
    let file = std::env::temp_dir().join(format!("herald-bench-entities-{}.txt", std::process::id()));
    let mut text = String::new();
    for d in &docs {
        for p in &d.paragraphs {
            text.push_str(&d.text[p.start..p.end]);
            text.push('\n');
        }
    }
    std::fs::write(&file, &text).with_context(|| format!("writing {}", file.display()))?;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/peer_spacy.py");
    let out = Command::new(&python).arg(&script).arg("ner-bench").arg(&file).arg(rounds.to_string()).output();
    let _ = std::fs::remove_file(&file);
    let v: serde_json::Value = match out {
        Ok(o) if o.status.success() => serde_json::from_slice(&o.stdout).context("reading spaCy's figures")?,
        Ok(o) => {
            eprintln!("spaCy not measured: {}", String::from_utf8_lossy(&o.stderr));
            return Ok(());
        }
        Err(e) => {
            eprintln!("spaCy not measured: {e} (run scripts/peers.sh)");
            return Ok(());
        }
    };
    let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    println!("\n{:<40} {:>12} {:>10} {:>10}", "text → entities, one core", "words/s", "load", "peak MB");
    println!(
        "{:<40} {:>12.0} {:>8.1}ms {:>10.1}",
        "herald annotate (reading + entities)",
        whole,
        dict_load + model_load,
        peak
    );
    println!(
        "{:<40} {:>12.0} {:>8.1}ms {:>10.1}",
        "spaCy en_core_web_sm, NER alone",
        f("words_per_s"),
        f("load_s") * 1e3,
        f("peak_mb")
    );
    println!(
        "\nherald / spaCy NER: {:.1}x words/s text → entities ({:.0} and {:.0} words counted); \
         herald's entity layer alone is {:.1}x spaCy's NER",
        whole / f("words_per_s"),
        words,
        f("words"),
        alone / f("words_per_s")
    );
    Ok(())
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// This process's peak resident memory, from /proc (Linux).
pub(crate) fn peak_rss_mb() -> Option<f64> {
    rss_mb("VmHWM:")
}

/// A memory figure of this process from /proc/self/status (`VmHWM:` peak, `VmRSS:` now), in MB.
fn rss_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
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
