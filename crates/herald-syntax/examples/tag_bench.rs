//! Tagging speed: `cargo run --release -p herald-syntax --example tag_bench -- [models dir] [gum dir]`.

use herald_syntax::conllu;
use herald_syntax::lemma::Lemmatizer;
use herald_syntax::tagger::{evaluate, Tagger};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let models = PathBuf::from(args.next().unwrap_or_else(|| "data/models".into()));
    let gum = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data/gum".into()));
    let t0 = Instant::now();
    let tagger = match Tagger::load(&models.join("tagger.hmod")) {
        Ok(t) => t,
        Err(e) => return eprintln!("{e}"),
    };
    let t_load = t0.elapsed();
    let t1 = Instant::now();
    let lemmatizer = match Lemmatizer::load(&models.join("lemma.hmod")) {
        Ok(l) => l,
        Err(e) => return eprintln!("{e}"),
    };
    let l_load = t1.elapsed();
    println!("load: tagger {:.2} ms, lemmatizer {:.2} ms", t_load.as_secs_f64() * 1e3, l_load.as_secs_f64() * 1e3);
    let dev = match conllu::read_dir(&gum.join("dev")) {
        Ok(d) => d,
        Err(e) => return eprintln!("{e}"),
    };
    let sents: Vec<Vec<&str>> = dev.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()).collect();
    let words: usize = sents.iter().map(Vec::len).sum();
    let rounds = 10;
    let t2 = Instant::now();
    let mut n = 0usize;
    for _ in 0..rounds {
        for s in &sents {
            n += tagger.tag(s).len();
        }
    }
    let dt = t2.elapsed().as_secs_f64();
    println!("tagging: {} words in {:.3} s = {:.0} words/s", n, dt, n as f64 / dt);
    let t3 = Instant::now();
    let mut m = 0usize;
    for s in &sents {
        let tags = tagger.tag(s);
        for (w, t) in s.iter().zip(&tags) {
            m += lemmatizer.lemma(w, t.upos, t.xpos).len();
        }
    }
    let dt = t3.elapsed().as_secs_f64();
    println!("tagging + lemmas: {:.0} words/s ({m} lemma bytes)", words as f64 / dt);
    let clean: Vec<conllu::Sentence> = dev.iter().filter(|s| !herald_syntax::tagger::is_redacted(s)).cloned().collect();
    let s = evaluate(&tagger, &lemmatizer, &clean);
    println!(
        "dev: UPOS {:.2}%  XPOS {:.2}%  lemma {:.2}%  ({} words)",
        100.0 * s.upos,
        100.0 * s.xpos,
        100.0 * s.lemma,
        s.words
    );
}
