-- Full-text search (herald search, GET /api/search) over two FTS5 indexes:
-- - doc_search: one row per document, rowid = documents.seq; its title (else its headline
--   paragraph) and its body paragraphs only (captions, credits and other boilerplate are left
--   out). Rows are written with the document, in its transaction (sqlite/search.rs), once: a
--   second copy of a document writes nothing.
-- - story_search: one row per event cluster; its headline and its summary sentences, kept up to
--   date by the triggers below whatever writes the clusters, so the clustering step needs no
--   change. story_search_keys gives each cluster the rowid of its row.
-- Both use unicode61 tokens, case and diacritics folded, no stemming (`sanction*` finds
-- `sanctions`: a query means what it says in every language). The bytes \x01 and \x02 are
-- replaced by spaces in what is indexed: search uses them to mark matches in snippets, so an
-- article cannot forge a highlight. doc_search also keeps indexes of 2- and 3-character prefixes:
-- `sanc*` over many documents reads one list instead of merging every word that begins so.

CREATE VIRTUAL TABLE doc_search USING fts5 (
    title, body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- Ranking: BM25 with a word of the title weighing five of the body; the index sorts by it itself.
INSERT INTO doc_search (doc_search, rank) VALUES ('rank', 'bm25(5.0, 1.0)');

-- The documents already stored: the same text as sqlite/search.rs indexes (paragraph spans are
-- byte ranges, hence the casts to BLOB and back).
INSERT INTO doc_search (rowid, title, body)
SELECT d.seq,
       replace(replace(COALESCE(d.title, (
           SELECT CAST(substr(CAST(d.text AS BLOB), p.start + 1, p."end" - p.start) AS TEXT)
           FROM paragraphs p WHERE p.doc_id = d.id AND p.kind = 'headline' ORDER BY p.idx LIMIT 1), ''),
           char(1), ' '), char(2), ' '),
       replace(replace(COALESCE((
           SELECT group_concat(CAST(substr(CAST(d.text AS BLOB), p.start + 1, p."end" - p.start) AS TEXT),
                               char(10) || char(10) ORDER BY p.idx)
           FROM paragraphs p WHERE p.doc_id = d.id AND p.kind = 'body'), ''),
           char(1), ' '), char(2), ' ')
FROM documents d;

CREATE VIRTUAL TABLE story_search USING fts5 (
    headline, summary,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO story_search (story_search, rank) VALUES ('rank', 'bm25(5.0, 1.0)');

CREATE TABLE story_search_keys (
    rid        INTEGER PRIMARY KEY,
    cluster_id TEXT    NOT NULL UNIQUE
);

INSERT INTO story_search_keys (cluster_id) SELECT id FROM clusters ORDER BY id;

INSERT INTO story_search (rowid, headline, summary)
SELECT k.rid,
       replace(replace(c.headline, char(1), ' '), char(2), ' '),
       replace(replace(COALESCE((
           SELECT group_concat(s.text, ' ' ORDER BY s.idx) FROM cluster_sentences s WHERE s.cluster_id = c.id), ''),
           char(1), ' '), char(2), ' ')
FROM clusters c JOIN story_search_keys k ON k.cluster_id = c.id;

-- The triggers stay readable by SQLite before 3.44 (no ORDER BY inside an aggregate), so that
-- older sqlite3 shells can still open the file.
CREATE TRIGGER story_search_cluster_insert AFTER INSERT ON clusters BEGIN
    INSERT INTO story_search_keys (cluster_id) VALUES (new.id) ON CONFLICT (cluster_id) DO NOTHING;
    DELETE FROM story_search WHERE rowid = (SELECT rid FROM story_search_keys WHERE cluster_id = new.id);
    INSERT INTO story_search (rowid, headline, summary)
    SELECT k.rid, replace(replace(new.headline, char(1), ' '), char(2), ' '),
           replace(replace(COALESCE((SELECT group_concat(text, ' ') FROM (SELECT s.text FROM cluster_sentences s
                                     WHERE s.cluster_id = new.id ORDER BY s.idx)), ''),
                   char(1), ' '), char(2), ' ')
    FROM story_search_keys k WHERE k.cluster_id = new.id;
END;

CREATE TRIGGER story_search_cluster_update AFTER UPDATE OF id, headline ON clusters BEGIN
    DELETE FROM story_search WHERE rowid = (SELECT rid FROM story_search_keys WHERE cluster_id = old.id);
    DELETE FROM story_search_keys WHERE cluster_id = old.id;
    INSERT INTO story_search_keys (cluster_id) VALUES (new.id) ON CONFLICT (cluster_id) DO NOTHING;
    DELETE FROM story_search WHERE rowid = (SELECT rid FROM story_search_keys WHERE cluster_id = new.id);
    INSERT INTO story_search (rowid, headline, summary)
    SELECT k.rid, replace(replace(new.headline, char(1), ' '), char(2), ' '),
           replace(replace(COALESCE((SELECT group_concat(text, ' ') FROM (SELECT s.text FROM cluster_sentences s
                                     WHERE s.cluster_id = new.id ORDER BY s.idx)), ''),
                   char(1), ' '), char(2), ' ')
    FROM story_search_keys k WHERE k.cluster_id = new.id;
END;

CREATE TRIGGER story_search_cluster_delete AFTER DELETE ON clusters BEGIN
    DELETE FROM story_search WHERE rowid = (SELECT rid FROM story_search_keys WHERE cluster_id = old.id);
    DELETE FROM story_search_keys WHERE cluster_id = old.id;
END;

-- A summary sentence added or removed: the cluster's row is written again (summaries are a few
-- sentences, so this stays cheap).
CREATE TRIGGER story_search_sentence_insert AFTER INSERT ON cluster_sentences BEGIN
    DELETE FROM story_search WHERE rowid = (SELECT rid FROM story_search_keys WHERE cluster_id = new.cluster_id);
    INSERT INTO story_search (rowid, headline, summary)
    SELECT k.rid, replace(replace(c.headline, char(1), ' '), char(2), ' '),
           replace(replace(COALESCE((SELECT group_concat(text, ' ') FROM (SELECT s.text FROM cluster_sentences s
                                     WHERE s.cluster_id = new.cluster_id ORDER BY s.idx)), ''),
                   char(1), ' '), char(2), ' ')
    FROM clusters c JOIN story_search_keys k ON k.cluster_id = c.id WHERE c.id = new.cluster_id;
END;

CREATE TRIGGER story_search_sentence_delete AFTER DELETE ON cluster_sentences BEGIN
    DELETE FROM story_search WHERE rowid = (SELECT rid FROM story_search_keys WHERE cluster_id = old.cluster_id);
    INSERT INTO story_search (rowid, headline, summary)
    SELECT k.rid, replace(replace(c.headline, char(1), ' '), char(2), ' '),
           replace(replace(COALESCE((SELECT group_concat(text, ' ') FROM (SELECT s.text FROM cluster_sentences s
                                     WHERE s.cluster_id = old.cluster_id ORDER BY s.idx)), ''),
                   char(1), ' '), char(2), ' ')
    FROM clusters c JOIN story_search_keys k ON k.cluster_id = c.id WHERE c.id = old.cluster_id;
END;
