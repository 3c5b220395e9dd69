//! Entities in SQLite: the row operations of storing one document's annotation (the linking
//! itself is backend-neutral, in `crate::annotate`, inside the document's transaction) and the
//! read side (listings, look-ups by name, one entity's aliases, codes, articles and co-mentions).

use super::{to_i64, SqliteStore};
use crate::annotate::{enum_parse, enum_str, EntityRows};
use crate::{
    AliasCount, CoMention, CodeSpan, EntityArticle, EntityDetail, EntityQuery, EntityRecord, EntitySummary, StoreError,
};
use herald_entities::dict::{acronym_key, is_acronym};
use herald_entities::fold::{name_key, name_words, translit};
use herald_model::{DocId, Document, Entity, EntityType, Mention, MentionForm, Place};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;

/// Aliases shown in a listing.
const LISTED_ALIASES: i64 = 5;

/// The entity rows of one document's annotation, on SQLite (inside the document's transaction).
pub(super) struct Rows<'a> {
    pub conn: &'a Connection,
    pub path: &'a str,
    pub doc: &'a Document,
    pub now: &'a str,
}

impl Rows<'_> {
    fn sql(&self, action: &str) -> impl FnOnce(rusqlite::Error) -> StoreError {
        let action = format!("{action} (document {})", self.doc.id);
        let path = self.path.to_string();
        move |cause| StoreError::Sqlite { path, action, cause }
    }
}

impl EntityRows for Rows<'_> {
    fn mark(&mut self, status: &str, detail: Option<&str>) -> Result<bool, StoreError> {
        let n = self
            .conn
            .prepare_cached(
                "INSERT INTO doc_annotations (doc_id, status, detail, annotated_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (doc_id) DO NOTHING",
            )
            .and_then(|mut s| s.execute(params![self.doc.id.0, status, detail, self.now]))
            .map_err(self.sql("recording the annotation"))?;
        Ok(n > 0)
    }

    fn ids_like(&mut self, id: &str) -> Result<Vec<String>, StoreError> {
        self.conn
            .prepare_cached("SELECT id FROM entities WHERE id = ?1 OR (id >= ?2 AND id < ?3)")
            .and_then(|mut s| {
                s.query_map(params![id, format!("{id}~"), format!("{id}\u{7f}")], |r| r.get(0))?.collect()
            })
            .map_err(self.sql("looking up entity ids"))
    }

    fn ids_by_key(&mut self, key: &str, only_acronyms: bool, limit: i64) -> Result<Vec<String>, StoreError> {
        self.conn
            .prepare_cached("SELECT entity_id FROM entity_keys WHERE key = ?1 AND acronym >= ?2 LIMIT ?3")
            .and_then(|mut s| s.query_map(params![key, only_acronyms, limit], |r| r.get(0))?.collect())
            .map_err(self.sql("looking up link keys"))
    }

    fn load_for_linking(&mut self, id: &str) -> Result<Option<(i64, Entity)>, StoreError> {
        load_for_linking(self.conn, id).map_err(self.sql("reading a stored entity"))
    }

    fn insert_entity(&mut self, id: &str, e: &Entity, place: Option<&str>, mentions: i64) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO entities (id, name, type, place, first_seen, articles, mentions) \
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
            )
            .and_then(|mut s| s.execute(params![id, e.name, enum_str(&e.kind), place, self.doc.id.0, mentions]))
            .map_err(self.sql(&format!("storing entity {id}")))?;
        Ok(())
    }

    fn update_entity(
        &mut self,
        id: &str,
        articles: i64,
        mentions: i64,
        place: Option<&str>,
        name: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE entities SET articles = articles + ?2, mentions = mentions + ?3, \
                 place = COALESCE(place, ?4), name = COALESCE(?5, name) WHERE id = ?1",
            )
            .and_then(|mut s| s.execute(params![id, articles, mentions, place, name]))
            .map_err(self.sql(&format!("updating entity {id}")))?;
        Ok(())
    }

    fn put_keys(&mut self, id: &str, keys: &[(String, bool)]) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "INSERT INTO entity_keys (key, entity_id, acronym) VALUES (?1, ?2, ?3) \
                 ON CONFLICT DO UPDATE SET acronym = max(acronym, excluded.acronym)",
            )
            .map_err(self.sql("storing link keys"))?;
        for (key, acronym) in keys {
            stmt.execute(params![key, id, acronym]).map_err(self.sql("storing link keys"))?;
        }
        Ok(())
    }

    fn put_aliases(&mut self, id: &str, aliases: &[(&str, String, bool)]) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "INSERT INTO entity_aliases (entity_id, alias, key, articles, descriptive) \
                 VALUES (?1, ?2, ?3, 1, ?4) \
                 ON CONFLICT (entity_id, alias) DO UPDATE SET articles = articles + 1, \
                 descriptive = min(descriptive, excluded.descriptive)",
            )
            .map_err(self.sql("storing aliases"))?;
        for (alias, key, descriptive) in aliases {
            stmt.execute(params![id, alias, key, descriptive]).map_err(self.sql("storing aliases"))?;
        }
        Ok(())
    }

    fn put_doc_entity(
        &mut self,
        id: &str,
        e: &Entity,
        actor: Option<&str>,
        day: Option<&str>,
        mentions: i64,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO doc_entities (doc_id, entity_id, local_id, name, actor_code, actor, day, mentions) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
                 ON CONFLICT (doc_id, entity_id) DO UPDATE SET mentions = mentions + excluded.mentions",
            )
            .and_then(|mut s| {
                s.execute(params![
                    self.doc.id.0,
                    id,
                    e.id,
                    e.name,
                    e.actor.as_ref().map(|a| a.code.as_str()),
                    actor,
                    day,
                    mentions
                ])
            })
            .map_err(self.sql(&format!("storing the mentions of entity {id}")))?;
        Ok(())
    }

    fn put_mention(&mut self, idx: usize, m: &Mention, entity: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO mentions (doc_id, idx, start, \"end\", text, type, form, name_start, name_end, \
                 sentence, entity_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    self.doc.id.0,
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
            })
            .map_err(self.sql("storing mentions"))?;
        Ok(())
    }
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
