//! A user's table of office terms (`HERALD_OFFICES`) codes a holder the embedded table does not
//! know, from the day the term starts, through ingest and the queries; a bad table stops the run
//! before anything is stored.

mod common;

use common::{article, ok, HERALD};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn herald_with(dir: &Path, offices: &Path, args: &[&str]) -> Output {
    Command::new(HERALD)
        .args(args)
        .current_dir(dir)
        .env_remove("HERALD_SHARED")
        .env("HERALD_OFFICES", offices)
        .stdin(Stdio::null())
        .output()
        .expect("herald runs")
}

const BODY: &[&str] = &["Akira Example met Chinese President Xi Jinping in Beijing on Monday."];

#[test]
fn a_users_office_table_codes_a_new_holder_from_the_day_the_term_starts() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("offices.tsv");
    std::fs::write(
        &table,
        "person\taliases\tcountry\toffice\tstart\tend\nAkira Example\t\tJPN\thead_of_government\t2026-03-01\t\n",
    )
    .unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        article("before", "Wire", "2026-02-02", "Talks in Beijing", BODY)
            + &article("after", "Wire", "2026-05-04", "More talks in Beijing", BODY),
    )
    .unwrap();
    let out = herald_with(dir.path(), &table, &["ingest", "--db", "h.db", "in.jsonl"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let events = ok(dir.path(), &["events", "--db", "h.db", "--dyad", "JPN", "CHN"]);
    assert!(events.contains("2026-05-04"), "{events}");
    assert!(events.contains("Akira Example"), "{events}");
    assert!(!events.contains("2026-02-02"), "before the term starts he holds no office: {events}");

    let entity = ok(dir.path(), &["entity", "--db", "h.db", "Akira Example"]);
    assert!(entity.contains("JPNGOV"), "{entity}");
}

#[test]
fn a_bad_office_table_stops_the_ingest_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("offices.tsv");
    std::fs::write(&table, "person\tcountry\toffice\tstart\nAkira Example\tJapan\thead_of_government\t2026-03-01\n")
        .unwrap();
    std::fs::write(dir.path().join("in.jsonl"), article("a", "Wire", "2026-05-04", "Talks", BODY)).unwrap();
    let out = herald_with(dir.path(), &table, &["ingest", "--db", "h.db", "in.jsonl"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("HERALD_OFFICES") && stderr.contains("line 2") && stderr.contains("\"Japan\""), "{stderr}");
    // Nothing of the batch was stored: a rerun with a good table stores and codes it.
    let documents = |status: &str| {
        status.lines().find_map(|l| match l.split_whitespace().collect::<Vec<_>>()[..] {
            ["documents", n] => Some(n.to_string()),
            _ => None,
        })
    };
    assert_eq!(documents(&ok(dir.path(), &["status", "--db", "h.db"])).as_deref(), Some("0"));
    std::fs::write(&table, "person\tcountry\toffice\tstart\nAkira Example\tJPN\thead_of_government\t2026-03-01\n")
        .unwrap();
    let out = herald_with(dir.path(), &table, &["ingest", "--db", "h.db", "in.jsonl"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(documents(&ok(dir.path(), &["status", "--db", "h.db"])).as_deref(), Some("1"));
    let entity = ok(dir.path(), &["entity", "--db", "h.db", "Akira Example"]);
    assert!(entity.contains("JPNGOV"), "{entity}");
}
