//! A small pool of stores, each opened on the same database. The `Store` trait is `Send` but not
//! `Sync` (an SQLite connection serves one thread at a time), so each store sits behind its own
//! mutex and a request borrows one inside `spawn_blocking`, never on the async threads.
//!
//! Why a pool rather than opening the database per request: opening an SQLite store sets
//! pragmas and checks the schema version on every call, which costs more than most reads; a
//! held connection also keeps SQLite's page cache warm. With WAL, readers on separate
//! connections never block each other or the writer. The pool size defaults to four stores per
//! core (at least 4, at most 16): requests differ a hundredfold in cost (a story page reads a few
//! rows, a search for a common word ranks every article holding it), and with only one store per
//! core a cheap request waits behind whole expensive ones; with more, the cores are shared among
//! the requests in flight and a cheap one finishes in its own few milliseconds.

use crate::error::{ApiError, ServerError};
use axum::http::StatusCode;
use herald_store::Store;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, TryLockError};
use std::time::{Duration, Instant};

/// Stores to borrow, one request at a time each.
pub struct StorePool {
    stores: Vec<Mutex<Box<dyn Store>>>,
    next: AtomicUsize,
}

impl StorePool {
    /// A pool of the given stores (at least one).
    pub fn new(stores: Vec<Box<dyn Store>>) -> Result<StorePool, ServerError> {
        if stores.is_empty() {
            return Err(ServerError::EmptyPool);
        }
        Ok(StorePool { stores: stores.into_iter().map(Mutex::new).collect(), next: AtomicUsize::new(0) })
    }

    /// `size` stores opened on `spec` (a path, as `herald_store::open_store` takes it).
    pub fn open(spec: &str, size: usize) -> Result<StorePool, ServerError> {
        let stores = (0..size.max(1)).map(|_| herald_store::open_store(spec)).collect::<Result<Vec<_>, _>>()?;
        StorePool::new(stores)
    }

    /// The default pool size for this machine.
    pub fn default_size() -> usize {
        (4 * std::thread::available_parallelism().map_or(1, |n| n.get())).clamp(4, 16)
    }

    pub fn len(&self) -> usize {
        self.stores.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stores.is_empty()
    }

    /// Runs `f` on a free store, waiting for one when all are busy, at most [`MAX_WAIT`]: past
    /// it the request is answered `busy` (503) at once, so that under overload clients learn to
    /// back off instead of queueing for tens of seconds. Blocking: call it from `spawn_blocking`.
    /// A store whose previous user panicked is still used (reads do not leave it half-changed; a
    /// write's transaction was rolled back when it was dropped).
    pub fn with<R>(&self, f: impl FnOnce(&dyn Store) -> Result<R, ApiError>) -> Result<R, ApiError> {
        let n = self.stores.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed) % n;
        let deadline = Instant::now() + MAX_WAIT;
        loop {
            for i in 0..n {
                match self.stores[(start + i) % n].try_lock() {
                    Ok(store) => return f(store.as_ref()),
                    Err(TryLockError::Poisoned(p)) => return f(p.into_inner().as_ref()),
                    Err(TryLockError::WouldBlock) => {}
                }
            }
            if Instant::now() >= deadline {
                return Err(ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "busy",
                    format!("every store connection stayed busy for {} ms; try again shortly", MAX_WAIT.as_millis()),
                ));
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// How long a request waits for a free store before it is answered `busy`.
pub const MAX_WAIT: Duration = Duration::from_secs(2);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_pool_is_refused_and_busy_stores_are_skipped() {
        assert!(matches!(StorePool::new(Vec::new()), Err(ServerError::EmptyPool)));
        let pool = StorePool::new(vec![
            herald_store::open_store(":memory:").unwrap(),
            herald_store::open_store(":memory:").unwrap(),
        ])
        .unwrap();
        assert_eq!(pool.len(), 2);
        // While one store is held, a nested borrow gets the other one instead of waiting forever.
        let depth = pool.with(|outer| {
            let outer_ptr = outer as *const dyn Store as *const u8;
            pool.with(|inner| Ok(std::ptr::eq(outer_ptr, inner as *const dyn Store as *const u8)))
        });
        assert_eq!(depth, Ok(false));
    }

    #[test]
    fn a_request_that_finds_every_store_busy_is_answered_busy_in_bounded_time() {
        let pool = StorePool::new(vec![herald_store::open_store(":memory:").unwrap()]).unwrap();
        let started = Instant::now();
        let inner = pool.with(|_| Ok(pool.with(|_| Ok(()))));
        let err = inner.unwrap().unwrap_err();
        assert_eq!((err.code, err.status), ("busy", StatusCode::SERVICE_UNAVAILABLE));
        assert!(started.elapsed() >= MAX_WAIT && started.elapsed() < MAX_WAIT * 3);
    }
}
