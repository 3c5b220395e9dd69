//! The read-side commands: extract, docs, show, rejected, status, export.

use anyhow::{bail, Context, Result};
use herald_model::{Document, ParagraphKind};
use herald_store::{DocQuery, SqliteStore, Store};
use rayon::prelude::*;
use serde_json::json;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Opens an existing store; reading commands never create one. `db` is a file path (SQLite) or a
/// `postgres://` URL (a database created by someone else; herald only adds its tables).
pub fn open(db: &Path) -> Result<Box<dyn Store>> {
    let spec = spec(db)?;
    if herald_store::is_postgres_url(spec) {
        return Ok(herald_store::open_store(spec)?);
    }
    if !db.exists() {
        bail!("no store at {}: run `herald ingest --db {} PATH...` first", db.display(), db.display());
    }
    Ok(Box::new(SqliteStore::open(db)?))
}

/// Opens the store at `db` for writing, creating an SQLite file if missing.
pub fn open_for_writing(db: &Path) -> Result<Box<dyn Store>> {
    Ok(herald_store::open_store(spec(db)?)?)
}

/// `--db` as `herald_store::open_store` takes it.
pub fn spec(db: &Path) -> Result<&str> {
    db.to_str().with_context(|| format!("{} is not a UTF-8 path", db.display()))
}

/// The JSON line `herald extract` prints for one page.
pub fn extract_line(id: &str, bytes: &[u8], url: Option<&str>) -> serde_json::Value {
    let (html, _) = herald_ingest::charset::decode(bytes, None);
    let a = herald_extract::extract_html(&html, url);
    json!({
        "id": id,
        "text": a.body_text(),
        "title": a.title,
        "date": a.date.as_ref().map(|(v, _, _)| v.clone()),
        "author": a.author,
        "site": a.site,
        "language": a.language,
    })
}

pub fn extract(files: &[PathBuf]) -> Result<()> {
    let lines: Vec<Result<String>> = files
        .par_iter()
        .map(|f| {
            let bytes = std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
            let id = f.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            Ok(extract_line(&id, &bytes, None).to_string())
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0;
    for line in lines {
        match line {
            Ok(l) => writeln!(out, "{l}")?,
            Err(e) => {
                failed += 1;
                eprintln!("herald: {e:#}");
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        bail!("{failed} of {} files could not be read", files.len());
    }
    Ok(())
}

pub fn docs(store: &dyn Store, q: &DocQuery, as_json: bool) -> Result<()> {
    let rows = store.documents(q)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if as_json {
        for r in &rows {
            writeln!(out, "{}", serde_json::to_string(r)?)?;
        }
    } else {
        writeln!(out, "{:<16}  {:<10}  {:<18}  {:>6}  {:>4}  title", "id", "date", "source", "chars", "boil")?;
        for r in &rows {
            let date = r.dct.as_ref().map(|d| d.date().to_string()).unwrap_or_else(|| "unknown".into());
            writeln!(
                out,
                "{:<16}  {:<10}  {:<18}  {:>6}  {:>4}  {}",
                r.id.short(),
                date,
                truncate(r.source.as_deref().unwrap_or("-"), 18),
                r.body_chars,
                r.boilerplate_paragraphs,
                truncate(r.title.as_deref().unwrap_or("(no title)"), 70)
            )?;
        }
        if rows.is_empty() {
            writeln!(out, "(no documents match)")?;
        }
    }
    out.flush()?;
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

pub fn show(store: &dyn Store, key: &str, as_json: bool) -> Result<()> {
    let Some(doc) = store.document(key)? else {
        bail!("no document matches `{key}` (give an id, a prefix of 6+ hex digits, or an external id)");
    };
    if as_json {
        println!("{}", serde_json::to_string_pretty(&export_record(&doc))?);
        return Ok(());
    }
    println!("id        {}", doc.id);
    if let Some(x) = &doc.external_id {
        println!("external  {x}");
    }
    println!("origin    {}", doc.origin);
    for (k, v) in [
        ("title", &doc.title),
        ("url", &doc.url),
        ("source", &doc.source),
        ("author", &doc.author),
        ("site", &doc.site),
        ("language", &doc.language),
    ] {
        if let Some(v) = v {
            println!("{k:<9} {v}");
        }
    }
    match &doc.dct {
        Some(d) => println!("date      {} (from {})", d.value, d.source.as_str()),
        None => println!("date      unknown"),
    }
    println!();
    for p in &doc.paragraphs {
        let marker = if p.kind == ParagraphKind::Body { "  " } else { "× " };
        println!("{marker}[{}] {}", p.kind.as_str(), doc.paragraph_text(p));
    }
    Ok(())
}

pub fn rejected(store: &dyn Store, limit: usize, as_json: bool) -> Result<()> {
    let rows = store.rejected(limit)?;
    for r in &rows {
        if as_json {
            println!("{}", serde_json::to_string(r)?);
        } else {
            println!("{}  ({}×, last {})", r.rejected, r.times, r.last_seen);
        }
    }
    if rows.is_empty() && !as_json {
        println!("(nothing was rejected)");
    }
    Ok(())
}

pub fn status(store: &dyn Store) -> Result<()> {
    let s = store.status()?;
    println!("documents  {}", s.documents);
    println!("rejected   {}", s.rejected);
    println!("entities   {}", s.entities);
    println!("annotated  {}", s.annotated);
    println!("events     {}", s.events);
    if s.annotation_failures > 0 {
        println!("annotation failed {}", s.annotation_failures);
    }
    println!("schema     {}", s.schema_version);
    if let Some(t) = &s.last_ingest {
        println!("last batch {t}");
    }
    println!("by source");
    for (src, n) in &s.by_source {
        println!("  {:<30} {n:>8}", if src.is_empty() { "(none)" } else { src });
    }
    println!("publication date from");
    for (src, n) in &s.by_dct_source {
        println!("  {:<30} {n:>8}", src.map(|s| s.as_str()).unwrap_or("unknown"));
    }
    Ok(())
}

/// A document as exported: the model's fields, plus its body text for convenience.
pub fn export_record(doc: &Document) -> serde_json::Value {
    let mut v = serde_json::to_value(doc).unwrap_or_default();
    if let Some(obj) = v.as_object_mut() {
        obj.insert("body".into(), doc.body_text().into());
    }
    v
}

pub fn export_documents(store: &dyn Store, out: Option<&Path>) -> Result<()> {
    let mut lines = Lines::open(out)?;
    let streamed = store.for_each_document(&mut |doc| lines.line(export_record(&doc)));
    lines.finish(streamed)
}

/// Where an export goes (the file named, else stdout), one line at a time. A failed write (a
/// closed pipe, a full disk) is kept and stops the store's stream; [`Lines::finish`] reports it
/// before the stream's own result.
pub struct Lines {
    w: Box<dyn Write>,
    error: Option<std::io::Error>,
}

impl Lines {
    pub fn open(out: Option<&Path>) -> Result<Lines> {
        let w: Box<dyn Write> = match out {
            Some(p) => {
                Box::new(BufWriter::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?))
            }
            None => Box::new(BufWriter::new(std::io::stdout().lock())),
        };
        Ok(Lines { w, error: None })
    }

    /// Writes one line; the error asks a store's `for_each_*` to stop.
    pub fn line(&mut self, line: impl std::fmt::Display) -> Result<(), herald_store::StoreError> {
        if let Err(e) = writeln!(self.w, "{line}") {
            self.error = Some(e);
            return Err(herald_store::StoreError::Stopped("output closed".into()));
        }
        Ok(())
    }

    /// Ends the export: the write error if one stopped it, else the stream's result, then flushes.
    pub fn finish(mut self, streamed: Result<(), herald_store::StoreError>) -> Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e.into());
        }
        streamed?;
        self.w.flush()?;
        Ok(())
    }
}
