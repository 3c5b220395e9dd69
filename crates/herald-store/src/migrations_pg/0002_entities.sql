-- Entities across the store (see src/migrations/0004_entities.sql for what each table means).
-- `rid` orders entities by age, as SQLite's rowid does.
CREATE TABLE entities (
    id         TEXT COLLATE "C"    NOT NULL PRIMARY KEY CHECK (id <> ''),
    rid        BIGINT  GENERATED ALWAYS AS IDENTITY UNIQUE,
    name       TEXT COLLATE "C"    NOT NULL,
    type       TEXT COLLATE "C"    NOT NULL,
    place      TEXT COLLATE "C"    CHECK (place IS NULL OR place::json IS NOT NULL),
    first_seen TEXT COLLATE "C"    NOT NULL REFERENCES documents (id),
    articles   BIGINT  NOT NULL DEFAULT 0 CHECK (articles >= 0),
    mentions   BIGINT  NOT NULL DEFAULT 0 CHECK (mentions >= 0)
);

CREATE INDEX entities_articles ON entities (articles DESC, mentions DESC, id);
CREATE INDEX entities_type_articles ON entities (type, articles DESC, mentions DESC, id);

CREATE TABLE entity_keys (
    key       TEXT COLLATE "C"    NOT NULL,
    entity_id TEXT COLLATE "C"    NOT NULL REFERENCES entities (id),
    acronym   BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (key, entity_id)
);

CREATE TABLE entity_aliases (
    entity_id   TEXT COLLATE "C"    NOT NULL REFERENCES entities (id),
    alias       TEXT COLLATE "C"    NOT NULL,
    key         TEXT COLLATE "C"    NOT NULL,
    articles    BIGINT  NOT NULL CHECK (articles >= 1),
    descriptive BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (entity_id, alias)
);

CREATE INDEX entity_aliases_key ON entity_aliases (key);

CREATE TABLE doc_entities (
    doc_id     TEXT COLLATE "C"    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    entity_id  TEXT COLLATE "C"    NOT NULL REFERENCES entities (id),
    local_id   TEXT COLLATE "C"    NOT NULL,
    name       TEXT COLLATE "C"    NOT NULL,
    actor_code TEXT COLLATE "C",
    actor      TEXT COLLATE "C"    CHECK (actor IS NULL OR actor::json IS NOT NULL),
    day        TEXT COLLATE "C",
    mentions   BIGINT  NOT NULL CHECK (mentions >= 0),
    PRIMARY KEY (doc_id, entity_id)
);

CREATE INDEX doc_entities_entity ON doc_entities (entity_id, day);

CREATE TABLE mentions (
    doc_id     TEXT COLLATE "C"    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx        BIGINT  NOT NULL CHECK (idx >= 0),
    start      BIGINT  NOT NULL CHECK (start >= 0),
    "end"      BIGINT  NOT NULL CHECK ("end" >= start),
    text       TEXT COLLATE "C"    NOT NULL,
    type       TEXT COLLATE "C"    NOT NULL,
    form       TEXT COLLATE "C"    NOT NULL,
    name_start BIGINT  CHECK (name_start IS NULL OR name_start >= start),
    name_end   BIGINT  CHECK (name_end IS NULL OR (name_end >= name_start AND name_end <= "end")),
    sentence   BIGINT  NOT NULL CHECK (sentence >= 0),
    entity_id  TEXT COLLATE "C"    NOT NULL REFERENCES entities (id),
    PRIMARY KEY (doc_id, idx)
);

CREATE INDEX mentions_entity ON mentions (entity_id);

CREATE TABLE doc_annotations (
    doc_id       TEXT COLLATE "C"    NOT NULL PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    status       TEXT COLLATE "C"    NOT NULL CHECK (status IN ('done', 'failed')),
    detail       TEXT COLLATE "C",
    annotated_at TEXT COLLATE "C"    NOT NULL
);
