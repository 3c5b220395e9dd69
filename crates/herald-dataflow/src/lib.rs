//! herald's pipeline on timely dataflow workers: the same ingestion on many threads, processes
//! and machines, with the same results as one process.
//!
//! Why it exists: one machine keeps up with a day of news, not with a backfill of a news archive.
//! herald does not grow a cluster manager; it runs its stages on timely dataflow (behind
//! herald-cli's `distributed` feature), whose processes talk over TCP.
//!
//! What runs where, honestly:
//! - **On one thread (the owner, beside worker 0 of process 0):** reading the inputs (files, WARC,
//!   feeds: cheap, sequential, and what the checkpoints describe), the store's commit of each
//!   batch (near-duplicate documents, entity linking across articles, event deduplication, in one
//!   transaction with the input's checkpoint), and after the last batch the event clustering and
//!   storylines. These steps depend on arrival order, so the owner performs them in exactly the
//!   order, and with exactly the batch boundaries, of `herald ingest`: that is what makes ids and
//!   results identical to a single-process run.
//! - **On every worker, in parallel:** the per-document stages, which are most of the cost:
//!   extraction, reading (sentences, tags, parse), entities, temporal expressions, events.
//!   Records go to workers by content hash; results come back to worker 0, which hands each
//!   finished batch to the owner (one owner). The owner's serial part (about half the CPU an
//!   article's analysis takes, the store's commit with linking most of it) runs on its own
//!   thread beside the workers' analysis, and bounds the speedup once the workers are faster
//!   than it, whatever their number.
//!
//! [`cluster`] checks the run's shape and connects the processes with a bounded handshake (build
//! and counts must match) before timely starts; [`flow`] is the dataflow and the owner's loop.
//! The crate knows nothing of documents: herald-cli supplies the work ([`flow::Work`]) and the
//! owner ([`flow::Owner`]).

pub mod cluster;
pub mod flow;

pub use cluster::{connect, parse_hostfile, Cluster, ClusterError, Connected};
pub use flow::{run, Options, Owner, Report, RunError, Volume, Work};
