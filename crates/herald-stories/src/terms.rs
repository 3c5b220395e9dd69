//! Words of an article as the clustering sees them: lowercased letter-or-digit runs, function
//! words dropped, a light plural/possessive fold, and the word sequence kept for shingles.

/// English function words and reporting verbs that say nothing about which event is reported.
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
    // A light plural fold: "sanctions" → "sanction", but not "press", "news", "bus", "his".
    let folded = if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        &w[..w.len() - 1]
    } else {
        w
    };
    Some(folded)
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
}
