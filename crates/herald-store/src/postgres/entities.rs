//! Entities in PostgreSQL: the row operations of storing one document's annotation (the linking
//! itself is backend-neutral, in `crate::annotate`) and the read side (listings, look-ups by name,
//! one entity's aliases, codes, articles and co-mentions), with the same orders as SQLite's.

use super::{count, limit_value, to_i64, Db, PgStore};
use crate::annotate::{enum_parse, enum_str, EntityRows};
use crate::{
    AliasCount, CoMention, CodeSpan, EntityArticle, EntityDetail, EntityQuery, EntityRecord, EntitySummary, StoreError,
};
use herald_entities::dict::{acronym_key, is_acronym};
use herald_entities::fold::{name_key, name_words, translit};
use herald_model::{DocId, Document, Entity, EntityType, Mention, MentionForm, Place};
use postgres::Row;
use std::collections::BTreeMap;

/// Aliases shown in a listing.
const LISTED_ALIASES: i64 = 5;

/// The entity rows of one document's annotation, inside the document's transaction.
pub(super) struct Rows<'a> {
    pub db: &'a mut Db,
    pub path: &'a str,
    pub doc: &'a Document,
    pub now: &'a str,
}

impl Rows<'_> {
    fn sql(&self, action: &str) -> impl FnOnce(postgres::Error) -> StoreError {
        let action = format!("{action} (document {})", self.doc.id);
        let path = self.path.to_string();
        move |cause| StoreError::Postgres { path, action, cause }
    }
}

impl EntityRows for Rows<'_> {
    fn mark(&mut self, status: &str, detail: Option<&str>) -> Result<bool, StoreError> {
        let err = self.sql("recording the annotation");
        let n = self
            .db
            .execute(
                "INSERT INTO doc_annotations (doc_id, status, detail, annotated_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (doc_id) DO NOTHING",
                &[&self.doc.id.0, &status, &detail, &self.now],
            )
            .map_err(err)?;
        Ok(n > 0)
    }

    fn ids_like(&mut self, id: &str) -> Result<Vec<String>, StoreError> {
        let err = self.sql("looking up entity ids");
        let rows = self
            .db
            .query(
                "SELECT id FROM entities WHERE id = $1 OR (id >= $2 AND id < $3)",
                &[&id, &format!("{id}~"), &format!("{id}\u{7f}")],
            )
            .map_err(err)?;
        Ok(rows.into_iter().map(|r| r.get(0)).collect())
    }

    fn ids_by_key(&mut self, key: &str, only_acronyms: bool, limit: i64) -> Result<Vec<String>, StoreError> {
        let err = self.sql("looking up link keys");
        let rows = self
            .db
            .query(
                "SELECT entity_id FROM entity_keys WHERE key = $1 AND (acronym OR NOT $2) LIMIT $3",
                &[&key, &only_acronyms, &limit],
            )
            .map_err(err)?;
        Ok(rows.into_iter().map(|r| r.get(0)).collect())
    }

    fn load_for_linking(&mut self, id: &str) -> Result<Option<(i64, Entity)>, StoreError> {
        // The row and its linking aliases in one round trip.
        let err = self.sql("reading a stored entity");
        let Some(row) = self
            .db
            .query_opt(
                "SELECT e.rid, e.name, e.type, e.place, ARRAY(SELECT a.alias FROM entity_aliases a \
                 WHERE a.entity_id = e.id AND a.alias <> e.name AND NOT a.descriptive \
                 ORDER BY a.articles DESC, a.alias) FROM entities e WHERE e.id = $1",
                &[&id],
            )
            .map_err(err)?
        else {
            return Ok(None);
        };
        let (rid, name, kind, place, aliases): (i64, String, String, Option<String>, Vec<String>) =
            (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
        // An entity of a type this build does not know cannot be linked to.
        let Some(kind) = enum_parse::<EntityType>(&kind) else { return Ok(None) };
        let place = place.and_then(|p| serde_json::from_str::<Place>(&p).ok());
        Ok(Some((rid, Entity { id: id.to_string(), name, kind, aliases, actor: None, place })))
    }

    fn insert_entity(&mut self, id: &str, e: &Entity, place: Option<&str>, mentions: i64) -> Result<(), StoreError> {
        let err = self.sql(&format!("storing entity {id}"));
        self.db
            .execute(
                "INSERT INTO entities (id, name, type, place, first_seen, articles, mentions) \
                 VALUES ($1, $2, $3, $4, $5, 1, $6)",
                &[&id, &e.name, &enum_str(&e.kind), &place, &self.doc.id.0, &mentions],
            )
            .map_err(err)?;
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
        let err = self.sql(&format!("updating entity {id}"));
        self.db
            .execute(
                "UPDATE entities SET articles = articles + $2, mentions = mentions + $3, \
                 place = COALESCE(place, $4), name = COALESCE($5, name) WHERE id = $1",
                &[&id, &articles, &mentions, &place, &name],
            )
            .map_err(err)?;
        Ok(())
    }

    fn put_keys(&mut self, id: &str, keys: &[(String, bool)]) -> Result<(), StoreError> {
        if keys.is_empty() {
            return Ok(());
        }
        let names: Vec<&str> = keys.iter().map(|(k, _)| k.as_str()).collect();
        let acronyms: Vec<bool> = keys.iter().map(|(_, a)| *a).collect();
        let err = self.sql("storing link keys");
        self.db
            .execute(
                "INSERT INTO entity_keys (key, entity_id, acronym) \
                 SELECT k, $1, a FROM unnest($2::text[], $3::bool[]) AS t (k, a) \
                 ON CONFLICT (key, entity_id) DO UPDATE SET acronym = entity_keys.acronym OR excluded.acronym",
                &[&id, &names, &acronyms],
            )
            .map_err(err)?;
        Ok(())
    }

    fn put_aliases(&mut self, id: &str, aliases: &[(&str, String, bool)]) -> Result<(), StoreError> {
        if aliases.is_empty() {
            return Ok(());
        }
        let forms: Vec<&str> = aliases.iter().map(|(f, _, _)| *f).collect();
        let keys: Vec<&str> = aliases.iter().map(|(_, k, _)| k.as_str()).collect();
        let descriptive: Vec<bool> = aliases.iter().map(|(_, _, d)| *d).collect();
        let err = self.sql("storing aliases");
        self.db
            .execute(
                "INSERT INTO entity_aliases (entity_id, alias, key, articles, descriptive) \
                 SELECT $1, f, k, 1, d FROM unnest($2::text[], $3::text[], $4::bool[]) AS t (f, k, d) \
                 ON CONFLICT (entity_id, alias) DO UPDATE SET articles = entity_aliases.articles + 1, \
                 descriptive = entity_aliases.descriptive AND excluded.descriptive",
                &[&id, &forms, &keys, &descriptive],
            )
            .map_err(err)?;
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
        let err = self.sql(&format!("storing the mentions of entity {id}"));
        let code = e.actor.as_ref().map(|a| a.code.as_str());
        self.db
            .execute(
                "INSERT INTO doc_entities (doc_id, entity_id, local_id, name, actor_code, actor, day, mentions) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (doc_id, entity_id) DO UPDATE SET mentions = doc_entities.mentions + excluded.mentions",
                &[&self.doc.id.0, &id, &e.id, &e.name, &code, &actor, &day, &mentions],
            )
            .map_err(err)?;
        Ok(())
    }

    fn put_mentions(&mut self, mentions: &[(&Mention, &str)]) -> Result<(), StoreError> {
        self.put_all(mentions)
    }

    fn put_mention(&mut self, idx: usize, m: &Mention, entity: &str) -> Result<(), StoreError> {
        let err = self.sql("storing mentions");
        let (name_start, name_end) = match m.name_span {
            Some((s, e)) => (Some(to_i64(s)), Some(to_i64(e))),
            None => (None, None),
        };
        self.db
            .execute(
                "INSERT INTO mentions (doc_id, idx, start, \"end\", text, type, form, name_start, name_end, \
                 sentence, entity_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                &[
                    &self.doc.id.0,
                    &to_i64(idx),
                    &to_i64(m.start),
                    &to_i64(m.end),
                    &m.text,
                    &enum_str(&m.kind),
                    &enum_str(&m.form),
                    &name_start,
                    &name_end,
                    &to_i64(m.sentence),
                    &entity,
                ],
            )
            .map_err(err)?;
        Ok(())
    }
}

impl Rows<'_> {
    /// The mentions as one statement: a column of values each, unnested.
    fn put_all(&mut self, mentions: &[(&Mention, &str)]) -> Result<(), StoreError> {
        if mentions.is_empty() {
            return Ok(());
        }
        let n = mentions.len();
        let (mut idx, mut start, mut end) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        let (mut text, mut kind, mut form) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        let (mut name_start, mut name_end) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let (mut sentence, mut entity) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for (i, (m, e)) in mentions.iter().enumerate() {
            idx.push(to_i64(i));
            start.push(to_i64(m.start));
            end.push(to_i64(m.end));
            text.push(m.text.as_str());
            kind.push(enum_str(&m.kind));
            form.push(enum_str(&m.form));
            name_start.push(m.name_span.map(|(s, _)| to_i64(s)));
            name_end.push(m.name_span.map(|(_, e)| to_i64(e)));
            sentence.push(to_i64(m.sentence));
            entity.push(*e);
        }
        let err = self.sql("storing mentions");
        self.db
            .execute(
                "INSERT INTO mentions (doc_id, idx, start, \"end\", text, type, form, name_start, name_end, \
                 sentence, entity_id) SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], \
                 $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[], $10::bigint[], $11::text[])",
                &[&self.doc.id.0, &idx, &start, &end, &text, &kind, &form, &name_start, &name_end, &sentence, &entity],
            )
            .map_err(err)?;
        Ok(())
    }
}

/// An entity row before its type is checked.
type EntityRow = (String, String, String, i64, i64);

fn entity_row(r: &Row) -> EntityRow {
    (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4))
}

impl PgStore {
    fn entity_kind(&self, id: &str, kind: &str) -> Result<EntityType, StoreError> {
        enum_parse(kind).ok_or_else(|| self.corrupt(format!("entity {id}"), format!("unknown entity type '{kind}'")))
    }

    fn summaries(&self, rows: Vec<EntityRow>) -> Result<Vec<EntitySummary>, StoreError> {
        let mut out = Vec::with_capacity(rows.len());
        for (id, name, kind, articles, mentions) in rows {
            let kind = self.entity_kind(&id, &kind)?;
            let aliases = self.aliases(&id, &name, Some(LISTED_ALIASES))?;
            out.push(EntitySummary { id, name, kind, articles: count(articles), mentions: count(mentions), aliases });
        }
        Ok(out)
    }

    fn aliases(&self, id: &str, name: &str, limit: Option<i64>) -> Result<Vec<AliasCount>, StoreError> {
        self.read(|db| {
            Ok(db
                .query(
                    "SELECT alias, articles FROM entity_aliases WHERE entity_id = $1 AND alias <> $2 \
                     ORDER BY articles DESC, alias LIMIT $3",
                    &[&id, &name, &limit],
                )
                .map_err(self.err(format!("reading the aliases of entity {id}")))?
                .into_iter()
                .map(|r| AliasCount { alias: r.get(0), articles: count(r.get(1)) })
                .collect())
        })
    }

    fn summaries_by_ids(&self, ids: &[String]) -> Result<Vec<EntitySummary>, StoreError> {
        let mut rows: Vec<EntityRow> = self.read(|db| {
            Ok(db
                .query("SELECT id, name, type, articles, mentions FROM entities WHERE id = ANY($1)", &[&ids])
                .map_err(self.err("reading entities"))?
                .iter()
                .map(entity_row)
                .collect())
        })?;
        rows.sort_by(|a, b| b.3.cmp(&a.3).then(b.4.cmp(&a.4)).then(a.0.cmp(&b.0)));
        self.summaries(rows)
    }

    /// One entity without its co-mentions; `limit` bounds the articles (0: all).
    fn entity_record(&self, id: &str, limit: usize) -> Result<Option<EntityRecord>, StoreError> {
        let row = self.read(|db| {
            db.query_opt("SELECT name, type, place, articles, mentions FROM entities WHERE id = $1", &[&id])
                .map_err(self.err(format!("reading entity {id}")))
        })?;
        let Some(row) = row else { return Ok(None) };
        let (name, kind, place, articles, mentions): (String, String, Option<String>, i64, i64) =
            (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
        let kind = self.entity_kind(id, &kind)?;
        let place = match place {
            None => None,
            Some(p) => Some(
                serde_json::from_str::<Place>(&p)
                    .map_err(|e| self.corrupt(format!("entity {id}"), format!("place '{p}': {e}")))?,
            ),
        };
        let aliases = self.aliases(id, &name, None)?;
        let codes: Vec<CodeSpan> = self.read(|db| {
            Ok(db
                .query(
                    "SELECT actor_code, min(day), max(day), count(*) FROM doc_entities \
                     WHERE entity_id = $1 AND actor_code IS NOT NULL GROUP BY actor_code \
                     ORDER BY min(day) IS NULL, min(day), actor_code",
                    &[&id],
                )
                .map_err(self.err(format!("reading the actor codes of entity {id}")))?
                .into_iter()
                .map(|r| CodeSpan { code: r.get(0), first: r.get(1), last: r.get(2), articles: count(r.get(3)) })
                .collect())
        })?;
        let articles_list: Vec<EntityArticle> = self.read(|db| {
            Ok(db
                .query(
                    "SELECT de.doc_id, d.external_id, de.day, d.title, de.name, de.actor_code, de.mentions \
                     FROM doc_entities de JOIN documents d ON d.id = de.doc_id WHERE de.entity_id = $1 \
                     ORDER BY de.day IS NULL, de.day, d.seq LIMIT $2",
                    &[&id, &limit_value(limit)],
                )
                .map_err(self.err(format!("reading the articles of entity {id}")))?
                .into_iter()
                .map(|r| EntityArticle {
                    doc: DocId(r.get(0)),
                    external_id: r.get(1),
                    day: r.get(2),
                    title: r.get(3),
                    name: r.get(4),
                    code: r.get(5),
                    mentions: count(r.get(6)),
                })
                .collect())
        })?;
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
        let limit = limit_value(q.limit);
        let rows: Vec<EntityRow> = self.read(|db| {
            let rows = match q.kind {
                Some(kind) => db.query(
                    "SELECT id, name, type, articles, mentions FROM entities WHERE type = $1 \
                     ORDER BY articles DESC, mentions DESC, id LIMIT $2",
                    &[&enum_str(&kind), &limit],
                ),
                None => db.query(
                    "SELECT id, name, type, articles, mentions FROM entities \
                     ORDER BY articles DESC, mentions DESC, id LIMIT $1",
                    &[&limit],
                ),
            }
            .map_err(self.err("listing entities"))?;
            Ok(rows.iter().map(entity_row).collect())
        })?;
        self.summaries(rows)
    }

    pub(super) fn find_entities_by(&self, key: &str) -> Result<Vec<EntitySummary>, StoreError> {
        let by_id = self.read(|db| {
            db.query_opt("SELECT id FROM entities WHERE id = $1", &[&key])
                .map_err(self.err(format!("looking up entity '{key}'")))
        })?;
        if let Some(row) = by_id {
            return self.summaries_by_ids(&[row.get(0)]);
        }
        let folded = name_key(key);
        if folded.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = self.read(|db| {
            Ok(db
                .query("SELECT DISTINCT entity_id FROM entity_aliases WHERE key = $1", &[&folded])
                .map_err(self.err(format!("looking up entity '{key}'")))?
                .into_iter()
                .map(|r| r.get(0))
                .collect())
        })?;
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
            let found: Vec<String> = self.read(|db| {
                Ok(db
                    .query("SELECT entity_id FROM entity_keys WHERE key = $1", &[&k])
                    .map_err(self.err(format!("looking up entity '{key}'")))?
                    .into_iter()
                    .map(|r| r.get(0))
                    .collect())
            })?;
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
        let rows = self.read(|db| {
            db.query(
                "SELECT o.entity_id, e.name, e.type, count(*) AS n FROM doc_entities d \
                 JOIN doc_entities o ON o.doc_id = d.doc_id AND o.entity_id <> d.entity_id \
                 JOIN entities e ON e.id = o.entity_id \
                 WHERE d.entity_id = $1 GROUP BY o.entity_id, e.name, e.type, e.articles \
                 ORDER BY n DESC, e.articles DESC, o.entity_id LIMIT $2",
                &[&id, &limit_value(limit)],
            )
            .map_err(self.err(format!("reading the entities mentioned with {id}")))
        })?;
        let mut co_mentioned = Vec::with_capacity(rows.len());
        for r in rows {
            let oid: String = r.get(0);
            let kind: String = r.get(2);
            let kind = self.entity_kind(&oid, &kind)?;
            co_mentioned.push(CoMention { id: oid, name: r.get(1), kind, articles: count(r.get(3)) });
        }
        Ok(Some(EntityDetail { record, co_mentioned }))
    }

    pub(super) fn each_entity(
        &self,
        f: &mut dyn FnMut(EntityRecord) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut last = 0i64;
        loop {
            let page: Vec<(i64, String)> = self.read(|db| {
                Ok(db
                    .query("SELECT rid, id FROM entities WHERE rid > $1 ORDER BY rid LIMIT 512", &[&last])
                    .map_err(self.err("reading entities"))?
                    .into_iter()
                    .map(|r| (r.get(0), r.get(1)))
                    .collect())
            })?;
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
        let rows = self.read(|db| {
            db.query(
                "SELECT start, \"end\", text, type, form, name_start, name_end, sentence, entity_id FROM mentions \
                 WHERE doc_id = $1 ORDER BY idx",
                &[&doc.0],
            )
            .map_err(self.err(format!("reading the mentions of {doc}")))
        })?;
        let what = || format!("the mentions of document {doc}");
        rows.into_iter()
            .map(|r| {
                let num = |v: i64| usize::try_from(v).map_err(|_| self.corrupt(what(), format!("negative number {v}")));
                let kind: String = r.get(3);
                let form: String = r.get(4);
                let (name_start, name_end): (Option<i64>, Option<i64>) = (r.get(5), r.get(6));
                Ok(Mention {
                    start: num(r.get(0))?,
                    end: num(r.get(1))?,
                    text: r.get(2),
                    kind: enum_parse(&kind).ok_or_else(|| self.corrupt(what(), format!("unknown type '{kind}'")))?,
                    form: enum_parse::<MentionForm>(&form)
                        .ok_or_else(|| self.corrupt(what(), format!("unknown form '{form}'")))?,
                    name_span: match (name_start, name_end) {
                        (Some(s), Some(e)) => Some((num(s)?, num(e)?)),
                        _ => None,
                    },
                    sentence: num(r.get(7))?,
                    entity: r.get(8),
                })
            })
            .collect()
    }

    /// Counts for `herald status`: entities, annotated documents, failed annotations.
    pub(super) fn entity_counts(&self) -> Result<(u64, u64, u64), StoreError> {
        let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
        let rows = self.read(|db| {
            db.query("SELECT status, count(*) FROM doc_annotations GROUP BY status", &[])
                .map_err(self.err("counting annotated documents"))
        })?;
        for r in rows {
            by_status.insert(r.get(0), count(r.get(1)));
        }
        let entities: i64 = self.read(|db| {
            Ok(db.query_one("SELECT count(*) FROM entities", &[]).map_err(self.err("counting entities"))?.get(0))
        })?;
        Ok((
            count(entities),
            by_status.get("done").copied().unwrap_or(0),
            by_status.get("failed").copied().unwrap_or(0),
        ))
    }
}
