-- How far a run got through each input; written in the same transaction as the documents it covers.
CREATE TABLE checkpoints (
    input       TEXT    NOT NULL PRIMARY KEY,
    fingerprint TEXT    NOT NULL,
    "offset"    INTEGER NOT NULL CHECK ("offset" >= 0),
    last_item   TEXT,
    complete    INTEGER NOT NULL CHECK (complete IN (0, 1)),
    updated_at  TEXT    NOT NULL
);
