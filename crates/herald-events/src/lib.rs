//! Who did what to whom, where and when. Event coding exists because it is what an analyst
//! asks of news in bulk: GDELT, ICEWS and POLECAT turn articles into dated, placed, coded
//! interactions between actors ("USAGOV 042 RUS, Moscow, 2013-05-07"), and herald must make the
//! same records from any news a user has, each with the sentence that shows it, so a reader can
//! check every one.
//!
//! The coder reads each body sentence's dependency parse (from `herald-syntax`) with the
//! entities of the article (from `herald-entities`: mentions, actor codes, places) and its dates
//! (from `herald-time`); [`repair`] first re-reads a sentence whose parse is implausible at an
//! event verb (a verb tagged as an adjective or noun). Everything it knows about words is data
//! that we wrote from the public CAMEO and PLOVER codebooks: [`ontology`] (`data/events/cameo.tsv`: codes, names, Goldstein
//! values, QuadClass, PLOVER type, mode and context) and [`lexicon`] (`patterns.tsv`: verbs and
//! nouns with the dependents they need; `agents.tsv`: sector nouns; `contexts.tsv`). A trigger
//! word ([`sentence`]) opens a frame ([`frames`]): the words that govern it turn an action into
//! an intent ("will meet", "agreed to cooperate": CAMEO 03), a threat (13), a refusal (12), a
//! demand (10) or an appeal (02); light verbs lend their subject to a noun ("held talks",
//! "imposed sanctions"); passives, relative clauses, coordination and reported speech are read
//! off the tree. The source and target phrases become actors ([`actors`]); compound actors give
//! one event per pair. Each event gets its date (a temporal expression in its clause, else the
//! sentence's, else the publication date, with the precision), its place (a place in the
//! sentence, else the one the same actor was just at, else the article's focus), its evidence
//! span, its flags and a confidence. Captions, credits, related links, appeals and questions are
//! never coded. Within an article, events with the same date, actors, root code and place are
//! one event with a mention count, and the event the lead reports is marked as the root.
//!
//! Bounds: [`sentence::MAX_TOKENS`] words per sentence, [`actors::MAX_MEMBERS`] coordinated
//! actors per phrase, [`MAX_PAIRS`] events per trigger, [`MAX_SENTENCE_EVENTS`] per sentence,
//! [`MAX_ARTICLE_EVENTS`] per article; every walk over the tree is bounded. Time is linear in the
//! article.

pub mod actors;
pub mod frames;
pub mod lexicon;
pub mod ontology;
pub mod repair;
pub mod sentence;

use actors::{Actor, Ctx};
use chrono::NaiveDate;
use frames::{Frame, How};
use herald_entities::dict::KeyMap;
use herald_entities::{holds_mentions, Annotation, Dictionaries, ReadParagraph};
use herald_model::{Entity, EntityType, MentionForm, ParagraphKind};
use herald_time::Timex;
use lexicon::{Lexicon, Role, TargetRel};
use ontology::{root, DataError, Ontology};
use sentence::Sent;
use serde::Serialize;
use std::collections::HashMap;

/// Events (one per actor pair) from one trigger.
pub const MAX_PAIRS: usize = 32;
/// Events coded from one sentence.
pub const MAX_SENTENCE_EVENTS: usize = 64;

/// Nouns for what one actor puts to another to accept or refuse.
const PROPOSALS: &[&str] = &[
    "offer",
    "proposal",
    "plan",
    "request",
    "appeal",
    "invitation",
    "demand",
    "call",
    "bid",
    "initiative",
    "proposition",
    "ultimatum",
    "suggestion",
];
/// Event mentions coded from one article, before merging.
pub const MAX_ARTICLE_EVENTS: usize = 20_000;

/// One side of an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventActor {
    /// The entity's id, when the actor is an entity of the article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    pub text: String,
    /// CAMEO-style actor code: root, then sector ("USAGOV", "ISRMIL", "IGOUNO").
    pub code: String,
    /// The root of the code: ISO 3166 alpha-3, or IGO, NGO, IMG, WST.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plover {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    pub context: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventDate {
    /// TIMEX3-style value: "2013-05-07", "2013-W18-WE", "2015-04".
    pub value: String,
    /// time, day, week, month, season, quarter, year, decade, other.
    pub precision: &'static str,
    /// `clause` (an expression in the event's clause), `sentence`, `previous` (the sentence
    /// before, same actor), `dct` (the publication date).
    pub basis: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventLocation {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// city, country or state.
    pub kind: String,
    pub country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// `sentence`, `previous` (where the same actor just was), `article` (the article's focus).
    pub basis: &'static str,
}

/// Byte spans into the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// From the first to the last word of trigger, source and target.
    pub start: usize,
    pub end: usize,
    pub trigger_start: usize,
    pub trigger_end: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Flags {
    /// The text negates the action; the event is the refusal ("will not accept": 12x).
    pub negated: bool,
    /// Possible or conditional ("may halt", "would meet if …").
    pub hypothetical: bool,
    /// Planned, promised or threatened, not done.
    pub future: bool,
    /// Stated by someone the text quotes or cites.
    pub reported: bool,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Index of the sentence (in the annotation's sentences) of its first mention.
    pub sentence: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<EventActor>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<EventActor>,
    pub cameo: String,
    pub cameo_name: String,
    pub plover: Option<Plover>,
    pub goldstein: f32,
    pub quad_class: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<EventDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<EventLocation>,
    pub evidence: Evidence,
    pub trigger: String,
    pub flags: Flags,
    pub confidence: f32,
    /// How many sentences of the article report it.
    pub mentions: u32,
    /// The event the article's lead reports.
    pub root: bool,
}

/// An article ready for coding: its text, the reading layer's paragraphs, its entities, its
/// temporal expressions (sorted by start, as `herald_time::annotate` returns them) and its date.
pub struct ArticleInput<'a> {
    pub text: &'a str,
    pub read: &'a [ReadParagraph<'a>],
    pub annotation: &'a Annotation,
    pub dict: &'a Dictionaries,
    pub timexes: &'a [Timex],
    pub dct: Option<NaiveDate>,
}

/// The event tables, loaded once.
pub struct Coder {
    pub ontology: Ontology,
    pub lexicon: Lexicon,
}

impl Coder {
    /// The tables under `data/events/`, compiled into the binary.
    pub fn embedded() -> Result<Coder, DataError> {
        Coder::from_tables(
            include_str!("../../../data/events/cameo.tsv"),
            include_str!("../../../data/events/patterns.tsv"),
            include_str!("../../../data/events/agents.tsv"),
            include_str!("../../../data/events/contexts.tsv"),
        )
    }

    pub fn from_tables(cameo: &str, patterns: &str, agents: &str, contexts: &str) -> Result<Coder, DataError> {
        let ontology = Ontology::parse(cameo)?;
        let lexicon = Lexicon::parse(patterns, agents, contexts, &ontology)?;
        Ok(Coder { ontology, lexicon })
    }

    /// The events of an article, merged within the article, in order of first mention.
    pub fn code(&self, input: &ArticleInput<'_>) -> Vec<Event> {
        let raw = self.code_mentions(input);
        merge(raw)
    }

    /// Every event mention, one per sentence that reports it, before merging.
    pub fn code_mentions(&self, input: &ArticleInput<'_>) -> Vec<Event> {
        Article::new(self, input).run()
    }
}

/// A place an event can be at.
#[derive(Debug, Clone)]
struct Spot {
    name: String,
    entity: Option<String>,
    kind: String,
    country: String,
    lat: Option<f64>,
    lon: Option<f64>,
}

impl Spot {
    fn of(e: &Entity) -> Option<Spot> {
        let p = e.place.as_ref()?;
        Some(Spot {
            name: e.name.clone(),
            entity: Some(e.id.clone()),
            kind: p.kind.clone(),
            country: p.country.clone(),
            lat: p.lat,
            lon: p.lon,
        })
    }

    fn at(&self, basis: &'static str) -> EventLocation {
        EventLocation {
            name: self.name.clone(),
            entity: self.entity.clone(),
            kind: self.kind.clone(),
            country: self.country.clone(),
            lat: self.lat,
            lon: self.lon,
            basis,
        }
    }
}

/// What the last event of an actor said about when and where (for the next sentence: "He'll
/// also meet with …").
#[derive(Debug, Clone)]
struct Last {
    sentence: usize,
    source: String,
    date: Option<EventDate>,
    location: Option<EventLocation>,
}

struct Article<'a> {
    coder: &'a Coder,
    input: &'a ArticleInput<'a>,
    entities: KeyMap<&'a str, &'a Entity>,
    focus: Option<Spot>,
    last: std::cell::RefCell<Vec<Last>>,
}

/// How precise a TIMEX3 value is.
fn precision(v: &str) -> Option<(&'static str, u8)> {
    if v.is_empty() || v.ends_with("_REF") || v.starts_with('P') || !v.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if v.starts_with("XXXX") {
        return None;
    }
    let date = v.split('T').next().unwrap_or(v);
    Some(if v.contains('T') && v.len() > 10 && v.as_bytes().get(10) == Some(&b'T') {
        ("time", 90)
    } else if date.len() == 10 && date.as_bytes()[4] == b'-' && !date.contains('W') {
        ("day", 80)
    } else if date.contains('W') {
        ("week", 70)
    } else if date.len() == 7 && date.as_bytes()[5].is_ascii_digit() {
        ("month", 60)
    } else if date.len() == 7 && date.as_bytes()[5] == b'Q' {
        ("quarter", 50)
    } else if date.len() == 7 {
        ("season", 50)
    } else if date.len() == 4 {
        ("year", 40)
    } else if date.len() == 3 {
        ("decade", 30)
    } else {
        ("other", 20)
    })
}

/// "will resign", "is to step down": a leader's departure stated as coming is the departure
/// itself (CAMEO 0831), as news reports it; the intent (0341) is an offer or promise to go, which
/// a governing word says ("offered to resign", "promised to step down").
fn announced_departure(code: &str) -> bool {
    code == "0831"
}

fn question(text: &str) -> bool {
    let t =
        text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | ')'));
    t.ends_with('?')
}

impl<'a> Article<'a> {
    fn new(coder: &'a Coder, input: &'a ArticleInput<'a>) -> Article<'a> {
        let entities: KeyMap<&str, &Entity> = input.annotation.entities.iter().map(|e| (e.id.as_str(), e)).collect();
        let mut a = Article { coder, input, entities, focus: None, last: std::cell::RefCell::new(Vec::new()) };
        a.focus = a.focus_place();
        a
    }

    /// The article's focus place: the first city its lead names, else the city, then the
    /// country, its body names most (the first of equals).
    fn focus_place(&self) -> Option<Spot> {
        let ann = self.input.annotation;
        // Sentence index → paragraph kind, and the lead (first body paragraph).
        let mut kinds = Vec::with_capacity(ann.sentences.len());
        let mut lead = None;
        for (pi, p) in self.input.read.iter().enumerate() {
            if p.kind == ParagraphKind::Body && lead.is_none() && !p.sentences.is_empty() {
                lead = Some(pi);
            }
            for _ in &p.sentences {
                kinds.push((pi, p.kind));
            }
        }
        let mut counts: Vec<(&str, usize, usize, bool, bool)> = Vec::new();
        for (order, m) in ann.mentions.iter().enumerate() {
            let Some(&(pi, kind)) = kinds.get(m.sentence) else { continue };
            if kind != ParagraphKind::Body || m.form == MentionForm::Modifier {
                continue;
            }
            let Some(e) = self.entities.get(m.entity.as_str()) else { continue };
            let Some(p) = &e.place else { continue };
            let city = p.kind == "city";
            // Only where things happen counts: "in Sochi", "to Moscow", not "Washington's pledge".
            if !self.locative_at(m.sentence, m.start) {
                continue;
            }
            match counts.iter_mut().find(|c| c.0 == e.id) {
                Some(c) => c.1 += 1,
                None => counts.push((e.id.as_str(), 1, order, city, Some(pi) == lead)),
            }
        }
        let pick = counts
            .iter()
            .filter(|c| c.3 && c.4)
            .min_by_key(|c| c.2)
            .or_else(|| counts.iter().filter(|c| c.3).max_by_key(|c| (c.1, std::cmp::Reverse(c.2))))
            .or_else(|| counts.iter().max_by_key(|c| (c.1, std::cmp::Reverse(c.2))))?;
        self.entities.get(pick.0).and_then(|e| Spot::of(e))
    }

    /// Whether the mention starting at byte `start` of sentence `si` is introduced by a locative
    /// or directional preposition (the word before it, or before its article).
    fn locative_at(&self, si: usize, start: usize) -> bool {
        let Some(sent) = self.input.read.iter().flat_map(|p| &p.sentences).nth(si) else { return false };
        let Some(i) = sent.tokens.iter().position(|t| t.start == start) else { return false };
        let word =
            |j: usize| self.input.text.get(sent.tokens[j].start..sent.tokens[j].end).unwrap_or("").to_lowercase();
        let before = |j: usize| j.checked_sub(1).map(word);
        let mut prev = before(i);
        if matches!(prev.as_deref(), Some("the")) {
            prev = i.checked_sub(1).and_then(before);
        }
        matches!(prev.as_deref(), Some("in" | "at" | "to" | "near" | "into" | "outside" | "inside" | "from"))
    }

    fn run(self) -> Vec<Event> {
        let input = self.input;
        let ann = input.annotation;
        let mut by_sent: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); ann.sentences.len()];
        for (i, m) in ann.mentions.iter().enumerate() {
            if let Some(v) = by_sent.get_mut(m.sentence) {
                v.push((m.start, m.end, i));
            }
        }
        let spans: Vec<(usize, usize)> = ann.sentences.iter().map(|s| (s.start, s.end)).collect();
        let dates = herald_time::sentence_dates(input.timexes, &spans);
        let names: Vec<bool> = ann.mentions.iter().map(|m| m.form == MentionForm::Name).collect();
        let mut recent: Vec<Actor> = Vec::new();
        let mut out = Vec::new();
        let mut idx = 0usize;
        for p in input.read {
            for sent in &p.sentences {
                let si = idx;
                idx += 1;
                if p.kind != ParagraphKind::Body || !holds_mentions(p.kind) || out.len() >= MAX_ARTICLE_EVENTS {
                    continue;
                }
                if question(input.text.get(sent.start..sent.end).unwrap_or("")) || si >= by_sent.len() {
                    continue;
                }
                let mut s = Sent::new(si, input.text, &sent.tokens, &by_sent[si]);
                s.match_patterns(&self.coder.lexicon, &names);
                let ctx = Ctx {
                    lex: &self.coder.lexicon,
                    dict: input.dict,
                    mentions: &ann.mentions,
                    entities: &self.entities,
                    recent: &recent,
                    depth: std::cell::Cell::new(0),
                };
                let sdate = dates.get(si).cloned().flatten();
                let (events, subjects) = self.sentence(&ctx, &s, sdate.as_ref());
                out.extend(events);
                if !subjects.is_empty() {
                    let mut next = subjects;
                    next.extend(recent.into_iter().take(4));
                    next.truncate(8);
                    recent = next;
                }
            }
        }
        out
    }

    /// Codes one sentence; returns its events and its subjects (for pronouns later).
    fn sentence(&self, ctx: &Ctx, s: &Sent, sdate: Option<&herald_time::SentenceDate>) -> (Vec<Event>, Vec<Actor>) {
        let lex = &self.coder.lexicon;
        // Nouns a verb's own pattern names ("impose" + "sanctions") give no event of their own.
        let mut consumed = vec![false; s.len()];
        for v in 0..s.len() {
            let Some(p) = s.pattern(lex, v) else { continue };
            if p.pos == lexicon::Pos::Noun {
                continue;
            }
            for c in &p.conds {
                if let lexicon::Cond::Obj(Some(set)) = c {
                    for o in s.objects(v) {
                        if s.word_in(o, set) || s.kids[o].iter().any(|&c| s.base(c) == "compound" && s.word_in(c, set))
                        {
                            consumed[o] = true;
                            // "ended mediation efforts": the compound that names the action too.
                            for &c in &s.kids[o] {
                                if s.base(c) == "compound" {
                                    consumed[c] = true;
                                }
                            }
                        }
                    }
                }
            }
        }
        let mut frames: Vec<Frame> = Vec::new();
        for (e, &used) in consumed.iter().enumerate() {
            if used {
                continue;
            }
            let Some(p) = s.pattern(lex, e) else { continue };
            if !p.role.reports() {
                continue;
            }
            if let Some(f) = frames::frame(s, lex, e) {
                frames.push(f);
            }
        }
        for f in &frames {
            for &c in &f.consumed {
                consumed[c] = true;
            }
        }
        frames.retain(|f| !consumed[f.trigger]);
        // Governing words that govern no coded action report their own ("agreed on Wednesday
        // that …", "rejected a U.S. request").
        for (e, &used) in consumed.iter().enumerate() {
            if used {
                continue;
            }
            let Some(p) = s.pattern(lex, e) else { continue };
            if !matches!(p.role, Role::Intent | Role::Threat | Role::Refuse | Role::Demand | Role::Appeal) {
                continue;
            }
            // A request, offer or demand that another act takes as its object ("rejected a U.S.
            // request", "despite growing pressure") is that act's, not one of its own.
            if p.pos == lexicon::Pos::Noun
                && matches!(s.base(e), "obj" | "obl" | "nmod" | "nsubj")
                && s.head[e].is_some_and(|h| s.matches[h].event.is_some() || s.matches[h].light)
            {
                continue;
            }
            if let Some(mut f) = frames::frame(s, lex, e) {
                f.mods.clear();
                frames.push(f);
            }
        }
        // "declared that China must drop barriers": a demand no pattern reads.
        for say in 0..s.len() {
            if !s.matches[say].say {
                continue;
            }
            for &c in &s.kids[say] {
                if s.base(c) == "ccomp" {
                    if let Some(f) = frames::must_frame(s, lex, say, c) {
                        frames.retain(|g| g.trigger != c);
                        frames.push(f);
                    }
                }
            }
        }
        // "reiterated its demand that Israel ease restrictions": the demand noun's clause, hung
        // on the verb by the parser, or read as a relative clause on the noun although it has a
        // subject and an object of its own, so its "that" cannot be a relative pronoun.
        for v in 0..s.len() {
            let content_clause = |c: usize| {
                s.rel(c) == "acl:relcl"
                    && s.head[c].is_some_and(|n| s.head[n] == Some(v) && n < c)
                    && s.kids[c].iter().any(|&k| k < c && s.lower[k] == "that")
                    && s.kids[c].iter().any(|&k| s.base(k) == "nsubj" && s.lower[k] != "that")
                    && s.kids[c].iter().any(|&k| s.base(k) == "obj" && s.lower[k] != "that")
            };
            let clauses: Vec<usize> = s.kids[v]
                .iter()
                .copied()
                .filter(|&c| s.base(c) == "ccomp")
                .chain(s.kids[v].iter().flat_map(|&n| s.kids[n].iter().copied()).filter(|&c| content_clause(c)))
                .collect();
            for c in clauses {
                if !frames.iter().any(|g| g.trigger == c && g.code == "100") {
                    if let Some(f) = frames::demand_noun_frame(s, lex, v, c) {
                        frames.retain(|g| g.trigger != c && g.trigger != f.consumed[0]);
                        frames.push(f);
                    }
                }
            }
        }
        frames.sort_by_key(|f| f.trigger);
        let mut events: Vec<Event> = Vec::new();
        let mut subjects = Vec::new();
        for f in &frames {
            if events.len() >= MAX_SENTENCE_EVENTS {
                break;
            }
            self.emit(ctx, s, f, sdate, &mut events, &mut subjects);
        }
        // "opened fire to disperse demonstrators": an act aimed at no one that the same source
        // does in order to act on someone (its infinitive of purpose, with a target) is aimed
        // at them.
        let at = |e: &Event| (0..s.len()).find(|&i| s.toks[i].start == e.evidence.trigger_start);
        let aims: Vec<(usize, Option<String>, EventActor, Evidence)> = events
            .iter()
            .filter_map(|e| Some((at(e)?, e.source.as_ref().map(|a| a.code.clone()), e.target.clone()?, e.evidence)))
            .filter(|&(p, ..)| matches!(s.base(p), "xcomp" | "advcl") && s.mark_of(p) == Some("to"))
            .collect();
        for ev in events.iter_mut().filter(|e| e.target.is_none()) {
            let Some(t) = at(ev) else { continue };
            let source = ev.source.as_ref().map(|a| a.code.clone());
            if let Some((_, _, target, evidence)) =
                aims.iter().find(|(p, src, ..)| s.head[*p] == Some(t) && *src == source && source.is_some())
            {
                ev.target = Some(target.clone());
                ev.evidence.start = ev.evidence.start.min(evidence.start);
                ev.evidence.end = ev.evidence.end.max(evidence.end);
            }
        }
        // "is ready to send equipment to help defend its neighbour": an act said as the purpose
        // of another act of the same source on the same target (an infinitive of purpose hung
        // on it, perhaps through a verb such as "help") says why, not what happened: one event.
        let triggers: Vec<(usize, Option<String>, Option<String>)> = events
            .iter()
            .filter_map(|e| {
                Some((at(e)?, e.source.as_ref().map(|a| a.code.clone()), e.target.as_ref().map(|a| a.code.clone())))
            })
            .collect();
        let serves = |e: &Event| {
            let Some(mut p) = at(e) else { return false };
            let key = (e.source.as_ref().map(|a| a.code.clone()), e.target.as_ref().map(|a| a.code.clone()));
            if key.0.is_none() || key.1.is_none() {
                return false;
            }
            // Up through one verb the act is the complement of ("help defend").
            if s.base(p) == "xcomp" && s.mark_of(p) != Some("to") {
                match s.head[p] {
                    Some(h) if s.is_verb(h) && !triggers.iter().any(|t| t.0 == h) => p = h,
                    _ => return false,
                }
            }
            s.base(p) == "advcl"
                && s.mark_of(p) == Some("to")
                && s.head[p].is_some_and(|h| triggers.iter().any(|t| t.0 == h && (&t.1, &t.2) == (&key.0, &key.1)))
        };
        events.retain(|e| !serves(e));
        // An action without a target that another of the sentence's events of the same kind
        // and source says with one ("shunned work … to protest at …") adds nothing.
        let full: Vec<(Option<String>, Option<String>)> = events
            .iter()
            .filter(|e| e.target.is_some())
            .map(|e| (e.source.as_ref().map(|a| a.code.clone()), e.plover.as_ref().map(|p| p.kind.clone())))
            .collect();
        events.retain(|e| {
            e.target.is_some()
                || !full
                    .contains(&(e.source.as_ref().map(|a| a.code.clone()), e.plover.as_ref().map(|p| p.kind.clone())))
        });
        // "began a hunger strike to demand the return of …": a demand with no addressee that the
        // same source makes by protesting is the protest's aim (CAMEO codes it 14), not an
        // event of its own.
        let protesters: Vec<String> = events
            .iter()
            .filter(|e| root(&e.cameo) == 14)
            .filter_map(|e| e.source.as_ref().map(|a| a.code.clone()))
            .collect();
        // So is a demand said as the purpose of the protest ("marched through the capital to
        // demand higher prices from the government"), even with an addressee: the infinitive
        // of purpose ("to demand", hung as an adverbial or adnominal clause) says why they
        // protested, not a second act.
        let purpose = |e: &Event| {
            (0..s.len())
                .find(|&i| s.toks[i].start == e.evidence.trigger_start)
                .is_some_and(|t| matches!(s.base(t), "advcl" | "acl") && s.mark_of(t) == Some("to") && s.is_verb(t))
        };
        events.retain(|e| {
            !(root(&e.cameo) == 10
                && (e.target.is_none() || purpose(e))
                && e.source.as_ref().is_some_and(|a| protesters.contains(&a.code)))
        });
        // "Guards beat the prisoners, a monitoring group alleged on Friday.": an accusing verb
        // with no object or complement, in a clause of its own that closes the sentence after a
        // comma, only says who reports the act before it; the act is the news, not a second,
        // targetless accusation.
        let starts: Vec<usize> = events.iter().filter_map(&at).collect();
        let closing = |e: &Event| {
            let Some(t) = at(e) else { return false };
            // ("charged" so placed accuses; it arrests no one.)
            let accusing = root(&e.cameo) == 11 || root(&e.cameo) == 17 && s.lemma[t] == "charge";
            if !accusing || e.target.is_some() {
                return false;
            }
            let own_object = s.kids[t].iter().any(|&c| matches!(s.base(c), "obj" | "iobj" | "ccomp" | "xcomp"));
            let subject_before = s.kids[t].iter().any(|&c| s.base(c) == "nsubj" && c < t);
            let Some(first) = (0..=t).find(|&i| s.under(i, t)) else { return false };
            let after_comma = first > 1 && s.form(first - 1) == ",";
            let closes = (t + 1..s.len()).all(|i| s.under(i, t) || s.upos(i) == "PUNCT");
            let report_before = starts.iter().any(|&o| o + 1 < first);
            !own_object && subject_before && after_comma && closes && report_before
        };
        events.retain(|e| !closing(e));
        self.drop_place_targets(&mut events);
        // "a charge Moscow denies": the denial answers the accuser.
        let accusers: Vec<(String, EventActor)> = events
            .iter()
            .filter(|e: &&Event| root(&e.cameo) == 11)
            .filter_map(|e| Some((e.target.as_ref()?.code.clone(), e.source.clone()?)))
            .collect();
        for ev in events.iter_mut() {
            if ev.cameo == "016" && ev.target.is_none() {
                if let Some(src) = &ev.source {
                    if let Some((_, accuser)) =
                        accusers.iter().find(|(t, _)| src.country.as_deref() == Some(&t[..3.min(t.len())]))
                    {
                        ev.target = Some(accuser.clone());
                    }
                }
            }
        }
        // Subjects of the main clauses, for pronouns in the next sentences.
        for t in 0..s.len() {
            if s.base(t) == "nsubj" && s.upos(t) != "PRON" {
                if let Some(h) = s.head[t] {
                    if s.head[h].is_none() || matches!(s.base(h), "ccomp" | "conj" | "parataxis") {
                        for a in ctx.actors(s, t) {
                            if !subjects.iter().any(|x: &Actor| x.key() == a.key()) {
                                subjects.push(a);
                            }
                        }
                    }
                }
            }
        }
        (events, subjects)
    }

    /// The country of an event's target when the target is a place inside a country (a city or
    /// region, not the country itself).
    fn place_target(&self, ev: &Event) -> Option<String> {
        let t = ev.target.as_ref()?;
        let e = self.entities.get(t.entity.as_deref()?)?;
        let p = e.place.as_ref()?;
        (p.kind != "country").then(|| p.country.clone())
    }

    /// A place is an event's target only where CAMEO makes the place the counterpart: a visit
    /// goes to it (042, 043). "Kerry will travel to Sochi to meet Putin" is an act towards
    /// Putin; the city adds a second, weaker reading of the same act. So an event whose target
    /// is a city or region is dropped when the same source has, in the same sentence, an event
    /// towards a named actor of that country (for a visit: another visit), or, for other codes,
    /// an event of the same root code and PLOVER type towards anyone.
    fn drop_place_targets(&self, events: &mut Vec<Event>) {
        let places: Vec<Option<String>> = events.iter().map(|e| self.place_target(e)).collect();
        let visit = |e: &Event| matches!(e.cameo.get(..3), Some("042" | "043"));
        let src = |e: &Event| e.source.as_ref().map(|a| a.code.clone());
        let keep: Vec<bool> = (0..events.len())
            .map(|i| {
                let Some(country) = &places[i] else { return true };
                let ev = &events[i];
                !events.iter().enumerate().any(|(j, o)| {
                    if j == i || places[j].is_some() || src(o) != src(ev) {
                        return false;
                    }
                    let Some(t) = &o.target else { return false };
                    let same_country = t.country.as_deref() == Some(country.as_str());
                    if visit(ev) {
                        same_country && visit(o)
                    } else {
                        // The same kind of act: the same root code and the same PLOVER type (a
                        // kidnapping and a bombing share CAMEO's root 18 but are two acts).
                        let kind = |e: &Event| e.plover.as_ref().map(|p| p.kind.clone());
                        same_country || root(&o.cameo) == root(&ev.cameo) && kind(o) == kind(ev)
                    }
                })
            })
            .collect();
        let mut k = keep.into_iter();
        events.retain(|_| k.next().unwrap_or(true));
    }

    /// The final code of a frame for a source, or `None` when the text asserts no event.
    fn final_code(&self, f: &Frame, source: Option<&Actor>) -> Option<String> {
        let o = &self.coder.ontology;
        let mut code = match (&f.state, source) {
            (Some(st), Some(a)) if a.is_state() => st.clone(),
            _ => f.code.clone(),
        };
        if f.posture && !f.negated && source.is_some_and(|a| a.sector.as_deref() == Some("MIL")) {
            return Some("152".into());
        }
        let pattern_role = self.coder.lexicon.patterns[f.pattern].role;
        let intent_above = f.mods.iter().any(|(r, n)| *r == Role::Intent && !n);
        if f.negated {
            // "will not meet" is a refusal; "did not meet" is no event.
            if !(f.future || f.modal || intent_above) {
                return None;
            }
            code = o.refuse(&code)?;
        } else if (f.future || f.modal)
            && !f
                .mods
                .iter()
                .any(|(r, _)| matches!(r, Role::Intent | Role::Threat | Role::Refuse | Role::Demand | Role::Appeal))
            && !pattern_role.controls()
            && !announced_departure(&code)
        {
            code = o.intent(&code);
        }
        for &(role, neg) in &f.mods {
            code = match (role, neg) {
                (Role::Intent, false) => o.intent(&code),
                (Role::Intent, true) => o.refuse(&code)?,
                (Role::Threat, false) => o.threat(&code),
                (Role::Refuse, false) => match o.refuse(&code) {
                    Some(c) => c,
                    // Rejecting a demand, threat or ultimatum ("rejected an Australian
                    // ultimatum") is a rejection; refusing to attack is nothing.
                    None if self.coder.lexicon.patterns[f.pattern].pos == lexicon::Pos::Noun => "120".into(),
                    None => return None,
                },
                (Role::Demand, false) => o.demand(&code),
                (Role::Appeal, false) => o.appeal(&code),
                (Role::Attempt, false) => o.attempt(&code),
                (Role::Aspect, false) => code,
                _ => return None,
            };
        }
        o.get(&code).is_some().then_some(code)
    }

    fn resolve_first(&self, ctx: &Ctx, s: &Sent, cands: &[(usize, How)]) -> (Vec<Actor>, Option<How>) {
        for &(t, how) in cands.iter().take(8) {
            let a = ctx.actors(s, t);
            if !a.is_empty() {
                return (a, Some(how));
            }
        }
        (Vec::new(), None)
    }

    /// The best target phrase below `start`: breadth-first over its dependents (objects and
    /// prepositional phrases first, places last), at most four levels and 64 words.
    fn search(
        &self,
        ctx: &Ctx,
        s: &Sent,
        start: usize,
        avoid: &[usize],
        sources: &[Actor],
        code: &str,
    ) -> Option<(Vec<Actor>, usize)> {
        // What talks, praise or cooperation are "on" or "about" is their topic, not their
        // target; attacks and sanctions "on" someone hit them.
        let topical = matches!(root(code), 1 | 2 | 4 | 5 | 6);
        let mut queue = std::collections::VecDeque::new();
        queue.push_back((start, 0usize));
        let mut seen = 0;
        let mut best: Option<(usize, Vec<Actor>)> = None;
        while let Some((t, depth)) = queue.pop_front() {
            seen += 1;
            if seen > 64 || depth > 3 {
                break;
            }
            for &c in &s.kids[t] {
                let b = s.base(c);
                if matches!(
                    b,
                    "nsubj"
                        | "punct"
                        | "cc"
                        | "aux"
                        | "cop"
                        | "mark"
                        | "det"
                        | "case"
                        | "parataxis"
                        | "expl"
                        | "discourse"
                        | "vocative"
                        | "reparandum"
                ) || s.rel(c) == "acl:relcl"
                    || avoid.iter().any(|&a| c == a || s.under(c, a))
                {
                    continue;
                }
                if b == "conj" && s.is_verb(c) {
                    continue;
                }
                if s.rel(c) == "nmod:poss" && actors::RELATIONAL.contains(&&*s.lemma[t]) {
                    // "killed a chief of Israel's militia ally": the ally is not Israel.
                    continue;
                }
                if b == "advcl" && !matches!(s.mark_of(c), Some("on" | "of" | "for" | "against" | "into")) {
                    // A purpose or circumstance: another action ("a ban on selling missiles to
                    // Iran" is the ban's own phrase).
                    continue;
                }
                if matches!(b, "ccomp" | "advcl") && s.kids[c].iter().any(|&g| s.base(g) == "nsubj") && t == start {
                    // Another clause with its own subject.
                    continue;
                }
                if s.rel(c) == "obl:tmod"
                    || s.rel(c) == "obl:unmarked" && s.upos(c) == "PROPN" && s.mentions[c].is_empty()
                {
                    continue;
                }
                if matches!(
                    s.case_of(c),
                    Some(
                        "after"
                            | "before"
                            | "during"
                            | "since"
                            | "until"
                            | "despite"
                            | "because"
                            | "amid"
                            | "following"
                            | "as"
                            | "like"
                            | "than"
                    )
                ) {
                    // Time, cause and comparison name no target.
                    continue;
                }
                if topical
                    && matches!(s.case_of(c), Some("on" | "over" | "about" | "regarding" | "concerning" | "like"))
                {
                    continue;
                }

                let penalty = match b {
                    "obj" | "iobj" => 0,
                    _ => match s.case_of(c) {
                        Some("in" | "near" | "inside" | "throughout" | "across" | "outside") => 5,
                        Some("of") => 1,
                        _ => 2,
                    },
                };
                let score = (depth + 1) * 10 + penalty;
                if best.as_ref().is_none_or(|(bs, _)| score < *bs) && (s.is_nominal(c) || s.upos(c) == "ADJ") {
                    let actors: Vec<Actor> =
                        ctx.actors(s, c).into_iter().filter(|a| !sources.iter().any(|x| a.same_side_as(x))).collect();
                    if !actors.is_empty() {
                        best = Some((score, actors));
                    }
                }
                if depth < 3 {
                    queue.push_back((c, depth + 1));
                }
            }
        }
        best.map(|(score, a)| (a, score / 10))
    }

    /// The country a sentence names, when it names exactly one (by names, demonyms and places).
    fn only_country(&self, ctx: &Ctx, s: &Sent) -> Option<String> {
        let mut found: Option<String> = None;
        for ms in &s.mentions {
            for &mi in ms {
                let Some(e) = self.entities.get(ctx.mentions[mi].entity.as_str()) else { continue };
                let root = e
                    .actor
                    .as_ref()
                    .and_then(|a| a.country.clone())
                    .or_else(|| e.place.as_ref().map(|p| p.country.clone()));
                match (root, &found) {
                    (Some(r), None) => found = Some(r),
                    (Some(r), Some(f)) if &r != f => return None,
                    _ => {}
                }
            }
        }
        found
    }

    /// A target phrase that names only a sector ("disperse demonstrators"): the fixed target,
    /// the pattern's relations, then the objects.
    fn bare_target(&self, ctx: &Ctx, s: &Sent, f: &Frame) -> Option<(Option<String>, String, usize, usize)> {
        let p = &self.coder.lexicon.patterns[f.pattern];
        let e = f.trigger;
        let mut cands: Vec<usize> = f.target.map(|t| t.0).into_iter().collect();
        for pref in &p.target {
            match pref {
                TargetRel::Obj => cands.extend(s.objects(e)),
                TargetRel::Prep(prep) => cands.extend(s.prep_kids(e, prep)),
                _ => {}
            }
        }
        cands.extend(s.objects(e));
        // "dismissed an appeal from President Gbagbo": whom the object comes from or belongs to.
        let inner: Vec<usize> = cands
            .iter()
            .flat_map(|&c| {
                s.kids[c]
                    .iter()
                    .copied()
                    .filter(|&g| s.rel(g) == "nmod:poss" || matches!(s.case_of(g), Some("from" | "by" | "of")))
                    .collect::<Vec<_>>()
            })
            .collect();
        cands.extend(inner);
        cands.into_iter().take(10).find_map(|c| ctx.bare_agent(s, c))
    }

    /// The actors named as the subject of an "unless" or "if" clause after the trigger.
    fn condition_subject(&self, ctx: &Ctx, s: &Sent, f: &Frame, sources: &[Actor]) -> Option<Vec<Actor>> {
        let j = (f.trigger + 1..s.len()).find(|&j| matches!(&*s.lower[j], "unless" | "if"))?;
        for k in j + 1..(j + 6).min(s.len()) {
            // A verb ends the subject, unless it is a word of a name read as one ("the United
            // States").
            let modifier = matches!(s.base(k), "amod" | "compound" | "flat");
            if s.is_verb(k) && !modifier || matches!(s.form(k), "," | ";" | ":") {
                break;
            }
            if s.base(k) != "nsubj" {
                continue;
            }
            let a: Vec<Actor> =
                ctx.actors(s, k).into_iter().filter(|a| !sources.iter().any(|x| a.same_side_as(x))).collect();
            if !a.is_empty() {
                return Some(a);
            }
        }
        None
    }

    /// The target actors, how they were found, and whether the syntax named them (a fixed
    /// argument or the pattern's own relation) rather than a search.
    fn targets(&self, ctx: &Ctx, s: &Sent, f: &Frame, sources: &[Actor]) -> (Vec<Actor>, Option<How>, bool) {
        let p = &self.coder.lexicon.patterns[f.pattern];
        let e = f.node;
        let not_source = |v: Vec<Actor>| -> Vec<Actor> {
            v.into_iter().filter(|a| !sources.iter().any(|x| a.same_side_as(x))).collect()
        };
        if let Some((t, how)) = f.target {
            let a = not_source(ctx.actors(s, t));
            if !a.is_empty() {
                return (a, Some(how), true);
            }
        }
        for &t in &f.target_cands {
            let a = not_source(ctx.actors(s, t));
            if !a.is_empty() {
                return (a, Some(How::Direct), true);
            }
        }
        // "turned down a US offer to host talks": a rejected proposal's target is whoever made
        // it (CAMEO 12: the actor whose proposal, request or demand is refused), not the parties
        // the proposal names.
        // Likewise an accepted or met demand's ("accepted demands from Shona rebels": CAMEO 08,
        // yielding to whoever demanded).
        for &g in std::iter::once(&f.trigger).chain(&f.chain) {
            let yielding = g == f.trigger && root(&f.code) == 8;
            if !yielding && !s.pattern(&self.coder.lexicon, g).is_some_and(|p| p.role == Role::Refuse) {
                continue;
            }
            for o in s.objects(g) {
                if !PROPOSALS.contains(&&*s.lemma[o]) {
                    continue;
                }
                // The parser often hangs "from …" on the verb ("accepted demands from rebels").
                let owners: Vec<usize> = s.kids[o]
                    .iter()
                    .copied()
                    .filter(|&k| {
                        s.rel(k) == "nmod:poss"
                            || s.base(k) == "compound" && s.upos(k) == "PROPN"
                            || s.base(k) == "amod"
                            || matches!(s.case_of(k), Some("from" | "by"))
                    })
                    .chain(s.prep_kids(g, "from").filter(|&k| k > o))
                    .collect();
                // "calls by Belarus's rulers": the owner's own possessor names it.
                let possessors =
                    owners.iter().flat_map(|&k| s.kids[k].iter().copied().filter(|&c| s.rel(c) == "nmod:poss"));
                for k in owners.iter().copied().chain(possessors) {
                    let a = not_source(ctx.actors(s, k));
                    if !a.is_empty() {
                        return (a, Some(How::Direct), true);
                    }
                }
                // "demands from rebels": a side named only by its sector is of the other side's
                // country.
                let home = sources
                    .first()
                    .and_then(|a| a.root.clone())
                    .filter(|r| !matches!(r.as_str(), "IGO" | "NGO" | "IMG" | "WST"));
                if let Some(root) = home {
                    if let Some(bare) = owners.iter().find_map(|&k| ctx.bare_agent(s, k)) {
                        return (vec![Ctx::implicit(&root, &bare)], Some(How::Inherited), true);
                    }
                }
            }
        }
        // "declined to resign despite pressure from the anti-corruption commission": a refusal
        // made in the face of a demand answers whoever made it.
        let lex = &self.coder.lexicon;
        let refusing = root(&f.code) == 12
            || std::iter::once(&f.trigger)
                .chain(&f.chain)
                .any(|&g| s.pattern(lex, g).is_some_and(|p| p.role == Role::Refuse));
        if refusing {
            for &g in std::iter::once(&f.trigger).chain(&f.chain) {
                for &k in &s.kids[g] {
                    let pressures: Vec<usize> = if s.case_of(k) == Some("despite") && s.is_nominal(k) && !s.is_verb(k) {
                        vec![k]
                    } else if s.base(k) == "advcl" && s.mark_of(k) == Some("despite") {
                        s.objects(k)
                    } else {
                        Vec::new()
                    };
                    for n in pressures {
                        if !(PROPOSALS.contains(&&*s.lemma[n]) || s.lemma[n] == "pressure") {
                            continue;
                        }
                        for &o in &s.kids[n] {
                            if !(matches!(s.case_of(o), Some("by" | "from")) || s.rel(o) == "nmod:poss") {
                                continue;
                            }
                            let a = not_source(ctx.actors(s, o));
                            if !a.is_empty() {
                                return (a, Some(How::Direct), true);
                            }
                        }
                    }
                }
            }
        }
        let avoid: Vec<usize> =
            f.subj.iter().map(|&(t, _)| t).filter(|&t| t != e && !f.target_cands.contains(&t)).collect();
        for pref in &p.target {
            let cands: Vec<usize> = match pref {
                TargetRel::Nothing => return (Vec::new(), None, true),
                TargetRel::Obj => s.objects(e),
                TargetRel::Subj => Vec::new(),
                TargetRel::Prep(prep) => {
                    let mut v: Vec<usize> = s.prep_kids(e, prep).collect();
                    // "a mediation effort on Saturday between A and B": the parser hangs the
                    // phrase after a day or month on the day, but it is the action's.
                    for &k in &s.kids[e] {
                        if herald_time::is_calendar_name(&s.lower[k]) {
                            v.extend(s.prep_kids(k, prep));
                        }
                    }
                    // "complained to the United Nations over two air raids": a name takes no
                    // phrase of its own but "of", so one the parser hung on a verb's named
                    // phrase is the verb's.
                    if p.pos != lexicon::Pos::Noun && prep != "of" {
                        for &k in &s.kids[e] {
                            if s.base(k) == "obl" && s.upos(k) == "PROPN" && !s.mentions[k].is_empty() {
                                v.extend(s.prep_kids(k, prep).filter(|&g| s.upos(g) != "PROPN"));
                            }
                        }
                    }
                    // "opened investigations against officials", "continue aid to Mozambique":
                    // the parser often hangs a noun's phrase on the verb whose object it is.
                    // Taken when that verb reports no action of its own (it may govern one:
                    // "continue", "held").
                    if p.pos == lexicon::Pos::Noun && s.base(e) == "obj" {
                        let lex = &self.coder.lexicon;
                        if let Some(h) = s.head[e].filter(|&h| s.pattern(lex, h).is_none_or(|hp| !hp.role.reports())) {
                            v.extend(s.prep_kids(h, prep));
                        }
                    }
                    // "tighten the naval blockade of Serbia", "lifted the ban on Iran": when the
                    // pattern names the object, the object's phrase is the action's too.
                    if p.pos != lexicon::Pos::Noun && p.conds.iter().any(|c| matches!(c, lexicon::Cond::Obj(Some(_)))) {
                        for o in s.objects(e) {
                            v.extend(s.prep_kids(o, prep));
                        }
                    }
                    v
                }
            };
            for c in cands {
                if avoid.contains(&c) {
                    continue;
                }
                let a = not_source(ctx.actors(s, c));
                if !a.is_empty() {
                    return (a, Some(How::Direct), true);
                }
            }
        }
        // "warned that the army would no longer allow marches by the students": a threat whose
        // content no pattern codes is aimed at whom that content acts on, its objects.
        if root(&f.code) == 13 && f.trigger == e && s.pattern(lex, e).is_some_and(|p| p.role == Role::Threat) {
            for c in s.kids[e].iter().copied().filter(|&c| s.base(c) == "ccomp") {
                // The object, or who does what it names ("marches by the students").
                let agents = |o: usize| {
                    s.prep_kids(o, "by").chain(s.kids[o].iter().copied().filter(|&k| s.rel(k) == "nmod:poss"))
                };
                let objects =
                    s.objects(c).into_iter().flat_map(|o| std::iter::once(o).chain(agents(o)).collect::<Vec<_>>());
                // The parser may hang that "by" phrase on the verb.
                for o in objects.chain(s.prep_kids(c, "by")) {
                    let a = not_source(ctx.actors(s, o));
                    if !a.is_empty() {
                        return (a, Some(How::Inherited), false);
                    }
                }
            }
        }
        if let Some((a, depth)) = self.search(ctx, s, e, &avoid, sources, &f.code) {
            return (a, Some(if depth <= 1 { How::Direct } else { How::Inherited }), false);
        }
        // Then below the words that govern the trigger (not back down the path to it).
        for &c in &f.chain {
            let mut avoid2 = avoid.clone();
            avoid2.push(e);
            avoid2.extend(f.chain.iter().copied().filter(|&x| x != c));
            if let Some(sj) = frames::subject(s, c) {
                avoid2.push(sj);
            }
            if s.matches[c].say {
                break;
            }
            if let Some((a, _)) = self.search(ctx, s, c, &avoid2, sources, &f.code) {
                return (a, Some(How::Inherited), false);
            }
        }
        // The parse found nothing: the nearest actor after a verb in its clause (a noun's
        // neighbours are not its arguments).
        let end = if p.pos == lexicon::Pos::Noun { e + 1 } else { (e + 9).min(s.len()) };
        for j in e + 1..end {
            if matches!(
                s.case_of(j),
                Some("on" | "over" | "about" | "like" | "after" | "before" | "during" | "since" | "despite" | "amid")
            ) {
                continue;
            }
            if matches!(s.form(j), ";" | ":" | ",") || s.lemma[j] == "say" {
                break;
            }
            // "will not accept refugees if war starts in Iraq": a subordinator opens another
            // clause (a condition, a cause, a time), whose actors are not this action's.
            if s.base(j) == "mark"
                && matches!(
                    &*s.lemma[j],
                    "if" | "unless" | "because" | "when" | "while" | "although" | "though" | "whereas" | "once"
                )
            {
                break;
            }
            // "condemned the attack and promised to support the Malian army": a verb conjoined
            // to the trigger, and its "and", open a clause of its own with its own objects.
            let own_clause = |k: usize| s.base(k) == "conj" && s.head[k] == Some(e) && s.is_verb(k);
            if own_clause(j) || s.base(j) == "cc" && s.head[j].is_some_and(own_clause) {
                break;
            }
            if s.mentions[j].is_empty() || avoid.iter().any(|&a| s.under(j, a)) {
                continue;
            }
            let a = not_source(ctx.actors(s, j));
            if !a.is_empty() {
                return (a, Some(How::Linear), false);
            }
        }
        (Vec::new(), None, false)
    }

    fn emit(
        &self,
        ctx: &Ctx,
        s: &Sent,
        f: &Frame,
        sdate: Option<&herald_time::SentenceDate>,
        events: &mut Vec<Event>,
        subjects: &mut Vec<Actor>,
    ) {
        let pattern = &self.coder.lexicon.patterns[f.pattern];
        let noun = pattern.pos == lexicon::Pos::Noun;
        let (mut sources, mut src_how) = self.resolve_first(ctx, s, &f.subj);
        // The word order is asked only for a finite verb whose subject the parse lost: not for
        // a passive (its subject is the target), a participle or gerund, or a subject that is
        // there but names no actor ("the bombing killed …").
        let e = f.trigger;
        let finite = matches!(s.xpos(e), "VBD" | "VBZ" | "VBP") || s.auxes(e).next().is_some() || s.mistagged_verb(e);
        // A subject that is there but names nobody blocks the search unless it is a title or
        // name the parser cut off ("Taiwan's Vice Foreign Minister visited").
        let subject_names_nobody = frames::subjects(s, e)
            .iter()
            .any(|&n| s.matches[n].event.is_some() || s.upos(n) == "NOUN" && ctx.lex.agent(&s.lemma[n]).is_none());
        let lost = !subject_names_nobody && !s.passive(e) && finite;
        if sources.is_empty() && !f.unattributed && !noun && lost && f.linear {
            // The nearest actor before the trigger in its clause.
            for j in (f.trigger.saturating_sub(8)..f.trigger).rev() {
                if matches!(s.form(j), ";" | ":" | "\"" | "\u{201c}") || s.matches[j].say {
                    break;
                }
                if s.rel(j) == "obl:tmod" || s.mentions[j].is_empty() && !matches!(s.upos(j), "NOUN" | "PROPN") {
                    continue;
                }
                let a = ctx.actors(s, j);
                if !a.is_empty() {
                    sources = a;
                    src_how = Some(How::Linear);
                    break;
                }
            }
        }
        // "Indians and Pakistanis failed to …" read as two subjects of one verb with the "and"
        // hung on the verb: both act.
        let mut co_subj = f.co_subj.clone();
        for &(t, _) in f.subj.iter().take(1) {
            let Some(v) = s.head[t].filter(|_| s.base(t) == "nsubj") else { continue };
            if let [a, b] = frames::subjects(s, v)[..] {
                let (a, b) = (a.min(b), a.max(b));
                let and = (a + 1..b).any(|k| s.base(k) == "cc" && &*s.lemma[k] == "and");
                if and && !s.under(b, a) && !s.under(a, b) {
                    co_subj.push(if t == a { b } else { a });
                }
            }
        }
        if !sources.is_empty() {
            for &c in &co_subj {
                for a in ctx.actors(s, c) {
                    if !sources.iter().any(|x| x.key() == a.key()) && sources.len() < actors::MAX_MEMBERS {
                        sources.push(a);
                    }
                }
            }
        }
        let (mut targets, mut tgt_how, explicit) = self.targets(ctx, s, f, &sources);
        // "fighting between A and B": A against B (the phrase's actors are both sides).
        if f.between && targets.is_empty() && sources.len() > 1 && src_how == Some(How::Direct) {
            targets = sources.split_off(1);
            tgt_how = Some(How::Direct);
        }
        let code_root = root(&f.code);
        // Domestic default: a side named only by its sector ("police", "Islamic
        // fundamentalists") is of the other side's country.
        let country_of = |v: &[Actor]| -> Option<String> {
            v.first().and_then(|a| a.root.clone()).filter(|r| !matches!(r.as_str(), "IGO" | "NGO" | "IMG" | "WST"))
        };
        let mut implicit_source = false;
        // Only for what happens within a country; a diplomat's visit or aid says nothing of
        // whose the visitor is.
        if sources.is_empty() && !f.unattributed && !(3..=7).contains(&code_root) {
            // Armies and their machines cross borders: "helicopter gunships killed Afghan civilians"
            // says nothing of whose they are.
            let bare = f
                .subj
                .iter()
                .take(4)
                .find_map(|&(t, _)| ctx.bare_agent(s, t))
                .filter(|b| b.0.as_deref() != Some("MIL"));
            // The other side's country, else the one country the sentence names ("Islamic
            // fundamentalists … the resignation of Algerian President Ben Bella").
            let root = country_of(&targets).or_else(|| self.only_country(ctx, s));
            if let (Some(bare), Some(root)) = (bare, root) {
                sources.push(Ctx::implicit(&root, &bare));
                src_how = Some(How::Inherited);
                implicit_source = true;
            }
        }
        // An attack nobody is named for: unidentified forces where it happened (for violence
        // whose victims no country names either, "A suicide bombing killed 14 people at a market
        // in Maiduguri", before their country is inferred below; not for a passive, which more
        // often recalls earlier violence as background: "where 20 people have been killed in
        // riots").
        let unidentified = |loc: &EventLocation| {
            let at = s.toks[f.trigger].start;
            Ctx::implicit(&loc.country, &(Some("UAF".to_string()), String::new(), at, at))
        };
        let mut unknown_attacker = false;
        if sources.is_empty()
            && targets.is_empty()
            && f.unattributed
            && !s.passive(f.trigger)
            && (18..=20).contains(&code_root)
        {
            if let Some(loc) = self.location(ctx, s, f, &[], &[]).filter(|l| l.basis == "sentence") {
                sources.push(unidentified(&loc));
                src_how = Some(How::Inherited);
                unknown_attacker = true;
            }
        }
        if targets.is_empty() && !sources.is_empty() && pattern.target.first() != Some(&TargetRel::Nothing) {
            // Victims named by no country ("killed 23 people … in Tel Aviv") are of the place
            // where the violence happened, when the sentence names it; else of the attacker's.
            let victims_place = || {
                self.location(ctx, s, f, &sources, &[])
                    .filter(|l| l.basis == "sentence" && (18..=20).contains(&code_root))
                    .map(|l| l.country)
            };
            // Refugees named by no country are not the acting side's own: a state that takes
            // in, turns away or sends back refugees acts on people who fled another country.
            let own = |bare: &(Option<String>, String, usize, usize)| {
                if bare.0.as_deref() == Some("REF") {
                    None
                } else {
                    country_of(&sources)
                }
            };
            if let Some((bare, root)) =
                self.bare_target(ctx, s, f).and_then(|b| Some((b.clone(), victims_place().or_else(|| own(&b))?)))
            {
                targets.push(Ctx::implicit(&root, &bare));
                tgt_how = Some(How::Inherited);
            }
        }
        // Unknown attackers with no known victims are no event.
        if unknown_attacker && targets.is_empty() {
            return;
        }
        if f.needs_target && (targets.is_empty() || tgt_how != Some(How::Direct)) {
            return;
        }

        if sources.len() > 1 && (3..=6).contains(&code_root) && !explicit {
            // "Israel and Lebanon renewed negotiations": the pair acts together, at no one.
            targets.clear();
        }
        let intransitive = pattern.target.first() == Some(&TargetRel::Nothing);
        let together = sources.len() > 1 && (3..=6).contains(&code_root);
        // A meeting, cooperation or signing needs a counterpart, unless the sources are the
        // parties ("Israel and Lebanon renewed negotiations").
        let final_root = self.final_code(f, sources.first()).map(|c| root(&c)).unwrap_or(code_root);
        // "threatened to stop negotiations if the United States goes ahead", "a strike unless
        // Israel rescinded its annexation": a threat is aimed at whoever must act to avert it,
        // the subject of its condition (read off the words: the parser often hangs the
        // condition elsewhere).
        if final_root == 13 && (!explicit || targets.is_empty()) {
            if let Some(t) = self.condition_subject(ctx, s, f, &sources) {
                targets = t;
                tgt_how = Some(How::Linear);
            }
        }
        if targets.is_empty() && !together && (matches!(final_root, 4 | 6) || f.code == "057" && final_root == 5) {
            return;
        }
        // A protest names no target: it is against the authorities of its own country (CAMEO's
        // convention for domestic dissent).
        // "the teachers' union called off its strike": ending a protest answers whom the
        // protest was against, the protesters' own government, as the protest does.
        let ends_protest = self.final_code(f, sources.first()).as_deref() == Some("082")
            && sources.first().is_some_and(|a| !matches!(a.sector.as_deref(), Some("GOV" | "MIL" | "COP")));
        if targets.is_empty() && (final_root == 14 || ends_protest) {
            if let Some(root) = country_of(&sources) {
                let bare = (Some("GOV".to_string()), String::new(), s.toks[f.trigger].start, s.toks[f.trigger].start);
                targets.push(Ctx::implicit(&root, &bare));
                tgt_how = Some(How::Inherited);
            }
        }
        if targets.is_empty()
            && !intransitive
            && !together
            && matches!(src_how, Some(How::Inherited | How::Linear))
            && !f.unattributed
        {
            return;
        }
        let location = self.location(ctx, s, f, &sources, &targets);
        if sources.is_empty()
            && (f.unattributed || (17..=20).contains(&code_root) && s.passive(f.trigger))
            && !targets.is_empty()
        {
            if let Some(loc) = &location {
                sources.push(unidentified(loc));
            }
        }
        if sources.is_empty() {
            return;
        }
        let date = self.date(s, f, sdate, &sources);
        let o = &self.coder.ontology;
        let trig = &s.toks[f.trigger];
        let mut n = 0;
        for src in &sources {
            let Some(code) = self.final_code(f, Some(src)) else { continue };
            let Some(c) = o.get(&code) else { continue };
            let tgts: Vec<Option<&Actor>> = if targets.is_empty() {
                vec![None]
            } else {
                targets.iter().filter(|t| !t.same_side_as(src)).map(Some).collect()
            };
            for tgt in tgts {
                if n >= MAX_PAIRS || events.len() >= MAX_SENTENCE_EVENTS {
                    break;
                }
                n += 1;
                let mut start = trig.start;
                let mut end = trig.end;
                for a in std::iter::once(Some(src)).chain(std::iter::once(tgt)).flatten() {
                    if a.end > a.start {
                        start = start.min(a.start);
                        end = end.max(a.end);
                    }
                }
                let flags = Flags {
                    negated: f.negated || f.mods.iter().any(|m| m.1),
                    hypothetical: f.hypothetical || f.modal,
                    future: f.future
                        || f.mods.iter().any(|(r, n)| matches!(r, Role::Intent | Role::Threat) && !n)
                        || matches!(root(&code), 3 | 13),
                    reported: f.reported,
                };
                let mut conf: f32 = 0.95;
                conf -= match src_how {
                    Some(How::Inherited) => 0.1,
                    Some(How::Linear) => 0.25,
                    _ => 0.0,
                };
                if src.via_pronoun {
                    conf -= 0.1;
                }
                if implicit_source || tgt.is_some_and(|t| t.entity.is_none() && t.start == t.end) {
                    conf -= 0.1;
                }
                if src.sector.as_deref() == Some("UAF") {
                    conf -= 0.2;
                }
                conf -= match (tgt, tgt_how) {
                    (None, _) => 0.1,
                    (Some(_), Some(How::Inherited)) => 0.1,
                    (Some(_), Some(How::Linear)) => 0.2,
                    _ => 0.0,
                };
                if flags.hypothetical {
                    conf -= 0.15;
                }
                if flags.reported {
                    conf -= 0.05;
                }
                events.push(Event {
                    sentence: s.idx,
                    source: Some(public(src)),
                    target: tgt.map(public),
                    cameo: code.clone(),
                    cameo_name: c.name.clone(),
                    plover: c.plover.clone().map(|kind| Plover {
                        kind,
                        mode: c.mode.clone(),
                        context: self.contexts(s, f, c),
                    }),
                    goldstein: c.goldstein,
                    quad_class: c.quad_class,
                    date: date.clone(),
                    location: location.clone(),
                    evidence: Evidence { start, end, trigger_start: trig.start, trigger_end: trig.end },
                    trigger: s.form(f.trigger).to_string(),
                    flags,
                    confidence: conf.clamp(0.05, 1.0),
                    mentions: 1,
                    root: false,
                });
            }
        }
        if let Some(first) = sources.first() {
            if !first.via_pronoun
                && !subjects.iter().any(|x| x.key() == first.key())
                && first.sector.as_deref() != Some("UAF")
            {
                subjects.push(first.clone());
            }
            let mut last = self.last.borrow_mut();
            last.retain(|l| l.source != first.key());
            last.push(Last { sentence: s.idx, source: first.key(), date: date.clone(), location: location.clone() });
            if last.len() > 8 {
                last.remove(0);
            }
        }
    }

    /// PLOVER contexts: the code's, then those of the words around the trigger (at most three).
    fn contexts(&self, s: &Sent, f: &Frame, c: &ontology::CameoCode) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if let Some(x) = &c.context {
            out.push(x.clone());
        }
        let lo = f.trigger.saturating_sub(8);
        let hi = (f.trigger + 12).min(s.len());
        for j in lo..hi {
            if out.len() >= 3 {
                break;
            }
            if let Some(x) = self.coder.lexicon.context(&s.lemma[j]) {
                if !out.iter().any(|o| o == x) {
                    out.push(x.to_string());
                }
            }
        }
        out
    }

    fn date(
        &self,
        s: &Sent,
        f: &Frame,
        sdate: Option<&herald_time::SentenceDate>,
        sources: &[Actor],
    ) -> Option<EventDate> {
        let timexes = self.input.timexes;
        let (ss, se) = (s.toks.first().map(|t| t.start).unwrap_or(0), s.toks.last().map(|t| t.end).unwrap_or(0));
        let first = timexes.partition_point(|t| t.start < ss);
        let mut best: Option<(u8, u8, &Timex)> = None;
        for t in &timexes[first..] {
            if t.start >= se {
                break;
            }
            if t.dateline || !matches!(t.kind, herald_time::TimexType::Date | herald_time::TimexType::Time) {
                continue;
            }
            let Some((_, p)) = precision(&t.value) else { continue };
            let Some(j) =
                (0..s.len()).find(|&j| s.toks[j].start <= t.start && t.start < s.toks[j].end.max(s.toks[j].start + 1))
            else {
                continue;
            };
            // An expression in the trigger's own clause wins over one in the words that govern it
            // ("announcing Monday that Kerry will meet on Tuesday …").
            let own = s.under(j, f.trigger);
            let governing = f.chain.iter().any(|&c| !s.matches[c].say && s.under(j, c));
            let rank = if own {
                2
            } else if governing {
                1
            } else {
                0
            };
            if rank > 0 && best.is_none_or(|(br, bp, _)| (rank, p) > (br, bp)) {
                best = Some((rank, p, t));
            }
        }
        if let Some((_, _, t)) = best {
            let (prec, _) = precision(&t.value)?;
            return Some(EventDate { value: t.value.clone(), precision: prec, basis: "clause" });
        }
        if let Some(d) = sdate {
            if let Some((prec, _)) = precision(&d.value) {
                return Some(EventDate { value: d.value.clone(), precision: prec, basis: "sentence" });
            }
        }
        if let Some(l) = self.continued(s, sources) {
            if let Some(d) = &l.date {
                if d.basis != "dct" {
                    return Some(EventDate { basis: "previous", ..d.clone() });
                }
            }
        }
        self.input.dct.map(|d| EventDate { value: d.format("%Y-%m-%d").to_string(), precision: "day", basis: "dct" })
    }

    /// The last event of the same actor, when it was in the sentence before and this sentence
    /// continues it (the actor is a pronoun or named again).
    fn continued(&self, s: &Sent, sources: &[Actor]) -> Option<Last> {
        let src = sources.first()?;
        self.last
            .borrow()
            .iter()
            .rev()
            .find(|l| {
                l.source == src.key()
                    && (l.sentence == s.idx || l.sentence + 1 == s.idx || l.sentence + 2 == s.idx && src.via_pronoun)
            })
            .cloned()
    }

    fn location(&self, ctx: &Ctx, s: &Sent, f: &Frame, sources: &[Actor], targets: &[Actor]) -> Option<EventLocation> {
        let mut best: Option<(i32, Spot)> = None;
        let visit = matches!(f.code.as_str(), "042" | "043" | "044" | "074") || root(&f.code) >= 14;
        for (i, t) in s.toks.iter().enumerate() {
            for &mi in &s.mentions[i] {
                let m = &ctx.mentions[mi];
                if m.form == MentionForm::Modifier || m.start != t.start {
                    continue;
                }
                let Some(e) = self.entities.get(m.entity.as_str()) else { continue };
                if !matches!(e.kind, EntityType::Gpe | EntityType::Location | EntityType::Facility) {
                    continue;
                }
                let Some(spot) = Spot::of(e) else { continue };
                let is_source = sources.iter().any(|a| a.entity.as_deref() == Some(e.id.as_str()));
                let is_target = targets.iter().any(|a| a.entity.as_deref() == Some(e.id.as_str()));
                if is_source || is_target && !visit && spot.kind != "city" {
                    continue;
                }
                // A place is where the event is when a locative names it ("in Rome", "at the
                // Kremlin") or the event goes there (a visit's target); places talked about
                // ("issues beyond Syria", "relations between Washington and Moscow") are not.
                // Where the speaker is ("relief officials in Nairobi said", "told reporters in
                // Rome") is not where the reported event happened.
                if spoken_from(s, f, i) {
                    continue;
                }
                let case = place_case(s, i);
                let locative =
                    matches!(case, Some("in" | "at" | "near" | "outside" | "inside" | "across" | "throughout"));
                if !(locative || is_target && visit) {
                    continue;
                }
                let mut score = 0;
                if std::iter::once(&f.trigger).chain(&f.chain).any(|&c| s.under(i, c)) {
                    score += 2;
                }
                if matches!(case, Some("in" | "at" | "near" | "to")) {
                    score += 2;
                }
                if spot.kind == "city" {
                    score += 3;
                }
                if best.as_ref().is_none_or(|(b, _)| score > *b) {
                    best = Some((score, spot));
                }
            }
        }
        if let Some((_, spot)) = best {
            return Some(spot.at("sentence"));
        }
        // "Rome, where he will meet …": the place the relative clause hangs from.
        let mut cur = f.trigger;
        for _ in 0..6 {
            let Some(h) = s.head[cur] else { break };
            if s.rel(cur) == "acl:relcl" && s.kids[cur].iter().any(|&c| s.lemma[c] == "where") {
                for &mi in &s.mentions[h] {
                    if let Some(spot) = self.entities.get(ctx.mentions[mi].entity.as_str()).and_then(|e| Spot::of(e)) {
                        return Some(spot.at("sentence"));
                    }
                }
            }
            cur = h;
        }
        if let Some(l) = self.continued(s, sources) {
            if let Some(loc) = &l.location {
                return Some(EventLocation { basis: "previous", ..loc.clone() });
            }
        }
        self.focus.as_ref().map(|f| f.at("article"))
    }
}

fn public(a: &Actor) -> EventActor {
    EventActor {
        entity: a.entity.clone(),
        // "Kerry's trip": the actor is Kerry.
        text: a.text.trim_end_matches("'s").trim_end_matches("\u{2019}s").to_string(),
        code: a.code.clone(),
        country: a.root.clone(),
        sector: a.sector.clone(),
    }
}

/// Merges event mentions within an article: same date, source, target, root code and place are
/// one event, counted; the earliest mention's words are kept, with the best confidence. The
/// first event of the lead (the article's first coded sentence) is marked as the root.
pub fn merge(raw: Vec<Event>) -> Vec<Event> {
    let key = |e: &Event| {
        (
            e.date.as_ref().map(|d| d.value.clone()),
            e.source.as_ref().map(|a| a.entity.clone().unwrap_or_else(|| a.code.clone())),
            e.target.as_ref().map(|a| a.entity.clone().unwrap_or_else(|| a.code.clone())),
            e.cameo.get(..2).unwrap_or("").to_string(),
            e.location.as_ref().map(|l| l.entity.clone().unwrap_or_else(|| l.name.clone())),
        )
    };
    let mut out: Vec<Event> = Vec::new();
    let mut index: HashMap<_, usize> = HashMap::new();
    for e in raw {
        let k = key(&e);
        match index.get(&k) {
            Some(&i) => {
                let kept = &mut out[i];
                if e.sentence != kept.sentence {
                    kept.mentions += 1;
                }
                kept.confidence = kept.confidence.max(e.confidence);
            }
            None => {
                index.insert(k, out.len());
                out.push(e);
            }
        }
    }
    if let Some(first_sentence) = out.iter().map(|e| e.sentence).min() {
        let lead: Vec<usize> =
            (0..out.len()).filter(|&i| out[i].sentence == first_sentence && !out[i].flags.hypothetical).collect();
        let best = lead.iter().copied().max_by(|&a, &b| {
            out[a].confidence.partial_cmp(&out[b].confidence).unwrap_or(std::cmp::Ordering::Equal).then(b.cmp(&a))
        });
        if let Some(i) = best {
            out[i].root = true;
        }
    }
    out
}

/// Everything from text to events for one article: the reading layer, entities, temporal
/// expressions and events (the way `herald annotate` and `herald eval` run it).
pub fn analyse(
    annotator: &herald_entities::Annotator,
    coder: &Coder,
    text: &str,
    paragraphs: &[herald_model::Paragraph],
    dct: Option<NaiveDate>,
) -> (Annotation, Vec<Timex>, Vec<Event>) {
    let mut read = annotator.read(text, paragraphs);
    repair::repair(&annotator.models, &coder.lexicon, text, &mut read);
    let day = dct.and_then(|d| herald_entities::parse_day(&d.format("%Y-%m-%d").to_string()));
    let annotation = annotator.annotate_read(text, &read, day);
    let timexes: Vec<Timex> = herald_time::annotate(text, dct)
        .into_iter()
        .filter(|t| paragraphs.iter().any(|p| holds_mentions(p.kind) && p.start <= t.start && t.end <= p.end))
        .collect();
    let input =
        ArticleInput { text, read: &read, annotation: &annotation, dict: &annotator.dict, timexes: &timexes, dct };
    let events = coder.code(&input);
    (annotation, timexes, events)
}

/// Nouns that name a kind of place ("the town of Samarra").
const PLACE_NOUNS: &[&str] = &[
    "city", "town", "village", "province", "region", "district", "capital", "port", "state", "county", "island", "area",
];

/// The preposition that puts a place name where it stands: its own, or for a name in "the
/// Iraqi city of Basra" the one of the place noun it names ("near the town of Samarra",
/// "outside of the city of Basra").
fn place_case<'s>(s: &'s Sent, i: usize) -> Option<&'s str> {
    let mut cur = i;
    for _ in 0..2 {
        if s.case_of(cur) != Some("of") {
            break;
        }
        let Some(h) = s.head[cur].filter(|&h| PLACE_NOUNS.contains(&&*s.lemma[h])) else { break };
        if let Some(g) = s.head[h].filter(|&g| matches!(&*s.lemma[g], "outside" | "inside" | "near")) {
            return Some(&*s.lemma[g]);
        }
        cur = h;
    }
    s.case_of(cur)
}

#[cfg(test)]
mod tests;

/// Whether word `i` belongs to a reporting verb's own clause (the first verb above it reports
/// and is not the event's trigger or a word the event hangs from).
fn spoken_from(s: &Sent, f: &frames::Frame, i: usize) -> bool {
    let mut cur = i;
    for _ in 0..16 {
        let Some(h) = s.head[cur] else { return false };
        if h == f.trigger || f.chain.contains(&h) {
            return false;
        }
        if s.is_verb(h) {
            return s.matches[h].say;
        }
        cur = h;
    }
    false
}
