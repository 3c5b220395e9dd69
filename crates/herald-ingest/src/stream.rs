//! Byte streams that know where they are: a counting reader (for offsets and checkpoints), a
//! gzip reader that decodes member by member and knows each member's compressed offset, and a
//! line reader with a length limit.

use crate::error::IngestError;
use flate2::bufread::GzDecoder;
use std::io::{self, BufRead, Read};

/// The byte stream an input is read from (a file, stdin or memory).
pub(crate) type ByteStream = Box<dyn BufRead + Send>;

/// A buffered reader that counts the bytes consumed from it.
pub(crate) struct Counting<R> {
    inner: R,
    position: u64,
}

impl<R> Counting<R> {
    pub(crate) fn new(inner: R, position: u64) -> Self {
        Counting { inner, position }
    }

    /// Bytes consumed so far (plus the starting position).
    pub(crate) fn position(&self) -> u64 {
        self.position
    }
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.position += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount);
        self.position += amount as u64;
    }
}

/// A stream of WARC data: where the record about to be read starts, where a later run could
/// resume, and what went wrong below the WARC layer (gzip) when a read failed.
pub(crate) trait WarcStream: BufRead {
    /// The locator offset of the data at the current position (for gzip, its member's start).
    fn record_start(&self) -> u64;
    /// The offset a later run can seek to and read on from without losing data.
    fn resume_offset(&self) -> u64;
    /// The failure behind the last read error, if the stream knows it better than `io::Error`.
    fn take_failure(&mut self) -> Option<IngestError>;
}

impl<R: BufRead> WarcStream for Counting<R> {
    fn record_start(&self) -> u64 {
        self.position
    }

    fn resume_offset(&self) -> u64 {
        self.position
    }

    fn take_failure(&mut self) -> Option<IngestError> {
        None
    }
}

enum GzState<R> {
    /// Between members (or before the first): the compressed stream itself.
    Between(Counting<R>),
    /// Inside a member.
    Member(GzDecoder<Counting<R>>),
    /// All members read.
    Done,
    /// A member was truncated or corrupt; nothing more is read.
    Failed,
}

/// Decompresses a sequence of gzip members as one stream, remembering the compressed offset at
/// which the member being read started. A file that is one gzip stream is one member.
pub(crate) struct GzMembers<R> {
    state: GzState<R>,
    buffer: Box<[u8]>,
    start: usize,
    end: usize,
    member_start: u64,
    failure: Option<IngestError>,
}

impl<R: BufRead> GzMembers<R> {
    pub(crate) fn new(compressed: Counting<R>) -> Self {
        let member_start = compressed.position();
        GzMembers {
            state: GzState::Between(compressed),
            buffer: vec![0; 64 * 1024].into_boxed_slice(),
            start: 0,
            end: 0,
            member_start,
            failure: None,
        }
    }

    fn fail(&mut self, failure: IngestError) -> io::Error {
        let error = io::Error::other(failure.to_string());
        self.failure = Some(failure);
        self.state = GzState::Failed;
        error
    }

    /// Decodes more data into the buffer, moving on to the next member when one ends.
    fn refill(&mut self) -> io::Result<()> {
        while self.start == self.end {
            match std::mem::replace(&mut self.state, GzState::Failed) {
                GzState::Between(mut compressed) => {
                    let position = compressed.position();
                    let head = match compressed.fill_buf() {
                        Ok(head) => head,
                        Err(e) => return Err(self.fail(IngestError::Unreadable(e.to_string()))),
                    };
                    self.member_start = position;
                    if head.is_empty() {
                        self.state = GzState::Done;
                        return Ok(());
                    }
                    if head[0] != 0x1f || (head.len() > 1 && head[1] != 0x8b) {
                        return Err(self.fail(IngestError::CorruptGzip {
                            offset: position,
                            message: "expected a gzip member (bytes 1f 8b) but found other data".to_string(),
                        }));
                    }
                    self.state = GzState::Member(GzDecoder::new(compressed));
                }
                GzState::Member(mut decoder) => match decoder.read(&mut self.buffer) {
                    Ok(0) => self.state = GzState::Between(decoder.into_inner()),
                    Ok(n) => {
                        self.start = 0;
                        self.end = n;
                        self.state = GzState::Member(decoder);
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => self.state = GzState::Member(decoder),
                    Err(e) => {
                        let offset = self.member_start;
                        let message = e.to_string();
                        let failure = if e.kind() == io::ErrorKind::UnexpectedEof {
                            IngestError::TruncatedGzip { offset, message }
                        } else {
                            IngestError::CorruptGzip { offset, message }
                        };
                        return Err(self.fail(failure));
                    }
                },
                GzState::Done => {
                    self.state = GzState::Done;
                    return Ok(());
                }
                GzState::Failed => return Err(io::Error::other("the gzip stream failed earlier")),
            }
        }
        Ok(())
    }
}

impl<R: BufRead> Read for GzMembers<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for GzMembers<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.refill()?;
        Ok(&self.buffer[self.start..self.end])
    }

    fn consume(&mut self, amount: usize) {
        self.start = (self.start + amount).min(self.end);
    }
}

impl<R: BufRead> WarcStream for GzMembers<R> {
    fn record_start(&self) -> u64 {
        self.member_start
    }

    fn resume_offset(&self) -> u64 {
        match &self.state {
            GzState::Between(compressed) => compressed.position(),
            GzState::Member(_) | GzState::Done | GzState::Failed => self.member_start,
        }
    }

    fn take_failure(&mut self) -> Option<IngestError> {
        self.failure.take()
    }
}

/// One line read by [`read_line_limited`].
pub(crate) struct Line {
    /// Bytes consumed, including the line end; 0 at the end of the input.
    pub(crate) consumed: u64,
    /// Whether the line was longer than the limit (the excess was read and dropped).
    pub(crate) overflow: bool,
}

/// Reads one line into `out` (without its `\n`), keeping at most `limit` bytes of it and
/// consuming the rest of an overlong line without holding it.
pub(crate) fn read_line_limited(input: &mut impl BufRead, limit: usize, out: &mut Vec<u8>) -> io::Result<Line> {
    out.clear();
    let mut line = Line { consumed: 0, overflow: false };
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(line);
        }
        let (take, content, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, i, true),
            None => (available.len(), available.len(), false),
        };
        let room = limit.saturating_sub(out.len());
        if content > room {
            line.overflow = true;
        }
        out.extend_from_slice(&available[..content.min(room)]);
        input.consume(take);
        line.consumed += take as u64;
        if done {
            return Ok(line);
        }
    }
}

/// Reads up to `limit` bytes, stopping early only at the end of the input.
pub(crate) fn read_up_to(input: &mut impl Read, limit: usize) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    input.take(limit as u64).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn members_are_read_as_one_stream_with_offsets() {
        let first = gzip(b"hello ");
        let second = gzip(b"world");
        let mut bytes = first.clone();
        bytes.extend_from_slice(&second);
        let mut members = GzMembers::new(Counting::new(&bytes[..], 0));
        let mut text = String::new();
        let mut buf = [0u8; 6];
        members.read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"hello ");
        assert_eq!(members.record_start(), 0);
        assert!(!members.fill_buf().unwrap().is_empty());
        assert_eq!(members.record_start(), first.len() as u64);
        assert_eq!(members.resume_offset(), first.len() as u64);
        members.read_to_string(&mut text).unwrap();
        assert_eq!(text, "world");
        assert_eq!(members.resume_offset(), bytes.len() as u64);
    }

    #[test]
    fn truncated_member_is_reported() {
        let mut bytes = gzip(b"complete");
        let second = gzip(&[b'x'; 1000]);
        let start = bytes.len() as u64;
        bytes.extend_from_slice(&second[..second.len() - 5]);
        let mut members = GzMembers::new(Counting::new(&bytes[..], 0));
        let mut out = Vec::new();
        assert!(members.read_to_end(&mut out).is_err());
        match members.take_failure() {
            Some(IngestError::TruncatedGzip { offset, .. }) => assert_eq!(offset, start),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn lines_are_limited() {
        let mut input = &b"short\r\nthis line is long\nlast"[..];
        let mut out = Vec::new();
        let line = read_line_limited(&mut input, 8, &mut out).unwrap();
        assert_eq!((line.consumed, line.overflow, &out[..]), (7, false, &b"short\r"[..]));
        let line = read_line_limited(&mut input, 8, &mut out).unwrap();
        assert_eq!((line.consumed, line.overflow, &out[..]), (18, true, &b"this lin"[..]));
        let line = read_line_limited(&mut input, 8, &mut out).unwrap();
        assert_eq!((line.consumed, line.overflow, &out[..]), (4, false, &b"last"[..]));
        assert_eq!(read_line_limited(&mut input, 8, &mut out).unwrap().consumed, 0);
    }
}
