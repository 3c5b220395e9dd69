//! The entity commands: `herald entities` (the store's canonical entities, most articles first),
//! `herald entity NAME|ID` (one entity: aliases, actor codes by date, place, articles, the
//! entities mentioned beside it) and `herald export --what entities`.

use anyhow::{bail, Context, Result};
use clap::ValueEnum;
use herald_model::EntityType;
use herald_store::{AliasCount, EntityDetail, EntityQuery, EntityRecord, EntitySummary, Store};
use serde_json::json;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Entity types as the command line names them.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TypeArg {
    Person,
    #[value(alias = "organization", alias = "org")]
    Organisation,
    Gpe,
    Location,
    Facility,
    Group,
}

impl From<TypeArg> for EntityType {
    fn from(t: TypeArg) -> EntityType {
        match t {
            TypeArg::Person => EntityType::Person,
            TypeArg::Organisation => EntityType::Organisation,
            TypeArg::Gpe => EntityType::Gpe,
            TypeArg::Location => EntityType::Location,
            TypeArg::Facility => EntityType::Facility,
            TypeArg::Group => EntityType::Group,
        }
    }
}

fn aliases_text(aliases: &[AliasCount], n: usize) -> String {
    aliases.iter().take(n).map(|a| format!("{} ({})", a.alias, a.articles)).collect::<Vec<_>>().join(", ")
}

fn listing(out: &mut impl Write, rows: &[EntitySummary]) -> std::io::Result<()> {
    writeln!(out, "{:<34}  {:<12}  {:>5}  {:>6}  name (aliases)", "id", "type", "arts", "ments")?;
    for e in rows {
        let aliases = aliases_text(&e.aliases, 3);
        writeln!(
            out,
            "{:<34}  {:<12}  {:>5}  {:>6}  {}{}",
            e.id,
            e.kind.as_str(),
            e.articles,
            e.mentions,
            e.name,
            if aliases.is_empty() { String::new() } else { format!("  ({aliases})") }
        )?;
    }
    Ok(())
}

/// `herald entities`.
pub fn list(store: &dyn Store, kind: Option<TypeArg>, limit: usize, as_json: bool) -> Result<()> {
    let rows = store.entities(&EntityQuery { kind: kind.map(EntityType::from), limit })?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    if as_json {
        for r in &rows {
            writeln!(out, "{}", serde_json::to_string(r)?)?;
        }
    } else if rows.is_empty() {
        writeln!(out, "(no entities{})", if store.status()?.documents == 0 { ": the store is empty" } else { "" })?;
    } else {
        listing(&mut out, &rows)?;
    }
    out.flush()?;
    Ok(())
}

/// `herald entity NAME|ID`.
pub fn show(store: &dyn Store, key: &str, limit: usize, as_json: bool) -> Result<()> {
    let found = store.find_entities(key)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match found.as_slice() {
        [] => bail!("no entity matches `{key}` (give an id, a name or an alias; `herald entities` lists them)"),
        [one] => {
            let detail = store
                .entity(&one.id, limit)?
                .with_context(|| format!("entity {} vanished while it was read", one.id))?;
            if as_json {
                writeln!(out, "{}", serde_json::to_string_pretty(&detail)?)?;
            } else {
                print_detail(&mut out, &detail)?;
            }
        }
        many => {
            if as_json {
                writeln!(out, "{}", serde_json::to_string_pretty(&json!({ "query": key, "matches": many }))?)?;
            } else {
                writeln!(out, "`{key}` matches {} entities; give one of these ids:", many.len())?;
                listing(&mut out, many)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn print_detail(out: &mut impl Write, d: &EntityDetail) -> std::io::Result<()> {
    let r = &d.record;
    writeln!(out, "id        {}", r.id)?;
    writeln!(out, "name      {}", r.name)?;
    writeln!(out, "type      {}", r.kind.as_str())?;
    writeln!(out, "articles  {}  (mentions {})", r.article_count, r.mention_count)?;
    if let Some(p) = &r.place {
        let mut line = format!("{} in {}", p.kind, p.country);
        if let (Some(lat), Some(lon)) = (p.lat, p.lon) {
            line.push_str(&format!(", {lat:.4}, {lon:.4}"));
        }
        if let Some(g) = p.geonames {
            line.push_str(&format!(" (GeoNames {g})"));
        }
        writeln!(out, "place     {line}")?;
    }
    if !r.aliases.is_empty() {
        writeln!(out, "aliases   {}", aliases_text(&r.aliases, usize::MAX))?;
    }
    if !r.codes.is_empty() {
        writeln!(out, "codes")?;
        for c in &r.codes {
            let span = match (&c.first, &c.last) {
                (Some(f), Some(l)) if f == l => f.clone(),
                (Some(f), Some(l)) => format!("{f} .. {l}"),
                _ => "undated".to_string(),
            };
            let s = if c.articles == 1 { "" } else { "s" };
            writeln!(out, "  {:<10} {:<24} {} article{s}", c.code, span, c.articles)?;
        }
    }
    writeln!(out, "in")?;
    for a in &r.articles {
        let title = a.title.as_deref().unwrap_or("(no title)");
        let mut how = vec![format!("as {}", a.name)];
        if let Some(c) = &a.code {
            how.push(c.clone());
        }
        how.push(format!("{} mention{}", a.mentions, if a.mentions == 1 { "" } else { "s" }));
        writeln!(
            out,
            "  {:<10}  {:<16}  {}  [{}]",
            a.day.as_deref().unwrap_or("undated"),
            a.doc.short(),
            truncate(title, 60),
            how.join(", ")
        )?;
    }
    if (r.articles.len() as u64) < r.article_count {
        writeln!(out, "  ... and {} more (--limit 0 shows all)", r.article_count - r.articles.len() as u64)?;
    }
    if !d.co_mentioned.is_empty() {
        writeln!(out, "mentioned with")?;
        for c in &d.co_mentioned {
            writeln!(out, "  {:<34}  {:<12}  {:>4}  {}", c.id, c.kind.as_str(), c.articles, c.name)?;
        }
    }
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

/// One entity as exported: aliases with counts, codes by date, place, the articles (external
/// ids where the input gave them, else document ids) and the mention count.
pub fn export_record(r: &EntityRecord) -> serde_json::Value {
    json!({
        "id": r.id,
        "name": r.name,
        "type": r.kind,
        "aliases": r.aliases,
        "codes": r.codes,
        "place": r.place,
        "articles": r.articles.iter().map(|a| a.external_id.clone().unwrap_or_else(|| a.doc.0.clone())).collect::<Vec<_>>(),
        "article_count": r.article_count,
        "mention_count": r.mention_count,
    })
}

/// `herald export --what entities`.
pub fn export(store: &dyn Store, out: Option<&Path>) -> Result<()> {
    let mut lines = crate::query::Lines::open(out)?;
    let streamed = store.for_each_entity(&mut |r| lines.line(export_record(&r)));
    lines.finish(streamed)
}
