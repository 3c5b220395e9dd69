//! Syntax for the reading layer: part-of-speech tags (Universal and Penn), lemmas and a labelled
//! Universal Dependencies parse for tokenised sentences, from statistical models the project
//! trains itself on GUM (`../shared/data/gum`). The models are small files committed under
//! `data/models/` that load in milliseconds; training is a command of this crate, so anyone can
//! reproduce them. The crate knows nothing of documents or spans: it reads and writes CoNLL-U and
//! annotates sequences of word forms.

pub mod binio;
pub mod conllu;
pub mod features;
mod huge;
pub mod lemma;
pub mod lexicon;
pub mod parser;
pub mod reading;
pub mod tagger;
