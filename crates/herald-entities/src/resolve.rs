//! From mentions to canonical entities within one article, with actor codes and places.
//!
//! Mentions are read in order. Each name is looked up in the dictionaries (countries and their
//! acronyms, organisations, office holders, buildings that stand for a government, cities) and
//! then matched against the entities the article has already introduced: the same dictionary
//! entry; the same words up to transliteration ("Sergei"/"Sergey"); a surname, or any tail of a
//! full name, of the most recent person who has it ("Assad" after "Bashar al-Assad"); the
//! first word of a person's full name, a family name written first or a first name ("Kim"
//! after "Kim Jong Un", "Xi" after "Xi Jinping"), which outweighs a small town of that name
//! ("Kim", Gujarat) and an office holder known by it, but not a city of 100,000 people or more
//! nor a name after "the" ("the Moon"); an acronym of an organisation's name ("IS" for
//! "Islamic State"). Two full names whose first names differ are never merged, so "George Bush"
//! and "Laura Bush" stay two people, and a bare "Bush" joins whichever of them was named last,
//! as a reader would read it.
//!
//! A country's body named only by generic words ("the Russian Foreign Ministry", "South Korea's
//! Air Force") is that country's own entity, one per country, coded by the country and the
//! sector its head word names (GOV, MIL, LEG, COP, JUD): two countries' foreign ministries in one
//! article, or in the store, stay two.
//!
//! Actor codes follow the CAMEO pattern country + sector ("RUSGOV"): a title stated in the text
//! ("Jordanian Foreign Minister Nasser Judeh") codes the person without any dictionary entry;
//! otherwise the office dictionary says what the person held on the article's date.

use crate::dict::{acronym_key, is_acronym, Day, Dictionaries, KeyMap};
use crate::fold::{name_key, name_words, similar, translit};
use crate::mentions::{Candidate, Role};
use herald_model::{ActorCode, Entity, EntityType, Mention, MentionForm, Place};
use std::collections::HashMap;

/// What a name was found to be in the dictionaries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Known {
    Country(usize),
    /// A country's people ("Afghans", "the Russians"): its own entity, coded as the country.
    People(usize),
    Organisation(usize),
    /// An office holder, by canonical name.
    Person(String),
    /// A building or other place that stands for an institution ("the Kremlin").
    Metonym(String),
    City(usize),
    Region(String),
    /// A country's own body named generically ("the Russian Foreign Ministry"): the country
    /// and the name's folded words.
    Body(usize, String),
    Nothing,
}

struct Draft {
    known: Known,
    kind: EntityType,
    /// Canonical name.
    name: String,
    /// Words of the canonical name, folded.
    words: Vec<String>,
    aliases: Vec<String>,
    role: Option<Role>,
    country: Option<usize>,
    /// The organisation a person is an official of, as an index into
    /// [`Dictionaries::organisations`] ("Kenji Sato, the UN envoy").
    org: Option<usize>,
    /// Index of the last mention, for recency.
    last: usize,
    /// The type was guessed from the name alone (no dictionary, title or name word said it),
    /// so later mentions may correct it.
    guessed: bool,
}

/// The article's entities so far, indexed so that each new mention compares itself with the
/// few entities that could match it, never with all of them: an article naming ten thousand
/// people resolves in linear time.
#[derive(Default)]
struct Drafts {
    list: Vec<Draft>,
    /// By the first and by the last letters (under half of them) of the last word of the
    /// name, transliterated, with its length: a spelling variant ([`similar`]) is one edit
    /// away, so it keeps one of the two.
    by_last: KeyMap<String, Vec<usize>>,
    /// By dictionary entry.
    by_known: KeyMap<Known, usize>,
    /// Names that are acronyms, by their letters.
    acronyms: KeyMap<String, Vec<usize>>,
    /// Other names, by the acronym their initials make.
    initials: KeyMap<String, Vec<usize>>,
    /// By each word of the name, transliterated.
    by_word: KeyMap<String, Vec<usize>>,
}

impl std::ops::Deref for Drafts {
    type Target = [Draft];
    fn deref(&self) -> &[Draft] {
        &self.list
    }
}

impl std::ops::DerefMut for Drafts {
    fn deref_mut(&mut self) -> &mut [Draft] {
        &mut self.list
    }
}

/// How many letters of a word of `n` letters its keys take: under half, so that one edit
/// (which [`similar`] allows) leaves either the first or the last `k` letters intact.
fn key_len(n: usize) -> usize {
    (n.saturating_sub(1) / 2).max(2).min(n)
}

/// The keys of a word of `n` letters, transliterated, as a word of `m` letters is indexed:
/// its first and its last `key_len(m)` letters.
fn keys_as(t: &[char], m: usize) -> [String; 2] {
    let mut keys = [String::new(), String::new()];
    for (side, key) in keys.iter_mut().enumerate() {
        key_as(t, m, side, key);
    }
    keys
}

/// One of [`keys_as`] into `key` (cleared first): `side` 0 is the first letters, 1 the last.
fn key_as(t: &[char], m: usize, side: usize, key: &mut String) {
    use std::fmt::Write;
    let k = key_len(m).min(t.len());
    key.clear();
    let (mark, letters) = if side == 0 { ('<', &t[..k]) } else { ('>', &t[t.len() - k..]) };
    key.push(mark);
    if m < 10 {
        key.push(char::from(b'0' + m as u8));
    } else {
        let _ = write!(key, "{m}");
    }
    key.push(':');
    key.extend(letters);
}

/// The keys a word is indexed under.
fn buckets(word: &str) -> [String; 2] {
    let t: Vec<char> = translit(word).chars().collect();
    keys_as(&t, t.len())
}

impl Drafts {
    fn push(&mut self, draft: Draft) -> usize {
        self.list.push(draft);
        let d = self.list.len() - 1;
        self.index(d);
        d
    }

    /// Indexes a draft under its current name and dictionary entry (old entries stay; every
    /// look-up checks the draft again).
    fn index(&mut self, d: usize) {
        let draft = &self.list[d];
        if draft.known != Known::Nothing {
            self.by_known.entry(draft.known.clone()).or_insert(d);
        }
        for w in draft.words.last().into_iter().chain(bare_company(&draft.words).last()) {
            for b in buckets(w) {
                push_unique(self.by_last.entry(b).or_default(), d);
            }
        }
        if is_acronym(&draft.name) {
            push_unique(self.acronyms.entry(acronym_key(&draft.name)).or_default(), d);
        } else {
            let initials = acronym_of(&draft.name);
            if initials.chars().count() > 1 {
                push_unique(self.initials.entry(initials).or_default(), d);
            }
        }
        for w in &draft.words {
            push_unique(self.by_word.entry(translit(w)).or_default(), d);
        }
    }

    fn known(&self, known: &Known) -> Option<usize> {
        self.by_known.get(known).copied()
    }

    fn set_known(&mut self, d: usize, known: Known) {
        self.list[d].known = known;
        self.index(d);
    }

    /// Drafts whose last name word could be a spelling of `word`.
    fn near(&self, word: &str) -> impl Iterator<Item = usize> + '_ {
        let t: Vec<char> = translit(word).chars().collect();
        let n = t.len();
        let mut key = String::new();
        let mut found = Vec::new();
        for m in n.saturating_sub(1)..=n + 1 {
            for side in 0..2 {
                key_as(&t, m, side, &mut key);
                found.extend(self.by_last.get(key.as_str()).into_iter().flatten().copied());
            }
        }
        found.into_iter()
    }
}

/// A name's words without the company form it ends in ("Apple Inc." → "Apple").
fn bare_company(words: &[String]) -> &[String] {
    let mut bare = words;
    while bare.len() > 1 && crate::link::COMPANY_FORMS.iter().any(|f| bare[bare.len() - 1] == *f) {
        bare = &bare[..bare.len() - 1];
    }
    bare
}

fn push_unique(v: &mut Vec<usize>, d: usize) {
    if v.last() != Some(&d) && !v.contains(&d) {
        v.push(d);
    }
}

/// Resolves one article's mention candidates (in any order) into mentions and entities.
pub fn resolve(
    dict: &Dictionaries,
    text: &str,
    mut cands: Vec<Candidate>,
    dct: Option<Day>,
) -> (Vec<Mention>, Vec<Entity>) {
    cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    cands.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.form == b.form);

    // The article's focus: the countries it names, by count.
    let mut focus: HashMap<String, usize> = HashMap::new();
    for c in &cands {
        // A country named, or a US state; a city of a million people says its country too.
        let place = |name: &str| {
            let state = dict.is_us_state(name).then(|| dict.country_by_iso3("USA")).flatten();
            let city = dict.cities(name).first().filter(|c| c.population >= WORLD_CITY).map(|c| c.country.as_str());
            state.or_else(|| city.and_then(|c| dict.country_by_iso3(c)))
        };
        let named = c.name.and_then(|(s, e)| dict.country(&text[s..e]).or_else(|| place(&text[s..e]))).or(c.country);
        if let Some(i) = named {
            *focus.entry(dict.countries[i].iso3.clone()).or_default() += 1;
        }
    }

    // Countries a sentence states a place to be in ("the north Lebanese port", "Greece's
    // capital"): a name there that some town of that country bears is that town.
    let mut placed: Vec<(usize, usize)> = Vec::new();
    for c in &cands {
        let Some(i) = c.country else { continue };
        let after = text[c.end..].trim_start();
        let after = after.strip_prefix("'s").or_else(|| after.strip_prefix("\u{2019}s")).unwrap_or(after);
        let next = after.split_whitespace().next().unwrap_or("");
        let next = next.trim_end_matches(|ch: char| !ch.is_alphanumeric()).to_lowercase();
        if PLACE_NOUNS.contains(&next.as_str()) {
            placed.push((c.sentence, i));
        }
    }

    let mut drafts = Drafts::default();
    let mut links: Vec<(usize, Candidate, EntityType)> = Vec::new();
    for (ci, c) in cands.into_iter().enumerate() {
        let found = match c.form {
            MentionForm::Name => {
                match defined_acronym(text, &c, &links) {
                    Some(d) => {
                        // Later uses of the acronym find the entity it was defined for.
                        let (s, e) = c.name.unwrap_or((c.start, c.end));
                        let acronym = acronym_key(&text[s..e]);
                        // A name no dictionary knows, defined by an acronym that is a known
                        // organisation's and is the name's own initials ("International Labor
                        // Office (ILO)"), is that organisation.
                        if matches!(drafts[d].known, Known::Nothing) && acronym_of(&drafts[d].name) == acronym {
                            if let Some(i) = dict.organisation(&acronym) {
                                drafts[d].known = Known::Organisation(i);
                                drafts[d].kind = EntityType::Organisation;
                                drafts[d].guessed = false;
                            }
                        }
                        push_unique(drafts.initials.entry(acronym).or_default(), d);
                        Some(d)
                    }
                    None => name_entity(dict, text, &c, &mut drafts, &focus, &placed, ci, dct),
                }
            }
            MentionForm::Modifier => c.country.map(|i| country_entity(dict, &mut drafts, i, ci)),
            MentionForm::Description => match c.same_as {
                // The name is in the same sentence: look no further back.
                Some((s, e)) => links
                    .iter()
                    .rev()
                    .take_while(|(_, l, _)| l.sentence == c.sentence)
                    .find(|(_, l, _)| {
                        let (ls, le) = l.name.unwrap_or((l.start, l.end));
                        ls <= s && e <= le && l.form == MentionForm::Name
                    })
                    .map(|(d, _, _)| *d),
                None => describe(dict, &c, &mut drafts, ci),
            },
        };
        if let Some(d) = found {
            let kind = match c.form {
                MentionForm::Modifier => EntityType::Group,
                _ if c.hint == Some(EntityType::Group) => EntityType::Group,
                _ => drafts[d].kind,
            };
            if c.form != MentionForm::Modifier && c.anaphor.is_none() && c.same_as.is_none() {
                let alias = match c.name {
                    Some((s, e)) => &text[s..e],
                    None => &text[c.start..c.end],
                };
                push_alias(&mut drafts[d], alias);
            }
            // A person's office in an organisation stated beside the name ("Kenji Sato, the UN
            // envoy,"): the person is that organisation's official.
            if c.same_as.is_some() && matches!(drafts[d].known, Known::Nothing | Known::Person(_)) {
                if let Some((o, _, role)) = crate::mentions::org_office(dict, &text[c.start..c.end]) {
                    let free = drafts[d].org.is_none() && drafts[d].country.is_none();
                    if free && (drafts[d].guessed || drafts[d].kind == EntityType::Person) {
                        drafts[d].kind = EntityType::Person;
                        drafts[d].org = Some(o);
                        drafts[d].role = drafts[d].role.take().or(Some(role));
                    }
                }
            }
            if drafts[d].role.is_none() && c.role.is_some() && c.form == MentionForm::Name {
                drafts[d].role = c.role.clone();
                drafts[d].country = drafts[d].country.or(c.country);
            }
            if drafts[d].kind == EntityType::Person && c.form == MentionForm::Name {
                fill_from_offices(dict, &mut drafts[d], dct);
            }
            if c.acts && drafts[d].known == Known::Nothing && drafts[d].kind == EntityType::Facility {
                drafts[d].kind = EntityType::Organisation;
            }
            drafts[d].last = ci;
            links.push((d, c, kind));
        }
    }

    let ids: Vec<String> = drafts.iter().map(|d| entity_id(dict, d)).collect();
    let mentions = links
        .into_iter()
        .map(|(d, c, kind)| Mention {
            start: c.start,
            end: c.end,
            text: text[c.start..c.end].to_string(),
            kind: if kind == EntityType::Group { kind } else { drafts[d].kind },
            form: c.form,
            name_span: c.name,
            sentence: c.sentence,
            entity: ids[d].clone(),
        })
        .collect();
    let entities = drafts
        .iter()
        .zip(ids)
        .map(|(d, id)| Entity {
            id,
            name: d.name.clone(),
            kind: d.kind,
            aliases: d.aliases.iter().filter(|a| **a != d.name).cloned().collect(),
            actor: actor(dict, d, dct),
            place: place(dict, d, dct),
        })
        .collect();
    (mentions, entities)
}

/// An acronym defined in brackets right after a name ("Singapore Airlines (SIA)") is that
/// name's entity.
fn defined_acronym(text: &str, c: &Candidate, links: &[(usize, Candidate, EntityType)]) -> Option<usize> {
    let (s, e) = c.name?;
    if !is_acronym(&text[s..e]) || !text[e..].trim_start().starts_with(')') {
        return None;
    }
    let before = text[..s].trim_end().strip_suffix('(')?.trim_end();
    links
        .iter()
        .rev()
        .take_while(|(_, l, _)| l.sentence == c.sentence)
        .find(|(_, l, _)| l.form == MentionForm::Name && l.name.is_some_and(|(_, le)| text[..le].trim_end() == before))
        .map(|(d, _, _)| *d)
}

fn push_alias(d: &mut Draft, alias: &str) {
    let alias = alias.trim();
    if !alias.is_empty() && !d.aliases.iter().any(|a| a == alias) {
        d.aliases.push(alias.to_string());
    }
}

fn new_draft(drafts: &mut Drafts, known: Known, kind: EntityType, name: &str, ci: usize) -> usize {
    drafts.push(Draft {
        known,
        kind,
        name: name.to_string(),
        words: name_words(name),
        aliases: Vec::new(),
        role: None,
        country: None,
        org: None,
        last: ci,
        guessed: false,
    })
}

fn country_entity(dict: &Dictionaries, drafts: &mut Drafts, i: usize, ci: usize) -> usize {
    if let Some(d) = drafts.known(&Known::Country(i)) {
        return d;
    }
    new_draft(drafts, Known::Country(i), EntityType::Gpe, &dict.countries[i].name, ci)
}

#[allow(clippy::too_many_arguments)]
fn name_entity(
    dict: &Dictionaries,
    text: &str,
    c: &Candidate,
    drafts: &mut Drafts,
    focus: &HashMap<String, usize>,
    placed: &[(usize, usize)],
    ci: usize,
    dct: Option<Day>,
) -> Option<usize> {
    let (s, e) = c.name?;
    let name = own_country_metonym(dict, &text[s..e]).unwrap_or(&text[s..e]);
    let words = name_words(name);
    if words.is_empty() {
        return None;
    }
    // A country's own body named generically ("the Russian Foreign Ministry", "South Korea's
    // army") is one entity per country, whatever other country's body the article names.
    if let Some(i) = c.country.filter(|_| body_sector(&words).is_some() && dict.organisation(name).is_none()) {
        let known = Known::Body(i, words.join(" "));
        if let Some(d) = drafts.known(&known) {
            return Some(d);
        }
        let canonical = format!("{} of {}", strip_article(name), dict.countries[i].name);
        return Some(new_draft(drafts, known, EntityType::Organisation, &canonical, ci));
    }
    // A people ("Afghans") is a group of its own, coded as its country.
    if c.hint == Some(EntityType::Group) {
        let i = c.country?;
        if let Some(d) = drafts.known(&Known::People(i)) {
            return Some(d);
        }
        return Some(new_draft(drafts, Known::People(i), EntityType::Group, strip_article(name), ci));
    }
    let person_hint = c.hint == Some(EntityType::Person);
    // A name after "the" ("the Moon") is not a person's surname or first name.
    let after_the = text[..s].split_whitespace().next_back().is_some_and(|w| w.eq_ignore_ascii_case("the"));
    // …unless the name stands before the government it heads ("the Reagan administration",
    // "the Blair government"): that is an office holder's surname.
    let governs = after_the
        && text[e..].split_whitespace().next().is_some_and(|w| {
            let w = w.trim_end_matches(|ch: char| !ch.is_alphanumeric()).to_lowercase();
            GOVERNMENT_OF.contains(&w.as_str())
        });
    // Nor is the name of a sizeable city ("Cleveland" after "Cleveland Indians").
    let first_named = first_name_of_person(drafts, &words).filter(|_| {
        !is_acronym(name) && !after_the && dict.cities(name).first().is_none_or(|c| c.population < 100_000)
    });
    // A town the sentence places in a country ("Tripoli … the north Lebanese port") is that
    // country's, before any capital of the same name.
    let placed_town = placed.iter().filter(|&&(sentence, _)| sentence == c.sentence).find_map(|&(_, k)| {
        dict.city_ids(name).into_iter().find(|&i| dict.cities[i].country == dict.countries[k].iso3)
    });
    let known = if person_hint {
        Known::Nothing
    } else if let Some(i) = korea_by_side(dict, drafts, &words).filter(|_| after_the) {
        Known::Country(i)
    } else if let Some(i) = dict.country(name) {
        Known::Country(named_then(dict, name, i, dct))
    } else if let Some(i) = dict.organisation(name) {
        Known::Organisation(i)
    } else if let Some(i) = placed_town {
        Known::City(i)
    } else if let Some(m) = dict.metonym(name) {
        // A capital is a city (that also stands for its government); a building is a metonym.
        match dict.city_ids(name).into_iter().find(|&i| dict.cities[i].country == m.country) {
            Some(i) => Known::City(i),
            None => Known::Metonym(name_words(name).join(" ")),
        }
    } else if let Some(r) = dict.region(name) {
        Known::Region(r.name.clone())
    } else {
        Known::Nothing
    };
    // A name two holders share ("George Bush") is the one in office on the article's day.
    let terms = dict.offices_of(name);
    let on_day = |o: &&&crate::dict::Office| dct.is_some_and(|d| o.start <= d && o.end.is_none_or(|e| d <= e));
    let holder = terms.iter().find(on_day).or(terms.first()).map(|o| o.person.clone());
    let known = match known {
        Known::Nothing => match holder {
            Some(p) => Known::Person(p),
            None => match dict.holder_by_surname_on(name, dct) {
                // A surname alone names an office holder only when the article named no one
                // else by it.
                Some(p)
                    if first_named.is_none()
                        && (!after_the || governs)
                        && !words.last().is_some_and(|w| {
                            drafts
                                .near(w)
                                .any(|d| drafts[d].kind == EntityType::Person && drafts[d].words.last() == Some(w))
                        }) =>
                {
                    Known::Person(p.to_string())
                }
                _ => Known::Nothing,
            },
        },
        k => k,
    };

    // Already in the article?
    if known != Known::Nothing {
        if let Some(d) = drafts.known(&known) {
            return Some(d);
        }
    }
    // A name that could be a place does not take a guessed name's tail ("Paris" after
    // "Valeska Paris").
    let placeable = !person_hint && !dict.city_ids(name).is_empty();
    // A name ending in a place ("Southern Indiana") is not a short form of an organisation
    // "of" that place ("the University of Southern Indiana").
    let place_tail = placeable
        || name
            .split_whitespace()
            .last()
            .is_some_and(|w| dict.region(w).is_some() || dict.country(w).is_some() || !dict.city_ids(w).is_empty());
    // A dictionary entry other than a person is its own entity, never a short form of another.
    let open = matches!(known, Known::Nothing | Known::Person(_));
    if let Some(d) = match_existing(drafts, name, &words, !placeable, place_tail).filter(|_| open) {
        if let Known::Person(_) = &known {
            if drafts[d].known == Known::Nothing {
                drafts.set_known(d, known);
            }
        }
        // A guessed name that a later mention describes as a person is that person ("Elon
        // Musk", then "SpaceX founder Elon Musk").
        if drafts[d].guessed && c.hint == Some(EntityType::Person) && words.len() >= 2 {
            drafts[d].kind = EntityType::Person;
            drafts[d].guessed = false;
        }
        // So is a guessed name that a person's full name then takes up ("Andy Warhol" after
        // "Warhol").
        if drafts[d].guessed && words.len() != drafts[d].words.len() && !is_acronym(name) {
            let personal = c.hint == Some(EntityType::Person) || guess_kind(c, &words, name, &[]) == EntityType::Person;
            if words.len() > drafts[d].words.len() && personal {
                drafts[d].kind = EntityType::Person;
                drafts[d].guessed = false;
            }
        }
        // An organisation first named by its acronym takes the full name when it comes.
        if drafts[d].kind == EntityType::Organisation
            && drafts[d].known == Known::Nothing
            && is_acronym(&drafts[d].name)
            && !is_acronym(name)
        {
            drafts[d].name = strip_article(name).to_string();
            drafts[d].words = words.clone();
            drafts.index(d);
        }
        // The longer form of a person's name becomes the canonical one.
        if drafts[d].kind == EntityType::Person
            && words.len() > drafts[d].words.len()
            && !matches!(drafts[d].known, Known::Person(_))
        {
            drafts[d].name = name.to_string();
            drafts[d].words = words;
            drafts.index(d);
        }
        return Some(d);
    }
    // The first word of a person's name the article gave in full: a family name written first
    // ("Kim" after "Kim Jong Un", "Xi" after "Xi Jinping"), or a first name ("Hillary"). It
    // outweighs a small town of that name and an office holder known by it.
    if let Some(d) = first_named.filter(|_| open) {
        return Some(d);
    }

    let (known, kind, canonical) = match known {
        Known::Country(i) => (Known::Country(i), EntityType::Gpe, dict.countries[i].name.clone()),
        Known::Organisation(i) => {
            (Known::Organisation(i), EntityType::Organisation, dict.organisations[i].name.clone())
        }
        Known::Person(p) if governs => {
            // The government a leader heads is the leader's country's, whatever the date: the
            // country every term of the holder's is in, with the most senior of those offices.
            let mut terms = dict.offices_of(&p);
            terms.sort_by_key(|o| rank(&o.office));
            let country = terms.first().map(|o| o.country.clone()).filter(|c| terms.iter().all(|o| &o.country == c));
            let d = new_draft(drafts, Known::Person(p.clone()), EntityType::Person, &p, ci);
            if let Some((i, o)) = country.and_then(|c| dict.country_by_iso3(&c)).zip(terms.first()) {
                drafts[d].country = Some(i);
                drafts[d].role =
                    Some(Role { title: String::new(), office: o.office.clone(), sector: Some("GOV".into()) });
            }
            return Some(d);
        }
        Known::Person(p) => (Known::Person(p.clone()), EntityType::Person, p),
        Known::Region(r) => {
            // A state governs itself; other regions are places on the map.
            let kind =
                if dict.region(&r).is_some_and(|x| x.kind == "state") { EntityType::Gpe } else { EntityType::Location };
            (Known::Region(r.clone()), kind, r)
        }
        Known::Metonym(k) => {
            // A building that stands for an institution is a facility unless it acts; a
            // department or ministry named by its country's usage is an organisation.
            let body = words.last().is_some_and(|w| crate::mentions::ORG_WORDS.contains(&w.as_str()));
            let kind = if c.acts || body { EntityType::Organisation } else { EntityType::Facility };
            (Known::Metonym(k), kind, strip_article(name).to_string())
        }
        _ => {
            // An acronym is not a city's name written in capitals ("GAO" is not Gao, Mali), nor
            // is a planet's name a town's ("Jupiter", Florida).
            let city = if let Some(i) = placed_town.filter(|_| !person_hint) {
                Some(i)
            } else if person_hint
                || is_acronym(name)
                || crate::mentions::is_planet(name)
                || matches!(c.hint, Some(EntityType::Organisation | EntityType::Facility))
            {
                None
            } else {
                pick_city(dict, name, focus, c.country.map(|i| dict.countries[i].iso3.as_str()))
            };
            match city {
                Some(i) => {
                    if let Some(d) = drafts.known(&Known::City(i)) {
                        return Some(d);
                    }
                    (Known::City(i), EntityType::Gpe, dict.cities[i].name.clone())
                }
                None => match dict.country_misspelt(name) {
                    Some(i) => return Some(country_entity(dict, drafts, i, ci)),
                    None => {
                        // Words that are themselves countries or big cities ("Boston" in
                        // "Boston Globe") make a name unlikely to be a person's.
                        let places: Vec<String> = name
                            .split_whitespace()
                            .filter(|w| {
                                dict.country(w).is_some()
                                    || dict.cities(w).first().is_some_and(|c| c.population >= 500_000)
                            })
                            .flat_map(name_words)
                            .collect();
                        // A Chinese or Korean family name alone ("Kim" in "North Korea's
                        // Kim"), not after "the" ("the Moon").
                        let family = c.hint.is_none()
                            && !after_the
                            && words.len() == 1
                            && crate::names::is_family_name(name.trim_end_matches("'s"));
                        let kind = if family { EntityType::Person } else { guess_kind(c, &words, name, &places) };
                        let d = new_draft(drafts, Known::Nothing, kind, strip_article(name), ci);
                        drafts[d].guessed = c.hint.is_none();
                        return Some(d);
                    }
                },
            }
        }
    };
    Some(new_draft(drafts, known, kind, &canonical, ci))
}

/// "The North" and "the South" in an article that has named either Korea: the Korea of that side.
fn korea_by_side(dict: &Dictionaries, drafts: &Drafts, words: &[String]) -> Option<usize> {
    let iso3 = match words {
        [w] if w == "north" => "PRK",
        [w] if w == "south" => "KOR",
        _ => return None,
    };
    let korea = |c: &str| dict.country_by_iso3(c).filter(|&i| drafts.known(&Known::Country(i)).is_some());
    korea("PRK").or_else(|| korea("KOR"))?;
    dict.country_by_iso3(iso3)
}

/// A metonym after the name of the country it stands for ("US State Department" is the State
/// Department): the metonym's part of the name.
fn own_country_metonym<'t>(dict: &Dictionaries, name: &'t str) -> Option<&'t str> {
    let mut cut = 0;
    for _ in 0..2 {
        cut += name[cut..].find(' ')? + 1;
        let (country, rest) = (name[..cut].trim_end(), &name[cut..]);
        if let (Some(i), Some(m)) = (dict.country(country), dict.metonym(rest)) {
            if dict.countries[i].iso3 == m.country {
                return Some(rest);
            }
        }
    }
    None
}

/// The sector of a body named only by generic words ("Foreign Ministry", "Ministry of Foreign
/// Affairs", "Air Force", "National Assembly"), from its head word; `None` for any other name.
fn body_sector(words: &[String]) -> Option<&'static str> {
    const MODIFIERS: &[&str] = &[
        "affairs",
        "air",
        "armed",
        "central",
        "coast",
        "constitutional",
        "defence",
        "defense",
        "economy",
        "federal",
        "finance",
        "foreign",
        "health",
        "high",
        "home",
        "interior",
        "justice",
        "national",
        "of",
        "people's",
        "royal",
        "state",
        "supreme",
        "the",
        "trade",
    ];
    const HEADS: &[(&str, &str)] = &[
        ("army", "MIL"),
        ("assembly", "LEG"),
        ("cabinet", "GOV"),
        ("court", "JUD"),
        ("embassy", "GOV"),
        ("force", "MIL"),
        ("forces", "MIL"),
        ("government", "GOV"),
        ("guard", "MIL"),
        ("military", "MIL"),
        ("ministry", "GOV"),
        ("navy", "MIL"),
        ("parliament", "LEG"),
        ("police", "COP"),
        ("senate", "LEG"),
    ];
    let mut sector = None;
    for w in words {
        match HEADS.iter().find(|(h, _)| h == w) {
            Some((_, s)) => sector = sector.or(Some(*s)),
            None if MODIFIERS.contains(&w.as_str()) => {}
            None => return None,
        }
    }
    sector
}

fn strip_article(name: &str) -> &str {
    crate::dict::strip_the(name)
}

/// The type of a name no dictionary knows, from the text's own evidence.
fn guess_kind(c: &Candidate, words: &[String], name: &str, places: &[String]) -> EntityType {
    if let Some(h) = c.hint {
        return h;
    }
    if is_acronym(name) {
        return EntityType::Organisation;
    }
    let capitalised = name.split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase));
    // A given name before the last word ("Tom Cruise", "Scientologist Tom Cruise").
    let parts: Vec<&str> = name.split_whitespace().collect();
    let given = parts.len() > 1
        && parts[..parts.len() - 1].iter().any(|w| crate::names::is_given_name(w.trim_end_matches('.')));
    let east_asian = crate::names::is_east_asian_name(&parts);
    if (2..=4).contains(&words.len())
        && capitalised
        && (given || east_asian)
        && !words.iter().any(|w| places.contains(w))
    {
        return EntityType::Person;
    }
    EntityType::Organisation
}

/// Population from which a city is known without context (see [`pick_city`]).
const WORLD_CITY: u64 = 1_000_000;

/// The city a name most likely means: one in a country the article is about, else the most
/// populous. A city of a million people or more is known without context: it counts as if its
/// country were the article's focus, so "Rome" in an article about American diplomats is still
/// Italy's capital and not the town in Georgia (a town the text places, "Rome, New York", is
/// taken as stated).
fn pick_city(dict: &Dictionaries, name: &str, focus: &HashMap<String, usize>, stated: Option<&str>) -> Option<usize> {
    let ids = dict.city_ids(name);
    // The country the text states beside the name ("Everett, Washington") decides first.
    let in_stated: Vec<usize> =
        ids.iter().copied().filter(|&i| stated == Some(dict.cities[i].country.as_str())).collect();
    let ids = if in_stated.is_empty() { ids } else { in_stated };
    let best = ids.into_iter().max_by_key(|&i| {
        let c = &dict.cities[i];
        let focus = if c.population >= WORLD_CITY { 3 } else { focus.get(&c.country).copied().unwrap_or(0).min(3) };
        (focus, c.population / 100_000, c.population)
    })?;
    // A town the article gives no reason to think of is not what a bare name means: a town
    // that only lists the name among its other names ("Progress" for El Progreso), or a small
    // town in a country the article never names whose name is also a person's ("Kim", Gujarat,
    // for North Korea's leader; "Obama", Fukui, for the president). Jericho stays Jericho.
    let c = &dict.cities[best];
    let in_focus = stated.is_some() || focus.get(&c.country).is_some_and(|&n| n > 0);
    let by_alias = name_key(&c.name) != name_key(name);
    let personal =
        || crate::names::is_given_name(name) || crate::names::is_family_name(name) || dict.is_holder_surname(name);
    let known =
        in_focus || if by_alias { c.population >= WORLD_CITY } else { c.population >= SMALL_TOWN || !personal() };
    known.then_some(best)
}

/// Nouns for the government a leader heads, after the leader's surname ("the Bush
/// administration").
const GOVERNMENT_OF: &[&str] = &["administration", "government", "cabinet", "presidency", "regime"];

/// Nouns for a town, after the country that places it ("the Lebanese port").
const PLACE_NOUNS: &[&str] = &["port", "city", "town", "capital", "village", "harbour", "harbor"];

/// Population below which a city needs its country in the article (see [`pick_city`]).
const SMALL_TOWN: u64 = 50_000;

/// The person most recently named in full (two words or more) whose first word is this
/// one-word name.
fn first_name_of_person(drafts: &Drafts, words: &[String]) -> Option<usize> {
    let [word] = words else { return None };
    let found = drafts.by_word.get(&translit(word))?;
    found
        .iter()
        .copied()
        .filter(|&d| {
            let draft = &drafts[d];
            draft.kind == EntityType::Person && draft.words.len() >= 2 && translit(&draft.words[0]) == translit(word)
        })
        .max_by_key(|&d| drafts[d].last)
}

/// An entity the article already introduced that this name refers to.
fn match_existing(drafts: &Drafts, name: &str, words: &[String], guessed_ok: bool, place: bool) -> Option<usize> {
    let mut best: Option<usize> = None;
    // An acronym matches the names whose initials it is; a name matches the acronyms of its
    // initials.
    let spelled = if is_acronym(name) { drafts.initials.get(&acronym_key(name)) } else { None };
    let bare = bare_company(words);
    let near: Vec<usize> = words.last().into_iter().chain(bare.last()).flat_map(|w| drafts.near(w)).collect();
    let by_acronym = spelled.into_iter().chain(drafts.acronyms.get(&acronym_of(name))).flatten().copied();
    for d in near.into_iter().chain(by_acronym) {
        let draft = &drafts[d];
        if draft.kind == EntityType::Group {
            continue;
        }
        let person = draft.kind == EntityType::Person || (draft.guessed && guessed_ok);
        // "Apple Inc." and "Apple" are one company.
        let company = draft.kind == EntityType::Organisation && {
            let other = bare_company(&draft.words);
            (bare.len() < words.len() || other.len() < draft.words.len())
                && bare.len() == other.len()
                && bare.iter().zip(other).all(|(a, b)| similar(a, b))
        };
        let same = if words.len() == draft.words.len() {
            words.iter().zip(&draft.words).all(|(a, b)| similar(a, b))
        } else if words.len() < draft.words.len() {
            // A tail of a longer person's name ("Assad", "Lavrov").
            person && words.iter().rev().zip(draft.words.iter().rev()).all(|(a, b)| similar(a, b))
        } else {
            // A longer form of an earlier surname-only mention.
            person && draft.words.len() == 1 && words.last().is_some_and(|w| similar(w, &draft.words[0]))
        };
        // The initials index also holds acronyms an article defined in brackets.
        let acronym = spelled.is_some_and(|v| v.contains(&d))
            || is_acronym(&draft.name) && acronym_of(name) == acronym_key(&draft.name);
        if (same || acronym || company) && best.is_none_or(|b| drafts[b].last < draft.last) {
            best = Some(d);
        }
    }
    best.or_else(|| part_of_organisation(drafts, words, place))
}

/// A short form of the one organisation in the article whose name contains it as a run of
/// words: "Scientology" or "the Church" for "the Church of Scientology", "the Court" for "the
/// Supreme Court of Cassation", "Northrop" for "Northrop Grumman". Two candidates ("the
/// Party" with a Labour Party and a Civic Party) make it no match.
fn part_of_organisation(drafts: &Drafts, words: &[String], place: bool) -> Option<usize> {
    let first = translit(words.first()?);
    let mut found = None;
    for &d in drafts.by_word.get(&first).into_iter().flatten() {
        let draft = &drafts[d];
        let org = draft.kind == EntityType::Organisation && draft.known == Known::Nothing;
        if !org || draft.words.len() <= words.len() {
            continue;
        }
        let inside = draft.words.windows(words.len()).enumerate().any(|(at, w)| {
            w.iter().zip(words).all(|(a, b)| similar(a, b)) && !(place && at > 0 && draft.words[at - 1] == "of")
        });
        if inside {
            if found.is_some_and(|f| f != d) {
                return None;
            }
            found = Some(d);
        }
    }
    found
}

/// Initials of a name's capitalised words ("Islamic State of Iraq and Syria" → "ISIS").
fn acronym_of(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect()
}

/// A description: the person in the article who holds the role it names, or the country an
/// epithet names.
fn describe(dict: &Dictionaries, c: &Candidate, drafts: &mut Drafts, ci: usize) -> Option<usize> {
    if let Some(noun) = c.anaphor {
        return antecedent(dict, drafts, noun, c.hint);
    }
    match &c.role {
        None => c.country.map(|i| country_entity(dict, drafts, i, ci)),
        Some(role) => {
            let wanted_country = c.country.map(|i| dict.countries[i].iso3.clone());
            let fits = |d: &Draft| {
                d.kind == EntityType::Person
                    && d.role.as_ref().is_some_and(|r| {
                        same_office(&r.office, &role.office) || r.title.eq_ignore_ascii_case(&role.title)
                    })
                    && wanted_country.as_ref().is_none_or(|w| d.country.is_some_and(|i| dict.countries[i].iso3 == *w))
            };
            let found: Vec<usize> = (0..drafts.len()).filter(|&d| fits(&drafts[d])).collect();
            match found.as_slice() {
                [one] => Some(*one),
                _ => None,
            }
        }
    }
}

/// What a generic description points back to: an organisation whose name holds the noun
/// ("the church" → "the Church of Scientology"), else, for the nouns that name a kind of place
/// or body, the entity of that kind the article named last ("the country", "the company").
fn antecedent(dict: &Dictionaries, drafts: &Drafts, noun: &str, kind: Option<EntityType>) -> Option<usize> {
    let folded = [noun.to_string()];
    if let Some(d) = part_of_organisation(drafts, &folded, false) {
        return Some(d);
    }
    let fits = |d: &Draft| match noun {
        "country" | "nation" => matches!(d.known, Known::Country(_)),
        "city" | "town" => matches!(d.known, Known::City(_)),
        // A capital city stands for its government in the metonym table.
        "capital" => matches!(d.known, Known::City(_)) && dict.metonym(&d.name).is_some(),
        "region" => matches!(d.known, Known::Region(_)),
        "company" | "firm" | "organization" | "organisation" | "group" => d.kind == EntityType::Organisation,
        _ => kind.is_some_and(|k| k == d.kind) && d.words.iter().any(|w| w == noun),
    };
    drafts.iter().enumerate().filter(|(_, d)| fits(d)).max_by_key(|(_, d)| d.last).map(|(i, _)| i)
}

/// Heads of state and of government are both "leaders".
fn same_office(a: &str, b: &str) -> bool {
    a == b || (a.starts_with("head_of_") && b.starts_with("head_of_"))
}

fn slug(s: &str) -> String {
    name_words(s).iter().map(|w| translit(w)).collect::<Vec<_>>().join("-")
}

fn entity_id(dict: &Dictionaries, d: &Draft) -> String {
    match &d.known {
        Known::Country(i) => format!("country:{}", dict.countries[*i].iso3),
        Known::People(i) => format!("people:{}", dict.countries[*i].iso3),
        Known::Organisation(i) => format!("org:{}", dict.organisations[*i].code),
        Known::City(i) => format!("city:{}", dict.cities[*i].geonames),
        Known::Person(p) => format!("person:{}", slug(p)),
        Known::Metonym(k) => format!("facility:{}", k.replace(' ', "-")),
        Known::Region(r) => format!("location:{}", slug(r)),
        Known::Body(i, w) => format!("organisation:{}-{}", dict.countries[*i].iso3.to_lowercase(), slug(w)),
        Known::Nothing => format!("{}:{}", d.kind.as_str(), slug(&d.name)),
    }
}

fn code(country: Option<&str>, sector: Option<&str>) -> String {
    format!("{}{}", country.unwrap_or(""), sector.unwrap_or(""))
}

fn actor(dict: &Dictionaries, d: &Draft, dct: Option<Day>) -> Option<ActorCode> {
    match &d.known {
        Known::Country(i) | Known::People(i) => {
            let iso = &dict.countries[*i].iso3;
            Some(ActorCode {
                code: iso.clone(),
                country: Some(iso.clone()),
                sector: None,
                role: None,
                basis: "name".into(),
            })
        }
        Known::Organisation(i) => {
            let o = &dict.organisations[*i];
            Some(ActorCode {
                code: o.code.clone(),
                country: o.country.clone(),
                sector: o.sector.clone(),
                role: None,
                basis: "name".into(),
            })
        }
        Known::Metonym(_) | Known::City(_) => {
            let stands = dict.metonym(&d.name)?;
            // Only the capital stands for its government, not a town of the same name elsewhere.
            if let Known::City(i) = &d.known {
                if dict.cities[*i].country != stands.country {
                    return None;
                }
            }
            // Before its state existed, its capital-to-be stood for no government.
            if country_on(&stands.country, dct) != stands.country {
                return None;
            }
            Some(ActorCode {
                code: code(Some(&stands.country), stands.sector.as_deref()),
                country: Some(stands.country.clone()),
                sector: stands.sector.clone(),
                role: None,
                basis: "name".into(),
            })
        }
        Known::Body(i, w) => {
            let iso = &dict.countries[*i].iso3;
            let words: Vec<String> = w.split(' ').map(String::from).collect();
            let sector = body_sector(&words).map(String::from);
            Some(ActorCode {
                code: code(Some(iso), sector.as_deref()),
                country: Some(iso.clone()),
                sector,
                role: None,
                basis: "text".into(),
            })
        }
        Known::Person(_) | Known::Nothing if d.kind == EntityType::Person => person_actor(dict, d, dct),
        _ => None,
    }
}

fn person_actor(dict: &Dictionaries, d: &Draft, dct: Option<Day>) -> Option<ActorCode> {
    let from_dict = dct.and_then(|day| held_on(dict, d, day));
    let role = d.role.as_ref()?;
    // An organisation's official stands for the organisation (its code, as "UNO" for the UN
    // Secretary-General in the office table).
    let country = d
        .country
        .map(|i| dict.countries[i].iso3.clone())
        .or_else(|| from_dict.map(|o| o.country.clone()))
        .or_else(|| d.org.map(|o| dict.organisations[o].code.clone()));
    let stated = !role.title.is_empty();
    Some(ActorCode {
        code: code(country.as_deref(), role.sector.as_deref()),
        country,
        sector: role.sector.clone(),
        role: Some(role.office.clone()),
        basis: if stated { "text" } else { "dictionary" }.into(),
    })
}

/// What the office dictionary says a person held on the article's date, where the text did not
/// say it: the role, and the country of a role the text stated without one.
fn fill_from_offices(dict: &Dictionaries, d: &mut Draft, dct: Option<Day>) {
    if d.role.is_some() && d.country.is_some() {
        return;
    }
    let Some(o) = dct.and_then(|day| held_on(dict, d, day)) else { return };
    let (office, country) = (o.office.clone(), dict.country_by_iso3(&o.country));
    if d.role.is_none() {
        d.role = Some(Role { title: String::new(), office, sector: Some("GOV".into()) });
    }
    d.country = d.country.or(country);
}

/// The most senior office a person held on `day`.
fn held_on<'d>(dict: &'d Dictionaries, d: &Draft, day: Day) -> Option<&'d crate::dict::Office> {
    let mut v: Vec<_> = d
        .aliases
        .iter()
        .chain(std::iter::once(&d.name))
        .flat_map(|n| dict.offices_of(n))
        .filter(|o| o.start <= day && o.end.is_none_or(|e| day <= e))
        .collect();
    v.sort_by_key(|o| rank(&o.office));
    v.into_iter().next()
}

fn rank(office: &str) -> u8 {
    match office {
        "head_of_state" => 0,
        "head_of_government" => 1,
        "foreign_minister" => 2,
        "defence_minister" => 3,
        _ => 4,
    }
}

/// The country a bare name meant on `day` when another state bore it then: while the
/// Democratic Republic of the Congo was Zaire (27 October 1971 to 17 May 1997), "Congo" alone
/// was the Republic of the Congo.
fn named_then(dict: &Dictionaries, name: &str, i: usize, day: Option<Day>) -> usize {
    // (the name's key, the state that bears it now, the state that bore it alone, from, to).
    const RENAMED: &[(&str, &str, &str, Day, Day)] = &[("congo", "COD", "COG", 19711027, 19970517)];
    let key = name_key(crate::dict::strip_the(name));
    RENAMED
        .iter()
        .find(|&&(k, now, _, from, to)| {
            k == key && dict.countries[i].iso3 == now && day.is_some_and(|d| from <= d && d < to)
        })
        .and_then(|&(_, _, then, _, _)| dict.country_by_iso3(then))
        .unwrap_or(i)
}

/// The state a town of `iso3` was in on `day`: a town of a state that seceded later was in the
/// state it seceded from (Juba was in Sudan until South Sudan's independence, 9 July 2011).
fn country_on(iso3: &str, day: Option<Day>) -> &str {
    // (the later state, the state it left, the first day of independence as a [`Day`]): the
    // secessions since 1990 from states that still bear their name (the states of the former
    // Soviet Union and Yugoslavia, whose parent states are gone, are not here).
    const SECESSIONS: &[(&str, &str, Day)] =
        &[("ERI", "ETH", 19930524), ("MNE", "SRB", 20060603), ("SSD", "SDN", 20110709), ("XKX", "SRB", 20080217)];
    SECESSIONS
        .iter()
        .find(|&&(new, _, from)| new == iso3 && day.is_some_and(|d| d < from))
        .map_or(iso3, |&(_, old, _)| old)
}

fn place(dict: &Dictionaries, d: &Draft, dct: Option<Day>) -> Option<Place> {
    match &d.known {
        Known::Country(i) => {
            let c = &dict.countries[*i];
            Some(Place {
                kind: "country".into(),
                country: c.iso3.clone(),
                lat: None,
                lon: None,
                population: c.population,
                geonames: None,
            })
        }
        Known::Region(r) => {
            let r = dict.region(r)?;
            Some(Place {
                kind: r.kind.clone(),
                country: r.country.clone()?,
                lat: None,
                lon: None,
                population: None,
                geonames: None,
            })
        }
        Known::City(i) => {
            let c = &dict.cities[*i];
            Some(Place {
                kind: "city".into(),
                country: country_on(&c.country, dct).to_string(),
                lat: Some(c.lat),
                lon: Some(c.lon),
                population: Some(c.population),
                geonames: Some(c.geonames),
            })
        }
        _ => None,
    }
}
