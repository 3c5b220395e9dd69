//! Events in SQLite: the row operations of storing one new document's coded events (which
//! event an article's event joins, and which counts move, is decided in `crate::annotate`, inside
//! the document's transaction, after its entities were linked), and the read side (filtered
//! listings, streaming for exports).

use super::{check_date_bound, to_i64, SqliteStore};
use crate::annotate::{EventRows, NewEvent};
use crate::{
    EventActor, EventFlags, EventInput, EventPlace, EventPlover, EventQuery, EventRecord, EventReport, StoreError,
};
use herald_model::{DocId, Document};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

/// The event rows of one document, on SQLite (inside the document's transaction).
pub(super) struct Rows<'a> {
    pub conn: &'a Connection,
    pub path: &'a str,
    pub doc: &'a Document,
    pub now: &'a str,
}

impl Rows<'_> {
    fn sql(&self, action: &str) -> impl FnOnce(rusqlite::Error) -> StoreError {
        let action = format!("{action} (document {})", self.doc.id);
        let path = self.path.to_string();
        move |cause| StoreError::Sqlite { path, action, cause }
    }
}

impl EventRows for Rows<'_> {
    fn upsert_event(&mut self, n: &NewEvent<'_>) -> Result<i64, StoreError> {
        let e = n.input;
        let s = n.source;
        let t = n.target;
        let p = e.place.as_ref();
        self.conn
            .prepare_cached(
                "INSERT INTO events (key, day, date, date_precision, source_code, source_entity, source_name, \
                 source_country, source_sector, target_code, target_entity, target_name, target_country, \
                 target_sector, cameo, cameo_name, plover_type, plover_mode, plover_context, goldstein, quad_class, \
                 place_name, place_entity, place_kind, place_country, place_lat, place_lon, first_doc, added_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, \
                 ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29) ON CONFLICT (key) DO NOTHING",
            )
            .and_then(|mut st| {
                st.execute(params![
                    n.key,
                    n.day,
                    n.date,
                    n.date_precision,
                    s.map(|a| a.code.as_str()),
                    n.source_entity,
                    s.map(|a| a.text.as_str()),
                    s.and_then(|a| a.country.as_deref()),
                    s.and_then(|a| a.sector.as_deref()),
                    t.map(|a| a.code.as_str()),
                    n.target_entity,
                    t.map(|a| a.text.as_str()),
                    t.and_then(|a| a.country.as_deref()),
                    t.and_then(|a| a.sector.as_deref()),
                    e.cameo,
                    e.cameo_name,
                    e.plover.as_ref().map(|p| p.kind.as_str()),
                    e.plover.as_ref().and_then(|p| p.mode.as_deref()),
                    n.context,
                    f64::from(e.goldstein),
                    e.quad_class,
                    p.map(|p| p.name.as_str()),
                    n.place_entity,
                    p.map(|p| p.kind.as_str()),
                    p.map(|p| p.country.as_str()),
                    p.and_then(|p| p.lat),
                    p.and_then(|p| p.lon),
                    self.doc.id.0,
                    self.now,
                ])
            })
            .map_err(self.sql("storing an event"))?;
        self.conn
            .prepare_cached("SELECT id FROM events WHERE key = ?1")
            .and_then(|mut st| st.query_row([&n.key], |r| r.get(0)))
            .map_err(self.sql("reading an event"))
    }

    fn put_report(
        &mut self,
        idx: usize,
        event_id: i64,
        e: &EventInput,
        sentence_text: &str,
        evidence: &str,
    ) -> Result<(), StoreError> {
        let p = e.place.as_ref();
        self.conn
            .prepare_cached(
                "INSERT INTO event_mentions (doc_id, idx, event_id, sentence, sentences, sentence_text, start, \
                 \"end\", trigger_start, trigger_end, trigger, evidence, source_text, target_text, negated, \
                 hypothetical, future, reported, confidence, root, date, date_basis, location_basis) VALUES (?1, \
                 ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, \
                 ?23)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    self.doc.id.0,
                    to_i64(idx),
                    event_id,
                    to_i64(e.sentence),
                    e.mentions.max(1),
                    sentence_text,
                    to_i64(e.evidence.0),
                    to_i64(e.evidence.1),
                    to_i64(e.trigger_span.0),
                    to_i64(e.trigger_span.1),
                    e.trigger,
                    evidence,
                    e.source.as_ref().map(|a| a.text.as_str()),
                    e.target.as_ref().map(|a| a.text.as_str()),
                    e.flags.negated,
                    e.flags.hypothetical,
                    e.flags.future,
                    e.flags.reported,
                    f64::from(e.confidence),
                    e.root,
                    e.date.as_ref().map(|d| d.value.as_str()),
                    e.date.as_ref().map(|d| d.basis.as_str()),
                    p.map(|p| p.basis.as_str()),
                ])
            })
            .map_err(self.sql("storing an event mention"))?;
        Ok(())
    }

    fn add_source(&mut self, event_id: i64, outlet: &str) -> Result<bool, StoreError> {
        let n = self
            .conn
            .prepare_cached("INSERT INTO event_sources (event_id, source) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
            .and_then(|mut st| st.execute(params![event_id, outlet]))
            .map_err(self.sql("storing event sources"))?;
        Ok(n > 0)
    }

    fn add_counts(&mut self, event_id: i64, mentions: i64, articles: i64, sources: i64) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE events SET num_mentions = num_mentions + ?2, num_articles = num_articles + ?3, \
                 num_sources = num_sources + ?4 WHERE id = ?1",
            )
            .and_then(|mut st| st.execute(params![event_id, mentions, articles, sources]))
            .map_err(self.sql("counting event mentions"))?;
        Ok(())
    }
}

/// The event columns, in the order [`EventRow::from_row`] reads them.
const EVENT_COLUMNS: &str = "id, key, day, date, date_precision, source_code, source_entity, \
     COALESCE((SELECT name FROM entities WHERE entities.id = source_entity), source_name), source_country, \
     source_sector, target_code, target_entity, \
     COALESCE((SELECT name FROM entities WHERE entities.id = target_entity), target_name), target_country, \
     target_sector, cameo, \
     cameo_name, plover_type, plover_mode, plover_context, goldstein, quad_class, place_name, place_entity, \
     place_kind, place_country, place_lat, place_lon, num_mentions, num_sources, num_articles, added_at";

/// An events row before its reports are read.
struct EventRow {
    id: i64,
    key: String,
    day: Option<String>,
    date: Option<String>,
    date_precision: Option<String>,
    source: [Option<String>; 5],
    target: [Option<String>; 5],
    cameo: String,
    cameo_name: String,
    plover_type: Option<String>,
    plover_mode: Option<String>,
    plover_context: String,
    goldstein: f64,
    quad_class: i64,
    place_name: Option<String>,
    place_entity: Option<String>,
    place_kind: Option<String>,
    place_country: Option<String>,
    place_lat: Option<f64>,
    place_lon: Option<f64>,
    counts: [i64; 3],
    added: String,
}

impl EventRow {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(EventRow {
            id: r.get(0)?,
            key: r.get(1)?,
            day: r.get(2)?,
            date: r.get(3)?,
            date_precision: r.get(4)?,
            source: [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?],
            target: [r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?, r.get(14)?],
            cameo: r.get(15)?,
            cameo_name: r.get(16)?,
            plover_type: r.get(17)?,
            plover_mode: r.get(18)?,
            plover_context: r.get(19)?,
            goldstein: r.get(20)?,
            quad_class: r.get(21)?,
            place_name: r.get(22)?,
            place_entity: r.get(23)?,
            place_kind: r.get(24)?,
            place_country: r.get(25)?,
            place_lat: r.get(26)?,
            place_lon: r.get(27)?,
            counts: [r.get(28)?, r.get(29)?, r.get(30)?],
            added: r.get(31)?,
        })
    }
}

/// An actor from its stored columns: code, entity, name, country, sector.
fn actor(cols: [Option<String>; 5]) -> Option<EventActor> {
    let [code, entity, name, country, sector] = cols;
    let code = code?;
    Some(EventActor { entity, text: name.unwrap_or_default(), code, country, sector })
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// The upper end of a prefix range: every string starting with `p` sorts below it.
fn prefix_end(p: &str) -> String {
    format!("{p}\u{10FFFF}")
}

impl SqliteStore {
    /// Events matching `q`, latest day first (undated last), then most articles first.
    pub(super) fn list_events(&self, q: &EventQuery) -> Result<Vec<EventRecord>, StoreError> {
        let mut conditions: Vec<String> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        let prefix = |col: &str, p: &str, values: &mut Vec<Value>| {
            values.push(Value::Text(p.to_string()));
            values.push(Value::Text(prefix_end(p)));
            format!("({col} >= ? AND {col} < ?)")
        };
        if let Some(a) = &q.actor {
            let s = prefix("source_code", a, &mut values);
            let t = prefix("target_code", a, &mut values);
            conditions.push(format!("({s} OR {t})"));
        }
        if let Some((a, b)) = &q.dyad {
            let ab =
                format!("({} AND {})", prefix("source_code", a, &mut values), prefix("target_code", b, &mut values));
            if q.directed {
                conditions.push(ab);
            } else {
                let ba = format!(
                    "({} AND {})",
                    prefix("source_code", b, &mut values),
                    prefix("target_code", a, &mut values)
                );
                conditions.push(format!("({ab} OR {ba})"));
            }
        }
        if let Some(c) = &q.code {
            conditions.push(prefix("cameo", c, &mut values));
        }
        if let Some(from) = &q.from {
            check_date_bound("from", from)?;
            conditions.push("day >= ?".into());
            values.push(Value::Text(from.clone()));
        }
        if let Some(to) = &q.to {
            check_date_bound("to", to)?;
            conditions.push("day < ?".into());
            values.push(Value::Text(format!("{to}~")));
        }
        let mut sql = format!("SELECT {EVENT_COLUMNS} FROM events");
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        // SQLite puts NULLs last in a descending order; written so, the order is the index's
        // (events_order) and a page reads its rows in order instead of sorting every event.
        sql.push_str(" ORDER BY day DESC, num_articles DESC, num_mentions DESC, id LIMIT ?");
        values.push(Value::Integer(if q.limit == 0 { -1 } else { to_i64(q.limit).unwrap_or(i64::MAX) }));
        let rows: Vec<EventRow> = self
            .conn
            .prepare(&sql)
            .and_then(|mut s| s.query_map(params_from_iter(values.iter()), EventRow::from_row)?.collect())
            .map_err(self.err("listing events"))?;
        rows.into_iter().map(|r| self.event_record(r)).collect()
    }

    /// Calls `f` with every event, in the order they were first stored.
    pub(super) fn each_event(
        &self,
        f: &mut dyn FnMut(EventRecord) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut last = 0i64;
        loop {
            // A page at a time: the statement is done before the callback runs other statements.
            let page: Vec<EventRow> = self
                .conn
                .prepare_cached(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE id > ?1 ORDER BY id LIMIT 256"))
                .and_then(|mut s| s.query_map([last], EventRow::from_row)?.collect())
                .map_err(self.err("reading events"))?;
            let Some(l) = page.last() else { return Ok(()) };
            last = l.id;
            for row in page {
                f(self.event_record(row)?)?;
            }
        }
    }

    fn event_record(&self, r: EventRow) -> Result<EventRecord, StoreError> {
        let what = || format!("event {}", r.id);
        let context: Vec<String> = serde_json::from_str(&r.plover_context)
            .map_err(|e| self.corrupt(what(), format!("PLOVER context '{}': {e}", r.plover_context)))?;
        let quad_class =
            u8::try_from(r.quad_class).map_err(|_| self.corrupt(what(), format!("quad class {}", r.quad_class)))?;
        let reports = self.event_reports(r.id)?;
        let flags = reports.iter().fold(EventFlags::default(), |f, m| f.or(m.flags));
        let confidence = reports.iter().map(|m| m.confidence).fold(0.0f32, f32::max);
        let root = reports.iter().any(|m| m.root);
        let place = r.place_name.map(|name| EventPlace {
            name,
            entity: r.place_entity,
            kind: r.place_kind.unwrap_or_default(),
            country: r.place_country.unwrap_or_default(),
            lat: r.place_lat,
            lon: r.place_lon,
            basis: String::new(),
        });
        Ok(EventRecord {
            id: r.id,
            key: r.key,
            day: r.day,
            date: r.date,
            date_precision: r.date_precision,
            source: actor(r.source),
            target: actor(r.target),
            cameo: r.cameo,
            cameo_name: r.cameo_name,
            plover: r.plover_type.map(|kind| EventPlover { kind, mode: r.plover_mode, context }),
            goldstein: r.goldstein as f32,
            quad_class,
            place,
            num_mentions: count(r.counts[0]),
            num_sources: count(r.counts[1]),
            num_articles: count(r.counts[2]),
            root,
            confidence,
            flags,
            added: r.added,
            reports,
        })
    }

    fn event_reports(&self, id: i64) -> Result<Vec<EventReport>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT m.doc_id, d.external_id, d.url, COALESCE(d.source, d.site), d.title, substr(d.dct, 1, 10), \
                 m.sentence, m.sentences, m.sentence_text, m.start, m.\"end\", m.evidence, m.trigger, m.source_text, \
                 m.target_text, m.negated, m.hypothetical, m.future, m.reported, m.confidence, m.root, m.date, \
                 m.date_basis, m.location_basis FROM event_mentions m JOIN documents d ON d.id = m.doc_id \
                 WHERE m.event_id = ?1 ORDER BY d.dct IS NULL, d.dct, d.seq, m.idx",
            )
            .and_then(|mut s| {
                s.query_map([id], |r| {
                    let num =
                        |i: usize| -> rusqlite::Result<usize> { Ok(usize::try_from(r.get::<_, i64>(i)?).unwrap_or(0)) };
                    Ok(EventReport {
                        doc: DocId(r.get(0)?),
                        external_id: r.get(1)?,
                        url: r.get(2)?,
                        outlet: r.get(3)?,
                        title: r.get(4)?,
                        published: r.get(5)?,
                        sentence: num(6)?,
                        sentences: u32::try_from(r.get::<_, i64>(7)?).unwrap_or(1),
                        sentence_text: r.get(8)?,
                        start: num(9)?,
                        end: num(10)?,
                        evidence: r.get(11)?,
                        trigger: r.get(12)?,
                        source_text: r.get(13)?,
                        target_text: r.get(14)?,
                        flags: EventFlags {
                            negated: r.get(15)?,
                            hypothetical: r.get(16)?,
                            future: r.get(17)?,
                            reported: r.get(18)?,
                        },
                        confidence: r.get::<_, f64>(19)? as f32,
                        root: r.get(20)?,
                        date: r.get(21)?,
                        date_basis: r.get(22)?,
                        location_basis: r.get(23)?,
                    })
                })?
                .collect()
            })
            .map_err(self.err(format!("reading the reports of event {id}")))
    }

    /// Events in the store.
    pub(super) fn event_count(&self) -> Result<u64, StoreError> {
        let n: Option<i64> = self
            .conn
            .prepare_cached("SELECT count(*) FROM events")
            .and_then(|mut s| s.query_row([], |r| r.get(0)).optional())
            .map_err(self.err("counting events"))?;
        Ok(count(n.unwrap_or(0)))
    }
}
