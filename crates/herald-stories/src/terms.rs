//! Words of an article as the clustering sees them: lowercased letter-or-digit runs, function
//! words dropped, a light plural/possessive fold, and the word sequence kept for shingles.

/// English function words and reporting verbs that say nothing about which event is reported:
/// the one list of the crate (the clustering, the summaries and the storylines' topic terms).
const STOP: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "last",
    "like",
    "made",
    "make",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "new",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "said",
    "same",
    "say",
    "says",
    "see",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "told",
    "too",
    "two",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "year",
    "years",
    "yet",
    "you",
    "your",
    "week",
    "day",
    "time",
    "people",
    "first",
    "according",
    "image",
    "photo",
    "caption",
    "toggle",
    "enlarge",
    "share",
    "read",
    "via",
    "getty",
    "images",
    "ap",
    "reuters",
    "copyright",
    "http",
    "https",
    "www",
    "com",
];

pub(crate) fn is_stop(w: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOP.iter().copied().collect()).contains(w)
}

/// Every lowercased word of `text` in order (letter-or-digit runs; an apostrophe inside a word
/// ends it, so "Kerry's" gives "kerry" and "s", and the lone "s" is dropped later).
pub(crate) fn words(text: &str, mut f: impl FnMut(&str)) {
    let mut buf = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                buf.push(l);
            }
        } else if !buf.is_empty() {
            f(&buf);
            buf.clear();
        }
    }
    if !buf.is_empty() {
        f(&buf);
    }
}

/// The form a content word is counted under, or `None` for words that carry no topic (function
/// words, single characters, bare numbers).
pub(crate) fn content(w: &str) -> Option<&str> {
    if w.chars().count() < 2 || w.bytes().all(|b| b.is_ascii_digit()) || is_stop(w) {
        return None;
    }
    Some(stem(w))
}

/// A light suffix stemmer that only cuts (never rewrites), so that the inflected forms of a word
/// meet: "sanctions"/"sanction", "raised"/"raising"/"raise" → "rais", "planned"/"plan",
/// "policies"/"policy" → "polic". Words of up to four letters and non-ASCII words are kept
/// whole; "press", "news", "bus", "crisis" keep their final "s". The stems are only compared with
/// each other, never shown.
pub(crate) fn stem(w: &str) -> &str {
    let b = w.as_bytes();
    if b.len() <= 4 || !b.iter().all(u8::is_ascii_lowercase) {
        return w;
    }
    let mut n = b.len();
    let ends = |n: usize, suf: &[u8]| n >= suf.len() && &b[n - suf.len()..n] == suf;
    // Plural and third person: "-ies", "-s" (not "-ss", "-us", "-is").
    if ends(n, b"ies") {
        n -= 3;
    } else if ends(n, b"s") && !ends(n, b"ss") && !ends(n, b"us") && !ends(n, b"is") {
        n -= 1;
    }
    // Participles: "-ing", "-ed", leaving at least three letters.
    if ends(n, b"ing") && n >= 6 {
        n -= 3;
    } else if ends(n, b"ed") && n >= 5 {
        n -= 2;
    }
    // A final "e" or "y": "raise"/"rais(ed)", "policy"/"polic(ies)".
    if (ends(n, b"e") || ends(n, b"y")) && n >= 4 {
        n -= 1;
    }
    // A doubled final consonant: "planned" → "plann" → "plan" (not "ll", "ss", "zz").
    if n >= 4 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'a' | b'e' | b'i' | b'o' | b'u' | b'l' | b's' | b'z') {
        n -= 1;
    }
    &w[..n]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_content() {
        let mut out = Vec::new();
        words("The Minister's visits, in 2015: talks!", |w| out.push(w.to_string()));
        assert_eq!(out, ["the", "minister", "s", "visits", "in", "2015", "talks"]);
        let c: Vec<_> = out.iter().filter_map(|w| content(w)).collect();
        assert_eq!(c, ["minister", "visit", "talk"]);
    }

    #[test]
    fn inflections_meet() {
        for group in [
            &["sanction", "sanctions", "sanctioned"][..],
            &["raise", "raised", "raising", "raises"],
            &["plan", "planned", "planning", "plans"],
            &["policy", "policies"],
            &["taper", "tapering", "tapers"],
        ] {
            let stems: Vec<&str> = group.iter().map(|w| stem(w)).collect();
            assert!(stems.iter().all(|s| *s == stems[0]), "{group:?} → {stems:?}");
        }
        for keep in ["press", "news", "crisis", "bus", "fed", "kerry's"] {
            assert_eq!(stem(keep), keep);
        }
        assert_ne!(stem("sing"), stem("singapore"));
    }
}
