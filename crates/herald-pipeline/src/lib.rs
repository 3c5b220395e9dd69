//! How herald's stages are driven. A [`Source`] yields records (or rejections) with a checkpoint
//! after each; a [`Stage`] is a pure, per-document function; [`run_batches`] pulls a batch from
//! the source, runs the stage over it in parallel (rayon), and hands the results with the
//! checkpoint that covers them to a [`Sink`], which is expected to commit both in one transaction.
//! The stages know nothing of threads, stores or machines, which is what lets the same stages run
//! under another executor later.

use herald_model::{Checkpoint, Rejected};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// A per-document transformation: deterministic, no I/O, safe to run on many threads at once.
pub trait Stage: Sync {
    type Input: Send;
    type Output: Send;
    fn name(&self) -> &'static str;
    fn run(&self, input: Self::Input) -> Result<Self::Output, Rejected>;
}

/// Something that yields the records of one input, in order, and can say how far it got.
pub trait Source {
    type Record;
    /// The input's name as the user gave it.
    fn name(&self) -> &str;
    /// The next record, a rejected record, or `None` at the end of the input.
    fn next_record(&mut self) -> Option<Result<Self::Record, Rejected>>;
    /// The checkpoint that holds once every record returned so far has been stored.
    fn checkpoint(&self) -> Checkpoint;
}

/// Where a batch's results go: implementations commit the items, the rejections and the
/// checkpoint atomically and report how many items were new.
pub trait Sink<T> {
    type Error;
    fn commit(&mut self, items: Vec<T>, rejected: Vec<Rejected>, checkpoint: &Checkpoint)
        -> Result<usize, Self::Error>;
}

/// What a run did, for the one-screen summary at its end.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counters {
    /// Records that became new documents.
    pub ingested: u64,
    /// Records whose document was already in the store (same bytes).
    pub known: u64,
    /// Rejected records, by reason code.
    pub rejected: BTreeMap<String, u64>,
    /// Records an input skipped on purpose (non-response WARC records, ...), by what they were.
    pub skipped: BTreeMap<String, u64>,
}

impl Counters {
    pub fn rejected_total(&self) -> u64 {
        self.rejected.values().sum()
    }

    pub fn merge(&mut self, other: &Counters) {
        self.ingested += other.ingested;
        self.known += other.known;
        for (k, v) in &other.rejected {
            *self.rejected.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.skipped {
            *self.skipped.entry(k.clone()).or_default() += v;
        }
    }

    pub fn reject(&mut self, r: &Rejected) {
        *self.rejected.entry(r.reason.clone()).or_default() += 1;
    }
}

/// Runs `stage` over every record of `source` in batches of `batch_size`, committing each batch
/// (results, rejections, checkpoint) to `sink`. `progress` is called after each batch with the
/// number of records it held. Stops at the first sink error, after which nothing of the failed
/// batch has been written (the sink's transaction guarantees that).
pub fn run_batches<S, St, K>(
    source: &mut S,
    stage: &St,
    batch_size: usize,
    sink: &mut K,
    counters: &mut Counters,
    mut progress: impl FnMut(u64),
) -> Result<(), K::Error>
where
    S: Source,
    S::Record: Send,
    St: Stage<Input = S::Record>,
    K: Sink<St::Output>,
{
    let batch_size = batch_size.max(1);
    loop {
        let mut inputs = Vec::with_capacity(batch_size);
        let mut rejected = Vec::new();
        let mut exhausted = false;
        while inputs.len() + rejected.len() < batch_size {
            match source.next_record() {
                Some(Ok(r)) => inputs.push(r),
                Some(Err(r)) => rejected.push(r),
                None => {
                    exhausted = true;
                    break;
                }
            }
        }
        let n = (inputs.len() + rejected.len()) as u64;
        let results: Vec<Result<St::Output, Rejected>> = inputs.into_par_iter().map(|r| stage.run(r)).collect();
        let mut outputs = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(o) => outputs.push(o),
                Err(rej) => rejected.push(rej),
            }
        }
        for r in &rejected {
            counters.reject(r);
        }
        let offered = outputs.len() as u64;
        let checkpoint = source.checkpoint();
        if n > 0 || exhausted {
            let new = sink.commit(outputs, rejected, &checkpoint)? as u64;
            counters.ingested += new;
            counters.known += offered - new;
        }
        progress(n);
        if exhausted {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use herald_model::{Locator, Origin, Stage as StageName};

    struct Numbers {
        next: u64,
        end: u64,
    }

    impl Source for Numbers {
        type Record = u64;
        fn name(&self) -> &str {
            "numbers"
        }
        fn next_record(&mut self) -> Option<Result<u64, Rejected>> {
            if self.next >= self.end {
                return None;
            }
            self.next += 1;
            Some(Ok(self.next))
        }
        fn checkpoint(&self) -> Checkpoint {
            Checkpoint {
                input: "numbers".into(),
                fingerprint: String::new(),
                offset: self.next,
                last_item: None,
                complete: self.next >= self.end,
            }
        }
    }

    struct Odd;
    impl Stage for Odd {
        type Input = u64;
        type Output = u64;
        fn name(&self) -> &'static str {
            "odd"
        }
        fn run(&self, n: u64) -> Result<u64, Rejected> {
            if n % 2 == 1 {
                Ok(n)
            } else {
                Err(Rejected {
                    origin: Origin { input: "numbers".into(), locator: Locator::Line(n) },
                    stage: StageName::Extract,
                    reason: "even".into(),
                    detail: format!("{n} is even"),
                })
            }
        }
    }

    #[derive(Default)]
    struct Memory {
        items: Vec<u64>,
        rejected: usize,
        checkpoints: Vec<u64>,
    }
    impl Sink<u64> for Memory {
        type Error = ();
        fn commit(&mut self, items: Vec<u64>, rejected: Vec<Rejected>, cp: &Checkpoint) -> Result<usize, ()> {
            let before = self.items.len();
            for i in items {
                if !self.items.contains(&i) {
                    self.items.push(i);
                }
            }
            self.rejected += rejected.len();
            self.checkpoints.push(cp.offset);
            Ok(self.items.len() - before)
        }
    }

    #[test]
    fn batches_commit_with_checkpoints_and_count_rejections() {
        let mut sink = Memory::default();
        let mut counters = Counters::default();
        let mut seen = 0;
        run_batches(&mut Numbers { next: 0, end: 10 }, &Odd, 4, &mut sink, &mut counters, |n| seen += n).unwrap();
        assert_eq!(sink.items, vec![1, 3, 5, 7, 9]);
        assert_eq!(sink.rejected, 5);
        assert_eq!(sink.checkpoints, vec![4, 8, 10]);
        assert_eq!(counters.ingested, 5);
        assert_eq!(counters.rejected.get("even"), Some(&5));
        assert_eq!(seen, 10);
        // A second run over the same input stores nothing new.
        let mut again = Counters::default();
        run_batches(&mut Numbers { next: 0, end: 10 }, &Odd, 4, &mut sink, &mut again, |_| {}).unwrap();
        assert_eq!(again.ingested, 0);
        assert_eq!(again.known, 5);
    }
}
