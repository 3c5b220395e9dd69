//! What the end-to-end tests share: running the real `herald` binary in a folder of its own, and
//! writing an article as one JSON line.

#![allow(dead_code)]

use serde_json::json;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub const HERALD: &str = env!("CARGO_BIN_EXE_herald");

/// Runs `herald` in `dir`, never reading ../shared, a user's office table or stdin.
pub fn herald(dir: &Path, args: &[&str]) -> Output {
    Command::new(HERALD)
        .args(args)
        .current_dir(dir)
        .env_remove("HERALD_SHARED")
        .env_remove("HERALD_OFFICES")
        .stdin(Stdio::null())
        .output()
        .expect("herald runs")
}

/// Runs `herald` and returns its stdout, failing the test (with both streams) when it fails.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = herald(dir, args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "herald {args:?} failed\nstdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// One article as a JSON line: the title, then the body paragraphs.
pub fn article(id: &str, source: &str, date: &str, title: &str, body: &[&str]) -> String {
    let text = std::iter::once(title).chain(body.iter().copied()).collect::<Vec<_>>().join("\n\n");
    json!({ "id": id, "source": source, "date": date, "title": title, "text": text }).to_string() + "\n"
}
