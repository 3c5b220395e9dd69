//! A small pool of stores, each opened on the same database, and the two queues requests wait in
//! for one. The `Store` trait is `Send` but not `Sync` (an SQLite connection serves one thread at
//! a time), so each store sits behind its own mutex and a request uses one inside
//! `spawn_blocking`, never on the async threads.
//!
//! Why a pool rather than opening the database per request: opening an SQLite store sets
//! pragmas and checks the schema version on every call, which costs more than most reads; a
//! held connection also keeps SQLite's page cache warm. With WAL, readers on separate
//! connections never block each other or the writer. The pool size defaults to four stores per
//! core (at least 4, at most 16).
//!
//! Why two queues: requests differ a hundredfold in cost. A story page reads a few rows (1–2 ms);
//! a search ranks up to [`herald_store::search::SEARCH_WINDOW`] matches and a relations chart reads up to
//! 100,000 events. When every request waits for any store, a burst of expensive ones takes all
//! the stores and all the cores, and cheap pages queue behind them. So an expensive request
//! ([`Cost::Heavy`]) first waits for one of a few heavy permits (half the cores, at least one, and
//! always fewer than the stores), then for a store like any other; the cheap ones always find a
//! store that no expensive request can take, and share the cores with at most that many
//! expensive requests. Searches then queue among themselves instead of slowing every page.
//!
//! Waiting is asynchronous and in arrival order (tokio semaphores: no thread is held while
//! waiting, and no request is overtaken forever). A request that has waited [`MAX_WAIT`] in all
//! is answered `busy` (503): that happens only under an overload the machine cannot absorb,
//! never merely because the clients outnumber the stores.

use crate::error::{ApiError, ServerError};
use axum::http::StatusCode;
use herald_store::Store;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, TryLockError};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// How long a request waits for a heavy permit and a store, in all, before it is answered `busy`.
pub const MAX_WAIT: Duration = Duration::from_secs(20);

/// What a request costs, which decides the queue it waits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cost {
    /// A page of a list, one story, document or entity: a few index look-ups.
    Cheap,
    /// Search and relations: work that grows with what matches, up to the store's bounds.
    Heavy,
}

/// Stores to borrow, one request at a time each.
pub struct StorePool {
    stores: Vec<Mutex<Box<dyn Store>>>,
    next: AtomicUsize,
    /// One permit per store: a request holds one for as long as it holds a store.
    free: Arc<Semaphore>,
    /// Permits for heavy requests, taken before a store.
    heavy: Arc<Semaphore>,
    heavy_limit: usize,
    max_wait: Duration,
}

impl StorePool {
    /// A pool of the given stores (at least one).
    pub fn new(stores: Vec<Box<dyn Store>>) -> Result<StorePool, ServerError> {
        if stores.is_empty() {
            return Err(ServerError::EmptyPool);
        }
        let n = stores.len();
        let heavy_limit = Self::default_heavy_limit(n);
        Ok(StorePool {
            stores: stores.into_iter().map(Mutex::new).collect(),
            next: AtomicUsize::new(0),
            free: Arc::new(Semaphore::new(n)),
            heavy: Arc::new(Semaphore::new(heavy_limit)),
            heavy_limit,
            max_wait: MAX_WAIT,
        })
    }

    /// `size` stores opened on `spec` (a path, as `herald_store::open_store` takes it).
    pub fn open(spec: &str, size: usize) -> Result<StorePool, ServerError> {
        let stores = (0..size.max(1)).map(|_| herald_store::open_store(spec)).collect::<Result<Vec<_>, _>>()?;
        StorePool::new(stores)
    }

    /// The default pool size for this machine.
    pub fn default_size() -> usize {
        (4 * cores()).clamp(4, 16)
    }

    /// Heavy requests using stores at once, by default: half the cores (at least one), and fewer
    /// than the stores so that a cheap request always finds one (a pool of one store has no
    /// choice: its one request at a time may be heavy).
    fn default_heavy_limit(stores: usize) -> usize {
        (cores() / 2).max(1).min(stores.saturating_sub(1)).max(1)
    }

    /// At most `n` heavy requests at once (at least one; at most the stores less one, when there
    /// are two or more).
    pub fn with_heavy_limit(mut self, n: usize) -> StorePool {
        let n = n.clamp(1, self.stores.len().saturating_sub(1).max(1));
        self.heavy = Arc::new(Semaphore::new(n));
        self.heavy_limit = n;
        self
    }

    /// Waits at most `wait` for permits and a store before answering `busy`.
    pub fn with_max_wait(mut self, wait: Duration) -> StorePool {
        self.max_wait = wait;
        self
    }

    pub fn len(&self) -> usize {
        self.stores.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stores.is_empty()
    }

    pub fn heavy_limit(&self) -> usize {
        self.heavy_limit
    }

    /// Waits for what a request of this cost needs (a heavy permit, then a store permit), in
    /// arrival order, at most the pool's wait in all.
    pub(crate) async fn admit(&self, cost: Cost) -> Result<Admission, ApiError> {
        let deadline = Instant::now() + self.max_wait;
        let busy = || {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                format!("no store connection was free for {} ms; try again shortly", self.max_wait.as_millis()),
            )
        };
        let heavy = match cost {
            Cost::Cheap => None,
            Cost::Heavy => Some(
                tokio::time::timeout_at(deadline, self.heavy.clone().acquire_owned())
                    .await
                    .map_err(|_| busy())?
                    .map_err(|_| ApiError::internal("the pool is closed"))?,
            ),
        };
        let store = tokio::time::timeout_at(deadline, self.free.clone().acquire_owned())
            .await
            .map_err(|_| busy())?
            .map_err(|_| ApiError::internal("the pool is closed"))?;
        Ok(Admission { _heavy: heavy, _store: store })
    }

    /// Runs `f` on a free store. Call it from a blocking thread, holding an [`Admission`] of
    /// this pool: there is then always a free store (each admission stands for one, and a store
    /// is unlocked before its admission is dropped). A store whose previous user panicked is
    /// still used (reads do not leave it half-changed; a write's transaction was rolled back
    /// when it was dropped).
    pub(crate) fn with<R>(&self, _admitted: &Admission, f: impl FnOnce(&dyn Store) -> R) -> R {
        let n = self.stores.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed) % n;
        for i in 0..n {
            match self.stores[(start + i) % n].try_lock() {
                Ok(store) => return f(store.as_ref()),
                Err(TryLockError::Poisoned(p)) => return f(p.into_inner().as_ref()),
                Err(TryLockError::WouldBlock) => {}
            }
        }
        // Not reached while every user holds an admission; wait rather than fail if it is.
        let store = self.stores[start].lock().unwrap_or_else(|p| p.into_inner());
        f(store.as_ref())
    }
}

/// The permits a request holds while it runs (released when dropped).
pub(crate) struct Admission {
    _heavy: Option<OwnedSemaphorePermit>,
    _store: OwnedSemaphorePermit,
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn memory_pool(n: usize) -> StorePool {
        StorePool::new((0..n).map(|_| herald_store::open_store(":memory:").unwrap()).collect()).unwrap()
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
    }

    #[test]
    fn an_empty_pool_is_refused_and_limits_leave_a_store_for_cheap_requests() {
        assert!(matches!(StorePool::new(Vec::new()), Err(ServerError::EmptyPool)));
        assert_eq!(memory_pool(1).heavy_limit(), 1);
        assert_eq!(memory_pool(2).with_heavy_limit(5).heavy_limit(), 1);
        assert_eq!(memory_pool(4).with_heavy_limit(0).heavy_limit(), 1);
        assert_eq!(memory_pool(4).with_heavy_limit(3).heavy_limit(), 3);
        let p = memory_pool(16);
        assert!(p.heavy_limit() >= 1 && p.heavy_limit() < 16);
    }

    /// While a heavy request holds the only heavy permit, a second heavy one waits (it is not
    /// refused) and a cheap one is served at once; the second runs when the first ends.
    #[test]
    fn heavy_requests_queue_among_themselves_and_cheap_ones_pass_them() {
        let pool = Arc::new(memory_pool(3).with_heavy_limit(1));
        let rt = runtime();
        rt.block_on(async move {
            let (release, held) = mpsc::channel::<()>();
            let first = {
                let pool = pool.clone();
                let admission = pool.admit(Cost::Heavy).await.unwrap();
                tokio::task::spawn_blocking(move || {
                    pool.with(&admission, |_| held.recv().unwrap());
                })
            };
            let second = {
                let pool = pool.clone();
                tokio::spawn(async move {
                    let a = pool.admit(Cost::Heavy).await.unwrap();
                    drop(a);
                })
            };
            tokio::time::sleep(Duration::from_millis(50)).await;
            assert!(!second.is_finished(), "a second heavy request waits for the first");
            let cheap = tokio::time::timeout(Duration::from_secs(2), pool.admit(Cost::Cheap)).await;
            let cheap = cheap.expect("a cheap request is not held up by heavy ones").unwrap();
            assert_eq!(pool.with(&cheap, |s| s.status().map(|st| st.documents)).unwrap(), 0);
            drop(cheap);
            assert!(!second.is_finished());
            release.send(()).unwrap();
            first.await.unwrap();
            tokio::time::timeout(Duration::from_secs(2), second)
                .await
                .expect("the second ran after the first")
                .unwrap();
        });
    }

    /// Stores are lent one request at a time; past the wait the answer is `busy`, in bounded time.
    #[test]
    fn a_request_that_finds_every_store_busy_is_answered_busy_after_the_wait() {
        let wait = Duration::from_millis(200);
        let pool = Arc::new(memory_pool(2).with_max_wait(wait));
        runtime().block_on(async move {
            let a = pool.admit(Cost::Cheap).await.unwrap();
            let b = pool.admit(Cost::Heavy).await.unwrap();
            // Both admitted requests get a store of their own.
            let same = pool.with(&a, |outer| {
                let outer = outer as *const dyn Store as *const u8;
                pool.with(&b, |inner| std::ptr::eq(outer, inner as *const dyn Store as *const u8))
            });
            assert!(!same);
            let started = Instant::now();
            let err = pool.admit(Cost::Cheap).await.err().expect("no store is free");
            assert_eq!((err.code, err.status), ("busy", StatusCode::SERVICE_UNAVAILABLE));
            assert!(started.elapsed() >= wait && started.elapsed() < wait * 10, "{:?}", started.elapsed());
            drop(a);
            assert!(pool.admit(Cost::Cheap).await.is_ok(), "a store freed is lent again");
        });
    }
}
