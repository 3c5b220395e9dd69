//! End to end for `herald search`: the real binary ingests articles written here, then searches
//! them: ranking (a title match first), phrases and prefixes, filters (source, days, entity by
//! name, dyad), stories, JSON output, hostile queries that must neither fail nor inject, and a
//! second ingest of the same file that must not duplicate any hit.

mod common;

use common::{article, herald, ok};
use serde_json::Value;
use std::path::Path;

fn corpus() -> String {
    [
        article(
            "sanctions-title",
            "Monitor",
            "2014-03-20",
            "Sanctions on Russia widen",
            &["Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in Paris on Sunday."],
        ),
        article(
            "sanctions-body",
            "Wire",
            "2014-03-21",
            "Ministers meet in Rome",
            &["John Kerry met Sergei Lavrov in Rome. They discussed the sanctions and the crisis in Crimea."],
        ),
        article(
            "merkel",
            "Wire",
            "2015-05-10",
            "Merkel visits Moscow",
            &[
                "German Chancellor Angela Merkel met President Vladimir Putin in Moscow on Sunday.",
                "Trade was on the agenda, as were sanctions.",
            ],
        ),
        article(
            "script",
            "Herald",
            "2015-06-01",
            "A <script>alert(1)</script> headline",
            &["Floods in the valley: NEAR the river, the water rose \"fast\"; DROP TABLE documents; --"],
        ),
    ]
    .concat()
}

/// The hits of a `--json` search.
fn hits(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    ok(dir, &all).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

/// External ids of the article hits.
fn articles(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--only", "articles"];
    all.extend_from_slice(args);
    hits(dir, &all).iter().map(|h| h["external_id"].as_str().expect("an external id").to_string()).collect()
}

#[test]
fn search_ranks_filters_and_survives_hostile_queries() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("news.jsonl"), corpus()).unwrap();
    ok(d, &["ingest", "news.jsonl"]);

    // A title match ranks first; every word is required; phrases keep their order.
    assert_eq!(articles(d, &["sanctions"]), ["sanctions-title", "sanctions-body", "merkel"]);
    assert_eq!(articles(d, &["sanctions crimea"]), ["sanctions-body"]);
    assert_eq!(articles(d, &["\"Sergei Lavrov\""]).len(), 2);
    assert!(articles(d, &["\"Lavrov Sergei\""]).is_empty());
    assert_eq!(articles(d, &["sanction*"]).len(), 3);
    assert!(articles(d, &["sanction"]).is_empty(), "no stemming without the star");

    // Filters.
    assert_eq!(articles(d, &["sanctions", "--source", "Wire"]), ["sanctions-body", "merkel"]);
    assert_eq!(articles(d, &["sanctions", "--from", "2015"]), ["merkel"]);
    assert_eq!(articles(d, &["sanctions", "--to", "2014-03-20"]), ["sanctions-title"]);
    assert_eq!(articles(d, &["sanctions", "--entity", "Angela Merkel"]), ["merkel"]);
    assert_eq!(articles(d, &["sanctions", "--dyad", "USA", "RUS"]), ["sanctions-title", "sanctions-body"]);
    assert_eq!(articles(d, &["sanctions", "--actor", "deu"]), ["merkel"]);
    let out = herald(d, &["search", "sanctions", "--entity", "Nobody Atall"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no entity"));

    // Stories are searched too, and the JSON says which kind each hit is.
    let story_hits = hits(d, &["--only", "stories", "crimea"]);
    assert_eq!(story_hits.len(), 1, "{story_hits:?}");
    assert_eq!(story_hits[0]["kind"], "story");
    let both = hits(d, &["crimea"]);
    assert_eq!(both.iter().filter(|h| h["kind"] == "document").count(), 1);
    let snippet = &both[0]["snippet"];
    assert!(snippet.as_array().unwrap().iter().any(|p| p["match"] == true && p["text"] == "Crimea"), "{snippet}");

    // Hostile queries: found as words, or a clear refusal; never an SQL or FTS error.
    for q in ["NEAR", "\"fast\"", "DROP TABLE documents; --", "<script>", "title:x OR 1=1", "*", "\"", "-"] {
        let out = herald(d, &["search", q]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() || stderr.contains("no word to look for"), "{q}: {stderr}");
        assert!(!stderr.contains("fts5") && !stderr.contains("syntax error"), "{q}: {stderr}");
    }
    assert_eq!(articles(d, &["DROP TABLE documents; --"]), ["script"]);
    assert_eq!(articles(d, &["<script>"]), ["script"]);

    // Pages, and the page for people.
    assert_eq!(articles(d, &["sanctions", "--limit", "1", "--offset", "1"]), ["sanctions-body"]);
    let page = ok(d, &["search", "sanctions crimea", "--only", "articles"]);
    assert!(page.contains("[sanctions]") && page.contains("[Crimea]") && page.contains("sanctions-body"), "{page}");
    assert!(ok(d, &["search", "zzzz"]).contains("nothing matches"));

    // The same file again stores nothing new, and no hit is doubled.
    ok(d, &["ingest", "news.jsonl"]);
    assert_eq!(articles(d, &["sanctions"]), ["sanctions-title", "sanctions-body", "merkel"]);
    assert_eq!(hits(d, &["--only", "stories", "crimea"]).len(), 1);
}
