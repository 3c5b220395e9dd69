//! What the API and the pages show, gathered from the store in one place so that both say the
//! same thing: pages of lists, a document with its mentions and events, an entity with its
//! events, stories with their storyline's timeline, and two actors' relations. Everything here is synchronous and runs on a borrowed
//! store inside `spawn_blocking`.
//!
//! Bounds. The store lists entities, events and rejections without an offset, so their pages are
//! cut from the first `offset + limit + 1` rows, with `offset` at most [`MAX_SCAN_OFFSET`]; a
//! document's and an entity's events are found through the actor codes of its entities
//! ([`CODES_PER_LOOKUP`] codes, [`EVENTS_PER_CODE`] events each), then kept when they name this
//! document or this entity. Each bound keeps a request's cost fixed whatever the store holds.

use herald_model::{DocId, Document, EntityType, Mention};
use herald_store::{
    ClusterDetail, ClusterQuery, ClusterSummary, DocQuery, DocSummary, EntityDetail, EntityQuery, EventQuery,
    EventRecord, SearchHit, SearchQuery, Store, StoreError, StorylineSummary,
};
use herald_stories::relations::{bucket_label, bucket_start, relations, Bucket, Direction, EventRow, Relations};
use serde::Serialize;
use std::collections::{BTreeSet, HashSet};

/// Largest page.
pub const MAX_LIMIT: usize = 200;
/// Page size when none is asked for.
pub const DEFAULT_LIMIT: usize = 50;
/// Largest offset into documents (the store skips them itself).
pub const MAX_DOC_OFFSET: usize = 10_000_000;
/// Largest offset into entities, events and rejections (cut from the store's first rows).
pub const MAX_SCAN_OFFSET: usize = 10_000;
/// Actor codes looked up for a document's or an entity's events.
pub const CODES_PER_LOOKUP: usize = 12;
/// Events read per actor code for those look-ups.
pub const EVENTS_PER_CODE: usize = 500;
/// Distinct entities of a document whose names and codes are read.
pub const ENTITIES_PER_DOCUMENT: usize = 60;
/// Events shown as source and as target of an entity.
pub const EVENTS_PER_ENTITY: usize = 50;
/// Search hits per page when none is asked for, and at most.
pub const SEARCH_DEFAULT_LIMIT: usize = 20;
pub const SEARCH_MAX_LIMIT: usize = 100;
/// Largest offset into search hits (each page ranks `offset + limit` hits of each index).
pub const MAX_SEARCH_OFFSET: usize = 1_000;
/// Events read for a relations chart.
pub const RELATIONS_EVENTS: usize = 100_000;

/// One page of a list.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub limit: usize,
    pub offset: usize,
    /// The offset of the next page, when there is one.
    pub next_offset: Option<usize>,
}

impl<T> Page<T> {
    /// A page cut from `rows`, which are the store's first `offset + limit + 1` (or fewer) rows.
    fn cut(mut rows: Vec<T>, limit: usize, offset: usize) -> Page<T> {
        let more = rows.len() > offset + limit;
        rows.truncate(offset + limit);
        let items = rows.into_iter().skip(offset).collect();
        Page { items, limit, offset, next_offset: more.then_some(offset + limit) }
    }
}

/// One page of search hits, best first.
pub fn search(store: &dyn Store, mut q: SearchQuery) -> Result<Page<SearchHit>, StoreError> {
    let (limit, offset) = (q.limit, q.offset);
    q.limit = limit + 1;
    let mut items = store.search(&q)?;
    let more = items.len() > limit;
    items.truncate(limit);
    Ok(Page { items, limit, offset, next_offset: more.then_some(offset + limit) })
}

pub fn documents(store: &dyn Store, mut q: DocQuery) -> Result<Page<DocSummary>, StoreError> {
    let (limit, offset) = (q.limit, q.offset);
    q.limit = limit + 1;
    let mut items = store.documents(&q)?;
    let more = items.len() > limit;
    items.truncate(limit);
    Ok(Page { items, limit, offset, next_offset: more.then_some(offset + limit) })
}

pub fn entities(
    store: &dyn Store,
    kind: Option<EntityType>,
    limit: usize,
    offset: usize,
) -> Result<Page<herald_store::EntitySummary>, StoreError> {
    let rows = store.entities(&EntityQuery { kind, limit: offset + limit + 1 })?;
    Ok(Page::cut(rows, limit, offset))
}

pub fn events(
    store: &dyn Store,
    mut q: EventQuery,
    limit: usize,
    offset: usize,
) -> Result<Page<EventRecord>, StoreError> {
    q.limit = offset + limit + 1;
    Ok(Page::cut(store.events(&q)?, limit, offset))
}

pub fn rejected(store: &dyn Store, limit: usize, offset: usize) -> Result<Page<herald_store::RejectedRow>, StoreError> {
    Ok(Page::cut(store.rejected(offset + limit + 1)?, limit, offset))
}

/// An entity a document mentions.
#[derive(Debug, Serialize)]
pub struct DocEntity {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Mentions in this document.
    pub mentions: usize,
    /// The actor codes the store holds for the entity.
    pub codes: Vec<String>,
}

/// A document with what was read in it.
#[derive(Debug, Serialize)]
pub struct DocumentView {
    pub document: Document,
    pub mentions: Vec<Mention>,
    /// Most mentioned first (at most [`ENTITIES_PER_DOCUMENT`]).
    pub entities: Vec<DocEntity>,
    /// Events this document reports, latest first.
    pub events: Vec<EventRecord>,
}

pub fn document(store: &dyn Store, key: &str) -> Result<Option<DocumentView>, StoreError> {
    let Some(document) = store.document(key)? else { return Ok(None) };
    let mentions = store.mentions(&document.id)?;
    let mut counts: Vec<(String, usize)> = Vec::new();
    for m in &mentions {
        match counts.iter_mut().find(|(id, _)| *id == m.entity) {
            Some((_, n)) => *n += 1,
            None => counts.push((m.entity.clone(), 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.truncate(ENTITIES_PER_DOCUMENT);
    let mut entities = Vec::with_capacity(counts.len());
    for (id, n) in counts {
        if let Some(d) = store.entity(&id, 1)? {
            let codes = d.record.codes.iter().map(|c| c.code.clone()).collect();
            entities.push(DocEntity { id, name: d.record.name, kind: d.record.kind, mentions: n, codes });
        }
    }
    let codes: Vec<&str> = entities.iter().flat_map(|e| e.codes.iter().map(String::as_str)).collect();
    let events = events_with(store, &codes, |e| e.reports.iter().any(|r| r.doc == document.id))?;
    Ok(Some(DocumentView { document, mentions, entities, events }))
}

/// An entity with the events it took part in.
#[derive(Debug, Serialize)]
pub struct EntityView {
    #[serde(flatten)]
    pub detail: EntityDetail,
    /// Latest first, at most [`EVENTS_PER_ENTITY`] each.
    pub events_as_source: Vec<EventRecord>,
    pub events_as_target: Vec<EventRecord>,
}

pub fn entity(store: &dyn Store, id: &str, limit: usize) -> Result<Option<EntityView>, StoreError> {
    let Some(detail) = store.entity(id, limit)? else { return Ok(None) };
    let codes: Vec<&str> = detail.record.codes.iter().map(|c| c.code.as_str()).collect();
    let is = |a: &Option<herald_store::EventActor>| a.as_ref().and_then(|a| a.entity.as_deref()) == Some(id);
    let all = events_with(store, &codes, |e| is(&e.source) || is(&e.target))?;
    let (mut events_as_source, mut events_as_target) = (Vec::new(), Vec::new());
    for e in all {
        if is(&e.source) && events_as_source.len() < EVENTS_PER_ENTITY {
            events_as_source.push(e.clone());
        }
        if is(&e.target) && events_as_target.len() < EVENTS_PER_ENTITY {
            events_as_target.push(e);
        }
    }
    Ok(Some(EntityView { detail, events_as_source, events_as_target }))
}

/// Events with an actor code starting with one of `codes` (the first [`CODES_PER_LOOKUP`]
/// distinct ones) that `keep` accepts, each once, latest day first.
fn events_with(
    store: &dyn Store,
    codes: &[&str],
    keep: impl Fn(&EventRecord) -> bool,
) -> Result<Vec<EventRecord>, StoreError> {
    let codes: BTreeSet<&str> = codes.iter().copied().filter(|c| !c.is_empty()).collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for code in codes.into_iter().take(CODES_PER_LOOKUP) {
        let q = EventQuery { actor: Some(code.to_string()), limit: EVENTS_PER_CODE, ..EventQuery::default() };
        for e in store.events(&q)? {
            if keep(&e) && seen.insert(e.id) {
                out.push(e);
            }
        }
    }
    // Latest day first, undated last, as the store orders them.
    out.sort_by(|a, b| match (&a.day, &b.day) {
        (Some(x), Some(y)) => y.cmp(x).then(b.num_articles.cmp(&a.num_articles)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => b.num_articles.cmp(&a.num_articles),
    });
    Ok(out)
}

/// The most reported of the latest `scan` events, `n` of them.
pub fn most_reported(store: &dyn Store, scan: usize, n: usize) -> Result<Vec<EventRecord>, StoreError> {
    let mut all = store.events(&EventQuery { limit: scan, ..EventQuery::default() })?;
    all.sort_by(|a, b| b.num_articles.cmp(&a.num_articles).then(b.num_mentions.cmp(&a.num_mentions)));
    all.truncate(n);
    Ok(all)
}

/// One bucket of a relations chart, for JSON.
#[derive(Debug, Serialize)]
pub struct RelationRowJson {
    pub bucket: String,
    /// The bucket's first day.
    pub start: String,
    pub verbal_cooperation: u32,
    pub material_cooperation: u32,
    pub verbal_conflict: u32,
    pub material_conflict: u32,
    pub total: u32,
    /// Rounded to two decimals, as the TSV prints it.
    pub mean_goldstein: Option<f64>,
}

/// Two actors' relations and the events behind them.
pub struct RelationsView {
    pub rel: Relations,
    /// Events between the two without a day.
    pub undated: usize,
    /// Whether [`RELATIONS_EVENTS`] cut the events read.
    pub capped: bool,
    /// The events read, latest first.
    pub events: Vec<EventRecord>,
}

impl RelationsView {
    pub fn rows_json(&self) -> Vec<RelationRowJson> {
        self.rel
            .rows
            .iter()
            .map(|r| RelationRowJson {
                bucket: r.label.clone(),
                start: herald_stories::format_day(r.start_day),
                verbal_cooperation: r.counts[0],
                material_cooperation: r.counts[1],
                verbal_conflict: r.counts[2],
                material_conflict: r.counts[3],
                total: r.total(),
                mean_goldstein: r.mean_goldstein.map(|g| (f64::from(g) * 100.0).round() / 100.0),
            })
            .collect()
    }

    /// The label of the bucket an event falls in, when it has a day.
    pub fn bucket_of(&self, e: &EventRecord) -> Option<String> {
        let day = herald_stories::parse_day(e.day.as_deref()?)?;
        Some(bucket_label(bucket_start(day, self.rel.by), self.rel.by))
    }
}

pub fn bucket_name(by: Bucket) -> &'static str {
    match by {
        Bucket::Day => "day",
        Bucket::Week => "week",
        Bucket::Month => "month",
    }
}

pub fn relations_view(
    store: &dyn Store,
    a: &str,
    b: &str,
    by: Bucket,
    directed: bool,
) -> Result<RelationsView, StoreError> {
    let q = EventQuery {
        dyad: Some((a.to_string(), b.to_string())),
        directed,
        limit: RELATIONS_EVENTS,
        ..EventQuery::default()
    };
    let events = store.events(&q)?;
    let capped = events.len() >= RELATIONS_EVENTS;
    let mut undated = 0usize;
    let mut rows = Vec::with_capacity(events.len());
    for e in &events {
        let (Some(s), Some(t)) = (&e.source, &e.target) else { continue };
        match e.day.as_deref().and_then(herald_stories::parse_day) {
            Some(day) => rows.push(EventRow {
                day,
                source: &s.code,
                target: &t.code,
                quad_class: e.quad_class,
                goldstein: e.goldstein,
            }),
            None => undated += 1,
        }
    }
    let direction = if directed { Direction::Directed } else { Direction::Both };
    let rel = relations(&rows, a, b, by, direction);
    Ok(RelationsView { rel, undated, capped, events })
}

/// The chart's title.
pub fn relations_title(v: &RelationsView) -> String {
    let arrow = if v.rel.direction == Direction::Directed { "→" } else { "↔" };
    format!("{} {arrow} {}: events per {} by QuadClass, mean Goldstein", v.rel.a, v.rel.b, bucket_name(v.rel.by))
}

/// A document id as the store names it, for links.
pub fn doc_key(id: &DocId) -> &str {
    &id.0
}

/// Stories (event clusters), latest last day first.
pub fn stories(
    store: &dyn Store,
    mut q: ClusterQuery,
    limit: usize,
    offset: usize,
) -> Result<Page<ClusterSummary>, StoreError> {
    q.limit = offset + limit + 1;
    Ok(Page::cut(store.clusters(&q)?, limit, offset))
}

/// The biggest of the latest `scan` stories (most articles, then most outlets), `n` of them.
pub fn biggest_stories(store: &dyn Store, scan: usize, n: usize) -> Result<Vec<ClusterSummary>, StoreError> {
    let mut all = store.clusters(&ClusterQuery { limit: scan, ..ClusterQuery::default() })?;
    all.sort_by(|a, b| b.size.cmp(&a.size).then(b.sources.cmp(&a.sources)));
    all.truncate(n);
    Ok(all)
}

/// Stories shown in a storyline's timeline.
pub const TIMELINE_STORIES: usize = 100;

/// A story with its storyline's timeline.
#[derive(Debug, Serialize)]
pub struct StoryView {
    #[serde(flatten)]
    pub detail: ClusterDetail,
    /// The stories of its storyline by first day (this one included), at most [`TIMELINE_STORIES`].
    pub timeline: Vec<ClusterSummary>,
    /// Who it is about: the entities its articles mention, in most articles first (at most
    /// [`STORY_ACTORS`]), then the sides of its events that no stored entity names.
    pub actors: Vec<StoryActor>,
}

/// An entity a story's articles mention, or a side of its events.
#[derive(Debug, Serialize)]
pub struct StoryActor {
    pub name: String,
    pub code: Option<String>,
    /// The stored entity, when it is one, and its canonical name.
    pub entity: Option<String>,
    pub entity_name: Option<String>,
}

/// Entities listed with a story.
pub const STORY_ACTORS: usize = 16;

/// Members whose mentions say who a story is about (the first half and the latest half): each
/// is read whole, so this bounds a big story's page (with 40, the load test's story pages had a
/// p99 of 89–92 ms; with 16, 81; who a story is about shows in its first and latest reports).
pub const WHO_MEMBERS: usize = 16;

pub fn story(store: &dyn Store, key: &str, limit: usize) -> Result<Option<StoryView>, StoreError> {
    let Some(detail) = store.cluster(key, limit)? else { return Ok(None) };
    let timeline = match &detail.cluster.storyline {
        Some(s) => store.clusters(&ClusterQuery {
            storyline: Some(s.clone()),
            limit: TIMELINE_STORIES,
            ..ClusterQuery::default()
        })?,
        None => Vec::new(),
    };
    // Who the story is about: the entities its articles mention, in most articles first (then
    // most mentions), each with its actor code when it is a side of one of the story's events;
    // then the sides of its events that no stored entity names ("Western nations").
    let members = store.cluster_member_docs(std::slice::from_ref(&detail.cluster.id), WHO_MEMBERS)?;
    let mut mentioned: Vec<(&str, usize, u32)> = Vec::new();
    for d in &members {
        for (id, n) in &d.entities {
            match mentioned.iter_mut().find(|m| m.0 == id) {
                Some(m) => {
                    m.1 += 1;
                    m.2 += n;
                }
                None => mentioned.push((id, 1, *n)),
            }
        }
    }
    mentioned.sort_by_key(|m| std::cmp::Reverse((m.1, m.2)));
    let sides = detail
        .events
        .iter()
        .flat_map(|e| [(&e.source, &e.source_code, &e.source_entity), (&e.target, &e.target_code, &e.target_entity)]);
    let mut actors: Vec<StoryActor> = Vec::new();
    for (id, _, _) in mentioned.into_iter().take(STORY_ACTORS) {
        let Some(found) = store.find_entities(id)?.into_iter().find(|e| e.id == id) else { continue };
        let code = sides.clone().find(|s| s.2.as_deref() == Some(id)).and_then(|s| s.1.clone());
        actors.push(StoryActor {
            name: found.name.clone(),
            code,
            entity: Some(found.id),
            entity_name: Some(found.name),
        });
    }
    for (name, code, _) in sides.filter(|s| s.2.is_none()) {
        let Some(name) = name.as_ref().filter(|n| !n.is_empty()) else { continue };
        if actors.len() >= 2 * STORY_ACTORS {
            break;
        }
        if !actors.iter().any(|a| a.name == *name) {
            actors.push(StoryActor { name: name.clone(), code: code.clone(), entity: None, entity_name: None });
        }
    }
    Ok(Some(StoryView { detail, timeline, actors }))
}

/// Storylines, latest first, each with at most `clusters` stories of its timeline.
pub fn storylines(
    store: &dyn Store,
    limit: usize,
    offset: usize,
    clusters: usize,
) -> Result<Page<StorylineSummary>, StoreError> {
    Ok(Page::cut(store.storylines(offset + limit + 1, clusters)?, limit, offset))
}
