//! The clustering step's storage: pending documents by watermark, one transaction per step,
//! idempotent reruns, stable rows, and a failed step that leaves everything pending.

use super::*;
use crate::stories::{ClusterQuery, ClusterWrite, DocPlacement, StoryState, StoryUpdate, StorylineWrite, SummaryLine};

pub(crate) fn article(seed: &str, source: &str, day: &str, body: &str) -> Document {
    let (text, paragraphs) = Document::assemble([
        (ParagraphKind::Headline, format!("Headline {seed}")),
        (ParagraphKind::Body, body.to_string()),
        (ParagraphKind::Caption, "Photo: someone".to_string()),
    ]);
    Document {
        id: DocId::of_bytes(seed.as_bytes()),
        origin: Origin { input: "in.jsonl".into(), locator: Locator::Line(1) },
        external_id: Some(format!("ext-{seed}")),
        url: None,
        source: Some(source.to_string()),
        title: Some(format!("Title {seed}")),
        author: None,
        site: None,
        language: Some("en".into()),
        dct: Some(Dct { value: day.to_string(), source: DctSource::Input }),
        text,
        paragraphs,
        meta: serde_json::Map::new(),
    }
}

pub(crate) fn count(store: &dyn TestStore, table: &str) -> i64 {
    // Table names cannot be bound; these come from the tests themselves.
    store.rows(table)
}

pub(crate) fn cp(n: u64) -> Checkpoint {
    Checkpoint { input: "in.jsonl".into(), fingerprint: "f".into(), offset: n, last_item: None, complete: false }
}

pub(crate) fn store_with(store: &mut dyn TestStore, docs: Vec<Document>) {
    store.commit_batch(docs, Vec::new(), &cp(1)).unwrap();
}

pub(crate) fn place(arrival: u32, doc: &Document, cluster: &Document, canonical: Option<u32>) -> DocPlacement {
    DocPlacement {
        doc: doc.id.clone(),
        arrival,
        cluster: cluster.id.0.clone(),
        canonical,
        opened: doc.id == cluster.id,
        score: if doc.id == cluster.id { 0.0 } else { 0.4 },
        flags: Vec::new(),
    }
}

pub(crate) fn cluster_row(
    id: &Document,
    size: u32,
    headline: &str,
    summary: Vec<SummaryLine>,
    line: &str,
) -> ClusterWrite {
    ClusterWrite {
        id: id.id.0.clone(),
        first_day: Some("2015-05-11".into()),
        last_day: Some("2015-05-12".into()),
        size,
        duplicates: 0,
        language: Some("en".into()),
        headline: headline.into(),
        headline_doc: Some(id.id.clone()),
        summary,
        storyline: Some(id.id.0.clone()),
        span: "2015-05-11 – 2015-05-12".into(),
        line: line.into(),
    }
}

pub(crate) fn sentence(doc: &Document, position: u32, text: &str) -> SummaryLine {
    SummaryLine { doc: doc.id.clone(), external_id: None, position, text: text.into() }
}

pub(crate) fn state(last_seq: i64, bytes: &[u8]) -> Option<StoryState> {
    Some(StoryState { version: 1, last_seq, snapshot: bytes.to_vec() })
}

fn pending_documents_follow_the_watermark_in_ingest_order(mut store: Boxed) {
    let a = article("a", "Wire", "2015-05-11", "Kerry flies to Sochi.");
    let b = article("b", "Monitor", "2015-05-12", "Kerry met Putin in Sochi.");
    store_with(&mut *store, vec![a.clone(), b.clone()]);
    assert_eq!(store.story_state().unwrap(), None);
    let pending = store.pending_story_docs(0, 0).unwrap();
    assert_eq!(pending.iter().map(|d| &d.id).collect::<Vec<_>>(), [&a.id, &b.id]);
    assert_eq!(pending[0].body, "Kerry flies to Sochi.", "the body alone: no headline, no caption");
    assert_eq!(pending[0].title.as_deref(), Some("Title a"));
    assert_eq!(pending[0].dct.as_deref(), Some("2015-05-11"));
    assert_eq!(pending[1].source.as_deref(), Some("Monitor"));
    assert!(pending[0].seq < pending[1].seq);
    assert_eq!(store.pending_story_docs(pending[0].seq, 0).unwrap().len(), 1);
    assert_eq!(store.pending_story_docs(0, 1).unwrap().len(), 1);

    let u = StoryUpdate {
        expected_last_seq: 0,
        state: state(pending[1].seq, b"snap"),
        placements: vec![place(0, &a, &a, None), place(1, &b, &a, None)],
        clusters: vec![cluster_row(&a, 2, "Kerry in Sochi", vec![sentence(&b, 0, "Kerry met Putin in Sochi.")], "x")],
        storylines: vec![StorylineWrite {
            id: a.id.0.clone(),
            first_day: Some("2015-05-11".into()),
            last_day: Some("2015-05-12".into()),
            clusters: 1,
        }],
        ..StoryUpdate::default()
    };
    store.commit_stories(&u).unwrap();
    let saved = store.story_state().unwrap().unwrap();
    assert_eq!((saved.last_seq, saved.snapshot.as_slice()), (pending[1].seq, &b"snap"[..]));
    assert!(store.pending_story_docs(saved.last_seq, 0).unwrap().is_empty());

    // A new document is pending, the others are not.
    let c = article("c", "Wire", "2013-05-06", "Kerry in Moscow.");
    store.commit_batch(vec![c.clone()], Vec::new(), &cp(2)).unwrap();
    let pending = store.pending_story_docs(saved.last_seq, 0).unwrap();
    assert_eq!(pending.iter().map(|d| &d.id).collect::<Vec<_>>(), [&c.id]);
}

fn clusters_read_back_with_members_sources_summary_and_storyline(mut store: Boxed) {
    let a = article("a", "Wire", "2015-05-11", "Kerry flies to Sochi.");
    let b = article("b", "Monitor", "2015-05-12", "Kerry met Putin in Sochi.");
    let b2 = article("b2", "Monitor", "2015-05-12", "Kerry met Putin in Sochi!");
    let old = article("old", "Wire", "2013-05-06", "Kerry in Moscow.");
    store_with(&mut *store, vec![old.clone(), a.clone(), b.clone(), b2.clone()]);
    let mut moscow = cluster_row(&old, 1, "Kerry in Moscow", vec![sentence(&old, 0, "Kerry in Moscow.")], "m");
    moscow.first_day = Some("2013-05-06".into());
    moscow.last_day = Some("2013-05-06".into());
    moscow.storyline = Some(old.id.0.clone());
    let mut sochi = cluster_row(
        &a,
        3,
        "Kerry in Sochi",
        vec![sentence(&a, 0, "Kerry flies to Sochi."), sentence(&b, 0, "Kerry met Putin in Sochi.")],
        "s",
    );
    sochi.storyline = Some(old.id.0.clone());
    sochi.duplicates = 1;
    let u = StoryUpdate {
        state: state(4, b"s"),
        placements: vec![
            place(0, &old, &old, None),
            place(1, &a, &a, None),
            place(2, &b, &a, None),
            place(3, &b2, &a, Some(2)),
        ],
        clusters: vec![moscow, sochi],
        storylines: vec![StorylineWrite {
            id: old.id.0.clone(),
            first_day: Some("2013-05-06".into()),
            last_day: Some("2015-05-12".into()),
            clusters: 2,
        }],
        ..StoryUpdate::default()
    };
    store.commit_stories(&u).unwrap();

    let list = store.clusters(&ClusterQuery::default()).unwrap();
    assert_eq!(list.iter().map(|c| c.headline.as_str()).collect::<Vec<_>>(), ["Kerry in Sochi", "Kerry in Moscow"]);
    assert_eq!((list[0].size, list[0].duplicates, list[0].sources), (3, 1, 2), "Wire and Monitor");
    let recent = ClusterQuery { from: Some("2014".into()), ..ClusterQuery::default() };
    assert_eq!(store.clusters(&recent).unwrap().len(), 1);
    let early = ClusterQuery { to: Some("2013-05".into()), ..ClusterQuery::default() };
    assert_eq!(store.clusters(&early).unwrap()[0].headline, "Kerry in Moscow");
    assert!(store.clusters(&ClusterQuery { from: Some("May".into()), ..ClusterQuery::default() }).is_err());

    // By id, by prefix, by a member's external id.
    for key in [a.id.0.as_str(), &a.id.0[..10], "ext-b2"] {
        let d = store.cluster(key, 0).unwrap().unwrap_or_else(|| panic!("{key}"));
        assert_eq!(d.cluster.id, a.id.0);
        assert_eq!(d.members.iter().map(|m| &m.doc).collect::<Vec<_>>(), [&a.id, &b.id, &b2.id]);
        assert_eq!(d.members[2].duplicate_of.as_ref(), Some(&b.id));
        assert!(d.members[0].opened && !d.members[1].opened);
        assert_eq!(d.summary.len(), 2);
        assert_eq!(d.summary[1].external_id.as_deref(), Some("ext-b"));
    }
    assert!(store.cluster("nothing-like-it", 0).unwrap().is_none());
    assert_eq!(store.cluster(&a.id.0, 1).unwrap().unwrap().members.len(), 1);

    let lines = store.storylines(0, 0).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        lines[0].clusters.iter().map(|c| c.line.as_str()).collect::<Vec<_>>(),
        ["m", "s"],
        "the timeline runs by first day"
    );

    let mut exported = Vec::new();
    store
        .for_each_cluster(&mut |d| {
            exported.push((d.cluster.id, d.members.len()));
            Ok(())
        })
        .unwrap();
    assert_eq!(exported, [(old.id.0.clone(), 1), (a.id.0.clone(), 3)]);

    // Rewriting a cluster replaces its row and summary; nothing is added twice.
    let mut again = cluster_row(&a, 3, "Kerry meets Putin", vec![sentence(&b, 0, "Kerry met Putin in Sochi.")], "s2");
    again.storyline = Some(old.id.0.clone());
    let u2 =
        StoryUpdate { expected_last_seq: 4, state: state(4, b"t"), clusters: vec![again], ..StoryUpdate::default() };
    store.commit_stories(&u2).unwrap();
    let d = store.cluster(&a.id.0, 0).unwrap().unwrap();
    assert_eq!((d.cluster.headline.as_str(), d.summary.len()), ("Kerry meets Putin", 1));
    assert_eq!(count(&*store, "clusters"), 2);
    assert_eq!(count(&*store, "cluster_sentences"), 2);
}

fn a_failed_step_writes_nothing_and_leaves_documents_pending(mut store: Boxed) {
    let a = article("a", "Wire", "2015-05-11", "Kerry flies to Sochi.");
    store_with(&mut *store, vec![a.clone()]);
    // A placement of a document the store does not hold breaks a foreign key mid-transaction.
    let ghost = article("ghost", "Wire", "2015-05-11", "Never stored.");
    let u = StoryUpdate {
        state: state(1, b"s"),
        placements: vec![place(0, &a, &a, None), place(1, &ghost, &a, None)],
        clusters: vec![cluster_row(&a, 2, "h", Vec::new(), "l")],
        ..StoryUpdate::default()
    };
    assert!(store.commit_stories(&u).is_err());
    assert_eq!(store.story_state().unwrap(), None);
    assert_eq!(count(&*store, "story_docs"), 0);
    assert_eq!(count(&*store, "clusters"), 0);
    assert_eq!(store.pending_story_docs(0, 0).unwrap().len(), 1);
}

fn a_step_from_a_stale_watermark_is_refused(mut store: Boxed) {
    let a = article("a", "Wire", "2015-05-11", "Kerry flies to Sochi.");
    store_with(&mut *store, vec![a.clone()]);
    let first = StoryUpdate {
        state: state(1, b"s"),
        placements: vec![place(0, &a, &a, None)],
        clusters: vec![cluster_row(&a, 1, "h", Vec::new(), "l")],
        ..StoryUpdate::default()
    };
    store.commit_stories(&first).unwrap();
    // Another process started from 0 too: its commit must not land.
    let err = store.commit_stories(&first).unwrap_err().to_string();
    assert!(err.contains("another herald process"), "{err}");
    assert_eq!(store.story_state().unwrap().unwrap().snapshot, b"s");
    assert_eq!(count(&*store, "story_docs"), 1);
}

fn merges_move_members_and_rebuilds_start_clean(mut store: Boxed) {
    let a = article("a", "Wire", "2015-05-11", "Kerry flies to Sochi.");
    let b = article("b", "Monitor", "2015-05-12", "Kerry met Putin in Sochi.");
    store_with(&mut *store, vec![a.clone(), b.clone()]);
    let u = StoryUpdate {
        state: state(2, b"s"),
        placements: vec![place(0, &a, &a, None), place(1, &b, &b, None)],
        clusters: vec![
            cluster_row(&a, 1, "a", Vec::new(), "a"),
            cluster_row(&b, 1, "b", vec![sentence(&b, 0, "x")], "b"),
        ],
        storylines: [&a, &b]
            .iter()
            .map(|d| StorylineWrite { id: d.id.0.clone(), first_day: None, last_day: None, clusters: 1 })
            .collect(),
        ..StoryUpdate::default()
    };
    store.commit_stories(&u).unwrap();
    let merge = StoryUpdate {
        expected_last_seq: 2,
        state: state(2, b"m"),
        merged: vec![(b.id.0.clone(), a.id.0.clone())],
        clusters: vec![cluster_row(&a, 2, "a+b", Vec::new(), "ab")],
        storylines: vec![StorylineWrite { id: b.id.0.clone(), first_day: None, last_day: None, clusters: 0 }],
        ..StoryUpdate::default()
    };
    assert_eq!(count(&*store, "storylines"), 2);
    store.commit_stories(&merge).unwrap();
    assert_eq!(count(&*store, "storylines"), 1, "a storyline left without clusters is deleted");
    let d = store.cluster(&a.id.0, 0).unwrap().unwrap();
    assert_eq!(d.members.len(), 2);
    assert_eq!(d.cluster.sources, 2);
    assert_eq!(count(&*store, "clusters"), 1);
    assert_eq!(count(&*store, "cluster_sentences"), 0);

    let rebuild = StoryUpdate {
        expected_last_seq: 2,
        rebuild: true,
        state: state(1, b"r"),
        placements: vec![place(0, &a, &a, None)],
        clusters: vec![cluster_row(&a, 1, "fresh", Vec::new(), "f")],
        ..StoryUpdate::default()
    };
    store.commit_stories(&rebuild).unwrap();
    assert_eq!(count(&*store, "story_docs"), 1);
    assert_eq!(count(&*store, "storylines"), 0);
    assert_eq!(store.clusters(&ClusterQuery::default()).unwrap()[0].headline, "fresh");
    assert_eq!(store.pending_story_docs(1, 0).unwrap().len(), 1);
}

backend_tests!(
    pending_documents_follow_the_watermark_in_ingest_order,
    clusters_read_back_with_members_sources_summary_and_storyline,
    a_failed_step_writes_nothing_and_leaves_documents_pending,
    a_step_from_a_stale_watermark_is_refused,
    merges_move_members_and_rebuilds_start_clean,
);
