//! Trains the dependency parser on GUM and writes `parser.hmod`.
//!
//! `herald-train-parser --gum ../shared/data/gum --out data/models [--epochs N] [--seed S]
//! [--noise R] [--prune P] [--prune-labels P]`

use herald_syntax::conllu;
use herald_syntax::parser::{attachment_scores, noisy_tag_scores, Parser, ParserTrainOptions};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("herald-train-parser: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut gum = PathBuf::from("../shared/data/gum");
    let mut out = PathBuf::from("data/models");
    let mut opts = ParserTrainOptions::default();
    let mut sweep = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--gum" => gum = PathBuf::from(val()?),
            "--out" => out = PathBuf::from(val()?),
            "--epochs" => opts.epochs = val()?.parse().map_err(|e| format!("--epochs: {e}"))?,
            "--seed" => opts.seed = val()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--noise" => opts.tag_noise = val()?.parse().map_err(|e| format!("--noise: {e}"))?,
            "--prune" => opts.prune = val()?.parse().map_err(|e| format!("--prune: {e}"))?,
            "--prune-labels" => opts.prune_labels = val()?.parse().map_err(|e| format!("--prune-labels: {e}"))?,
            "--explore-from" => opts.explore_from = val()?.parse().map_err(|e| format!("--explore-from: {e}"))?,
            "--sweep" => sweep = true,
            "--bench" => {
                // Speed of an existing model only.
                let model = PathBuf::from(val()?);
                let dev = conllu::read_dir(&gum.join("dev")).map_err(|e| e.to_string())?;
                let t = Instant::now();
                let parser = Parser::load(&model).map_err(|e| e.to_string())?;
                eprintln!("load {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
                eprintln!("{:.0} words/s", speed(&parser, &dev, 3.0));
                return Ok(());
            }
            "-h" | "--help" => {
                println!("herald-train-parser --gum DIR --out DIR [--epochs N] [--seed S] [--noise R] [--prune P]");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let train = conllu::read_dir(&gum.join("train")).map_err(|e| e.to_string())?;
    let dev = conllu::read_dir(&gum.join("dev")).map_err(|e| e.to_string())?;
    let nw = |s: &[conllu::Sentence]| s.iter().map(|s| s.words.len()).sum::<usize>();
    eprintln!(
        "train: {} sentences, {} words; dev: {} sentences, {} words",
        train.len(),
        nw(&train),
        dev.len(),
        nw(&dev)
    );

    let t = Instant::now();
    let parser = Parser::train(&train, &dev, &opts);
    let train_secs = t.elapsed().as_secs_f64();
    eprintln!("trained in {train_secs:.1} s");

    if sweep {
        for (p, pl) in
            [(0i16, 0i16), (512, 0), (1024, 0), (2048, 0), (0, 256), (0, 512), (0, 1024), (0, 2048), (1024, 1024)]
        {
            let q = parser.pruned(p, pl);
            let pred: Vec<_> = dev.iter().map(|s| q.parse_sentence(s)).collect();
            let sc = attachment_scores(&dev, &pred);
            let t = Instant::now();
            let mut words = 0;
            for _ in 0..3 {
                for s in &dev {
                    words += q.parse_sentence(s).len();
                }
            }
            let wps = words as f64 / t.elapsed().as_secs_f64();
            eprintln!(
                "prune {p:4} {pl:4}: {:?} features, {:.2} MB, UAS {:.4} LAS {:.4}, {wps:.0} words/s",
                q.feature_counts(),
                q.to_bytes().len() as f64 / 1e6,
                sc.uas,
                sc.las
            );
        }
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let path = out.join("parser.hmod");
    parser.save(&path).map_err(|e| e.to_string())?;
    let size = std::fs::metadata(&path).map_err(|e| e.to_string())?.len();

    let t = Instant::now();
    let parser = Parser::load(&path).map_err(|e| e.to_string())?;
    let load_ms = t.elapsed().as_secs_f64() * 1000.0;

    let pred: Vec<_> = dev.iter().map(|s| parser.parse_sentence(s)).collect();
    let gold = attachment_scores(&dev, &pred);
    let noisy = noisy_tag_scores(&parser, &train, &dev, 0.04, 7);

    // Speed: parse dev (gold tags) repeatedly on one thread for at least a second.
    let wps = speed(&parser, &dev, 1.5);

    println!("{parser:?}");
    println!(
        "dev, gold tags:    UAS {:.4}  LAS {:.4}  LAS(universal) {:.4}  ({} words)",
        gold.uas, gold.las, gold.las_universal, gold.words
    );
    println!(
        "dev, 4% tag noise: UAS {:.4}  LAS {:.4}  LAS(universal) {:.4}",
        noisy.uas, noisy.las, noisy.las_universal
    );
    println!(
        "model {} ({:.2} MB), load {load_ms:.1} ms, parse {wps:.0} words/s, training {train_secs:.1} s",
        path.display(),
        size as f64 / 1e6
    );
    Ok(())
}

/// Words per second parsing `dev` (gold tags) on one thread for at least `secs` seconds.
fn speed(parser: &Parser, dev: &[conllu::Sentence], secs: f64) -> f64 {
    let sents: Vec<(Vec<&str>, Vec<&str>, Vec<&str>)> = dev
        .iter()
        .map(|s| {
            (
                s.words.iter().map(|w| w.form.as_str()).collect(),
                s.words.iter().map(|w| w.upos.as_str()).collect(),
                s.words.iter().map(|w| w.xpos.as_str()).collect(),
            )
        })
        .collect();
    let t = Instant::now();
    let mut words = 0usize;
    while t.elapsed().as_secs_f64() < secs {
        for (w, u, x) in &sents {
            words += parser.parse_ids(w, u, x).len();
        }
    }
    words as f64 / t.elapsed().as_secs_f64()
}
