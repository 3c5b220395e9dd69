//! Why a record or an input could not be read: one enum, each variant with its reason code.

use herald_model::{Origin, Rejected, Stage};

/// Everything that turns an input, or one record of it, away. Each variant maps to a short
/// kebab-case reason code ([`IngestError::reason`]) and its message is the detail a person reads.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read the input: {0}")]
    Unreadable(String),
    #[error("the input holds nothing but whitespace")]
    Empty,
    #[error("the data looks binary ({0}); herald reads text, HTML, JSONL, WARC and RSS/Atom feeds")]
    Binary(String),
    #[error("the record is {} bytes, above the limit of {limit} bytes; split the input or extract the article first", describe_size(*size, *at_least))]
    TooLarge { size: u64, at_least: bool, limit: u64 },
    #[error("line {line} is not a valid JSON object: {message}")]
    MalformedJson { line: u64, message: String },
    #[error("{0}")]
    MissingContent(String),
    #[error("the gzip data ends early in the member that starts at byte {offset} ({message}); the records before it were read, the rest of the input was not")]
    TruncatedGzip { offset: u64, message: String },
    #[error("the gzip data is corrupt in the member that starts at byte {offset} ({message}); the records before it were read, the rest of the input was not")]
    CorruptGzip { offset: u64, message: String },
    #[error("the WARC record at byte {offset} ends early: {message}; the records before it were read")]
    TruncatedWarc { offset: u64, message: String },
    #[error("{message} (at byte {offset})")]
    MalformedWarc { offset: u64, message: String },
    #[error("the HTTP response in the WARC record at byte {offset} cannot be read: {message}")]
    MalformedHttp { offset: u64, message: String },
    #[error("the HTTP response in the WARC record at byte {offset} uses Content-Encoding `{encoding}`, which herald cannot decompress")]
    UnsupportedEncoding { offset: u64, encoding: String },
    #[error("the feed cannot be parsed: {0}")]
    MalformedFeed(String),
}

fn describe_size(size: u64, at_least: bool) -> String {
    if at_least {
        format!("more than {size}")
    } else {
        size.to_string()
    }
}

impl IngestError {
    /// The short machine-friendly reason code stored with the rejection.
    pub fn reason(&self) -> &'static str {
        match self {
            IngestError::Unreadable(_) => "unreadable",
            IngestError::Empty => "empty",
            IngestError::Binary(_) => "binary",
            IngestError::TooLarge { .. } => "too-large",
            IngestError::MalformedJson { .. } => "malformed-json",
            IngestError::MissingContent(_) => "missing-content",
            IngestError::TruncatedGzip { .. } => "truncated-gzip",
            IngestError::CorruptGzip { .. } => "corrupt-gzip",
            IngestError::TruncatedWarc { .. } => "truncated-warc",
            IngestError::MalformedWarc { .. } => "malformed-warc",
            IngestError::MalformedHttp { .. } => "malformed-http",
            IngestError::UnsupportedEncoding { .. } => "unsupported-encoding",
            IngestError::MalformedFeed(_) => "malformed-feed",
        }
    }

    /// [`Stage::Read`] when the bytes themselves could not be had, [`Stage::Decode`] when they
    /// were had but could not become a record.
    pub fn stage(&self) -> Stage {
        match self {
            IngestError::Unreadable(_)
            | IngestError::TooLarge { .. }
            | IngestError::TruncatedGzip { .. }
            | IngestError::CorruptGzip { .. }
            | IngestError::TruncatedWarc { .. }
            | IngestError::MalformedWarc { .. } => Stage::Read,
            IngestError::Empty
            | IngestError::Binary(_)
            | IngestError::MalformedJson { .. }
            | IngestError::MissingContent(_)
            | IngestError::MalformedHttp { .. }
            | IngestError::UnsupportedEncoding { .. }
            | IngestError::MalformedFeed(_) => Stage::Decode,
        }
    }

    /// The rejection record for this error at `origin`.
    pub fn reject(&self, origin: Origin) -> Rejected {
        Rejected { origin, stage: self.stage(), reason: self.reason().to_string(), detail: self.to_string() }
    }
}
