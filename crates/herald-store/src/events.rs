//! Coded political events as the store keeps them: what an ingest run hands over for one article
//! ([`EventInput`], plain data converted from `herald_events::Event` by the command line, so the
//! store does not depend on the coder), and what the reading side gets back ([`EventRecord`]: one
//! event across the store, with GDELT-like counts and every article sentence that reports it).
//!
//! Keying. Events of different articles are one event when they share a key: the event's date
//! (its day, or the TIMEX value when it is coarser than a day, such as `2015-04` or `2013-W18-WE`;
//! the article's publication day when the text dates it no better), the source and target actor
//! codes, the full CAMEO code and the place (the store's entity for it, else its name). So Kerry
//! meeting Lavrov in Moscow in May 2013 and in Sochi in May 2015 are two events, and two outlets
//! reporting the Sochi meeting make one event with two articles.
//!
//! Counts, as GDELT defines them: `num_mentions` sentences that report the event (over all
//! articles), `num_sources` distinct outlets (a document's `source`, else its `site`; documents
//! with neither count as one unknown outlet), `num_articles` distinct documents.

use herald_model::DocId;
use serde::Serialize;

/// One side of an event. On input `entity` is the article's entity id (the store maps it to its
/// own, as it does for mentions); on output it is the store's entity id and `text` the entity's
/// canonical name (the words of the first report when the actor is no stored entity).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventActor {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    pub text: String,
    /// CAMEO actor code ("USAGOV", "RUSGOV", "IGOEUREEC").
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
}

/// When an event happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventDate {
    /// TIMEX3-style value: `2013-05-07`, `2013-W18-WE`, `2015-04`.
    pub value: String,
    /// time, day, week, month, season, quarter, year, decade, other.
    pub precision: String,
    /// clause, sentence, previous, dct: where the date was read.
    pub basis: String,
}

/// Where an event happened.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventPlace {
    pub name: String,
    /// The entity of the place (the article's id on input, the store's on output).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// city, country or state.
    pub kind: String,
    /// ISO 3166 alpha-3.
    pub country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// sentence, previous, article: where the place was read (per report on output).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub basis: String,
}

/// What is said of an event's reality.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EventFlags {
    pub negated: bool,
    pub hypothetical: bool,
    pub future: bool,
    pub reported: bool,
}

impl EventFlags {
    /// Either's flags.
    pub fn or(self, o: EventFlags) -> EventFlags {
        EventFlags {
            negated: self.negated || o.negated,
            hypothetical: self.hypothetical || o.hypothetical,
            future: self.future || o.future,
            reported: self.reported || o.reported,
        }
    }

    /// The names of the flags set, in a fixed order.
    pub fn names(self) -> Vec<&'static str> {
        [
            (self.negated, "negated"),
            (self.hypothetical, "hypothetical"),
            (self.future, "future"),
            (self.reported, "reported"),
        ]
        .into_iter()
        .filter_map(|(on, n)| on.then_some(n))
        .collect()
    }
}

/// PLOVER event type, mode and context.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventPlover {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    pub context: Vec<String>,
}

/// One event an article reports, as the coder gave it (merged within the article).
#[derive(Clone, Debug, PartialEq)]
pub struct EventInput {
    /// Index of the sentence of its first mention, and that sentence's byte span in the text.
    pub sentence: usize,
    pub sentence_span: (usize, usize),
    pub source: Option<EventActor>,
    pub target: Option<EventActor>,
    pub cameo: String,
    pub cameo_name: String,
    pub plover: Option<EventPlover>,
    pub goldstein: f32,
    pub quad_class: u8,
    pub date: Option<EventDate>,
    pub place: Option<EventPlace>,
    /// The evidence span (trigger and actors) and the trigger's span, bytes into the text.
    pub evidence: (usize, usize),
    pub trigger_span: (usize, usize),
    pub trigger: String,
    pub flags: EventFlags,
    pub confidence: f32,
    /// Sentences of the article that report it.
    pub mentions: u32,
    /// The event the article's lead reports.
    pub root: bool,
}

/// Which events [`crate::Store::events`] lists. Codes are prefixes: `USA` matches `USA`,
/// `USAGOV` and `USAMIL`; `04` matches every CAMEO consultation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EventQuery {
    /// Events whose source or target code starts with this.
    pub actor: Option<String>,
    /// Events between the two: by default in either direction (A→B and B→A); only A→B when
    /// `directed` is set.
    pub dyad: Option<(String, String)>,
    pub directed: bool,
    /// CAMEO code prefix.
    pub code: Option<String>,
    /// Events on or after this day (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), by [`EventRecord::day`];
    /// events without a day are left out when a bound is set.
    pub from: Option<String>,
    /// Events on or before this day.
    pub to: Option<String>,
    /// At most this many; 0 means no limit.
    pub limit: usize,
}

/// One report of an event: the article and the sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventReport {
    pub doc: DocId,
    pub external_id: Option<String>,
    pub url: Option<String>,
    /// The outlet (the document's source, else its site).
    pub outlet: Option<String>,
    pub title: Option<String>,
    /// The document's publication day.
    pub published: Option<String>,
    pub sentence: usize,
    /// Sentences of this article that report the event.
    pub sentences: u32,
    pub sentence_text: String,
    pub start: usize,
    pub end: usize,
    pub evidence: String,
    pub trigger: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_text: Option<String>,
    pub flags: EventFlags,
    pub confidence: f32,
    pub root: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_basis: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_basis: Option<String>,
}

/// One event across the store.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRecord {
    /// The store's number for the event (GDELT's GLOBALEVENTID).
    pub id: i64,
    pub key: String,
    /// The day to sort and filter by: the event's own day, else the publication day of the
    /// first article that reported it.
    pub day: Option<String>,
    /// The event's date as the text gives it, with its precision.
    pub date: Option<String>,
    pub date_precision: Option<String>,
    pub source: Option<EventActor>,
    pub target: Option<EventActor>,
    pub cameo: String,
    pub cameo_name: String,
    pub plover: Option<EventPlover>,
    pub goldstein: f32,
    pub quad_class: u8,
    pub place: Option<EventPlace>,
    pub num_mentions: u64,
    pub num_sources: u64,
    pub num_articles: u64,
    /// Any report is the root event of its article.
    pub root: bool,
    /// The best confidence of the reports.
    pub confidence: f32,
    /// The flags of any report.
    pub flags: EventFlags,
    /// When the event was first stored (`YYYY-MM-DDThh:mm:ss.sssZ`, UTC).
    pub added: String,
    /// The reports, oldest article first.
    pub reports: Vec<EventReport>,
}
