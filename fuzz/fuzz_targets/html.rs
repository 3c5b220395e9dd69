//! Arbitrary bytes, decoded leniently, through HTML extraction: the parser, the metadata and the
//! body finder. Nothing may panic, however broken or deep the markup, and every paragraph that
//! comes out is non-empty and trimmed, every date an ISO date.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let article = herald_extract::extract_html(&html, None);
    for (kind, text) in &article.paragraphs {
        assert!(!text.is_empty(), "an empty {kind:?} paragraph");
        assert!(text.trim() == text, "an untrimmed {kind:?} paragraph: {text:?}");
    }
    if let Some((value, _, _)) = &article.date {
        let iso = value.len() >= 10
            && value
                .bytes()
                .take(10)
                .enumerate()
                .all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        assert!(iso, "a date that is not ISO: {value:?}");
    }
    if let Some(title) = &article.title {
        assert_eq!(article.paragraphs.first().map(|(_, t)| t), Some(title), "the title is not the first paragraph");
    }
});
