-- Coded events across the store (see src/migrations/0005_events.sql). `id` is the GLOBALEVENTID
-- of the GDELT export: the store numbers events 1, 2, 3... as SQLite does (no identity column, whose
-- sequence an upsert would advance), so both backends give an event the same id.
CREATE TABLE events (
    id             BIGINT  NOT NULL PRIMARY KEY,
    key            TEXT COLLATE "C"    NOT NULL UNIQUE,
    day            TEXT COLLATE "C",
    date           TEXT COLLATE "C",
    date_precision TEXT COLLATE "C",
    source_code    TEXT COLLATE "C",
    source_entity  TEXT COLLATE "C"    REFERENCES entities (id),
    source_name    TEXT COLLATE "C",
    source_country TEXT COLLATE "C",
    source_sector  TEXT COLLATE "C",
    target_code    TEXT COLLATE "C",
    target_entity  TEXT COLLATE "C"    REFERENCES entities (id),
    target_name    TEXT COLLATE "C",
    target_country TEXT COLLATE "C",
    target_sector  TEXT COLLATE "C",
    cameo          TEXT COLLATE "C"    NOT NULL CHECK (cameo <> ''),
    cameo_name     TEXT COLLATE "C"    NOT NULL,
    plover_type    TEXT COLLATE "C",
    plover_mode    TEXT COLLATE "C",
    plover_context TEXT COLLATE "C"    NOT NULL DEFAULT '[]' CHECK (plover_context::json IS NOT NULL),
    goldstein      DOUBLE PRECISION NOT NULL,
    quad_class     BIGINT  NOT NULL CHECK (quad_class BETWEEN 0 AND 4),
    place_name     TEXT COLLATE "C",
    place_entity   TEXT COLLATE "C"    REFERENCES entities (id),
    place_kind     TEXT COLLATE "C",
    place_country  TEXT COLLATE "C",
    place_lat      DOUBLE PRECISION,
    place_lon      DOUBLE PRECISION,
    num_mentions   BIGINT  NOT NULL DEFAULT 0 CHECK (num_mentions >= 0),
    num_sources    BIGINT  NOT NULL DEFAULT 0 CHECK (num_sources >= 0),
    num_articles   BIGINT  NOT NULL DEFAULT 0 CHECK (num_articles >= 0),
    first_doc      TEXT COLLATE "C"    NOT NULL REFERENCES documents (id),
    added_at       TEXT COLLATE "C"    NOT NULL
);

CREATE INDEX events_day ON events (day DESC NULLS LAST, num_articles DESC, num_mentions DESC, id);
CREATE INDEX events_source ON events (source_code, day);
CREATE INDEX events_target ON events (target_code, day);
CREATE INDEX events_cameo ON events (cameo, day);

CREATE TABLE event_sources (
    event_id BIGINT  NOT NULL REFERENCES events (id),
    source   TEXT COLLATE "C"    NOT NULL,
    PRIMARY KEY (event_id, source)
);

CREATE TABLE event_mentions (
    doc_id         TEXT COLLATE "C"    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx            BIGINT  NOT NULL CHECK (idx >= 0),
    event_id       BIGINT  NOT NULL REFERENCES events (id),
    sentence       BIGINT  NOT NULL CHECK (sentence >= 0),
    sentences      BIGINT  NOT NULL CHECK (sentences >= 1),
    sentence_text  TEXT COLLATE "C"    NOT NULL,
    start          BIGINT  NOT NULL CHECK (start >= 0),
    "end"          BIGINT  NOT NULL CHECK ("end" >= start),
    trigger_start  BIGINT  NOT NULL CHECK (trigger_start >= 0),
    trigger_end    BIGINT  NOT NULL CHECK (trigger_end >= trigger_start),
    trigger        TEXT COLLATE "C"    NOT NULL,
    evidence       TEXT COLLATE "C"    NOT NULL,
    source_text    TEXT COLLATE "C",
    target_text    TEXT COLLATE "C",
    negated        BOOLEAN NOT NULL,
    hypothetical   BOOLEAN NOT NULL,
    future         BOOLEAN NOT NULL,
    reported       BOOLEAN NOT NULL,
    confidence     DOUBLE PRECISION NOT NULL,
    root           BOOLEAN NOT NULL,
    date           TEXT COLLATE "C",
    date_basis     TEXT COLLATE "C",
    location_basis TEXT COLLATE "C",
    PRIMARY KEY (doc_id, idx)
);

CREATE INDEX event_mentions_event ON event_mentions (event_id);
