//! End to end for event clusters and storylines in the store: the real `herald` binary ingests
//! articles written here in two runs (first the Moscow visit of May 2013 and an unrelated harbour
//! story; then two outlets on the Sochi meeting of May 2015 and a wire copy of one of them), and
//! `herald stories`, `herald story`, `herald storylines` and `herald export --what stories` show
//! two Kerry clusters two years apart in one storyline, the harbour story apart, the copy counted
//! as a near-duplicate, ids unchanged by the second run, and a third run changing nothing.

mod common;

use common::{article, herald, ok};
use serde_json::{json, Value};

const MOSCOW: [&str; 4] = [
    "Secretary of State John Kerry arrived in Moscow on Tuesday for talks with Russian President Vladimir Putin and \
     his Foreign Minister Sergei Lavrov on the war in Syria.",
    "Kerry and Lavrov are expected to discuss a peace conference on Syria and the investigation of the Boston \
     bombing, officials said.",
    "It is Kerry's first visit to Russia as secretary of state, and Washington hopes to find common ground with \
     Moscow on Iran and North Korea.",
    "Relations between the United States and Russia have been strained by disagreements over Syria.",
];

const HARBOUR: [&str; 3] = [
    "The harbour authority of Port Elin closed the northern pier after a crane toppled into the water during a storm.",
    "Nobody was hurt, but ferries to the islands were cancelled until engineers inspect the quay.",
    "The port board said repairs to the pier could take several weeks and cost millions.",
];

const SOCHI_A: [&str; 4] = [
    "Secretary of State John Kerry will meet Russian President Vladimir Putin and his Foreign Minister Sergei Lavrov in \
     Sochi on Tuesday, the State Department said.",
    "Kerry and Lavrov are expected to discuss Syria, Iran and the conflict in Ukraine.",
    "It is Kerry's first visit to Russia since the crisis in Ukraine strained relations between the United States \
     and Russia.",
    "The talks in Sochi could open a new channel between Washington and Moscow, officials said.",
];

const SOCHI_B: [&str; 4] = [
    "John Kerry met Vladimir Putin in the Black Sea resort of Sochi on Tuesday, after talks with Sergei Lavrov.",
    "The secretary of state and the Russian president discussed Ukraine, Syria and Iran for four hours.",
    "Lavrov said the meeting in Sochi showed that Russia and the United States could still work together.",
    "Kerry said Washington wanted Russia to help end the fighting in eastern Ukraine.",
];

fn first_run() -> String {
    [
        article("monitor-2013", "Monitor", "2013-05-07", "Kerry in Moscow for talks with Putin on Syria", &MOSCOW),
        article("harbour-1", "Coast News", "2013-05-08", "Crane topples into Port Elin harbour", &HARBOUR),
    ]
    .concat()
}

fn second_run() -> String {
    let mut copy = SOCHI_B.to_vec();
    copy.push("This story was distributed by the wire.");
    [
        article("monitor-2015", "Monitor", "2015-05-11", "Kerry to meet Putin in Sochi", &SOCHI_A),
        article("wire-2015", "Wire", "2015-05-12", "Kerry meets Putin in Sochi", &SOCHI_B),
        article("gazette-2015", "Gazette", "2015-05-12", "Kerry meets Putin in Sochi", &copy),
    ]
    .concat()
}

fn lines(s: &str) -> Vec<Value> {
    s.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn cluster_of<'a>(exported: &'a [Value], doc: &str) -> &'a Value {
    exported
        .iter()
        .find(|v| v["kind"] == "cluster" && v["documents"].as_array().unwrap().iter().any(|d| d == doc))
        .unwrap_or_else(|| panic!("{doc} is in no cluster: {exported:#?}"))
}

#[test]
fn clusters_and_storylines_are_kept_as_articles_arrive() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("first.jsonl"), first_run()).unwrap();
    std::fs::write(d.join("second.jsonl"), second_run()).unwrap();

    // Before any clusters: a clear word, no failure.
    let out = ok(d, &["ingest", "first.jsonl", "--db", "h.db"]);
    assert!(out.contains("clustered            2  documents"), "{out}");
    let before = lines(&ok(d, &["export", "--what", "stories", "--db", "h.db"]));
    let moscow_id = cluster_of(&before, "monitor-2013")["id"].clone();
    let harbour_id = cluster_of(&before, "harbour-1")["id"].clone();
    assert_ne!(moscow_id, harbour_id);

    let out = ok(d, &["ingest", "second.jsonl", "--db", "h.db"]);
    assert!(out.contains("clustered            3  documents (1 near-duplicates)"), "{out}");
    let exported = lines(&ok(d, &["export", "--what", "stories", "--format", "jsonl", "--db", "h.db"]));
    let clusters: Vec<&Value> = exported.iter().filter(|v| v["kind"] == "cluster").collect();
    let storylines: Vec<&Value> = exported.iter().filter(|v| v["kind"] == "storyline").collect();
    assert_eq!(clusters.len(), 3, "{exported:#?}");
    assert_eq!(storylines.len(), 2, "{exported:#?}");

    // The two 2015 reports (and the copy) are one cluster; 2013 another; ids did not move.
    let sochi = cluster_of(&exported, "wire-2015");
    assert_eq!(sochi["documents"], json!(["monitor-2015", "wire-2015", "gazette-2015"]));
    assert_eq!((&sochi["size"], &sochi["duplicates"], &sochi["sources"]), (&json!(3), &json!(1), &json!(3)));
    assert_eq!((&sochi["first_day"], &sochi["last_day"]), (&json!("2015-05-11"), &json!("2015-05-12")));
    assert_eq!(cluster_of(&exported, "monitor-2013")["id"], moscow_id);
    assert_eq!(cluster_of(&exported, "harbour-1")["id"], harbour_id);
    assert_ne!(sochi["id"], moscow_id);

    // Each summary sentence comes from a member and names it; 3 to 5 sentences when there are enough.
    let summary = sochi["summary"].as_array().unwrap();
    assert!((3..=5).contains(&summary.len()), "{summary:#?}");
    for s in summary {
        let doc = s["document"].as_str().unwrap();
        assert!(["monitor-2015", "wire-2015", "gazette-2015"].contains(&doc), "{s}");
        let text = s["text"].as_str().unwrap();
        assert!(SOCHI_A.contains(&text) || SOCHI_B.contains(&text), "{text}");
    }

    // One storyline holds both Kerry clusters, in date order; the harbour is alone.
    let kerry =
        storylines.iter().find(|l| l["timeline"].as_array().unwrap().len() == 2).expect("a two-event storyline");
    assert_eq!(sochi["storyline"], kerry["id"]);
    assert_eq!(cluster_of(&exported, "monitor-2013")["storyline"], kerry["id"]);
    let timeline = kerry["timeline"].as_array().unwrap();
    assert_eq!((&timeline[0]["cluster"], &timeline[1]["cluster"]), (&moscow_id, &sochi["id"]));
    assert_eq!(timeline[1]["span"], "2015-05-11 – 2015-05-12");
    assert_eq!(kerry["documents"].as_array().unwrap().len(), 4);
    assert_ne!(cluster_of(&exported, "harbour-1")["storyline"], kerry["id"]);

    // The tables.
    let table = ok(d, &["stories", "--db", "h.db"]);
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(rows.len(), 4, "{table}");
    assert!(rows[0].starts_with("cluster") && rows[0].contains("headline"), "{table}");
    assert!(rows[1].contains("2015-05-11 – 2015-05-12") && rows[1].contains("Sochi"), "latest first: {table}");
    let old = ok(d, &["stories", "--to", "2014", "--db", "h.db"]);
    assert_eq!(old.lines().count(), 3, "{old}");
    assert!(!old.contains("Sochi"), "{old}");

    let page = ok(d, &["story", "wire-2015", "--db", "h.db"]);
    for needle in
        ["3 articles (1 near-duplicate) from 3 sources", "monitor-2015", "copy of wire-2015", "summary", "storyline"]
    {
        assert!(page.contains(needle), "{needle} missing:\n{page}");
    }
    assert!(page.contains("Kerry in Moscow") && page.contains("▸ 2015-05-11 – 2015-05-12"), "{page}");
    let by_prefix = ok(d, &["story", &sochi["id"].as_str().unwrap()[..8], "--db", "h.db"]);
    assert_eq!(by_prefix, page);
    let missing = herald(d, &["story", "no-such-story", "--db", "h.db"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no cluster 'no-such-story'"));

    let lines_page = ok(d, &["storylines", "--db", "h.db"]);
    assert!(lines_page.contains("2013-05-07 – 2015-05-12  ·  2 events"), "{lines_page}");

    // A third run finds nothing to place and changes nothing.
    let out = ok(d, &["ingest", "first.jsonl", "second.jsonl", "--db", "h.db"]);
    assert!(out.contains("nothing new to place"), "{out}");
    assert_eq!(lines(&ok(d, &["export", "--what", "stories", "--db", "h.db"])), exported);
}

#[test]
fn an_empty_store_says_how_to_get_clusters() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("empty.jsonl"), "").unwrap();
    ok(d, &["ingest", "empty.jsonl", "--db", "h.db"]);
    let out = herald(d, &["stories", "--db", "h.db"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no event clusters yet"));
    let out = herald(d, &["story", "x", "--db", "h.db"]);
    assert!(!out.status.success());
    assert_eq!(ok(d, &["export", "--what", "stories", "--db", "h.db"]), "");
}
