-- Coded political events (herald-events) across the store. An article's events are stored with
-- the document, in its transaction, once: a second copy of the document changes nothing. The same
-- event reported by several articles is one row of `events`, with GDELT-like counts; each report
-- is a row of `event_mentions` that points back to its article and sentence.

-- One row per event, keyed by `key`: the event's date (its day, or the TIMEX value when coarser
-- than a day; the publication day when the text gives none), the source and target actor codes,
-- the full CAMEO code and the place. So the Moscow meeting of 2013 and the Sochi meeting of 2015
-- stay two events. `id` is the GLOBALEVENTID of the GDELT export.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    key            TEXT    NOT NULL UNIQUE,
    -- A day (YYYY-MM-DD) to sort and filter by: the event's own day, else the publication day of
    -- the first article that reported it.
    day            TEXT,
    date           TEXT,
    date_precision TEXT,
    source_code    TEXT,
    source_entity  TEXT    REFERENCES entities (id),
    source_name    TEXT,
    source_country TEXT,
    source_sector  TEXT,
    target_code    TEXT,
    target_entity  TEXT    REFERENCES entities (id),
    target_name    TEXT,
    target_country TEXT,
    target_sector  TEXT,
    cameo          TEXT    NOT NULL CHECK (cameo <> ''),
    cameo_name     TEXT    NOT NULL,
    plover_type    TEXT,
    plover_mode    TEXT,
    plover_context TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(plover_context)),
    goldstein      REAL    NOT NULL,
    quad_class     INTEGER NOT NULL CHECK (quad_class BETWEEN 0 AND 4),
    place_name     TEXT,
    place_entity   TEXT    REFERENCES entities (id),
    place_kind     TEXT,
    place_country  TEXT,
    place_lat      REAL,
    place_lon      REAL,
    -- Sentences that report it (GDELT NumMentions), distinct outlets (NumSources), articles
    -- (NumArticles).
    num_mentions   INTEGER NOT NULL DEFAULT 0 CHECK (num_mentions >= 0),
    num_sources    INTEGER NOT NULL DEFAULT 0 CHECK (num_sources >= 0),
    num_articles   INTEGER NOT NULL DEFAULT 0 CHECK (num_articles >= 0),
    first_doc      TEXT    NOT NULL REFERENCES documents (id),
    added_at       TEXT    NOT NULL
);

CREATE INDEX events_day ON events (day);
CREATE INDEX events_source ON events (source_code, day);
CREATE INDEX events_target ON events (target_code, day);
CREATE INDEX events_cameo ON events (cameo, day);

-- The outlets that reported each event (documents without a source count under their site, else
-- under ''), so that NumSources counts each outlet once.
CREATE TABLE event_sources (
    event_id INTEGER NOT NULL REFERENCES events (id),
    source   TEXT    NOT NULL,
    PRIMARY KEY (event_id, source)
) WITHOUT ROWID;

-- One row per event an article reports (after merging within the article): the sentence of its
-- first mention, the evidence, the flags, the confidence, and how its date and place were found.
-- Spans are half-open byte ranges into documents.text.
CREATE TABLE event_mentions (
    doc_id         TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL CHECK (idx >= 0),
    event_id       INTEGER NOT NULL REFERENCES events (id),
    sentence       INTEGER NOT NULL CHECK (sentence >= 0),
    -- Sentences of the article that report the event.
    sentences      INTEGER NOT NULL CHECK (sentences >= 1),
    sentence_text  TEXT    NOT NULL,
    start          INTEGER NOT NULL CHECK (start >= 0),
    "end"          INTEGER NOT NULL CHECK ("end" >= start),
    trigger_start  INTEGER NOT NULL CHECK (trigger_start >= 0),
    trigger_end    INTEGER NOT NULL CHECK (trigger_end >= trigger_start),
    trigger        TEXT    NOT NULL,
    evidence       TEXT    NOT NULL,
    source_text    TEXT,
    target_text    TEXT,
    negated        INTEGER NOT NULL CHECK (negated IN (0, 1)),
    hypothetical   INTEGER NOT NULL CHECK (hypothetical IN (0, 1)),
    future         INTEGER NOT NULL CHECK (future IN (0, 1)),
    reported       INTEGER NOT NULL CHECK (reported IN (0, 1)),
    confidence     REAL    NOT NULL,
    root           INTEGER NOT NULL CHECK (root IN (0, 1)),
    date           TEXT,
    date_basis     TEXT,
    location_basis TEXT,
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;

CREATE INDEX event_mentions_event ON event_mentions (event_id);
