//! Entities in SQLite: storing one document's annotation (linking its entities to the stored
//! ones with `herald_entities::link`, inside the document's transaction) and the read side
//! (listings, look-ups by name, one entity's aliases, codes, articles and co-mentions).
//!
//! Linking fetches candidates by link key and by id, both index look-ups; the entity table is
//! never scanned. Which candidate an article's entity is, if any, is the linker's decision alone
//! (`herald_entities::link`: names, acronyms, surnames, descriptions); the store only makes sure
//! the linker sees every candidate its rules need. Counts (`entities.articles`,
//! `entities.mentions`, alias article counts) are updated only when a document is stored for
//! the first time, so a rerun changes nothing.

use super::{to_i64, SqliteStore};
use crate::{
    AliasCount, Annotated, CoMention, CodeSpan, EntityArticle, EntityDetail, EntityQuery, EntityRecord, EntitySummary,
    StoreError,
};
use herald_entities::dict::{acronym_key, is_acronym};
use herald_entities::fold::{name_key, name_words, translit};
use herald_entities::link::{id_is_evidence, is_description, keys, Linker};
use herald_model::{DocId, Document, Entity, EntityType, Mention, MentionForm, Place};
use rusqlite::{params, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Aliases shown in a listing.
const LISTED_ALIASES: i64 = 5;

/// Stored entities fetched per link key, a bound for keys that many entities share.
const CANDIDATES_PER_KEY: i64 = 64;

/// A unit enum's serde name (`"person"`, `"name"`): the names the exports already use.
fn enum_str<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

fn enum_parse<T: DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
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

/// Stores one new document's annotation on `conn` (inside the document's transaction). Returns
/// the map from the article's entity ids to the store's when the entities were stored (`None`
/// when the annotation failed, was malformed, or the document was annotated before).
pub(super) fn store_annotation(
    conn: &Connection,
    path: &str,
    doc: &Document,
    annotation: &Annotated,
    now: &str,
) -> Result<Option<HashMap<String, String>>, StoreError> {
    let sql = |action: &str| {
        let action = format!("{action} (document {})", doc.id);
        move |cause| StoreError::Sqlite { path: path.to_string(), action, cause }
    };
    let mark = |status: &str, detail: Option<&str>| {
        conn.prepare_cached(
            "INSERT INTO doc_annotations (doc_id, status, detail, annotated_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (doc_id) DO NOTHING",
        )
        .and_then(|mut s| s.execute(params![doc.id.0, status, detail, now]))
        .map_err(sql("recording the annotation"))
    };
    let (mentions, entities) = match annotation {
        Annotated::Failed(reason) => {
            mark("failed", Some(reason))?;
            return Ok(None);
        }
        Annotated::Entities { mentions, entities, .. } => (mentions, entities),
    };
    if let Err(detail) = check(doc, mentions, entities) {
        mark("failed", Some(&format!("the annotation was not stored: {detail}")))?;
        return Ok(None);
    }
    if mark("done", None)? == 0 {
        // Annotated before: nothing to add.
        return Ok(None);
    }

    // Candidates: stored entities sharing a link key with, or carrying the id of, an article entity.
    let mut candidates: HashSet<String> = HashSet::new();
    {
        // Initials ("a:GS" of "Grand Slam") reach only entities called by that acronym; an
        // acronym reaches every expansion of it. A surname needs two holders at most: the linker
        // links by surname only when there is exactly one, or else to the entity of the people
        // known by that bare surname, which carries the article entity's id and is fetched by id.
        let mut by_key = conn
            .prepare_cached("SELECT entity_id FROM entity_keys WHERE key = ?1 AND acronym >= ?2 LIMIT ?3")
            .map_err(sql("looking up link keys"))?;
        let mut by_id = conn
            .prepare_cached("SELECT id FROM entities WHERE id = ?1 OR (id >= ?2 AND id < ?3)")
            .map_err(sql("looking up entity ids"))?;
        for e in entities {
            // The entity with the article entity's id, and those the linker numbered `id~2`,
            // `id~3`... when it made a fresh entity whose id was taken: all of them must be known
            // to it.
            let ids: Vec<String> = by_id
                .query_map(params![e.id, format!("{}~", e.id), format!("{}\u{7f}", e.id)], |r| r.get(0))
                .and_then(|rows| rows.collect())
                .map_err(sql("looking up entity ids"))?;
            let known = ids.contains(&e.id);
            candidates.extend(ids);
            // An id the store holds is linked by id, unless the id is a bare surname or an
            // acronym: then the linker weighs the other candidates too.
            if known && id_is_evidence(e) {
                continue;
            }
            let acronyms = acronym_keys(e);
            for k in keys(e) {
                let only_acronyms = k.starts_with("a:") && !acronyms.contains(&k);
                let limit = if k.starts_with("s:") { 2 } else { CANDIDATES_PER_KEY };
                let ids: Vec<String> = by_key
                    .query_map(params![k, only_acronyms, limit], |r| r.get(0))
                    .and_then(|rows| rows.collect())
                    .map_err(sql("looking up link keys"))?;
                candidates.extend(ids);
            }
        }
    }
    let mut stored: Vec<(i64, Entity)> = Vec::with_capacity(candidates.len());
    for id in &candidates {
        if let Some(found) = load_for_linking(conn, id).map_err(sql("reading a stored entity"))? {
            stored.push(found);
        }
    }
    // Older entities first: the linker prefers the earlier of two equally good candidates.
    stored.sort_by_key(|(rowid, _)| *rowid);
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
            None if first_time_here => {
                conn.prepare_cached(
                    "INSERT INTO entities (id, name, type, place, first_seen, articles, mentions) \
                     VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
                )
                .and_then(|mut s| s.execute(params![g, e.name, enum_str(&e.kind), place, doc.id.0, n]))
                .map_err(sql(&format!("storing entity {g}")))?;
            }
            known => {
                // A person first met by surname alone takes the first full name linked to them.
                let promoted = known.filter(|old| {
                    e.kind == EntityType::Person && name_words(old).len() == 1 && name_words(&e.name).len() > 1
                });
                conn.prepare_cached(
                    "UPDATE entities SET articles = articles + ?2, mentions = mentions + ?3, \
                     place = COALESCE(place, ?4), name = COALESCE(?5, name) WHERE id = ?1",
                )
                .and_then(|mut s| {
                    s.execute(params![g, i64::from(first_time_here), n, place, promoted.map(|_| e.name.as_str())])
                })
                .map_err(sql(&format!("updating entity {g}")))?;
            }
        }
        {
            // Keys are per form: the article's forms, under the stored entity's type.
            let mut keyed = e.clone();
            if let Some(s) = stored.get(g) {
                keyed.kind = s.kind;
            }
            let acronyms = acronym_keys(&keyed);
            let mut insert_key = conn
                .prepare_cached(
                    "INSERT INTO entity_keys (key, entity_id, acronym) VALUES (?1, ?2, ?3) \
                     ON CONFLICT DO UPDATE SET acronym = max(acronym, excluded.acronym)",
                )
                .map_err(sql("storing link keys"))?;
            for k in keys(&keyed) {
                let acronym = acronyms.contains(&k);
                insert_key.execute(params![k, g, acronym]).map_err(sql("storing link keys"))?;
            }
        }
        let mut forms: Vec<&str> = Vec::with_capacity(e.aliases.len() + 1);
        for f in std::iter::once(&e.name).chain(&e.aliases) {
            if !forms.contains(&f.as_str()) {
                forms.push(f);
            }
        }
        {
            let mut upsert_alias = conn
                .prepare_cached(
                    "INSERT INTO entity_aliases (entity_id, alias, key, articles, descriptive) \
                     VALUES (?1, ?2, ?3, 1, ?4) \
                     ON CONFLICT (entity_id, alias) DO UPDATE SET articles = articles + 1, \
                     descriptive = min(descriptive, excluded.descriptive)",
                )
                .map_err(sql("storing aliases"))?;
            for f in forms {
                // A description ("the president") is shown with the entity but is no link key.
                let d = f != e.name && is_description(f);
                upsert_alias.execute(params![g, f, name_key(f), d]).map_err(sql("storing aliases"))?;
            }
        }
        let actor = e.actor.as_ref().map(|a| serde_json::to_string(a).unwrap_or_default());
        conn.prepare_cached(
            "INSERT INTO doc_entities (doc_id, entity_id, local_id, name, actor_code, actor, day, mentions) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
             ON CONFLICT (doc_id, entity_id) DO UPDATE SET mentions = mentions + excluded.mentions",
        )
        .and_then(|mut s| {
            s.execute(params![doc.id.0, g, e.id, e.name, e.actor.as_ref().map(|a| a.code.as_str()), actor, day, n])
        })
        .map_err(sql(&format!("storing the mentions of entity {g}")))?;
    }
    let mut insert_mention = conn
        .prepare_cached(
            "INSERT INTO mentions (doc_id, idx, start, \"end\", text, type, form, name_start, name_end, sentence, \
             entity_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )
        .map_err(sql("storing mentions"))?;
    for (idx, m) in mentions.iter().enumerate() {
        let entity = local_to_global.get(m.entity.as_str()).copied().unwrap_or(m.entity.as_str());
        insert_mention
            .execute(params![
                doc.id.0,
                to_i64(idx),
                to_i64(m.start),
                to_i64(m.end),
                m.text,
                enum_str(&m.kind),
                enum_str(&m.form),
                m.name_span.and_then(|(s, _)| to_i64(s)),
                m.name_span.and_then(|(_, e)| to_i64(e)),
                to_i64(m.sentence),
                entity
            ])
            .map_err(sql("storing mentions"))?;
    }
    Ok(Some(local_to_global.into_iter().map(|(l, g)| (l.to_string(), g.to_string())).collect()))
}

/// A stored entity as the linker needs it (name, type, every alias), with its rowid (age).
fn load_for_linking(conn: &Connection, id: &str) -> rusqlite::Result<Option<(i64, Entity)>> {
    let row: Option<(i64, String, String, Option<String>)> = conn
        .prepare_cached("SELECT rowid, name, type, place FROM entities WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((rowid, name, kind, place)) = row else { return Ok(None) };
    // An entity of a type this build does not know cannot be linked to.
    let Some(kind) = enum_parse::<EntityType>(&kind) else { return Ok(None) };
    let aliases: Vec<String> = conn
        .prepare_cached(
            "SELECT alias FROM entity_aliases WHERE entity_id = ?1 AND alias <> ?2 AND descriptive = 0 \
         ORDER BY articles DESC, alias",
        )?
        .query_map(params![id, name], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let place = place.and_then(|p| serde_json::from_str::<Place>(&p).ok());
    Ok(Some((rowid, Entity { id: id.to_string(), name, kind, aliases, actor: None, place })))
}

/// An entity row before its type is checked.
type EntityRow = (String, String, String, i64, i64);

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn limit_value(limit: usize) -> i64 {
    if limit == 0 {
        -1
    } else {
        to_i64(limit).unwrap_or(i64::MAX)
    }
}

impl SqliteStore {
    fn entity_kind(&self, id: &str, kind: &str) -> Result<EntityType, StoreError> {
        enum_parse(kind).ok_or_else(|| self.corrupt(format!("entity {id}"), format!("unknown entity type '{kind}'")))
    }

    fn summaries(&self, rows: Vec<EntityRow>) -> Result<Vec<EntitySummary>, StoreError> {
        let mut out = Vec::with_capacity(rows.len());
        for (id, name, kind, articles, mentions) in rows {
            let kind = self.entity_kind(&id, &kind)?;
            let aliases = self.aliases(&id, &name, LISTED_ALIASES)?;
            out.push(EntitySummary { id, name, kind, articles: count(articles), mentions: count(mentions), aliases });
        }
        Ok(out)
    }

    fn aliases(&self, id: &str, name: &str, limit: i64) -> Result<Vec<AliasCount>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT alias, articles FROM entity_aliases WHERE entity_id = ?1 AND alias <> ?2 \
                 ORDER BY articles DESC, alias LIMIT ?3",
            )
            .and_then(|mut s| {
                s.query_map(params![id, name, limit], |r| {
                    Ok(AliasCount { alias: r.get(0)?, articles: count(r.get(1)?) })
                })?
                .collect()
            })
            .map_err(self.err(format!("reading the aliases of entity {id}")))
    }

    fn summaries_by_ids(&self, ids: &[String]) -> Result<Vec<EntitySummary>, StoreError> {
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            let row: Option<EntityRow> = self
                .conn
                .prepare_cached("SELECT id, name, type, articles, mentions FROM entities WHERE id = ?1")
                .and_then(|mut s| {
                    s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))).optional()
                })
                .map_err(self.err(format!("reading entity {id}")))?;
            rows.extend(row);
        }
        rows.sort_by(|a, b| b.3.cmp(&a.3).then(b.4.cmp(&a.4)).then(a.0.cmp(&b.0)));
        self.summaries(rows)
    }

    /// One entity without its co-mentions; `limit` bounds the articles (0: all).
    fn entity_record(&self, id: &str, limit: usize) -> Result<Option<EntityRecord>, StoreError> {
        let row: Option<(String, String, Option<String>, i64, i64)> = self
            .conn
            .prepare_cached("SELECT name, type, place, articles, mentions FROM entities WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))).optional()
            })
            .map_err(self.err(format!("reading entity {id}")))?;
        let Some((name, kind, place, articles, mentions)) = row else { return Ok(None) };
        let kind = self.entity_kind(id, &kind)?;
        let place = match place {
            None => None,
            Some(p) => Some(
                serde_json::from_str::<Place>(&p)
                    .map_err(|e| self.corrupt(format!("entity {id}"), format!("place '{p}': {e}")))?,
            ),
        };
        let aliases = self.aliases(id, &name, -1)?;
        let codes: Vec<CodeSpan> = self
            .conn
            .prepare_cached(
                "SELECT actor_code, min(day), max(day), count(*) FROM doc_entities \
                 WHERE entity_id = ?1 AND actor_code IS NOT NULL GROUP BY actor_code \
                 ORDER BY min(day) IS NULL, min(day), actor_code",
            )
            .and_then(|mut s| {
                s.query_map([id], |r| {
                    Ok(CodeSpan { code: r.get(0)?, first: r.get(1)?, last: r.get(2)?, articles: count(r.get(3)?) })
                })?
                .collect()
            })
            .map_err(self.err(format!("reading the actor codes of entity {id}")))?;
        let articles_list: Vec<EntityArticle> = self
            .conn
            .prepare_cached(
                "SELECT de.doc_id, d.external_id, de.day, d.title, de.name, de.actor_code, de.mentions \
                 FROM doc_entities de JOIN documents d ON d.id = de.doc_id WHERE de.entity_id = ?1 \
                 ORDER BY de.day IS NULL, de.day, d.seq LIMIT ?2",
            )
            .and_then(|mut s| {
                s.query_map(params![id, limit_value(limit)], |r| {
                    Ok(EntityArticle {
                        doc: DocId(r.get(0)?),
                        external_id: r.get(1)?,
                        day: r.get(2)?,
                        title: r.get(3)?,
                        name: r.get(4)?,
                        code: r.get(5)?,
                        mentions: count(r.get(6)?),
                    })
                })?
                .collect()
            })
            .map_err(self.err(format!("reading the articles of entity {id}")))?;
        Ok(Some(EntityRecord {
            id: id.to_string(),
            name,
            kind,
            place,
            aliases,
            codes,
            article_count: count(articles),
            mention_count: count(mentions),
            articles: articles_list,
        }))
    }

    pub(super) fn list_entities(&self, q: &EntityQuery) -> Result<Vec<EntitySummary>, StoreError> {
        let rows: Vec<EntityRow> = match q.kind {
            Some(kind) => self
                .conn
                .prepare_cached(
                    "SELECT id, name, type, articles, mentions FROM entities WHERE type = ?1 \
                     ORDER BY articles DESC, mentions DESC, id LIMIT ?2",
                )
                .and_then(|mut s| {
                    s.query_map(params![enum_str(&kind), limit_value(q.limit)], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    })?
                    .collect()
                }),
            None => self
                .conn
                .prepare_cached(
                    "SELECT id, name, type, articles, mentions FROM entities \
                     ORDER BY articles DESC, mentions DESC, id LIMIT ?1",
                )
                .and_then(|mut s| {
                    s.query_map(params![limit_value(q.limit)], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                    })?
                    .collect()
                }),
        }
        .map_err(self.err("listing entities"))?;
        self.summaries(rows)
    }

    pub(super) fn find_entities_by(&self, key: &str) -> Result<Vec<EntitySummary>, StoreError> {
        let by_id: Option<String> = self
            .conn
            .prepare_cached("SELECT id FROM entities WHERE id = ?1")
            .and_then(|mut s| s.query_row([key], |r| r.get(0)).optional())
            .map_err(self.err(format!("looking up entity '{key}'")))?;
        if let Some(id) = by_id {
            return self.summaries_by_ids(&[id]);
        }
        let folded = name_key(key);
        if folded.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT DISTINCT entity_id FROM entity_aliases WHERE key = ?1")
            .and_then(|mut s| s.query_map([&folded], |r| r.get(0))?.collect())
            .map_err(self.err(format!("looking up entity '{key}'")))?;
        if !ids.is_empty() {
            return self.summaries_by_ids(&ids);
        }
        // The link keys: the same name up to transliteration, a surname, an acronym.
        let words: Vec<String> = name_words(key).iter().map(|w| translit(w)).collect();
        let mut keys = vec![format!("n:{}", words.join(" "))];
        if words.len() == 1 {
            keys.push(format!("s:{}", words[0]));
        }
        if is_acronym(key) {
            keys.push(format!("a:{}", acronym_key(key)));
        }
        let mut ids: Vec<String> = Vec::new();
        for k in keys {
            let found: Vec<String> = self
                .conn
                .prepare_cached("SELECT entity_id FROM entity_keys WHERE key = ?1")
                .and_then(|mut s| s.query_map([&k], |r| r.get(0))?.collect())
                .map_err(self.err(format!("looking up entity '{key}'")))?;
            for id in found {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        self.summaries_by_ids(&ids)
    }

    pub(super) fn entity_detail(&self, id: &str, limit: usize) -> Result<Option<EntityDetail>, StoreError> {
        let Some(record) = self.entity_record(id, limit)? else { return Ok(None) };
        type CoRow = (String, String, String, i64);
        let rows: Vec<CoRow> = self
            .conn
            .prepare_cached(
                "SELECT o.entity_id, e.name, e.type, count(*) AS n FROM doc_entities d \
                 JOIN doc_entities o ON o.doc_id = d.doc_id AND o.entity_id <> d.entity_id \
                 JOIN entities e ON e.id = o.entity_id \
                 WHERE d.entity_id = ?1 GROUP BY o.entity_id ORDER BY n DESC, e.articles DESC, o.entity_id LIMIT ?2",
            )
            .and_then(|mut s| {
                s.query_map(params![id, limit_value(limit)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                    .collect()
            })
            .map_err(self.err(format!("reading the entities mentioned with {id}")))?;
        let mut co_mentioned = Vec::with_capacity(rows.len());
        for (oid, name, kind, n) in rows {
            let kind = self.entity_kind(&oid, &kind)?;
            co_mentioned.push(CoMention { id: oid, name, kind, articles: count(n) });
        }
        Ok(Some(EntityDetail { record, co_mentioned }))
    }

    pub(super) fn each_entity(
        &self,
        f: &mut dyn FnMut(EntityRecord) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        // Ids first (the statement is done before the callback runs other statements).
        let mut last = 0i64;
        loop {
            let page: Vec<(i64, String)> = self
                .conn
                .prepare_cached("SELECT rowid, id FROM entities WHERE rowid > ?1 ORDER BY rowid LIMIT 512")
                .and_then(|mut s| s.query_map([last], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
                .map_err(self.err("reading entities"))?;
            let Some((l, _)) = page.last() else { return Ok(()) };
            last = *l;
            for (_, id) in page {
                if let Some(record) = self.entity_record(&id, 0)? {
                    f(record)?;
                }
            }
        }
    }

    pub(super) fn doc_mentions(&self, doc: &DocId) -> Result<Vec<Mention>, StoreError> {
        type MentionRow = (i64, i64, String, String, String, Option<i64>, Option<i64>, i64, String);
        let rows: Vec<MentionRow> = self
            .conn
            .prepare_cached(
                "SELECT start, \"end\", text, type, form, name_start, name_end, sentence, entity_id FROM mentions \
                 WHERE doc_id = ?1 ORDER BY idx",
            )
            .and_then(|mut s| {
                s.query_map([&doc.0], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                    ))
                })?
                .collect()
            })
            .map_err(self.err(format!("reading the mentions of {doc}")))?;
        let what = || format!("the mentions of document {doc}");
        rows.into_iter()
            .map(|(start, end, text, kind, form, name_start, name_end, sentence, entity)| {
                let num = |v: i64| usize::try_from(v).map_err(|_| self.corrupt(what(), format!("negative number {v}")));
                Ok(Mention {
                    start: num(start)?,
                    end: num(end)?,
                    text,
                    kind: enum_parse(&kind).ok_or_else(|| self.corrupt(what(), format!("unknown type '{kind}'")))?,
                    form: enum_parse::<MentionForm>(&form)
                        .ok_or_else(|| self.corrupt(what(), format!("unknown form '{form}'")))?,
                    name_span: match (name_start, name_end) {
                        (Some(s), Some(e)) => Some((num(s)?, num(e)?)),
                        _ => None,
                    },
                    sentence: num(sentence)?,
                    entity,
                })
            })
            .collect()
    }

    /// Counts for `herald status`: entities, annotated documents, failed annotations.
    pub(super) fn entity_counts(&self) -> Result<(u64, u64, u64), StoreError> {
        let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
        let rows: Vec<(String, i64)> = self
            .conn
            .prepare_cached("SELECT status, count(*) FROM doc_annotations GROUP BY status")
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(self.err("counting annotated documents"))?;
        for (s, n) in rows {
            by_status.insert(s, count(n));
        }
        let entities: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM entities")
            .and_then(|mut s| s.query_row([], |r| r.get(0)))
            .map_err(self.err("counting entities"))?;
        Ok((
            count(entities),
            by_status.get("done").copied().unwrap_or(0),
            by_status.get("failed").copied().unwrap_or(0),
        ))
    }
}
