//! Event clusters and storylines as the store keeps them. The store does not cluster: the
//! command line runs herald-stories over the documents the store hands it as pending
//! ([`StoryDoc`], in ingest order, after the `last_seq` of the saved [`StoryState`]) and gives
//! back one [`StoryUpdate`], which the store writes in a single transaction: where each document
//! went, the rows of the clusters and storylines that changed (headline, summary sentences,
//! timeline line), and the new state with its watermark. So:
//! - a crash before the commit leaves the documents pending, and the next run places them;
//! - a run that finds nothing pending writes nothing;
//! - two processes cannot both place the same documents: the commit checks that the watermark it
//!   started from is still the stored one ([`StoreError::Unsupported`] otherwise, with what to do);
//! - the cost of a step depends on the documents it places and on the clusters they touch, not
//!   on the size of the store (pending documents are found by `seq`, members by cluster).
//!
//! [`StoreError::Unsupported`]: crate::StoreError::Unsupported

use herald_model::DocId;
use serde::Serialize;

/// The saved clustering state: herald-stories' snapshot and the last document it placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryState {
    /// The snapshot format's version, as herald-stories wrote it.
    pub version: u32,
    /// `documents.seq` of the last placed document (0: none).
    pub last_seq: i64,
    pub snapshot: Vec<u8>,
}

/// A stored document as clustering and summaries need it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryDoc {
    /// Ingest order.
    pub seq: i64,
    pub id: DocId,
    pub external_id: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    /// The publication date as stored (`YYYY-MM-DD`, possibly with a time).
    pub dct: Option<String>,
    pub language: Option<String>,
    /// The body paragraphs, joined by blank lines (boilerplate and the headline left out).
    pub body: String,
    /// The store's entities the document mentions, with their mention counts, most mentioned first.
    pub entities: Vec<(String, u32)>,
    /// Source and target actor codes of the document's coded events, with the number of events.
    pub dyads: Vec<(String, String, u32)>,
    /// The document's coded events as (source country, target country, CAMEO code), distinct,
    /// sorted; a side's country is its actor code when it has no country, empty when unknown.
    pub events: Vec<(String, String, String)>,
}

/// Where one document went.
#[derive(Clone, Debug, PartialEq)]
pub struct DocPlacement {
    pub doc: DocId,
    /// Its number in the clustering's arrival order (0, 1, ...).
    pub arrival: u32,
    pub cluster: String,
    /// The arrival number of the canonical document this one is a near-duplicate of (placed
    /// before it, in this step or an earlier one).
    pub canonical: Option<u32>,
    pub opened: bool,
    pub score: f32,
    /// What was odd about it (`empty`, `odd_date`).
    pub flags: Vec<&'static str>,
}

/// One sentence of a cluster's summary, attributed to its article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SummaryLine {
    pub doc: DocId,
    /// The article's external id, when it has one (on output only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The sentence's index in its article's body.
    pub position: u32,
    pub text: String,
}

/// A cluster's row as the clustering step writes it (the whole row is replaced).
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterWrite {
    pub id: String,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    pub size: u32,
    pub duplicates: u32,
    pub language: Option<String>,
    pub headline: String,
    pub headline_doc: Option<DocId>,
    pub summary: Vec<SummaryLine>,
    pub storyline: Option<String>,
    /// Its timeline line: the date span and the one-line description.
    pub span: String,
    pub line: String,
}

/// A storyline's row as the clustering step writes it (`clusters` 0: the row is deleted, its
/// clusters having all been merged into others).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorylineWrite {
    pub id: String,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    pub clusters: u32,
}

/// Everything one clustering step writes, in one transaction.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct StoryUpdate {
    /// The watermark the step started from; the commit fails if the stored one differs.
    pub expected_last_seq: i64,
    /// The step replaced the state from scratch (an unreadable or older snapshot): every story
    /// row is deleted before the new ones are written.
    pub rebuild: bool,
    pub state: Option<StoryState>,
    pub placements: Vec<DocPlacement>,
    /// Clusters that were merged into an older one: (merged id, surviving id). Their documents
    /// move to the surviving cluster and their rows are deleted.
    pub merged: Vec<(String, String)>,
    pub clusters: Vec<ClusterWrite>,
    pub storylines: Vec<StorylineWrite>,
}

/// Which clusters [`crate::Store::clusters`] lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClusterQuery {
    /// Only clusters whose last day is on or after this (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only clusters whose first day is on or before this.
    pub to: Option<String>,
    /// Only the clusters of this storyline.
    pub storyline: Option<String>,
    /// At most this many; 0 means no limit.
    pub limit: usize,
}

/// A cluster in a listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterSummary {
    pub id: String,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    /// Members, near-duplicates included.
    pub size: u32,
    pub duplicates: u32,
    /// Distinct outlets.
    pub sources: u32,
    pub language: Option<String>,
    pub headline: String,
    pub storyline: Option<String>,
    /// Its timeline line.
    pub span: String,
    pub line: String,
}

/// A member article of a cluster.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterMember {
    pub doc: DocId,
    pub external_id: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub dct: Option<String>,
    /// The document this one is a near-duplicate of.
    pub duplicate_of: Option<DocId>,
    pub opened: bool,
    pub score: f32,
    pub flags: String,
}

/// A coded event reported by a cluster's articles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterEvent {
    pub day: Option<String>,
    pub source: Option<String>,
    pub source_code: Option<String>,
    pub target: Option<String>,
    pub target_code: Option<String>,
    /// The stored entities of its two sides, when they are named entities.
    pub source_entity: Option<String>,
    pub target_entity: Option<String>,
    pub cameo: String,
    pub cameo_name: String,
    pub goldstein: f64,
    pub quad_class: u8,
    /// The cluster's articles that report it.
    pub articles: u32,
}

/// One cluster with its members, summary and events.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterDetail {
    #[serde(flatten)]
    pub cluster: ClusterSummary,
    pub headline_doc: Option<DocId>,
    /// In ingest order; at most the limit asked for.
    pub members: Vec<ClusterMember>,
    pub summary: Vec<SummaryLine>,
    /// Most reported first; at most the limit asked for.
    pub events: Vec<ClusterEvent>,
}

/// A storyline and its timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StorylineSummary {
    pub id: String,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    /// Its clusters, by first day (undated last): the timeline.
    pub clusters: Vec<ClusterSummary>,
}
