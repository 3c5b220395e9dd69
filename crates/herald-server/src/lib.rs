//! `herald serve`: the JSON API under `/api` and a server-rendered web UI, both reading the store
//! through the `herald_store::Store` trait only, so any backend that implements it can be served.
//!
//! What it promises:
//! - every answer is either the data asked for or a JSON error with a stable code and the right
//!   HTTP status ([`ApiError`]); malformed parameters, huge pages, unknown ids and SQL-looking
//!   strings are `bad_request`, `not_found` or an empty list, never a 500 or a panic;
//! - every text a page shows goes through one escaping function (`html::esc`): an article that
//!   contains `<script>` shows it as text; pages have no script at all;
//! - the server listens on loopback unless told otherwise ([`check_addr`]);
//! - ingest over HTTP is off unless a token is configured; bodies are limited to 10 MiB;
//! - the OpenAPI description (`/api/openapi.json`) lists exactly the API's routes (tested).
//!
//! Concurrency: stores are not `Sync`, so requests borrow one from a small [`StorePool`] on a
//! blocking thread (see `pool.rs` for why a pool rather than a store opened per request).
//! Expensive requests (search, relations) wait in a queue of their own before taking a store,
//! so that story pages and lists never wait behind them; a request waits rather than fails, up
//! to [`MAX_WAIT`] (then 503 `busy`).
//! Ingest runs through the [`Ingest`] trait, which the command line implements with its own ingest
//! code path, so this crate needs none of the analysis stages.

mod api;
mod data;
mod error;
mod html;
mod openapi;
mod pages;
mod params;
mod pool;

pub use api::MAX_BODY_BYTES;
pub use error::{ApiError, ServerError};
use pool::Cost;
pub use pool::{StorePool, MAX_WAIT};

use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use herald_store::Store;
use serde::Serialize;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

/// Ingest of documents sent over HTTP, provided by whoever runs the server (the command line
/// wires in `herald ingest`'s own code path). Called on a blocking thread, one call per request.
pub trait Ingest: Send + Sync {
    /// Ingests `jsonl` (JSON Lines, each line as `herald ingest` reads a `.jsonl` file).
    fn ingest(&self, jsonl: &[u8]) -> Result<IngestReport, String>;
}

/// What one ingest request did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    /// Records that became new documents.
    pub ingested: u64,
    /// Records whose document was already stored (same bytes): nothing changed.
    pub known: u64,
    /// Rejected records, by reason.
    pub rejected: BTreeMap<String, u64>,
    /// New documents the annotator ran on, and the events coded in them.
    pub annotated: u64,
    pub events: u64,
    /// This exact body was ingested to its end before, so nothing was read again (its documents
    /// are stored).
    pub unchanged: bool,
}

/// The server's state: the stores, and ingest when it is on.
pub struct App {
    pool: StorePool,
    token: Option<String>,
    ingest: Option<Arc<dyn Ingest>>,
}

impl App {
    /// Read-only: `POST /api/documents` answers 403 `ingest_disabled`.
    pub fn new(pool: StorePool) -> App {
        App { pool, token: None, ingest: None }
    }

    /// Allows ingest to requests that carry `Authorization: Bearer <token>`. An empty token
    /// leaves ingest off.
    pub fn with_ingest(mut self, token: String, ingest: Arc<dyn Ingest>) -> App {
        if !token.trim().is_empty() {
            self.token = Some(token.trim().to_string());
            self.ingest = Some(ingest);
        }
        self
    }

    pub fn ingest_enabled(&self) -> bool {
        self.token.is_some() && self.ingest.is_some()
    }
}

pub(crate) type Shared = Arc<App>;

/// Runs `f` on a store borrowed from the pool, on a blocking thread: a cheap request (a page of
/// a list, one story, document or entity).
pub(crate) async fn blocking<R: Send + 'static>(
    app: &Shared,
    f: impl FnOnce(&dyn Store) -> Result<R, ApiError> + Send + 'static,
) -> Result<R, ApiError> {
    run(app, Cost::Cheap, f).await
}

/// The same for an expensive request (search, relations), which waits in its own queue first so
/// that cheap requests never wait behind it (see `pool.rs`).
pub(crate) async fn blocking_heavy<R: Send + 'static>(
    app: &Shared,
    f: impl FnOnce(&dyn Store) -> Result<R, ApiError> + Send + 'static,
) -> Result<R, ApiError> {
    run(app, Cost::Heavy, f).await
}

async fn run<R: Send + 'static>(
    app: &Shared,
    cost: Cost,
    f: impl FnOnce(&dyn Store) -> Result<R, ApiError> + Send + 'static,
) -> Result<R, ApiError> {
    let admission = app.pool.admit(cost).await?;
    let app = app.clone();
    tokio::task::spawn_blocking(move || app.pool.with(&admission, f))
        .await
        .map_err(|e| ApiError::internal(format!("the request failed: {e}")))?
}

/// The whole application: API routes, pages, and JSON (API) or HTML (pages) answers for paths
/// and methods that do not exist.
pub fn router(app: App) -> Router {
    let mut r = Router::new();
    for route in api::routes() {
        r = r.route(route.path, route.handler);
    }
    pages::add(r)
        .fallback(no_route)
        .method_not_allowed_fallback(no_method)
        .layer(axum::middleware::map_response(nosniff))
        .with_state(Arc::new(app))
}

/// Browsers must take JSON and SVG for what they are, never sniff them as HTML.
async fn nosniff(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(axum::http::header::X_CONTENT_TYPE_OPTIONS, axum::http::HeaderValue::from_static("nosniff"));
    response
}

async fn no_route(uri: Uri) -> Response {
    if uri.path() == "/api" || uri.path().starts_with("/api/") {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_route",
            format!("no API route {}; see /api/openapi.json", uri.path()),
        )
        .into_response()
    } else {
        html::respond(
            StatusCode::NOT_FOUND,
            "Not found",
            "<h1>Not found</h1><p>No such page. <a href=\"/\">Home</a></p>",
        )
    }
}

async fn no_method(method: Method, uri: Uri) -> Response {
    let allowed: Vec<String> = api::routes()
        .iter()
        .filter(|r| path_matches(r.path, uri.path()))
        .flat_map(|r| r.methods.iter().map(|m| m.to_uppercase()))
        .collect();
    let mut response = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{} does not take {method}; see /api/openapi.json", uri.path()),
    )
    .into_response();
    // Pages take GET only.
    let allow = if allowed.is_empty() { "GET".to_string() } else { allowed.join(", ") };
    if let Ok(v) = axum::http::HeaderValue::from_str(&allow) {
        response.headers_mut().insert(axum::http::header::ALLOW, v);
    }
    response
}

/// Whether `path` fits the route `pattern` (`{name}` matches any one segment).
fn path_matches(pattern: &str, path: &str) -> bool {
    let (p, q): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    p.len() == q.len() && p.iter().zip(&q).all(|(a, b)| a == b || (a.starts_with('{') && !b.is_empty()))
}

/// Refuses a non-loopback address unless `public` is set: the server has no accounts, so anyone
/// who can reach it can read the store.
pub fn check_addr(addr: SocketAddr, public: bool) -> Result<(), ServerError> {
    if addr.ip().is_loopback() || public {
        Ok(())
    } else {
        Err(ServerError::NotLoopback { addr })
    }
}

/// Serves `app` on `addr` until Ctrl-C (or SIGTERM), then finishes the requests under way.
/// `ready` is called with the bound address (port 0 picks a free one).
pub fn serve(app: App, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|cause| ServerError::Bind { addr, cause })?;
        ready(listener.local_addr()?);
        axum::serve(listener, router(app)).with_graceful_shutdown(shutdown()).await?;
        Ok(())
    })
}

/// Resolves at the first Ctrl-C or SIGTERM.
async fn shutdown() {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<()>(2);
    let on_ctrl_c = tx.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = on_ctrl_c.send(()).await;
        }
    });
    #[cfg(unix)]
    if let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        let on_term = tx.clone();
        tokio::spawn(async move {
            if term.recv().await.is_some() {
                let _ = on_term.send(()).await;
            }
        });
    }
    drop(tx);
    rx.recv().await;
}

#[cfg(test)]
mod tests;
