//! Where herald keeps what it has read: documents, the rejections met on the way, and how far each
//! input has been consumed. The crate exists so that every other part of herald (the ingest run,
//! the exports, later the server) talks to one [`Store`] interface and never to a database
//! directly. [`SqliteStore`] is the embedded backend (a file, the default); `PgStore` (feature
//! `postgres`) keeps the same data in a PostgreSQL database a team shares; both pass one test
//! suite (`suite/`, run on each backend by `testkit`).
//!
//! What a store promises:
//! - a batch (documents, rejections and the checkpoint that covers them) is committed in one
//!   transaction, so after any failure nothing of the batch is visible and the checkpoint has not
//!   moved past it;
//! - documents are keyed by [`DocId`]: storing the same document again changes nothing, and the
//!   same rejection (origin, stage, reason) is stored once;
//! - a document read back is exactly the [`Document`] that was stored, metadata, paragraphs and
//!   origin included;
//! - a database written by a newer herald is refused, never silently downgraded or misread;
//! - a document's entities are linked to the store's entities and stored with the document, once:
//!   a second copy of the document changes no entity, alias or count ([`entities`]);
//! - a document's coded events join the stored events with the same key (date, actor codes,
//!   CAMEO code, place) in the same transaction, once: GDELT-like counts of sentences, outlets and
//!   articles move only when a document is new ([`events`]).

use herald_model::{Checkpoint, Dct, DctSource, DocId, Document, Mention, Rejected};
use herald_pipeline::Sink;
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

mod annotate;
pub mod entities;
pub mod events;
#[cfg(feature = "postgres")]
mod postgres;
pub mod search;
mod sqlite;
pub mod stories;
#[cfg(test)]
mod suite;
#[cfg(test)]
mod testkit;

pub use entities::{
    AliasCount, Annotated, AnnotatedDocument, CoMention, CodeSpan, EntityArticle, EntityDetail, EntityQuery,
    EntityRecord, EntitySummary,
};
pub use events::{
    EventActor, EventDate, EventFlags, EventInput, EventPlace, EventPlover, EventQuery, EventRecord, EventReport,
};
#[cfg(feature = "postgres")]
pub use postgres::PgStore;
pub use search::{DocHit, SearchHit, SearchQuery, SearchScope, SnippetPart, StoryHit};
pub use sqlite::SqliteStore;
pub use stories::{
    ClusterDetail, ClusterEvent, ClusterMember, ClusterQuery, ClusterSummary, ClusterWrite, DocPlacement, StoryDoc,
    StoryState, StoryUpdate, StorylineSummary, StorylineWrite, SummaryLine,
};

/// Everything that can go wrong in a store. Each message names what failed, on which database (and
/// document, when there is one), and what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be opened or set up.
    #[error("cannot open database {path}: {cause}: {}", hint(.cause))]
    Open { path: String, cause: rusqlite::Error },

    /// A statement failed while doing `action`.
    #[error("database {path}: {action} failed: {cause}: {}", hint(.cause))]
    Sqlite { path: String, action: String, cause: rusqlite::Error },

    /// The database was migrated by a newer herald than this one.
    #[error(
        "database {path} was written by a newer herald (schema {found}, this build knows {known}): upgrade herald"
    )]
    NewerSchema { path: String, found: i64, known: i64 },

    /// A schema migration failed; its transaction was rolled back.
    #[error(
        "database {path}: schema migration {version} ({name}) failed: {cause}; the database was left at the previous \
         version: {}",
        hint(.cause)
    )]
    Migration { path: String, version: i64, name: &'static str, cause: rusqlite::Error },

    /// The PostgreSQL server could not be reached, or refused the connection.
    #[cfg(feature = "postgres")]
    #[error("cannot connect to PostgreSQL at {path}: {}: {}", pg_text(.cause), pg_hint(.cause))]
    PgOpen { path: String, cause: ::postgres::Error },

    /// A PostgreSQL statement failed while doing `action` (its transaction was rolled back).
    #[cfg(feature = "postgres")]
    #[error("database {path}: {action} failed: {}: {}", pg_text(.cause), pg_hint(.cause))]
    Postgres { path: String, action: String, cause: ::postgres::Error },

    /// A PostgreSQL schema with tables that herald did not create.
    #[error(
        "database {path}: its schema has tables but no schema_migrations, so herald did not create it: give herald a \
         database or schema of its own (e.g. ?options=-c%20search_path%3Dherald in the URL)"
    )]
    ForeignSchema { path: String },

    /// The file is an SQLite database that herald did not create.
    #[error(
        "{path} is an SQLite database that herald did not create (it has tables but no schema_migrations): give \
         herald a database file of its own"
    )]
    Foreign { path: String },

    /// A document breaks the model's invariants and was not stored (nor was anything of its batch).
    #[error(
        "database {path}: document {id} (from {origin}) cannot be stored: {detail}; nothing of its batch was \
         written: this is a bug in the stage that produced the document, please report it"
    )]
    InvalidDocument { path: String, id: String, origin: String, detail: String },

    /// A checkpoint cannot be represented in the database; nothing of its batch was stored.
    #[error(
        "database {path}: checkpoint for {input} cannot be stored: {detail}; nothing of its batch was written: \
         please report this"
    )]
    InvalidCheckpoint { path: String, input: String, detail: String },

    /// A [`DocQuery`] that does not make sense.
    #[error("invalid document query: {0}")]
    InvalidQuery(String),

    /// A stored row does not decode into the model's types.
    #[error(
        "database {path}: {what} cannot be read back: {detail}; the file was changed outside herald or is damaged: \
         restore a copy or ingest again into a new database"
    )]
    Corrupt { path: String, what: String, detail: String },

    /// A document key (id prefix or external id) matches more than one document.
    #[error("'{key}' matches {count} documents ({}): give more digits of the id, or the full id", .examples.join(", "))]
    Ambiguous { key: String, count: u64, examples: Vec<String> },

    /// Something this build of herald does not do (yet).
    #[error("{0}")]
    Unsupported(String),

    /// The callback given to [`Store::for_each_document`] asked to stop; the error it gave is kept
    /// so that callers can look at it (a closed pipe, a full disk).
    #[error("streaming documents stopped: {0}")]
    Stopped(Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// The database is busy (another writer holds it past the wait, the server is at its
    /// connection limit, a statement timed out): trying again later may work. The server answers
    /// these with 503, whichever the backend.
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Sqlite { cause, .. } | StoreError::Open { cause, .. } | StoreError::Migration { cause, .. } => {
                matches!(
                    cause.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                )
            }
            #[cfg(feature = "postgres")]
            StoreError::Postgres { cause, .. } | StoreError::PgOpen { cause, .. } => pg_busy(cause),
            _ => false,
        }
    }
}

/// Whether a PostgreSQL error means "busy, try again".
#[cfg(feature = "postgres")]
fn pg_busy(e: &::postgres::Error) -> bool {
    use ::postgres::error::SqlState as S;
    e.code().is_some_and(|c| {
        [
            S::LOCK_NOT_AVAILABLE,
            S::QUERY_CANCELED,
            S::TOO_MANY_CONNECTIONS,
            S::T_R_SERIALIZATION_FAILURE,
            S::T_R_DEADLOCK_DETECTED,
            S::CANNOT_CONNECT_NOW,
        ]
        .contains(c)
    })
}

/// A PostgreSQL error as a person reads it: the server's message (and its detail), else the
/// client's.
#[cfg(feature = "postgres")]
fn pg_text(e: &::postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_string(),
        },
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                let more = s.to_string();
                if !text.contains(&more) {
                    text = format!("{text}: {more}");
                }
                source = s.source();
            }
            text
        }
    }
}

/// What to do about a PostgreSQL failure, by its code.
#[cfg(feature = "postgres")]
fn pg_hint(e: &::postgres::Error) -> &'static str {
    use ::postgres::error::SqlState as S;
    match e.code() {
        _ if pg_busy(e) => "the database is busy (another writer, or too many connections); wait and run again",
        Some(c) if *c == S::DISK_FULL => "the database server's disk is full; free some space and run again",
        Some(c) if *c == S::INVALID_PASSWORD || *c == S::INVALID_AUTHORIZATION_SPECIFICATION => {
            "check the user and password in the URL"
        }
        Some(c) if *c == S::INVALID_CATALOG_NAME => "the database does not exist: create it (createdb) or fix the URL",
        Some(c) if *c == S::INSUFFICIENT_PRIVILEGE => "the user may not do this: grant it the rights or use another",
        None if e.is_closed() => "the connection to the server was lost; check that it is running and run again",
        None => "check that the server is running and that the URL's host, port and database are right",
        _ => "run again; if it keeps failing, report it with this message",
    }
}

/// What to do about an SQLite failure, by its code.
fn hint(e: &rusqlite::Error) -> &'static str {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::DatabaseBusy | C::DatabaseLocked) => {
            "another process is writing to this database; wait for it to finish and run again"
        }
        Some(C::DiskFull) => "the disk is full; free some space and run again",
        Some(C::ReadOnly | C::PermissionDenied) => "check that the file and its directory are writable",
        Some(C::CannotOpen) => "check that the directory exists and that the file is readable and writable",
        Some(C::NotADatabase | C::DatabaseCorrupt) => {
            "the file is not an SQLite database or is damaged; give another path or restore a copy"
        }
        Some(C::SystemIoFailure) => "the system reported an I/O error; check the disk and run again",
        _ => "run again; if it keeps failing, report it with this message",
    }
}

/// Which documents [`Store::documents`] lists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DocQuery {
    /// Only documents whose source is exactly this.
    pub source: Option<String>,
    /// Only documents dated on or after this day (`YYYY-MM-DD`; `YYYY-MM` and `YYYY` mean the
    /// first day of that month or year). Undated documents are left out when this is set.
    pub from: Option<String>,
    /// Only documents dated on or before this day (`YYYY-MM-DD`; `YYYY-MM` and `YYYY` mean the
    /// last day of that month or year). Undated documents are left out when this is set.
    pub to: Option<String>,
    /// At most this many documents; 0 means no limit.
    pub limit: usize,
    /// Skip this many documents first.
    pub offset: usize,
}

/// One line of a document listing: enough to pick a document without loading its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocSummary {
    pub id: DocId,
    pub external_id: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub dct: Option<Dct>,
    pub language: Option<String>,
    /// Characters (Unicode scalar values) in the body paragraphs, separators not counted.
    pub body_chars: usize,
    /// All paragraphs, of every kind.
    pub paragraphs: usize,
    /// Paragraphs that are neither body nor headline (captions, credits, appeals, ...).
    pub boilerplate_paragraphs: usize,
}

/// A stored rejection and when it was met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RejectedRow {
    #[serde(flatten)]
    pub rejected: Rejected,
    /// When this rejection was first stored (`YYYY-MM-DDThh:mm:ss.sssZ`, UTC).
    pub first_seen: String,
    /// When it was last met again.
    pub last_seen: String,
    /// How many times it was met.
    pub times: u64,
}

/// What a store holds, for `herald status`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Status {
    pub documents: u64,
    /// Distinct rejections (origin, stage, reason).
    pub rejected: u64,
    /// Documents per source, most first; documents without a source count under `""`.
    pub by_source: Vec<(String, u64)>,
    /// Documents per kind of publication-date evidence, in [`DctSource`] order; `None` counts the
    /// undated documents and comes last.
    pub by_dct_source: Vec<(Option<DctSource>, u64)>,
    /// The schema version the database is at.
    pub schema_version: i64,
    /// When a batch was last committed (`YYYY-MM-DDThh:mm:ss.sssZ`, UTC), if ever.
    pub last_ingest: Option<String>,
    /// Canonical entities across the store.
    pub entities: u64,
    /// Documents the annotator ran on successfully.
    pub annotated: u64,
    /// Documents the annotator failed on (stored without entities).
    pub annotation_failures: u64,
    /// Coded events across the store (an event several articles report counts once).
    pub events: u64,
}

/// The one interface to herald's storage. Writes take `&mut self`; every method is synchronous.
pub trait Store: Send {
    /// Commits one batch in a single transaction: the documents (those already stored, by id, are
    /// left as they are), the rejections (stored once per origin, stage and reason; meeting one
    /// again moves its `last_seen`), and the checkpoint that covers them. On error nothing of the
    /// batch is written. Returns how many documents were new.
    fn commit_batch(
        &mut self,
        docs: Vec<Document>,
        rejected: Vec<Rejected>,
        checkpoint: &Checkpoint,
    ) -> Result<usize, StoreError>;

    /// Like [`Store::commit_batch`], with each document's annotation: a new document's entities
    /// are linked to the stored ones and stored with it, in the same transaction; a document
    /// already stored keeps what it has (its annotation here is ignored).
    fn commit_annotated(
        &mut self,
        docs: Vec<AnnotatedDocument>,
        rejected: Vec<Rejected>,
        checkpoint: &Checkpoint,
    ) -> Result<usize, StoreError>;

    /// Stores the annotation of a document already stored, in a transaction of its own. Returns
    /// false, changing nothing, when the document was annotated before; a document that is not
    /// stored is an [`StoreError::InvalidQuery`].
    fn annotate_document(&mut self, doc: &DocId, annotation: Annotated) -> Result<bool, StoreError>;

    /// Which of these document ids are stored.
    fn stored_ids(&self, ids: &[&DocId]) -> Result<HashSet<DocId>, StoreError>;

    /// Records rejections that belong to no batch (an input that could not be opened), in one
    /// transaction; idempotent like the rejections of a batch.
    fn record_rejected(&mut self, rejected: Vec<Rejected>) -> Result<(), StoreError>;

    /// The checkpoint last committed for `input`.
    fn checkpoint(&self, input: &str) -> Result<Option<Checkpoint>, StoreError>;

    /// The document named by `key`: its full id, a prefix of its id of at least 6 hex digits, or
    /// its external id. A key that names more than one document is [`StoreError::Ambiguous`].
    fn document(&self, key: &str) -> Result<Option<Document>, StoreError>;

    /// Documents matching `query`, latest publication date first (undated last), then in the
    /// order they were ingested.
    fn documents(&self, query: &DocQuery) -> Result<Vec<DocSummary>, StoreError>;

    /// Calls `f` with every document, in ingest order, one at a time. An error from `f` stops the
    /// stream and is returned as is.
    fn for_each_document(&self, f: &mut dyn FnMut(Document) -> Result<(), StoreError>) -> Result<(), StoreError>;

    /// The most recently met rejections, at most `limit` of them (0 means all).
    fn rejected(&self, limit: usize) -> Result<Vec<RejectedRow>, StoreError>;

    /// Counts of what the store holds.
    fn status(&self) -> Result<Status, StoreError>;

    /// Canonical entities, most articles first.
    fn entities(&self, query: &EntityQuery) -> Result<Vec<EntitySummary>, StoreError>;

    /// The entities `key` names: the one with this id, else those with this name or alias
    /// (folded: case, diacritics, transliteration), else those sharing a full-name, surname or
    /// acronym key with it. Most articles first.
    fn find_entities(&self, key: &str) -> Result<Vec<EntitySummary>, StoreError>;

    /// One entity with its articles and the entities mentioned beside it, at most `limit` of
    /// each (0 means all).
    fn entity(&self, id: &str, limit: usize) -> Result<Option<EntityDetail>, StoreError>;

    /// Calls `f` with every entity (all its articles, no co-mentions), in the order they were
    /// first stored. An error from `f` stops the stream and is returned as is.
    fn for_each_entity(&self, f: &mut dyn FnMut(EntityRecord) -> Result<(), StoreError>) -> Result<(), StoreError>;

    /// A document's mentions, in text order, each pointing to a stored entity.
    fn mentions(&self, doc: &DocId) -> Result<Vec<Mention>, StoreError>;

    /// Coded events matching `query` (actor and CAMEO code prefixes, a dyad in either direction
    /// unless `directed`, a day range), latest day first (undated last), then most articles
    /// first; each with every sentence that reports it.
    fn events(&self, query: &EventQuery) -> Result<Vec<EventRecord>, StoreError>;

    /// Calls `f` with every event and its reports, in the order the events were first stored.
    /// An error from `f` stops the stream and is returned as is.
    fn for_each_event(&self, f: &mut dyn FnMut(EventRecord) -> Result<(), StoreError>) -> Result<(), StoreError>;

    /// The saved clustering state ([`stories`]), if a clustering step ever committed one.
    fn story_state(&self) -> Result<Option<StoryState>, StoreError>;

    /// Documents stored after `after_seq` (not yet placed in clusters), in ingest order, at most
    /// `limit` (0 means all), each with its body, entities and event dyads.
    fn pending_story_docs(&self, after_seq: i64, limit: usize) -> Result<Vec<StoryDoc>, StoreError>;

    /// Up to `limit` canonical members (no near-duplicates) of each of these clusters: the first
    /// half and the latest half in ingest order; in ingest order, each document once.
    fn cluster_member_docs(&self, clusters: &[String], limit: usize) -> Result<Vec<StoryDoc>, StoreError>;

    /// Writes one clustering step in a single transaction (see [`StoryUpdate`]); fails, writing
    /// nothing, when the stored watermark is not `update.expected_last_seq`.
    fn commit_stories(&mut self, update: &StoryUpdate) -> Result<(), StoreError>;

    /// Event clusters, latest last day first (a storyline's in timeline order).
    fn clusters(&self, query: &ClusterQuery) -> Result<Vec<ClusterSummary>, StoreError>;

    /// The cluster `key` names (its id, a unique prefix of 6+ characters, or any key of a member
    /// document) with at most `limit` members and events (0 means all).
    fn cluster(&self, key: &str, limit: usize) -> Result<Option<ClusterDetail>, StoreError>;

    /// Storylines, latest first, at most `limit` (0: all), each with at most `clusters` of its
    /// clusters in timeline order (0: all).
    fn storylines(&self, limit: usize, clusters: usize) -> Result<Vec<StorylineSummary>, StoreError>;

    /// Calls `f` with every cluster (all members, summary, no events), by first day. An error
    /// from `f` stops the stream and is returned as is.
    fn for_each_cluster(&self, f: &mut dyn FnMut(ClusterDetail) -> Result<(), StoreError>) -> Result<(), StoreError>;

    /// Full-text search ([`search`]): documents (title and body) and stories (headline and
    /// summary) matching every word of `query.text` and its filters, best first, one page. A
    /// query with no word, or a page beyond the caps, is [`StoreError::InvalidQuery`].
    fn search(&self, query: &SearchQuery) -> Result<Vec<SearchHit>, StoreError>;
}

impl Sink<Document> for SqliteStore {
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

/// Checks a `from`/`to` bound: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub(crate) fn check_date_bound(name: &str, s: &str) -> Result<(), StoreError> {
    let bad = || StoreError::InvalidQuery(format!("{name} date '{s}' is not YYYY-MM-DD (or YYYY-MM, or YYYY)"));
    let parts: Vec<&str> = s.split('-').collect();
    let widths = [4, 2, 2];
    if parts.is_empty() || parts.len() > 3 {
        return Err(bad());
    }
    for (i, part) in parts.iter().enumerate() {
        if part.len() != widths[i] || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
    }
    let num = |i: usize| parts.get(i).map(|p| p.parse::<u32>().unwrap_or(0));
    if num(1).is_some_and(|m| !(1..=12).contains(&m)) || num(2).is_some_and(|d| !(1..=31).contains(&d)) {
        return Err(bad());
    }
    Ok(())
}

impl Sink<Document> for Box<dyn Store> {
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

/// `url` without the password of its user, for messages.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split_once(':').map_or(user, |(u, _)| u);
            format!("{scheme}://{user}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

/// Whether `spec` names a PostgreSQL database (`postgres://` or `postgresql://`).
pub fn is_postgres_url(spec: &str) -> bool {
    spec.starts_with("postgres://") || spec.starts_with("postgresql://")
}

/// Opens the store named by `spec`: a `postgres://` or `postgresql://` URL for PostgreSQL (when
/// herald was built with the `postgres` feature), else a file path (created if missing, its
/// directory is not) or `:memory:` for SQLite.
pub fn open_store(spec: &str) -> Result<Box<dyn Store>, StoreError> {
    if is_postgres_url(spec) {
        #[cfg(feature = "postgres")]
        return Ok(Box::new(PgStore::open(spec)?));
        #[cfg(not(feature = "postgres"))]
        return Err(StoreError::Unsupported(format!(
            "{}: this herald was built without PostgreSQL support: build it with the `postgres` feature \
             (cargo build --features postgres) or give a file path",
            redact_url(spec)
        )));
    }
    if spec == ":memory:" {
        return Ok(Box::new(SqliteStore::in_memory()?));
    }
    Ok(Box::new(SqliteStore::open(Path::new(spec))?))
}
