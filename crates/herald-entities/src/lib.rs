//! Who an article is about. Entity resolution exists because analysts filter news by actor
//! ("everything Russia's government did to Iran"): every person, organisation, place and
//! country an article mentions must come out under one canonical entity, whatever spelling or
//! title the article used, and every political actor must carry the code that was right on the
//! article's date.
//!
//! The crate reads the parse from `herald-syntax` ([`mentions`]), looks names up in the
//! project's own dictionaries ([`dict`], normalised by [`fold`]) and groups mentions into
//! entities with actor codes and places ([`resolve`]). [`Annotator`] runs it all on one article.

pub mod dict;
pub mod fold;
pub mod link;
pub mod mentions;
pub mod names;
pub mod resolve;

use herald_model::{Entity, Mention, Paragraph, ParagraphKind};
use herald_syntax::binio::ModelError;
use herald_syntax::reading::{Models, ReadSentence};
use serde::Serialize;

pub use dict::{parse_day, Day, Dictionaries};

/// A sentence's byte span in the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
}

/// The analysis of one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annotation {
    pub sentences: Vec<SentenceSpan>,
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
}

/// One paragraph after the reading layer: its kind and its sentences (spans into the article).
#[derive(Debug, Clone)]
pub struct ReadParagraph<'m> {
    pub kind: ParagraphKind,
    pub sentences: Vec<ReadSentence<'m>>,
}

/// The environment variable naming a user's table of office terms added to the embedded one.
pub const OFFICES_ENV: &str = "HERALD_OFFICES";

/// The reading models and dictionaries, loaded once.
pub struct Annotator {
    pub models: Models,
    pub dict: Dictionaries,
}

/// Paragraph kinds that may hold mentions: captions, credits, related links and appeals are
/// page furniture, not reporting.
pub fn holds_mentions(kind: ParagraphKind) -> bool {
    matches!(kind, ParagraphKind::Headline | ParagraphKind::Body | ParagraphKind::QuoteBox)
}

impl Annotator {
    /// The models and dictionaries compiled into the binary, with the office terms of the table
    /// named by the environment variable `HERALD_OFFICES`, when it is set
    /// ([`Dictionaries::add_offices`]): how a newsroom records a change of government after the
    /// embedded table's last verified day without rebuilding herald.
    pub fn embedded() -> Result<Annotator, ModelError> {
        let mut dict = Dictionaries::embedded();
        if let Some(path) = std::env::var_os(OFFICES_ENV).filter(|p| !p.is_empty()) {
            let shown = std::path::Path::new(&path).display().to_string();
            let text = std::fs::read_to_string(&path)
                .map_err(|cause| ModelError::Io { path: format!("{shown} (named by {OFFICES_ENV})"), cause })?;
            dict.add_offices(&text, &shown)
                .map_err(|detail| ModelError::Table { what: OFFICES_ENV.to_string(), detail })?;
        }
        Ok(Annotator { models: Models::embedded()?, dict })
    }

    /// Annotates an article given as its text and paragraphs (spans into the text with kinds),
    /// dated `dct` when known.
    pub fn annotate(&self, text: &str, paragraphs: &[Paragraph], dct: Option<Day>) -> Annotation {
        self.annotate_read(text, &self.read(text, paragraphs), dct)
    }

    /// The reading layer over an article's paragraphs: each paragraph's kind and its sentences,
    /// with every span shifted into `text`.
    pub fn read(&self, text: &str, paragraphs: &[Paragraph]) -> Vec<ReadParagraph<'_>> {
        let mut out = Vec::with_capacity(paragraphs.len());
        for p in paragraphs {
            let Some(body) = text.get(p.start..p.end) else { continue };
            let mut sentences = self.models.read(body);
            for s in &mut sentences {
                s.start += p.start;
                s.end += p.start;
                for t in &mut s.tokens {
                    t.start += p.start;
                    t.end += p.start;
                }
            }
            out.push(ReadParagraph { kind: p.kind, sentences });
        }
        out
    }

    /// The entity layer alone, on an article already read by [`Annotator::read`]: mentions,
    /// entities and actor codes.
    pub fn annotate_read(&self, text: &str, read: &[ReadParagraph<'_>], dct: Option<Day>) -> Annotation {
        let (sentences, candidates) = self.candidates(text, read);
        let (mentions, entities) = resolve::resolve(&self.dict, text, candidates, dct);
        Annotation { sentences, mentions, entities }
    }

    /// Groups mentions whose spans are given (byte spans into `text`, read as plain text) into
    /// entities, the way [`Annotator::annotate_text`] groups the mentions it finds itself.
    /// This is how alias grouping is measured apart from mention finding: each given span takes
    /// the mention herald finds inside it (the one holding the phrase's head word, else the
    /// last) else the run of proper nouns it holds, and is resolved with the article's other
    /// mentions. The answer is, for each span, the index of its mention in the annotation, or
    /// `None` for a span with no name or description herald can read.
    pub fn group_spans(
        &self,
        text: &str,
        spans: &[(usize, usize)],
        dct: Option<Day>,
    ) -> (Vec<Option<usize>>, Annotation) {
        let read = self.read(text, &text_paragraphs(text));
        let (sentences, found) = self.candidates(text, &read);
        let mut given = Vec::new();
        for &(start, end) in spans {
            let inside = |c: &&mentions::Candidate| match c.name {
                Some((s, e)) => start <= s && e <= end,
                None => start <= c.start && c.end <= end,
            };
            // The mention that holds the phrase's head word (its word whose head in the parse
            // lies outside it: "Alvin Yeung" in "the Civic Party's Alvin Yeung"), else the last
            // one ("Freedom" in "Scientology's Freedom magazine", "EADS" in "Airbus parent
            // EADS").
            let head =
                read.iter().flat_map(|p| &p.sentences).find(|s| s.start <= start && end <= s.end).and_then(|s| {
                    let inside = |i: usize| start <= s.tokens[i].start && s.tokens[i].end <= end;
                    (0..s.tokens.len())
                        .find(|&i| inside(i) && s.tokens[i].analysis.head.checked_sub(1).is_none_or(|h| !inside(h)))
                        .map(|i| (s.tokens[i].start, s.tokens[i].end))
                });
            let best =
                found.iter().filter(|c| c.form != herald_model::MentionForm::Modifier).filter(inside).max_by_key(|c| {
                    let (s, e) = c.name.unwrap_or((c.start, c.end));
                    let holds = head.is_some_and(|(hs, he)| s <= hs && he <= e);
                    (holds, e, e - s)
                });
            let cand = match best {
                Some(c) => Some(c.clone()),
                None => read
                    .iter()
                    .flat_map(|p| &p.sentences)
                    .enumerate()
                    .find_map(|(i, sent)| mentions::proper_run(text, i, sent, start, end)),
            };
            if let Some(mut c) = cand {
                c.start = start;
                c.end = end;
                given.push(c);
            }
        }
        let (mentions, entities) = resolve::resolve(&self.dict, text, given, dct);
        let index = spans.iter().map(|&(s, e)| mentions.iter().position(|m| m.start == s && m.end == e)).collect();
        (index, Annotation { sentences, mentions, entities })
    }

    /// The sentences of an article already read and the mention candidates they hold.
    fn candidates(&self, text: &str, read: &[ReadParagraph<'_>]) -> (Vec<SentenceSpan>, Vec<mentions::Candidate>) {
        let mut sentences = Vec::new();
        let mut candidates = Vec::new();
        let reporting = read.iter().filter(|p| holds_mentions(p.kind)).flat_map(|p| &p.sentences);
        let names = mentions::article_names(text, reporting);
        for p in read {
            for s in &p.sentences {
                if holds_mentions(p.kind) {
                    mentions::find(
                        &self.dict,
                        text,
                        sentences.len(),
                        s,
                        &names,
                        self.models.tagger.lexicon(),
                        &mut candidates,
                    );
                }
                sentences.push(SentenceSpan { start: s.start, end: s.end });
            }
        }
        (sentences, candidates)
    }

    /// Annotates plain text with no paragraph kinds: every line is body.
    pub fn annotate_text(&self, text: &str, dct: Option<Day>) -> Annotation {
        self.annotate(text, &text_paragraphs(text), dct)
    }
}

/// Plain text as paragraphs: every non-blank line is a body paragraph.
pub fn text_paragraphs(text: &str) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if !trimmed.trim().is_empty() {
            paragraphs.push(Paragraph { kind: ParagraphKind::Body, start: at, end: at + trimmed.len() });
        }
        at += line.len();
    }
    paragraphs
}
