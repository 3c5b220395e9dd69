//! Time bounds, in their own test binary so that the property tests do not compete for the CPU.
//! The bound is O(n): see the `sentences` and `tokens` module docs.

use std::time::{Duration, Instant};

use herald_text::sentences::split_sentences;
use herald_text::tokens::tokenize_all;

#[test]
fn linear_time_on_long_inputs() {
    // 1 MB with no punctuation at all, as one line.
    let words = "lorem ipsum dolor sit amet consectetur ";
    let big = words.repeat(1_000_000 / words.len() + 1);
    let t = Instant::now();
    let s = split_sentences(&big);
    let toks = tokenize_all(&big);
    assert_eq!(s.len(), 1);
    assert!(toks.len() > 100_000);
    // A 100,000-token line full of abbreviations, periods and quotes.
    let line = "Mr. Smith said \"U.S. Inc. e.g. 3.5% of $1.2 don't.\" ".repeat(100_000 / 12 + 1);
    let s2 = split_sentences(&line);
    let toks2 = tokenize_all(&line);
    assert!(!s2.is_empty());
    assert!(toks2.len() >= 100_000);
    let elapsed = t.elapsed();
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}
