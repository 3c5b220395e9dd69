//! A second reading of sentences whose parse is implausible at an event verb. The tagger reads
//! some verbs that the pattern table knows as adjectives, nouns or prepositions ("the United
//! States suspended part of …" with "suspended" an adjective, "the Palestinians reject proposed
//! changes" with "reject" a noun), and then no pattern can match on the tree. When word order
//! says otherwise — the word follows the head of a noun phrase that can be its subject and is
//! followed by the start of a phrase that can be its object — the word is re-tagged as a verb and
//! the sentence is parsed again with that tag. A regular past form read as a participle hanging
//! from that noun ("Russian aircraft including helicopter gunships killed 46 civilians" with
//! "killed" a reduced relative) is re-read as a past tense in the same place: a reduced passive
//! relative takes no object. The new parse is kept only if the word now heads a clause with a
//! subject before it, so a well-parsed sentence is never made worse by the guess; when the
//! parser still hangs the past form under the noun phrase and the sentence has no finite verb at
//! all, the tree is mended by hand (`promote_participle`): the verb becomes the root and the
//! noun phrase its subject. The
//! converse error, an agent noun read as a verb after its modifier ("demands from Shona rebels
//! that …" with "rebels" a verb, or a plural event noun ending a prepositional phrase, "over two
//! Turkish air raids" with "raids" a verb), is re-read the same way and kept only if the noun no longer
//! heads a clause, and so is a noun read as a bare verb under an article ("a United Nations
//! appeal for …") or as a clause on the plural before it ("a NATO ministers meeting"), and a day word read as the subject after the real one ("Gaddafi and Zhivkov
//! today signed …"), kept only if the clause then has another subject; and a demand's bare
//! subjunctive read as a noun ("demanded that the government free …"), kept like a re-read verb,
//! and a verb read as a noun right after a modal ("must hand over"), kept the same way.
//! Then a closing reporting
//! clause (", aid workers in Nairobi said.") that the parse hung inside the report is parsed
//! apart from it and joined as the treebank joins them (`split_attribution`). Last, a common
//! noun hung as the direct object of the noun before it ("withdraw weapons inspectors" with
//! "inspectors" an object of "weapons") is made the head of their phrase, the first noun its
//! compound (`mend_noun_object`).

use crate::lexicon::{Lexicon, Pos, Role};
use herald_entities::ReadParagraph;
use herald_syntax::reading::{Models, ReadToken};

/// Sentences longer than this are not parsed a second time.
const MAX_REPAIR_WORDS: usize = 120;

/// Re-tags and re-parses the sentences where an event verb was read as another part of speech.
pub fn repair<'m>(models: &'m Models, lex: &Lexicon, text: &str, read: &mut [ReadParagraph<'m>]) {
    for p in read.iter_mut() {
        for s in p.sentences.iter_mut() {
            if s.tokens.len() > MAX_REPAIR_WORDS {
                continue;
            }
            if let Some(tokens) = repair_sentence(models, lex, text, &s.tokens) {
                s.tokens = tokens;
            }
            if let Some(tokens) = split_attribution(models, lex, text, &s.tokens) {
                s.tokens = tokens;
            }
            if let Some(tokens) = mend_noun_object(models, &s.tokens) {
                s.tokens = tokens;
            }
        }
    }
}

fn form<'t>(text: &'t str, t: &ReadToken) -> &'t str {
    text.get(t.start..t.end).unwrap_or("")
}

/// Whether a lemma has a verb pattern in the table.
fn verb_lemma(lex: &Lexicon, lemma: &str) -> bool {
    lex.patterns(lemma).any(|(_, p)| p.pos == Pos::Verb)
}

/// Whether a regular past form of an event verb was read as a participle hanging from the noun
/// before it ("Russian aircraft including helicopter gunships killed 46 civilians" with "killed"
/// a reduced relative): a participle with no auxiliary that follows a noun and is followed by
/// the start of an object ("killed 46 …", "wounded two …") is the clause's past tense, since a
/// reduced passive relative takes no direct object.
fn past_read_as_participle(lex: &Lexicon, text: &str, toks: &[ReadToken], i: usize) -> bool {
    let t = &toks[i];
    if t.analysis.upos != "VERB" || t.analysis.xpos != "VBN" || i == 0 || i + 1 >= toks.len() {
        return false;
    }
    if !matches!(t.analysis.deprel, "acl" | "amod") {
        return false;
    }
    let w = form(text, t);
    if !w.ends_with("ed") || !w.chars().all(|c| c.is_ascii_lowercase()) || w.len() < 4 {
        return false;
    }
    if toks.iter().any(|d| d.analysis.head == i + 1 && d.analysis.deprel.starts_with("aux")) {
        return false;
    }
    if !matches!(toks[i - 1].analysis.upos, "NOUN" | "PROPN") {
        return false;
    }
    let next = &toks[i + 1];
    matches!(next.analysis.upos, "DET" | "NUM" | "PROPN" | "NOUN" | "PRON")
        && verb_lemma(lex, &t.analysis.lemma.to_lowercase())
}

/// The verb tag a misread word gets, if it is a misread event verb in a plausible place.
fn misread_verb(models: &Models, lex: &Lexicon, text: &str, toks: &[ReadToken], i: usize) -> Option<&'static str> {
    let t = &toks[i];
    if past_read_as_participle(lex, text, toks, i) {
        return Some("VBD");
    }
    if matches!(t.analysis.upos, "VERB" | "AUX") || i == 0 || i + 1 >= toks.len() {
        return None;
    }
    let w = form(text, t);
    if !w.chars().all(|c| c.is_ascii_lowercase()) || w.len() < 4 {
        return None;
    }
    let prev = &toks[i - 1];
    // The word before must be able to end a subject: a noun or name, plural for a bare present.
    if !matches!(prev.analysis.upos, "NOUN" | "PROPN") {
        return None;
    }
    let next = &toks[i + 1];
    let next_form = form(text, next);
    let object_start = matches!(next.analysis.upos, "DET" | "NOUN" | "PROPN" | "NUM" | "PRON" | "ADJ")
        || next_form.ends_with("ed") && next.analysis.upos == "VERB";
    if !object_start {
        return None;
    }
    // A plural subject: tagged so, or a name or noun ending in "s" ("Palestinians", "rebels").
    let prev_form = form(text, prev);
    let plural_subject = matches!(prev.analysis.xpos, "NNS" | "NNPS")
        || prev_form.ends_with('s') && !prev_form.ends_with("ss") && prev_form.len() > 3;
    let lemma = |xpos: &str| models.lemmatizer.lemma(w, "VERB", xpos).to_lowercase();
    // An irregular past form of a verb that reports an action, read as an adjective of the
    // noun after it ("aircraft struck targets" with "struck" an adjective of "targets"): no
    // adjective stands between a subject and its noun without a determiner, so it is the
    // clause's verb.
    let reports_action = |l: &str| lex.patterns(l).any(|(_, p)| p.pos == Pos::Verb && p.role == Role::Event);
    if t.analysis.xpos == "JJ" && !w.ends_with("ed") && lemma("VBD") != w && reports_action(&lemma("VBD")) {
        return Some("VBD");
    }
    // Otherwise only a regular past form ("suspended"): irregular ones ("sought", "held") are
    // as often nouns or participles, and re-reading them cost more than it gained.
    let candidates: &[&'static str] = if w.ends_with("ed") {
        &["VBD"]
    } else if w.ends_with('s') && !plural_subject {
        &["VBZ"]
    } else if plural_subject {
        &["VBP"]
    } else {
        &[]
    };
    candidates.iter().copied().find(|&xpos| verb_lemma(lex, &lemma(xpos)))
}

/// The word of a demand's "that" clause that is its bare verb read as a noun (see
/// `repair_sentence`): within the four words after the clause's "that", a singular common noun
/// that an event verb can be, after a noun or name and before the start of an object.
fn subjunctive_read_as_noun(lex: &Lexicon, text: &str, toks: &[ReadToken]) -> Option<usize> {
    let demand = |t: &ReadToken| lex.patterns(&t.analysis.lemma.to_lowercase()).any(|(_, p)| p.role == Role::Demand);
    let that = (1..toks.len()).find(|&k| {
        form(text, &toks[k]).eq_ignore_ascii_case("that") && toks[k.saturating_sub(3)..k].iter().any(demand)
    })?;
    (that + 2..toks.len().min(that + 6)).find(|&i| {
        let t = &toks[i];
        let w = form(text, t);
        t.analysis.upos == "NOUN"
            && t.analysis.xpos == "NN"
            && w.len() >= 3
            && w.chars().all(|c| c.is_ascii_lowercase())
            && matches!(toks[i - 1].analysis.upos, "NOUN" | "PROPN")
            && toks
                .get(i + 1)
                .is_some_and(|n| matches!(n.analysis.upos, "DET" | "NOUN" | "PROPN" | "NUM" | "PRON" | "ADJ"))
            && verb_lemma(lex, &w.to_lowercase())
            && !toks[that + 1..i].iter().any(|m| matches!(m.analysis.upos, "VERB" | "AUX"))
    })
}

/// Whether a plural event noun closing a prepositional phrase was read as a verb ("complained
/// over two Turkish air raids" with "raids" a verb, "mediation in the final border talks with"
/// with "talks" a verb): after a preposition, words that can only
/// go on a noun phrase (numbers, determiners, adjectives, nouns) lead to its head, not to a verb.
fn plural_read_as_verb(lex: &Lexicon, text: &str, toks: &[ReadToken], i: usize) -> bool {
    let t = &toks[i];
    let w = form(text, t);
    if t.analysis.upos != "VERB" || t.analysis.xpos != "VBZ" || !w.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    let Some(stem) = w.strip_suffix('s') else { return false };
    if !lex.patterns(stem).any(|(_, p)| p.pos == Pos::Noun) {
        return false;
    }
    let mut k = i;
    while k > 0 && i - k < 5 {
        k -= 1;
        let f = form(text, &toks[k]).to_ascii_lowercase();
        if matches!(
            f.as_str(),
            "over" | "about" | "against" | "after" | "of" | "by" | "from" | "despite" | "during" | "in" | "at" | "for"
        ) {
            return k + 1 < i;
        }
        if !matches!(toks[k].analysis.upos, "NUM" | "DET" | "ADJ" | "NOUN" | "PROPN") {
            return false;
        }
    }
    false
}

fn repair_sentence<'m>(
    models: &'m Models,
    lex: &Lexicon,
    text: &str,
    toks: &[ReadToken<'m>],
) -> Option<Vec<ReadToken<'m>>> {
    let mut upos: Vec<&'static str> = toks.iter().map(|t| t.analysis.upos).collect();
    let mut xpos: Vec<&'static str> = toks.iter().map(|t| t.analysis.xpos).collect();
    let mut changed = Vec::new();
    // Only the first clause is re-read, and only if it has no finite verb of its own before
    // the word: a verb the parser already took as the clause's head ("officials said",
    // "rebels attacked") stands. (Re-reading inside "that" clauses as well cost more than it
    // gained on the even half of the PLOVER records.)
    for i in 0..toks.len() {
        let t = &toks[i];
        if let Some(tag) = misread_verb(models, lex, text, toks, i) {
            upos[i] = "VERB";
            xpos[i] = tag;
            changed.push(i);
            break;
        }
        if t.analysis.upos == "VERB"
            && matches!(t.analysis.xpos, "VBD" | "VBZ" | "VBP")
            && !matches!(t.analysis.deprel, "amod" | "compound" | "flat" | "acl")
        {
            break;
        }
    }
    // An agent noun read as a verb after its modifier ("demands from Shona rebels that …").
    if changed.is_empty() {
        for i in 1..toks.len() {
            let w = form(text, &toks[i]);
            let stem = w.strip_suffix('s').unwrap_or(w);
            if toks[i].analysis.upos == "VERB"
                && w.ends_with('s')
                && w.chars().all(|c| c.is_ascii_lowercase())
                && lex.agent(stem).is_some_and(|a| !a.thing && a.sector.is_some())
                && (matches!(toks[i - 1].analysis.upos, "PROPN" | "ADJ")
                    // "the withdrawal of some combat forces from Iraq": after a common noun
                    // too, when no object follows (a verb "forces" would take one).
                    || toks[i - 1].analysis.upos == "NOUN"
                        && toks.get(i + 1).is_some_and(|n| {
                            n.analysis.upos == "PUNCT"
                                || n.analysis.xpos == "IN"
                                    && !matches!(
                                        form(text, n).to_ascii_lowercase().as_str(),
                                        "out" | "off" | "up" | "down" | "back" | "into"
                                    )
                        }))
                && (toks[i].analysis.deprel != "root"
                    // "Darfur rebels on Sunday rejected …": the root too, when a past
                    // tense after it can head the clause.
                    || toks[i + 1..].iter().any(|v| {
                        v.analysis.upos == "VERB" && v.analysis.xpos == "VBD" && v.analysis.head == i + 1
                    }))
                || plural_read_as_verb(lex, text, toks, i)
            {
                upos[i] = "NOUN";
                xpos[i] = "NNS";
                changed.push(i);
                break;
            }
        }
    }
    let mut gerund_noun = false;
    // A noun read as a bare verb under an article ("rejected a United Nations appeal for …"
    // with "appeal" a verb): no verb takes "a" or "the" as its determiner. Failing that, a
    // gerund read as a reduced relative on a plural noun that carries "a" or "an" ("will attend
    // a NATO defence ministers meeting in Brussels" with "meeting" a clause on "ministers"): the
    // article cannot go with the plural, so the plural is a modifier and the "-ing" word the
    // head noun of the phrase.
    if changed.is_empty() {
        // Whether word `w` has one of these articles as its determiner.
        let article = |w: usize, articles: &[&str]| {
            toks[..w].iter().any(|d| {
                d.analysis.head == w + 1
                    && d.analysis.deprel == "det"
                    && articles.contains(&form(text, d).to_ascii_lowercase().as_str())
            })
        };
        let lower = |t: &ReadToken| form(text, t).chars().all(|c| c.is_ascii_lowercase());
        let bare_verb = |i: usize| {
            let t = &toks[i];
            t.analysis.upos == "VERB"
                && matches!(t.analysis.xpos, "VB" | "VBP")
                && lower(t)
                && article(i, &["a", "an", "the"])
        };
        let gerund = |i: usize| {
            let t = &toks[i];
            t.analysis.xpos == "VBG"
                && t.analysis.deprel == "acl"
                && t.analysis.head == i
                && toks[i - 1].analysis.xpos == "NNS"
                && lower(t)
                && article(i - 1, &["a", "an"])
        };
        if let Some(i) = (1..toks.len()).find(|&i| bare_verb(i)).or_else(|| (1..toks.len()).find(|&i| gerund(i))) {
            upos[i] = "NOUN";
            xpos[i] = "NN";
            changed.push(i);
            gerund_noun = !bare_verb(i);
        }
    }
    // A word right after a modal is a verb ("Syria must hand over the suspects" with "hand"
    // a noun): a modal takes a bare verb.
    if changed.is_empty() {
        for i in 1..toks.len() {
            let t = &toks[i];
            let w = form(text, t);
            let modal = toks[i - 1].analysis.xpos == "MD";
            if modal
                && t.analysis.upos == "NOUN"
                && w.len() >= 3
                && w.chars().all(|c| c.is_ascii_lowercase())
                && verb_lemma(lex, &w.to_lowercase())
            {
                upos[i] = "VERB";
                xpos[i] = "VB";
                changed.push(i);
                break;
            }
        }
    }
    // A bare verb read as a noun in the "that" clause of a demand ("demanded that the
    // government free …", "its demand that Israel lift restrictions" with "free", "lift" nouns):
    // after a demand the clause's verb is a bare subjunctive, and a noun right after the
    // clause's first noun phrase, before an object, is that verb.
    if changed.is_empty() {
        if let Some(i) = subjunctive_read_as_noun(lex, text, toks) {
            // Tagged as the tagger tags a subjunctive it reads ("that Egypt lift …").
            upos[i] = "VERB";
            xpos[i] = "VBP";
            changed.push(i);
        }
    }
    // A day word read as the subject ("Gaddafi and Zhivkov today signed …" with "today" the
    // subject and the names left hanging): after a noun or name and before any verb, a day word
    // is an adverb of time.
    if changed.is_empty() {
        for i in 1..toks.len() {
            let t = &toks[i];
            if matches!(t.analysis.upos, "VERB" | "AUX") {
                break;
            }
            let day =
                matches!(form(text, t).to_ascii_lowercase().as_str(), "today" | "yesterday" | "tonight" | "tomorrow");
            if day
                && t.analysis.deprel.starts_with("nsubj")
                && toks[..i].iter().any(|d| matches!(d.analysis.upos, "NOUN" | "PROPN" | "PRON"))
            {
                upos[i] = "ADV";
                xpos[i] = "RB";
                changed.push(i);
                break;
            }
        }
    }
    let &i = changed.first()?;
    let forms: Vec<&str> = toks.iter().map(|t| form(text, t)).collect();
    let mut parse = models.parser.parse_ids(&forms, &upos, &xpos);
    let labels = models.parser.labels();
    let label = |l: u16| labels.get(l as usize).map(String::as_str).unwrap_or("dep");
    // The plural before a gerund re-read as the phrase's head noun is its modifier even where
    // the parser, seeing "ministers meeting", still makes it the noun's subject.
    if gerund_noun && parse[i - 1].0 == i + 1 && label(parse[i - 1].1).starts_with("nsubj") {
        if let Some(compound) = labels.iter().position(|l| l == "compound") {
            parse[i - 1].1 = compound as u16;
        }
    }
    // Keep the new reading only if a re-read verb now heads a clause with a subject before it, and a
    // re-read noun is no longer the head of a clause.
    let heads_subject = |w: usize| parse.iter().any(|&(h, l)| h == w + 1 && label(l).starts_with("nsubj"));
    // A re-read verb follows its subject: a "subject" after it is an object the parser turned.
    let subject_before = |w: usize| parse[..w].iter().any(|&(h, l)| h == w + 1 && label(l).starts_with("nsubj"));
    let plausible = match upos[i] {
        "VERB" => subject_before(i),
        // A day word is no longer a subject, and what it modifies has one.
        "ADV" => !label(parse[i].1).starts_with("nsubj") && parse[i].0 != 0 && heads_subject(parse[i].0 - 1),
        _ => !heads_subject(i) && parse[i].0 != 0,
    };
    if !plausible {
        return (xpos[i] == "VBD").then(|| promote_participle(models, text, toks, i)).flatten();
    }
    let out = toks
        .iter()
        .zip(parse)
        .enumerate()
        .map(|(k, (t, (h, l)))| {
            let mut a = t.analysis.clone();
            if k == i {
                a.upos = upos[k];
                a.xpos = xpos[k];
                a.lemma = models.lemmatizer.lemma(forms[k], upos[k], xpos[k]);
            }
            a.head = h;
            a.deprel = label(l);
            ReadToken { start: t.start, end: t.end, analysis: a }
        })
        .collect();
    Some(out)
}

/// The tree of a sentence with no finite verb whose root is the noun phrase before a past form
/// read as a participle ("British aircraft using guided bombs killed four soldiers" with
/// "aircraft" the root and "killed" a reduced relative on "bombs"), when parsing again with the
/// past tense did not help: the verb becomes the root and the noun its subject; everything else
/// keeps its head. Only when the verb's subtree is the whole rest of the sentence (but a final
/// punctuation mark), so the new tree stays projective.
fn promote_participle<'m>(
    models: &'m Models,
    text: &str,
    toks: &[ReadToken<'m>],
    i: usize,
) -> Option<Vec<ReadToken<'m>>> {
    let root = toks.iter().position(|t| t.analysis.head == 0)?;
    let finite = |t: &ReadToken| {
        t.analysis.upos == "AUX" || (t.analysis.upos == "VERB" && matches!(t.analysis.xpos, "VBD" | "VBZ" | "VBP"))
    };
    if root >= i || !matches!(toks[root].analysis.upos, "NOUN" | "PROPN") || toks.iter().any(finite) {
        return None;
    }
    // Whether `k` lies under `top` (walks at most the sentence's length).
    let under = |mut k: usize, top: usize| {
        for _ in 0..toks.len() {
            if k == top {
                return true;
            }
            match toks[k].analysis.head {
                0 => return false,
                h => k = h - 1,
            }
        }
        false
    };
    let last = toks.len() - 1;
    let tail_end = if toks[last].analysis.upos == "PUNCT" { last } else { toks.len() };
    if !(i..tail_end).all(|k| under(k, i)) || !(0..i).all(|k| under(k, root) && !under(k, i)) {
        return None;
    }
    let labels = models.parser.labels();
    let fixed = |name: &str| labels.iter().find(|l| l.as_str() == name).map(String::as_str);
    let (root_label, subject) = (fixed("root")?, fixed("nsubj")?);
    let mut out = toks.to_vec();
    let verb = &mut out[i].analysis;
    verb.head = 0;
    verb.deprel = root_label;
    verb.xpos = "VBD";
    verb.lemma = models.lemmatizer.lemma(form(text, &toks[i]), "VERB", "VBD");
    out[root].analysis.head = i + 1;
    out[root].analysis.deprel = subject;
    if tail_end == last {
        out[last].analysis.head = i + 1;
    }
    Some(out)
}

/// "will withdraw weapons inspectors from …" parsed with "weapons" the verb's object and
/// "inspectors" an object of "weapons": a noun takes no direct object, so a common noun hung as
/// the object of the noun right before it is the head of their phrase, and the first noun its
/// compound ("weapons inspectors", "peace talks"). The second noun takes the first one's head,
/// relation and other dependents; the tree stays projective since the two are adjacent.
fn mend_noun_object<'m>(models: &'m Models, toks: &[ReadToken<'m>]) -> Option<Vec<ReadToken<'m>>> {
    let i = (1..toks.len()).find(|&i| {
        let (t, h) = (&toks[i].analysis, &toks[i - 1].analysis);
        t.deprel == "obj" && t.head == i && t.upos == "NOUN" && matches!(h.upos, "NOUN" | "PROPN")
    })?;
    let labels = models.parser.labels();
    let compound = labels.iter().find(|l| l.as_str() == "compound").map(String::as_str)?;
    let h = i - 1;
    let mut out = toks.to_vec();
    for (k, t) in out.iter_mut().enumerate() {
        if k != i && t.analysis.head == h + 1 {
            t.analysis.head = i + 1;
        }
    }
    out[i].analysis.head = toks[h].analysis.head;
    out[i].analysis.deprel = toks[h].analysis.deprel;
    out[h].analysis.head = i + 1;
    out[h].analysis.deprel = compound;
    Some(out)
}

/// Longest reporting clause split off: "aid workers in Nairobi said on Monday" fits.
const MAX_ATTRIBUTION_WORDS: usize = 12;

/// "…, killing a dozen people, aid workers in Nairobi said.": the parser, trained on
/// little news, often hangs a closing reporting clause inside the report (the speaker becomes a
/// conjunct of the victims, the report the subject of "said"). When a sentence ends with a comma,
/// a short clause whose only verb is a reporting verb and which names a speaker, and the full
/// stop, the report and the reporting clause are parsed apart and joined as the treebank joins
/// them: the report's head is the root, the reporting verb hangs from it as `parataxis`. Kept
/// only if the report is headed by a verb and the reporting verb heads its own clause.
fn split_attribution<'m>(
    models: &'m Models,
    lex: &Lexicon,
    text: &str,
    toks: &[ReadToken<'m>],
) -> Option<Vec<ReadToken<'m>>> {
    let n = toks.len();
    if n < 6 || form(text, &toks[n - 1]) != "." {
        return None;
    }
    let end = n - 1;
    let comma = (0..end).rev().find(|&i| form(text, &toks[i]) == ",")?;
    let clause = &toks[comma + 1..end];
    if comma < 3 || clause.len() < 2 || clause.len() > MAX_ATTRIBUTION_WORDS {
        return None;
    }
    let is_say = |t: &ReadToken| {
        t.analysis.upos == "VERB"
            && lex.patterns(&t.analysis.lemma.to_lowercase()).any(|(_, p)| p.pos == Pos::Verb && p.role == Role::Say)
    };
    let verbs: Vec<usize> = (0..clause.len()).filter(|&q| clause[q].analysis.upos == "VERB").collect();
    let [say] = verbs[..] else { return None };
    if !is_say(&clause[say])
        || !clause.iter().any(|t| matches!(t.analysis.upos, "NOUN" | "PROPN" | "PRON"))
        || !toks[..comma].iter().any(|t| t.analysis.upos == "VERB")
        || toks[..comma].iter().any(|t| matches!(form(text, t), "\"" | "\u{201c}" | "\u{201d}" | "``" | "''"))
    {
        return None;
    }
    // A parse that already reads the clause as reporting the rest stands: "said" beside the
    // report's head, or the root with the report as its complement.
    let said = &toks[comma + 1 + say].analysis;
    let beside = said.deprel == "parataxis" && said.head > 0 && toks[said.head - 1].analysis.head == 0;
    let governs = said.head == 0
        && toks[..comma].iter().any(|t| t.analysis.head == comma + 2 + say && t.analysis.deprel == "ccomp");
    if beside || governs {
        return None;
    }
    let forms: Vec<&str> = toks.iter().map(|t| form(text, t)).collect();
    // The report with the full stop, then the reporting clause alone.
    let main: Vec<usize> = (0..comma).chain([end]).collect();
    let pick = |idx: &[usize]| -> (Vec<&str>, Vec<&'static str>, Vec<&'static str>) {
        (
            idx.iter().map(|&i| forms[i]).collect(),
            idx.iter().map(|&i| toks[i].analysis.upos).collect(),
            idx.iter().map(|&i| toks[i].analysis.xpos).collect(),
        )
    };
    let (f, u, x) = pick(&main);
    let main_parse = models.parser.parse_ids(&f, &u, &x);
    let attr: Vec<usize> = (comma + 1..end).collect();
    let (f, u, x) = pick(&attr);
    let attr_parse = models.parser.parse_ids(&f, &u, &x);
    let labels = models.parser.labels();
    let label = |l: u16| labels.get(l as usize).map(String::as_str).unwrap_or("dep");
    let fixed = |name: &str| labels.iter().find(|l| l.as_str() == name).map(String::as_str);
    let (parataxis, punct) = (fixed("parataxis")?, fixed("punct")?);
    let main_root = main_parse.iter().position(|&(h, _)| h == 0)?;
    let attr_root = attr_parse.iter().position(|&(h, _)| h == 0)?;
    let heads_subject = attr_parse.iter().any(|&(h, l)| h == attr_root + 1 && label(l).starts_with("nsubj"));
    if toks[main[main_root]].analysis.upos != "VERB" || attr_root != say || !heads_subject {
        return None;
    }
    let mut out: Vec<ReadToken<'m>> = toks.to_vec();
    for (p, &(h, l)) in main_parse.iter().enumerate() {
        let a = &mut out[main[p]].analysis;
        a.head = if h == 0 { 0 } else { main[h - 1] + 1 };
        a.deprel = label(l);
    }
    for (q, &(h, l)) in attr_parse.iter().enumerate() {
        let a = &mut out[attr[q]].analysis;
        if h == 0 {
            a.head = main[main_root] + 1;
            a.deprel = parataxis;
        } else {
            a.head = attr[h - 1] + 1;
            a.deprel = label(l);
        }
    }
    out[comma].analysis.head = attr[say] + 1;
    out[comma].analysis.deprel = punct;
    Some(out)
}
