-- Event clusters and storylines (see src/migrations/0006_stories.sql and 0008_story_pages.sql).
CREATE TABLE story_state (
    id         BIGINT  NOT NULL PRIMARY KEY CHECK (id = 1),
    version    BIGINT  NOT NULL,
    last_seq   BIGINT  NOT NULL CHECK (last_seq >= 0),
    snapshot   BYTEA   NOT NULL,
    updated_at TEXT COLLATE "C"    NOT NULL
);

CREATE TABLE story_docs (
    doc_id        TEXT COLLATE "C"    NOT NULL PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    arrival       BIGINT  NOT NULL UNIQUE CHECK (arrival >= 0),
    cluster_id    TEXT COLLATE "C"    NOT NULL,
    canonical_doc TEXT COLLATE "C"    REFERENCES documents (id),
    opened        BOOLEAN NOT NULL,
    score         DOUBLE PRECISION NOT NULL,
    flags         TEXT COLLATE "C"    NOT NULL DEFAULT ''
);

CREATE INDEX story_docs_cluster_arrival ON story_docs (cluster_id, arrival);

CREATE TABLE clusters (
    id           TEXT COLLATE "C"    NOT NULL PRIMARY KEY CHECK (id <> ''),
    first_day    TEXT COLLATE "C",
    last_day     TEXT COLLATE "C",
    size         BIGINT  NOT NULL CHECK (size >= 1),
    duplicates   BIGINT  NOT NULL CHECK (duplicates >= 0),
    sources      BIGINT  NOT NULL CHECK (sources >= 0),
    language     TEXT COLLATE "C",
    headline     TEXT COLLATE "C"    NOT NULL,
    headline_doc TEXT COLLATE "C",
    storyline_id TEXT COLLATE "C",
    span         TEXT COLLATE "C"    NOT NULL,
    line         TEXT COLLATE "C"    NOT NULL,
    updated_at   TEXT COLLATE "C"    NOT NULL
);

CREATE INDEX clusters_last_day ON clusters (last_day DESC NULLS LAST, first_day DESC, id);
CREATE INDEX clusters_storyline ON clusters (storyline_id, first_day);

CREATE TABLE cluster_sentences (
    cluster_id TEXT COLLATE "C"    NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    idx        BIGINT  NOT NULL CHECK (idx >= 0),
    doc_id     TEXT COLLATE "C"    NOT NULL REFERENCES documents (id),
    position   BIGINT  NOT NULL CHECK (position >= 0),
    text       TEXT COLLATE "C"    NOT NULL,
    PRIMARY KEY (cluster_id, idx)
);

CREATE TABLE storylines (
    id         TEXT COLLATE "C"    NOT NULL PRIMARY KEY CHECK (id <> ''),
    first_day  TEXT COLLATE "C",
    last_day   TEXT COLLATE "C",
    clusters   BIGINT  NOT NULL CHECK (clusters >= 1),
    updated_at TEXT COLLATE "C"    NOT NULL
);

CREATE INDEX storylines_last_day ON storylines (last_day);
