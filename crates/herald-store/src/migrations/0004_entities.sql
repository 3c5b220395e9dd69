-- Entities across the store. An article's entities are linked to these when its document is
-- stored (herald_entities::link), in the same transaction; nothing here is ever rewritten by a
-- second copy of a document, so re-ingesting changes no count.

-- One row per canonical entity. `articles` and `mentions` are kept up to date as documents land,
-- so listings need no aggregate over the whole store.
CREATE TABLE entities (
    id         TEXT    NOT NULL PRIMARY KEY CHECK (id <> ''),
    name       TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    place      TEXT    CHECK (place IS NULL OR json_valid(place)),
    first_seen TEXT    NOT NULL REFERENCES documents (id),
    articles   INTEGER NOT NULL DEFAULT 0 CHECK (articles >= 0),
    mentions   INTEGER NOT NULL DEFAULT 0 CHECK (mentions >= 0)
);

CREATE INDEX entities_articles ON entities (articles DESC, mentions DESC);
CREATE INDEX entities_type_articles ON entities (type, articles DESC, mentions DESC);

-- Link keys (`n:` full name, `s:` surname, `a:` acronym or initials): candidates for linking are
-- found here. `acronym` says an `a:` key comes from a form that is the acronym itself ("GM"), not
-- from the initials of an expansion ("General Motors").
CREATE TABLE entity_keys (
    key       TEXT    NOT NULL,
    entity_id TEXT    NOT NULL REFERENCES entities (id),
    acronym   INTEGER NOT NULL DEFAULT 0 CHECK (acronym IN (0, 1)),
    PRIMARY KEY (key, entity_id)
) WITHOUT ROWID;

-- Every form an entity was called by (its canonical name included), with the number of articles
-- that used it; `key` is the folded form (herald_entities::fold::name_key) that look-ups use.
-- `descriptive` forms ("the Russian leader") were only ever descriptions, never names: they are
-- shown and found, but never used to link (two presidents are not one person).
CREATE TABLE entity_aliases (
    entity_id   TEXT    NOT NULL REFERENCES entities (id),
    alias       TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    articles    INTEGER NOT NULL CHECK (articles >= 1),
    descriptive INTEGER NOT NULL DEFAULT 0 CHECK (descriptive IN (0, 1)),
    PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;

CREATE INDEX entity_aliases_key ON entity_aliases (key);

-- Which entities each document mentions: the name the article gave it, the actor code it had on
-- the document's day, and how many mentions. Codes by date, articles and co-mentions come from here.
CREATE TABLE doc_entities (
    doc_id     TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    entity_id  TEXT    NOT NULL REFERENCES entities (id),
    local_id   TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    actor_code TEXT,
    actor      TEXT    CHECK (actor IS NULL OR json_valid(actor)),
    day        TEXT,
    mentions   INTEGER NOT NULL CHECK (mentions >= 0),
    PRIMARY KEY (doc_id, entity_id)
) WITHOUT ROWID;

CREATE INDEX doc_entities_entity ON doc_entities (entity_id, day);

-- Mention spans are half-open byte ranges into documents.text; entity_id is the store's entity.
CREATE TABLE mentions (
    doc_id    TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx       INTEGER NOT NULL CHECK (idx >= 0),
    start     INTEGER NOT NULL CHECK (start >= 0),
    "end"     INTEGER NOT NULL CHECK ("end" >= start),
    text      TEXT    NOT NULL,
    type      TEXT    NOT NULL,
    form      TEXT    NOT NULL,
    -- The bare name inside the mention, when the annotator gives one.
    name_start INTEGER CHECK (name_start IS NULL OR name_start >= start),
    name_end   INTEGER CHECK (name_end IS NULL OR (name_end >= name_start AND name_end <= "end")),
    sentence  INTEGER NOT NULL CHECK (sentence >= 0),
    entity_id TEXT    NOT NULL REFERENCES entities (id),
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE INDEX mentions_entity ON mentions (entity_id);

-- Documents the annotator has run on: once per document, whether it succeeded or failed (and why).
CREATE TABLE doc_annotations (
    doc_id       TEXT    NOT NULL PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    status       TEXT    NOT NULL CHECK (status IN ('done', 'failed')),
    detail       TEXT,
    annotated_at TEXT    NOT NULL
) WITHOUT ROWID;
