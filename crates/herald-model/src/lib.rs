//! The plain types every herald stage speaks: what an input record is, what an article becomes,
//! and what a rejection says. This crate holds data and the invariants of that data only (no I/O,
//! no parsing), so that every other crate can depend on it without pulling anything else in, and
//! so that the JSON API, the exports and the store all use the same field names.
//!
//! Spans are half-open byte ranges into [`Document::text`], which is valid UTF-8: every later stage
//! (sentences, mentions, timexes, events) points back into that one string.

use serde::{Deserialize, Serialize};
use std::fmt;

mod entity;
pub use entity::{ActorCode, Entity, EntityType, Mention, MentionForm, Place};

/// A document's identity: the BLAKE3 hash of the bytes it was read from, hex-encoded.
///
/// Re-ingesting the same bytes yields the same id, which is what makes ingestion idempotent.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl DocId {
    /// The id of a record read from `bytes`.
    pub fn of_bytes(bytes: &[u8]) -> Self {
        DocId(blake3::hash(bytes).to_hex().to_string())
    }

    /// The short form shown to people (first 16 hex digits); accepted wherever an id is.
    pub fn short(&self) -> &str {
        &self.0[..self.0.len().min(16)]
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a record was read from: the input (a path, `-`, or a URL-like name) and the place in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The input as the user named it (file path, `-` for stdin).
    pub input: String,
    /// The record's place within that input.
    pub locator: Locator,
}

impl Origin {
    pub fn whole(input: impl Into<String>) -> Self {
        Origin { input: input.into(), locator: Locator::Whole }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.locator {
            Locator::Whole => write!(f, "{}", self.input),
            Locator::Line(n) => write!(f, "{}:{}", self.input, n),
            Locator::Offset(n) => write!(f, "{}@{}", self.input, n),
            Locator::Item(id) => write!(f, "{}#{}", self.input, id),
        }
    }
}

/// A record's place within its input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "at")]
pub enum Locator {
    /// The whole file is one record.
    Whole,
    /// 1-based line number (JSONL).
    Line(u64),
    /// Byte offset where the record starts (WARC; for .warc.gz, the offset of its gzip member).
    Offset(u64),
    /// An item identifier inside a feed (guid, link or index).
    Item(String),
}

/// What a record's payload is, which decides how it is turned into an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentKind {
    Html,
    Text,
}

/// One article as an input format delivers it, before extraction: decoded text plus whatever
/// metadata the input itself carried.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RawArticle {
    pub id: DocId,
    pub origin: Origin,
    pub kind: ContentKind,
    /// The decoded payload (HTML source or plain text).
    pub content: String,
    /// The character encoding the payload was decoded from, and how that was decided.
    pub encoding: String,
    pub meta: InputMeta,
}

/// Metadata carried by the input itself (JSONL keys, feed item fields, WARC headers).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InputMeta {
    /// The external id (JSONL `id`, feed guid, WARC-Record-ID); kept in every export.
    pub external_id: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// The publication time as the input states it, unparsed.
    pub published: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    /// Every other key the input carried (JSONL unknown keys), kept as they were.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The publication date (document creation time) and the evidence it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dct {
    /// `YYYY-MM-DD`, or `YYYY-MM-DDThh:mm:ssZ` when a time (normalised to UTC) is known.
    pub value: String,
    pub source: DctSource,
}

impl Dct {
    /// The calendar date part, `YYYY-MM-DD`.
    pub fn date(&self) -> &str {
        &self.value[..10.min(self.value.len())]
    }
}

/// Where a publication date came from, in the order of preference used to pick one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DctSource {
    /// The input's own metadata (JSONL `published`, feed item date, WARC-Date is *not* used).
    Input,
    /// The page's metadata (meta tags, JSON-LD, `<time>`, URL path).
    Page,
    /// A dateline in the article text ("May 6, 2013 --").
    Dateline,
    /// The `--date` given on the command line.
    CommandLine,
}

impl DctSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DctSource::Input => "input",
            DctSource::Page => "page",
            DctSource::Dateline => "dateline",
            DctSource::CommandLine => "command_line",
        }
    }
}

/// What a paragraph of an article is. Only [`ParagraphKind::Body`] is read by later stages, but
/// every paragraph is kept so that nothing is lost and the removed boilerplate can be shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParagraphKind {
    Headline,
    Body,
    Caption,
    Credit,
    QuoteBox,
    RelatedLink,
    SubscriptionAppeal,
    OtherBoilerplate,
}

impl ParagraphKind {
    pub const ALL: [ParagraphKind; 8] = [
        ParagraphKind::Headline,
        ParagraphKind::Body,
        ParagraphKind::Caption,
        ParagraphKind::Credit,
        ParagraphKind::QuoteBox,
        ParagraphKind::RelatedLink,
        ParagraphKind::SubscriptionAppeal,
        ParagraphKind::OtherBoilerplate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ParagraphKind::Headline => "headline",
            ParagraphKind::Body => "body",
            ParagraphKind::Caption => "caption",
            ParagraphKind::Credit => "credit",
            ParagraphKind::QuoteBox => "quote-box",
            ParagraphKind::RelatedLink => "related-link",
            ParagraphKind::SubscriptionAppeal => "subscription-appeal",
            ParagraphKind::OtherBoilerplate => "other-boilerplate",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A paragraph: a kind and a span of [`Document::text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub kind: ParagraphKind,
    pub start: usize,
    pub end: usize,
}

/// An article after extraction: its clean text as paragraphs, each with a kind, and its metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    pub origin: Origin,
    pub external_id: Option<String>,
    pub url: Option<String>,
    /// The source (outlet) name: `--source`, the input's own, or the page's site name.
    pub source: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub site: Option<String>,
    /// ISO 639-1 code of the body's language, when it could be told.
    pub language: Option<String>,
    pub dct: Option<Dct>,
    /// All paragraphs, separated by blank lines ("\n\n"); [`Document::paragraphs`] index it.
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    /// Metadata the input carried that has no field of its own.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub meta: serde_json::Map<String, serde_json::Value>,
}

impl Document {
    /// The text of one paragraph.
    pub fn paragraph_text(&self, p: &Paragraph) -> &str {
        &self.text[p.start..p.end]
    }

    /// Body paragraphs only: what later stages read.
    pub fn body(&self) -> impl Iterator<Item = (&Paragraph, &str)> {
        self.paragraphs.iter().filter(|p| p.kind == ParagraphKind::Body).map(move |p| (p, &self.text[p.start..p.end]))
    }

    /// The body paragraphs joined by blank lines (what an extraction benchmark compares).
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for (_, t) in self.body() {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(t);
        }
        out
    }

    /// Builds the text and spans from `(kind, text)` pairs; empty paragraphs are dropped.
    pub fn assemble(parts: impl IntoIterator<Item = (ParagraphKind, String)>) -> (String, Vec<Paragraph>) {
        let mut text = String::new();
        let mut paragraphs = Vec::new();
        for (kind, part) in parts {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(part);
            paragraphs.push(Paragraph { kind, start, end: text.len() });
        }
        (text, paragraphs)
    }

    /// Checks the span invariants: in bounds, on char boundaries, ordered, non-overlapping.
    pub fn check_invariants(&self) -> Result<(), String> {
        let mut last = 0;
        for p in &self.paragraphs {
            if p.start < last || p.end < p.start || p.end > self.text.len() {
                return Err(format!("paragraph span {}..{} out of order or bounds", p.start, p.end));
            }
            if !self.text.is_char_boundary(p.start) || !self.text.is_char_boundary(p.end) {
                return Err(format!("paragraph span {}..{} splits a character", p.start, p.end));
            }
            last = p.end;
        }
        Ok(())
    }
}

/// The stage at which an input was turned away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Read,
    Decode,
    Extract,
    Store,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Decode => "decode",
            Stage::Extract => "extract",
            Stage::Store => "store",
        }
    }
}

/// An input (or one record of it) that could not become a document, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub origin: Origin,
    pub stage: Stage,
    /// A short machine-friendly reason code (`empty`, `binary`, `malformed-json`, ...).
    pub reason: String,
    /// What a person can act on: what was wrong with this input.
    pub detail: String,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({}): {}", self.origin, self.reason, self.stage.as_str(), self.detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assemble_keeps_spans_consistent() {
        let (text, ps) = Document::assemble([
            (ParagraphKind::Headline, " Title ".to_string()),
            (ParagraphKind::Body, String::new()),
            (ParagraphKind::Body, "Body é.".to_string()),
        ]);
        assert_eq!(text, "Title\n\nBody é.");
        assert_eq!(ps.len(), 2);
        assert_eq!(&text[ps[1].start..ps[1].end], "Body é.");
    }

    #[test]
    fn kinds_round_trip() {
        for k in ParagraphKind::ALL {
            assert_eq!(ParagraphKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn doc_id_is_stable() {
        assert_eq!(DocId::of_bytes(b"abc"), DocId::of_bytes(b"abc"));
        assert_ne!(DocId::of_bytes(b"abc"), DocId::of_bytes(b"abd"));
        assert_eq!(DocId::of_bytes(b"abc").short().len(), 16);
    }
}

/// How far a run got through one input, stored in the same transaction as the documents read
/// before it, so that an interrupted run resumes after the last batch that landed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The input as named by the user, canonicalised when it is a path.
    pub input: String,
    /// A fingerprint of the input (size and a hash of its first bytes) so that a changed file is
    /// read again from the start rather than resumed at a stale offset.
    pub fingerprint: String,
    /// Bytes of the input consumed (for line- and record-based formats).
    pub offset: u64,
    /// The last feed item consumed (guid or link), for feeds.
    pub last_item: Option<String>,
    /// Whether the whole input has been consumed.
    pub complete: bool,
}
