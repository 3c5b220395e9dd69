use herald_extract::{body, dom::Dom, meta};
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| String::from_utf8_lossy(&std::fs::read(e.unwrap().path()).unwrap()).into_owned())
        .collect();
    for _ in 0..3 {
        let (mut tp, mut tm, mut tb, mut tl) = (0.0, 0.0, 0.0, 0.0);
        for p in &pages {
            let t = Instant::now();
            let dom = Dom::parse(p);
            tp += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let m = meta::extract_meta(&dom, None);
            tm += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let b = body::extract_blocks(&dom, m.title.as_deref(), m.author.as_deref());
            tb += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let text: String = b.iter().map(|b| b.text.as_str()).collect();
            let _ = herald_text::detect_language(&text);
            tl += t.elapsed().as_secs_f64();
        }
        let n = pages.len() as f64;
        println!(
            "parse {:.3} meta {:.3} body {:.3} lang {:.3} ms/page",
            tp * 1e3 / n,
            tm * 1e3 / n,
            tb * 1e3 / n,
            tl * 1e3 / n
        );
    }
}
