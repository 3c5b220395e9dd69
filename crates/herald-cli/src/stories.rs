//! The story commands, reading what the clustering step of `herald ingest` keeps in the store
//! (see `storydb`): `herald stories` (event clusters, latest first), `herald story ID` (one
//! cluster: members, attributed summary, coded events, its storyline's timeline), `herald
//! storylines` (each with its timeline), `herald export --what stories` (one JSON line per
//! cluster and per storyline); and `herald relations A B`: how two actors' relations move over
//! time, from the store's coded events: events per day, week or month by QuadClass with the mean
//! Goldstein value, as a table and optionally as an SVG chart (herald-stories' `relations` module
//! does the counting and the drawing; this file only feeds it from the store).

use anyhow::{bail, Context, Result};
use herald_store::{ClusterDetail, ClusterQuery, ClusterSummary, EventQuery, Store};
use herald_stories::relations::{relations, to_svg, to_tsv, Bucket, Direction, EventRow};
use serde_json::json;
use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Prints the table of `a`–`b` events per bucket and writes the chart to `svg` when given.
pub fn relations_cmd(
    store: &dyn Store,
    a: &str,
    b: &str,
    by: Bucket,
    directed: bool,
    svg: Option<&Path>,
) -> Result<()> {
    let q = EventQuery { dyad: Some((a.to_string(), b.to_string())), directed, limit: 0, ..EventQuery::default() };
    let records = store.events(&q).context("reading events")?;
    let mut undated = 0usize;
    let mut rows = Vec::with_capacity(records.len());
    for r in &records {
        let (Some(s), Some(t)) = (&r.source, &r.target) else { continue };
        match r.day.as_deref().and_then(herald_stories::parse_day) {
            Some(day) => rows.push(EventRow {
                day,
                source: &s.code,
                target: &t.code,
                quad_class: r.quad_class,
                goldstein: r.goldstein,
            }),
            None => undated += 1,
        }
    }
    let direction = if directed { Direction::Directed } else { Direction::Both };
    let rel = relations(&rows, a, b, by, direction);
    print!("{}", to_tsv(&rel));
    let arrow = if directed { "→" } else { "↔" };
    let counted: u32 = rel.rows.iter().map(|r| r.total()).sum();
    eprintln!(
        "{a} {arrow} {b}: {counted} events in {} buckets; {undated} undated, {} with a bad QuadClass or Goldstein value, {} earlier buckets cut (limit {})",
        rel.rows.len(),
        rel.skipped,
        rel.truncated,
        herald_stories::relations::MAX_BUCKETS
    );
    if let Some(path) = svg {
        let by_name = match by {
            Bucket::Day => "day",
            Bucket::Week => "week",
            Bucket::Month => "month",
        };
        let title = format!("{a} {arrow} {b}: events per {by_name} by QuadClass, mean Goldstein");
        std::fs::write(path, to_svg(&rel, &title)).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("chart written to {}", path.display());
    }
    Ok(())
}

/// Characters of `s`, cut with an ellipsis.
fn clip(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        s
    } else {
        s.chars().take(n.saturating_sub(1)).collect::<String>() + "…"
    }
}

/// How a document is named to a reader: its external id, else the short form of its id.
fn doc_label(id: &herald_model::DocId, external: Option<&str>) -> String {
    external.map_or_else(|| id.short().to_string(), str::to_string)
}

/// "1 article", "2 articles".
fn count(n: u32, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// A cluster id as shown (ids are document ids: the first 16 hex digits are plenty).
fn short(id: &str) -> &str {
    &id[..id.len().min(16)]
}

fn no_clusters(store: &dyn Store) -> Result<bool> {
    Ok(store.clusters(&ClusterQuery { limit: 1, ..ClusterQuery::default() })?.is_empty())
}

const NO_CLUSTERS: &str =
    "no event clusters yet: `herald ingest` places documents in clusters after storing them (run it again on any input \
     to place documents stored by an older herald)";

/// `herald stories`: event clusters, latest first.
pub fn list(store: &dyn Store, q: &ClusterQuery, json: bool) -> Result<()> {
    let rows = store.clusters(q).context("listing clusters")?;
    let mut w = BufWriter::new(std::io::stdout().lock());
    if json {
        for r in &rows {
            writeln!(w, "{}", serde_json::to_string(r)?)?;
        }
        return Ok(w.flush()?);
    }
    if rows.is_empty() {
        if no_clusters(store)? {
            eprintln!("{NO_CLUSTERS}");
        } else {
            eprintln!("no cluster matches");
        }
        return Ok(());
    }
    writeln!(w, "{:<16}  {:<23}  {:>5}  {:>4}  {:>7}  headline", "cluster", "span", "size", "dups", "sources")?;
    for r in &rows {
        writeln!(
            w,
            "{:<16}  {:<23}  {:>5}  {:>4}  {:>7}  {}",
            short(&r.id),
            r.span,
            r.size,
            r.duplicates,
            r.sources,
            clip(&r.headline, 90)
        )?;
    }
    w.flush()?;
    eprintln!("{} clusters shown; `herald story ID` shows one (an id prefix or a member's id will do)", rows.len());
    Ok(())
}

/// Coded events `herald story` prints (the JSON has them all, up to --limit).
const EVENTS_SHOWN: usize = 12;

/// `herald story ID`: one cluster.
pub fn show(store: &dyn Store, key: &str, limit: usize, json: bool) -> Result<()> {
    let Some(d) = store.cluster(key, limit).with_context(|| format!("reading cluster '{key}'"))? else {
        if no_clusters(store)? {
            bail!("{NO_CLUSTERS}");
        }
        bail!("no cluster '{key}': give a cluster id (or 6+ of its first characters) or a member document's id");
    };
    let storyline = match &d.cluster.storyline {
        Some(s) => store
            .clusters(&ClusterQuery { storyline: Some(s.clone()), ..ClusterQuery::default() })
            .context("reading the storyline")?,
        None => Vec::new(),
    };
    if json {
        let v = json!({ "cluster": d, "storyline": d.cluster.storyline, "timeline": storyline });
        println!("{}", serde_json::to_string(&v)?);
        return Ok(());
    }
    let mut w = BufWriter::new(std::io::stdout().lock());
    let c = &d.cluster;
    writeln!(w, "{}", c.headline)?;
    let dups = if c.duplicates > 0 { format!(" ({})", count(c.duplicates, "near-duplicate")) } else { String::new() };
    writeln!(
        w,
        "cluster {}  ·  {}  ·  {}{} from {}{}",
        short(&c.id),
        c.span,
        count(c.size, "article"),
        dups,
        count(c.sources, "source"),
        c.language.as_deref().map(|l| format!("  ·  {l}")).unwrap_or_default()
    )?;
    writeln!(w)?;
    writeln!(w, "articles")?;
    let labels: HashMap<&herald_model::DocId, String> =
        d.members.iter().map(|m| (&m.doc, doc_label(&m.doc, m.external_id.as_deref()))).collect();
    for m in &d.members {
        let how = match &m.duplicate_of {
            Some(c) => format!("copy of {}", labels.get(c).cloned().unwrap_or_else(|| c.short().to_string())),
            None if m.opened => "opened the cluster".to_string(),
            None => format!("joined, score {:.2}", m.score),
        };
        // `odd_date` also marks the first article after a year-long gap in the stream, which
        // is not news to a reader; JSON keeps every flag.
        let flags = if m.flags.split(',').any(|f| f == "empty") { " [no words: placed alone]" } else { "" };
        writeln!(
            w,
            "  {:<10}  {:<18}  {:<24}  {}  ({how}){flags}",
            m.dct.as_deref().map(|t| &t[..t.len().min(10)]).unwrap_or("undated"),
            clip(m.source.as_deref().unwrap_or("-"), 18),
            clip(&labels[&m.doc], 24),
            clip(m.title.as_deref().unwrap_or("(no title)"), 70),
        )?;
    }
    if (d.members.len() as u32) < c.size {
        writeln!(w, "  … {} more (--limit 0 shows all)", c.size - d.members.len() as u32)?;
    }
    writeln!(w)?;
    writeln!(w, "summary")?;
    if d.summary.is_empty() {
        writeln!(w, "  (no sentence of its articles qualifies)")?;
    }
    for s in &d.summary {
        writeln!(w, "  {}  [{}]", s.text, doc_label(&s.doc, s.external_id.as_deref()))?;
    }
    if !d.events.is_empty() {
        writeln!(w)?;
        writeln!(w, "coded events (most reported first)")?;
        for e in d.events.iter().take(EVENTS_SHOWN) {
            let side = |name: &Option<String>, code: &Option<String>| match (
                name.as_ref().filter(|n| !n.trim().is_empty()),
                code,
            ) {
                (Some(n), Some(c)) => format!("{n} ({c})"),
                (None, Some(c)) => c.clone(),
                (Some(n), None) => n.clone(),
                (None, None) => "?".to_string(),
            };
            writeln!(
                w,
                "  {:<10}  {} → {}  {} {}  Goldstein {:+.1}  ({})",
                e.day.as_deref().unwrap_or("undated"),
                side(&e.source, &e.source_code),
                side(&e.target, &e.target_code),
                e.cameo,
                e.cameo_name,
                e.goldstein,
                count(e.articles, "article")
            )?;
        }
    }
    if d.events.len() > EVENTS_SHOWN {
        writeln!(w, "  … {} more (--json shows all)", d.events.len() - EVENTS_SHOWN)?;
    }
    if let Some(s) = &c.storyline {
        writeln!(w)?;
        writeln!(w, "storyline {} ({})", short(s), count(storyline.len() as u32, "event"))?;
        timeline(&mut w, &storyline, Some(&c.id))?;
    }
    Ok(w.flush()?)
}

fn timeline(w: &mut dyn Write, clusters: &[ClusterSummary], mark: Option<&str>) -> std::io::Result<()> {
    for t in clusters {
        let here = if mark == Some(t.id.as_str()) { "▸" } else { " " };
        writeln!(
            w,
            " {here} {:<23}  {}  [{}, {}]",
            t.span,
            clip(&t.line, 100),
            short(&t.id),
            count(t.size, "article")
        )?;
    }
    Ok(())
}

/// `herald storylines`: storylines, latest first, each with its timeline.
pub fn storylines(store: &dyn Store, limit: usize, clusters: usize, json: bool) -> Result<()> {
    let lines = store.storylines(limit, clusters).context("listing storylines")?;
    let mut w = BufWriter::new(std::io::stdout().lock());
    if json {
        for l in &lines {
            writeln!(w, "{}", serde_json::to_string(l)?)?;
        }
        return Ok(w.flush()?);
    }
    if lines.is_empty() {
        eprintln!("{NO_CLUSTERS}");
        return Ok(());
    }
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        let span = match (&l.first_day, &l.last_day) {
            (Some(a), Some(b)) if a == b => a.clone(),
            (Some(a), Some(b)) => format!("{a} – {b}"),
            _ => "undated".to_string(),
        };
        writeln!(w, "storyline {}  ·  {}  ·  {}", short(&l.id), span, count(l.clusters.len() as u32, "event"))?;
        timeline(&mut w, &l.clusters, None)?;
    }
    w.flush()?;
    eprintln!("{} storylines shown; `herald story ID` shows one of their events", lines.len());
    Ok(())
}

/// `herald export --what stories --format jsonl`: one line per event cluster, then one per
/// storyline: `id`, `kind`, `documents` (external ids, else document ids), `headline`,
/// `summary` (for a cluster its sentences with their document; for a storyline one line per
/// event), `timeline` (a cluster's own line; a storyline's lines by date), the days and the
/// cluster's storyline.
pub fn export(store: &dyn Store, out: Option<&std::path::Path>) -> Result<()> {
    let mut lines = crate::query::Lines::open(out)?;
    // Cluster id → its documents, for the storylines after.
    let mut docs_of: HashMap<String, Vec<String>> = HashMap::new();
    let streamed = store.for_each_cluster(&mut |d: ClusterDetail| {
        let c = &d.cluster;
        let documents: Vec<String> =
            d.members.iter().map(|m| doc_label_full(&m.doc, m.external_id.as_deref())).collect();
        let summary: Vec<serde_json::Value> = d
            .summary
            .iter()
            .map(|s| json!({ "document": doc_label_full(&s.doc, s.external_id.as_deref()), "text": s.text }))
            .collect();
        let line = json!({
            "id": c.id, "kind": "cluster", "documents": documents, "headline": c.headline, "summary": summary,
            "timeline": [timeline_entry(c)], "first_day": c.first_day, "last_day": c.last_day,
            "size": c.size, "duplicates": c.duplicates, "sources": c.sources, "language": c.language,
            "storyline": c.storyline,
        });
        docs_of.insert(c.id.clone(), documents);
        lines.line(line)
    });
    if let Err(e) = streamed {
        // A closed output is reported as such; a store failure names what was being read.
        return lines.finish(Err(e)).context("reading clusters");
    }
    for l in store.storylines(0, 0).context("reading storylines")? {
        let documents: Vec<&String> =
            l.clusters.iter().flat_map(|c| docs_of.get(&c.id).into_iter().flatten()).collect();
        // The headline of its most reported event (ties: the earliest).
        let headline = l
            .clusters
            .iter()
            .enumerate()
            .max_by(|(i, a), (j, b)| a.size.cmp(&b.size).then(j.cmp(i)))
            .map(|(_, c)| c.headline.clone())
            .unwrap_or_default();
        let summary: Vec<String> = l.clusters.iter().map(|c| format!("{}: {}", c.span, c.line)).collect();
        let timeline: Vec<serde_json::Value> = l.clusters.iter().map(timeline_entry).collect();
        let line = json!({
            "id": l.id, "kind": "storyline", "documents": documents, "headline": headline, "summary": summary,
            "timeline": timeline, "first_day": l.first_day, "last_day": l.last_day,
        });
        if lines.line(line).is_err() {
            break;
        }
    }
    lines.finish(Ok(()))
}

fn doc_label_full(id: &herald_model::DocId, external: Option<&str>) -> String {
    external.map_or_else(|| id.0.clone(), str::to_string)
}

fn timeline_entry(c: &ClusterSummary) -> serde_json::Value {
    json!({ "cluster": c.id, "first_day": c.first_day, "last_day": c.last_day, "span": c.span, "text": c.line })
}
