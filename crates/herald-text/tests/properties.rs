//! Invariants of sentence spans and tokens on arbitrary input, and linear-time bounds.

use std::time::{Duration, Instant};

use herald_text::sentences::{split_sentences, Span};
use herald_text::tokens::{tokenize, tokenize_all};
use proptest::prelude::*;

fn check_spans(text: &str, spans: &[(usize, usize)]) {
    let mut prev_end = 0;
    for &(s, e) in spans {
        assert!(s < e, "empty span {s}..{e} in {text:?}");
        assert!(e <= text.len(), "out of bounds");
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "not on char boundary");
        assert!(s >= prev_end, "overlap or disorder in {text:?}: {spans:?}");
        prev_end = e;
    }
}

fn check(text: &str) {
    let sents = split_sentences(text);
    let pairs: Vec<(usize, usize)> = sents.iter().map(|s| (s.start, s.end)).collect();
    check_spans(text, &pairs);
    for s in &sents {
        let t = s.text(text);
        assert_eq!(t, t.trim(), "sentence not trimmed: {t:?}");
    }
    let toks = tokenize_all(text);
    let tp: Vec<(usize, usize)> = toks.iter().map(|t| (t.start, t.end)).collect();
    check_spans(text, &tp);
    // Every non-whitespace char is covered by exactly one token (tokens are disjoint, so
    // checking coverage suffices), and tokens hold no whitespace.
    let mut k = 0;
    for (i, c) in text.char_indices() {
        while k < toks.len() && toks[k].end <= i {
            k += 1;
        }
        let covered = k < toks.len() && toks[k].start <= i && i < toks[k].end;
        assert_eq!(covered, !c.is_whitespace(), "char {c:?} at {i} in {text:?}");
    }
    // What the sentences leave out is noise (markup, separators, escapes, page numbers): split on
    // its own, it gives no sentence.
    let mut prev = 0;
    for (start, end) in pairs.iter().copied().chain([(text.len(), text.len())]) {
        let gap = &text[prev..start];
        assert!(split_sentences(gap).is_empty(), "text left out: {gap:?} in {text:?}");
        prev = end;
    }
    // Tokens of a sentence lie inside it.
    for s in &sents {
        for t in tokenize(text, *s) {
            assert!(t.start >= s.start && t.end <= s.end);
        }
    }
}

fn newsy() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "U.S.",
        "Mr.",
        "Inc.",
        "e.g.",
        "a.m.",
        "The",
        "he",
        "said",
        ".",
        "?",
        "!",
        "...",
        "…",
        "\"",
        "“",
        "”",
        "'",
        "’s",
        "n't",
        "(",
        ")",
        "[1]",
        "1.",
        "2)",
        "3.5",
        "$",
        "%",
        "-",
        "--",
        "US.Secretary",
        "example.com",
        "a@b.co",
        "http://x.y/z",
        "👍🏽",
        "🇺🇸",
        "\u{200D}",
        "\u{301}",
        "é",
        "日本",
        "\n",
        "\r\n",
        " ",
        "  ",
        "\t",
        "\u{0}",
        "\u{7}",
        "•",
        "I",
        "A.",
        "x",
        "Q",
        "don't",
        "can't",
        "four-year-old",
        "''",
        "``",
        "．",
        "。",
        "'after",
        "‘",
        "’",
        "<p>",
        "</p>",
        "<a href=\"x\">",
        "&lt;b&gt;",
        "////",
        "-----",
        "\\r\\n",
        "\\",
        "12",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_strings(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn newsy_strings(text in newsy()) {
        check(&text);
    }

    #[test]
    fn newsy_joined_without_spaces(parts in prop::collection::vec(newsy(), 0..4)) {
        check(&parts.join(""));
    }
}

#[test]
fn spans_of_empty_and_blank_text() {
    assert!(split_sentences("").is_empty());
    assert!(split_sentences(" \n\t\r\n ").is_empty());
    assert!(tokenize_all("").is_empty());
    assert!(tokenize("abc", Span::new(1, 1)).is_empty());
}

#[test]
fn linear_growth_on_glued_and_plain_text() {
    // Doubling the input must not much more than double the time (no quadratic paths).
    let patterns = ["lorem ipsum dolor ", "a.Bc!", "x.Yz", "ab/c.De!", "U.S. Inc. \"x.\" "];
    for p in patterns {
        let small = p.repeat(100_000 / p.len());
        let large = p.repeat(400_000 / p.len());
        let t = Instant::now();
        let _ = tokenize_all(&small);
        let a = t.elapsed();
        let t = Instant::now();
        let _ = tokenize_all(&large);
        let b = t.elapsed();
        assert!(b < a * 12 + Duration::from_millis(50), "{p:?}: {a:?} -> {b:?}");
    }
}
