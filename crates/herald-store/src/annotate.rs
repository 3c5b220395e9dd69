//! Storing one new document's annotation, whatever the database: the backend-neutral half of
//! [`crate::Store::commit_annotated`]. It exists so that SQLite and PostgreSQL link an article's
//! entities to the stored ones, and join its events to the stored events, by the very same
//! rules: each backend implements only the row operations ([`EntityRows`], [`EventRows`]) inside
//! its own transaction, and the decisions (which candidates the linker sees, which stored entity
//! an article entity is, which counts move, which event key an event has) are made here once.
//!
//! Linking fetches candidates by link key and by id, both index look-ups; the entity table is
//! never scanned. Which candidate an article's entity is, if any, is the linker's decision alone
//! (`herald_entities::link`: names, acronyms, surnames, descriptions); the store only makes sure
//! the linker sees every candidate its rules need. Counts (`entities.articles`,
//! `entities.mentions`, alias article counts, event counts) are updated only when a document is
//! stored for the first time, so a rerun changes nothing.

use crate::{Annotated, EventActor, EventInput, StoreError};
use herald_entities::dict::{acronym_key, is_acronym};
use herald_entities::fold::name_key;
use herald_entities::fold::name_words;
use herald_entities::link::{id_is_evidence, is_description, keys, Linker};
use herald_model::{Document, Entity, EntityType, Mention};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Stored entities fetched per link key, a bound for keys that many entities share.
pub(crate) const CANDIDATES_PER_KEY: i64 = 64;

/// A unit enum's serde name (`"person"`, `"name"`): the names the exports already use.
pub(crate) fn enum_str<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

pub(crate) fn enum_parse<T: DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

/// The row operations on entities a backend provides, all inside the document's transaction and
/// all about one document (the implementor knows which, and the time to record).
pub(crate) trait EntityRows {
    /// Records that the document was annotated (`done`) or why it could not be (`failed`);
    /// returns false, writing nothing, when it was recorded before.
    fn mark(&mut self, status: &str, detail: Option<&str>) -> Result<bool, StoreError>;
    /// Stored entity ids equal to `id` or of the form `id~N` (fresh entities whose id was taken).
    fn ids_like(&mut self, id: &str) -> Result<Vec<String>, StoreError>;
    /// At most `limit` entity ids holding link key `key` (only those holding it as an acronym
    /// itself when `only_acronyms`).
    fn ids_by_key(&mut self, key: &str, only_acronyms: bool, limit: i64) -> Result<Vec<String>, StoreError>;
    /// A stored entity as the linker needs it (name, type, every non-descriptive alias, place),
    /// with a number that orders entities by age; `None` when it is missing or of an unknown type.
    fn load_for_linking(&mut self, id: &str) -> Result<Option<(i64, Entity)>, StoreError>;
    /// A new entity, first seen in this document, with one article and `mentions` mentions.
    fn insert_entity(&mut self, id: &str, e: &Entity, place: Option<&str>, mentions: i64) -> Result<(), StoreError>;
    /// Adds `articles` and `mentions` to a stored entity, sets its place when it had none, and
    /// its name when `name` is given.
    fn update_entity(
        &mut self,
        id: &str,
        articles: i64,
        mentions: i64,
        place: Option<&str>,
        name: Option<&str>,
    ) -> Result<(), StoreError>;
    /// Link keys (key, acronym) for entity `id`, each once; `acronym` is kept once set.
    fn put_keys(&mut self, id: &str, keys: &[(String, bool)]) -> Result<(), StoreError>;
    /// One more article for each alias (form, folded key, descriptive) of entity `id`, each form
    /// once; `descriptive` is cleared once the form was used as a name.
    fn put_aliases(&mut self, id: &str, aliases: &[(&str, String, bool)]) -> Result<(), StoreError>;
    /// The document mentions entity `id` (the article's entity `e`), `mentions` times (added up
    /// when two article entities link to one stored entity).
    fn put_doc_entity(
        &mut self,
        id: &str,
        e: &Entity,
        actor: Option<&str>,
        day: Option<&str>,
        mentions: i64,
    ) -> Result<(), StoreError>;
    /// Mention number `idx` of the document, pointing to stored entity `entity`.
    fn put_mention(&mut self, idx: usize, m: &Mention, entity: &str) -> Result<(), StoreError>;
    /// All the document's mentions, in order, each with its stored entity (a backend for which a
    /// statement is a round trip writes them at once).
    fn put_mentions(&mut self, mentions: &[(&Mention, &str)]) -> Result<(), StoreError> {
        for (idx, (m, entity)) in mentions.iter().enumerate() {
            self.put_mention(idx, m, entity)?;
        }
        Ok(())
    }
}

/// Why an annotation cannot be stored as it is (it is then recorded as failed).
fn check(doc: &Document, mentions: &[Mention], entities: &[Entity]) -> Result<(), String> {
    let mut ids = HashSet::new();
    for e in entities {
        if e.id.is_empty() {
            return Err(format!("entity '{}' has an empty id", e.name));
        }
        if !ids.insert(e.id.as_str()) {
            return Err(format!("entity id {} is given twice", e.id));
        }
    }
    for m in mentions {
        if m.start > m.end || doc.text.get(m.start..m.end).is_none() {
            return Err(format!("mention span {}..{} is not a span of the text", m.start, m.end));
        }
        if let Some((s, e)) = m.name_span {
            if s > e || s < m.start || e > m.end || doc.text.get(s..e).is_none() {
                return Err(format!("name span {s}..{e} is not inside mention {}..{}", m.start, m.end));
            }
        }
        if !ids.contains(m.entity.as_str()) {
            return Err(format!("mention '{}' points to unknown entity {}", m.text, m.entity));
        }
    }
    Ok(())
}

/// The `a:` keys an entity has because one of its forms is an acronym, not merely initials.
fn acronym_keys(e: &Entity) -> HashSet<String> {
    std::iter::once(&e.name)
        .chain(&e.aliases)
        .filter(|f| is_acronym(f))
        .map(|f| format!("a:{}", acronym_key(f)))
        .collect()
}

/// Stores one new document's entities and mentions through `rows`. Returns the map from the
/// article's entity ids to the store's when the entities were stored (`None` when the annotation
/// failed, was malformed, or the document was annotated before).
pub(crate) fn store_entities(
    rows: &mut dyn EntityRows,
    doc: &Document,
    annotation: &Annotated,
) -> Result<Option<HashMap<String, String>>, StoreError> {
    let (mentions, entities) = match annotation {
        Annotated::Failed(reason) => {
            rows.mark("failed", Some(reason))?;
            return Ok(None);
        }
        Annotated::Entities { mentions, entities, .. } => (mentions, entities),
    };
    if let Err(detail) = check(doc, mentions, entities) {
        rows.mark("failed", Some(&format!("the annotation was not stored: {detail}")))?;
        return Ok(None);
    }
    if !rows.mark("done", None)? {
        // Annotated before: nothing to add.
        return Ok(None);
    }

    // Candidates: stored entities sharing a link key with, or carrying the id of, an article entity.
    let mut candidates: HashSet<String> = HashSet::new();
    for e in entities {
        // The entity with the article entity's id, and those the linker numbered `id~2`,
        // `id~3`... when it made a fresh entity whose id was taken: all of them must be known
        // to it.
        let ids = rows.ids_like(&e.id)?;
        let known = ids.contains(&e.id);
        candidates.extend(ids);
        // An id the store holds is linked by id, unless the id is a bare surname or an
        // acronym: then the linker weighs the other candidates too.
        if known && id_is_evidence(e) {
            continue;
        }
        // Initials ("a:GS" of "Grand Slam") reach only entities called by that acronym; an
        // acronym reaches every expansion of it. A surname needs two holders at most: the linker
        // links by surname only when there is exactly one, or else to the entity of the people
        // known by that bare surname, which carries the article entity's id and is fetched by id.
        let acronyms = acronym_keys(e);
        for k in keys(e) {
            let only_acronyms = k.starts_with("a:") && !acronyms.contains(&k);
            let limit = if k.starts_with("s:") { 2 } else { CANDIDATES_PER_KEY };
            candidates.extend(rows.ids_by_key(&k, only_acronyms, limit)?);
        }
    }
    let mut stored: Vec<(i64, Entity)> = Vec::with_capacity(candidates.len());
    for id in &candidates {
        if let Some(found) = rows.load_for_linking(id)? {
            stored.push(found);
        }
    }
    // Older entities first: the linker prefers the earlier of two equally good candidates.
    stored.sort_by_key(|(age, _)| *age);
    let mut linker = Linker::new();
    for (_, e) in &stored {
        linker.add(e.clone());
    }
    let global = linker.link(entities);
    let stored: HashMap<String, Entity> = stored.into_iter().map(|(_, e)| (e.id.clone(), e)).collect();

    let mut counts: HashMap<&str, i64> = HashMap::new();
    for m in mentions {
        *counts.entry(m.entity.as_str()).or_default() += 1;
    }
    let day = doc.dct.as_ref().map(|d| d.date().to_string());
    let mut local_to_global: HashMap<&str, &str> = HashMap::new();
    let mut done: HashSet<&str> = HashSet::new();
    for (e, g) in entities.iter().zip(&global) {
        local_to_global.insert(e.id.as_str(), g.as_str());
        let n = counts.get(e.id.as_str()).copied().unwrap_or(0);
        let place = e.place.as_ref().map(|p| serde_json::to_string(p).unwrap_or_default());
        let first_time_here = done.insert(g.as_str());
        match stored.get(g).map(|s| &s.name) {
            None if first_time_here => rows.insert_entity(g, e, place.as_deref(), n)?,
            known => {
                // A person first met by surname alone takes the first full name linked to them.
                let promoted = known.filter(|old| {
                    e.kind == EntityType::Person && name_words(old).len() == 1 && name_words(&e.name).len() > 1
                });
                rows.update_entity(
                    g,
                    i64::from(first_time_here),
                    n,
                    place.as_deref(),
                    promoted.map(|_| e.name.as_str()),
                )?;
            }
        }
        // Keys are per form: the article's forms, under the stored entity's type.
        let mut keyed = e.clone();
        if let Some(s) = stored.get(g) {
            keyed.kind = s.kind;
        }
        let acronyms = acronym_keys(&keyed);
        let mut link_keys: Vec<(String, bool)> = Vec::new();
        for k in keys(&keyed) {
            let acronym = acronyms.contains(&k);
            match link_keys.iter_mut().find(|(known, _)| *known == k) {
                Some((_, a)) => *a |= acronym,
                None => link_keys.push((k, acronym)),
            }
        }
        rows.put_keys(g, &link_keys)?;
        let mut forms: Vec<&str> = Vec::with_capacity(e.aliases.len() + 1);
        for f in std::iter::once(&e.name).chain(&e.aliases) {
            if !forms.contains(&f.as_str()) {
                forms.push(f);
            }
        }
        // A description ("the president") is shown with the entity but is no link key.
        let aliases: Vec<(&str, String, bool)> =
            forms.into_iter().map(|f| (f, name_key(f), f != e.name && is_description(f))).collect();
        rows.put_aliases(g, &aliases)?;
        let actor = e.actor.as_ref().map(|a| serde_json::to_string(a).unwrap_or_default());
        rows.put_doc_entity(g, e, actor.as_deref(), day.as_deref(), n)?;
    }
    let linked: Vec<(&Mention, &str)> = mentions
        .iter()
        .map(|m| (m, local_to_global.get(m.entity.as_str()).copied().unwrap_or(m.entity.as_str())))
        .collect();
    rows.put_mentions(&linked)?;
    Ok(Some(local_to_global.into_iter().map(|(l, g)| (l.to_string(), g.to_string())).collect()))
}

/// The key part of a date: the day of a date or date-time value, the value itself when coarser.
fn date_key(value: &str) -> String {
    match day_of(value) {
        Some(d) => d.to_string(),
        None => value.to_string(),
    }
}

/// The `YYYY-MM-DD` a value starts with, if it starts with one.
pub(crate) fn day_of(value: &str) -> Option<&str> {
    let d = value.get(..10)?;
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then_some(d)
}

/// The event key: date, source code, target code, CAMEO code, place. Fields are separated by
/// `|`, which no code or folded name holds.
pub(crate) fn event_key(
    date: Option<&str>,
    source: Option<&str>,
    target: Option<&str>,
    cameo: &str,
    place: Option<&str>,
) -> String {
    let clean = |s: &str| s.replace('|', "/");
    format!(
        "{}|{}|{}|{}|{}",
        date.map(date_key).unwrap_or_default(),
        source.map(clean).unwrap_or_default(),
        target.map(clean).unwrap_or_default(),
        clean(cameo),
        place.map(clean).unwrap_or_default()
    )
}

/// Why an event cannot be stored as it is (it is then left out, the rest of the article kept).
fn check_event(doc: &Document, e: &EventInput) -> Result<(), String> {
    for (what, (s, t)) in [("evidence", e.evidence), ("trigger", e.trigger_span), ("sentence", e.sentence_span)] {
        if s > t || doc.text.get(s..t).is_none() {
            return Err(format!("{what} span {s}..{t} is not a span of the text"));
        }
    }
    if e.cameo.is_empty() {
        return Err("the CAMEO code is empty".into());
    }
    if e.quad_class > 4 {
        return Err(format!("quad class {} is not 0-4", e.quad_class));
    }
    Ok(())
}

/// An event as it is stored when new: its key and the values of its row.
pub(crate) struct NewEvent<'a> {
    pub key: String,
    pub day: Option<String>,
    pub date: Option<&'a str>,
    pub date_precision: Option<&'a str>,
    pub source: Option<&'a EventActor>,
    pub source_entity: Option<String>,
    pub target: Option<&'a EventActor>,
    pub target_entity: Option<String>,
    pub input: &'a EventInput,
    /// The PLOVER context as JSON.
    pub context: String,
    pub place_entity: Option<String>,
}

/// The row operations on events a backend provides, inside the document's transaction.
pub(crate) trait EventRows {
    /// The id of the event with `e.key`, stored now (first reported by this document) when new.
    fn upsert_event(&mut self, e: &NewEvent<'_>) -> Result<i64, StoreError>;
    /// The document's report number `idx` of event `event_id`.
    fn put_report(
        &mut self,
        idx: usize,
        event_id: i64,
        e: &EventInput,
        sentence_text: &str,
        evidence: &str,
    ) -> Result<(), StoreError>;
    /// Records that `outlet` reported event `event_id`; true when it had not before.
    fn add_source(&mut self, event_id: i64, outlet: &str) -> Result<bool, StoreError>;
    /// Adds to the event's counts.
    fn add_counts(&mut self, event_id: i64, mentions: i64, articles: i64, sources: i64) -> Result<(), StoreError>;
}

/// Stores a new document's events through `rows`. `ids` maps the article's entity ids to the
/// store's; an actor or place whose entity is not in it keeps its text and code without an
/// entity. Returns how many events were stored.
pub(crate) fn store_events(
    rows: &mut dyn EventRows,
    doc: &Document,
    events: &[EventInput],
    ids: &HashMap<String, String>,
) -> Result<usize, StoreError> {
    let global = |local: &Option<String>| local.as_ref().and_then(|l| ids.get(l)).cloned();
    let published = doc.dct.as_ref().map(|d| d.date().to_string());
    let outlet = doc.source.clone().or_else(|| doc.site.clone()).unwrap_or_default();
    // Per stored event: the first sentences of the article's events that joined it, and the most
    // sentences one of them reports. Two events of one article can join one stored event (the US
    // and Washington sanction Moscow: both USA... → RUSGOV), often from the same sentence, which
    // must not count twice.
    let mut joined: Vec<(i64, HashSet<usize>, u32)> = Vec::new();
    let mut stored = 0;
    for e in events {
        if check_event(doc, e).is_err() {
            continue;
        }
        let source_entity = e.source.as_ref().and_then(|a| global(&a.entity));
        let target_entity = e.target.as_ref().and_then(|a| global(&a.entity));
        let place_entity = e.place.as_ref().and_then(|p| global(&p.entity));
        let date = e.date.as_ref().map(|d| d.value.clone()).or_else(|| published.clone());
        let day = date.as_deref().and_then(day_of).map(str::to_string).or_else(|| published.clone());
        let place_key = e.place.as_ref().map(|p| match &place_entity {
            Some(g) => format!("e:{g}"),
            None => format!("n:{}", p.name.to_lowercase()),
        });
        // A side is its actor code ("Washington" and "the United States" both USAGOV) unless it is
        // a person: meeting Putin and meeting Lavrov the same day are two events, not one RUSGOV
        // meeting that only Putin's entity would keep.
        let side = |a: &Option<EventActor>, entity: &Option<String>| match entity {
            Some(id) if id.starts_with("person:") => {
                Some(format!("{}/{id}", a.as_ref().map_or("", |a| a.code.as_str())))
            }
            _ => a.as_ref().map(|a| a.code.clone()),
        };
        let key = event_key(
            date.as_deref(),
            side(&e.source, &source_entity).as_deref(),
            side(&e.target, &target_entity).as_deref(),
            &e.cameo,
            place_key.as_deref(),
        );
        let context = serde_json::to_string(&e.plover.as_ref().map(|p| p.context.clone()).unwrap_or_default())
            .unwrap_or_else(|_| "[]".into());
        let new = NewEvent {
            key,
            day,
            date: e.date.as_ref().map(|d| d.value.as_str()).or(published.as_deref()),
            date_precision: e.date.as_ref().map(|d| d.precision.as_str()).or(published.as_ref().map(|_| "day")),
            source: e.source.as_ref(),
            source_entity,
            target: e.target.as_ref(),
            target_entity,
            input: e,
            context,
            place_entity,
        };
        let id = rows.upsert_event(&new)?;
        let text = |(a, b): (usize, usize)| doc.text.get(a..b).unwrap_or_default();
        rows.put_report(stored, id, e, text(e.sentence_span), text(e.evidence))?;
        match joined.iter_mut().find(|(j, _, _)| *j == id) {
            Some((_, sentences, most)) => {
                sentences.insert(e.sentence);
                *most = (*most).max(e.mentions);
            }
            None => joined.push((id, HashSet::from([e.sentence]), e.mentions)),
        }
        stored += 1;
    }
    for (id, sentences, most) in joined {
        let mentions = i64::try_from(sentences.len()).unwrap_or(1).max(i64::from(most));
        let new_source = rows.add_source(id, &outlet)?;
        rows.add_counts(id, mentions, 1, i64::from(new_source))?;
    }
    Ok(stored)
}
