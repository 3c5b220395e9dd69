//! `herald eval`: scores each stage on the public gold data in `../shared/eval` with the scorers
//! shipped there, prints the figures, checks the seeds end to end, and fails when a figure drops
//! below the floor recorded in `eval/floors.json`.

use crate::ingest::{ingest_into, Entities, Options};
use crate::query::extract_line;
use anyhow::{anyhow, bail, Context, Result};
use chrono::NaiveDate;
use herald_model::{DctSource, Document, ParagraphKind};
use herald_store::{SqliteStore, Store};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn shared_dir(given: Option<PathBuf>) -> Result<PathBuf> {
    let dir = given
        .or_else(|| std::env::var_os("HERALD_SHARED").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("../shared"));
    if !dir.join("eval").is_dir() {
        bail!("no evaluation data at {}/eval: pass --shared DIR or set HERALD_SHARED", dir.display());
    }
    Ok(dir)
}

pub fn default_floors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../eval/floors.json")
}

/// One measured figure; its floor, if any, is in the floors file under its name.
struct Figure {
    name: String,
    value: f64,
    peer: &'static str,
}

pub fn run(shared: &Path, floors_path: &Path, only: &[String]) -> Result<()> {
    let floors: BTreeMap<String, f64> = serde_json::from_str(
        &std::fs::read_to_string(floors_path)
            .with_context(|| format!("reading floors from {}", floors_path.display()))?,
    )
    .with_context(|| format!("parsing {}", floors_path.display()))?;
    let wanted = |part: &str| only.is_empty() || only.iter().any(|o| o == part);
    let work = std::env::temp_dir().join(format!("herald-eval-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let mut figures = Vec::new();
    let mut failures = Vec::new();
    if wanted("extraction") {
        figures.extend(extraction(shared, &work)?);
    }
    if wanted("dates") {
        figures.extend(dates(shared, &work)?);
    }
    if wanted("sentences") {
        figures.extend(sentences(shared)?);
    }
    if wanted("syntax") {
        figures.extend(syntax(shared)?);
    }
    if wanted("entities") {
        for (name, value, peer) in crate::eval_entities::run(shared)? {
            figures.push(Figure { name, value, peer: Box::leak(peer.into_boxed_str()) });
        }
    }
    if wanted("time") {
        for (name, value, peer) in crate::eval_time::run(shared)? {
            figures.push(Figure { name, value, peer: Box::leak(peer.into_boxed_str()) });
        }
    }
    if wanted("events") {
        for (name, value, peer) in crate::eval_events::run(shared)? {
            figures.push(Figure { name, value, peer: Box::leak(peer.into_boxed_str()) });
        }
    }
    if wanted("stories") {
        for (name, value, peer) in crate::eval_stories::run(shared)? {
            figures.push(Figure { name, value, peer: Box::leak(peer.into_boxed_str()) });
        }
    }
    if wanted("seeds") {
        let (passed, total, problems) = seeds(shared)?;
        for p in &problems {
            eprintln!("seeds: {p}");
        }
        figures.push(Figure {
            name: "seeds.checks_passed".into(),
            value: passed as f64 / total.max(1) as f64,
            peer: "",
        });
        if !problems.is_empty() {
            failures.push(format!("{} of {total} seed checks failed", problems.len()));
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    println!("\n{:<32} {:>8} {:>8}  peer (measured with the same scorer)", "figure", "value", "floor");
    let (mut checked, mut below) = (0, 0);
    for f in &figures {
        let floor = floors.get(&f.name).copied();
        let status = match floor {
            Some(fl) if f.value + 1e-9 < fl => {
                failures.push(format!("{} = {:.3} is below its floor {:.3}", f.name, f.value, fl));
                "  BELOW FLOOR"
            }
            _ => "",
        };
        checked += floor.is_some() as usize;
        below += !status.is_empty() as usize;
        let floor = floor.map(|v| format!("{v:.3}")).unwrap_or_else(|| "-".into());
        println!("{:<32} {:>8.3} {:>8}  {}{}", f.name, f.value, floor, f.peer, status);
    }
    println!("\neval: {} passed, {} failed", checked - below, below);
    if !failures.is_empty() {
        bail!("{}", failures.join("; "));
    }
    Ok(())
}

fn python() -> String {
    std::env::var("HERALD_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

/// Runs a scorer from the shared folder and returns its `--json` output.
fn score(script: &Path, pred: &Path, truth: &Path, out: &Path) -> Result<serde_json::Value> {
    let status = Command::new(python())
        .arg(script)
        .arg(pred)
        .arg("--truth")
        .arg(truth)
        .args(["--n-bootstrap", "200", "--json"])
        .arg(out)
        .status()
        .with_context(|| format!("running {} (is python3 installed?)", script.display()))?;
    if !status.success() {
        bail!("{} failed with {status}", script.display());
    }
    let text = std::fs::read_to_string(out)?;
    Ok(serde_json::from_str(&text)?)
}

fn truth_urls(truth: &Path) -> Result<BTreeMap<String, String>> {
    let mut urls = BTreeMap::new();
    for line in std::fs::read_to_string(truth)?.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        if let (Some(id), Some(url)) = (v["id"].as_str(), v["url"].as_str()) {
            urls.insert(id.to_string(), url.to_string());
        }
    }
    Ok(urls)
}

/// Extracts every page of `dir` (in parallel) into a prediction file.
fn predict(dir: &Path, urls: &BTreeMap<String, String>, pred: &Path) -> Result<usize> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    pages.sort();
    let lines: Vec<String> = pages
        .par_iter()
        .map(|p| {
            let id = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let bytes = std::fs::read(p).unwrap_or_default();
            extract_line(&id, &bytes, urls.get(&id).map(String::as_str)).to_string()
        })
        .collect();
    let mut f = std::io::BufWriter::new(std::fs::File::create(pred)?);
    for l in &lines {
        writeln!(f, "{l}")?;
    }
    f.flush()?;
    Ok(lines.len())
}

fn extraction(shared: &Path, work: &Path) -> Result<Vec<Figure>> {
    let base = shared.join("eval/extraction");
    let truth = base.join("zyte/ground_truth.jsonl");
    let pred = work.join("herald.jsonl");
    let n = predict(&base.join("zyte/html"), &truth_urls(&truth)?, &pred)?;
    println!("extraction: {n} pages of {}", base.join("zyte").display());
    let m = score(&base.join("score.py"), &pred, &truth, &work.join("zyte.json"))?;
    let m = &m["herald"];
    let get = |k: &str| m[k].as_f64().ok_or_else(|| anyhow!("scorer output has no {k}"));
    Ok(vec![
        Figure {
            name: "extraction.f1".into(),
            value: get("f1")?,
            peer: "trafilatura 2.x 0.958 (scripts/peer_extract.py); issue: trafilatura 0.960, readability-lxml 0.955",
        },
        Figure { name: "extraction.precision".into(), value: get("precision")?, peer: "" },
        Figure { name: "extraction.recall".into(), value: get("recall")?, peer: "" },
    ])
}

fn dates(shared: &Path, work: &Path) -> Result<Vec<Figure>> {
    let base = shared.join("eval/extraction");
    let truth = base.join("dates/ground_truth.jsonl");
    let pred = work.join("herald.jsonl");
    let n = predict(&base.join("dates/html"), &truth_urls(&truth)?, &pred)?;
    println!("dates: {n} pages of {}", base.join("dates").display());
    let m = score(&base.join("score.py"), &pred, &truth, &work.join("dates.json"))?;
    let acc = m["herald"]["metadata"]["date"]["accuracy"].as_f64().ok_or_else(|| anyhow!("no date accuracy"))?;
    Ok(vec![Figure {
        name: "dates.accuracy".into(),
        value: acc,
        peer: "trafilatura 2.x 0.915 (scripts/peer_extract.py); issue: htmldate 0.908",
    }])
}

fn read_jsonl(path: &Path) -> Result<Vec<serde_json::Value>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| Ok(serde_json::from_str(l)?)).collect()
}

/// Sentence splitting on the golden rules and on real news splits, tokenization on GUM dev.
fn sentences(shared: &Path) -> Result<Vec<Figure>> {
    use herald_text::scoring::{align, golden_case, golden_case_spacing_aside, sentence_ends, Prf};
    let cases = read_jsonl(&shared.join("eval/sentences/golden_rules.jsonl"))?;
    let (mut pass48, mut n48, mut pass, mut spaced, mut n) = (0usize, 0usize, 0usize, 0usize, 0usize);
    for case in &cases {
        let text = case["text"].as_str().unwrap_or_default();
        let expected: Vec<&str> =
            case["expected"].as_array().map(|a| a.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default();
        let ok = golden_case(text, &expected) as usize;
        n += 1;
        pass += ok;
        spaced += golden_case_spacing_aside(text, &expected) as usize;
        if case["set"] == "pysbd_golden_en_48" {
            n48 += 1;
            pass48 += ok;
        }
    }
    println!(
        "sentences: {pass48}/{n48} pySBD golden rules, {pass}/{n} of all golden rules exactly, {spaced}/{n} with whitespace runs read as one space"
    );
    let mut figures = vec![
        Figure {
            name: "sentences.pysbd_48".into(),
            value: pass48 as f64 / n48.max(1) as f64,
            peer: "pySBD 0.979, sentencex 0.896, punkt 0.562 (as given)",
        },
        Figure { name: "sentences.golden_277".into(), value: pass as f64 / n.max(1) as f64, peer: "" },
        Figure { name: "sentences.golden_277_spacing_aside".into(), value: spaced as f64 / n.max(1) as f64, peer: "" },
    ];
    for (name, file, peer) in [
        ("sentences.gum_news_f1", "gum_news.jsonl", "punkt 0.974, spaCy 0.972, pySBD 0.949 (as given)"),
        ("sentences.meantime_news_f1", "meantime_news.jsonl", ""),
    ] {
        let mut prf = Prf::default();
        for doc in read_jsonl(&shared.join("eval/language").join(file))? {
            let text = doc["text"].as_str().unwrap_or_default();
            let gold: Vec<(usize, usize)> = doc["sentences"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|s| (s["start"].as_u64().unwrap_or(0) as usize, s["end"].as_u64().unwrap_or(0) as usize))
                        .collect()
                })
                .unwrap_or_default();
            let (g, p) = sentence_ends(text, &gold);
            prf.add(&g, &p);
        }
        figures.push(Figure { name: name.into(), value: prf.f1().2 / 100.0, peer });
    }
    let mut prf = Prf::default();
    for sent in herald_syntax::conllu::read_dir(&shared.join("data/gum/dev"))? {
        let Some(text) = sent.text() else { continue };
        let forms: Vec<String> = sent.words.iter().map(|w| w.form.clone()).collect();
        let Some(gold) = align(text, &forms) else { continue };
        let gold: std::collections::HashSet<(usize, usize)> = gold.into_iter().collect();
        let pred: std::collections::HashSet<(usize, usize)> =
            herald_text::tokenize(text, herald_text::Span::new(0, text.len()))
                .iter()
                .map(|t| (t.start, t.end))
                .collect();
        let tp = gold.intersection(&pred).count();
        prf.tp += tp;
        prf.fp += pred.len() - tp;
        prf.fn_ += gold.len() - tp;
    }
    figures.push(Figure { name: "tokens.gum_dev_f1".into(), value: prf.f1().2 / 100.0, peer: "" });
    Ok(figures)
}

/// Tagging and parsing on GUM dev with gold tokens (`--pretokenized`), and spaCy's tagging on the
/// same words in the same run when the peer is installed. GUM's public Reddit documents have their
/// words replaced by underscores; the headline figures leave those sentences out (for both
/// systems) and the figures with them are printed too.
fn syntax(shared: &Path) -> Result<Vec<Figure>> {
    use herald_syntax::{
        parser::{attachment_scores, Beam},
        reading::Models,
        tagger,
    };
    let t = std::time::Instant::now();
    let mut models = Models::embedded()?;
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    let dev_dir = shared.join("data/gum/dev");
    let all = herald_syntax::conllu::read_dir(&dev_dir)?;
    let dev: Vec<_> = all.iter().filter(|s| !tagger::is_redacted(s)).cloned().collect();
    let tags = tagger::evaluate(&models.tagger, &models.lemmatizer, &dev);
    let tags_all = tagger::evaluate(&models.tagger, &models.lemmatizer, &all);
    let parse_all = |models: &Models| -> Vec<Vec<(usize, String)>> {
        dev.iter()
            .map(|s| {
                let mut copy = s.clone();
                models.annotate(&mut copy);
                copy.words.iter().map(|w| (w.head, w.deprel.clone())).collect()
            })
            .collect()
    };
    let att = attachment_scores(&dev, &parse_all(&models));
    models.parser.set_beam(Some(Beam::default()));
    let beam = attachment_scores(&dev, &parse_all(&models));
    println!(
        "syntax: GUM dev, {} words without the redacted Reddit sentences ({} with them); models loaded in {load_ms:.1} ms",
        tags.words, tags_all.words
    );
    println!(
        "  with redacted sentences: UPOS {:.3}, XPOS {:.3}, lemma {:.3}",
        tags_all.upos, tags_all.xpos, tags_all.lemma
    );
    println!(
        "  four decimals: UPOS {:.4}, XPOS {:.4}, lemma {:.4}, UAS {:.4}, LAS {:.4} (targets: UPOS 0.96, UAS 0.86, LAS 0.82)",
        tags.upos, tags.xpos, tags.lemma, att.uas, att.las
    );
    println!("  with --beam (herald read --beam): UAS {:.4}, LAS {:.4}", beam.uas, beam.las);
    let spacy = spacy_upos(&dev_dir);
    let mut figures = vec![
        Figure { name: "syntax.upos".into(), value: tags.upos, peer: "" },
        Figure { name: "syntax.xpos".into(), value: tags.xpos, peer: "" },
        Figure { name: "syntax.lemma".into(), value: tags.lemma, peer: "" },
        Figure {
            name: "syntax.uas".into(),
            value: att.uas,
            peer: "UDPipe 1.2 trained on the same GUM train, same words: 0.823 (scripts/peer_udpipe.py)",
        },
        Figure { name: "syntax.las".into(), value: att.las, peer: "UDPipe 1.2, the same: 0.785" },
        Figure { name: "syntax.uas_beam".into(), value: beam.uas, peer: "" },
        Figure { name: "syntax.las_beam".into(), value: beam.las, peer: "" },
    ];
    if let Some(upos) = spacy {
        println!("  spaCy en_core_web_sm UPOS on the same words, this run: {upos:.3}");
        figures[0].peer = "spaCy en_core_web_sm: see the line above (same words, same run)";
    }
    Ok(figures)
}

/// spaCy's UPOS accuracy on the same sentences, or `None` when the peer is not installed.
fn spacy_upos(dev_dir: &Path) -> Option<f64> {
    let python = crate::bench::peer_python(None);
    if !python.exists() {
        eprintln!("spaCy not measured: run scripts/peers.sh to install it");
        return None;
    }
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/peer_spacy.py");
    let out = Command::new(&python).arg(script).arg("tag").arg(dev_dir).arg("--skip-redacted").output().ok()?;
    if !out.status.success() {
        eprintln!("spaCy not measured: {}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    v["upos"].as_f64()
}

/// The seeds end to end: ingested as the issue describes, each paragraph must get the kind that a
/// reader gives it, and the publication dates must come from the stated evidence.
fn seeds(shared: &Path) -> Result<(usize, usize, Vec<String>)> {
    let dir = shared.join("seeds");
    let mut store = SqliteStore::in_memory()?;
    let entities = Entities::default();
    let runs: [(&str, Option<NaiveDate>); 3] = [
        ("000_", None),
        ("002_", NaiveDate::from_ymd_opt(2015, 5, 11)),
        ("004_", NaiveDate::from_ymd_opt(2015, 5, 12)),
    ];
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    let mut checks = 0;
    let mut problems = Vec::new();
    let mut stored = Vec::new();
    let started = std::time::Instant::now();
    for (prefix, date) in runs {
        let file = files
            .iter()
            .find(|f| f.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
            .ok_or_else(|| anyhow!("seed {prefix}* missing in {}", dir.display()))?;
        let path = file.to_string_lossy().into_owned();
        ingest_into(&mut store, std::slice::from_ref(&path), &Options { source: None, date, batch: 16 }, &entities)?;
        let text = std::fs::read_to_string(file)?;
        // A whole-file input's document id is the hash of its bytes.
        let id = herald_model::DocId::of_bytes(text.as_bytes());
        let doc = store.document(&id.0)?.ok_or_else(|| anyhow!("seed {path} was not stored"))?;
        let (c, p) = check_seed(prefix, &text, &doc);
        checks += c;
        problems.extend(p);
        stored.push((prefix, doc));
    }
    println!("seeds: ingested (extraction, entities, linking) in {:.2}s", started.elapsed().as_secs_f64());
    let (c, p) = check_seed_entities(&store, &stored)?;
    checks += c;
    problems.extend(p);
    println!("seeds: {} checks, {} failed", checks, problems.len());
    Ok((checks - problems.len(), checks, problems))
}

/// The kind the issue assigns to each line of the seeds.
fn expected_kinds(prefix: &str, text: &str) -> Vec<(ParagraphKind, String)> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut appeal = false;
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            appeal |= prefix == "002_" && l.starts_with("You\u{2019}ve read") || l.starts_with("You've read");
            let kind = if i == 0 {
                ParagraphKind::Headline
            } else if appeal {
                ParagraphKind::SubscriptionAppeal
            } else if prefix == "000_" && l.starts_with("RELATED:") {
                ParagraphKind::RelatedLink
            } else if prefix == "002_" && *l == "Andrew Harnik/AP" {
                ParagraphKind::Credit
            } else if prefix == "002_" && l.starts_with("Secretary of State John Kerry speaks May 6") {
                ParagraphKind::Caption
            } else {
                ParagraphKind::Body
            };
            (kind, l.to_string())
        })
        .collect()
}

fn check_seed(prefix: &str, text: &str, doc: &Document) -> (usize, Vec<String>) {
    let expected = expected_kinds(prefix, text);
    let mut checks = 1;
    let mut problems = Vec::new();
    if doc.paragraphs.len() != expected.len() {
        problems.push(format!(
            "{prefix}: {} paragraphs stored, {} lines in the seed",
            doc.paragraphs.len(),
            expected.len()
        ));
    }
    for (p, (kind, line)) in doc.paragraphs.iter().zip(&expected) {
        checks += 1;
        let got = doc.paragraph_text(p);
        let same_text = herald_extract::body::collapse_ws(line) == got;
        if p.kind != *kind || !same_text {
            problems.push(format!(
                "{prefix}: `{}` is {} (expected {})",
                truncate(line),
                p.kind.as_str(),
                kind.as_str()
            ));
        }
    }
    checks += 1;
    let want = match prefix {
        "000_" => ("2013-05-06", DctSource::Dateline),
        "002_" => ("2015-05-11", DctSource::CommandLine),
        _ => ("2015-05-12", DctSource::CommandLine),
    };
    match &doc.dct {
        Some(d) if d.date() == want.0 && d.source == want.1 => {}
        other => problems.push(format!("{prefix}: date {other:?}, expected {} from {}", want.0, want.1.as_str())),
    }
    (checks, problems)
}

fn truncate(s: &str) -> String {
    s.chars().take(60).collect()
}

/// Whether `form` occurs in `text` as whole words ("IS" is not in "ISIS"; "Assad" is in
/// "Bashar al-Assad").
fn has_words(text: &str, form: &str) -> bool {
    text.match_indices(form).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + form.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The seeds' entities, read back from the store they were ingested into: names the issue says
/// are one entity are one, actor codes are the ones right on each article's date, Sochi is the
/// Russian city, and no mention sits in page furniture. Returns the number of checks and the
/// failures; prints every check.
fn check_seed_entities(store: &SqliteStore, docs: &[(&str, Document)]) -> Result<(usize, Vec<String>)> {
    use std::collections::{BTreeMap, BTreeSet};
    // Every stored mention of the seeds, with its document.
    let mut mentions = Vec::new();
    for (prefix, doc) in docs {
        for m in store.mentions(&doc.id)? {
            mentions.push((*prefix, doc, m));
        }
    }
    // The stored entities whose mentions name `form` (in the bare name when the mention has one:
    // "Vladimir Putin's Russia" names Russia).
    let entities_of = |form: &str| -> BTreeSet<String> {
        mentions
            .iter()
            .filter(|(_, d, m)| {
                let name = m.name_span.and_then(|(s, e)| d.text.get(s..e)).unwrap_or(&m.text);
                has_words(name, form)
            })
            .map(|(_, _, m)| m.entity.clone())
            .collect()
    };
    let mut results: Vec<(String, Result<String, String>)> = Vec::new();

    // Names that must be one entity: every form is mentioned, all mentions go to one entity, and
    // a look-up of each form in the store finds that entity.
    for forms in [
        &["Sergei Lavrov", "Sergey Lavrov"][..],
        &["IS", "ISIS", "Islamic State"],
        &["Assad", "Bashar Assad", "Bashar al-Assad"],
    ] {
        let name = format!("{} are one entity", forms.join(" / "));
        let mut union = BTreeSet::new();
        let mut missing = Vec::new();
        for f in forms {
            let ids = entities_of(f);
            if ids.is_empty() {
                missing.push(*f);
            }
            union.extend(ids);
        }
        let outcome = if !missing.is_empty() {
            Err(format!("no stored mention of {}", missing.join(", ")))
        } else if union.len() != 1 {
            Err(format!(
                "mentions go to {} entities: {}",
                union.len(),
                union.iter().cloned().collect::<Vec<_>>().join(", ")
            ))
        } else {
            let id = union.iter().next().cloned().unwrap_or_default();
            let mut wrong = Vec::new();
            for f in forms {
                let found: Vec<String> = store.find_entities(f)?.into_iter().map(|e| e.id).collect();
                if !found.contains(&id) {
                    wrong.push(format!("`herald entity {f}` finds {found:?}"));
                }
            }
            if wrong.is_empty() {
                Ok(id)
            } else {
                Err(wrong.join("; "))
            }
        };
        results.push((name, outcome));
    }

    // Actor codes per article, from the store's record of each entity.
    let seed_day: BTreeMap<String, &str> = docs.iter().map(|(p, d)| (d.id.0.clone(), *p)).collect();
    for (form, code, prefixes) in [
        ("Kerry", "USAGOV", &["000_", "002_", "004_"][..]),
        ("Putin", "RUSGOV", &["000_", "002_", "004_"]),
        ("Lavrov", "RUSGOV", &["000_", "002_", "004_"]),
        ("Judeh", "JORGOV", &["000_"]),
        ("Livni", "ISRGOV", &["000_"]),
    ] {
        let name = format!("{form} is {code} in {}", prefixes.join(", "));
        let ids = entities_of(form);
        let outcome = match ids.len() {
            0 => Err(format!("no stored mention of {form}")),
            1 => {
                let id = ids.iter().next().cloned().unwrap_or_default();
                let record = store.entity(&id, 0)?.map(|d| d.record);
                let mut wrong = Vec::new();
                for p in prefixes {
                    let article = record
                        .as_ref()
                        .and_then(|r| r.articles.iter().find(|a| seed_day.get(&a.doc.0).is_some_and(|sp| sp == p)));
                    match article {
                        None => wrong.push(format!("{p}: {id} not stored as mentioned")),
                        Some(a) if a.code.as_deref() != Some(code) => {
                            wrong.push(format!("{p}: {id} coded {:?} on {:?}", a.code, a.day))
                        }
                        Some(_) => {}
                    }
                }
                if wrong.is_empty() {
                    Ok(id)
                } else {
                    Err(wrong.join("; "))
                }
            }
            _ => Err(format!("mentions go to {} entities: {:?}", ids.len(), ids)),
        };
        results.push((name, outcome));
    }

    // Sochi is the Russian city.
    let ids = entities_of("Sochi");
    let outcome = match ids.iter().next() {
        Some(id) if ids.len() == 1 => {
            let place = store.entity(id, 1)?.and_then(|d| d.record.place);
            match place {
                Some(p)
                    if p.country == "RUS"
                        && p.lat.is_some_and(|lat| (lat - 43.60).abs() < 0.05)
                        && p.lon.is_some_and(|lon| (lon - 39.73).abs() < 0.05) =>
                {
                    Ok(format!("{id} at {:.3}, {:.3}", p.lat.unwrap_or_default(), p.lon.unwrap_or_default()))
                }
                other => Err(format!("{id} has place {other:?}")),
            }
        }
        _ => Err(format!("Sochi mentions go to {ids:?}")),
    };
    results.push(("Sochi is the Russian city at 43.60, 39.73".to_string(), outcome));

    // No mention in captions, credits, RELATED lines or appeals.
    for (prefix, doc) in docs {
        let furniture: Vec<_> = doc.paragraphs.iter().filter(|p| !herald_entities::holds_mentions(p.kind)).collect();
        let inside: Vec<String> = mentions
            .iter()
            .filter(|(_, d, m)| d.id == doc.id && furniture.iter().any(|p| m.start < p.end && m.end > p.start))
            .map(|(_, _, m)| format!("`{}`", m.text))
            .collect();
        let n = mentions.iter().filter(|(_, d, _)| d.id == doc.id).count();
        let outcome = if inside.is_empty() {
            Ok(format!("{n} mentions, {} furniture paragraphs", furniture.len()))
        } else {
            Err(format!("mentions in page furniture: {}", inside.join(", ")))
        };
        results.push((format!("{prefix}: no mention in captions, credits, RELATED lines or appeals"), outcome));
    }

    let mut problems = Vec::new();
    for (name, outcome) in &results {
        match outcome {
            Ok(detail) => println!("seeds: entities: pass  {name} ({detail})"),
            Err(why) => {
                println!("seeds: entities: FAIL  {name}: {why}");
                problems.push(format!("entities: {name}: {why}"));
            }
        }
    }
    Ok((results.len(), problems))
}
