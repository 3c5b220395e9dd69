//! `herald ingest`: inputs → extraction → entities, dates and events → store, one transaction per
//! batch, resumable.
//!
//! Extraction runs as the pipeline's stage; the analysis runs in the sink, on the documents of a
//! batch the store does not hold yet (a rerun analyses nothing), in parallel: one pass per
//! document reads the text once (`herald_events::analyse`: the reading layer, entities, temporal
//! expressions, coded events). The store links and stores each document's entities, then its
//! events (joining the events other articles reported), in the batch's transaction.

use anyhow::{anyhow, Context, Result};
use chrono::NaiveDate;
use herald_entities::Annotator;
use herald_events::Coder;
use herald_extract::ExtractStage;
use herald_model::{Checkpoint, Document, Rejected};
use herald_pipeline::{run_batches, Counters, Sink};
use herald_store::{
    Annotated, AnnotatedDocument, EventActor, EventDate, EventFlags, EventInput, EventPlace, EventPlover, Store,
};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub struct Options {
    pub source: Option<String>,
    pub date: Option<NaiveDate>,
    pub batch: usize,
}

pub fn run(paths: &[String], db: &Path, opts: Options) -> Result<()> {
    let mut store = crate::query::open_for_writing(db)?;
    let summary = ingest_into(store.as_mut(), paths, &opts, &Entities::default())?;
    print_summary(&summary, Some(&herald_store::redact_url(&db.display().to_string())), "");
    // Event clusters and storylines for the documents stored and not yet placed (this run's,
    // and any an interrupted run left).
    let stories = crate::storydb::update(store.as_mut()).context("placing the new documents in event clusters")?;
    crate::storydb::print_summary(&stories);
    Ok(())
}

/// What a run did, for its closing summary.
#[derive(Debug, Default)]
pub struct Summary {
    pub inputs: usize,
    /// Inputs read to their end by an earlier run and unchanged since: skipped whole.
    pub unchanged: usize,
    pub counters: Counters,
    pub elapsed: Duration,
    /// New documents the annotator ran on, and the mentions it found in them.
    pub annotated: u64,
    pub mentions: u64,
    /// Events coded in the new documents (merged within each article, before joining the store's).
    pub events: u64,
    /// New documents the annotator failed on (stored without entities), with the first reasons.
    pub annotation_failed: u64,
    pub failures: Vec<String>,
    /// Wall time spent annotating (all threads at once) and committing batches (with linking).
    pub annotating: Duration,
    pub storing: Duration,
}

impl Summary {
    /// Counts a batch's annotations (a document twice in one batch is stored, and counted, once).
    pub fn count(&mut self, batch: &[AnnotatedDocument]) {
        let mut seen = std::collections::HashSet::new();
        for a in batch {
            if !seen.insert(&a.doc.id) {
                continue;
            }
            match &a.annotation {
                Some(Annotated::Entities { mentions, events, .. }) => {
                    self.annotated += 1;
                    self.mentions += mentions.len() as u64;
                    self.events += events.len() as u64;
                }
                Some(Annotated::Failed(why)) => {
                    self.annotation_failed += 1;
                    if self.failures.len() < 5 {
                        self.failures.push(format!("{}: {why}", a.doc.origin));
                    }
                }
                None => {}
            }
        }
    }
}

/// The entity annotator and the event coder, each loaded once, the first time a new document
/// needs them (a rerun that finds nothing new never loads the models).
#[derive(Default)]
pub struct Entities {
    annotator: OnceLock<std::result::Result<Annotator, String>>,
    coder: OnceLock<std::result::Result<Coder, String>>,
}

impl Entities {
    fn get(&self) -> Result<(&Annotator, &Coder)> {
        let annotator = self
            .annotator
            .get_or_init(|| Annotator::embedded().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| anyhow!("loading the entity models: {e}"))?;
        let coder = self
            .coder
            .get_or_init(|| Coder::embedded().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| anyhow!("loading the event tables: {e}"))?;
        Ok((annotator, coder))
    }

    /// Analyses one document in one pass (entities, dates, events); a panic anywhere in it
    /// becomes a failed annotation of that document, stored without entities or events.
    pub fn annotate(&self, doc: &Document) -> Result<Annotated> {
        let (annotator, coder) = self.get()?;
        let stated = doc.dct.as_ref().and_then(|d| NaiveDate::parse_from_str(d.date(), "%Y-%m-%d").ok());
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            // The date the text pins (a dateline) when the document states none, as `annotate` does.
            let dct = stated.or_else(|| herald_time::infer_dct(&doc.text).map(|i| i.date));
            let (a, _, events) = herald_events::analyse(annotator, coder, &doc.text, &doc.paragraphs, dct);
            let events = events.iter().map(|e| event_input(e, &a.sentences)).collect();
            Annotated::Entities { mentions: a.mentions, entities: a.entities, events }
        }));
        Ok(match outcome {
            Ok(a) => a,
            Err(panic) => {
                let why = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".to_string());
                Annotated::Failed(format!("the annotator failed: {why}"))
            }
        })
    }
}

/// An event as the store takes it: plain data, with the sentence's span for its evidence.
fn event_input(e: &herald_events::Event, sentences: &[herald_entities::SentenceSpan]) -> EventInput {
    let actor = |a: &herald_events::EventActor| EventActor {
        entity: a.entity.clone(),
        text: a.text.clone(),
        code: a.code.clone(),
        country: a.country.clone(),
        sector: a.sector.clone(),
    };
    let sentence_span =
        sentences.get(e.sentence).map(|s| (s.start, s.end)).unwrap_or((e.evidence.start, e.evidence.end));
    EventInput {
        sentence: e.sentence,
        sentence_span,
        source: e.source.as_ref().map(actor),
        target: e.target.as_ref().map(actor),
        cameo: e.cameo.clone(),
        cameo_name: e.cameo_name.clone(),
        plover: e.plover.as_ref().map(|p| EventPlover {
            kind: p.kind.clone(),
            mode: p.mode.clone(),
            context: p.context.clone(),
        }),
        goldstein: e.goldstein,
        quad_class: e.quad_class,
        date: e.date.as_ref().map(|d| EventDate {
            value: d.value.clone(),
            precision: d.precision.to_string(),
            basis: d.basis.to_string(),
        }),
        place: e.location.as_ref().map(|l| EventPlace {
            name: l.name.clone(),
            entity: l.entity.clone(),
            kind: l.kind.clone(),
            country: l.country.clone(),
            lat: l.lat,
            lon: l.lon,
            basis: l.basis.to_string(),
        }),
        evidence: (e.evidence.start, e.evidence.end),
        trigger_span: (e.evidence.trigger_start, e.evidence.trigger_end),
        trigger: e.trigger.clone(),
        flags: EventFlags {
            negated: e.flags.negated,
            hypothetical: e.flags.hypothetical,
            future: e.flags.future,
            reported: e.flags.reported,
        },
        confidence: e.confidence,
        mentions: e.mentions,
        root: e.root,
    }
}

/// The sink `ingest` gives the pipeline: annotates the batch's new documents, then commits the
/// batch (documents, entities, rejections, checkpoint) in one transaction.
struct AnnotatingSink<'a> {
    store: &'a mut dyn Store,
    entities: &'a Entities,
    summary: &'a mut Summary,
}

impl Sink<Document> for AnnotatingSink<'_> {
    type Error = anyhow::Error;

    fn commit(&mut self, docs: Vec<Document>, rejected: Vec<Rejected>, checkpoint: &Checkpoint) -> Result<usize> {
        let ids: Vec<&herald_model::DocId> = docs.iter().map(|d| &d.id).collect();
        let known = self.store.stored_ids(&ids)?;
        if docs.iter().any(|d| !known.contains(&d.id)) {
            self.entities.get()?;
        }
        let started = Instant::now();
        let annotated: Vec<AnnotatedDocument> = docs
            .into_par_iter()
            .map(|doc| {
                let annotation = if known.contains(&doc.id) { None } else { Some(self.entities.annotate(&doc)?) };
                Ok(AnnotatedDocument { doc, annotation })
            })
            .collect::<Result<_>>()?;
        self.summary.annotating += started.elapsed();
        self.summary.count(&annotated);
        let started = Instant::now();
        let new = self.store.commit_annotated(annotated, rejected, checkpoint)?;
        self.summary.storing += started.elapsed();
        Ok(new)
    }
}

/// Reads every input into `store`. Inputs and records that cannot be read are recorded as rejected
/// and the run goes on; only a store failure stops it (after which the failed batch is not written,
/// and a rerun resumes from the last checkpoint).
pub fn ingest_into(store: &mut dyn Store, paths: &[String], opts: &Options, entities: &Entities) -> Result<Summary> {
    let start = Instant::now();
    let mut summary = Summary::default();
    let (inputs, unreadable) = herald_ingest::expand_inputs(paths);
    let mut counters = Counters::default();
    for r in &unreadable {
        counters.reject(r);
        eprintln!("rejected: {r}");
    }
    store.record_rejected(unreadable)?;
    let stage = ExtractStage { source: opts.source.clone(), default_date: opts.date };
    let bar = progress_bar();
    let mut done = 0u64;
    let mut unchanged = 0usize;
    for input in &inputs {
        let key = herald_ingest::checkpoint_key(input);
        let resume = if input == "-" { None } else { store.checkpoint(&key)? };
        let mut reader = match herald_ingest::open(input, resume.as_ref()) {
            Ok(r) => r,
            Err(rej) => {
                counters.reject(&rej);
                bar.suspend(|| eprintln!("rejected: {rej}"));
                store.record_rejected(vec![rej])?;
                continue;
            }
        };
        bar.set_message(short_name(input));
        let mut batch_counters = Counters::default();
        let mut records = 0u64;
        let mut sink = AnnotatingSink { store: &mut *store, entities, summary: &mut summary };
        run_batches(&mut reader, &stage, opts.batch, &mut sink, &mut batch_counters, |n| {
            done += n;
            records += n;
            bar.set_position(done);
        })
        .with_context(|| format!("storing what was read from {input}"))?;
        // A checkpoint that says the input was read to its end, on the same bytes: nothing to do.
        if records == 0 && resume.as_ref().is_some_and(|c| c.complete) {
            unchanged += 1;
        }
        for (k, v) in reader.skipped() {
            *batch_counters.skipped.entry(k.clone()).or_default() += v;
        }
        counters.merge(&batch_counters);
    }
    bar.finish_and_clear();
    Ok(Summary { inputs: inputs.len(), unchanged, counters, elapsed: start.elapsed(), ..summary })
}

fn short_name(input: &str) -> String {
    let n = input.chars().count();
    if n <= 40 {
        input.to_string()
    } else {
        format!("…{}", input.chars().skip(n - 39).collect::<String>())
    }
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos} records  {per_sec}  {elapsed}  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// The closing summary of a run into `db` (`None`: a dry run, nothing stored); `on` says where
/// the analysis ran (empty for one process: `herald run` says how many workers and processes).
pub fn print_summary(s: &Summary, db: Option<&str>, on: &str) {
    let c = &s.counters;
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    let records = c.ingested + c.known + c.rejected_total();
    println!("ingested      {:>8}  new documents", c.ingested);
    println!("already known {:>8}  (same bytes as a stored document)", c.known);
    if s.unchanged > 0 {
        println!("unchanged     {:>8}  inputs read completely before (skipped)", s.unchanged);
    }
    // Annotating time is measured where the annotation runs in this process.
    let annotating =
        if s.annotating.is_zero() { String::new() } else { format!("{:.2}s annotating, ", s.annotating.as_secs_f64()) };
    println!(
        "annotated     {:>8}  new documents ({} mentions, {} events; {annotating}{:.2}s linking and storing)",
        s.annotated,
        s.mentions,
        s.events,
        s.storing.as_secs_f64()
    );
    if s.annotation_failed > 0 {
        println!("not annotated {:>8}  (stored without entities)", s.annotation_failed);
        for f in &s.failures {
            println!("  {f}");
        }
    }
    println!("rejected      {:>8}", c.rejected_total());
    for (reason, n) in &c.rejected {
        println!("  {reason:<24} {n:>6}");
    }
    if !c.skipped.is_empty() {
        println!("skipped on purpose");
        for (what, n) in &c.skipped {
            println!("  {what:<24} {n:>6}");
        }
    }
    let into = db.unwrap_or("no store (a dry run: the counts are what would be stored)");
    println!(
        "{} inputs, {records} records in {secs:.2}s ({:.0} records/s){on} into {into}",
        s.inputs,
        records as f64 / secs
    );
    if let (Some(db), true) = (db, c.rejected_total() > 0) {
        println!("see `herald rejected --db {db}` for the reasons");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_model::{Checkpoint, Document, Rejected};
    use herald_pipeline::Sink;
    use herald_store::{SqliteStore, StoreError};

    /// A store that stops accepting batches after `left` of them, as a killed process would.
    struct CrashAfter<'a> {
        store: &'a mut SqliteStore,
        left: usize,
    }

    impl Sink<Document> for CrashAfter<'_> {
        type Error = StoreError;
        fn commit(
            &mut self,
            docs: Vec<Document>,
            rejected: Vec<Rejected>,
            cp: &Checkpoint,
        ) -> Result<usize, StoreError> {
            if self.left == 0 {
                return Err(StoreError::InvalidQuery("simulated crash".into()));
            }
            self.left -= 1;
            self.store.commit_batch(docs, rejected, cp)
        }
    }

    #[test]
    fn an_interrupted_run_resumes_after_the_last_batch_that_landed() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("wire.jsonl");
        let lines: Vec<String> = (0..500)
            .map(|i| {
                format!(
                    r#"{{"id": "w{i}", "title": "Story {i}", "text": "Body of story number {i}, with enough words."}}"#
                )
            })
            .collect();
        std::fs::write(&input, lines.join("\n") + "\n").unwrap();
        let input = input.to_string_lossy().into_owned();
        let mut store = SqliteStore::open(&dir.path().join("h.db")).unwrap();

        // First run: two batches of 100 land, then the process "dies".
        let mut reader = herald_ingest::open(&input, None).unwrap();
        let mut counters = Counters::default();
        let mut sink = CrashAfter { store: &mut store, left: 2 };
        let stage = ExtractStage::default();
        assert!(run_batches(&mut reader, &stage, 100, &mut sink, &mut counters, |_| {}).is_err());
        assert_eq!(store.status().unwrap().documents, 200);

        // The rerun starts after line 200: nothing is read twice, nothing is lost.
        let opts = Options { source: None, date: None, batch: 100 };
        let entities = Entities::default();
        let summary = ingest_into(&mut store, std::slice::from_ref(&input), &opts, &entities).unwrap();
        assert_eq!((summary.counters.ingested, summary.counters.known), (300, 0));
        // Only the documents of this run were annotated.
        assert_eq!((summary.annotated, summary.annotation_failed), (300, 0));
        assert_eq!(store.status().unwrap().annotated, 300);
        assert_eq!(store.status().unwrap().documents, 500);
        let w0 = store.document("w0").unwrap().unwrap();
        assert_eq!(w0.origin.locator, herald_model::Locator::Line(1));
        let w499 = store.document("w499").unwrap().unwrap();
        assert_eq!(w499.origin.locator, herald_model::Locator::Line(500));

        // And a third run finds the input complete.
        let summary = ingest_into(&mut store, std::slice::from_ref(&input), &opts, &entities).unwrap();
        assert_eq!((summary.counters.ingested, summary.unchanged, summary.annotated), (0, 1, 0));
    }
}
