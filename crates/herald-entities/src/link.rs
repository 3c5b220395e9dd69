//! From one article's entities to the entities of the whole store.
//!
//! Each article is resolved on its own ([`crate::resolve`]); this module decides which of its
//! entities are ones the store already knows. Dictionary entities (countries, organisations,
//! office holders, cities, buildings) carry ids that are already global. A name no dictionary
//! knows links to a stored entity when the evidence is a whole name, not a fragment of one.
//! The evidence, strongest first:
//!
//! * the same id, when the id is a whole name: not for a person known only by a surname, nor
//!   for an acronym (the id of "OUT" is the id of "UT", transliteration folds "ou" into "u");
//! * the same full name up to transliteration, the "al-" particle, a leading "the", a company
//!   form and leading words written as their acronym ("Bashar Assad" and "Bashar al-Assad";
//!   "Sergei" and "Sergey"; "Apple Inc." and "Apple"; "US Air Force" and "United States Air
//!   Force"), or a name written in capitals ("WASHINGTON", "Washington");
//! * an acronym and its expansion, for organisations, when one side is known by the bare
//!   acronym and by no expansion of it: "GM" links to "General Motors", but two expansions
//!   with the same initials ("Grand Slam", "Google Stadia") never link, and an acronym one
//!   article spells out as "Goldman Sachs" never bridges to the "Google Stadia" another article
//!   called "GS". An abbreviation with full stops ("D.C.", "S.D.") is a place's or a person's
//!   initials far more often than an organisation's: it meets its own letters, never an
//!   expansion. Initials count every letter of an acronym inside the name ("UK Tories" is
//!   UKT, "US Air Force" USAF), and two or three capitals are never read as a word ("AP" is
//!   not "App", though "NASA" is "Nasa");
//! * a surname alone ("Hollande") only when exactly one stored person carries it, and a full
//!   name to a stored surname-only person only when that person is the only one with the
//!   surname. Once a surname is ambiguous a bare surname joins only the stored entity of
//!   people known by that bare surname ([`Linker::link`] makes one the first time).
//!
//! Descriptions are no evidence: the resolver records "the president" or "the Russian leader"
//! among an entity's aliases, and [`is_description`] keeps them out of the keys, or Joe Biden
//! would be Donald Trump.
//!
//! Two entities the article kept apart are never linked to the same stored entity, so two
//! people who share a surname in one article stay two people across the store too; when two
//! of the article's entities want the same stored entity the stronger evidence wins, whatever
//! the order of the article's entities.
//!
//! The linker holds only the stored entities it was given: the store fetches candidates by
//! [`keys`] and by id (index look-ups, never a scan) and adds them before linking.

use crate::dict::{acronym_key, is_acronym};
use crate::fold::{fold, name_words, translit};
use herald_model::{Entity, EntityType};
use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Words that open a description rather than a name ("the president", "his spokesman").
const DETERMINERS: &[&str] =
    &["the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your"];

/// Company forms a name is written with or without ("Apple Inc.", "Aer Lingus Group PLC").
pub const COMPANY_FORMS: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "plc",
    "llc",
    "nv",
    "ag",
    "sa",
    "gmbh",
    "group",
    "holdings",
];

/// The titles of the dictionary ("president", "foreign minister"), folded.
fn titles() -> &'static HashSet<String> {
    static TITLES: OnceLock<HashSet<String>> = OnceLock::new();
    TITLES.get_or_init(|| {
        include_str!("../../../data/actors/titles.tsv")
            .lines()
            .skip(1)
            .filter_map(|l| l.split('\t').next())
            .map(|t| fold(t.trim()))
            .filter(|t| !t.is_empty())
            .collect()
    })
}

/// Whether an alias is a description ("the president", "the Russian leader", "Russia's
/// foreign minister", "the Prime Minister", a bare "President") rather than a name. The
/// resolver records descriptions among an entity's aliases; they say what someone is, not who,
/// so they are never link keys. A form is a description when it has no capital letter at all,
/// when it is a title alone, or when it opens with a determiner or a possessive and ends with a
/// lowercase word or a title. "The Hague" and "Beatles' Apple Corps" are names.
pub fn is_description(form: &str) -> bool {
    if !form.chars().any(char::is_uppercase) {
        return true;
    }
    let words: Vec<&str> = form.split_whitespace().collect();
    let first = fold(words[0]);
    let possessive = words.len() > 1 && (first.ends_with("'s") || first.ends_with('\''));
    let opens = DETERMINERS.contains(&first.as_str()) || possessive;
    let rest = if opens { &words[1..] } else { &words[..] };
    let Some(last) = rest.last() else { return true };
    if opens && !last.chars().any(char::is_uppercase) {
        return true;
    }
    let is_title = |n: usize| titles().contains(&fold(&rest[rest.len() - n..].join(" ")));
    if opens {
        (1..=rest.len().min(4)).any(is_title)
    } else {
        is_title(rest.len())
    }
}

/// The words of a name as a key: folded, transliterated, without a leading "the", an
/// abbreviation's full stops dropped ("U.S." and "US" are one word).
fn key_words(form: &str) -> Vec<String> {
    let mut words: Vec<String> = name_words(form)
        .iter()
        .map(|w| if w.split('.').all(|part| part.chars().count() <= 1) { w.replace('.', "") } else { w.clone() })
        .map(|w| translit(&w))
        .collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    words
}

/// The words of a name as written, split like [`key_words`] splits them, without a leading
/// "the".
fn raw_words(form: &str) -> Vec<&str> {
    let mut words: Vec<&str> = form.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()).collect();
    if words.len() > 1 && words[0].eq_ignore_ascii_case("the") {
        words.remove(0);
    }
    words
}

/// Keys of a name whose first two or three words are written as their acronym instead
/// ("United States Air Force" → "us air force", as "US Air Force" and "U.S. Air Force" read).
fn abbreviated(form: &str, words: &[String]) -> Vec<String> {
    let raw = raw_words(form);
    if raw.len() != words.len() {
        return Vec::new();
    }
    (2..=3)
        .filter(|&k| k < raw.len())
        .filter(|&k| raw[..k].iter().all(|w| !is_acronym(w) && w.chars().next().is_some_and(char::is_uppercase)))
        .map(|k| {
            let head: String = raw[..k].iter().filter_map(|w| w.chars().next()).collect();
            format!("{} {}", fold(&head), words[k..].join(" "))
        })
        .collect()
}

/// The initials of a name, an acronym inside it counting with all its letters ("US Air Force"
/// → "USAF", "UK Tories" → "UKT"); lowercase words ("of", "de") and a leading "the" count for
/// nothing.
fn initials(form: &str) -> String {
    let mut out = String::new();
    for w in raw_words(form) {
        if is_acronym(w) {
            out.push_str(&acronym_key(w));
        } else if let Some(c) = w.chars().next().filter(|c| c.is_uppercase()) {
            out.push(c);
        }
    }
    out
}

/// What an entity's forms say about it, as the link rules read them. Descriptions are left out;
/// the canonical name always counts.
#[derive(Debug, Default, Clone)]
struct Profile {
    /// Keys of its names (for a person, its full names only).
    names: HashSet<String>,
    /// Keys of its names without their company form ("apple" for "Apple Inc."), when different.
    variants: HashSet<String>,
    /// Keys of its names with their first words written as their acronym ("us air force" for
    /// "United States Air Force"): they meet names, not other abbreviations ("House Science
    /// Committee" is not "House Select Committee").
    abbreviations: HashSet<String>,
    /// Its acronyms spelt as words ("nasa" for "NASA"): they meet names, not other acronyms.
    spelt: HashSet<String>,
    /// The acronyms it is called by ("GM", "DC" for "D.C.").
    acronyms: HashSet<String>,
    /// Those of them written without full stops at least once, and with them.
    undotted: HashSet<String>,
    dotted: HashSet<String>,
    /// The initials of its multi-word names, for an organisation.
    initials: HashSet<String>,
    /// A person's surnames (the last word of each form).
    surnames: HashSet<String>,
    /// A person with a full name (two words or more).
    full: bool,
}

impl Profile {
    fn of(e: &Entity) -> Profile {
        let mut p = Profile::default();
        let forms = std::iter::once(&e.name).chain(e.aliases.iter().filter(|a| !is_description(a)));
        for form in forms {
            let words = key_words(form);
            if words.is_empty() {
                continue;
            }
            if e.kind == EntityType::Person {
                if words.len() > 1 {
                    p.names.insert(words.join(" "));
                    p.full = true;
                }
                p.surnames.insert(words[words.len() - 1].clone());
            } else if is_acronym(form) {
                let letters = acronym_key(form);
                // A word in capitals ("WASHINGTON", "NASA") may be a name written loud; two or
                // three capitals are an abbreviation ("AP" is not "App").
                if letters.chars().count() >= 4 {
                    p.spelt.insert(translit(&fold(&letters)));
                }
                if form.contains('.') {
                    p.dotted.insert(letters.clone());
                } else {
                    p.undotted.insert(letters.clone());
                }
                p.acronyms.insert(letters);
            } else {
                p.names.insert(words.join(" "));
                let mut bare = words.as_slice();
                while bare.len() > 1 && COMPANY_FORMS.iter().any(|f| translit(f) == bare[bare.len() - 1]) {
                    bare = &bare[..bare.len() - 1];
                }
                if bare.len() < words.len() {
                    p.variants.insert(bare.join(" "));
                }
                p.abbreviations.extend(abbreviated(form, &words));
                if e.kind == EntityType::Organisation && words.len() > 1 {
                    let i = initials(form);
                    if i.chars().count() > 1 {
                        p.initials.insert(i);
                    }
                }
            }
        }
        p.variants.retain(|v| !p.names.contains(v));
        p.abbreviations.retain(|v| !p.names.contains(v));
        p
    }

    /// The link keys: `n:` names, `s:` surnames, `a:` acronyms and initials.
    fn keys(&self) -> Vec<String> {
        let mut out: Vec<String> =
            (self.names.iter().chain(&self.variants).chain(&self.abbreviations).chain(&self.spelt))
                .map(|k| format!("n:{k}"))
                .chain(self.surnames.iter().map(|k| format!("s:{k}")))
                .chain(self.acronyms.iter().chain(&self.initials).map(|k| format!("a:{k}")))
                .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Acronyms it is known by bare, with no expansion of its own that they abbreviate.
    fn bare(&self) -> impl Iterator<Item = &String> {
        self.acronyms.iter().filter(|a| !self.initials.contains(*a))
    }
}

/// Index keys of an entity: `n:` full names, `s:` a person's surname, `a:` acronyms and an
/// organisation's initials. Two entities can link only if they share a key; descriptions give
/// none.
pub fn keys(e: &Entity) -> Vec<String> {
    Profile::of(e).keys()
}

/// Whether a stored entity with the same id as `e` is `e` without further evidence. A
/// dictionary's id is ("person:donald-trump" for a "Trump" the office dictionary resolved), and
/// so is an id made from a whole name, but not one made from a bare surname (the surname rules
/// decide) or from an acronym (the acronym rules decide; transliteration makes "OUT" and "UT"
/// one id).
pub fn id_is_evidence(e: &Entity) -> bool {
    // The resolver's id for a name no dictionary knows: its type and the name's words.
    let slug = name_words(&e.name).iter().map(|w| translit(w)).collect::<Vec<_>>().join("-");
    let from_name = e.id.strip_prefix(e.kind.as_str()).and_then(|r| r.strip_prefix(':')) == Some(slug.as_str());
    !from_name || (!is_acronym(&e.name) && (e.kind != EntityType::Person || Profile::of(e).full))
}

/// Types that may name the same thing in two articles: an organisation is sometimes read as
/// the building it sits in, a region as a place with a government.
fn compatible(a: EntityType, b: EntityType) -> bool {
    use EntityType::*;
    a == b || matches!((a, b), (Organisation, Facility) | (Facility, Organisation)) || (a.is_place() && b.is_place())
}

/// How strongly an article's entity is a stored one: the kind of evidence (higher is
/// stronger), then how much of it.
type Strength = (Evidence, usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    Surname,
    Acronym,
    Name,
    Id,
}

/// Shared names: the same name counts twice, a name met without its company form, with its
/// first words abbreviated or spelt in capitals once.
fn name_overlap(p: &Profile, q: &Profile) -> usize {
    let n = |a: &HashSet<String>, b: &HashSet<String>| a.intersection(b).count();
    2 * n(&p.names, &q.names)
        + n(&p.names, &q.variants)
        + n(&p.variants, &q.names)
        + n(&p.variants, &q.variants)
        + n(&p.names, &q.abbreviations)
        + n(&p.abbreviations, &q.names)
        + n(&p.names, &q.spelt)
        + n(&p.spelt, &q.names)
}

/// Acronym evidence: an acronym one side knows bare, met by the same acronym on the other
/// side (2) or by the initials of an expansion there (1). An abbreviation written only with
/// full stops ("D.C.") meets no expansion, nor an entity that has one ("Disney Channel", called
/// "DC"), unless that entity was called by it with full stops too.
fn acronym_overlap(p: &Profile, q: &Profile) -> usize {
    let one_way = |a: &Profile, b: &Profile| -> usize {
        a.bare()
            .map(|x| {
                let stops_only = !a.undotted.contains(x);
                if stops_only && b.initials.contains(x) && !b.dotted.contains(x) {
                    0
                } else if b.acronyms.contains(x) {
                    2
                } else if b.initials.contains(x) {
                    1
                } else {
                    0
                }
            })
            .sum()
    };
    one_way(p, q).max(one_way(q, p))
}

/// The stored entities the linker knows, indexed by key.
#[derive(Default)]
pub struct Linker {
    entities: Vec<Entity>,
    profiles: Vec<Profile>,
    by_id: HashMap<String, usize>,
    index: HashMap<String, Vec<usize>>,
}

impl Linker {
    pub fn new() -> Linker {
        Linker::default()
    }

    /// Adds (or updates) a stored entity.
    pub fn add(&mut self, e: Entity) {
        let i = match self.by_id.get(&e.id) {
            Some(&i) => {
                let known = &mut self.entities[i];
                for a in std::iter::once(&e.name).chain(&e.aliases) {
                    if *a != known.name && !known.aliases.contains(a) {
                        known.aliases.push(a.clone());
                    }
                }
                self.profiles[i] = Profile::of(known);
                i
            }
            None => {
                self.by_id.insert(e.id.clone(), self.entities.len());
                self.profiles.push(Profile::of(&e));
                self.entities.push(e);
                self.entities.len() - 1
            }
        };
        for k in self.profiles[i].keys() {
            let slot = self.index.entry(k).or_default();
            if !slot.contains(&i) {
                slot.push(i);
            }
        }
    }

    /// The stored entity with this id.
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// The global id of each of one article's entities, in order; entities the store did not
    /// know are added under their own ids (`id~2`, `id~3`... when the id is taken by another
    /// entity). Aliases learned from the article join the stored entity.
    ///
    /// Every article entity's evidence for every candidate is weighed against the store as it
    /// was before this article, and the links are made strongest first, each stored entity
    /// taken by one article entity at most.
    pub fn link(&mut self, article: &[Entity]) -> Vec<String> {
        let profiles: Vec<Profile> = article.iter().map(Profile::of).collect();
        let mut pairs: Vec<(Strength, usize, usize)> = Vec::new();
        // The stored entities each article entity has an id or a name in common with.
        let mut anchored: Vec<Vec<usize>> = vec![Vec::new(); article.len()];
        let mut people: Vec<(usize, Vec<usize>)> = Vec::new();
        for (i, (e, p)) in article.iter().zip(&profiles).enumerate() {
            let mut rest = Vec::new();
            for g in self.candidates(e, p) {
                match self.evidence(e, p, g) {
                    Some(s) => {
                        if s.0 >= Evidence::Name {
                            anchored[i].push(g);
                        }
                        pairs.push((s, i, g));
                    }
                    None => rest.push(g),
                }
            }
            if e.kind == EntityType::Person {
                people.push((i, rest));
            }
        }
        // A surname is ambiguous when two people carry it, stored or in this article: the
        // article's other people who carry it are counted unless a name links them to a stored
        // person who carries it already.
        for (i, candidates) in people {
            let (e, p) = (&article[i], &profiles[i]);
            let here = |s: &str| {
                (0..article.len())
                    .filter(|&j| j != i && article[j].kind == EntityType::Person && profiles[j].surnames.contains(s))
                    .filter(|&j| !anchored[j].iter().any(|&g| self.profiles[g].surnames.contains(s)))
                    .count()
            };
            for g in candidates.into_iter().filter(|&g| self.entities[g].kind == EntityType::Person) {
                let surnames = self.surname_overlap(p, &self.profiles[g], &here);
                if surnames > 0 {
                    pairs.push(((Evidence::Surname, surnames + self.own(e, g)), i, g));
                }
            }
        }
        pairs.sort_by_key(|&(s, i, g)| (Reverse(s), i, g));
        let mut found: Vec<Option<usize>> = vec![None; article.len()];
        let mut taken: HashSet<usize> = HashSet::new();
        for (_, i, g) in pairs {
            if found[i].is_none() && !taken.contains(&g) {
                found[i] = Some(g);
                taken.insert(g);
            }
        }
        let mut out = Vec::with_capacity(article.len());
        for (e, g) in article.iter().zip(found) {
            let id = match g {
                Some(g) => self.entities[g].id.clone(),
                None => {
                    let mut id = e.id.clone();
                    let mut n = 2;
                    while self.by_id.contains_key(&id) {
                        id = format!("{}~{n}", e.id);
                        n += 1;
                    }
                    id
                }
            };
            let mut learned = e.clone();
            learned.id = id.clone();
            self.add(learned);
            out.push(id);
        }
        out
    }

    /// Stored entities sharing a key or the id with `e`.
    fn candidates(&self, e: &Entity, p: &Profile) -> Vec<usize> {
        let mut out: Vec<usize> = p.keys().iter().filter_map(|k| self.index.get(k)).flatten().copied().collect();
        out.extend(self.by_id.get(&e.id));
        out.sort_unstable();
        out.dedup();
        out
    }

    /// What links article entity `e` (with profile `p`) to stored entity `g` other than a
    /// surname, if anything.
    fn evidence(&self, e: &Entity, p: &Profile, g: usize) -> Option<Strength> {
        let (stored, q) = (&self.entities[g], &self.profiles[g]);
        // The same id is the same entity even when an article read its type differently.
        if stored.id == e.id && id_is_evidence(e) {
            return Some((Evidence::Id, 1));
        }
        if !compatible(stored.kind, e.kind) {
            return None;
        }
        // The kind is the strongest evidence; the amount counts all of it, so that the stored
        // entity an article entity was linked to stays its best match once it has learned the
        // article's forms.
        let (names, acronyms) = (name_overlap(p, q), acronym_overlap(p, q));
        let spellings =
            std::iter::once(&e.name).chain(&e.aliases).filter(|f| *f == &stored.name || stored.aliases.contains(f));
        let amount =
            names + acronyms + p.surnames.intersection(&q.surnames).count() + spellings.count() + self.own(e, g);
        if names > 0 {
            Some((Evidence::Name, amount))
        } else if acronyms > 0 {
            Some((Evidence::Acronym, amount))
        } else {
            None
        }
    }

    /// 1 when stored entity `g` was made from `e`'s id (the id itself or `id~n`), else 0: among
    /// equals, relinking an article finds what it made the first time.
    fn own(&self, e: &Entity, g: usize) -> usize {
        let rest = self.entities[g].id.strip_prefix(e.id.as_str());
        usize::from(rest.is_some_and(|rest| rest.is_empty() || rest.starts_with('~')))
    }

    /// Surnames that link person `p` to stored person `q`: when one person carries the surname
    /// (`here` counts the article's other people who carry it and are not yet stored), unless
    /// both have full names; when several do, only between two people known by the bare
    /// surname.
    fn surname_overlap(&self, p: &Profile, q: &Profile, here: &dyn Fn(&str) -> usize) -> usize {
        p.surnames
            .intersection(&q.surnames)
            .filter(|s| {
                let people = here(s)
                    + self.index.get(&format!("s:{s}")).map_or(0, |slot| {
                        slot.iter().filter(|&&h| self.entities[h].kind == EntityType::Person).count()
                    });
                if people == 1 {
                    !(p.full && q.full)
                } else {
                    !p.full && !q.full
                }
            })
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(id: &str, name: &str, kind: EntityType, aliases: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            name: name.into(),
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            actor: None,
            place: None,
        }
    }

    #[test]
    fn same_name_up_to_spelling_links_across_articles() {
        let mut l = Linker::new();
        let a = l.link(&[ent("person:bashar-asad", "Bashar al-Assad", EntityType::Person, &["Assad"])]);
        let b = l.link(&[ent("person:bashar-assad", "Bashar Assad", EntityType::Person, &[])]);
        assert_eq!(a, b);
        assert_eq!(l.get(&a[0]).unwrap().aliases, vec!["Assad", "Bashar Assad"]);
    }

    #[test]
    fn acronym_links_to_expansion() {
        let mut l = Linker::new();
        let a = l.link(&[ent("organisation:general-motors", "General Motors", EntityType::Organisation, &[])]);
        let b = l.link(&[ent("organisation:gm", "GM", EntityType::Organisation, &[])]);
        assert_eq!(a, b);
    }

    #[test]
    fn different_first_names_stay_apart() {
        let mut l = Linker::new();
        let a = l.link(&[ent("person:george-bush", "George Bush", EntityType::Person, &["Bush"])]);
        let b = l.link(&[ent("person:laura-bush", "Laura Bush", EntityType::Person, &["Bush"])]);
        assert_ne!(a, b);
        // Now "Bush" alone is ambiguous in the store: it links to neither.
        let c = l.link(&[ent("person:bush", "Bush", EntityType::Person, &[])]);
        assert_ne!(c, a);
        assert_ne!(c, b);
    }

    #[test]
    fn unique_surname_links_and_two_people_in_one_article_stay_two() {
        let mut l = Linker::new();
        let a = l.link(&[ent("person:francois-hollande", "Francois Hollande", EntityType::Person, &["Hollande"])]);
        let b = l.link(&[ent("person:hollande", "Hollande", EntityType::Person, &[])]);
        assert_eq!(a, b);
        let c = l.link(&[
            ent("person:francois-hollande", "Francois Hollande", EntityType::Person, &[]),
            ent("person:hollande", "Hollande", EntityType::Person, &[]),
        ]);
        assert_ne!(c[0], c[1]);
    }

    #[test]
    fn a_person_and_a_place_with_one_name_stay_apart() {
        let mut l = Linker::new();
        let a = l.link(&[ent("person:jordan", "Jordan", EntityType::Person, &[])]);
        let b = l.link(&[ent("country:JOR", "Jordan", EntityType::Gpe, &[])]);
        assert_ne!(a, b);
    }

    const O: EntityType = EntityType::Organisation;
    const P: EntityType = EntityType::Person;

    #[test]
    fn two_expansions_with_the_same_initials_stay_apart() {
        let mut l = Linker::new();
        let stadia = l.link(&[ent("organisation:google-stadia", "Google Stadia", O, &[])]);
        let slam = l.link(&[ent("organisation:grand-slam", "Grand Slam", O, &[])]);
        assert_ne!(stadia, slam);
        let sky = l.link(&[ent("organisation:sky-sports", "Sky Sports", O, &[])]);
        let stampanti = l.link(&[ent("organisation:style-stampanti", "Style Stampanti", O, &[])]);
        let system = l.link(&[ent("organisation:solar-system", "Solar System", O, &[])]);
        assert_ne!(sky, stampanti);
        assert_ne!(stampanti, system);
        assert_ne!(sky, system);
    }

    #[test]
    fn an_acronym_never_bridges_two_expansions() {
        let mut l = Linker::new();
        let stadia = l.link(&[ent("organisation:google-stadia", "Google Stadia", O, &[])]);
        // A bare "GS" is the stored expansion's (the oldest of those with the initials).
        l.link(&[ent("organisation:grand-slam", "Grand Slam", O, &[])]);
        assert_eq!(l.link(&[ent("organisation:gs", "GS", O, &[])]), stadia);
        // Google Stadia is now known as "GS": neither another expansion nor an article that
        // spells its own "GS" out joins it.
        let sachs = l.link(&[ent("organisation:goldman-sachs", "Goldman Sachs", O, &["GS"])]);
        assert_ne!(sachs, stadia);
        let grocery = l.link(&[ent("organisation:grocery-stores", "Grocery Stores", O, &[])]);
        assert_ne!(grocery, stadia);
        assert_ne!(grocery, sachs);
        assert_eq!(l.get(&stadia[0]).unwrap().aliases, ["GS"]);
        // The other way round: a stored bare acronym takes the first expansion that comes, and
        // no other after it.
        let mut l = Linker::new();
        let gm = l.link(&[ent("organisation:gm", "GM", O, &[])]);
        assert_eq!(l.link(&[ent("organisation:general-motors", "General Motors", O, &[])]), gm);
        assert_ne!(l.link(&[ent("organisation:general-mills", "General Mills", O, &[])]), gm);
        assert_eq!(l.link(&[ent("organisation:gm", "GM", O, &[])]), gm);
    }

    #[test]
    fn abbreviations_with_full_stops_and_acronyms_inside_names() {
        let mut l = Linker::new();
        let disney = l.link(&[ent("organisation:disnei-chanel", "Disney Channel", O, &[])]);
        let dc = l.link(&[ent("organisation:d.c", "D.C.", O, &[])]);
        assert_ne!(dc, disney);
        // The same letters without the stops are the same abbreviation.
        assert_eq!(l.link(&[ent("organisation:dc", "DC", O, &[])]), dc);
        // Once "Disney Channel" is called "DC", "D.C." still does not join it.
        let mut l = Linker::new();
        let disney = l.link(&[ent("organisation:disnei-chanel", "Disney Channel", O, &["DC"])]);
        assert_ne!(l.link(&[ent("organisation:d.c", "D.C.", O, &[])]), disney);
        // Two or three capitals are not a word: "AP" is not "App".
        let app = l.link(&[ent("organisation:ap", "App", O, &[])]);
        assert_ne!(l.link(&[ent("organisation:ap", "AP", O, &[])]), app);
        // "UK Tories" has the initials UKT, not UT; "OUT" and "UT" share an id by
        // transliteration but not a name.
        let ut = l.link(&[ent("organisation:ut", "UT", O, &[])]);
        assert_ne!(l.link(&[ent("organisation:uk-tories", "UK Tories", O, &[])]), ut);
        let out = l.link(&[ent("organisation:ut", "OUT", O, &[])]);
        assert_ne!(out, ut);
        assert_eq!(l.link(&[ent("organisation:ut", "OUT", O, &[])]), out);
        // An acronym inside a name counts with all its letters, and is the words it abbreviates.
        let usaf = l.link(&[ent("organisation:usaf", "USAF", O, &[])]);
        assert_eq!(l.link(&[ent("organisation:us-air-force", "US Air Force", O, &[])]), usaf);
        assert_eq!(l.link(&[ent("organisation:u.s-air-force", "the U.S. Air Force", O, &[])]), usaf);
        assert_eq!(l.link(&[ent("organisation:united-states-air-force", "United States Air Force", O, &[])]), usaf);
        assert_ne!(l.link(&[ent("organisation:roial-air-force", "Royal Air Force", O, &[])]), usaf);
        let science = l.link(&[ent("organisation:huse-science-comite", "House Science Committee", O, &[])]);
        assert_ne!(l.link(&[ent("organisation:huse-select-comite", "House Select Committee", O, &[])]), science);
    }

    #[test]
    fn descriptions_are_not_link_keys() {
        let mut l = Linker::new();
        let trump =
            l.link(&[ent("person:donald-trump", "Donald Trump", P, &["Trump", "The President", "the president"])]);
        let biden = l.link(&[ent(
            "person:joe-biden",
            "Joe Biden",
            P,
            &["Biden", "the president", "the Democratic President", "President"],
        )]);
        assert_ne!(trump, biden);
        let lavrov = l.link(&[ent("person:sergei-lavrov", "Sergei Lavrov", P, &["the Russian foreign minister"])]);
        let blinken = l.link(&[ent("person:antoni-blinken", "Antony Blinken", P, &["the chief US diplomat"])]);
        assert_ne!(lavrov, blinken);
        assert!(keys(&ent("person:joe-biden", "Joe Biden", P, &["the president", "Russia's foreign minister"]))
            .iter()
            .all(|k| !k.contains("president") && !k.contains("minister")));
    }

    #[test]
    fn what_reads_as_a_description() {
        for d in [
            "the president",
            "The President",
            "the Russian leader",
            "the chief US diplomat",
            "the new Ukrainian president",
            "the Prime Minister",
            "the Republican President",
            "Russia's foreign minister",
            "President",
            "Foreign Minister",
            "the Islamic republic",
            "his spokesman",
            "officials",
        ] {
            assert!(is_description(d), "{d}");
        }
        for n in
            ["Donald Trump", "The Hague", "the United States", "The Beatles", "Beatles' Apple Corps", "US", "Trump's"]
        {
            assert!(!is_description(n), "{n}");
        }
    }

    #[test]
    fn a_bare_surname_id_obeys_the_surname_rule() {
        let mut l = Linker::new();
        // An office holder the dictionary named from a bare surname carries the dictionary's id.
        let trump = l.link(&[ent("person:donald-trump", "Donald Trump", P, &["Trump"])]);
        l.link(&[ent("person:ivanka-trump", "Ivanka Trump", P, &["Trump"])]);
        assert_eq!(l.link(&[ent("person:donald-trump", "Trump", P, &[])]), trump);
        let assad = l.link(&[ent("person:asad", "Assad", P, &[])]);
        // The surname-only person takes the first full name that comes.
        assert_eq!(l.link(&[ent("person:bashar-asad", "Bashar al-Assad", P, &["Assad"])]), assad);
        assert_eq!(l.link(&[ent("person:asad", "Assad", P, &[])]), assad);
        // A second Assad: the surname is ambiguous now, and a bare "Assad" is neither, id or not.
        let hafez = l.link(&[ent("person:hafez-asad", "Hafez al-Assad", P, &["Assad"])]);
        assert_ne!(hafez, assad);
        let bare = l.link(&[ent("person:asad", "Assad", P, &[])]);
        assert_ne!(bare, assad);
        assert_ne!(bare, hafez);
        // Later bare Assads join that one, and so does relinking.
        assert_eq!(l.link(&[ent("person:asad", "Assad", P, &[])]), bare);
        assert_eq!(l.link(&[ent("person:asad", "Assad", P, &[])]), bare);
        // A full name no longer promotes anybody by surname.
        let rifaat = l.link(&[ent("person:rifaat-asad", "Rifaat al-Assad", P, &["Assad"])]);
        assert!(![&assad, &hafez, &bare].contains(&&rifaat));
    }

    #[test]
    fn company_forms_and_a_leading_the_are_not_part_of_the_name() {
        let mut l = Linker::new();
        let apple = l.link(&[ent("organisation:aple", "Apple", O, &[])]);
        assert_eq!(l.link(&[ent("organisation:aple-inc", "Apple Inc.", O, &[])]), apple);
        let lingus = l.link(&[ent("organisation:aer-lingus-grup-plc", "Aer Lingus Group PLC", O, &[])]);
        assert_eq!(l.link(&[ent("organisation:aer-lingus", "Aer Lingus", O, &[])]), lingus);
        let beatles = l.link(&[ent("organisation:the-beatles", "The Beatles", O, &[])]);
        assert_eq!(l.link(&[ent("organisation:beatles", "Beatles", O, &[])]), beatles);
        let nasa = l.link(&[ent("organisation:nasa", "NASA", O, &[])]);
        assert_eq!(l.link(&[ent("organisation:nasa", "Nasa", O, &[])]), nasa);
        // "Apple Corps" is a name of its own.
        assert_ne!(l.link(&[ent("organisation:aple-corps", "Apple Corps", O, &[])]), apple);
    }

    #[test]
    fn the_stronger_evidence_wins_whatever_the_order() {
        let mut l = Linker::new();
        let apple = l.link(&[ent("organisation:aple", "Apple", O, &[])]);
        // "Apple Inc." would link to Apple, but "Apple" itself is in the article.
        let both =
            l.link(&[ent("organisation:aple-inc", "Apple Inc.", O, &[]), ent("organisation:aple", "Apple", O, &[])]);
        assert_eq!(both[1], apple[0]);
        assert_ne!(both[0], apple[0]);
        // A surname guess never takes the place of a full name.
        let mut l = Linker::new();
        let kerry = l.link(&[ent("person:john-keri", "John Kerry", P, &["Kerry"])]);
        let both = l.link(&[ent("person:keri", "Kerry", P, &[]), ent("person:john-keri", "John Kerry", P, &[])]);
        assert_eq!(both[1], kerry[0]);
        assert_ne!(both[0], kerry[0]);
    }

    #[test]
    fn relinking_is_stable() {
        let mut l = Linker::new();
        let art = [
            ent("person:john-kerry", "John Kerry", EntityType::Person, &["Kerry"]),
            ent("country:USA", "United States", EntityType::Gpe, &["US"]),
        ];
        let a = l.link(&art);
        let b = l.link(&art);
        assert_eq!(a, b);
    }

    /// A small world of entities as the resolver makes them, each with the aliases an article
    /// may give it: names, surnames, acronyms and initials shared between entities, ids that
    /// collide by transliteration, descriptions.
    const WORLD: &[(&str, EntityType, &[&str])] = &[
        ("Bashar al-Assad", P, &["Assad", "Bashar Assad", "the president", "the Syrian President"]),
        ("Hafez al-Assad", P, &["Assad", "the president"]),
        ("Assad", P, &["the president"]),
        ("Asad", P, &[]),
        ("George Bush", P, &["Bush", "George W. Bush", "the president"]),
        ("Laura Bush", P, &["Bush"]),
        ("Bush", P, &[]),
        ("Kerry", P, &["the Secretary of State"]),
        ("John Kerry", P, &["Kerry", "the chief US diplomat"]),
        ("President", P, &[]),
        ("General Motors", O, &["GM", "General Motors Co."]),
        ("General Mills", O, &["GM"]),
        ("GM", O, &[]),
        ("Google Stadia", O, &["GS", "Stadia"]),
        ("Goldman Sachs", O, &["GS", "Goldman Sachs Group"]),
        ("Grand Slam", O, &[]),
        ("GS", O, &[]),
        ("G.S.", O, &[]),
        ("Apple", O, &["Apple Inc.", "APPLE"]),
        ("Apple Inc.", O, &["Apple"]),
        ("Apple Corps", O, &["Apple"]),
        ("UT", O, &[]),
        ("OUT", O, &[]),
        ("UK Tories", O, &["Tories"]),
        ("Disney Channel", O, &["DC"]),
        ("D.C.", O, &["DC"]),
        ("United States Air Force", O, &["USAF", "Air Force"]),
        ("US Air Force", O, &["USAF", "U.S. Air Force"]),
        ("USAF", O, &[]),
        ("Jordan", P, &[]),
        ("Jordan", EntityType::Gpe, &["Hashemite Kingdom of Jordan"]),
    ];

    /// An article: distinct entities of the world (by id, as the resolver makes ids), each
    /// with some of its aliases.
    fn arb_article() -> impl Strategy<Value = Vec<Entity>> {
        let one = (0..WORLD.len(), prop::collection::vec(any::<bool>(), 4));
        prop::collection::vec(one, 1..5).prop_map(|picked| {
            let mut seen = HashSet::new();
            let mut out = Vec::new();
            for (w, keep) in picked {
                let (name, kind, aliases) = WORLD[w];
                let slug = name_words(name).iter().map(|w| translit(w)).collect::<Vec<_>>().join("-");
                let id = format!("{}:{slug}", kind.as_str());
                if seen.insert(id.clone()) {
                    let aliases = aliases.iter().zip(&keep).filter(|(_, k)| **k).map(|(a, _)| a.to_string()).collect();
                    out.push(Entity { id, name: name.into(), kind, aliases, actor: None, place: None });
                }
            }
            out
        })
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn linking_is_stable_and_never_joins_what_an_article_kept_apart(
            before in prop::collection::vec(arb_article(), 0..6),
            article in arb_article(),
        ) {
            let mut l = Linker::new();
            for a in &before {
                let ids = l.link(a);
                prop_assert_eq!(ids.iter().collect::<HashSet<_>>().len(), a.len(), "{:?} -> {:?}", a, ids);
            }
            let first = l.link(&article);
            prop_assert_eq!(first.iter().collect::<HashSet<_>>().len(), article.len(), "{:?} -> {:?}", &article, &first);
            let second = l.link(&article);
            prop_assert_eq!(&first, &second, "{:?}", &article);
        }
    }
}
