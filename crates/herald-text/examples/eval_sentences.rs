//! Evaluates sentence splitting and tokenization against public gold standards.
//!
//! ```text
//! cargo run --release -p herald-text --example eval_sentences -- [EVAL_ROOT] [--failures]
//! ```
//!
//! `EVAL_ROOT` defaults to `/work/shared` and must hold `eval/sentences/golden_rules.jsonl`,
//! `eval/language/{gum_news,meantime_news}.jsonl` and `data/gum/dev/*.conllu`.
//!
//! * Golden rules: a case passes when the trimmed sentence texts equal `expected` exactly.
//! * GUM / MEANTIME news: the gold offsets are Python string indices (code points); they are
//!   converted to byte offsets. A boundary is a sentence *end* offset (after trimming trailing
//!   whitespace); precision, recall and F1 over the set of ends per document. "All" counts every
//!   end (line ends are easy: every newline is a boundary); "in-line" counts only ends that are
//!   not followed by a line break or the end of the text, i.e. the hard ones.
//! * GUM tokenization: each dev sentence's `# text` is tokenized as one span and compared with
//!   the gold word forms (multi-word token range lines and empty nodes skipped), by character
//!   spans.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use herald_text::scoring::{align, cp_to_byte, is_line_end, trim_end_at, Prf};
use herald_text::sentences::{split_sentences, Span};
use herald_text::tokens::{tokenize, tokenize_into, Token};
use serde_json::Value;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show = args.iter().any(|a| a == "--failures");
    let root = args.iter().find(|a| !a.starts_with("--")).map_or_else(|| PathBuf::from("/work/shared"), PathBuf::from);

    let mut corpus = String::new();
    golden(&root.join("eval/sentences/golden_rules.jsonl"), show, &mut corpus);
    for name in ["gum_news", "meantime_news"] {
        news(&root.join(format!("eval/language/{name}.jsonl")), name, show, &mut corpus);
    }
    gum_tokens(&root.join("data/gum/dev"), show, &mut corpus);
    throughput(&corpus);
}

fn read_jsonl(path: &Path) -> Vec<Value> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("valid JSON line")).collect()
}

fn golden(path: &Path, show: bool, corpus: &mut String) {
    let cases = read_jsonl(path);
    let (mut pass48, mut n48, mut pass, mut n) = (0, 0, 0, 0);
    let (mut rep_pass, mut rep_n) = (0, 0);
    for case in &cases {
        let text = case["text"].as_str().unwrap_or_default();
        let expected: Vec<&str> = case["expected"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).map(str::trim).collect())
            .unwrap_or_default();
        let got: Vec<&str> = split_sentences(text).iter().map(|s| s.text(text).trim()).collect();
        let ok = got == expected;
        let set = case["set"].as_str().unwrap_or_default();
        // Cases whose expected sentences are not substrings of the input (the reference
        // rewrites text: strips HTML, joins lines, squeezes spaces) cannot be met by spans.
        if expected.iter().all(|e| text.contains(e)) {
            rep_n += 1;
            rep_pass += usize::from(ok);
        }
        n += 1;
        pass += usize::from(ok);
        if set == "pysbd_golden_en_48" {
            n48 += 1;
            pass48 += usize::from(ok);
        }
        if !ok && show {
            println!("FAIL {}: {:?}", case["id"], text);
            println!("  expected {expected:?}");
            println!("  got      {got:?}");
        }
        corpus.push_str(text);
        corpus.push('\n');
    }
    println!(
        "golden rules: pysbd_golden_en_48 {pass48}/{n48} = {:.1} %; all {pass}/{n} = {:.1} %; \
         cases expressible as spans of the input {rep_pass}/{rep_n} = {:.1} %",
        pct(pass48, n48),
        pct(pass, n),
        pct(rep_pass, rep_n)
    );
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn news(path: &Path, name: &str, show: bool, corpus: &mut String) {
    let docs = read_jsonl(path);
    let mut all = Prf::default();
    let mut inline = Prf::default();
    for d in &docs {
        let text = d["text"].as_str().unwrap_or_default();
        let map = cp_to_byte(text);
        let gold: HashSet<usize> = d["sentences"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|s| {
                        let st = map[s["start"].as_u64().unwrap_or(0) as usize];
                        let en = map[s["end"].as_u64().unwrap_or(0) as usize];
                        trim_end_at(text, en, st)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let pred: HashSet<usize> = split_sentences(text).iter().map(|s| s.end).collect();
        all.add(&gold, &pred);
        let g2: HashSet<usize> = gold.iter().copied().filter(|&e| !is_line_end(text, e)).collect();
        let p2: HashSet<usize> = pred.iter().copied().filter(|&e| !is_line_end(text, e)).collect();
        inline.add(&g2, &p2);
        if show {
            for &e in g2.difference(&p2) {
                println!("{name} MISSED  {}", context(text, e));
            }
            for &e in p2.difference(&g2) {
                println!("{name} SPURIOUS {}", context(text, e));
            }
        }
        corpus.push_str(text);
        corpus.push('\n');
    }
    let (p, r, f) = all.f1();
    let (ip, ir, iff) = inline.f1();
    println!(
        "{name}: boundary (sentence ends) P {p:.2} R {r:.2} F1 {f:.2}; in-line only P {ip:.2} R {ir:.2} F1 {iff:.2} ({} docs)",
        docs.len()
    );
}

fn context(text: &str, at: usize) -> String {
    let mut a = at.saturating_sub(50);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (at + 40).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!("{:?} || {:?}", &text[a..at], &text[at..b])
}

fn gum_tokens(dir: &Path, show: bool, corpus: &mut String) {
    let mut files: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "conllu"))
            .collect(),
        Err(e) => {
            println!("GUM tokens: {}: {e}", dir.display());
            return;
        }
    };
    files.sort();
    let (mut sents, mut exact, mut unaligned) = (0, 0, 0);
    let mut prf = Prf::default();
    let mut shown = 0;
    for f in files {
        let content = fs::read_to_string(&f).expect("readable conllu");
        let mut text: Option<String> = None;
        let mut forms: Vec<String> = Vec::new();
        for line in content.lines().chain(std::iter::once("")) {
            if let Some(t) = line.strip_prefix("# text = ") {
                text = Some(t.to_string());
                forms.clear();
            } else if line.is_empty() {
                if let Some(t) = text.take() {
                    let Some(gold) = align(&t, &forms) else {
                        unaligned += 1;
                        continue;
                    };
                    sents += 1;
                    let pred = tokenize(&t, Span::new(0, t.len()));
                    let g: HashSet<(usize, usize)> = gold.iter().copied().collect();
                    let p: HashSet<(usize, usize)> = pred.iter().map(|k| (k.start, k.end)).collect();
                    if g == p {
                        exact += 1;
                    } else if show && shown < 300 {
                        shown += 1;
                        let gt: Vec<&str> = gold.iter().map(|&(a, b)| &t[a..b]).collect();
                        let pt: Vec<&str> = pred.iter().map(|k| k.text(&t)).collect();
                        let gd: Vec<&str> = gt.iter().copied().filter(|x| !pt.contains(x)).collect();
                        let pd: Vec<&str> = pt.iter().copied().filter(|x| !gt.contains(x)).collect();
                        println!("TOK gold-only {gd:?} pred-only {pd:?} in {t:?}");
                    }
                    let tp = g.intersection(&p).count();
                    prf.tp += tp;
                    prf.fp += p.len() - tp;
                    prf.fn_ += g.len() - tp;
                    corpus.push_str(&t);
                    corpus.push('\n');
                }
                forms.clear();
            } else if !line.starts_with('#') {
                let mut cols = line.split('\t');
                let id = cols.next().unwrap_or_default();
                let form = cols.next().unwrap_or_default();
                if id.bytes().all(|b| b.is_ascii_digit()) {
                    forms.push(form.to_string());
                }
            }
        }
    }
    let (p, r, f) = prf.f1();
    println!(
        "GUM dev tokenization: {exact}/{sents} sentences exact = {:.1} %; token P {p:.2} R {r:.2} F1 {f:.2} ({unaligned} sentences not alignable, skipped)",
        pct(exact, sents)
    );
}

fn throughput(corpus: &str) {
    // Repeat the evaluation texts to about 16 MB.
    let reps = (16_000_000 / corpus.len().max(1)).max(1);
    let big = corpus.repeat(reps);
    let words = big.split_whitespace().count();
    let start = Instant::now();
    let mut n_sent = 0;
    let mut tokens: Vec<Token> = Vec::new();
    for s in split_sentences(&big) {
        n_sent += 1;
        tokenize_into(&big, s, &mut tokens);
    }
    let secs = start.elapsed().as_secs_f64();
    let t = Instant::now();
    let only_split = split_sentences(&big).len();
    let split_secs = t.elapsed().as_secs_f64();
    println!(
        "throughput (split + tokenize, one core): {:.1} MB/s, {:.2} M words/s, {:.2} M tokens/s ({} sentences, {} tokens, {:.1} MB); split alone {:.1} MB/s ({only_split} sentences)",
        big.len() as f64 / secs / 1e6,
        words as f64 / secs / 1e6,
        tokens.len() as f64 / secs / 1e6,
        n_sent,
        tokens.len(),
        big.len() as f64 / 1e6,
        big.len() as f64 / split_secs / 1e6,
    );
}
