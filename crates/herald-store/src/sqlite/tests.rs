use super::*;
use crate::open_store;
use herald_pipeline::{run_batches, Counters, Source};
use proptest::prelude::*;
use serde_json::json;

/// A document with every field set, every paragraph kind, unicode and nested metadata.
fn full_doc(seed: &str) -> Document {
    let (text, paragraphs) = Document::assemble(
        ParagraphKind::ALL.iter().map(|k| (*k, format!("{} — {seed}: naïve café, 東京, 🦀 «quoted»", k.as_str()))),
    );
    let mut meta = serde_json::Map::new();
    meta.insert("tags".into(), json!(["a", "ü", 3, 2.5, null, true, -0.1]));
    meta.insert(
        "nested".into(),
        json!({"k": {"deep": "é\u{0}\n\t\"x\""}, "n": -12_345_678_901_234_i64, "big": u64::MAX}),
    );
    meta.insert("ключ".into(), json!("значение"));
    Document {
        id: DocId::of_bytes(seed.as_bytes()),
        origin: Origin { input: "feeds/ünï code.jsonl".into(), locator: Locator::Line(42) },
        external_id: Some(format!("ext-{seed}")),
        url: Some(format!("https://example.org/{seed}?q=é")),
        source: Some("Le Monde".into()),
        title: Some(format!("Élection 🗳 {seed}")),
        author: Some("Zoë O'Brien".into()),
        site: Some("lemonde.fr".into()),
        language: Some("fr".into()),
        dct: Some(Dct { value: "2013-05-06T10:00:00Z".into(), source: DctSource::Page }),
        text,
        paragraphs,
        meta,
    }
}

/// A small document: a headline, two body paragraphs and a caption.
fn doc(seed: &str, source: Option<&str>, dct: Option<&str>) -> Document {
    let (text, paragraphs) = Document::assemble([
        (ParagraphKind::Headline, format!("Headline {seed}")),
        (ParagraphKind::Body, "First body paragraph.".to_string()),
        (ParagraphKind::Body, "Second, with é.".to_string()),
        (ParagraphKind::Caption, "A caption".to_string()),
    ]);
    Document {
        id: DocId::of_bytes(seed.as_bytes()),
        origin: Origin { input: "in.jsonl".into(), locator: Locator::Line(1) },
        external_id: None,
        url: None,
        source: source.map(str::to_string),
        title: Some(format!("Title {seed}")),
        author: None,
        site: None,
        language: Some("en".into()),
        dct: dct.map(|v| Dct { value: v.to_string(), source: DctSource::Input }),
        text,
        paragraphs,
        meta: serde_json::Map::new(),
    }
}

fn cp(input: &str, offset: u64) -> Checkpoint {
    Checkpoint { input: input.into(), fingerprint: "size=10;head=abc".into(), offset, last_item: None, complete: false }
}

fn rejection(line: u64, reason: &str, detail: &str) -> Rejected {
    Rejected {
        origin: Origin { input: "in.jsonl".into(), locator: Locator::Line(line) },
        stage: Stage::Decode,
        reason: reason.into(),
        detail: detail.into(),
    }
}

fn count(store: &SqliteStore, table: &str) -> i64 {
    // Table names cannot be bound; these come from the tests themselves.
    store.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn a_document_round_trips_exactly() {
    let mut store = SqliteStore::in_memory().unwrap();
    let d = full_doc("one");
    assert_eq!(d.paragraphs.len(), ParagraphKind::ALL.len());
    d.check_invariants().unwrap();
    let mut other = doc("two", None, None);
    other.origin = Origin { input: "-".into(), locator: Locator::Item("urn:guid:ä".into()) };
    // NUL characters are text like any other.
    let (text, paragraphs) = Document::assemble([(ParagraphKind::Body, "nul \u{0} inside".to_string())]);
    (other.text, other.paragraphs, other.title) = (text, paragraphs, Some("t\u{0}t".into()));
    let mut whole = doc("three", Some(""), Some("2013-05-06"));
    whole.origin = Origin::whole("page.html");
    whole.dct = Some(Dct { value: "2013-05-06".into(), source: DctSource::CommandLine });
    let mut offset = doc("four", None, None);
    offset.origin = Origin { input: "crawl.warc.gz".into(), locator: Locator::Offset(u64::MAX / 2) };
    offset.text = String::new();
    offset.paragraphs.clear();
    let all = vec![d.clone(), other.clone(), whole.clone(), offset.clone()];
    assert_eq!(store.commit_batch(all.clone(), vec![], &cp("in.jsonl", 1)).unwrap(), 4);
    for expected in &all {
        assert_eq!(store.document(&expected.id.0).unwrap().as_ref(), Some(expected));
    }
    let mut streamed = Vec::new();
    store
        .for_each_document(&mut |doc| {
            streamed.push(doc);
            Ok(())
        })
        .unwrap();
    assert_eq!(streamed, all);
}

#[test]
fn committing_the_same_batch_twice_changes_nothing() {
    let mut store = SqliteStore::in_memory().unwrap();
    let batch = vec![doc("a", Some("A"), None), doc("b", Some("B"), Some("2013-01-01")), full_doc("c")];
    let rej = vec![rejection(7, "malformed-json", "line 7 is not JSON")];
    assert_eq!(store.commit_batch(batch.clone(), rej.clone(), &cp("in.jsonl", 100)).unwrap(), 3);
    let (docs, paragraphs, rejected) =
        (count(&store, "documents"), count(&store, "paragraphs"), count(&store, "rejected"));
    let first = store.document(&batch[0].id.0).unwrap();
    assert_eq!(store.commit_batch(batch.clone(), rej, &cp("in.jsonl", 100)).unwrap(), 0);
    assert_eq!(count(&store, "documents"), docs);
    assert_eq!(count(&store, "paragraphs"), paragraphs);
    assert_eq!(count(&store, "rejected"), rejected);
    assert_eq!(store.document(&batch[0].id.0).unwrap(), first);
    // A document that comes twice in one batch is stored once.
    let d = doc("d", None, None);
    assert_eq!(store.commit_batch(vec![d.clone(), d], vec![], &cp("in.jsonl", 120)).unwrap(), 1);
    assert_eq!(store.status().unwrap().documents, 4);
}

#[test]
fn a_rejection_is_stored_once_and_its_last_sighting_moves() {
    let mut store = SqliteStore::in_memory().unwrap();
    let r = rejection(3, "malformed-json", "expected value at column 1");
    store.commit_batch(vec![], vec![r.clone()], &cp("in.jsonl", 10)).unwrap();
    let rows = store.rejected(0).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].rejected, r);
    assert_eq!(rows[0].times, 1);
    assert_eq!(rows[0].first_seen, rows[0].last_seen);
    let first_seen = rows[0].first_seen.clone();

    std::thread::sleep(Duration::from_millis(5));
    let again = Rejected { detail: "expected value at column 2".into(), ..r.clone() };
    store.commit_batch(vec![], vec![again.clone()], &cp("in.jsonl", 10)).unwrap();
    let rows = store.rejected(0).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].times, 2);
    assert_eq!(rows[0].first_seen, first_seen);
    assert!(rows[0].last_seen > first_seen, "{} should be after {first_seen}", rows[0].last_seen);
    assert_eq!(rows[0].rejected.detail, again.detail);

    // Another reason, or another place in the same input, is another rejection.
    store
        .commit_batch(vec![], vec![rejection(3, "empty", "no text"), rejection(4, "malformed-json", "x")], &cp("in", 1))
        .unwrap();
    assert_eq!(store.rejected(0).unwrap().len(), 3);
    assert_eq!(store.rejected(2).unwrap().len(), 2);
    // The same origin may later yield a document; the rejection stays.
    let mut d = doc("late", None, None);
    d.origin = r.origin.clone();
    assert_eq!(store.commit_batch(vec![d], vec![], &cp("in.jsonl", 20)).unwrap(), 1);
    assert_eq!(store.status().unwrap().rejected, 3);
}

#[test]
fn an_invalid_document_mid_batch_leaves_nothing_written() {
    let mut store = SqliteStore::in_memory().unwrap();
    store.commit_batch(vec![doc("first", None, None)], vec![], &cp("in.jsonl", 10)).unwrap();
    let paragraphs = count(&store, "paragraphs");

    let mut bad = doc("bad", None, None);
    bad.paragraphs[1].end = bad.text.len() + 1;
    let batch = vec![doc("ok-1", None, None), doc("ok-2", None, None), bad.clone()];
    let err = store.commit_batch(batch, vec![rejection(9, "empty", "nothing")], &cp("in.jsonl", 20)).unwrap_err();
    assert!(matches!(&err, StoreError::InvalidDocument { id, .. } if *id == bad.id.0), "{err}");
    let msg = err.to_string();
    assert!(msg.contains(":memory:") && msg.contains(&bad.id.0) && msg.contains("in.jsonl:1"), "{msg}");

    assert_eq!(count(&store, "documents"), 1);
    assert_eq!(count(&store, "paragraphs"), paragraphs);
    assert_eq!(count(&store, "rejected"), 0);
    assert_eq!(store.checkpoint("in.jsonl").unwrap().unwrap().offset, 10);

    // A span that splits a character is refused too.
    let mut split = doc("split", None, None);
    let e = split.text.find('é').unwrap();
    split.paragraphs[2].end = e + 1;
    assert!(matches!(
        store.commit_batch(vec![split], vec![], &cp("in.jsonl", 30)),
        Err(StoreError::InvalidDocument { .. })
    ));

    // The store is still usable and the batch can be committed once fixed.
    let fixed = vec![doc("ok-1", None, None), doc("ok-2", None, None)];
    assert_eq!(store.commit_batch(fixed, vec![], &cp("in.jsonl", 20)).unwrap(), 2);
    assert_eq!(store.checkpoint("in.jsonl").unwrap().unwrap().offset, 20);
}

#[test]
fn a_database_failure_mid_batch_rolls_the_whole_batch_back() {
    let mut store = SqliteStore::in_memory().unwrap();
    store.commit_batch(vec![doc("first", None, None)], vec![], &cp("in.jsonl", 10)).unwrap();
    // Simulate a failure inside SQLite on the second document's caption, after the first document
    // of the batch and the second document's row have been written.
    store
        .conn
        .execute_batch(
            "CREATE TEMP TRIGGER fail_on_caption BEFORE INSERT ON paragraphs WHEN NEW.kind = 'caption' \
             BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
        )
        .unwrap();
    let mut plain = doc("plain", None, None);
    plain.paragraphs.pop();
    let batch = vec![plain.clone(), doc("captioned", None, None)];
    let err = store.commit_batch(batch, vec![rejection(2, "empty", "x")], &cp("in.jsonl", 20)).unwrap_err();
    assert!(matches!(err, StoreError::Sqlite { .. }), "{err}");
    assert!(err.to_string().contains("simulated failure"), "{err}");
    assert_eq!(count(&store, "documents"), 1);
    assert_eq!(count(&store, "rejected"), 0);
    assert_eq!(store.document(&plain.id.0).unwrap(), None);
    assert_eq!(store.checkpoint("in.jsonl").unwrap().unwrap().offset, 10);
    store.conn.execute_batch("DROP TRIGGER fail_on_caption").unwrap();

    // A failure at the very end (the checkpoint) undoes the documents and rejections as well.
    store
        .conn
        .execute_batch(
            "CREATE TEMP TRIGGER fail_on_checkpoint BEFORE UPDATE ON checkpoints \
             BEGIN SELECT RAISE(ABORT, 'simulated checkpoint failure'); END;",
        )
        .unwrap();
    let err = store.commit_batch(vec![plain.clone()], vec![rejection(2, "empty", "x")], &cp("in.jsonl", 20));
    assert!(err.unwrap_err().to_string().contains("checkpoint for in.jsonl"));
    assert_eq!(count(&store, "documents"), 1);
    assert_eq!(count(&store, "rejected"), 0);
    store.conn.execute_batch("DROP TRIGGER fail_on_checkpoint").unwrap();
    assert_eq!(store.commit_batch(vec![plain], vec![], &cp("in.jsonl", 20)).unwrap(), 1);
}

#[test]
fn checkpoints_are_upserted_per_input() {
    let mut store = SqliteStore::in_memory().unwrap();
    assert_eq!(store.checkpoint("feed.xml").unwrap(), None);
    let mut c = Checkpoint {
        input: "feed.xml".into(),
        fingerprint: "f1".into(),
        offset: 0,
        last_item: Some("urn:ü:1".into()),
        complete: false,
    };
    store.commit_batch(vec![], vec![], &c).unwrap();
    assert_eq!(store.checkpoint("feed.xml").unwrap().as_ref(), Some(&c));
    c.offset = i64::MAX as u64;
    c.complete = true;
    c.last_item = None;
    store.commit_batch(vec![], vec![], &c).unwrap();
    assert_eq!(store.checkpoint("feed.xml").unwrap().as_ref(), Some(&c));
    assert_eq!(count(&store, "checkpoints"), 1);

    // An offset SQLite cannot hold is refused before anything is written.
    let err = store.commit_batch(vec![doc("x", None, None)], vec![], &cp("feed.xml", u64::MAX)).unwrap_err();
    assert!(matches!(err, StoreError::InvalidCheckpoint { .. }), "{err}");
    assert_eq!(count(&store, "documents"), 0);
    assert_eq!(store.checkpoint("feed.xml").unwrap().as_ref(), Some(&c));
}

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
    store.commit_batch(vec![doc("x", None, None)], vec![], &cp("in", 1)).unwrap();
    assert!(dir.path().join("herald.db-wal").exists());
    // The journal mode is a property of the file: another connection sees it too.
    let other = Connection::open(&path).unwrap();
    let mode: String = other.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn documents_are_found_by_id_prefix_or_external_id() {
    let mut store = SqliteStore::in_memory().unwrap();
    let with_id = |id: &str, external: Option<&str>| {
        let mut d = doc(id, None, None);
        d.id = DocId(id.to_string());
        d.external_id = external.map(str::to_string);
        d
    };
    let a = with_id(&format!("abcdef01{}", "0".repeat(56)), Some("ext-1"));
    let b = with_id(&format!("abcdef02{}", "0".repeat(56)), Some("dup"));
    let c = with_id(&format!("99aa{}", "1".repeat(60)), Some("dup"));
    let e = with_id(&format!("77{}", "2".repeat(62)), Some("123456"));
    store.commit_batch(vec![a.clone(), b.clone(), c.clone(), e.clone()], vec![], &cp("in", 1)).unwrap();

    assert_eq!(store.document(&a.id.0).unwrap().as_ref(), Some(&a));
    assert_eq!(store.document(a.id.short()).unwrap().as_ref(), Some(&a));
    assert_eq!(store.document("abcdef01").unwrap().as_ref(), Some(&a));
    assert_eq!(store.document("ABCDEF02").unwrap().as_ref(), Some(&b));
    assert_eq!(store.document("ext-1").unwrap().as_ref(), Some(&a));
    assert_eq!(store.document("123456").unwrap().as_ref(), Some(&e));
    // Too short to be a prefix, or matching nothing.
    assert_eq!(store.document("abcde").unwrap(), None);
    assert_eq!(store.document("abcdef03").unwrap(), None);
    assert_eq!(store.document("nothing").unwrap(), None);
    assert_eq!(store.document("").unwrap(), None);

    let err = store.document("abcdef").unwrap_err();
    assert!(matches!(&err, StoreError::Ambiguous { count: 2, .. }), "{err}");
    let msg = err.to_string();
    assert!(msg.contains("'abcdef' matches 2 documents") && msg.contains(a.id.short()), "{msg}");
    let err = store.document("dup").unwrap_err();
    assert!(matches!(err, StoreError::Ambiguous { count: 2, .. }), "{err}");
}

#[test]
fn document_listings_filter_order_and_count() {
    let mut store = SqliteStore::in_memory().unwrap();
    let a = doc("a", Some("A"), Some("2013-05-06"));
    let b = doc("b", Some("B"), Some("2013-05-07T09:00:00Z"));
    let c = doc("c", Some("A"), None);
    let d = doc("d", Some("A"), Some("2012-12-31"));
    let e = doc("e", None, Some("2013-05-06T23:59:59Z"));
    let f = doc("f", Some("A"), Some("2013-05-06"));
    store.commit_batch(vec![a.clone(), b.clone(), c.clone()], vec![], &cp("in", 1)).unwrap();
    store.commit_batch(vec![d.clone(), e.clone(), f.clone()], vec![], &cp("in", 2)).unwrap();

    let ids = |q: DocQuery| -> Vec<DocId> { store.documents(&q).unwrap().into_iter().map(|s| s.id).collect() };
    let all = DocQuery::default();
    // Latest first; a date with a time sorts before the bare date of the same day; ties in ingest order.
    assert_eq!(ids(all.clone()), vec![&b, &e, &a, &f, &d, &c].into_iter().map(|x| x.id.clone()).collect::<Vec<_>>());
    let src = DocQuery { source: Some("A".into()), ..all.clone() };
    assert_eq!(ids(src), vec![a.id.clone(), f.id.clone(), d.id.clone(), c.id.clone()]);
    let from = DocQuery { from: Some("2013-05-06".into()), ..all.clone() };
    assert_eq!(ids(from), vec![b.id.clone(), e.id.clone(), a.id.clone(), f.id.clone()]);
    let to = DocQuery { to: Some("2013-05-06".into()), ..all.clone() };
    assert_eq!(ids(to), vec![e.id.clone(), a.id.clone(), f.id.clone(), d.id.clone()]);
    let day = DocQuery { from: Some("2013-05-06".into()), to: Some("2013-05-06".into()), ..all.clone() };
    assert_eq!(ids(day), vec![e.id.clone(), a.id.clone(), f.id.clone()]);
    let coarse = DocQuery { from: Some("2013".into()), to: Some("2013-05".into()), ..all.clone() };
    assert_eq!(ids(coarse), vec![b.id.clone(), e.id.clone(), a.id.clone(), f.id.clone()]);
    let page = DocQuery { limit: 2, offset: 1, ..all.clone() };
    assert_eq!(ids(page), vec![e.id.clone(), a.id.clone()]);
    let past_end = DocQuery { offset: 10, ..all.clone() };
    assert_eq!(ids(past_end), Vec::<DocId>::new());

    for bad in ["May 2013", "2013-5-06", "2013-13-01", "2013-05-32", "20130506", "2013-05-06T00:00:00Z"] {
        let err = store.documents(&DocQuery { from: Some(bad.into()), ..all.clone() }).unwrap_err();
        assert!(matches!(err, StoreError::InvalidQuery(_)), "{bad}: {err}");
        assert!(err.to_string().contains(bad));
    }

    let summary = store.documents(&DocQuery { source: Some("B".into()), ..all }).unwrap();
    assert_eq!(
        summary,
        vec![DocSummary {
            id: b.id.clone(),
            external_id: None,
            source: Some("B".into()),
            title: b.title.clone(),
            dct: b.dct.clone(),
            language: Some("en".into()),
            body_chars: "First body paragraph.".len() + "Second, with é.".chars().count(),
            paragraphs: 4,
            boilerplate_paragraphs: 1,
        }]
    );
}

#[test]
fn summaries_count_every_paragraph_kind() {
    let mut store = SqliteStore::in_memory().unwrap();
    let d = full_doc("kinds");
    store.commit_batch(vec![d.clone()], vec![], &cp("in", 1)).unwrap();
    let s = store.documents(&DocQuery::default()).unwrap().remove(0);
    assert_eq!(s.paragraphs, 8);
    assert_eq!(s.boilerplate_paragraphs, 6);
    assert_eq!(s.body_chars, d.body_text().chars().count());
}

#[test]
fn streaming_follows_ingest_order_and_stops_on_error() {
    let mut store = SqliteStore::in_memory().unwrap();
    let docs: Vec<Document> = (0..5).map(|i| doc(&format!("s{i}"), None, Some("2013-01-01"))).collect();
    store.commit_batch(docs[..2].to_vec(), vec![], &cp("in", 1)).unwrap();
    store.commit_batch(docs[2..].to_vec(), vec![], &cp("in", 2)).unwrap();
    let mut seen = Vec::new();
    store
        .for_each_document(&mut |d| {
            seen.push(d);
            Ok(())
        })
        .unwrap();
    assert_eq!(seen, docs);

    let mut n = 0;
    let err = store
        .for_each_document(&mut |_| {
            n += 1;
            if n == 2 {
                return Err(StoreError::Stopped(Box::new(std::io::Error::from(std::io::ErrorKind::BrokenPipe))));
            }
            Ok(())
        })
        .unwrap_err();
    assert_eq!(n, 2);
    let StoreError::Stopped(inner) = err else { panic!("expected Stopped") };
    assert_eq!(inner.downcast_ref::<std::io::Error>().unwrap().kind(), std::io::ErrorKind::BrokenPipe);
}

#[test]
fn status_counts_what_the_store_holds() {
    let mut store = SqliteStore::in_memory().unwrap();
    let empty = store.status().unwrap();
    assert_eq!((empty.documents, empty.rejected, empty.last_ingest.clone()), (0, 0, None));
    assert!(empty.by_source.is_empty() && empty.by_dct_source.is_empty());
    assert_eq!(empty.schema_version, SqliteStore::SCHEMA_VERSION);

    let mut paged = doc("p", Some("B"), None);
    paged.dct = Some(Dct { value: "2013-01-01".into(), source: DctSource::Page });
    let batch = vec![
        doc("a", Some("A"), Some("2013-01-01")),
        doc("b", Some("A"), None),
        paged,
        doc("n", None, Some("2013-01-02")),
    ];
    store.commit_batch(batch, vec![rejection(1, "empty", "x")], &cp("in", 1)).unwrap();
    let s = store.status().unwrap();
    assert_eq!(s.documents, 4);
    assert_eq!(s.rejected, 1);
    assert_eq!(s.by_source, vec![("A".to_string(), 2), (String::new(), 1), ("B".to_string(), 1)]);
    assert_eq!(s.by_dct_source, vec![(Some(DctSource::Input), 2), (Some(DctSource::Page), 1), (None, 1)]);
    let last = s.last_ingest.unwrap();
    assert!(last.len() == 24 && last.ends_with('Z') && last.as_bytes()[10] == b'T', "{last}");
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
fn open_store_takes_paths_and_declines_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.db");
    let mut store = open_store(path.to_str().unwrap()).unwrap();
    assert_eq!(store.commit_batch(vec![doc("x", None, None)], vec![], &cp("in", 1)).unwrap(), 1);
    drop(store);
    assert_eq!(open_store(path.to_str().unwrap()).unwrap().status().unwrap().documents, 1);
    for url in ["postgres://user@localhost/herald", "postgresql://localhost/herald"] {
        let err = open_store(url).err().expect("postgres is not supported yet");
        assert!(matches!(err, StoreError::Unsupported(_)));
        assert_eq!(err.to_string(), "PostgreSQL support arrives with the serve issue; use a file path");
    }
}

fn finite_f64() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("JSON numbers are finite", |f| f.is_finite())
}

proptest! {
    #[test]
    fn arbitrary_strings_round_trip_unchanged(
        text in any::<String>(),
        title in any::<Option<String>>(),
        external in any::<Option<String>>(),
        input in any::<String>(),
        item in any::<String>(),
        meta in prop::collection::btree_map(any::<String>(), any::<String>(), 0..5),
        number in finite_f64(),
    ) {
        let mut store = SqliteStore::in_memory().unwrap();
        let paragraphs = if text.is_empty() {
            vec![]
        } else {
            vec![Paragraph { kind: ParagraphKind::Body, start: 0, end: text.len() }]
        };
        let mut meta: serde_json::Map<String, serde_json::Value> =
            meta.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect();
        meta.insert("number".into(), json!(number));
        let d = Document {
            id: DocId::of_bytes(text.as_bytes()),
            origin: Origin { input, locator: Locator::Item(item) },
            external_id: external,
            url: None,
            source: title.clone(),
            title,
            author: None,
            site: None,
            language: None,
            dct: None,
            text,
            paragraphs,
            meta,
        };
        prop_assert_eq!(store.commit_batch(vec![d.clone()], vec![], &cp("prop", 1)).unwrap(), 1);
        prop_assert_eq!(store.document(&d.id.0).unwrap(), Some(d.clone()));
        let mut streamed = Vec::new();
        store.for_each_document(&mut |doc| { streamed.push(doc); Ok(()) }).unwrap();
        prop_assert_eq!(streamed, vec![d]);
    }
}
