//! Event clusters and storylines in PostgreSQL: the clustering state and its watermark, pending
//! documents by `seq`, and the one transaction a clustering step commits (which also writes the
//! changed clusters' search rows, as SQLite's triggers do).

use super::{limit_value, search, to_i64, PgStore};
use crate::stories::{
    ClusterDetail, ClusterEvent, ClusterMember, ClusterQuery, ClusterSummary, StoryDoc, StoryState, StoryUpdate,
    StorylineSummary, SummaryLine,
};
use crate::StoreError;
use herald_model::DocId;
use postgres::Row;

/// A story page's events come from the cluster's latest this many articles (as SQLite's).
const EVENT_MEMBERS: i64 = 250;

const CLUSTER_COLUMNS: &str =
    "c.id, c.first_day, c.last_day, c.size, c.duplicates, c.sources, c.language, c.headline, c.storyline_id, c.span, \
     c.line";

fn small(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

fn cluster_row(r: &Row) -> ClusterSummary {
    ClusterSummary {
        id: r.get(0),
        first_day: r.get(1),
        last_day: r.get(2),
        size: small(r.get(3)),
        duplicates: small(r.get(4)),
        sources: small(r.get(5)),
        language: r.get(6),
        headline: r.get(7),
        storyline: r.get(8),
        span: r.get(9),
        line: r.get(10),
    }
}

const MEMBERS_FIRST: &str = "SELECT doc_id FROM story_docs \
     WHERE cluster_id = $1 AND canonical_doc IS NULL ORDER BY arrival LIMIT $2";
const MEMBERS_LAST: &str = "SELECT doc_id FROM story_docs \
     WHERE cluster_id = $1 AND canonical_doc IS NULL ORDER BY arrival DESC LIMIT $2";

impl PgStore {
    pub(super) fn load_story_state(&self) -> Result<Option<StoryState>, StoreError> {
        let row = self.read(|db| {
            db.query_opt("SELECT version, last_seq, snapshot FROM story_state WHERE id = 1", &[])
                .map_err(self.err("reading the clustering state"))
        })?;
        Ok(row.map(|r| StoryState {
            version: u32::try_from(r.get::<_, i64>(0)).unwrap_or(u32::MAX),
            last_seq: r.get(1),
            snapshot: r.get(2),
        }))
    }

    /// One document as clustering needs it: body, entities by mentions, event dyads.
    fn story_doc(&self, id: &str, seq: i64) -> Result<Option<StoryDoc>, StoreError> {
        let Some(doc) = self.document_by_id(id)? else { return Ok(None) };
        let mut body = doc.body_text();
        if body.trim().is_empty() {
            body = doc.text.clone();
        }
        let entities: Vec<(String, u32)> = self.read(|db| {
            Ok(db
                .query(
                    "SELECT entity_id, mentions FROM doc_entities WHERE doc_id = $1 ORDER BY mentions DESC, entity_id",
                    &[&id],
                )
                .map_err(self.err(format!("reading the entities of document {id}")))?
                .into_iter()
                .map(|r| (r.get(0), u32::try_from(r.get::<_, i64>(1).max(0)).unwrap_or(0)))
                .collect())
        })?;
        let dyads: Vec<(String, String, u32)> = self.read(|db| {
            Ok(db
                .query(
                    "SELECT e.source_code, e.target_code, count(*) FROM event_mentions m \
                     JOIN events e ON e.id = m.event_id \
                     WHERE m.doc_id = $1 AND e.source_code IS NOT NULL AND e.target_code IS NOT NULL \
                     GROUP BY e.source_code, e.target_code ORDER BY 1, 2",
                    &[&id],
                )
                .map_err(self.err(format!("reading the events of document {id}")))?
                .into_iter()
                .map(|r| (r.get(0), r.get(1), u32::try_from(r.get::<_, i64>(2).max(0)).unwrap_or(0)))
                .collect())
        })?;
        let events: Vec<(String, String, String)> = self.read(|db| {
            Ok(db
                .query(
                    "SELECT DISTINCT coalesce(e.source_country, e.source_code, ''), \
                     coalesce(e.target_country, e.target_code, ''), e.cameo \
                     FROM event_mentions m JOIN events e ON e.id = m.event_id WHERE m.doc_id = $1 ORDER BY 1, 2, 3",
                    &[&id],
                )
                .map_err(self.err(format!("reading the events of document {id}")))?
                .into_iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect())
        })?;
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
        let ids: Vec<(String, i64)> = self.read(|db| {
            Ok(db
                .query(
                    "SELECT id, seq FROM documents WHERE seq > $1 ORDER BY seq LIMIT $2",
                    &[&after_seq, &limit_value(limit)],
                )
                .map_err(self.err("listing documents not yet clustered"))?
                .into_iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect())
        })?;
        let mut out = Vec::with_capacity(ids.len());
        for (id, seq) in ids {
            if let Some(d) = self.story_doc(&id, seq)? {
                out.push(d);
            }
        }
        Ok(out)
    }

    pub(super) fn member_docs(&self, clusters: &[String], limit: usize) -> Result<Vec<StoryDoc>, StoreError> {
        let first = limit.div_ceil(2);
        let last = limit - first;
        let mut ids: Vec<String> = Vec::new();
        for c in clusters {
            for (sql, n) in [(MEMBERS_FIRST, first), (MEMBERS_LAST, last)] {
                if n == 0 {
                    continue;
                }
                let found: Vec<String> = self.read(|db| {
                    Ok(db
                        .query(sql, &[c, &to_i64(n)])
                        .map_err(self.err(format!("reading the members of cluster {c}")))?
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
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let seq: i64 = self.read(|db| {
                Ok(db
                    .query_one("SELECT seq FROM documents WHERE id = $1", &[&id])
                    .map_err(self.err(format!("reading document {id}")))?
                    .get(0))
            })?;
            if let Some(d) = self.story_doc(&id, seq)? {
                out.push(d);
            }
        }
        out.sort_by_key(|d| d.seq);
        Ok(out)
    }

    pub(super) fn write_stories(&mut self, u: &StoryUpdate) -> Result<(), StoreError> {
        let path = self.path.clone();
        self.write("storing clusters", |db, now| {
            let stored: i64 = db
                .query_one("SELECT COALESCE((SELECT last_seq FROM story_state WHERE id = 1), 0)", &[])
                .map_err(self.err("reading the clustering state"))?
                .get(0);
            if stored != u.expected_last_seq {
                return Err(StoreError::Unsupported(format!(
                    "database {path}: another herald process placed documents in clusters while this one was \
                     working (it started after document {}, the store is now at {stored}); nothing was written: run \
                     `herald ingest` again to place what is left",
                    u.expected_last_seq
                )));
            }
            if u.rebuild {
                db.batch(
                        "DELETE FROM story_search; DELETE FROM cluster_sentences; DELETE FROM clusters; \
                         DELETE FROM storylines; DELETE FROM story_docs;",
                    )
                    .map_err(self.err("clearing the clusters for a rebuild"))?;
            }
            for p in &u.placements {
                let score = if p.score.is_finite() { f64::from(p.score) } else { 0.0 };
                let canonical = p.canonical.map(i64::from);
                db.execute(
                    "INSERT INTO story_docs (doc_id, arrival, cluster_id, canonical_doc, opened, score, flags) \
                     VALUES ($1, $2, $3, (SELECT doc_id FROM story_docs WHERE arrival = $4), $5, $6, $7)",
                    &[&p.doc.0, &i64::from(p.arrival), &p.cluster, &canonical, &p.opened, &score, &p.flags.join(",")],
                )
                .map_err(self.err(format!("placing document {}", p.doc)))?;
            }
            for (young, old) in &u.merged {
                let e = || self.err(format!("merging cluster {young} into {old}"));
                db.execute("UPDATE story_docs SET cluster_id = $2 WHERE cluster_id = $1", &[young, old])
                    .map_err(e())?;
                db.execute("DELETE FROM cluster_sentences WHERE cluster_id = $1", &[young]).map_err(e())?;
                // Its search row goes with it (ON DELETE CASCADE).
                db.execute("DELETE FROM clusters WHERE id = $1", &[young]).map_err(e())?;
            }
            for c in &u.clusters {
                let headline_doc = c.headline_doc.as_ref().map(|d| d.0.as_str());
                db.execute(
                    "INSERT INTO clusters (id, first_day, last_day, size, duplicates, sources, language, headline, \
                     headline_doc, storyline_id, span, line, updated_at) VALUES ($1, $2, $3, $4, $5, \
                     (SELECT count(DISTINCT COALESCE(d.source, d.site, '')) FROM story_docs s \
                      JOIN documents d ON d.id = s.doc_id WHERE s.cluster_id = $1), \
                     $6, $7, $8, $9, $10, $11, $12) \
                     ON CONFLICT (id) DO UPDATE SET first_day = excluded.first_day, last_day = excluded.last_day, \
                     size = excluded.size, duplicates = excluded.duplicates, sources = excluded.sources, \
                     language = excluded.language, headline = excluded.headline, headline_doc = \
                     excluded.headline_doc, storyline_id = excluded.storyline_id, span = excluded.span, \
                     line = excluded.line, updated_at = excluded.updated_at",
                    &[
                        &c.id,
                        &c.first_day,
                        &c.last_day,
                        &i64::from(c.size),
                        &i64::from(c.duplicates),
                        &c.language,
                        &c.headline,
                        &headline_doc,
                        &c.storyline,
                        &c.span,
                        &c.line,
                        &now,
                    ],
                )
                .map_err(self.err(format!("storing cluster {}", c.id)))?;
                db.execute("DELETE FROM cluster_sentences WHERE cluster_id = $1", &[&c.id])
                    .map_err(self.err(format!("storing the summary of cluster {}", c.id)))?;
                for (i, s) in c.summary.iter().enumerate() {
                    db.execute(
                        "INSERT INTO cluster_sentences (cluster_id, idx, doc_id, position, text) \
                         VALUES ($1, $2, $3, $4, $5)",
                        &[&c.id, &to_i64(i), &s.doc.0, &i64::from(s.position), &s.text],
                    )
                    .map_err(self.err(format!("storing the summary of cluster {}", c.id)))?;
                }
                let summary: Vec<&str> = c.summary.iter().map(|s| s.text.as_str()).collect();
                search::index_story(db, &path, &c.id, &c.headline, &summary.join(" "))?;
            }
            for l in &u.storylines {
                if l.clusters == 0 {
                    db.execute("DELETE FROM storylines WHERE id = $1", &[&l.id])
                        .map_err(self.err(format!("deleting storyline {}", l.id)))?;
                    continue;
                }
                db.execute(
                    "INSERT INTO storylines (id, first_day, last_day, clusters, updated_at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (id) DO UPDATE SET first_day = excluded.first_day, last_day = excluded.last_day, \
                     clusters = excluded.clusters, updated_at = excluded.updated_at",
                    &[&l.id, &l.first_day, &l.last_day, &i64::from(l.clusters), &now],
                )
                .map_err(self.err(format!("storing storyline {}", l.id)))?;
            }
            if let Some(state) = &u.state {
                db.execute(
                    "INSERT INTO story_state (id, version, last_seq, snapshot, updated_at) VALUES (1, $1, $2, $3, $4) \
                     ON CONFLICT (id) DO UPDATE SET version = excluded.version, last_seq = excluded.last_seq, \
                     snapshot = excluded.snapshot, updated_at = excluded.updated_at",
                    &[&i64::from(state.version), &state.last_seq, &state.snapshot, &now],
                )
                .map_err(self.err("storing the clustering state"))?;
            }
            Ok(())
        })
    }

    pub(super) fn list_clusters(&self, q: &ClusterQuery) -> Result<Vec<ClusterSummary>, StoreError> {
        let mut p = super::Params::default();
        let mut conditions: Vec<String> = Vec::new();
        if let Some(from) = &q.from {
            crate::check_date_bound("from", from)?;
            conditions.push(format!("c.last_day >= {}", p.push(from.clone())));
        }
        if let Some(to) = &q.to {
            crate::check_date_bound("to", to)?;
            conditions.push(format!("c.first_day < {}", p.push(format!("{to}~"))));
        }
        if let Some(s) = &q.storyline {
            conditions.push(format!("c.storyline_id = {}", p.push(s.clone())));
        }
        let mut sql = format!("SELECT {CLUSTER_COLUMNS} FROM clusters c");
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        if q.storyline.is_some() {
            sql.push_str(" ORDER BY c.first_day NULLS LAST, c.id");
        } else {
            sql.push_str(" ORDER BY c.last_day DESC NULLS LAST, c.first_day DESC, c.id");
        }
        sql.push_str(&format!(" LIMIT {}", p.push(limit_value(q.limit))));
        let rows = self.read(|db| db.query(&sql, &p.refs()).map_err(self.err("listing clusters")))?;
        Ok(rows.iter().map(cluster_row).collect())
    }

    /// The id of the cluster `key` names: a cluster id, a unique prefix of one (6+ characters),
    /// or any document key of a placed member.
    fn resolve_cluster(&self, key: &str) -> Result<Option<String>, StoreError> {
        let exact = self.read(|db| {
            db.query_opt("SELECT id FROM clusters WHERE id = $1", &[&key])
                .map_err(self.err(format!("looking up cluster '{key}'")))
        })?;
        if let Some(r) = exact {
            return Ok(Some(r.get(0)));
        }
        if key.len() >= 6 {
            let ids: Vec<String> = self.read(|db| {
                Ok(db
                    .query(
                        "SELECT id FROM clusters WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 3",
                        &[&key, &format!("{key}\u{10FFFF}")],
                    )
                    .map_err(self.err(format!("looking up cluster '{key}'")))?
                    .into_iter()
                    .map(|r| r.get(0))
                    .collect())
            })?;
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
        let row = self.read(|db| {
            db.query_opt("SELECT cluster_id FROM story_docs WHERE doc_id = $1", &[&doc.id.0])
                .map_err(self.err(format!("looking up the cluster of document {}", doc.id)))
        })?;
        Ok(row.map(|r| r.get(0)))
    }

    pub(super) fn cluster_detail(
        &self,
        key: &str,
        limit: usize,
        with_events: bool,
    ) -> Result<Option<ClusterDetail>, StoreError> {
        let Some(id) = self.resolve_cluster(key)? else { return Ok(None) };
        let limit = limit_value(limit);
        let row = self.read(|db| {
            db.query_opt(&format!("SELECT {CLUSTER_COLUMNS}, c.headline_doc FROM clusters c WHERE c.id = $1"), &[&id])
                .map_err(self.err(format!("reading cluster {id}")))
        })?;
        let Some(row) = row else { return Ok(None) };
        let cluster = cluster_row(&row);
        let headline_doc: Option<String> = row.get(11);
        let members: Vec<ClusterMember> = self.read(|db| {
            Ok(db
                .query(
                    "SELECT d.id, d.external_id, COALESCE(d.source, d.site), d.title, d.dct, s.canonical_doc, \
                     s.opened, s.score, s.flags FROM story_docs s JOIN documents d ON d.id = s.doc_id \
                     WHERE s.cluster_id = $1 ORDER BY s.arrival LIMIT $2",
                    &[&id, &limit],
                )
                .map_err(self.err(format!("reading the members of cluster {id}")))?
                .into_iter()
                .map(|r| ClusterMember {
                    doc: DocId(r.get(0)),
                    external_id: r.get(1),
                    source: r.get(2),
                    title: r.get(3),
                    dct: r.get(4),
                    duplicate_of: r.get::<_, Option<String>>(5).map(DocId),
                    opened: r.get(6),
                    score: r.get::<_, f64>(7) as f32,
                    flags: r.get(8),
                })
                .collect())
        })?;
        let summary: Vec<SummaryLine> = self.read(|db| {
            Ok(db
                .query(
                    "SELECT s.doc_id, d.external_id, s.position, s.text FROM cluster_sentences s \
                     JOIN documents d ON d.id = s.doc_id WHERE s.cluster_id = $1 ORDER BY s.idx",
                    &[&id],
                )
                .map_err(self.err(format!("reading the summary of cluster {id}")))?
                .into_iter()
                .map(|r| SummaryLine {
                    doc: DocId(r.get(0)),
                    external_id: r.get(1),
                    position: small(r.get(2)),
                    text: r.get(3),
                })
                .collect())
        })?;
        if !with_events {
            return Ok(Some(ClusterDetail {
                cluster,
                headline_doc: headline_doc.map(DocId),
                members,
                summary,
                events: Vec::new(),
            }));
        }
        let events: Vec<ClusterEvent> = self.read(|db| {
            Ok(db
                .query(
                    "SELECT e.day, e.source_name, e.source_code, e.target_name, e.target_code, e.cameo, \
                     e.cameo_name, e.goldstein, e.quad_class, count(DISTINCT m.doc_id) AS n, e.source_entity, \
                     e.target_entity FROM (SELECT doc_id \
                     FROM story_docs WHERE cluster_id = $1 ORDER BY arrival DESC LIMIT $3) s \
                     JOIN event_mentions m ON m.doc_id = s.doc_id JOIN events e ON e.id = m.event_id \
                     GROUP BY e.id ORDER BY n DESC, e.day, e.id LIMIT $2",
                    &[&id, &limit, &EVENT_MEMBERS],
                )
                .map_err(self.err(format!("reading the events of cluster {id}")))?
                .into_iter()
                .map(|r| ClusterEvent {
                    day: r.get(0),
                    source: r.get(1),
                    source_code: r.get(2),
                    target: r.get(3),
                    target_code: r.get(4),
                    source_entity: r.get(10),
                    target_entity: r.get(11),
                    cameo: r.get(5),
                    cameo_name: r.get(6),
                    goldstein: r.get(7),
                    quad_class: u8::try_from(r.get::<_, i64>(8)).unwrap_or(0),
                    articles: small(r.get(9)),
                })
                .collect())
        })?;
        Ok(Some(ClusterDetail { cluster, headline_doc: headline_doc.map(DocId), members, summary, events }))
    }

    pub(super) fn list_storylines(&self, limit: usize, clusters: usize) -> Result<Vec<StorylineSummary>, StoreError> {
        let rows = self.read(|db| {
            db.query(
                "SELECT id, first_day, last_day FROM storylines ORDER BY last_day DESC NULLS LAST, id LIMIT $1",
                &[&limit_value(limit)],
            )
            .map_err(self.err("listing storylines"))
        })?;
        rows.into_iter()
            .map(|r| {
                let id: String = r.get(0);
                let q = ClusterQuery { storyline: Some(id.clone()), limit: clusters, ..ClusterQuery::default() };
                Ok(StorylineSummary { clusters: self.list_clusters(&q)?, id, first_day: r.get(1), last_day: r.get(2) })
            })
            .collect()
    }

    pub(super) fn each_cluster(
        &self,
        f: &mut dyn FnMut(ClusterDetail) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let ids: Vec<String> = self.read(|db| {
            Ok(db
                .query("SELECT id FROM clusters ORDER BY first_day NULLS LAST, id", &[])
                .map_err(self.err("listing clusters"))?
                .into_iter()
                .map(|r| r.get(0))
                .collect())
        })?;
        for id in ids {
            if let Some(d) = self.cluster_detail(&id, 0, false)? {
                f(d)?;
            }
        }
        Ok(())
    }
}
