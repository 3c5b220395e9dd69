//! Entities as the store keeps them: what an ingest run hands over for one document (its
//! mentions and entities, with the article's own ids), and what the reading side gets back
//! (canonical entities with their aliases, actor codes by date, articles and co-mentions).
//!
//! The store links an article's entities to the entities it already holds when the document is
//! committed (see [`crate::Store::commit_annotated`]): candidates are fetched by the link keys of
//! `herald_entities::link`, never by scanning the entity table.

use herald_model::{DocId, Document, Entity, EntityType, Mention, Place};
use serde::Serialize;

/// What the annotator made of one document.
#[derive(Clone, Debug, PartialEq)]
pub enum Annotated {
    /// Mentions, entities and coded events as one article resolved them; mention `entity`
    /// fields (and the actors' and places' of events) name the article's entity ids, which the
    /// store replaces by its own.
    Entities { mentions: Vec<Mention>, entities: Vec<Entity>, events: Vec<crate::EventInput> },
    /// The annotator failed on this document; the reason is kept and the document is stored
    /// without entities.
    Failed(String),
}

/// A document with its annotation, when there is one, for [`crate::Store::commit_annotated`].
#[derive(Clone, Debug, PartialEq)]
pub struct AnnotatedDocument {
    pub doc: Document,
    pub annotation: Option<Annotated>,
}

/// Which entities [`crate::Store::entities`] lists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EntityQuery {
    /// Only entities of this type.
    pub kind: Option<EntityType>,
    /// At most this many; 0 means no limit.
    pub limit: usize,
}

/// A form an entity was called by, and how many articles used it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AliasCount {
    pub alias: String,
    pub articles: u64,
}

/// One line of an entity listing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntitySummary {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Documents that mention the entity.
    pub articles: u64,
    /// Mentions over all documents.
    pub mentions: u64,
    /// The most used forms other than the canonical name, most used first (at most five).
    pub aliases: Vec<AliasCount>,
}

/// An actor code an entity carried, and over which articles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CodeSpan {
    pub code: String,
    /// The earliest and latest publication day (`YYYY-MM-DD`) of the articles that gave the
    /// entity this code; `None` when none of them is dated.
    pub first: Option<String>,
    pub last: Option<String>,
    /// Articles that gave the entity this code.
    pub articles: u64,
}

/// One article that mentions an entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityArticle {
    pub doc: DocId,
    pub external_id: Option<String>,
    /// The document's publication day, when known.
    pub day: Option<String>,
    pub title: Option<String>,
    /// The canonical name the article gave the entity.
    pub name: String,
    /// The actor code the entity had in this article.
    pub code: Option<String>,
    pub mentions: u64,
}

/// Another entity mentioned in the same articles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CoMention {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Articles that mention both.
    pub articles: u64,
}

/// Everything the store knows about one entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityRecord {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    /// Every form other than the canonical name, most used first.
    pub aliases: Vec<AliasCount>,
    /// Actor codes in order of first use.
    pub codes: Vec<CodeSpan>,
    /// Documents that mention the entity.
    pub article_count: u64,
    pub mention_count: u64,
    /// The articles, oldest first (undated last), at most as many as asked for.
    pub articles: Vec<EntityArticle>,
}

/// An entity with the entities mentioned beside it, for `herald entity`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityDetail {
    #[serde(flatten)]
    pub record: EntityRecord,
    /// Most shared articles first.
    pub co_mentioned: Vec<CoMention>,
}
