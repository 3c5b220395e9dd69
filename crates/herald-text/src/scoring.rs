//! Scoring of sentence splits and tokens against gold data, shared by `herald eval` and the
//! development harness (`examples/eval_sentences.rs`), so both report the same figures.

use crate::sentences::split_sentences;
use std::collections::HashSet;

/// Whether splitting `text` gives exactly the `expected` sentences (each trimmed).
pub fn golden_case(text: &str, expected: &[&str]) -> bool {
    let got: Vec<&str> = split_sentences(text).iter().map(|s| s.text(text).trim()).collect();
    got.len() == expected.len() && got.iter().zip(expected).all(|(g, e)| *g == e.trim())
}

/// [`golden_case`] with every run of whitespace read as one space. Some golden rules expect a
/// cleaned text ("a cold \nnight" as "a cold night"): joining lines is text cleaning, which a
/// splitter that returns spans of its input cannot and should not do, so the boundaries are what
/// this compares.
pub fn golden_case_spacing_aside(text: &str, expected: &[&str]) -> bool {
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let got: Vec<String> = split_sentences(text).iter().map(|s| squeeze(s.text(text))).collect();
    got.len() == expected.len() && got.iter().zip(expected).all(|(g, e)| *g == squeeze(e))
}

/// Gold and predicted sentence ends (byte offsets) of `text`; gold spans are given in code
/// points (Python string indices), as the public gold files state them.
pub fn sentence_ends(text: &str, gold_code_points: &[(usize, usize)]) -> (HashSet<usize>, HashSet<usize>) {
    let map = cp_to_byte(text);
    let at = |i: usize| map.get(i).copied().unwrap_or(text.len());
    let gold = gold_code_points.iter().map(|&(s, e)| trim_end_at(text, at(e), at(s))).collect();
    let pred = split_sentences(text).iter().map(|s| s.end).collect();
    (gold, pred)
}

/// Byte offset of each code-point index (plus the end).
pub fn cp_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

/// `end` moved back over trailing whitespace, not before `start`.
pub fn trim_end_at(text: &str, mut end: usize, start: usize) -> usize {
    while end > start {
        let c = text[..end].chars().next_back().expect("end > 0");
        if c.is_whitespace() {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// Whether only spaces stand between `end` and the next line break (or the end of the text).
pub fn is_line_end(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let next = rest.chars().find(|c| !matches!(c, ' ' | '\t'));
    next.is_none_or(|c| c == '\n' || c == '\r')
}

#[derive(Default)]
/// True positives, false positives and false negatives, summed over documents.
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn add(&mut self, gold: &HashSet<usize>, pred: &HashSet<usize>) {
        self.tp += gold.intersection(pred).count();
        self.fp += pred.difference(gold).count();
        self.fn_ += gold.difference(pred).count();
    }
    /// Precision, recall and F1, in percent.
    pub fn f1(&self) -> (f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        (100.0 * p, 100.0 * r, 100.0 * f)
    }
}

/// Character spans of gold `forms` in `text`, in order, skipping whitespace.
pub fn align(text: &str, forms: &[String]) -> Option<Vec<(usize, usize)>> {
    let mut pos = 0;
    let mut out = Vec::with_capacity(forms.len());
    for f in forms {
        let rest = &text[pos..];
        let skip = rest.len() - rest.trim_start().len();
        pos += skip;
        if !text[pos..].starts_with(f.as_str()) {
            return None;
        }
        out.push((pos, pos + f.len()));
        pos += f.len();
    }
    text[pos..].trim().is_empty().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_cases_compare_boundaries_and_optionally_spacing() {
        let text = "It was a cold \nnight. He left.";
        assert!(!golden_case(text, &["It was a cold night.", "He left."]));
        assert!(golden_case_spacing_aside(text, &["It was a cold night.", "He left."]));
        assert!(golden_case(text, &["It was a cold \nnight.", "He left."]));
        // Spacing aside, a wrong boundary is still wrong.
        assert!(!golden_case_spacing_aside(text, &["It was a cold night. He left."]));
        assert!(!golden_case_spacing_aside(text, &["It was a cold", "night.", "He left."]));
    }
}
