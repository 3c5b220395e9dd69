//! Reads a text file with the embedded models, one paragraph per line, and prints how many
//! sentences and tokens it found: a fixed workload for instruction counts
//! (`valgrind --tool=callgrind target/release/examples/read_file FILE [MODEL_DIR]`).

use herald_syntax::reading::Models;

fn main() {
    let path = std::env::args().nth(1).expect("usage: read_file FILE");
    let text = std::fs::read_to_string(&path).expect("readable text file");
    let models = match std::env::args().nth(2) {
        Some(dir) => Models::load_dir(std::path::Path::new(&dir)).expect("models"),
        None => Models::embedded().expect("embedded models"),
    };
    let (mut sentences, mut tokens) = (0usize, 0usize);
    for paragraph in text.lines() {
        for s in models.read(paragraph) {
            sentences += 1;
            tokens += s.tokens.len();
        }
    }
    println!("{sentences} sentences, {tokens} tokens");
}
