//! End to end: the real `herald` binary, run in a temporary directory on inputs written here or
//! kept under `tests/fixtures/`, checked through what a person sees (the summary, `docs`, `show`,
//! `rejected`, `status`, `export`, `extract`).

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const HERALD: &str = env!("CARGO_BIN_EXE_herald");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A temporary working directory that `herald` runs in, so that inputs keep short relative names.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Sandbox { dir: tempfile::tempdir().expect("temporary directory") }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, bytes).unwrap();
    }

    fn fixture(&self, name: &str, rel: &str) {
        self.write(rel, std::fs::read(fixture(name)).unwrap());
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(HERALD);
        cmd.args(args).current_dir(self.dir.path()).env_remove("HERALD_SHARED");
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).stdin(Stdio::null()).output().expect("herald runs")
    }

    fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        let mut child =
            self.command(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        child.wait_with_output().unwrap()
    }

    /// Runs `herald args`, insists that it succeeds, and returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        succeeded(&self.run(args), args)
    }

    fn json_lines(&self, args: &[&str]) -> Vec<Value> {
        self.ok(args)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("`{l}` is not JSON: {e}")))
            .collect()
    }

    fn docs(&self, db: &str) -> Vec<Value> {
        self.json_lines(&["docs", "--json", "--limit", "0", "--db", db])
    }

    fn export(&self, db: &str) -> Vec<Value> {
        self.json_lines(&["export", "--what", "documents", "--format", "jsonl", "--db", db])
    }

    fn rejected(&self, db: &str) -> Vec<Value> {
        self.json_lines(&["rejected", "--json", "--limit", "0", "--db", db])
    }

    fn show(&self, db: &str, key: &str) -> Value {
        let out = self.ok(&["show", key, "--json", "--db", db]);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("show --json printed no JSON ({e}):\n{out}"))
    }
}

fn succeeded(out: &Output, args: &[&str]) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "herald {args:?} failed with {}\nstdout:\n{stdout}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The number on the summary line that starts with `label` ("ingested", "already known", ...).
fn count(summary: &str, label: &str) -> u64 {
    summary
        .lines()
        .find_map(|l| l.trim_start().strip_prefix(label))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no `{label}` count in the summary:\n{summary}"))
}

/// `(kind, text)` of every paragraph of an exported or shown document, checking the spans.
fn paragraphs(doc: &Value) -> Vec<(String, String)> {
    let text = doc["text"].as_str().expect("text");
    doc["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .map(|p| {
            let (start, end) = (p["start"].as_u64().unwrap() as usize, p["end"].as_u64().unwrap() as usize);
            (p["kind"].as_str().unwrap().to_string(), text[start..end].to_string())
        })
        .collect()
}

fn kinds(doc: &Value) -> Vec<String> {
    paragraphs(doc).into_iter().map(|(k, _)| k).collect()
}

/// The one document whose `key` field equals `value`.
fn find<'a>(docs: &'a [Value], key: &str, value: &str) -> &'a Value {
    let mut hits = docs.iter().filter(|d| d[key] == value);
    let doc = hits.next().unwrap_or_else(|| panic!("no document with {key} = {value} in {docs:#?}"));
    assert!(hits.next().is_none(), "several documents with {key} = {value}");
    doc
}

fn origin_input(doc: &Value) -> &str {
    doc["origin"]["input"].as_str().unwrap()
}

const UNDATED: &str = "Council approves the school budget\n\nThe council voted on Tuesday to approve the new budget \
                       for the city schools, after a debate that lasted well into the night.\n";

// ----------------------------------------------------------------------------------------------
// Plain text, idempotence, --date, --source, directories, stdin

#[test]
fn plain_text_article_gets_paragraph_kinds_and_its_dateline() {
    let s = Sandbox::new();
    s.fixture("kerry.txt", "kerry.txt");
    let out = s.ok(&["ingest", "--db", "h.db", "kerry.txt"]);
    assert_eq!((count(&out, "ingested"), count(&out, "already known"), count(&out, "rejected")), (1, 0, 0), "{out}");

    let docs = s.docs("h.db");
    assert_eq!(docs.len(), 1);
    let id = docs[0]["id"].as_str().unwrap();
    assert_eq!(id.len(), 64);
    let doc = s.show("h.db", &id[..8]);
    assert_eq!(doc["id"], id);
    let expected = [
        ("headline", "Kerry heads to Moscow for talks on Syria"),
        ("body", "May 6, 2013 -- Secretary of State John Kerry flew toward Moscow"),
        ("related-link", "RELATED: Russia says it will keep selling arms to Damascus"),
        ("credit", "Jane Doe/AP"),
        ("caption", "Secretary of State John Kerry speaks to reporters in Washington on May 3."),
        ("body", "Kerry is expected to meet President Vladimir Putin"),
        ("body", "Officials said the talks would focus on a political transition"),
        ("subscription-appeal", "You've read 3 of 5 free articles. Subscribe to continue."),
        ("subscription-appeal", "Dear Reader,"),
        ("subscription-appeal", "Get unlimited access to our journalism for just $1 a week."),
    ];
    let got = paragraphs(&doc);
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for ((kind, text), (want_kind, want_start)) in got.iter().zip(expected) {
        assert_eq!(kind, want_kind, "kind of `{text}`");
        assert!(text.starts_with(want_start), "`{text}` should start with `{want_start}`");
    }
    assert_eq!(doc["dct"], json!({"value": "2013-05-06", "source": "dateline"}));
    assert_eq!(doc["title"], "Kerry heads to Moscow for talks on Syria");
    assert_eq!(doc["origin"], json!({"input": "kerry.txt", "locator": {"kind": "whole"}}));
    assert_eq!(doc["language"], "en");
    // The summary row agrees with the document.
    assert_eq!(docs[0]["dct"], doc["dct"]);
    assert_eq!(docs[0]["paragraphs"], 10);
    assert_eq!(docs[0]["boilerplate_paragraphs"], 6);
    // Only the body paragraphs make the body.
    let body = doc["body"].as_str().unwrap();
    assert_eq!(body.split("\n\n").count(), 3, "{body}");
    assert!(!body.contains("Subscribe") && !body.contains("Jane Doe"), "{body}");

    // The human view shows the same kinds and where the date came from.
    let human = s.ok(&["show", &id[..12], "--db", "h.db"]);
    assert!(human.contains("date      2013-05-06 (from dateline)"), "{human}");
    assert!(human.contains("× [credit] Jane Doe/AP"), "{human}");
    assert!(human.contains("  [body] Kerry is expected"), "{human}");
}

#[test]
fn reingesting_the_same_file_changes_nothing() {
    let s = Sandbox::new();
    s.fixture("kerry.txt", "kerry.txt");
    s.ok(&["ingest", "--db", "h.db", "kerry.txt"]);
    let (docs, export, status) = (s.docs("h.db"), s.export("h.db"), s.ok(&["status", "--db", "h.db"]));

    let again = s.ok(&["ingest", "--db", "h.db", "kerry.txt"]);
    assert_eq!(count(&again, "ingested"), 0, "{again}");
    assert_eq!(count(&again, "rejected"), 0, "{again}");
    assert_eq!(s.docs("h.db"), docs);
    assert_eq!(s.export("h.db"), export);
    let status_again = s.ok(&["status", "--db", "h.db"]);
    let without_time = |t: &str| t.lines().filter(|l| !l.starts_with("last batch")).collect::<Vec<_>>().join("\n");
    assert_eq!(without_time(&status_again), without_time(&status));

    // The same bytes under another name are the same document: already known, not new.
    s.fixture("kerry.txt", "copy-of-kerry.txt");
    let copy = s.ok(&["ingest", "--db", "h.db", "copy-of-kerry.txt"]);
    assert_eq!((count(&copy, "ingested"), count(&copy, "already known")), (0, 1), "{copy}");
    assert_eq!(s.docs("h.db"), docs);
    assert_eq!(s.export("h.db"), export, "the first origin is kept");
}

#[test]
fn reingesting_an_unchanged_file_skips_it_and_says_so() {
    let s = Sandbox::new();
    s.fixture("kerry.txt", "kerry.txt");
    s.ok(&["ingest", "--db", "h.db", "kerry.txt"]);
    let again = s.ok(&["ingest", "--db", "h.db", "kerry.txt"]);
    assert_eq!((count(&again, "ingested"), count(&again, "unchanged")), (0, 1), "{again}");
}

#[test]
fn date_flag_applies_only_to_undated_documents_and_source_is_kept() {
    let s = Sandbox::new();
    s.fixture("kerry.txt", "kerry.txt");
    s.write("undated.txt", UNDATED);
    let out =
        s.ok(&["ingest", "--db", "h.db", "--date", "2015-05-11", "--source", "Town Wire", "undated.txt", "kerry.txt"]);
    assert_eq!(count(&out, "ingested"), 2, "{out}");
    let docs = s.export("h.db");
    let undated = find(&docs, "title", "Council approves the school budget");
    assert_eq!(undated["dct"], json!({"value": "2015-05-11", "source": "command_line"}));
    let dated = find(&docs, "title", "Kerry heads to Moscow for talks on Syria");
    assert_eq!(dated["dct"], json!({"value": "2013-05-06", "source": "dateline"}), "--date never overrides evidence");
    for d in &docs {
        assert_eq!(d["source"], "Town Wire");
    }
    assert_eq!(s.json_lines(&["docs", "--json", "--source", "Town Wire", "--db", "h.db"]).len(), 2);
    assert!(s.json_lines(&["docs", "--json", "--source", "Other", "--db", "h.db"]).is_empty());
    // Dated filters see the --date value.
    let may_2015 = s.json_lines(&["docs", "--json", "--from", "2015-05", "--to", "2015-05", "--db", "h.db"]);
    assert_eq!(may_2015.len(), 1);
    assert_eq!(may_2015[0]["title"], "Council approves the school budget");
    let status = s.ok(&["status", "--db", "h.db"]);
    assert!(
        status.lines().any(|l| l.trim_start().starts_with("command_line") && l.trim_end().ends_with(" 1")),
        "{status}"
    );
    assert!(
        status.lines().any(|l| l.trim_start().starts_with("Town Wire") && l.trim_end().ends_with(" 2")),
        "{status}"
    );
}

#[test]
fn bad_date_flag_is_refused_before_anything_is_done() {
    let s = Sandbox::new();
    s.write("undated.txt", UNDATED);
    let out = s.run(&["ingest", "--db", "h.db", "--date", "11/05/2015", "undated.txt"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!s.path("h.db").exists());
}

#[test]
fn directories_are_read_recursively_without_hidden_entries() {
    let s = Sandbox::new();
    s.fixture("kerry.txt", "news/2013/kerry.txt");
    s.fixture("floods.html", "news/2019/august/floods.html");
    s.write("news/undated.txt", UNDATED);
    s.write("news/.drafts/draft.txt", "Draft\nA draft that must not be read because it is hidden.\n");
    s.write("news/2019/.notes.txt", "Notes\nNotes that must not be read because they are hidden.\n");
    let out = s.ok(&["ingest", "--db", "h.db", "news"]);
    assert_eq!((count(&out, "ingested"), count(&out, "rejected")), (3, 0), "{out}");
    assert!(out.contains("3 inputs"), "{out}");
    let inputs: BTreeSet<String> = s.export("h.db").iter().map(|d| origin_input(d).to_string()).collect();
    let want: BTreeSet<String> =
        ["news/2013/kerry.txt", "news/2019/august/floods.html", "news/undated.txt"].map(String::from).into();
    assert_eq!(inputs, want);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let s = Sandbox::new();
    let text = std::fs::read(fixture("kerry.txt")).unwrap();
    let args = ["ingest", "--db", "h.db", "--source", "Piped", "-"];
    let out = succeeded(&s.run_with_stdin(&args, &text), &args);
    assert_eq!(count(&out, "ingested"), 1, "{out}");
    let docs = s.export("h.db");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["origin"], json!({"input": "-", "locator": {"kind": "whole"}}));
    assert_eq!(docs[0]["dct"], json!({"value": "2013-05-06", "source": "dateline"}));
    assert_eq!(docs[0]["source"], "Piped");
    // Stdin is never resumed: the same bytes again are read and found already known.
    let again = succeeded(&s.run_with_stdin(&args, &text), &args);
    assert_eq!((count(&again, "ingested"), count(&again, "already known")), (0, 1), "{again}");
    // Format sniffing works on stdin too (JSONL here).
    let jsonl =
        br#"{"id":"piped-1","text":"Piped story\nA story that came through a pipe, as JSON Lines, with a body."}"#;
    let out = succeeded(&s.run_with_stdin(&args, jsonl), &args);
    assert_eq!(count(&out, "ingested"), 1, "{out}");
    assert_eq!(s.show("h.db", "piped-1")["origin"], json!({"input": "-", "locator": {"kind": "line", "at": 1}}));
}

// ----------------------------------------------------------------------------------------------
// JSONL, HTML, feeds, WARC

const JSONL: &str = concat!(
    r#"{"id":"ext-1","title":"Council approves the school budget","text":"Council approves the school budget\nThe council voted on Tuesday to approve the new budget for the city schools, after a long debate.","section":"local","tags":["schools","budget"],"wordcount":17}"#,
    "\n",
    r#"{"id":"ext-2","text": "this line is cut short"#,
    "\n",
    r#"{"id":77,"published":"2014-03-02T10:00:00Z","html":"<html><head><title>River floods the lower town</title><meta property=\"article:published_time\" content=\"2012-01-01T08:00:00Z\"></head><body><article><p>The river flooded the lower town after three days of heavy rain, officials said on Sunday.</p><p>Hundreds of residents spent the night in the school gym.</p></article></body></html>"}"#,
    "\n",
);

#[test]
fn jsonl_lines_land_one_by_one_and_a_malformed_line_is_rejected_alone() {
    let s = Sandbox::new();
    s.write("batch.jsonl", JSONL);
    let out = s.ok(&["ingest", "--db", "h.db", "batch.jsonl"]);
    assert_eq!((count(&out, "ingested"), count(&out, "rejected")), (2, 1), "{out}");
    assert_eq!(count(&out, "malformed-json"), 1, "{out}");
    assert!(out.contains("herald rejected --db h.db"), "{out}");

    let rejected = s.rejected("h.db");
    assert_eq!(rejected.len(), 1, "{rejected:#?}");
    let r = &rejected[0];
    assert_eq!(r["reason"], "malformed-json");
    assert_eq!(r["stage"], "decode");
    assert_eq!(r["origin"], json!({"input": "batch.jsonl", "locator": {"kind": "line", "at": 2}}));
    assert!(r["detail"].as_str().unwrap().contains("line 2"), "{r}");
    assert_eq!(r["times"], 1);
    let human = s.ok(&["rejected", "--db", "h.db"]);
    assert!(human.contains("batch.jsonl:2: malformed-json (decode)"), "{human}");

    let docs = s.export("h.db");
    assert_eq!(docs.len(), 2);
    let first = find(&docs, "external_id", "ext-1");
    assert_eq!(first["origin"]["locator"], json!({"kind": "line", "at": 1}));
    assert_eq!(first["title"], "Council approves the school budget");
    assert_eq!(first["meta"]["section"], "local");
    assert_eq!(first["meta"]["tags"], json!(["schools", "budget"]));
    assert_eq!(first["meta"]["wordcount"], 17);
    assert_eq!(first["dct"], Value::Null, "no date evidence and no --date: unknown");
    assert_eq!(kinds(first), ["headline", "body"]);

    let third = find(&docs, "external_id", "77");
    assert_eq!(third["origin"]["locator"], json!({"kind": "line", "at": 3}));
    assert_eq!(
        third["dct"],
        json!({"value": "2014-03-02T10:00:00Z", "source": "input"}),
        "the input's own `published` wins over the page's meta"
    );
    assert_eq!(third["title"], "River floods the lower town");
    // External ids find documents.
    assert_eq!(s.show("h.db", "ext-1")["id"], first["id"]);
    assert!(s.ok(&["docs", "--db", "h.db"]).contains("River floods the lower town"));

    // Re-reading the same file is a no-op, and the rejection is not stored twice.
    s.ok(&["ingest", "--db", "h.db", "batch.jsonl"]);
    assert_eq!(s.export("h.db"), docs);
    assert_eq!(s.rejected("h.db").len(), 1);
}

#[test]
fn jsonl_text_with_a_separate_title_keeps_its_first_paragraph_as_body() {
    let s = Sandbox::new();
    s.write(
        "titled.jsonl",
        concat!(
            r#"{"id":"a","title":"Council approves the school budget","text":"The council voted on Tuesday to approve the new budget for the city schools.\nThe vote was close, with five members against."}"#,
            "\n",
            r#"{"id":"b","title":"Budget passes","text":"The council voted on Tuesday to approve the new budget for the city schools, after a long debate."}"#,
            "\n",
        ),
    );
    let out = s.ok(&["ingest", "--db", "h.db", "titled.jsonl"]);
    assert_eq!((count(&out, "ingested"), count(&out, "rejected")), (2, 0), "{out}");
    let a = s.show("h.db", "a");
    assert_eq!(
        paragraphs(&a),
        [
            ("headline".to_string(), "Council approves the school budget".to_string()),
            (
                "body".to_string(),
                "The council voted on Tuesday to approve the new budget for the city schools.".to_string()
            ),
            ("body".to_string(), "The vote was close, with five members against.".to_string()),
        ]
    );
}

#[test]
fn html_page_gets_its_date_from_the_page_meta() {
    let s = Sandbox::new();
    s.fixture("floods.html", "floods.html");
    let out = s.ok(&["ingest", "--db", "h.db", "floods.html"]);
    assert_eq!(count(&out, "ingested"), 1, "{out}");
    let doc = &s.export("h.db")[0];
    assert_eq!(doc["dct"], json!({"value": "2019-08-14T07:30:00Z", "source": "page"}));
    assert_eq!(doc["title"], "Floods hit the lower town");
    assert_eq!(doc["site"], "Valley Courier");
    assert_eq!(doc["source"], "Valley Courier", "the site name stands for the source when none is given");
    assert_eq!(doc["language"], "en");
    let ps = paragraphs(doc);
    assert_eq!(ps[0], ("headline".to_string(), "Floods hit the lower town".to_string()));
    let body: Vec<&str> = ps.iter().filter(|(k, _)| k == "body").map(|(_, t)| t.as_str()).collect();
    assert_eq!(body.len(), 3, "{ps:#?}");
    assert!(body[0].starts_with("The river flooded"), "{ps:#?}");
    assert!(body[2].starts_with("The mayor said"), "{ps:#?}");
    assert!(ps.iter().all(|(_, t)| !t.contains("All rights reserved") && !t.contains("Sport")), "{ps:#?}");
}

/// A feed whose items carry their article wrapped in one element.
const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Town News</title>
  <link>https://town.example/</link>
  <description>News from the town</description>
  <item>
    <title>Bridge reopens after two years</title>
    <link>https://town.example/2015/05/bridge</link>
    <guid>bridge-1</guid>
    <pubDate>Mon, 11 May 2015 08:00:00 GMT</pubDate>
    <description>The old bridge is open again.</description>
    <content:encoded><![CDATA[<div class="entry"><p>The old bridge over the river reopened on Monday after two years of repairs, the mayor said at a small ceremony.</p><p>Cars will be allowed on it from next week, once the last checks are done.</p></div>]]></content:encoded>
  </item>
  <item>
    <title>Market moves to the main square</title>
    <link>https://town.example/2015/05/market</link>
    <guid>market-2</guid>
    <pubDate>Tue, 12 May 2015 08:00:00 GMT</pubDate>
    <description>&lt;div&gt;&lt;p&gt;The weekly market moves to the main square from next month, traders were told at a meeting on Tuesday.&lt;/p&gt;&lt;p&gt;Stallholders welcomed the change, saying the old site was too small.&lt;/p&gt;&lt;/div&gt;</description>
  </item>
</channel>
</rss>
"#;

#[test]
fn rss_feed_items_become_documents() {
    let s = Sandbox::new();
    s.write("town.rss", FEED);
    let out = s.ok(&["ingest", "--db", "h.db", "town.rss"]);
    assert_eq!((count(&out, "ingested"), count(&out, "rejected")), (2, 0), "{out}\n{:#?}", s.rejected("h.db"));
    let docs = s.export("h.db");
    let bridge = find(&docs, "external_id", "bridge-1");
    assert_eq!(bridge["origin"], json!({"input": "town.rss", "locator": {"kind": "item", "at": "bridge-1"}}));
    assert_eq!(bridge["dct"], json!({"value": "2015-05-11T08:00:00Z", "source": "input"}));
    assert_eq!(bridge["title"], "Bridge reopens after two years");
    assert_eq!(bridge["url"], "https://town.example/2015/05/bridge");
    assert_eq!(bridge["source"], "Town News");
    assert!(bridge["body"].as_str().unwrap().contains("Cars will be allowed"), "content:encoded is preferred");
    let market = find(&docs, "external_id", "market-2");
    assert_eq!(market["dct"]["value"], "2015-05-12T08:00:00Z");
    assert!(market["body"].as_str().unwrap().starts_with("The weekly market moves"), "{market}");
    // Re-reading the feed adds nothing.
    s.ok(&["ingest", "--db", "h.db", "town.rss"]);
    assert_eq!(s.export("h.db").len(), 2);
}

#[test]
fn rss_feed_items_with_paragraph_fragments_become_documents() {
    let s = Sandbox::new();
    let feed = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Town News</title><link>https://town.example/</link><description>News</description>
<item><title>Bridge reopens</title><guid>bridge-1</guid><pubDate>Mon, 11 May 2015 08:00:00 GMT</pubDate>
<description>The old bridge reopened on Monday after two years of repairs, the mayor said at a small ceremony.</description></item>
<item><title>Market moves</title><guid>market-2</guid><pubDate>Tue, 12 May 2015 08:00:00 GMT</pubDate>
<description>&lt;p&gt;The weekly market moves to the main square from next month, traders were told on Tuesday.&lt;/p&gt;&lt;p&gt;Stallholders welcomed the change, saying the old site was too small.&lt;/p&gt;</description></item>
</channel></rss>
"#;
    s.write("town.rss", feed);
    let out = s.ok(&["ingest", "--db", "h.db", "town.rss"]);
    assert_eq!((count(&out, "ingested"), count(&out, "rejected")), (2, 0), "{out}\n{:#?}", s.rejected("h.db"));
}

/// One WARC record around `block`.
fn warc_record(warc_type: &str, content_type: &str, uri: &str, id: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2020-02-02T12:00:00Z\r\n\
         WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn warc_response(uri: &str, id: &str, html: &str) -> Vec<u8> {
    let block = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    warc_record("response", "application/http; msgtype=response", uri, id, block.as_bytes())
}

fn article_page(title: &str, sentence: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body><nav><a href=\"/\">Home</a></nav>\
         <article><h1>{title}</h1><p>{sentence} The report was published on Friday by the statistics office.</p>\
         <p>Officials said more figures would follow next month, with a breakdown by region.</p></article></body></html>"
    )
}

#[test]
fn warc_responses_become_documents_and_other_records_are_counted_as_skipped() {
    let s = Sandbox::new();
    let mut warc = warc_record(
        "warcinfo",
        "application/warc-fields",
        "",
        "00000000-0000-0000-0000-000000000001",
        b"software: herald-tests\r\nformat: WARC File Format 1.0\r\n",
    );
    warc.extend(warc_record(
        "request",
        "application/http; msgtype=request",
        "https://courier.example/floods",
        "00000000-0000-0000-0000-000000000002",
        b"GET /floods HTTP/1.1\r\nHost: courier.example\r\n\r\n",
    ));
    let response_at = warc.len();
    let page = std::fs::read_to_string(fixture("floods.html")).unwrap();
    warc.extend(warc_response("https://courier.example/floods", "00000000-0000-0000-0000-000000000003", &page));
    s.write("crawl.warc", &warc);

    let out = s.ok(&["ingest", "--db", "h.db", "crawl.warc"]);
    assert_eq!((count(&out, "ingested"), count(&out, "rejected")), (1, 0), "{out}");
    assert!(out.contains("skipped on purpose"), "{out}");
    assert_eq!(count(&out, "warc:warcinfo"), 1, "{out}");
    assert_eq!(count(&out, "warc:request"), 1, "{out}");

    let doc = &s.export("h.db")[0];
    assert_eq!(doc["origin"], json!({"input": "crawl.warc", "locator": {"kind": "offset", "at": response_at}}));
    assert_eq!(doc["external_id"], "<urn:uuid:00000000-0000-0000-0000-000000000003>");
    assert_eq!(doc["url"], "https://courier.example/floods");
    assert_eq!(doc["meta"]["warc_date"], "2020-02-02T12:00:00Z");
    assert_eq!(doc["dct"], json!({"value": "2019-08-14T07:30:00Z", "source": "page"}), "WARC-Date is not the DCT");
    assert_eq!(doc["title"], "Floods hit the lower town");
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn truncated_warc_gz_keeps_the_records_before_the_cut() {
    let s = Sandbox::new();
    let topics = [
        ("Exports rise for a third month", "Exports rose for a third month in a row in January."),
        ("Unemployment falls to a new low", "Unemployment fell to its lowest level in twenty years."),
        ("Inflation slows in the spring", "Inflation slowed in April as energy prices eased."),
    ];
    let mut members = Vec::new();
    for (i, (title, sentence)) in topics.iter().enumerate() {
        let uri = format!("https://stats.example/{i}");
        let id = format!("00000000-0000-0000-0000-00000000010{i}");
        members.push(gzip(&warc_response(&uri, &id, &article_page(title, sentence))));
    }
    let third_at = members[0].len() + members[1].len();
    let mut bytes = members.concat();
    bytes.truncate(third_at + members[2].len() / 2);
    s.write("crawl.warc.gz", &bytes);

    let out = s.ok(&["ingest", "--db", "h.db", "crawl.warc.gz"]);
    assert_eq!((count(&out, "ingested"), count(&out, "rejected")), (2, 1), "{out}");
    let titles: BTreeSet<String> = s.export("h.db").iter().map(|d| d["title"].as_str().unwrap().to_string()).collect();
    assert_eq!(titles, [topics[0].0, topics[1].0].map(String::from).into());
    let rejected = s.rejected("h.db");
    assert_eq!(rejected.len(), 1, "{rejected:#?}");
    assert_eq!(rejected[0]["reason"], "truncated-gzip");
    assert_eq!(rejected[0]["origin"], json!({"input": "crawl.warc.gz", "locator": {"kind": "offset", "at": third_at}}));
    assert!(rejected[0]["detail"].as_str().unwrap().contains(&third_at.to_string()), "{}", rejected[0]);
}

// ----------------------------------------------------------------------------------------------
// Bad inputs

#[test]
fn bad_inputs_are_rejected_one_by_one_while_good_ones_land() {
    let s = Sandbox::new();
    s.fixture("kerry.txt", "in/kerry.txt");
    s.fixture("floods.html", "in/floods.html");
    s.write("in/empty.txt", "");
    s.write("in/blanks.txt", " \n\t\n  \n");
    // Random-looking bytes with NULs (a small xorshift, so the test is deterministic).
    let mut x: u32 = 0x9e37_79b9;
    let blob: Vec<u8> = (0..4096)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            if i % 7 == 0 {
                0
            } else {
                x as u8
            }
        })
        .collect();
    s.write("in/blob.dat", &blob);
    // Windows-1252: 0x93 and 0x94 are curly double quotes, 0xE9 is é, 0x96 is an en dash.
    s.write(
        "in/legacy.txt",
        b"Caf\xe9 owners protest new rules\n\nThe owners said the rules were \x93unfair\x94 and would cost jobs \x96 \
          especially in the old town, where most caf\xe9s are small family businesses.\n"
            .as_slice(),
    );
    let deep = format!(
        "<html><body>{}<p>A paragraph at the bottom of a very deep page, with enough words to count as text.</p>{}</body></html>",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    s.write("in/deep.html", &deep);

    let inputs = [
        "in/kerry.txt",
        "in/empty.txt",
        "in/blob.dat",
        "in/floods.html",
        "in/blanks.txt",
        "in/legacy.txt",
        "in/deep.html",
        "in/missing.txt",
    ];
    let mut args = vec!["ingest", "--db", "h.db"];
    args.extend(inputs);
    let started = Instant::now();
    let out = s.run(&args);
    let took = started.elapsed();
    let stdout = succeeded(&out, &args);
    assert!(took < Duration::from_secs(20), "ingest took {took:?}");

    let docs = s.export("h.db");
    let landed: BTreeSet<&str> = docs.iter().map(origin_input).collect();
    for good in ["in/kerry.txt", "in/floods.html", "in/legacy.txt"] {
        assert!(landed.contains(good), "{good} did not land: {landed:?}\n{stdout}");
    }
    let legacy = find(&docs, "title", "Café owners protest new rules");
    let body = legacy["body"].as_str().unwrap();
    assert!(body.contains("\u{201c}unfair\u{201d}") && body.contains("jobs \u{2013} especially"), "{body}");
    assert!(body.contains("cafés"), "{body}");
    assert!(legacy["meta"]["encoding"].as_str().unwrap().contains("windows-1252"), "{legacy}");

    let rejected = s.rejected("h.db");
    let mut by_input: std::collections::BTreeMap<&str, Vec<&Value>> = Default::default();
    for r in &rejected {
        by_input.entry(r["origin"]["input"].as_str().unwrap()).or_default().push(r);
    }
    let expect_reason = [
        ("in/empty.txt", "empty"),
        ("in/blanks.txt", "empty"),
        ("in/blob.dat", "binary"),
        ("in/missing.txt", "unreadable"),
    ];
    for (input, reason) in expect_reason {
        let rs = by_input.get(input).unwrap_or_else(|| panic!("no rejection for {input}: {rejected:#?}"));
        assert_eq!(rs.len(), 1, "{input}: {rs:#?}");
        assert_eq!(rs[0]["reason"], reason, "{input}: {}", rs[0]);
        assert_eq!(rs[0]["origin"]["locator"], json!({"kind": "whole"}));
        assert!(!rs[0]["detail"].as_str().unwrap().is_empty());
    }
    assert!(by_input["in/missing.txt"][0]["detail"].as_str().unwrap().contains("in/missing.txt"));
    // The deep page lands, or is turned away with one clear rejection; nothing else may go wrong.
    let deep_landed = landed.contains("in/deep.html");
    let deep_rejected = by_input.get("in/deep.html").map_or(0, Vec::len);
    assert_eq!(deep_landed as usize + deep_rejected, 1, "deep.html: landed {deep_landed}, {deep_rejected} rejections");
    if deep_landed {
        let deep_doc = docs.iter().find(|d| origin_input(d) == "in/deep.html").unwrap();
        assert!(deep_doc["body"].as_str().unwrap().contains("very deep page"), "{deep_doc}");
    }
    let expected_rejections = expect_reason.len() + deep_rejected;
    assert_eq!(rejected.len(), expected_rejections, "{rejected:#?}");
    assert_eq!(count(&stdout, "rejected"), expected_rejections as u64, "{stdout}");
    assert_eq!(count(&stdout, "ingested"), docs.len() as u64, "{stdout}");
    assert!(
        out.stderr.is_empty() || String::from_utf8_lossy(&out.stderr).contains("rejected: "),
        "stderr is for rejections only"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn show_of_an_unknown_document_fails_clearly() {
    let s = Sandbox::new();
    s.fixture("kerry.txt", "kerry.txt");
    s.ok(&["ingest", "--db", "h.db", "kerry.txt"]);
    for key in ["0123456789abcdef", "no-such-external-id"] {
        let out = s.run(&["show", key, "--db", "h.db"]);
        assert!(!out.status.success(), "show {key} succeeded");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("no document matches `{key}`")), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn reading_commands_on_a_missing_store_fail_without_creating_it() {
    let s = Sandbox::new();
    let commands: [&[&str]; 6] = [
        &["docs"],
        &["docs", "--json"],
        &["show", "0123456789"],
        &["rejected", "--json"],
        &["status"],
        &["export", "--what", "documents", "--format", "jsonl"],
    ];
    for cmd in commands {
        let mut args = cmd.to_vec();
        args.extend(["--db", "missing.db"]);
        let out = s.run(&args);
        assert!(!out.status.success(), "{args:?} succeeded");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("no store at missing.db") && stderr.contains("herald ingest"), "{args:?}: {stderr}");
        assert!(!s.path("missing.db").exists(), "{args:?} created the store");
    }
    // The default --db is herald.db in the working directory; it is not created either.
    let out = s.run(&["status"]);
    assert!(!out.status.success());
    assert!(!s.path("herald.db").exists());
}

// ----------------------------------------------------------------------------------------------
// extract, export

#[test]
fn extract_prints_one_json_line_per_page() {
    let s = Sandbox::new();
    s.fixture("floods.html", "floods.html");
    s.fixture("harvest.html", "harvest.html");
    let lines = s.json_lines(&["extract", "floods.html", "harvest.html"]);
    assert_eq!(lines.len(), 2);
    let keys: BTreeSet<&str> = ["id", "text", "title", "date", "author", "site", "language"].into();
    for l in &lines {
        assert_eq!(l.as_object().unwrap().keys().map(String::as_str).collect::<BTreeSet<_>>(), keys, "{l}");
        assert!(!l["text"].as_str().unwrap().is_empty(), "{l}");
        assert_eq!(l["language"], "en");
    }
    assert_eq!(lines[0]["id"], "floods");
    assert_eq!(lines[0]["title"], "Floods hit the lower town");
    assert_eq!(lines[0]["date"], "2019-08-14T07:30:00Z");
    assert_eq!(lines[0]["author"], "Maria Lopez");
    assert_eq!(lines[0]["site"], "Valley Courier");
    let text = lines[0]["text"].as_str().unwrap();
    assert!(text.starts_with("The river flooded") && text.ends_with("bridge and roads."), "{text}");
    assert_eq!(lines[1]["id"], "harvest");
    assert_eq!(lines[1]["title"], "Farmers expect a record harvest");
    assert!(lines[1]["text"].as_str().unwrap().contains("Prices have fallen"), "{}", lines[1]);
    assert!(!s.path("herald.db").exists(), "extract needs no store");

    // A missing file is reported, the others are still printed, and the exit status says so.
    let out = s.run(&["extract", "floods.html", "nope.html"]);
    assert!(!out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.html"));
}

fn story_line(i: usize) -> String {
    json!({
        "id": format!("story-{i}"),
        "title": format!("Story number {i}"),
        "text": format!(
            "Story number {i}\nThe committee met for the {i}th time on Thursday to discuss the plan for the new harbour, \
             and members said progress had been slow.\nA final vote on item {i} is expected before the end of the year, \
             officials said, after a public consultation."
        ),
        "desk": "harbour",
    })
    .to_string()
        + "\n"
}

#[test]
fn export_into_a_closed_pipe_is_not_an_error() {
    let s = Sandbox::new();
    s.write("stories.jsonl", (0..200).map(story_line).collect::<String>());
    s.ok(&["ingest", "--db", "h.db", "stories.jsonl"]);
    let mut child = s
        .command(&["export", "--what", "documents", "--format", "jsonl", "--db", "h.db"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // The reader is dropped here, like `| head -1` exiting.
    let v: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(v["external_id"], "story-0");
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "export into a closed pipe exited with {}", out.status);
    assert!(out.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&out.stderr));

    // --out writes the same lines to a file.
    s.ok(&["export", "--db", "h.db", "--out", "all.jsonl"]);
    let written = std::fs::read_to_string(s.path("all.jsonl")).unwrap();
    assert_eq!(written.lines().count(), 200);
    assert_eq!(written.lines().next().unwrap(), first.trim_end());
}

// ----------------------------------------------------------------------------------------------
// Batches and resumption

#[test]
fn appended_jsonl_is_read_again_and_only_the_new_lines_are_new() {
    let s = Sandbox::new();
    s.write("stories.jsonl", (0..300).map(story_line).collect::<String>());
    let out = s.ok(&["ingest", "--db", "h.db", "--batch", "100", "stories.jsonl"]);
    assert_eq!((count(&out, "ingested"), count(&out, "already known"), count(&out, "rejected")), (300, 0, 0), "{out}");
    let status = s.ok(&["status", "--db", "h.db"]);
    assert_eq!(count(&status, "documents"), 300, "{status}");
    assert_eq!(count(&status, "rejected"), 0, "{status}");
    assert!(status.contains("last batch"), "{status}");

    // Appending changes the file's fingerprint: it is read from the start, and what was stored is
    // found again rather than stored twice.
    let mut f = std::fs::OpenOptions::new().append(true).open(s.path("stories.jsonl")).unwrap();
    f.write_all((300..600).map(story_line).collect::<String>().as_bytes()).unwrap();
    drop(f);
    let out = s.ok(&["ingest", "--db", "h.db", "--batch", "100", "stories.jsonl"]);
    assert_eq!((count(&out, "ingested"), count(&out, "already known")), (300, 300), "{out}");
    let status = s.ok(&["status", "--db", "h.db"]);
    assert_eq!(count(&status, "documents"), 600, "{status}");

    // Complete now: a third run reads nothing.
    let out = s.ok(&["ingest", "--db", "h.db", "--batch", "100", "stories.jsonl"]);
    assert_eq!((count(&out, "ingested"), count(&out, "rejected")), (0, 0), "{out}");
    let docs = s.docs("h.db");
    assert_eq!(docs.len(), 600);
    let ids: BTreeSet<&str> = docs.iter().map(|d| d["external_id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 600);
    // Paging through the listing covers every document once.
    let page = s.json_lines(&["docs", "--json", "--limit", "250", "--offset", "500", "--db", "h.db"]);
    assert_eq!(page.len(), 100);
}

#[test]
fn read_prints_sentences_with_spans_tags_and_one_rooted_tree_each() {
    let s = Sandbox::new();
    let text = "Kerry met Lavrov in Sochi on Tuesday. Moscow denies it.\nThe U.S. said it would \"respond\".\n";
    s.write("t.txt", text);
    let lines = s.json_lines(&["read", "--format", "jsonl", "t.txt"]);
    assert_eq!(lines.len(), 3, "{lines:?}");
    let mut last_end = 0;
    for sentence in &lines {
        let (start, end) = (sentence["start"].as_u64().unwrap() as usize, sentence["end"].as_u64().unwrap() as usize);
        assert!(start >= last_end && end <= text.len());
        last_end = end;
        let tokens = sentence["tokens"].as_array().unwrap();
        let roots = tokens.iter().filter(|t| t["head"] == 0).count();
        assert_eq!(roots, 1, "one root per sentence: {sentence}");
        for t in tokens {
            let (a, b) = (t["start"].as_u64().unwrap() as usize, t["end"].as_u64().unwrap() as usize);
            assert_eq!(&text[a..b], t["form"].as_str().unwrap());
            assert!(t["head"].as_u64().unwrap() as usize <= tokens.len());
        }
    }
    let met = lines[0]["tokens"].as_array().unwrap().iter().find(|t| t["form"] == "met").unwrap();
    assert_eq!((met["lemma"].as_str(), met["upos"].as_str()), (Some("meet"), Some("VERB")));
}

#[test]
fn read_pretokenized_keeps_the_words_and_fills_in_the_rest() {
    let s = Sandbox::new();
    let conllu = "# text = Putin will meet Kerry.\n1\tPutin\t_\t_\t_\t_\t_\t_\t_\t_\n2\twill\t_\t_\t_\t_\t_\t_\t_\t_\n3\tmeet\t_\t_\t_\t_\t_\t_\t_\t_\n4\tKerry\t_\t_\t_\t_\t_\t_\t_\t_\n5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
    s.write("in.conllu", conllu);
    let out = s.ok(&["read", "--pretokenized", "in.conllu"]);
    let words: Vec<Vec<&str>> =
        out.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.split('\t').collect()).collect();
    assert_eq!(words.iter().map(|w| w[1]).collect::<Vec<_>>(), vec!["Putin", "will", "meet", "Kerry", "."]);
    assert!(words.iter().all(|w| w.len() == 10 && w[3] != "_" && w[7] != "_"), "{out}");
    assert_eq!(words.iter().filter(|w| w[6] == "0").count(), 1, "{out}");
    assert_eq!(words[2][2], "meet");
}

/// A malformed sentence in CoNLL-U input is reported with its file, line and reason and left
/// out; the sentences around it are still read, and invalid UTF-8 on stdin does not stop the
/// reading.
#[test]
fn read_pretokenized_reports_a_malformed_sentence_and_reads_the_rest() {
    let s = Sandbox::new();
    let word = |id: &str, form: &str| format!("{id}\t{form}\t_\t_\t_\t_\t_\t_\t_\t_\n");
    let conllu = [
        word("1", "Talks") + &word("2", "resumed") + &word("3", "."),
        word("1", "Rebels") + &word("3", "withdrew"),
        word("1", "Envoys") + "2\tleft\t_\n",
        word("1", "Aid") + &word("2", "arrived") + &word("3", "."),
    ]
    .join("\n");
    s.write("in.conllu", &conllu);
    let out = s.run(&["read", "--pretokenized", "in.conllu"]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    let forms: Vec<&str> = stdout.lines().filter(|l| !l.is_empty()).map(|l| l.split('\t').nth(1).unwrap()).collect();
    assert_eq!(forms, ["Talks", "resumed", ".", "Aid", "arrived", "."], "{stdout}");
    assert!(stderr.contains("in.conllu:6: word id 3 where 2 was expected"), "{stderr}");
    assert!(stderr.contains("in.conllu:9: 3 columns, CoNLL-U has 10"), "{stderr}");
    assert!(stderr.contains("2 of 4 sentences rejected"), "{stderr}");

    let mut bytes = word("1", "Caf\u{e9}").into_bytes();
    let e = bytes.iter().position(|&b| b == 0xc3).unwrap();
    bytes.splice(e..e + 2, [0xe9]);
    let out = s.run_with_stdin(&["read", "--pretokenized", "-"], &bytes);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\tCaf\u{e9}\t"));
}

/// `--beam` parses the same words into one rooted tree; where the greedy parse of a sentence goes
/// wrong the beam may differ, so only the shape is checked here (its accuracy is `herald eval`'s).
#[test]
fn read_with_the_beam_gives_the_same_words_one_tree_each() {
    let s = Sandbox::new();
    let text = "The minister, who had flown in from Ankara on Monday, said talks with the rebels would resume.\nThe council said it would review the budget next week.\n";
    s.write("t.txt", text);
    let greedy = s.json_lines(&["read", "--format", "jsonl", "t.txt"]);
    let beam = s.json_lines(&["read", "--beam", "--format", "jsonl", "t.txt"]);
    assert_eq!(greedy.len(), beam.len());
    for (g, b) in greedy.iter().zip(&beam) {
        let (gt, bt) = (g["tokens"].as_array().unwrap(), b["tokens"].as_array().unwrap());
        let forms = |t: &[Value]| t.iter().map(|t| t["form"].clone()).collect::<Vec<_>>();
        assert_eq!(forms(gt), forms(bt));
        assert_eq!(bt.iter().filter(|t| t["head"] == 0).count(), 1, "{b}");
        assert!(bt.iter().all(|t| t["head"].as_u64().unwrap() as usize <= bt.len()));
    }
}

#[test]
fn read_survives_odd_input() {
    let s = Sandbox::new();
    let mut odd = String::from("\u{0}\u{1}\u{7f} 😀🚀 Привет мир. 東京 ");
    odd.push_str(&"word ".repeat(3000));
    s.write("odd.txt", &odd);
    let lines = s.json_lines(&["read", "--format", "jsonl", "odd.txt"]);
    assert!(!lines.is_empty());
    s.write("empty.txt", "");
    assert!(s.ok(&["read", "--format", "jsonl", "empty.txt"]).trim().is_empty());
}

#[test]
fn annotate_prints_mentions_and_coded_entities() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "Kerry meets Lavrov in Sochi\n\nSecretary of State John Kerry met Foreign Minister Sergei Lavrov in Sochi on Tuesday. Lavrov said little.\n").unwrap();
    let args = ["annotate", "--dct", "2015-05-12", file.to_str().unwrap()];
    let out = Command::new(HERALD).args(args).output().unwrap();
    let v: Value = serde_json::from_str(&succeeded(&out, &args)).unwrap();
    assert!(!v["sentences"].as_array().unwrap().is_empty());
    let entities = v["entities"].as_array().unwrap();
    let lavrov = entities.iter().find(|e| e["name"] == "Sergei Lavrov").expect("Lavrov entity");
    assert_eq!(lavrov["actor"]["code"], "RUSGOV");
    assert_eq!(lavrov["type"], "person");
    let mentions = v["mentions"].as_array().unwrap();
    assert!(mentions.iter().filter(|m| m["entity"] == lavrov["id"]).count() >= 2);
}

// ----------------------------------------------------------------------------------------------
// Entities across the store: ingest annotates, links across documents; entities, entity, export

const LAVROV_2013: &str = "Kerry meets Lavrov in Moscow\n\nMay 6, 2013 -- Secretary of State John Kerry met Russian \
                           Foreign Minister Sergei Lavrov in Moscow on Tuesday, officials said.\n\nLavrov said the \
                           talks on Syria were useful and that Russia wanted to keep working with the United \
                           States.\n";

const LAVROV_2015: &str = r#"<!doctype html><html><head><title>Kerry in Sochi</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Kerry flies to Sochi for talks</h1>
<p>Secretary of State John Kerry landed in Sochi on Tuesday, where he was due to meet Russian Foreign
Minister Sergey Lavrov before talks at the resort on the Black Sea coast.</p>
<figure><img src="k.jpg"><figcaption>Vladimir Putin waves to reporters at the airport in Sochi.</figcaption></figure>
<p>Kerry and Lavrov discussed Iran, Syria and Ukraine for several hours, officials from both countries
said after the meeting ended late in the evening.</p>
<p>It was the first visit of an American secretary of state to Russia since the crisis in Ukraine began,
and both sides described the talks as frank and useful.</p>
</article>
<footer>Copyright 2015</footer>
</body></html>"#;

#[test]
fn ingested_articles_share_entities_across_the_store() {
    let s = Sandbox::new();
    s.write("2013.txt", LAVROV_2013);
    s.write("2015.html", LAVROV_2015);
    let out = s.ok(&["ingest", "--db", "e.db", "2013.txt"]);
    assert_eq!(count(&out, "annotated"), 1, "{out}");
    let out = s.ok(&["ingest", "--db", "e.db", "--date", "2015-05-12", "2015.html"]);
    assert_eq!(count(&out, "annotated"), 1, "{out}");

    let listed = s.json_lines(&["entities", "--db", "e.db", "--json", "--limit", "0"]);
    let lavrov = find(&listed, "id", "person:sergei-lavrov");
    assert_eq!(
        (&lavrov["name"], &lavrov["type"], &lavrov["articles"]),
        (&json!("Sergei Lavrov"), &json!("person"), &json!(2))
    );
    assert!(lavrov["mentions"].as_u64().unwrap() >= 3, "{lavrov}");
    let kerry = find(&listed, "id", "person:john-keri");
    assert_eq!(kerry["articles"], 2);
    // Sorted by articles, most first.
    let articles: Vec<u64> = listed.iter().map(|e| e["articles"].as_u64().unwrap()).collect();
    assert!(articles.windows(2).all(|w| w[0] >= w[1]), "{articles:?}");
    let people = s.json_lines(&["entities", "--db", "e.db", "--json", "--type", "person"]);
    assert!(people.iter().all(|e| e["type"] == "person") && people.len() >= 2);
    let table = s.ok(&["entities", "--db", "e.db"]);
    assert!(table.contains("person:sergei-lavrov") && table.contains("Sergey Lavrov (1)"), "{table}");

    // `entity` by surname, by another spelling, by id: the same record.
    let by_surname: Value = serde_json::from_str(&s.ok(&["entity", "Lavrov", "--db", "e.db", "--json"])).unwrap();
    let by_spelling: Value =
        serde_json::from_str(&s.ok(&["entity", "sergey lavrov", "--db", "e.db", "--json"])).unwrap();
    let by_id: Value =
        serde_json::from_str(&s.ok(&["entity", "person:sergei-lavrov", "--db", "e.db", "--json"])).unwrap();
    assert_eq!(by_surname, by_id);
    assert_eq!(by_spelling, by_id);
    let aliases: BTreeSet<&str> =
        by_id["aliases"].as_array().unwrap().iter().map(|a| a["alias"].as_str().unwrap()).collect();
    assert!(aliases.contains("Sergey Lavrov"), "{aliases:?}");
    assert_eq!(
        by_id["codes"],
        json!([{ "code": "RUSGOV", "first": "2013-05-06", "last": "2015-05-12", "articles": 2 }])
    );
    let days: Vec<&str> = by_id["articles"].as_array().unwrap().iter().map(|a| a["day"].as_str().unwrap()).collect();
    assert_eq!(days, ["2013-05-06", "2015-05-12"]);
    let co: Vec<&str> = by_id["co_mentioned"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    let kerry_with = by_id["co_mentioned"].as_array().unwrap().iter().find(|c| c["id"] == "person:john-keri");
    assert_eq!(kerry_with.map(|c| &c["articles"]), Some(&json!(2)), "{co:?}");
    let text = s.ok(&["entity", "Lavrov", "--db", "e.db"]);
    assert!(text.contains("RUSGOV") && text.contains("2013-05-06 .. 2015-05-12"), "{text}");

    // Sochi is the Russian city, with its coordinates.
    let sochi: Value = serde_json::from_str(&s.ok(&["entity", "Sochi", "--db", "e.db", "--json"])).unwrap();
    assert_eq!(sochi["place"]["country"], "RUS");
    assert!((sochi["place"]["lat"].as_f64().unwrap() - 43.60).abs() < 0.05);

    // Putin is named only in a caption: no mention, no entity.
    let out = s.run(&["entity", "Putin", "--db", "e.db"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no entity matches `Putin`"));

    // Export: one line per entity.
    let exported = s.json_lines(&["export", "--what", "entities", "--format", "jsonl", "--db", "e.db"]);
    assert_eq!(exported.len(), listed.len());
    let line = find(&exported, "id", "person:sergei-lavrov");
    let docs = s.docs("e.db");
    let mut ids: Vec<&str> = line["articles"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    ids.sort();
    let mut want: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    want.sort();
    assert_eq!(ids, want);
    assert_eq!(line["codes"], by_id["codes"]);
    assert_eq!(line["aliases"], by_id["aliases"]);
    assert_eq!(line["mention_count"], lavrov["mentions"]);
    assert_eq!(line["type"], "person");

    // Ingesting both again changes nothing.
    let out = s.ok(&["ingest", "--db", "e.db", "--date", "2015-05-12", "2013.txt", "2015.html"]);
    assert_eq!((count(&out, "ingested"), count(&out, "annotated")), (0, 0), "{out}");
    assert_eq!(s.json_lines(&["entities", "--db", "e.db", "--json", "--limit", "0"]), listed);
    assert_eq!(s.json_lines(&["export", "--what", "entities", "--format", "jsonl", "--db", "e.db"]), exported);
}

#[test]
fn a_name_shared_by_several_entities_lists_them() {
    let s = Sandbox::new();
    s.write(
        "bush.txt",
        "Two Bushes at the ranch\n\nMay 6, 2004 -- George Bush and Laura Bush visited the ranch in Texas on \
         Tuesday, where they met neighbours and spoke about the drought.\n",
    );
    s.ok(&["ingest", "--db", "b.db", "bush.txt"]);
    let out = s.ok(&["entity", "Bush", "--db", "b.db"]);
    assert!(out.contains("matches 2 entities"), "{out}");
    assert!(out.contains("George Bush") && out.contains("Laura Bush"), "{out}");
    let v: Value = serde_json::from_str(&s.ok(&["entity", "Bush", "--db", "b.db", "--json"])).unwrap();
    assert_eq!(v["matches"].as_array().unwrap().len(), 2);
}

#[test]
fn annotate_prints_timexes_normalised_against_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.txt");
    // Given a date: the weekday follows the verb's tense, the adjectival duration is typed.
    std::fs::write(&file, "Envoy heads to Sochi\n\nThe envoy will meet the president on Tuesday to discuss a five-year ban. He met the minister on Friday.\n").unwrap();
    let args = ["annotate", "--dct", "2015-05-11", file.to_str().unwrap()];
    let out = Command::new(HERALD).args(args).output().unwrap();
    let v: Value = serde_json::from_str(&succeeded(&out, &args)).unwrap();
    let timexes: Vec<(&str, &str, &str)> = v["timexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["text"].as_str().unwrap(), t["type"].as_str().unwrap(), t["value"].as_str().unwrap()))
        .collect();
    assert_eq!(
        timexes,
        [("Tuesday", "DATE", "2015-05-12"), ("five-year", "DURATION", "P5Y"), ("Friday", "DATE", "2015-05-08")]
    );
    let first = &v["timexes"][0];
    let text = v["text"].as_str().unwrap();
    assert_eq!(&text[first["start"].as_u64().unwrap() as usize..first["end"].as_u64().unwrap() as usize], "Tuesday");
    // No date given: the dateline pins it, and says so.
    std::fs::write(&file, "Airbus wins\nMarch 01, 2008 Airbus won a contract on Friday, officials said.\n").unwrap();
    let args = ["annotate", file.to_str().unwrap()];
    let out = Command::new(HERALD).args(args).output().unwrap();
    let v: Value = serde_json::from_str(&succeeded(&out, &args)).unwrap();
    assert_eq!(v["dct"], "2008-03-01");
    let values: Vec<&str> = v["timexes"].as_array().unwrap().iter().map(|t| t["value"].as_str().unwrap()).collect();
    assert_eq!(values, ["2008-03-01", "2008-02-29"]);
    // A weekday beside a full date pins it too; the evidence is printed.
    std::fs::write(
        &file,
        "Fair opens\nThe hall on Monday, May 11, 2015, hours before the fair opened. Crowds came on Saturday.\n",
    )
    .unwrap();
    let out = Command::new(HERALD).args(args).output().unwrap();
    let v: Value = serde_json::from_str(&succeeded(&out, &args)).unwrap();
    assert_eq!(v["dct"], "2015-05-11");
    assert_eq!(v["dct_inferred"]["evidence"], "weekday_and_date");
    assert_eq!(v["dct_inferred"]["text"], "Monday, May 11, 2015");
    assert_eq!(v["timexes"][1]["value"], "2015-05-09");
}

#[test]
fn annotate_prints_the_events_of_the_body_with_their_evidence() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "visit.txt",
        "Kerry heads to Moscow\n\nSecretary of State John Kerry will meet Russian Foreign Minister Sergei Lavrov in Moscow on Tuesday.\n\nRELATED: Israel carried out air strikes on Syria\n",
    );
    let v: Value = serde_json::from_str(&sandbox.ok(&["annotate", "visit.txt", "--dct", "2013-05-06"])).unwrap();
    let events = v["events"].as_array().expect("events");
    let text = v["text"].as_str().unwrap();
    let meet = events.iter().find(|e| e["cameo"] == "036").unwrap_or_else(|| panic!("no intent to meet in {events:?}"));
    assert_eq!(meet["source"]["code"], "USAGOV");
    assert_eq!(meet["target"]["code"], "RUSGOV");
    assert_eq!(meet["plover"]["type"], "AGREE");
    assert_eq!(meet["date"]["value"], "2013-05-07");
    assert_eq!(meet["location"]["name"], "Moscow");
    assert_eq!(meet["flags"]["future"], true);
    assert!(meet["goldstein"].as_f64().is_some() && meet["quad_class"] == 1 && meet["confidence"].as_f64().is_some());
    let (s, e) =
        (meet["evidence"]["start"].as_u64().unwrap() as usize, meet["evidence"]["end"].as_u64().unwrap() as usize);
    assert!(text[s..e].contains("meet"), "{}", &text[s..e]);
    // The RELATED line is page furniture: nothing is coded from it.
    assert!(events.iter().all(|e| e["cameo"].as_str().is_some_and(|c| !c.starts_with("19"))), "{events:?}");
}
