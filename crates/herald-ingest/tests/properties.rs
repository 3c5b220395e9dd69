//! Property tests: no input makes a reader panic, and every record it returns is well formed.

use herald_ingest::{charset, read_all, InputReader};
use herald_model::{RawArticle, Rejected};
use herald_pipeline::Source;
use proptest::prelude::*;
use std::io::Write;

fn check(records: &[RawArticle], rejected: &[Rejected]) -> Result<(), TestCaseError> {
    for record in records {
        prop_assert!(!record.content.trim().is_empty(), "empty content in {:?}", record.origin);
        prop_assert_eq!(record.id.0.len(), 64);
        prop_assert!(record.id.0.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        prop_assert!(!record.encoding.is_empty());
    }
    for rejection in rejected {
        prop_assert!(!rejection.reason.is_empty() && !rejection.detail.is_empty());
        prop_assert!(rejection.reason.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
    }
    Ok(())
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

/// A WARC with a request and a chunked HTML response.
fn warc() -> Vec<u8> {
    let mut out = Vec::new();
    for (kind, block) in [
        ("request", &b"GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n"[..]),
        ("response", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>Hi\r\n4\r\n</p>\r\n0\r\n\r\n"),
    ] {
        let header = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://example.org/a\r\nContent-Length: {}\r\n\r\n",
            block.len()
        );
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
    }
    out
}

const FEED: &[u8] = br#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><item><guid>a</guid><title>A</title><content:encoded><![CDATA[<p>Body</p>]]></content:encoded></item><item><link>https://e.org/b</link><description>B</description></item></channel></rss>"#;

const JSONL: &[u8] = b"{\"id\": 1, \"text\": \"one\", \"x\": [1, 2]}\n{\"html\": \"<p>two</p>\", \"published\": 5}\n";

/// A valid input with some bytes overwritten, some cut off and some inserted.
fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
        any::<prop::sample::Index>(),
        prop::collection::vec(any::<u8>(), 0..16),
        any::<prop::sample::Index>(),
    )
        .prop_map(move |(flips, cut, insert, at)| {
            let mut bytes = base.to_vec();
            for (index, byte) in flips {
                let i = index.index(bytes.len());
                bytes[i] = byte;
            }
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, insert);
            bytes.truncate(cut.index(bytes.len() + 1).max(bytes.len() / 2));
            bytes
        })
}

#[test]
fn the_seeds_are_valid() {
    assert_eq!(read_all("x.warc", &warc()).0.len(), 1);
    assert_eq!(read_all("x.warc.gz", &gzip(&warc())).0.len(), 1);
    assert_eq!(read_all("x.rss", FEED).0.len(), 2);
    assert_eq!(read_all("x.jsonl", JSONL).0.len(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn jsonl_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let (records, rejected) = read_all("x.jsonl", &bytes);
        check(&records, &rejected)?;
    }

    #[test]
    fn jsonl_reader_on_damaged_input(bytes in mutated(JSONL.to_vec())) {
        let (records, rejected) = read_all("x.jsonl", &bytes);
        check(&records, &rejected)?;
    }

    #[test]
    fn warc_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let (records, rejected) = read_all("x.warc", &bytes);
        check(&records, &rejected)?;
        let (records, rejected) = read_all("x.warc.gz", &bytes);
        check(&records, &rejected)?;
    }

    #[test]
    fn warc_reader_on_damaged_input(bytes in mutated(warc())) {
        let (records, rejected) = read_all("x.warc", &bytes);
        check(&records, &rejected)?;
        let (records, rejected) = read_all("x.warc.gz", &gzip(&bytes));
        check(&records, &rejected)?;
    }

    #[test]
    fn warc_gz_reader_on_damaged_compressed_input(cut in any::<prop::sample::Index>(), flip in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut bytes = gzip(&warc());
        bytes.extend(gzip(&warc()));
        let i = flip.index(bytes.len());
        bytes[i] = byte;
        bytes.truncate(cut.index(bytes.len() + 1));
        let mut reader = InputReader::from_bytes("x.warc.gz", bytes.clone(), None);
        let mut records = Vec::new();
        let mut rejected = Vec::new();
        while let Some(outcome) = reader.next_record() {
            let checkpoint = reader.checkpoint();
            prop_assert!(checkpoint.offset <= bytes.len() as u64);
            match outcome {
                Ok(record) => records.push(record),
                Err(rejection) => rejected.push(rejection),
            }
        }
        check(&records, &rejected)?;
    }

    #[test]
    fn feed_reader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let (records, rejected) = read_all("x.rss", &bytes);
        check(&records, &rejected)?;
    }

    #[test]
    fn feed_reader_on_damaged_input(bytes in mutated(FEED.to_vec())) {
        let (records, rejected) = read_all("x.rss", &bytes);
        check(&records, &rejected)?;
    }

    #[test]
    fn whole_inputs_and_sniffing_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        for name in ["x.txt", "x.html", "-"] {
            let (records, rejected) = read_all(name, &bytes);
            check(&records, &rejected)?;
        }
    }

    #[test]
    fn charset_decoder_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..4096), declared in prop::option::of("[a-zA-Z0-9_ -]{0,16}")) {
        let (text, label) = charset::decode(&bytes, declared.as_deref());
        prop_assert!(label.ends_with(')'));
        prop_assert!(text.len() <= bytes.len() * 3 + 3);
    }

    #[test]
    fn charset_decoder_keeps_valid_utf8(text in "\\PC{0,200}") {
        let (decoded, _) = charset::decode(text.as_bytes(), None);
        if !text.starts_with('\u{feff}') {
            prop_assert_eq!(decoded, text);
        }
    }
}
