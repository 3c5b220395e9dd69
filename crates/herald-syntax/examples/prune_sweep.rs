//! Accuracy and speed of the committed parser pruned further, on GUM dev with the committed
//! tagger's tags: `cargo run --release -p herald-syntax --example prune_sweep -- GUM MODELS`.

use herald_syntax::conllu;
use herald_syntax::parser::attachment_scores;
use herald_syntax::reading::Models;
use herald_syntax::tagger::is_redacted;
use std::path::PathBuf;

fn cpu_secs() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    s.split_whitespace().next().and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0) / 1e9
}

fn main() {
    let mut args = std::env::args().skip(1);
    let gum = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data/gum".into()));
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "data/models".into()));
    let models = Models::load_dir(&dir).expect("models");
    let dev: Vec<_> =
        conllu::read_dir(&gum.join("dev")).expect("dev").into_iter().filter(|s| !is_redacted(s)).collect();
    let forms: Vec<Vec<&str>> = dev.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()).collect();
    let n: usize = forms.iter().map(Vec::len).sum();
    let tags: Vec<_> = forms.iter().map(|f| models.tagger.tag(f)).collect();
    let upos: Vec<Vec<&str>> = tags.iter().map(|t| t.iter().map(|t| t.upos).collect()).collect();
    let xpos: Vec<Vec<&str>> = tags.iter().map(|t| t.iter().map(|t| t.xpos).collect()).collect();
    for (pa, pl) in [(0i16, 0i16), (1536, 0), (2048, 0), (3072, 0), (4096, 0), (0, 1536), (0, 3072), (2048, 2048)] {
        let p = models.parser.pruned(pa, pl);
        let pred: Vec<_> = forms.iter().zip(&upos).zip(&xpos).map(|((f, u), x)| p.parse(f, u, x)).collect();
        let sc = attachment_scores(&dev, &pred);
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t = cpu_secs();
            let k: usize = forms.iter().zip(&upos).zip(&xpos).map(|((f, u), x)| p.parse_ids(f, u, x).len()).sum();
            std::hint::black_box(k);
            best = best.min(cpu_secs() - t);
        }
        println!(
            "prune {pa:5} {pl:5}: {:?} {:.2} MB  UAS {:.4} LAS {:.4}  parse {:.2} us/word",
            p.feature_counts(),
            p.to_bytes().len() as f64 / 1e6,
            sc.uas,
            sc.las,
            best * 1e6 / n as f64
        );
    }
}
