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

pub(crate) fn cp() -> Checkpoint {
    Checkpoint { input: "in.jsonl".into(), fingerprint: "f".into(), offset: 1, last_item: None, complete: false }
}

/// A document with a title, body paragraphs and a caption.
pub(crate) fn article(seed: &str, title: &str, body: &[&str], caption: &str, source: &str, day: &str) -> Document {
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
pub(crate) fn with_event(doc: Document, source: (&str, &str), target: (&str, &str), cameo: &str) -> AnnotatedDocument {
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

pub(crate) fn q(text: &str) -> SearchQuery {
    SearchQuery { text: text.into(), ..SearchQuery::default() }
}

/// The external ids of the document hits, in order.
pub(crate) fn docs(store: &dyn TestStore, query: &SearchQuery) -> Vec<String> {
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

pub(crate) fn count(store: &dyn TestStore, table: &str) -> i64 {
    store.rows(table)
}

/// Three articles on sanctions and one on a summit.
pub(crate) fn fixture(store: &mut dyn TestStore) {
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
}

fn titles_weigh_more_and_more_matches_rank_higher(mut store: Boxed) {
    fixture(&mut *store);
    assert_eq!(docs(&*store, &q("sanctions")), ["ext-title", "ext-twice", "ext-once"]);
    // No stemming; a prefix finds the plural.
    assert!(docs(&*store, &q("SANCTION")).is_empty());
    assert_eq!(docs(&*store, &q("SANCTION*")).len(), 3);
    let hits = store.search(&q("sanctions")).unwrap();
    let scores: Vec<f64> = hits.iter().map(SearchHit::score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let SearchHit::Document(top) = &hits[1] else { panic!("{hits:?}") };
    assert_eq!((top.day.as_deref(), top.source.as_deref()), (Some("2014-03-21"), Some("Monitor")));
    assert!(snippet_text(&top.snippet).contains("[sanctions]"), "{:?}", top.snippet);
}

fn boilerplate_is_not_indexed(mut store: Boxed) {
    fixture(&mut *store);
    assert!(docs(&*store, &q("zeppelin")).is_empty(), "a caption word");
    assert!(docs(&*store, &q("protest")).is_empty());
    assert_eq!(docs(&*store, &q("peace")), ["ext-summit"]);
}

fn phrases_prefixes_and_every_word(mut store: Boxed) {
    fixture(&mut *store);
    assert_eq!(docs(&*store, &q("\"sanctions were extended\"")), ["ext-twice"]);
    assert!(docs(&*store, &q("\"extended sanctions\"")).is_empty());
    assert_eq!(docs(&*store, &q("Merkel sanctions")), ["ext-once"]);
    assert_eq!(docs(&*store, &q("Mins*")), ["ext-summit"]);
    assert!(docs(&*store, &q("Mins")).is_empty(), "no star, no prefix");
    assert_eq!(docs(&*store, &q("lavróv merkel")), ["ext-once"], "diacritics are folded");
}

fn hostile_queries_neither_fail_nor_inject(mut store: Boxed) {
    fixture(&mut *store);
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
    assert_eq!(count(&*store, "documents"), 4);
    // Syntax words are words: NEAR is found as text.
    assert_eq!(docs(&*store, &q("NEAR")), ["ext-summit"]);
    assert_eq!(docs(&*store, &q("title:sanctions")), Vec::<String>::new(), "the word 'title' is nowhere");
    assert_eq!(docs(&*store, &q("- sanctions")).len(), 3, "a dash is not NOT");
}

fn snippets_cannot_forge_highlights(mut store: Boxed) {
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

fn filters_narrow_documents(mut store: Boxed) {
    fixture(&mut *store);
    let s = |f: &dyn Fn(&mut SearchQuery)| {
        let mut query = q("sanctions");
        f(&mut query);
        docs(&*store, &query)
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

fn pages_are_bounded_and_consistent(mut store: Boxed) {
    fixture(&mut *store);
    let all = docs(&*store, &q("sanctions"));
    let page = |offset, limit| docs(&*store, &SearchQuery { offset, limit, ..q("sanctions") });
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

fn storing_a_document_again_leaves_one_index_row(mut store: Boxed) {
    fixture(&mut *store);
    let again = article(
        "title",
        "Sanctions on Moscow widen",
        &["Ministers John Kerry and Sergei Lavrov spoke on Monday.", "They spoke again later."],
        "Photo: sanctions protest",
        "Wire",
        "2014-03-20",
    );
    assert_eq!(store.commit_batch(vec![again], vec![], &cp()).unwrap(), 0);
    assert_eq!(count(&*store, "doc_search"), 4);
    assert_eq!(docs(&*store, &q("Moscow")), ["ext-title"]);
}

/// One cluster holding the first document of the fixture.
pub(crate) fn one_cluster(store: &mut dyn TestStore, headline: &str, summary: &[&str], rebuild: bool) -> String {
    let first_doc = store.pending_story_docs(0, 1).unwrap().remove(0);
    let first: (String, i64) = (first_doc.id.0, first_doc.seq);
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

pub(crate) fn stories(store: &dyn TestStore, query: &SearchQuery) -> Vec<(String, String)> {
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

fn stories_follow_their_clusters(mut store: Boxed) {
    fixture(&mut *store);
    let id = one_cluster(&mut *store, "Kerry and Lavrov talk", &["Kerry spoke with Lavrov about Crimea."], false);
    let found = stories(&*store, &q("crimea"));
    assert_eq!(found, [(id.clone(), "Kerry spoke with Lavrov about [Crimea].".to_string())]);
    assert_eq!(stories(&*store, &q("talk")).len(), 1, "the headline is indexed");
    // Filters reach a story through its articles.
    assert_eq!(stories(&*store, &SearchQuery { source: Some("Wire".into()), ..q("crimea") }).len(), 1);
    assert!(stories(&*store, &SearchQuery { source: Some("Monitor".into()), ..q("crimea") }).is_empty());
    assert!(stories(&*store, &SearchQuery { from: Some("2015".into()), ..q("crimea") }).is_empty());
    // Scopes.
    assert!(stories(&*store, &SearchQuery { scope: SearchScope::Documents, ..q("crimea") }).is_empty());
    assert!(docs(&*store, &SearchQuery { scope: SearchScope::Stories, ..q("sanctions") }).is_empty());

    // The clustering step rewrites the cluster: the old words are gone, one row is left.
    one_cluster(&mut *store, "Sochi meeting", &["Putin hosted Kerry in Sochi."], false);
    assert!(stories(&*store, &q("crimea")).is_empty());
    assert!(stories(&*store, &q("talk")).is_empty());
    assert_eq!(stories(&*store, &q("sochi putin")).len(), 1);
    assert_eq!(count(&*store, "story_search"), 1);
    if store.backend() == "sqlite" {
        assert_eq!(count(&*store, "story_search_keys"), 1);
    }

    // A rebuild deletes every cluster before writing them again.
    let update = StoryUpdate {
        expected_last_seq: store.story_state().unwrap().unwrap().last_seq,
        rebuild: true,
        state: None,
        ..StoryUpdate::default()
    };
    store.commit_stories(&update).unwrap();
    assert!(stories(&*store, &q("sochi")).is_empty());
    assert_eq!(count(&*store, "story_search"), 0);
}

/// Only the latest matches are ranked (`crate::search::SEARCH_WINDOW`; a smaller window here):
/// the best match, stored first, is left out of a window that holds only the later ones, and a
/// filter is applied before the window is cut.
fn only_the_latest_matches_are_ranked(mut store: Boxed) {
    fixture(&mut *store);
    let w = |window, source: Option<&str>| {
        docs(&*store, &SearchQuery { window, source: source.map(str::to_string), ..q("sanctions") })
    };
    assert_eq!(w(0, None), ["ext-title", "ext-twice", "ext-once"]);
    assert_eq!(w(3, None), ["ext-title", "ext-twice", "ext-once"]);
    assert_eq!(w(2, None), ["ext-twice", "ext-once"], "ranked among the two stored last");
    assert_eq!(w(1, None), ["ext-once"]);
    // Wire wrote the first and the third: both are the latest two of Wire's matches.
    assert_eq!(w(2, Some("Wire")), ["ext-title", "ext-once"]);
    assert_eq!(w(1, Some("Wire")), ["ext-once"]);
    // Pages end at the window's end.
    assert!(docs(&*store, &SearchQuery { window: 2, offset: 2, ..q("sanctions") }).is_empty());

    // Stories: the window holds the matches opened last (written last, with the latest first
    // day).
    let ids: Vec<DocId> = store.pending_story_docs(0, 3).unwrap().into_iter().map(|d| d.id).collect();
    let cluster = |id: &str, day: &str, headline: &str, doc: &DocId| ClusterWrite {
        id: id.into(),
        first_day: Some(day.into()),
        last_day: Some("2014-03-30".into()),
        size: 1,
        duplicates: 0,
        language: Some("en".into()),
        headline: headline.into(),
        headline_doc: Some(doc.clone()),
        summary: vec![SummaryLine { doc: doc.clone(), external_id: None, position: 0, text: headline.into() }],
        storyline: None,
        span: day.into(),
        line: "l".into(),
    };
    let update = StoryUpdate {
        expected_last_seq: 0,
        state: Some(crate::StoryState { version: 1, last_seq: 3, snapshot: b"s".to_vec() }),
        placements: ids
            .iter()
            .zip(["best", "middle", "latest"])
            .enumerate()
            .map(|(i, (doc, cluster))| DocPlacement {
                doc: doc.clone(),
                arrival: i as u32,
                cluster: cluster.into(),
                canonical: None,
                opened: true,
                score: 0.0,
                flags: Vec::new(),
            })
            .collect(),
        clusters: vec![
            cluster("best", "2014-03-20", "Gas talks: gas prices and gas", &ids[0]),
            cluster("middle", "2014-03-22", "Ministers discuss gas and oil and grain", &ids[1]),
            cluster("latest", "2014-03-25", "Gas talks end", &ids[2]),
        ],
        ..StoryUpdate::default()
    };
    store.commit_stories(&update).unwrap();
    let found = |window| -> Vec<String> {
        stories(&*store, &SearchQuery { window, scope: SearchScope::Stories, ..q("gas") })
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    };
    assert_eq!(found(0)[0], "best");
    assert_eq!(found(0).len(), 3);
    let mut two = found(2);
    two.sort();
    assert_eq!(two, ["latest", "middle"]);
    assert_eq!(found(1), ["latest"]);
}

backend_tests!(
    only_the_latest_matches_are_ranked,
    titles_weigh_more_and_more_matches_rank_higher,
    boilerplate_is_not_indexed,
    phrases_prefixes_and_every_word,
    hostile_queries_neither_fail_nor_inject,
    snippets_cannot_forge_highlights,
    filters_narrow_documents,
    pages_are_bounded_and_consistent,
    storing_a_document_again_leaves_one_index_row,
    stories_follow_their_clusters,
);
