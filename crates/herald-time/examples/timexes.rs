//! Prints the temporal expressions of a text file, or of every `text` of a JSON Lines file (with
//! its `dct`), one per line: `start end TYPE value  text  | context`.
//!
//! `cargo run -p herald-time --example timexes -- FILE [YYYY-MM-DD]`

use chrono::NaiveDate;

fn show(text: &str, dct: Option<NaiveDate>, label: &str) {
    for t in herald_time::annotate(text, dct) {
        let mut a = t.start.saturating_sub(40);
        while !text.is_char_boundary(a) {
            a -= 1;
        }
        let mut b = (t.end + 30).min(text.len());
        while !text.is_char_boundary(b) {
            b += 1;
        }
        let ctx = format!("{}[{}]{}", &text[a..t.start], &text[t.start..t.end], &text[t.end..b]).replace('\n', " | ");
        println!("{label}\t{}\t{}\t{}\t{}", t.kind.as_str(), t.value, t.text(text), ctx);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: timexes FILE [YYYY-MM-DD]");
        std::process::exit(2);
    };
    let dct = args.get(1).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let body = std::fs::read_to_string(path).expect("readable file");
    if path.ends_with(".jsonl") {
        for line in body.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            let text = v["text"].as_str().unwrap_or_default();
            let dct = dct.or_else(|| v["dct"].as_str().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()));
            let id = v["doc_id"].as_str().or(v["id"].as_str()).unwrap_or("?").to_string();
            show(text, dct, &format!("{id} {}", dct.map(|d| d.format("%a %F").to_string()).unwrap_or_default()));
        }
    } else {
        show(&body, dct, path);
    }
}
