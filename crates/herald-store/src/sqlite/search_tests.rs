//! Search in the SQLite store: ranking, what is indexed (body and title, not boilerplate),
//! hostile queries, filters, stories kept in step by the triggers, idempotence and the backfill
//! of a database made before search existed.

use super::*;
use crate::search::{snippet_text, SearchHit, SearchQuery, SearchScope};
use crate::{
    Annotated, AnnotatedDocument, ClusterWrite, DocPlacement, EventActor, EventFlags, EventInput, StoryUpdate,
    SummaryLine,
};
use herald_model::{Entity, EntityType, MentionForm};

fn cp() -> Checkpoint {
    Checkpoint { input: "in.jsonl".into(), fingerprint: "f".into(), offset: 1, last_item: None, complete: false }
}

/// A document with a title, body paragraphs and a caption.
fn article(seed: &str, title: &str, body: &[&str], caption: &str, source: &str, day: &str) -> Document {
    let mut parts = vec![(ParagraphKind::Headline, title.to_string())];
    parts.extend(body.iter().map(|b| (ParagraphKind::Body, b.to_string())));
    parts.push((ParagraphKind::Caption, caption.to_string()));
    let (text, paragraphs) = Document::assemble(parts);
    Document {
        id: DocId::of_bytes(seed.as_bytes()),
        origin: Origin { input: format!("{seed}.txt"), locator: Locator::Whole },
        external_id: Some(format!("ext-{seed}")),
        url: None,
        source: Some(source.to_string()),
        title: Some(title.to_string()),
        author: None,
        site: None,
        language: Some("en".into()),
        dct: Some(Dct { value: day.to_string(), source: DctSource::Input }),
        text,
        paragraphs,
        meta: serde_json::Map::new(),
    }
}

/// `doc` annotated with one event between two people whose names are in its body.
fn with_event(doc: Document, source: (&str, &str), target: (&str, &str), cameo: &str) -> AnnotatedDocument {
    let body = doc.paragraphs[1];
    let span = |needle: &str| {
        let at = doc.text.find(needle).unwrap_or_else(|| panic!("{needle} not in {}", doc.text));
        (at, at + needle.len())
    };
    let person = |name: &str| Entity {
        id: format!("person:{}", name.to_lowercase().replace(' ', "-")),
        name: name.into(),
        kind: EntityType::Person,
        aliases: Vec::new(),
        actor: None,
        place: None,
    };
    let mention = |name: &str| {
        let (start, end) = span(name);
        Mention {
            start,
            end,
            text: name.into(),
            kind: EntityType::Person,
            form: MentionForm::Name,
            name_span: None,
            sentence: 0,
            entity: person(name).id,
        }
    };
    let actor = |(name, code): (&str, &str)| EventActor {
        entity: Some(person(name).id),
        text: name.into(),
        code: code.into(),
        country: Some(code[..3].to_string()),
        sector: None,
    };
    let event = EventInput {
        sentence: 0,
        sentence_span: (body.start, body.end),
        source: Some(actor(source)),
        target: Some(actor(target)),
        cameo: cameo.into(),
        cameo_name: "test".into(),
        plover: None,
        goldstein: 1.0,
        quad_class: 1,
        date: None,
        place: None,
        evidence: (body.start, body.end),
        trigger_span: (body.start, body.start + 1),
        trigger: "x".into(),
        flags: EventFlags::default(),
        confidence: 0.9,
        mentions: 1,
        root: true,
    };
    let annotation = Annotated::Entities {
        mentions: vec![mention(source.0), mention(target.0)],
        entities: vec![person(source.0), person(target.0)],
        events: vec![event],
    };
    AnnotatedDocument { doc, annotation: Some(annotation) }
}

fn q(text: &str) -> SearchQuery {
    SearchQuery { text: text.into(), ..SearchQuery::default() }
}

/// The external ids of the document hits, in order.
fn docs(store: &SqliteStore, query: &SearchQuery) -> Vec<String> {
    store
        .search(query)
        .unwrap()
        .into_iter()
        .filter_map(|h| match h {
            SearchHit::Document(d) => d.external_id,
            SearchHit::Story(_) => None,
        })
        .collect()
}

fn count(store: &SqliteStore, table: &str) -> i64 {
    store.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// Three articles on sanctions and one on a summit.
fn fixture() -> SqliteStore {
    let mut store = SqliteStore::in_memory().unwrap();
    let a = article(
        "title",
        "Sanctions on Moscow widen",
        &["Ministers John Kerry and Sergei Lavrov spoke on Monday.", "They spoke again later."],
        "Photo: sanctions protest",
        "Wire",
        "2014-03-20",
    );
    let b = article(
        "twice",
        "Ministers meet",
        &["John Kerry and Sergei Lavrov discussed sanctions.", "The sanctions were extended."],
        "Credit",
        "Monitor",
        "2014-03-21",
    );
    let c = article(
        "once",
        "Talks continue",
        &["Angela Merkel met Sergei Lavrov about trade, energy, weather and sanctions.", "More text."],
        "Credit",
        "Wire",
        "2015-05-01",
    );
    let d = article(
        "summit",
        "Summit in Minsk",
        &["Leaders met in Minsk for a peace summit; it was NEAR the border (\"quoted\").", "x"],
        "Caption only word: zeppelin",
        "Herald",
        "2015-02-11",
    );
    let docs = vec![
        with_event(a, ("John Kerry", "USAGOV"), ("Sergei Lavrov", "RUSGOV"), "040"),
        with_event(b, ("Sergei Lavrov", "RUSGOV"), ("John Kerry", "USAGOV"), "163"),
        with_event(c, ("Angela Merkel", "DEUGOV"), ("Sergei Lavrov", "RUSGOV"), "036"),
        AnnotatedDocument { doc: d, annotation: None },
    ];
    assert_eq!(store.commit_annotated(docs, vec![], &cp()).unwrap(), 4);
    store
}

#[test]
fn titles_weigh_more_and_more_matches_rank_higher() {
    let store = fixture();
    assert_eq!(docs(&store, &q("sanctions")), ["ext-title", "ext-twice", "ext-once"]);
    // No stemming; a prefix finds the plural.
    assert!(docs(&store, &q("SANCTION")).is_empty());
    assert_eq!(docs(&store, &q("SANCTION*")).len(), 3);
    let hits = store.search(&q("sanctions")).unwrap();
    let scores: Vec<f64> = hits.iter().map(SearchHit::score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let SearchHit::Document(top) = &hits[1] else { panic!("{hits:?}") };
    assert_eq!((top.day.as_deref(), top.source.as_deref()), (Some("2014-03-21"), Some("Monitor")));
    assert!(snippet_text(&top.snippet).contains("[sanctions]"), "{:?}", top.snippet);
}

#[test]
fn boilerplate_is_not_indexed() {
    let store = fixture();
    assert!(docs(&store, &q("zeppelin")).is_empty(), "a caption word");
    assert!(docs(&store, &q("protest")).is_empty());
    assert_eq!(docs(&store, &q("peace")), ["ext-summit"]);
}

#[test]
fn phrases_prefixes_and_every_word() {
    let store = fixture();
    assert_eq!(docs(&store, &q("\"sanctions were extended\"")), ["ext-twice"]);
    assert!(docs(&store, &q("\"extended sanctions\"")).is_empty());
    assert_eq!(docs(&store, &q("Merkel sanctions")), ["ext-once"]);
    assert_eq!(docs(&store, &q("Mins*")), ["ext-summit"]);
    assert!(docs(&store, &q("Mins")).is_empty(), "no star, no prefix");
    assert_eq!(docs(&store, &q("lavróv merkel")), ["ext-once"], "diacritics are folded");
}

#[test]
fn hostile_queries_neither_fail_nor_inject() {
    let store = fixture();
    for hostile in [
        "\"",
        "\"\"\"",
        "*",
        "NEAR",
        "NEAR(",
        "a OR b",
        "- sanctions",
        "sanctions -Kerry",
        "title:sanctions",
        "'; DROP TABLE documents; --",
        "\" OR 1=1 --",
        "^sanctions",
        "(sanctions",
        "{title body}: x",
        "sanctions AND NOT",
        "\u{1}sanctions\u{2}",
        "%_\\",
    ] {
        match store.search(&q(hostile)) {
            Ok(_) => {}
            Err(StoreError::InvalidQuery(m)) => assert!(m.contains("no word"), "{hostile}: {m}"),
            Err(e) => panic!("{hostile}: {e}"),
        }
    }
    assert_eq!(count(&store, "documents"), 4);
    // Syntax words are words: NEAR is found as text.
    assert_eq!(docs(&store, &q("NEAR")), ["ext-summit"]);
    assert_eq!(docs(&store, &q("title:sanctions")), Vec::<String>::new(), "the word 'title' is nowhere");
    assert_eq!(docs(&store, &q("- sanctions")).len(), 3, "a dash is not NOT");
}

#[test]
fn snippets_cannot_forge_highlights() {
    let mut store = SqliteStore::in_memory().unwrap();
    let doc = article(
        "forged",
        "Plain",
        &["Before \u{1}<b>fake</b>\u{2} and the word treaty here."],
        "c",
        "Wire",
        "2015-01-01",
    );
    store.commit_batch(vec![doc], vec![], &cp()).unwrap();
    let hits = store.search(&q("treaty")).unwrap();
    let SearchHit::Document(hit) = &hits[0] else { panic!() };
    let matched: Vec<&str> = hit.snippet.iter().filter(|p| p.hit).map(|p| p.text.as_str()).collect();
    assert_eq!(matched, ["treaty"]);
    assert!(hit.snippet.iter().all(|p| !p.text.contains(['\u{1}', '\u{2}'])));
    assert!(hit.snippet.iter().any(|p| p.text.contains("<b>fake</b>")), "text is kept as text");
}

#[test]
fn filters_narrow_documents() {
    let store = fixture();
    let s = |f: &dyn Fn(&mut SearchQuery)| {
        let mut query = q("sanctions");
        f(&mut query);
        docs(&store, &query)
    };
    assert_eq!(s(&|q| q.source = Some("Wire".into())), ["ext-title", "ext-once"]);
    assert_eq!(s(&|q| q.from = Some("2015".into())), ["ext-once"]);
    assert_eq!(s(&|q| q.to = Some("2014-03-20".into())), ["ext-title"]);
    assert_eq!(s(&|q| q.actor = Some("DEU".into())), ["ext-once"]);
    assert_eq!(s(&|q| q.actor = Some("USAGOV".into())), ["ext-title", "ext-twice"]);
    assert_eq!(s(&|q| q.code = Some("16".into())), ["ext-twice"]);
    assert_eq!(s(&|q| q.dyad = Some(("USA".into(), "RUS".into()))), ["ext-title", "ext-twice"]);
    assert_eq!(
        s(&|q| {
            q.dyad = Some(("USA".into(), "RUS".into()));
            q.directed = true;
        }),
        ["ext-title"]
    );
    // Actor and code hold for one same event: no USA event is coded 036.
    assert!(s(&|q| {
        q.actor = Some("USA".into());
        q.code = Some("036".into());
    })
    .is_empty());
    let merkel = store.find_entities("Angela Merkel").unwrap();
    assert_eq!(merkel.len(), 1);
    assert_eq!(s(&|q| q.entity = Some(merkel[0].id.clone())), ["ext-once"]);
    assert!(s(&|q| q.entity = Some("' OR 1=1 --".into())).is_empty());
    assert!(matches!(
        store.search(&SearchQuery { from: Some("May 2015".into()), ..q("sanctions") }),
        Err(StoreError::InvalidQuery(_))
    ));
}

#[test]
fn pages_are_bounded_and_consistent() {
    let store = fixture();
    let all = docs(&store, &q("sanctions"));
    let page = |offset, limit| docs(&store, &SearchQuery { offset, limit, ..q("sanctions") });
    assert_eq!(page(0, 2), all[..2]);
    assert_eq!(page(2, 2), all[2..]);
    assert!(page(3, 2).is_empty());
    for bad in [
        SearchQuery { limit: crate::search::MAX_SEARCH_LIMIT + 1, ..q("x") },
        SearchQuery { offset: crate::search::MAX_SEARCH_OFFSET + 1, ..q("x") },
        q("  \"\" * "),
    ] {
        assert!(matches!(store.search(&bad), Err(StoreError::InvalidQuery(_))), "{bad:?}");
    }
}

#[test]
fn storing_a_document_again_leaves_one_index_row() {
    let mut store = fixture();
    let again = article(
        "title",
        "Sanctions on Moscow widen",
        &["Ministers John Kerry and Sergei Lavrov spoke on Monday.", "They spoke again later."],
        "Photo: sanctions protest",
        "Wire",
        "2014-03-20",
    );
    assert_eq!(store.commit_batch(vec![again], vec![], &cp()).unwrap(), 0);
    assert_eq!(count(&store, "doc_search"), 4);
    assert_eq!(docs(&store, &q("Moscow")), ["ext-title"]);
}

/// One cluster holding the first document of the fixture.
fn one_cluster(store: &mut SqliteStore, headline: &str, summary: &[&str], rebuild: bool) -> String {
    let first: (String, i64) = store
        .conn
        .query_row("SELECT id, seq FROM documents ORDER BY seq LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let id = DocId(first.0.clone());
    let last_seq = store.story_state().unwrap().map_or(0, |s| s.last_seq);
    let update = StoryUpdate {
        expected_last_seq: last_seq,
        rebuild,
        state: Some(crate::StoryState { version: 1, last_seq: first.1, snapshot: b"s".to_vec() }),
        placements: if last_seq == 0 {
            vec![DocPlacement {
                doc: id.clone(),
                arrival: 0,
                cluster: first.0.clone(),
                canonical: None,
                opened: true,
                score: 0.0,
                flags: Vec::new(),
            }]
        } else {
            Vec::new()
        },
        clusters: vec![ClusterWrite {
            id: first.0.clone(),
            first_day: Some("2014-03-20".into()),
            last_day: Some("2014-03-20".into()),
            size: 1,
            duplicates: 0,
            language: Some("en".into()),
            headline: headline.into(),
            headline_doc: Some(id.clone()),
            summary: summary
                .iter()
                .enumerate()
                .map(|(i, t)| SummaryLine {
                    doc: id.clone(),
                    external_id: None,
                    position: i as u32,
                    text: t.to_string(),
                })
                .collect(),
            storyline: None,
            span: "2014-03-20".into(),
            line: "l".into(),
        }],
        ..StoryUpdate::default()
    };
    store.commit_stories(&update).unwrap();
    first.0
}

fn stories(store: &SqliteStore, query: &SearchQuery) -> Vec<(String, String)> {
    store
        .search(query)
        .unwrap()
        .into_iter()
        .filter_map(|h| match h {
            SearchHit::Story(s) => Some((s.cluster, snippet_text(&s.snippet))),
            SearchHit::Document(_) => None,
        })
        .collect()
}

#[test]
fn stories_follow_their_clusters() {
    let mut store = fixture();
    let id = one_cluster(&mut store, "Kerry and Lavrov talk", &["Kerry spoke with Lavrov about Crimea."], false);
    let found = stories(&store, &q("crimea"));
    assert_eq!(found, [(id.clone(), "Kerry spoke with Lavrov about [Crimea].".to_string())]);
    assert_eq!(stories(&store, &q("talk")).len(), 1, "the headline is indexed");
    // Filters reach a story through its articles.
    assert_eq!(stories(&store, &SearchQuery { source: Some("Wire".into()), ..q("crimea") }).len(), 1);
    assert!(stories(&store, &SearchQuery { source: Some("Monitor".into()), ..q("crimea") }).is_empty());
    assert!(stories(&store, &SearchQuery { from: Some("2015".into()), ..q("crimea") }).is_empty());
    // Scopes.
    assert!(stories(&store, &SearchQuery { scope: SearchScope::Documents, ..q("crimea") }).is_empty());
    assert!(docs(&store, &SearchQuery { scope: SearchScope::Stories, ..q("sanctions") }).is_empty());

    // The clustering step rewrites the cluster: the old words are gone, one row is left.
    one_cluster(&mut store, "Sochi meeting", &["Putin hosted Kerry in Sochi."], false);
    assert!(stories(&store, &q("crimea")).is_empty());
    assert!(stories(&store, &q("talk")).is_empty());
    assert_eq!(stories(&store, &q("sochi putin")).len(), 1);
    assert_eq!(count(&store, "story_search"), 1);
    assert_eq!(count(&store, "story_search_keys"), 1);

    // A rebuild deletes every cluster before writing them again.
    let update = StoryUpdate {
        expected_last_seq: store.story_state().unwrap().unwrap().last_seq,
        rebuild: true,
        state: None,
        ..StoryUpdate::default()
    };
    store.commit_stories(&update).unwrap();
    assert!(stories(&store, &q("sochi")).is_empty());
    assert_eq!(count(&store, "story_search"), 0);
}

/// A store written by a herald without search, at schema `version` (5: no stories either; 6:
/// stories), made by taking this schema's later steps out again.
fn old_database(path: &std::path::Path, version: i64) {
    let mut store = SqliteStore::open(path).unwrap();
    let docs = vec![
        article("a", "Sanctions widen", &["Kerry and Lavrov spoke.", "Again."], "zeppelin", "Wire", "2014-03-20"),
        article("b", "Ministers meet", &["Sanctions were extended."], "c", "Monitor", "2014-03-21"),
    ];
    store.commit_batch(docs, vec![], &cp()).unwrap();
    one_cluster(&mut store, "Kerry and Lavrov talk", &["Kerry spoke with Lavrov about Crimea."], false);
    store
        .conn
        .execute_batch(
            "DROP INDEX story_docs_cluster_arrival; CREATE INDEX story_docs_cluster ON story_docs (cluster_id); \
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
        fresh.commit_batch(vec![again], vec![], &cp()).unwrap();
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
        store.commit_batch(docs, vec![], &cp()).unwrap();
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
