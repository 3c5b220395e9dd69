//! End to end on PostgreSQL: the real `herald` binary ingests the same articles, in the same two
//! runs, into an SQLite file and into a fresh schema of the PostgreSQL database `HERALD_TEST_PG`
//! names, and every reading command and export says the same of both (the times things were
//! stored and the search scores aside: PostgreSQL ranks with `ts_rank_cd`, SQLite with BM25).
//! Without the `postgres` feature or without `HERALD_TEST_PG` the test says it was skipped and
//! passes; with them, a server that cannot be reached fails it. `scripts/postgres.sh test` runs
//! it against a throwaway cluster.

mod common;

use common::{article, ok};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// A schema of the test database, dropped when the test ends (however it ends).
struct Schema {
    url: String,
    name: String,
}

impl Schema {
    fn create(url: &str) -> Schema {
        let name = format!("herald_cli_{}", std::process::id());
        psql(url, &format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"));
        Schema { url: url.to_string(), name }
    }

    /// The URL `herald --db` takes for this schema.
    fn db(&self) -> String {
        let sep = if self.url.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-c%20search_path%3D{}", self.url, self.name)
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        let _ = Command::new("psql").args([&self.url, "-qc", &format!("DROP SCHEMA {} CASCADE", self.name)]).output();
    }
}

fn psql(url: &str, sql: &str) {
    let out = Command::new("psql")
        .args([url, "-v", "ON_ERROR_STOP=1", "-qc", sql])
        .output()
        .expect("psql (Debian's postgresql-client) runs");
    assert!(out.status.success(), "psql failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// `herald ARGS --db DB` in `dir`.
fn on(dir: &Path, db: &str, args: &[&str]) -> String {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--db", db]);
    ok(dir, &all)
}

/// JSON lines with the fields that say when something was stored taken out, recursively.
fn without_times(jsonl: &str) -> Vec<Value> {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for key in ["added", "added_at", "ingested_at", "updated_at", "first_seen", "last_seen"] {
                    map.remove(key);
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    jsonl
        .lines()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            strip(&mut v);
            v
        })
        .collect()
}

#[test]
fn both_backends_tell_the_same_story() {
    let Ok(url) = std::env::var("HERALD_TEST_PG") else {
        eprintln!("PostgreSQL end-to-end test skipped: HERALD_TEST_PG is not set (scripts/postgres.sh test sets it)");
        return;
    };
    if !cfg!(feature = "postgres") {
        eprintln!("PostgreSQL end-to-end test skipped: herald-cli was built without the `postgres` feature");
        return;
    }
    let schema = Schema::create(&url);
    let pg = schema.db();
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("h.db").to_string_lossy().into_owned();

    let first = article(
        "moscow",
        "Wire",
        "2013-05-07",
        "Kerry in Moscow",
        &[
            "Secretary of State John Kerry arrived in Moscow on Tuesday for talks with Vladimir Putin and Sergei \
             Lavrov on the war in Syria.",
            "Kerry and Lavrov are expected to discuss a peace conference on Syria, officials said.",
        ],
    ) + &article(
        "harbour",
        "Coast Times",
        "2013-05-08",
        "Pier closed",
        &["The harbour authority of Port Elin closed the northern pier after a crane toppled into the water."],
    );
    let second = article(
        "sochi",
        "Monitor",
        "2015-05-12",
        "Kerry meets Putin in Sochi",
        &[
            "John Kerry met Vladimir Putin in the Black Sea resort of Sochi on Tuesday, after talks with Sergei \
             Lavrov.",
            "The secretary of state and the Russian president discussed Ukraine, Syria and Iran for four hours.",
        ],
    );
    std::fs::write(dir.path().join("first.jsonl"), first).unwrap();
    std::fs::write(dir.path().join("second.jsonl"), second).unwrap();
    let kerry = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kerry.txt");
    for db in [sqlite.as_str(), pg.as_str()] {
        on(dir.path(), db, &["ingest", "first.jsonl", kerry.to_str().unwrap()]);
        on(dir.path(), db, &["ingest", "second.jsonl"]);
        // A rerun stores nothing new: both inputs were read to their end.
        let again = on(dir.path(), db, &["ingest", "first.jsonl", "second.jsonl"]);
        assert!(again.contains("ingested             0") && again.contains("unchanged            2"), "{again}");
    }

    for cmd in [
        &["docs", "--json"][..],
        &["entities", "--json"],
        &["events", "--json"],
        &["events", "--actor", "USA", "--json"],
        &["stories", "--json"],
        &["storylines", "--json"],
        &["export", "--what", "documents"],
        &["export", "--what", "entities"],
        &["export", "--what", "stories"],
        &["export", "--what", "events"],
        &["rejected", "--json"],
    ] {
        let (a, b) = (on(dir.path(), &sqlite, cmd), on(dir.path(), &pg, cmd));
        assert!(!a.trim().is_empty() || cmd[0] == "rejected", "{cmd:?} printed nothing");
        assert_eq!(without_times(&a), without_times(&b), "{cmd:?} differs between SQLite and PostgreSQL");
    }
    // The GDELT table, its DATEADDED (column 60, when the event was stored) aside.
    let gdelt = |db: &str| -> Vec<Vec<String>> {
        on(dir.path(), db, &["export", "--what", "events", "--format", "gdelt"])
            .lines()
            .map(|l| {
                let mut cols: Vec<String> = l.split('\t').map(str::to_string).collect();
                cols[59].clear();
                cols
            })
            .collect()
    };
    assert_eq!(gdelt(&sqlite), gdelt(&pg));
    assert!(!gdelt(&pg).is_empty());
    let cmd = ["relations", "USA", "RUS"];
    assert_eq!(on(dir.path(), &sqlite, &cmd), on(dir.path(), &pg, &cmd));
    let lavrov: Vec<Value> = without_times(&on(dir.path(), &pg, &["entities", "--json"]))
        .into_iter()
        .filter(|e| e["name"] == "Sergei Lavrov")
        .collect();
    assert_eq!(lavrov.len(), 1, "one Lavrov across the articles");
    let id = lavrov[0]["id"].as_str().unwrap().to_string();
    assert_eq!(on(dir.path(), &sqlite, &["entity", &id, "--json"]), on(dir.path(), &pg, &["entity", &id, "--json"]));

    // Search: the same hits (ranking functions differ, so scores and snippet windows may).
    let hits = |db: &str, q: &str| -> Vec<String> {
        without_times(&on(dir.path(), db, &["search", q, "--json"]))
            .iter()
            .map(|h| h.get("id").or(h.get("cluster")).and_then(Value::as_str).unwrap_or_default().to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    for q in ["Lavrov", "\"Vladimir Putin\" sochi", "pier*", "lavróv x' OR '1'='1"] {
        assert_eq!(hits(&sqlite, q), hits(&pg, q), "search {q}");
    }
    assert!(!hits(&pg, "Lavrov").is_empty());
    let status = on(dir.path(), &pg, &["status"]);
    assert!(status.contains("postgres://") || status.contains("documents"), "{status}");
}
