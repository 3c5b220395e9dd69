//! Arbitrary bytes through the JSONL reader, and through format sniffing (stdin-style).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (records, rejected) = herald_ingest::read_all("fuzz.jsonl", data);
    common::check(&records, &rejected);
    let (records, rejected) = herald_ingest::read_all("-", data);
    common::check(&records, &rejected);
});
