//! Lemmatisation: a lookup table learned from training data, with learned suffix rules for words
//! it has not seen.
//!
//! Lookup is by (form, Penn tag): first the exact form (kept only for forms with capitals, and
//! only where the fallbacks would get it wrong), then the lowercase form. An unseen word gets an
//! edit rule — "lowercase or not, strip k characters, append s" — chosen by its Penn tag, its
//! capitalisation and the longest suffix (up to five characters) for which training had a rule:
//! the most frequent rule among the training word types with that tag, capitalisation and
//! suffix. The model file is `lemma.hmod`, magic `HRLDLEM1`.

use crate::binio::{ModelError, Reader, Writer};
use crate::conllu::Sentence;
use crate::features::{combine, hash_str, HashMapU64};
use crate::lexicon::Lexicon;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

const MAGIC: &[u8; 8] = b"HRLDLEM1";
const VERSION: u32 = 1;
const MAX_SUFFIX: usize = 5;

/// An edit from a form to its lemma.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Rule {
    lower: bool,
    strip: u32,
    append: String,
}

impl Rule {
    fn apply(&self, form: &str) -> Option<String> {
        let base: Cow<str> = if self.lower { Cow::Owned(lowercase(form)) } else { Cow::Borrowed(form) };
        let cut = if self.strip == 0 {
            base.len()
        } else {
            base.char_indices().rev().nth(self.strip as usize - 1).map(|(i, _)| i)?
        };
        let mut out = String::with_capacity(cut + self.append.len());
        out.push_str(&base[..cut]);
        out.push_str(&self.append);
        Some(out)
    }

    /// The cheapest rule turning `form` into `lemma`.
    fn learn(form: &str, lemma: &str) -> Rule {
        let one = |lower: bool| {
            let base: Cow<str> = if lower { Cow::Owned(lowercase(form)) } else { Cow::Borrowed(form) };
            let mut p = 0;
            for ((i, a), b) in base.char_indices().zip(lemma.chars()) {
                if a != b {
                    break;
                }
                p = i + a.len_utf8();
            }
            let strip = base[p..].chars().count() as u32;
            Rule { lower, strip, append: lemma[p.min(lemma.len())..].to_string() }
        };
        let keep = one(false);
        if lowercase(form) == form {
            return keep;
        }
        let low = one(true);
        let cost = |r: &Rule| r.strip as usize + r.append.chars().count();
        if cost(&low) < cost(&keep) {
            low
        } else {
            keep
        }
    }
}

fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

fn has_upper(s: &str) -> bool {
    s.chars().any(char::is_uppercase)
}

/// 0: no capitals; 1: capitalised; 2: all capitals; 3: other mixes.
fn cap_class(form: &str) -> u64 {
    let mut chars = form.chars().filter(|c| c.is_alphabetic());
    let Some(first) = chars.next() else { return 0 };
    let rest: Vec<char> = chars.collect();
    let rest_upper = rest.iter().filter(|c| c.is_uppercase()).count();
    match (first.is_uppercase(), rest_upper) {
        (false, 0) => 0,
        (true, 0) => 1,
        (true, n) if n == rest.len() => 2,
        _ => 3,
    }
}

fn pair_key(form: &str, xpos: &str) -> u64 {
    combine(hash_str(21, form), hash_str(22, xpos))
}

fn rule_key(xpos: &str, cap: u64, suffix: &str) -> u64 {
    combine(combine(hash_str(23, xpos), cap), hash_str(24, suffix))
}

/// The last `n` characters of `s`, if it has that many.
fn suffix(s: &str, n: usize) -> Option<&str> {
    if n == 0 {
        return Some("");
    }
    s.char_indices().rev().nth(n - 1).map(|(i, _)| &s[i..])
}

/// A lemmatizer model.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    /// Lookup entries, one `form\tpenn\tlemma` line each.
    entries: String,
    /// Rule keys, one `penn-or-*\tcapitalisation\tsuffix\trule` line each.
    keys: String,
    rules: Vec<Rule>,
    /// (form, Penn tag) → byte range of the lemma in `entries`.
    lookup: HashMapU64<(u32, u32)>,
    by_suffix: HashMapU64<u32>,
    /// Checks the suffix rules' lemmas of inflected words ([`Lemmatizer::with_lexicon`]).
    lexicon: Option<Arc<Lexicon>>,
}

impl Lemmatizer {
    fn assemble(what: &str, entries: String, keys: String, rules: Vec<Rule>) -> Result<Self, ModelError> {
        let corrupt = |detail: String| ModelError::Corrupt { what: what.to_string(), detail };
        let mut lookup = HashMapU64::default();
        let mut pos = 0usize;
        for line in entries.split_terminator('\n') {
            let mut f = line.split('\t');
            let (Some(form), Some(xpos), Some(lemma), None) = (f.next(), f.next(), f.next(), f.next()) else {
                return Err(corrupt(format!("bad lemma entry `{line}`")));
            };
            let start = pos + form.len() + xpos.len() + 2;
            lookup.insert(pair_key(form, xpos), (start as u32, (start + lemma.len()) as u32));
            pos += line.len() + 1;
        }
        let mut by_suffix = HashMapU64::default();
        for line in keys.split_terminator('\n') {
            let mut f = line.split('\t');
            let (Some(xpos), Some(cap), Some(suf), Some(rule), None) =
                (f.next(), f.next(), f.next(), f.next(), f.next())
            else {
                return Err(corrupt(format!("bad rule key `{line}`")));
            };
            let (Ok(cap), Ok(rule)) = (cap.parse::<u64>(), rule.parse::<u32>()) else {
                return Err(corrupt(format!("bad rule key `{line}`")));
            };
            if rule as usize >= rules.len() {
                return Err(corrupt(format!("rule {rule} out of range")));
            }
            by_suffix.insert(rule_key(xpos, cap, suf), rule);
        }
        Ok(Lemmatizer { entries, keys, rules, lookup, by_suffix, lexicon: None })
    }

    /// The lemma of `form` tagged `upos`/`xpos`.
    pub fn lemma(&self, form: &str, upos: &str, xpos: &str) -> Cow<'_, str> {
        let stored = |(a, b): (u32, u32)| Cow::Borrowed(self.entries.get(a as usize..b as usize).unwrap_or(""));
        if has_upper(form) {
            if let Some(&r) = self.lookup.get(&pair_key(form, xpos)) {
                return stored(r);
            }
        }
        // Most words are already lowercase ASCII: no copy for them.
        let lower: Cow<str> = if form.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            Cow::Borrowed(form)
        } else {
            Cow::Owned(lowercase(form))
        };
        // WordNet's lemma of an irregular form ("sought" → "seek", "shed" → "shed"): it wins over
        // the suffix rules (which would make "sought" "sight") and over a lemma the training data
        // gives that is no lemma of the word's class ("fled" → "flead" and "struck" → "struck" are
        // in GUM's gold).
        let irregular = self.lexicon.as_ref().and_then(|lex| lex.irregular_lemma(&lower, xpos).map(|l| (lex, l)));
        if let Some(&r) = self.lookup.get(&pair_key(&lower, xpos)) {
            let learned = stored(r);
            return match irregular {
                Some((lex, l)) if !lex.is_lemma_of(&learned, xpos) => Cow::Borrowed(l),
                _ => learned,
            };
        }
        if let Some((_, l)) = irregular {
            return Cow::Borrowed(l);
        }
        if form.len() > 1 && form.ends_with('.') {
            // An abbreviation not seen in training is its own lemma: a rule learned from one
            // expansion ("Jan." → "January") says nothing about another ("Gen.").
            return Cow::Owned(if upos == "PROPN" { form.to_string() } else { lower.into_owned() });
        }
        let guess = self.by_rule(form, &lower, upos, xpos);
        if let Some(lex) = &self.lexicon {
            // A suffix rule learned from other words can cut too much or too little ("accused"
            // took the rule of "focused": "accus"); the lexicon's lemma wins over a lemma it
            // does not know.
            if !lex.is_lemma_of(&lowercase(&guess), xpos) {
                if let Some(l) = lex.regular_lemma(&lower, xpos) {
                    return Cow::Owned(l);
                }
            }
        }
        Cow::Owned(guess)
    }

    /// The same lemmatizer checking the lemmas its suffix rules give inflected words (tagged
    /// VBD, VBN, VBG, VBZ, NNS, JJR or JJS) against a word-class lexicon: where the rule's lemma
    /// is not a lemma of the word's class there and the word is a regular inflection of one that
    /// is, that one is the lemma.
    pub fn with_lexicon(mut self, lexicon: Arc<Lexicon>) -> Lemmatizer {
        self.lexicon = Some(lexicon);
        self
    }

    fn by_rule(&self, form: &str, lower: &str, upos: &str, xpos: &str) -> String {
        let cap = cap_class(form);
        for tag in [xpos, "*"] {
            for n in (0..=MAX_SUFFIX).rev() {
                let Some(suf) = suffix(lower, n) else { continue };
                if let Some(&r) = self.by_suffix.get(&rule_key(tag, cap, suf)) {
                    if let Some(l) = self.rules.get(r as usize).and_then(|r| r.apply(form)) {
                        if !l.is_empty() {
                            return l;
                        }
                    }
                }
            }
        }
        if upos == "PROPN" {
            form.to_string()
        } else {
            lower.to_string()
        }
    }

    /// Learns the lookup table and suffix rules from the gold lemmas of `train`.
    pub fn train(train: &[Sentence]) -> Lemmatizer {
        let clean = |s: &str| s.replace(['\t', '\n'], " ");
        // Token counts of (form, xpos, lemma).
        let mut triples: BTreeMap<(String, String, String), u32> = BTreeMap::new();
        for s in train.iter().filter(|s| !crate::tagger::is_redacted(s)) {
            for w in &s.words {
                if w.lemma.is_empty() || w.lemma == "_" && w.form != "_" {
                    continue;
                }
                *triples.entry((clean(&w.form), clean(&w.xpos), clean(&w.lemma))).or_default() += 1;
            }
        }
        // Rules from word types.
        let mut votes: BTreeMap<(String, u32, String), BTreeMap<Rule, u32>> = BTreeMap::new();
        for (form, xpos, lemma) in triples.keys() {
            let rule = Rule::learn(form, lemma);
            let lower = lowercase(form);
            let cap = cap_class(form) as u32;
            for n in 0..=MAX_SUFFIX {
                let Some(suf) = suffix(&lower, n) else { break };
                for tag in [xpos.as_str(), "*"] {
                    *votes
                        .entry((tag.to_string(), cap, suf.to_string()))
                        .or_default()
                        .entry(rule.clone())
                        .or_default() += 1;
                }
            }
        }
        let best_rules: BTreeMap<(String, u32, String), Rule> = votes
            .into_iter()
            .filter_map(|(k, options)| {
                let best = options.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
                Some((k, best.0))
            })
            .collect();
        let mut rules: Vec<Rule> = Vec::new();
        let mut rule_ids: BTreeMap<Rule, u32> = BTreeMap::new();
        let mut keys = String::new();
        for ((tag, cap, suf), rule) in &best_rules {
            // A key whose rule is that of its one-shorter suffix adds nothing.
            if let Some(first) = suf.chars().next() {
                let parent = (tag.clone(), *cap, suf[first.len_utf8()..].to_string());
                if best_rules.get(&parent) == Some(rule) {
                    continue;
                }
            }
            let id = *rule_ids.entry(rule.clone()).or_insert_with(|| {
                rules.push(rule.clone());
                (rules.len() - 1) as u32
            });
            keys.push_str(&format!("{tag}\t{cap}\t{suf}\t{id}\n"));
        }
        // Lookup: the most frequent lemma per (form, xpos).
        let mut best: BTreeMap<(String, String), (u32, String)> = BTreeMap::new();
        for ((form, xpos, lemma), &c) in &triples {
            let e = best.entry((form.clone(), xpos.clone())).or_insert((0, String::new()));
            if c > e.0 {
                *e = (c, lemma.clone());
            }
        }
        // Lowercase forms are all kept (capitalised forms fall back on them); capitalised forms
        // only where the fallbacks get them wrong.
        let mut entries = String::new();
        for ((f, x), (_, l)) in &best {
            if !has_upper(f) {
                entries.push_str(&format!("{f}\t{x}\t{l}\n"));
            }
        }
        let fallback =
            Lemmatizer::assemble("training", entries.clone(), keys.clone(), rules.clone()).unwrap_or_default();
        for ((f, x), (_, l)) in &best {
            if has_upper(f) && fallback.lemma(f, "", x) != l.as_str() {
                entries.push_str(&format!("{f}\t{x}\t{l}\n"));
            }
        }
        Lemmatizer::assemble("training", entries, keys, rules).unwrap_or_default()
    }

    pub fn load(path: &Path) -> Result<Lemmatizer, ModelError> {
        let bytes = std::fs::read(path).map_err(|cause| ModelError::Io { path: path.display().to_string(), cause })?;
        Self::read(&path.display().to_string(), &bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Lemmatizer, ModelError> {
        Self::read("lemmatizer model", bytes)
    }

    fn read(what: &str, bytes: &[u8]) -> Result<Lemmatizer, ModelError> {
        let corrupt = |detail: &str| ModelError::Corrupt { what: what.to_string(), detail: detail.to_string() };
        let mut r = Reader::new(what, bytes, MAGIC, VERSION)?;
        let entries = r.str()?;
        let keys = r.str()?;
        let rule_lower = r.u32s()?;
        let rule_strip = r.u32s()?;
        let rule_append = r.strs()?;
        if rule_lower.len() != rule_append.len() || rule_strip.len() != rule_append.len() {
            return Err(corrupt("rule sizes disagree"));
        }
        let rules = rule_lower
            .into_iter()
            .zip(rule_strip)
            .zip(rule_append)
            .map(|((l, s), a)| Rule { lower: l != 0, strip: s, append: a })
            .collect();
        Lemmatizer::assemble(what, entries, keys, rules)
    }

    /// The model file contents.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(MAGIC, VERSION);
        w.str(&self.entries).str(&self.keys);
        let lower: Vec<u32> = self.rules.iter().map(|r| u32::from(r.lower)).collect();
        let strip: Vec<u32> = self.rules.iter().map(|r| r.strip).collect();
        let append: Vec<String> = self.rules.iter().map(|r| r.append.clone()).collect();
        w.u32s(&lower).u32s(&strip).strs(&append);
        w.finish()
    }

    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        std::fs::write(path, self.to_bytes())
            .map_err(|cause| ModelError::Io { path: path.display().to_string(), cause })
    }

    /// Stored lookup entries and rule keys.
    pub fn size(&self) -> (usize, usize) {
        (self.lookup.len(), self.by_suffix.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu;

    const TRAIN: &str = "\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tdogs\tdog\tNOUN\tNNS\t_\t3\tnsubj\t_\t_
3\twalked\twalk\tVERB\tVBD\t_\t0\troot\t_\t_
4\tto\tto\tADP\tIN\t_\t5\tcase\t_\t_
5\tParis\tParis\tPROPN\tNNP\t_\t3\tobl\t_\t_
6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tCats\tcat\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tjumped\tjump\tVERB\tVBD\t_\t0\troot\t_\t_
3\tand\tand\tCCONJ\tCC\t_\t4\tcc\t_\t_
4\twent\tgo\tVERB\tVBD\t_\t2\tconj\t_\t_
5\twith\twith\tADP\tIN\t_\t6\tcase\t_\t_
6\tbirds\tbird\tNOUN\tNNS\t_\t4\tobl\t_\t_
7\tand\tand\tCCONJ\tCC\t_\t8\tcc\t_\t_
8\tJohn\tJohn\tPROPN\tNNP\t_\t6\tconj\t_\t_
9\twas\tbe\tAUX\tVBD\t_\t2\taux\t_\t_
10\tlooking\tlook\tVERB\tVBG\t_\t2\tconj\t_\t_
11\tplaying\tplay\tVERB\tVBG\t_\t2\tconj\t_\t_

";

    #[test]
    fn seen_unseen_and_proper() {
        let sents = conllu::parse(TRAIN, "t").unwrap();
        let l = Lemmatizer::train(&sents);
        assert_eq!(l.lemma("went", "VERB", "VBD"), "go");
        assert_eq!(l.lemma("dogs", "NOUN", "NNS"), "dog");
        assert_eq!(l.lemma("The", "DET", "DT"), "the");
        assert_eq!(l.lemma("Dogs", "NOUN", "NNS"), "dog");
        assert_eq!(l.lemma("tables", "NOUN", "NNS"), "table");
        assert_eq!(l.lemma("kicked", "VERB", "VBD"), "kick");
        assert_eq!(l.lemma("singing", "VERB", "VBG"), "sing");
        assert_eq!(l.lemma("London", "PROPN", "NNP"), "London");
        assert_eq!(l.lemma("Mars", "PROPN", "NNP"), "Mars");
        assert_eq!(l.lemma("quickly", "ADV", "RB"), "quickly");
        let back = Lemmatizer::from_bytes(&l.to_bytes()).unwrap();
        assert_eq!(back.to_bytes(), l.to_bytes());
        assert_eq!(back.lemma("kicked", "VERB", "VBD"), "kick");
        for odd in ["", "🦀", "\u{0}", "ǅx", "İstanbul"] {
            let _ = back.lemma(odd, "X", "FW");
            let _ = back.lemma(odd, "NOUN", "NNS");
        }
        // The suffix rule of "focused" cuts "accused" to "accus"; a lexicon that knows the
        // verb "accuse" corrects it, and leaves the lemmas it knows alone.
        let rules =
            Lemmatizer::train(&conllu::parse("1\tfocused\tfocus\tVERB\tVBD\t_\t0\troot\t_\t_\n\n", "t").unwrap());
        assert_eq!(rules.lemma("accused", "VERB", "VBD"), "accus");
        let lex = Arc::new(Lexicon::parse("accuse\tv\nfocus\tnv\nbus\tnv\n"));
        let checked = rules.with_lexicon(lex);
        assert_eq!(checked.lemma("accused", "VERB", "VBD"), "accuse");
        assert_eq!(checked.lemma("bused", "VERB", "VBD"), "bus");
        assert_eq!(checked.lemma("refocused", "VERB", "VBD"), "refocus");
        assert!(Lemmatizer::from_bytes(b"junk").is_err());
        assert!(Lemmatizer::from_bytes(&l.to_bytes()[..20]).is_err());
    }

    /// Irregular forms take the lexicon's lemma: over a suffix rule learned from another word
    /// ("fought" → "fight" would make "sought" "sight"), and over a training lemma that is no
    /// lemma of the word's class (a gold slip such as "struck" → "struck"); a training lemma that
    /// is one ("found" → "found", the verb "to found") stands.
    #[test]
    fn irregular_forms_take_the_lexicon_lemma() {
        let train = "1\tfought\tfight\tVERB\tVBD\t_\t0\troot\t_\t_\n2\tstruck\tstruck\tVERB\tVBD\t_\t1\tconj\t_\t_\n\
                     3\tfound\tfound\tVERB\tVBD\t_\t1\tconj\t_\t_\n4\tJan.\tJanuary\tPROPN\tNNP\t_\t1\tobl\t_\t_\n\n";
        let rules = Lemmatizer::train(&conllu::parse(train, "t").unwrap());
        assert_eq!(rules.lemma("sought", "VERB", "VBD"), "sight");
        assert_eq!(rules.lemma("struck", "VERB", "VBD"), "struck");
        let lex = Arc::new(Lexicon::parse(
            "fight\tnv\nfought\tD\tD=fight\nseek\tnv\nsought\taD\tD=seek\nstrike\tnv\nstruck\taD\tD=strike\n\
             find\tnv\nfound\tnvD\tD=find\nshed\tnvaD\tD=shed\n",
        ));
        let l = rules.with_lexicon(lex);
        assert_eq!(l.lemma("sought", "VERB", "VBD"), "seek");
        assert_eq!(l.lemma("Sought", "VERB", "VBD"), "seek");
        assert_eq!(l.lemma("struck", "VERB", "VBD"), "strike");
        assert_eq!(l.lemma("found", "VERB", "VBD"), "found");
        assert_eq!(l.lemma("shed", "VERB", "VBD"), "shed");
        // An unseen abbreviation keeps its form; the seen one keeps its expansion.
        assert_eq!(l.lemma("Jan.", "PROPN", "NNP"), "January");
        assert_eq!(l.lemma("Gen.", "PROPN", "NNP"), "Gen.");
    }
}
