//! The dataflow: one owner feeds batches, every worker analyses its share, the owner commits
//! each batch whole and in order.
//!
//! The [`Owner`] (on process 0) reads the next batch, and worker 0 gives the batch's items to
//! the dataflow at one timestamp (an epoch per batch). Items are exchanged by
//! [`Work::route`] (herald routes by content hash) to the worker that runs [`Work::work`]; the
//! results are exchanged back to worker 0 with their epoch and position. The owner runs on a
//! thread of its own beside worker 0, so its serial part (reading, committing) overlaps the
//! analysis on every worker instead of taking turns with worker 0's share. Worker 0 hands the
//! owner epoch `e` only once its probe says no result of `e` can still arrive, with the results
//! sorted into the order the items were given: the owner sees the same batches, in the same order,
//! with the same contents, as a single-threaded loop would, whatever the number of workers and
//! whichever worker finished first. At most [`Options::in_flight`] epochs are between the
//! owner's reading and its commit, which bounds memory and lets analysis of the next batches
//! overlap the commit of the current one.
//!
//! Failure is loud: a panic in any worker, an error from the owner, or a broken connection to
//! another process (timely's network threads then poison the worker's queues) makes every local
//! worker panic, which in turn breaks the connections of every other process. [`run`] returns
//! the first reason recorded; the caller exits non-zero. Nothing is retried: the owner's store
//! has committed whole batches only, and a rerun resumes from its checkpoints.

use crate::cluster::Cluster;
use std::collections::BTreeMap;
use std::net::TcpStream;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use timely::communication::allocator::zero_copy::initialize::initialize_networking_from_sockets;
use timely::communication::allocator::{AllocatorBuilder, ProcessBuilder};
use timely::communication::Hooks;
use timely::container::CapacityContainerBuilder;
use timely::dataflow::channels::pact::Pipeline;
use timely::dataflow::operators::generic::Operator;
use timely::dataflow::operators::vec::Map;
use timely::dataflow::operators::{Exchange, Input, Probe};
use timely::dataflow::{InputHandle, ProbeHandle};
use timely::{ExchangeData, WorkerConfig};

/// The per-item work every worker does: pure, deterministic, shared by the local workers.
pub trait Work: Send + Sync + 'static {
    /// What the owner gives out (herald: a raw record).
    type Item: ExchangeData + Clone;
    /// What comes back to the owner (herald: the analysed document, or why it was rejected).
    type Done: ExchangeData + Clone;
    /// A stable hash choosing the worker that works on `item` (modulo the worker count).
    fn route(&self, item: &Self::Item) -> u64;
    fn work(&self, item: Self::Item) -> Self::Done;
}

/// The one place that reads inputs and writes results: runs on a thread of its own on process 0.
pub trait Owner: Send + 'static {
    type Item;
    type Done;
    type Error: std::fmt::Display;
    /// The next batch, `None` when every input has been read. A batch may be empty.
    fn next_batch(&mut self) -> Result<Option<Vec<Self::Item>>, Self::Error>;
    /// The results of the oldest uncommitted batch, in the order of its items.
    fn commit(&mut self, done: Vec<Self::Done>) -> Result<(), Self::Error>;
}

/// How the dataflow runs.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Batches read but not yet committed, at most (at least 1).
    pub in_flight: usize,
    /// How often an idle worker wakes to look for failures elsewhere.
    pub poll: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options { in_flight: 4, poll: Duration::from_millis(50) }
    }
}

/// Payload bytes this process's workers handed to exchanges for another worker (bincode size,
/// as timely serialises them between processes), and the part of them bound for another process.
#[derive(Debug, Default)]
pub struct Volume {
    pub items_to_workers: AtomicU64,
    pub items_to_processes: AtomicU64,
    pub results_to_workers: AtomicU64,
    pub results_to_processes: AtomicU64,
    /// Items worked on by this process's workers.
    pub worked: AtomicU64,
    /// CPU time of this process's worker threads (Linux; 0 elsewhere), in milliseconds: the
    /// busiest one and all of them. The busiest worker is the run's critical path: on free
    /// cores no run can be shorter, whatever else the machine is doing when it is measured.
    pub busiest_worker_cpu_ms: AtomicU64,
    pub workers_cpu_ms: AtomicU64,
}

/// The calling thread's CPU time (user + system) in milliseconds, from `/proc/thread-self/stat`
/// (Linux reports it in USER_HZ ticks, 100 a second).
fn thread_cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The command name may hold spaces and parentheses: fields are counted after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10)
}

fn record_cpu(volume: &Volume) {
    if let Some(ms) = thread_cpu_ms() {
        volume.busiest_worker_cpu_ms.fetch_max(ms, Ordering::Relaxed);
        volume.workers_cpu_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

/// A finished run, as this process saw it.
pub struct Report<O> {
    /// The owner, handed back after its last commit (on process 0 only).
    pub owner: Option<O>,
    pub volume: Volume,
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{0}")]
    Owner(String),
    #[error("a worker failed: {0}")]
    Worker(String),
    #[error("the connection to another process broke (did a process die?): {0}")]
    Peer(String),
    #[error("timely could not start: {0}")]
    Start(String),
}

/// What the workers of one process share.
struct Shared<O> {
    owner: Mutex<Option<O>>,
    abort: AtomicBool,
    failure: Mutex<Option<RunError>>,
    volume: Arc<Volume>,
    /// Clones of the connections to the other processes, shut down on the first failure: that
    /// ends timely's network threads here and tells the other processes at once (a panicking
    /// worker alone leaves the sockets open, and a peer waiting on them would wait forever).
    sockets: Mutex<Vec<TcpStream>>,
}

impl<O> Shared<O> {
    fn fail(&self, err: RunError) {
        let mut slot = self.failure.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(err);
        }
        self.abort.store(true, Ordering::SeqCst);
        for s in self.sockets.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
    }
}

/// An item or a result with its epoch and its position in the epoch's batch.
type Tagged<T> = (u64, u64, T);
/// The owner's results by epoch, each with its position.
type Buffer<T> = std::rc::Rc<std::cell::RefCell<BTreeMap<u64, Vec<(u64, T)>>>>;

/// Runs the dataflow on `cluster` over the `sockets` [`crate::cluster::connect`] opened (all
/// `None` for one process). `owner` is used on process 0 only (pass it there; other processes
/// pass `None`).
pub fn run<W, O>(
    cluster: &Cluster,
    sockets: Vec<Option<TcpStream>>,
    work: Arc<W>,
    owner: Option<O>,
    opts: Options,
) -> Result<Report<O>, RunError>
where
    W: Work,
    O: Owner<Item = W::Item, Done = W::Done>,
{
    if (cluster.process == 0) != owner.is_some() {
        return Err(RunError::Start("the owner belongs to process 0, and only there".into()));
    }
    let volume = Arc::new(Volume::default());
    let clones = sockets
        .iter()
        .flatten()
        .map(TcpStream::try_clone)
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| RunError::Start(format!("sharing a connection: {e}")))?;
    let shared = Arc::new(Shared {
        owner: Mutex::new(owner),
        abort: AtomicBool::new(false),
        failure: Mutex::new(None),
        volume: Arc::clone(&volume),
        sockets: Mutex::new(clones),
    });
    let (builders, guard): (Vec<AllocatorBuilder>, Box<dyn std::any::Any + Send>) = if cluster.processes == 1 {
        let hooks = Hooks::default();
        let b = ProcessBuilder::new_typed_vector(cluster.workers, hooks.refill, hooks.spill);
        (b.into_iter().map(AllocatorBuilder::Process).collect(), Box::new(()))
    } else {
        let hooks = Hooks::default();
        let local = ProcessBuilder::new_typed_vector(cluster.workers, hooks.refill.clone(), hooks.spill.clone());
        let (b, g) = initialize_networking_from_sockets(local, sockets, cluster.process, cluster.workers, hooks)
            .map_err(|e| RunError::Start(e.to_string()))?;
        (b.into_iter().map(AllocatorBuilder::Tcp).collect(), Box::new(g))
    };
    let workers_per_process = cluster.workers;
    let in_flight = opts.in_flight.max(1) as u64;
    let poll = opts.poll;
    let shared_w = Arc::clone(&shared);
    let guards = timely::execute::execute_from(builders, guard, WorkerConfig::default(), move |worker| {
        let shared = Arc::clone(&shared_w);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            worker_body(worker, &shared, &work, workers_per_process, in_flight, poll)
        }));
        match outcome {
            Ok(owner) => owner,
            Err(payload) => {
                let why = panic_message(payload.as_ref());
                shared.fail(if why.contains("poisoned") || why.contains("timely communication error") {
                    RunError::Peer(why)
                } else {
                    RunError::Worker(why)
                });
                // Unwinding (not returning) is what tells timely's network threads, and through
                // them the other processes, that this run failed.
                resume_unwind(payload)
            }
        }
    })
    .map_err(RunError::Start)?;
    let mut owner = None;
    // Joining also joins timely's network threads, and panics if one of them did (a broken
    // connection): that is a failure of the run, reported as such.
    let joined = catch_unwind(AssertUnwindSafe(|| guards.join()));
    let mut joined_ok = joined.is_ok();
    for r in joined.unwrap_or_default() {
        match r {
            Ok(Some(o)) => owner = Some(o),
            Ok(None) => {}
            Err(_) => joined_ok = false,
        }
    }
    if let Some(err) = shared.failure.lock().unwrap_or_else(|p| p.into_inner()).take() {
        return Err(err);
    }
    if !joined_ok {
        return Err(RunError::Peer("a worker or network thread ended abnormally".into()));
    }
    drop(shared);
    let volume = Arc::try_unwrap(volume).unwrap_or_default();
    Ok(Report { owner, volume })
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

fn worker_body<W, O>(
    worker: &mut timely::worker::Worker,
    shared: &Arc<Shared<O>>,
    work: &Arc<W>,
    workers_per_process: usize,
    in_flight: u64,
    poll: Duration,
) -> Option<O>
where
    W: Work,
    O: Owner<Item = W::Item, Done = W::Done>,
{
    let me = worker.index();
    let peers = worker.peers() as u64;
    let my_process = me / workers_per_process;
    let mut input: InputHandle<u64, CapacityContainerBuilder<Vec<Tagged<W::Item>>>> = InputHandle::new();
    let probe = ProbeHandle::new();
    let buffer: Buffer<W::Done> = Default::default();
    {
        let (route_work, map_work) = (Arc::clone(work), Arc::clone(work));
        let (v_items, v_results, v_worked) =
            (Arc::clone(&shared.volume), Arc::clone(&shared.volume), Arc::clone(&shared.volume));
        let collected = std::rc::Rc::clone(&buffer);
        worker.dataflow::<u64, _, _>(|scope| {
            scope
                .input_from(&mut input)
                .container::<Vec<_>>()
                .exchange(move |(_, _, item): &Tagged<W::Item>| {
                    let to = route_work.route(item) % peers;
                    count(&v_items, item, to, me, workers_per_process, my_process, true);
                    to
                })
                .map(move |(epoch, pos, item)| {
                    v_worked.worked.fetch_add(1, Ordering::Relaxed);
                    (epoch, pos, map_work.work(item))
                })
                .exchange(move |(_, _, done): &Tagged<W::Done>| {
                    count(&v_results, done, 0, me, workers_per_process, my_process, false);
                    0
                })
                .unary::<CapacityContainerBuilder<Vec<()>>, _, _, _>(Pipeline, "Collect", move |_, _| {
                    move |input, _output| {
                        input.for_each(|_, data| {
                            let mut b = collected.borrow_mut();
                            for (epoch, pos, done) in data.drain(..) {
                                b.entry(epoch).or_default().push((pos, done));
                            }
                        });
                    }
                })
                .probe_with(&probe);
        });
    }
    let owner = if me == 0 { shared.owner.lock().unwrap_or_else(|p| p.into_inner()).take() } else { None };
    let Some(owner) = owner else {
        drop(input);
        while !probe.done() {
            if shared.abort.load(Ordering::SeqCst) {
                panic!("stopping: another worker of this process failed");
            }
            worker.step_or_park(Some(poll));
        }
        record_cpu(&shared.volume);
        return None;
    };
    // The owner reads and commits on a thread of its own, so that its serial part overlaps the
    // analysis on every worker, this one included; this worker only feeds the dataflow the
    // batches the owner read and hands back each epoch's results once the probe says it is whole.
    let (to_flow, batches) = channel::<Vec<W::Item>>();
    let (to_owner, results) = channel::<Vec<W::Done>>();
    let owner_thread = OwnerThread::spawn(owner, Arc::clone(shared), to_flow, results, in_flight);
    let mut input = Some(input);
    let (mut next_epoch, mut finished) = (0u64, 0u64);
    let mut sizes = std::collections::VecDeque::new();
    let mut to_owner = Some(to_owner);
    loop {
        if let Some(handle) = input.as_mut() {
            loop {
                match batches.try_recv() {
                    Ok(items) => {
                        sizes.push_back(items.len());
                        for (pos, item) in items.into_iter().enumerate() {
                            handle.send((next_epoch, pos as u64, item));
                        }
                        next_epoch += 1;
                        handle.advance_to(next_epoch);
                    }
                    Err(TryRecvError::Empty) => break,
                    // Every input read (or the owner stopped: its error is in `shared`).
                    Err(TryRecvError::Disconnected) => {
                        input = None;
                        break;
                    }
                }
            }
        }
        while finished < next_epoch && !probe.less_equal(&finished) {
            let mut done = buffer.borrow_mut().remove(&finished).unwrap_or_default();
            let expected = sizes.pop_front().unwrap_or(0);
            if done.len() != expected {
                let why = format!("batch {finished}: {} results for {expected} records", done.len());
                shared.fail(RunError::Owner(why.clone()));
                panic!("{why}");
            }
            done.sort_by_key(|(pos, _)| *pos);
            let sent = to_owner.as_ref().is_some_and(|tx| tx.send(done.into_iter().map(|(_, d)| d).collect()).is_ok());
            if !sent {
                to_owner = None;
            }
            finished += 1;
        }
        if shared.abort.load(Ordering::SeqCst) {
            panic!("stopping: another worker of this process failed");
        }
        if input.is_none() && finished == next_epoch {
            break;
        }
        worker.step_or_park(Some(poll));
    }
    drop(to_owner);
    while !probe.done() {
        worker.step_or_park(Some(poll));
    }
    let owner = owner_thread.join();
    if shared.abort.load(Ordering::SeqCst) {
        panic!("stopping: the owner failed");
    }
    record_cpu(&shared.volume);
    owner
}

/// The owner's own thread: reads batches while fewer than `in_flight` are uncommitted, commits
/// each epoch's results as worker 0 hands them over, in order. Joined when dropped, so a failed
/// run never leaves a commit running behind the caller's back.
struct OwnerThread<O> {
    handle: Option<std::thread::JoinHandle<Option<O>>>,
}

impl<O: Send + 'static> OwnerThread<O> {
    fn spawn<I: Send + 'static, D: Send + 'static>(
        mut owner: O,
        shared: Arc<Shared<O>>,
        to_flow: Sender<Vec<I>>,
        results: Receiver<Vec<D>>,
        in_flight: u64,
    ) -> OwnerThread<O>
    where
        O: Owner<Item = I, Done = D>,
    {
        let flow = std::thread::current();
        let handle = std::thread::Builder::new()
            .name("herald-owner".into())
            .spawn(move || {
                let (mut read, mut committed) = (0u64, 0u64);
                let mut to_flow = Some(to_flow);
                // `Err(None)`: the dataflow stopped (a worker failed and said why).
                let outcome: Result<(), Option<String>> = (|| loop {
                    while read - committed < in_flight {
                        let Some(tx) = &to_flow else { break };
                        match owner.next_batch().map_err(|e| Some(e.to_string()))? {
                            Some(items) => {
                                tx.send(items).map_err(|_| None)?;
                                read += 1;
                            }
                            None => to_flow = None,
                        }
                        flow.unpark();
                    }
                    if to_flow.is_none() && committed == read {
                        return Ok(());
                    }
                    let done = results.recv().map_err(|_| None)?;
                    owner.commit(done).map_err(|e| Some(e.to_string()))?;
                    committed += 1;
                })();
                record_cpu(&shared.volume);
                let failed = outcome.is_err();
                if let Err(Some(why)) = outcome {
                    shared.fail(RunError::Owner(why));
                }
                drop(to_flow);
                flow.unpark();
                (!failed).then_some(owner)
            })
            .expect("spawning the owner's thread");
        OwnerThread { handle: Some(handle) }
    }

    /// The owner after its last commit, `None` when it failed.
    fn join(mut self) -> Option<O> {
        self.handle.take().and_then(|h| h.join().ok()).flatten()
    }
}

impl<O> Drop for OwnerThread<O> {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// Counts what an exchange moves off this worker (`to` is the target worker).
fn count<T: serde::Serialize>(
    volume: &Volume,
    value: &T,
    to: u64,
    me: usize,
    workers_per_process: usize,
    my_process: usize,
    items: bool,
) {
    if to as usize == me {
        return;
    }
    let bytes = bincode::serialized_size(value).unwrap_or(0) + 16;
    let remote = to as usize / workers_per_process != my_process;
    let (all, far) = if items {
        (&volume.items_to_workers, &volume.items_to_processes)
    } else {
        (&volume.results_to_workers, &volume.results_to_processes)
    };
    all.fetch_add(bytes, Ordering::Relaxed);
    if remote {
        far.fetch_add(bytes, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::connect;

    /// Squares numbers; the route spreads them over the workers in a scrambled order.
    struct Square;
    /// Squares numbers, and dies on one.
    struct Fragile(u64);
    impl Work for Fragile {
        type Item = u64;
        type Done = (u64, u64);
        fn route(&self, item: &u64) -> u64 {
            Square.route(item)
        }
        fn work(&self, item: u64) -> (u64, u64) {
            assert_ne!(item, self.0, "a worker dies");
            Square.work(item)
        }
    }
    impl Work for Square {
        type Item = u64;
        type Done = (u64, u64);
        fn route(&self, item: &u64) -> u64 {
            item.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 7
        }
        fn work(&self, item: u64) -> (u64, u64) {
            // Uneven work, so that results arrive out of order.
            if item.is_multiple_of(7) {
                std::thread::sleep(Duration::from_millis(2));
            }
            (item, item * item)
        }
    }

    /// Hands out `batches` batches of growing sizes and records what it is given.
    struct Recorder {
        next: u64,
        batches: u64,
        committed: Vec<Vec<(u64, u64)>>,
        fail_at: Option<usize>,
    }
    impl Owner for Recorder {
        type Item = u64;
        type Done = (u64, u64);
        type Error = String;
        fn next_batch(&mut self) -> Result<Option<Vec<u64>>, String> {
            if self.next >= self.batches {
                return Ok(None);
            }
            let b = self.next;
            self.next += 1;
            // Batch 3 is empty, as the last batch of an input can be.
            let n = if b == 3 { 0 } else { 10 + b * 5 };
            Ok(Some((0..n).map(|i| b * 1000 + i).collect()))
        }
        fn commit(&mut self, done: Vec<(u64, u64)>) -> Result<(), String> {
            if Some(self.committed.len()) == self.fail_at {
                return Err("the store is full".into());
            }
            self.committed.push(done);
            Ok(())
        }
    }

    fn expected(batches: u64) -> Vec<Vec<(u64, u64)>> {
        let mut owner = Recorder { next: 0, batches, committed: vec![], fail_at: None };
        while let Some(items) = owner.next_batch().unwrap() {
            owner.commit(items.into_iter().map(|i| Square.work(i)).collect()).unwrap();
        }
        owner.committed
    }

    fn single(workers: usize, batches: u64, fail_at: Option<usize>) -> Result<Report<Recorder>, RunError> {
        let cluster = Cluster::new(workers, 1, 0, None).unwrap();
        let owner = Recorder { next: 0, batches, committed: vec![], fail_at };
        run(&cluster, vec![None], Arc::new(Square), Some(owner), Options { in_flight: 3, ..Options::default() })
    }

    #[test]
    fn batches_reach_the_owner_whole_and_in_order_whatever_the_worker_count() {
        let want = expected(12);
        for workers in [1, 2, 4] {
            let report = single(workers, 12, None).unwrap();
            assert_eq!(report.owner.unwrap().committed, want, "{workers} workers");
            assert_eq!(report.volume.worked.load(Ordering::Relaxed), want.iter().map(Vec::len).sum::<usize>() as u64);
            let moved = report.volume.items_to_workers.load(Ordering::Relaxed);
            assert_eq!(moved > 0, workers > 1, "{workers} workers moved {moved} bytes");
            assert_eq!(report.volume.items_to_processes.load(Ordering::Relaxed), 0);
            let (busiest, all) = (
                report.volume.busiest_worker_cpu_ms.load(Ordering::Relaxed),
                report.volume.workers_cpu_ms.load(Ordering::Relaxed),
            );
            assert!(busiest <= all, "{busiest} > {all}");
        }
    }

    #[test]
    fn a_threads_cpu_time_is_read_and_grows_with_work() {
        let Some(before) = thread_cpu_ms() else { return }; // not Linux
                                                            // Spin until the clock shows 50 ms of this thread's work. A loaded machine may give the
                                                            // thread a small share of the wall time, so the bound is generous; a clock that does not
                                                            // move (or counts something else) fails it.
        let started = std::time::Instant::now();
        let mut x = 0u64;
        let mut now = before;
        while now < before + 50 && started.elapsed() < Duration::from_secs(20) {
            for _ in 0..100_000 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            }
            now = thread_cpu_ms().unwrap();
        }
        std::hint::black_box(x);
        assert!(now >= before + 50, "{before} ms, then {now} ms after {:?} of spinning", started.elapsed());
        // It counts this thread's work, not the wall clock: a sleep adds (almost) nothing.
        std::thread::sleep(Duration::from_millis(200));
        let slept = thread_cpu_ms().unwrap();
        assert!(slept < now + 100, "{now} ms, then {slept} ms after 200 ms of sleep");
    }

    #[test]
    fn an_owner_error_fails_the_run_instead_of_hanging() {
        let err = single(3, 12, Some(2)).err().expect("the run fails");
        assert!(err.to_string().contains("the store is full"), "{err}");
    }

    #[test]
    fn three_processes_give_the_owner_what_one_does() {
        let held: Vec<std::net::TcpListener> =
            (0..3).map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap()).collect();
        let hosts: String = held.iter().map(|l| format!("{}\n", l.local_addr().unwrap())).collect();
        drop(held);
        let handles: Vec<_> = (0..3)
            .map(|i| {
                let hosts = hosts.clone();
                std::thread::spawn(move || {
                    let cluster = Cluster::new(2, 3, i, Some(("hosts", &hosts))).unwrap();
                    let conn = connect(&cluster, "test", "{}", Duration::from_secs(20)).unwrap();
                    let owner = (i == 0).then(|| Recorder { next: 0, batches: 9, committed: vec![], fail_at: None });
                    run(&cluster, conn.sockets, Arc::new(Square), owner, Options::default())
                })
            })
            .collect();
        let reports: Vec<Report<Recorder>> = handles.into_iter().map(|h| h.join().unwrap().unwrap()).collect();
        let worked: u64 = reports.iter().map(|r| r.volume.worked.load(Ordering::Relaxed)).sum();
        let want = expected(9);
        assert_eq!(worked, want.iter().map(Vec::len).sum::<usize>() as u64);
        // Every process did part of the work and results crossed processes.
        assert!(reports.iter().all(|r| r.volume.worked.load(Ordering::Relaxed) > 0));
        assert!(reports[1].volume.results_to_processes.load(Ordering::Relaxed) > 0);
        let mut reports = reports.into_iter();
        assert_eq!(reports.next().unwrap().owner.unwrap().committed, want);
        assert!(reports.all(|r| r.owner.is_none()));
    }

    #[test]
    fn a_worker_dying_in_one_process_fails_every_process() {
        let held: Vec<std::net::TcpListener> =
            (0..3).map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap()).collect();
        let hosts: String = held.iter().map(|l| format!("{}\n", l.local_addr().unwrap())).collect();
        drop(held);
        // An item of batch 2 that process 2 (workers 4 and 5 of 6) works on.
        let doomed = (2000..2040).find(|i| Square.route(i) % 6 >= 4).expect("some item goes to process 2");
        let started = std::time::Instant::now();
        let handles: Vec<_> = (0..3)
            .map(|i| {
                let hosts = hosts.clone();
                std::thread::spawn(move || {
                    let cluster = Cluster::new(2, 3, i, Some(("hosts", &hosts))).unwrap();
                    let conn = connect(&cluster, "test", "{}", Duration::from_secs(20)).unwrap();
                    let owner = (i == 0).then(|| Recorder { next: 0, batches: 9, committed: vec![], fail_at: None });
                    let doomed = if i == 2 { doomed } else { u64::MAX };
                    run(&cluster, conn.sockets, Arc::new(Fragile(doomed)), owner, Options::default()).err()
                })
            })
            .collect();
        let errors: Vec<Option<RunError>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert!(matches!(&errors[2], Some(RunError::Worker(why)) if why.contains("a worker dies")), "{errors:?}");
        assert!(matches!(&errors[0], Some(RunError::Peer(_))), "{errors:?}");
        assert!(matches!(&errors[1], Some(RunError::Peer(_))), "{errors:?}");
        assert!(started.elapsed() < Duration::from_secs(30));
    }
}
