//! `herald run` against `herald ingest`: the same documents, entities, events, clusters and
//! storylines, with the same ids, from one process and from three processes on loopback; a
//! process killed mid-run fails the others, and the rerun resumes without duplicating anything;
//! bad command lines fail before any work.
//!
//! The corpus is generated from tests/fixtures/run_topics.txt. The annotator is slow in a debug
//! build, so the corpus has 600 articles there; `.ci/run` builds the release binary and points
//! `HERALD_RUN_BIN` at it, and the corpus then has 3,000 (`HERALD_RUN_ARTICLES` overrides both).

#![cfg(feature = "distributed")]

mod common;

use serde_json::Value;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn binary() -> PathBuf {
    std::env::var_os("HERALD_RUN_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(common::HERALD))
}

fn articles() -> usize {
    if let Some(n) = std::env::var("HERALD_RUN_ARTICLES").ok().and_then(|v| v.parse().ok()) {
        return n;
    }
    if std::env::var_os("HERALD_RUN_BIN").is_some() {
        3000
    } else {
        600
    }
}

fn herald(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(binary());
    c.args(args).current_dir(dir).env_remove("HERALD_SHARED").stdin(Stdio::null());
    c
}

fn ok(out: Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what} failed\nstdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn failed(out: Output, what: &str) -> String {
    assert!(!out.status.success(), "{what} should fail\nstdout:\n{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The topics of the fixture: a title and its sentences each.
fn topics() -> Vec<(String, Vec<String>)> {
    let text = include_str!("fixtures/run_topics.txt");
    let mut out = Vec::new();
    for block in text.split("\n\n") {
        let lines: Vec<&str> = block.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).collect();
        if let [title, sentences @ ..] = lines.as_slice() {
            out.push((title.to_string(), sentences.iter().map(|s| s.to_string()).collect()));
        }
    }
    out
}

/// `n` articles in three JSONL files: a topic's title and four of its sentences (rotated
/// forwards or backwards), a day in June 2013, one of five outlets; every 50th line repeats
/// the one before (one document); each file has a malformed line and an article with no text.
fn corpus(dir: &Path, n: usize) -> PathBuf {
    let topics = topics();
    assert!(topics.len() >= 8, "the fixture has {} topics", topics.len());
    let outlets = ["Wire Service", "Daily Courier", "Evening Post", "Morning Herald", "Global Report"];
    let root = dir.join("corpus");
    std::fs::create_dir_all(&root).unwrap();
    let per = n.div_ceil(3);
    let mut files = [String::new(), String::new(), String::new()];
    let mut prev = String::new();
    for i in 0..n {
        let f = &mut files[i / per];
        if i % per == 0 {
            f.push_str(&format!("{{\"id\": \"broken-{i}\", \"title\": \n"));
            f.push_str(&format!("{{\"id\": \"empty-{i}\", \"title\": \"Nothing here\", \"text\": \"\"}}\n"));
        }
        if i % 50 == 49 {
            f.push_str(&prev);
            continue;
        }
        let (title, sentences) = &topics[i % topics.len()];
        let k = i / topics.len();
        let s = sentences.len();
        let step = if (k / s).is_multiple_of(2) { 1 } else { s - 1 };
        let body: Vec<&str> = (0..4).map(|j| sentences[(k + j * step) % s].as_str()).collect();
        let text = std::iter::once(title.as_str()).chain(body).collect::<Vec<_>>().join("\n\n");
        let line = serde_json::json!({
            "id": format!("gen-{i}"),
            "source": outlets[(i * 7) % 5],
            "date": format!("2013-06-{:02}", 1 + k % 20),
            "title": title,
            "text": text,
        })
        .to_string()
            + "\n";
        f.push_str(&line);
        prev = line;
    }
    for (i, f) in files.iter().enumerate() {
        std::fs::write(root.join(format!("part-{i}.jsonl")), f).unwrap();
    }
    root
}

fn free_ports(n: usize) -> Vec<u16> {
    let held: Vec<TcpListener> = (0..n).map(|_| TcpListener::bind("127.0.0.1:0").unwrap()).collect();
    held.iter().map(|l| l.local_addr().unwrap().port()).collect()
}

fn hostfile(dir: &Path, name: &str, n: usize) -> PathBuf {
    let path = dir.join(name);
    let text: String = free_ports(n).iter().map(|p| format!("127.0.0.1:{p}\n")).collect();
    std::fs::write(&path, text).unwrap();
    path
}

/// Starts the processes 1.. of a run (process 0 is run by the caller).
fn start_peers(dir: &Path, hosts: &Path, processes: usize, workers: usize) -> Vec<Child> {
    (1..processes)
        .map(|i| {
            herald(
                dir,
                &[
                    "run",
                    "--processes",
                    &processes.to_string(),
                    "--process",
                    &i.to_string(),
                    "--workers",
                    &workers.to_string(),
                    "--hostfile",
                    hosts.to_str().unwrap(),
                    "--connect-timeout",
                    "60",
                ],
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("herald starts")
        })
        .collect()
}

fn run_cluster(dir: &Path, db: &str, corpus: &Path, processes: usize, workers: usize) -> String {
    let hosts = hostfile(dir, &format!("hosts-{db}"), processes);
    let peers = start_peers(dir, &hosts, processes, workers);
    let out = herald(
        dir,
        &[
            "run",
            "--db",
            db,
            "--processes",
            &processes.to_string(),
            "--process",
            "0",
            "--workers",
            &workers.to_string(),
            "--hostfile",
            hosts.to_str().unwrap(),
            corpus.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    let stdout = ok(out, &format!("herald run (process 0 of {processes})"));
    for (i, p) in peers.into_iter().enumerate() {
        let peer = ok(p.wait_with_output().unwrap(), &format!("herald run (process {} of {processes})", i + 1));
        assert!(peer.contains("run-stats"), "{peer}");
    }
    stdout
}

/// Every export, with the wall-clock `added` times left out.
fn exports(dir: &Path, db: &str) -> Vec<(String, Vec<String>)> {
    ["documents", "entities", "events", "stories"]
        .iter()
        .map(|what| {
            let out = ok(
                herald(dir, &["export", "--what", what, "--format", "jsonl", "--db", db]).output().unwrap(),
                "herald export",
            );
            let lines = out
                .lines()
                .map(|l| {
                    let mut v: Value = serde_json::from_str(l).unwrap();
                    strip_clock(&mut v);
                    v.to_string()
                })
                .collect();
            (what.to_string(), lines)
        })
        .collect()
}

fn strip_clock(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("added");
            m.values_mut().for_each(strip_clock);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_clock),
        _ => {}
    }
}

fn assert_same(reference: &[(String, Vec<String>)], other: &[(String, Vec<String>)], what: &str) {
    for ((kind, want), (_, got)) in reference.iter().zip(other) {
        if want != got {
            let at = want.iter().zip(got).position(|(a, b)| a != b).unwrap_or(want.len().min(got.len()));
            panic!(
                "{what}: {kind} differ from `herald ingest` ({} vs {} lines), first at line {}:\ningest: {}\n   run: {}",
                want.len(),
                got.len(),
                at + 1,
                want.get(at).map_or("(none)", |s| s.as_str()),
                got.get(at).map_or("(none)", |s| s.as_str()),
            );
        }
    }
}

fn count(reference: &[(String, Vec<String>)], kind: &str) -> usize {
    reference.iter().find(|(k, _)| k == kind).map_or(0, |(_, l)| l.len())
}

#[test]
fn one_and_three_processes_store_exactly_what_ingest_stores() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let n = articles();
    let corpus = corpus(dir, n);
    let t = Instant::now();
    let ingested =
        ok(herald(dir, &["ingest", "--db", "ingest.db", corpus.to_str().unwrap()]).output().unwrap(), "herald ingest");
    eprintln!("ingest of {n} articles: {:.1}s", t.elapsed().as_secs_f64());
    let reference = exports(dir, "ingest.db");
    // The comparison means something: documents, entities, events, clusters and storylines.
    assert!(count(&reference, "documents") > n * 9 / 10, "{} documents", count(&reference, "documents"));
    assert!(count(&reference, "entities") >= 20 && count(&reference, "events") >= 20);
    assert!(count(&reference, "stories") >= 8);

    // A dry run counts what would be stored, the same as ingest's, and stores nothing.
    let dry = ok(
        herald(dir, &["run", "--workers", "2", "--dry-run", "--db", "dry.db", corpus.to_str().unwrap()])
            .output()
            .unwrap(),
        "herald run --dry-run",
    );
    // The count on a summary line (timings aside).
    let line = |out: &str, what: &str| {
        out.lines().find(|l| l.starts_with(what)).and_then(|l| l.split_whitespace().nth(1)).map(str::to_owned)
    };
    for what in ["ingested", "annotated", "rejected"] {
        assert_eq!(line(&dry, what), line(&ingested, what), "{what}\n{dry}");
    }
    assert!(dry.contains("into no store"), "{dry}");
    assert!(!dir.join("dry.db").exists(), "a dry run created its --db");

    let t = Instant::now();
    let one = ok(
        herald(dir, &["run", "--workers", "2", "--db", "one.db", corpus.to_str().unwrap()]).output().unwrap(),
        "herald run --workers 2",
    );
    eprintln!("run, 1 process of 2 workers: {:.1}s", t.elapsed().as_secs_f64());
    assert!(one.contains("on 2 worker(s) in 1 process(es)"), "{one}");
    assert_same(&reference, &exports(dir, "one.db"), "1 process, 2 workers");

    let t = Instant::now();
    let three = run_cluster(dir, "three.db", &corpus, 3, 1);
    eprintln!("run, 3 processes: {:.1}s", t.elapsed().as_secs_f64());
    assert!(three.contains("on 3 worker(s) in 3 process(es)"), "{three}");
    assert_same(&reference, &exports(dir, "three.db"), "3 processes");

    // A second run over the same inputs finds them complete: nothing new, nothing analysed.
    let again = run_cluster(dir, "three.db", &corpus, 3, 1);
    assert!(again.contains("ingested             0") && again.contains("unchanged            3"), "{again}");
    assert_same(&reference, &exports(dir, "three.db"), "3 processes, run twice");
}

fn documents_stored(dir: &Path, db: &str) -> u64 {
    let out = herald(dir, &["status", "--db", db]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find(|l| l.trim_start().starts_with("documents"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_killed_process_fails_the_run_and_the_rerun_resumes_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let n = articles().min(900);
    let corpus = corpus(dir, n);
    let reference = &["ingest", "--batch", "16", "--db", "ingest.db", corpus.to_str().unwrap()];
    ok(herald(dir, reference).output().unwrap(), "herald ingest");
    let reference = exports(dir, "ingest.db");

    // Small batches, so that some land before the kill and many are left after it.
    let hosts = hostfile(dir, "hosts-crash", 3);
    let mut peers = start_peers(dir, &hosts, 3, 1);
    let zero =
        herald(dir, &["run", "-n", "3", "-p", "0", "-H", hosts.to_str().unwrap(), "--batch", "16", "--db", "crash.db"])
            .arg(&corpus)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
    let started = Instant::now();
    while documents_stored(dir, "crash.db") == 0 {
        assert!(started.elapsed() < Duration::from_secs(120), "nothing was stored in two minutes");
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut victim = peers.pop().unwrap();
    victim.kill().unwrap();
    victim.wait().unwrap();
    let killed_at = Instant::now();
    let zero = zero.wait_with_output().unwrap();
    let one = peers.pop().unwrap().wait_with_output().unwrap();
    assert!(killed_at.elapsed() < Duration::from_secs(60), "the others took {:?} to stop", killed_at.elapsed());
    let why = failed(zero, "process 0 after process 2 died");
    assert!(why.contains("did a process die?"), "{why}");
    failed(one, "process 1 after process 2 died");
    let partial = documents_stored(dir, "crash.db");
    assert!(partial > 0 && partial < count(&reference, "documents") as u64, "{partial} documents before the rerun");

    // The rerun (same batch size, as the checkpoints were written with) completes the store.
    let hosts = hostfile(dir, "hosts-rerun", 3);
    let peers = start_peers(dir, &hosts, 3, 1);
    let rerun =
        herald(dir, &["run", "-n", "3", "-p", "0", "-H", hosts.to_str().unwrap(), "--batch", "16", "--db", "crash.db"])
            .arg(&corpus)
            .output()
            .unwrap();
    let rerun = ok(rerun, "the rerun");
    for p in peers {
        ok(p.wait_with_output().unwrap(), "a peer of the rerun");
    }
    // Only what the first run did not store was read again.
    let ingested: u64 = rerun
        .lines()
        .find(|l| l.starts_with("ingested"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap();
    assert_eq!(ingested + partial, count(&reference, "documents") as u64, "{rerun}");
    assert_same(&reference, &exports(dir, "crash.db"), "after a crash and a rerun");
}

#[test]
fn bad_command_lines_fail_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let input = dir.join("one.jsonl");
    std::fs::write(&input, "{\"id\": \"a\", \"title\": \"A\", \"text\": \"Some words here.\"}\n").unwrap();
    let input = input.to_str().unwrap();
    let run = |args: &[&str]| herald(dir, args).output().unwrap();

    let e = failed(run(&["run", "--workers", "0", input]), "--workers 0");
    assert!(e.contains("--workers 0") && e.contains("between 1 and 256"), "{e}");
    let e = failed(run(&["run", "--workers", "10000", input]), "--workers 10000");
    assert!(e.contains("--workers 10000"), "{e}");
    let e = failed(run(&["run", "--processes", "3", "--process", "3", input]), "--process 3 of 3");
    assert!(e.contains("numbered 0 to 2"), "{e}");
    let e = failed(run(&["run", "--processes", "2", "--process", "0"]), "process 0 without inputs");
    assert!(e.contains("process 0 reads the inputs"), "{e}");

    // A hostfile naming a machine that is not this one, or that cannot be reached.
    std::fs::write(dir.join("far"), "192.0.2.1:2101\n192.0.2.2:2101\n").unwrap();
    let e = failed(run(&["run", "-n", "2", "-p", "0", "-H", "far", input]), "listening on another machine's address");
    assert!(e.contains("cannot listen on 192.0.2.1:2101"), "{e}");
    let port = free_ports(1)[0];
    std::fs::write(dir.join("half"), format!("192.0.2.1:2101\n127.0.0.1:{port}\n")).unwrap();
    let started = Instant::now();
    let e =
        failed(run(&["run", "-n", "2", "-p", "1", "-H", "half", "--connect-timeout", "2"]), "unreachable process 0");
    assert!(e.contains("cannot reach process 0 at 192.0.2.1:2101 within 2s"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
    std::fs::write(dir.join("short"), "127.0.0.1:2101\n").unwrap();
    let e = failed(run(&["run", "-n", "2", "-p", "0", "-H", "short", input]), "a hostfile too short");
    assert!(e.contains("1 address(es)") && e.contains("2 processes"), "{e}");

    // Another build (the same binary with one byte more) is refused by both sides.
    let other = dir.join("herald-other");
    let mut bytes = std::fs::read(binary()).unwrap();
    bytes.push(0);
    std::fs::write(&other, bytes).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let hosts = hostfile(dir, "hosts-builds", 2);
    let peer = Command::new(&other)
        .args(["run", "-n", "2", "-p", "1", "-H", hosts.to_str().unwrap(), "--connect-timeout", "30"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let e = failed(
        run(&[
            "run",
            "-n",
            "2",
            "-p",
            "0",
            "-H",
            hosts.to_str().unwrap(),
            "--connect-timeout",
            "30",
            "--db",
            "b.db",
            input,
        ]),
        "process 0 with another build beside it",
    );
    assert!(e.contains("start the same herald binary"), "{e}");
    let e = failed(peer.wait_with_output().unwrap(), "process 1 of another build");
    assert!(e.contains("start the same herald binary"), "{e}");
    // Nothing was stored: the checks come first.
    assert!(!dir.join("b.db").exists() || documents_stored(dir, "b.db") == 0);
}
