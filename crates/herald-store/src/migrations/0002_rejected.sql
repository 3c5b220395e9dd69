-- Inputs (or records of them) that could not become documents. The same rejection (origin, stage,
-- reason) is stored once; re-running over the same input only moves last_seen and counts it.
CREATE TABLE rejected (
    id             INTEGER PRIMARY KEY,
    origin_input   TEXT    NOT NULL,
    origin_locator TEXT    NOT NULL CHECK (json_valid(origin_locator)),
    stage          TEXT    NOT NULL CHECK (stage IN ('read', 'decode', 'extract', 'store')),
    reason         TEXT    NOT NULL,
    detail         TEXT    NOT NULL,
    first_seen     TEXT    NOT NULL,
    last_seen      TEXT    NOT NULL,
    times          INTEGER NOT NULL DEFAULT 1 CHECK (times >= 1),
    UNIQUE (origin_input, origin_locator, stage, reason)
);

CREATE INDEX rejected_last_seen ON rejected (last_seen);
