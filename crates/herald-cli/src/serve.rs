//! `herald serve`: opens a pool of store connections and hands them to herald-server, with
//! ingest over HTTP wired to `herald ingest`'s own code path ([`crate::ingest::ingest_into`]):
//! a request's JSON Lines are written to a file named by their hash and ingested like a `.jsonl`
//! input, by one writer connection at a time, so concurrent posts of the same documents store
//! them once.

use crate::ingest::{ingest_into, Entities, Options};
use anyhow::{bail, Context, Result};
use herald_model::DocId;
use herald_server::{check_addr, App, Ingest, IngestReport, StorePool};
use herald_store::Store;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub struct ServeOptions {
    pub addr: SocketAddr,
    pub public: bool,
    pub token: Option<String>,
    pub readers: Option<usize>,
}

pub fn run(db: &Path, opts: ServeOptions) -> Result<()> {
    check_addr(opts.addr, opts.public)?;
    let spec = crate::query::spec(db)?;
    if !herald_store::is_postgres_url(spec) && !db.exists() {
        bail!("no store at {}: run `herald ingest --db {} PATH...` first", db.display(), db.display());
    }
    let readers = opts.readers.unwrap_or_else(StorePool::default_size).clamp(1, 64);
    let pool = StorePool::open(spec, readers)?;
    let mut app = App::new(pool);
    let token = opts.token.or_else(|| std::env::var("HERALD_TOKEN").ok()).filter(|t| !t.trim().is_empty());
    let ingest_on = token.is_some();
    if let Some(token) = token {
        let uploads = std::env::temp_dir().join("herald-uploads");
        std::fs::create_dir_all(&uploads).with_context(|| format!("creating {}", uploads.display()))?;
        let writer = HttpIngest { store: Mutex::new(crate::query::open(db)?), entities: Entities::default(), uploads };
        app = app.with_ingest(token, Arc::new(writer));
    }
    if !opts.addr.ip().is_loopback() {
        eprintln!("herald serve: listening on {} with --public: anyone who can reach it can read the store", opts.addr);
    }
    let db_shown = herald_store::redact_url(spec);
    herald_server::serve(app, opts.addr, |bound| {
        eprintln!(
            "herald serve: {db_shown} on http://{bound}/ ({readers} readers; ingest over HTTP {}); Ctrl-C stops",
            if ingest_on { "on" } else { "off" }
        );
    })?;
    Ok(())
}

/// Ingest of posted documents through `herald ingest`'s code path.
struct HttpIngest {
    store: Mutex<Box<dyn Store>>,
    entities: Entities,
    uploads: PathBuf,
}

impl Ingest for HttpIngest {
    fn ingest(&self, jsonl: &[u8]) -> std::result::Result<IngestReport, String> {
        // One writer at a time; a poisoned lock only means an earlier request panicked, and its
        // transaction was rolled back.
        let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
        let path = self.uploads.join(format!("upload-{}.jsonl", &DocId::of_bytes(jsonl).0[..32]));
        std::fs::write(&path, jsonl).map_err(|e| format!("writing {}: {e}", path.display()))?;
        let input = path.to_string_lossy().into_owned();
        let opts = Options { source: None, date: None, batch: 256 };
        let result = ingest_into(store.as_mut(), &[input], &opts, &self.entities);
        let _ = std::fs::remove_file(&path);
        let s = result.map_err(|e| format!("{e:#}"))?;
        Ok(IngestReport {
            ingested: s.counters.ingested,
            known: s.counters.known,
            rejected: s.counters.rejected.clone(),
            annotated: s.annotated,
            events: s.events,
            unchanged: s.unchanged > 0,
        })
    }
}
