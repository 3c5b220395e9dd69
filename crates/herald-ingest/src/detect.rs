//! Telling what an input is: by its name's extension, else by its first bytes.

use crate::charset::{bom_len, trim_ascii_start};
use std::io::Read;

/// The input formats herald reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text: the whole input is one article.
    Text,
    /// One HTML page: the whole input is one article.
    Html,
    /// One JSON object per line.
    Jsonl,
    /// An uncompressed WARC file.
    Warc,
    /// A gzip-compressed WARC file (one member per record, or one stream).
    WarcGz,
    /// An RSS 2.0, RSS 1.0 or Atom feed.
    Feed,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
            Format::Warc => "warc",
            Format::WarcGz => "warc.gz",
            Format::Feed => "feed",
        }
    }
}

/// How many bytes of a JSONL line must be seen before an unfinished first line is taken as JSONL.
const JSONL_GUESS_BYTES: usize = 4096;

/// The format of the input `name` whose first bytes are `head`: by extension when it is a known
/// one, otherwise (and for stdin, `-`) by sniffing `head`.
pub fn detect_format(name: &str, head: &[u8]) -> Format {
    if name != "-" {
        if let Some(format) = by_extension(name) {
            return format;
        }
    }
    sniff(head)
}

fn by_extension(name: &str) -> Option<Format> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name).to_ascii_lowercase();
    let format = if file.ends_with(".warc.gz") {
        Format::WarcGz
    } else {
        match file.rsplit_once('.')?.1 {
            "txt" | "text" => Format::Text,
            "html" | "htm" | "xhtml" => Format::Html,
            "jsonl" | "ndjson" => Format::Jsonl,
            "warc" => Format::Warc,
            "rss" | "atom" | "xml" => Format::Feed,
            _ => return None,
        }
    };
    Some(format)
}

fn sniff(head: &[u8]) -> Format {
    if head.starts_with(&[0x1f, 0x8b]) {
        return if gunzipped_prefix(head).starts_with(b"WARC/") { Format::WarcGz } else { Format::Text };
    }
    let text = trim_ascii_start(&head[bom_len(head)..]);
    if text.starts_with(b"WARC/1.") {
        return Format::Warc;
    }
    if text.starts_with(b"{") && looks_like_jsonl(text) {
        return Format::Jsonl;
    }
    let markup = skip_prolog(text);
    if starts_with_ignore_case(markup, b"<rss") || starts_with_ignore_case(markup, b"<feed") {
        return Format::Feed;
    }
    if starts_with_ignore_case(markup, b"<rdf:rdf") {
        return Format::Feed;
    }
    let html_starts: [&[u8]; 4] = [b"<!doctype html", b"<html", b"<head", b"<body"];
    if html_starts.iter().any(|start| starts_with_ignore_case(markup, start)) {
        return Format::Html;
    }
    Format::Text
}

/// The first decompressed bytes of a gzip head (as many as decode before the head runs out).
fn gunzipped_prefix(head: &[u8]) -> Vec<u8> {
    let mut decoder = flate2::read::GzDecoder::new(head);
    let mut out = vec![0u8; 16];
    let mut filled = 0;
    while filled < out.len() {
        match decoder.read(&mut out[filled..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => filled += n,
        }
    }
    out.truncate(filled);
    out
}

/// Whether the first line parses as JSON, or is too long to have been seen whole.
fn looks_like_jsonl(text: &[u8]) -> bool {
    match memchr::memchr(b'\n', text) {
        Some(end) => serde_json::from_slice::<serde_json::Value>(&text[..end]).is_ok_and(|v| v.is_object()),
        None => {
            text.len() >= JSONL_GUESS_BYTES
                || serde_json::from_slice::<serde_json::Value>(text).is_ok_and(|v| v.is_object())
        }
    }
}

/// Skips an XML declaration, processing instructions, comments and whitespace.
fn skip_prolog(mut text: &[u8]) -> &[u8] {
    loop {
        text = trim_ascii_start(text);
        let (open, close): (&[u8], &[u8]) = if text.starts_with(b"<?") {
            (b"<?", b"?>")
        } else if text.starts_with(b"<!--") {
            (b"<!--", b"-->")
        } else {
            return text;
        };
        match memchr::memmem::find(&text[open.len()..], close) {
            Some(end) => text = &text[open.len() + end + close.len()..],
            None => return &[],
        }
    }
}

fn starts_with_ignore_case(text: &[u8], prefix: &[u8]) -> bool {
    text.len() >= prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_extension_first() {
        assert_eq!(detect_format("a/b.TXT", b"<html>"), Format::Text);
        assert_eq!(detect_format("page.htm", b""), Format::Html);
        assert_eq!(detect_format("x.xhtml", b""), Format::Html);
        assert_eq!(detect_format("d.ndjson", b""), Format::Jsonl);
        assert_eq!(detect_format("crawl.warc", b""), Format::Warc);
        assert_eq!(detect_format("crawl.WARC.GZ", b""), Format::WarcGz);
        assert_eq!(detect_format("news.atom", b""), Format::Feed);
        assert_eq!(detect_format("news.xml", b""), Format::Feed);
    }

    #[test]
    fn by_content_when_unknown() {
        assert_eq!(detect_format("-", b"WARC/1.1\r\n"), Format::Warc);
        assert_eq!(
            detect_format("data", b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c --><rss version=\"2.0\">"),
            Format::Feed
        );
        assert_eq!(detect_format("data", b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"), Format::Feed);
        assert_eq!(detect_format("data", b"<?xml version=\"1.0\"?><rdf:RDF>"), Format::Feed);
        assert_eq!(detect_format("-", b"  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(detect_format("-", b"<HTML><body>"), Format::Html);
        assert_eq!(detect_format("-", b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n"), Format::Jsonl);
        assert_eq!(detect_format("-", b"{not json}\n"), Format::Text);
        assert_eq!(detect_format("-", b"Plain words.\n"), Format::Text);
        assert_eq!(detect_format("notes.md", b"# Title"), Format::Text);
        assert_eq!(detect_format("-", b""), Format::Text);
    }

    #[test]
    fn gzip_with_warc_inside() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n").unwrap();
        let gz = encoder.finish().unwrap();
        assert_eq!(detect_format("-", &gz), Format::WarcGz);
        assert_eq!(detect_format("-", &gz[..gz.len() / 2]), Format::WarcGz);
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(b"something else").unwrap();
        assert_eq!(detect_format("-", &encoder.finish().unwrap()), Format::Text);
    }
}
