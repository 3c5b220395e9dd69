-- Event clusters and storylines (herald-stories), kept up to date as documents arrive. The
-- clustering step runs after documents are committed: it places the documents stored after the
-- `last_seq` of `story_state` (in ingest order) and writes, in one transaction, their clusters,
-- the clusters' rows and summaries, the storylines, and the new state. A crash before that
-- commit leaves the documents pending for the next run; a rerun with nothing pending changes
-- nothing.

-- The clustering state: one row. `snapshot` is herald-stories' binary encoding of the online
-- clustering and storyline state (versioned by `version`); `last_seq` is the documents.seq of the
-- last document placed.
CREATE TABLE story_state (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    version    INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL CHECK (last_seq >= 0),
    snapshot   BLOB    NOT NULL,
    updated_at TEXT    NOT NULL
);

-- Where each placed document went: its cluster and, for a near-duplicate, the canonical document
-- it copies. `score` is the similarity that decided (1 for a duplicate, 0 when it opened the
-- cluster); `flags` lists what was odd about it (empty, odd_date), comma-separated.
CREATE TABLE story_docs (
    doc_id        TEXT    NOT NULL PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    -- The document's number in the clustering's arrival order (0, 1, ...), as the snapshot knows it.
    arrival       INTEGER NOT NULL UNIQUE CHECK (arrival >= 0),
    cluster_id    TEXT    NOT NULL,
    canonical_doc TEXT    REFERENCES documents (id),
    opened        INTEGER NOT NULL CHECK (opened IN (0, 1)),
    score         REAL    NOT NULL,
    flags         TEXT    NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE INDEX story_docs_cluster ON story_docs (cluster_id);

-- One row per event cluster; its id is the id of the document that opened it and never changes.
-- Days are YYYY-MM-DD. `size` counts every member, near-duplicates included; `sources` the
-- distinct outlets (source, else site). `span` and `line` are the cluster's line in its
-- storyline's timeline.
CREATE TABLE clusters (
    id           TEXT    NOT NULL PRIMARY KEY CHECK (id <> ''),
    first_day    TEXT,
    last_day     TEXT,
    size         INTEGER NOT NULL CHECK (size >= 1),
    duplicates   INTEGER NOT NULL CHECK (duplicates >= 0),
    sources      INTEGER NOT NULL CHECK (sources >= 0),
    language     TEXT,
    headline     TEXT    NOT NULL,
    headline_doc TEXT,
    storyline_id TEXT,
    span         TEXT    NOT NULL,
    line         TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);

CREATE INDEX clusters_last_day ON clusters (last_day);
CREATE INDEX clusters_storyline ON clusters (storyline_id, first_day);

-- A cluster's extractive summary, in reading order, each sentence attributed to its article.
CREATE TABLE cluster_sentences (
    cluster_id TEXT    NOT NULL REFERENCES clusters (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL CHECK (idx >= 0),
    doc_id     TEXT    NOT NULL REFERENCES documents (id),
    position   INTEGER NOT NULL CHECK (position >= 0),
    text       TEXT    NOT NULL,
    PRIMARY KEY (cluster_id, idx)
) WITHOUT ROWID;

-- One row per storyline; its id is the id of the cluster that opened it. Its clusters are the
-- clusters rows that name it; the timeline is theirs, by first day.
CREATE TABLE storylines (
    id         TEXT    NOT NULL PRIMARY KEY CHECK (id <> ''),
    first_day  TEXT,
    last_day   TEXT,
    clusters   INTEGER NOT NULL CHECK (clusters >= 1),
    updated_at TEXT    NOT NULL
);

CREATE INDEX storylines_last_day ON storylines (last_day);
