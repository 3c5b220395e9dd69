//! From mentions to canonical entities within one article, with actor codes and places.
//!
//! Mentions are read in order. Each name is looked up in the dictionaries (countries and their
//! acronyms, organisations, office holders, buildings that stand for a government, cities) and
//! then matched against the entities the article has already introduced: the same dictionary
//! entry; the same words up to transliteration ("Sergei"/"Sergey"); a surname, or any tail of a
//! full name, of the most recent person who has it ("Assad" after "Bashar al-Assad"); an
//! acronym of an organisation's name ("IS" for "Islamic State"). Two full names whose first
//! names differ are never merged, so "George Bush" and "Laura Bush" stay two people, and a bare
//! "Bush" joins whichever of them was named last, as a reader would read it.
//!
//! Actor codes follow the CAMEO pattern country + sector ("RUSGOV"): a title stated in the text
//! ("Jordanian Foreign Minister Nasser Judeh") codes the person without any dictionary entry;
//! otherwise the office dictionary says what the person held on the article's date.

use crate::dict::{acronym_key, is_acronym, Day, Dictionaries};
use crate::fold::{name_words, similar, translit};
use crate::mentions::{Candidate, Role};
use herald_model::{ActorCode, Entity, EntityType, Mention, MentionForm, Place};
use std::collections::HashMap;

/// What a name was found to be in the dictionaries.
#[derive(Debug, Clone, PartialEq)]
enum Known {
    Country(usize),
    Organisation(usize),
    /// An office holder, by canonical name.
    Person(String),
    /// A building or other place that stands for an institution ("the Kremlin").
    Metonym(String),
    City(usize),
    Region(String),
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
    /// Index of the last mention, for recency.
    last: usize,
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
        let named = c.name.and_then(|(s, e)| dict.country(&text[s..e])).or(c.country);
        if let Some(i) = named {
            *focus.entry(dict.countries[i].iso3.clone()).or_default() += 1;
        }
    }

    let mut drafts: Vec<Draft> = Vec::new();
    let mut links: Vec<(usize, Candidate, EntityType)> = Vec::new();
    for (ci, c) in cands.into_iter().enumerate() {
        let found = match c.form {
            MentionForm::Name => name_entity(dict, text, &c, &mut drafts, &focus, ci),
            MentionForm::Modifier => c.country.map(|i| country_entity(dict, &mut drafts, i, ci)),
            MentionForm::Description => describe(dict, &c, &mut drafts, ci),
        };
        if let Some(d) = found {
            let kind = match c.form {
                MentionForm::Modifier => EntityType::Group,
                _ if c.hint == Some(EntityType::Group) => EntityType::Group,
                _ => drafts[d].kind,
            };
            if c.form != MentionForm::Modifier {
                let alias = match c.name {
                    Some((s, e)) => &text[s..e],
                    None => &text[c.start..c.end],
                };
                push_alias(&mut drafts[d], alias);
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
            place: place(dict, d),
        })
        .collect();
    (mentions, entities)
}

fn push_alias(d: &mut Draft, alias: &str) {
    let alias = alias.trim();
    if !alias.is_empty() && !d.aliases.iter().any(|a| a == alias) {
        d.aliases.push(alias.to_string());
    }
}

fn new_draft(drafts: &mut Vec<Draft>, known: Known, kind: EntityType, name: &str, ci: usize) -> usize {
    drafts.push(Draft {
        known,
        kind,
        name: name.to_string(),
        words: name_words(name),
        aliases: Vec::new(),
        role: None,
        country: None,
        last: ci,
    });
    drafts.len() - 1
}

fn country_entity(dict: &Dictionaries, drafts: &mut Vec<Draft>, i: usize, ci: usize) -> usize {
    if let Some(d) = drafts.iter().position(|d| d.known == Known::Country(i)) {
        return d;
    }
    new_draft(drafts, Known::Country(i), EntityType::Gpe, &dict.countries[i].name, ci)
}

fn name_entity(
    dict: &Dictionaries,
    text: &str,
    c: &Candidate,
    drafts: &mut Vec<Draft>,
    focus: &HashMap<String, usize>,
    ci: usize,
) -> Option<usize> {
    let (s, e) = c.name?;
    let name = &text[s..e];
    let words = name_words(name);
    if words.is_empty() {
        return None;
    }
    // A people ("Afghans") is its country's group.
    if c.hint == Some(EntityType::Group) {
        return c.country.map(|i| country_entity(dict, drafts, i, ci));
    }
    let person_hint = c.hint == Some(EntityType::Person);
    let known = if person_hint {
        Known::Nothing
    } else if let Some(i) = dict.country(name) {
        Known::Country(i)
    } else if let Some(i) = dict.organisation(name) {
        Known::Organisation(i)
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
    let known = match known {
        Known::Nothing => match dict.offices_of(name).first() {
            Some(o) => Known::Person(o.person.clone()),
            None => match dict.holder_by_surname(name) {
                // A surname alone names an office holder only when the article named no one
                // else by it.
                Some(p) if !drafts.iter().any(|d| d.kind == EntityType::Person && d.words.last() == words.last()) => {
                    Known::Person(p.to_string())
                }
                _ => Known::Nothing,
            },
        },
        k => k,
    };

    // Already in the article?
    if known != Known::Nothing {
        if let Some(d) = drafts.iter().position(|d| d.known == known) {
            return Some(d);
        }
    }
    if let Some(d) = match_existing(drafts, name, &words) {
        if let Known::Person(_) = &known {
            if drafts[d].known == Known::Nothing {
                drafts[d].known = known;
            }
        }
        // The longer form of a person's name becomes the canonical one.
        if drafts[d].kind == EntityType::Person
            && words.len() > drafts[d].words.len()
            && !matches!(drafts[d].known, Known::Person(_))
        {
            drafts[d].name = name.to_string();
            drafts[d].words = words;
        }
        return Some(d);
    }

    let (known, kind, canonical) = match known {
        Known::Country(i) => (Known::Country(i), EntityType::Gpe, dict.countries[i].name.clone()),
        Known::Organisation(i) => {
            (Known::Organisation(i), EntityType::Organisation, dict.organisations[i].name.clone())
        }
        Known::Person(p) => (Known::Person(p.clone()), EntityType::Person, p),
        Known::Region(r) => (Known::Region(r.clone()), EntityType::Location, r),
        Known::Metonym(k) => {
            let kind = if c.acts { EntityType::Organisation } else { EntityType::Facility };
            (Known::Metonym(k), kind, strip_article(name).to_string())
        }
        _ => {
            // An acronym is not a city's name written in capitals ("GAO" is not Gao, Mali).
            let city = if person_hint
                || is_acronym(name)
                || matches!(c.hint, Some(EntityType::Organisation | EntityType::Facility))
            {
                None
            } else {
                pick_city(dict, name, focus)
            };
            match city {
                Some(i) => {
                    if let Some(d) = drafts.iter().position(|d| d.known == Known::City(i)) {
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
                        (Known::Nothing, guess_kind(c, &words, name, &places), strip_article(name).to_string())
                    }
                },
            }
        }
    };
    Some(new_draft(drafts, known, kind, &canonical, ci))
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
    if (2..=4).contains(&words.len()) && capitalised && given && !words.iter().any(|w| places.contains(w)) {
        return EntityType::Person;
    }
    EntityType::Organisation
}

/// The city a name most likely means: one in a country the article is about, else the most
/// populous.
fn pick_city(dict: &Dictionaries, name: &str, focus: &HashMap<String, usize>) -> Option<usize> {
    dict.city_ids(name).into_iter().max_by_key(|&i| {
        let c = &dict.cities[i];
        (focus.get(&c.country).copied().unwrap_or(0).min(3), c.population / 100_000, c.population)
    })
}

/// An entity the article already introduced that this name refers to.
fn match_existing(drafts: &[Draft], name: &str, words: &[String]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (d, draft) in drafts.iter().enumerate().rev() {
        if draft.kind == EntityType::Group {
            continue;
        }
        let same = if words.len() == draft.words.len() {
            words.iter().zip(&draft.words).all(|(a, b)| similar(a, b))
        } else if words.len() < draft.words.len() {
            // A tail of a longer name ("Assad", "Lavrov"), for people and named things alike.
            draft.kind == EntityType::Person
                && words.iter().rev().zip(draft.words.iter().rev()).all(|(a, b)| similar(a, b))
        } else {
            // A longer form of an earlier surname-only mention.
            draft.kind == EntityType::Person
                && draft.words.len() == 1
                && words.last().is_some_and(|w| similar(w, &draft.words[0]))
        };
        let acronym = is_acronym(name) && acronym_of(&draft.name) == acronym_key(name)
            || is_acronym(&draft.name) && acronym_of(name) == acronym_key(&draft.name);
        if (same || acronym) && best.is_none_or(|b| drafts[b].last < draft.last) {
            best = Some(d);
        }
    }
    best
}

/// Initials of a name's capitalised words ("Islamic State of Iraq and Syria" → "ISIS").
fn acronym_of(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect()
}

/// A description: the person in the article who holds the role it names, or the country an
/// epithet names.
fn describe(dict: &Dictionaries, c: &Candidate, drafts: &mut Vec<Draft>, ci: usize) -> Option<usize> {
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
        Known::Organisation(i) => format!("org:{}", dict.organisations[*i].code),
        Known::City(i) => format!("city:{}", dict.cities[*i].geonames),
        Known::Person(p) => format!("person:{}", slug(p)),
        Known::Metonym(k) => format!("facility:{}", k.replace(' ', "-")),
        Known::Region(r) => format!("location:{}", slug(r)),
        Known::Nothing => format!("{}:{}", d.kind.as_str(), slug(&d.name)),
    }
}

fn code(country: Option<&str>, sector: Option<&str>) -> String {
    format!("{}{}", country.unwrap_or(""), sector.unwrap_or(""))
}

fn actor(dict: &Dictionaries, d: &Draft, dct: Option<Day>) -> Option<ActorCode> {
    match &d.known {
        Known::Country(i) => {
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
            Some(ActorCode {
                code: code(Some(&stands.country), stands.sector.as_deref()),
                country: Some(stands.country.clone()),
                sector: stands.sector.clone(),
                role: None,
                basis: "name".into(),
            })
        }
        Known::Person(_) | Known::Nothing if d.kind == EntityType::Person => person_actor(dict, d, dct),
        _ => None,
    }
}

fn person_actor(dict: &Dictionaries, d: &Draft, dct: Option<Day>) -> Option<ActorCode> {
    let from_dict = dct.and_then(|day| held_on(dict, d, day));
    let role = d.role.as_ref()?;
    let country = d.country.map(|i| dict.countries[i].iso3.clone()).or_else(|| from_dict.map(|o| o.country.clone()));
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

fn place(dict: &Dictionaries, d: &Draft) -> Option<Place> {
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
        Known::City(i) => {
            let c = &dict.cities[*i];
            Some(Place {
                kind: "city".into(),
                country: c.country.clone(),
                lat: Some(c.lat),
                lon: Some(c.lon),
                population: Some(c.population),
                geonames: Some(c.geonames),
            })
        }
        _ => None,
    }
}
