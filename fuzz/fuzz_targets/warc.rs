//! Arbitrary bytes through the WARC reader, as plain WARC and as .warc.gz (the raw bytes, and the
//! bytes gzipped so that the fuzzer's input reaches the WARC parser behind the gzip layer).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (records, rejected) = herald_ingest::read_all("fuzz.warc", data);
    common::check(&records, &rejected);
    let (records, rejected) = herald_ingest::read_all("fuzz.warc.gz", data);
    common::check(&records, &rejected);
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    if encoder.write_all(data).is_ok() {
        if let Ok(gz) = encoder.finish() {
            let (records, rejected) = herald_ingest::read_all("fuzz.warc.gz", &gz);
            common::check(&records, &rejected);
        }
    }
});
