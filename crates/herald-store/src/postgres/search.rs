//! Full-text search on PostgreSQL: a `tsvector` per document and per cluster (GIN indexes),
//! written by herald itself, and the ranked, filtered look-ups of [`crate::Store::search`].
//!
//! Words are cut and folded by herald ([`crate::search::word_spans`], [`crate::search::fold_word`]:
//! the same cut as SQLite's tokenizer and as the query parser's) and written as a `tsvector` value
//! with positions and weights (A for titles and headlines, D for bodies and summaries); a query
//! is written as a `tsquery` value of the same folded words, each quoted (`'lavrov' & 'sergei' <->
//! 'lavrov' & 'sanction':*`). Both are bound parameters cast by PostgreSQL, so no word a user types
//! is read as syntax, no text search parser or dictionary changes a word, and both backends find
//! the same documents for the same query. Ranking is `ts_rank_cd` with a title word weighing five
//! body words, as SQLite's BM25 weights, and computed only for the latest matches (the window of
//! [`crate::search::SEARCH_WINDOW`], newest `seq` first; stories by first day), as on SQLite;
//! snippets are cut by herald from the stored text ([`crate::search::snippet`]).

use super::{count, to_i64, Db, Params, PgStore};
use crate::search::{
    fold_word, parse_query, snippet, word_spans, DocHit, SearchHit, SearchQuery, SearchScope, StoryHit, Term,
    MAX_SEARCH_LIMIT, MAX_SEARCH_OFFSET,
};
use crate::StoreError;
use herald_model::{DocId, Document, ParagraphKind};
use std::collections::{BTreeMap, HashMap};

/// Hits per page when the query asks for 0.
const DEFAULT_LIMIT: usize = 20;

/// Words in a snippet.
const SNIPPET_WORDS: usize = 24;

/// Weights of D, C, B and A positions for `ts_rank_cd`: a title word weighs five body words.
const WEIGHTS: &str = "{0.2, 0.2, 0.2, 1.0}";

/// PostgreSQL keeps at most this many positions per word, and none past this one.
const MAX_POSITIONS: usize = 256;
const MAX_POSITION: usize = 16_383;

/// A `tsvector` stays under PostgreSQL's 1 MB limit: words past this budget are not indexed.
const VECTOR_BUDGET: usize = 900_000;

/// The `tsvector` value of `fields` (text, weight letter), in order: every word folded, with its
/// position (a gap between fields, so that no phrase spans two) and the field's weight.
pub(crate) fn tsvector(fields: &[(&str, char)]) -> String {
    let mut words: BTreeMap<String, Vec<(usize, char)>> = BTreeMap::new();
    let mut size = 0;
    let mut pos = 0;
    for (text, weight) in fields {
        for (s, e) in word_spans(text) {
            let w = fold_word(&text[s..e]);
            if w.is_empty() || w.len() > 2046 {
                continue;
            }
            pos += 1;
            let at = pos.min(MAX_POSITION);
            match words.get_mut(&w) {
                Some(list) if list.len() < MAX_POSITIONS && list.last().is_none_or(|(p, _)| *p < at) => {
                    list.push((at, *weight));
                    size += 8;
                }
                Some(_) => {}
                None if size + w.len() + 16 <= VECTOR_BUDGET => {
                    size += w.len() + 16;
                    words.insert(w, vec![(at, *weight)]);
                }
                None => {}
            }
        }
        pos += 1;
    }
    let mut out = String::with_capacity(size);
    for (w, positions) in words {
        if !out.is_empty() {
            out.push(' ');
        }
        // Letters and digits only: nothing to escape inside the quotes.
        out.push('\'');
        out.push_str(&w);
        out.push_str("':");
        for (i, (p, weight)) in positions.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&p.to_string());
            if *weight != 'D' {
                out.push(*weight);
            }
        }
    }
    out
}

/// The `tsquery` value for `terms`: every term required; a term's words next to each other, in
/// order; `:*` on a prefix. `None` when no term has a word left after folding.
pub(crate) fn tsquery(terms: &[Term]) -> Option<String> {
    let parts: Vec<String> = terms
        .iter()
        .filter_map(|t| {
            let words: Vec<String> = t.tokens.iter().map(|w| fold_word(w)).filter(|w| !w.is_empty()).collect();
            if words.is_empty() {
                return None;
            }
            let last = words.len() - 1;
            let quoted: Vec<String> = words
                .iter()
                .enumerate()
                .map(|(i, w)| if t.prefix && i == last { format!("'{w}':*") } else { format!("'{w}'") })
                .collect();
            Some(if quoted.len() == 1 { quoted[0].clone() } else { format!("({})", quoted.join(" <-> ")) })
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" & "))
}

/// Indexes a document that was just stored (in the caller's transaction).
pub(super) fn index_document(db: &mut Db, path: &str, doc: &Document) -> Result<(), StoreError> {
    let title = doc.title.clone().or_else(|| {
        doc.paragraphs.iter().find(|p| p.kind == ParagraphKind::Headline).map(|p| doc.text[p.start..p.end].to_string())
    });
    let body: Vec<&str> = doc.body().map(|(_, t)| t).collect();
    let body = body.join("\n\n");
    let words = tsvector(&[(title.as_deref().unwrap_or(""), 'A'), (&body, 'D')]);
    db.execute(
        "INSERT INTO doc_search (seq, words) SELECT seq, $2::text::tsvector FROM documents WHERE id = $1 \
         ON CONFLICT (seq) DO NOTHING",
        &[&doc.id.0, &words],
    )
    .map_err(|cause| StoreError::Postgres {
        path: path.to_string(),
        action: format!("indexing document {} for search", doc.id),
        cause,
    })?;
    Ok(())
}

/// Writes (again) the search row of a cluster (in the caller's transaction).
pub(super) fn index_story(db: &mut Db, path: &str, id: &str, headline: &str, summary: &str) -> Result<(), StoreError> {
    let words = tsvector(&[(headline, 'A'), (summary, 'D')]);
    db.execute(
        "INSERT INTO story_search (cluster_id, words) VALUES ($1, $2::text::tsvector) \
         ON CONFLICT (cluster_id) DO UPDATE SET words = excluded.words",
        &[&id, &words],
    )
    .map_err(|cause| StoreError::Postgres {
        path: path.to_string(),
        action: format!("indexing cluster {id} for search"),
        cause,
    })?;
    Ok(())
}

/// [`crate::search::doc_filters`] with PostgreSQL's placeholders, the values pushed on `p`.
fn doc_filters(q: &SearchQuery, p: &mut Params, dates: bool) -> Result<Vec<String>, StoreError> {
    crate::search::doc_filters(q, dates, &mut |v| p.push(v))
}

impl PgStore {
    /// Documents and stories matching `q`, best first: the best `offset + limit` of each kind are
    /// ranked and merged, then snippets are cut for the page's hits only.
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
        let Some(expr) = tsquery(&terms) else {
            return Err(StoreError::InvalidQuery("the search has no word to look for (letters or digits)".to_string()));
        };
        let want = q.offset + limit;
        let mut hits: Vec<SearchHit> = Vec::new();
        if q.scope != SearchScope::Stories {
            hits.extend(self.rank_documents(q, &expr, want)?.into_iter().map(SearchHit::Document));
        }
        if q.scope != SearchScope::Documents {
            hits.extend(self.rank_stories(q, &expr, want)?.into_iter().map(SearchHit::Story));
        }
        // Stable: on equal scores documents come before stories, each in its own order.
        hits.sort_by(|a, b| b.score().total_cmp(&a.score()));
        let mut page: Vec<SearchHit> = hits.into_iter().skip(q.offset).take(limit).collect();
        let doc_ids: Vec<String> = page
            .iter()
            .filter_map(|h| match h {
                SearchHit::Document(d) => Some(d.id.0.clone()),
                SearchHit::Story(_) => None,
            })
            .collect();
        let story_ids: Vec<String> = page
            .iter()
            .filter_map(|h| match h {
                SearchHit::Story(s) => Some(s.cluster.clone()),
                SearchHit::Document(_) => None,
            })
            .collect();
        let bodies = self.doc_bodies(&doc_ids)?;
        let summaries = self.story_summaries(&story_ids)?;
        for hit in &mut page {
            match hit {
                SearchHit::Document(d) => {
                    d.snippet = snippet(bodies.get(&d.id.0).map_or("", String::as_str), &terms, SNIPPET_WORDS)
                }
                SearchHit::Story(s) => {
                    s.snippet = snippet(summaries.get(&s.cluster).map_or("", String::as_str), &terms, SNIPPET_WORDS)
                }
            }
        }
        Ok(page)
    }

    /// The body paragraphs of these documents, joined as they were indexed.
    fn doc_bodies(&self, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = self.read(|db| {
            db.query(
                "SELECT d.id, string_agg(substring(convert_to(d.text, 'UTF8') FROM p.start::int + 1 \
                 FOR (p.\"end\" - p.start)::int), '\\x0a0a'::bytea ORDER BY p.idx) \
                 FROM documents d JOIN paragraphs p ON p.doc_id = d.id \
                 WHERE d.id = ANY($1) AND p.kind = 'body' GROUP BY d.id",
                &[&ids],
            )
            .map_err(self.err("making search snippets"))
        })?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let bytes: Option<Vec<u8>> = r.get(1);
                (r.get(0), String::from_utf8_lossy(&bytes.unwrap_or_default()).into_owned())
            })
            .collect())
    }

    /// The summaries of these clusters, their sentences joined by spaces.
    fn story_summaries(&self, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = self.read(|db| {
            db.query(
                "SELECT cluster_id, string_agg(text, ' ' ORDER BY idx) FROM cluster_sentences \
                 WHERE cluster_id = ANY($1) GROUP BY cluster_id",
                &[&ids],
            )
            .map_err(self.err("making search snippets"))
        })?;
        Ok(rows.into_iter().map(|r| (r.get(0), r.get::<_, Option<String>>(1).unwrap_or_default())).collect())
    }

    /// The best `want` documents (snippets left empty) of the latest [`SearchQuery::rank_window`]
    /// matches that pass the filters.
    fn rank_documents(&self, q: &SearchQuery, expr: &str, want: usize) -> Result<Vec<DocHit>, StoreError> {
        let mut p = Params::default();
        let query = p.push(expr.to_string());
        let conditions = doc_filters(q, &mut p, true)?;
        // The latest matches that pass the filters (newest `seq` first, no ranking yet), then the
        // best of them, then what the page's hits show.
        let mut window = format!(
            "SELECT s.seq, s.words FROM doc_search s JOIN documents d ON d.seq = s.seq \
             WHERE s.words @@ {query}::text::tsquery"
        );
        for c in &conditions {
            window.push_str(" AND ");
            window.push_str(c);
        }
        window.push_str(&format!(" ORDER BY s.seq DESC LIMIT {}", p.push(to_i64(q.rank_window()))));
        let sql = format!(
            "SELECT d.id, d.external_id, d.title, substr(d.dct, 1, 10), d.source, b.score \
             FROM (SELECT w.seq, ts_rank_cd('{WEIGHTS}', w.words, {query}::text::tsquery)::float8 AS score \
                   FROM ({window}) w ORDER BY score DESC, w.seq LIMIT {}) b \
             JOIN documents d ON d.seq = b.seq ORDER BY b.score DESC, b.seq",
            p.push(to_i64(want))
        );
        let rows = self.read(|db| db.query(&sql, &p.refs()).map_err(self.err("searching documents")))?;
        Ok(rows
            .into_iter()
            .map(|r| DocHit {
                id: DocId(r.get(0)),
                external_id: r.get(1),
                title: r.get(2),
                day: r.get(3),
                source: r.get(4),
                score: r.get(5),
                snippet: Vec::new(),
            })
            .collect())
    }

    /// The best `want` stories (snippets left empty) of the [`SearchQuery::rank_window`] matches
    /// that pass the filters and were opened last.
    fn rank_stories(&self, q: &SearchQuery, expr: &str, want: usize) -> Result<Vec<StoryHit>, StoreError> {
        let mut p = Params::default();
        let query = p.push(expr.to_string());
        let mut conditions = Vec::new();
        let member = doc_filters(q, &mut p, false)?;
        if !member.is_empty() {
            conditions.push(format!(
                "EXISTS (SELECT 1 FROM story_docs sd JOIN documents d ON d.id = sd.doc_id \
                 WHERE sd.cluster_id = c.id AND {})",
                member.join(" AND ")
            ));
        }
        if let Some(from) = &q.from {
            crate::check_date_bound("from", from)?;
            conditions.push(format!("c.last_day >= {}", p.push(from.clone())));
        }
        if let Some(to) = &q.to {
            crate::check_date_bound("to", to)?;
            conditions.push(format!("c.first_day < {}", p.push(format!("{to}~"))));
        }
        // The matches opened last (latest first day; SQLite: in the order stories were first
        // written, which follows their first days), no ranking yet; then the best of them.
        let mut window = format!(
            "SELECT c.id, c.headline, c.first_day, c.last_day, c.size, s.words \
             FROM story_search s JOIN clusters c ON c.id = s.cluster_id WHERE s.words @@ {query}::text::tsquery"
        );
        for c in &conditions {
            window.push_str(" AND ");
            window.push_str(c);
        }
        window.push_str(&format!(
            " ORDER BY c.first_day DESC NULLS LAST, c.id DESC LIMIT {}",
            p.push(to_i64(q.rank_window()))
        ));
        let sql = format!(
            "SELECT w.id, w.headline, w.first_day, w.last_day, w.size, \
             ts_rank_cd('{WEIGHTS}', w.words, {query}::text::tsquery)::float8 AS score \
             FROM ({window}) w ORDER BY score DESC, w.id LIMIT {}",
            p.push(to_i64(want))
        );
        let rows = self.read(|db| db.query(&sql, &p.refs()).map_err(self.err("searching stories")))?;
        Ok(rows
            .into_iter()
            .map(|r| StoryHit {
                cluster: r.get(0),
                headline: r.get(1),
                first_day: r.get(2),
                last_day: r.get(3),
                size: u32::try_from(count(r.get(4))).unwrap_or(u32::MAX),
                score: r.get(5),
                snippet: Vec::new(),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_hold_folded_words_with_positions_and_weights() {
        let v = tsvector(&[("Lavróv meets", 'A'), ("Lavrov, again: lavrov", 'D')]);
        // Title 1-2, a gap, body 4-6.
        assert_eq!(v, "'again':5 'lavrov':1A,4,6 'meets':2A");
    }

    #[test]
    fn queries_quote_every_word() {
        let q = tsquery(&parse_query("\"Sergei Lavróv\" sanction* x' OR '1'='1")).unwrap();
        assert_eq!(q, "('sergei' <-> 'lavrov') & 'sanction':* & 'x' & 'or' & ('1' <-> '1')");
        assert_eq!(tsquery(&parse_query("--- ***")), None);
    }
}
