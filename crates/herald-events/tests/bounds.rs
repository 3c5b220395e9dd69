//! Bad input: the coder's output and time stay bounded whatever the parse looks like. Most tests
//! build the parse by hand (so a 20,000-sentence article or a cyclic tree costs no model time);
//! one runs the real reading layer on 500 coordinated actors.

use herald_entities::{Annotation, Dictionaries, ReadParagraph, SentenceSpan};
use herald_events::{ArticleInput, Coder, MAX_ARTICLE_EVENTS, MAX_PAIRS, MAX_SENTENCE_EVENTS};
use herald_model::{ActorCode, Entity, EntityType, Mention, MentionForm, ParagraphKind};
use herald_syntax::reading::{Analysis, ReadSentence, ReadToken};
use proptest::prelude::*;
use std::borrow::Cow;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn coder() -> &'static Coder {
    static C: OnceLock<Coder> = OnceLock::new();
    C.get_or_init(|| Coder::embedded().expect("tables"))
}

fn dict() -> &'static Dictionaries {
    static D: OnceLock<Dictionaries> = OnceLock::new();
    D.get_or_init(Dictionaries::default)
}

/// One word of a hand-made parse: form, lemma, UPOS, XPOS, head (1-based, 0 root), relation.
type W = (&'static str, &'static str, &'static str, &'static str, usize, &'static str);

/// An article built from hand-made parses; words whose form is in `actors` are mentions of a
/// country with that code.
struct Built {
    text: String,
    read: Vec<ReadParagraph<'static>>,
    annotation: Annotation,
}

const UPOS: &[&str] =
    &["NOUN", "PROPN", "VERB", "ADJ", "ADP", "DET", "AUX", "PRON", "PUNCT", "CCONJ", "ADV", "NUM", "PART"];
const XPOS: &[&str] =
    &["NN", "NNP", "NNS", "VBD", "VB", "VBN", "VBG", "VBZ", "JJ", "IN", "DT", "MD", "PRP", ",", "CC", "RB", "CD"];
const RELS: &[&str] = &[
    "nsubj",
    "obj",
    "obl",
    "nmod",
    "amod",
    "compound",
    "conj",
    "cc",
    "case",
    "det",
    "aux",
    "aux:pass",
    "nsubj:pass",
    "xcomp",
    "ccomp",
    "advcl",
    "acl",
    "acl:relcl",
    "appos",
    "flat",
    "mark",
    "punct",
    "root",
    "obl:agent",
    "nmod:poss",
    "parataxis",
];

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn build(sentences: &[Vec<W>], actors: &[(&str, &str)]) -> Built {
    let mut text = String::new();
    let mut read_sentences = Vec::new();
    let mut annotation = Annotation { sentences: Vec::new(), mentions: Vec::new(), entities: Vec::new() };
    for (code, _) in actors {
        annotation.entities.push(Entity {
            id: format!("country:{code}"),
            name: code.to_string(),
            kind: EntityType::Gpe,
            aliases: Vec::new(),
            actor: Some(ActorCode {
                code: code.to_string(),
                country: Some(code.to_string()),
                sector: None,
                role: None,
                basis: "name".into(),
            }),
            place: None,
        });
    }
    for (si, words) in sentences.iter().enumerate() {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        let mut tokens = Vec::with_capacity(words.len());
        for (wi, &(form, lemma, upos, xpos, head, deprel)) in words.iter().enumerate() {
            if wi > 0 {
                text.push(' ');
            }
            let ts = text.len();
            text.push_str(form);
            tokens.push(ReadToken {
                start: ts,
                end: text.len(),
                analysis: Analysis { upos, xpos, lemma: Cow::Borrowed(lemma), head, deprel },
            });
            if let Some((code, _)) = actors.iter().find(|(_, f)| *f == form) {
                annotation.mentions.push(Mention {
                    start: ts,
                    end: text.len(),
                    text: form.to_string(),
                    kind: EntityType::Gpe,
                    form: MentionForm::Name,
                    name_span: None,
                    sentence: si,
                    entity: format!("country:{code}"),
                });
            }
        }
        annotation.sentences.push(SentenceSpan { start, end: text.len() });
        read_sentences.push(ReadSentence { start, end: text.len(), tokens });
    }
    let read = vec![ReadParagraph { kind: ParagraphKind::Body, sentences: read_sentences }];
    Built { text, read, annotation }
}

fn run(b: &Built) -> Vec<herald_events::Event> {
    let input =
        ArticleInput { text: &b.text, read: &b.read, annotation: &b.annotation, dict: dict(), timexes: &[], dct: None };
    coder().code_mentions(&input)
}

fn attack(src: &'static str, tgt: &'static str) -> Vec<W> {
    vec![
        (src, src, "PROPN", "NNP", 2, "nsubj"),
        ("attacked", "attack", "VERB", "VBD", 0, "root"),
        (tgt, tgt, "PROPN", "NNP", 2, "obj"),
        (".", ".", "PUNCT", ".", 2, "punct"),
    ]
}

#[test]
fn a_simple_parse_gives_its_event() {
    let b = build(&[attack("Israel", "Syria")], &[("ISR", "Israel"), ("SYR", "Syria")]);
    let ev = run(&b);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].source.as_ref().map(|a| a.code.as_str()), Some("ISR"));
    assert_eq!(ev[0].target.as_ref().map(|a| a.code.as_str()), Some("SYR"));
    assert_eq!(ev[0].cameo, "190");
}

#[test]
fn twenty_thousand_sentences_in_linear_time() {
    let sentences: Vec<Vec<W>> = (0..20_000).map(|_| attack("Israel", "Syria")).collect();
    let b = build(&sentences, &[("ISR", "Israel"), ("SYR", "Syria")]);
    let t = Instant::now();
    let raw = run(&b);
    let took = t.elapsed();
    assert!(raw.len() <= MAX_ARTICLE_EVENTS);
    assert_eq!(raw.len(), 20_000);
    let merged = herald_events::merge(raw);
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].mentions, 20_000);
    assert!(took < Duration::from_secs(60), "{took:?}");
}

#[test]
fn five_hundred_coordinated_actors_are_capped() {
    // "Syria attacked A, B, C, … and Z": every name a conjunct of the first.
    let names: Vec<&'static str> = (0..500).map(|i| leak(format!("Land{i}"))).collect();
    let codes: Vec<(&'static str, &'static str)> = names.iter().map(|n| (leak(format!("X{n}")), *n)).collect();
    let mut words: Vec<W> =
        vec![("Syria", "Syria", "PROPN", "NNP", 2, "nsubj"), ("attacked", "attack", "VERB", "VBD", 0, "root")];
    for (i, n) in names.iter().enumerate() {
        let (rel, head) = if i == 0 { ("obj", 2) } else { ("conj", 3) };
        words.push((n, n, "PROPN", "NNP", head, rel));
        words.push((",", ",", "PUNCT", ",", 3, "punct"));
    }
    words.pop();
    let mut actors = codes.clone();
    actors.push(("SYR", "Syria"));
    let b = build(&[words], &actors);
    let t = Instant::now();
    let ev = run(&b);
    assert!(!ev.is_empty());
    assert!(ev.len() <= MAX_PAIRS.min(MAX_SENTENCE_EVENTS), "{}", ev.len());
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
}

#[test]
fn circular_appositions_end() {
    // Heads that form a cycle (no parser gives one; the coder must not loop on it).
    let n = 300;
    let mut words: Vec<W> = Vec::new();
    for i in 0..n {
        let head = if i + 2 > n { 1 } else { i + 2 };
        let form = if i % 3 == 0 { "Russia" } else { "president" };
        words.push((form, form, "PROPN", "NNP", head, "appos"));
    }
    words[5] = ("attacked", "attack", "VERB", "VBD", 7, "appos");
    let b = build(&[words], &[("RUS", "Russia")]);
    let t = Instant::now();
    let ev = run(&b);
    assert!(ev.len() <= MAX_SENTENCE_EVENTS);
    assert!(t.elapsed() < Duration::from_secs(20));
}

fn soup_word() -> impl Strategy<Value = W> {
    let lemmas = prop::sample::select(vec![
        "attack", "meet", "visit", "talks", "sanction", "agree", "refuse", "threaten", "say", "demand", "urge", "not",
        "will", "Russia", "Syria", "official", "troops", "the", "of", "with", "to", "if", "and", "who", "it", "he",
    ]);
    (
        lemmas,
        prop::sample::select(UPOS.to_vec()),
        prop::sample::select(XPOS.to_vec()),
        0usize..40,
        prop::sample::select(RELS.to_vec()),
    )
        .prop_map(|(l, u, x, h, r)| (l, l, u, x, h, r))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn random_token_soups_never_panic(sentences in prop::collection::vec(prop::collection::vec(soup_word(), 1..40), 1..6)) {
        // Heads beyond the sentence point at the root (0), as a reader never gives them.
        let sentences: Vec<Vec<W>> = sentences
            .into_iter()
            .map(|ws| {
                let n = ws.len();
                ws.into_iter().map(|(f, l, u, x, h, r)| (f, l, u, x, if h > n { 0 } else { h }, r)).collect()
            })
            .collect();
        let b = build(&sentences, &[("RUS", "Russia"), ("SYR", "Syria")]);
        let ev = run(&b);
        prop_assert!(ev.len() <= MAX_SENTENCE_EVENTS * sentences.len());
        for e in &ev {
            prop_assert!(e.evidence.start <= e.evidence.end && e.evidence.end <= b.text.len());
            prop_assert!(b.text.is_char_boundary(e.evidence.start) && b.text.is_char_boundary(e.evidence.end));
            prop_assert!((0.0..=1.0).contains(&e.confidence));
        }
        let merged = herald_events::merge(ev.clone());
        prop_assert!(merged.len() <= ev.len());
        prop_assert!(merged.iter().filter(|e| e.root).count() <= 1);
    }
}

#[test]
fn five_hundred_real_names_through_the_reading_layer() {
    let annotator = herald_entities::Annotator::embedded().expect("models");
    let countries = ["Egypt", "Jordan", "France", "Germany", "Italy", "Spain", "Japan", "Brazil", "Kenya", "Peru"];
    let names: Vec<&str> = (0..500).map(|i| countries[i % countries.len()]).collect();
    let text = format!("{} and Chile condemned the attack on Syria.", names.join(", "));
    let t = Instant::now();
    let paragraphs = herald_entities::text_paragraphs(&text);
    let (_, _, ev) = herald_events::analyse(&annotator, coder(), &text, &paragraphs, None);
    assert!(ev.len() <= MAX_SENTENCE_EVENTS);
    assert!(t.elapsed() < Duration::from_secs(60), "{:?}", t.elapsed());
    let appositions = (0..200).map(|_| "Putin, the Russian president").collect::<Vec<_>>().join(", ");
    let text = format!("{appositions} met Obama.");
    let paragraphs = herald_entities::text_paragraphs(&text);
    let (_, _, ev) = herald_events::analyse(&annotator, coder(), &text, &paragraphs, None);
    assert!(ev.len() <= MAX_SENTENCE_EVENTS);
}
