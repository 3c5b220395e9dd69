//! Herald's front door: every input a user hands over (plain text, an HTML page, JSON Lines, a
//! WARC crawl, plain or gzipped, an RSS or Atom feed; a file, a directory of them, or stdin)
//! becomes a stream of [`RawArticle`] records with decoded text and whatever metadata the input
//! carried, or of [`Rejected`] records that say what was wrong and where. The crate exists so that
//! no later stage ever sees bytes, encodings or container formats. It promises: it never panics
//! on any input; it never holds more than one record (at most 64 MiB) of a stream in memory
//! (feeds, read whole, up to 256 MiB); a bad record is rejected on its own and reading goes on
//! when the format allows it; a record's id is the hash of its bytes, so re-reading yields the
//! same ids; and after every record the reader's [`Checkpoint`] says how to resume without losing
//! a record.

pub mod charset;
mod detect;
mod error;
mod expand;
mod feed;
mod http;
mod jsonl;
mod payload;
mod stream;
mod warc;
mod whole;

pub use detect::{detect_format, Format};
pub use error::IngestError;
pub use expand::expand_inputs;
pub use payload::MAX_RECORD_BYTES;

use herald_model::{Checkpoint, ContentKind, Origin, RawArticle, Rejected};
use herald_pipeline::Source;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use stream::{read_up_to, ByteStream, Counting, GzMembers};

/// How many leading bytes are used to detect the format and fingerprint the input.
const HEAD_BYTES: usize = 64 * 1024;
/// The largest feed read (feeds are parsed whole).
pub const MAX_FEED_BYTES: u64 = 256 << 20;

/// The key a checkpoint of `input` is stored under: the canonical path when `input` names an
/// existing file, else `input` as given (`-` for stdin).
pub fn checkpoint_key(input: &str) -> String {
    if input == "-" {
        return input.to_string();
    }
    std::fs::canonicalize(input)
        .ok()
        .and_then(|path| path.to_str().map(str::to_string))
        .unwrap_or_else(|| input.to_string())
}

/// A WARC named `.warc.gz` that is not compressed, or named `.warc` that is, is read as what it is.
fn settle_format(format: Format, head: &[u8]) -> Format {
    let gzipped = head.starts_with(&[0x1f, 0x8b]);
    match format {
        Format::WarcGz if !gzipped && detect_format("-", head) == Format::Warc => Format::Warc,
        Format::Warc if gzipped => Format::WarcGz,
        other => other,
    }
}

/// The fingerprint of an input of `len` bytes whose first (up to) 64 KiB are `head`.
fn fingerprint(len: u64, head: &[u8]) -> String {
    let hash = blake3::hash(&head[..head.len().min(HEAD_BYTES)]).to_hex();
    format!("len:{len}:b3:{}", &hash[..16])
}

/// Opens `input` (a file path, or `-` for stdin) for reading, resuming after `resume` when it is
/// a checkpoint of this very input (same fingerprint; stdin is never resumed). Only an input that
/// cannot be opened at all is an error; everything else comes out of the reader as records.
pub fn open(input: &str, resume: Option<&Checkpoint>) -> Result<InputReader, Rejected> {
    let unreadable = |why: String| IngestError::Unreadable(format!("`{input}`: {why}")).reject(Origin::whole(input));
    if input == "-" {
        let head = read_up_to(&mut io::stdin(), HEAD_BYTES).map_err(|e| unreadable(e.to_string()))?;
        let format = detect_format(input, &head);
        let identity = Identity { key: "-".to_string(), fingerprint: "stdin".to_string(), format, size: None };
        return Ok(InputReader::assemble(input, identity, RawInput::Stdin { head }, None));
    }
    let mut file = File::open(input).map_err(|e| unreadable(e.to_string()))?;
    let meta = file.metadata().map_err(|e| unreadable(e.to_string()))?;
    if meta.is_dir() {
        return Err(unreadable("it is a directory; expand it into its files first".to_string()));
    }
    let head = read_up_to(&mut file, HEAD_BYTES).map_err(|e| unreadable(e.to_string()))?;
    let size = meta.is_file().then_some(meta.len());
    let identity = Identity {
        key: checkpoint_key(input),
        fingerprint: fingerprint(size.unwrap_or(head.len() as u64), &head),
        format: settle_format(detect_format(input, &head), &head),
        size,
    };
    Ok(InputReader::assemble(input, identity, RawInput::File { file, head }, resume))
}

/// Reads every record of `bytes`, in the format `name` implies (by extension, else by content).
/// Handy for tests and fuzzing; never panics.
pub fn read_all(name: &str, bytes: &[u8]) -> (Vec<RawArticle>, Vec<Rejected>) {
    InputReader::from_bytes(name, bytes.to_vec(), None).drain()
}

/// What an input is and how it is known again.
struct Identity {
    key: String,
    fingerprint: String,
    format: Format,
    size: Option<u64>,
}

/// Where an input's bytes come from, before it is positioned for reading.
enum RawInput {
    File { file: File, head: Vec<u8> },
    Memory(Vec<u8>),
    Stdin { head: Vec<u8> },
}

impl RawInput {
    /// A stream at `offset` and the offset it is really at (stdin and pipes start at 0).
    fn stream_at(self, offset: u64) -> (ByteStream, u64) {
        match self {
            RawInput::File { mut file, head } => match file.seek(SeekFrom::Start(offset)) {
                Ok(_) => (Box::new(BufReader::with_capacity(HEAD_BYTES, file)), offset),
                Err(_) => (Box::new(BufReader::with_capacity(HEAD_BYTES, Cursor::new(head).chain(file))), 0),
            },
            RawInput::Memory(bytes) => {
                let mut cursor = Cursor::new(bytes);
                cursor.set_position(offset);
                (Box::new(cursor), offset)
            }
            RawInput::Stdin { head } => {
                (Box::new(BufReader::with_capacity(HEAD_BYTES, Cursor::new(head).chain(io::stdin()))), 0)
            }
        }
    }
}

enum Body {
    /// Nothing (left) to read.
    Done {
        offset: u64,
        last_item: Option<String>,
    },
    Whole(whole::WholeReader),
    Jsonl(jsonl::JsonlReader),
    Warc(warc::WarcReader<Counting<ByteStream>>),
    WarcGz(Box<warc::WarcReader<GzMembers<ByteStream>>>),
    Feed {
        reader: feed::FeedReader,
        size: u64,
    },
}

/// The records of one input, in order. Implements [`Source`]: after every record returned,
/// [`Source::checkpoint`] tells where a later run can resume.
pub struct InputReader {
    name: String,
    identity: Identity,
    body: Body,
    skipped: BTreeMap<String, u64>,
}

impl InputReader {
    /// A reader over an input held in memory, named `name` (which also picks its format).
    pub fn from_bytes(name: &str, bytes: Vec<u8>, resume: Option<&Checkpoint>) -> InputReader {
        let identity = Identity {
            key: name.to_string(),
            fingerprint: fingerprint(bytes.len() as u64, &bytes),
            format: settle_format(detect_format(name, &bytes[..bytes.len().min(HEAD_BYTES)]), &bytes),
            size: Some(bytes.len() as u64),
        };
        InputReader::assemble(name, identity, RawInput::Memory(bytes), resume)
    }

    fn assemble(name: &str, identity: Identity, raw: RawInput, resume: Option<&Checkpoint>) -> InputReader {
        let resume = resume.filter(|checkpoint| checkpoint.fingerprint == identity.fingerprint);
        let input = name.to_string();
        let body = match resume {
            Some(checkpoint) if checkpoint.complete => {
                Body::Done { offset: checkpoint.offset, last_item: checkpoint.last_item.clone() }
            }
            _ => {
                let offset = resume.map_or(0, |checkpoint| checkpoint.offset);
                let last_item = resume.and_then(|checkpoint| checkpoint.last_item.as_deref());
                match identity.format {
                    Format::Text => Body::Whole(whole::WholeReader::new(
                        input,
                        ContentKind::Text,
                        raw.stream_at(0).0,
                        identity.size,
                    )),
                    Format::Html => Body::Whole(whole::WholeReader::new(
                        input,
                        ContentKind::Html,
                        raw.stream_at(0).0,
                        identity.size,
                    )),
                    Format::Jsonl => {
                        let (mut stream, _) = raw.stream_at(0);
                        let (at, lines) = skip_counting_lines(&mut stream, offset);
                        Body::Jsonl(jsonl::JsonlReader::new(input, Counting::new(stream, at), lines))
                    }
                    Format::Warc => {
                        let (stream, at) = raw.stream_at(offset);
                        Body::Warc(warc::WarcReader::new(input, Counting::new(stream, at)))
                    }
                    Format::WarcGz => {
                        let (stream, at) = raw.stream_at(offset);
                        Body::WarcGz(Box::new(warc::WarcReader::new(input, GzMembers::new(Counting::new(stream, at)))))
                    }
                    Format::Feed => {
                        let (mut stream, _) = raw.stream_at(0);
                        let bytes = read_feed(&mut stream, identity.size);
                        let size = bytes.as_ref().map_or(0, |b| b.len() as u64);
                        Body::Feed { reader: feed::FeedReader::new(input, bytes, last_item), size }
                    }
                }
            }
        };
        InputReader { name: name.to_string(), identity, body, skipped: BTreeMap::new() }
    }

    /// Reads every remaining record: the records and the rejections, each in input order.
    pub fn drain(&mut self) -> (Vec<RawArticle>, Vec<Rejected>) {
        let mut records = Vec::new();
        let mut rejected = Vec::new();
        while let Some(outcome) = self.next_record() {
            match outcome {
                Ok(record) => records.push(record),
                Err(rejection) => rejected.push(rejection),
            }
        }
        (records, rejected)
    }

    /// The format the input is read as.
    pub fn format(&self) -> Format {
        self.identity.format
    }

    /// Records skipped on purpose, by what they were (`warc:request`, `warc:response:non-html`).
    pub fn skipped(&self) -> &BTreeMap<String, u64> {
        &self.skipped
    }
}

/// Reads a feed whole, refusing one larger than [`MAX_FEED_BYTES`].
fn read_feed(stream: &mut ByteStream, size: Option<u64>) -> Result<Vec<u8>, IngestError> {
    let too_large = |size, at_least| IngestError::TooLarge { size, at_least, limit: MAX_FEED_BYTES };
    if let Some(size) = size.filter(|&size| size > MAX_FEED_BYTES) {
        return Err(too_large(size, false));
    }
    let bytes = read_up_to(stream, MAX_FEED_BYTES as usize + 1).map_err(|e| IngestError::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > MAX_FEED_BYTES {
        return Err(too_large(MAX_FEED_BYTES, true));
    }
    Ok(bytes)
}

/// Skips `count` bytes, counting the line ends in them; returns the bytes skipped and the lines.
fn skip_counting_lines(stream: &mut ByteStream, count: u64) -> (u64, u64) {
    let (mut skipped, mut lines) = (0u64, 0u64);
    while skipped < count {
        let Ok(available) = stream.fill_buf() else {
            break;
        };
        if available.is_empty() {
            break;
        }
        let n = available.len().min(usize::try_from(count - skipped).unwrap_or(usize::MAX));
        lines += memchr::memchr_iter(b'\n', &available[..n]).count() as u64;
        stream.consume(n);
        skipped += n as u64;
    }
    (skipped, lines)
}

impl Source for InputReader {
    type Record = RawArticle;

    fn name(&self) -> &str {
        &self.name
    }

    fn next_record(&mut self) -> Option<Result<RawArticle, Rejected>> {
        match &mut self.body {
            Body::Done { .. } => None,
            Body::Whole(reader) => reader.next_record(),
            Body::Jsonl(reader) => reader.next_record(),
            Body::Warc(reader) => reader.next_record(&mut self.skipped),
            Body::WarcGz(reader) => reader.next_record(&mut self.skipped),
            Body::Feed { reader, .. } => reader.next_record(),
        }
    }

    fn checkpoint(&self) -> Checkpoint {
        let (offset, last_item, complete) = match &self.body {
            Body::Done { offset, last_item } => (*offset, last_item.clone(), true),
            Body::Whole(reader) => (reader.offset(), None, reader.finished()),
            Body::Jsonl(reader) => (reader.offset(), None, reader.finished()),
            Body::Warc(reader) => (reader.offset(), None, reader.finished()),
            Body::WarcGz(reader) => (reader.offset(), None, reader.finished()),
            Body::Feed { reader, size } => {
                let finished = reader.finished();
                (if finished { *size } else { 0 }, reader.last_item().map(str::to_string), finished)
            }
        };
        Checkpoint {
            input: self.identity.key.clone(),
            fingerprint: self.identity.fingerprint.clone(),
            offset,
            last_item,
            complete,
        }
    }
}
