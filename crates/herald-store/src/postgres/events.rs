//! Events in PostgreSQL: the row operations of storing one new document's coded events (which
//! stored event an article's event joins, and which counts move, is decided in
//! `crate::annotate`), and the read side (filtered listings, streaming for exports).

use super::{count, limit_value, prefix, to_i64, Db, Params, PgStore};
use crate::annotate::{EventRows, NewEvent};
use crate::{
    EventActor, EventFlags, EventInput, EventPlace, EventPlover, EventQuery, EventRecord, EventReport, StoreError,
};
use herald_model::{DocId, Document};
use postgres::Row;

/// The event rows of one document, inside the document's transaction.
pub(super) struct Rows<'a> {
    pub db: &'a mut Db,
    pub path: &'a str,
    pub doc: &'a Document,
    pub now: &'a str,
}

impl Rows<'_> {
    fn sql(&self, action: &str) -> impl FnOnce(postgres::Error) -> StoreError {
        let action = format!("{action} (document {})", self.doc.id);
        let path = self.path.to_string();
        move |cause| StoreError::Postgres { path, action, cause }
    }
}

impl EventRows for Rows<'_> {
    fn upsert_event(&mut self, n: &NewEvent<'_>) -> Result<i64, StoreError> {
        let e = n.input;
        let s = n.source;
        let t = n.target;
        let p = e.place.as_ref();
        // Known already: this article joins it. Else the next id, as SQLite numbers rows (the
        // writers' lock makes it safe), so that both backends give an event the same id.
        let err = self.sql("reading an event");
        if let Some(r) = self.db.query_opt("SELECT id FROM events WHERE key = $1", &[&n.key]).map_err(err)? {
            return Ok(r.get(0));
        }
        let err = self.sql("storing an event");
        let plover_type = e.plover.as_ref().map(|p| p.kind.as_str());
        let plover_mode = e.plover.as_ref().and_then(|p| p.mode.as_deref());
        let quad_class = i64::from(e.quad_class);
        let goldstein = f64::from(e.goldstein);
        let row = self
            .db
            .query_one(
                "INSERT INTO events (id, key, day, date, date_precision, source_code, source_entity, source_name, \
                 source_country, source_sector, target_code, target_entity, target_name, target_country, \
                 target_sector, cameo, cameo_name, plover_type, plover_mode, plover_context, goldstein, quad_class, \
                 place_name, place_entity, place_kind, place_country, place_lat, place_lon, first_doc, added_at) \
                 VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM events), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
                 $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29) RETURNING id",
                &[
                    &n.key,
                    &n.day,
                    &n.date,
                    &n.date_precision,
                    &s.map(|a| a.code.as_str()),
                    &n.source_entity,
                    &s.map(|a| a.text.as_str()),
                    &s.and_then(|a| a.country.as_deref()),
                    &s.and_then(|a| a.sector.as_deref()),
                    &t.map(|a| a.code.as_str()),
                    &n.target_entity,
                    &t.map(|a| a.text.as_str()),
                    &t.and_then(|a| a.country.as_deref()),
                    &t.and_then(|a| a.sector.as_deref()),
                    &e.cameo,
                    &e.cameo_name,
                    &plover_type,
                    &plover_mode,
                    &n.context,
                    &goldstein,
                    &quad_class,
                    &p.map(|p| p.name.as_str()),
                    &n.place_entity,
                    &p.map(|p| p.kind.as_str()),
                    &p.map(|p| p.country.as_str()),
                    &p.and_then(|p| p.lat),
                    &p.and_then(|p| p.lon),
                    &self.doc.id.0,
                    &self.now,
                ],
            )
            .map_err(err)?;
        Ok(row.get(0))
    }

    fn put_report(
        &mut self,
        idx: usize,
        event_id: i64,
        e: &EventInput,
        sentence_text: &str,
        evidence: &str,
    ) -> Result<(), StoreError> {
        let err = self.sql("storing an event mention");
        let p = e.place.as_ref();
        self.db
            .execute(
                "INSERT INTO event_mentions (doc_id, idx, event_id, sentence, sentences, sentence_text, start, \
                 \"end\", trigger_start, trigger_end, trigger, evidence, source_text, target_text, negated, \
                 hypothetical, future, reported, confidence, root, date, date_basis, location_basis) VALUES ($1, \
                 $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, \
                 $23)",
                &[
                    &self.doc.id.0,
                    &to_i64(idx),
                    &event_id,
                    &to_i64(e.sentence),
                    &i64::from(e.mentions.max(1)),
                    &sentence_text,
                    &to_i64(e.evidence.0),
                    &to_i64(e.evidence.1),
                    &to_i64(e.trigger_span.0),
                    &to_i64(e.trigger_span.1),
                    &e.trigger,
                    &evidence,
                    &e.source.as_ref().map(|a| a.text.as_str()),
                    &e.target.as_ref().map(|a| a.text.as_str()),
                    &e.flags.negated,
                    &e.flags.hypothetical,
                    &e.flags.future,
                    &e.flags.reported,
                    &f64::from(e.confidence),
                    &e.root,
                    &e.date.as_ref().map(|d| d.value.as_str()),
                    &e.date.as_ref().map(|d| d.basis.as_str()),
                    &p.map(|p| p.basis.as_str()),
                ],
            )
            .map_err(err)?;
        Ok(())
    }

    fn add_source(&mut self, event_id: i64, outlet: &str) -> Result<bool, StoreError> {
        let err = self.sql("storing event sources");
        let n = self
            .db
            .execute(
                "INSERT INTO event_sources (event_id, source) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&event_id, &outlet],
            )
            .map_err(err)?;
        Ok(n > 0)
    }

    fn add_counts(&mut self, event_id: i64, mentions: i64, articles: i64, sources: i64) -> Result<(), StoreError> {
        let err = self.sql("counting event mentions");
        self.db
            .execute(
                "UPDATE events SET num_mentions = num_mentions + $2, num_articles = num_articles + $3, \
                 num_sources = num_sources + $4 WHERE id = $1",
                &[&event_id, &mentions, &articles, &sources],
            )
            .map_err(err)?;
        Ok(())
    }
}

/// The event columns, in the order [`event_row`] reads them.
const EVENT_COLUMNS: &str = "id, key, day, date, date_precision, source_code, source_entity, \
     COALESCE((SELECT name FROM entities WHERE entities.id = source_entity), source_name), source_country, \
     source_sector, target_code, target_entity, \
     COALESCE((SELECT name FROM entities WHERE entities.id = target_entity), target_name), target_country, \
     target_sector, cameo, \
     cameo_name, plover_type, plover_mode, plover_context, goldstein, quad_class, place_name, place_entity, \
     place_kind, place_country, place_lat, place_lon, num_mentions, num_sources, num_articles, added_at";

/// An actor from its stored columns (code, entity, name, country, sector) at `at`.
fn actor(r: &Row, at: usize) -> Option<EventActor> {
    let code: Option<String> = r.get(at);
    Some(EventActor {
        code: code?,
        entity: r.get(at + 1),
        text: r.get::<_, Option<String>>(at + 2).unwrap_or_default(),
        country: r.get(at + 3),
        sector: r.get(at + 4),
    })
}

impl PgStore {
    /// Events matching `q`, latest day first (undated last), then most articles first.
    pub(super) fn list_events(&self, q: &EventQuery) -> Result<Vec<EventRecord>, StoreError> {
        let mut p = Params::default();
        let mut conditions: Vec<String> = Vec::new();
        if let Some(a) = &q.actor {
            let s = prefix("source_code", a, &mut p);
            let t = prefix("target_code", a, &mut p);
            conditions.push(format!("({s} OR {t})"));
        }
        if let Some((a, b)) = &q.dyad {
            let ab = format!("({} AND {})", prefix("source_code", a, &mut p), prefix("target_code", b, &mut p));
            if q.directed {
                conditions.push(ab);
            } else {
                let ba = format!("({} AND {})", prefix("source_code", b, &mut p), prefix("target_code", a, &mut p));
                conditions.push(format!("({ab} OR {ba})"));
            }
        }
        if let Some(c) = &q.code {
            conditions.push(prefix("cameo", c, &mut p));
        }
        if let Some(from) = &q.from {
            crate::check_date_bound("from", from)?;
            conditions.push(format!("day >= {}", p.push(from.clone())));
        }
        if let Some(to) = &q.to {
            crate::check_date_bound("to", to)?;
            conditions.push(format!("day < {}", p.push(format!("{to}~"))));
        }
        let mut sql = format!("SELECT {EVENT_COLUMNS} FROM events");
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        let limit = p.push(limit_value(q.limit));
        sql.push_str(&format!(" ORDER BY day DESC NULLS LAST, num_articles DESC, num_mentions DESC, id LIMIT {limit}"));
        let rows = self.read(|db| db.query(&sql, &p.refs()).map_err(self.err("listing events")))?;
        rows.iter().map(|r| self.event_record(r)).collect()
    }

    /// Calls `f` with every event, in the order they were first stored.
    pub(super) fn each_event(
        &self,
        f: &mut dyn FnMut(EventRecord) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut last = 0i64;
        loop {
            let page = self.read(|db| {
                db.query(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE id > $1 ORDER BY id LIMIT 256"), &[&last])
                    .map_err(self.err("reading events"))
            })?;
            let Some(l) = page.last() else { return Ok(()) };
            last = l.get(0);
            for r in &page {
                f(self.event_record(r)?)?;
            }
        }
    }

    fn event_record(&self, r: &Row) -> Result<EventRecord, StoreError> {
        let id: i64 = r.get(0);
        let what = || format!("event {id}");
        let context_text: String = r.get(19);
        let context: Vec<String> = serde_json::from_str(&context_text)
            .map_err(|e| self.corrupt(what(), format!("PLOVER context '{context_text}': {e}")))?;
        let quad: i64 = r.get(21);
        let quad_class = u8::try_from(quad).map_err(|_| self.corrupt(what(), format!("quad class {quad}")))?;
        let reports = self.event_reports(id)?;
        let flags = reports.iter().fold(EventFlags::default(), |f, m| f.or(m.flags));
        let confidence = reports.iter().map(|m| m.confidence).fold(0.0f32, f32::max);
        let root = reports.iter().any(|m| m.root);
        let place = r.get::<_, Option<String>>(22).map(|name| EventPlace {
            name,
            entity: r.get(23),
            kind: r.get::<_, Option<String>>(24).unwrap_or_default(),
            country: r.get::<_, Option<String>>(25).unwrap_or_default(),
            lat: r.get(26),
            lon: r.get(27),
            basis: String::new(),
        });
        let plover_type: Option<String> = r.get(17);
        Ok(EventRecord {
            id,
            key: r.get(1),
            day: r.get(2),
            date: r.get(3),
            date_precision: r.get(4),
            source: actor(r, 5),
            target: actor(r, 10),
            cameo: r.get(15),
            cameo_name: r.get(16),
            plover: plover_type.map(|kind| EventPlover { kind, mode: r.get(18), context }),
            goldstein: r.get::<_, f64>(20) as f32,
            quad_class,
            place,
            num_mentions: count(r.get(28)),
            num_sources: count(r.get(29)),
            num_articles: count(r.get(30)),
            root,
            confidence,
            flags,
            added: r.get(31),
            reports,
        })
    }

    fn event_reports(&self, id: i64) -> Result<Vec<EventReport>, StoreError> {
        let rows = self.read(|db| {
            db.query(
                "SELECT m.doc_id, d.external_id, d.url, COALESCE(d.source, d.site), d.title, substr(d.dct, 1, 10), \
                 m.sentence, m.sentences, m.sentence_text, m.start, m.\"end\", m.evidence, m.trigger, m.source_text, \
                 m.target_text, m.negated, m.hypothetical, m.future, m.reported, m.confidence, m.root, m.date, \
                 m.date_basis, m.location_basis FROM event_mentions m JOIN documents d ON d.id = m.doc_id \
                 WHERE m.event_id = $1 ORDER BY d.dct IS NULL, d.dct, d.seq, m.idx",
                &[&id],
            )
            .map_err(self.err(format!("reading the reports of event {id}")))
        })?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let num = |i: usize| usize::try_from(r.get::<_, i64>(i)).unwrap_or(0);
                EventReport {
                    doc: DocId(r.get(0)),
                    external_id: r.get(1),
                    url: r.get(2),
                    outlet: r.get(3),
                    title: r.get(4),
                    published: r.get(5),
                    sentence: num(6),
                    sentences: u32::try_from(r.get::<_, i64>(7)).unwrap_or(1),
                    sentence_text: r.get(8),
                    start: num(9),
                    end: num(10),
                    evidence: r.get(11),
                    trigger: r.get(12),
                    source_text: r.get(13),
                    target_text: r.get(14),
                    flags: EventFlags {
                        negated: r.get(15),
                        hypothetical: r.get(16),
                        future: r.get(17),
                        reported: r.get(18),
                    },
                    confidence: r.get::<_, f64>(19) as f32,
                    root: r.get(20),
                    date: r.get(21),
                    date_basis: r.get(22),
                    location_basis: r.get(23),
                }
            })
            .collect())
    }
}
