//! Times each stage of the reading layer (tagging, lemmas, parsing) on GUM dev, one thread:
//! `cargo run --release -p herald-syntax --example stages -- ../shared/data/gum data/models`.
//! Each stage runs for several rounds; the fastest round is reported (robust to other load).

use herald_syntax::conllu;
use herald_syntax::reading::Models;
use std::path::PathBuf;
use std::time::Instant;

/// Seconds this thread has run on a CPU (from `/proc/thread-self/schedstat`, so time spent
/// waiting for a core that other processes hold is not counted); wall time elsewhere.
fn cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(s.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
}

fn best<F: FnMut() -> usize>(rounds: usize, mut f: F) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let (t, c) = (Instant::now(), cpu_secs());
        std::hint::black_box(f());
        let secs = match (c, cpu_secs()) {
            (Some(a), Some(b)) => b - a,
            _ => t.elapsed().as_secs_f64(),
        };
        best = best.min(secs);
    }
    best
}

fn main() {
    let mut args = std::env::args().skip(1);
    let gum = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data/gum".into()));
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "data/models".into()));
    let t = Instant::now();
    let models = Models::load_dir(&dir).expect("models");
    println!("load {:.1} ms; {:?}", t.elapsed().as_secs_f64() * 1e3, models.parser);
    let dev = conllu::read_dir(&gum.join("dev")).expect("dev");
    let forms: Vec<Vec<&str>> = dev.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()).collect();
    let n: usize = forms.iter().map(Vec::len).sum();
    let tags: Vec<_> = forms.iter().map(|f| models.tagger.tag(f)).collect();
    let upos: Vec<Vec<&str>> = tags.iter().map(|t| t.iter().map(|t| t.upos).collect()).collect();
    let xpos: Vec<Vec<&str>> = tags.iter().map(|t| t.iter().map(|t| t.xpos).collect()).collect();
    let rounds = 7;
    let tag = best(rounds, || forms.iter().map(|f| models.tagger.tag(f).len()).sum());
    let lem = best(rounds, || {
        forms
            .iter()
            .zip(&tags)
            .map(|(f, t)| f.iter().zip(t).map(|(w, t)| models.lemmatizer.lemma(w, t.upos, t.xpos).len()).sum::<usize>())
            .sum()
    });
    let parse = best(rounds, || {
        forms.iter().zip(&upos).zip(&xpos).map(|((f, u), x)| models.parser.parse_ids(f, u, x).len()).sum()
    });
    let texts: Vec<String> = forms.iter().map(|f| f.join(" ")).collect();
    let read = best(rounds, || texts.iter().map(|t| models.read(t).len()).sum());
    let us = |s: f64| s * 1e6 / n as f64;
    println!(
        "{n} words: tag {:.2} us/word, lemma {:.2}, parse {:.2}, whole read {:.2} ({:.0} words/s)",
        us(tag),
        us(lem),
        us(parse),
        us(read),
        n as f64 / read
    );
}
