//! The shared backend: a PostgreSQL database (`--db postgres://user@host:port/db`) that a team
//! and its server share. Same data model and the same promises as [`crate::SqliteStore`]: its
//! own versioned migrations (`migrations_pg/`, recorded in `schema_migrations`), bound parameters
//! only, every write in one transaction.
//!
//! Writers take a transaction-scoped advisory lock (one per schema) before writing, so that, as
//! in SQLite, one batch is written at a time: documents get their ingest number `seq` in commit
//! order, and a clustering step that read the documents up to some `seq` never misses one that
//! committed later with a smaller number. Readers never wait for the lock. A lock not granted
//! within 5 s fails the write with an error [`StoreError::is_busy`] recognises (the server answers
//! 503), as SQLite's busy timeout does.
//!
//! The schema is the connection's current schema: `?options=-c%20search_path%3Dname` in the URL
//! puts a store in a schema of its own (the tests run each in a fresh one).

use crate::{AnnotatedDocument, DocQuery, DocSummary, RejectedRow, Status, Store, StoreError};
use herald_model::{
    Checkpoint, Dct, DctSource, DocId, Document, Locator, Origin, Paragraph, ParagraphKind, Rejected, Stage,
};
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

mod entities;
mod events;
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
    Migration { version: 1, name: "documents", sql: include_str!("migrations_pg/0001_documents.sql") },
    Migration { version: 2, name: "entities", sql: include_str!("migrations_pg/0002_entities.sql") },
    Migration { version: 3, name: "events", sql: include_str!("migrations_pg/0003_events.sql") },
    Migration { version: 4, name: "stories", sql: include_str!("migrations_pg/0004_stories.sql") },
    Migration { version: 5, name: "search", sql: include_str!("migrations_pg/0005_search.sql") },
];

/// The current UTC time, with milliseconds, written as SQLite writes it.
const NOW: &str = "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

/// The first key of the writers' advisory lock ("herald" in ASCII, folded to 32 bits); the second
/// is the schema's hash.
const LOCK_CLASS: i32 = 0x6865_726c;

/// How long a writer waits for another one, as SQLite's busy timeout.
const LOCK_TIMEOUT: &str = "5s";

/// Statements kept prepared per connection.
const STATEMENT_CACHE: usize = 128;

/// The columns a [`Document`] is rebuilt from, in the order [`raw_doc`] reads them.
const DOC_COLUMNS: &str = "id, external_id, url, source, title, author, site, language, dct, dct_source, text, meta, \
     origin_input, origin_locator";

/// A connection and its prepared statements.
pub(crate) struct Db {
    /// Always there until the store is dropped.
    client: Option<Client>,
    cache: HashMap<String, Statement>,
    /// A transaction was begun and not ended (a panic inside one): rolled back before the next.
    in_tx: bool,
}

impl Db {
    fn client(&mut self) -> &mut Client {
        self.client.as_mut().expect("a store's connection lives as long as the store")
    }

    /// Runs statements without parameters (transaction control, migrations).
    pub(crate) fn batch(&mut self, sql: &str) -> Result<(), postgres::Error> {
        self.client().batch_execute(sql)
    }

    fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(s) = self.cache.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client().prepare(sql)?;
        if self.cache.len() >= STATEMENT_CACHE {
            self.cache.clear();
        }
        self.cache.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    pub(crate) fn query(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, postgres::Error> {
        let s = self.statement(sql)?;
        self.client().query(&s, params)
    }

    pub(crate) fn query_opt(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, postgres::Error> {
        let s = self.statement(sql)?;
        self.client().query_opt(&s, params)
    }

    pub(crate) fn query_one(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row, postgres::Error> {
        let s = self.statement(sql)?;
        self.client().query_one(&s, params)
    }

    pub(crate) fn execute(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, postgres::Error> {
        let s = self.statement(sql)?;
        self.client().execute(&s, params)
    }
}

impl Drop for Db {
    /// Closes the connection on a thread of its own: the client blocks on its own runtime while
    /// closing, which would panic on a thread that drives asynchronous tasks (a server's store
    /// dropped as it shuts down).
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            std::thread::scope(|s| {
                s.spawn(move || drop(client));
            });
        }
    }
}

/// The PostgreSQL [`Store`]. Not `Sync` (one connection, used by one thread at a time); open one
/// per thread, as the server's pool does.
pub struct PgStore {
    db: RefCell<Db>,
    /// How to connect again when the server closed the connection (a restart).
    config: postgres::Config,
    /// The database as named to the user in messages (the URL without its password).
    path: String,
    /// The second key of the writers' advisory lock: this schema's.
    lock_key: i32,
    /// A test's schema, dropped with the store.
    #[cfg(test)]
    pub(crate) drop_schema: Option<String>,
}

#[cfg(test)]
impl Drop for PgStore {
    fn drop(&mut self) {
        if let Some(schema) = self.drop_schema.take() {
            let db = self.db.get_mut();
            if db.in_tx {
                let _ = db.batch("ROLLBACK");
            }
            let _ = db.batch(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("path", &self.path).finish_non_exhaustive()
    }
}

impl PgStore {
    /// The schema version this build creates and understands.
    pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

    /// Connects to the database at `url` (`postgres://` or `postgresql://`, libpq's URL form) and
    /// brings its schema (the connection's current schema) up to date. A database written by a
    /// newer herald is refused, and so is a schema with tables herald did not create.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let path = crate::redact_url(url);
        let open_err = |cause| StoreError::PgOpen { path: path.clone(), cause };
        let mut config: postgres::Config = url.parse().map_err(open_err)?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("herald");
        }
        let mut client = connect(&config).map_err(open_err)?;
        let row = client
            .query_one("SELECT current_schema()::text, hashtext(COALESCE(current_schema()::text, ''))", &[])
            .map_err(open_err)?;
        let schema: Option<String> = row.get(0);
        if schema.is_none() {
            return Err(StoreError::Unsupported(format!(
                "database {path}: no schema of the search_path exists (create it, or fix the search_path option)"
            )));
        }
        let store = PgStore {
            db: RefCell::new(Db { client: Some(client), cache: HashMap::new(), in_tx: false }),
            config,
            path,
            lock_key: row.get(1),
            #[cfg(test)]
            drop_schema: None,
        };
        store.migrate()?;
        Ok(store)
    }

    /// The database as shown in messages.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn err(&self, action: impl Into<String>) -> impl FnOnce(postgres::Error) -> StoreError + '_ {
        let action = action.into();
        move |cause| StoreError::Postgres { path: self.path.clone(), action, cause }
    }

    fn corrupt(&self, what: impl Into<String>, detail: impl Into<String>) -> StoreError {
        StoreError::Corrupt { path: self.path.clone(), what: what.into(), detail: detail.into() }
    }

    /// Runs `f` with the connection (no transaction of its own: each statement sees the latest
    /// committed data).
    pub(crate) fn read<T>(&self, f: impl FnOnce(&mut Db) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut db = self.db.borrow_mut();
        self.ready(&mut db)?;
        f(&mut db)
    }

    /// Makes the connection ready for a statement: a transaction a panic left open is rolled
    /// back, and a connection the server closed (a restart) is opened again, once.
    fn ready(&self, db: &mut Db) -> Result<(), StoreError> {
        if db.in_tx {
            let _ = db.batch("ROLLBACK");
            db.in_tx = false;
        }
        if db.client().is_closed() {
            let fresh = connect(&self.config).map_err(|cause| StoreError::PgOpen { path: self.path.clone(), cause })?;
            db.client = Some(fresh);
            db.cache.clear();
        }
        Ok(())
    }

    /// Runs `f` in one transaction holding the writers' lock: committed when `f` succeeds, rolled
    /// back (nothing written) when it fails.
    pub(crate) fn write<T>(
        &self,
        what: &str,
        f: impl FnOnce(&mut Db, &str) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut db = self.db.borrow_mut();
        self.ready(&mut db)?;
        db.batch("BEGIN").map_err(self.err(format!("starting {what}")))?;
        db.in_tx = true;
        let result = (|| {
            db.query("SELECT pg_advisory_xact_lock($1, $2)", &[&LOCK_CLASS, &self.lock_key])
                .map_err(self.err(format!("waiting for other writers before {what}")))?;
            let now: String = db.query_one(NOW, &[]).map_err(self.err("reading the clock"))?.get(0);
            f(&mut db, &now)
        })();
        let end = match &result {
            Ok(_) => db.batch("COMMIT").map_err(self.err(format!("committing {what}"))),
            Err(_) => {
                let _ = db.batch("ROLLBACK");
                Ok(())
            }
        };
        db.in_tx = false;
        end?;
        result
    }

    /// Applies every migration newer than the schema, each in its own transaction.
    fn migrate(&self) -> Result<(), StoreError> {
        let current = self.write("preparing the schema", |db, _| {
            let known: bool = db
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM information_schema.tables \
                     WHERE table_schema = current_schema() AND table_name = 'schema_migrations')",
                    &[],
                )
                .map_err(self.err("reading the schema"))?
                .get(0);
            if !known {
                let tables: i64 = db
                    .query_one(
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
                        &[],
                    )
                    .map_err(self.err("reading the schema"))?
                    .get(0);
                if tables > 0 {
                    return Err(StoreError::ForeignSchema { path: self.path.clone() });
                }
                db.batch(
                    "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, \
                         applied_at TEXT NOT NULL)",
                )
                .map_err(self.err("creating the schema_migrations table"))?;
            }
            let v: i64 = db
                .query_one("SELECT COALESCE(MAX(version), 0)::bigint FROM schema_migrations", &[])
                .map_err(self.err("reading the schema version"))?
                .get(0);
            Ok(v)
        })?;
        if current > Self::SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found: current,
                known: Self::SCHEMA_VERSION,
            });
        }
        for m in MIGRATIONS.iter().filter(|m| m.version > current) {
            let action =
                format!("schema migration {} ({}); the database was left at the previous version", m.version, m.name);
            self.write(&format!("schema migration {}", m.version), |db, now| {
                // Another process may have applied it since we looked (the lock orders us).
                let at: i64 = db
                    .query_one("SELECT COALESCE(MAX(version), 0)::bigint FROM schema_migrations", &[])
                    .map_err(self.err(action.clone()))?
                    .get(0);
                if at >= m.version {
                    return Ok(());
                }
                db.batch(m.sql).map_err(self.err(action.clone()))?;
                db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                    &[&m.version, &m.name, &now],
                )
                .map_err(self.err(action.clone()))?;
                Ok(())
            })?;
        }
        Ok(())
    }

    fn schema_version(&self) -> Result<i64, StoreError> {
        self.read(|db| {
            Ok(db
                .query_one("SELECT COALESCE(MAX(version), 0)::bigint FROM schema_migrations", &[])
                .map_err(self.err("reading the schema version"))?
                .get(0))
        })
    }

    /// One transaction: documents (new ones only, with their annotations), rejections, and the
    /// checkpoint when there is one.
    fn commit(
        &mut self,
        docs: Vec<AnnotatedDocument>,
        rejected: Vec<Rejected>,
        checkpoint: Option<&Checkpoint>,
    ) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let offset = match checkpoint {
            Some(cp) => i64::try_from(cp.offset).map_err(|_| StoreError::InvalidCheckpoint {
                path: path.clone(),
                input: cp.input.clone(),
                detail: format!("offset {} is beyond what PostgreSQL can hold", cp.offset),
            })?,
            None => 0,
        };
        self.write("a batch", |db, now| {
            let mut new = 0;
            for AnnotatedDocument { doc, annotation } in &docs {
                let invalid = |detail: String| StoreError::InvalidDocument {
                    path: path.clone(),
                    id: doc.id.0.clone(),
                    origin: doc.origin.to_string(),
                    detail,
                };
                if doc.id.0.is_empty() {
                    return Err(invalid("its id is empty".to_string()));
                }
                doc.check_invariants().map_err(invalid)?;
                let doc = &without_nul(doc);
                let meta = serde_json::to_string(&doc.meta).map_err(|e| invalid(format!("meta: {e}")))?;
                let locator = locator_json(&doc.origin.locator);
                let body_chars = to_i64(doc.body().map(|(_, t)| t.chars().count()).sum());
                let dct = doc.dct.as_ref().map(|d| d.value.as_str());
                let dct_source = doc.dct.as_ref().map(|d| d.source.as_str());
                let changed = db
                    .execute(
                        "INSERT INTO documents (id, seq, external_id, url, source, title, author, site, language, \
                         dct, dct_source, text, meta, origin_input, origin_locator, body_chars, ingested_at) \
                         VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM documents), $2, $3, $4, $5, $6, $7, \
                         $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (id) DO NOTHING",
                        &[
                            &doc.id.0,
                            &doc.external_id,
                            &doc.url,
                            &doc.source,
                            &doc.title,
                            &doc.author,
                            &doc.site,
                            &doc.language,
                            &dct,
                            &dct_source,
                            &doc.text,
                            &meta,
                            &doc.origin.input,
                            &locator,
                            &body_chars,
                            &now,
                        ],
                    )
                    .map_err(self.err(format!("storing document {} (from {})", doc.id, doc.origin)))?;
                if changed == 0 {
                    continue;
                }
                new += 1;
                // The paragraphs in one statement: a column of values each, unnested.
                let idx: Vec<i64> = (0..doc.paragraphs.len()).map(to_i64).collect();
                let kinds: Vec<&str> = doc.paragraphs.iter().map(|p| p.kind.as_str()).collect();
                let starts: Vec<i64> = doc.paragraphs.iter().map(|p| to_i64(p.start)).collect();
                let ends: Vec<i64> = doc.paragraphs.iter().map(|p| to_i64(p.end)).collect();
                db.execute(
                    "INSERT INTO paragraphs (doc_id, idx, kind, start, \"end\") \
                     SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::bigint[])",
                    &[&doc.id.0, &idx, &kinds, &starts, &ends],
                )
                .map_err(self.err(format!("storing the paragraphs of document {}", doc.id)))?;
                search::index_document(db, &path, doc)?;
                if let Some(annotation) = annotation {
                    let ids = crate::annotate::store_entities(
                        &mut entities::Rows { db, path: &path, doc, now },
                        doc,
                        annotation,
                    )?;
                    if let (Some(ids), crate::Annotated::Entities { events: coded, .. }) = (ids, annotation) {
                        crate::annotate::store_events(
                            &mut events::Rows { db, path: &path, doc, now },
                            doc,
                            coded,
                            &ids,
                        )?;
                    }
                }
            }
            for r in &rejected {
                let r = &Rejected {
                    origin: Origin { input: no_nul(&r.origin.input), locator: r.origin.locator.clone() },
                    stage: r.stage,
                    reason: no_nul(&r.reason),
                    detail: no_nul(&r.detail),
                };
                let locator = locator_json(&r.origin.locator);
                db.execute(
                    "INSERT INTO rejected (origin_input, origin_locator, stage, reason, detail, first_seen, \
                     last_seen, times) VALUES ($1, $2, $3, $4, $5, $6, $6, 1) \
                     ON CONFLICT (origin_input, origin_locator, stage, reason) \
                     DO UPDATE SET detail = excluded.detail, last_seen = excluded.last_seen, \
                     times = rejected.times + 1",
                    &[&r.origin.input, &locator, &r.stage.as_str(), &r.reason, &r.detail, &now],
                )
                .map_err(self.err(format!("storing the rejection of {}", r.origin)))?;
            }
            if let Some(cp) = checkpoint {
                let cp = &Checkpoint {
                    input: no_nul(&cp.input),
                    fingerprint: no_nul(&cp.fingerprint),
                    last_item: cp.last_item.as_deref().map(no_nul),
                    ..cp.clone()
                };
                db.execute(
                    "INSERT INTO checkpoints (input, fingerprint, \"offset\", last_item, complete, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (input) DO UPDATE SET fingerprint = excluded.fingerprint, \
                     \"offset\" = excluded.\"offset\", last_item = excluded.last_item, \
                     complete = excluded.complete, updated_at = excluded.updated_at",
                    &[&cp.input, &cp.fingerprint, &offset, &cp.last_item, &cp.complete, &now],
                )
                .map_err(self.err(format!("storing the checkpoint for {}", cp.input)))?;
            }
            Ok(new)
        })
    }

    /// The document with exactly this id.
    fn document_by_id(&self, id: &str) -> Result<Option<Document>, StoreError> {
        let row = self.read(|db| {
            db.query_opt(&format!("SELECT {DOC_COLUMNS} FROM documents WHERE id = $1"), &[&id])
                .map_err(self.err(format!("reading document {id}")))
        })?;
        row.map(|r| self.decode(&r)).transpose()
    }

    /// Rebuilds a document from its row and its paragraphs.
    fn decode(&self, r: &Row) -> Result<Document, StoreError> {
        let id: String = r.get(0);
        let what = || format!("document {id}");
        let rows = self.read(|db| {
            db.query("SELECT kind, start, \"end\" FROM paragraphs WHERE doc_id = $1 ORDER BY idx", &[&id])
                .map_err(self.err(format!("reading the paragraphs of {id}")))
        })?;
        let mut paragraphs = Vec::with_capacity(rows.len());
        for p in rows {
            let kind: String = p.get(0);
            let (start, end): (i64, i64) = (p.get(1), p.get(2));
            let kind = ParagraphKind::parse(&kind)
                .ok_or_else(|| self.corrupt(what(), format!("unknown paragraph kind '{kind}'")))?;
            paragraphs.push(Paragraph {
                kind,
                start: to_usize(start).ok_or_else(|| self.corrupt(what(), format!("paragraph start {start}")))?,
                end: to_usize(end).ok_or_else(|| self.corrupt(what(), format!("paragraph end {end}")))?,
            });
        }
        let dct = self.dct(&what(), r.get(8), r.get(9))?;
        let meta_text: String = r.get(11);
        let meta = match serde_json::from_str::<serde_json::Value>(&meta_text) {
            Ok(serde_json::Value::Object(map)) => map,
            Ok(_) => return Err(self.corrupt(what(), "meta is not a JSON object")),
            Err(e) => return Err(self.corrupt(what(), format!("meta is not valid JSON: {e}"))),
        };
        let locator_text: String = r.get(13);
        let locator: Locator = serde_json::from_str(&locator_text)
            .map_err(|e| self.corrupt(what(), format!("origin locator '{locator_text}': {e}")))?;
        let doc = Document {
            origin: Origin { input: r.get(12), locator },
            external_id: r.get(1),
            url: r.get(2),
            source: r.get(3),
            title: r.get(4),
            author: r.get(5),
            site: r.get(6),
            language: r.get(7),
            dct,
            text: r.get(10),
            paragraphs,
            meta,
            id: DocId(id.clone()),
        };
        doc.check_invariants().map_err(|e| self.corrupt(what(), e))?;
        Ok(doc)
    }

    fn dct(&self, what: &str, value: Option<String>, source: Option<String>) -> Result<Option<Dct>, StoreError> {
        match (value, source) {
            (None, None) => Ok(None),
            (Some(value), Some(s)) => Ok(Some(Dct {
                value,
                source: dct_source(&s).ok_or_else(|| self.corrupt(what, format!("unknown date source '{s}'")))?,
            })),
            _ => Err(self.corrupt(what, "a publication date without its source, or the reverse")),
        }
    }
}

/// `s` with every NUL character (U+0000), which PostgreSQL text cannot hold, written as a space:
/// the same length in bytes, so that spans into a text stay where they were.
pub(crate) fn no_nul(s: &str) -> String {
    s.replace('\0', " ")
}

/// A document as PostgreSQL can hold it: NUL characters written as spaces ([`no_nul`]). The
/// document keeps its id (the hash of the bytes it was read from), so a second copy is still
/// recognised.
fn without_nul(doc: &Document) -> Document {
    let opt = |o: &Option<String>| o.as_deref().map(no_nul);
    Document {
        id: doc.id.clone(),
        // The locator and the metadata are stored as JSON, which writes a NUL as an escape.
        origin: Origin { input: no_nul(&doc.origin.input), locator: doc.origin.locator.clone() },
        external_id: opt(&doc.external_id),
        url: opt(&doc.url),
        source: opt(&doc.source),
        title: opt(&doc.title),
        author: opt(&doc.author),
        site: opt(&doc.site),
        language: opt(&doc.language),
        dct: doc.dct.as_ref().map(|d| Dct { value: no_nul(&d.value), source: d.source }),
        text: no_nul(&doc.text),
        paragraphs: doc.paragraphs.clone(),
        meta: doc.meta.clone(),
    }
}

/// A connection with herald's session settings.
fn connect(config: &postgres::Config) -> Result<Client, postgres::Error> {
    let mut client = config.connect(NoTls)?;
    client.batch_execute(&format!(
        "SET lock_timeout = '{LOCK_TIMEOUT}'; SET client_min_messages = warning; SET TIME ZONE 'UTC'"
    ))?;
    Ok(client)
}

/// A locator as stored: the model's own JSON form, which also makes two rejections of the same
/// place equal.
fn locator_json(locator: &Locator) -> String {
    serde_json::to_string(locator).expect("a Locator always serialises to JSON")
}

pub(crate) fn to_usize(v: i64) -> Option<usize> {
    usize::try_from(v).ok()
}

/// A count or position as PostgreSQL's BIGINT (saturating: no text or store is that large).
pub(crate) fn to_i64(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// A limit where 0 means none: `LIMIT NULL` is no limit.
pub(crate) fn limit_value(limit: usize) -> Option<i64> {
    (limit > 0).then(|| to_i64(limit))
}

pub(crate) fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn dct_source(s: &str) -> Option<DctSource> {
    [DctSource::Input, DctSource::Page, DctSource::Dateline, DctSource::CommandLine]
        .into_iter()
        .find(|d| d.as_str() == s)
}

fn stage(s: &str) -> Option<Stage> {
    [Stage::Read, Stage::Decode, Stage::Extract, Stage::Store].into_iter().find(|st| st.as_str() == s)
}

/// Bound parameters collected while a query is put together.
#[derive(Default)]
pub(crate) struct Params {
    values: Vec<Box<dyn ToSql + Sync>>,
}

impl Params {
    /// Adds a value and returns its placeholder (`$n`).
    pub(crate) fn push(&mut self, v: impl ToSql + Sync + 'static) -> String {
        self.values.push(Box::new(v));
        format!("${}", self.values.len())
    }

    pub(crate) fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.values.iter().map(|v| v.as_ref() as &(dyn ToSql + Sync)).collect()
    }
}

/// `col` begins with `p`: a range of strings (byte order, every text column is COLLATE "C").
pub(crate) fn prefix(col: &str, p: &str, params: &mut Params) -> String {
    let low = params.push(p.to_string());
    let high = params.push(format!("{p}\u{10FFFF}"));
    format!("({col} >= {low} AND {col} < {high})")
}

impl Store for PgStore {
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

    fn annotate_document(&mut self, id: &DocId, annotation: crate::Annotated) -> Result<bool, StoreError> {
        let Some(doc) = self.document_by_id(&id.0)? else {
            return Err(StoreError::InvalidQuery(format!("document {id} is not stored: nothing to annotate")));
        };
        let path = self.path.clone();
        self.write(&format!("annotating document {id}"), |db, now| {
            let known = db
                .query_opt("SELECT 1 FROM doc_annotations WHERE doc_id = $1", &[&id.0])
                .map_err(self.err(format!("reading the annotation of document {id}")))?
                .is_some();
            if known {
                return Ok(false);
            }
            let ids = crate::annotate::store_entities(
                &mut entities::Rows { db, path: &path, doc: &doc, now },
                &doc,
                &annotation,
            )?;
            if let (Some(ids), crate::Annotated::Entities { events: coded, .. }) = (ids, &annotation) {
                crate::annotate::store_events(
                    &mut events::Rows { db, path: &path, doc: &doc, now },
                    &doc,
                    coded,
                    &ids,
                )?;
            }
            Ok(true)
        })
    }

    fn stored_ids(&self, ids: &[&DocId]) -> Result<HashSet<DocId>, StoreError> {
        let keys: Vec<&str> = ids.iter().map(|d| d.0.as_str()).collect();
        let rows = self.read(|db| {
            db.query("SELECT id FROM documents WHERE id = ANY($1)", &[&keys]).map_err(self.err("looking up documents"))
        })?;
        Ok(rows.into_iter().map(|r| DocId(r.get(0))).collect())
    }

    fn record_rejected(&mut self, rejected: Vec<Rejected>) -> Result<(), StoreError> {
        self.commit(Vec::new(), rejected, None).map(|_| ())
    }

    fn checkpoint(&self, input: &str) -> Result<Option<Checkpoint>, StoreError> {
        let row = self.read(|db| {
            db.query_opt(
                "SELECT input, fingerprint, \"offset\", last_item, complete FROM checkpoints WHERE input = $1",
                &[&input],
            )
            .map_err(self.err(format!("reading the checkpoint for {input}")))
        })?;
        let Some(r) = row else { return Ok(None) };
        let offset: i64 = r.get(2);
        let offset = u64::try_from(offset)
            .map_err(|_| self.corrupt(format!("checkpoint for {input}"), format!("negative offset {offset}")))?;
        Ok(Some(Checkpoint { input: r.get(0), fingerprint: r.get(1), offset, last_item: r.get(3), complete: r.get(4) }))
    }

    fn document(&self, key: &str) -> Result<Option<Document>, StoreError> {
        if let Some(doc) = self.document_by_id(key)? {
            return Ok(Some(doc));
        }
        let (low, high) = if key.len() >= 6 && key.bytes().all(|b| b.is_ascii_hexdigit()) {
            let low = key.to_ascii_lowercase();
            let high = format!("{low}\u{10FFFF}");
            (low, high)
        } else {
            (String::new(), String::new())
        };
        let ids: Vec<String> = self.read(|db| {
            Ok(db
                .query(
                    "SELECT id FROM documents WHERE (id >= $1 AND id < $2) OR external_id = $3 ORDER BY seq LIMIT 3",
                    &[&low, &high, &key],
                )
                .map_err(self.err(format!("looking up document '{key}'")))?
                .into_iter()
                .map(|r| r.get(0))
                .collect())
        })?;
        match ids.len() {
            0 => Ok(None),
            1 => self.document_by_id(&ids[0]),
            _ => {
                let n: i64 = self.read(|db| {
                    Ok(db
                        .query_one(
                            "SELECT count(*) FROM documents WHERE (id >= $1 AND id < $2) OR external_id = $3",
                            &[&low, &high, &key],
                        )
                        .map_err(self.err(format!("looking up document '{key}'")))?
                        .get(0))
                })?;
                Err(StoreError::Ambiguous {
                    key: key.to_string(),
                    count: count(n),
                    examples: ids.iter().map(|id| DocId(id.clone()).short().to_string()).collect(),
                })
            }
        }
    }

    fn documents(&self, query: &DocQuery) -> Result<Vec<DocSummary>, StoreError> {
        let mut p = Params::default();
        let mut conditions: Vec<String> = Vec::new();
        if let Some(source) = &query.source {
            conditions.push(format!("d.source = {}", p.push(source.clone())));
        }
        if let Some(from) = &query.from {
            crate::check_date_bound("from", from)?;
            conditions.push(format!("d.dct >= {}", p.push(from.clone())));
        }
        if let Some(to) = &query.to {
            crate::check_date_bound("to", to)?;
            conditions.push(format!("d.dct < {}", p.push(format!("{to}~"))));
        }
        let mut sql = String::from(
            "SELECT d.id, d.external_id, d.source, d.title, d.dct, d.dct_source, d.language, d.body_chars, \
             (SELECT count(*) FROM paragraphs p WHERE p.doc_id = d.id), \
             (SELECT count(*) FROM paragraphs p WHERE p.doc_id = d.id AND p.kind NOT IN ('body', 'headline')) \
             FROM documents d",
        );
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        let limit = p.push(limit_value(query.limit));
        let offset = p.push(to_i64(query.offset));
        sql.push_str(&format!(" ORDER BY d.dct DESC NULLS LAST, d.seq LIMIT {limit} OFFSET {offset}"));
        let rows = self.read(|db| db.query(&sql, &p.refs()).map_err(self.err("listing documents")))?;
        rows.into_iter()
            .map(|r| {
                let id: String = r.get(0);
                let what = format!("document {id}");
                let n = |i: usize| {
                    let v: i64 = r.get(i);
                    to_usize(v).ok_or_else(|| self.corrupt(what.clone(), format!("negative count {v}")))
                };
                Ok(DocSummary {
                    external_id: r.get(1),
                    source: r.get(2),
                    title: r.get(3),
                    dct: self.dct(&what, r.get(4), r.get(5))?,
                    language: r.get(6),
                    body_chars: n(7)?,
                    paragraphs: n(8)?,
                    boilerplate_paragraphs: n(9)?,
                    id: DocId(id.clone()),
                })
            })
            .collect()
    }

    fn for_each_document(&self, f: &mut dyn FnMut(Document) -> Result<(), StoreError>) -> Result<(), StoreError> {
        // A page at a time, so that `f` may use the store.
        let mut last = 0i64;
        loop {
            let rows = self.read(|db| {
                db.query(
                    &format!("SELECT {DOC_COLUMNS}, seq FROM documents WHERE seq > $1 ORDER BY seq LIMIT 256"),
                    &[&last],
                )
                .map_err(self.err("reading documents"))
            })?;
            let Some(l) = rows.last() else { return Ok(()) };
            last = l.get(14);
            for r in &rows {
                f(self.decode(r)?)?;
            }
        }
    }

    fn rejected(&self, limit: usize) -> Result<Vec<RejectedRow>, StoreError> {
        let rows = self.read(|db| {
            db.query(
                "SELECT origin_input, origin_locator, stage, reason, detail, first_seen, last_seen, times \
                 FROM rejected ORDER BY last_seen DESC, id DESC LIMIT $1",
                &[&limit_value(limit)],
            )
            .map_err(self.err("listing rejections"))
        })?;
        rows.into_iter()
            .map(|r| {
                let input: String = r.get(0);
                let what = || format!("rejection of {input}");
                let locator_text: String = r.get(1);
                let locator: Locator = serde_json::from_str(&locator_text)
                    .map_err(|e| self.corrupt(what(), format!("origin locator '{locator_text}': {e}")))?;
                let stage_name: String = r.get(2);
                let stage =
                    stage(&stage_name).ok_or_else(|| self.corrupt(what(), format!("unknown stage '{stage_name}'")))?;
                Ok(RejectedRow {
                    rejected: Rejected {
                        origin: Origin { input: input.clone(), locator },
                        stage,
                        reason: r.get(3),
                        detail: r.get(4),
                    },
                    first_seen: r.get(5),
                    last_seen: r.get(6),
                    times: count(r.get(7)),
                })
            })
            .collect()
    }

    fn status(&self) -> Result<Status, StoreError> {
        let one = |sql: &str, what: &str| -> Result<i64, StoreError> {
            self.read(|db| Ok(db.query_one(sql, &[]).map_err(self.err(format!("counting {what}")))?.get(0)))
        };
        let documents = count(one("SELECT count(*) FROM documents", "documents")?);
        let rejected = count(one("SELECT count(*) FROM rejected", "rejections")?);
        let by_source: Vec<(String, u64)> = self.read(|db| {
            Ok(db
                .query(
                    "SELECT COALESCE(source, '') AS s, count(*) AS n FROM documents \
                     GROUP BY COALESCE(source, '') ORDER BY n DESC, s",
                    &[],
                )
                .map_err(self.err("counting documents by source"))?
                .into_iter()
                .map(|r| (r.get(0), count(r.get(1))))
                .collect())
        })?;
        let raw: Vec<(Option<String>, u64)> = self.read(|db| {
            Ok(db
                .query("SELECT dct_source, count(*) FROM documents GROUP BY dct_source", &[])
                .map_err(self.err("counting documents by date source"))?
                .into_iter()
                .map(|r| (r.get(0), count(r.get(1))))
                .collect())
        })?;
        let mut by_dct_source = Vec::with_capacity(raw.len());
        for (name, n) in raw {
            let source = match name {
                None => None,
                Some(name) => Some(
                    dct_source(&name)
                        .ok_or_else(|| self.corrupt("the documents table", format!("unknown date source '{name}'")))?,
                ),
            };
            by_dct_source.push((source, n));
        }
        by_dct_source.sort_by_key(|(s, _)| (s.is_none(), *s));
        let last_ingest: Option<String> = self.read(|db| {
            Ok(db
                .query_one(
                    "SELECT max(t) FROM (SELECT max(updated_at) AS t FROM checkpoints \
                     UNION ALL (SELECT ingested_at FROM documents ORDER BY seq DESC LIMIT 1)) x",
                    &[],
                )
                .map_err(self.err("reading when the last batch was stored"))?
                .get(0))
        })?;
        let (entities, annotated, annotation_failures) = self.entity_counts()?;
        Ok(Status {
            events: count(one("SELECT count(*) FROM events", "events")?),
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

    fn entities(&self, query: &crate::EntityQuery) -> Result<Vec<crate::EntitySummary>, StoreError> {
        self.list_entities(query)
    }

    fn find_entities(&self, key: &str) -> Result<Vec<crate::EntitySummary>, StoreError> {
        self.find_entities_by(key)
    }

    fn entity(&self, id: &str, limit: usize) -> Result<Option<crate::EntityDetail>, StoreError> {
        self.entity_detail(id, limit)
    }

    fn for_each_entity(
        &self,
        f: &mut dyn FnMut(crate::EntityRecord) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.each_entity(f)
    }

    fn mentions(&self, doc: &DocId) -> Result<Vec<herald_model::Mention>, StoreError> {
        self.doc_mentions(doc)
    }

    fn events(&self, query: &crate::EventQuery) -> Result<Vec<crate::EventRecord>, StoreError> {
        self.list_events(query)
    }

    fn for_each_event(
        &self,
        f: &mut dyn FnMut(crate::EventRecord) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
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
}

impl herald_pipeline::Sink<Document> for PgStore {
    type Error = StoreError;

    fn commit(
        &mut self,
        items: Vec<Document>,
        rejected: Vec<Rejected>,
        checkpoint: &Checkpoint,
    ) -> Result<usize, StoreError> {
        self.commit_batch(items, rejected, checkpoint)
    }
}

/// What only PostgreSQL has: schemas shared with other tools, other processes writing at once.
/// The suite every backend passes is in `crate::suite`.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::documents::{cp, doc};
    use crate::testkit::fresh_schema;

    /// A store in a fresh schema and the URL that opens it again.
    fn store() -> Option<(PgStore, String)> {
        let (url, schema) = fresh_schema()?;
        let mut store = PgStore::open(&url).unwrap();
        store.drop_schema = Some(schema);
        Some((store, url))
    }

    #[test]
    fn a_schema_from_a_newer_herald_is_refused() {
        let Some((store, url)) = store() else { return };
        store
            .read(|db| {
                db.batch("INSERT INTO schema_migrations VALUES (99, 'future', 'then')").map_err(|e| panic!("{e}"))
            })
            .unwrap();
        let err = PgStore::open(&url).unwrap_err();
        assert!(matches!(err, StoreError::NewerSchema { found: 99, .. }), "{err}");
        assert!(err.to_string().contains("upgrade herald"));
    }

    #[test]
    fn a_schema_with_tables_of_another_tool_is_refused() {
        let Some((url, schema)) = fresh_schema() else { return };
        let mut client = Client::connect(&url, NoTls).unwrap();
        client.batch_execute("CREATE TABLE invoices (id int)").unwrap();
        let err = PgStore::open(&url).unwrap_err();
        assert!(matches!(err, StoreError::ForeignSchema { .. }), "{err}");
        client.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
    }

    #[test]
    fn migrations_are_recorded_and_reopening_changes_nothing() {
        let Some((mut store, url)) = store() else { return };
        store.commit_batch(vec![doc("a", None, None)], vec![], &cp("in", 1)).unwrap();
        let again = PgStore::open(&url).unwrap();
        assert_eq!(again.status().unwrap().schema_version, PgStore::SCHEMA_VERSION);
        assert_eq!(again.status().unwrap().documents, 1);
        let versions: Vec<i64> = again
            .read(|db| Ok(db.query("SELECT version FROM schema_migrations ORDER BY 1", &[]).unwrap()))
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(versions, (1..=PgStore::SCHEMA_VERSION).collect::<Vec<_>>());
    }

    #[test]
    fn a_writer_kept_waiting_reports_busy_and_writes_nothing() {
        let Some((mut store, url)) = store() else { return };
        // Another writer holds the lock in an open transaction.
        let mut other = Client::connect(&url, NoTls).unwrap();
        other.batch_execute("BEGIN").unwrap();
        other.execute("SELECT pg_advisory_xact_lock($1, $2)", &[&LOCK_CLASS, &store.lock_key]).unwrap();
        let started = std::time::Instant::now();
        let err = store.commit_batch(vec![doc("late", None, None)], vec![], &cp("in", 1)).unwrap_err();
        assert!(err.is_busy(), "{err}");
        assert!(started.elapsed() >= Duration::from_secs(4), "it waited for the other writer first");
        other.batch_execute("ROLLBACK").unwrap();
        assert_eq!(store.status().unwrap().documents, 0);
        // Once the other writer is done, the same batch goes through.
        assert_eq!(store.commit_batch(vec![doc("late", None, None)], vec![], &cp("in", 1)).unwrap(), 1);
    }

    #[test]
    fn a_connection_the_server_closed_is_opened_again() {
        let Some((mut store, url)) = store() else { return };
        store.commit_batch(vec![doc("a", None, None)], vec![], &cp("in", 1)).unwrap();
        let pid: i32 = store.read(|db| Ok(db.query_one("SELECT pg_backend_pid()", &[]).unwrap().get(0))).unwrap();
        let mut admin = Client::connect(&url, NoTls).unwrap();
        admin.execute("SELECT pg_terminate_backend($1)", &[&pid]).unwrap();
        // The statement that meets the closed connection fails; the next one reconnects.
        let mut tries = 0;
        let status = loop {
            tries += 1;
            match store.status() {
                Ok(s) => break s,
                Err(e) if tries < 3 => eprintln!("while the connection was closed: {e}"),
                Err(e) => panic!("{e}"),
            }
        };
        assert_eq!(status.documents, 1);
        assert_eq!(store.commit_batch(vec![doc("b", None, None)], vec![], &cp("in", 2)).unwrap(), 1);
    }

    #[test]
    fn concurrent_writers_store_each_document_once_in_commit_order() {
        let Some((store, url)) = store() else { return };
        let docs: Vec<Document> = (0..60).map(|i| doc(&format!("c{i}"), None, None)).collect();
        let stored: usize = std::thread::scope(|s| {
            let workers: Vec<_> = (0..3)
                .map(|w| {
                    let (url, docs) = (url.clone(), docs.clone());
                    s.spawn(move || {
                        let mut mine = PgStore::open(&url).unwrap();
                        // Every worker stores every document, in batches of 7, from its own start.
                        let mut rotated = docs.clone();
                        rotated.rotate_left(w * 20);
                        rotated
                            .chunks(7)
                            .enumerate()
                            .map(|(i, b)| {
                                mine.commit_batch(b.to_vec(), vec![], &cp(&format!("w{w}"), i as u64)).unwrap()
                            })
                            .sum::<usize>()
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).sum()
        });
        assert_eq!(stored, 60, "each document is new to exactly one writer");
        let seqs: Vec<i64> = store
            .read(|db| Ok(db.query("SELECT seq FROM documents ORDER BY seq", &[]).unwrap()))
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(seqs, (1..=60).collect::<Vec<i64>>(), "ingest numbers have no gap and no repeat");
        assert_eq!(store.pending_story_docs(0, 0).unwrap().len(), 60);
    }
}
