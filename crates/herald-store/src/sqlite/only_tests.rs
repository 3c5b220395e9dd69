//! SQLite only: files, pragmas, migrations of older files, the pipeline runner on the concrete type.

use super::*;
use crate::open_store;
use crate::search::SearchQuery;
use crate::search::{snippet_text, SearchHit};
use crate::suite::documents::{cp, doc, full_doc};
use crate::suite::entities::lavrov_doc;
use crate::suite::search::{article, docs, one_cluster, q, stories};
use herald_pipeline::{run_batches, Counters, Source};

#[test]
fn migrations_apply_once_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("herald.db");
    let d = full_doc("kept");
    let applied: Vec<(i64, String, String)> = {
        let mut store = SqliteStore::open(&path).unwrap();
        store.commit_batch(vec![d.clone()], vec![], &cp("in", 1)).unwrap();
        let mut stmt =
            store.conn.prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY 1").unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    // Every step once, numbered 1, 2, 3... with no gap.
    assert_eq!(applied.iter().map(|a| a.0).collect::<Vec<_>>(), (1..=SqliteStore::SCHEMA_VERSION).collect::<Vec<_>>());
    assert_eq!(SqliteStore::SCHEMA_VERSION, MIGRATIONS.len() as i64);

    let store = SqliteStore::open(&path).unwrap();
    let mut stmt = store.conn.prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY 1").unwrap();
    let again: Vec<(i64, String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap();
    drop(stmt);
    assert_eq!(again, applied);
    assert_eq!(store.document(&d.id.0).unwrap(), Some(d));
    assert_eq!(store.status().unwrap().schema_version, SqliteStore::SCHEMA_VERSION);
}

#[test]
fn a_database_from_a_newer_herald_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("herald.db");
    {
        let store = SqliteStore::open(&path).unwrap();
        store
            .conn
            .execute("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01T00:00:00.000Z')", [])
            .unwrap();
    }
    let err = SqliteStore::open(&path).unwrap_err();
    let known = SqliteStore::SCHEMA_VERSION;
    assert!(matches!(err, StoreError::NewerSchema { found: 99, known: k, .. } if k == known), "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "database {} was written by a newer herald (schema 99, this build knows {known}): upgrade herald",
            path.display()
        )
    );
}

#[test]
fn foreign_and_broken_files_are_refused_with_their_path() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("other.db");
    Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE users (name TEXT)").unwrap();
    let err = SqliteStore::open(&foreign).unwrap_err();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
    assert!(err.to_string().contains(&foreign.display().to_string()));

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![0x5a; 8192]).unwrap();
    let err = SqliteStore::open(&garbage).unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err}");
    assert!(err.to_string().contains("not an SQLite database"), "{err}");

    let missing = dir.path().join("no-such-dir").join("herald.db");
    let err = SqliteStore::open(&missing).unwrap_err();
    assert!(err.to_string().contains(&missing.display().to_string()), "{err}");
    assert!(err.to_string().contains("directory exists"), "{err}");
    assert!(!missing.exists());
}

#[test]
fn a_file_database_is_in_wal_mode_with_the_expected_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("herald.db");
    assert!(!path.exists());
    let mut store = SqliteStore::open(&path).unwrap();
    assert!(path.exists());
    let pragma = |name: &str| -> String {
        store
            .conn
            .pragma_query_value(None, name, |r| r.get::<_, rusqlite::types::Value>(0))
            .map(|v| format!("{v:?}"))
            .unwrap()
    };
    assert_eq!(pragma("journal_mode"), "Text(\"wal\")");
    assert_eq!(pragma("synchronous"), "Integer(1)");
    assert_eq!(pragma("foreign_keys"), "Integer(1)");
    assert_eq!(pragma("busy_timeout"), "Integer(5000)");
    // Readers map the file (SQLite may cap the size below what was asked, never to nothing).
    assert!(
        pragma("mmap_size").trim_start_matches("Integer(").trim_end_matches(')').parse::<i64>().unwrap() >= 1 << 28
    );
    store.commit_batch(vec![doc("x", None, None)], vec![], &cp("in", 1)).unwrap();
    assert!(dir.path().join("herald.db-wal").exists());
    // The journal mode is a property of the file: another connection sees it too.
    let other = Connection::open(&path).unwrap();
    let mode: String = other.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn the_write_ahead_log_is_truncated_past_its_limit_while_readers_never_stop() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wal.db");
    let mut store = SqliteStore::open(&path).unwrap();
    store.wal_limit = 256 << 10;
    // Readers that always overlap one another, as a busy server's do: SQLite's own checkpoints
    // can then never start the log over.
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (path, stop) = (path.clone(), std::sync::Arc::clone(&stop));
            std::thread::spawn(move || {
                let reader = SqliteStore::open(&path).unwrap();
                while !stop.load(Ordering::Relaxed) {
                    reader
                        .conn
                        .execute_batch(
                            "BEGIN; SELECT count(*) FROM documents; SELECT count(*) FROM paragraphs; COMMIT;",
                        )
                        .unwrap();
                }
            })
        })
        .collect();
    let wal = dir.path().join("wal.db-wal");
    let mut biggest = 0;
    for batch in 0..60 {
        let docs: Vec<Document> = (0..20).map(|i| doc(&format!("w{batch}-{i}"), None, None)).collect();
        store.commit_batch(docs, vec![], &cp("w", batch)).unwrap();
        biggest = biggest.max(std::fs::metadata(&wal).map_or(0, |m| m.len()));
    }
    stop.store(true, Ordering::Relaxed);
    readers.into_iter().for_each(|r| r.join().unwrap());
    assert_eq!(store.status().unwrap().documents, 1200);
    assert!(biggest < 1 << 20, "the log reached {biggest} bytes");
}

#[test]
fn the_pipeline_runner_drives_the_store_as_a_sink() {
    let mut docs: Vec<Document> = (0..7).map(|i| doc(&format!("p{i}"), None, None)).collect();
    docs[3].text.clear();
    docs[3].paragraphs.clear();
    docs[3].origin.locator = Locator::Line(4);
    let mut store = SqliteStore::in_memory().unwrap();
    let mut counters = Counters::default();
    run_batches(&mut Docs { docs: docs.clone(), next: 0 }, &Keep, 3, &mut store, &mut counters, |_| {}).unwrap();
    assert_eq!((counters.ingested, counters.known, counters.rejected_total()), (6, 0, 1));
    let checkpoint = store.checkpoint("docs").unwrap().unwrap();
    assert!(checkpoint.complete);
    assert_eq!(checkpoint.offset, 7);

    let mut again = Counters::default();
    run_batches(&mut Docs { docs: docs.clone(), next: 0 }, &Keep, 3, &mut store, &mut again, |_| {}).unwrap();
    assert_eq!((again.ingested, again.known), (0, 6));
    assert_eq!(store.status().unwrap().documents, 6);
    assert_eq!(store.rejected(0).unwrap()[0].times, 2);

    // The same through the backend-neutral box.
    let mut boxed = open_store(":memory:").unwrap();
    let mut counters = Counters::default();
    run_batches(&mut Docs { docs, next: 0 }, &Keep, 2, &mut boxed, &mut counters, |_| {}).unwrap();
    assert_eq!(counters.ingested, 6);
    assert_eq!(boxed.status().unwrap().documents, 6);
}

#[test]
fn open_store_takes_paths_and_postgres_urls() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.db");
    let mut store = open_store(path.to_str().unwrap()).unwrap();
    assert_eq!(store.commit_batch(vec![doc("x", None, None)], vec![], &cp("in", 1)).unwrap(), 1);
    drop(store);
    assert_eq!(open_store(path.to_str().unwrap()).unwrap().status().unwrap().documents, 1);
    for url in ["postgres://user:secret@127.0.0.1:1/herald", "postgresql://127.0.0.1:1/herald"] {
        assert!(crate::is_postgres_url(url));
        let err = open_store(url).err().expect("no server listens on port 1");
        let shown = err.to_string();
        assert!(!shown.contains("secret"), "the password is never shown: {shown}");
        if cfg!(feature = "postgres") {
            assert!(shown.starts_with("cannot connect to PostgreSQL at postgres"), "{shown}");
            assert!(shown.contains("127.0.0.1:1/herald"), "{shown}");
        } else {
            assert!(matches!(err, StoreError::Unsupported(_)));
            assert!(shown.contains("built without PostgreSQL support") && shown.contains("`postgres` feature"));
        }
    }
}

#[test]
fn a_store_of_the_previous_schema_is_migrated_with_its_documents() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // Build a version-3 database by hand: the first three migrations only.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .unwrap();
        for m in &MIGRATIONS[..3] {
            conn.execute_batch(m.sql).unwrap();
            conn.execute("INSERT INTO schema_migrations VALUES (?1, ?2, 'then')", params![m.version, m.name]).unwrap();
        }
    }
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.status().unwrap().schema_version, SqliteStore::SCHEMA_VERSION);
    store
        .commit_annotated(vec![lavrov_doc("a", "Sergei Lavrov", "2013-05-06")], vec![], &crate::suite::entities::cp(1))
        .unwrap();
    assert_eq!(store.status().unwrap().entities, 2);
}

#[test]
fn a_database_from_before_search_is_indexed_when_opened() {
    for version in [5, 6] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        old_database(&path, version);
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SqliteStore::SCHEMA_VERSION);
        assert_eq!(docs(&store, &q("sanctions")), ["ext-a", "ext-b"], "from {version}");
        assert!(docs(&store, &q("zeppelin")).is_empty(), "the backfill leaves boilerplate out too");
        let SearchHit::Document(hit) = &store.search(&q("extended")).unwrap()[0] else { panic!() };
        assert_eq!(snippet_text(&hit.snippet), "Sanctions were [extended].");
        // Stories stored before are found (from 6); from 5 there were none.
        assert_eq!(stories(&store, &q("crimea")).len(), usize::from(version == 6), "from {version}");
        // The backfilled index is the one new documents get.
        let (a, b): (String, String) = store
            .conn
            .query_row("SELECT title, body FROM doc_search WHERE rowid = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!((a.as_str(), b.as_str()), ("Sanctions widen", "Kerry and Lavrov spoke.\n\nAgain."));
        let mut fresh = SqliteStore::in_memory().unwrap();
        let again =
            article("a", "Sanctions widen", &["Kerry and Lavrov spoke.", "Again."], "zeppelin", "Wire", "2014-03-20");
        fresh.commit_batch(vec![again], vec![], &crate::suite::search::cp()).unwrap();
        let new: (String, String) = fresh
            .conn
            .query_row("SELECT title, body FROM doc_search WHERE rowid = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!(new, (a, b));
    }
}

/// Timing on a synthetic store (run by hand: `cargo test -p herald-store --release -- --ignored
/// search_timing --nocapture`): ingest with the index, then queries of common, rare, phrase and
/// prefix words with and without filters. Prints figures; asserts only that hits come back.
#[test]
#[ignore]
fn search_timing() {
    use std::time::Instant;
    let n: usize = std::env::var("HERALD_SEARCH_DOCS").ok().and_then(|v| v.parse().ok()).unwrap_or(50_000);
    // A Zipf-like vocabulary: word k is drawn with weight 1/(k+1).
    let vocab: Vec<String> = (0..5_000).map(|k| format!("w{k}x")).collect();
    let cumulative: Vec<f64> = (0..vocab.len())
        .scan(0.0, |acc, k| {
            *acc += 1.0 / (k as f64 + 1.0);
            Some(*acc)
        })
        .collect();
    let total = *cumulative.last().unwrap();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut word = || {
        let x = next() * total;
        &vocab[cumulative.partition_point(|c| *c < x).min(vocab.len() - 1)]
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("t.db")).unwrap();
    let started = Instant::now();
    for batch in 0..n.div_ceil(500) {
        let docs: Vec<Document> = (batch * 500..((batch + 1) * 500).min(n))
            .map(|i| {
                let body: Vec<String> =
                    (0..6).map(|_| (0..60).map(|_| word().as_str()).collect::<Vec<_>>().join(" ") + ".").collect();
                let refs: Vec<&str> = body.iter().map(String::as_str).collect();
                let title: String = (0..8).map(|_| word().as_str()).collect::<Vec<_>>().join(" ");
                let day = format!("20{:02}-{:02}-{:02}", 10 + i % 10, 1 + i % 12, 1 + i % 28);
                article(&format!("doc{i}"), &title, &refs, "caption", ["Wire", "Monitor", "Herald"][i % 3], &day)
            })
            .collect();
        store.commit_batch(docs, vec![], &crate::suite::search::cp()).unwrap();
    }
    let ingest = started.elapsed();
    println!("{n} documents (360 body words each) stored and indexed in {:.1} s", ingest.as_secs_f64());
    for (label, text, source) in [
        ("common word", "w0x", None),
        ("two common words", "w1x w2x", None),
        ("rare word", "w4000x", None),
        ("phrase", "\"w0x w1x\"", None),
        ("prefix", "w12*", None),
        ("common word, source filter", "w0x", Some("Wire")),
    ] {
        let q =
            SearchQuery { text: text.into(), source: source.map(str::to_string), limit: 20, ..SearchQuery::default() };
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..7 {
            let t = Instant::now();
            hits = store.search(&q).unwrap().len();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!("{label:<28} {text:<12} {hits:>3} hits  median {:>7.1} ms  max {:>7.1} ms", times[3], times[6]);
        assert!(hits > 0, "{label}");
    }
}

/// A store written by a herald without search, at schema `version` (5: no stories either; 6:
/// stories), made by taking this schema's later steps out again.
fn old_database(path: &std::path::Path, version: i64) {
    let mut store = SqliteStore::open(path).unwrap();
    let docs = vec![
        article("a", "Sanctions widen", &["Kerry and Lavrov spoke.", "Again."], "zeppelin", "Wire", "2014-03-20"),
        article("b", "Ministers meet", &["Sanctions were extended."], "c", "Monitor", "2014-03-21"),
    ];
    store.commit_batch(docs, vec![], &crate::suite::search::cp()).unwrap();
    one_cluster(&mut store, "Kerry and Lavrov talk", &["Kerry spoke with Lavrov about Crimea."], false);
    store
        .conn
        .execute_batch(
            "DROP INDEX events_order; CREATE INDEX events_day ON events (day); DELETE FROM schema_migrations WHERE version = 9; \
             DROP INDEX story_docs_cluster_arrival; CREATE INDEX story_docs_cluster ON story_docs (cluster_id); \
             DELETE FROM schema_migrations WHERE version = 8; \
             DROP TRIGGER story_search_cluster_insert; DROP TRIGGER story_search_cluster_update; \
             DROP TRIGGER story_search_cluster_delete; DROP TRIGGER story_search_sentence_insert; \
             DROP TRIGGER story_search_sentence_delete; DROP TABLE doc_search; DROP TABLE story_search; \
             DROP TABLE story_search_keys; DELETE FROM schema_migrations WHERE version = 7;",
        )
        .unwrap();
    if version == 5 {
        store
            .conn
            .execute_batch(
                "DROP TABLE cluster_sentences; DROP TABLE clusters; DROP TABLE storylines; DROP TABLE story_docs; \
                 DROP TABLE story_state; DELETE FROM schema_migrations WHERE version = 6;",
            )
            .unwrap();
    }
    assert_eq!(store.schema_version().unwrap(), version);
}

/// A source of ready-made documents, for driving the store through the pipeline runner.
struct Docs {
    docs: Vec<Document>,
    next: usize,
}

impl Source for Docs {
    type Record = Document;
    fn name(&self) -> &str {
        "docs"
    }
    fn next_record(&mut self) -> Option<Result<Document, Rejected>> {
        let d = self.docs.get(self.next).cloned()?;
        self.next += 1;
        if d.text.is_empty() {
            return Some(Err(Rejected {
                origin: d.origin,
                stage: Stage::Extract,
                reason: "empty".into(),
                detail: "".into(),
            }));
        }
        Some(Ok(d))
    }
    fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            input: "docs".into(),
            fingerprint: "fp".into(),
            offset: self.next as u64,
            last_item: None,
            complete: self.next >= self.docs.len(),
        }
    }
}

struct Keep;
impl herald_pipeline::Stage for Keep {
    type Input = Document;
    type Output = Document;
    fn name(&self) -> &'static str {
        "keep"
    }
    fn run(&self, d: Document) -> Result<Document, Rejected> {
        Ok(d)
    }
}
