//! Development harness: body text of every page in a directory, as scorer JSONL.
use herald_extract::{body, dom::Dom};
use herald_model::ParagraphKind;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: eval_body DIR");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    let start = std::time::Instant::now();
    for p in &paths {
        let bytes = std::fs::read(p).unwrap();
        let html = String::from_utf8_lossy(&bytes);
        let dom = Dom::parse(&html);
        let meta = herald_extract::meta::extract_meta(&dom, None);
        let blocks = body::extract_blocks(&dom, meta.title.as_deref(), meta.author.as_deref());
        let text: Vec<&str> =
            blocks.iter().filter(|b| b.kind == ParagraphKind::Body).map(|b| b.text.as_str()).collect();
        let id = p.file_stem().unwrap().to_string_lossy();
        println!("{}", serde_json::json!({"id": id, "text": text.join("\n\n")}));
    }
    eprintln!("{} pages in {:?}", paths.len(), start.elapsed());
}
