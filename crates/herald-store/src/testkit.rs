//! One test suite for every backend: a backend-neutral test is a function of a fresh store
//! (`fn(Boxed)`), and [`backend_tests!`] runs it once on SQLite (in memory) and once on
//! PostgreSQL (a fresh schema of the database `HERALD_TEST_PG` names, dropped afterwards, so the
//! tests run in parallel). Without `HERALD_TEST_PG` the PostgreSQL runs say once that they were
//! skipped and pass; with it, a server that cannot be reached fails them.

use crate::{SqliteStore, Store};
use herald_model::Document;

/// What a test needs beside the [`Store`] itself.
pub(crate) trait TestStore: Store {
    /// Rows in `table` (a name the test itself gives).
    fn rows(&self, table: &str) -> i64;
    /// "sqlite" or "postgres", for the few documented differences.
    fn backend(&self) -> &'static str;
    /// The schema version this build of the backend creates.
    fn schema(&self) -> i64;
    /// Another fresh, empty store of the same backend.
    fn another(&self) -> Boxed;
    /// Runs SQL on the store's connection (to simulate failures).
    fn exec(&self, sql: &str);
    /// A document as this backend gives it back: PostgreSQL text cannot hold NUL characters,
    /// which it stores as spaces (the same length, so spans hold).
    fn stored_form(&self, doc: &Document) -> Document {
        if self.backend() != "postgres" {
            return doc.clone();
        }
        let opt = |o: &Option<String>| o.as_deref().map(|s| s.replace('\0', " "));
        let mut d = doc.clone();
        d.text = d.text.replace('\0', " ");
        d.origin.input = d.origin.input.replace('\0', " ");
        (d.external_id, d.url, d.source, d.title, d.author, d.site, d.language) = (
            opt(&doc.external_id),
            opt(&doc.url),
            opt(&doc.source),
            opt(&doc.title),
            opt(&doc.author),
            opt(&doc.site),
            opt(&doc.language),
        );
        d
    }
}

pub(crate) type Boxed = Box<dyn TestStore>;

impl TestStore for SqliteStore {
    fn rows(&self, table: &str) -> i64 {
        // Table names cannot be bound; these come from the tests themselves.
        self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn schema(&self) -> i64 {
        SqliteStore::SCHEMA_VERSION
    }

    fn another(&self) -> Boxed {
        sqlite()
    }

    fn exec(&self, sql: &str) {
        self.conn.execute_batch(sql).unwrap();
    }
}

pub(crate) fn sqlite() -> Boxed {
    Box::new(SqliteStore::in_memory().unwrap())
}

#[cfg(feature = "postgres")]
mod pg {
    use super::{Boxed, TestStore};
    use crate::PgStore;
    use std::sync::atomic::{AtomicUsize, Ordering};

    impl TestStore for PgStore {
        fn rows(&self, table: &str) -> i64 {
            self.read(|db| {
                Ok(db.query_one(&format!("SELECT count(*) FROM {table}"), &[]).expect("counting rows").get(0))
            })
            .unwrap()
        }

        fn backend(&self) -> &'static str {
            "postgres"
        }

        fn schema(&self) -> i64 {
            PgStore::SCHEMA_VERSION
        }

        fn another(&self) -> Boxed {
            postgres().expect("HERALD_TEST_PG is set")
        }

        fn exec(&self, sql: &str) {
            self.read(|db| {
                db.batch(sql).unwrap();
                Ok(())
            })
            .unwrap();
        }
    }

    /// A URL for a fresh schema of the test database (created here), and the schema's name.
    pub(crate) fn fresh_schema() -> Option<(String, String)> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let Ok(url) = std::env::var("HERALD_TEST_PG") else {
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| {
                eprintln!("PostgreSQL tests skipped: HERALD_TEST_PG is not set (scripts/postgres.sh test sets it)")
            });
            return None;
        };
        let schema = format!(
            "herald_test_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos())
        );
        let mut client = postgres::Client::connect(&url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("HERALD_TEST_PG is set but {} cannot be reached: {e}", crate::redact_url(&url)));
        client.batch_execute(&format!("CREATE SCHEMA {schema}")).expect("creating a test schema");
        let sep = if url.contains('?') { '&' } else { '?' };
        Some((format!("{url}{sep}options=-c%20search_path%3D{schema}"), schema))
    }

    /// A store in a fresh schema, dropped with the store.
    pub(crate) fn postgres() -> Option<Boxed> {
        let (url, schema) = fresh_schema()?;
        let mut store = PgStore::open(&url).unwrap();
        store.drop_schema = Some(schema);
        Some(Box::new(store))
    }
}

#[cfg(feature = "postgres")]
pub(crate) use pg::{fresh_schema, postgres};

/// Without the `postgres` feature there is no PostgreSQL run: say so once.
#[cfg(not(feature = "postgres"))]
pub(crate) fn postgres() -> Option<Boxed> {
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| eprintln!("PostgreSQL tests skipped: herald-store was built without the `postgres` feature"));
    None
}

/// Runs each named test function (`fn name(store: Boxed)`) on every backend: `sqlite::name`
/// and `postgres::name`.
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::$name($crate::testkit::sqlite()) })*
        }
        mod postgres {
            $(#[test] fn $name() { if let Some(store) = $crate::testkit::postgres() { super::$name(store) } })*
        }
    };
}
pub(crate) use backend_tests;
