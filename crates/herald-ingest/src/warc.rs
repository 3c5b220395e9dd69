//! WARC files, plain or gzip-compressed: a small record reader that yields the HTML pages of
//! `response` records and counts every other record it skips.
//!
//! A record is a `WARC/1.x` line, header lines, a blank line, `Content-Length` bytes of block and
//! a `\r\n\r\n` trailer. Data that is not a record is skipped up to the next `WARC/1.` line with
//! one rejection; a record cut short ends the input with one rejection after the records before
//! it.

use crate::error::IngestError;
use crate::http;
use crate::payload::{self, MAX_RECORD_BYTES};
use crate::stream::{read_line_limited, WarcStream};
use herald_model::{ContentKind, DocId, InputMeta, Locator, Origin, RawArticle, Rejected};
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};
use std::io::{self, BufRead, Read};

/// Longest header line kept whole.
const HEADER_LINE_LIMIT: usize = 64 * 1024;
/// Largest WARC header block.
const HEADER_BLOCK_LIMIT: u64 = 1 << 20;
/// The record types of the WARC 1.1 standard; any other is counted as `warc:unknown`.
const KNOWN_TYPES: [&str; 8] =
    ["warcinfo", "response", "resource", "request", "metadata", "revisit", "conversion", "continuation"];

type Outcome = Result<RawArticle, Rejected>;

/// Reads the records of a WARC stream.
pub(crate) struct WarcReader<S> {
    input: String,
    stream: S,
    /// Outcomes read but not yet returned, each with the resume offset that holds once it is.
    queue: VecDeque<(Outcome, u64)>,
    /// A `WARC/1.` line (and its offset) found while skipping data that was not a record.
    stash: Option<(Vec<u8>, u64)>,
    finished: bool,
    offset: u64,
    line: Vec<u8>,
}

struct Header {
    fields: Vec<(String, String)>,
    hasher: blake3::Hasher,
}

impl Header {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

impl<S: WarcStream> WarcReader<S> {
    pub(crate) fn new(input: String, stream: S) -> Self {
        let offset = stream.resume_offset();
        WarcReader { input, stream, queue: VecDeque::new(), stash: None, finished: false, offset, line: Vec::new() }
    }

    /// The offset a later run resumes at: every record before it has been returned or skipped.
    pub(crate) fn offset(&self) -> u64 {
        self.offset
    }

    pub(crate) fn finished(&self) -> bool {
        self.finished && self.queue.is_empty()
    }

    pub(crate) fn next_record(&mut self, skipped: &mut BTreeMap<String, u64>) -> Option<Outcome> {
        loop {
            if let Some((outcome, offset)) = self.queue.pop_front() {
                self.offset = offset;
                return Some(outcome);
            }
            if self.finished {
                return None;
            }
            self.step(skipped);
            if self.queue.is_empty() {
                self.offset = self.stream.resume_offset();
            }
        }
    }

    fn origin(&self, offset: u64) -> Origin {
        Origin { input: self.input.clone(), locator: Locator::Offset(offset) }
    }

    fn push(&mut self, outcome: Outcome, resume_at: u64) {
        self.queue.push_back((outcome, resume_at));
    }

    /// Ends the input with one rejection.
    fn fail(&mut self, error: IngestError, at: u64) {
        let rejected = error.reject(self.origin(at));
        self.push(Err(rejected), at);
        self.finished = true;
    }

    /// The error behind a failed read: what the gzip layer knows, or a cut-short record.
    fn read_error(&mut self, error: io::Error, record: u64, what: &str) -> IngestError {
        if let Some(failure) = self.stream.take_failure() {
            return failure;
        }
        if error.kind() == io::ErrorKind::UnexpectedEof {
            return IngestError::TruncatedWarc { offset: record, message: format!("the input ends inside its {what}") };
        }
        IngestError::Unreadable(error.to_string())
    }

    /// Reads one record (or skips data that is not one), queueing what it yields.
    fn step(&mut self, skipped: &mut BTreeMap<String, u64>) {
        let (version, record) = match self.stash.take() {
            Some(found) => found,
            None => {
                match skip_line_ends(&mut self.stream) {
                    Ok(true) => {}
                    Ok(false) => {
                        self.finished = true;
                        return;
                    }
                    Err(e) => {
                        let at = self.stream.record_start();
                        let error = self.read_error(e, at, "record");
                        return self.fail(error, at);
                    }
                }
                let at = self.stream.record_start();
                if let Err(e) = read_line_limited(&mut self.stream, HEADER_LINE_LIMIT, &mut self.line) {
                    let error = self.read_error(e, at, "header");
                    return self.fail(error, at);
                }
                (std::mem::take(&mut self.line), at)
            }
        };
        if !is_version_line(&version) {
            let message = format!(
                "found data that is not a WARC record at byte {record} (expected a line starting with `WARC/1.`)"
            );
            return self.skip_to_next_record(IngestError::MalformedWarc { offset: record, message }, record);
        }
        let header = match self.read_header(version, record) {
            Ok(Ok(header)) => header,
            Ok(Err(malformed)) => return self.skip_to_next_record(malformed, record),
            Err(fatal) => return self.fail(fatal, record),
        };
        let Some(length) = header.get("content-length").and_then(|value| value.trim().parse::<u64>().ok()) else {
            let message = format!(
                "the WARC record at byte {record} has no valid Content-Length header, so its end cannot be found"
            );
            return self.skip_to_next_record(IngestError::MalformedWarc { offset: record, message }, record);
        };
        let warc_type = header.get("warc-type").unwrap_or_default().trim().to_ascii_lowercase();
        let wanted = warc_type == "response" && length <= MAX_RECORD_BYTES;
        let block = match self.read_block(length, wanted, record) {
            Ok(block) => block,
            Err(fatal) => return self.fail(fatal, record),
        };
        let after = skip_line_ends(&mut self.stream);
        let outcome = match block {
            Some(block) => self.response(header, block, record, skipped),
            None if warc_type == "response" => {
                let error = IngestError::TooLarge { size: length, at_least: false, limit: MAX_RECORD_BYTES };
                Some(Err(error.reject(self.origin(record))))
            }
            None => {
                let name = if KNOWN_TYPES.contains(&warc_type.as_str()) { warc_type.as_str() } else { "unknown" };
                *skipped.entry(format!("warc:{name}")).or_default() += 1;
                None
            }
        };
        let resume_at = self.stream.resume_offset();
        if let Some(outcome) = outcome {
            self.push(outcome, resume_at);
        }
        match after {
            Ok(true) => {}
            Ok(false) => self.finished = true,
            Err(e) => {
                let at = self.stream.record_start();
                let error = self.read_error(e, at, "record");
                self.fail(error, at);
            }
        }
    }

    /// Reads the header lines after the version line. The outer error ends the input; the inner
    /// one rejects this record only.
    fn read_header(&mut self, version: Vec<u8>, record: u64) -> Result<Result<Header, IngestError>, IngestError> {
        let mut hasher = blake3::Hasher::new();
        hasher.update(&version);
        hasher.update(b"\n");
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut size = 0u64;
        loop {
            let line = match read_line_limited(&mut self.stream, HEADER_LINE_LIMIT, &mut self.line) {
                Ok(line) => line,
                Err(e) => return Err(self.read_error(e, record, "header")),
            };
            if line.consumed == 0 {
                let message = "the input ends inside its header".to_string();
                return Err(IngestError::TruncatedWarc { offset: record, message });
            }
            size += line.consumed;
            if line.overflow || size > HEADER_BLOCK_LIMIT {
                let message =
                    format!("the header of the WARC record at byte {record} is longer than {HEADER_BLOCK_LIMIT} bytes");
                return Ok(Err(IngestError::MalformedWarc { offset: record, message }));
            }
            hasher.update(&self.line);
            hasher.update(b"\n");
            let text = String::from_utf8_lossy(&self.line);
            let text = text.trim_end_matches('\r');
            if text.is_empty() {
                break;
            }
            if text.starts_with([' ', '\t']) {
                if let Some((_, value)) = fields.last_mut() {
                    value.push(' ');
                    value.push_str(text.trim());
                }
            } else if let Some((name, value)) = text.split_once(':') {
                fields.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
        }
        Ok(Ok(Header { fields, hasher }))
    }

    /// Reads the block when it is `wanted`, else skips it; errors end the input.
    fn read_block(&mut self, length: u64, wanted: bool, record: u64) -> Result<Option<Vec<u8>>, IngestError> {
        let short = |got: u64| IngestError::TruncatedWarc {
            offset: record,
            message: format!("its Content-Length is {length} bytes but the input ends after {got} bytes of its block"),
        };
        if wanted {
            let mut block = Vec::new();
            if let Err(e) = (&mut self.stream).take(length).read_to_end(&mut block) {
                return Err(self.read_error(e, record, "block"));
            }
            if (block.len() as u64) < length {
                return Err(short(block.len() as u64));
            }
            Ok(Some(block))
        } else {
            let copied = match io::copy(&mut (&mut self.stream).take(length), &mut io::sink()) {
                Ok(copied) => copied,
                Err(e) => return Err(self.read_error(e, record, "block")),
            };
            if copied < length {
                return Err(short(copied));
            }
            Ok(None)
        }
    }

    /// Rejects what was found at `record`, then looks for the next `WARC/1.` line.
    fn skip_to_next_record(&mut self, error: IngestError, record: u64) {
        match self.find_version_line() {
            Ok(Some((line, at))) => {
                let rejected = error.reject(self.origin(record));
                self.push(Err(rejected), at);
                self.stash = Some((line, at));
            }
            Ok(None) => {
                let rejected = error.reject(self.origin(record));
                let detail =
                    format!("{}; no WARC record follows, so the rest of the input was ignored", rejected.detail);
                let end = self.stream.resume_offset();
                self.push(Err(Rejected { detail, ..rejected }), end);
                self.finished = true;
            }
            Err(e) => {
                let rejected = error.reject(self.origin(record));
                self.push(Err(rejected), record);
                let at = self.stream.record_start();
                let error = self.read_error(e, at, "record");
                self.fail(error, at);
            }
        }
    }

    fn find_version_line(&mut self) -> io::Result<Option<(Vec<u8>, u64)>> {
        loop {
            let at = self.stream.record_start();
            let line = read_line_limited(&mut self.stream, HEADER_LINE_LIMIT, &mut self.line)?;
            if line.consumed == 0 {
                return Ok(None);
            }
            if is_version_line(&self.line) {
                return Ok(Some((std::mem::take(&mut self.line), at)));
            }
        }
    }

    /// What a `response` record yields: an article, a rejection, or nothing (counted as skipped).
    fn response(
        &self,
        mut header: Header,
        block: Vec<u8>,
        record: u64,
        skipped: &mut BTreeMap<String, u64>,
    ) -> Option<Outcome> {
        let mut skip = |what: &str| {
            *skipped.entry(format!("warc:response:{what}")).or_default() += 1;
            None
        };
        let origin = self.origin(record);
        let response = match http::parse_response(&block) {
            Ok(Some(response)) => response,
            Ok(None) => return skip("non-http"),
            Err(message) => return Some(Err(IngestError::MalformedHttp { offset: record, message }.reject(origin))),
        };
        if !(200..300).contains(&response.status) {
            let class = (response.status / 100).min(9);
            return skip(&format!("http-{class}xx"));
        }
        let mime = response.mime();
        if mime.as_deref().is_some_and(|mime| !mime.contains("html")) {
            return skip("non-html");
        }
        let body = match response.decoded_body(record) {
            Ok(body) => body,
            Err(error) => return Some(Err(error.reject(origin))),
        };
        if mime.is_none() && !looks_like_html(&body) {
            return skip("non-html");
        }
        let charset = response.charset();
        let (content, encoding) = match payload::decode_payload(&body, charset.as_deref().map(|c| (c, "http"))) {
            Ok(decoded) => decoded,
            Err(error) => return Some(Err(error.reject(origin))),
        };
        header.hasher.update(&block);
        let id = DocId(header.hasher.finalize().to_hex().to_string());
        let mut meta = InputMeta {
            external_id: header.get("warc-record-id").map(str::to_string),
            url: header.get("warc-target-uri").map(|uri| uri.trim_start_matches('<').trim_end_matches('>').to_string()),
            ..InputMeta::default()
        };
        if let Some(date) = header.get("warc-date") {
            meta.extra.insert("warc_date".to_string(), Value::String(date.to_string()));
        }
        Some(Ok(RawArticle { id, origin, kind: ContentKind::Html, content, encoding, meta }))
    }
}

fn is_version_line(line: &[u8]) -> bool {
    line.starts_with(b"WARC/1.")
}

/// Consumes CR and LF bytes (record trailers, blank lines). `Ok(false)` at the end of the input.
fn skip_line_ends(stream: &mut impl BufRead) -> io::Result<bool> {
    loop {
        let available = match stream.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(false);
        }
        let ends = available.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        let more = ends < available.len();
        stream.consume(ends);
        if more {
            return Ok(true);
        }
    }
}

/// Whether a body without a Content-Type starts like an HTML page.
fn looks_like_html(body: &[u8]) -> bool {
    let start = crate::charset::trim_ascii_start(&body[crate::charset::bom_len(body)..]);
    let start = &start[..start.len().min(512)];
    let lower = start.to_ascii_lowercase();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body", b"<!--", b"<meta", b"<title"]
        .iter()
        .any(|prefix| lower.starts_with(prefix))
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::{read_all, InputReader};
    use herald_model::Locator;
    use herald_pipeline::Source;
    use std::io::Write;

    /// One WARC record with the usual headers around `block`.
    pub(crate) fn record(warc_type: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2013-05-07T10:00:00Z\r\n\
             WARC-Record-ID: <urn:uuid:{}>\r\nContent-Type: application/http; msgtype=response\r\n\
             Content-Length: {}\r\n\r\n",
            blake3::hash(uri.as_bytes()).to_hex(),
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    pub(crate) fn html_response(uri: &str, body: &str) -> Vec<u8> {
        let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}");
        record("response", uri, block.as_bytes())
    }

    pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn only_html_responses_yield_and_the_rest_is_counted() {
        let mut warc = record("warcinfo", "", b"software: test\r\n");
        warc.extend(record("request", "https://example.org/a", b"GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n"));
        let response_at = warc.len() as u64;
        warc.extend(html_response("https://example.org/a", "<html><body><p>Article A</p></body></html>"));
        warc.extend(record(
            "response",
            "https://example.org/logo.png",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        warc.extend(record("response", "https://example.org/old", b"HTTP/1.1 301 Moved\r\nLocation: /new\r\n\r\n"));
        warc.extend(record("metadata", "https://example.org/a", b"outlinks: none\r\n"));
        warc.extend(record("revisit", "https://example.org/a", b"HTTP/1.1 200 OK\r\n\r\n"));
        let mut reader = InputReader::from_bytes("crawl.warc", warc.clone(), None);
        let (records, rejected) = reader.drain();
        assert!(rejected.is_empty(), "{rejected:?}");
        assert_eq!(records.len(), 1);
        let article = &records[0];
        assert_eq!(article.origin.locator, Locator::Offset(response_at));
        assert_eq!(article.content, "<html><body><p>Article A</p></body></html>");
        assert_eq!(article.encoding, "utf-8 (http)");
        assert_eq!(article.meta.url.as_deref(), Some("https://example.org/a"));
        assert!(article.meta.external_id.as_deref().is_some_and(|id| id.starts_with("<urn:uuid:")));
        assert_eq!(article.meta.published, None);
        assert_eq!(article.meta.extra["warc_date"], "2013-05-07T10:00:00Z");
        let skipped: Vec<_> = reader.skipped().iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            skipped,
            [
                ("warc:metadata", 1),
                ("warc:request", 1),
                ("warc:response:http-3xx", 1),
                ("warc:response:non-html", 1),
                ("warc:revisit", 1),
                ("warc:warcinfo", 1),
            ]
        );
        let checkpoint = reader.checkpoint();
        assert!(checkpoint.complete);
        assert_eq!(checkpoint.offset, warc.len() as u64);
    }

    #[test]
    fn chunked_latin1_payload() {
        let block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\nTransfer-Encoding: chunked\r\n\r\n\
                      6\r\n<p>Caf\r\n6\r\n\xe9 cr\xe8m\r\n5\r\ne</p>\r\n0\r\n\r\n";
        let (records, rejected) = read_all("c.warc", &record("response", "https://example.org/c", block));
        assert!(rejected.is_empty(), "{rejected:?}");
        assert_eq!(records[0].content, "<p>Café crème</p>");
        assert_eq!(records[0].encoding, "windows-1252 (http)");
    }

    #[test]
    fn missing_content_type_is_sniffed() {
        let html = record("response", "u", b"HTTP/1.1 200 OK\r\n\r\n<!DOCTYPE html><p>x</p>");
        let json = record("response", "v", b"HTTP/1.1 200 OK\r\n\r\n{\"a\": 1}");
        let mut warc = html;
        warc.extend(json);
        let mut reader = InputReader::from_bytes("x.warc", warc, None);
        let (records, _) = reader.drain();
        assert_eq!(records.len(), 1);
        assert_eq!(reader.skipped().get("warc:response:non-html"), Some(&1));
    }

    fn three_member_warc_gz() -> (Vec<u8>, Vec<u64>) {
        let mut bytes = Vec::new();
        let mut starts = Vec::new();
        for (i, member) in [
            record("warcinfo", "", b"software: test\r\n"),
            html_response("https://example.org/1", "<p>One</p>"),
            record("request", "https://example.org/2", b"GET / HTTP/1.1\r\n\r\n"),
            html_response("https://example.org/2", "<p>Two</p>"),
            html_response("https://example.org/3", "<p>Three</p>"),
        ]
        .iter()
        .enumerate()
        {
            if i != 0 && i != 2 {
                starts.push(bytes.len() as u64);
            }
            bytes.extend(gzip(member));
        }
        (bytes, starts)
    }

    #[test]
    fn warc_gz_members_resume_in_the_middle() {
        let (bytes, starts) = three_member_warc_gz();
        let mut reader = InputReader::from_bytes("crawl.warc.gz", bytes.clone(), None);
        let first = reader.next_record().unwrap().unwrap();
        let second = reader.next_record().unwrap().unwrap();
        assert_eq!(first.origin.locator, Locator::Offset(starts[0]));
        assert_eq!(second.origin.locator, Locator::Offset(starts[1]));
        assert_eq!(second.content, "<p>Two</p>");
        let checkpoint = reader.checkpoint();
        assert_eq!(checkpoint.offset, starts[2], "resume at the member after the second article");
        assert!(!checkpoint.complete);

        let mut resumed = InputReader::from_bytes("crawl.warc.gz", bytes.clone(), Some(&checkpoint));
        let (records, rejected) = resumed.drain();
        assert!(rejected.is_empty(), "{rejected:?}");
        assert_eq!(records.iter().map(|r| r.content.as_str()).collect::<Vec<_>>(), ["<p>Three</p>"]);
        assert_eq!(records[0].origin.locator, Locator::Offset(starts[2]));
        let done = resumed.checkpoint();
        assert!(done.complete);
        assert_eq!(done.offset, bytes.len() as u64);

        // A complete checkpoint yields nothing; a checkpoint of other bytes is ignored.
        let mut again = InputReader::from_bytes("crawl.warc.gz", bytes.clone(), Some(&done));
        assert!(again.next_record().is_none());
        let mut other = checkpoint.clone();
        other.fingerprint = "len:1:b3:0000000000000000".to_string();
        let (records, _) = InputReader::from_bytes("crawl.warc.gz", bytes, Some(&other)).drain();
        assert_eq!(records.len(), 3);
    }

    #[test]
    fn single_gzip_stream_is_read_too() {
        let mut plain = html_response("https://example.org/1", "<p>One</p>");
        plain.extend(record("request", "https://example.org/2", b"GET / HTTP/1.1\r\n\r\n"));
        plain.extend(html_response("https://example.org/2", "<p>Two</p>"));
        let (records, rejected) = read_all("one-stream.warc.gz", &gzip(&plain));
        assert!(rejected.is_empty(), "{rejected:?}");
        assert_eq!(records.len(), 2);
        assert!(records.iter().all(|r| r.origin.locator == Locator::Offset(0)));
        // Same record bytes, same ids, compressed or not.
        let (uncompressed, _) = read_all("one-stream.warc", &plain);
        assert_eq!(uncompressed[1].id, records[1].id);
    }

    #[test]
    fn truncated_warc_gz_yields_what_came_before() {
        let (bytes, starts) = three_member_warc_gz();
        let cut = &bytes[..bytes.len() - 12];
        let mut reader = InputReader::from_bytes("crawl.warc.gz", cut.to_vec(), None);
        let (records, rejected) = reader.drain();
        assert_eq!(records.len(), 2);
        assert_eq!(rejected.len(), 1, "{rejected:?}");
        assert_eq!(rejected[0].reason, "truncated-gzip");
        assert_eq!(rejected[0].origin.locator, Locator::Offset(starts[2]));
        assert!(rejected[0].detail.contains(&format!("byte {}", starts[2])), "{}", rejected[0].detail);
        let checkpoint = reader.checkpoint();
        assert!(checkpoint.complete);
        assert_eq!(checkpoint.offset, starts[2]);
    }

    #[test]
    fn trailing_garbage_after_gzip_members() {
        let (mut bytes, _) = three_member_warc_gz();
        bytes.extend_from_slice(b"not gzip");
        let (records, rejected) = read_all("crawl.warc.gz", &bytes);
        assert_eq!(records.len(), 3);
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].reason, "corrupt-gzip");
    }

    #[test]
    fn truncated_plain_warc() {
        let mut warc = html_response("https://example.org/1", "<p>One</p>");
        let second_at = warc.len() as u64;
        let second = html_response("https://example.org/2", "<p>Two, which is cut short</p>");
        warc.extend_from_slice(&second[..second.len() - 20]);
        let (records, rejected) = read_all("cut.warc", &warc);
        assert_eq!(records.len(), 1);
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].reason, "truncated-warc");
        assert_eq!(rejected[0].origin.locator, Locator::Offset(second_at));
        assert!(rejected[0].detail.contains("Content-Length"), "{}", rejected[0].detail);
    }

    #[test]
    fn garbage_between_records_is_skipped_with_one_rejection() {
        let mut warc = html_response("https://example.org/1", "<p>One</p>");
        let garbage_at = warc.len() as u64;
        warc.extend_from_slice(b"some junk\r\nmore junk\r\n");
        let third_at = warc.len() as u64;
        warc.extend(html_response("https://example.org/3", "<p>Three</p>"));
        let mut reader = InputReader::from_bytes("junk.warc", warc.clone(), None);
        let (records, rejected) = reader.drain();
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].origin.locator, Locator::Offset(third_at));
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].reason, "malformed-warc");
        assert_eq!(rejected[0].origin.locator, Locator::Offset(garbage_at));

        // Junk with no record after it ends the input.
        let mut tail = html_response("https://example.org/1", "<p>One</p>");
        tail.extend_from_slice(b"junk at the end");
        let (records, rejected) = read_all("tail.warc", &tail);
        assert_eq!(records.len(), 1);
        assert_eq!(rejected.len(), 1);
        assert!(rejected[0].detail.contains("rest of the input was ignored"), "{}", rejected[0].detail);
    }

    #[test]
    fn bad_content_length_skips_to_the_next_record() {
        let mut warc =
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>x</p>\r\n\r\n"
                .to_vec();
        warc.extend(html_response("https://example.org/2", "<p>Two</p>"));
        let (records, rejected) = read_all("bad.warc", &warc);
        assert_eq!(records.len(), 1);
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].reason, "malformed-warc");
        assert!(rejected[0].detail.contains("Content-Length"));
    }

    #[test]
    fn plain_warc_resumes_at_the_record_after_the_last_returned() {
        let mut warc = html_response("https://example.org/1", "<p>One</p>");
        let after_first = warc.len() as u64;
        warc.extend(record("request", "r", b"GET / HTTP/1.1\r\n\r\n"));
        warc.extend(html_response("https://example.org/2", "<p>Two</p>"));
        let mut reader = InputReader::from_bytes("r.warc", warc.clone(), None);
        reader.next_record().unwrap().unwrap();
        let checkpoint = reader.checkpoint();
        assert_eq!(checkpoint.offset, after_first);
        let (records, _) = InputReader::from_bytes("r.warc", warc, Some(&checkpoint)).drain();
        assert_eq!(records.iter().map(|r| r.content.as_str()).collect::<Vec<_>>(), ["<p>Two</p>"]);
    }

    #[test]
    fn gzip_content_encoding_and_empty_body() {
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend(gzip(b"<p>compressed page</p>"));
        let mut warc = record("response", "https://example.org/z", &block);
        warc.extend(record("response", "https://example.org/e", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"));
        let (records, rejected) = read_all("z.warc", &warc);
        assert_eq!(records[0].content, "<p>compressed page</p>");
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].reason, "empty");
    }

    #[test]
    fn misnamed_compression_is_read_as_what_it_is() {
        let plain = html_response("https://example.org/1", "<p>One</p>");
        assert_eq!(read_all("plain.warc.gz", &plain).0.len(), 1);
        assert_eq!(read_all("packed.warc", &gzip(&plain)).0.len(), 1);
    }
}
