//! `herald search`: full-text search over the stored articles and story summaries, best first,
//! with the store's filters. The query syntax is the store's (`herald_store::search`): words
//! (all required), `"a phrase"`, `word*`; nothing a user types is search-engine syntax.

use anyhow::{bail, Result};
use herald_store::search::snippet_text;
use herald_store::{SearchHit, SearchQuery, SearchScope, Store};
use std::io::{BufWriter, Write};

/// Where `herald search --only` looks.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum SearchIn {
    All,
    Articles,
    Stories,
}

impl SearchIn {
    pub fn scope(self) -> SearchScope {
        match self {
            SearchIn::All => SearchScope::All,
            SearchIn::Articles => SearchScope::Documents,
            SearchIn::Stories => SearchScope::Stories,
        }
    }
}

/// Turns an `--entity` key into the store's entity id: an id as is, else the one entity with
/// this name or alias.
pub fn entity_id(store: &dyn Store, key: &str) -> Result<String> {
    let found = store.find_entities(key)?;
    match found.as_slice() {
        [] => bail!("no entity is called or has the id '{key}': see `herald entities`"),
        [one] => Ok(one.id.clone()),
        many if many.iter().any(|e| e.id == key) => Ok(key.to_string()),
        many => {
            let names: Vec<String> = many.iter().take(5).map(|e| format!("{} ({})", e.id, e.name)).collect();
            bail!("'{key}' names {} entities: {}; give one of these ids", many.len(), names.join(", "))
        }
    }
}

/// Prints the hits of `q`: a page for people, or one JSON object per line.
pub fn run(store: &dyn Store, q: &SearchQuery, as_json: bool) -> Result<()> {
    let hits = store.search(q)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if as_json {
        for h in &hits {
            writeln!(out, "{}", serde_json::to_string(h)?)?;
        }
        out.flush()?;
        return Ok(());
    }
    if hits.is_empty() {
        writeln!(out, "(nothing matches)")?;
        out.flush()?;
        return Ok(());
    }
    let first = q.offset + 1;
    writeln!(out, "hits {first}–{} for {:?}, best first\n", q.offset + hits.len(), q.text)?;
    for h in &hits {
        match h {
            SearchHit::Document(d) => {
                let key = d.external_id.clone().unwrap_or_else(|| d.id.short().to_string());
                writeln!(
                    out,
                    "article {key}  {}  {}  score {}",
                    d.day.as_deref().unwrap_or("undated"),
                    d.source.as_deref().unwrap_or("-"),
                    score(d.score)
                )?;
                writeln!(out, "  {}", d.title.as_deref().unwrap_or("(no title)"))?;
                writeln!(out, "  {}\n", snippet_text(&d.snippet))?;
            }
            SearchHit::Story(s) => {
                let days = match (&s.first_day, &s.last_day) {
                    (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
                    (Some(a), _) | (None, Some(a)) => a.clone(),
                    (None, None) => "undated".to_string(),
                };
                writeln!(
                    out,
                    "story {}  {days}  {} article{}  score {}",
                    s.cluster.chars().take(12).collect::<String>(),
                    s.size,
                    if s.size == 1 { "" } else { "s" },
                    score(s.score)
                )?;
                writeln!(out, "  {}", s.headline)?;
                writeln!(out, "  {}\n", snippet_text(&s.snippet))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// A score to read: two decimals, or two significant digits when smaller (a word found in almost
/// every article of a small store weighs next to nothing).
fn score(v: f64) -> String {
    if v.abs() >= 0.01 || v == 0.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.1e}")
    }
}
