//! The embedded backend: one SQLite file (or memory), WAL-journaled, with versioned migrations.

use crate::{
    Annotated, AnnotatedDocument, DocQuery, DocSummary, EntityDetail, EntityQuery, EntityRecord, EntitySummary,
    EventQuery, EventRecord, RejectedRow, Status, Store, StoreError,
};
use herald_model::{
    Checkpoint, Dct, DctSource, DocId, Document, Locator, Mention, Origin, Paragraph, ParagraphKind, Rejected, Stage,
};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, TransactionBehavior};
use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

mod entities;
mod events;
#[cfg(test)]
mod only_tests;
mod search;
mod stories;

/// One schema step: applied once, in order, each in its own transaction.
struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

/// The schema, as the ordered steps that build it. Append only: a released step never changes.
const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, name: "documents", sql: include_str!("migrations/0001_documents.sql") },
    Migration { version: 2, name: "rejected", sql: include_str!("migrations/0002_rejected.sql") },
    Migration { version: 3, name: "checkpoints", sql: include_str!("migrations/0003_checkpoints.sql") },
    Migration { version: 4, name: "entities", sql: include_str!("migrations/0004_entities.sql") },
    Migration { version: 5, name: "events", sql: include_str!("migrations/0005_events.sql") },
    Migration { version: 6, name: "stories", sql: include_str!("migrations/0006_stories.sql") },
    Migration { version: 7, name: "search", sql: include_str!("migrations/0007_search.sql") },
    Migration { version: 8, name: "story_pages", sql: include_str!("migrations/0008_story_pages.sql") },
    Migration { version: 9, name: "event_order", sql: include_str!("migrations/0009_event_order.sql") },
];

/// The current UTC time as SQLite tells it, with milliseconds.
const NOW: &str = "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// The columns a [`Document`] is rebuilt from, in the order [`RawDoc::from_row`] reads them.
macro_rules! doc_columns {
    () => {
        "id, external_id, url, source, title, author, site, language, dct, dct_source, text, meta, origin_input, \
         origin_locator"
    };
}

const INSERT_DOCUMENT: &str = "INSERT INTO documents (id, seq, external_id, url, source, title, author, site, \
     language, dct, dct_source, text, meta, origin_input, origin_locator, body_chars, ingested_at) \
     VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM documents), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
     ?13, ?14, ?15, ?16) \
     ON CONFLICT (id) DO NOTHING";

const INSERT_PARAGRAPH: &str = "INSERT INTO paragraphs (doc_id, idx, kind, start, \"end\") VALUES (?1, ?2, ?3, ?4, ?5)";

const UPSERT_REJECTED: &str = "INSERT INTO rejected (origin_input, origin_locator, stage, reason, detail, \
     first_seen, last_seen, times) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 1) \
     ON CONFLICT (origin_input, origin_locator, stage, reason) \
     DO UPDATE SET detail = excluded.detail, last_seen = excluded.last_seen, times = times + 1";

const UPSERT_CHECKPOINT: &str = "INSERT INTO checkpoints (input, fingerprint, \"offset\", last_item, complete, \
     updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
     ON CONFLICT (input) DO UPDATE SET fingerprint = excluded.fingerprint, \"offset\" = excluded.\"offset\", \
     last_item = excluded.last_item, complete = excluded.complete, updated_at = excluded.updated_at";

const SELECT_PARAGRAPHS: &str = "SELECT kind, start, \"end\" FROM paragraphs WHERE doc_id = ?1 ORDER BY idx";

/// Statements prepared once per connection and reused.
const STATEMENT_CACHE: usize = 64;

/// The SQLite [`Store`]: a single file (or an in-memory database) holding documents, paragraphs,
/// rejections and checkpoints.
///
/// The file is WAL-journaled (readers do not block the writer), `synchronous=NORMAL` (a committed
/// batch survives a crash of herald; a power cut may lose the last batches but never corrupts the
/// file), with foreign keys enforced and a 5 s wait when another process holds the write lock.
pub struct SqliteStore {
    pub(crate) conn: Connection,
    /// The database as named to the user in messages.
    path: String,
    /// See [`SqliteStore::bound_wal`].
    wal_limit: u64,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.path).finish_non_exhaustive()
    }
}

/// How much of the database file readers map into memory (see `setup`).
const MMAP_SIZE: i64 = 1 << 31;

/// The write-ahead log's size past which a commit checkpoints and truncates it.
const WAL_LIMIT: u64 = 64 << 20;

impl SqliteStore {
    /// One transaction: documents (new ones only, with their annotations), rejections, and the
    /// checkpoint when there is one.
    fn commit(
        &mut self,
        docs: Vec<AnnotatedDocument>,
        rejected: Vec<Rejected>,
        checkpoint: Option<&Checkpoint>,
    ) -> Result<usize, StoreError> {
        let path = self.path.as_str();
        let err = |action: &str| {
            let action = action.to_string();
            move |cause| StoreError::Sqlite { path: path.to_string(), action, cause }
        };
        let offset = match checkpoint {
            Some(cp) => i64::try_from(cp.offset).map_err(|_| StoreError::InvalidCheckpoint {
                path: path.to_string(),
                input: cp.input.clone(),
                detail: format!("offset {} is beyond what SQLite can hold", cp.offset),
            })?,
            None => 0,
        };
        let tx =
            self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err("starting a batch"))?;
        let now: String = tx.query_row(NOW, [], |r| r.get(0)).map_err(err("reading the clock"))?;
        let mut new = 0;
        {
            let mut insert_doc = tx.prepare_cached(INSERT_DOCUMENT).map_err(err("preparing to store documents"))?;
            let mut insert_par = tx.prepare_cached(INSERT_PARAGRAPH).map_err(err("preparing to store paragraphs"))?;
            for AnnotatedDocument { doc, annotation } in &docs {
                let invalid = |detail: String| StoreError::InvalidDocument {
                    path: path.to_string(),
                    id: doc.id.0.clone(),
                    origin: doc.origin.to_string(),
                    detail,
                };
                if doc.id.0.is_empty() {
                    return Err(invalid("its id is empty".to_string()));
                }
                doc.check_invariants().map_err(invalid)?;
                let meta = serde_json::to_string(&doc.meta).map_err(|e| invalid(format!("meta: {e}")))?;
                let locator = locator_json(&doc.origin.locator);
                let body_chars: usize = doc.body().map(|(_, t)| t.chars().count()).sum();
                let changed = insert_doc
                    .execute(params![
                        doc.id.0,
                        doc.external_id,
                        doc.url,
                        doc.source,
                        doc.title,
                        doc.author,
                        doc.site,
                        doc.language,
                        doc.dct.as_ref().map(|d| d.value.as_str()),
                        doc.dct.as_ref().map(|d| d.source.as_str()),
                        doc.text,
                        meta,
                        doc.origin.input,
                        locator,
                        to_i64(body_chars),
                        now,
                    ])
                    .map_err(|cause| err(&format!("storing document {} (from {})", doc.id, doc.origin))(cause))?;
                if changed == 0 {
                    continue;
                }
                new += 1;
                for (idx, p) in doc.paragraphs.iter().enumerate() {
                    let (Some(idx), Some(start), Some(end)) = (to_i64(idx), to_i64(p.start), to_i64(p.end)) else {
                        return Err(invalid(format!("paragraph span {}..{} is too large", p.start, p.end)));
                    };
                    insert_par
                        .execute(params![doc.id.0, idx, p.kind.as_str(), start, end])
                        .map_err(|cause| err(&format!("storing paragraph {idx} of document {}", doc.id))(cause))?;
                }
                search::index_document(&tx, path, doc)?;
                if let Some(annotation) = annotation {
                    store_annotation(&tx, path, doc, annotation, &now)?;
                }
            }
            let mut upsert_rej = tx.prepare_cached(UPSERT_REJECTED).map_err(err("preparing to store rejections"))?;
            for r in &rejected {
                let locator = locator_json(&r.origin.locator);
                upsert_rej
                    .execute(params![r.origin.input, locator, r.stage.as_str(), r.reason, r.detail, now])
                    .map_err(|cause| err(&format!("storing the rejection of {}", r.origin))(cause))?;
            }
            if let Some(checkpoint) = checkpoint {
                tx.prepare_cached(UPSERT_CHECKPOINT)
                    .and_then(|mut s| {
                        s.execute(params![
                            checkpoint.input,
                            checkpoint.fingerprint,
                            offset,
                            checkpoint.last_item,
                            checkpoint.complete,
                            now,
                        ])
                    })
                    .map_err(err(&format!("storing the checkpoint for {}", checkpoint.input)))?;
            }
        }
        tx.commit().map_err(err("committing a batch"))?;
        self.bound_wal();
        Ok(new)
    }

    /// Keeps the write-ahead log from growing without end while readers never stop (a server
    /// under load): SQLite's automatic checkpoints copy pages back but can only start the log
    /// over when no reader still uses it, so past [`WAL_LIMIT`] bytes a writer asks for a
    /// checkpoint that waits (within the busy timeout) for the readers of the moment to finish
    /// and truncates the log. Failing to is not an error: the data is committed either way.
    fn bound_wal(&self) {
        let wal = format!("{}-wal", self.path);
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > self.wal_limit) {
            let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
    }
    /// The schema version this build creates and understands.
    pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

    /// Opens (creating it if missing) the database file at `path` and brings its schema up to
    /// date. The directory must exist. A database written by a newer herald is refused.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let shown = path.display().to_string();
        let conn = Connection::open(path).map_err(|cause| StoreError::Open { path: shown.clone(), cause })?;
        Self::setup(conn, shown)
    }

    /// A fresh database in memory, gone when the store is dropped (for tests and one-off runs).
    pub fn in_memory() -> Result<Self, StoreError> {
        let shown = ":memory:".to_string();
        let conn = Connection::open_in_memory().map_err(|cause| StoreError::Open { path: shown.clone(), cause })?;
        Self::setup(conn, shown)
    }

    /// The database as shown in messages (its path, or `:memory:`).
    pub fn path(&self) -> &str {
        &self.path
    }

    fn setup(conn: Connection, path: String) -> Result<Self, StoreError> {
        let open_err = |cause| StoreError::Open { path: path.clone(), cause };
        conn.busy_timeout(Duration::from_secs(5)).map_err(open_err)?;
        // In memory the answer is "memory"; either way the journal mode is what SQLite allows.
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)).map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(open_err)?;
        // Reads through a memory map share the operating system's page cache across every
        // connection of a server's pool (each connection's own cache is 2 MB): a story page of a
        // large store read on a connection that had not seen its pages took 48 ms instead of 8.
        // SQLite caps the map at its compile-time limit (2 GB); memory databases ignore it.
        conn.pragma_update(None, "mmap_size", MMAP_SIZE).map_err(open_err)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let mut store = SqliteStore { conn, path, wal_limit: WAL_LIMIT };
        store.migrate()?;
        Ok(store)
    }

    /// Applies every migration newer than the database, each in its own transaction.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |action: &str| {
            let path = path.clone();
            let action = action.to_string();
            move |cause| StoreError::Sqlite { path, action, cause }
        };
        {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(err("preparing the schema"))?;
            let known: bool = tx
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations')",
                    [],
                    |r| r.get(0),
                )
                .map_err(err("reading the schema"))?;
            if !known {
                let tables: i64 = tx
                    .query_row(
                        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND substr(name, 1, 7) <> 'sqlite_'",
                        [],
                        |r| r.get(0),
                    )
                    .map_err(err("reading the schema"))?;
                if tables > 0 {
                    return Err(StoreError::Foreign { path: path.clone() });
                }
                tx.execute_batch(
                    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, \
                     applied_at TEXT NOT NULL)",
                )
                .map_err(err("creating the schema_migrations table"))?;
            }
            tx.commit().map_err(err("creating the schema_migrations table"))?;
        }
        let current = self.schema_version()?;
        if current > Self::SCHEMA_VERSION {
            return Err(StoreError::NewerSchema { path, found: current, known: Self::SCHEMA_VERSION });
        }
        for m in MIGRATIONS.iter().filter(|m| m.version > current) {
            let failed = |cause| StoreError::Migration { path: path.clone(), version: m.version, name: m.name, cause };
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(failed)?;
            // Another process may have applied it since we looked.
            let now: i64 = tx
                .query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))
                .map_err(failed)?;
            if now >= m.version {
                continue;
            }
            tx.execute_batch(m.sql).map_err(failed)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) \
                 VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                params![m.version, m.name],
            )
            .map_err(failed)?;
            tx.commit().map_err(failed)?;
        }
        Ok(())
    }

    fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))
            .map_err(self.err("reading the schema version"))
    }

    /// Maps an SQLite error to one that names this database and what was being done.
    fn err(&self, action: impl Into<String>) -> impl FnOnce(rusqlite::Error) -> StoreError + '_ {
        let action = action.into();
        move |cause| StoreError::Sqlite { path: self.path.clone(), action, cause }
    }

    fn corrupt(&self, what: impl Into<String>, detail: impl Into<String>) -> StoreError {
        StoreError::Corrupt { path: self.path.clone(), what: what.into(), detail: detail.into() }
    }

    /// The document with exactly this id.
    fn document_by_id(&self, id: &str) -> Result<Option<Document>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(concat!("SELECT ", doc_columns!(), " FROM documents WHERE id = ?1"))
            .map_err(self.err("looking up a document"))?;
        let raw =
            stmt.query_row([id], RawDoc::from_row).optional().map_err(self.err(format!("reading document {id}")))?;
        raw.map(|raw| self.decode(raw)).transpose()
    }

    /// Rebuilds a document from its row and its paragraphs.
    fn decode(&self, raw: RawDoc) -> Result<Document, StoreError> {
        let what = || format!("document {}", raw.id);
        let mut paragraphs = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(SELECT_PARAGRAPHS).map_err(self.err("reading paragraphs"))?;
            let mut rows = stmt.query([&raw.id]).map_err(self.err(format!("reading the paragraphs of {}", raw.id)))?;
            while let Some(row) = rows.next().map_err(self.err(format!("reading the paragraphs of {}", raw.id)))? {
                let (kind, start, end) =
                    paragraph_row(row).map_err(self.err(format!("reading the paragraphs of {}", raw.id)))?;
                let kind = ParagraphKind::parse(&kind)
                    .ok_or_else(|| self.corrupt(what(), format!("unknown paragraph kind '{kind}'")))?;
                paragraphs.push(Paragraph {
                    kind,
                    start: to_usize(start).ok_or_else(|| self.corrupt(what(), format!("paragraph start {start}")))?,
                    end: to_usize(end).ok_or_else(|| self.corrupt(what(), format!("paragraph end {end}")))?,
                });
            }
        }
        let dct = match (raw.dct, raw.dct_source) {
            (None, None) => None,
            (Some(value), Some(source)) => Some(Dct {
                value,
                source: dct_source(&source)
                    .ok_or_else(|| self.corrupt(what(), format!("unknown date source '{source}'")))?,
            }),
            _ => return Err(self.corrupt(what(), "a publication date without its source, or the reverse")),
        };
        let meta = match serde_json::from_str::<serde_json::Value>(&raw.meta) {
            Ok(serde_json::Value::Object(map)) => map,
            Ok(_) => return Err(self.corrupt(what(), "meta is not a JSON object")),
            Err(e) => return Err(self.corrupt(what(), format!("meta is not valid JSON: {e}"))),
        };
        let locator: Locator = serde_json::from_str(&raw.origin_locator)
            .map_err(|e| self.corrupt(what(), format!("origin locator '{}': {e}", raw.origin_locator)))?;
        let doc = Document {
            id: DocId(raw.id),
            origin: Origin { input: raw.origin_input, locator },
            external_id: raw.external_id,
            url: raw.url,
            source: raw.source,
            title: raw.title,
            author: raw.author,
            site: raw.site,
            language: raw.language,
            dct,
            text: raw.text,
            paragraphs,
            meta,
        };
        doc.check_invariants().map_err(|e| self.corrupt(format!("document {}", doc.id), e))?;
        Ok(doc)
    }
}

/// Stores a new document's annotation: its entities, then its events (whose actors and places
/// point to the entities just linked).
fn store_annotation(
    conn: &Connection,
    path: &str,
    doc: &Document,
    annotation: &Annotated,
    now: &str,
) -> Result<(), StoreError> {
    let ids = crate::annotate::store_entities(&mut entities::Rows { conn, path, doc, now }, doc, annotation)?;
    if let (Some(ids), Annotated::Entities { events: coded, .. }) = (ids, annotation) {
        crate::annotate::store_events(&mut events::Rows { conn, path, doc, now }, doc, coded, &ids)?;
    }
    Ok(())
}

/// A documents row, before it is checked and turned into a [`Document`].
struct RawDoc {
    id: String,
    external_id: Option<String>,
    url: Option<String>,
    source: Option<String>,
    title: Option<String>,
    author: Option<String>,
    site: Option<String>,
    language: Option<String>,
    dct: Option<String>,
    dct_source: Option<String>,
    text: String,
    meta: String,
    origin_input: String,
    origin_locator: String,
}

impl RawDoc {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(RawDoc {
            id: row.get(0)?,
            external_id: row.get(1)?,
            url: row.get(2)?,
            source: row.get(3)?,
            title: row.get(4)?,
            author: row.get(5)?,
            site: row.get(6)?,
            language: row.get(7)?,
            dct: row.get(8)?,
            dct_source: row.get(9)?,
            text: row.get(10)?,
            meta: row.get(11)?,
            origin_input: row.get(12)?,
            origin_locator: row.get(13)?,
        })
    }
}

/// A locator as stored: the model's own JSON form (`{"kind":"line","at":3}`), which is also what
/// makes two rejections of the same place equal.
fn locator_json(locator: &Locator) -> String {
    // A Locator holds only strings and integers, which JSON always represents.
    serde_json::to_string(locator).expect("a Locator always serialises to JSON")
}

fn paragraph_row(row: &Row<'_>) -> rusqlite::Result<(String, i64, i64)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
}

fn to_usize(v: i64) -> Option<usize> {
    usize::try_from(v).ok()
}

fn to_i64(v: usize) -> Option<i64> {
    i64::try_from(v).ok()
}

fn dct_source(s: &str) -> Option<DctSource> {
    [DctSource::Input, DctSource::Page, DctSource::Dateline, DctSource::CommandLine]
        .into_iter()
        .find(|d| d.as_str() == s)
}

fn stage(s: &str) -> Option<Stage> {
    [Stage::Read, Stage::Decode, Stage::Extract, Stage::Store].into_iter().find(|st| st.as_str() == s)
}

pub(crate) use crate::check_date_bound;

impl Store for SqliteStore {
    fn commit_batch(
        &mut self,
        docs: Vec<Document>,
        rejected: Vec<Rejected>,
        checkpoint: &Checkpoint,
    ) -> Result<usize, StoreError> {
        let docs = docs.into_iter().map(|doc| AnnotatedDocument { doc, annotation: None }).collect();
        self.commit(docs, rejected, Some(checkpoint))
    }

    fn commit_annotated(
        &mut self,
        docs: Vec<AnnotatedDocument>,
        rejected: Vec<Rejected>,
        checkpoint: &Checkpoint,
    ) -> Result<usize, StoreError> {
        self.commit(docs, rejected, Some(checkpoint))
    }

    fn annotate_document(&mut self, id: &DocId, annotation: Annotated) -> Result<bool, StoreError> {
        let Some(doc) = self.document_by_id(&id.0)? else {
            return Err(StoreError::InvalidQuery(format!("document {id} is not stored: nothing to annotate")));
        };
        let path = self.path.clone();
        let err = |action: &'static str| {
            let path = path.clone();
            move |cause| StoreError::Sqlite { path, action: format!("{action} {id}"), cause }
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err("starting to annotate document"))?;
        let known: bool = tx
            .query_row("SELECT EXISTS (SELECT 1 FROM doc_annotations WHERE doc_id = ?1)", [&id.0], |r| r.get(0))
            .map_err(err("reading the annotation of document"))?;
        if known {
            return Ok(false);
        }
        let now: String = tx.query_row(NOW, [], |r| r.get(0)).map_err(err("reading the clock for document"))?;
        store_annotation(&tx, &path, &doc, &annotation, &now)?;
        tx.commit().map_err(err("committing the annotation of document"))?;
        Ok(true)
    }

    fn stored_ids(&self, ids: &[&DocId]) -> Result<HashSet<DocId>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?1)")
            .map_err(self.err("looking up documents"))?;
        let mut out = HashSet::new();
        for id in ids {
            let known: bool =
                stmt.query_row([&id.0], |r| r.get(0)).map_err(self.err(format!("looking up document {id}")))?;
            if known {
                out.insert((*id).clone());
            }
        }
        Ok(out)
    }

    fn entities(&self, query: &EntityQuery) -> Result<Vec<EntitySummary>, StoreError> {
        self.list_entities(query)
    }

    fn find_entities(&self, key: &str) -> Result<Vec<EntitySummary>, StoreError> {
        self.find_entities_by(key)
    }

    fn entity(&self, id: &str, limit: usize) -> Result<Option<EntityDetail>, StoreError> {
        self.entity_detail(id, limit)
    }

    fn for_each_entity(&self, f: &mut dyn FnMut(EntityRecord) -> Result<(), StoreError>) -> Result<(), StoreError> {
        self.each_entity(f)
    }

    fn mentions(&self, doc: &DocId) -> Result<Vec<Mention>, StoreError> {
        self.doc_mentions(doc)
    }

    fn events(&self, query: &EventQuery) -> Result<Vec<EventRecord>, StoreError> {
        self.list_events(query)
    }

    fn for_each_event(&self, f: &mut dyn FnMut(EventRecord) -> Result<(), StoreError>) -> Result<(), StoreError> {
        self.each_event(f)
    }

    fn story_state(&self) -> Result<Option<crate::StoryState>, StoreError> {
        self.load_story_state()
    }

    fn pending_story_docs(&self, after_seq: i64, limit: usize) -> Result<Vec<crate::StoryDoc>, StoreError> {
        self.pending_docs(after_seq, limit)
    }

    fn cluster_member_docs(&self, clusters: &[String], limit: usize) -> Result<Vec<crate::StoryDoc>, StoreError> {
        self.member_docs(clusters, limit)
    }

    fn commit_stories(&mut self, update: &crate::StoryUpdate) -> Result<(), StoreError> {
        self.write_stories(update)
    }

    fn clusters(&self, query: &crate::ClusterQuery) -> Result<Vec<crate::ClusterSummary>, StoreError> {
        self.list_clusters(query)
    }

    fn cluster(&self, key: &str, limit: usize) -> Result<Option<crate::ClusterDetail>, StoreError> {
        self.cluster_detail(key, limit, true)
    }

    fn storylines(&self, limit: usize, clusters: usize) -> Result<Vec<crate::StorylineSummary>, StoreError> {
        self.list_storylines(limit, clusters)
    }

    fn for_each_cluster(
        &self,
        f: &mut dyn FnMut(crate::ClusterDetail) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.each_cluster(f)
    }

    fn search(&self, query: &crate::SearchQuery) -> Result<Vec<crate::SearchHit>, StoreError> {
        self.search_text(query)
    }

    fn record_rejected(&mut self, rejected: Vec<Rejected>) -> Result<(), StoreError> {
        self.commit(Vec::new(), rejected, None).map(|_| ())
    }

    fn checkpoint(&self, input: &str) -> Result<Option<Checkpoint>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT input, fingerprint, \"offset\", last_item, complete FROM checkpoints WHERE input = ?1",
            )
            .and_then(|mut s| {
                s.query_row([input], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, bool>(4)?,
                    ))
                })
                .optional()
            })
            .map_err(self.err(format!("reading the checkpoint for {input}")))?;
        let Some((input, fingerprint, offset, last_item, complete)) = row else {
            return Ok(None);
        };
        let offset = u64::try_from(offset)
            .map_err(|_| self.corrupt(format!("checkpoint for {input}"), format!("negative offset {offset}")))?;
        Ok(Some(Checkpoint { input, fingerprint, offset, last_item, complete }))
    }

    fn document(&self, key: &str) -> Result<Option<Document>, StoreError> {
        if let Some(doc) = self.document_by_id(key)? {
            return Ok(Some(doc));
        }
        // Id prefixes are matched as a range over the primary key; an empty range when the key
        // cannot be one.
        let (low, high) = if key.len() >= 6 && key.bytes().all(|b| b.is_ascii_hexdigit()) {
            let low = key.to_ascii_lowercase();
            let high = format!("{low}\u{10FFFF}");
            (low, high)
        } else {
            (String::new(), String::new())
        };
        let ids: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT id FROM documents WHERE (id >= ?1 AND id < ?2) OR external_id = ?3 ORDER BY seq LIMIT 3",
            )
            .and_then(|mut s| s.query_map(params![low, high, key], |r| r.get(0))?.collect())
            .map_err(self.err(format!("looking up document '{key}'")))?;
        match ids.len() {
            0 => Ok(None),
            1 => self.document_by_id(&ids[0]),
            _ => {
                let count: i64 = self
                    .conn
                    .prepare_cached("SELECT count(*) FROM documents WHERE (id >= ?1 AND id < ?2) OR external_id = ?3")
                    .and_then(|mut s| s.query_row(params![low, high, key], |r| r.get(0)))
                    .map_err(self.err(format!("looking up document '{key}'")))?;
                Err(StoreError::Ambiguous {
                    key: key.to_string(),
                    count: count.max(0) as u64,
                    examples: ids.iter().map(|id| DocId(id.clone()).short().to_string()).collect(),
                })
            }
        }
    }

    fn documents(&self, query: &DocQuery) -> Result<Vec<DocSummary>, StoreError> {
        let mut sql = String::from(
            "SELECT d.id, d.external_id, d.source, d.title, d.dct, d.dct_source, d.language, d.body_chars, \
             (SELECT count(*) FROM paragraphs p WHERE p.doc_id = d.id), \
             (SELECT count(*) FROM paragraphs p WHERE p.doc_id = d.id AND p.kind NOT IN ('body', 'headline')) \
             FROM documents d",
        );
        let mut conditions: Vec<&str> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        if let Some(source) = &query.source {
            conditions.push("d.source = ?");
            values.push(Value::Text(source.clone()));
        }
        if let Some(from) = &query.from {
            check_date_bound("from", from)?;
            conditions.push("d.dct >= ?");
            values.push(Value::Text(from.clone()));
        }
        if let Some(to) = &query.to {
            check_date_bound("to", to)?;
            // Every value dated on or before `to` (a date, or a date and time) sorts below this.
            conditions.push("d.dct < ?");
            values.push(Value::Text(format!("{to}~")));
        }
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        sql.push_str(" ORDER BY d.dct DESC NULLS LAST, d.seq LIMIT ? OFFSET ?");
        values.push(Value::Integer(if query.limit == 0 { -1 } else { to_i64(query.limit).unwrap_or(i64::MAX) }));
        values.push(Value::Integer(to_i64(query.offset).unwrap_or(i64::MAX)));

        type Row10 = (
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            i64,
            i64,
            i64,
        );
        let rows: Vec<Row10> = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut s| {
                s.query_map(params_from_iter(values.iter()), |r| {
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
                        r.get(9)?,
                    ))
                })?
                .collect()
            })
            .map_err(self.err("listing documents"))?;
        rows.into_iter()
            .map(|(id, external_id, source, title, dct, dct_src, language, body_chars, paragraphs, boilerplate)| {
                let what = || format!("document {id}");
                let dct = match (dct, dct_src) {
                    (Some(value), Some(s)) => Some(Dct {
                        value,
                        source: dct_source(&s)
                            .ok_or_else(|| self.corrupt(what(), format!("unknown date source '{s}'")))?,
                    }),
                    (None, None) => None,
                    _ => return Err(self.corrupt(what(), "a publication date without its source, or the reverse")),
                };
                let count = |v: i64| to_usize(v).ok_or_else(|| self.corrupt(what(), format!("negative count {v}")));
                Ok(DocSummary {
                    external_id,
                    source,
                    title,
                    dct,
                    language,
                    body_chars: count(body_chars)?,
                    paragraphs: count(paragraphs)?,
                    boilerplate_paragraphs: count(boilerplate)?,
                    id: DocId(id),
                })
            })
            .collect()
    }

    fn for_each_document(&self, f: &mut dyn FnMut(Document) -> Result<(), StoreError>) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(concat!("SELECT ", doc_columns!(), " FROM documents ORDER BY seq"))
            .map_err(self.err("reading documents"))?;
        let mut rows = stmt.query([]).map_err(self.err("reading documents"))?;
        while let Some(row) = rows.next().map_err(self.err("reading documents"))? {
            let raw = RawDoc::from_row(row).map_err(self.err("reading a document"))?;
            f(self.decode(raw)?)?;
        }
        Ok(())
    }

    fn rejected(&self, limit: usize) -> Result<Vec<RejectedRow>, StoreError> {
        let limit = if limit == 0 { -1 } else { to_i64(limit).unwrap_or(i64::MAX) };
        type Row8 = (String, String, String, String, String, String, String, i64);
        let rows: Vec<Row8> = self
            .conn
            .prepare_cached(
                "SELECT origin_input, origin_locator, stage, reason, detail, first_seen, last_seen, times \
                 FROM rejected ORDER BY last_seen DESC, id DESC LIMIT ?1",
            )
            .and_then(|mut s| {
                s.query_map([limit], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
                })?
                .collect()
            })
            .map_err(self.err("listing rejections"))?;
        rows.into_iter()
            .map(|(input, locator, stage_name, reason, detail, first_seen, last_seen, times)| {
                let what = || format!("rejection of {input}");
                let locator: Locator = serde_json::from_str(&locator)
                    .map_err(|e| self.corrupt(what(), format!("origin locator '{locator}': {e}")))?;
                let stage =
                    stage(&stage_name).ok_or_else(|| self.corrupt(what(), format!("unknown stage '{stage_name}'")))?;
                Ok(RejectedRow {
                    rejected: Rejected { origin: Origin { input, locator }, stage, reason, detail },
                    first_seen,
                    last_seen,
                    times: u64::try_from(times).unwrap_or(0),
                })
            })
            .collect()
    }

    fn status(&self) -> Result<Status, StoreError> {
        let count = |sql: &str, what: &str| -> Result<u64, StoreError> {
            let n: i64 = self
                .conn
                .prepare_cached(sql)
                .and_then(|mut s| s.query_row([], |r| r.get(0)))
                .map_err(self.err(format!("counting {what}")))?;
            Ok(n.max(0) as u64)
        };
        let documents = count("SELECT count(*) FROM documents", "documents")?;
        let rejected = count("SELECT count(*) FROM rejected", "rejections")?;
        let by_source: Vec<(String, u64)> = self
            .conn
            .prepare_cached(
                "SELECT COALESCE(source, ''), count(*) AS n FROM documents \
                 GROUP BY COALESCE(source, '') ORDER BY n DESC, 1",
            )
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?.max(0) as u64)))?.collect())
            .map_err(self.err("counting documents by source"))?;
        let raw_dct: Vec<(Option<String>, u64)> = self
            .conn
            .prepare_cached("SELECT dct_source, count(*) FROM documents GROUP BY dct_source")
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?.max(0) as u64)))?.collect())
            .map_err(self.err("counting documents by date source"))?;
        let mut by_dct_source = Vec::with_capacity(raw_dct.len());
        for (name, n) in raw_dct {
            let source = match name {
                None => None,
                Some(name) => Some(
                    dct_source(&name)
                        .ok_or_else(|| self.corrupt("the documents table", format!("unknown date source '{name}'")))?,
                ),
            };
            by_dct_source.push((source, n));
        }
        // DctSource order, undated last.
        by_dct_source.sort_by_key(|(s, _)| (s.is_none(), *s));
        let last_ingest: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT max(t) FROM (SELECT max(updated_at) AS t FROM checkpoints \
                 UNION ALL SELECT ingested_at FROM (SELECT ingested_at FROM documents ORDER BY seq DESC LIMIT 1))",
            )
            .and_then(|mut s| s.query_row([], |r| r.get(0)))
            .map_err(self.err("reading when the last batch was stored"))?;
        let (entities, annotated, annotation_failures) = self.entity_counts()?;
        Ok(Status {
            events: self.event_count()?,
            entities,
            annotated,
            annotation_failures,
            documents,
            rejected,
            by_source,
            by_dct_source,
            schema_version: self.schema_version()?,
            last_ingest,
        })
    }
}
