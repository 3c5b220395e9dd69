//! Whole inputs read through the public API: files on disk, checkpoints and resumption.

use herald_ingest::{open, read_all, InputReader};
use herald_model::{Checkpoint, ContentKind, Locator, Stage};
use herald_pipeline::Source;
use std::io::Write;
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn windows_1252_text_file() {
    let bytes = b"Caf\xe9 owner says \x93we\x92re open\x94 despite the storm.\nThe caf\xe9 on Main Street stayed open through the night, its owner told reporters.";
    let (records, rejected) = read_all("story.txt", bytes);
    assert!(rejected.is_empty(), "{rejected:?}");
    let record = &records[0];
    assert_eq!(record.kind, ContentKind::Text);
    assert!(record.content.starts_with("Café owner says \u{201c}we\u{2019}re open\u{201d}"), "{}", record.content);
    assert_eq!(record.encoding, "windows-1252 (guessed)");
    assert_eq!(record.origin.locator, Locator::Whole);
    assert_eq!(record.id, herald_model::DocId::of_bytes(bytes));
}

#[test]
fn utf16_text_with_bom() {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("Überschrift\nText".encode_utf16().flat_map(|u| u.to_le_bytes()));
    let (records, rejected) = read_all("de.txt", &bytes);
    assert!(rejected.is_empty(), "{rejected:?}");
    assert_eq!(records[0].content, "Überschrift\nText");
    assert_eq!(records[0].encoding, "utf-16le (bom)");
}

#[test]
fn html_with_meta_charset() {
    let page =
        b"<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\
                 <title>\xcd\xee\xe2\xee\xf1\xf2\xe8</title></head><body><p>\xd2\xe5\xea\xf1\xf2</p></body></html>";
    let (records, rejected) = read_all("page.html", page);
    assert!(rejected.is_empty(), "{rejected:?}");
    assert_eq!(records[0].kind, ContentKind::Html);
    assert!(records[0].content.contains("<title>Новости</title>"));
    assert_eq!(records[0].encoding, "windows-1251 (meta)");
}

#[test]
fn empty_and_binary_files_are_rejected() {
    for (name, bytes, reason) in [
        ("empty.txt", &b""[..], "empty"),
        ("blank.html", &b"  \n\n\t"[..], "empty"),
        ("image.html", &b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"[..], "binary"),
        ("-", &b"\x00\x01\x02\x03"[..], "binary"),
    ] {
        let (records, rejected) = read_all(name, bytes);
        assert!(records.is_empty(), "{name}");
        assert_eq!(rejected.len(), 1, "{name}");
        assert_eq!(rejected[0].reason, reason, "{name}");
        assert_eq!(rejected[0].stage, Stage::Decode, "{name}");
    }
}

#[test]
fn a_missing_file_cannot_be_opened() {
    let rejected = open("/definitely/not/here.html", None).err().unwrap();
    assert_eq!(rejected.reason, "unreadable");
    assert_eq!(rejected.stage, Stage::Read);
    assert!(rejected.detail.contains("/definitely/not/here.html"));
    let dir = tempfile::tempdir().unwrap();
    let rejected = open(dir.path().to_str().unwrap(), None).err().unwrap();
    assert!(rejected.detail.contains("directory"), "{}", rejected.detail);
}

#[test]
fn a_huge_page_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.html");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(100_000_000).unwrap();
    let mut reader = open(path.to_str().unwrap(), None).unwrap();
    let (records, rejected) = reader.drain();
    assert!(records.is_empty());
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].reason, "too-large");
    assert!(rejected[0].detail.contains("100000000 bytes"), "{}", rejected[0].detail);
    assert!(reader.checkpoint().complete);
}

#[test]
fn whole_file_checkpoint_and_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "a.txt", b"Headline\n\nBody.");
    let mut reader = open(&path, None).unwrap();
    let before = reader.checkpoint();
    assert!(!before.complete);
    assert_eq!(before.fingerprint, format!("len:15:b3:{}", &blake3::hash(b"Headline\n\nBody.").to_hex()[..16]));
    assert_eq!(before.input, std::fs::canonicalize(&path).unwrap().to_str().unwrap());
    assert!(reader.next_record().unwrap().is_ok());
    let after = reader.checkpoint();
    assert!(after.complete);
    assert_eq!(after.offset, 15);
    assert!(open(&path, Some(&after)).unwrap().drain().0.is_empty());
    // The file changed: read it again from the start.
    write(dir.path(), "a.txt", b"Headline\n\nA longer body.");
    assert_eq!(open(&path, Some(&after)).unwrap().drain().0.len(), 1);
}

#[test]
fn jsonl_file_resumes_with_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": 1, "text": "one"}"#,
        r#"{"id": 2, "text": "two"}"#,
        "",
        r#"{"id": 3, "text": "three"}"#,
        r#"{"id": 4, "html": "<p>four</p>"}"#,
    ];
    let path = write(dir.path(), "feed.jsonl", lines.join("\n").as_bytes());
    let mut reader = open(&path, None).unwrap();
    reader.next_record().unwrap().unwrap();
    reader.next_record().unwrap().unwrap();
    let checkpoint = reader.checkpoint();
    assert_eq!(checkpoint.offset, (lines[0].len() + lines[1].len() + 2) as u64);
    let (records, rejected) = open(&path, Some(&checkpoint)).unwrap().drain();
    assert!(rejected.is_empty());
    let got: Vec<_> = records.iter().map(|r| (r.origin.locator.clone(), r.meta.external_id.clone().unwrap())).collect();
    assert_eq!(got, [(Locator::Line(4), "3".to_string()), (Locator::Line(5), "4".to_string())]);
}

#[test]
fn jsonl_checkpoint_is_complete_after_the_last_line() {
    let mut reader = InputReader::from_bytes("x.jsonl", b"{\"text\": \"a\"}\n".to_vec(), None);
    assert!(reader.next_record().unwrap().is_ok());
    assert!(reader.checkpoint().complete);
    assert!(reader.next_record().is_none());
}

#[test]
fn warc_gz_file_resumes_by_seeking() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    let mut starts = Vec::new();
    for n in 1..=4 {
        starts.push(bytes.len() as u64);
        let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Page {n}</p>");
        let record = format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/{n}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        );
        bytes.extend(gzip(record.as_bytes()));
    }
    let path = write(dir.path(), "crawl.warc.gz", &bytes);
    let mut reader = open(&path, None).unwrap();
    let mut checkpoints: Vec<Checkpoint> = Vec::new();
    while let Some(outcome) = reader.next_record() {
        outcome.unwrap();
        checkpoints.push(reader.checkpoint());
    }
    let offsets: Vec<u64> = checkpoints.iter().map(|c| c.offset).collect();
    assert_eq!(offsets, [starts[1], starts[2], starts[3], bytes.len() as u64]);
    assert!(checkpoints[3].complete && !checkpoints[2].complete);
    for (i, checkpoint) in checkpoints.iter().enumerate() {
        let (records, _) = open(&path, Some(checkpoint)).unwrap().drain();
        let expected: Vec<String> = (i + 2..=4).map(|n| format!("<p>Page {n}</p>")).collect();
        assert_eq!(records.iter().map(|r| r.content.clone()).collect::<Vec<_>>(), expected);
    }
}

#[test]
fn feed_resumes_after_the_last_item() {
    let rss = br#"<rss version="2.0"><channel><title>T</title>
<item><guid>a</guid><description>first</description></item>
<item><guid>b</guid><description>second</description></item>
<item><guid>c</guid><description>third</description></item>
</channel></rss>"#;
    let mut reader = InputReader::from_bytes("f.rss", rss.to_vec(), None);
    reader.next_record().unwrap().unwrap();
    reader.next_record().unwrap().unwrap();
    let checkpoint = reader.checkpoint();
    assert_eq!(checkpoint.last_item.as_deref(), Some("b"));
    assert!(!checkpoint.complete);
    let (records, _) = InputReader::from_bytes("f.rss", rss.to_vec(), Some(&checkpoint)).drain();
    assert_eq!(records.iter().map(|r| r.content.as_str()).collect::<Vec<_>>(), ["third"]);
    let mut reader = InputReader::from_bytes("f.rss", rss.to_vec(), Some(&checkpoint));
    reader.next_record();
    assert!(reader.checkpoint().complete);
}

#[test]
fn every_rejection_names_its_input() {
    let (_, rejected) = read_all("inputs/bad.jsonl", b"{oops}\n");
    assert_eq!(rejected[0].origin.input, "inputs/bad.jsonl");
    assert_eq!(rejected[0].to_string(), format!("inputs/bad.jsonl:1: malformed-json (decode): {}", rejected[0].detail));
}
