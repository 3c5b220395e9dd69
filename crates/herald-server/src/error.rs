//! Errors: [`ApiError`] is what a request can get back (an HTTP status, a stable machine-readable
//! code and a message for people), [`ServerError`] what can stop the server from starting.
//!
//! The codes are part of the API and never change meaning: `bad_request`, `not_found`,
//! `unknown_route`, `method_not_allowed`, `ambiguous`, `unauthorized`, `ingest_disabled`,
//! `payload_too_large`, `busy`, `unsupported`, `internal`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use herald_store::StoreError;

/// A request that could not be answered, as `{"error": {"code": ..., "message": ...}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// The JSON body.
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({ "error": { "code": self.code, "message": self.message } })
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.status.as_u16(), self.code, self.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match &e {
            StoreError::InvalidQuery(_) => ApiError::bad_request(e.to_string()),
            StoreError::Ambiguous { .. } => ApiError::new(StatusCode::CONFLICT, "ambiguous", e.to_string()),
            StoreError::Unsupported(_) => ApiError::new(StatusCode::NOT_IMPLEMENTED, "unsupported", e.to_string()),
            _ if e.is_busy() => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", e.to_string()),
            _ => ApiError::internal(e.to_string()),
        }
    }
}

/// What can stop `herald serve` before or while it runs.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(
        "{addr} is not a loopback address: the server has no user accounts, so it listens on 127.0.0.1 or ::1 \
         unless told --public (then put it behind a proxy that authenticates)"
    )]
    NotLoopback { addr: std::net::SocketAddr },

    #[error("cannot listen on {addr}: {cause} (is another server using the port? pick one with --addr)")]
    Bind { addr: std::net::SocketAddr, cause: std::io::Error },

    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),

    #[error(transparent)]
    Store(#[from] StoreError),

    #[error("a pool of stores needs at least one store")]
    EmptyPool,
}
