//! The checks every payload passes before it becomes a record: not too large, not empty, not
//! binary; then decoding to text.

use crate::charset;
use crate::error::IngestError;

/// The largest single record herald reads (64 MiB).
pub const MAX_RECORD_BYTES: u64 = 64 << 20;

/// How many leading bytes the binary check looks at.
const BINARY_WINDOW: usize = 8192;

/// Checks `bytes` and decodes them, taking `declared` (charset, where it came from) into account.
pub(crate) fn decode_payload(bytes: &[u8], declared: Option<(&str, &str)>) -> Result<(String, String), IngestError> {
    check_size(bytes.len() as u64, false)?;
    check_bytes(bytes)?;
    let (text, encoding) = charset::decode_with(bytes, declared);
    check_text(&text)?;
    Ok((text, encoding))
}

pub(crate) fn check_size(size: u64, at_least: bool) -> Result<(), IngestError> {
    if size > MAX_RECORD_BYTES {
        return Err(IngestError::TooLarge { size, at_least, limit: MAX_RECORD_BYTES });
    }
    Ok(())
}

/// Rejects empty and binary payloads: a NUL byte in the first 8 KiB (after a BOM; text with a
/// UTF-16 BOM may hold NULs) or more than a quarter control bytes there.
pub(crate) fn check_bytes(bytes: &[u8]) -> Result<(), IngestError> {
    let bom = charset::bom_len(bytes);
    let body = &bytes[bom..];
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::Empty);
    }
    if charset::has_utf16_bom(bytes) {
        return Ok(());
    }
    if body.starts_with(&[0x1f, 0x8b]) {
        let why = "gzip-compressed data; only .warc.gz inputs are read compressed, decompress others first";
        return Err(IngestError::Binary(why.to_string()));
    }
    let window = &body[..body.len().min(BINARY_WINDOW)];
    if let Some(at) = memchr::memchr(0, window) {
        return Err(IngestError::Binary(format!("a NUL byte at byte {}", bom + at)));
    }
    let controls = window.iter().filter(|&&b| is_control(b)).count();
    if controls * 4 > window.len() {
        return Err(IngestError::Binary(format!(
            "{controls} of its first {} bytes are control characters",
            window.len()
        )));
    }
    Ok(())
}

/// Rejects decoded text that holds nothing but whitespace or NULs.
pub(crate) fn check_text(text: &str) -> Result<(), IngestError> {
    if text.trim_matches(|c: char| c.is_whitespace() || c == '\0').is_empty() {
        return Err(IngestError::Empty);
    }
    Ok(())
}

fn is_control(byte: u8) -> bool {
    (byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || byte == 0x7f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_whitespace() {
        assert!(matches!(decode_payload(b"", None), Err(IngestError::Empty)));
        assert!(matches!(decode_payload(b" \r\n\t ", None), Err(IngestError::Empty)));
        assert!(matches!(decode_payload(b"\xEF\xBB\xBF \n", None), Err(IngestError::Empty)));
        assert!(matches!(decode_payload(&[0xFF, 0xFE, b' ', 0], None), Err(IngestError::Empty)));
    }

    #[test]
    fn binary() {
        assert!(matches!(decode_payload(b"GIF89a\x00\x01", None), Err(IngestError::Binary(_))));
        assert!(matches!(decode_payload(b"\x01\x02\x03\x04abc", None), Err(IngestError::Binary(_))));
        let gzipped = decode_payload(b"\x1f\x8b\x08\x00", None).unwrap_err();
        assert!(gzipped.to_string().contains("gzip"), "{gzipped}");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("text".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode_payload(&utf16, None).unwrap().0, "text");
    }

    #[test]
    fn error_messages_name_the_problem() {
        let err = decode_payload(b"ab\x00", None).unwrap_err();
        assert_eq!(err.reason(), "binary");
        assert!(err.to_string().contains("NUL byte at byte 2"), "{err}");
        let err = check_size(100 << 20, false).unwrap_err();
        assert_eq!(err.reason(), "too-large");
        assert!(err.to_string().contains("104857600 bytes"), "{err}");
    }
}
