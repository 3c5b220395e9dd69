//! The JSON API under `/api`. [`routes`] is the one list of routes: the router is built from it
//! and a test checks that the OpenAPI description names every one of them and nothing else.
//!
//! Every handler reads its query string with [`Params`] (unknown parameters, bad values and
//! oversized pages are `bad_request`), borrows a store from the pool on a blocking thread, and
//! answers JSON with the model's field names; errors are [`ApiError`]s.

use crate::data::{self, DEFAULT_LIMIT, MAX_DOC_OFFSET, MAX_LIMIT, MAX_SCAN_OFFSET};
use crate::error::ApiError;
use crate::params::Params;
use crate::{blocking, blocking_heavy, Shared};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::Json;
use herald_store::{ClusterQuery, DocQuery, EventQuery, SearchQuery, SearchScope};
use herald_stories::relations::Bucket;
use serde_json::{json, Value};

/// Largest request body (`POST /api/documents`).
pub const MAX_BODY_BYTES: usize = 10 << 20;

/// One route: its path (axum and OpenAPI write parameters the same way, `{id}`), its methods
/// (lower case, as OpenAPI names them) and its handlers.
pub struct Route {
    pub path: &'static str,
    pub methods: &'static [&'static str],
    pub handler: MethodRouter<Shared>,
}

/// Every API route.
pub fn routes() -> Vec<Route> {
    let r = |path, methods, handler| Route { path, methods, handler };
    vec![
        r("/api/status", &["get"], get(status)),
        r("/api/documents", &["get", "post"], get(documents).post(ingest).layer(DefaultBodyLimit::max(MAX_BODY_BYTES))),
        r("/api/documents/{id}", &["get"], get(document)),
        r("/api/entities", &["get"], get(entities)),
        r("/api/entities/{id}", &["get"], get(entity)),
        r("/api/events", &["get"], get(events)),
        r("/api/stories", &["get"], get(stories)),
        r("/api/stories/{id}", &["get"], get(story)),
        r("/api/storylines", &["get"], get(storylines)),
        r("/api/relations", &["get"], get(relations)),
        r("/api/relations.svg", &["get"], get(relations_svg)),
        r("/api/search", &["get"], get(search)),
        r("/api/rejected", &["get"], get(rejected)),
        r("/api/openapi.json", &["get"], get(openapi)),
    ]
}

type ApiResult = Result<Json<Value>, ApiError>;

fn to_json<T: serde::Serialize>(v: &T) -> ApiResult {
    serde_json::to_value(v).map(Json).map_err(|e| ApiError::internal(format!("cannot write the answer as JSON: {e}")))
}

/// The key in a path, or a `bad_request` saying why it cannot be read.
pub fn path_key(p: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    let Path(key) = p.map_err(|e| ApiError::bad_request(format!("the id in the path cannot be read: {e}")))?;
    if key.is_empty() || key.chars().count() > crate::params::MAX_VALUE_CHARS {
        return Err(ApiError::bad_request("the id must be 1 to 512 characters"));
    }
    Ok(key)
}

async fn status(State(app): State<Shared>, RawQuery(raw): RawQuery) -> ApiResult {
    Params::parse(raw.as_deref(), &[])?;
    let status = blocking(&app, |s| Ok(s.status()?)).await?;
    let mut v = serde_json::to_value(&status).map_err(|e| ApiError::internal(e.to_string()))?;
    if let Some(o) = v.as_object_mut() {
        o.insert("ingest_enabled".into(), Value::Bool(app.ingest_enabled()));
    }
    Ok(Json(v))
}

/// The document filters both the API and the pages take.
pub fn doc_query(q: &Params) -> Result<DocQuery, ApiError> {
    Ok(DocQuery {
        source: q.text("source"),
        from: q.day("from")?,
        to: q.day("to")?,
        limit: q.limit(DEFAULT_LIMIT, MAX_LIMIT)?,
        offset: q.offset(MAX_DOC_OFFSET)?,
    })
}

async fn documents(State(app): State<Shared>, RawQuery(raw): RawQuery) -> ApiResult {
    let q = Params::parse(raw.as_deref(), &["source", "from", "to", "limit", "offset"])?;
    let dq = doc_query(&q)?;
    to_json(&blocking(&app, move |s| Ok(data::documents(s, dq)?)).await?)
}

async fn document(
    State(app): State<Shared>,
    p: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    Params::parse(raw.as_deref(), &[])?;
    let key = path_key(p)?;
    let k = key.clone();
    match blocking(&app, move |s| Ok(data::document(s, &k)?)).await? {
        Some(v) => to_json(&v),
        None => Err(ApiError::not_found(format!("no document has the id or external id {key:?}"))),
    }
}

async fn entities(State(app): State<Shared>, RawQuery(raw): RawQuery) -> ApiResult {
    let q = Params::parse(raw.as_deref(), &["type", "limit", "offset"])?;
    let (kind, limit, offset) =
        (q.entity_type("type")?, q.limit(DEFAULT_LIMIT, MAX_LIMIT)?, q.offset(MAX_SCAN_OFFSET)?);
    to_json(&blocking(&app, move |s| Ok(data::entities(s, kind, limit, offset)?)).await?)
}

async fn entity(
    State(app): State<Shared>,
    p: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let q = Params::parse(raw.as_deref(), &["limit"])?;
    let limit = q.limit(20, MAX_LIMIT)?;
    let id = path_key(p)?;
    let i = id.clone();
    match blocking(&app, move |s| Ok(data::entity(s, &i, limit)?)).await? {
        Some(v) => to_json(&v),
        None => Err(ApiError::not_found(format!("no entity has the id {id:?}"))),
    }
}

/// The event filters both the API and the pages take.
pub fn event_query(q: &Params) -> Result<EventQuery, ApiError> {
    Ok(EventQuery {
        actor: q.actor("actor")?,
        dyad: q.dyad("dyad")?,
        directed: q.flag("directed")?,
        code: q.cameo("code")?,
        from: q.day("from")?,
        to: q.day("to")?,
        limit: 0,
    })
}

pub const EVENT_PARAMS: [&str; 8] = ["actor", "dyad", "directed", "code", "from", "to", "limit", "offset"];

async fn events(State(app): State<Shared>, RawQuery(raw): RawQuery) -> ApiResult {
    let q = Params::parse(raw.as_deref(), &EVENT_PARAMS)?;
    let eq = event_query(&q)?;
    if eq.directed && eq.dyad.is_none() {
        return Err(ApiError::bad_request("directed needs a dyad"));
    }
    let (limit, offset) = (q.limit(DEFAULT_LIMIT, MAX_LIMIT)?, q.offset(MAX_SCAN_OFFSET)?);
    to_json(&blocking(&app, move |s| Ok(data::events(s, eq, limit, offset)?)).await?)
}

/// The story filters both the API and the pages take.
pub fn story_query(q: &Params) -> Result<ClusterQuery, ApiError> {
    Ok(ClusterQuery { from: q.day("from")?, to: q.day("to")?, storyline: q.text("storyline"), limit: 0 })
}

pub const STORY_PARAMS: [&str; 5] = ["from", "to", "storyline", "limit", "offset"];

async fn stories(State(app): State<Shared>, RawQuery(raw): RawQuery) -> ApiResult {
    let q = Params::parse(raw.as_deref(), &STORY_PARAMS)?;
    let cq = story_query(&q)?;
    let (limit, offset) = (q.limit(DEFAULT_LIMIT, MAX_LIMIT)?, q.offset(MAX_SCAN_OFFSET)?);
    to_json(&blocking(&app, move |s| Ok(data::stories(s, cq, limit, offset)?)).await?)
}

async fn story(
    State(app): State<Shared>,
    p: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let q = Params::parse(raw.as_deref(), &["limit"])?;
    let limit = q.limit(DEFAULT_LIMIT, MAX_LIMIT)?;
    let key = path_key(p)?;
    let k = key.clone();
    match blocking(&app, move |s| Ok(data::story(s, &k, limit)?)).await? {
        Some(v) => to_json(&v),
        None => Err(ApiError::not_found(format!("no story has the id or a member document {key:?}"))),
    }
}

async fn storylines(State(app): State<Shared>, RawQuery(raw): RawQuery) -> ApiResult {
    let q = Params::parse(raw.as_deref(), &["limit", "offset", "stories"])?;
    let (limit, offset) = (q.limit(20, MAX_LIMIT)?, q.offset(MAX_SCAN_OFFSET)?);
    let per = match q.get("stories") {
        None => 20,
        Some(v) => v.parse::<usize>().ok().filter(|n| (1..=data::TIMELINE_STORIES).contains(n)).ok_or_else(|| {
            ApiError::bad_request(format!(
                "stories must be a whole number from 1 to {}, not {v:?}",
                data::TIMELINE_STORIES
            ))
        })?,
    };
    to_json(&blocking(&app, move |s| Ok(data::storylines(s, limit, offset, per)?)).await?)
}

/// Two actors, a bucket width and a direction, as the relations routes and page take them.
pub fn relations_query(q: &Params) -> Result<Option<(String, String, Bucket, bool)>, ApiError> {
    let (a, b) = (q.actor("a")?, q.actor("b")?);
    let by = match q.choice("by", &["day", "week", "month"], "month")? {
        "day" => Bucket::Day,
        "week" => Bucket::Week,
        _ => Bucket::Month,
    };
    let directed = q.flag("directed")?;
    Ok(match (a, b) {
        (Some(a), Some(b)) => Some((a, b, by, directed)),
        _ => None,
    })
}

fn relations_params(raw: Option<&str>) -> Result<(String, String, Bucket, bool), ApiError> {
    let q = Params::parse(raw, &["a", "b", "by", "directed"])?;
    relations_query(&q)?.ok_or_else(|| ApiError::bad_request("a and b are required: two actor codes (a=USA&b=RUS)"))
}

async fn relations(State(app): State<Shared>, RawQuery(raw): RawQuery) -> ApiResult {
    let (a, b, by, directed) = relations_params(raw.as_deref())?;
    let v = blocking_heavy(&app, move |s| Ok(data::relations_view(s, &a, &b, by, directed)?)).await?;
    Ok(Json(json!({
        "a": v.rel.a,
        "b": v.rel.b,
        "by": data::bucket_name(by),
        "directed": directed,
        "rows": v.rows_json(),
        "skipped": v.rel.skipped,
        "truncated": v.rel.truncated,
        "undated": v.undated,
        "events": v.events.len(),
        "capped": v.capped,
    })))
}

async fn relations_svg(State(app): State<Shared>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let (a, b, by, directed) = relations_params(raw.as_deref())?;
    let v = blocking_heavy(&app, move |s| Ok(data::relations_view(s, &a, &b, by, directed)?)).await?;
    let svg = herald_stories::relations::to_svg(&v.rel, &data::relations_title(&v));
    Ok(([(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")], svg).into_response())
}

pub const SEARCH_PARAMS: [&str; 12] =
    ["q", "in", "actor", "dyad", "directed", "code", "entity", "source", "from", "to", "limit", "offset"];

/// The search both the API and the page take; `None` when `q` is absent or blank (the page then
/// shows its form alone). The page size is checked here; the store checks the query's words.
pub fn search_query(q: &Params) -> Result<Option<SearchQuery>, ApiError> {
    let scope = match q.choice("in", &["all", "documents", "stories"], "all")? {
        "documents" => SearchScope::Documents,
        "stories" => SearchScope::Stories,
        _ => SearchScope::All,
    };
    let dyad = q.dyad("dyad")?;
    let directed = q.flag("directed")?;
    if directed && dyad.is_none() {
        return Err(ApiError::bad_request("directed needs a dyad"));
    }
    let query = SearchQuery {
        text: String::new(),
        scope,
        actor: q.actor("actor")?,
        dyad,
        directed,
        code: q.cameo("code")?,
        entity: q.text("entity"),
        source: q.text("source"),
        from: q.day("from")?,
        to: q.day("to")?,
        limit: q.limit(data::SEARCH_DEFAULT_LIMIT, data::SEARCH_MAX_LIMIT)?,
        offset: q.offset(data::MAX_SEARCH_OFFSET)?,
        window: 0,
    };
    Ok(q.text("q").map(|text| SearchQuery { text, ..query }))
}

async fn search(State(app): State<Shared>, RawQuery(raw): RawQuery) -> ApiResult {
    let q = Params::parse(raw.as_deref(), &SEARCH_PARAMS)?;
    let sq =
        search_query(&q)?.ok_or_else(|| ApiError::bad_request("q is required: the words to look for (q=sanctions)"))?;
    to_json(&blocking_heavy(&app, move |s| Ok(data::search(s, sq)?)).await?)
}

async fn rejected(State(app): State<Shared>, RawQuery(raw): RawQuery) -> ApiResult {
    let q = Params::parse(raw.as_deref(), &["limit", "offset"])?;
    let (limit, offset) = (q.limit(DEFAULT_LIMIT, MAX_LIMIT)?, q.offset(MAX_SCAN_OFFSET)?);
    to_json(&blocking(&app, move |s| Ok(data::rejected(s, limit, offset)?)).await?)
}

async fn openapi(RawQuery(raw): RawQuery) -> ApiResult {
    Params::parse(raw.as_deref(), &[])?;
    Ok(Json(crate::openapi::document()))
}

/// Whether `given` equals `expected`, in time that does not depend on where they differ.
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len() && given.iter().zip(expected).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// `POST /api/documents`: off (403 `ingest_disabled`) unless the server has a token; then a
/// bearer token, a body of at most [`MAX_BODY_BYTES`] holding one JSON object, an array of
/// objects, or JSON Lines, each as `herald ingest` reads a JSONL line.
async fn ingest(
    State(app): State<Shared>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (Some(token), Some(ingester)) = (app.token.clone(), app.ingest.clone()) else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "ingest_disabled",
            "ingest over HTTP is off: start the server with --token (or HERALD_TOKEN) to allow it",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same_secret(given.trim().as_bytes(), token.as_bytes()) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid token is needed: send the header Authorization: Bearer <token>",
        ));
    }
    Params::parse(raw.as_deref(), &[])?;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("the body is larger than {} MiB: send the documents in several requests", MAX_BODY_BYTES >> 20),
            )
        } else {
            ApiError::bad_request(format!("the body cannot be read: {e}"))
        }
    })?;
    let jsonl = to_jsonl(&body)?;
    let report = tokio::task::spawn_blocking(move || ingester.ingest(&jsonl))
        .await
        .map_err(|e| ApiError::internal(format!("the ingest failed: {e}")))?
        .map_err(|e| ApiError::internal(format!("the ingest failed: {e}")))?;
    Ok((StatusCode::OK, Json(report)).into_response())
}

/// The body as JSON Lines: one object is written on one line, an array's objects one per line,
/// JSON Lines are kept as they are (a bad line is rejected by the reader on its own).
pub fn to_jsonl(body: &[u8]) -> Result<Vec<u8>, ApiError> {
    let bad = || ApiError::bad_request("the body must be a JSON object, an array of JSON objects, or JSON Lines");
    let text = std::str::from_utf8(body).map_err(|_| ApiError::bad_request("the body is not UTF-8"))?;
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.starts_with('[') {
        let items: Vec<Value> = serde_json::from_str(trimmed)
            .map_err(|e| ApiError::bad_request(format!("the body is not a JSON array of objects: {e}")))?;
        if items.is_empty() || !items.iter().all(Value::is_object) {
            return Err(bad());
        }
        let mut out = Vec::new();
        for item in items {
            serde_json::to_writer(&mut out, &item).map_err(|e| ApiError::internal(e.to_string()))?;
            out.push(b'\n');
        }
        return Ok(out);
    }
    if !trimmed.starts_with('{') {
        return Err(bad());
    }
    match serde_json::from_str::<Value>(trimmed) {
        Ok(v) => {
            let mut out = serde_json::to_vec(&v).map_err(|e| ApiError::internal(e.to_string()))?;
            out.push(b'\n');
            Ok(out)
        }
        // Several lines: JSON Lines.
        Err(_) if trimmed.contains('\n') => {
            let mut out = trimmed.as_bytes().to_vec();
            out.push(b'\n');
            Ok(out)
        }
        Err(e) => Err(ApiError::bad_request(format!("the body is not a JSON object: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_become_json_lines() {
        assert_eq!(to_jsonl(b"{\n  \"text\": \"a\"\n}").unwrap(), b"{\"text\":\"a\"}\n");
        assert_eq!(to_jsonl(b"[{\"text\":\"a\"},{\"text\":\"b\"}]").unwrap(), b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n");
        assert_eq!(to_jsonl(b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n").unwrap(), b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n");
        for bad in [&b""[..], b"[]", b"[1,2]", b"hello", b"{\"text\":", b"\xff\xfe"] {
            assert_eq!(to_jsonl(bad).unwrap_err().code, "bad_request", "{bad:?}");
        }
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }
}
