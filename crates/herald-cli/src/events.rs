//! `herald events` and `herald export --what events`: the coded political events of the store,
//! as a page an analyst reads (who did what to whom, when, where, how often reported, and the
//! sentences that say so), as JSON lines, or in the column layout of the GDELT 2.0 event table.
//!
//! # The GDELT layout (`--format gdelt`)
//!
//! One event per line, tab-separated, no header, the 61 columns of the GDELT 2.0 event table in
//! their order, then ours. What herald does not know is left empty.
//!
//! | # | GDELT column | what herald writes |
//! |---|---|---|
//! | 1 | GLOBALEVENTID | the store's event number |
//! | 2–4 | SQLDATE, MonthYear, Year | the event's day (its own, else the first report's publication day) as YYYYMMDD, YYYYMM, YYYY |
//! | 5 | FractionDate | year + elapsed fraction of the year, 4 decimals |
//! | 6–8 | Actor1Code, Actor1Name, Actor1CountryCode | source actor code, name, country (ISO 3166 alpha-3, or IGO/NGO...) |
//! | 9–12 | Actor1KnownGroupCode, EthnicCode, Religion1Code, Religion2Code | empty |
//! | 13 | Actor1Type1Code | the source's sector (GOV, MIL, ...) |
//! | 14–15 | Actor1Type2Code, Actor1Type3Code | empty |
//! | 16–25 | Actor2… | the same for the target |
//! | 26 | IsRootEvent | 1 when an article's lead reports the event |
//! | 27–29 | EventCode, EventBaseCode, EventRootCode | CAMEO code, its first three and first two digits |
//! | 30–31 | QuadClass, GoldsteinScale | from our CAMEO table |
//! | 32–34 | NumMentions, NumSources, NumArticles | sentences, distinct outlets, distinct articles |
//! | 35 | AvgTone | empty (herald scores no tone) |
//! | 36–51 | Actor1Geo_*, Actor2Geo_* | empty (herald places the action, not the actors) |
//! | 52 | ActionGeo_Type | 1 country, 2 US state, 3 US city, 4 world city, 5 world state |
//! | 53–54 | ActionGeo_FullName, ActionGeo_CountryCode | place name; its country as ISO 3166 alpha-3 (GDELT uses FIPS 10-4) |
//! | 55–56 | ActionGeo_ADM1Code, ActionGeo_ADM2Code | empty |
//! | 57–58 | ActionGeo_Lat, ActionGeo_Long | coordinates, when the gazetteer has them |
//! | 59 | ActionGeo_FeatureID | empty |
//! | 60 | DATEADDED | when the event was first stored, YYYYMMDDHHMMSS UTC |
//! | 61 | SOURCEURL | the first report's URL, else its external id, else its document id |
//!
//! Then herald's own columns: 62 PLOVER type, 63 PLOVER mode, 64 PLOVER context (comma-separated),
//! 65 flags (comma-separated: negated, hypothetical, future, reported, of any report),
//! 66 confidence (the best report's), 67 event date as the text gives it (TIMEX value),
//! 68 its precision, 69 CAMEO name, 70–72 the store's entity ids of source, target and place,
//! 73 the first report's document id, 74–75 its evidence span (bytes), 76 its evidence sentence.
//! Tabs and line breaks inside a field are written as spaces.

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use herald_store::{EventQuery, EventRecord, Store};
use std::io::{BufWriter, Write};
use std::path::Path;

/// Columns of the GDELT 2.0 event table.
pub const GDELT_COLUMNS: usize = 61;
/// Our columns after them.
pub const EXTRA_COLUMNS: usize = 15;

/// The names of QuadClass 1–4.
fn quad_name(q: u8) -> &'static str {
    match q {
        1 => "verbal cooperation",
        2 => "material cooperation",
        3 => "verbal conflict",
        4 => "material conflict",
        _ => "neutral",
    }
}

/// An actor as a reader sees it: `USAGOV John Kerry`, or `(none)`.
fn actor_line(a: Option<&herald_store::EventActor>) -> String {
    match a {
        Some(a) if a.text.is_empty() => a.code.clone(),
        Some(a) => format!("{} {}", a.code, a.text),
        None => "(no actor)".to_string(),
    }
}

/// Whitespace runs as single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The sentence that reports an event, shortened around the evidence when it is long.
fn evidence_line(r: &herald_store::EventReport) -> String {
    let sentence = one_line(&r.sentence_text);
    if sentence.chars().count() <= 260 {
        sentence
    } else {
        format!("… {} …", truncate(&one_line(&r.evidence), 240))
    }
}

/// `herald events`: the events matching `q`, as a readable page or JSON lines.
pub fn list(store: &dyn Store, q: &EventQuery, as_json: bool) -> Result<()> {
    let events = store.events(q)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if as_json {
        for e in &events {
            writeln!(out, "{}", serde_json::to_string(e)?)?;
        }
        out.flush()?;
        return Ok(());
    }
    if events.is_empty() {
        writeln!(out, "(no events match)")?;
        out.flush()?;
        return Ok(());
    }
    let total = store.status()?.events;
    writeln!(out, "{} of {} events, latest first\n", events.len(), total)?;
    for e in &events {
        write_event(&mut out, e)?;
    }
    out.flush()?;
    Ok(())
}

fn write_event(out: &mut impl Write, e: &EventRecord) -> Result<()> {
    let day = e.day.as_deref().unwrap_or("undated");
    let date_note = match (&e.date, &e.date_precision) {
        (Some(d), Some(p)) if e.day.as_deref() != Some(d.as_str()) || p != "day" => format!(" ({d}, {p})"),
        _ => String::new(),
    };
    let place = match &e.place {
        Some(p) => format!("  in {}, {}", p.name, p.country),
        None => String::new(),
    };
    writeln!(out, "#{:<5} {day}{date_note}{place}", e.id)?;
    writeln!(out, "       {}  →  {}", actor_line(e.source.as_ref()), actor_line(e.target.as_ref()))?;
    let plover = match &e.plover {
        Some(p) => {
            let mut s = format!("PLOVER {}", p.kind);
            if let Some(m) = &p.mode {
                s.push_str(&format!("/{m}"));
            }
            if !p.context.is_empty() {
                s.push_str(&format!(" [{}]", p.context.join(", ")));
            }
            s
        }
        None => "PLOVER -".to_string(),
    };
    writeln!(
        out,
        "       CAMEO {} {} · {} · Goldstein {:+.1} · QuadClass {} ({})",
        e.cameo,
        e.cameo_name,
        plover,
        e.goldstein,
        e.quad_class,
        quad_name(e.quad_class)
    )?;
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let flags = e.flags.names();
    writeln!(
        out,
        "       {} · {} · {} · confidence {:.2}{}{}",
        plural(e.num_articles, "article", "articles"),
        plural(e.num_sources, "source", "sources"),
        plural(e.num_mentions, "sentence", "sentences"),
        e.confidence,
        if e.root { " · root event" } else { "" },
        if flags.is_empty() { String::new() } else { format!(" · {}", flags.join(", ")) }
    )?;
    // Reports of one sentence (Kerry meets Putin and Lavrov) are shown once, with each pair of
    // actors as the text names them.
    let mut i = 0;
    while i < e.reports.len() {
        let r = &e.reports[i];
        let same: Vec<&herald_store::EventReport> =
            e.reports[i..].iter().take_while(|o| o.doc == r.doc && o.sentence == r.sentence).collect();
        i += same.len();
        let article = r.external_id.clone().unwrap_or_else(|| r.doc.short().to_string());
        let title = r.title.as_deref().map(|t| format!(" \"{}\"", truncate(t, 48))).unwrap_or_default();
        let published = r.published.as_deref().map(|p| format!(" {p}")).unwrap_or_default();
        let mut pairs: Vec<String> = Vec::new();
        for o in &same {
            let pair =
                format!("{} → {}", o.source_text.as_deref().unwrap_or("-"), o.target_text.as_deref().unwrap_or("-"));
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
        writeln!(out, "       ▸ {article}{published}{title}, sentence {} ({}):", r.sentence, pairs.join("; "))?;
        writeln!(out, "         {}", evidence_line(r))?;
    }
    writeln!(out)?;
    Ok(())
}

/// Formats for `herald export --what events`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Gdelt,
}

/// `herald export --what events`: every event with its reports, streamed.
pub fn export(store: &dyn Store, format: ExportFormat, out: Option<&Path>) -> Result<()> {
    let mut lines = crate::query::Lines::open(out)?;
    let streamed = store.for_each_event(&mut |e| match format {
        ExportFormat::Jsonl => lines.line(serde_json::to_string(&e).unwrap_or_default()),
        ExportFormat::Gdelt => lines.line(gdelt_row(&e).join("\t")),
    });
    lines.finish(streamed)
}

/// A field as GDELT files hold it: no tabs, no line breaks.
fn field(s: &str) -> String {
    s.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect()
}

/// YYYYMMDDHHMMSS of a stored `YYYY-MM-DDThh:mm:ss.sssZ`.
fn compact_time(t: &str) -> String {
    t.chars().take(19).filter(char::is_ascii_digit).collect()
}

/// The GDELT ActionGeo_Type of a place kind in a country.
fn geo_type(kind: &str, country: &str) -> &'static str {
    let us = country == "USA";
    match kind {
        "country" => "1",
        "state" if us => "2",
        "state" => "5",
        "city" if us => "3",
        "city" => "4",
        _ => "",
    }
}

/// One event as the 61 GDELT 2.0 columns and ours.
pub fn gdelt_row(e: &EventRecord) -> Vec<String> {
    let mut c: Vec<String> = Vec::with_capacity(GDELT_COLUMNS + EXTRA_COLUMNS);
    let day = e.day.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    match day {
        Some(d) => {
            let days_in_year = if NaiveDate::from_ymd_opt(d.year(), 2, 29).is_some() { 366.0 } else { 365.0 };
            c.push(d.format("%Y%m%d").to_string());
            c.push(d.format("%Y%m").to_string());
            c.push(d.format("%Y").to_string());
            c.push(format!("{:.4}", f64::from(d.year()) + f64::from(d.ordinal0()) / days_in_year));
        }
        None => c.extend(std::iter::repeat_n(String::new(), 4)),
    }
    c.insert(0, e.id.to_string());
    for a in [&e.source, &e.target] {
        match a {
            Some(a) => {
                c.push(field(&a.code));
                c.push(field(&a.text));
                c.push(a.country.clone().unwrap_or_default());
                c.extend(std::iter::repeat_n(String::new(), 4));
                c.push(a.sector.clone().unwrap_or_default());
                c.extend(std::iter::repeat_n(String::new(), 2));
            }
            None => c.extend(std::iter::repeat_n(String::new(), 10)),
        }
    }
    c.push(if e.root { "1" } else { "0" }.into());
    c.push(field(&e.cameo));
    c.push(e.cameo.chars().take(3).collect());
    c.push(e.cameo.chars().take(2).collect());
    c.push(e.quad_class.to_string());
    c.push(format!("{:.1}", e.goldstein));
    c.push(e.num_mentions.to_string());
    c.push(e.num_sources.to_string());
    c.push(e.num_articles.to_string());
    c.push(String::new()); // AvgTone
    c.extend(std::iter::repeat_n(String::new(), 16)); // Actor1Geo_*, Actor2Geo_*
    match &e.place {
        Some(p) => {
            c.push(geo_type(&p.kind, &p.country).into());
            c.push(field(&p.name));
            c.push(field(&p.country));
            c.extend(std::iter::repeat_n(String::new(), 2));
            c.push(p.lat.map(|v| format!("{v:.4}")).unwrap_or_default());
            c.push(p.lon.map(|v| format!("{v:.4}")).unwrap_or_default());
            c.push(String::new());
        }
        None => c.extend(std::iter::repeat_n(String::new(), 8)),
    }
    c.push(compact_time(&e.added));
    let first = e.reports.first();
    c.push(field(
        &first
            .map(|r| r.url.clone().or_else(|| r.external_id.clone()).unwrap_or_else(|| r.doc.0.clone()))
            .unwrap_or_default(),
    ));
    debug_assert_eq!(c.len(), GDELT_COLUMNS);
    // Ours.
    c.push(e.plover.as_ref().map(|p| p.kind.clone()).unwrap_or_default());
    c.push(e.plover.as_ref().and_then(|p| p.mode.clone()).unwrap_or_default());
    c.push(e.plover.as_ref().map(|p| p.context.join(",")).unwrap_or_default());
    c.push(e.flags.names().join(","));
    c.push(format!("{:.2}", e.confidence));
    c.push(field(e.date.as_deref().unwrap_or_default()));
    c.push(e.date_precision.clone().unwrap_or_default());
    c.push(field(&e.cameo_name));
    for entity in [
        e.source.as_ref().and_then(|a| a.entity.clone()),
        e.target.as_ref().and_then(|a| a.entity.clone()),
        e.place.as_ref().and_then(|p| p.entity.clone()),
    ] {
        c.push(field(&entity.unwrap_or_default()));
    }
    c.push(first.map(|r| r.doc.0.clone()).unwrap_or_default());
    c.push(first.map(|r| r.start.to_string()).unwrap_or_default());
    c.push(first.map(|r| r.end.to_string()).unwrap_or_default());
    c.push(first.map(|r| field(&one_line(&r.sentence_text))).unwrap_or_default());
    debug_assert_eq!(c.len(), GDELT_COLUMNS + EXTRA_COLUMNS);
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_store::{EventActor, EventFlags, EventPlace, EventPlover, EventReport};

    fn record(place: Option<EventPlace>, day: Option<&str>) -> EventRecord {
        EventRecord {
            id: 7,
            key: "k".into(),
            day: day.map(str::to_string),
            date: day.map(str::to_string),
            date_precision: Some("day".into()),
            source: Some(EventActor {
                entity: Some("person:john-kerry".into()),
                text: "John\tKerry".into(),
                code: "USAGOV".into(),
                country: Some("USA".into()),
                sector: Some("GOV".into()),
            }),
            target: None,
            cameo: "0431".into(),
            cameo_name: "Host a visit".into(),
            plover: Some(EventPlover { kind: "CONSULT".into(), mode: Some("visit".into()), context: vec![] }),
            goldstein: 2.8,
            quad_class: 1,
            place,
            num_mentions: 3,
            num_sources: 1,
            num_articles: 2,
            root: true,
            confidence: 0.9,
            flags: EventFlags { future: true, ..EventFlags::default() },
            added: "2026-11-22T05:01:02.345Z".into(),
            reports: vec![EventReport {
                doc: herald_model::DocId("ab".repeat(32)),
                external_id: None,
                url: Some("https://example.org/a".into()),
                outlet: None,
                title: None,
                published: None,
                sentence: 1,
                sentences: 1,
                sentence_text: "Kerry will visit\nSochi.".into(),
                start: 10,
                end: 20,
                evidence: "Kerry will visit".into(),
                trigger: "visit".into(),
                source_text: None,
                target_text: None,
                flags: EventFlags::default(),
                confidence: 0.9,
                root: true,
                date: None,
                date_basis: None,
                location_basis: None,
            }],
        }
    }

    #[test]
    fn a_gdelt_row_has_the_61_columns_in_their_places_then_ours() {
        let sochi = EventPlace {
            name: "Sochi".into(),
            entity: None,
            kind: "city".into(),
            country: "RUS".into(),
            lat: Some(43.6),
            lon: Some(39.73),
            basis: String::new(),
        };
        let row = gdelt_row(&record(Some(sochi), Some("2015-05-12")));
        assert_eq!(row.len(), GDELT_COLUMNS + EXTRA_COLUMNS);
        assert!(row.iter().all(|f| !f.contains(['\t', '\n'])));
        // 1-based GDELT column numbers.
        let col = |n: usize| row[n - 1].as_str();
        assert_eq!((col(1), col(2), col(3), col(4)), ("7", "20150512", "201505", "2015"));
        assert_eq!(col(5), "2015.3589");
        assert_eq!((col(6), col(7), col(8), col(13)), ("USAGOV", "John Kerry", "USA", "GOV"));
        assert_eq!(col(16), "");
        assert_eq!((col(26), col(27), col(28), col(29), col(30), col(31)), ("1", "0431", "043", "04", "1", "2.8"));
        assert_eq!((col(32), col(33), col(34), col(35)), ("3", "1", "2", ""));
        assert_eq!((col(52), col(53), col(54), col(57), col(58)), ("4", "Sochi", "RUS", "43.6000", "39.7300"));
        assert_eq!((col(60), col(61)), ("20261122050102", "https://example.org/a"));
        assert_eq!((col(62), col(63), col(65)), ("CONSULT", "visit", "future"));
        assert_eq!(col(76), "Kerry will visit Sochi.");
    }

    #[test]
    fn an_undated_unplaced_event_leaves_those_columns_empty() {
        let row = gdelt_row(&record(None, None));
        assert_eq!(row.len(), GDELT_COLUMNS + EXTRA_COLUMNS);
        assert!(row[1..5].iter().all(String::is_empty));
        assert!(row[51..59].iter().all(String::is_empty));
        assert_eq!(geo_type("state", "USA"), "2");
        assert_eq!(geo_type("country", "FRA"), "1");
    }
}
