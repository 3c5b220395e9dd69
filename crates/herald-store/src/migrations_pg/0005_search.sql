-- Full-text search (herald search, GET /api/search): one tsvector per document and per event
-- cluster, in GIN indexes. What is indexed is written by the store itself (postgres/search.rs),
-- in the transaction that writes the document or the cluster: the words of the title (else the
-- headline paragraph) with weight A and of the body paragraphs with weight D (boilerplate left
-- out); a cluster's headline (A) and summary sentences (D). Words are cut and folded by herald
-- (crate::search::index_words: runs of letters and digits, lowercase, Latin diacritics removed,
-- no stemming) before PostgreSQL sees them, so both backends find the same documents for the
-- same query, and the 'simple' configuration only splits on the spaces herald put there.
CREATE TABLE doc_search (
    seq    BIGINT   NOT NULL PRIMARY KEY REFERENCES documents (seq) ON DELETE CASCADE,
    words  TSVECTOR NOT NULL
);

CREATE INDEX doc_search_words ON doc_search USING GIN (words);

CREATE TABLE story_search (
    cluster_id TEXT COLLATE "C"     NOT NULL PRIMARY KEY REFERENCES clusters (id) ON DELETE CASCADE,
    words      TSVECTOR NOT NULL
);

CREATE INDEX story_search_words ON story_search USING GIN (words);
