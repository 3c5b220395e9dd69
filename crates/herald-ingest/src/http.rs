//! The HTTP response inside a WARC `response` record: status, headers, and the body with its
//! transfer and content encodings undone.

use crate::charset::charset_parameter;
use crate::error::IngestError;
use crate::payload::{self, MAX_RECORD_BYTES};
use std::borrow::Cow;
use std::io::Read;

/// How far into a block the end of the HTTP headers is looked for.
const HEAD_LIMIT: usize = 1 << 20;

/// A parsed HTTP response that borrows its body from the WARC block.
pub(crate) struct HttpResponse<'a> {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    body: &'a [u8],
}

/// Parses `block` as an HTTP response; `Ok(None)` when it is not one (no `HTTP/` status line).
pub(crate) fn parse_response(block: &[u8]) -> Result<Option<HttpResponse<'_>>, String> {
    if !block.starts_with(b"HTTP/") {
        return Ok(None);
    }
    let window = &block[..block.len().min(HEAD_LIMIT)];
    let crlf = memchr::memmem::find(window, b"\r\n\r\n").map(|at| (at, 4));
    let lf = memchr::memmem::find(window, b"\n\n").map(|at| (at, 2));
    let (head_end, separator) = match (crlf, lf) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) if block.len() <= HEAD_LIMIT => (block.len(), 0),
        (None, None) => return Err(format!("its HTTP headers do not end within {HEAD_LIMIT} bytes")),
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.split('\n').map(|line| line.trim_end_matches('\r'));
    let status_line = lines.next().unwrap_or_default();
    let status = status_line.split_whitespace().nth(1).and_then(|code| code.parse::<u16>().ok()).ok_or_else(|| {
        format!("its status line `{}` has no status code", status_line.chars().take(80).collect::<String>())
    })?;
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let body = &block[(head_end + separator).min(block.len())..];
    Ok(Some(HttpResponse { status, headers, body }))
}

impl<'a> HttpResponse<'a> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// The media type of the `Content-Type` header, lower-cased, without parameters.
    pub(crate) fn mime(&self) -> Option<String> {
        let value = self.header("content-type")?;
        let mime = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        (!mime.is_empty()).then_some(mime)
    }

    /// The `charset` parameter of the `Content-Type` header.
    pub(crate) fn charset(&self) -> Option<String> {
        charset_parameter(self.header("content-type")?)
    }

    /// The body with `Transfer-Encoding: chunked` and `Content-Encoding: gzip/deflate` undone.
    /// Crawlers often store bodies already decoded while keeping the original headers, so a body
    /// that does not look encoded is taken as it is.
    pub(crate) fn decoded_body(&self, offset: u64) -> Result<Cow<'a, [u8]>, IngestError> {
        let mut body = Cow::Borrowed(self.body);
        let chunked = self.header("transfer-encoding").is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
        if chunked {
            if let Some(joined) = dechunk(self.body) {
                body = Cow::Owned(joined);
            }
        }
        let encoding = self.header("content-encoding").unwrap_or_default().trim().to_ascii_lowercase();
        match encoding.as_str() {
            "" | "identity" | "none" => Ok(body),
            "gzip" | "x-gzip" if body.starts_with(&[0x1f, 0x8b]) => {
                inflate(flate2::read::MultiGzDecoder::new(&body[..]), "gzip", offset).map(Cow::Owned)
            }
            "deflate" if !looks_like_text(&body) => {
                inflate(flate2::read::ZlibDecoder::new(&body[..]), "deflate", offset)
                    .or_else(|_| inflate(flate2::read::DeflateDecoder::new(&body[..]), "deflate", offset))
                    .map(Cow::Owned)
            }
            _ if looks_like_text(&body) => Ok(body),
            _ => Err(IngestError::UnsupportedEncoding { offset, encoding }),
        }
    }
}

fn looks_like_text(body: &[u8]) -> bool {
    payload::check_bytes(body).is_ok()
}

/// Decompresses up to the record limit; a body cut short (common in crawls) keeps what decoded.
fn inflate(mut decoder: impl Read, name: &str, offset: u64) -> Result<Vec<u8>, IngestError> {
    let mut out = Vec::new();
    let result = decoder.by_ref().take(MAX_RECORD_BYTES + 1).read_to_end(&mut out);
    payload::check_size(out.len() as u64, true)?;
    match result {
        Err(e) if out.is_empty() => Err(IngestError::MalformedHttp {
            offset,
            message: format!("its {name}-compressed body cannot be decompressed: {e}"),
        }),
        _ => Ok(out),
    }
}

/// Joins the chunks of a chunked body; `None` when it does not start like one. A body cut short
/// keeps the chunks read before the cut.
fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut any_chunk = false;
    while let Some(line_end) = memchr::memchr(b'\n', rest) {
        let line = String::from_utf8_lossy(&rest[..line_end]);
        let size = line.split(';').next().unwrap_or_default().trim();
        if size.is_empty() || !size.bytes().all(|b| b.is_ascii_hexdigit()) {
            break;
        }
        let Ok(size) = usize::from_str_radix(size, 16) else {
            break;
        };
        any_chunk = true;
        rest = &rest[line_end + 1..];
        if size == 0 {
            break;
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        if take < size {
            break;
        }
        rest = rest.strip_prefix(b"\r\n").or_else(|| rest.strip_prefix(b"\n")).unwrap_or(rest);
    }
    any_chunk.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_status_and_charset() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html;\r\n charset=ISO-8859-1\r\nX: y\r\n\r\n<p>caf\xe9</p>";
        let response = parse_response(block).unwrap().unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(response.mime().as_deref(), Some("text/html"));
        assert_eq!(response.charset().as_deref(), Some("ISO-8859-1"));
        assert_eq!(&*response.decoded_body(0).unwrap(), b"<p>caf\xe9</p>");
        assert!(parse_response(b"dns answer").unwrap().is_none());
        assert!(parse_response(b"HTTP/1.1 OK\r\n\r\n").is_err());
    }

    #[test]
    fn chunked_and_gzip_bodies() {
        let block =
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>He\r\n7;ext=1\r\nllo</p>\r\n0\r\n\r\n";
        let response = parse_response(block).unwrap().unwrap();
        assert_eq!(&*response.decoded_body(0).unwrap(), b"<p>Hello</p>");

        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(b"<p>zipped</p>").unwrap();
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend(encoder.finish().unwrap());
        let response = parse_response(&block).unwrap().unwrap();
        assert_eq!(&*response.decoded_body(0).unwrap(), b"<p>zipped</p>");

        let block = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n<p>stored decoded</p>";
        let response = parse_response(block).unwrap().unwrap();
        assert_eq!(&*response.decoded_body(0).unwrap(), b"<p>stored decoded</p>");

        let block = b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n\x8b\x00\x80\x01\x02";
        let response = parse_response(block).unwrap().unwrap();
        assert_eq!(response.decoded_body(7).unwrap_err().reason(), "unsupported-encoding");
    }

    #[test]
    fn dechunk_edge_cases() {
        assert_eq!(dechunk(b"<html>"), None);
        assert_eq!(dechunk(b"3\r\nabc"), Some(b"abc".to_vec()));
        assert_eq!(dechunk(b"10\r\nshort"), Some(b"short".to_vec()));
        assert_eq!(dechunk(b"ffffffffffffffffff\r\nx"), None);
    }
}
