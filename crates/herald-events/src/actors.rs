//! Who acts: from a word of the parse (the head of a subject, object or prepositional phrase) to
//! the actors it names. A phrase names an actor through the entity mention over it (its actor
//! code from herald-entities, or the country of a place), else through its words: a sector noun
//! ("officials" GOV, "troops" MIL, from `agents.tsv`) with a country in a modifier ("Russian
//! officials", "Israel's army", "forces in Guinea"), a demonym or country name the dictionaries
//! know, or a collective ("Western nations"). Coordinated phrases give one actor each; pronouns
//! take the nearest fitting actor (the subject of the verb that reports them, then earlier in the
//! sentence, then the previous sentences' subjects).
//!
//! Bounds: at most [`MAX_MEMBERS`] coordinated actors per phrase; every walk over the tree is
//! bounded (a cycle or a 10,000-word coordination costs no more than that).

use crate::lexicon::Lexicon;
use crate::sentence::Sent;
use herald_entities::dict::KeyMap;
use herald_entities::Dictionaries;
use herald_model::{Entity, EntityType, Mention, MentionForm};

/// Coordinated actors kept from one phrase ("A, B, … and Z").
pub const MAX_MEMBERS: usize = 16;

/// What a pronoun may refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Person,
    /// Countries, organisations, bodies.
    Body,
    /// Plural people or bodies.
    Group,
}

/// One actor of an event.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub entity: Option<String>,
    pub text: String,
    /// CAMEO-style code: root then sector ("RUSGOV", "IGOUNO", "ISRMIL").
    pub code: String,
    /// The root: ISO 3166 alpha-3, or IGO, NGO, IMG (an armed group across borders), WST.
    pub root: Option<String>,
    pub sector: Option<String>,
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Found through a pronoun.
    pub via_pronoun: bool,
}

impl Actor {
    /// A state actor: a country itself or its government, military, police or intelligence.
    pub fn is_state(&self) -> bool {
        let country = self.root.as_deref().is_some_and(|r| !matches!(r, "IGO" | "NGO" | "IMG" | "WST"));
        country && matches!(self.sector.as_deref(), None | Some("GOV" | "MIL" | "COP" | "SPY"))
    }

    /// Whether a target candidate is the source's own side: the same entity or words, unless
    /// the source is a state and the candidate a group of its people that the text names by
    /// their country ("Turkey will let Turkish refugees return": the state acts towards its
    /// refugees). A group named through a pronoun ("its citizens") is the source's own.
    pub fn same_side_as(&self, source: &Actor) -> bool {
        let possessed = self.text.split_whitespace().next().is_some_and(|w| {
            matches!(w.to_lowercase().as_str(), "its" | "their" | "his" | "her" | "our" | "my" | "your")
        });
        let own_people =
            source.is_state() && !self.is_state() && self.kind == Kind::Group && !self.via_pronoun && !possessed;
        self.key() == source.key() && !own_people
    }

    /// The key events are merged on: the entity, else the code and words.
    pub fn key(&self) -> String {
        self.entity.clone().unwrap_or_else(|| format!("{}:{}", self.code, self.text.to_lowercase()))
    }
}

/// What resolution needs from the article.
pub struct Ctx<'a> {
    pub lex: &'a Lexicon,
    pub dict: &'a Dictionaries,
    pub mentions: &'a [Mention],
    pub entities: &'a KeyMap<&'a str, &'a Entity>,
    /// Subjects of the previous sentences, most recent first.
    pub recent: &'a [Actor],
    /// How deep resolution has recursed (pronouns, relatives, quantities, modifiers): bounded so
    /// no tree, however odd, sends it round in circles.
    pub depth: std::cell::Cell<u32>,
}

/// Nested resolutions allowed before giving up.
const MAX_DEPTH: u32 = 12;

/// Nouns naming a party other than their possessor: "Israel's ally" is not Israel.
pub(crate) const RELATIONAL: &[&str] =
    &["ally", "proxy", "partner", "enemy", "foe", "rival", "neighbour", "neighbor", "adversary"];

const QUANTITIES: &[&str] = &[
    "score", "dozen", "hundred", "thousand", "million", "number", "group", "member", "patch", "part", "majority",
    "handful", "some", "many", "most", "all", "one", "two", "three", "several", "band", "team", "wave", "batch",
    "body",
];

const DIRECTIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "former",
    "occupied",
    "neighboring",
    "neighbouring",
    "ethnic",
];

const PERSON_PRONOUNS: &[&str] = &["he", "him", "his", "himself", "she", "her", "hers", "herself"];
const BODY_PRONOUNS: &[&str] = &["it", "its", "itself"];
const GROUP_PRONOUNS: &[&str] = &["they", "them", "their", "theirs", "themselves"];
const RELATIVES: &[&str] = &["who", "which", "that", "whom", "whose"];
/// Nouns whose national adjective names a language, not a people ("the Russian language").
const LANGUAGES: &[&str] = &["language", "tongue", "dialect", "alphabet", "script"];

fn compose(root: &Option<String>, sector: &Option<String>, own: Option<&str>) -> String {
    let mut code = root.clone().unwrap_or_default();
    if let Some(s) = sector {
        if !code.ends_with(s.as_str()) {
            code.push_str(s);
        }
    }
    if let Some(o) = own {
        if !code.contains(o) {
            code.push_str(o);
        }
    }
    code
}

impl Ctx<'_> {
    /// The actors a phrase headed by token `h` names, one per coordinated member.
    pub fn actors(&self, s: &Sent, h: usize) -> Vec<Actor> {
        // "the first deployment of NATO troops", "a group of Yoruba leaders": a noun naming a
        // group sent out of others, and no one by itself, stands for them.
        let h = if crate::sentence::DETACHMENTS.contains(&&*s.lemma[h]) && s.mentions[h].is_empty() {
            s.prep_kids(h, "of").find(|&o| s.is_nominal(o)).unwrap_or(h)
        } else {
            h
        };
        let mut out: Vec<Actor> = Vec::new();
        let mut members = vec![h];
        // Coordination: conjuncts of the head, and of any word inside the head's mention
        // ("with President Ilham Aliyev and Foreign Minister Elmar Mammadyarov").
        let mut i = 0;
        let mut steps = 0;
        while i < members.len() && members.len() < MAX_MEMBERS && steps < 4 * MAX_MEMBERS {
            let m = members[i];
            let mut inside = vec![m];
            if let Some(&mi) = s.mentions[m].first() {
                let (ms, me) = (self.mentions[mi].start, self.mentions[mi].end);
                inside.extend((0..s.len()).filter(|&t| t != m && ms <= s.toks[t].start && s.toks[t].end <= me));
            }
            for t in inside.into_iter().take(12) {
                // "Pakistan, a key U.S. ally, …" read as a coordination: with no "and" or "or"
                // among the conjuncts, an indefinite one is an apposition, not a second actor.
                let has_cc =
                    s.kids[t].iter().any(|&c| s.rel(c) == "conj" && s.kids[c].iter().any(|&g| s.base(g) == "cc"));
                for &c in &s.kids[t] {
                    steps += 1;
                    let appositive =
                        !has_cc && s.kids[c].iter().any(|&g| s.base(g) == "det" && matches!(&*s.lemma[g], "a" | "an"));
                    // "to Russia, not Lavrov": a negated conjunct is set against the others.
                    if s.rel(c) == "conj"
                        && !appositive
                        && !s.negated(c)
                        && !members.contains(&c)
                        && members.len() < MAX_MEMBERS
                        && !s.is_verb(c)
                    {
                        members.push(c);
                    }
                }
            }
            i += 1;
        }
        // Names the parser hung inside the phrase instead of coordinating them ("with President
        // Ilham Aliyev and Foreign Minister Elmar Mammadyarov" read as one phrase): a
        // name below the head, joined to the head's name by "and" or a comma in the text.
        if let Some(&hm) = s.mentions[h].first() {
            let head_mention = &self.mentions[hm];
            for t in 0..s.len() {
                if members.len() >= MAX_MEMBERS || t == h || !s.under(t, h) {
                    continue;
                }
                let Some(&tm) = s.mentions[t].first() else { continue };
                let m = &self.mentions[tm];
                if tm == hm || m.form == MentionForm::Modifier || m.start != s.toks[t].start {
                    continue;
                }
                let (lo, hi) = if m.end <= head_mention.start {
                    (m.end, head_mention.start)
                } else if head_mention.end <= m.start {
                    (head_mention.end, m.start)
                } else {
                    continue;
                };
                let between = s.text.get(lo..hi).unwrap_or("");
                if between.len() < 12 && (between.contains(" and ") || between.trim() == ",") && !members.contains(&t) {
                    members.push(t);
                }
            }
        }
        for m in members {
            // A conjunction or preposition the parser made a conjunct stands for the name below it.
            let m = if matches!(s.upos(m), "CCONJ" | "ADP" | "DET" | "PUNCT" | "SCONJ") {
                match s.kids[m].iter().copied().find(|&c| matches!(s.upos(c), "PROPN" | "NOUN" | "ADJ")) {
                    Some(c) => c,
                    None => continue,
                }
            } else {
                m
            };
            if let Some(a) = self.actor(s, m) {
                let own_mention = s.mentions[m].iter().any(|&mi| self.mentions[mi].form != MentionForm::Modifier);
                // "scores of Sierra Leonean and Liberian refugees": the people counted.
                let counted = if QUANTITIES.contains(&&*s.lemma[m]) || s.upos(m) == "NUM" {
                    s.prep_kids(m, "of").next().unwrap_or(m)
                } else {
                    m
                };
                let more = if own_mention { Vec::new() } else { self.coordinated_modifiers(s, counted, &a) };
                for a in std::iter::once(a).chain(more) {
                    if !out.iter().any(|o| o.key() == a.key()) && out.len() < MAX_MEMBERS {
                        out.push(a);
                    }
                }
            }
        }
        out
    }

    /// "Hungarian and Romanian officials": one actor per coordinated modifier, with the head's
    /// sector.
    fn coordinated_modifiers(&self, s: &Sent, h: usize, first: &Actor) -> Vec<Actor> {
        let mut out = Vec::new();
        for &c in &s.kids[h] {
            if !matches!(s.base(c), "amod" | "compound") {
                continue;
            }
            for &g in s.kids[c].iter().take(MAX_MEMBERS) {
                if s.rel(g) != "conj" {
                    continue;
                }
                if let Some((root, entity)) = self.place_root(s, g) {
                    if Some(&root) == first.root.as_ref() {
                        continue;
                    }
                    let (start, end) = (s.toks[g].start, s.toks[g].end);
                    let mut a = self.build(s, h, root, entity, first.sector.clone(), start, end);
                    a.text = format!("{} {}", s.form(g), s.form(h));
                    out.push(a);
                }
            }
        }
        out
    }

    /// What the lexicon says of a head noun: by lemma, word, or regular stem ("militiamen").
    fn agent_of(&self, s: &Sent, h: usize) -> Option<&crate::lexicon::Agent> {
        if s.lemma[h] == "force" || s.lower[h] == "forces" {
            // "security forces" are police.
            if s.kids[h].iter().any(|&c| matches!(&*s.lemma[c], "security" | "police")) {
                return self.lex.agent("police");
            }
        }
        // "an international force", "a regional peacekeeping force": troops of several states
        // under a common mandate are an intergovernmental actor, not the host country's.
        if matches!(&*s.lemma[h], "force" | "troop" | "troops" | "peacekeeper" | "contingent") {
            let mods = |w: &[&str]| {
                s.kids[h].iter().any(|&c| matches!(s.base(c), "amod" | "compound") && w.contains(&&*s.lemma[c]))
            };
            let peacekeeping = s.lemma[h] == "peacekeeper" || mods(&["peacekeeping", "peace-keeping"]);
            // One its own phrase places in a country ("an international force in Liberia") is
            // still coded by that country, as any force placed so is.
            let placed = s.kids[h].iter().any(|&c| {
                matches!(s.base(c), "nmod" | "obl") && s.case_of(c) == Some("in") && self.place_root(s, c).is_some()
            });
            let several =
                mods(&["international", "multinational", "multi-national"]) || peacekeeping && mods(&["regional"]);
            if several && !placed {
                return self.lex.agent("multinational force");
            }
        }
        let own = self.lex.agent(&s.lemma[h]).or_else(|| {
            crate::sentence::forms(&s.lower[h])
                .chain(s.lower[h].strip_suffix("men").map(|m| std::borrow::Cow::Owned(format!("{m}man"))))
                .find_map(|f| self.lex.agent(&f))
        });
        if own.is_some() {
            return own;
        }
        // "opposition groups", "rebel organization": a generic head takes its compound's sector.
        if matches!(&*s.lemma[h], "group" | "organization" | "organisation" | "body" | "member" | "wing" | "element") {
            // "a human rights group": a non-governmental organisation.
            if matches!(&*s.lemma[h], "group" | "organization" | "organisation")
                && s.kids[h].iter().any(|&c| s.base(c) == "compound" && s.lower[c] == "rights")
            {
                return self.lex.agent("rights group");
            }
            return s.kids[h]
                .iter()
                .filter(|&&c| matches!(s.base(c), "compound" | "amod"))
                .find_map(|&c| self.lex.agent(&s.lemma[c]))
                .or_else(|| self.lex.agent("people"));
        }
        None
    }

    /// A phrase that names people of a sector but no country ("police", "Islamic
    /// fundamentalists", "opposition leaders"): its sector and span, for the domestic default
    /// (the country of the other side of the event).
    pub fn bare_agent(&self, s: &Sent, h: usize) -> Option<(Option<String>, String, usize, usize)> {
        let mut h = h;
        if QUANTITIES.contains(&&*s.lemma[h]) || s.upos(h) == "NUM" {
            h = s.prep_kids(h, "of").next().unwrap_or(h);
        }
        if s.upos(h) == "PRON" || !s.is_nominal(h) {
            return None;
        }
        // A person or body the entities know only by sector ("President Mugabe": GOV).
        for &mi in &s.mentions[h] {
            let m = &self.mentions[mi];
            if m.form == MentionForm::Modifier {
                continue;
            }
            if let Some(a) = self.entities.get(m.entity.as_str()).and_then(|e| e.actor.as_ref()) {
                if a.country.is_none() && org_root(a.sector.as_deref()).is_none() {
                    return Some((a.sector.clone(), m.text.clone(), m.start, m.end));
                }
            }
        }
        let agent = self.agent_of(s, h)?;
        if agent.root.is_some() {
            return None;
        }
        // "the leaders", "these officials" refer back; only an indefinite or bare phrase is
        // read as the other side's own people.
        let named = s.kids[h].iter().any(|&c| matches!(s.base(c), "compound" | "flat") && s.upos(c) == "PROPN");
        if !named
            && (s.kids[h]
                .iter()
                .any(|&c| s.base(c) == "det" && matches!(&*s.lemma[c], "the" | "this" | "these" | "those" | "that"))
                || s.kids[h].iter().any(|&c| s.rel(c) == "nmod:poss" && s.upos(c) == "PRON"))
        {
            return None;
        }
        let (start, end) = self.span(s, h);
        Some((agent.sector.clone(), s.text.get(start..end).unwrap_or("").to_string(), start, end))
    }

    /// An actor of a country the text leaves implicit.
    pub fn implicit(root: &str, bare: &(Option<String>, String, usize, usize)) -> Actor {
        let root = Some(root.to_string());
        Actor {
            entity: None,
            text: bare.1.clone(),
            code: compose(&root, &bare.0, None),
            root,
            sector: bare.0.clone(),
            kind: Kind::Group,
            start: bare.2,
            end: bare.3,
            via_pronoun: false,
        }
    }

    /// The actor one phrase (not its conjuncts) names.
    pub fn actor(&self, s: &Sent, h: usize) -> Option<Actor> {
        let d = self.depth.get();
        if d >= MAX_DEPTH {
            return None;
        }
        self.depth.set(d + 1);
        let out = self.actor_inner(s, h);
        self.depth.set(d);
        out
    }

    fn actor_inner(&self, s: &Sent, h: usize) -> Option<Actor> {
        if s.upos(h) == "PRON" || RELATIVES.contains(&&*s.lower[h]) && s.upos(h) != "NOUN" {
            return self.pronoun(s, h);
        }
        // "touched down in Russia Tuesday" parsed with the day as the head and the country as
        // its compound: the phrase is the country's.
        if herald_time::is_calendar_name(&s.lower[h]) {
            if let Some(c) =
                s.kids[h].iter().copied().find(|&c| c < h && s.base(c) == "compound" && !s.mentions[c].is_empty())
            {
                return self.actor(s, c);
            }
        }
        // "scores of refugees", "a group of deputies", "Five hundred Ugandan rebels": the
        // people counted.
        if QUANTITIES.contains(&&*s.lemma[h]) || s.upos(h) == "NUM" {
            if let Some(of) = s.prep_kids(h, "of").next() {
                if of != h {
                    return self.actor(s, of);
                }
            }
        }
        // "lessons in the Russian language": a language is no one.
        if language(s, h) || s.base(h) == "amod" && s.head[h].is_some_and(|g| language(s, g)) {
            return None;
        }
        // "British" of "British Airways": a word of a company's name is no actor of its own.
        if self.demonym_in_name(s, h) {
            return None;
        }
        let agent = self.agent_of(s, h);
        let sector_word = agent.and_then(|a| a.sector.clone());
        // A people named with the country they live in ("Bosnian Serbs", "Iraqi Kurds") is of
        // that country, whatever the name's own mention says.
        // The parser hangs the people either below the adjective ("Bosnian" ← flat "Serbs") or
        // above it.
        let people = if self.dict.people(s.form(h)).is_some() {
            Some(h)
        } else {
            s.kids[h].iter().copied().find(|&c| {
                c == h + 1 && matches!(s.base(c), "flat" | "compound") && self.dict.people(s.form(c)).is_some()
            })
        };
        if let Some(p) = people {
            let own = self.lookup_phrase(s.form(p)).map(|r| r.0);
            let modifiers: Vec<usize> = if p == h {
                s.kids[h].iter().copied().filter(|&c| matches!(s.base(c), "amod" | "compound") && c < h).collect()
            } else {
                vec![h]
            };
            let ethnic = s.kids[p].iter().chain(&s.kids[h]).any(|&c| s.lemma[c] == "ethnic");
            let residence = modifiers
                .into_iter()
                .filter(|&c| s.lemma[c] != "ethnic" && self.dict.adjective(s.form(c)).is_some())
                .find_map(|c| self.lookup_phrase(s.form(c)).filter(|r| Some(&r.0) != own.as_ref()))
                // "ethnic Albanians … in Serbia": a minority is of the state the sentence places
                // it in, the first other country the sentence names.
                .or_else(|| if ethnic { self.first_other_country(s, own.as_deref()) } else { None });
            if let Some((root, entity)) = residence {
                let (start, end) = self.span(s, h);
                return Some(self.build(s, h, root, entity, sector_word.or(Some("CVL".into())), start, end));
            }
        }
        // The mention over the head.
        for &mi in &s.mentions[h] {
            let m = &self.mentions[mi];
            if m.form == MentionForm::Modifier && s.mentions[h].len() > 1 {
                continue;
            }
            if let Some(mut a) = self.mention_actor(m) {
                // The reading layer may take the end of a longer name for a name of its own
                // ("the Democratic People's Republic of Korea" read as "Republic of Korea"): the
                // whole name, with the modifiers the parser hung before it, says better.
                if let Some(root) = self.longer_name(s, h, m).filter(|r| a.root.as_ref() != Some(r)) {
                    a.code = compose(&Some(root.clone()), &a.sector, None);
                    a.root = Some(root);
                    a.entity = None;
                }
                if a.sector.is_none() && m.form == MentionForm::Modifier {
                    // "Israeli" heading its own phrase with a sector noun beside it.
                    a.sector = sector_word.clone();
                    a.code = compose(&a.root, &a.sector, None);
                }
                if m.form == MentionForm::Modifier {
                    a.kind = Kind::Group;
                }
                return Some(a);
            }
        }
        // A mention whose entity has no code: its words may still name a country ("Saudi
        // Arabia" read as an organisation).
        if let Some(&mi) = s.mentions[h].first() {
            let m = &self.mentions[mi];
            // …or one of its words does ("King Hassan of Morocco", "The Ivory Coast's Supreme
            // Court"), with the sector its title or head states.
            let inner = (0..s.len())
                .filter(|&t| t != h && m.start <= s.toks[t].start && s.toks[t].end <= m.end)
                .filter(|&t| matches!(s.upos(t), "PROPN" | "ADJ") || s.form(t).starts_with(char::is_uppercase))
                .filter(|&t| !self.demonym_in_name(s, t))
                .find_map(|t| self.lookup_phrase(&self.name_phrase(s, t).0).or_else(|| self.lookup_phrase(s.form(t))));
            // A titled person ("President Bush": GOV, no country) the office table knows.
            let person = self
                .entities
                .get(m.entity.as_str())
                .is_some_and(|e| e.kind == EntityType::Person && e.actor.as_ref().is_some_and(|a| a.sector.is_some()));
            let found = self.lookup_phrase(&m.text).or(inner).or_else(|| {
                if person {
                    // The name itself, without its title ("Alejandro Rivera" of "Judge
                    // Alejandro Rivera").
                    let name = m.name_span.and_then(|(a, b)| s.text.get(a..b));
                    self.holder_country(name.unwrap_or(&m.text)).map(|c| (c, None))
                } else {
                    None
                }
            });
            if let Some((root, _)) = found {
                let sector = sector_word.clone().or_else(|| {
                    self.entities.get(m.entity.as_str()).and_then(|e| e.actor.as_ref()).and_then(|a| a.sector.clone())
                });
                let kind = if self.entities.get(m.entity.as_str()).is_some_and(|e| e.kind == EntityType::Person) {
                    Kind::Person
                } else {
                    Kind::Body
                };
                return Some(Actor {
                    entity: Some(m.entity.clone()),
                    text: m.text.clone(),
                    code: compose(&Some(root.clone()), &sector, None),
                    root: Some(root),
                    sector,
                    kind,
                    start: m.start,
                    end: m.end,
                    via_pronoun: false,
                });
            }
        }
        // An organisation the tables do not know, of no country its name states, named as an
        // association, federation, foundation, society or forum ("the Association of Coastal
        // Fishermen"): a non-governmental body.
        if let Some(m) = s.mentions[h].first().map(|&mi| &self.mentions[mi]) {
            let org = self.entities.get(m.entity.as_str()).is_some_and(|e| e.kind == EntityType::Organisation);
            let civic = matches!(&*s.lower[h], "association" | "federation" | "foundation" | "society" | "forum");
            if org && civic && m.form == MentionForm::Name && s.form(h).starts_with(char::is_uppercase) {
                let root = Some("NGO".to_string());
                return Some(Actor {
                    entity: Some(m.entity.clone()),
                    text: m.text.clone(),
                    code: compose(&root, &None, None),
                    root,
                    sector: None,
                    kind: Kind::Body,
                    start: m.start,
                    end: m.end,
                    via_pronoun: false,
                });
            }
        }
        // A people named with where they live ("Bosnian Serbs", "Albanians of southern Serbia",
        // "ethnic Albanians in south Serbia") are of that country.
        if self.dict.people(s.form(h)).is_some() || self.dict.people(&s.lower[h]).is_some() {
            let residence = s.kids[h]
                .iter()
                .copied()
                .filter(|&c| {
                    matches!(s.rel(c), "amod" | "compound") && c < h
                        || matches!(s.base(c), "nmod" | "obl") && matches!(s.case_of(c), Some("in" | "of" | "from"))
                })
                .find_map(|c| self.place_root(s, c));
            if let Some((root, entity)) = residence {
                let (start, end) = self.span(s, h);
                return Some(self.build(s, h, root, entity, sector_word.or(Some("CVL".into())), start, end));
            }
        }
        // The head's own words through the dictionaries ("Palestinians", "Iraq").
        let phrase = self.name_phrase(s, h);
        if let Some((root, entity)) = self.lookup_phrase(&phrase.0) {
            return Some(self.build(s, h, root, entity, sector_word, phrase.1, phrase.2));
        }
        // A collective ("the West", "Western nations").
        // "the West" is a collective; "West African" is not.
        let the_west = s.lemma[h] != "west" || h > 0 && s.lower[h - 1] == "the";
        let collective = agent.filter(|_| the_west).and_then(|a| a.root.clone()).or_else(|| {
            s.kids[h]
                .iter()
                .filter(|&&c| matches!(s.base(c), "amod" | "compound") && s.lemma[c] != "west")
                .find_map(|&c| self.lex.agent(&s.lemma[c]).and_then(|a| a.root.clone()))
        });
        // A country in a modifier: "Russian officials", "Israel's army", "forces in Guinea".
        // A collective adjective ("Western nations") outranks a country further down the phrase
        // ("… of supporting separatists in Ukraine").
        let direct = s.kids[h].iter().any(|&c| {
            matches!(s.rel(c), "amod" | "compound" | "nmod:poss" | "flat") && self.place_root(s, c).is_some()
        });
        // A noun that names people or their means takes the country of any phrase that places it
        // ("forces in Guinea", "leaders of Romania's government"); any other noun only that of
        // its own adjectives, compounds and possessors ("a U.S. request", "Russia's economy"):
        // "unrest in Syria" is not Syria.
        let agentive = agent.is_some()
            || s.mentions[h].iter().any(|&mi| {
                self.entities.get(self.mentions[mi].entity.as_str()).is_some_and(|e| e.kind == EntityType::Person)
            });
        let modifier = if collective.is_some() && !direct {
            None
        } else if agentive {
            self.modifier_root(s, h, 0)
        } else {
            self.direct_root(s, h)
        };
        let (root, entity) = match (modifier, collective) {
            (Some(m), _) => m,
            (None, Some(c)) => (c, None),
            (None, None) => return None,
        };
        // A noun that names no one ("Washington's pledge", "a U.S. request") stands for the
        // actor in its modifier: the actor's text is that modifier's mention.
        let own_mention = || {
            let id = entity.as_deref()?;
            s.kids[h].iter().flat_map(|&c| &s.mentions[c]).map(|&mi| &self.mentions[mi]).find(|m| m.entity == id)
        };
        let (start, end) = match own_mention().filter(|_| !agentive) {
            Some(m) => (m.start, m.end),
            None => self.span(s, h),
        };
        Some(self.build(s, h, root, entity, sector_word, start, end))
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        &self,
        s: &Sent,
        h: usize,
        root: String,
        entity: Option<String>,
        sector: Option<String>,
        start: usize,
        end: usize,
    ) -> Actor {
        // "the British foreign secretary" is someone "he" can stand for; "the government" is not.
        let kind = if s.xpos(h).ends_with('S') {
            Kind::Group
        } else if self.agent_of(s, h).is_some_and(|a| a.person) {
            Kind::Person
        } else {
            Kind::Body
        };
        Actor {
            entity,
            text: s.text.get(start..end).unwrap_or("").to_string(),
            code: compose(&Some(root.clone()), &sector, None),
            root: Some(root),
            sector,
            kind,
            start,
            end,
            via_pronoun: false,
        }
    }

    /// The span of a phrase: the head with its modifiers before it.
    fn span(&self, s: &Sent, h: usize) -> (usize, usize) {
        let mut start = s.toks[h].start;
        for &c in &s.kids[h] {
            if c < h
                && matches!(s.base(c), "amod" | "compound" | "nmod" | "flat" | "det" | "nummod")
                && s.base(c) != "det"
            {
                start = start.min(s.toks[c].start);
                for &g in &s.kids[c] {
                    if g < c && s.base(g) != "case" {
                        start = start.min(s.toks[g].start);
                    }
                }
            }
        }
        (start, s.toks[h].end)
    }

    /// The name a head word belongs to: the head with its flat and compound proper-noun
    /// dependents, as text and span.
    fn name_phrase(&self, s: &Sent, h: usize) -> (String, usize, usize) {
        let mut lo = h;
        let mut hi = h;
        for &c in &s.kids[h] {
            if matches!(s.base(c), "flat" | "compound") && (s.upos(c) == "PROPN" || s.xpos(c).starts_with("NNP")) {
                lo = lo.min(c);
                hi = hi.max(c);
            }
        }
        let (start, end) = (s.toks[lo].start, s.toks[hi].end);
        (s.text.get(start..end).unwrap_or("").to_string(), start, end)
    }

    /// The root a name, demonym or people names, through the dictionaries.
    fn lookup_phrase(&self, phrase: &str) -> Option<(String, Option<String>)> {
        let p =
            trim_end_str(phrase.trim(), "'s").trim_end_matches('\u{2019}').trim_end_matches('s').trim_end_matches('\'');
        let phrase = trim_end_str(trim_end_str(phrase.trim(), "'s"), "\u{2019}s");
        // A name starts with a capital, or is one after an Arabic article ("al-Qaeda").
        let capital = phrase.chars().next().is_some_and(char::is_uppercase)
            || ["al-", "el-", "ad-", "as-", "an-", "ar-"]
                .iter()
                .any(|a| phrase.strip_prefix(a).is_some_and(|r| r.starts_with(char::is_uppercase)));
        if phrase.is_empty() || !capital {
            return None;
        }
        let d = self.dict;
        let lower = phrase.to_lowercase();
        let bare = lower.strip_prefix("the ").unwrap_or(&lower);
        if let Some(a) = self.lex.name(bare) {
            if let Some(r) = &a.root {
                return Some((r.clone(), None));
            }
        }
        let key = d.key(phrase);
        if let Some(i) = d.country_keyed(&key).or_else(|| d.people(phrase)).or_else(|| d.adjective(phrase)) {
            let iso = d.countries[i].iso3.clone();
            return Some((iso.clone(), Some(format!("country:{iso}"))));
        }
        if let Some(st) = d.metonym_keyed(&key) {
            return Some((st.country.clone(), None));
        }
        if let Some(o) = d.organisation_keyed(&key) {
            let o = &d.organisations[o];
            let root = o.country.clone().or_else(|| org_root(o.sector.as_deref()))?;
            return Some((root, Some(format!("org:{}", o.code))));
        }
        if p != phrase {
            if let Some(i) = d.people(p) {
                let iso = d.countries[i].iso3.clone();
                return Some((iso.clone(), Some(format!("country:{iso}"))));
            }
        }
        if let Some(r) = d.region_keyed(&key).and_then(|r| r.country.clone()) {
            return Some((r, None));
        }
        // "Vietnamese-led", "U.S.-backed": the country that leads.
        if let Some(stem) = phrase.strip_suffix("-led") {
            return self.lookup_phrase(stem);
        }
        // "South Lebanon", "Western Cambodia", "the Turkish Cypriot": the name after the
        // direction or qualifier.
        if let Some((first, rest)) = phrase.split_once(' ') {
            if DIRECTIONS.contains(&first.to_lowercase().as_str()) {
                return self.lookup_phrase(rest);
            }
        }
        None
    }

    /// A country named by a noun's own adjectives, compounds, possessors (not pronouns) or flat
    /// parts, or by those of a common noun compounded before it ("Turkish" hung on "air" in
    /// "Turkish air strikes").
    fn direct_root(&self, s: &Sent, h: usize) -> Option<(String, Option<String>)> {
        s.kids[h]
            .iter()
            .copied()
            .filter(|&c| matches!(s.rel(c), "amod" | "compound" | "nmod:poss" | "flat") && s.upos(c) != "PRON")
            .filter(|&c| !(s.rel(c) == "nmod:poss" && RELATIONAL.contains(&&*s.lemma[h])))
            .find_map(|c| self.place_root(s, c))
            .or_else(|| {
                // "Turkish air strikes" with "Turkish" hung on "air": a common noun compounded
                // before the head makes one noun with it, and what modifies that noun modifies
                // the phrase.
                s.kids[h]
                    .iter()
                    .copied()
                    .filter(|&c| c < h && s.rel(c) == "compound" && s.upos(c) == "NOUN")
                    .flat_map(|c| {
                        s.kids[c].iter().copied().filter(move |&g| g < c && matches!(s.rel(g), "amod" | "compound"))
                    })
                    .find_map(|g| self.place_root(s, g))
            })
    }

    /// A country named in a modifier of `h`: its adjectives, compounds and possessors, then its
    /// "of/in/from" phrases (one level further down).
    fn modifier_root(&self, s: &Sent, h: usize, depth: usize) -> Option<(String, Option<String>)> {
        if depth > 2 {
            return None;
        }
        let rank = |c: usize| match s.rel(c) {
            "amod" | "compound" | "nmod:poss" | "flat" | "nmod:desc" => 0,
            "appos" => 2,
            _ => 1,
        };
        let mut kids: Vec<usize> = s.kids[h]
            .iter()
            .copied()
            .filter(|&c| {
                // A possessor counts whatever its case marker ("France's president"), but not
                // for a word that names another party ("Israel's militia ally").
                if s.rel(c) == "nmod:poss" {
                    return !RELATIONAL.contains(&&*s.lemma[h]);
                }
                matches!(s.base(c), "amod" | "compound" | "nmod" | "flat" | "appos" | "obl" | "acl")
                    && (s.base(c) != "nmod" && s.base(c) != "obl" && s.base(c) != "acl"
                        || matches!(s.case_of(c), Some("of" | "in" | "from" | "at" | "inside" | "near" | "for") | None))
            })
            .collect();
        kids.sort_by_key(|&c| (rank(c), c));
        for c in kids.into_iter().take(8) {
            if s.base(c) == "acl" {
                // "a terror group based in Trinidad", "refugees fleeing the civil war in Liberia"
                for &g in &s.kids[c] {
                    if matches!(s.base(g), "obl" | "obj") {
                        if let Some(r) = self.place_root(s, g).or_else(|| self.modifier_root(s, g, depth + 1)) {
                            return Some(r);
                        }
                    }
                }
                continue;
            }
            if s.upos(c) == "PRON" {
                if let Some(a) = self.pronoun(s, c) {
                    if let Some(r) = a.root {
                        return Some((r, a.entity));
                    }
                }
                continue;
            }
            if let Some(r) = self.place_root(s, c) {
                return Some(r);
            }
            if let Some(r) = self.modifier_root(s, c, depth + 1) {
                return Some(r);
            }
        }
        // The parser sometimes leaves a demonym unattached: the two words before the head.
        if depth == 0 {
            for d in 1..=2 {
                if h < d {
                    break;
                }
                let j = h - d;
                if !matches!(s.upos(j), "ADJ" | "PROPN") {
                    break;
                }
                if let Some(r) = self.place_root(s, j) {
                    return Some(r);
                }
            }
        }
        None
    }

    /// The root one word (with its mention) names, if it is a country, place, organisation or
    /// demonym.
    fn place_root(&self, s: &Sent, c: usize) -> Option<(String, Option<String>)> {
        if self.demonym_in_name(s, c) {
            return None;
        }
        for &mi in &s.mentions[c] {
            if let Some(a) = self.mention_actor(&self.mentions[mi]) {
                if let Some(root) = self.longer_name(s, c, &self.mentions[mi]).filter(|r| a.root.as_ref() != Some(r)) {
                    return Some((root, None));
                }
                return a.root.map(|r| (r, a.entity));
            }
        }
        if let Some(&mi) = s.mentions[c].first() {
            if let Some(r) = self.lookup_phrase(&self.mentions[mi].text) {
                return Some(r);
            }
        }
        let phrase = self.name_phrase(s, c);
        self.lookup_phrase(&phrase.0)
    }

    /// A demonym that the reading layer took as part of an organisation's name ("American
    /// Airlines", "British Airways"): it names the company, not a country acting, so it gives
    /// the actor no country (a name the dictionaries know carries its own code).
    fn demonym_in_name(&self, s: &Sent, t: usize) -> bool {
        let form = s.form(t);
        if self.dict.adjective(form).is_none() && self.dict.people(form).is_none() {
            return false;
        }
        if self.dict.country(form).is_some() {
            return false;
        }
        let tok = &s.toks[t];
        let mut within = false;
        for &mi in &s.mentions[t] {
            let m = &self.mentions[mi];
            if m.start == tok.start && m.end == tok.end {
                // The demonym is a mention of its own: a modifier of the name.
                return false;
            }
            // The demonym opens the name ("The British Broadcasting …"), with more of the
            // name after it; one that ends it ("Senior Hungarian", a capital read as a name)
            // is a modifier still.
            let text = s.text.get(m.start..tok.start).unwrap_or("").trim();
            let opens = text.is_empty() || text.eq_ignore_ascii_case("the");
            let org = self.entities.get(m.entity.as_str()).is_some_and(|e| e.kind == EntityType::Organisation);
            within |= org && m.form == MentionForm::Name && opens && tok.end < m.end;
        }
        within
    }

    /// The actor a mention's entity carries.
    fn mention_actor(&self, m: &Mention) -> Option<Actor> {
        let e = self.entities.get(m.entity.as_str())?;
        let kind = match e.kind {
            EntityType::Person => Kind::Person,
            EntityType::Group => Kind::Group,
            _ => Kind::Body,
        };
        let (root, sector, code) = if let Some(a) = &e.actor {
            let sector_is_root = matches!(a.sector.as_deref(), Some("IGO" | "NGO"));
            // An office of an organisation ("UNO" for the Secretary-General of the United
            // Nations) is not a country: its root is the organisation's (IGO, NGO).
            let org_office = a.country.as_deref().filter(|c| self.dict.country_by_iso3(c).is_none()).and_then(|c| {
                let o = self.dict.organisations.iter().find(|o| o.code == c)?;
                o.country.clone().or_else(|| org_root(o.sector.as_deref()))
            });
            if let Some(root) = org_office {
                let code = compose(&Some(root.clone()), &None, a.country.as_deref());
                return Some(Actor {
                    entity: Some(e.id.clone()),
                    text: m.text.clone(),
                    code,
                    root: Some(root),
                    sector: None,
                    kind,
                    start: m.start,
                    end: m.end,
                    via_pronoun: false,
                });
            }
            let root = a.country.clone().or_else(|| org_root(a.sector.as_deref()));
            let root = root?;
            let sector = if sector_is_root && a.country.is_none() { None } else { a.sector.clone() };
            let code =
                if a.country.is_some() { a.code.clone() } else { compose(&Some(root.clone()), &None, Some(&a.code)) };
            (Some(root), sector, code)
        } else if let Some(p) = &e.place {
            (Some(p.country.clone()), None, p.country.clone())
        } else {
            return None;
        };
        Some(Actor {
            entity: Some(e.id.clone()),
            text: m.text.clone(),
            code,
            root,
            sector,
            kind,
            start: m.start,
            end: m.end,
            via_pronoun: false,
        })
    }

    /// The country of a person the office table knows by surname at some other date ("President
    /// Bush" on a day neither Bush held office): every holder with that surname (and the given
    /// name, when the mention has one) must agree.
    fn holder_country(&self, name: &str) -> Option<String> {
        let name = name.trim().trim_end_matches("'s").trim_end_matches("\u{2019}s");
        let words: Vec<&str> = name.split_whitespace().collect();
        let surname = *words.last()?;
        if surname.len() < 3 || !surname.starts_with(char::is_uppercase) {
            return None;
        }
        // With a given name before the surname ("Judge Alejandro Rivera"), the holder must
        // have it too: a shared surname alone is not the same person.
        let given =
            words.iter().rev().nth(1).filter(|w| w.starts_with(char::is_uppercase) && self.dict.title(w).is_none());
        let mut found: Option<&str> = None;
        let tail = surname.as_bytes();
        for o in &self.dict.offices {
            // The holder's last word can be the surname only if the name ends with it.
            let person = o.person.trim_end().as_bytes();
            if person.len() < tail.len() || !person[person.len() - tail.len()..].eq_ignore_ascii_case(tail) {
                continue;
            }
            let mut held = o.person.split_whitespace().rev();
            let same = held.next().is_some_and(|l| l.eq_ignore_ascii_case(surname))
                && given.is_none_or(|g| held.any(|w| same_given_name(w, g)));
            if same {
                match found {
                    Some(c) if c != o.country => return None,
                    _ => found = Some(&o.country),
                }
            }
        }
        found.filter(|c| self.dict.country_by_iso3(c).is_some()).map(str::to_string)
    }

    /// The first country (or place in one) the sentence names, other than `own`.
    fn first_other_country(&self, s: &Sent, own: Option<&str>) -> Option<(String, Option<String>)> {
        for t in 0..s.len() {
            for &mi in &s.mentions[t] {
                let m = &self.mentions[mi];
                let Some(e) = self.entities.get(m.entity.as_str()) else { continue };
                if !matches!(e.kind, EntityType::Gpe | EntityType::Location) || m.form == MentionForm::Modifier {
                    continue;
                }
                let country = e.place.as_ref().map(|p| p.country.clone()).or_else(|| e.actor.as_ref()?.country.clone());
                if let Some(c) = country.filter(|c| Some(c.as_str()) != own && self.dict.country_by_iso3(c).is_some()) {
                    return Some((c, None));
                }
            }
        }
        None
    }

    /// The country a mention's words name, alone or read with the capitalised modifiers the
    /// parser hung before it.
    fn longer_name(&self, s: &Sent, h: usize, m: &Mention) -> Option<String> {
        let lo = s.kids[h]
            .iter()
            .copied()
            .filter(|&c| {
                matches!(s.base(c), "amod" | "compound" | "nmod" | "flat")
                    && s.toks[c].start < m.start
                    && s.form(c).starts_with(char::is_uppercase)
            })
            .map(|c| s.toks[c].start)
            .min();
        let longer = lo.and_then(|lo| s.text.get(lo..m.end));
        // The longer name first, then the mention's own words (its entity may have been linked
        // to another country).
        longer
            .and_then(|l| self.dict.country(l))
            .or_else(|| self.dict.country(&m.text))
            .map(|i| self.dict.countries[i].iso3.clone())
    }

    /// What a pronoun refers to.
    pub fn pronoun(&self, s: &Sent, p: usize) -> Option<Actor> {
        let w = &*s.lower[p];
        if RELATIVES.contains(&w) {
            // The noun the relative clause modifies.
            let mut cur = p;
            for _ in 0..4 {
                let h = s.head[cur]?;
                if s.rel(cur) == "acl:relcl" || s.base(cur) == "acl" {
                    return self.actor(s, h).map(|mut a| {
                        a.via_pronoun = true;
                        a
                    });
                }
                cur = h;
            }
            return None;
        }
        let want: &[Kind] = if PERSON_PRONOUNS.contains(&w) {
            &[Kind::Person]
        } else if BODY_PRONOUNS.contains(&w) {
            &[Kind::Body, Kind::Group]
        } else if GROUP_PRONOUNS.contains(&w) {
            &[Kind::Group, Kind::Body]
        } else {
            return None;
        };
        // "it" as an expletive ("it is important") refers to nothing.
        if w == "it" && s.kids[p].is_empty() && s.rel(p) == "expl" {
            return None;
        }
        // An object pronoun is not its own clause's subject ("he would only welcome him"), even
        // when that subject is a pronoun too; a reflexive one is ("blew themselves up").
        let reflexive = w.ends_with("self") || w.ends_with("selves");
        let own_subject: Option<String> = match s.base(p) {
            "obj" | "iobj" | "obl" if !reflexive => s.head[p]
                .and_then(|h| s.kids[h].iter().copied().find(|&c| s.base(c) == "nsubj" && c != p))
                .filter(|&c| s.upos(c) != "PRON" || !RELATIVES.contains(&&*s.lower[c]))
                .and_then(|c| self.actor(s, c))
                .map(|a| a.key()),
            _ => None,
        };
        let fits = |a: &Actor| want.contains(&a.kind) && own_subject.as_ref() != Some(&a.key());
        let found = |mut a: Actor| {
            a.via_pronoun = true;
            a
        };
        // 1. The subject of the verb that reports the pronoun's clause ("Syria says it …").
        let mut cur = p;
        for _ in 0..8 {
            let Some(h) = s.head[cur] else { break };
            if s.matches[h].say || s.matches[h].control {
                for &c in &s.kids[h] {
                    if s.base(c) == "nsubj" && c != p && !s.under(p, c) && s.upos(c) != "PRON" {
                        if let Some(a) = self.actor(s, c) {
                            if fits(&a) {
                                return Some(found(a));
                            }
                        }
                    }
                }
            }
            cur = h;
        }
        // 2. Earlier in the sentence, nearest first.
        for j in (0..p).rev() {
            if s.mentions[j].is_empty() || s.upos(j) == "PRON" {
                continue;
            }
            if let Some(a) = self.actor(s, j) {
                if fits(&a) && !(a.start <= s.toks[p].start && s.toks[p].end <= a.end) {
                    return Some(found(a));
                }
            }
        }
        // 3. The previous sentences' subjects.
        self.recent.iter().find(|a| fits(a)).cloned().map(found)
    }
}

/// The root an organisation without a country has: IGO or NGO from its sector, IMG for an armed
/// group.
/// `s.trim_end_matches(pat)` for a string pattern, without setting up a substring searcher:
/// every `pat` at the end comes off, one after the other.
/// Whether word `h` is a noun naming a language ("the Russian language"), whose adjective names
/// no actor.
pub fn language(s: &Sent, h: usize) -> bool {
    LANGUAGES.contains(&&*s.lemma[h]) && s.upos(h) == "NOUN"
}

fn trim_end_str<'s>(mut s: &'s str, pat: &str) -> &'s str {
    while let Some(rest) = s.strip_suffix(pat) {
        s = rest;
    }
    s
}

fn org_root(sector: Option<&str>) -> Option<String> {
    match sector {
        Some("IGO") => Some("IGO".into()),
        Some("NGO") => Some("NGO".into()),
        Some("REB") => Some("IMG".into()),
        _ => None,
    }
}

/// Two spellings of one given name: the same consonants in the same order once case, vowels
/// and y/w are set aside ("Iyad"/"Ayad", "Sergei"/"Sergey", "Mohammad"/"Muhammad"), or an
/// initial of it ("G." for "George").
fn same_given_name(a: &str, b: &str) -> bool {
    let skeleton = |w: &str| -> String {
        w.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphabetic() && !"aeiouyw".contains(*c)).collect()
    };
    let initial = |w: &str| w.trim_end_matches('.').chars().count() == 1;
    let first = |w: &str| w.chars().next().map(|c| c.to_ascii_lowercase());
    if initial(a) || initial(b) {
        return first(a) == first(b);
    }
    skeleton(a) == skeleton(b)
}

#[cfg(test)]
mod tests {
    use super::{same_given_name, trim_end_str};

    proptest::proptest! {
        #[test]
        fn trim_end_str_is_trim_end_matches(s in "(x|'|s|'s|\u{2019}s| ){0,8}", pat in "('s|s|\u{2019}s|ss|s's)") {
            proptest::prop_assert_eq!(trim_end_str(&s, &pat), s.trim_end_matches(pat.as_str()));
        }
    }

    #[test]
    fn given_names_match_across_spellings_and_initials() {
        for (a, b) in [("Iyad", "Ayad"), ("Sergei", "Sergey"), ("Mohammad", "Muhammad"), ("G.", "George")] {
            assert!(same_given_name(a, b), "{a} / {b}");
        }
        for (a, b) in [("Alejandro", "Rodrigo"), ("G.", "John"), ("Boris", "Maria")] {
            assert!(!same_given_name(a, b), "{a} / {b}");
        }
    }
}
