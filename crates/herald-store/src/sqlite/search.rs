//! Full-text search on SQLite: FTS5 indexes written with each new document (and, for stories, by
//! triggers on the cluster tables; see migrations/0007_search.sql), and the ranked, filtered
//! look-ups of [`crate::Store::search`], which rank only the latest matches (the window of
//! [`crate::search::SEARCH_WINDOW`]).

use super::{check_date_bound, to_i64, SqliteStore};
use crate::search::{
    fts_expression, parse_query, snippet_parts, DocHit, SearchHit, SearchQuery, SearchScope, StoryHit,
    MAX_SEARCH_LIMIT, MAX_SEARCH_OFFSET,
};
use crate::StoreError;
use herald_model::{DocId, Document, ParagraphKind};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};
use std::collections::HashMap;

/// Hits per page when the query asks for 0.
const DEFAULT_LIMIT: usize = 20;

/// Words of context on each side of a snippet's matches.
const SNIPPET_TOKENS: i64 = 24;

/// What is indexed of a text: the snippet markers cannot occur in it.
fn clean(s: &str) -> String {
    s.replace(['\u{1}', '\u{2}'], " ")
}

/// Indexes a document that was just stored (in the caller's transaction).
pub(super) fn index_document(conn: &Connection, path: &str, doc: &Document) -> Result<(), StoreError> {
    let title = doc.title.clone().or_else(|| {
        doc.paragraphs.iter().find(|p| p.kind == ParagraphKind::Headline).map(|p| doc.text[p.start..p.end].to_string())
    });
    let body: Vec<&str> = doc.body().map(|(_, t)| t).collect();
    conn.prepare_cached("INSERT INTO doc_search (rowid, title, body) SELECT seq, ?2, ?3 FROM documents WHERE id = ?1")
        .and_then(|mut s| {
            s.execute(params![doc.id.0, clean(title.as_deref().unwrap_or("")), clean(&body.join("\n\n"))])
        })
        .map_err(|cause| StoreError::Sqlite {
            path: path.to_string(),
            action: format!("indexing document {} for search", doc.id),
            cause,
        })?;
    Ok(())
}

/// [`crate::search::doc_filters`] with SQLite's placeholders, the values pushed on `values`.
fn doc_filters(q: &SearchQuery, dates: bool, values: &mut Vec<Value>) -> Result<Vec<String>, StoreError> {
    crate::search::doc_filters(q, dates, &mut |v| {
        values.push(Value::Text(v));
        "?".to_string()
    })
}

impl SqliteStore {
    /// Documents and stories matching `q`, best first.
    ///
    /// Two steps, so that the cost of snippets does not grow with the offset: the best
    /// `offset + limit` of each index are ranked (the index sorts by its BM25 rank itself) and
    /// merged; then snippets are made for the page's hits only.
    pub(super) fn search_text(&self, q: &SearchQuery) -> Result<Vec<SearchHit>, StoreError> {
        let limit = if q.limit == 0 { DEFAULT_LIMIT } else { q.limit };
        if limit > MAX_SEARCH_LIMIT {
            return Err(StoreError::InvalidQuery(format!(
                "a search returns at most {MAX_SEARCH_LIMIT} hits at a time, not {limit}"
            )));
        }
        if q.offset > MAX_SEARCH_OFFSET {
            return Err(StoreError::InvalidQuery(format!(
                "a search skips at most {MAX_SEARCH_OFFSET} hits, not {}: narrow it with words or filters",
                q.offset
            )));
        }
        let terms = parse_query(&q.text);
        if terms.is_empty() {
            return Err(StoreError::InvalidQuery("the search has no word to look for (letters or digits)".to_string()));
        }
        let expr = fts_expression(&terms);
        let want = q.offset + limit;
        // Each hit with its rowid in its index, for the snippets.
        let mut hits: Vec<(SearchHit, i64)> = Vec::new();
        if q.scope != SearchScope::Stories {
            hits.extend(self.rank_documents(q, &expr, want)?.into_iter().map(|(h, r)| (SearchHit::Document(h), r)));
        }
        if q.scope != SearchScope::Documents {
            hits.extend(self.rank_stories(q, &expr, want)?.into_iter().map(|(h, r)| (SearchHit::Story(h), r)));
        }
        // Stable: on equal scores documents come before stories, each in its index's order.
        hits.sort_by(|a, b| b.0.score().total_cmp(&a.0.score()));
        let mut page: Vec<(SearchHit, i64)> = hits.into_iter().skip(q.offset).take(limit).collect();
        let docs: Vec<i64> =
            page.iter().filter(|(h, _)| matches!(h, SearchHit::Document(_))).map(|(_, r)| *r).collect();
        let stories: Vec<i64> =
            page.iter().filter(|(h, _)| matches!(h, SearchHit::Story(_))).map(|(_, r)| *r).collect();
        let doc_snippets = self.snippets("doc_search", &expr, &docs)?;
        let story_snippets = self.snippets("story_search", &expr, &stories)?;
        for (hit, rowid) in &mut page {
            match hit {
                SearchHit::Document(d) => d.snippet = doc_snippets.get(rowid).cloned().unwrap_or_default(),
                SearchHit::Story(s) => s.snippet = story_snippets.get(rowid).cloned().unwrap_or_default(),
            }
        }
        Ok(page.into_iter().map(|(h, _)| h).collect())
    }

    /// The snippets of these rows of `table` (an FTS5 table of ours; its second column).
    fn snippets(
        &self,
        table: &'static str,
        expr: &str,
        rowids: &[i64],
    ) -> Result<HashMap<i64, Vec<crate::SnippetPart>>, StoreError> {
        if rowids.is_empty() {
            return Ok(HashMap::new());
        }
        let marks = vec!["?"; rowids.len()].join(", ");
        let sql = format!(
            "SELECT rowid, snippet({table}, 1, char(1), char(2), '…', {SNIPPET_TOKENS}) FROM {table} \
             WHERE {table} MATCH ? AND rowid IN ({marks})"
        );
        let mut values = vec![Value::Text(expr.to_string())];
        values.extend(rowids.iter().map(|r| Value::Integer(*r)));
        let rows: Vec<(i64, Option<String>)> = self
            .conn
            .prepare(&sql)
            .and_then(|mut s| s.query_map(params_from_iter(values.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(self.err("making search snippets"))?;
        Ok(rows.into_iter().map(|(r, s)| (r, snippet_parts(s.as_deref().unwrap_or("")))).collect())
    }

    /// The best `want` documents, each with its rowid in doc_search (snippets left empty), of the
    /// latest [`SearchQuery::rank_window`] matches that pass the filters.
    ///
    /// Three steps in one statement: the index walks its matches newest first (rowids are the
    /// documents' `seq`) and stops after the window, computing `rank` for those rows only; the
    /// window is sorted by rank; the page's rows alone are joined for what a hit shows. `ORDER
    /// BY rank` on the index itself would score every match before sorting.
    fn rank_documents(&self, q: &SearchQuery, expr: &str, want: usize) -> Result<Vec<(DocHit, i64)>, StoreError> {
        let mut values = vec![Value::Text(expr.to_string())];
        let conditions = doc_filters(q, true, &mut values)?;
        let mut inner = String::from("SELECT doc_search.rowid AS rid, doc_search.rank AS r FROM doc_search");
        if !conditions.is_empty() {
            inner.push_str(" JOIN documents d ON d.seq = doc_search.rowid");
        }
        inner.push_str(" WHERE doc_search MATCH ?");
        for c in &conditions {
            inner.push_str(" AND ");
            inner.push_str(c);
        }
        inner.push_str(" ORDER BY doc_search.rowid DESC LIMIT ?");
        values.push(Value::Integer(to_i64(q.rank_window()).unwrap_or(i64::MAX)));
        let sql = format!(
            "SELECT d.id, d.external_id, d.title, substr(d.dct, 1, 10), d.source, w.r, w.rid \
             FROM (SELECT rid, r FROM ({inner}) ORDER BY r, rid LIMIT ?) w \
             JOIN documents d ON d.seq = w.rid ORDER BY w.r, w.rid"
        );
        values.push(Value::Integer(to_i64(want).unwrap_or(i64::MAX)));
        type Row7 = (String, Option<String>, Option<String>, Option<String>, Option<String>, f64, i64);
        let rows: Vec<Row7> = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut s| {
                s.query_map(params_from_iter(values.iter()), |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
                })?
                .collect()
            })
            .map_err(self.err("searching documents"))?;
        Ok(rows
            .into_iter()
            .map(|(id, external_id, title, day, source, rank, rowid)| {
                (DocHit { id: DocId(id), external_id, title, day, source, score: -rank, snippet: Vec::new() }, rowid)
            })
            .collect())
    }

    /// The best `want` stories, each with its rowid in story_search (snippets left empty), of the
    /// [`SearchQuery::rank_window`] matches that pass the filters and were opened last.
    fn rank_stories(&self, q: &SearchQuery, expr: &str, want: usize) -> Result<Vec<(StoryHit, i64)>, StoreError> {
        let mut values = vec![Value::Text(expr.to_string())];
        let mut conditions = Vec::new();
        let member = doc_filters(q, false, &mut values)?;
        if !member.is_empty() {
            conditions.push(format!(
                "EXISTS (SELECT 1 FROM story_docs sd JOIN documents d ON d.id = sd.doc_id \
                 WHERE sd.cluster_id = c.id AND {})",
                member.join(" AND ")
            ));
        }
        if let Some(from) = &q.from {
            check_date_bound("from", from)?;
            conditions.push("c.last_day >= ?".to_string());
            values.push(Value::Text(from.clone()));
        }
        if let Some(to) = &q.to {
            check_date_bound("to", to)?;
            conditions.push("c.first_day < ?".to_string());
            values.push(Value::Text(format!("{to}~")));
        }
        // As for documents: the latest matches (rowids are given to stories in the order they
        // are first written, so the newest are the stories opened last), then the best of them,
        // then what the page's hits show.
        let mut inner = String::from("SELECT story_search.rowid AS rid, story_search.rank AS r FROM story_search");
        if !conditions.is_empty() {
            inner.push_str(
                " JOIN story_search_keys k ON k.rid = story_search.rowid JOIN clusters c ON c.id = k.cluster_id",
            );
        }
        inner.push_str(" WHERE story_search MATCH ?");
        for c in &conditions {
            inner.push_str(" AND ");
            inner.push_str(c);
        }
        inner.push_str(" ORDER BY story_search.rowid DESC LIMIT ?");
        values.push(Value::Integer(to_i64(q.rank_window()).unwrap_or(i64::MAX)));
        let sql = format!(
            "SELECT c.id, c.headline, c.first_day, c.last_day, c.size, w.r, w.rid \
             FROM (SELECT rid, r FROM ({inner}) ORDER BY r, rid LIMIT ?) w \
             JOIN story_search_keys k ON k.rid = w.rid JOIN clusters c ON c.id = k.cluster_id ORDER BY w.r, w.rid"
        );
        values.push(Value::Integer(to_i64(want).unwrap_or(i64::MAX)));
        type Row7 = (String, String, Option<String>, Option<String>, i64, f64, i64);
        let rows: Vec<Row7> = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut s| {
                s.query_map(params_from_iter(values.iter()), |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
                })?
                .collect()
            })
            .map_err(self.err("searching stories"))?;
        Ok(rows
            .into_iter()
            .map(|(cluster, headline, first_day, last_day, size, rank, rowid)| {
                let size = u32::try_from(size).unwrap_or(0);
                (StoryHit { cluster, headline, first_day, last_day, size, score: -rank, snippet: Vec::new() }, rowid)
            })
            .collect())
    }
}
