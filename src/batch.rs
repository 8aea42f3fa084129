//! Batch analysis: many records on a rayon pool, results delivered in input order, one bad
//! record never stopping or losing the others.
//!
//! Each record is loaded inside the worker that analyses it, and results are handed to the
//! caller's sink chunk by chunk, so memory stays flat in the number of records.
//!
//! ```
//! use ndarray::Array2;
//! use sinus::{Lead, Pipeline, Record, SampleRate, Config};
//! use sinus::batch::{run, Outcome};
//! let pipeline = Pipeline::new(Config::default()).unwrap();
//! let names = vec!["a".to_string(), "b".to_string()];
//! let mut got: Vec<Outcome> = Vec::new();
//! run(&names, &pipeline, 2, |n| {
//!     if n == "b" { return Err("unreadable".to_string()); }
//!     let fs = SampleRate::new(500.0).unwrap();
//!     Record::new(n.clone(), vec![Lead::II], fs, Array2::zeros((1, 5000))).map_err(|e| e.to_string())
//! }, |o| got.push(o)).unwrap();
//! assert_eq!(got[0].name, "a");
//! assert!(got[0].result.is_ok());
//! assert_eq!(got[1].result.as_ref().unwrap_err(), "unreadable");
//! ```

use crate::pipeline::Pipeline;
use crate::record::Record;
use crate::report::Report;
use rayon::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Errors of the batch machinery itself (a record's own failure is an [`Outcome`], not this).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    /// The thread pool could not be built.
    #[error("could not start a pool of {threads} threads: {message}")]
    Pool {
        /// Threads asked for.
        threads: usize,
        /// The pool builder's message.
        message: String,
    },
}

/// The outcome of one record: its report, or why there is none.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Position in the input list.
    pub index: usize,
    /// The record's name as given in the input list.
    pub name: String,
    /// The report, or the error message (reading or analysis).
    pub result: Result<Report, String>,
}

/// Analyses every input on a pool of `threads` threads (0 = rayon's default), loading each
/// with `load` inside the worker, and hands the outcomes to `sink` in input order.
///
/// A load error, an analysis error or a panic while reading a record becomes that record's
/// `Err` outcome; the others proceed.
pub fn run<T, L, S>(
    inputs: &[T],
    pipeline: &Pipeline,
    threads: usize,
    load: L,
    mut sink: S,
) -> Result<(), BatchError>
where
    T: Sync + ToString,
    L: Fn(&T) -> Result<Record, String> + Sync,
    S: FnMut(Outcome),
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| BatchError::Pool {
            threads,
            message: e.to_string(),
        })?;
    let n_threads = pool.current_num_threads().max(1);
    // Enough work per chunk to keep every thread busy, small enough to bound memory.
    let chunk = (16 * n_threads).max(1);
    for (c, part) in inputs.chunks(chunk).enumerate() {
        let outcomes: Vec<Outcome> = pool.install(|| {
            part.par_iter()
                .enumerate()
                .map(|(i, input)| {
                    let name = input.to_string();
                    let result = catch_unwind(AssertUnwindSafe(|| {
                        let rec = load(input)?;
                        pipeline.analyze(&rec).map_err(|e| e.to_string())
                    }))
                    .unwrap_or_else(|p| {
                        let msg = p
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| p.downcast_ref::<String>().cloned())
                            .unwrap_or_else(|| "unknown".into());
                        Err(format!("internal error (panic): {msg}"))
                    });
                    Outcome {
                        index: c * chunk + i,
                        name,
                        result,
                    }
                })
                .collect()
        });
        outcomes.into_iter().for_each(&mut sink);
    }
    Ok(())
}

/// The header of `summary.csv`.
pub const SUMMARY_HEADER: [&str; 6] = ["record", "rhythm", "rate", "triage", "statements", "error"];

/// One `summary.csv` row: record, rhythm code, mean rate (bpm, rounded), triage, statement codes
/// separated by `;`, error (empty when there is a report).
pub fn summary_row(o: &Outcome) -> [String; 6] {
    match &o.result {
        Ok(r) => [
            o.name.clone(),
            r.rhythm.label.code().to_string(),
            r.rates
                .map(|x| format!("{:.0}", x.mean_bpm))
                .unwrap_or_default(),
            serde_json::to_value(r.triage)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            r.statements
                .iter()
                .filter_map(|s| {
                    serde_json::to_value(s.code)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                })
                .collect::<Vec<_>>()
                .join(";"),
            String::new(),
        ],
        Err(e) => [
            o.name.clone(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            e.clone(),
        ],
    }
}
