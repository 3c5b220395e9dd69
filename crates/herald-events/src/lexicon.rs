//! The words that report actions and name actors, as data: `data/events/patterns.tsv` (trigger
//! lemmas with the dependents they require, the CAMEO code they report and how they govern
//! other actions), `data/events/agents.tsv` (the sector a noun names: "troops" MIL) and
//! `data/events/contexts.tsv` (what an action is about: "nuclear" cbrn).

use crate::ontology::{DataError, Ontology};
use herald_entities::dict::KeyMap;

/// Part of speech a pattern's trigger must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Verb,
    Noun,
    Adj,
}

/// How a trigger takes part in an event (see the header of `patterns.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Event,
    Accuse,
    Intent,
    Threat,
    Refuse,
    Demand,
    Appeal,
    Attempt,
    Aspect,
    Light,
    Receive,
    Say,
    Block,
}

impl Role {
    fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "event" => Role::Event,
            "accuse" => Role::Accuse,
            "intent" => Role::Intent,
            "threat" => Role::Threat,
            "refuse" => Role::Refuse,
            "demand" => Role::Demand,
            "appeal" => Role::Appeal,
            "attempt" => Role::Attempt,
            "aspect" => Role::Aspect,
            "light" => Role::Light,
            "receive" => Role::Receive,
            "say" => Role::Say,
            "block" => Role::Block,
            _ => return None,
        })
    }

    /// Roles that govern another action (its complement).
    pub fn controls(self) -> bool {
        matches!(
            self,
            Role::Intent | Role::Threat | Role::Refuse | Role::Demand | Role::Appeal | Role::Attempt | Role::Aspect
        )
    }

    /// Roles whose trigger reports an action of its own.
    pub fn reports(self) -> bool {
        matches!(self, Role::Event | Role::Accuse)
    }
}

/// A set of lemmas; `None` is any.
pub type Lemmas = Option<Vec<String>>;

#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Obj(Lemmas),
    Prep(String, Lemmas),
    Prt(String),
    Mod(Lemmas),
    Subj(Lemmas),
    Ctx(Lemmas),
    /// A clausal complement or an object ("demonstrate that …" is not a protest).
    Comp,
    Not(Box<Cond>),
}

/// Where to look first for a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetRel {
    Obj,
    Subj,
    Prep(String),
    /// The action has no target ("resigned").
    Nothing,
}

#[derive(Debug, Clone)]
pub struct Pattern {
    pub lemma: String,
    pub pos: Pos,
    pub conds: Vec<Cond>,
    pub code: Option<String>,
    pub role: Role,
    /// The code when the source is a state actor.
    pub state: Option<String>,
    pub target: Vec<TargetRel>,
    /// Line in the table, for messages.
    pub line: usize,
}

/// What a noun or adjective says about an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub sector: Option<String>,
    /// A root code of its own (a collective actor: "WST").
    pub root: Option<String>,
    /// A means or a place rather than people ("tanks", "homes").
    pub thing: bool,
    /// A noun whose singular names one person ("minister", "rebel"), whom "he" or "she" can
    /// stand for.
    pub person: bool,
}

#[derive(Debug, Default)]
pub struct Lexicon {
    pub patterns: Vec<Pattern>,
    by_lemma: KeyMap<String, Vec<usize>>,
    agents: KeyMap<String, Agent>,
    /// Names of bodies the entity dictionaries do not hold, lowercase ("security council").
    names: KeyMap<String, Agent>,
    contexts: KeyMap<String, String>,
}

fn lemmas(s: &str) -> Lemmas {
    if s == "*" {
        None
    } else {
        Some(s.split('|').map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect())
    }
}

fn parse_cond(s: &str) -> Option<Cond> {
    if let Some(rest) = s.strip_prefix('!') {
        return parse_cond(rest).map(|c| Cond::Not(Box::new(c)));
    }
    if s == "comp" {
        return Some(Cond::Comp);
    }
    let (k, v) = s.split_once('=')?;
    Some(match k {
        "obj" => Cond::Obj(lemmas(v)),
        "prep" => match v.split_once(':') {
            Some((p, l)) => Cond::Prep(p.to_lowercase(), lemmas(l)),
            None => Cond::Prep(v.to_lowercase(), None),
        },
        "prt" => Cond::Prt(v.to_lowercase()),
        "mod" => Cond::Mod(lemmas(v)),
        "subj" => Cond::Subj(lemmas(v)),
        "ctx" => Cond::Ctx(lemmas(v)),
        _ => return None,
    })
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(n, l)| (n + 1, l.split('\t').collect()))
}

impl Lexicon {
    /// Parses the three tables, checking every code against the ontology.
    pub fn parse(patterns: &str, agents: &str, contexts: &str, ontology: &Ontology) -> Result<Lexicon, DataError> {
        let mut lex = Lexicon::default();
        for (line, f) in data_lines(patterns) {
            let bad = |what: &str| DataError(format!("patterns.tsv line {line}: {what}"));
            if f.len() != 7 {
                return Err(bad(&format!("{} columns, expected 7", f.len())));
            }
            let pos = match f[1].trim() {
                "V" => Pos::Verb,
                "N" => Pos::Noun,
                "A" => Pos::Adj,
                other => return Err(bad(&format!("part of speech {other}"))),
            };
            let conds = f[2]
                .split_whitespace()
                .map(|c| parse_cond(c).ok_or_else(|| bad(&format!("condition {c}"))))
                .collect::<Result<Vec<_>, _>>()?;
            let code = opt(f[3]);
            let state = opt(f[5]);
            for c in code.iter().chain(&state) {
                if ontology.get(c).is_none() {
                    return Err(bad(&format!("unknown CAMEO code {c}")));
                }
            }
            let role = Role::parse(f[4].trim()).ok_or_else(|| bad(&format!("role {}", f[4])))?;
            if role.reports() && code.is_none() {
                return Err(bad("a reporting word needs a code"));
            }
            let target = f[6]
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| match t {
                    "obj" => TargetRel::Obj,
                    "subj" => TargetRel::Subj,
                    "-" => TargetRel::Nothing,
                    p => TargetRel::Prep(p.to_lowercase()),
                })
                .collect();
            let lemma = f[0].trim().to_lowercase();
            lex.by_lemma.entry(lemma.clone()).or_default().push(lex.patterns.len());
            lex.patterns.push(Pattern { lemma, pos, conds, code, role, state, target, line });
        }
        // More specific rows first; the table's order among equals.
        for ids in lex.by_lemma.values_mut() {
            let p = &lex.patterns;
            ids.sort_by_key(|&i| (std::cmp::Reverse(p[i].conds.len()), p[i].line));
        }
        for (line, f) in data_lines(agents) {
            if f.len() != 4 {
                return Err(DataError(format!("agents.tsv line {line}: {} columns, expected 4", f.len())));
            }
            let kind = f[1].trim();
            let agent = Agent { sector: opt(f[2]), root: opt(f[3]), thing: kind == "thing", person: kind == "person" };
            if !matches!(kind, "agent" | "person" | "thing" | "collective" | "name") {
                return Err(DataError(format!("agents.tsv line {line}: kind {kind}")));
            }
            if kind == "name" {
                lex.names.insert(f[0].trim().to_lowercase(), agent);
            } else {
                lex.agents.insert(f[0].trim().to_lowercase(), agent);
            }
        }
        for (line, f) in data_lines(contexts) {
            if f.len() != 2 {
                return Err(DataError(format!("contexts.tsv line {line}: {} columns, expected 2", f.len())));
            }
            lex.contexts.insert(f[0].trim().to_lowercase(), f[1].trim().to_string());
        }
        Ok(lex)
    }

    /// The patterns of a lemma, most specific first.
    pub fn patterns(&self, lemma: &str) -> impl Iterator<Item = (usize, &Pattern)> {
        self.by_lemma.get(lemma).into_iter().flatten().map(|&i| (i, &self.patterns[i]))
    }

    pub fn has_lemma(&self, lemma: &str) -> bool {
        self.by_lemma.contains_key(lemma)
    }

    pub fn agent(&self, lemma: &str) -> Option<&Agent> {
        self.agents.get(lemma)
    }

    /// A body named by a phrase (lowercase, without "the").
    pub fn name(&self, phrase: &str) -> Option<&Agent> {
        self.names.get(phrase)
    }

    pub fn context(&self, lemma: &str) -> Option<&str> {
        self.contexts.get(lemma).map(String::as_str)
    }
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}
