//! `herald eval` for stories, and `herald bench stories`.
//!
//! Eval: the online clustering of `herald-stories` over the two development sets in
//! `eval/stories`, scored by `score_clusters.py` (BCubed, pairwise, ARI, NMI):
//! * `giveme5w1h_events.jsonl`: 161 full texts, fed in publication-date order (ties by id), each
//!   with its date, its language and its entity ids (herald-entities, dated by its publication day).
//! * `uci_headlines.jsonl`: 6,366 headlines fed in a shuffled order (Fisher–Yates with a
//!   splitmix64 stream seeded [`SHUFFLE_SEED`]), as the set's README asks. Its timestamps are
//!   crawl stamps per story (every story's headlines lie within seconds of each other), so they
//!   would give the answer away: headlines are clustered **without dates**.
//!
//! Beside herald's clustering the same run scores a plain online TF-IDF baseline: the same
//! words (stemmed), index and threshold search, but plain `(1 + ln tf)·idf` weights and the
//! centroid cosine alone: no entities, no time, no spread factor, no merges (see [`baseline`]).
//! The calibration sweep (BCubed F1 of the threshold grid, computed here in Rust) is printed so
//! the chosen constants can be checked, and each set is also clustered in two halves (first and
//! second half of the feed order, each alone), since the constants were chosen on the whole sets.
//! Cluster ids are read once the whole stream is placed, so a merge (older id wins) counts.
//!
//! Robustness: one order of the headlines and one family of MinHash functions are arbitrary
//! choices, and an online clustering depends on both, so the run also clusters the headlines in
//! [`ORDERS`] orders (the fixed one and more Fisher–Yates shuffles) and both sets under
//! [`SKETCH_SEEDS`] families of MinHash functions ([`Config::sketch_seed`]) and prints each
//! figure's min / median / max; the minima are reported as figures too.
//!
//! Seeds: `000_*` (dated 2013-05-06), `002_*` (2015-05-11) and `004_*` (2015-05-12) clustered
//! as a stream: 002 and 004 must share a cluster, 000 must be in another.
//!
//! Bench: synthetic articles, each an "event" (a real article from the two sets, moved to a
//! random day) reported by several outlets: a report takes a random 60–90 % of its event
//! article's sentences in order, plus one or two sentences from another random article, and
//! the event's entity ids plus a few of the other's. Days are spread over ten years. The
//! clustering stage alone is timed (entity annotation is not: entity ids of the source
//! articles are computed once, before timing).

use anyhow::{anyhow, Context, Result};
use herald_entities::Annotator;
use herald_events::Coder;
use herald_stories::{Article, Config, Stories};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

pub const SHUFFLE_SEED: u64 = 20_240_607;
/// Orders of the headlines clustered for the robustness figures (the first is [`SHUFFLE_SEED`]'s).
pub const ORDERS: u64 = 8;
/// Families of MinHash functions the robustness figures are taken under (0 is the standard one).
pub const SKETCH_SEEDS: u32 = 5;

#[derive(Clone)]
struct Item {
    id: String,
    title: String,
    text: String,
    day: Option<i64>,
    gold: String,
    entities: Vec<String>,
    /// Coded events as herald-stories' event keys.
    events: Vec<String>,
    lang: Option<&'static str>,
}

fn load(path: &Path, text_field: &str, with_dates: bool) -> Result<Vec<Item>> {
    let body = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
        out.push(Item {
            id: s("id"),
            title: s("title"),
            text: s(text_field),
            day: if with_dates { herald_stories::parse_day(&s("date")) } else { None },
            gold: s("gold_cluster"),
            entities: Vec::new(),
            events: Vec::new(),
            lang: None,
        });
    }
    Ok(out)
}

/// Reads each item as `herald ingest` does (reading layer with parse repair, entities, events,
/// dated by its publication day) and keeps its entity ids, event keys and language.
fn annotate(items: &mut [Item], annotator: &Annotator, coder: &Coder) {
    items.par_iter_mut().for_each(|it| {
        let dct = it.day.and_then(|d| {
            let (y, m, dd) = herald_stories::civil_from_days(d);
            chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, dd)
        });
        let paragraphs = herald_entities::text_paragraphs(&it.text);
        let (ann, _, events) = herald_events::analyse(annotator, coder, &it.text, &paragraphs, dct);
        let mut ids: Vec<String> = ann.entities.into_iter().map(|e| e.id).collect();
        ids.dedup();
        it.entities = ids;
        let country =
            |a: &Option<herald_events::EventActor>| a.as_ref().map(|a| a.country.clone().unwrap_or(a.code.clone()));
        it.events = events
            .iter()
            .map(|e| herald_stories::event_key(country(&e.source).as_deref(), country(&e.target).as_deref(), &e.cameo))
            .collect();
        it.events.sort();
        it.events.dedup();
        it.lang = herald_stories::language(&it.text);
    });
}

/// Writes `items` as JSON lines (id, gold, day, lang, entities, events, title, text) to `dir/name.jsonl`.
fn dump(dir: &Path, name: &str, items: &[Item]) -> Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join(format!("{name}.jsonl")))?);
    for it in items {
        let v = serde_json::json!({"id": it.id, "gold": it.gold, "day": it.day, "lang": it.lang,
            "entities": it.entities, "events": it.events, "title": it.title, "text": it.text});
        writeln!(f, "{v}")?;
    }
    f.flush()?;
    Ok(())
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn shuffle<T>(v: &mut [T], seed: u64) {
    let mut rng = Rng(seed);
    for i in (1..v.len()).rev() {
        v.swap(i, rng.below(i + 1));
    }
}

/// The cluster id of every item, in the items' order, once the whole stream is placed (a
/// cluster merged into an older one reports the older id).
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
                events: &it.events,
                lang: it.lang,
            })
            .cluster
        })
        .collect();
    placed.into_iter().map(|c| s.cluster_id(c).to_string()).collect()
}

/// Item-averaged BCubed F1 (for the sweep; the reported figures come from the shared scorer).
fn bcubed_f1(gold: &[&str], pred: &[String]) -> f64 {
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
    if pr + re == 0.0 {
        0.0
    } else {
        2.0 * pr * re / (pr + re)
    }
}

fn score(shared: &Path, gold: &Path, items: &[Item], pred: &[String]) -> Result<serde_json::Value> {
    let out = std::env::temp_dir().join(format!("herald-stories-{}-{}.jsonl", std::process::id(), items.len()));
    let mut f = std::io::BufWriter::new(std::fs::File::create(&out)?);
    for (it, c) in items.iter().zip(pred) {
        writeln!(f, "{}", serde_json::json!({"id": it.id, "cluster": c}))?;
    }
    f.flush()?;
    drop(f);
    let py = std::env::var("HERALD_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = shared.join("eval/stories/score_clusters.py");
    let o = std::process::Command::new(py)
        .arg(&script)
        .arg("--gold")
        .arg(gold)
        .arg("--pred")
        .arg(&out)
        .arg("--json")
        .output()
        .context("running score_clusters.py")?;
    let _ = std::fs::remove_file(&out);
    if !o.status.success() {
        return Err(anyhow!("score_clusters.py failed: {}", String::from_utf8_lossy(&o.stderr)));
    }
    Ok(serde_json::from_slice(&o.stdout)?)
}

/// Plain online TF-IDF: the same words, vectors and index, with the idf as is, the centroid
/// cosine alone (no entities, no time, no spread factor, no merges, no term ownership) and its best single
/// threshold on both sets (0.175 full texts, 0.15 headlines; the sweep prints it).
fn baseline(cfg: Config) -> Config {
    Config {
        entity_weight: 0.0,
        decay_days: 1e9,
        window_days: 1e9,
        idf_power: 1.0,
        spread: 0.0,
        merge_threshold: 0.0,
        threshold_long: 0.175,
        threshold_short: 0.15,
        tiny_extra: 0.0,
        burst_days: f32::INFINITY,
        max_span_days: f32::INFINITY,
        ownership_weight: 0.0,
        ..cfg
    }
}

/// BCubed F1 over a threshold grid, for herald's configuration and the TF-IDF baseline; the
/// threshold applies to every length (the long/short split is searched separately), plus
/// `tiny_extra` for a headline of a few words.
fn sweep(name: &str, items: &[Item], cfg: Config) -> (f64, f32) {
    let gold: Vec<&str> = items.iter().map(|i| i.gold.as_str()).collect();
    let mut best = (0.0, 0.0);
    let mut line = String::new();
    for step in 0..15 {
        let t = 0.10 + 0.025 * step as f32;
        let c = if std::env::var_os("HERALD_STORIES_BETA_SWEEP").is_some() {
            Config { entity_weight: 0.05 * step as f32, ..cfg }
        } else {
            Config { threshold_long: t, threshold_short: t, ..cfg }
        };
        let f = bcubed_f1(&gold, &cluster(items, c));
        if f > best.0 {
            best = (f, t);
        }
        line.push_str(&format!(" {t:.3}:{f:.3}"));
    }
    println!("stories: sweep {name}:{line}");
    best
}

/// "min / median / max (n runs)" of some figures.
fn spread(v: &[f64]) -> String {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return "no runs".into();
    }
    format!("min {:.4} / median {:.4} / max {:.4} ({} runs)", v[0], v[v.len() / 2], v[v.len() - 1], v.len())
}

const FIGURES: [&str; 6] = ["bcubed_f1", "bcubed_p", "bcubed_r", "pair_f1", "ari", "nmi"];

pub fn run(shared: &Path) -> Result<Vec<(String, f64, String)>> {
    let dir = shared.join("eval/stories");
    let started = Instant::now();
    let annotator = Annotator::embedded().map_err(|e| anyhow!("loading models: {e:?}"))?;
    let coder = Coder::embedded().map_err(|e| anyhow!("loading the event tables: {e}"))?;
    let g_path = dir.join("giveme5w1h_events.jsonl");
    let u_path = dir.join("uci_headlines.jsonl");
    let mut g = load(&g_path, "text", true)?;
    let mut u = load(&u_path, "title", false)?;
    let t = Instant::now();
    annotate(&mut g, &annotator, &coder);
    let g_ann = t.elapsed().as_secs_f64();
    let t = Instant::now();
    annotate(&mut u, &annotator, &coder);
    let u_ann = t.elapsed().as_secs_f64();
    println!(
        "stories: entities and language: {} full texts {:.2}s, {} headlines {:.2}s (two threads)",
        g.len(),
        g_ann,
        u.len(),
        u_ann
    );
    g.sort_by(|a, b| a.day.cmp(&b.day).then(a.id.cmp(&b.id)));
    shuffle(&mut u, SHUFFLE_SEED);
    // HERALD_STORIES_DUMP=DIR writes the annotated, ordered items (for calibration outside the CLI).
    if let Some(d) = std::env::var_os("HERALD_STORIES_DUMP") {
        dump(Path::new(&d), "giveme5w1h", &g)?;
        dump(Path::new(&d), "uci", &u)?;
    }

    let mut cfg = Config::default();
    // HERALD_STORIES_CFG="θ_long,θ_short,β,window,τ[,idf_power,spread,merge]" overrides the
    // constants (for calibration).
    if let Ok(v) = std::env::var("HERALD_STORIES_CFG") {
        let f: Vec<f32> = v.split(',').filter_map(|x| x.trim().parse().ok()).collect();
        if let [tl, ts, b, w, tau, ref rest @ ..] = f[..] {
            cfg = Config {
                threshold_long: tl,
                threshold_short: ts,
                entity_weight: b,
                window_days: w,
                decay_days: tau,
                ..cfg
            };
            if let [p, sp, m] = rest[..] {
                cfg = Config { idf_power: p, spread: sp, merge_threshold: m, ..cfg };
            }
        }
    }
    let mut figures = Vec::new();
    for (set, items, gold, peer) in [
        ("giveme5w1h", &g, &g_path, "online TF-IDF 0.90-0.94 (README)"),
        ("uci", &u, &u_path, "TF-IDF 0.68-0.72, MiniLM 0.75-0.78 (README)"),
    ] {
        let t = Instant::now();
        let pred = cluster(items, cfg);
        let secs = t.elapsed().as_secs_f64();
        let ours = score(shared, gold, items, &pred)?;
        let base = score(shared, gold, items, &cluster(items, baseline(cfg)))?;
        let n_clusters = pred.iter().collect::<std::collections::HashSet<_>>().len();
        println!(
            "stories: {set}: {} articles → {} clusters in {:.1} ms ({:.0} articles/s, clustering alone)",
            items.len(),
            n_clusters,
            secs * 1e3,
            items.len() as f64 / secs.max(1e-9)
        );
        for k in FIGURES {
            let v = ours[k].as_f64().unwrap_or(f64::NAN);
            let b = base[k].as_f64().unwrap_or(f64::NAN);
            println!("stories: {set}: {k:<10} herald {v:.3}   plain online TF-IDF (same run) {b:.3}");
        }
        // The calibration used the whole sets; each half on its own shows how much that flatters.
        let half = items.len() / 2;
        let gold: Vec<&str> = items.iter().map(|i| i.gold.as_str()).collect();
        let halves: Vec<f64> = [0..half, half..items.len()]
            .into_iter()
            .map(|r| bcubed_f1(&gold[r.clone()], &cluster(&items[r], cfg)))
            .collect();
        println!("stories: {set}: halves (each clustered alone): first {:.3}, second {:.3}", halves[0], halves[1]);
        let (bf, bt) = sweep(&format!("{set} herald"), items, cfg);
        let (pf, pt) = sweep(&format!("{set} tf-idf"), items, baseline(cfg));
        println!("stories: {set}: best single threshold: herald {bf:.3} at {bt:.3}; TF-IDF {pf:.3} at {pt:.3}");
        let base_f1 = base["bcubed_f1"].as_f64().unwrap_or(f64::NAN);
        for k in ["bcubed_f1", "bcubed_p", "bcubed_r"] {
            figures.push((
                format!("stories.{set}_{k}"),
                ours[k].as_f64().unwrap_or(0.0),
                if k == "bcubed_f1" { format!("{peer}; plain TF-IDF here {base_f1:.3}") } else { String::new() },
            ));
        }
    }

    // The same figures under other orders of the headlines and other MinHash functions.
    for (set, items) in [("giveme5w1h", &g), ("uci", &u)] {
        let gold: Vec<&str> = items.iter().map(|i| i.gold.as_str()).collect();
        let by_seed: Vec<f64> = (0..SKETCH_SEEDS)
            .map(|seed| bcubed_f1(&gold, &cluster(items, Config { sketch_seed: seed, ..cfg })))
            .collect();
        println!("stories: {set}: BCubed F1 under {SKETCH_SEEDS} MinHash families: {}", spread(&by_seed));
        let mut low = by_seed.iter().copied().fold(f64::INFINITY, f64::min);
        if set == "uci" {
            let by_order: Vec<f64> = (0..ORDERS)
                .map(|o| {
                    let mut v: Vec<&Item> = items.iter().collect();
                    if o > 0 {
                        shuffle(&mut v, SHUFFLE_SEED.wrapping_add(o));
                    }
                    let gold: Vec<&str> = v.iter().map(|i| i.gold.as_str()).collect();
                    let owned: Vec<Item> = v.iter().map(|i| (*i).clone()).collect();
                    bcubed_f1(&gold, &cluster(&owned, cfg))
                })
                .collect();
            println!("stories: {set}: BCubed F1 in {ORDERS} orders of the headlines: {}", spread(&by_order));
            low = low.min(by_order.iter().copied().fold(f64::INFINITY, f64::min));
        }
        figures.push((
            format!("stories.{set}_bcubed_f1_min"),
            low,
            "lowest over the orders and MinHash families above".into(),
        ));
    }

    let (passed, total) = seeds(shared, &annotator, &coder)?;
    figures.push(("stories.seed_checks".into(), passed as f64 / total as f64, String::new()));
    println!("stories: done in {:.1}s", started.elapsed().as_secs_f64());
    Ok(figures)
}

/// The seeds clustered as a stream; the checks the issue states.
fn seeds(shared: &Path, annotator: &Annotator, coder: &Coder) -> Result<(usize, usize)> {
    let dir = shared.join("seeds");
    let mut files: Vec<_> = std::fs::read_dir(&dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let dated = [("000_", (2013, 5, 6)), ("002_", (2015, 5, 11)), ("004_", (2015, 5, 12))];
    let mut items = Vec::new();
    for (prefix, (y, m, d)) in dated {
        let f = files
            .iter()
            .find(|f| f.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
            .ok_or_else(|| anyhow!("seed {prefix}* missing in {}", dir.display()))?;
        let text = std::fs::read_to_string(f)?;
        let title = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").to_string();
        items.push(Item {
            id: prefix.trim_end_matches('_').to_string(),
            title,
            text,
            day: Some(herald_stories::days_from_civil(y, m, d)),
            gold: String::new(),
            entities: Vec::new(),
            events: Vec::new(),
            lang: None,
        });
    }
    annotate(&mut items, annotator, coder);
    // The calibration example checks the seeds too (a constant that merges the Kerry visits fails).
    if let Some(d) = std::env::var_os("HERALD_STORIES_DUMP") {
        dump(Path::new(&d), "seeds", &items)?;
    }
    let pred = cluster(&items, Config::default());
    let undated: Vec<Item> = items
        .iter()
        .map(|i| Item {
            day: None,
            entities: i.entities.clone(),
            events: i.events.clone(),
            gold: String::new(),
            id: i.id.clone(),
            title: i.title.clone(),
            text: i.text.clone(),
            lang: i.lang,
        })
        .collect();
    let text_only = cluster(&undated, Config::default());
    println!("stories: seeds: clusters {:?} (without dates they would be {:?})", pred, text_only);
    let checks = [
        ("002 and 004 in one cluster", pred[1] == pred[2]),
        ("000 in another cluster", pred[0] != pred[1] && pred[0] != pred[2]),
    ];
    let mut passed = 0;
    for (name, ok) in checks {
        println!("stories: seeds: {}  {name}", if ok { "pass" } else { "FAIL" });
        passed += ok as usize;
    }
    Ok((passed, checks.len()))
}

/// `herald bench stories`: the clustering stage alone over synthetic streams (see the module
/// doc for the generator), at each size: µs per article (first and last tenth, to see whether
/// it stays flat), articles/s and peak memory.
pub fn bench(shared: &Path, sizes: &[usize]) -> Result<()> {
    let dir = shared.join("eval/stories");
    let annotator = Annotator::embedded().map_err(|e| anyhow!("loading models: {e:?}"))?;
    let coder = Coder::embedded().map_err(|e| anyhow!("loading the event tables: {e}"))?;
    let mut src = load(&dir.join("giveme5w1h_events.jsonl"), "text", true)?;
    annotate(&mut src, &annotator, &coder);
    let split: Vec<Vec<&str>> =
        src.iter().map(|it| it.text.split(['\n', '.']).map(str::trim).filter(|s| s.len() > 20).collect()).collect();
    println!("bench stories: {} source articles; clustering stage alone, one thread", src.len());
    println!(
        "{:>9} {:>12} {:>14} {:>14} {:>12} {:>10} {:>10} {:>10}",
        "articles", "articles/s", "µs/art first", "µs/art last", "µs/art all", "clusters", "peak MB", "B/article"
    );
    for &n in sizes {
        let mut rng = Rng(7 + n as u64);
        let maker = Generator { src: &src, split: &split, base_day: herald_stories::days_from_civil(2010, 1, 1) };
        // Articles are made and clustered in chunks, so a million of them never sit in memory at
        // once; only the clustering is timed. The chunk's buffer is reused, so the memory grown
        // after the first chunk is the clustering state's.
        let mut chunk = Vec::with_capacity(CHUNK);
        maker.fill(&mut rng, &mut chunk, CHUNK.min(n), 0);
        let rss_before = rss_mb();
        let mut s = Stories::default();
        let tenth = (n / 10).max(1);
        let (mut first, mut last, mut secs) = (0.0, 0.0, 0.0);
        let mut i = 0;
        while i < n {
            if chunk.is_empty() {
                maker.fill(&mut rng, &mut chunk, CHUNK.min(n - i), i);
            }
            let t = Instant::now();
            for (id, text, day, ents, events) in &chunk {
                let a = Article { id, title: "", text, day: Some(*day), entities: ents, events, lang: Some("en") };
                if i < tenth || i >= n - tenth {
                    let t0 = Instant::now();
                    s.add(&a);
                    let dt = t0.elapsed().as_secs_f64();
                    if i < tenth {
                        first += dt;
                    } else {
                        last += dt;
                    }
                } else {
                    s.add(&a);
                }
                i += 1;
            }
            secs += t.elapsed().as_secs_f64();
            chunk.clear();
        }
        let grown = (rss_mb() - rss_before) * 1024.0 * 1024.0 / n as f64;
        println!(
            "{:>9} {:>12.0} {:>14.1} {:>14.1} {:>12.1} {:>10} {:>10.1} {:>10.0}",
            n,
            n as f64 / secs,
            first / tenth as f64 * 1e6,
            last / tenth as f64 * 1e6,
            secs / n as f64 * 1e6,
            s.cluster_count(),
            crate::bench::peak_rss_mb().unwrap_or(f64::NAN),
            grown
        );
    }
    println!("B/article: resident memory grown while clustering, per article (the clustering state)");
    println!("peak MB is the process's high-water mark (it includes the annotated source articles and one chunk of {CHUNK} synthetic texts)");
    Ok(())
}

/// Articles made per chunk by the benchmark's generator.
const CHUNK: usize = 10_000;

/// The benchmark's synthetic stream: each real event of giveme5w1h is retold by 1–12 reports
/// within three days, on a random day of ten years; a report keeps 60–90 % of the event's
/// sentences and takes one or two sentences (and two entities) from another event.
struct Generator<'a> {
    src: &'a [Item],
    split: &'a [Vec<&'a str>],
    base_day: i64,
}

type Synthetic = (String, String, i64, Vec<String>, Vec<String>);

impl Generator<'_> {
    /// Appends `count` articles to `out`, numbered from `first`.
    fn fill(&self, rng: &mut Rng, out: &mut Vec<Synthetic>, count: usize, first: usize) {
        let (src, split) = (self.src, self.split);
        while out.len() < count {
            let e = rng.below(src.len());
            let day = self.base_day + rng.below(3650) as i64;
            let reports = 1 + rng.below(12);
            for r in 0..reports.min(count - out.len()) {
                let keep = 60 + rng.below(31);
                let mut text = String::new();
                for s in &split[e] {
                    if rng.below(100) < keep {
                        text.push_str(s);
                        text.push_str(". ");
                    }
                }
                let other = rng.below(src.len());
                let mut ents = src[e].entities.clone();
                for _ in 0..1 + rng.below(2) {
                    if let Some(s) = split[other].get(rng.below(split[other].len().max(1))) {
                        text.push_str(s);
                        text.push_str(". ");
                    }
                }
                ents.extend(src[other].entities.iter().take(2).cloned());
                let events = src[e].events.clone();
                out.push((format!("syn-{}-{r}", first + out.len()), text, day + rng.below(3) as i64, ents, events));
            }
        }
    }
}

/// This process's resident memory now, in MB (Linux /proc).
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let l = s.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse::<f64>().ok()?;
            Some(l / 1024.0)
        })
        .unwrap_or(0.0)
}
