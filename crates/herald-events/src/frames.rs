//! From a trigger word to the frame of its event: the words that govern it (a light verb whose
//! object it is, "agreed to", "refused to", "urged X to", a reporting verb), the candidates for
//! its source in order, a target when the syntax fixes one (a passive subject, the object of
//! "urged"), and what the clause says about it: negated, future, modal, conditional, reported.
//!
//! The walk goes up the tree from the trigger, at most [`MAX_CHAIN`] steps, so a degenerate tree
//! costs no more than a normal one.

use crate::lexicon::{Lexicon, Pos, Role};
use crate::ontology::root;
use crate::sentence::Sent;

/// Steps walked up from a trigger.
pub const MAX_CHAIN: usize = 8;

/// Nouns that hold the action of a noun compounded with them ("a mediation effort").
pub const CONTAINERS: &[&str] = &[
    "effort",
    "mission",
    "bid",
    "attempt",
    "operation",
    "campaign",
    "programme",
    "program",
    "plan",
    "initiative",
    "drive",
];

/// How an argument was found, for the confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// A dependent of the trigger or of a word that governs it.
    Direct,
    /// Shared with a governing or coordinated clause.
    Inherited,
    /// The nearest actor in the word order (the parse gave none).
    Linear,
}

#[derive(Debug, Clone)]
pub struct Frame {
    pub trigger: usize,
    pub pattern: usize,
    /// The action's code before the governing words change it.
    pub code: String,
    /// The code for a state source, when the pattern has one.
    pub state: Option<String>,
    /// Words above the trigger that took part (light verbs, controls, reporting verbs).
    pub chain: Vec<usize>,
    /// Governing roles, innermost first, each with whether its word is negated.
    pub mods: Vec<(Role, bool)>,
    /// Candidate heads of the source phrase, best first.
    pub subj: Vec<(usize, How)>,
    /// The target phrase's head when the syntax fixes it.
    pub target: Option<(usize, How)>,
    pub negated: bool,
    pub future: bool,
    pub modal: bool,
    pub reported: bool,
    pub hypothetical: bool,
    /// The source is one that no word names (an attack in the passive): unidentified forces.
    pub unattributed: bool,
    /// Triggers this frame used up (they give no event of their own).
    pub consumed: Vec<usize>,
    /// A noun whose source is the subject of the verb it hangs from ("landed for a meeting with
    /// Putin"): coded only when it has a target of its own.
    pub needs_target: bool,
    /// Further sources, all taken ("The United States joined Canada in imposing
    /// sanctions").
    pub co_subj: Vec<usize>,
    /// Phrases tried first for the target (a noun's own actors when a light verb gives the
    /// source: "attended a NATO ministers' meeting").
    pub target_cands: Vec<usize>,
    /// Where the action's phrase stands in the tree: the trigger, or the noun that holds it ("a
    /// mediation effort").
    pub node: usize,
    /// The word order may be asked for a source the parse lost (not for a demand read off a
    /// reported "must": its speaker is the subject of the reporting verb or no one).
    pub linear: bool,
    /// The source and target are the two sides a "between" phrase names ("fighting between
    /// Azerbaijanis and Armenians").
    pub between: bool,
    /// An attack its subject prepares ("the army prepared to shell the town"): for armed
    /// forces, a show of force (CAMEO 15), not a threat.
    pub posture: bool,
}

/// What a word's own auxiliaries and modifiers say: (negated, future, modal, obligation).
pub fn level(s: &Sent, t: usize) -> (bool, bool, bool, bool) {
    let neg = s.negated(t);
    let (mut future, mut modal, mut must) = (false, false, false);
    for a in s.auxes(t) {
        match a {
            "will" | "shall" | "'ll" | "wo" | "would" | "'d" => future = true,
            "may" | "might" | "could" => modal = true,
            "must" | "should" | "ought" => must = true,
            _ => {}
        }
    }
    // "is going to", "is set to", "is due to" on a governing word are read as controls; planned
    // and proposed actions named by nouns are future.
    for &c in &s.kids[t] {
        if s.base(c) == "amod" || s.base(c) == "compound" {
            match &*s.lemma[c] {
                "planned" | "plan" | "proposed" | "propose" | "upcoming" | "scheduled" | "schedule" | "expected"
                | "future" | "prospective" | "forthcoming" => future = true,
                "possible" | "potential" => modal = true,
                _ => {}
            }
        }
    }
    (neg, future, modal, must)
}

/// The subject of a verb or predicate: its nominal subject, or in the passive its agent.
pub fn subject(s: &Sent, t: usize) -> Option<usize> {
    subjects(s, t).into_iter().next()
}

/// Every subject the parser gave a verb (it sometimes splits one phrase in two: "Taiwan's Vice
/// Foreign Minister visited").
pub fn subjects(s: &Sent, t: usize) -> Vec<usize> {
    if s.passive(t) {
        return agent(s, t).into_iter().collect();
    }
    let own: Vec<usize> = s.kids[t].iter().copied().filter(|&c| s.base(c) == "nsubj").collect();
    if !own.is_empty() {
        return own;
    }
    // "Up to 1,000 refugees began a hunger strike" read with "up" an adverb of the verb and the
    // people counted its "to" phrase: they are the subject.
    s.kids[t]
        .iter()
        .copied()
        .filter(|&c| c < t && s.base(c) == "advmod" && s.lemma[c] == "up")
        .flat_map(|c| s.kids[c].iter().copied().filter(move |&n| n > c && n < t))
        .filter(|&n| matches!(s.base(n), "obl" | "nmod") && s.case_of(n) == Some("to") && s.is_nominal(n))
        .take(1)
        .collect()
}

/// The agent of a passive ("by Burundian militiamen").
pub fn agent(s: &Sent, t: usize) -> Option<usize> {
    s.kids[t].iter().copied().find(|&c| s.rel(c) == "obl:agent").or_else(|| s.prep_kids(t, "by").next())
}

/// The subject of a governing word: for an adjectival passive ("Israel is opposed to", "is
/// committed to") the parser's passive subject is the one who opposes.
pub fn control_subject(s: &Sent, t: usize) -> Option<usize> {
    subject(s, t).or_else(|| s.kids_rel(t, "nsubj:pass").next())
}

/// The subject of a verb, or of the clause it completes ("he was due to meet …").
pub fn clause_subject(s: &Sent, t: usize) -> Option<usize> {
    let mut cur = t;
    for _ in 0..4 {
        if let Some(sj) = subject(s, cur) {
            return Some(sj);
        }
        if !matches!(s.base(cur), "xcomp" | "ccomp" | "advcl" | "conj") {
            return None;
        }
        cur = s.head[cur]?;
    }
    None
}

/// Candidates for the source of an action named by a noun: its possessor, a "by" phrase, a
/// "from" phrase for criticism, its adjectives and compounds ("Israeli strikes", "US sanctions"),
/// and the subject when it is a predicate ("Kerry was on his way to Moscow").
pub fn noun_source(s: &Sent, lex: &Lexicon, n: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let accuse = s.pattern(lex, n).is_some_and(|p| p.role == Role::Accuse);
    for &c in &s.kids[n] {
        if s.rel(c) == "nmod:poss" {
            out.push(c);
        }
    }
    out.extend(s.prep_kids(n, "by"));
    if accuse {
        out.extend(s.prep_kids(n, "from"));
    }
    // A modifier can name the doer ("a rebel attack", "Israeli air strikes", "the Hamas
    // bombing"), not one that says what kind of act it was ("a suicide bombing", "a car bomb").
    for &c in &s.kids[n] {
        let names_someone = !s.mentions[c].is_empty()
            || matches!(s.upos(c), "PROPN" | "ADJ")
            || lex.agent(&s.lemma[c]).is_some_and(|a| !a.thing);
        if matches!(s.base(c), "amod" | "compound") && c < n && names_someone {
            out.push(c);
        }
    }
    if s.kids[n].iter().any(|&c| s.base(c) == "cop") {
        if let Some(sj) = s.kids[n].iter().copied().find(|&c| s.base(c) == "nsubj") {
            if !matches!(&*s.lower[sj], "it" | "this" | "that" | "there") {
                out.push(sj);
            }
        }
    }
    out
}

/// Whether `c` (a trigger, or a word above one) is the complement a control word `h` governs.
fn complement(s: &Sent, c: usize, base: &str) -> bool {
    match base {
        "xcomp" | "ccomp" | "csubj" => true,
        "advcl" | "acl" => s.mark_of(c).is_none_or(|m| m == "to") || s.xpos(c) == "VB",
        "obj" | "iobj" => s.is_nominal(c) || s.xpos(c) == "VBG",
        "obl" | "nmod" => {
            (s.is_nominal(c) || s.xpos(c) == "VBG")
                && matches!(s.case_of(c), None | Some("to" | "for" | "on" | "upon" | "of" | "from" | "with"))
        }
        _ => false,
    }
}

/// Actions that take no object, so a participle of theirs is never passive ("Kurds demonstrated
/// in Kirkuk" misread as a reduced relative).
fn intransitive(code: &str, p: &crate::lexicon::Pattern) -> bool {
    root(code) == 14 || p.target.first() == Some(&crate::lexicon::TargetRel::Nothing) || matches!(code, "0874" | "0873")
}

/// Verbs of command.
const COMMANDS: &[&str] = &["order", "command", "instruct", "direct"];

/// Whether phrase `o` names armed or police forces and no one else's: "police", "its troops",
/// not "Syrian troops" or "the UN force" (a name or modifier that is an entity's).
fn own_forces(s: &Sent, lex: &Lexicon, o: usize) -> bool {
    let forces = lex.agent(&s.lemma[o]).is_some_and(|a| !a.thing && matches!(a.sector.as_deref(), Some("MIL" | "COP")));
    forces && s.mentions[o].is_empty() && s.kids[o].iter().all(|&k| s.mentions[k].is_empty())
}

/// Whether verb `e` endorses or defends (CAMEO 051, 052) an object that names an actor, not a
/// pronoun or something the speaker owns ("support us", "back its bid").
fn endorses_other(s: &Sent, lex: &Lexicon, e: usize) -> bool {
    let endorse = s.pattern(lex, e).and_then(|p| p.code.as_deref()).is_some_and(|c| matches!(c, "051" | "052"));
    let Some(&o) = s.objects(e).first() else { return false };
    let owned = s.kids[o].iter().any(|&k| s.rel(k) == "nmod:poss" && s.upos(k) == "PRON");
    let names = !s.mentions[o].is_empty()
        || s.kids[o].iter().any(|&k| !s.mentions[k].is_empty())
        || lex.agent(&s.lemma[o]).is_some();
    endorse && s.upos(o) != "PRON" && !owned && names
}

fn is_relative(s: &Sent, t: usize) -> bool {
    matches!(&*s.lower[t], "who" | "which" | "that" | "whom")
}

/// The frame of the event reported by trigger `e`, or `None` when the event is not asserted (in
/// an "if" clause, in what a word of accusing or denying governs).
pub fn frame(s: &Sent, lex: &Lexicon, e: usize) -> Option<Frame> {
    let pid = s.matches[e].event?;
    let p = &lex.patterns[pid];
    let mut f = Frame {
        trigger: e,
        pattern: pid,
        code: p.code.clone()?,
        state: p.state.clone(),
        chain: Vec::new(),
        mods: Vec::new(),
        subj: Vec::new(),
        target: None,
        negated: false,
        future: false,
        modal: false,
        reported: false,
        hypothetical: false,
        unattributed: false,
        consumed: Vec::new(),
        needs_target: false,
        co_subj: Vec::new(),
        target_cands: Vec::new(),
        node: e,
        linear: true,
        between: false,
        posture: false,
    };
    let noun = p.pos == Pos::Noun;
    // A finite clause of "as" sets the scene of the main action ("resigned as the opposition
    // threatened …"): background, not news of its own (the chain below finds the clause above
    // a verb). Here: an attack named by the clause's subject ("as shells continued crashing
    // into the port"), and "as" read as a preposition on the subject ("as authorities cracked
    // down").
    let mut v = e;
    for _ in 0..3 {
        if s.is_verb(v) && (v != e || !noun) {
            break;
        }
        match s.head[v] {
            Some(h) => v = h,
            None => break,
        }
    }
    let as_subject =
        subject(s, v).is_some_and(|sj| s.kids[sj].iter().any(|&c| s.base(c) == "case" && s.lemma[c] == "as" && c < sj));
    if v != e && s.mark_of(v) == Some("as") || as_subject && matches!(s.base(v), "conj" | "advcl") {
        let finite = matches!(s.xpos(v), "VBD" | "VBZ" | "VBP") || s.auxes(v).next().is_some();
        if finite && s.is_verb(v) {
            return None;
        }
    }
    // "…, a rights group protested": "protest" that reports a statement (the clause it closes
    // or governs) is a complaint in words (CAMEO 111), not a demonstration.
    // So is "charge" that closes a report ("…, a rights group charged"): an accusation (112)
    // of whoever the report says acted, not an arrest.
    let complaint = match (&*s.lemma[e], root(&f.code)) {
        ("protest", 14) => Some("111"),
        ("charge", 17) => Some("112"),
        _ => None,
    };
    if let (Some(code), false) = (complaint, noun) {
        // The closing clause may be hung as a conjunct without a conjunction ("…, a group
        // charged" after a comma).
        let closing = s.rel(e) == "parataxis"
            || s.rel(e) == "conj"
                && s.head[e].is_some_and(|h| h < e)
                && !s.kids[e].iter().any(|&c| s.base(c) == "cc")
                && (e.saturating_sub(5)..e).any(|k| s.form(k) == ",");
        let said = if closing {
            s.head[e]
        } else {
            s.kids[e].iter().copied().find(|&c| matches!(s.base(c), "ccomp" | "parataxis"))
        };
        let aimed = s.kids[e].iter().any(|&c| {
            s.base(c) == "obj"
                || s.base(c) == "obl" && matches!(s.case_of(c), Some("against" | "at" | "over" | "outside" | "with"))
        });
        if let Some(c) = said.filter(|_| !aimed) {
            f.code = code.into();
            f.state = None;
            if let Some(t) = clause_subject(s, c).filter(|&t| t != e) {
                f.target = Some((t, How::Direct));
            }
        }
    }
    // "sent troops to help defend the border": "help" with an action of its own to govern only
    // serves that action, which is coded by itself; it is no aid of its own.
    if !noun
        && s.lemma[e] == "help"
        && s.kids[e].iter().any(|&c| matches!(s.base(c), "xcomp" | "ccomp") && s.matches[c].event.is_some())
    {
        return None;
    }
    // "shelled the town, killing 20 people": a participle that tells what an attack did is
    // that attack's outcome, not another attack. The attack may be the first of two conjoined
    // verbs the participle hangs on ("was attacked by gunmen armed with rifles, killing 40" with
    // "armed" read as a second verb).
    let violent = |h: usize| {
        s.matches[h].event.is_some_and(|hp| {
            lex.patterns[hp].role == Role::Event && lex.patterns[hp].code.as_deref().is_some_and(|c| root(c) >= 18)
        })
    };
    if !noun
        && s.xpos(e) == "VBG"
        && s.base(e) == "advcl"
        && s.mark_of(e).is_none()
        && p.code.as_deref().is_some_and(|c| root(c) >= 18)
        && s.head[e].is_some_and(|h| violent(h) || (s.base(h) == "conj" && s.head[h].is_some_and(violent)))
    {
        return None;
    }
    // "rioted, setting fire to their mattresses": a participle that tells how a protest went
    // (property destroyed, CAMEO 17) is the protest's conduct, coded by the protest itself.
    if !noun
        && s.xpos(e) == "VBG"
        && s.base(e) == "advcl"
        && s.mark_of(e).is_none()
        && p.code.as_deref().is_some_and(|c| root(c) == 17)
        && s.head[e].is_some_and(|h| {
            s.matches[h].event.is_some_and(|hp| {
                lex.patterns[hp].role == Role::Event && lex.patterns[hp].code.as_deref().is_some_and(|c| root(c) == 14)
            })
        })
    {
        return None;
    }
    // A participle used as an adjective ("the Israeli-occupied West Bank", "Jordan's visiting
    // King") reports nothing; a noun inside a compound reports only as the head of a generic
    // container ("mediation effort", "peacekeeping mission").
    if s.base(e) == "amod" || s.rel(e) == "compound:prt" {
        return None;
    }
    // "renewed negotiations on an Israeli troop pullback", "talks about sanctions": an action
    // named as the topic of another reported action is what they talk about, not an event.
    if noun
        && matches!(s.base(e), "nmod" | "obl")
        && matches!(s.case_of(e), Some("on" | "about" | "over" | "regarding" | "concerning"))
        && s.head[e].is_some_and(|h| s.matches[h].event.is_some())
    {
        return None;
    }
    // "holed up since last month's invasion", "following a government offensive": an action
    // named only to date another is its background, not news of its own.
    if noun && matches!(s.base(e), "obl" | "nmod") && matches!(s.case_of(e), Some("since" | "following" | "after")) {
        return None;
    }
    // "closed its borders because of fighting between A and B", "due to the war": an action
    // named as the cause of another is its background too, as a noun or a gerund.
    if matches!(s.base(e), "obl" | "nmod" | "advcl")
        && (noun || s.xpos(e) == "VBG")
        && matches!(s.case_of(e), Some("because" | "due"))
    {
        return None;
    }
    let mut anchor = e;
    if noun && s.base(e) == "compound" {
        let h = s.head[e]?;
        if !CONTAINERS.contains(&&*s.lemma[h]) {
            return None;
        }
        // "a mediation effort between A and B": the container's phrase is the action's.
        anchor = h;
    }
    f.node = anchor;
    if noun {
        f.subj.extend(noun_source(s, lex, anchor).into_iter().map(|c| (c, How::Direct)));
        // "a roadside bombing near Samarra": an attack nobody is named for.
        if f.subj.is_empty() && root(&f.code) >= 18 {
            f.unattributed = true;
        }
    } else if s.passive(e) {
        if let Some(a) = agent(s, e) {
            match s.pattern(lex, a).filter(|np| np.pos == Pos::Noun && np.role.reports()) {
                Some(np) if np.code.as_deref().is_some_and(|c| root(c) >= 17) && root(&f.code) >= 17 => {
                    // "killed by an improvised explosive device": the means, no one named.
                    f.code = np.code.clone().unwrap_or_default();
                    f.state = np.state.clone();
                    f.consumed.push(a);
                    f.subj.extend(noun_source(s, lex, a).into_iter().map(|x| (x, How::Direct)));
                    f.unattributed = f.subj.is_empty();
                }
                _ => f.subj.push((a, How::Direct)),
            }
        }
        // "Ghana is committed to opening its markets": an intent word in the adjectival passive,
        // with no agent and an infinitive or gerund of its own, is its subject's intent.
        let stance = p.role == Role::Intent
            && f.subj.is_empty()
            && s.kids[e].iter().any(|&c| matches!(s.base(c), "xcomp" | "advcl") && s.mark_of(c) == Some("to"));
        if let Some(t) = s.kids_rel(e, "nsubj:pass").next() {
            if stance {
                f.subj.push((t, How::Direct));
            } else {
                f.target = Some((t, How::Direct));
            }
        }
        if f.subj.is_empty() && root(&f.code) >= 17 {
            // "were killed in a suicide car bombing": the means gives the code; nobody is named.
            for &c in &s.kids[e] {
                if s.base(c) == "obl" {
                    if let Some(np) = s.pattern(lex, c).filter(|np| np.pos == Pos::Noun && np.role.reports()) {
                        if let Some(code) = np.code.clone().filter(|c| root(c) >= 17) {
                            f.code = code;
                            f.state = np.state.clone();
                            f.consumed.push(c);
                            f.subj.extend(noun_source(s, lex, c).into_iter().map(|x| (x, How::Direct)));
                        }
                    }
                }
            }
            f.unattributed = f.subj.is_empty();
        }
    } else if let Some(n) = subject(s, e) {
        // "A roadside bombing killed one soldier": the subject names the attack.
        match s.pattern(lex, n).filter(|np| np.pos == Pos::Noun && np.role.reports()) {
            Some(np) if np.code.as_deref().is_some_and(|c| root(c) >= 17) && root(&f.code) >= 17 => {
                f.code = np.code.clone().unwrap_or_default();
                f.state = np.state.clone();
                f.consumed.push(n);
                f.subj.extend(noun_source(s, lex, n).into_iter().map(|x| (x, How::Direct)));
                f.unattributed = f.subj.is_empty();
            }
            _ => f.subj.extend(subjects(s, e).into_iter().map(|x| (x, How::Direct))),
        }
    }
    // "the envoy going to Oslo, not the minister coming here": a gerund clause with a subject of
    // its own, which the parser hung elsewhere (as a conjunct of the phrase before it). The
    // name just before the gerund is its subject, not whoever the clause it hangs from has.
    let mut own_subject = None;
    if !noun && f.subj.is_empty() && s.xpos(e) == "VBG" && e > 0 && s.base(e) != "amod" {
        let p = e - 1;
        if s.is_nominal(p)
            && !s.is_verb(p)
            && !s.mentions[p].is_empty()
            && s.rel(p) == "conj"
            && s.head[e] != Some(p)
            && !s.under(p, e)
            && !s.under(e, p)
        {
            f.subj.push((p, How::Direct));
            own_subject = Some(p);
        }
    }
    // "If Russia attacks Ukraine, …": the parser often hangs "if" on the main verb; what comes
    // before the first comma of a sentence opening with "if" or "unless" is the condition.
    if matches!(s.lemma.first().map(|l| &**l), Some("if" | "unless")) {
        let comma = (0..s.len()).find(|&j| s.form(j) == ",").unwrap_or(0);
        if e < comma {
            return None;
        }
        f.hypothetical = true;
    }
    // "The United States and the European Union imposed sanctions" read as a noun with a
    // conjoined clause: the noun is a subject too.
    if s.base(e) == "conj" {
        if let Some(h) = s.head[e] {
            if s.is_nominal(h) && !s.is_verb(h) && subject(s, e).is_some() && h < e {
                f.co_subj.push(h);
            }
        }
    }
    let (neg, fut, modal, _) = level(s, e);
    // "not the minister coming here": a participle's negation may sit on the noun it describes.
    f.negated = neg
        || (s.base(e) == "acl" && s.head[e].is_some_and(|h| s.negated(h)))
        || own_subject.is_some_and(|p| s.negated(p));
    f.future = fut;
    f.modal = modal;
    // A gerund read as a noun but hung from the noun before it ("a NATO foreign ministers
    // meeting"): the phrase stands where that noun stands, and the noun is its other side.
    let mut node = anchor;
    if noun && s.base(e) == "acl" && s.xpos(e) == "VBG" {
        if let Some(h) = s.head[e] {
            node = h;
            f.target_cands.push(h);
        }
    }
    f.node = node;
    let mut cur = node;
    let mut detached = false;
    for _ in 0..MAX_CHAIN {
        let Some(h) = s.head[cur] else { break };
        let rel = s.rel(cur);
        let base = s.base(cur);
        if matches!(s.mark_of(cur), Some("if" | "unless" | "whether")) && !matches!(base, "obj" | "nsubj" | "conj") {
            return None;
        }
        // "resigned as the opposition threatened to storm his residence", "eased the measures
        // as police cracked down on …": a finite clause of "as" sets the scene of the main
        // action; it is background, not news of its own.
        let finite = matches!(s.xpos(cur), "VBD" | "VBZ" | "VBP") || s.auxes(cur).next().is_some();
        if base == "advcl" && s.mark_of(cur) == Some("as") && finite && s.is_verb(cur) {
            return None;
        }
        // "must accept the terms before they disarm", "will stay until the demands are met": a
        // clause of "before" or "until" in the present tense is a condition still to be met, not
        // something that happened.
        if base == "advcl"
            && matches!(s.mark_of(cur), Some("before" | "until" | "till"))
            && matches!(s.xpos(cur), "VB" | "VBP" | "VBZ")
            && s.auxes(cur).all(|a| !matches!(a, "have" | "do" | "did"))
        {
            return None;
        }
        let m = s.matches[h];
        let hp = s.pattern(lex, h);
        let nominal = s.is_nominal(cur);
        if !detached
            && nominal
            && matches!(base, "obj" | "obl" | "nsubj" | "nmod")
            && m.receive
            && hp.is_none_or(|hp| !hp.role.controls())
        {
            // "drew a rebuke from the United States": the rebuke is aimed at the subject (of the
            // clause "drawing" hangs from, when it has none of its own).
            if let Some(sj) = subject(s, h).or_else(|| {
                s.head[h]
                    .filter(|_| matches!(s.base(h), "advcl" | "xcomp" | "conj" | "acl"))
                    .and_then(|g| subject(s, g))
            }) {
                f.target = Some((sj, How::Direct));
            }
            f.chain.push(h);
            cur = h;
            continue;
        }
        // What happened before, after or during the light verb's action is not its object
        // ("imposed a curfew after a demonstration").
        let circumstance = matches!(
            s.case_of(cur),
            Some("after" | "before" | "during" | "following" | "amid" | "since" | "despite" | "until")
        );
        if !detached
            && nominal
            && cur == node
            && matches!(base, "obj" | "obl" | "nsubj")
            && !circumstance
            && m.light
            && hp.is_none_or(|hp| !hp.role.controls())
        {
            let (n2, fut2, modal2, _) = level(s, h);
            f.negated |= n2;
            f.future |= fut2;
            f.modal |= modal2;
            if let Some(sj) = subject(s, h) {
                // The noun's own actors are then the other side ("attended a NATO meeting").
                f.target_cands.extend(f.subj.iter().map(|&(t, _)| t));
                f.subj.insert(0, (sj, How::Direct));
                if s.lemma[h] == "join" {
                    // "joined Canada in imposing sanctions": both act.
                    f.co_subj.extend(s.objects(h));
                }
            } else if s.passive(h) {
                // "Serb forces were engaged in ethnic cleansing"; "talks were held" names no one.
                if let Some(t) = s.kids_rel(h, "nsubj:pass").next().filter(|&t| t != e) {
                    f.subj.insert(0, (t, How::Direct));
                }
            }
            f.chain.push(h);
            cur = h;
            continue;
        }
        if let Some(hp) = hp.filter(|hp| hp.role.controls()) {
            if !detached && complement(s, cur, base) {
                let (hn, hfut, hmodal, _) = level(s, h);
                f.future |= hfut;
                f.modal |= hmodal;
                // "urged the EU to back the Kurdish government": asking others to support a
                // third party is the speaker's own endorsement of that party (CAMEO 051), not an
                // appeal to the addressee (022 asks support for the speaker itself).
                if hp.role == Role::Appeal && !hn && cur == e && !noun && endorses_other(s, lex, e) {
                    f.subj.clear();
                    if let Some(sj) = subject(s, h) {
                        f.subj.push((sj, How::Direct));
                    }
                    f.target = s.objects(e).first().map(|&o| (o, How::Direct));
                    // Not in the chain: the addressee below "urged" is no target of the support.
                    f.consumed.push(h);
                    cur = h;
                    continue;
                }
                // "ordered patrols", "ordered its troops to pull back": a command with no
                // addressee, or to the commander's own forces, is the commanded action by whoever
                // commands it; a demand (CAMEO 10) asks something of another party.
                if hp.role == Role::Demand && !hn && COMMANDS.contains(&&*s.lemma[h]) {
                    let addressee = s.objects(h).into_iter().find(|&o| o != cur && !s.under(cur, o));
                    if addressee.is_none_or(|o| own_forces(s, lex, o)) {
                        f.subj.clear();
                        if let Some(sj) = subject(s, h) {
                            f.subj.push((sj, How::Direct));
                        }
                        f.consumed.push(h);
                        cur = h;
                        continue;
                    }
                }
                match hp.role {
                    Role::Demand | Role::Appeal => {
                        let obj = s.objects(h).into_iter().chain(s.prep_kids(h, "on")).find(|&o| {
                            o != cur
                                && !s.under(cur, o)
                                && !s.matches[o].event.is_some_and(|_| s.is_nominal(o) && o == e)
                        });
                        let comp_subj = f.subj.first().copied();
                        f.target = obj.map(|o| (o, How::Direct)).or(comp_subj).or(f.target);
                        f.subj.clear();
                        if let Some(sj) = subject(s, h) {
                            f.subj.push((sj, How::Direct));
                        }
                    }
                    _ => {
                        // A subject that controls the action ("X agreed to allow …") is the
                        // action's own, not a guess.
                        for c in f.subj.iter_mut() {
                            if c.1 == How::Inherited && cur == node {
                                c.1 = How::Direct;
                            }
                        }
                        if noun && cur == node && !f.subj.is_empty() && matches!(hp.role, Role::Intent | Role::Refuse) {
                            // "agreed to US mediation", "is opposed to French mediation": the
                            // noun's own actor is the one agreed with or refused.
                            if f.target.is_none() {
                                f.target = Some((f.subj[0].0, How::Direct));
                            }
                            f.subj.clear();
                            if let Some(sj) = control_subject(s, h) {
                                f.subj.push((sj, How::Direct));
                            }
                        } else if let Some(sj) = control_subject(s, h) {
                            f.subj.push((sj, How::Direct));
                        }
                    }
                }
                if hp.role == Role::Intent
                    && !hn
                    && f.mods.iter().all(|(r, _)| *r == Role::Aspect)
                    && s.lemma[h] == "prepare"
                    && (18..=20).contains(&root(&f.code))
                {
                    f.posture = true;
                }
                f.mods.push((hp.role, hn));
                f.consumed.push(h);
                f.chain.push(h);
                cur = h;
                continue;
            }
        }
        if noun && cur == node && matches!(base, "obj" | "obl" | "nmod") {
            if let Some(hp) = hp.filter(|hp| hp.role.reports()) {
                // A noun under another action: the same action again ("arrived on a visit"), or
                // its topic or time ("talks on a troop pullback", "after fighting"): nothing of
                // its own. Else ("landed for a meeting with Putin") its source is the verb's.
                // A noun with a partner of its own ("for a meeting with Putin", "before talks with
                // Putin") is an event of its own even under the same kind of action.
                let partner = s.prep_kids(e, "with").next().is_some() || s.prep_kids(e, "between").next().is_some();
                let same = hp.code.as_deref().is_some_and(|c| root(c) == root(&f.code)) && !partner;
                let topic = !matches!(s.case_of(cur), None | Some("for" | "to" | "before"));
                if same || topic {
                    return None;
                }
                if let Some(sj) = clause_subject(s, h) {
                    f.subj.push((sj, How::Inherited));
                    f.needs_target = true;
                }
                break;
            }
        }
        let accusing = hp.is_some_and(|hp| hp.role == Role::Accuse);
        if (accusing || m.block) && !matches!(base, "obj" | "conj" | "nsubj" | "parataxis" | "punct") {
            return None;
        }
        if m.say && matches!(base, "ccomp" | "xcomp" | "advcl" | "csubj") {
            f.reported = true;
            if s.negated(h) {
                // "officials were not confirming that Putin would meet Kerry".
                f.hypothetical = true;
            }
            let (_, _, _, must) = level(s, cur);
            if must && !detached {
                // "Russia said Sudan must return the helicopter": a demand of Sudan.
                f.mods.push((Role::Demand, false));
                let comp_subj = f.subj.first().copied();
                f.target = comp_subj.or(f.target);
                f.subj.clear();
                if let Some(sj) = subject(s, h) {
                    f.subj.push((sj, How::Direct));
                }
            } else if let Some(sj) = subject(s, h).filter(|_| !f.unattributed) {
                f.subj.push((sj, How::Inherited));
            }
            f.chain.push(h);
            detached = true;
            cur = h;
            continue;
        }
        match base {
            "conj" => {
                // "opened its borders to refugees expelled from the north": a past participle
                // right after a noun, with no coordinator or comma before it, no subject and no
                // object, is a passive relative on that noun misread as a second verb; its agent
                // is not named, so the act has no source (the first verb's subject did not do it).
                if cur == e && reduced_relative_as_conjunct(s, e) {
                    return None;
                }
                // The subject the coordinated clauses share is the surface one ("has been
                // indicted … and will resign"); a passive conjunct has its own.
                let shared = if f.unattributed || s.passive(e) {
                    None
                } else if s.is_nominal(h) {
                    noun_source(s, lex, h).into_iter().next()
                } else {
                    s.kids[h].iter().copied().find(|&c| s.base(c) == "nsubj")
                };
                if let Some(sj) = shared {
                    f.subj.push((sj, How::Inherited));
                }
                cur = h;
            }
            "advcl" | "xcomp" | "ccomp" | "csubj" | "parataxis" => {
                if let Some(sj) = subject(s, h) {
                    f.subj.push((sj, How::Inherited));
                }
                if s.lemma[h] == "join" && f.co_subj.is_empty() {
                    // "joined Canada in imposing sanctions": both act.
                    f.co_subj.extend(s.objects(h));
                }
                if base == "advcl" && s.mark_of(cur) == Some("to") && !detached {
                    // A purpose shares the plan's time: "will travel to Sochi to meet Putin".
                    let (_, hfut, hmodal, _) = level(s, h);
                    f.future |=
                        hfut || f.mods.is_empty() && s.pattern(lex, h).is_some_and(|hp| hp.role == Role::Intent);
                    f.modal |= hmodal;
                }
                detached = true;
                cur = h;
            }
            "acl" => {
                if rel == "acl:relcl" {
                    // "return a helicopter that was captured last week", "release the members
                    // whom they had taken hostage": a relative clause on a party to another
                    // reported action only says who that party is; it is background, not news.
                    // Only a clause in the past ("captured last week", "had taken", "were
                    // taken"): one in the present tells a stance now ("a charge Moscow denies").
                    // Not a clause of place or time ("Sochi, where he was due to meet Lavrov").
                    let past =
                        s.xpos(cur) == "VBD" || s.kids[cur].iter().any(|&c| s.base(c) == "aux" && s.xpos(c) == "VBD");
                    let adverbial = s.kids[cur].iter().any(|&c| matches!(&*s.lower[c], "where" | "when"));
                    let mut up = if adverbial || !past || s.matches[h].event.is_some() { None } else { s.head[h] };
                    for _ in 0..8 {
                        let Some(x) = up else { break };
                        // Another action: one the lexicon reports, or any other verb but a
                        // verb of saying ("must return a helicopter that was captured").
                        if s.matches[x].event.is_some() || s.is_verb(x) && !s.matches[x].say && !s.matches[x].light {
                            return None;
                        }
                        up = s.head[x];
                    }
                    if let Some(first) = f.subj.first_mut() {
                        if is_relative(s, first.0) {
                            *first = (h, How::Inherited);
                        }
                    }
                    if f.target.is_none()
                        && !noun
                        && s.objects(e).is_empty()
                        && f.subj.first().is_some_and(|&(t, _)| t != h)
                    {
                        // "a charge Moscow denies": the noun is the verb's object.
                        f.target = Some((h, How::Direct));
                    }
                } else if s.xpos(cur) == "VBN" && s.objects(cur).is_empty() && !intransitive(&f.code, p) {
                    // "rebels supported by Russia": the noun is what the participle's action is
                    // done to.
                    if f.target.is_none() {
                        f.target = Some((h, How::Direct));
                    }
                } else if f.subj.is_empty() && s.auxes(cur).next().is_none() {
                    // "forces attacking the town"; a misread "bombers killed 23 people".
                    let how = if s.xpos(cur) == "VBN" { How::Direct } else { How::Inherited };
                    f.subj.push((h, how));
                    // "issued a declaration demanding that …": a statement that acts speaks for
                    // whoever issued or made it.
                    if s.base(h) == "obj" {
                        if let Some(g) = s.head[h].filter(|&g| s.matches[g].light || s.matches[g].say) {
                            if let Some(sj) = subject(s, g) {
                                f.subj.push((sj, How::Inherited));
                            }
                        }
                    }
                }
                break;
            }
            _ => break,
        }
    }
    // "accused X of violating …", "arrested for collaborating with …": what is alleged is not
    // asserted, wherever the parser hung it.
    if matches!(s.case_of(e), Some("of" | "for")) || matches!(s.mark_of(e), Some("of" | "for")) {
        let mut a = e;
        for _ in 0..3 {
            let Some(h) = s.head[a] else { break };
            if s.matches[h].block
                || s.pattern(lex, h).is_some_and(|hp| matches!(hp.role, Role::Accuse))
                || s.lemma[h] == "arrest"
            {
                return None;
            }
            a = h;
        }
    }
    // A noun inside what someone demands, refuses, threatens or alleges ("demanded that the US
    // match the EU's support for …") is the content of that act, not an event of its own.
    if noun && f.mods.is_empty() && f.chain.is_empty() {
        let mut a = e;
        for _ in 0..4 {
            let Some(h) = s.head[a] else { break };
            if let Some(hp) = s.pattern(lex, h) {
                if matches!(hp.role, Role::Demand | Role::Appeal | Role::Refuse | Role::Threat | Role::Accuse) && a != e
                {
                    return None;
                }
            }
            a = h;
        }
    }
    // "fighting between Azerbaijanis and Armenians": the two sides of a fight named by a noun
    // are its source and target, whoever the clause's subject is.
    if matches!(root(&f.code), 18 | 19) {
        if let Some(b) = s.prep_kids(anchor, "between").next() {
            if let Some(other) = s.kids[b].iter().copied().find(|&c| s.rel(c) == "conj") {
                f.subj.insert(0, (b, How::Direct));
                f.target = Some((other, How::Direct));
                f.between = true;
            }
        }
    }
    // "…, the White House announced Tuesday": a reporting clause beside the trigger's.
    let said_beside =
        |t: usize| s.kids[t].iter().any(|&c| s.matches[c].say && matches!(s.base(c), "parataxis" | "advcl" | "conj"));
    if said_beside(cur)
        || said_beside(e)
        || (0..s.len().saturating_sub(1)).any(|i| s.lemma[i] == "according" && s.lemma[i + 1] == "to")
    {
        f.reported = true;
    }
    for &t in std::iter::once(&e).chain(&f.chain) {
        if s.kids[t].iter().any(|&c| s.base(c) == "advcl" && matches!(s.mark_of(c), Some("if" | "unless"))) {
            f.hypothetical = true;
        }
    }
    Some(f)
}

/// A clause that a reporting verb governs and that says what someone must do ("China must drop
/// barriers", "Sudan must return the helicopter", "Kagame must agree to changes"): a demand
/// (CAMEO 100) of its subject by the speaker, in place of any event the clause's verb names.
pub fn must_frame(s: &Sent, lex: &Lexicon, say: usize, c: usize) -> Option<Frame> {
    let (neg, _, _, must) = level(s, c);
    if !must || neg {
        return None;
    }
    let pattern = lex.patterns.iter().position(|p| p.role == Role::Demand && p.pos == Pos::Verb)?;
    let speaker = subject(s, say)?;
    let target = subjects(s, c).into_iter().next()?;
    // "said Kagame must agree to changes": what a named other must do is demanded of them (the
    // clause's own act is not asserted); "said it must withdraw" may be the speaker's own duty.
    if s.matches[c].event.is_some() && (s.upos(target) == "PRON" || target == speaker) {
        return None;
    }
    Some(demand(c, pattern, "100".into(), say, speaker, target, true))
}

/// A demand by `speaker` of `target` that clause `c` states, carried by verb `v`.
fn demand(c: usize, pattern: usize, code: String, v: usize, speaker: usize, target: usize, reported: bool) -> Frame {
    Frame {
        trigger: c,
        pattern,
        code,
        state: None,
        chain: vec![v],
        mods: Vec::new(),
        subj: vec![(speaker, How::Direct)],
        target: Some((target, How::Direct)),
        negated: false,
        future: false,
        modal: false,
        reported,
        hypothetical: false,
        unattributed: false,
        consumed: Vec::new(),
        needs_target: true,
        co_subj: Vec::new(),
        target_cands: Vec::new(),
        node: c,
        linear: false,
        between: false,
        posture: false,
    }
}

/// A clause that the parser hung on a verb beside a demand noun that is really the noun's
/// content ("renewed its demand that Oslo free the prisoners", "issued a reminder to Chad that
/// it must disarm"): a demand of the clause's subject (or of the noun's "to" phrase) by the
/// verb's subject, in place of any event the clause's verb names.
pub fn demand_noun_frame(s: &Sent, lex: &Lexicon, v: usize, c: usize) -> Option<Frame> {
    if s.negated(c) {
        return None;
    }
    let clause_subj = subjects(s, c).into_iter().next()?;
    // The noun: an object or oblique of the verb before the clause, or a compound inside one.
    let noun = s.kids[v]
        .iter()
        .copied()
        .filter(|&k| k < c && matches!(s.base(k), "obj" | "obl"))
        .flat_map(|k| std::iter::once(k).chain(s.kids[k].iter().copied().filter(|&g| s.base(g) == "compound")))
        .find(|&n| s.pattern(lex, n).is_some_and(|p| p.pos == Pos::Noun && p.role == Role::Demand))?;
    let pattern = s.matches[noun].event?;
    let speaker = subject(s, v).or_else(|| s.kids[noun].iter().copied().find(|&k| s.rel(k) == "nmod:poss"))?;
    let target = s.prep_kids(noun, "to").next().unwrap_or(clause_subj);
    if target == speaker {
        return None;
    }
    let code = lex.patterns[pattern].code.clone()?;
    Some(Frame { consumed: vec![noun], ..demand(c, pattern, code, v, speaker, target, s.matches[v].say) })
}

/// A conjunct verb that is a reduced passive relative misread: a regular past form right after a
/// noun that is not its own dependent, with no coordinator, comma, subject, auxiliary or object.
fn reduced_relative_as_conjunct(s: &Sent, e: usize) -> bool {
    let w = s.form(e);
    e > 0
        && s.is_verb(e)
        && matches!(s.xpos(e), "VBD" | "VBN")
        && w.ends_with("ed")
        && w.chars().all(|c| c.is_ascii_lowercase())
        && matches!(s.upos(e - 1), "NOUN" | "PROPN")
        && s.head[e - 1] != Some(e)
        && !s.kids[e].iter().any(|&c| matches!(s.base(c), "cc" | "punct" | "nsubj" | "aux" | "expl" | "obj" | "iobj"))
}
