//! Event clusters and storylines in SQLite (migration 0006): the clustering state and its
//! watermark, pending documents by `seq`, and the one transaction a clustering step commits.

use super::{to_i64, SqliteStore, NOW};
use crate::stories::{
    ClusterDetail, ClusterEvent, ClusterMember, ClusterQuery, ClusterSummary, StoryDoc, StoryState, StoryUpdate,
    StorylineSummary, SummaryLine,
};
use crate::StoreError;
use herald_model::DocId;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row, TransactionBehavior};

/// A story page's events come from the cluster's latest this many articles, so that a story of
/// ninety thousand articles answers about as fast as one of ten (a story of 1,100 articles took
/// 20 ms with 1,000 here; its most reported events are among its latest articles anyway).
const EVENT_MEMBERS: i64 = 250;

const CLUSTER_COLUMNS: &str =
    "c.id, c.first_day, c.last_day, c.size, c.duplicates, c.sources, c.language, c.headline, c.storyline_id, c.span, \
     c.line";

fn cluster_row(r: &Row<'_>) -> rusqlite::Result<ClusterSummary> {
    let n = |i: usize| -> rusqlite::Result<u32> { Ok(u32::try_from(r.get::<_, i64>(i)?.max(0)).unwrap_or(u32::MAX)) };
    Ok(ClusterSummary {
        id: r.get(0)?,
        first_day: r.get(1)?,
        last_day: r.get(2)?,
        size: n(3)?,
        duplicates: n(4)?,
        sources: n(5)?,
        language: r.get(6)?,
        headline: r.get(7)?,
        storyline: r.get(8)?,
        span: r.get(9)?,
        line: r.get(10)?,
    })
}

/// The first and last `half` of a cluster's canonical members, in arrival order (which is ingest
/// order: pending documents are placed by `seq`), read along `story_docs_cluster_arrival`.
const MEMBERS_FIRST: &str = "SELECT doc_id FROM story_docs \
     WHERE cluster_id = ?1 AND canonical_doc IS NULL ORDER BY arrival LIMIT ?2";
const MEMBERS_LAST: &str = "SELECT doc_id FROM story_docs \
     WHERE cluster_id = ?1 AND canonical_doc IS NULL ORDER BY arrival DESC LIMIT ?2";

impl SqliteStore {
    pub(super) fn load_story_state(&self) -> Result<Option<StoryState>, StoreError> {
        let row: Option<(i64, i64, Vec<u8>)> = self
            .conn
            .prepare_cached("SELECT version, last_seq, snapshot FROM story_state WHERE id = 1")
            .and_then(|mut s| s.query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional())
            .map_err(self.err("reading the clustering state"))?;
        Ok(row.map(|(version, last_seq, snapshot)| StoryState {
            version: u32::try_from(version).unwrap_or(u32::MAX),
            last_seq,
            snapshot,
        }))
    }

    /// One document as clustering needs it: body, entities by mentions, event dyads.
    fn story_doc(&self, id: &str, seq: i64) -> Result<Option<StoryDoc>, StoreError> {
        let Some(doc) = self.document_by_id(id)? else { return Ok(None) };
        let mut body = doc.body_text();
        if body.trim().is_empty() {
            body = doc.text.clone();
        }
        let entities: Vec<(String, u32)> = self
            .conn
            .prepare_cached(
                "SELECT entity_id, mentions FROM doc_entities WHERE doc_id = ?1 ORDER BY mentions DESC, entity_id",
            )
            .and_then(|mut s| {
                s.query_map([id], |r| Ok((r.get(0)?, u32::try_from(r.get::<_, i64>(1)?.max(0)).unwrap_or(0))))?
                    .collect()
            })
            .map_err(self.err(format!("reading the entities of document {id}")))?;
        let dyads: Vec<(String, String, u32)> = self
            .conn
            .prepare_cached(
                "SELECT e.source_code, e.target_code, count(*) FROM event_mentions m JOIN events e ON e.id = m.event_id \
                 WHERE m.doc_id = ?1 AND e.source_code IS NOT NULL AND e.target_code IS NOT NULL \
                 GROUP BY e.source_code, e.target_code ORDER BY 1, 2",
            )
            .and_then(|mut s| {
                s.query_map([id], |r| {
                    Ok((r.get(0)?, r.get(1)?, u32::try_from(r.get::<_, i64>(2)?.max(0)).unwrap_or(0)))
                })?
                .collect()
            })
            .map_err(self.err(format!("reading the events of document {id}")))?;
        let events: Vec<(String, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT coalesce(e.source_country, e.source_code, ''), \
                 coalesce(e.target_country, e.target_code, ''), e.cameo \
                 FROM event_mentions m JOIN events e ON e.id = m.event_id WHERE m.doc_id = ?1 ORDER BY 1, 2, 3",
            )
            .and_then(|mut s| s.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect())
            .map_err(self.err(format!("reading the events of document {id}")))?;
        Ok(Some(StoryDoc {
            seq,
            id: doc.id,
            external_id: doc.external_id,
            source: doc.source.or(doc.site),
            title: doc.title,
            dct: doc.dct.map(|d| d.value),
            language: doc.language,
            body,
            entities,
            dyads,
            events,
        }))
    }

    pub(super) fn pending_docs(&self, after_seq: i64, limit: usize) -> Result<Vec<StoryDoc>, StoreError> {
        let limit = if limit == 0 { -1 } else { to_i64(limit).unwrap_or(i64::MAX) };
        let ids: Vec<(String, i64)> = self
            .conn
            .prepare_cached("SELECT id, seq FROM documents WHERE seq > ?1 ORDER BY seq LIMIT ?2")
            .and_then(|mut s| s.query_map(params![after_seq, limit], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(self.err("listing documents not yet clustered"))?;
        let mut out = Vec::with_capacity(ids.len());
        for (id, seq) in ids {
            if let Some(d) = self.story_doc(&id, seq)? {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// Up to `limit` canonical members of each cluster (the first half and the latest half by
    /// ingest order), each document once.
    pub(super) fn member_docs(&self, clusters: &[String], limit: usize) -> Result<Vec<StoryDoc>, StoreError> {
        let first = limit.div_ceil(2);
        let last = limit - first;
        let mut ids: Vec<String> = Vec::new();
        for c in clusters {
            for (sql, n) in [(MEMBERS_FIRST, first), (MEMBERS_LAST, last)] {
                if n == 0 {
                    continue;
                }
                let found: Vec<String> = self
                    .conn
                    .prepare_cached(sql)
                    .and_then(|mut s| s.query_map(params![c, to_i64(n).unwrap_or(i64::MAX)], |r| r.get(0))?.collect())
                    .map_err(self.err(format!("reading the members of cluster {c}")))?;
                for id in found {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let seq: i64 = self
                .conn
                .prepare_cached("SELECT seq FROM documents WHERE id = ?1")
                .and_then(|mut s| s.query_row([&id], |r| r.get(0)))
                .map_err(self.err(format!("reading document {id}")))?;
            if let Some(d) = self.story_doc(&id, seq)? {
                out.push(d);
            }
        }
        out.sort_by_key(|d| d.seq);
        Ok(out)
    }

    pub(super) fn write_stories(&mut self, u: &StoryUpdate) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |action: String| {
            let path = path.clone();
            move |cause| StoreError::Sqlite { path, action, cause }
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err("starting to store clusters".into()))?;
        let now: String = tx.query_row(NOW, [], |r| r.get(0)).map_err(err("reading the clock".into()))?;
        let stored: i64 = tx
            .query_row("SELECT COALESCE((SELECT last_seq FROM story_state WHERE id = 1), 0)", [], |r| r.get(0))
            .map_err(err("reading the clustering state".into()))?;
        if stored != u.expected_last_seq {
            return Err(StoreError::Unsupported(format!(
                "database {path}: another herald process placed documents in clusters while this one was working \
                 (it started after document {}, the store is now at {stored}); nothing was written: run `herald \
                 ingest` again to place what is left",
                u.expected_last_seq
            )));
        }
        if u.rebuild {
            tx.execute_batch(
                "DELETE FROM cluster_sentences; DELETE FROM clusters; DELETE FROM storylines; DELETE FROM story_docs;",
            )
            .map_err(err("clearing the clusters for a rebuild".into()))?;
        }
        {
            let mut put = tx
                .prepare_cached(
                    "INSERT INTO story_docs (doc_id, arrival, cluster_id, canonical_doc, opened, score, flags) \
                     VALUES (?1, ?2, ?3, (SELECT doc_id FROM story_docs WHERE arrival = ?4), ?5, ?6, ?7)",
                )
                .map_err(err("preparing to place documents".into()))?;
            for p in &u.placements {
                let score = if p.score.is_finite() { f64::from(p.score) } else { 0.0 };
                put.execute(params![p.doc.0, p.arrival, p.cluster, p.canonical, p.opened, score, p.flags.join(",")])
                    .map_err(err(format!("placing document {}", p.doc)))?;
            }
            for (young, old) in &u.merged {
                tx.execute("UPDATE story_docs SET cluster_id = ?2 WHERE cluster_id = ?1", params![young, old])
                    .and_then(|_| tx.execute("DELETE FROM cluster_sentences WHERE cluster_id = ?1", [young]))
                    .and_then(|_| tx.execute("DELETE FROM clusters WHERE id = ?1", [young]))
                    .map_err(err(format!("merging cluster {young} into {old}")))?;
            }
            let mut put_cluster = tx
                .prepare_cached(
                    "INSERT INTO clusters (id, first_day, last_day, size, duplicates, sources, language, headline, \
                     headline_doc, storyline_id, span, line, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, \
                     (SELECT count(DISTINCT COALESCE(d.source, d.site, '')) FROM story_docs s \
                      JOIN documents d ON d.id = s.doc_id WHERE s.cluster_id = ?1), \
                     ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
                     ON CONFLICT (id) DO UPDATE SET first_day = excluded.first_day, last_day = excluded.last_day, \
                     size = excluded.size, duplicates = excluded.duplicates, sources = excluded.sources, \
                     language = excluded.language, headline = excluded.headline, headline_doc = \
                     excluded.headline_doc, storyline_id = excluded.storyline_id, span = excluded.span, \
                     line = excluded.line, updated_at = excluded.updated_at",
                )
                .map_err(err("preparing to store clusters".into()))?;
            let mut clear = tx
                .prepare_cached("DELETE FROM cluster_sentences WHERE cluster_id = ?1")
                .map_err(err("preparing to store summaries".into()))?;
            let mut put_sentence = tx
                .prepare_cached(
                    "INSERT INTO cluster_sentences (cluster_id, idx, doc_id, position, text) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(err("preparing to store summaries".into()))?;
            for c in &u.clusters {
                put_cluster
                    .execute(params![
                        c.id,
                        c.first_day,
                        c.last_day,
                        c.size,
                        c.duplicates,
                        c.language,
                        c.headline,
                        c.headline_doc.as_ref().map(|d| d.0.as_str()),
                        c.storyline,
                        c.span,
                        c.line,
                        now
                    ])
                    .map_err(err(format!("storing cluster {}", c.id)))?;
                clear.execute([&c.id]).map_err(err(format!("storing the summary of cluster {}", c.id)))?;
                for (i, s) in c.summary.iter().enumerate() {
                    put_sentence
                        .execute(params![c.id, to_i64(i), s.doc.0, s.position, s.text])
                        .map_err(err(format!("storing the summary of cluster {}", c.id)))?;
                }
            }
            let mut put_line = tx
                .prepare_cached(
                    "INSERT INTO storylines (id, first_day, last_day, clusters, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) \
                     ON CONFLICT (id) DO UPDATE SET first_day = excluded.first_day, last_day = excluded.last_day, \
                     clusters = excluded.clusters, updated_at = excluded.updated_at",
                )
                .map_err(err("preparing to store storylines".into()))?;
            for l in &u.storylines {
                if l.clusters == 0 {
                    tx.execute("DELETE FROM storylines WHERE id = ?1", [&l.id])
                        .map_err(err(format!("deleting storyline {}", l.id)))?;
                    continue;
                }
                put_line
                    .execute(params![l.id, l.first_day, l.last_day, l.clusters, now])
                    .map_err(err(format!("storing storyline {}", l.id)))?;
            }
            if let Some(state) = &u.state {
                tx.execute(
                    "INSERT INTO story_state (id, version, last_seq, snapshot, updated_at) VALUES (1, ?1, ?2, ?3, ?4) \
                     ON CONFLICT (id) DO UPDATE SET version = excluded.version, last_seq = excluded.last_seq, \
                     snapshot = excluded.snapshot, updated_at = excluded.updated_at",
                    params![state.version, state.last_seq, state.snapshot, now],
                )
                .map_err(err("storing the clustering state".into()))?;
            }
        }
        tx.commit().map_err(err("committing clusters".into()))?;
        Ok(())
    }

    pub(super) fn list_clusters(&self, q: &ClusterQuery) -> Result<Vec<ClusterSummary>, StoreError> {
        let mut sql = format!("SELECT {CLUSTER_COLUMNS} FROM clusters c");
        let mut conditions: Vec<&str> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        if let Some(from) = &q.from {
            super::check_date_bound("from", from)?;
            conditions.push("c.last_day >= ?");
            values.push(Value::Text(from.clone()));
        }
        if let Some(to) = &q.to {
            super::check_date_bound("to", to)?;
            conditions.push("c.first_day < ?");
            values.push(Value::Text(format!("{to}~")));
        }
        if let Some(s) = &q.storyline {
            conditions.push("c.storyline_id = ?");
            values.push(Value::Text(s.clone()));
        }
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        if q.storyline.is_some() {
            sql.push_str(" ORDER BY c.first_day NULLS LAST, c.id");
        } else {
            sql.push_str(" ORDER BY c.last_day DESC NULLS LAST, c.first_day DESC, c.id");
        }
        sql.push_str(" LIMIT ?");
        values.push(Value::Integer(if q.limit == 0 { -1 } else { to_i64(q.limit).unwrap_or(i64::MAX) }));
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.query_map(params_from_iter(values.iter()), cluster_row)?.collect())
            .map_err(self.err("listing clusters"))
    }

    /// The id of the cluster `key` names: a cluster id, a unique prefix of one (6+ characters),
    /// or any document key ([`crate::Store::document`]) of a placed member.
    fn resolve_cluster(&self, key: &str) -> Result<Option<String>, StoreError> {
        let exact: Option<String> = self
            .conn
            .prepare_cached("SELECT id FROM clusters WHERE id = ?1")
            .and_then(|mut s| s.query_row([key], |r| r.get(0)).optional())
            .map_err(self.err(format!("looking up cluster '{key}'")))?;
        if exact.is_some() {
            return Ok(exact);
        }
        if key.len() >= 6 {
            let ids: Vec<String> = self
                .conn
                .prepare_cached("SELECT id FROM clusters WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 3")
                .and_then(|mut s| s.query_map(params![key, format!("{key}\u{10FFFF}")], |r| r.get(0))?.collect())
                .map_err(self.err(format!("looking up cluster '{key}'")))?;
            match ids.len() {
                0 => {}
                1 => return Ok(ids.into_iter().next()),
                n => {
                    return Err(StoreError::Ambiguous {
                        key: key.to_string(),
                        count: n as u64,
                        examples: ids.iter().map(|i| DocId(i.clone()).short().to_string()).collect(),
                    })
                }
            }
        }
        let Some(doc) = crate::Store::document(self, key)? else { return Ok(None) };
        self.conn
            .prepare_cached("SELECT cluster_id FROM story_docs WHERE doc_id = ?1")
            .and_then(|mut s| s.query_row([&doc.id.0], |r| r.get(0)).optional())
            .map_err(self.err(format!("looking up the cluster of document {}", doc.id)))
    }

    pub(super) fn cluster_detail(
        &self,
        key: &str,
        limit: usize,
        with_events: bool,
    ) -> Result<Option<ClusterDetail>, StoreError> {
        let Some(id) = self.resolve_cluster(key)? else { return Ok(None) };
        let limit = if limit == 0 { -1 } else { to_i64(limit).unwrap_or(i64::MAX) };
        let row: Option<(ClusterSummary, Option<String>)> = self
            .conn
            .prepare_cached(&format!("SELECT {CLUSTER_COLUMNS}, c.headline_doc FROM clusters c WHERE c.id = ?1"))
            .and_then(|mut s| s.query_row([&id], |r| Ok((cluster_row(r)?, r.get(11)?))).optional())
            .map_err(self.err(format!("reading cluster {id}")))?;
        let Some((cluster, headline_doc)) = row else { return Ok(None) };
        let members: Vec<ClusterMember> = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.external_id, COALESCE(d.source, d.site), d.title, d.dct, s.canonical_doc, s.opened, \
                 s.score, s.flags FROM story_docs s JOIN documents d ON d.id = s.doc_id WHERE s.cluster_id = ?1 \
                 ORDER BY s.arrival LIMIT ?2",
            )
            .and_then(|mut s| {
                s.query_map(params![id, limit], |r| {
                    Ok(ClusterMember {
                        doc: DocId(r.get(0)?),
                        external_id: r.get(1)?,
                        source: r.get(2)?,
                        title: r.get(3)?,
                        dct: r.get(4)?,
                        duplicate_of: r.get::<_, Option<String>>(5)?.map(DocId),
                        opened: r.get(6)?,
                        score: r.get::<_, f64>(7)? as f32,
                        flags: r.get(8)?,
                    })
                })?
                .collect()
            })
            .map_err(self.err(format!("reading the members of cluster {id}")))?;
        let summary: Vec<SummaryLine> = self
            .conn
            .prepare_cached(
                "SELECT s.doc_id, d.external_id, s.position, s.text FROM cluster_sentences s \
                 JOIN documents d ON d.id = s.doc_id WHERE s.cluster_id = ?1 ORDER BY s.idx",
            )
            .and_then(|mut s| {
                s.query_map([&id], |r| {
                    Ok(SummaryLine {
                        doc: DocId(r.get(0)?),
                        external_id: r.get(1)?,
                        position: u32::try_from(r.get::<_, i64>(2)?.max(0)).unwrap_or(0),
                        text: r.get(3)?,
                    })
                })?
                .collect()
            })
            .map_err(self.err(format!("reading the summary of cluster {id}")))?;
        if !with_events {
            return Ok(Some(ClusterDetail {
                cluster,
                headline_doc: headline_doc.map(DocId),
                members,
                summary,
                events: Vec::new(),
            }));
        }
        let events: Vec<ClusterEvent> = self
            .conn
            .prepare_cached(
                "SELECT e.day, e.source_name, e.source_code, e.target_name, e.target_code, e.cameo, e.cameo_name, \
                 e.goldstein, e.quad_class, count(DISTINCT m.doc_id) AS n, e.source_entity, e.target_entity \
                 FROM (SELECT doc_id FROM story_docs \
                 WHERE cluster_id = ?1 ORDER BY arrival DESC LIMIT ?3) s \
                 JOIN event_mentions m ON m.doc_id = s.doc_id JOIN events e ON e.id = m.event_id \
                 GROUP BY e.id ORDER BY n DESC, e.day, e.id LIMIT ?2",
            )
            .and_then(|mut s| {
                s.query_map(params![id, limit, EVENT_MEMBERS], |r| {
                    Ok(ClusterEvent {
                        day: r.get(0)?,
                        source: r.get(1)?,
                        source_code: r.get(2)?,
                        target: r.get(3)?,
                        target_code: r.get(4)?,
                        source_entity: r.get(10)?,
                        target_entity: r.get(11)?,
                        cameo: r.get(5)?,
                        cameo_name: r.get(6)?,
                        goldstein: r.get(7)?,
                        quad_class: u8::try_from(r.get::<_, i64>(8)?).unwrap_or(0),
                        articles: u32::try_from(r.get::<_, i64>(9)?.max(0)).unwrap_or(0),
                    })
                })?
                .collect()
            })
            .map_err(self.err(format!("reading the events of cluster {id}")))?;
        Ok(Some(ClusterDetail { cluster, headline_doc: headline_doc.map(DocId), members, summary, events }))
    }

    pub(super) fn list_storylines(&self, limit: usize, clusters: usize) -> Result<Vec<StorylineSummary>, StoreError> {
        let limit = if limit == 0 { -1 } else { to_i64(limit).unwrap_or(i64::MAX) };
        let rows: Vec<(String, Option<String>, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT id, first_day, last_day FROM storylines ORDER BY last_day DESC NULLS LAST, id LIMIT ?1",
            )
            .and_then(|mut s| s.query_map([limit], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect())
            .map_err(self.err("listing storylines"))?;
        rows.into_iter()
            .map(|(id, first_day, last_day)| {
                let q = ClusterQuery { storyline: Some(id.clone()), limit: clusters, ..ClusterQuery::default() };
                Ok(StorylineSummary { clusters: self.list_clusters(&q)?, id, first_day, last_day })
            })
            .collect()
    }

    /// Every cluster with all its members and its summary (no events), oldest row first.
    pub(super) fn each_cluster(
        &self,
        f: &mut dyn FnMut(ClusterDetail) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let ids: Vec<String> = self
            .conn
            .prepare_cached("SELECT id FROM clusters ORDER BY first_day NULLS LAST, id")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(self.err("listing clusters"))?;
        for id in ids {
            if let Some(d) = self.cluster_detail(&id, 0, false)? {
                f(d)?;
            }
        }
        Ok(())
    }
}
