//! `herald run` (feature `distributed`): `herald ingest` on timely dataflow workers, across
//! threads, processes and machines, with the same documents, entities, events, clusters and
//! storylines, and the same ids, as `herald ingest` on the same inputs.
//!
//! What runs where (herald-dataflow's crate doc says why): process 0's owner, on a thread of its
//! own, reads the inputs in ingest's order and batches (resuming from the store's checkpoints),
//! commits each batch whole and in order (entity linking across articles, event deduplication,
//! near-duplicate documents: the store's commit, with the input's checkpoint), and at the end
//! places the new documents in event clusters and storylines (`storydb::update`, exactly as
//! `ingest` does). Every worker of every process extracts and analyses (reading, entities, dates,
//! events) the records the content hash sends it, in parallel. Only process 0 needs the inputs
//! and the store; the others need the same herald binary and the hostfile. `--dry-run` analyses
//! and counts without storing (an in-memory store stands in for the checkpoints): it checks a
//! backfill's inputs, and times the per-document stages alone.
//!
//! Records and results cross the exchanges as JSON (the model's own serde names); the event
//! coder's `f32`s travel as their bits and serde_json parses `f64`s exactly (`float_roundtrip`,
//! switched on by the feature), so what the owner commits is bit for bit what `ingest` would.

use crate::ingest::{Entities, Summary};
use anyhow::{anyhow, bail, Context, Result};
use chrono::NaiveDate;
use herald_dataflow::{Cluster, Owner, Work};
use herald_extract::ExtractStage;
use herald_ingest::InputReader;
use herald_model::{Checkpoint, DocId, Document, Entity, Mention, RawArticle, Rejected};
use herald_pipeline::{Source, Stage};
use herald_store::{
    Annotated, AnnotatedDocument, EventActor, EventDate, EventFlags, EventInput, EventPlace, EventPlover, Store,
};
use serde::{Deserialize, Serialize};
use std::collections::{HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `herald run`'s arguments.
#[derive(clap::Args)]
pub struct Args {
    /// What `ingest` reads; process 0 reads them, the others need none.
    #[arg(value_name = "PATHS")]
    pub inputs: Vec<String>,
    /// The store (a file, or a postgres:// URL); process 0 writes it.
    #[arg(long, default_value = "herald.db")]
    pub db: String,
    /// Worker threads in every process.
    #[arg(long, short = 'w', default_value_t = 1)]
    pub workers: usize,
    /// Processes in the run.
    #[arg(long, short = 'n', default_value_t = 1)]
    pub processes: usize,
    /// This process's index, 0 to processes - 1.
    #[arg(long, short = 'p', default_value_t = 0)]
    pub process: usize,
    /// One host:port a line, in process order (default: 127.0.0.1:2101, 2102, ...).
    #[arg(long, short = 'H')]
    pub hostfile: Option<PathBuf>,
    /// The outlet name for every document of this run.
    #[arg(long)]
    pub source: Option<String>,
    /// The publication date for documents that state none (YYYY-MM-DD).
    #[arg(long, value_parser = crate::parse_date)]
    pub date: Option<NaiveDate>,
    /// Records per transaction (as `ingest`'s; the same value gives the same results).
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
    /// Analyse every input and report what would be stored, storing nothing (no --db is
    /// opened, no checkpoint read): checks a backfill's inputs, and times the per-document
    /// stages alone.
    #[arg(long)]
    pub dry_run: bool,
    /// Seconds to wait for every process to connect before giving up.
    #[arg(long, default_value = "60", value_parser = parse_seconds)]
    pub connect_timeout: Duration,
}

fn parse_seconds(s: &str) -> Result<Duration, String> {
    s.parse::<u64>().map(Duration::from_secs).map_err(|e| format!("`{s}` is not a number of seconds ({e})"))
}

/// What process 0 tells every process: the options the per-document stages depend on.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Settings {
    source: Option<String>,
    date: Option<NaiveDate>,
}

pub fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    // Everything that can be wrong with the command line is found before any connection.
    let hostfile = match &args.hostfile {
        Some(p) => Some((
            p.display().to_string(),
            std::fs::read_to_string(p).with_context(|| format!("reading the hostfile {}", p.display()))?,
        )),
        None => None,
    };
    let cluster = Cluster::new(
        args.workers,
        args.processes,
        args.process,
        hostfile.as_ref().map(|(p, t)| (p.as_str(), t.as_str())),
    )?;
    if args.batch == 0 {
        bail!("--batch 0: a batch holds at least one record");
    }
    let store = if cluster.process == 0 {
        if args.inputs.is_empty() {
            bail!("process 0 reads the inputs: give it INPUT... (files, directories or -)");
        }
        let spec = if args.dry_run { ":memory:" } else { args.db.as_str() };
        let store = herald_store::open_store(spec).with_context(|| format!("opening the store {spec}"))?;
        Some(store)
    } else {
        if !args.inputs.is_empty() || args.source.is_some() || args.date.is_some() {
            eprintln!(
                "note: process {} ignores INPUT, --db, --source and --date: process 0 reads and stores",
                cluster.process
            );
        }
        None
    };
    let settings = serde_json::to_string(&Settings { source: args.source.clone(), date: args.date })?;
    let build = if cluster.processes > 1 { build_id()? } else { String::new() };
    let connected = if cluster.processes > 1 {
        herald_dataflow::connect(&cluster, &build, &settings, args.connect_timeout)?
    } else {
        herald_dataflow::Connected { sockets: vec![None], settings: settings.clone() }
    };
    let settings: Settings = serde_json::from_str(&connected.settings).context("reading process 0's settings")?;
    let work = Arc::new(Analyse {
        stage: ExtractStage { source: settings.source, default_date: settings.date },
        entities: Entities::default(),
    });
    let owner = store.map(|store| Feeder::new(store, args.inputs.clone(), args.batch, args.dry_run));
    quiet_panics();
    let flow_started = Instant::now();
    let report = herald_dataflow::run(&cluster, connected.sockets, work, owner, herald_dataflow::Options::default())?;
    let flow_secs = flow_started.elapsed().as_secs_f64();
    let v = &report.volume;
    let worked = v.worked.load(Ordering::Relaxed);
    let (items, items_far) = (v.items_to_workers.load(Ordering::Relaxed), v.items_to_processes.load(Ordering::Relaxed));
    let (results, results_far) =
        (v.results_to_workers.load(Ordering::Relaxed), v.results_to_processes.load(Ordering::Relaxed));
    let mut records = 0;
    if let Some(mut feeder) = report.owner {
        let summary = feeder.summary(flow_started.elapsed());
        records = summary.counters.ingested + summary.counters.known + summary.counters.rejected_total();
        let on = format!(" on {} worker(s) in {} process(es)", cluster.peers(), cluster.processes);
        if args.dry_run {
            crate::ingest::print_summary(&summary, None, &on);
        } else {
            crate::ingest::print_summary(&summary, Some(&herald_store::redact_url(&args.db)), &on);
            let stories =
                crate::storydb::update(feeder.store.as_mut()).context("placing the new documents in event clusters")?;
            crate::storydb::print_summary(&stories);
        }
    }
    println!(
        "process {} of {}: {} worker(s) analysed {worked} records; sent {} of records and {} of results to other workers ({} and {} to other processes); peak memory {}",
        cluster.process,
        cluster.processes,
        cluster.workers,
        mib(items),
        mib(results),
        mib(items_far),
        mib(results_far),
        peak_memory_kib().map_or_else(|| "unknown".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0)),
    );
    // One line for scripts (scripts/bench_run.sh).
    println!(
        "run-stats process={} processes={} workers={} records={records} worked={worked} flow_seconds={flow_secs:.3} seconds={:.3} items_bytes={items} items_remote_bytes={items_far} results_bytes={results} results_remote_bytes={results_far} peak_kib={} busiest_worker_cpu_ms={} workers_cpu_ms={}",
        cluster.process,
        cluster.processes,
        cluster.workers,
        started.elapsed().as_secs_f64(),
        peak_memory_kib().unwrap_or(0),
        v.busiest_worker_cpu_ms.load(Ordering::Relaxed),
        v.workers_cpu_ms.load(Ordering::Relaxed),
    );
    Ok(())
}

/// When a run fails, every worker and network thread of every process panics on purpose (that
/// is how the failure travels); the default hook would print each with a backtrace note. This
/// one prints the first panic of the process, with where it happened, and no more: the reason
/// the run stopped is then the error `herald` prints last.
fn quiet_panics() {
    static FIRST: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);
    std::panic::set_hook(Box::new(|info| {
        if FIRST.swap(false, Ordering::SeqCst) {
            let thread = std::thread::current().name().unwrap_or("a thread").to_string();
            let at = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
            let why = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            // timely names its network threads after the process at the other end.
            match thread.strip_prefix("timely:recv-").or_else(|| thread.strip_prefix("timely:send-")) {
                Some(peer) => eprintln!("herald: the connection to process {peer} broke: {why}"),
                None => eprintln!("herald: {thread} stopped{at}: {why}"),
            }
        }
    }));
}

fn mib(bytes: u64) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// This process's peak resident memory (`VmHWM`), in KiB, where the system says.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The version and a hash of the running executable: processes of one run must run the same
/// binary, or the same input could give different results on different workers.
fn build_id() -> Result<String> {
    let exe = std::env::current_exe().context("finding the running executable")?;
    let bytes = std::fs::read(&exe).with_context(|| format!("reading {} to identify this build", exe.display()))?;
    let hash = herald_model::DocId::of_bytes(&bytes);
    Ok(format!("{}+{}", env!("CARGO_PKG_VERSION"), hash.short()))
}

/// A record as the owner hands it out: the raw article, and whether the store already holds
/// its document (then it is extracted but not analysed, as `ingest` does).
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Record {
    id: String,
    known: bool,
    raw: String,
}

/// What the per-document work gives back, as JSON: see [`Analysed`].
type Encoded = String;

/// The per-document stages: extraction, then (for documents the store does not hold) the one
/// analysis pass of `ingest` (reading, entities, dates, events).
struct Analyse {
    stage: ExtractStage,
    entities: Entities,
}

impl Work for Analyse {
    type Item = Record;
    type Done = Encoded;

    fn route(&self, r: &Record) -> u64 {
        route_of(&r.id)
    }

    fn work(&self, r: Record) -> String {
        let out = match serde_json::from_str::<RawArticle>(&r.raw) {
            Err(e) => Analysed::Error(format!("a record did not survive the exchange: {e}")),
            Ok(raw) => match self.stage.run(raw) {
                Err(rejected) => Analysed::Rejected(rejected),
                Ok(doc) if r.known => Analysed::Doc { doc: Box::new(doc), annotation: None },
                Ok(doc) => match self.entities.annotate(&doc) {
                    Ok(a) => Analysed::Doc { annotation: Some(WireAnnotated::from(a)), doc: Box::new(doc) },
                    Err(e) => Analysed::Error(format!("{e:#}")),
                },
            },
        };
        serde_json::to_string(&out).unwrap_or_else(|e| {
            serde_json::to_string(&Analysed::Error(format!("cannot encode a result: {e}"))).unwrap_or_default()
        })
    }
}

/// The worker a document goes to: its content hash (hex BLAKE3), read as a number.
fn route_of(id: &str) -> u64 {
    match id.get(..16).and_then(|h| u64::from_str_radix(h, 16).ok()) {
        Some(n) => n,
        // Not a hex id (never from herald-ingest): any stable hash will do.
        None => id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)),
    }
}

/// One record's result, as it crosses the exchange.
#[derive(Debug, Serialize, Deserialize)]
enum Analysed {
    Doc {
        doc: Box<Document>,
        annotation: Option<WireAnnotated>,
    },
    Rejected(Rejected),
    /// The analysis could not run at all (its models did not load): the run stops, as `ingest`.
    Error(String),
}

#[derive(Debug, Serialize, Deserialize)]
enum WireAnnotated {
    Entities { mentions: Vec<Mention>, entities: Vec<Entity>, events: Vec<WireEvent> },
    Failed(String),
}

impl From<Annotated> for WireAnnotated {
    fn from(a: Annotated) -> Self {
        match a {
            Annotated::Entities { mentions, entities, events } => WireAnnotated::Entities {
                mentions,
                entities,
                events: events.into_iter().map(WireEvent::from).collect(),
            },
            Annotated::Failed(why) => WireAnnotated::Failed(why),
        }
    }
}

impl From<WireAnnotated> for Annotated {
    fn from(a: WireAnnotated) -> Self {
        match a {
            WireAnnotated::Entities { mentions, entities, events } => {
                Annotated::Entities { mentions, entities, events: events.into_iter().map(EventInput::from).collect() }
            }
            WireAnnotated::Failed(why) => Annotated::Failed(why),
        }
    }
}

/// [`EventInput`] on the wire: every field, floats as their bits.
#[derive(Debug, Serialize, Deserialize)]
struct WireEvent {
    sentence: usize,
    sentence_span: (usize, usize),
    source: Option<WireActor>,
    target: Option<WireActor>,
    cameo: String,
    cameo_name: String,
    plover: Option<(String, Option<String>, Vec<String>)>,
    goldstein: u32,
    quad_class: u8,
    date: Option<(String, String, String)>,
    place: Option<WirePlace>,
    evidence: (usize, usize),
    trigger_span: (usize, usize),
    trigger: String,
    flags: [bool; 4],
    confidence: u32,
    mentions: u32,
    root: bool,
}

#[derive(Debug, Serialize, Deserialize)]
struct WireActor {
    entity: Option<String>,
    text: String,
    code: String,
    country: Option<String>,
    sector: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct WirePlace {
    name: String,
    entity: Option<String>,
    kind: String,
    country: String,
    lat: Option<u64>,
    lon: Option<u64>,
    basis: String,
}

impl From<EventActor> for WireActor {
    fn from(a: EventActor) -> Self {
        WireActor { entity: a.entity, text: a.text, code: a.code, country: a.country, sector: a.sector }
    }
}

impl From<WireActor> for EventActor {
    fn from(a: WireActor) -> Self {
        EventActor { entity: a.entity, text: a.text, code: a.code, country: a.country, sector: a.sector }
    }
}

impl From<EventInput> for WireEvent {
    fn from(e: EventInput) -> Self {
        WireEvent {
            sentence: e.sentence,
            sentence_span: e.sentence_span,
            source: e.source.map(WireActor::from),
            target: e.target.map(WireActor::from),
            cameo: e.cameo,
            cameo_name: e.cameo_name,
            plover: e.plover.map(|p| (p.kind, p.mode, p.context)),
            goldstein: e.goldstein.to_bits(),
            quad_class: e.quad_class,
            date: e.date.map(|d| (d.value, d.precision, d.basis)),
            place: e.place.map(|p| WirePlace {
                name: p.name,
                entity: p.entity,
                kind: p.kind,
                country: p.country,
                lat: p.lat.map(f64::to_bits),
                lon: p.lon.map(f64::to_bits),
                basis: p.basis,
            }),
            evidence: e.evidence,
            trigger_span: e.trigger_span,
            trigger: e.trigger,
            flags: [e.flags.negated, e.flags.hypothetical, e.flags.future, e.flags.reported],
            confidence: e.confidence.to_bits(),
            mentions: e.mentions,
            root: e.root,
        }
    }
}

impl From<WireEvent> for EventInput {
    fn from(e: WireEvent) -> Self {
        let [negated, hypothetical, future, reported] = e.flags;
        EventInput {
            sentence: e.sentence,
            sentence_span: e.sentence_span,
            source: e.source.map(EventActor::from),
            target: e.target.map(EventActor::from),
            cameo: e.cameo,
            cameo_name: e.cameo_name,
            plover: e.plover.map(|(kind, mode, context)| EventPlover { kind, mode, context }),
            goldstein: f32::from_bits(e.goldstein),
            quad_class: e.quad_class,
            date: e.date.map(|(value, precision, basis)| EventDate { value, precision, basis }),
            place: e.place.map(|p| EventPlace {
                name: p.name,
                entity: p.entity,
                kind: p.kind,
                country: p.country,
                lat: p.lat.map(f64::from_bits),
                lon: p.lon.map(f64::from_bits),
                basis: p.basis,
            }),
            evidence: e.evidence,
            trigger_span: e.trigger_span,
            trigger: e.trigger,
            flags: EventFlags { negated, hypothetical, future, reported },
            confidence: f32::from_bits(e.confidence),
            mentions: e.mentions,
            root: e.root,
        }
    }
}

/// The owner: reads the inputs as `ingest` does (same order, same batches, resuming from the
/// checkpoints) and commits each batch's results as `ingest`'s sink does.
struct Feeder {
    store: Box<dyn Store>,
    inputs: Option<Vec<String>>,
    queue: VecDeque<String>,
    current: Option<Current>,
    batch: usize,
    /// What the batches in flight need at their commit, oldest first.
    pending: VecDeque<Pending>,
    summary: Summary,
    /// Count what would be stored, store nothing.
    dry_run: bool,
    /// In a dry run: the documents it would have stored so far.
    would_store: HashSet<DocId>,
}

struct Current {
    input: String,
    reader: InputReader,
    resumed_complete: bool,
    records: u64,
}

struct Pending {
    input: String,
    rejected: Vec<Rejected>,
    checkpoint: Checkpoint,
}

impl Feeder {
    fn new(store: Box<dyn Store>, paths: Vec<String>, batch: usize, dry_run: bool) -> Feeder {
        Feeder {
            store,
            inputs: Some(paths),
            queue: VecDeque::new(),
            current: None,
            batch,
            pending: VecDeque::new(),
            summary: Summary::default(),
            dry_run,
            would_store: HashSet::new(),
        }
    }

    fn summary(&mut self, elapsed: Duration) -> Summary {
        let mut s = std::mem::take(&mut self.summary);
        s.elapsed = elapsed;
        s
    }

    /// The next input that opens, recording those that do not.
    fn open_next(&mut self) -> Result<Option<Current>> {
        while let Some(input) = self.queue.pop_front() {
            let key = herald_ingest::checkpoint_key(&input);
            let resume = if input == "-" { None } else { self.store.checkpoint(&key)? };
            match herald_ingest::open(&input, resume.as_ref()) {
                Ok(reader) => {
                    let resumed_complete = resume.as_ref().is_some_and(|c| c.complete);
                    return Ok(Some(Current { input, reader, resumed_complete, records: 0 }));
                }
                Err(rej) => {
                    self.summary.counters.reject(&rej);
                    eprintln!("rejected: {rej}");
                    self.store.record_rejected(vec![rej])?;
                }
            }
        }
        Ok(None)
    }
}

impl Owner for Feeder {
    type Item = Record;
    type Done = Encoded;
    type Error = anyhow::Error;

    fn next_batch(&mut self) -> Result<Option<Vec<Record>>> {
        if let Some(paths) = self.inputs.take() {
            let (inputs, unreadable) = herald_ingest::expand_inputs(&paths);
            for r in &unreadable {
                self.summary.counters.reject(r);
                eprintln!("rejected: {r}");
            }
            self.store.record_rejected(unreadable)?;
            self.summary.inputs = inputs.len();
            self.queue = inputs.into();
        }
        let mut current = match self.current.take() {
            Some(c) => c,
            None => match self.open_next()? {
                Some(c) => c,
                None => return Ok(None),
            },
        };
        // One batch exactly as `run_batches` cuts it: records and rejections together count.
        let mut raws = Vec::with_capacity(self.batch);
        let mut rejected = Vec::new();
        let mut exhausted = false;
        while raws.len() + rejected.len() < self.batch {
            match current.reader.next_record() {
                Some(Ok(r)) => raws.push(r),
                Some(Err(r)) => rejected.push(r),
                None => {
                    exhausted = true;
                    break;
                }
            }
        }
        current.records += (raws.len() + rejected.len()) as u64;
        let checkpoint = current.reader.checkpoint();
        let ids: Vec<&DocId> = raws.iter().map(|r: &RawArticle| &r.id).collect();
        let known = self.store.stored_ids(&ids)?;
        let items = raws
            .iter()
            .map(|r| Ok(Record { id: r.id.0.clone(), known: known.contains(&r.id), raw: serde_json::to_string(r)? }))
            .collect::<Result<Vec<_>>>()?;
        self.pending.push_back(Pending { input: current.input.clone(), rejected, checkpoint });
        if exhausted {
            if current.records == 0 && current.resumed_complete {
                self.summary.unchanged += 1;
            }
            for (k, v) in current.reader.skipped() {
                *self.summary.counters.skipped.entry(k.clone()).or_default() += v;
            }
        } else {
            self.current = Some(current);
        }
        Ok(Some(items))
    }

    fn commit(&mut self, done: Vec<String>) -> Result<()> {
        let Pending { input, mut rejected, checkpoint } =
            self.pending.pop_front().ok_or_else(|| anyhow!("a batch came back that was never sent"))?;
        let mut docs = Vec::with_capacity(done.len());
        let mut stage_rejected = Vec::new();
        for d in done {
            match serde_json::from_str::<Analysed>(&d).context("a result did not survive the exchange")? {
                Analysed::Doc { doc, annotation } => {
                    docs.push(AnnotatedDocument { doc: *doc, annotation: annotation.map(Annotated::from) })
                }
                Analysed::Rejected(r) => stage_rejected.push(r),
                Analysed::Error(why) => bail!("{why}"),
            }
        }
        rejected.extend(stage_rejected);
        for r in &rejected {
            self.summary.counters.reject(r);
        }
        // Known when the batch was read, or stored since by an earlier batch of this run: either
        // way `ingest` would not have analysed it (it asks the store at commit time).
        let ids: Vec<&DocId> = docs.iter().map(|d| &d.doc.id).collect();
        let mut known: HashSet<DocId> = self.store.stored_ids(&ids)?;
        if self.dry_run {
            // Nothing is stored, so what earlier batches would have stored is remembered here.
            known.extend(ids.iter().filter(|id| self.would_store.contains(**id)).map(|id| (*id).clone()));
        }
        for d in &mut docs {
            if known.contains(&d.doc.id) {
                d.annotation = None;
            }
        }
        self.summary.count(&docs);
        let offered = docs.len() as u64;
        if self.dry_run {
            // As the store counts a commit: distinct documents it did not hold.
            let mut new = 0;
            for d in &docs {
                if !known.contains(&d.doc.id) && self.would_store.insert(d.doc.id.clone()) {
                    new += 1;
                }
            }
            self.summary.counters.ingested += new;
            self.summary.counters.known += offered - new;
            return Ok(());
        }
        let t = Instant::now();
        let new = self
            .store
            .commit_annotated(docs, rejected, &checkpoint)
            .with_context(|| format!("storing what was read from {input}"))? as u64;
        self.summary.storing += t.elapsed();
        self.summary.counters.ingested += new;
        self.summary.counters.known += offered - new;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hashes_route_by_their_leading_digits() {
        assert_eq!(route_of("00000000000000ff0123"), 255);
        assert_eq!(route_of("ffffffffffffffff"), u64::MAX);
        // Anything else still routes, stably.
        assert_eq!(route_of("w1"), route_of("w1"));
        assert_ne!(route_of("w1"), route_of("w2"));
    }

    #[test]
    fn events_cross_the_exchange_bit_for_bit() {
        let e = EventInput {
            sentence: 2,
            sentence_span: (10, 80),
            source: Some(EventActor {
                entity: Some("e1".into()),
                text: "Kerry".into(),
                code: "USAGOV".into(),
                country: Some("USA".into()),
                sector: None,
            }),
            target: None,
            cameo: "036".into(),
            cameo_name: "Express intent to meet".into(),
            plover: Some(EventPlover { kind: "CONSULT".into(), mode: None, context: vec!["diplomatic".into()] }),
            goldstein: 0.1 + 0.2,
            quad_class: 1,
            date: Some(EventDate { value: "2013-05-07".into(), precision: "day".into(), basis: "clause".into() }),
            place: Some(EventPlace {
                name: "Moscow".into(),
                entity: None,
                kind: "city".into(),
                country: "RUS".into(),
                lat: Some(55.755_826_123_456_78),
                lon: Some(37.617_3),
                basis: String::new(),
            }),
            evidence: (10, 40),
            trigger_span: (20, 25),
            trigger: "meet".into(),
            flags: EventFlags { negated: false, hypothetical: true, future: true, reported: false },
            confidence: 1.0 / 3.0,
            mentions: 2,
            root: true,
        };
        let a = Annotated::Entities { mentions: vec![], entities: vec![], events: vec![e] };
        let json = serde_json::to_string(&WireAnnotated::from(a.clone())).unwrap();
        let back = Annotated::from(serde_json::from_str::<WireAnnotated>(&json).unwrap());
        assert_eq!(back, a);
    }
}
