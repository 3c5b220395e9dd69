//! One sentence as the coder sees it: its tokens with lowercase lemmas, the dependency tree as
//! head and children lists, the mentions over each token, and which patterns its words match.

use crate::lexicon::{Cond, Lexicon, Pattern, Pos, Role};
use herald_syntax::reading::ReadToken;
use std::borrow::Cow;

/// Sentences longer than this are coded on their first `MAX_TOKENS` tokens only.
pub const MAX_TOKENS: usize = 400;

/// What one token matches.
#[derive(Debug, Default, Clone, Copy)]
pub struct Match {
    /// The best reporting or governing pattern.
    pub event: Option<usize>,
    pub light: bool,
    pub receive: bool,
    pub say: bool,
    pub block: bool,
    /// The event pattern governs another action ("agreed to", "refused to").
    pub control: bool,
}

pub struct Sent<'a> {
    /// Index of the sentence in the article.
    pub idx: usize,
    pub text: &'a str,
    pub toks: &'a [ReadToken<'a>],
    /// Lowercase lemmas and word forms, borrowed from the reading when lowercase already.
    pub lemma: Vec<Cow<'a, str>>,
    pub lower: Vec<Cow<'a, str>>,
    pub head: Vec<Option<usize>>,
    pub kids: Vec<Vec<usize>>,
    /// Mentions (indices into the annotation) covering each token, widest first.
    pub mentions: Vec<Vec<usize>>,
    pub matches: Vec<Match>,
}

/// `str::to_lowercase`, borrowed when the word is lowercase ASCII already and by the ASCII rule
/// when it is ASCII (the same answer, sooner).
fn lowercase(s: &str) -> Cow<'_, str> {
    if !s.is_ascii() {
        Cow::Owned(s.to_lowercase())
    } else if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

const NEGATIONS: &[&str] = &["not", "n't", "never", "no"];

/// Nouns naming a group sent out of what their "of" phrase names ("the first deployment of
/// troops", "a patch of peacekeepers").
pub(crate) const DETACHMENTS: &[&str] =
    &["deployment", "patch", "wave", "contingent", "detachment", "unit", "group", "team"];

/// Nouns that measure what their "of" phrase names, or name a part of it ("suspended part of a
/// military aid program").
const MEASURES: &[&str] = &[
    "part",
    "portion",
    "half",
    "bulk",
    "rest",
    "remainder",
    "dollar",
    "ton",
    "tonne",
    "kg",
    "kilogram",
    "million",
    "billion",
    "worth",
    "amount",
    "lot",
    "package",
    "shipment",
    "consignment",
    "batch",
    "series",
    "number",
    "dozen",
    "hundred",
    "thousand",
    "supply",
];

impl<'a> Sent<'a> {
    pub fn new(
        idx: usize,
        text: &'a str,
        toks: &'a [ReadToken<'a>],
        mention_spans: &[(usize, usize, usize)],
    ) -> Sent<'a> {
        let toks = &toks[..toks.len().min(MAX_TOKENS)];
        let n = toks.len();
        let lemma: Vec<Cow<'a, str>> = toks.iter().map(|t| lowercase(&t.analysis.lemma)).collect();
        let lower: Vec<Cow<'a, str>> = toks.iter().map(|t| lowercase(text.get(t.start..t.end).unwrap_or(""))).collect();
        let head: Vec<Option<usize>> = toks.iter().map(|t| t.analysis.head.checked_sub(1).filter(|&h| h < n)).collect();
        let mut kids = vec![Vec::new(); n];
        for (i, h) in head.iter().enumerate() {
            if let Some(h) = *h {
                if h != i {
                    kids[h].push(i);
                }
            }
        }
        let mut mentions = vec![Vec::new(); n];
        // Mentions are few per sentence: widest first so the full phrase wins over a modifier
        // inside it.
        let mut spans: Vec<&(usize, usize, usize)> = mention_spans.iter().collect();
        spans.sort_by_key(|(s, e, _)| std::cmp::Reverse(e - s));
        for &&(ms, me, m) in &spans {
            for (i, t) in toks.iter().enumerate() {
                if ms <= t.start && t.end <= me {
                    mentions[i].push(m);
                }
            }
        }
        Sent { idx, text, toks, lemma, lower, head, kids, mentions, matches: vec![Match::default(); n] }
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    pub fn rel(&self, i: usize) -> &str {
        self.toks[i].analysis.deprel
    }

    /// The relation without its subtype ("obl" for "obl:tmod").
    pub fn base(&self, i: usize) -> &str {
        let r = self.rel(i);
        r.split(':').next().unwrap_or(r)
    }

    pub fn upos(&self, i: usize) -> &str {
        self.toks[i].analysis.upos
    }

    pub fn xpos(&self, i: usize) -> &str {
        self.toks[i].analysis.xpos
    }

    pub fn form(&self, i: usize) -> &str {
        self.text.get(self.toks[i].start..self.toks[i].end).unwrap_or("")
    }

    pub fn is_verb(&self, i: usize) -> bool {
        self.upos(i) == "VERB" || self.xpos(i).starts_with("VB") && self.upos(i) != "AUX"
    }

    pub fn is_nominal(&self, i: usize) -> bool {
        matches!(self.upos(i), "NOUN" | "PROPN" | "PRON" | "NUM") || self.xpos(i).starts_with("NN")
    }

    /// Children with relation `rel` (exactly, or its base when `rel` has no subtype).
    pub fn kids_rel<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        self.kids[i].iter().copied().filter(move |&c| self.rel(c) == rel)
    }

    /// The preposition or subordinator introducing `i` ("with" for "with Putin").
    pub fn case_of(&self, i: usize) -> Option<&str> {
        self.kids[i].iter().find(|&&c| matches!(self.base(c), "case" | "mark")).map(|&c| &*self.lemma[c])
    }

    pub fn mark_of(&self, i: usize) -> Option<&str> {
        self.kids[i].iter().find(|&&c| self.base(c) == "mark").map(|&c| &*self.lemma[c])
    }

    /// A passive clause: a passive auxiliary, or a passive subject of a participle with a form
    /// of "be" or "get" (the parser sometimes marks "it has called off" passive).
    pub fn passive(&self, i: usize) -> bool {
        self.kids[i].iter().any(|&c| self.rel(c) == "aux:pass")
            || self.kids[i].iter().any(|&c| matches!(self.rel(c), "nsubj:pass" | "csubj:pass"))
                && (self.xpos(i) == "VBN" || self.upos(i) == "ADJ")
                && !self.auxes(i).any(|a| a == "have")
    }

    /// The lemmas of a word's auxiliaries.
    pub fn auxes(&self, i: usize) -> impl Iterator<Item = &str> {
        self.kids[i].iter().filter(move |&&c| self.base(c) == "aux").map(move |&c| &*self.lemma[c])
    }

    pub fn negated(&self, i: usize) -> bool {
        self.kids[i].iter().any(|&c| {
            (matches!(self.base(c), "advmod" | "aux" | "det" | "dep") && NEGATIONS.contains(&&*self.lemma[c]))
                || (self.base(c) == "aux" && self.lower[c].ends_with("n't"))
        })
    }

    /// Dependents that introduce a phrase with preposition `p`: obl/nmod children whose case is
    /// `p`, and (the parser sometimes heads the phrase with its preposition) `p` itself.
    /// Whether the phrase headed by `i` opens with the word `p` hung on its number as an adverb
    /// ("over two raids" with "over" read as "more than").
    fn counted_after(&self, i: usize, p: &str) -> bool {
        self.kids[i].iter().any(|&n| {
            self.base(n) == "nummod"
                && self.kids[n].iter().any(|&a| {
                    self.base(a) == "advmod" && self.lemma[a] == p && a + 1 == n && !self.kids[i].iter().any(|&d| d < a)
                })
        })
    }

    pub fn prep_kids<'s>(&'s self, i: usize, p: &'s str) -> impl Iterator<Item = usize> + 's {
        self.kids[i].iter().copied().filter_map(move |c| {
            let b = self.base(c);
            if matches!(b, "obl" | "nmod" | "advcl" | "acl" | "xcomp" | "ccomp") && self.case_of(c) == Some(p) {
                Some(c)
            } else if matches!(b, "obl" | "nmod") && self.case_of(c).is_none() && self.counted_after(c, p) {
                // "complained over two air raids" read as "more than two": the preposition
                // opening a phrase with no preposition of its own, hung on its number, is the
                // phrase's.
                Some(c)
            } else if self.lemma[c] == p && matches!(self.upos(c), "ADP" | "SCONJ") && b != "case" {
                // The phrase's noun hangs below the preposition.
                self.kids[c].iter().copied().find(|&g| self.is_nominal(g) || self.upos(g) == "ADJ").or(Some(c))
            } else {
                None
            }
        })
    }

    /// Objects: a verb's direct and indirect objects (and passive subject); a noun's "of"
    /// complement.
    pub fn objects(&self, i: usize) -> Vec<usize> {
        let passive = self.passive(i);
        let mut out: Vec<usize> = self.kids[i]
            .iter()
            .copied()
            .filter(|&c| matches!(self.rel(c), "obj" | "iobj") || passive && self.rel(c) == "nsubj:pass")
            .collect();
        if self.is_nominal(i) && !self.is_verb(i) {
            out.extend(self.prep_kids(i, "of"));
        } else {
            // "called off a strike" read as a prepositional phrase: the particle is the
            // preposition right after the verb.
            for &c in &self.kids[i] {
                if self.base(c) == "obl" {
                    if let Some(&p) = self.kids[c].iter().find(|&&p| self.base(p) == "case") {
                        if p == i + 1 && matches!(&*self.lemma[p], "off" | "up" | "down" | "out" | "over" | "back") {
                            out.push(c);
                        }
                    }
                }
            }
        }
        // "70 million dollars of aid", "tons of food": the thing measured; "a state of siege":
        // the state.
        let measured: Vec<usize> = out
            .iter()
            .copied()
            .filter(|&o| {
                MEASURES.contains(&&*self.lemma[o])
                    || self.kids[o].iter().any(|&c| self.base(c) == "nummod")
                    // "declared a state of emergency": the condition declared.
                    || self.lemma[o] == "state" && self.upos(o) == "NOUN"
            })
            .flat_map(|o| self.prep_kids(o, "of").collect::<Vec<_>>())
            .collect();
        out.extend(measured);
        out
    }

    /// The particle of a phrasal verb, if `p`.
    fn has_prt(&self, i: usize, p: &str) -> bool {
        self.kids[i].iter().any(|&c| self.lemma[c] == p && (self.rel(c) == "compound:prt" || c == i + 1 || c == i + 2))
            || (i + 1 < self.len() && self.lemma[i + 1] == p && matches!(self.upos(i + 1), "ADP" | "ADV" | "PART"))
            // "forced the agency out of the country": the particle after the object, read as
            // the compound preposition "out of" of the verb's phrase.
            || p == "out"
                && self.kids[i].iter().any(|&c| {
                    self.base(c) == "obl"
                        && self.kids[c].iter().any(|&g| {
                            self.base(g) == "case"
                                && self.lemma[g] == "out"
                                && self.kids[g].iter().any(|&f| self.rel(f) == "fixed" && self.lemma[f] == "of")
                        })
                })
    }

    fn in_set(set: &Option<Vec<String>>, lemma: &str) -> bool {
        match set {
            None => true,
            Some(v) => v.iter().any(|w| w == lemma),
        }
    }

    /// A dependent's lemma, or that of a compound inside it ("ceasefire" in "ceasefire deal").
    fn lemma_or_compound_in(&self, c: usize, set: &Option<Vec<String>>) -> bool {
        match set {
            None => true,
            Some(v) => {
                self.word_in(c, v) || self.kids[c].iter().any(|&g| self.base(g) == "compound" && self.word_in(g, v))
            }
        }
    }

    pub fn cond(&self, i: usize, c: &Cond) -> bool {
        match c {
            Cond::Not(inner) => !self.cond(i, inner),
            Cond::Obj(set) => self.objects(i).into_iter().any(|o| self.lemma_or_compound_in(o, set)),
            Cond::Prep(p, set) => self.prep_kids(i, p).any(|o| self.lemma_or_compound_in(o, set)),
            Cond::Prt(p) => self.has_prt(i, p),
            Cond::Mod(set) => {
                self.kids[i].iter().any(|&c| {
                    matches!(self.base(c), "amod" | "compound" | "advmod" | "nmod" | "obl")
                        && self.case_of(c).is_none()
                        && Self::in_set(set, &self.lemma[c])
                }) || (1..=2).any(|d| i >= d && Self::in_set(set, &self.lemma[i - d]) && set.is_some())
            }
            // "a first batch of peacekeeping troops arrived", "the first deployment of NATO
            // troops": a subject that counts or sends out what its "of" phrase names.
            Cond::Subj(set) => self.kids[i].iter().any(|&c| {
                self.base(c) == "nsubj"
                    && (self.lemma_or_compound_in(c, set)
                        || (MEASURES.contains(&&*self.lemma[c]) || DETACHMENTS.contains(&&*self.lemma[c]))
                            && self.prep_kids(c, "of").any(|o| self.lemma_or_compound_in(o, set)))
            }),
            Cond::Comp => self.kids[i].iter().any(|&c| matches!(self.base(c), "ccomp" | "xcomp" | "obj")),
            Cond::Ctx(set) => {
                let lo = i.saturating_sub(8);
                let hi = (i + 9).min(self.len());
                (lo..hi).any(|j| j != i && Self::in_set(set, &self.lemma[j]))
            }
        }
    }

    /// A word the tagger got wrong that can only be a verb here: no determiner, adjective or
    /// number of its own, none before it, not a function word ("Western nations accuse Russia",
    /// "a charge Moscow denies").
    pub fn mistagged_verb(&self, i: usize) -> bool {
        let function_word = matches!(self.upos(i), "DET" | "PRON" | "PUNCT" | "CCONJ" | "AUX" | "PART" | "NUM" | "SYM");
        let noun_dependents =
            self.kids[i].iter().any(|&c| matches!(self.base(c), "det" | "amod" | "nummod" | "case" | "nmod:poss"));
        let after_noun_marker = i > 0 && matches!(self.upos(i - 1), "DET" | "ADJ" | "ADP" | "NUM");
        !(self.is_verb(i) || function_word || noun_dependents || after_noun_marker)
    }

    fn pos_ok(&self, i: usize, pos: Pos) -> bool {
        match pos {
            Pos::Verb => self.is_verb(i) || self.upos(i) == "ADJ" && self.xpos(i) == "VBN",
            Pos::Noun => {
                matches!(self.upos(i), "NOUN" | "PROPN")
                    || self.xpos(i).starts_with("NN")
                    || self.xpos(i) == "VBG"
                        && (matches!(self.base(i), "nsubj" | "obj" | "obl" | "nmod" | "conj")
                            || i > 0
                                && matches!(self.upos(i - 1), "DET" | "ADJ" | "NOUN")
                                && self.objects(i).is_empty())
            }
            Pos::Adj => {
                matches!(self.upos(i), "ADJ" | "VERB") || self.xpos(i).starts_with("JJ") || self.xpos(i) == "VBN"
            }
        }
    }

    /// Fills in [`Sent::matches`] from the lexicon.
    pub fn match_patterns(&mut self, lex: &Lexicon, names: &[bool]) {
        for i in 0..self.len() {
            let mut m = Match::default();
            let try_lemma = |lemma: &str, m: &mut Match| {
                let has_noun = lex.patterns(lemma).any(|(_, p)| p.pos != Pos::Verb);
                for (id, p) in lex.patterns(lemma) {
                    let pos_ok = self.pos_ok(i, p.pos) || p.pos == Pos::Verb && !has_noun && self.mistagged_verb(i);
                    if !pos_ok || !p.conds.iter().all(|c| self.cond(i, c)) {
                        continue;
                    }
                    match p.role {
                        Role::Light => m.light = true,
                        Role::Receive => m.receive = true,
                        Role::Say => m.say = true,
                        Role::Block => m.block = true,
                        _ => {
                            if m.event.is_none() {
                                m.event = Some(id);
                                m.control = p.role.controls();
                            }
                        }
                    }
                }
            };
            // Inside a proper name ("Asia-Pacific Economic Cooperation") a word reports nothing.
            if self.mentions[i].iter().any(|&mi| names.get(mi).copied().unwrap_or(false))
                && (self.upos(i) == "PROPN" || self.form(i).starts_with(char::is_uppercase))
            {
                continue;
            }
            // The lemma, then the word itself (the lemmatizer leaves some plurals and participles
            // alone: "talks", "opposed"), then its stem by the regular endings.
            let lemma = &*self.lemma[i];
            if lex.has_lemma(lemma) {
                try_lemma(lemma, &mut m);
            }
            for cand in forms(&self.lower[i]) {
                if lex.has_lemma(&cand) {
                    try_lemma(&cand, &mut m);
                    if cand != lemma {
                        break;
                    }
                }
            }
            self.matches[i] = m;
        }
    }

    /// Whether a word (by lemma, form or regular stem) is in a set of lemmas.
    pub fn word_in(&self, i: usize, set: &[String]) -> bool {
        set.iter().any(|w| *w == *self.lemma[i]) || forms(&self.lower[i]).any(|f| set.iter().any(|w| *w == *f))
    }

    pub fn pattern<'l>(&self, lex: &'l Lexicon, i: usize) -> Option<&'l Pattern> {
        self.matches[i].event.map(|p| &lex.patterns[p])
    }

    /// Whether `a` lies in the subtree of `root` (bounded walk up from `a`).
    pub fn under(&self, a: usize, root: usize) -> bool {
        let mut cur = a;
        for _ in 0..64 {
            if cur == root {
                return true;
            }
            match self.head[cur] {
                Some(h) => cur = h,
                None => return false,
            }
        }
        false
    }
}

/// The word and its possible stems by the regular English endings ("embargoes" → "embargo",
/// "telephoned" → "telephone", "stopped" → "stop").
pub fn forms(lower: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    // The word itself, then its stems (none for most words, which then allocate nothing).
    let mut out: Vec<String> = Vec::new();
    let b = lower.as_bytes();
    let n = b.len();
    let doubled = |stem: &str| {
        let s = stem.as_bytes();
        (s.len() >= 3 && s[s.len() - 1] == s[s.len() - 2]).then(|| stem[..stem.len() - 1].to_string())
    };
    if n > 4 && lower.ends_with("ied") {
        out.push(format!("{}y", &lower[..n - 3]));
    }
    if n > 4 && lower.ends_with("ies") {
        out.push(format!("{}y", &lower[..n - 3]));
    }
    if n > 3 && lower.ends_with("ed") {
        let stem = &lower[..n - 2];
        out.push(stem.to_string());
        out.push(format!("{stem}e"));
        out.extend(doubled(stem));
    }
    if n > 4 && lower.ends_with("ing") {
        let stem = &lower[..n - 3];
        out.push(stem.to_string());
        out.push(format!("{stem}e"));
        out.extend(doubled(stem));
    }
    if n > 3 && lower.ends_with("es") {
        out.push(lower[..n - 2].to_string());
    }
    if n > 2 && lower.ends_with('s') && !lower.ends_with("ss") {
        out.push(lower[..n - 1].to_string());
    }
    std::iter::once(Cow::Borrowed(lower)).chain(out.into_iter().map(Cow::Owned))
}
