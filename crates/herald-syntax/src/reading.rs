//! The reading layer in one call: sentences and tokens (from `herald-text`), then part-of-speech
//! tags, lemmas and a dependency parse (from this crate's models), each token carrying its byte
//! span into the text it was read from.
//!
//! Bounds: time and memory are linear in the text. Sentences longer than [`MAX_PARSE_WORDS`]
//! words are tagged in full but parsed in windows of that many words (each window a tree of its
//! own, attached to the first window's root), so a 100,000-token line costs no more per word than
//! a normal sentence.

use crate::binio::ModelError;
use crate::conllu::{Sentence, Word};
use crate::lemma::Lemmatizer;
use crate::parser::Parser;
use crate::tagger::Tagger;
use herald_text::{split_sentences, tokenize, Span};
use std::borrow::Cow;
use std::path::Path;

/// Sentences longer than this are parsed in windows (see the module documentation).
pub const MAX_PARSE_WORDS: usize = 300;

/// The word-class lexicon the tagger and the lemmatizer of the reading layer share (see
/// [`crate::lexicon`]).
fn lexicon() -> std::sync::Arc<crate::lexicon::Lexicon> {
    std::sync::Arc::new(crate::lexicon::Lexicon::embedded())
}

/// The trained models of the reading layer.
pub struct Models {
    pub tagger: Tagger,
    pub lemmatizer: Lemmatizer,
    pub parser: Parser,
}

impl Models {
    /// The models committed under `data/models/`, compiled into the binary (the tagger and the
    /// lemmatizer with the word-class lexicon of `data/lexicon/`, see [`crate::lexicon`]).
    pub fn embedded() -> Result<Models, ModelError> {
        let lexicon = lexicon();
        Ok(Models {
            tagger: Tagger::from_bytes(include_bytes!("../../../data/models/tagger.hmod"))?
                .with_lexicon(lexicon.clone()),
            lemmatizer: Lemmatizer::from_bytes(include_bytes!("../../../data/models/lemma.hmod"))?
                .with_lexicon(lexicon),
            parser: Parser::from_bytes(include_bytes!("../../../data/models/parser.hmod"))?,
        }
        .with_parser_tag_sets())
    }

    /// Models from a directory holding `tagger.hmod`, `lemma.hmod` and `parser.hmod`.
    pub fn load_dir(dir: &Path) -> Result<Models, ModelError> {
        let lexicon = lexicon();
        Ok(Models {
            tagger: Tagger::load(&dir.join("tagger.hmod"))?.with_lexicon(lexicon.clone()),
            lemmatizer: Lemmatizer::load(&dir.join("lemma.hmod"))?.with_lexicon(lexicon),
            parser: Parser::load(&dir.join("parser.hmod"))?,
        }
        .with_parser_tag_sets())
    }

    /// Gives the parser the tagger's tag sets, which it tabulates weights for (faster parsing,
    /// same parses; see [`Parser::set_tag_sets`]).
    fn with_parser_tag_sets(mut self) -> Models {
        let upos: Vec<&str> = self.tagger.tags().iter().map(|t| t.upos).collect();
        let xpos: Vec<&str> = self.tagger.tags().iter().map(|t| t.xpos).collect();
        self.parser.set_tag_sets(&upos, &xpos);
        self
    }

    /// Fills in tags, lemmas and the parse of a sentence whose words are given (`--pretokenized`).
    pub fn annotate(&self, sentence: &mut Sentence) {
        let forms: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
        let analysis = self.analyse_words(&forms);
        for (w, a) in sentence.words.iter_mut().zip(analysis) {
            w.upos = a.upos.to_string();
            w.xpos = a.xpos.to_string();
            w.lemma = a.lemma.into_owned();
            w.head = a.head;
            w.deprel = a.deprel.to_string();
        }
    }

    /// Reads a text: its sentences, and for each its analysed tokens.
    pub fn read(&self, text: &str) -> Vec<ReadSentence<'_>> {
        split_sentences(text)
            .into_iter()
            .map(|span| {
                let tokens = tokenize(text, span);
                let forms: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
                let analysis = self.analyse_words(&forms);
                let tokens = tokens
                    .iter()
                    .zip(analysis)
                    .map(|(t, a)| ReadToken { start: t.start, end: t.end, analysis: a })
                    .collect();
                ReadSentence { start: span.start, end: span.end, tokens }
            })
            .collect()
    }

    fn analyse_words(&self, forms: &[&str]) -> Vec<Analysis<'_>> {
        // Older wire copy writes quotation marks as backquotes and apostrophes ("``like
        // this''", "`this'"), which GUM never does (the tagger read them as a preposition, a
        // currency sign, a name): the models read them as the curly quotes GUM writes. (A lone
        // apostrophe stays: it is as often a possessive.)
        let quoted: Vec<&str>;
        let forms = if forms.iter().any(|&f| matches!(f, "``" | "''" | "`")) {
            quoted = forms
                .iter()
                .map(|&f| match f {
                    "``" => "\u{201c}",
                    "''" => "\u{201d}",
                    "`" => "\u{2018}",
                    f => f,
                })
                .collect();
            &quoted[..]
        } else {
            forms
        };
        let tags = self.tagger.tag(forms);
        let upos: Vec<&str> = tags.iter().map(|t| t.upos).collect();
        let xpos: Vec<&str> = tags.iter().map(|t| t.xpos).collect();
        let labels = self.parser.labels();
        let mut heads: Vec<(usize, &str)> = Vec::with_capacity(forms.len());
        for start in (0..forms.len()).step_by(MAX_PARSE_WORDS) {
            let end = (start + MAX_PARSE_WORDS).min(forms.len());
            let window = self.parser.parse_ids(&forms[start..end], &upos[start..end], &xpos[start..end]);
            let first_root = heads.iter().position(|(h, _)| *h == 0).map(|i| i + 1);
            for (h, label) in window {
                let label = labels.get(label as usize).map(String::as_str).unwrap_or("dep");
                match (h, first_root) {
                    // Later windows hang from the first window's root.
                    (0, Some(root)) => heads.push((root, "parataxis")),
                    (0, None) => heads.push((0, label)),
                    (h, _) => heads.push((h + start, label)),
                }
            }
        }
        forms
            .iter()
            .zip(tags)
            .zip(heads)
            .map(|((form, tag), (head, deprel))| Analysis {
                lemma: self.lemmatizer.lemma(form, tag.upos, tag.xpos),
                upos: tag.upos,
                xpos: tag.xpos,
                head,
                deprel,
            })
            .collect()
    }
}

/// What the reading layer says of one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis<'m> {
    pub upos: &'static str,
    pub xpos: &'static str,
    pub lemma: Cow<'m, str>,
    /// 1-based index of the head word in the sentence; 0 for the root.
    pub head: usize,
    pub deprel: &'m str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadToken<'m> {
    pub start: usize,
    pub end: usize,
    pub analysis: Analysis<'m>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadSentence<'m> {
    pub start: usize,
    pub end: usize,
    pub tokens: Vec<ReadToken<'m>>,
}

impl ReadSentence<'_> {
    /// The sentence as CoNLL-U, with its text and each token's byte span in MISC.
    pub fn to_conllu(&self, text: &str, id: usize) -> Sentence {
        let span = Span::new(self.start, self.end);
        let words = self
            .tokens
            .iter()
            .enumerate()
            .map(|(i, t)| Word {
                id: i + 1,
                form: text[t.start..t.end].to_string(),
                lemma: t.analysis.lemma.to_string(),
                upos: t.analysis.upos.to_string(),
                xpos: t.analysis.xpos.to_string(),
                feats: String::new(),
                head: t.analysis.head,
                deprel: t.analysis.deprel.to_string(),
                misc: format!("TokenRange={}:{}", t.start, t.end),
            })
            .collect();
        Sentence {
            comments: vec![format!("sent_id = {id}"), format!("text = {}", span.text(text).replace('\n', " "))],
            words,
            multiword: Vec::new(),
        }
    }
}
