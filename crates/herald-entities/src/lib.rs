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
pub mod resolve;

use herald_model::{Entity, Mention, Paragraph, ParagraphKind};
use herald_syntax::binio::ModelError;
use herald_syntax::reading::Models;
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
    /// The models and dictionaries compiled into the binary.
    pub fn embedded() -> Result<Annotator, ModelError> {
        Ok(Annotator { models: Models::embedded()?, dict: Dictionaries::embedded() })
    }

    /// Annotates an article given as its text and paragraphs (spans into the text with kinds),
    /// dated `dct` when known.
    pub fn annotate(&self, text: &str, paragraphs: &[Paragraph], dct: Option<Day>) -> Annotation {
        let mut sentences = Vec::new();
        let mut candidates = Vec::new();
        for p in paragraphs {
            let Some(body) = text.get(p.start..p.end) else { continue };
            let mut read = self.models.read(body);
            for s in &mut read {
                s.start += p.start;
                s.end += p.start;
                for t in &mut s.tokens {
                    t.start += p.start;
                    t.end += p.start;
                }
            }
            for s in &read {
                if holds_mentions(p.kind) {
                    mentions::find(&self.dict, text, sentences.len(), s, &mut candidates);
                }
                sentences.push(SentenceSpan { start: s.start, end: s.end });
            }
        }
        let (mentions, entities) = resolve::resolve(&self.dict, text, candidates, dct);
        Annotation { sentences, mentions, entities }
    }

    /// Annotates plain text with no paragraph kinds: every line is body.
    pub fn annotate_text(&self, text: &str, dct: Option<Day>) -> Annotation {
        let mut paragraphs = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_end_matches(['\n', '\r']);
            if !trimmed.trim().is_empty() {
                paragraphs.push(Paragraph { kind: ParagraphKind::Body, start: at, end: at + trimmed.len() });
            }
            at += line.len();
        }
        self.annotate(text, &paragraphs, dct)
    }
}
