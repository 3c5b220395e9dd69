//! Full-text search over what the store holds: article bodies (with their titles) and story
//! summaries (with their headlines), ranked by BM25 with titles and headlines weighing more, and
//! narrowed by the same filters as the rest of herald (actor and event code prefixes, a dyad,
//! an entity, a source, a day range).
//!
//! The query a user types is never handed to the search engine as syntax. [`parse_query`] reads
//! it into [`Term`]s and the backend writes each term as a quoted phrase of plain word tokens, so
//! quotes, `*`, `NEAR`, `OR`, `-`, parentheses, colons or SQL-looking text can neither fail the
//! query nor change its meaning. What the syntax is:
//! - words: every word must appear (in any order, anywhere in the title or body); case and
//!   diacritics do not matter (`lavróv` finds `Lavrov`); words are not stemmed, in any language;
//! - `"a phrase"`: these words, next to each other, in this order;
//! - `word*`: any word that begins with `word` (at least two letters or digits before the `*`):
//!   `sanction*` finds `sanction`, `sanctions` and `sanctioned`;
//! - anything that is not a letter or a digit separates words (`U.S.` is the phrase `U S`); an
//!   unclosed quote runs to the end of the query.
//!
//! Matches in snippets are returned as [`SnippetPart`]s (never as markup), so whoever shows them
//! escapes the text as any other.
//!
//! Ranking is bounded, so that a search costs about the same whatever the store holds: of the
//! documents that match (and pass the filters), only the [`SEARCH_WINDOW`] most recently stored
//! are ranked, and likewise of the stories only the ones opened last. A rare word is
//! ranked among all its matches; a word nearly every article holds (in a store of 100,000 articles
//! "Kerry" matches 90,000) is ranked among its latest matches, which is also where a reader of
//! news looks first, and there its relevance score says little anyway (a word in most documents
//! weighs almost nothing in BM25). Hits past the window are not returned: narrow such a search
//! with more words or with filters (a filter is applied before the window is cut, so a filtered
//! search still reaches old articles). Ranking each match (loading its statistics, scoring it)
//! was the cost that grew with the store; what is left to grow is reading the list of matching
//! ids (and, on SQLite, counting them for the word's BM25 weight), far cheaper: measured on
//! 100,000 articles, "Kerry" (90,000 matches) took 100 ms to rank whole and 4 ms in the window,
//! of which about 1.5 ms is that count.

use serde::Serialize;

/// Most hits one query returns.
pub const MAX_SEARCH_LIMIT: usize = 500;
/// Largest offset into the hits.
pub const MAX_SEARCH_OFFSET: usize = 10_000;
/// Most matches ranked by one search, of documents and of stories each: the most recently
/// stored (see the module's documentation).
pub const SEARCH_WINDOW: usize = 2_000;
/// Most terms of a query that are used (the rest are ignored).
pub const MAX_TERMS: usize = 16;
/// Longest query read, in characters (the rest is ignored).
pub const MAX_QUERY_CHARS: usize = 512;

/// What [`crate::Store::search`] looks in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchScope {
    /// Documents and stories, merged by score.
    #[default]
    All,
    Documents,
    Stories,
}

impl SearchScope {
    pub fn as_str(self) -> &'static str {
        match self {
            SearchScope::All => "all",
            SearchScope::Documents => "documents",
            SearchScope::Stories => "stories",
        }
    }

    pub fn parse(s: &str) -> Option<SearchScope> {
        [SearchScope::All, SearchScope::Documents, SearchScope::Stories].into_iter().find(|k| k.as_str() == s)
    }
}

/// One search. Filters narrow documents; a story passes them when one of its articles does (and
/// its days meet the day range).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SearchQuery {
    /// What the user typed (see the module's documentation for its syntax).
    pub text: String,
    pub scope: SearchScope,
    /// Only documents that report an event with an actor whose code begins with this (`USA`,
    /// `RUSGOV`).
    pub actor: Option<String>,
    /// Only documents that report an event between actors with these code prefixes (either
    /// direction unless `directed`).
    pub dyad: Option<(String, String)>,
    pub directed: bool,
    /// Only documents that report an event whose CAMEO code begins with this (`04`, `043`).
    /// `actor`, `dyad` and `code` must all hold for one same event.
    pub code: Option<String>,
    /// Only documents that mention this entity (the store's entity id).
    pub entity: Option<String>,
    /// Only documents whose source is exactly this.
    pub source: Option<String>,
    /// Only documents dated on or after this day (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), stories
    /// whose last day is; undated ones are left out when a bound is set.
    pub from: Option<String>,
    /// Only documents dated on or before this day, stories whose first day is.
    pub to: Option<String>,
    /// At most this many hits (1 to [`MAX_SEARCH_LIMIT`]; 0 means 20).
    pub limit: usize,
    /// Skip this many hits first (at most [`MAX_SEARCH_OFFSET`]).
    pub offset: usize,
    /// Rank only this many of the most recently stored matches (0, or more than [`SEARCH_WINDOW`]:
    /// [`SEARCH_WINDOW`]). Smaller windows are for tests and for callers that want only the
    /// latest.
    pub window: usize,
}

impl SearchQuery {
    /// How many of the latest matches are ranked (see [`SearchQuery::window`]).
    pub fn rank_window(&self) -> usize {
        if self.window == 0 {
            SEARCH_WINDOW
        } else {
            self.window.min(SEARCH_WINDOW)
        }
    }
}

/// A piece of a snippet: text, and whether it matched the query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SnippetPart {
    pub text: String,
    #[serde(rename = "match")]
    pub hit: bool,
}

/// Snippet pieces as one plain string, matches written `[like this]` (for terminals).
pub fn snippet_text(parts: &[SnippetPart]) -> String {
    parts.iter().map(|p| if p.hit { format!("[{}]", p.text) } else { p.text.clone() }).collect()
}

/// A document that matches.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocHit {
    pub id: herald_model::DocId,
    pub external_id: Option<String>,
    pub title: Option<String>,
    /// Its publication day (`YYYY-MM-DD`), when dated.
    pub day: Option<String>,
    pub source: Option<String>,
    /// Higher is better (BM25, negated).
    pub score: f64,
    /// Where the body matches best.
    pub snippet: Vec<SnippetPart>,
}

/// A story (event cluster) that matches.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryHit {
    pub cluster: String,
    pub headline: String,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    /// Its articles, near-duplicates included.
    pub size: u32,
    /// Higher is better (BM25, negated).
    pub score: f64,
    /// Where the summary matches best.
    pub snippet: Vec<SnippetPart>,
}

/// One hit: a document or a story.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SearchHit {
    Document(DocHit),
    Story(StoryHit),
}

impl SearchHit {
    pub fn score(&self) -> f64 {
        match self {
            SearchHit::Document(d) => d.score,
            SearchHit::Story(s) => s.score,
        }
    }
}

/// One term of a query: a run of word tokens that must appear together, in order; `prefix` when
/// the last may be the beginning of a longer word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub tokens: Vec<String>,
    pub prefix: bool,
}

/// Reads what a user typed into terms (see the module's documentation). Returns no terms when
/// the query has no word.
pub fn parse_query(text: &str) -> Vec<Term> {
    let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
    let mut terms = Vec::new();
    let mut rest = text.as_str();
    while !rest.is_empty() && terms.len() < MAX_TERMS {
        if let Some(after) = rest.strip_prefix('"') {
            let (inside, next) = match after.find('"') {
                Some(end) => (&after[..end], &after[end + 1..]),
                None => (after, ""),
            };
            let tokens = tokens(inside);
            if !tokens.is_empty() {
                terms.push(Term { tokens, prefix: false });
            }
            rest = next;
            continue;
        }
        let end = rest.find(|c: char| c.is_whitespace() || c == '"').unwrap_or(rest.len());
        let word = &rest[..end];
        rest = rest[end..].trim_start_matches(char::is_whitespace);
        let tokens = tokens(word);
        let Some(last) = tokens.last() else { continue };
        // A `*` right after the last letter or digit of the word.
        let starred = word.ends_with('*') && word.trim_end_matches('*').ends_with(char::is_alphanumeric);
        let prefix = starred && last.chars().count() >= 2;
        terms.push(Term { tokens, prefix });
    }
    terms
}

/// The runs of letters and digits in `s`.
fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_string).collect()
}

/// The FTS5 expression for `terms`: each term a quoted string of its tokens (letters and digits
/// only, so nothing in it is syntax), with `*` after it when it is a prefix; all of them required.
pub fn fts_expression(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|t| {
            let phrase = format!("\"{}\"", t.tokens.join(" ").replace('"', "\"\""));
            if t.prefix {
                format!("{phrase}*")
            } else {
                phrase
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The SQL conditions on a document (`d`, with `event_mentions m` and `events e` reachable by
/// its id) that the filters of `q` ask for, the same on both backends: `bind` takes a value and
/// returns its placeholder in the backend's dialect, in the order they appear in the text. The
/// date bounds are left out when `dates` is false (a story's members are filtered by the
/// story's own dates instead).
pub(crate) fn doc_filters(
    q: &SearchQuery,
    dates: bool,
    bind: &mut dyn FnMut(String) -> String,
) -> Result<Vec<String>, crate::StoreError> {
    let mut conditions = Vec::new();
    let prefix = |col: &str, p: &str, bind: &mut dyn FnMut(String) -> String| {
        let (low, high) = (bind(p.to_string()), bind(format!("{p}\u{10FFFF}")));
        format!("({col} >= {low} AND {col} < {high})")
    };
    let mut event = Vec::new();
    if let Some(a) = &q.actor {
        let s = prefix("e.source_code", a, bind);
        let t = prefix("e.target_code", a, bind);
        event.push(format!("({s} OR {t})"));
    }
    if let Some((a, b)) = &q.dyad {
        let ab = format!("({} AND {})", prefix("e.source_code", a, bind), prefix("e.target_code", b, bind));
        if q.directed {
            event.push(ab);
        } else {
            let ba = format!("({} AND {})", prefix("e.source_code", b, bind), prefix("e.target_code", a, bind));
            event.push(format!("({ab} OR {ba})"));
        }
    }
    if let Some(c) = &q.code {
        event.push(prefix("e.cameo", c, bind));
    }
    if !event.is_empty() {
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM event_mentions m JOIN events e ON e.id = m.event_id WHERE m.doc_id = d.id AND {})",
            event.join(" AND ")
        ));
    }
    if let Some(entity) = &q.entity {
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM doc_entities de WHERE de.doc_id = d.id AND de.entity_id = {})",
            bind(entity.clone())
        ));
    }
    if let Some(source) = &q.source {
        conditions.push(format!("d.source = {}", bind(source.clone())));
    }
    if dates {
        if let Some(from) = &q.from {
            crate::check_date_bound("from", from)?;
            conditions.push(format!("d.dct >= {}", bind(from.clone())));
        }
        if let Some(to) = &q.to {
            crate::check_date_bound("to", to)?;
            conditions.push(format!("d.dct < {}", bind(format!("{to}~"))));
        }
    }
    Ok(conditions)
}

/// The words of `text` as a search index sees them: runs of letters and digits with their byte
/// spans (the same cut as [`parse_query`]'s and SQLite's `unicode61` tokenizer).
#[cfg_attr(not(feature = "postgres"), allow(dead_code))] // Used by the PostgreSQL backend.
pub(crate) fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// A word as it is indexed and looked up: lowercase, Latin diacritics removed (`Lavróv` →
/// `lavrov`), nothing but letters and digits left.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))] // Used by the PostgreSQL backend.
pub(crate) fn fold_word(word: &str) -> String {
    herald_entities::fold::fold(word).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A snippet of `text` for `terms`: the window of at most `max_words` words holding the most
/// distinct terms (then the most matched words), matches marked as [`SnippetPart`]s, `…` where
/// the text was cut. Without any match, the beginning of the text.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))] // Used by the PostgreSQL backend.
pub(crate) fn snippet(text: &str, terms: &[Term], max_words: usize) -> Vec<SnippetPart> {
    let spans = word_spans(text);
    if spans.is_empty() {
        return Vec::new();
    }
    let words: Vec<String> = spans.iter().map(|&(s, e)| fold_word(&text[s..e])).collect();
    let folded: Vec<Vec<String>> = terms.iter().map(|t| t.tokens.iter().map(|w| fold_word(w)).collect()).collect();
    // Which term matches where (term index, first word, words).
    let mut matches: Vec<(usize, usize, usize)> = Vec::new();
    for i in 0..words.len() {
        for (ti, (term, toks)) in terms.iter().zip(&folded).enumerate() {
            let n = toks.len();
            if n == 0 || i + n > words.len() {
                continue;
            }
            let ok = toks.iter().enumerate().all(|(k, t)| {
                let w = &words[i + k];
                if term.prefix && k + 1 == n {
                    w.starts_with(t.as_str())
                } else {
                    w == t
                }
            });
            if ok {
                matches.push((ti, i, n));
            }
        }
    }
    let max_words = max_words.max(1);
    let mut start = 0;
    if !matches.is_empty() && words.len() > max_words {
        let mut best = (0usize, 0usize);
        // Windows that begin a little before each match.
        for &(_, at, _) in &matches {
            let s = at.saturating_sub(3).min(words.len() - max_words);
            let inside: Vec<&(usize, usize, usize)> =
                matches.iter().filter(|(_, m, n)| *m >= s && m + n <= s + max_words).collect();
            let mut distinct: Vec<usize> = inside.iter().map(|(t, _, _)| *t).collect();
            distinct.sort_unstable();
            distinct.dedup();
            let score = (distinct.len(), inside.iter().map(|(_, _, n)| n).sum::<usize>());
            if score > best {
                best = score;
                start = s;
            }
        }
    }
    let end = (start + max_words).min(words.len());
    // Which words matched, and which continue a phrase begun by the word before (one highlight).
    let mut hit = vec![false; words.len()];
    let mut joined = vec![false; words.len()];
    for &(_, at, n) in &matches {
        for i in at..at + n {
            hit[i] = true;
            joined[i] |= i > at;
        }
    }
    let mut marked = String::new();
    // The markers cannot come from the text: an article cannot forge a highlight.
    let clean = |piece: &str| piece.replace(['\u{1}', '\u{2}'], " ");
    // A window at either end of the text keeps what is before the first word or after the last.
    let mut pos = if start > 0 {
        marked.push('…');
        spans[start].0
    } else {
        0
    };
    for i in start..end {
        let (s, e) = spans[i];
        marked.push_str(&clean(&text[pos..s]));
        let opens = hit[i] && !(i > start && joined[i] && hit[i - 1]);
        let closes = hit[i] && !(i + 1 < end && joined[i + 1]);
        if opens {
            marked.push('\u{1}');
        }
        marked.push_str(&text[s..e]);
        if closes {
            marked.push('\u{2}');
        }
        pos = e;
    }
    if end < words.len() {
        marked.push('…');
    } else {
        marked.push_str(&clean(&text[pos..]));
    }
    snippet_parts(&marked)
}

/// Splits a snippet marked with `\x01` (a match begins) and `\x02` (it ends) into parts, each
/// run of white space (paragraph breaks included) written as one space.
pub(crate) fn snippet_parts(marked: &str) -> Vec<SnippetPart> {
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut hit = false;
    let mut current = String::new();
    let flush = |text: &mut String, hit: bool, parts: &mut Vec<SnippetPart>| {
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.hit == hit => last.text.push_str(text),
            _ => parts.push(SnippetPart { text: text.clone(), hit }),
        }
        text.clear();
    };
    let mut space = false;
    for c in marked.chars() {
        // Paragraph breaks and runs of spaces read as one space in a snippet.
        if c.is_whitespace() {
            if !space {
                current.push(' ');
            }
            space = true;
            continue;
        }
        if c != '\u{1}' && c != '\u{2}' {
            space = false;
        }
        match c {
            '\u{1}' => {
                flush(&mut current, hit, &mut parts);
                hit = true;
            }
            '\u{2}' => {
                flush(&mut current, hit, &mut parts);
                hit = false;
            }
            c => current.push(c),
        }
    }
    flush(&mut current, hit, &mut parts);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(tokens: &[&str], prefix: bool) -> Term {
        Term { tokens: tokens.iter().map(|s| s.to_string()).collect(), prefix }
    }

    #[test]
    fn the_rank_window_is_never_wider_than_the_bound() {
        let w = |window| SearchQuery { window, ..SearchQuery::default() }.rank_window();
        assert_eq!(
            (w(0), w(1), w(SEARCH_WINDOW), w(SEARCH_WINDOW + 1)),
            (SEARCH_WINDOW, 1, SEARCH_WINDOW, SEARCH_WINDOW)
        );
    }

    #[test]
    fn words_phrases_and_prefixes() {
        assert_eq!(parse_query("Lavrov  Kerry"), vec![t(&["Lavrov"], false), t(&["Kerry"], false)]);
        assert_eq!(
            parse_query("\"Sergei Lavrov\" sanction*"),
            vec![t(&["Sergei", "Lavrov"], false), t(&["sanction"], true)]
        );
        assert_eq!(parse_query("U.S. talks"), vec![t(&["U", "S"], false), t(&["talks"], false)]);
        // A one-letter prefix is a plain word; a lone star is nothing.
        assert_eq!(parse_query("a* * **"), vec![t(&["a"], false)]);
        // An unclosed quote runs to the end.
        assert_eq!(parse_query("peace \"Minsk accords"), vec![t(&["peace"], false), t(&["Minsk", "accords"], false)]);
        assert!(parse_query("\"\" - * ()").is_empty());
    }

    #[test]
    fn hostile_queries_become_plain_phrases() {
        let e = fts_expression(&parse_query("x OR 1=1; DROP TABLE documents; -- NEAR(a b) title:foo"));
        assert_eq!(e, "\"x\" \"OR\" \"1 1\" \"DROP\" \"TABLE\" \"documents\" \"NEAR a\" \"b\" \"title foo\"");
        let e = fts_expression(&parse_query("x\" OR \"y*"));
        assert_eq!(e, "\"x\" \"OR\" \"y\"");
        assert_eq!(fts_expression(&parse_query("sanct*")), "\"sanct\"*");
    }

    #[test]
    fn snippets_split_on_markers() {
        let parts = snippet_parts("a \u{1}b\u{2} c\u{1}\u{2}");
        assert_eq!(
            parts,
            vec![
                SnippetPart { text: "a ".into(), hit: false },
                SnippetPart { text: "b".into(), hit: true },
                SnippetPart { text: " c".into(), hit: false }
            ]
        );
        assert_eq!(snippet_text(&parts), "a [b] c");
    }

    #[test]
    fn snippets_window_the_best_matches() {
        let text = "Kerry arrived. ".repeat(20)
            + "Sergei Lavróv met Kerry in Sochi on Tuesday. "
            + &"More text follows. ".repeat(20);
        let parts = snippet(&text, &parse_query("lavrov \"kerry in\" sochi"), 12);
        let shown = snippet_text(&parts);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.contains("Sergei [Lavróv] met [Kerry in] [Sochi] on Tuesday"), "{shown}");
        // A short text is shown whole, its punctuation included.
        assert_eq!(
            snippet_text(&snippet("(Talks with Lavrov.)", &parse_query("lavrov"), 24)),
            "(Talks with [Lavrov].)"
        );
        // Prefixes match the beginning of a word only; no match shows the beginning.
        assert_eq!(
            snippet_text(&snippet("sanctioned, sanctions", &parse_query("sanction*"), 24)),
            "[sanctioned], [sanctions]"
        );
        assert_eq!(snippet_text(&snippet("one two three", &parse_query("four"), 2)), "one two…");
        assert!(snippet("", &parse_query("x"), 5).is_empty());
    }

    #[test]
    fn words_are_cut_and_folded_as_the_index_sees_them() {
        let text = "U.S.-Russian talks, naïve Ærø 2015";
        let words: Vec<String> = word_spans(text).iter().map(|&(s, e)| fold_word(&text[s..e])).collect();
        assert_eq!(words, ["u", "s", "russian", "talks", "naive", "aero", "2015"]);
    }

    proptest! {
        #[test]
        fn snippets_keep_the_text_and_forge_nothing(text in "[a-z\u{1}\u{2} .,é]{0,60}", q in "[a-z ]{1,12}") {
            let parts = snippet(&text, &parse_query(&q), 8);
            for p in &parts {
                prop_assert!(!p.text.contains(['\u{1}', '\u{2}']), "{:?}", p);
                if p.hit {
                    prop_assert!(!word_spans(&p.text).is_empty(), "{:?}", p);
                }
            }
            let shown: String = parts.iter().map(|p| p.text.as_str()).collect();
            let words = |s: &str| -> Vec<String> { word_spans(s).iter().map(|&(a, b)| s[a..b].to_string()).collect() };
            let all = words(&text);
            let seen = words(&shown);
            // The words shown are a run of the text's words.
            prop_assert!(seen.is_empty() || all.windows(seen.len()).any(|w| w == seen.as_slice()), "{shown:?} in {text:?}");
        }

        #[test]
        fn expressions_hold_only_quoted_words(q in ".{0,80}") {
            let terms = parse_query(&q);
            prop_assert!(terms.len() <= MAX_TERMS);
            for term in &terms {
                prop_assert!(!term.tokens.is_empty());
                for tok in &term.tokens {
                    prop_assert!(!tok.is_empty() && tok.chars().all(char::is_alphanumeric));
                }
            }
            let e = fts_expression(&terms);
            // Outside the quotes there is only a space or a star.
            let mut inside = false;
            for c in e.chars() {
                if c == '"' { inside = !inside; continue; }
                prop_assert!(inside || c == ' ' || c == '*', "{e}");
            }
            prop_assert!(!inside);
        }

        #[test]
        fn snippet_parts_keep_the_text(s in "[a-z \n\u{1}\u{2}]{0,40}") {
            let joined: String = snippet_parts(&s).iter().map(|p| p.text.as_str()).collect();
            let plain = s.replace(['\u{1}', '\u{2}'], "");
            let words: Vec<&str> = plain.split_whitespace().collect();
            prop_assert_eq!(joined.split_whitespace().collect::<Vec<_>>(), words);
            prop_assert!(!joined.contains("  ") && !joined.contains('\n'));
        }
    }
}
