//! `herald eval --only time` and `herald bench time`: temporal expressions on MEANTIME.
//!
//! The gold is `eval/language/meantime_timex.jsonl`: 60 Wikinews articles with their DCT and
//! TIMEX3 annotations (type, value, code-point span) of the title and first five sentences; only
//! predictions and gold that end at or before `annotated_until` are scored. Herald is given the
//! gold DCT (as TempEval systems are). The figures:
//!
//! * **span F1 (strict)**: a prediction is right when its span equals a gold span exactly.
//! * **type accuracy**: of the strictly matched spans, the share with the gold type.
//! * **value F1 (strict)**: a prediction is right when its span equals a gold span exactly and its
//!   value equals that gold value (string equality). Precision over all predictions, recall over
//!   all gold expressions. This is the headline figure.
//! * **value F1 (relaxed span)**: a prediction is right when its span overlaps a gold span (shares
//!   at least one character) and the values are equal; each gold expression matches at most one
//!   prediction (greedy, in text order).
//! * **DCT inference**: the share of the 60 articles whose DCT `herald_time::infer_dct` reads off
//!   the text (without being given it) equal to the gold DCT.
//!
//! Peers as published on MEANTIME (value F1): HeidelTime 0.847, Microsoft Recognizers-Text
//! 0.772 (see `../shared/eval/README.md`). With `HERALD_TIME_ERRORS=1` every missed and every
//! spurious expression is printed with its context.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

struct Gold {
    start: usize,
    end: usize,
    kind: String,
    value: String,
}

struct Doc {
    id: String,
    dct: Option<NaiveDate>,
    text: String,
    gold: Vec<Gold>,
    until: usize,
}

fn load(path: &Path) -> Result<Vec<Doc>> {
    let body = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut docs = Vec::new();
    for (n, line) in body.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("{}:{}: not JSON", path.display(), n + 1))?;
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let until = v["annotated_until"].as_u64().map_or(usize::MAX, |u| u as usize);
        let gold = v["timexes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| Gold {
                start: t["start"].as_u64().unwrap_or(0) as usize,
                end: t["end"].as_u64().unwrap_or(0) as usize,
                kind: t["type"].as_str().unwrap_or_default().to_string(),
                value: t["value"].as_str().unwrap_or_default().to_string(),
            })
            .filter(|g| g.end <= until)
            .collect();
        docs.push(Doc {
            id: v["doc_id"].as_str().unwrap_or_default().to_string(),
            dct: v["dct"].as_str().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            text,
            gold,
            until,
        });
    }
    Ok(docs)
}

/// Code-point offset of every byte offset that starts a character (and of the end).
fn cp_of_byte(text: &str) -> Vec<usize> {
    let mut map = vec![0; text.len() + 1];
    let mut cp = 0;
    for (b, _) in text.char_indices() {
        map[b] = cp;
        cp += 1;
    }
    map[text.len()] = cp;
    map
}

/// A prediction in code points.
struct Pred {
    start: usize,
    end: usize,
    kind: &'static str,
    value: String,
}

fn f1(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred == 0 { 0.0 } else { tp as f64 / pred as f64 };
    let r = if gold == 0 { 0.0 } else { tp as f64 / gold as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (p, r, f)
}

/// The figures of one system on the gold.
#[derive(Default)]
struct Scores {
    n_pred: usize,
    n_gold: usize,
    span_tp: usize,
    type_ok: usize,
    value_tp: usize,
    relaxed_tp: usize,
    relaxed_span_tp: usize,
}

impl Scores {
    fn add(&mut self, d: &Doc, preds: &[Pred]) -> Vec<bool> {
        self.n_pred += preds.len();
        self.n_gold += d.gold.len();
        // Strict: one-to-one on equal spans.
        let mut used = vec![false; d.gold.len()];
        let mut pred_ok = vec![false; preds.len()];
        for (pi, p) in preds.iter().enumerate() {
            let hit = d.gold.iter().enumerate().find(|(gi, g)| !used[*gi] && g.start == p.start && g.end == p.end);
            if let Some((gi, g)) = hit {
                used[gi] = true;
                self.span_tp += 1;
                self.type_ok += (g.kind == p.kind) as usize;
                if g.value == p.value {
                    self.value_tp += 1;
                    pred_ok[pi] = true;
                }
            }
        }
        // Relaxed: overlap, one-to-one, greedy in text order; with equal values, and spans only.
        let overlaps = |g: &Gold, p: &Pred| g.start < p.end && p.start < g.end;
        let mut used_v = vec![false; d.gold.len()];
        let mut used_s = vec![false; d.gold.len()];
        for p in preds {
            if let Some(gi) =
                (0..d.gold.len()).find(|&gi| !used_v[gi] && overlaps(&d.gold[gi], p) && d.gold[gi].value == p.value)
            {
                used_v[gi] = true;
                self.relaxed_tp += 1;
            }
            if let Some(gi) = (0..d.gold.len()).find(|&gi| !used_s[gi] && overlaps(&d.gold[gi], p)) {
                used_s[gi] = true;
                self.relaxed_span_tp += 1;
            }
        }
        pred_ok
    }

    fn span(&self) -> (f64, f64, f64) {
        f1(self.span_tp, self.n_pred, self.n_gold)
    }

    fn value(&self) -> (f64, f64, f64) {
        f1(self.value_tp, self.n_pred, self.n_gold)
    }

    fn relaxed_value(&self) -> f64 {
        f1(self.relaxed_tp, self.n_pred, self.n_gold).2
    }

    fn relaxed_span(&self) -> f64 {
        f1(self.relaxed_span_tp, self.n_pred, self.n_gold).2
    }

    fn type_accuracy(&self) -> f64 {
        self.type_ok as f64 / self.span_tp.max(1) as f64
    }
}

pub fn run(shared: &Path) -> Result<Vec<(String, f64, String)>> {
    let path = shared.join("eval/language/meantime_timex.jsonl");
    let docs = load(&path)?;
    let errors = std::env::var_os("HERALD_TIME_ERRORS").is_some();
    let mut ours = Scores::default();
    let (mut dct_right, mut dct_wrong, mut dct_none) = (0, 0, 0);
    let t = Instant::now();
    let mut words = 0usize;
    for d in &docs {
        words += d.text.split_whitespace().count();
        let map = cp_of_byte(&d.text);
        let preds: Vec<Pred> = herald_time::annotate(&d.text, d.dct)
            .into_iter()
            .map(|x| Pred { start: map[x.start], end: map[x.end], kind: x.kind.as_str(), value: x.value })
            .filter(|p| p.end <= d.until)
            .collect();
        let pred_ok = ours.add(d, &preds);
        match (herald_time::infer_dct(&d.text), d.dct) {
            (Some(i), Some(g)) if i.date == g => dct_right += 1,
            (Some(_), _) => dct_wrong += 1,
            (None, _) => dct_none += 1,
        }
        if errors {
            print_errors(d, &preds, &pred_ok);
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let (sp, sr, sf) = ours.span();
    let (vp, vr, vf) = ours.value();
    let dct_acc = dct_right as f64 / docs.len().max(1) as f64;
    println!(
        "time: MEANTIME, {} articles, {} gold expressions in the annotated part, {} predicted (given the gold DCT)",
        docs.len(),
        ours.n_gold,
        ours.n_pred
    );
    println!(
        "  span strict P {sp:.3} R {sr:.3} F1 {sf:.3}; relaxed (overlap) F1 {:.3}; type accuracy on strict matches {:.3}",
        ours.relaxed_span(),
        ours.type_accuracy()
    );
    println!("  value strict P {vp:.3} R {vr:.3} F1 {vf:.3}; value with relaxed span F1 {:.3}", ours.relaxed_value());
    println!(
        "  DCT read off the text: {dct_right} right, {dct_wrong} wrong, {dct_none} none of {}; \
         annotate + DCT inference over the whole texts in {:.1} ms ({words} words)",
        docs.len(),
        secs * 1e3
    );
    let mut peers = "HeidelTime 0.847, MS Recognizers-Text 0.772 (value F1 on MEANTIME, as published)".to_string();
    match dateparser_scores(&docs) {
        Ok(Some((theirs, version))) => {
            let (_, _, tv) = theirs.value();
            println!(
                "  dateparser {version} search_dates, same gold, same scorer, this run: span F1 {:.3}, value F1 {tv:.3}, \
                 value with relaxed span F1 {:.3} ({} predicted)",
                theirs.span().2,
                theirs.relaxed_value(),
                theirs.n_pred
            );
            peers.push_str(&format!("; dateparser {version} {tv:.3} (measured here)"));
        }
        Ok(None) => eprintln!("dateparser not measured: run scripts/peers.sh to install the peers"),
        Err(e) => eprintln!("dateparser not measured: {e:#}"),
    }
    Ok(vec![
        ("time.meantime_value_f1".into(), vf, peers),
        ("time.meantime_value_f1_relaxed".into(), ours.relaxed_value(), String::new()),
        ("time.meantime_span_f1".into(), sf, String::new()),
        ("time.meantime_type_accuracy".into(), ours.type_accuracy(), String::new()),
        ("time.meantime_dct_inferred".into(), dct_acc, String::new()),
    ])
}

fn print_errors(d: &Doc, preds: &[Pred], pred_ok: &[bool]) {
    let chars: Vec<char> = d.text.chars().collect();
    let ctx = |s: usize, e: usize| -> String {
        let a = s.saturating_sub(40);
        let b = (e + 25).min(chars.len());
        let pre: String = chars[a..s].iter().collect();
        let mid: String = chars[s..e].iter().collect();
        let post: String = chars[e..b].iter().collect();
        format!("{pre}[{mid}]{post}").replace('\n', " | ")
    };
    let dct = d.dct.map(|x| x.format("%a %Y-%m-%d").to_string()).unwrap_or_default();
    for (p, ok) in preds.iter().zip(pred_ok) {
        if !ok {
            let gold = d
                .gold
                .iter()
                .find(|g| g.start == p.start && g.end == p.end)
                .map(|g| format!(" (gold {} {})", g.kind, g.value))
                .unwrap_or_default();
            println!("time: {} {dct} FP {} {}{gold}: {}", d.id, p.kind, p.value, ctx(p.start, p.end));
        }
    }
    for g in &d.gold {
        if !preds.iter().any(|p| p.start == g.start && p.end == g.end && p.value == g.value) {
            println!("time: {} {dct} FN {} {}: {}", d.id, g.kind, g.value, ctx(g.start, g.end));
        }
    }
}

/// dateparser's `search_dates` on the annotated part of each article, with the gold DCT as its
/// relative base, scored like herald. It gives a matched string and a datetime: the span is the
/// string's next occurrence in the text, the value the datetime's calendar day (it has no notion
/// of durations, sets or coarser granularity), the type DATE. `None` when the peer is not
/// installed.
fn dateparser_scores(docs: &[Doc]) -> Result<Option<(Scores, String)>> {
    let python = crate::bench::peer_python(None);
    if !python.exists() {
        return Ok(None);
    }
    let file = std::env::temp_dir().join(format!("herald-eval-time-{}.jsonl", std::process::id()));
    let mut lines = String::new();
    for d in docs {
        let head: String = d.text.chars().take(d.until).collect();
        lines.push_str(&serde_json::json!({ "text": head, "dct": d.dct.map(|x| x.to_string()) }).to_string());
        lines.push('\n');
    }
    std::fs::write(&file, lines).with_context(|| format!("writing {}", file.display()))?;
    let out = Command::new(&python).arg("-c").arg(DATEPARSER_EVAL).arg(&file).output();
    let _ = std::fs::remove_file(&file);
    let out = out.context("running dateparser")?;
    if !out.status.success() {
        anyhow::bail!("{}", String::from_utf8_lossy(&out.stderr));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).context("reading dateparser's output")?;
    let mut scores = Scores::default();
    for (d, found) in docs.iter().zip(v["docs"].as_array().into_iter().flatten()) {
        let preds: Vec<Pred> = found
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| Pred {
                start: p[0].as_u64().unwrap_or(0) as usize,
                end: p[1].as_u64().unwrap_or(0) as usize,
                kind: "DATE",
                value: p[2].as_str().unwrap_or_default().to_string(),
            })
            .collect();
        scores.add(d, &preds);
    }
    Ok(Some((scores, v["version"].as_str().unwrap_or("?").to_string())))
}

const DATEPARSER_EVAL: &str = r#"
import datetime, json, sys
import dateparser
from dateparser.search import search_dates
out = []
for line in open(sys.argv[1], encoding="utf8"):
    d = json.loads(line)
    settings = {"RELATIVE_BASE": datetime.datetime.fromisoformat(d["dct"])} if d["dct"] else {}
    found, at = [], 0
    for s, when in search_dates(d["text"], languages=["en"], settings=settings) or []:
        i = d["text"].find(s, at)
        if i < 0:
            continue
        at = i + len(s)
        found.append([i, i + len(s), when.date().isoformat()])
    out.append(found)
print(json.dumps({"version": dateparser.__version__, "docs": out}))
"#;

/// The texts of the benchmark: every article of `eval/language/*.jsonl` with its DCT.
fn bench_corpus(shared: &Path) -> Result<Vec<(String, Option<NaiveDate>)>> {
    let dir = shared.join("eval/language");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for f in files {
        for line in std::fs::read_to_string(&f)?.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value =
                serde_json::from_str(line).with_context(|| format!("{}: not JSON", f.display()))?;
            if let Some(text) = v["text"].as_str() {
                let dct = v["dct"].as_str().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
                docs.push((text.to_string(), dct));
            }
        }
    }
    Ok(docs)
}

const TARGET_WORDS_PER_S: f64 = 1_000_000.0;

/// `herald bench time`: recognition and normalisation (`herald_time::annotate`) over the MEANTIME
/// and GUM texts on one thread; each round passes over the corpus as many times as it takes to
/// run at least 0.25 s; the median round gives words/s. The peer is Python `dateparser`'s
/// `search_dates` on the same texts with the same DCTs, in a child process.
pub fn bench(shared: &Path, rounds: usize, peer: Option<PathBuf>) -> Result<()> {
    let docs = bench_corpus(shared)?;
    let words: usize = docs.iter().map(|(t, _)| t.split_whitespace().count()).sum();
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    // Passes per round so a round lasts long enough to time.
    let t = Instant::now();
    let mut found = 0usize;
    for (text, dct) in &docs {
        found += herald_time::annotate(text, *dct).len();
    }
    let once = t.elapsed().as_secs_f64().max(1e-6);
    let passes = ((0.25 / once).ceil() as usize).clamp(1, 10_000);
    println!(
        "time: {} articles, {words} words, {:.2} MB, {found} expressions; {rounds} rounds of {passes} passes, one thread",
        docs.len(),
        bytes as f64 / 1e6
    );
    let mut rates = Vec::with_capacity(rounds);
    for round in 1..=rounds {
        let t = Instant::now();
        let mut sink = 0usize;
        for _ in 0..passes {
            for (text, dct) in &docs {
                sink += herald_time::annotate(text, *dct).len();
            }
        }
        std::hint::black_box(sink);
        let rate = (words * passes) as f64 / t.elapsed().as_secs_f64();
        println!("  round {round}: {rate:.0} words/s");
        rates.push(rate);
    }
    rates.sort_by(|a, b| a.total_cmp(b));
    let median = rates[rates.len() / 2];
    let peak = crate::bench::peak_rss_mb().unwrap_or(f64::NAN);
    println!("\n{:<44} {:>12} {:>10}", "system (recognition + normalisation)", "words/s", "peak MB");
    println!("{:<44} {:>12.0} {:>10.1}", "herald-time", median, peak);
    println!(
        "target >= {:.0} words/s on one core: {}",
        TARGET_WORDS_PER_S,
        if median >= TARGET_WORDS_PER_S { "met" } else { "NOT met" }
    );
    let Some(python) = peer else { return Ok(()) };
    if !python.exists() {
        eprintln!("dateparser not measured: {} not found (run scripts/peers.sh)", python.display());
        return Ok(());
    }
    let file = std::env::temp_dir().join(format!("herald-bench-time-{}.jsonl", std::process::id()));
    let mut lines = String::new();
    for (text, dct) in &docs {
        lines.push_str(&serde_json::json!({ "text": text, "dct": dct.map(|d| d.to_string()) }).to_string());
        lines.push('\n');
    }
    std::fs::write(&file, lines).with_context(|| format!("writing {}", file.display()))?;
    let out = Command::new(&python).arg("-c").arg(DATEPARSER_BENCH).arg(&file).arg(rounds.to_string()).output();
    let _ = std::fs::remove_file(&file);
    let v: serde_json::Value = match out {
        Ok(o) if o.status.success() => serde_json::from_slice(&o.stdout).context("reading dateparser's figures")?,
        Ok(o) => {
            eprintln!("dateparser not measured: {}", String::from_utf8_lossy(&o.stderr));
            return Ok(());
        }
        Err(e) => {
            eprintln!("dateparser not measured: {e}");
            return Ok(());
        }
    };
    let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "{:<44} {:>12.0} {:>10.1}",
        format!("dateparser {} search_dates", v["version"].as_str().unwrap_or("?")),
        f("words_per_s"),
        f("peak_mb")
    );
    println!(
        "\nherald-time / dateparser: {:.0}x words/s ({} expressions found by dateparser, {} words counted)",
        median / f("words_per_s"),
        v["found"],
        v["words"]
    );
    Ok(())
}

/// The peer: dateparser's `search_dates` over the same articles with each article's DCT as the
/// relative base, one process, `rounds` rounds (the median reported), peak RSS of the process.
const DATEPARSER_BENCH: &str = r#"
import datetime, json, resource, statistics, sys, time
import dateparser
from dateparser.search import search_dates
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf8") if l.strip()]
rounds = int(sys.argv[2])
words = sum(len(d["text"].split()) for d in docs)
rates, found = [], 0
for _ in range(rounds):
    t = time.perf_counter()
    found = 0
    for d in docs:
        settings = {}
        if d["dct"]:
            settings["RELATIVE_BASE"] = datetime.datetime.fromisoformat(d["dct"])
        r = search_dates(d["text"], languages=["en"], settings=settings)
        found += len(r or [])
    rates.append(words / (time.perf_counter() - t))
print(json.dumps({"version": dateparser.__version__, "words": words, "found": found,
                  "words_per_s": statistics.median(rates),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"#;
