//! Time bounds, in their own test binary so that the property tests do not compete for the CPU.
//! The bound is O(n): see the `sentences` and `tokens` module docs.
//!
//! A wall-clock limit fails on a busy machine (CI shares two cores with other builds), so the
//! test compares the time of an input with that of the same input four times as long, each the
//! fastest of three runs: linear work grows about 4×, quadratic work 16×. A generous absolute
//! limit catches anything pathological that grows the same way at both sizes.

use std::time::{Duration, Instant};

use herald_text::sentences::split_sentences;
use herald_text::tokens::tokenize_all;

/// Splits and tokenises `text`, checks the result's shape, and returns the fastest of three runs.
fn fastest(text: &str, min_tokens: usize) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let sentences = split_sentences(text);
            let tokens = tokenize_all(text);
            let elapsed = t.elapsed();
            assert!(!sentences.is_empty());
            assert!(tokens.len() >= min_tokens);
            elapsed
        })
        .min()
        .unwrap()
}

fn assert_linear(unit: &str, n: usize, min_tokens: usize) {
    let small = fastest(&unit.repeat(n), min_tokens);
    let large = fastest(&unit.repeat(4 * n), 4 * min_tokens);
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    assert!(ratio < 10.0, "{n} → {} units: {small:?} → {large:?} ({ratio:.1}×)", 4 * n);
    assert!(large < Duration::from_secs(60), "took {large:?}");
}

#[test]
fn linear_time_on_long_inputs() {
    // 1 MB with no punctuation at all, as one line (one sentence).
    let words = "lorem ipsum dolor sit amet consectetur ";
    assert_eq!(split_sentences(&words.repeat(1_000)).len(), 1);
    assert_linear(words, 250_000 / words.len() + 1, 25_000);
    // A 100,000-token line full of abbreviations, periods and quotes.
    let line = "Mr. Smith said \"U.S. Inc. e.g. 3.5% of $1.2 don't.\" ";
    assert_linear(line, 100_000 / 12 / 4 + 1, 25_000);
}
