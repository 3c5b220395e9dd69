use super::*;
use proptest::prelude::*;
use serde_json::json;

/// A document with every field set, every paragraph kind, unicode and nested metadata.
pub(crate) fn full_doc(seed: &str) -> Document {
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
pub(crate) fn doc(seed: &str, source: Option<&str>, dct: Option<&str>) -> Document {
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

pub(crate) fn cp(input: &str, offset: u64) -> Checkpoint {
    Checkpoint { input: input.into(), fingerprint: "size=10;head=abc".into(), offset, last_item: None, complete: false }
}

pub(crate) fn rejection(line: u64, reason: &str, detail: &str) -> Rejected {
    Rejected {
        origin: Origin { input: "in.jsonl".into(), locator: Locator::Line(line) },
        stage: Stage::Decode,
        reason: reason.into(),
        detail: detail.into(),
    }
}

pub(crate) fn count(store: &dyn TestStore, table: &str) -> i64 {
    // Table names cannot be bound; these come from the tests themselves.
    store.rows(table)
}

fn a_document_round_trips_exactly(mut store: Boxed) {
    let d = full_doc("one");
    assert_eq!(d.paragraphs.len(), ParagraphKind::ALL.len());
    d.check_invariants().unwrap();
    let mut other = doc("two", None, None);
    other.origin = Origin { input: "-".into(), locator: Locator::Item("urn:guid:ä".into()) };
    // NUL characters are text like any other (PostgreSQL, which cannot hold them, stores spaces).
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
    let all: Vec<Document> = all.iter().map(|d| store.stored_form(d)).collect();
    if store.backend() == "postgres" {
        assert_eq!(all[1].text, other.text.replace('\0', " "));
        assert_eq!(all[1].title.as_deref(), Some("t t"));
    }
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

fn committing_the_same_batch_twice_changes_nothing(mut store: Boxed) {
    let batch = vec![doc("a", Some("A"), None), doc("b", Some("B"), Some("2013-01-01")), full_doc("c")];
    let rej = vec![rejection(7, "malformed-json", "line 7 is not JSON")];
    assert_eq!(store.commit_batch(batch.clone(), rej.clone(), &cp("in.jsonl", 100)).unwrap(), 3);
    let (docs, paragraphs, rejected) =
        (count(&*store, "documents"), count(&*store, "paragraphs"), count(&*store, "rejected"));
    let first = store.document(&batch[0].id.0).unwrap();
    assert_eq!(store.commit_batch(batch.clone(), rej, &cp("in.jsonl", 100)).unwrap(), 0);
    assert_eq!(count(&*store, "documents"), docs);
    assert_eq!(count(&*store, "paragraphs"), paragraphs);
    assert_eq!(count(&*store, "rejected"), rejected);
    assert_eq!(store.document(&batch[0].id.0).unwrap(), first);
    // A document that comes twice in one batch is stored once.
    let d = doc("d", None, None);
    assert_eq!(store.commit_batch(vec![d.clone(), d], vec![], &cp("in.jsonl", 120)).unwrap(), 1);
    assert_eq!(store.status().unwrap().documents, 4);
}

fn a_rejection_is_stored_once_and_its_last_sighting_moves(mut store: Boxed) {
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

fn an_invalid_document_mid_batch_leaves_nothing_written(mut store: Boxed) {
    store.commit_batch(vec![doc("first", None, None)], vec![], &cp("in.jsonl", 10)).unwrap();
    let paragraphs = count(&*store, "paragraphs");

    let mut bad = doc("bad", None, None);
    bad.paragraphs[1].end = bad.text.len() + 1;
    let batch = vec![doc("ok-1", None, None), doc("ok-2", None, None), bad.clone()];
    let err = store.commit_batch(batch, vec![rejection(9, "empty", "nothing")], &cp("in.jsonl", 20)).unwrap_err();
    assert!(matches!(&err, StoreError::InvalidDocument { id, .. } if *id == bad.id.0), "{err}");
    let msg = err.to_string();
    let shown = if store.backend() == "sqlite" { ":memory:" } else { "postgres://" };
    assert!(msg.contains(shown) && msg.contains(&bad.id.0) && msg.contains("in.jsonl:1"), "{msg}");

    assert_eq!(count(&*store, "documents"), 1);
    assert_eq!(count(&*store, "paragraphs"), paragraphs);
    assert_eq!(count(&*store, "rejected"), 0);
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

/// SQL that makes the next write of `what` fail ("caption": a caption paragraph, "checkpoint":
/// an update of a checkpoint) with `message`, and the SQL that undoes it.
fn failure(store: &dyn TestStore, what: &str, message: &str) -> (String, String) {
    let (table, when, event) = match what {
        "caption" => ("paragraphs", "NEW.kind = 'caption'", "INSERT"),
        _ => ("checkpoints", "true", "UPDATE"),
    };
    if store.backend() == "sqlite" {
        (
            format!(
                "CREATE TEMP TRIGGER fail_{what} BEFORE {event} ON {table} WHEN {when} \
                 BEGIN SELECT RAISE(ABORT, '{message}'); END;"
            ),
            format!("DROP TRIGGER fail_{what}"),
        )
    } else {
        (
            format!(
                "CREATE FUNCTION fail_{what}() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN RAISE EXCEPTION '{message}'; END $$; \
                 CREATE TRIGGER fail_{what} BEFORE {event} ON {table} FOR EACH ROW WHEN ({when}) \
                 EXECUTE FUNCTION fail_{what}();"
            ),
            format!("DROP TRIGGER fail_{what} ON {table}; DROP FUNCTION fail_{what}();"),
        )
    }
}

fn a_database_failure_mid_batch_rolls_the_whole_batch_back(mut store: Boxed) {
    store.commit_batch(vec![doc("first", None, None)], vec![], &cp("in.jsonl", 10)).unwrap();
    // Simulate a failure inside the database on the second document's caption, after the first
    // document of the batch and the second document's row have been written.
    let (fail, undo) = failure(&*store, "caption", "simulated failure");
    store.exec(&fail);
    let mut plain = doc("plain", None, None);
    plain.paragraphs.pop();
    let batch = vec![plain.clone(), doc("captioned", None, None)];
    let err = store.commit_batch(batch, vec![rejection(2, "empty", "x")], &cp("in.jsonl", 20)).unwrap_err();
    assert!(err.to_string().contains("simulated failure"), "{err}");
    assert!(err.to_string().contains("paragraph"), "{err}");
    assert!(!err.is_busy());
    assert_eq!(count(&*store, "documents"), 1);
    assert_eq!(count(&*store, "rejected"), 0);
    assert_eq!(store.document(&plain.id.0).unwrap(), None);
    assert_eq!(store.checkpoint("in.jsonl").unwrap().unwrap().offset, 10);
    store.exec(&undo);

    // A failure at the very end (the checkpoint) undoes the documents and rejections as well.
    let (fail, undo) = failure(&*store, "checkpoint", "simulated checkpoint failure");
    store.exec(&fail);
    let err = store.commit_batch(vec![plain.clone()], vec![rejection(2, "empty", "x")], &cp("in.jsonl", 20));
    assert!(err.unwrap_err().to_string().contains("checkpoint for in.jsonl"));
    assert_eq!(count(&*store, "documents"), 1);
    assert_eq!(count(&*store, "rejected"), 0);
    store.exec(&undo);
    assert_eq!(store.commit_batch(vec![plain], vec![], &cp("in.jsonl", 20)).unwrap(), 1);
}

fn checkpoints_are_upserted_per_input(mut store: Boxed) {
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
    assert_eq!(count(&*store, "checkpoints"), 1);

    // An offset SQLite cannot hold is refused before anything is written.
    let err = store.commit_batch(vec![doc("x", None, None)], vec![], &cp("feed.xml", u64::MAX)).unwrap_err();
    assert!(matches!(err, StoreError::InvalidCheckpoint { .. }), "{err}");
    assert_eq!(count(&*store, "documents"), 0);
    assert_eq!(store.checkpoint("feed.xml").unwrap().as_ref(), Some(&c));
}

fn documents_are_found_by_id_prefix_or_external_id(mut store: Boxed) {
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

fn document_listings_filter_order_and_count(mut store: Boxed) {
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

fn summaries_count_every_paragraph_kind(mut store: Boxed) {
    let d = full_doc("kinds");
    store.commit_batch(vec![d.clone()], vec![], &cp("in", 1)).unwrap();
    let s = store.documents(&DocQuery::default()).unwrap().remove(0);
    assert_eq!(s.paragraphs, 8);
    assert_eq!(s.boilerplate_paragraphs, 6);
    assert_eq!(s.body_chars, d.body_text().chars().count());
}

fn streaming_follows_ingest_order_and_stops_on_error(mut store: Boxed) {
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

fn status_counts_what_the_store_holds(mut store: Boxed) {
    let empty = store.status().unwrap();
    assert_eq!((empty.documents, empty.rejected, empty.last_ingest.clone()), (0, 0, None));
    assert!(empty.by_source.is_empty() && empty.by_dct_source.is_empty());
    assert_eq!(empty.schema_version, store.schema());

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

pub(crate) fn finite_f64() -> impl Strategy<Value = f64> {
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
        let mut store = crate::testkit::sqlite();
        let paragraphs = if text.is_empty() {
            vec![]
        } else {
            vec![herald_model::Paragraph { kind: ParagraphKind::Body, start: 0, end: text.len() }]
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

backend_tests!(
    a_document_round_trips_exactly,
    committing_the_same_batch_twice_changes_nothing,
    a_rejection_is_stored_once_and_its_last_sighting_moves,
    an_invalid_document_mid_batch_leaves_nothing_written,
    a_database_failure_mid_batch_rolls_the_whole_batch_back,
    checkpoints_are_upserted_per_input,
    documents_are_found_by_id_prefix_or_external_id,
    document_listings_filter_order_and_count,
    summaries_count_every_paragraph_kind,
    streaming_follows_ingest_order_and_stops_on_error,
    status_counts_what_the_store_holds,
);
