//! Part-of-speech tagging: an averaged perceptron over hashed features with greedy left-to-right
//! decoding, predicting Universal (UPOS) and Penn (XPOS) tags at once as one combined class
//! (`NOUN|NN`, `AUX|VBZ`, `PRON|DT`, …), since in GUM the same Penn tag maps to several UPOS
//! tags depending on the word and its use.
//!
//! Features of a word: its form and lowercase form, prefixes and suffixes, a shape (`Xxxx`,
//! `dd.d`), an ambiguity class (the tags the word had in training, for words seen often enough),
//! the two previously predicted tags, the neighbouring words ±2 and some conjunctions. Frequent
//! words that are practically unambiguous in training take their tag straight from the
//! dictionary. A word outside that dictionary (seen fewer than three times) takes the
//! best-scoring tag among those the word-class lexicon allows for it ([`crate::lexicon`],
//! [`Tagger::with_lexicon`]). The weights are the mean of several perceptrons trained on different shuffles of
//! the data (an ensemble that tags exactly as fast as one of them).
//!
//! Left-to-right decoding sees the tags of the words before a word but not of those after it,
//! and most remaining errors are known words whose tag the next words decide ("appears to/IN
//! level off", "needed more/RBR training"). So a second pass re-tags the words the first was
//! unsure of (a small margin between its two best tags: one word in thirteen on GUM dev) with features
//! that add the first pass's tags of the next two words, and takes the best tag by the sum of
//! both passes' scores. It is trained on first-pass tags of the training data that come from
//! taggers trained without the sentence they tag (jackknifing), so it learns how far to trust
//! first-pass tags as they are on new text. On GUM dev, with the lexicon: UPOS 0.9680 → 0.9701,
//! XPOS 0.9670 → 0.9685.
//!
//! The model file (`tagger.hmod`, magic `HRLDTAG1`, version 2) holds the class inventory, the
//! word dictionary and the pruned, quantised weights of both passes.

use crate::binio::{ModelError, Reader, Writer};
use crate::conllu::Sentence;
use crate::features::{argmax, combine, feature, hash_str, HashMapU64, Perceptron, Rng, SparseWeights};
use crate::lemma::Lemmatizer;
use crate::lexicon::Lexicon;
use std::path::Path;

const MAGIC: &[u8; 8] = b"HRLDTAG1";
const VERSION: u32 = 2;

/// Marks "no fixed tag" in the word dictionary.
const NO_TAG: u16 = u16::MAX;

/// A predicted tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag {
    /// The class number in this model's inventory (stable for one model file).
    pub id: u16,
    /// Universal part of speech (`NOUN`, `VERB`, …).
    pub upos: &'static str,
    /// Penn Treebank tag as used by GUM (`NN`, `VBZ`, `-LRB-`, …).
    pub xpos: &'static str,
}

const UPOS: &[&str] = &[
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ",
    "SYM", "VERB", "X", "_",
];
const XPOS: &[&str] = &[
    "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NN", "NNS", "NNP", "NNPS", "PDT", "POS",
    "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP",
    "WP$", "WRB", "$", "#", ",", ".", ":", "``", "''", "-LRB-", "-RRB-", "HYPH", "NFP", "ADD", "AFX", "GW", "XX", "_",
];

/// A `&'static str` for a tag name: from the built-in inventories, or leaked once for a tag this
/// build does not know (a model file holds a few dozen tags at most).
fn intern(s: &str, known: &[&'static str]) -> &'static str {
    known.iter().find(|k| **k == s).copied().unwrap_or_else(|| Box::leak(s.to_string().into_boxed_str()))
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the model.
    pub prune: f32,
    /// Features updated fewer times than this (counting both sides of each mistake) are dropped.
    pub min_updates: u32,
    /// Words seen at least this often get an ambiguity-class feature.
    pub min_dict_count: u32,
    /// Words seen at least this often, with one tag at least `fixed_share` of the time, are tagged
    /// from the dictionary.
    pub fixed_count: u32,
    pub fixed_share: f64,
    /// Perceptrons trained on different shuffles whose weights are averaged into the model.
    pub members: usize,
    /// Train a second, right-context pass (see [`Tagger::tag`]): its features add the first
    /// pass's tags of the next two words, learnt from first-pass tags of the training data that
    /// come from `folds` taggers each trained without the sentences it tags (jackknifing).
    pub second_pass: bool,
    pub folds: usize,
    /// The second pass re-tags a word whose first-pass margin (best score minus the runner-up)
    /// is below this many times the model's largest single weight.
    pub rescore_margin: f64,
    /// Print dev accuracy per epoch to stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 8,
            seed: 7,
            prune: 0.05,
            min_updates: 3,
            min_dict_count: 3,
            fixed_count: 20,
            fixed_share: 0.995,
            members: 5,
            second_pass: true,
            folds: 5,
            rescore_margin: 0.3,
            verbose: true,
        }
    }
}

/// A dictionary entry: the ambiguity-class feature value and a fixed tag (or [`NO_TAG`]).
#[derive(Debug, Clone, Copy)]
struct DictEntry {
    amb: u64,
    fixed: u16,
}

/// A part-of-speech tagger model.
#[derive(Debug, Clone)]
pub struct Tagger {
    classes: Vec<Tag>,
    /// Dictionary as stored: words, their ambiguity-class index and fixed tag.
    dict_words: Vec<String>,
    dict_amb: Vec<u32>,
    dict_fixed: Vec<u16>,
    /// Ambiguity classes: sorted class ids.
    amb_sets: Vec<Vec<u16>>,
    /// Lookup built at load: hash of the lowercase form → entry.
    dict: HashMapU64<DictEntry>,
    weights: SparseWeights,
    /// Restricts the tags of words outside the dictionary ([`Tagger::with_lexicon`]).
    lexicon: Option<std::sync::Arc<Lexicon>>,
    /// Each class's Penn tag as a [`crate::lexicon::tag`] bit.
    class_bits: Vec<u32>,
    /// Weights of the right-context second pass, if the model has one.
    second: Option<SparseWeights>,
    /// The second pass re-tags words whose first-pass margin is below this (in score units).
    rescore_below: i32,
}

/// Score units of a model's largest single weight (see [`Perceptron::average_many`]).
const WEIGHT_UNIT: f64 = (1u32 << 20) as f64;

// Seeds of the value kinds.
const S_LOWER: u64 = 1;
const S_FORM: u64 = 2;
const S_SUF: u64 = 3;
const S_PRE: u64 = 7;
const S_SHAPE: u64 = 11;
const S_AMB: u64 = 12;
const S_TAG: u64 = 13;
const S_PAD: u64 = 14;

/// Everything the features need about one word, hashed once per sentence.
#[derive(Debug, Clone, Copy)]
struct WordInfo {
    lower: u64,
    form: u64,
    suf: [u64; 4],
    pre: [u64; 3],
    shape: u64,
    amb: u64,
    fixed: u16,
    /// In the dictionary (seen often enough in training).
    known: bool,
}

impl WordInfo {
    fn pad(which: u64) -> Self {
        let h = hash_str(S_PAD, if which == 0 { "<s>" } else { "</s>" });
        WordInfo { lower: h, form: h, suf: [h; 4], pre: [h; 3], shape: h, amb: h, fixed: NO_TAG, known: true }
    }
}

/// Lowercases into `buf`.
fn lowercase_into(s: &str, buf: &mut String) {
    buf.clear();
    if s.is_ascii() {
        buf.push_str(s);
        buf.make_ascii_lowercase();
    } else {
        for c in s.chars() {
            buf.extend(c.to_lowercase());
        }
    }
}

/// The word's shape: letters become `X`/`x`, digits `d`, other characters stay; runs longer than
/// four are cut at four.
fn shape_into(s: &str, buf: &mut String) {
    buf.clear();
    let mut last = '\0';
    let mut run = 0;
    for c in s.chars().take(40) {
        let m = if c.is_uppercase() {
            'X'
        } else if c.is_alphabetic() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if m == last {
            run += 1;
        } else {
            run = 1;
            last = m;
        }
        if run <= 4 {
            buf.push(m);
        }
    }
}

fn word_info(form: &str, lower_buf: &mut String, shape_buf: &mut String, dict: &HashMapU64<DictEntry>) -> WordInfo {
    lowercase_into(form, lower_buf);
    shape_into(form, shape_buf);
    let lower = lower_buf.as_str();
    let lower_h = hash_str(S_LOWER, lower);
    let mut suf = [0u64; 4];
    let mut pre = [0u64; 3];
    // Byte offsets of the last four character boundaries.
    let mut ends = [0usize; 4];
    let mut n = 0;
    for (i, _) in lower.char_indices().rev().take(4) {
        ends[n] = i;
        n += 1;
    }
    for k in 0..4 {
        let start = if k < n { ends[k] } else { 0 };
        suf[k] = hash_str(S_SUF + k as u64, &lower[start..]);
    }
    let mut starts = [lower.len(); 3];
    for (k, (i, c)) in lower.char_indices().take(3).enumerate() {
        starts[k] = i + c.len_utf8();
    }
    for k in 0..3 {
        pre[k] = hash_str(S_PRE + k as u64, &lower[..starts[k]]);
    }
    let entry = dict.get(&lower_h).copied();
    WordInfo {
        lower: lower_h,
        form: hash_str(S_FORM, form),
        suf,
        pre,
        shape: hash_str(S_SHAPE, shape_buf),
        amb: entry.map_or_else(|| hash_str(S_AMB, "?"), |e| e.amb),
        fixed: entry.map_or(NO_TAG, |e| e.fixed),
        known: entry.is_some(),
    }
}

fn sentence_infos(words: &[&str], dict: &HashMapU64<DictEntry>) -> Vec<WordInfo> {
    let mut out = Vec::with_capacity(words.len() + 4);
    let (start, end) = (WordInfo::pad(0), WordInfo::pad(1));
    out.push(start);
    out.push(start);
    let (mut lb, mut sb) = (String::new(), String::new());
    for w in words {
        out.push(word_info(w, &mut lb, &mut sb, dict));
    }
    out.push(end);
    out.push(end);
    out
}

fn tag_hash(t: Option<u16>) -> u64 {
    combine(S_TAG, t.map_or(u64::MAX, u64::from))
}

/// Features of word `i` (0-based) given infos (padded by two each side) and the two previous tags.
fn extract(infos: &[WordInfo], i: usize, p1: Option<u16>, p2: Option<u16>, out: &mut Vec<u64>) {
    out.clear();
    let w = &infos[i + 2];
    let (m1, m2, n1, n2) = (&infos[i + 1], &infos[i], &infos[i + 3], &infos[i + 4]);
    let (t1, t2) = (tag_hash(p1), tag_hash(p2));
    out.extend_from_slice(&[
        feature(0, 0),
        feature(1, w.lower),
        feature(2, w.form),
        feature(3, w.suf[0]),
        feature(4, w.suf[1]),
        feature(5, w.suf[2]),
        feature(6, w.suf[3]),
        feature(7, w.pre[0]),
        feature(8, w.pre[1]),
        feature(9, w.pre[2]),
        feature(10, w.shape),
        feature(11, w.amb),
        feature(12, t1),
        feature(13, t2),
        feature(14, combine(t1, t2)),
        feature(15, combine(t1, w.lower)),
        feature(16, m1.lower),
        feature(17, m2.lower),
        feature(18, n1.lower),
        feature(19, n2.lower),
        feature(20, m1.suf[2]),
        feature(21, n1.suf[2]),
        feature(22, n1.amb),
        feature(23, n2.amb),
        feature(24, combine(m1.lower, w.lower)),
        feature(25, combine(w.lower, n1.lower)),
        feature(26, combine(t1, n1.amb)),
        feature(27, n1.shape),
        feature(28, combine(t1, w.suf[2])),
        feature(29, combine(w.amb, n1.amb)),
        feature(30, combine(if i == 0 { 1 } else { 0 }, w.shape)),
        feature(31, combine(t1, w.amb)),
        feature(32, m1.shape),
    ]);
}

/// The second pass's extra features of word `i`: the first-pass tags `r1`, `r2` of the next two
/// words, alone and with the previous tag `p1` and the word itself.
fn extract_right(infos: &[WordInfo], i: usize, p1: Option<u16>, r1: Option<u16>, r2: Option<u16>, out: &mut Vec<u64>) {
    let w = &infos[i + 2];
    let (t1, n1, n2) = (tag_hash(p1), tag_hash(r1), tag_hash(r2));
    out.extend_from_slice(&[
        feature(40, n1),
        feature(41, n2),
        feature(42, combine(n1, n2)),
        feature(43, combine(n1, w.lower)),
        feature(44, combine(t1, n1)),
        feature(45, combine(n1, w.amb)),
        feature(46, combine(n1, w.suf[2])),
        feature(47, combine(combine(t1, n1), w.amb)),
        feature(48, combine(combine(n1, n2), w.amb)),
    ]);
}

/// Whether the word after `tags` (the words before it, tagged) follows a singular determiner
/// ("a", "the", "every") or a possessive with nothing between but modifiers (adjectives, singular
/// nouns, names, numbers, participles), so it ends a singular noun phrase.
fn after_singular_determiner(words: &[&str], tags: &[Tag]) -> bool {
    for j in (0..tags.len()).rev().take(6) {
        match tags[j].xpos {
            "JJ" | "JJR" | "JJS" | "NN" | "NNP" | "CD" | "HYPH" | "VBN" | "VBG" => continue,
            "POS" | "PRP$" => return true,
            "DT" => {
                return ["a", "an", "the", "this", "that", "every", "each", "another"]
                    .iter()
                    .any(|d| words[j].eq_ignore_ascii_case(d))
            }
            _ => return false,
        }
    }
    false
}

/// Whether a sentence's text was redacted (GUM's Reddit documents ship with every word replaced
/// by underscores): such sentences teach nothing and are left out of training.
pub fn is_redacted(s: &Sentence) -> bool {
    let blank = s.words.iter().filter(|w| !w.form.is_empty() && w.form.bytes().all(|b| b == b'_')).count();
    !s.words.is_empty() && blank * 2 >= s.words.len()
}

/// Accuracy of a tagger (and lemmatizer) against gold annotation.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TagScores {
    pub upos: f64,
    pub xpos: f64,
    /// Lemma accuracy with the predicted tags.
    pub lemma: f64,
    pub words: usize,
}

/// Tags the gold tokens of `dev` and scores UPOS, XPOS and (with predicted tags) lemmas.
pub fn evaluate(tagger: &Tagger, lemmatizer: &Lemmatizer, dev: &[Sentence]) -> TagScores {
    let (mut upos, mut xpos, mut lemma, mut words) = (0usize, 0usize, 0usize, 0usize);
    for s in dev {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let tags = tagger.tag(&forms);
        for (w, t) in s.words.iter().zip(&tags) {
            words += 1;
            upos += usize::from(w.upos == t.upos);
            xpos += usize::from(w.xpos == t.xpos);
            lemma += usize::from(lemmatizer.lemma(&w.form, t.upos, t.xpos) == w.lemma);
        }
    }
    let d = words.max(1) as f64;
    TagScores { upos: upos as f64 / d, xpos: xpos as f64 / d, lemma: lemma as f64 / d, words }
}

impl Tagger {
    /// Loads a model file written by [`Tagger::save`].
    pub fn load(path: &Path) -> Result<Tagger, ModelError> {
        let bytes = std::fs::read(path).map_err(|cause| ModelError::Io { path: path.display().to_string(), cause })?;
        Self::read(&path.display().to_string(), &bytes)
    }

    /// Reads a model from the bytes of a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        Self::read("tagger model", bytes)
    }

    fn read(what: &str, bytes: &[u8]) -> Result<Tagger, ModelError> {
        let corrupt = |detail: &str| ModelError::Corrupt { what: what.to_string(), detail: detail.to_string() };
        let mut r = Reader::new(what, bytes, MAGIC, VERSION)?;
        let upos = r.strs()?;
        let xpos = r.strs()?;
        if upos.len() != xpos.len() || upos.is_empty() || upos.len() >= NO_TAG as usize {
            return Err(corrupt("bad tag inventory"));
        }
        let classes: Vec<Tag> = upos
            .iter()
            .zip(&xpos)
            .enumerate()
            .map(|(i, (u, x))| Tag { id: i as u16, upos: intern(u, UPOS), xpos: intern(x, XPOS) })
            .collect();
        let amb_lens = r.u32s()?;
        let amb_flat = r.u32s()?;
        let mut amb_sets = Vec::with_capacity(amb_lens.len());
        let mut pos = 0usize;
        for &l in &amb_lens {
            let l = l as usize;
            let set = amb_flat.get(pos..pos.saturating_add(l)).ok_or_else(|| corrupt("ambiguity classes"))?;
            if set.iter().any(|&c| c as usize >= classes.len()) {
                return Err(corrupt("ambiguity class out of range"));
            }
            amb_sets.push(set.iter().map(|&c| c as u16).collect::<Vec<u16>>());
            pos += l;
        }
        let dict_words = r.strs()?;
        let dict_amb = r.u32s()?;
        let dict_fixed_raw = r.u32s()?;
        if dict_amb.len() != dict_words.len() || dict_fixed_raw.len() != dict_words.len() {
            return Err(corrupt("dictionary sizes disagree"));
        }
        if dict_amb.iter().any(|&a| a as usize >= amb_sets.len()) {
            return Err(corrupt("dictionary ambiguity class out of range"));
        }
        let mut dict_fixed = Vec::with_capacity(dict_fixed_raw.len());
        for f in dict_fixed_raw {
            if f != u32::from(NO_TAG) && f as usize >= classes.len() {
                return Err(corrupt("dictionary tag out of range"));
            }
            dict_fixed.push(f as u16);
        }
        let weights = SparseWeights::read(&mut r, what)?;
        if weights.n_classes() != classes.len() {
            return Err(corrupt("weights and tag inventory disagree"));
        }
        let rescore_below = r.u32()? as i32;
        let second = match r.u32()? {
            0 => None,
            1 => Some(SparseWeights::read(&mut r, what)?),
            _ => return Err(corrupt("second-pass flag")),
        };
        if second.as_ref().is_some_and(|s| s.n_classes() != classes.len()) {
            return Err(corrupt("second-pass weights and tag inventory disagree"));
        }
        let mut t = Self::assemble(classes, dict_words, dict_amb, dict_fixed, amb_sets, weights);
        t.second = second;
        t.rescore_below = rescore_below;
        Ok(t)
    }

    fn assemble(
        classes: Vec<Tag>,
        dict_words: Vec<String>,
        dict_amb: Vec<u32>,
        dict_fixed: Vec<u16>,
        amb_sets: Vec<Vec<u16>>,
        weights: SparseWeights,
    ) -> Tagger {
        let amb_hashes: Vec<u64> = amb_sets
            .iter()
            .map(|s| {
                let bytes: Vec<u8> = s.iter().flat_map(|c| c.to_le_bytes()).collect();
                crate::features::hash_bytes(S_AMB, &bytes)
            })
            .collect();
        let mut dict = HashMapU64::default();
        dict.reserve(dict_words.len());
        for ((w, &a), &f) in dict_words.iter().zip(&dict_amb).zip(&dict_fixed) {
            dict.insert(hash_str(S_LOWER, w), DictEntry { amb: amb_hashes[a as usize], fixed: f });
        }
        let class_bits = classes.iter().map(|c| crate::lexicon::tag::of(c.xpos)).collect();
        Tagger {
            classes,
            dict_words,
            dict_amb,
            dict_fixed,
            amb_sets,
            dict,
            weights,
            lexicon: None,
            class_bits,
            second: None,
            rescore_below: 0,
        }
    }

    /// The model file contents.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(MAGIC, VERSION);
        let upos: Vec<String> = self.classes.iter().map(|t| t.upos.to_string()).collect();
        let xpos: Vec<String> = self.classes.iter().map(|t| t.xpos.to_string()).collect();
        w.strs(&upos).strs(&xpos);
        let lens: Vec<u32> = self.amb_sets.iter().map(|s| s.len() as u32).collect();
        let flat: Vec<u32> = self.amb_sets.iter().flatten().map(|&c| u32::from(c)).collect();
        w.u32s(&lens).u32s(&flat);
        w.strs(&self.dict_words).u32s(&self.dict_amb);
        let fixed: Vec<u32> = self.dict_fixed.iter().map(|&f| u32::from(f)).collect();
        w.u32s(&fixed);
        self.weights.write(&mut w);
        w.u32(self.rescore_below as u32);
        match &self.second {
            Some(second) => {
                w.u32(1);
                second.write(&mut w);
            }
            None => {
                w.u32(0);
            }
        }
        w.finish()
    }

    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        std::fs::write(path, self.to_bytes())
            .map_err(|cause| ModelError::Io { path: path.display().to_string(), cause })
    }

    /// The tag inventory, indexed by [`Tag::id`].
    pub fn tags(&self) -> &[Tag] {
        &self.classes
    }

    /// Stored features and weights.
    pub fn size(&self) -> (usize, usize) {
        self.weights.size()
    }

    /// This tagger, choosing the tag of a word outside its dictionary only among the tags `lexicon`
    /// allows for it (see [`crate::lexicon`]).
    pub fn with_lexicon(mut self, lexicon: std::sync::Arc<Lexicon>) -> Tagger {
        self.lexicon = Some(lexicon);
        self
    }

    /// The word-class lexicon this tagger restricts rare words with, if it has one.
    pub fn lexicon(&self) -> Option<&Lexicon> {
        self.lexicon.as_deref()
    }

    /// The best-scoring class whose Penn tag is in `allowed`; the best of all if none is.
    fn argmax_allowed(&self, scores: &[i32], allowed: u32) -> usize {
        let mut best: Option<usize> = None;
        for (c, &s) in scores.iter().enumerate() {
            if self.class_bits[c] & allowed != 0 && best.is_none_or(|b| s > scores[b]) {
                best = Some(c);
            }
        }
        best.unwrap_or_else(|| argmax(scores))
    }

    /// This tagger with the second pass re-tagging the words whose first-pass margin is below
    /// `margin` times the largest single weight (0: none; a large value: every word not tagged
    /// from the dictionary).
    pub fn with_rescore_margin(mut self, margin: f64) -> Tagger {
        self.rescore_below = (margin * WEIGHT_UNIT).clamp(0.0, f64::from(i32::MAX)) as i32;
        self
    }

    /// The tags the lexicon allows word `i` (0: no restriction), given the tags before it.
    fn allowed(&self, words: &[&str], infos: &[WordInfo], i: usize, before: &[Tag]) -> u32 {
        let mut allowed = match &self.lexicon {
            Some(lex) if !infos[i + 2].known => lex.allowed(words[i]),
            _ => 0,
        };
        // "Osama bin Laden", "Charles de Gaulle": a word between two capitalised ones
        // may be part of the name.
        let capital = |j: Option<&&str>| j.is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()));
        if allowed != 0 && i > 0 && capital(words.get(i - 1)) && capital(words.get(i + 1)) {
            allowed |= crate::lexicon::tag::NNP | crate::lexicon::tag::NNPS;
        }
        // "a key U.S. ally", "Israel's militia ally": after a singular determiner or a
        // possessive and only modifiers, a word is no base-form verb.
        let base_verb = crate::lexicon::tag::VB | crate::lexicon::tag::VBP;
        if allowed & base_verb != 0
            && allowed & !(base_verb | crate::lexicon::tag::UH) != 0
            && after_singular_determiner(words, before)
        {
            allowed &= !base_verb;
        }
        allowed
    }

    /// The chosen class and its margin over the best other class.
    fn choose(&self, scores: &[i32], allowed: u32) -> (usize, i32) {
        // The best (the first of equal scores, as in `argmax`) and the runner-up (the highest
        // score of the others): maxima without branches, which the compiler vectorises.
        let top = scores.iter().copied().max().unwrap_or(i32::MIN);
        let best = scores.iter().position(|&s| s == top).unwrap_or(0);
        let max_of = |s: &[i32]| s.iter().copied().max().unwrap_or(i32::MIN);
        let second = max_of(&scores[..best]).max(max_of(scores.get(best + 1..).unwrap_or(&[])));
        let c = if allowed == 0 { best } else { self.argmax_allowed(scores, allowed) };
        let margin = if scores.len() < 2 {
            i32::MAX
        } else if c == best {
            top.saturating_sub(second)
        } else {
            scores[c].saturating_sub(top)
        };
        (c, margin)
    }

    /// Tags a tokenised sentence: one tag per word.
    ///
    /// A first pass goes left to right, each word's features including the tags just chosen
    /// for the two words before it. When the model has a second pass, it goes left to right
    /// again over the words the first pass was unsure of (a small margin), now also seeing the
    /// first pass's tags of the two words after it ("appears to level off": `to` before a
    /// base-form verb; "more training": `more` before a noun), and the word takes the best tag
    /// by the sum of both passes' scores.
    pub fn tag(&self, words: &[&str]) -> Vec<Tag> {
        let infos = sentence_infos(words, &self.dict);
        let mut scores = vec![0i32; self.classes.len()];
        let mut feats = Vec::with_capacity(50);
        let mut out: Vec<Tag> = Vec::with_capacity(words.len());
        let mut unsure: Vec<usize> = Vec::new();
        let mut first_scores: Vec<i32> = Vec::new();
        let (mut p1, mut p2) = (None, None);
        for i in 0..words.len() {
            let fixed = infos[i + 2].fixed;
            let c = if fixed != NO_TAG {
                fixed as usize
            } else {
                extract(&infos, i, p1, p2, &mut feats);
                scores.fill(0);
                self.weights.add_scores(&feats, &mut scores);
                let (c, margin) = self.choose(&scores, self.allowed(words, &infos, i, &out));
                if margin < self.rescore_below {
                    unsure.push(i);
                    first_scores.extend_from_slice(&scores);
                }
                c
            };
            out.push(self.classes[c]);
            p2 = p1;
            p1 = Some(c as u16);
        }
        if let Some(second) = &self.second {
            for (k, &i) in unsure.iter().enumerate() {
                let id = |j: Option<usize>| j.and_then(|j| out.get(j)).map(|t| t.id);
                let (p1, p2) = (id(i.checked_sub(1)), id(i.checked_sub(2)));
                extract(&infos, i, p1, p2, &mut feats);
                extract_right(&infos, i, p1, id(Some(i + 1)), id(Some(i + 2)), &mut feats);
                scores.fill(0);
                second.add_scores(&feats, &mut scores);
                // The two passes' scores summed: the second overrules the first only when the
                // words to the right speak clearly.
                let n = scores.len();
                for (s, f) in scores.iter_mut().zip(&first_scores[k * n..][..n]) {
                    *s = s.saturating_add(*f);
                }
                let (c, _) = self.choose(&scores, self.allowed(words, &infos, i, &out[..i]));
                out[i] = self.classes[c];
            }
        }
        out
    }

    /// First-pass class ids of a sentence (no lexicon), for jackknifing.
    fn first_pass_ids(&self, words: &[&str]) -> Vec<u16> {
        let infos = sentence_infos(words, &self.dict);
        let mut scores = vec![0i32; self.classes.len()];
        let mut feats = Vec::with_capacity(50);
        let mut ids: Vec<u16> = Vec::with_capacity(words.len());
        for i in 0..words.len() {
            let fixed = infos[i + 2].fixed;
            let c = if fixed != NO_TAG {
                fixed
            } else {
                let at = |k: usize| i.checked_sub(k).map(|j| ids[j]);
                extract(&infos, i, at(1), at(2), &mut feats);
                scores.fill(0);
                self.weights.add_scores(&feats, &mut scores);
                argmax(&scores) as u16
            };
            ids.push(c);
        }
        ids
    }

    /// Trains a tagger on `train`, reporting accuracy on `dev` after each epoch when verbose.
    pub fn train(train: &[Sentence], dev: &[Sentence], opts: &TrainOptions) -> Tagger {
        // Class inventory: combined (UPOS, XPOS) pairs, most frequent first.
        let mut class_counts: std::collections::BTreeMap<(String, String), usize> = Default::default();
        let train: Vec<&Sentence> = train.iter().filter(|s| !is_redacted(s)).collect();
        for s in &train {
            for w in &s.words {
                *class_counts.entry((w.upos.clone(), w.xpos.clone())).or_default() += 1;
            }
        }
        let mut inventory: Vec<((String, String), usize)> = class_counts.into_iter().collect();
        inventory.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        if inventory.is_empty() {
            inventory.push((("X".into(), "XX".into()), 1));
        }
        let class_of: std::collections::HashMap<(String, String), u16> =
            inventory.iter().enumerate().map(|(i, (k, _))| (k.clone(), i as u16)).collect();
        let classes: Vec<Tag> = inventory
            .iter()
            .enumerate()
            .map(|(i, ((u, x), _))| Tag { id: i as u16, upos: intern(u, UPOS), xpos: intern(x, XPOS) })
            .collect();
        let n = classes.len();

        // Word dictionary.
        let mut word_tags: std::collections::BTreeMap<String, Vec<u32>> = Default::default();
        let mut lb = String::new();
        for s in &train {
            for w in &s.words {
                lowercase_into(&w.form, &mut lb);
                let v = word_tags.entry(lb.clone()).or_insert_with(|| vec![0; n]);
                v[class_of[&(w.upos.clone(), w.xpos.clone())] as usize] += 1;
            }
        }
        let mut amb_index: std::collections::BTreeMap<Vec<u16>, u32> = Default::default();
        let mut amb_sets = Vec::new();
        let (mut dict_words, mut dict_amb, mut dict_fixed) = (Vec::new(), Vec::new(), Vec::new());
        for (word, counts) in &word_tags {
            let total: u32 = counts.iter().sum();
            if total < opts.min_dict_count {
                continue;
            }
            let set: Vec<u16> = counts
                .iter()
                .enumerate()
                .filter(|(_, &c)| c > 0 && f64::from(c) >= 0.05 * f64::from(total))
                .map(|(i, _)| i as u16)
                .collect();
            let id = *amb_index.entry(set.clone()).or_insert_with(|| {
                amb_sets.push(set);
                (amb_sets.len() - 1) as u32
            });
            let (best, &best_count) =
                counts.iter().enumerate().max_by_key(|(i, c)| (**c, usize::MAX - i)).unwrap_or((0, &0));
            let fixed = if total >= opts.fixed_count && f64::from(best_count) >= opts.fixed_share * f64::from(total) {
                best as u16
            } else {
                NO_TAG
            };
            dict_words.push(word.clone());
            dict_amb.push(id);
            dict_fixed.push(fixed);
        }
        let empty_weights = Perceptron::new(n).average(0.0);
        let mut tagger = Self::assemble(classes, dict_words, dict_amb, dict_fixed, amb_sets, empty_weights);

        // Training data as forms and gold classes.
        let data: Vec<(Vec<&str>, Vec<u16>)> = train
            .iter()
            .filter(|s| !s.words.is_empty())
            .map(|s| {
                let forms = s.words.iter().map(|w| w.form.as_str()).collect();
                let gold = s.words.iter().map(|w| class_of[&(w.upos.clone(), w.xpos.clone())]).collect();
                (forms, gold)
            })
            .collect();
        tagger.weights = train_pass(&mut tagger, &data, None, dev, opts);
        tagger = tagger.with_rescore_margin(opts.rescore_margin);
        if opts.second_pass {
            let right = jackknife(&tagger, &data, opts);
            tagger.second = Some(train_pass(&mut tagger, &data, Some(&right), dev, opts));
        }
        tagger
    }
}

/// Trains `opts.members` perceptrons on different shuffles of `data` (forms and gold classes)
/// and averages them into the weights of `tagger`, reporting dev accuracy per epoch of the first
/// when verbose.
/// With `right` (first-pass tags of the training data), trains the second pass instead.
fn train_pass(
    tagger: &mut Tagger,
    data: &[(Vec<&str>, Vec<u16>)],
    right: Option<&[Vec<u16>]>,
    dev: &[Sentence],
    opts: &TrainOptions,
) -> SparseWeights {
    let models: Vec<Perceptron> =
        (0..opts.members.max(1)).map(|m| train_member(tagger, data, right, dev, opts, m)).collect();
    let refs: Vec<&Perceptron> = models.iter().collect();
    Perceptron::average_many(&refs, opts.prune, opts.min_updates)
}

/// First-pass tags of every training sentence from a tagger trained without it: the sentences
/// split into `opts.folds` folds, each tagged by one perceptron trained on the others (with
/// `tagger`'s dictionary).
fn jackknife(tagger: &Tagger, data: &[(Vec<&str>, Vec<u16>)], opts: &TrainOptions) -> Vec<Vec<u16>> {
    let folds = opts.folds.max(2);
    let mut right: Vec<Vec<u16>> = vec![Vec::new(); data.len()];
    let quiet = TrainOptions { verbose: false, ..opts.clone() };
    for k in 0..folds {
        let rest: Vec<(Vec<&str>, Vec<u16>)> =
            data.iter().enumerate().filter(|(i, _)| i % folds != k).map(|(_, d)| d.clone()).collect();
        let mut fold = tagger.clone();
        fold.second = None;
        let model = train_member(&mut fold, &rest, None, &[], &quiet, k);
        fold.weights = model.average_pruned(opts.prune, opts.min_updates);
        for (i, (forms, _)) in data.iter().enumerate().filter(|(i, _)| i % folds == k) {
            right[i] = fold.first_pass_ids(forms);
        }
    }
    right
}

/// Member `member` of [`train_pass`]'s ensemble (of the second pass given `right`).
fn train_member(
    tagger: &mut Tagger,
    data: &[(Vec<&str>, Vec<u16>)],
    right: Option<&[Vec<u16>]>,
    dev: &[Sentence],
    opts: &TrainOptions,
    member: usize,
) -> Perceptron {
    let n = tagger.classes.len();
    let mut model = Perceptron::new(n);
    let mut rng = Rng::new(opts.seed.wrapping_add(1000 * member as u64));
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut feats = Vec::with_capacity(40);
    let mut scores = vec![0i32; n];
    let lemmatizer = Lemmatizer::default();
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let (forms, gold) = &data[si];
            let infos = sentence_infos(forms, &tagger.dict);
            let (mut p1, mut p2) = (None, None);
            for i in 0..forms.len() {
                let fixed = infos[i + 2].fixed;
                let guess = if fixed != NO_TAG {
                    fixed as usize
                } else {
                    extract(&infos, i, p1, p2, &mut feats);
                    if let Some(right) = right {
                        let r = &right[si];
                        extract_right(&infos, i, p1, r.get(i + 1).copied(), r.get(i + 2).copied(), &mut feats);
                    }
                    model.score(&feats, &mut scores);
                    let guess = argmax(&scores);
                    model.tick();
                    model.update(&feats, gold[i] as usize, guess);
                    guess
                };
                correct += usize::from(guess == gold[i] as usize);
                total += 1;
                p2 = p1;
                p1 = Some(guess as u16);
            }
        }
        if opts.verbose && member == 0 {
            let averaged = model.average_pruned(opts.prune, opts.min_updates);
            let (f, e) = averaged.size();
            if right.is_some() {
                tagger.second = Some(averaged);
            } else {
                tagger.weights = averaged;
            }
            let s = evaluate(tagger, &lemmatizer, dev);
            eprintln!(
                "{} epoch {:2}: train {:.2}%  dev UPOS {:.2}%  XPOS {:.2}%  ({} rows, {} features, {} weights; first of {} perceptrons)",
                if right.is_some() { "second pass" } else { "first pass" },
                epoch + 1,
                100.0 * correct as f64 / total.max(1) as f64,
                100.0 * s.upos,
                100.0 * s.xpos,
                model.n_features(),
                f,
                e,
                opts.members.max(1)
            );
        }
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu;

    const TINY: &str = "\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tdog\tdog\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tbarks\tbark\tVERB\tVBZ\t_\t0\troot\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tDogs\tdog\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\twalked\twalk\tVERB\tVBD\t_\t0\troot\t_\t_
3\thome\thome\tADV\tRB\t_\t2\tadvmod\t_\t_
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tMary\tMary\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tsaw\tsee\tVERB\tVBD\t_\t0\troot\t_\t_
3\ta\ta\tDET\tDT\t_\t4\tdet\t_\t_
4\tsaw\tsaw\tNOUN\tNN\t_\t2\tobj\t_\t_
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

    fn tiny_tagger() -> (Tagger, Vec<Sentence>) {
        let sents = conllu::parse(TINY, "tiny").unwrap();
        let opts = TrainOptions { epochs: 10, verbose: false, prune: 0.0, min_updates: 0, ..Default::default() };
        (Tagger::train(&sents, &sents, &opts), sents)
    }

    #[test]
    fn learns_its_training_sentences_and_round_trips() {
        let (t, sents) = tiny_tagger();
        let back = Tagger::from_bytes(&t.to_bytes()).unwrap();
        for s in &sents {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let tags = t.tag(&forms);
            let got: Vec<(&str, &str)> = tags.iter().map(|t| (t.upos, t.xpos)).collect();
            let want: Vec<(&str, &str)> = s.words.iter().map(|w| (w.upos.as_str(), w.xpos.as_str())).collect();
            assert_eq!(got, want);
            assert_eq!(back.tag(&forms), tags);
        }
        assert_eq!(t.to_bytes(), back.to_bytes());
    }

    #[test]
    fn corrupt_files_are_errors() {
        let (t, _) = tiny_tagger();
        let bytes = t.to_bytes();
        assert!(Tagger::from_bytes(b"not a model").is_err());
        assert!(Tagger::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        let mut w = Writer::new(b"HRLDLEM1", 1);
        w.u32(3);
        assert!(matches!(Tagger::from_bytes(&w.finish()), Err(ModelError::Magic { .. })));
        assert!(Tagger::load(Path::new("/nonexistent/tagger.hmod")).is_err());
        // Flip bytes inside the decompressed payload and recompress: never a panic.
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut raw).unwrap();
        for pos in (12..raw.len()).step_by(7) {
            let mut bad = raw.clone();
            bad[pos] ^= 0xA5;
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut enc, &bad).unwrap();
            if let Ok(t) = Tagger::from_bytes(&enc.finish().unwrap()) {
                assert_eq!(t.tag(&["a", "b"]).len(), 2);
            }
        }
    }

    #[test]
    fn second_pass_round_trips_and_a_zero_margin_leaves_the_first_pass_alone() {
        let (t, sents) = tiny_tagger();
        assert!(t.second.is_some());
        let bytes = t.to_bytes();
        let back = Tagger::from_bytes(&bytes).unwrap();
        assert_eq!(back.rescore_below, t.rescore_below);
        assert_eq!(back.to_bytes(), bytes);
        // Training is deterministic.
        assert_eq!(tiny_tagger().0.to_bytes(), bytes);
        let mut first_only = t.clone();
        first_only.second = None;
        let never = t.clone().with_rescore_margin(0.0);
        let always = t.clone().with_rescore_margin(1e9);
        assert_eq!(always.rescore_below, i32::MAX);
        for s in &sents {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            // Without a lexicon no margin is negative, so margin 0 re-tags nothing.
            assert_eq!(never.tag(&forms), first_only.tag(&forms));
            assert_eq!(always.tag(&forms).len(), forms.len());
        }
        // A model without a second pass round-trips too.
        assert!(Tagger::from_bytes(&first_only.to_bytes()).unwrap().second.is_none());
    }

    #[test]
    fn choose_gives_the_margin_over_the_runner_up() {
        let (t, _) = tiny_tagger();
        let n = t.classes.len();
        assert!(n >= 4);
        let mut scores = vec![0i32; n];
        scores[1] = 7;
        scores[2] = 7;
        assert_eq!(t.choose(&scores, 0), (1, 0));
        scores[2] = 4;
        assert_eq!(t.choose(&scores, 0), (1, 3));
        // Restricted to a class that is not the best: a negative margin.
        let k = (0..n).find(|&k| k != 1 && t.class_bits[k] != 0 && t.class_bits[k] != t.class_bits[1]).unwrap();
        scores[k] = 5;
        assert_eq!(t.choose(&scores, t.class_bits[k]), (k, -2));
        // Restricted to the best class: the usual margin.
        assert_eq!(t.choose(&scores, t.class_bits[1]), (1, 2));
    }

    #[test]
    fn jackknife_tags_every_training_word_with_a_known_class() {
        let sents = conllu::parse(TINY, "tiny").unwrap();
        let (t, _) = tiny_tagger();
        let data: Vec<(Vec<&str>, Vec<u16>)> = sents
            .iter()
            .map(|s| {
                let forms = s.words.iter().map(|w| w.form.as_str()).collect();
                let gold = s
                    .words
                    .iter()
                    .map(|w| t.classes.iter().find(|c| c.upos == w.upos && c.xpos == w.xpos).unwrap().id)
                    .collect();
                (forms, gold)
            })
            .collect();
        let opts = TrainOptions { epochs: 3, folds: 2, verbose: false, ..Default::default() };
        let right = jackknife(&t, &data, &opts);
        assert_eq!(right.len(), data.len());
        for (r, (forms, _)) in right.iter().zip(&data) {
            assert_eq!(r.len(), forms.len());
            assert!(r.iter().all(|&c| (c as usize) < t.classes.len()));
        }
    }

    proptest::proptest! {
        #[test]
        fn tags_any_input(words in proptest::collection::vec(".{0,12}", 0..40)) {
            let (t, _) = TAGGER.with(|t| t.clone());
            let refs: Vec<&str> = words.iter().map(|s| s.as_str()).collect();
            proptest::prop_assert_eq!(t.tag(&refs).len(), refs.len());
        }
    }

    thread_local! {
        static TAGGER: (Tagger, Vec<Sentence>) = tiny_tagger();
    }

    #[test]
    fn odd_inputs() {
        let (t, _) = tiny_tagger();
        assert!(t.tag(&[]).is_empty());
        assert_eq!(t.tag(&["", "", "🦀", "\u{0}", "Ǆǅ", "İ"]).len(), 6);
        let long: Vec<String> = (0..10_000).map(|i| format!("w{i}")).collect();
        let refs: Vec<&str> = long.iter().map(|s| s.as_str()).collect();
        assert_eq!(t.tag(&refs).len(), 10_000);
    }
}
