//! What an event cluster says, in a few lines: a headline, an extractive multi-source summary,
//! and, for a storyline, a timeline of its events. A reader who follows fifty outlets wants the
//! gist of an event once, drawn from every source that reported it, with each line pointing back
//! to the article it came from.
//!
//! **Input.** The members' sentences as plain text ([`SentenceIn`]: article id, publication day,
//! position in the article, text), so this module does not depend on the reading layer; the
//! caller takes them from the store or splits a body with [`split_body`] (herald-text's news
//! sentence splitter). Titles come as [`Member`]s.
//!
//! **Content terms.** Lowercased letter-or-digit runs, English function words dropped, a light
//! plural fold (`talks` → `talk`), at most [`MAX_TERMS_PER_SENTENCE`] per sentence.
//!
//! **Centroid.** Every article contributes its own length-normalised term vector (titles and
//! sentences together), so a word that several sources use weighs more than one a single long
//! article repeats, and no source dominates by length.
//!
//! **Headline.** The member title closest (cosine) to the centroid: the most central title; ties
//! go to the earlier member. Without any title, the first summary sentence.
//!
//! **Summary (MMR-like).** Candidate sentences have [`MIN_CONTENT_TERMS`]..=[`MAX_WORDS`]
//! content terms/words, are not questions, and are at most the first [`MAX_POSITION`] sentences of
//! an article; at most [`MAX_SENTENCES`] are considered (in input order). Relevance is the
//! centroid weight of a sentence's distinct terms over `sqrt(#terms)`, times a lead bonus
//! `1 + 0.5 / (1 + position)`. Sentences are picked greedily by
//! `λ·relevance/max_relevance − (1 − λ)·max_cos(selected)` with λ = [`LAMBDA`]; a sentence is
//! skipped when its cosine with a chosen one reaches [`REDUNDANT_COS`] (a near-duplicate, as
//! syndicated copies are) or when it brings fewer than [`MIN_NEW_TERMS`] content terms not
//! already in the summary (it adds nothing). At most [`SUMMARY_MAX`] sentences (the target is
//! 3–5; fewer when the sources have fewer that add something). The chosen sentences are shown in
//! chronological order: article day (undated last), then article id, then position.
//!
//! **Timeline.** One line per event cluster of a storyline, ordered by first day (undated last,
//! then by id), with its date span and a one-line description cut to [`TIMELINE_WIDTH`] chars.
//!
//! Deterministic (no hash-map iteration decides anything) and bounded by the constants above.

use crate::format_day;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Sentences considered per cluster (the first ones in input order).
pub const MAX_SENTENCES: usize = 2_000;
/// Only an article's first sentences are candidates (leads carry the news).
pub const MAX_POSITION: u32 = 40;
/// Content terms kept per sentence.
pub const MAX_TERMS_PER_SENTENCE: usize = 64;
/// A candidate has at least this many content terms.
pub const MIN_CONTENT_TERMS: usize = 4;
/// A candidate has at most this many words.
pub const MAX_WORDS: usize = 70;
/// Most sentences in a summary.
pub const SUMMARY_MAX: usize = 5;
/// Relevance against redundancy in the greedy choice.
pub const LAMBDA: f32 = 0.7;
/// A sentence this close (cosine) to a chosen one is a near-duplicate and dropped.
pub const REDUNDANT_COS: f32 = 0.5;
/// A sentence must bring this many content terms the summary lacks.
pub const MIN_NEW_TERMS: usize = 2;
/// Characters of a timeline line's description.
pub const TIMELINE_WIDTH: usize = 160;

/// One sentence of a member article.
#[derive(Debug, Clone, Copy)]
pub struct SentenceIn<'a> {
    /// The article's external id.
    pub doc: &'a str,
    /// The article's publication day (days since 1970-01-01), when known.
    pub day: Option<i64>,
    /// The sentence's index in its article's body.
    pub position: u32,
    pub text: &'a str,
}

/// A member article's title.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub doc: &'a str,
    pub title: &'a str,
    pub day: Option<i64>,
}

/// A sentence of a summary, attributed to its article.
#[derive(Debug, Clone, PartialEq)]
pub struct SummarySentence {
    pub doc: String,
    pub day: Option<i64>,
    pub position: u32,
    pub text: String,
}

/// An event cluster's headline and summary.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub headline: String,
    /// The article the headline is the title of (None when taken from a sentence or empty).
    pub headline_doc: Option<String>,
    /// Chronological: article day, article id, position.
    pub sentences: Vec<SummarySentence>,
}

/// The content terms of a text, in order, repeats kept.
pub fn content_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in text.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        let lower = w.to_lowercase();
        // The clustering's list of function and reporting words (one list for the crate).
        if crate::terms::is_stop(&lower) {
            continue;
        }
        if lower.chars().count() < 2 && !lower.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        out.push(fold(lower));
    }
    out
}

fn fold(mut w: String) -> String {
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && w.is_ascii() {
        w.pop();
    }
    w
}

/// A sparse vector keyed by term, in term order (so every sum runs in one order).
type Vector = BTreeMap<String, f32>;

fn unit_vector<'t>(terms: impl IntoIterator<Item = &'t String>) -> Vector {
    let mut v: Vector = BTreeMap::new();
    for t in terms {
        *v.entry(t.clone()).or_insert(0.0) += 1.0;
    }
    for x in v.values_mut() {
        *x = 1.0 + x.ln();
    }
    let norm = v.values().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in v.values_mut() {
            *x /= norm;
        }
    }
    v
}

fn cosine(a: &Vector, b: &Vector) -> f32 {
    let dot: f32 = a.iter().map(|(t, x)| x * b.get(t).copied().unwrap_or(0.0)).sum();
    let na = a.values().map(|x| x * x).sum::<f32>().sqrt();
    let nb = b.values().map(|x| x * x).sum::<f32>().sqrt();
    if na > 0.0 && nb > 0.0 {
        dot / (na * nb)
    } else {
        0.0
    }
}

/// Splits an article body into [`SentenceIn`]s with herald-text's sentence splitter.
pub fn split_body<'a>(doc: &'a str, day: Option<i64>, body: &'a str) -> Vec<SentenceIn<'a>> {
    herald_text::sentences::split_sentences(body)
        .into_iter()
        .map(|s| s.text(body).trim())
        .filter(|t| !t.is_empty())
        .enumerate()
        .map(|(i, text)| SentenceIn { doc, day, position: i as u32, text })
        .collect()
}

struct Candidate<'a> {
    s: &'a SentenceIn<'a>,
    vec: Vector,
    terms: Vec<String>,
    relevance: f32,
}

/// The headline and extractive summary of one event cluster (see the module doc).
pub fn summarize(members: &[Member], sentences: &[SentenceIn]) -> Summary {
    let sentences = &sentences[..sentences.len().min(MAX_SENTENCES)];
    // Per-article term lists → per-article unit vectors → centroid.
    let mut order: Vec<&str> = Vec::new();
    let mut per_doc: HashMap<&str, Vec<String>> = HashMap::new();
    for m in members {
        let e = per_doc.entry(m.doc).or_insert_with(|| {
            order.push(m.doc);
            Vec::new()
        });
        e.extend(content_terms(m.title));
    }
    let mut sentence_terms = Vec::with_capacity(sentences.len());
    for s in sentences {
        let mut t = content_terms(s.text);
        t.truncate(MAX_TERMS_PER_SENTENCE);
        let e = per_doc.entry(s.doc).or_insert_with(|| {
            order.push(s.doc);
            Vec::new()
        });
        e.extend(t.iter().cloned());
        sentence_terms.push(t);
    }
    let mut centroid: Vector = BTreeMap::new();
    for d in &order {
        for (t, x) in unit_vector(&per_doc[d]) {
            *centroid.entry(t).or_insert(0.0) += x;
        }
    }

    let mut cands: Vec<Candidate> = Vec::new();
    for (s, terms) in sentences.iter().zip(sentence_terms) {
        let words = s.text.split_whitespace().count();
        if s.position >= MAX_POSITION || words > MAX_WORDS || s.text.trim_end().ends_with('?') {
            continue;
        }
        let mut distinct: Vec<String> = terms.clone();
        distinct.sort();
        distinct.dedup();
        if distinct.len() < MIN_CONTENT_TERMS {
            continue;
        }
        let weight: f32 = distinct.iter().map(|t| centroid.get(t).copied().unwrap_or(0.0)).sum();
        let relevance = weight / (distinct.len() as f32).sqrt() * (1.0 + 0.5 / (1.0 + s.position as f32));
        cands.push(Candidate { s, vec: unit_vector(&terms), terms: distinct, relevance });
    }
    let max_rel = cands.iter().map(|c| c.relevance).fold(0.0f32, f32::max).max(1e-6);

    let mut chosen: Vec<usize> = Vec::new();
    let mut covered: HashSet<&str> = HashSet::new();
    let mut dropped = vec![false; cands.len()];
    while chosen.len() < SUMMARY_MAX {
        let mut best: Option<(usize, f32)> = None;
        for (i, c) in cands.iter().enumerate() {
            if dropped[i] {
                continue;
            }
            let sim = chosen.iter().map(|&j| cosine(&c.vec, &cands[j].vec)).fold(0.0f32, f32::max);
            let new_terms = c.terms.iter().filter(|t| !covered.contains(t.as_str())).count();
            if sim >= REDUNDANT_COS || new_terms < MIN_NEW_TERMS {
                dropped[i] = true;
                continue;
            }
            let score = LAMBDA * c.relevance / max_rel - (1.0 - LAMBDA) * sim;
            // Strictly greater: ties go to the earlier sentence in input order.
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((i, score));
            }
        }
        let Some((i, _)) = best else { break };
        dropped[i] = true;
        chosen.push(i);
        for t in &cands[i].terms {
            covered.insert(t.as_str());
        }
    }
    let mut out: Vec<SummarySentence> = chosen
        .iter()
        .map(|&i| {
            let s = cands[i].s;
            SummarySentence { doc: s.doc.to_string(), day: s.day, position: s.position, text: one_line(s.text) }
        })
        .collect();
    out.sort_by(|a, b| (a.day.is_none(), a.day, &a.doc, a.position).cmp(&(b.day.is_none(), b.day, &b.doc, b.position)));

    // Headline: the most central title.
    let mut headline = None;
    let mut best = f32::NEG_INFINITY;
    for m in members {
        let terms = content_terms(m.title);
        if terms.is_empty() {
            continue;
        }
        let c = cosine(&unit_vector(&terms), &centroid);
        if c > best {
            best = c;
            headline = Some(m);
        }
    }
    let (headline, headline_doc) = match headline {
        Some(m) => (one_line(m.title), Some(m.doc.to_string())),
        None => (out.first().map(|s| s.text.clone()).unwrap_or_default(), None),
    };
    Summary { headline, headline_doc, sentences: out }
}

/// Whitespace runs (newlines included) collapsed to one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An event cluster as a storyline's timeline needs it.
#[derive(Debug, Clone, Copy)]
pub struct TimelineEvent<'a> {
    pub cluster: &'a str,
    pub first_day: Option<i64>,
    pub last_day: Option<i64>,
    /// Its headline or its root event, in words.
    pub description: &'a str,
}

/// One line of a timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineLine {
    pub cluster: String,
    pub first_day: Option<i64>,
    pub last_day: Option<i64>,
    /// "2015-05-12", "2015-05-11 – 2015-05-12" or "undated".
    pub span: String,
    pub text: String,
}

impl std::fmt::Display for TimelineLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}  {}  [{}]", self.span, self.text, self.cluster)
    }
}

/// A storyline's timeline: one line per event cluster, by first day (undated last), then id.
pub fn timeline(events: &[TimelineEvent]) -> Vec<TimelineLine> {
    let mut lines: Vec<TimelineLine> = events
        .iter()
        .map(|e| {
            let (first, last) = match (e.first_day, e.last_day) {
                (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
                (a, b) => (a.or(b), b.or(a)),
            };
            let span = match (first, last) {
                (Some(a), Some(b)) if a == b => format_day(a),
                (Some(a), Some(b)) => format!("{} – {}", format_day(a), format_day(b)),
                _ => "undated".to_string(),
            };
            let mut text = one_line(e.description);
            if text.chars().count() > TIMELINE_WIDTH {
                text = text.chars().take(TIMELINE_WIDTH - 1).collect::<String>() + "…";
            }
            TimelineLine { cluster: e.cluster.to_string(), first_day: first, last_day: last, span, text }
        })
        .collect();
    lines.sort_by(|a, b| {
        (a.first_day.is_none(), a.first_day, &a.cluster).cmp(&(b.first_day.is_none(), b.first_day, &b.cluster))
    });
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{civil_from_days, days_from_civil};
    use proptest::prelude::*;

    #[test]
    fn content_terms_drop_the_shared_stop_words() {
        let t = content_terms("However, the Minister said two people were told of the new talks.");
        assert_eq!(t, ["minister", "talk"]);
        assert!(content_terms("It was the first time in years").is_empty());
    }

    fn s<'a>(doc: &'a str, day: i64, position: u32, text: &'a str) -> SentenceIn<'a> {
        SentenceIn { doc, day: Some(day), position, text }
    }

    const A1: &str = "Norland's foreign minister arrived in Vesta on Monday for talks on the border dispute.";
    const A2: &str = "The minister will meet the Vestan president and discuss grain embargo relief.";
    const B1: &str = "Norland's foreign minister arrived in Vesta on Monday for talks over the border dispute.";
    const B2: &str = "Fishing quotas in the northern bay were also on the agenda, officials said.";
    const B3: &str = "Will the talks end the embargo?";
    const C1: &str = "Vesta's president welcomed the minister and promised to lift the grain embargo within weeks.";
    const C2: &str = "Protesters gathered outside the residence demanding compensation for fishermen.";

    fn fixture() -> (Vec<Member<'static>>, Vec<SentenceIn<'static>>) {
        let members = vec![
            Member { doc: "b", title: "Minister flies to Vesta", day: Some(11) },
            Member { doc: "a", title: "Norland minister in Vesta for border and embargo talks", day: Some(10) },
            Member { doc: "c", title: "Vesta to lift grain embargo", day: Some(12) },
        ];
        let sentences = vec![
            s("b", 11, 0, B1),
            s("b", 11, 1, B2),
            s("b", 11, 2, B3),
            s("a", 10, 0, A1),
            s("a", 10, 1, A2),
            s("c", 12, 0, C1),
            s("c", 12, 1, C2),
        ];
        (members, sentences)
    }

    #[test]
    fn summary_is_chronological_attributed_and_not_redundant() {
        let (members, sentences) = fixture();
        let sum = summarize(&members, &sentences);
        let n = sum.sentences.len();
        assert!((3..=SUMMARY_MAX).contains(&n), "{sum:#?}");
        // A1 and B1 are near-duplicates: at most one of them.
        let dup = sum.sentences.iter().filter(|x| x.text == A1 || x.text == B1).count();
        assert_eq!(dup, 1, "{sum:#?}");
        // No question.
        assert!(sum.sentences.iter().all(|x| x.text != B3));
        // Chronological, and each sentence is the text of the article it names.
        for w in sum.sentences.windows(2) {
            assert!((w[0].day, &w[0].doc, w[0].position) <= (w[1].day, &w[1].doc, w[1].position));
        }
        for x in &sum.sentences {
            assert!(sentences.iter().any(|y| y.doc == x.doc && y.position == x.position && y.text == x.text));
        }
        // Draws on more than one source.
        let docs: HashSet<&str> = sum.sentences.iter().map(|x| x.doc.as_str()).collect();
        assert!(docs.len() >= 2);
        // The most central title wins over the short one.
        assert_eq!(sum.headline_doc.as_deref(), Some("a"));
    }

    #[test]
    fn every_sentence_adds_new_terms() {
        let (members, sentences) = fixture();
        let sum = summarize(&members, &sentences);
        // Re-run the check in selection-independent form: no chosen sentence's terms are all
        // covered by the other chosen sentences minus one.
        for (i, x) in sum.sentences.iter().enumerate() {
            let others: HashSet<String> = sum
                .sentences
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .flat_map(|(_, y)| content_terms(&y.text))
                .collect();
            let own: HashSet<String> = content_terms(&x.text).into_iter().collect();
            assert!(own.difference(&others).count() >= 1, "{x:?} adds nothing");
        }
    }

    #[test]
    fn exact_copies_appear_once() {
        let members = [Member { doc: "a", title: "", day: None }, Member { doc: "b", title: "", day: None }];
        let sentences = [
            SentenceIn { doc: "a", day: None, position: 0, text: A1 },
            SentenceIn { doc: "b", day: None, position: 0, text: A1 },
            SentenceIn { doc: "a", day: None, position: 1, text: C2 },
        ];
        let sum = summarize(&members, &sentences);
        assert_eq!(sum.sentences.len(), 2);
        assert_eq!(sum.headline_doc, None);
        assert!(!sum.headline.is_empty());
    }

    #[test]
    fn empty_input_gives_empty_summary() {
        let sum = summarize(&[], &[]);
        assert!(sum.sentences.is_empty() && sum.headline.is_empty());
    }

    #[test]
    fn split_body_numbers_sentences() {
        let v = split_body("d", Some(3), "The minister arrived. The talks began on Monday.");
        assert_eq!(v.len(), 2);
        assert_eq!((v[1].position, v[1].text), (1, "The talks began on Monday."));
    }

    #[test]
    fn timeline_orders_and_formats() {
        let d13 = days_from_civil(2013, 5, 7);
        let d15 = days_from_civil(2015, 5, 12);
        let lines = timeline(&[
            TimelineEvent {
                cluster: "late",
                first_day: Some(d15 - 1),
                last_day: Some(d15),
                description: "Sochi\nmeeting",
            },
            TimelineEvent { cluster: "none", first_day: None, last_day: None, description: "undated thing" },
            TimelineEvent { cluster: "early", first_day: Some(d13), last_day: Some(d13), description: "Moscow visit" },
        ]);
        let ids: Vec<&str> = lines.iter().map(|l| l.cluster.as_str()).collect();
        assert_eq!(ids, ["early", "late", "none"]);
        assert_eq!(lines[0].span, "2013-05-07");
        assert_eq!(lines[1].span, "2015-05-11 – 2015-05-12");
        assert_eq!(lines[1].text, "Sochi meeting");
        assert_eq!(lines[2].span, "undated");
        assert_eq!(lines[0].to_string(), "2013-05-07  Moscow visit  [early]");
    }

    proptest! {
        #[test]
        fn civil_round_trips(days in -1_000_000i64..1_000_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }

        #[test]
        fn summary_never_panics_and_is_bounded(
            texts in proptest::collection::vec(".{0,120}", 0..30),
            days in proptest::collection::vec(proptest::option::of(-5000i64..5000), 30),
        ) {
            let docs = ["a", "b", "c"];
            let sentences: Vec<SentenceIn> = texts.iter().enumerate().map(|(i, t)| SentenceIn {
                doc: docs[i % 3], day: days[i % 3], position: (i / 3) as u32, text: t,
            }).collect();
            let members: Vec<Member> = docs.iter().map(|d| Member { doc: d, title: texts.first().map(String::as_str).unwrap_or(""), day: None }).collect();
            let sum = summarize(&members, &sentences);
            prop_assert!(sum.sentences.len() <= SUMMARY_MAX);
            for w in sum.sentences.windows(2) {
                prop_assert!((w[0].day.is_none(), w[0].day, &w[0].doc, w[0].position) <= (w[1].day.is_none(), w[1].day, &w[1].doc, w[1].position));
            }
            let again = summarize(&members, &sentences);
            prop_assert_eq!(sum, again);
        }
    }
}
