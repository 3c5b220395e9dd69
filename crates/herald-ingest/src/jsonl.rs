//! JSON Lines: one article per line, as a JSON object with `text` or `html` and optional
//! metadata keys. A bad line is rejected on its own and reading goes on with the next one.

use crate::error::IngestError;
use crate::payload::{self, MAX_RECORD_BYTES};
use crate::stream::{read_line_limited, ByteStream, Counting};
use herald_model::{ContentKind, DocId, InputMeta, Locator, Origin, RawArticle, Rejected};
use serde_json::{Map, Value};
use std::io::BufRead;

/// Keys that may hold the publication date, in order of preference.
const PUBLISHED_KEYS: [&str; 4] = ["published", "date", "published_at", "pubDate"];

/// Reads the records of a JSONL input, line by line.
pub(crate) struct JsonlReader {
    input: String,
    stream: Counting<ByteStream>,
    line_number: u64,
    finished: bool,
    line: Vec<u8>,
}

impl JsonlReader {
    /// A reader over `stream`, positioned after `lines_before` lines of the input.
    pub(crate) fn new(input: String, stream: Counting<ByteStream>, lines_before: u64) -> Self {
        JsonlReader { input, stream, line_number: lines_before, finished: false, line: Vec::new() }
    }

    /// Bytes of the input consumed so far.
    pub(crate) fn offset(&self) -> u64 {
        self.stream.position()
    }

    pub(crate) fn finished(&self) -> bool {
        self.finished
    }

    pub(crate) fn next_record(&mut self) -> Option<Result<RawArticle, Rejected>> {
        while !self.finished {
            let at_start = self.stream.position() == 0;
            let line = match read_line_limited(&mut self.stream, MAX_RECORD_BYTES as usize, &mut self.line) {
                Ok(line) => line,
                Err(e) => {
                    self.finished = true;
                    let origin = self.origin(self.line_number + 1);
                    return Some(Err(IngestError::Unreadable(e.to_string()).reject(origin)));
                }
            };
            if line.consumed == 0 {
                self.finished = true;
                return None;
            }
            self.line_number += 1;
            // Look ahead so that the checkpoint says "complete" as soon as the last line is out.
            if matches!(self.stream.fill_buf(), Ok(rest) if rest.is_empty()) {
                self.finished = true;
            }
            let origin = self.origin(self.line_number);
            if line.overflow {
                let error = IngestError::TooLarge { size: line.consumed, at_least: false, limit: MAX_RECORD_BYTES };
                return Some(Err(error.reject(origin)));
            }
            let mut bytes = &self.line[..];
            if let Some(rest) = bytes.strip_suffix(b"\r") {
                bytes = rest;
            }
            if at_start {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(match parse_line(bytes, self.line_number) {
                Ok((kind, content, meta)) => Ok(RawArticle {
                    id: DocId::of_bytes(bytes),
                    origin,
                    kind,
                    content,
                    encoding: "utf-8 (json)".to_string(),
                    meta,
                }),
                Err(error) => Err(error.reject(origin)),
            });
        }
        None
    }

    fn origin(&self, line: u64) -> Origin {
        Origin { input: self.input.clone(), locator: Locator::Line(line) }
    }
}

/// Turns one JSON line into its content kind, content and metadata.
pub(crate) fn parse_line(bytes: &[u8], line: u64) -> Result<(ContentKind, String, InputMeta), IngestError> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| IngestError::MalformedJson { line, message: e.to_string() })?;
    let Value::Object(mut map) = value else {
        return Err(IngestError::MalformedJson {
            line,
            message: format!("found {}, expected an object", kind_of(&value)),
        });
    };
    let mut meta = InputMeta {
        external_id: take_scalar(&mut map, "id"),
        url: take_string(&mut map, "url"),
        title: take_string(&mut map, "title"),
        published: None,
        source: take_string(&mut map, "source"),
        author: take_string(&mut map, "author"),
        extra: Map::new(),
    };
    for key in PUBLISHED_KEYS {
        if meta.published.is_none() {
            meta.published = take_scalar(&mut map, key);
        }
    }
    let html = take_string(&mut map, "html");
    let text = take_string(&mut map, "text");
    let has_words = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.trim().is_empty());
    let (kind, content, unused) = if has_words(&html) {
        (ContentKind::Html, html, text.map(|t| ("text", t)))
    } else if has_words(&text) {
        (ContentKind::Text, text, html.map(|h| ("html", h)))
    } else if html.is_some() || text.is_some() {
        return Err(IngestError::Empty);
    } else {
        let message = format!("line {line} has no `text` or `html` string to read the article from");
        return Err(IngestError::MissingContent(message));
    };
    if let Some((key, value)) = unused {
        map.insert(key.to_string(), Value::String(value));
    }
    let content = content.unwrap_or_default();
    payload::check_bytes(content.as_bytes())?;
    meta.extra = map;
    Ok((kind, content, meta))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Removes and returns `key` when it is a string; a null is dropped, anything else is left.
fn take_string(map: &mut Map<String, Value>, key: &str) -> Option<String> {
    match map.get(key)? {
        Value::String(_) | Value::Null => match map.remove(key)? {
            Value::String(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// As [`take_string`], also accepting a number (kept in its JSON spelling).
fn take_scalar(map: &mut Map<String, Value>, key: &str) -> Option<String> {
    if let Some(Value::Number(n)) = map.get(key) {
        let n = n.to_string();
        map.remove(key);
        return Some(n);
    }
    take_string(map, key)
}

#[cfg(test)]
mod tests {
    use crate::read_all;
    use herald_model::{ContentKind, Locator};
    use serde_json::json;

    #[test]
    fn a_bad_line_in_the_middle_does_not_stop_the_rest() {
        let input = concat!(
            "{\"id\": \"a\", \"text\": \"First story.\"}\n",
            "{\"id\": \"b\", \"text\": \"broken\n",
            "\n",
            "{\"id\": 3, \"html\": \"<p>Third</p>\"}\r\n",
        );
        let (records, rejected) = read_all("in.jsonl", input.as_bytes());
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].meta.external_id.as_deref(), Some("a"));
        assert_eq!(records[0].origin.locator, Locator::Line(1));
        assert_eq!(records[0].kind, ContentKind::Text);
        assert_eq!(records[1].meta.external_id.as_deref(), Some("3"));
        assert_eq!(records[1].origin.locator, Locator::Line(4));
        assert_eq!(records[1].kind, ContentKind::Html);
        assert_eq!(records[1].id, herald_model::DocId::of_bytes(br#"{"id": 3, "html": "<p>Third</p>"}"#));
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].reason, "malformed-json");
        assert_eq!(rejected[0].origin.locator, Locator::Line(2));
        assert!(rejected[0].detail.contains("line 2"), "{}", rejected[0].detail);
        assert!(rejected[0].detail.contains("EOF while parsing"), "{}", rejected[0].detail);
    }

    #[test]
    fn keys_are_mapped_and_unknown_keys_kept() {
        let line = json!({
            "id": 42, "url": "https://example.org/a", "title": "T", "html": "<p>Body</p>", "text": "Body",
            "pubDate": "Tue, 07 May 2013 10:00:00 GMT", "source": "Example News", "author": "A. Writer",
            "section": "world", "tags": ["x", "y"], "title_alt": null, "date": "2013-05-06"
        });
        let (records, rejected) = read_all("in.jsonl", line.to_string().as_bytes());
        assert!(rejected.is_empty(), "{rejected:?}");
        let meta = &records[0].meta;
        assert_eq!(meta.external_id.as_deref(), Some("42"));
        assert_eq!(meta.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(meta.title.as_deref(), Some("T"));
        assert_eq!(meta.published.as_deref(), Some("2013-05-06"));
        assert_eq!(meta.source.as_deref(), Some("Example News"));
        assert_eq!(meta.author.as_deref(), Some("A. Writer"));
        assert_eq!(records[0].kind, ContentKind::Html);
        assert_eq!(records[0].content, "<p>Body</p>");
        assert_eq!(meta.extra["text"], json!("Body"));
        assert_eq!(meta.extra["section"], json!("world"));
        assert_eq!(meta.extra["tags"], json!(["x", "y"]));
        assert_eq!(meta.extra["title_alt"], json!(null));
        assert_eq!(meta.extra["pubDate"], json!("Tue, 07 May 2013 10:00:00 GMT"));
        assert!(!meta.extra.contains_key("date"));
    }

    #[test]
    fn missing_and_empty_content() {
        let input = "{\"title\": \"no body\"}\n{\"text\": \"  \"}\n[1, 2]\n{\"text\": 5}\n";
        let (records, rejected) = read_all("in.jsonl", input.as_bytes());
        assert!(records.is_empty());
        let reasons: Vec<_> = rejected.iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(reasons, ["missing-content", "empty", "malformed-json", "missing-content"]);
        assert!(rejected[2].detail.contains("expected an object"));
    }

    #[test]
    fn bom_on_the_first_line_is_ignored() {
        let (records, rejected) = read_all("in.jsonl", b"\xEF\xBB\xBF{\"text\": \"Hello\"}");
        assert!(rejected.is_empty(), "{rejected:?}");
        assert_eq!(records[0].content, "Hello");
    }
}
