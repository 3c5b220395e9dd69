//! The dictionaries entity resolution looks names up in, compiled into the binary from the
//! project's own tables under `data/` (see `data/SOURCES.md`): countries with their names,
//! adjectives and peoples; capitals and buildings that stand for a government; fixed epithets;
//! organisations with actor codes; office holders with dates; titles that state a role; and
//! the GeoNames cities of 15,000 people or more.

use crate::fold::{fold, name_key, with_name_key};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Population from which a city answers to its alternate names too (see `load_cities`).
const ALT_NAMES_FROM: u64 = 100_000;

/// A day as `yyyymmdd`, comparable as an integer.
pub type Day = u32;

/// Parses `YYYY-MM-DD` into a [`Day`].
pub fn parse_day(s: &str) -> Option<Day> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(y * 10000 + m * 100 + d)
}

/// The hash maps of the dictionaries: keyed by names from our own tables and looked up, never
/// filled, with text from articles, so a fast multiplicative hash serves (SipHash's resistance to
/// chosen keys buys nothing here and cost a tenth of the load time).
pub type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// A set hashed as [`KeyMap`] is.
pub type KeySet<K> = std::collections::HashSet<K, BuildHasherDefault<KeyHasher>>;

/// The multiplicative hash of [`KeyMap`].
#[derive(Default)]
pub struct KeyHasher(u64);

impl KeyHasher {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(23) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        // Spread the high bits, where the multiplication leaves its entropy, over the low ones
        // that pick the bucket.
        let x = self.0 ^ (self.0 >> 29);
        x.wrapping_mul(Self::K) ^ (x >> 32)
    }
}

/// The entries a key names, in the order they were added: most city names name one city, so one
/// index is kept without a vector of its own.
#[derive(Debug, Clone)]
enum Ids {
    One(u32),
    Many(Vec<u32>),
}

impl Ids {
    fn push(&mut self, i: u32) {
        match self {
            Ids::One(first) => *self = Ids::Many(vec![*first, i]),
            Ids::Many(v) => v.push(i),
        }
    }
    fn as_slice(&self) -> &[u32] {
        match self {
            Ids::One(i) => std::slice::from_ref(i),
            Ids::Many(v) => v,
        }
    }
}

/// Looks a phrase up in a table keyed by [`fold`]ed text. Short ASCII phrases are folded on the
/// stack (for ASCII, `fold` only lowercases and makes a backtick an apostrophe: the test
/// `ascii_folding_is_fold` holds the two together); anything else goes through `fold`.
fn get_folded<'m, V>(map: &'m KeyMap<String, V>, phrase: &str) -> Option<&'m V> {
    const MAX: usize = 64;
    if phrase.is_ascii() && !phrase.bytes().any(|b| b.is_ascii_uppercase() || b == b'`') {
        // Folded already.
        return map.get(phrase);
    }
    if phrase.len() <= MAX && phrase.is_ascii() {
        let mut buf = [0u8; MAX];
        for (o, b) in buf.iter_mut().zip(phrase.bytes()) {
            *o = if b == b'`' { b'\'' } else { b.to_ascii_lowercase() };
        }
        std::str::from_utf8(&buf[..phrase.len()]).ok().and_then(|k| map.get(k))
    } else {
        map.get(&fold(phrase))
    }
}

#[derive(Debug, Clone)]
pub struct Country {
    pub iso3: String,
    pub name: String,
    pub capital: String,
    pub population: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct City {
    pub geonames: u64,
    pub name: String,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}

/// An institution a place or building stands for ("the Kremlin" → RUS GOV).
#[derive(Debug, Clone)]
pub struct Stands {
    pub country: String,
    pub sector: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    pub sector: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Office {
    pub person: String,
    pub country: String,
    pub office: String,
    pub start: Day,
    /// `None` while still in office.
    pub end: Option<Day>,
}

/// The offices of `data/actors/offices.tsv`.
pub const OFFICES: [&str; 5] =
    ["head_of_state", "head_of_government", "foreign_minister", "defence_minister", "secretary_general"];

/// The last day `data/actors/offices.tsv` was checked against the public record: a term open on
/// that day is taken to last until a later term in a user's table ([`Dictionaries::add_offices`])
/// closes it.
pub const OFFICES_VERIFIED: &str = "2025-10-31";

/// A region of the map without a government of its own ("the Middle East", "Gaza Strip").
#[derive(Debug, Clone)]
pub struct Region {
    pub name: String,
    pub kind: String,
    /// The country it belongs to, when exactly one.
    pub country: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Title {
    pub sector: Option<String>,
    pub office: String,
}

/// A name with its look-up key ([`Dictionaries::key`]).
pub struct Key<'n> {
    name: &'n str,
    key: String,
}

/// A keyed name in a table that answers to acronyms ("UN", "U.S.") before whole names.
fn by_acronym_or_key(k: &Key<'_>, acronyms: &KeyMap<String, usize>, index: &KeyMap<String, usize>) -> Option<usize> {
    if is_acronym(k.name) {
        if let Some(&i) = acronyms.get(&acronym_key(k.name)) {
            return Some(i);
        }
    }
    index.get(&k.key).copied()
}

/// Every dictionary, indexed for look-up by folded name.
#[derive(Debug, Default)]
pub struct Dictionaries {
    pub countries: Vec<Country>,
    country_index: KeyMap<String, usize>,
    /// Names written in capitals and dots ("US", "U.S.", "UK"): matched case-sensitively so the
    /// pronoun "us" never becomes the United States.
    country_acronyms: KeyMap<String, usize>,
    adjectives: KeyMap<String, usize>,
    peoples: KeyMap<String, usize>,
    pub cities: Vec<City>,
    city_index: KeyMap<String, Ids>,
    metonyms: KeyMap<String, Stands>,
    epithets: KeyMap<String, Stands>,
    pub organisations: Vec<Organisation>,
    org_index: KeyMap<String, usize>,
    org_acronyms: KeyMap<String, usize>,
    pub offices: Vec<Office>,
    office_index: KeyMap<String, Vec<u32>>,
    titles: KeyMap<String, Title>,
    /// Every folded title's beginnings that end before one of its spaces ("foreign" of
    /// "foreign minister"): a phrase not among them and not a title starts no longer title.
    title_prefixes: KeyMap<String, ()>,
    /// Office holders by the last word of their names: every holder who has it.
    surnames: KeyMap<String, Vec<String>>,
    regions: KeyMap<String, Region>,
    /// Every US state's name key, those left to a city of the same name included.
    states: std::collections::HashSet<String>,
    /// The longest title, in words.
    pub longest_title: usize,
}

/// One table: its header's column names and its rows, split on tabs.
struct Tsv<'a> {
    columns: Vec<&'a str>,
    rows: Vec<Vec<&'a str>>,
}

impl<'a> Tsv<'a> {
    fn parse(text: &'a str) -> Tsv<'a> {
        let mut lines = text.lines().filter(|l| !l.is_empty());
        let columns = lines.next().unwrap_or_default().split('\t').collect::<Vec<_>>();
        let rows = lines.map(|l| l.split('\t').collect::<Vec<_>>()).filter(|r| r.len() == columns.len()).collect();
        Tsv { columns, rows }
    }
    fn col(&self, name: &str) -> usize {
        self.columns.iter().position(|c| *c == name).unwrap_or(usize::MAX)
    }
}

fn get<'a>(row: &[&'a str], i: usize) -> &'a str {
    row.get(i).copied().unwrap_or("").trim()
}

fn some(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn list(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|v| !v.is_empty())
}

/// A name written as capitals with optional dots ("US", "U.S.", "ISIS"): an acronym.
pub fn is_acronym(s: &str) -> bool {
    // The cheapest test first: most words fail on their first or second letter.
    s.chars().next().is_some_and(char::is_uppercase)
        && s.chars().all(|c| c.is_uppercase() || c == '.' || c.is_ascii_digit())
        && s.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// The key an acronym is matched on: its letters, dots removed ("U.S." → "US").
pub fn acronym_key(s: &str) -> String {
    s.chars().filter(|c| *c != '.').collect()
}

/// Drops a leading "the " (any case).
pub fn strip_the(s: &str) -> &str {
    let t = s.trim();
    match t.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("the ") => &t[4..],
        _ => t,
    }
}

impl Dictionaries {
    /// The tables compiled into the binary.
    pub fn embedded() -> Dictionaries {
        let mut d = Dictionaries::default();
        d.load_countries(
            include_str!("../../../data/places/countries.tsv"),
            include_str!("../../../data/actors/countries.tsv"),
        );
        d.load_cities(include_str!("../../../data/places/cities.tsv"));
        d.metonyms = load_stands(include_str!("../../../data/actors/metonyms.tsv"));
        d.epithets = load_stands(include_str!("../../../data/actors/epithets.tsv"));
        d.load_organisations(include_str!("../../../data/actors/organisations.tsv"));
        d.load_offices(include_str!("../../../data/actors/offices.tsv"));
        d.load_titles(include_str!("../../../data/actors/titles.tsv"));
        d.load_regions(include_str!("../../../data/places/regions.tsv"));
        d.load_states(include_str!("../../../data/places/us_states.tsv"));
        d
    }

    /// The US states, as regions of kind "state". A state that shares its name with a US city of
    /// 100,000 people or more ("New York", "Washington") is left to the city, which is what
    /// news means by it far more often; a foreign city does not take a state's name ("Florida"
    /// is also an alias of Floridablanca, Colombia; "Virginia" a South African town).
    fn load_states(&mut self, text: &str) {
        let t = Tsv::parse(text);
        let name = t.col("name");
        for row in &t.rows {
            let n = get(row, name);
            self.states.insert(name_key(n));
            if self.cities(n).iter().any(|c| c.population >= 100_000 && c.country == "USA") {
                continue;
            }
            let r = Region { name: n.to_string(), kind: "state".into(), country: Some("USA".into()) };
            self.regions.entry(name_key(n)).or_insert(r);
        }
    }

    fn load_countries(&mut self, geo: &str, names: &str) {
        let geo = Tsv::parse(geo);
        let (iso3, name, capital, pop) = (geo.col("iso3"), geo.col("name"), geo.col("capital"), geo.col("population"));
        for row in &geo.rows {
            self.countries.push(Country {
                iso3: get(row, iso3).to_string(),
                name: get(row, name).to_string(),
                capital: get(row, capital).to_string(),
                population: get(row, pop).parse().ok(),
            });
        }
        let by_iso: HashMap<String, usize> =
            self.countries.iter().enumerate().map(|(i, c)| (c.iso3.clone(), i)).collect();
        let t = Tsv::parse(names);
        let (iso3, name, aliases, adjectives, people) =
            (t.col("iso3"), t.col("name"), t.col("aliases"), t.col("adjectives"), t.col("people"));
        for row in &t.rows {
            let code = get(row, iso3);
            let i = match by_iso.get(code) {
                Some(&i) => i,
                None => {
                    self.countries.push(Country {
                        iso3: code.to_string(),
                        name: get(row, name).to_string(),
                        capital: String::new(),
                        population: None,
                    });
                    self.countries.len() - 1
                }
            };
            // The hand-written table's name is the one news uses.
            self.countries[i].name = get(row, name).to_string();
            for n in std::iter::once(get(row, name)).chain(list(get(row, aliases))) {
                if is_acronym(n) {
                    self.country_acronyms.entry(acronym_key(n)).or_insert(i);
                } else {
                    self.country_index.entry(name_key(strip_the(n))).or_insert(i);
                }
            }
            for a in list(get(row, adjectives)) {
                if !is_acronym(a) {
                    self.adjectives.entry(fold(a)).or_insert(i);
                }
            }
            for p in list(get(row, people)) {
                self.peoples.entry(fold(p)).or_insert(i);
            }
        }
        // Countries only the generated table knows still answer to their name.
        for (i, c) in self.countries.iter().enumerate() {
            self.country_index.entry(name_key(&c.name)).or_insert(i);
        }
    }

    fn load_cities(&mut self, text: &str) {
        let t = Tsv::parse(text);
        let (id, name, ascii, country, lat, lon, pop, alt) = (
            t.col("geonameid"),
            t.col("name"),
            t.col("ascii"),
            t.col("country"),
            t.col("lat"),
            t.col("lon"),
            t.col("population"),
            t.col("alt"),
        );
        self.cities.reserve(t.rows.len());
        // About three keys a city (GeoNames's name, its ASCII form and alternate names).
        self.city_index.reserve(t.rows.len() * 3);
        let mut raw: Vec<&str> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for row in &t.rows {
            let i = self.cities.len() as u32;
            self.cities.push(City {
                geonames: get(row, id).parse().unwrap_or(0),
                name: get(row, name).to_string(),
                country: get(row, country).to_string(),
                lat: get(row, lat).parse().unwrap_or(0.0),
                lon: get(row, lon).parse().unwrap_or(0.0),
                population: get(row, pop).parse().unwrap_or(0),
            });
            // The same spelling twice (a name that is already ASCII) needs one key. Alternate
            // names count for cities of ALT_NAMES_FROM people or more only: news uses other
            // names for big cities (Bombay, Peking, Kiev), while a small town's alternates are
            // mostly old or foreign names that read as English words ("Freedom" and "Liberty"
            // for Alliance, Ohio).
            let big = self.cities[i as usize].population >= ALT_NAMES_FROM;
            raw.clear();
            raw.extend(
                std::iter::once(get(row, name))
                    .chain(std::iter::once(get(row, ascii)))
                    .chain(list(get(row, alt)).filter(|_| big)),
            );
            raw.sort_unstable();
            raw.dedup();
            keys.clear();
            keys.extend(raw.iter().copied().map(name_key).filter(|k| !k.is_empty()));
            keys.sort_unstable();
            keys.dedup();
            for k in keys.drain(..) {
                match self.city_index.entry(k) {
                    Entry::Occupied(mut e) => e.get_mut().push(i),
                    Entry::Vacant(e) => {
                        e.insert(Ids::One(i));
                    }
                }
            }
        }
    }

    fn load_organisations(&mut self, text: &str) {
        let t = Tsv::parse(text);
        let (code, name, aliases, kind, country, sector) =
            (t.col("code"), t.col("name"), t.col("aliases"), t.col("kind"), t.col("country"), t.col("sector"));
        for row in &t.rows {
            let i = self.organisations.len();
            self.organisations.push(Organisation {
                code: get(row, code).to_string(),
                name: get(row, name).to_string(),
                kind: get(row, kind).to_string(),
                country: some(get(row, country)),
                sector: some(get(row, sector)),
            });
            for n in std::iter::once(get(row, name)).chain(list(get(row, aliases))) {
                if is_acronym(n) {
                    self.org_acronyms.entry(acronym_key(n)).or_insert(i);
                } else {
                    self.org_index.entry(name_key(strip_the(n))).or_insert(i);
                }
            }
        }
    }

    fn load_offices(&mut self, text: &str) {
        let t = Tsv::parse(text);
        let (person, aliases, country, office, start, end) =
            (t.col("person"), t.col("aliases"), t.col("country"), t.col("office"), t.col("start"), t.col("end"));
        for row in &t.rows {
            let Some(s) = parse_day(get(row, start)) else { continue };
            let term = Office {
                person: get(row, person).to_string(),
                country: get(row, country).to_string(),
                office: get(row, office).to_string(),
                start: s,
                end: parse_day(get(row, end)),
            };
            self.push_office(term, list(get(row, aliases)));
        }
    }

    fn push_office<'a>(&mut self, term: Office, aliases: impl Iterator<Item = &'a str>) {
        // Each name is a key of the term, and its last word a surname of the holder, except in a
        // Chinese or Korean name, whose family name comes first ("Roh Tae-woo" gives no "Woo").
        let i = self.offices.len() as u32;
        let canonical = term.person.clone();
        let names: Vec<&str> = std::iter::once(canonical.as_str()).chain(aliases.map(|a| a as &str)).collect();
        for name in names {
            let key = name_key(name);
            let family_first = crate::names::is_east_asian_name(&name.split_whitespace().collect::<Vec<_>>());
            if let Some(last) = key.rsplit(' ').next().filter(|_| key.contains(' ') && !family_first) {
                let holders = self.surnames.entry(last.to_string()).or_default();
                if !holders.contains(&canonical) {
                    holders.push(canonical.clone());
                }
            }
            let v = self.office_index.entry(key).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
        self.offices.push(term);
    }

    /// Adds office terms from a table a user keeps beside the embedded one (same columns:
    /// `person aliases country office start end`, tab-separated, a header line first), for
    /// changes after the embedded table's last verified day ([`OFFICES_VERIFIED`]) or holders it
    /// lacks. A row naming a term already known (same person, country, office and start) sets
    /// that term's end; a new term closes the open term of the same office and country that
    /// began before it, on the day it begins (these offices have one holder at a time). Nothing
    /// is added unless every row is valid: the error names `origin`, the line and the reason.
    /// Returns how many rows were read.
    pub fn add_offices(&mut self, text: &str, origin: &str) -> Result<usize, String> {
        let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let Some((_, header)) = lines.next() else { return Err(format!("{origin}: empty; expected a header line")) };
        let columns: Vec<&str> = header.split('\t').map(str::trim).collect();
        let col = |name: &str| columns.iter().position(|c| *c == name);
        let (Some(person), Some(country), Some(office), Some(start)) =
            (col("person"), col("country"), col("office"), col("start"))
        else {
            return Err(format!(
                "{origin}: line 1: the header must name the columns person, country, office and start \
                 (aliases and end are optional), tab-separated"
            ));
        };
        let (aliases, end) = (col("aliases"), col("end"));
        let mut terms = Vec::new();
        for (n, line) in lines {
            let at = |why: String| format!("{origin}: line {}: {why}", n + 1);
            let row: Vec<&str> = line.split('\t').map(str::trim).collect();
            if row.len() > columns.len() {
                return Err(at(format!("{} fields, the header has {}", row.len(), columns.len())));
            }
            let field = |i: Option<usize>| i.and_then(|i| row.get(i)).copied().unwrap_or("");
            let name = field(Some(person));
            if name.is_empty() {
                return Err(at("no person".into()));
            }
            let code = field(Some(country));
            if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(at(format!("country {code:?} is not an ISO 3166 alpha-3 code such as FRA")));
            }
            let role = field(Some(office));
            if !OFFICES.contains(&role) {
                return Err(at(format!("office {role:?} is not one of {}", OFFICES.join(", "))));
            }
            let day =
                |v: &str, what: &str| parse_day(v).ok_or_else(|| at(format!("{what} {v:?} is not a YYYY-MM-DD day")));
            let begins = day(field(Some(start)), "start")?;
            let ends = match field(end) {
                "" => None,
                v => Some(day(v, "end")?),
            };
            if ends.is_some_and(|e| e < begins) {
                return Err(at("the term ends before it starts".into()));
            }
            let term = Office {
                person: name.to_string(),
                country: code.to_string(),
                office: role.to_string(),
                start: begins,
                end: ends,
            };
            terms.push((term, field(aliases).to_string()));
        }
        let read = terms.len();
        for (term, names) in terms {
            let key = name_key(&term.person);
            let known = self.offices.iter_mut().find(|o| {
                name_key(&o.person) == key
                    && o.country == term.country
                    && o.office == term.office
                    && o.start == term.start
            });
            if let Some(known) = known {
                known.end = term.end;
                continue;
            }
            for o in &mut self.offices {
                if o.country == term.country && o.office == term.office && o.start < term.start && o.end.is_none() {
                    o.end = Some(term.start);
                }
            }
            self.push_office(term, list(&names));
        }
        Ok(read)
    }

    fn load_regions(&mut self, text: &str) {
        let t = Tsv::parse(text);
        let (name, aliases, kind, countries) = (t.col("name"), t.col("aliases"), t.col("kind"), t.col("countries"));
        for row in &t.rows {
            let mut cs = list(get(row, countries));
            let country = match (cs.next(), cs.next()) {
                (Some(c), None) => Some(c.to_string()),
                _ => None,
            };
            let r = Region { name: get(row, name).to_string(), kind: get(row, kind).to_string(), country };
            for n in std::iter::once(get(row, name)).chain(list(get(row, aliases))) {
                self.regions.entry(name_key(strip_the(n))).or_insert_with(|| r.clone());
            }
        }
    }

    /// Whether a name is a US state's ("Washington" too, which [`Dictionaries::region`] leaves
    /// to the city).
    pub fn is_us_state(&self, name: &str) -> bool {
        with_name_key(name, |k| self.states.contains(k))
    }

    /// The region a name names.
    pub fn region(&self, name: &str) -> Option<&Region> {
        with_name_key(strip_the(name), |k| self.regions.get(k))
    }

    /// The office holder a surname alone names, when only one holder has it.
    pub fn holder_by_surname(&self, surname: &str) -> Option<&str> {
        self.holder_by_surname_on(surname, None)
    }

    /// The office holder a surname alone names on `day`: the only holder who has it; when
    /// several have it, the only one of them in some office that day ("Bush" in 1991 is the
    /// father, in 2003 the son; "Herzog" in 1990 is Chaim, in 2022 Isaac), or, when none of
    /// them is, the one who last took office before it ("the Bush administration" in 2000).
    pub fn holder_by_surname_on(&self, surname: &str, day: Option<Day>) -> Option<&str> {
        with_name_key(surname, |key| {
            let holders = self.surnames.get(key).filter(|_| !key.contains(' '))?;
            if let [one] = holders.as_slice() {
                return Some(one.as_str());
            }
            let day = day?;
            let serving =
                |p: &&String| self.offices_of(p).iter().any(|o| o.start <= day && o.end.is_none_or(|e| day <= e));
            let mut on_day = holders.iter().filter(serving);
            match (on_day.next(), on_day.next()) {
                (Some(p), None) => Some(p.as_str()),
                (Some(_), Some(_)) => None,
                (None, _) => {
                    // The latest start before the day, when one holder alone has it.
                    let last = |p: &String| self.offices_of(p).iter().map(|o| o.start).filter(|&s| s <= day).max();
                    let mut by_start: Vec<(Day, &String)> =
                        holders.iter().filter_map(|p| last(p).map(|s| (s, p))).collect();
                    by_start.sort();
                    match by_start.as_slice() {
                        [.., (a, _), (b, p)] if a < b => Some(p.as_str()),
                        [(_, p)] => Some(p.as_str()),
                        _ => None,
                    }
                }
            }
        })
    }

    /// Whether a single word is the surname of some office holder, one or several.
    pub fn is_holder_surname(&self, word: &str) -> bool {
        with_name_key(word, |key| !key.contains(' ') && self.surnames.contains_key(key))
    }

    fn load_titles(&mut self, text: &str) {
        let t = Tsv::parse(text);
        let (title, sector, office) = (t.col("title"), t.col("sector"), t.col("office"));
        for row in &t.rows {
            let key = fold(get(row, title));
            self.longest_title = self.longest_title.max(key.split(' ').count());
            for (i, _) in key.match_indices(' ') {
                self.title_prefixes.insert(key[..i].to_string(), ());
            }
            self.titles
                .entry(key)
                .or_insert(Title { sector: some(get(row, sector)), office: get(row, office).to_string() });
        }
    }

    /// The country a name, alias or acronym names.
    pub fn country(&self, name: &str) -> Option<usize> {
        if is_acronym(name) {
            if let Some(&i) = self.country_acronyms.get(&acronym_key(name)) {
                return Some(i);
            }
        }
        with_name_key(strip_the(name), |k| self.country_index.get(k).copied())
    }

    /// A name's key for looking it up in several tables in turn ([`Dictionaries::country_keyed`]
    /// and its siblings answer as [`Dictionaries::country`] and its siblings do).
    pub fn key<'n>(&self, name: &'n str) -> Key<'n> {
        Key { name, key: name_key(strip_the(name)) }
    }

    /// [`Dictionaries::country`] of a name already keyed.
    pub fn country_keyed(&self, k: &Key<'_>) -> Option<usize> {
        by_acronym_or_key(k, &self.country_acronyms, &self.country_index)
    }

    /// [`Dictionaries::metonym`] of a name already keyed.
    pub fn metonym_keyed(&self, k: &Key<'_>) -> Option<&Stands> {
        self.metonyms.get(&k.key)
    }

    /// [`Dictionaries::organisation`] of a name already keyed.
    pub fn organisation_keyed(&self, k: &Key<'_>) -> Option<usize> {
        by_acronym_or_key(k, &self.org_acronyms, &self.org_index)
    }

    /// [`Dictionaries::region`] of a name already keyed.
    pub fn region_keyed(&self, k: &Key<'_>) -> Option<&Region> {
        self.regions.get(&k.key)
    }

    /// The country with this ISO 3166 alpha-3 code.
    pub fn country_by_iso3(&self, iso3: &str) -> Option<usize> {
        self.countries.iter().position(|c| c.iso3 == iso3)
    }

    /// The country a demonym adjective ("Russian") belongs to.
    pub fn adjective(&self, word: &str) -> Option<usize> {
        get_folded(&self.adjectives, word).copied()
    }

    /// The country whose people a plural noun names ("Russians").
    pub fn people(&self, word: &str) -> Option<usize> {
        get_folded(&self.peoples, word).copied()
    }

    /// Cities with this name, most populous first.
    pub fn cities(&self, name: &str) -> Vec<&City> {
        self.city_ids(name).into_iter().map(|i| &self.cities[i]).collect()
    }

    /// Indices into [`Dictionaries::cities`] of the cities with this name, most populous first.
    pub fn city_ids(&self, name: &str) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .city_ids_of_key(name)
            .map(|ids| ids.as_slice().iter().map(|&i| i as usize).collect())
            .unwrap_or_default();
        let c = &self.cities;
        v.sort_by(|&a, &b| c[b].population.cmp(&c[a].population).then(c[a].geonames.cmp(&c[b].geonames)));
        v
    }

    fn city_ids_of_key(&self, name: &str) -> Option<&Ids> {
        with_name_key(name, |k| self.city_index.get(k))
    }

    /// A country whose name is one edit from `name` (a misspelling such as "Dijbouti"), when
    /// exactly one is.
    pub fn country_misspelt(&self, name: &str) -> Option<usize> {
        let key = name_key(name);
        if key.chars().count() < 6 || key.contains(' ') {
            return None;
        }
        let mut found = None;
        for (k, &i) in &self.country_index {
            if k.len().abs_diff(key.len()) <= 1 && crate::fold::within_one_edit(k, &key) {
                if found.is_some_and(|f| f != i) {
                    return None;
                }
                found = Some(i);
            }
        }
        found
    }

    /// The institution a capital or building stands for when it acts.
    pub fn metonym(&self, name: &str) -> Option<&Stands> {
        with_name_key(strip_the(name), |k| self.metonyms.get(k))
    }

    /// The country a fixed epithet ("the Islamic republic") names.
    pub fn epithet(&self, text: &str) -> Option<&Stands> {
        with_name_key(strip_the(text), |k| self.epithets.get(k))
    }

    pub fn organisation(&self, name: &str) -> Option<usize> {
        if is_acronym(name) {
            if let Some(&i) = self.org_acronyms.get(&acronym_key(name)) {
                return Some(i);
            }
        }
        with_name_key(strip_the(name), |k| self.org_index.get(k).copied())
    }

    /// Office terms of the person with this name or alias.
    pub fn offices_of(&self, name: &str) -> Vec<&Office> {
        with_name_key(name, |k| self.office_index.get(k))
            .map(|ids| ids.iter().map(|&i| &self.offices[i as usize]).collect())
            .unwrap_or_default()
    }

    /// The office terms held on `day`.
    pub fn holders(&self, country: &str, office: &str, day: Day) -> Vec<&Office> {
        self.offices
            .iter()
            .filter(|o| o.country == country && o.office == office && o.start <= day && o.end.is_none_or(|e| day <= e))
            .collect()
    }

    /// The title a phrase states ("foreign minister").
    pub fn title(&self, phrase: &str) -> Option<&Title> {
        get_folded(&self.titles, phrase)
    }

    /// Whether some title starts with `phrase` and a space: when not, no phrase made by adding
    /// words to this one is a title ([`fold`] folds character by character).
    pub fn title_continues(&self, phrase: &str) -> bool {
        get_folded(&self.title_prefixes, phrase).is_some()
    }
}

fn load_stands(text: &str) -> KeyMap<String, Stands> {
    let t = Tsv::parse(text);
    let (txt, iso3, sector) = (t.col("text"), t.col("iso3"), t.col("sector"));
    let mut m = KeyMap::default();
    for row in &t.rows {
        m.entry(name_key(strip_the(get(row, txt))))
            .or_insert(Stands { country: get(row, iso3).to_string(), sector: some(get(row, sector)) });
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "person\taliases\tcountry\toffice\tstart\tend\n";

    fn holder(d: &Dictionaries, country: &str, office: &str, day: &str) -> Vec<String> {
        d.holders(country, office, parse_day(day).unwrap()).iter().map(|o| o.person.clone()).collect()
    }

    #[test]
    fn a_users_table_closes_the_open_term_and_codes_the_successor() {
        let mut d = Dictionaries::embedded();
        let before = holder(&d, "JPN", "head_of_government", OFFICES_VERIFIED);
        assert_eq!(before.len(), 1, "{before:?}");
        let table =
            format!("{HEADER}# a later government\nAkira Example\tA. Example\tJPN\thead_of_government\t2026-03-01\t\n");
        assert_eq!(d.add_offices(&table, "local.tsv"), Ok(1));
        assert_eq!(holder(&d, "JPN", "head_of_government", "2026-02-28"), before);
        assert_eq!(holder(&d, "JPN", "head_of_government", "2026-03-02"), vec!["Akira Example"]);
        // Known by name and alias, as the embedded holders are.
        assert!(d.offices_of("A. Example").iter().any(|o| o.country == "JPN"));
        // Other offices and countries are untouched.
        assert_eq!(
            holder(&d, "JPN", "foreign_minister", "2026-03-02"),
            holder(&Dictionaries::embedded(), "JPN", "foreign_minister", "2026-03-02")
        );
    }

    #[test]
    fn a_row_for_a_known_term_sets_its_end() {
        let mut d = Dictionaries::embedded();
        let current = d.holders("FRA", "head_of_state", parse_day(OFFICES_VERIFIED).unwrap())[0].clone();
        let start = format!("{}-{:02}-{:02}", current.start / 10000, current.start / 100 % 100, current.start % 100);
        let table = format!("{HEADER}{}\t\tFRA\thead_of_state\t{start}\t2026-01-31\n", current.person);
        assert_eq!(d.add_offices(&table, "t.tsv"), Ok(1));
        assert!(holder(&d, "FRA", "head_of_state", "2026-02-01").is_empty());
        assert_eq!(holder(&d, "FRA", "head_of_state", "2026-01-31"), vec![current.person.clone()]);
        assert_eq!(d.offices.len(), Dictionaries::embedded().offices.len(), "no new term");
    }

    #[test]
    fn a_bad_table_names_the_line_and_changes_nothing() {
        let cases = [
            ("", "empty"),
            ("name\tcountry\n", "line 1: the header"),
            ("person\tcountry\toffice\tstart\nX Y\tFrance\thead_of_state\t2026-01-01\n", "line 2: country \"France\""),
            ("person\tcountry\toffice\tstart\nX Y\tFRA\tking\t2026-01-01\n", "line 2: office \"king\""),
            ("person\tcountry\toffice\tstart\n\nX Y\tFRA\thead_of_state\t1/1/2026\n", "line 3: start \"1/1/2026\""),
            (
                "person\tcountry\toffice\tstart\tend\nX Y\tFRA\thead_of_state\t2026-02-01\t2026-01-01\n",
                "line 2: the term ends before it starts",
            ),
            ("person\tcountry\toffice\tstart\n\tFRA\thead_of_state\t2026-01-01\n", "line 2: no person"),
            ("person\tcountry\toffice\tstart\nX\tFRA\thead_of_state\t2026-01-01\textra\n", "line 2: 5 fields"),
        ];
        for (table, why) in cases {
            let mut d = Dictionaries::embedded();
            let n = d.offices.len();
            let err = d.add_offices(table, "bad.tsv").unwrap_err();
            assert!(err.starts_with("bad.tsv: ") && err.contains(why), "{table:?}: {err}");
            assert_eq!(d.offices.len(), n);
        }
        // A valid row before a bad one is not added either.
        let mut d = Dictionaries::embedded();
        let n = d.offices.len();
        let table = format!("{HEADER}A B\t\tFRA\thead_of_state\t2026-01-01\t\nC D\t\tFRA\tpope\t2026-01-01\t\n");
        assert!(d.add_offices(&table, "bad.tsv").unwrap_err().contains("line 3"));
        assert_eq!(d.offices.len(), n);
        assert!(d.offices_of("A B").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn any_table_is_read_or_refused_without_panic(text in "[a-zA-Z0-9 \t\n#|\\-]{0,200}") {
            let mut d = Dictionaries::default();
            d.load_offices("person\taliases\tcountry\toffice\tstart\tend\nA B\t\tFRA\thead_of_state\t2020-01-01\t\n");
            let n = d.offices.len();
            match d.add_offices(&text, "p.tsv") {
                Ok(read) => proptest::prop_assert_eq!(d.offices.len() <= n + read, true),
                Err(e) => {
                    proptest::prop_assert!(e.starts_with("p.tsv: "));
                    proptest::prop_assert_eq!(d.offices.len(), n);
                }
            }
        }
    }

    #[test]
    fn a_surname_several_holders_share_names_the_one_in_office_that_day() {
        let mut d = Dictionaries::default();
        d.load_offices(&format!(
            "{HEADER}Ann Tallow\t\tFRA\thead_of_state\t1990-01-01\t1995-01-01\n\
             Ben Tallow\t\tFRA\thead_of_state\t2001-01-01\t2005-01-01\n\
             Cid Tallow\t\tDEU\tforeign_minister\t2003-01-01\t2004-01-01\n\
             Dee Marrow\t\tITA\thead_of_state\t1999-01-01\t\n"
        ));
        let on = |day: &str| d.holder_by_surname_on("Tallow", parse_day(day));
        // Without a day the surname is ambiguous; a single holder's needs none.
        assert_eq!(d.holder_by_surname("Tallow"), None);
        assert_eq!(d.holder_by_surname("Marrow"), Some("Dee Marrow"));
        assert_eq!(on("1992-06-01"), Some("Ann Tallow"));
        assert_eq!(on("2002-06-01"), Some("Ben Tallow"));
        // Two of them in office that day: no one.
        assert_eq!(on("2003-06-01"), None);
        // No one in office: the one who last took office.
        assert_eq!(on("1998-06-01"), Some("Ann Tallow"));
        assert_eq!(on("2010-06-01"), Some("Cid Tallow"));
        assert_eq!(on("1980-06-01"), None);
        assert!(d.is_holder_surname("Tallow") && d.is_holder_surname("marrow") && !d.is_holder_surname("Ann"));
    }

    #[test]
    fn a_chinese_or_korean_holders_last_word_is_no_surname() {
        let mut d = Dictionaries::default();
        d.load_offices(&format!(
            "{HEADER}Park Sung-woo\tPark Sung Woo\tKOR\thead_of_state\t1990-01-01\t1995-01-01\n\
             Liu Jianming\t\tCHN\tforeign_minister\t1990-01-01\t1995-01-01\n"
        ));
        assert!(!d.is_holder_surname("Woo") && !d.is_holder_surname("Jianming"));
        assert!(!d.offices_of("Park Sung-woo").is_empty() && !d.offices_of("Park Sung Woo").is_empty());
    }

    #[test]
    fn days_parse_and_compare() {
        assert_eq!(parse_day("2013-05-06"), Some(20130506));
        assert!(parse_day("2013-5-6").is_none());
        assert!(parse_day("2013-13-01").is_none());
        assert!(parse_day("20x3-01-01").is_none());
    }

    #[test]
    fn keyed_look_ups_answer_as_the_plain_ones() {
        let d = Dictionaries::embedded();
        for name in [
            "the Kremlin",
            "Russia",
            "US",
            "U.S.",
            "NATO",
            "the Middle East",
            "Gaza Strip",
            "UN",
            "al-Qaeda",
            "Paris",
            "nobody",
        ] {
            let k = d.key(name);
            assert_eq!(d.country_keyed(&k), d.country(name), "{name}");
            assert_eq!(d.metonym_keyed(&k).map(|s| &s.country), d.metonym(name).map(|s| &s.country), "{name}");
            assert_eq!(d.organisation_keyed(&k), d.organisation(name), "{name}");
            assert_eq!(d.region_keyed(&k).map(|r| &r.name), d.region(name).map(|r| &r.name), "{name}");
        }
    }

    #[test]
    fn acronyms() {
        assert!(is_acronym("U.S."));
        assert!(is_acronym("ISIS"));
        assert!(is_acronym("NATO"));
        assert!(!is_acronym("us"));
        assert!(!is_acronym("Iran"));
        assert_eq!(acronym_key("U.S."), "US");
    }

    #[test]
    fn ascii_folding_is_fold() {
        let mut map: KeyMap<String, char> = KeyMap::default();
        for b in 0u8..128 {
            let c = char::from(b);
            map.insert(fold(&c.to_string()), c);
        }
        for b in 0u8..128 {
            let c = char::from(b);
            assert_eq!(get_folded(&map, &c.to_string()), map.get(&fold(&c.to_string())), "{c:?}");
        }
        let d = Dictionaries::embedded();
        for phrase in ["Foreign Minister", "foreign minister", "RUSSIAN", "Russians", "Erdoğan’s", "prime  minister"]
        {
            assert_eq!(
                get_folded(&d.titles, phrase).map(|t| &t.office),
                d.titles.get(&fold(phrase)).map(|t| &t.office)
            );
            assert_eq!(get_folded(&d.adjectives, phrase), d.adjectives.get(&fold(phrase)));
            assert_eq!(get_folded(&d.peoples, phrase), d.peoples.get(&fold(phrase)));
        }
    }

    #[test]
    fn every_title_is_reached_word_by_word() {
        let d = Dictionaries::embedded();
        for key in d.titles.keys() {
            let words: Vec<&str> = key.split(' ').collect();
            for n in 1..words.len() {
                let phrase = words[..n].join(" ");
                assert!(d.title_continues(&phrase), "{phrase:?} of {key:?}");
                assert!(d.title_continues(&phrase.to_uppercase()), "{phrase:?} of {key:?}");
            }
            assert!(!d.title_continues(&format!("{key} zzq")));
        }
    }

    #[test]
    fn tables_parse_by_header() {
        let t = Tsv::parse("a\tb\n1\t2\n3\n4\t\n");
        assert_eq!(t.col("b"), 1);
        assert_eq!(t.rows.len(), 2, "short rows are dropped, trailing empty fields kept");
    }
}
