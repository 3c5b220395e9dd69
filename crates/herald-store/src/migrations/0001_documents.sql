-- Documents and their paragraphs. A document's id is the BLAKE3 hash of the bytes it was read
-- from, so re-ingesting the same bytes finds the row already there. `seq` records ingest order.
CREATE TABLE documents (
    id             TEXT    NOT NULL PRIMARY KEY CHECK (id <> ''),
    seq            INTEGER NOT NULL UNIQUE CHECK (seq > 0),
    external_id    TEXT,
    url            TEXT,
    source         TEXT,
    title          TEXT,
    author         TEXT,
    site           TEXT,
    language       TEXT,
    dct            TEXT,
    dct_source     TEXT CHECK (dct_source IN ('input', 'page', 'dateline', 'command_line')),
    text           TEXT    NOT NULL,
    meta           TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(meta)),
    origin_input   TEXT    NOT NULL,
    origin_locator TEXT    NOT NULL CHECK (json_valid(origin_locator)),
    -- Characters (Unicode scalar values) in the body paragraphs, for listings.
    body_chars     INTEGER NOT NULL CHECK (body_chars >= 0),
    ingested_at    TEXT    NOT NULL,
    CHECK ((dct IS NULL) = (dct_source IS NULL))
);

CREATE INDEX documents_external_id ON documents (external_id);
CREATE INDEX documents_source ON documents (source);
CREATE INDEX documents_dct ON documents (dct);

-- Paragraph spans are half-open byte ranges into documents.text.
CREATE TABLE paragraphs (
    doc_id  TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    idx     INTEGER NOT NULL CHECK (idx >= 0),
    kind    TEXT    NOT NULL CHECK (kind IN ('headline', 'body', 'caption', 'credit', 'quote-box', 'related-link',
                                             'subscription-appeal', 'other-boilerplate')),
    start   INTEGER NOT NULL CHECK (start >= 0),
    "end"   INTEGER NOT NULL CHECK ("end" >= start),
    PRIMARY KEY (doc_id, idx)
) WITHOUT ROWID;
