//! End to end for coded events in the store: the real `herald` binary ingests articles written
//! here (two outlets reporting the same meeting, another meeting two years later), then
//! `herald events` lists them with their counts and evidence, and `herald export --what events`
//! writes them as JSON lines and in the GDELT 2.0 layout (61 columns, then ours).

mod common;

use common::{article, herald, ok};
use serde_json::{json, Value};

/// Columns of the GDELT 2.0 event table, and herald's after them.
const GDELT: usize = 61;
const EXTRA: usize = 15;

/// Two outlets on the Moscow meeting of May 2013, one on the Sochi meeting of May 2015.
fn wire() -> String {
    let moscow = [
        "Secretary of State John Kerry will meet Russian Foreign Minister Sergei Lavrov in Moscow on Tuesday.",
        "The two men are expected to discuss the war in Syria.",
    ];
    [
        article("monitor-1", "Monitor", "2013-05-06", "Kerry heads to Moscow", &moscow),
        article("wire-1", "Wire", "2013-05-06", "Kerry to see Lavrov", &moscow[..1]),
        article(
            "monitor-2",
            "Monitor",
            "2015-05-11",
            "Kerry heads to Sochi",
            &["Secretary of State John Kerry will meet Russian Foreign Minister Sergei Lavrov in Sochi on Tuesday."],
        ),
    ]
    .concat()
}

/// The intent-to-meet events between the United States and Russia, as JSON.
fn meetings(events: &[Value]) -> Vec<&Value> {
    let mut found: Vec<&Value> = events
        .iter()
        .filter(|e| e["cameo"] == "036" && e["source"]["code"] == "USAGOV" && e["target"]["code"] == "RUSGOV")
        .collect();
    found.sort_by_key(|e| e["day"].as_str().map(str::to_string));
    found
}

#[test]
fn ingested_events_are_listed_counted_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("wire.jsonl"), wire()).unwrap();
    let summary = ok(d, &["ingest", "wire.jsonl", "--db", "h.db"]);
    assert!(summary.contains(" events; "), "{summary}");

    // One event per meeting: Moscow 2013 from two outlets, Sochi 2015 from one.
    let listed: Vec<Value> = ok(d, &["events", "--json", "--limit", "0", "--db", "h.db"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let found = meetings(&listed);
    assert_eq!(found.len(), 2, "{listed:#?}");
    let (moscow, sochi) = (found[0], found[1]);
    assert_eq!(moscow["day"], "2013-05-07");
    assert_eq!(moscow["place"]["name"], "Moscow");
    assert_eq!((&moscow["num_articles"], &moscow["num_sources"]), (&json!(2), &json!(2)));
    assert_eq!(moscow["reports"].as_array().unwrap().len(), 2);
    assert!(moscow["reports"][0]["sentence_text"].as_str().unwrap().contains("will meet"));
    assert_eq!(sochi["day"], "2015-05-12");
    assert_eq!(sochi["place"]["name"], "Sochi");
    assert_eq!(sochi["num_articles"], 1);

    // Ingesting again changes nothing.
    ok(d, &["ingest", "wire.jsonl", "--db", "h.db"]);
    let again: Vec<Value> = ok(d, &["events", "--json", "--limit", "0", "--db", "h.db"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(again, listed);

    // Filters: a dyad either way, a date range, a code prefix.
    let page = ok(d, &["events", "--dyad", "RUS", "USA", "--code", "03", "--from", "2015", "--db", "h.db"]);
    assert!(page.contains("Sochi") && !page.contains("Moscow"), "{page}");
    assert!(page.contains("USAGOV") && page.contains("→") && page.contains("CAMEO 036"), "{page}");
    assert!(page.contains("monitor-2") && page.contains("will meet"), "{page}");
    let directed = ok(d, &["events", "--dyad", "RUS", "USA", "--directed", "--code", "036", "--db", "h.db"]);
    assert!(directed.contains("(no events match)"), "{directed}");
    assert!(ok(d, &["status", "--db", "h.db"]).contains("events"));

    // JSON lines: every event once.
    let jsonl: Vec<Value> = ok(d, &["export", "--what", "events", "--format", "jsonl", "--db", "h.db"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(jsonl.len(), listed.len());

    // GDELT: 61 columns then ours, on every line; the Moscow meeting's counts in 32-34.
    let gdelt = ok(d, &["export", "--what", "events", "--format", "gdelt", "--db", "h.db"]);
    let rows: Vec<Vec<&str>> = gdelt.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), listed.len());
    assert!(rows.iter().all(|r| r.len() == GDELT + EXTRA), "{gdelt}");
    let moscow_id = moscow["id"].to_string();
    let row = rows.iter().find(|r| r[0] == moscow_id).unwrap_or_else(|| panic!("event {} not exported", moscow["id"]));
    assert_eq!((row[1], row[2], row[3]), ("20130507", "201305", "2013"));
    assert_eq!((row[5], row[15], row[26]), ("USAGOV", "RUSGOV", "036"));
    assert_eq!((row[31], row[32], row[33]), ("2", "2", "2"));
    assert_eq!(row[52], "Moscow");
    assert_eq!(row[GDELT], "AGREE");

    // gdelt is for events only.
    let out = herald(d, &["export", "--what", "documents", "--format", "gdelt", "--db", "h.db"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--what events"));
}
