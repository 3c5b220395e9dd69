//! `herald ingest`: inputs → extraction → store, one transaction per batch, resumable.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use herald_extract::ExtractStage;
use herald_pipeline::{run_batches, Counters};
use herald_store::{SqliteStore, Store};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::Path;
use std::time::{Duration, Instant};

pub struct Options {
    pub source: Option<String>,
    pub date: Option<NaiveDate>,
    pub batch: usize,
}

pub fn run(paths: &[String], db: &Path, opts: Options) -> Result<()> {
    let mut store = SqliteStore::open(db)?;
    let summary = ingest_into(&mut store, paths, &opts)?;
    print_summary(&summary, db);
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
}

/// Reads every input into `store`. Inputs and records that cannot be read are recorded as rejected
/// and the run goes on; only a store failure stops it (after which the failed batch is not written,
/// and a rerun resumes from the last checkpoint).
pub fn ingest_into(store: &mut SqliteStore, paths: &[String], opts: &Options) -> Result<Summary> {
    let start = Instant::now();
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
        run_batches(&mut reader, &stage, opts.batch, store, &mut batch_counters, |n| {
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
    Ok(Summary { inputs: inputs.len(), unchanged, counters, elapsed: start.elapsed() })
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

fn print_summary(s: &Summary, db: &Path) {
    let c = &s.counters;
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    let records = c.ingested + c.known + c.rejected_total();
    println!("ingested      {:>8}  new documents", c.ingested);
    println!("already known {:>8}  (same bytes as a stored document)", c.known);
    if s.unchanged > 0 {
        println!("unchanged     {:>8}  inputs read completely before (skipped)", s.unchanged);
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
    println!(
        "{} inputs, {} records in {:.2}s ({:.0} records/s) into {}",
        s.inputs,
        records,
        secs,
        records as f64 / secs,
        db.display()
    );
    if c.rejected_total() > 0 {
        println!("see `herald rejected --db {}` for the reasons", db.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_model::{Checkpoint, Document, Rejected};
    use herald_pipeline::Sink;
    use herald_store::StoreError;

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
        let summary = ingest_into(&mut store, std::slice::from_ref(&input), &opts).unwrap();
        assert_eq!((summary.counters.ingested, summary.counters.known), (300, 0));
        assert_eq!(store.status().unwrap().documents, 500);
        let w0 = store.document("w0").unwrap().unwrap();
        assert_eq!(w0.origin.locator, herald_model::Locator::Line(1));
        let w499 = store.document("w499").unwrap().unwrap();
        assert_eq!(w499.origin.locator, herald_model::Locator::Line(500));

        // And a third run finds the input complete.
        let summary = ingest_into(&mut store, std::slice::from_ref(&input), &opts).unwrap();
        assert_eq!((summary.counters.ingested, summary.unchanged), (0, 1));
    }
}
