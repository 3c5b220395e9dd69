//! Turning payload bytes into text, never failing: the character encoding is taken from a byte
//! order mark, then from a charset the container declared (HTTP `Content-Type`, XML prolog), then
//! from an HTML `<meta>` or XML prolog inside the first 4 KiB, then UTF-8 when the bytes are valid
//! UTF-8, and last from a statistical guess. Invalid sequences become U+FFFD.

use encoding_rs::{Encoding, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8};

/// How many leading bytes are searched for a `<meta>` charset declaration.
const PRESCAN_BYTES: usize = 4096;
/// How many bytes the statistical detector looks at.
const DETECT_BYTES: usize = 1 << 20;

/// Decodes `bytes`, using `declared` (a charset label from the container) when no BOM says
/// otherwise. Returns the text and a label saying which encoding was used and how it was chosen,
/// such as `"utf-8 (bom)"`, `"windows-1252 (declared)"`, `"windows-1252 (meta)"`,
/// `"utf-8 (detected)"` (valid UTF-8) or `"windows-1251 (guessed)"`.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> (String, String) {
    decode_with(bytes, declared.map(|charset| (charset, "declared")))
}

/// As [`decode`], with the declared charset's source named in the label (`"http"`, `"xml"`).
pub(crate) fn decode_with(bytes: &[u8], declared: Option<(&str, &str)>) -> (String, String) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return (decode_as(encoding, &bytes[bom_len..]), label(encoding, "bom"));
    }
    if let Some((charset, how)) = declared {
        if let Some(encoding) = usable_declared(charset, bytes) {
            return (decode_as(encoding, bytes), label(encoding, how));
        }
    }
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    if let Some(encoding) = meta_charset(head) {
        return (decode_as(encoding, bytes), label(encoding, "meta"));
    }
    if let Some(encoding) = xml_declared_encoding(head).and_then(|name| usable_declared(&name, bytes)) {
        return (decode_as(encoding, bytes), label(encoding, "xml"));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), label(UTF_8, "detected"));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes[..bytes.len().min(DETECT_BYTES)], true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    (decode_as(encoding, bytes), label(encoding, "guessed"))
}

/// Whether `bytes` start with a UTF-16 byte order mark (such text holds NUL bytes legitimately).
pub(crate) fn has_utf16_bom(bytes: &[u8]) -> bool {
    matches!(Encoding::for_bom(bytes), Some((encoding, _)) if encoding != UTF_8)
}

/// The length of a leading byte order mark, if any.
pub(crate) fn bom_len(bytes: &[u8]) -> usize {
    Encoding::for_bom(bytes).map_or(0, |(_, len)| len)
}

fn decode_as(encoding: &'static Encoding, bytes: &[u8]) -> String {
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

fn label(encoding: &'static Encoding, how: &str) -> String {
    format!("{} ({how})", encoding.name().to_ascii_lowercase())
}

/// The encoding for a declared charset label, unless it cannot be right for these bytes: the
/// replacement encoding is never used, and UTF-16 is used only when the bytes hold NULs (UTF-16
/// text without a BOM always does for Latin script; a page mislabelled UTF-16 does not).
fn usable_declared(charset: &str, bytes: &[u8]) -> Option<&'static Encoding> {
    let name = charset.trim().trim_matches(|c| c == '"' || c == '\'').trim();
    let encoding = Encoding::for_label(name.as_bytes())?;
    if encoding == REPLACEMENT {
        return None;
    }
    if encoding == UTF_16LE || encoding == UTF_16BE {
        let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
        return memchr::memchr(0, head).map(|_| encoding);
    }
    Some(encoding)
}

/// The `encoding` of an XML declaration (`<?xml version="1.0" encoding="…"?>`) at the start of
/// `bytes` (after a BOM and whitespace), if there is one.
pub fn xml_declared_encoding(bytes: &[u8]) -> Option<String> {
    let start = bom_len(bytes);
    let rest = trim_ascii_start(&bytes[start..]);
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let end = memchr::memmem::find(rest, b"?>")?;
    let attributes = parse_attributes(&rest[5..end]);
    attributes.into_iter().find(|(name, _)| name == "encoding").map(|(_, value)| value)
}

/// The charset an HTML `<meta charset>` or `<meta http-equiv="Content-Type" content="…">` in
/// `head` names, with UTF-16 read as UTF-8 as browsers do (a page declaring UTF-16 in ASCII
/// bytes cannot be UTF-16).
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &head[at..]) {
        let tag = &head[at + found..];
        if tag.starts_with(b"<!--") {
            let close = memchr::memmem::find(&tag[4..], b"-->")?;
            at += found + 4 + close + 3;
            continue;
        }
        at += found + 1;
        if tag.len() < 6 || !tag[1..5].eq_ignore_ascii_case(b"meta") || !is_space_or_slash(tag[5]) {
            continue;
        }
        let end = memchr::memchr(b'>', tag).unwrap_or(tag.len());
        let attributes = parse_attributes(&tag[5..end]);
        let get = |key: &str| attributes.iter().find(|(name, _)| name == key).map(|(_, value)| value.as_str());
        let charset = match (get("charset"), get("http-equiv"), get("content")) {
            (Some(charset), _, _) => Some(charset.to_string()),
            (None, Some(equiv), Some(content)) if equiv.eq_ignore_ascii_case("content-type") => {
                charset_parameter(content)
            }
            _ => None,
        };
        if let Some(encoding) = charset.and_then(|c| Encoding::for_label(c.trim().as_bytes())) {
            if encoding != REPLACEMENT {
                return Some(encoding.output_encoding());
            }
        }
    }
    None
}

fn is_space_or_slash(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == b'/'
}

/// The `charset=` parameter of a media type such as `text/html; charset="utf-8"`.
pub(crate) fn charset_parameter(content_type: &str) -> Option<String> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = content_type[at + 7..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let value = match rest.strip_prefix(['"', '\'']) {
        Some(quoted) => quoted.split(['"', '\'']).next().unwrap_or(""),
        None => rest.split([';', ' ', '\t', ',']).next().unwrap_or(""),
    };
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// Attribute names (lower-cased) and values of a tag body such as ` charset="utf-8" /`.
fn parse_attributes(body: &[u8]) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    let mut i = 0;
    while i < body.len() {
        while i < body.len() && (body[i].is_ascii_whitespace() || body[i] == b'/') {
            i += 1;
        }
        let name_start = i;
        while i < body.len() && !body[i].is_ascii_whitespace() && !matches!(body[i], b'=' | b'/' | b'>') {
            i += 1;
        }
        let name = String::from_utf8_lossy(&body[name_start..i]).to_ascii_lowercase();
        while i < body.len() && body[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < body.len() && body[i] == b'=' {
            i += 1;
            while i < body.len() && body[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < body.len() && (body[i] == b'"' || body[i] == b'\'') {
                let quote = body[i];
                let start = i + 1;
                let end = memchr::memchr(quote, &body[start..]).map_or(body.len(), |n| start + n);
                value = String::from_utf8_lossy(&body[start..end]).into_owned();
                i = (end + 1).min(body.len());
            } else {
                let start = i;
                while i < body.len() && !body[i].is_ascii_whitespace() && body[i] != b'>' {
                    i += 1;
                }
                value = String::from_utf8_lossy(&body[start..i]).into_owned();
            }
        }
        if name.is_empty() {
            i += 1;
        } else {
            attributes.push((name, value));
        }
    }
    attributes
}

pub(crate) fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_everything() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("<meta charset=windows-1252>é".as_bytes());
        let (text, how) = decode(&bytes, Some("iso-8859-2"));
        assert_eq!(how, "utf-8 (bom)");
        assert!(text.ends_with('é'));
        assert!(!text.starts_with('\u{feff}'));
    }

    #[test]
    fn utf16_boms_decode() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Héllo".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le, None), ("Héllo".to_string(), "utf-16le (bom)".to_string()));
        let mut be = vec![0xFE, 0xFF];
        be.extend("Héllo".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be, None), ("Héllo".to_string(), "utf-16be (bom)".to_string()));
    }

    #[test]
    fn declared_latin1_means_windows_1252() {
        let (text, how) = decode(b"caf\xe9 \x93quoted\x94", Some("ISO-8859-1"));
        assert_eq!(text, "café \u{201c}quoted\u{201d}");
        assert_eq!(how, "windows-1252 (declared)");
    }

    #[test]
    fn meta_charset_forms() {
        let html = b"<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>";
        let (text, how) = decode(html, None);
        assert_eq!(how, "windows-1251 (meta)");
        assert!(text.contains("Привет"));
        let equiv = b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'>caf\xe9";
        let (text, how) = decode(equiv, None);
        assert_eq!(how, "windows-1252 (meta)");
        assert!(text.ends_with("café"));
        let commented = b"<!-- <meta charset=koi8-r> --><p>caf\xc3\xa9</p>";
        assert_eq!(decode(commented, None).1, "utf-8 (detected)");
    }

    #[test]
    fn meta_declaring_utf16_is_read_as_utf8() {
        let (text, how) = decode("<meta charset=utf-16><p>é</p>".as_bytes(), None);
        assert_eq!(how, "utf-8 (meta)");
        assert!(text.contains('é'));
    }

    #[test]
    fn valid_utf8_then_guess() {
        assert_eq!(decode("naïve".as_bytes(), None).1, "utf-8 (detected)");
        let (text, how) = decode(b"Le caf\xe9 est tr\xe8s bon, et la cr\xe8me br\xfbl\xe9e aussi.", None);
        assert!(how.ends_with("(guessed)"), "{how}");
        assert!(text.contains("café"), "{text}");
    }

    #[test]
    fn xml_prolog_is_read() {
        let xml = b"<?xml version='1.0' encoding='ISO-8859-1'?><rss>caf\xe9</rss>";
        assert_eq!(xml_declared_encoding(xml).as_deref(), Some("ISO-8859-1"));
        assert_eq!(decode(xml, None).1, "windows-1252 (xml)");
    }

    #[test]
    fn bogus_declarations_are_ignored() {
        assert_eq!(decode(b"plain", Some("no-such-charset")).1, "utf-8 (detected)");
        assert_eq!(decode(b"plain", Some("utf-16")).1, "utf-8 (detected)");
        assert_eq!(charset_parameter("text/html; charset=\"UTF-8\"").as_deref(), Some("UTF-8"));
        assert_eq!(charset_parameter("text/html;charset=utf-8;q=1").as_deref(), Some("utf-8"));
        assert_eq!(charset_parameter("text/html"), None);
        assert_eq!(charset_parameter("text/html; charset="), None);
    }
}
