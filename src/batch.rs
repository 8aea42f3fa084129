//! Batch analysis: many records on a rayon pool, results delivered in input order, one bad
//! record never stopping or losing the others.
//!
//! Each record is loaded inside the worker that analyses it, and outcomes are handed to the
//! caller's sink in input order as soon as they can be, with the workers never more than a
//! bounded window ahead, so memory stays flat in the number of records.
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
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Condvar, Mutex, MutexGuard, mpsc};

mod shard;
pub use shard::{Shard, ShardError};

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
#[non_exhaustive]
pub struct Outcome {
    /// Position in the input list.
    pub index: usize,
    /// The record's name as given in the input list.
    pub name: String,
    /// The report, or the error message (reading or analysis).
    pub result: Result<Report, String>,
}

/// In-flight outcomes allowed per worker thread: how far the workers may run ahead of the
/// oldest record not yet handed to the sink. Bounds memory whatever the number of records, and
/// is deep enough that one slow record (an hour-long Holter among 10 s ECGs) does not idle the
/// other threads for long.
const WINDOW_PER_THREAD: usize = 32;

/// Analyses every input on a pool of `threads` threads (0 = rayon's default), loading each
/// with `load` inside the worker, and hands the outcomes to `sink` in input order.
///
/// Records are taken one at a time by whichever worker is free, and each outcome is handed to
/// `sink` (on the calling thread) as soon as every earlier one has been, so the sink's work
/// (writing files, say) overlaps the analysis and no thread waits at a batch boundary. Workers
/// run at most `32 × threads` records ahead of the sink, which keeps memory flat in the number
/// of records.
///
/// A load error, an analysis error or a panic while reading or analysing a record becomes that
/// record's `Err` outcome; the others proceed. A panic in `sink` stops the workers and is
/// propagated to the caller.
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
    let n = inputs.len();
    let window = WINDOW_PER_THREAD * pool.current_num_threads().max(1);
    let gate = Gate::default();
    let analyze_one = |index: usize, input: &T| {
        let name = input.to_string();
        let result = catch_unwind(AssertUnwindSafe(|| {
            let rec = load(input)?;
            pipeline
                .analyze(&rec)
                .map_err(|e| crate::error::Chain(&e).to_string())
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
            index,
            name,
            result,
        }
    };
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<Outcome>();
        // Stops the workers if this thread unwinds out of the sink, so the scope can join them.
        let _stop = StopOnDrop(&gate);
        let (gate, pool, analyze_one) = (&gate, &pool, &analyze_one);
        scope.spawn(move || {
            pool.broadcast(|_| {
                while let Some(i) = gate.take(n, window) {
                    if tx.send(analyze_one(i, &inputs[i])).is_err() {
                        return;
                    }
                }
            });
            drop(tx);
        });
        let mut pending: BTreeMap<usize, Outcome> = BTreeMap::new();
        let mut delivered = 0usize;
        while delivered < n {
            let Ok(o) = rx.recv() else { break };
            pending.insert(o.index, o);
            let before = delivered;
            while let Some(o) = pending.remove(&delivered) {
                sink(o);
                delivered += 1;
            }
            if delivered != before {
                gate.delivered(delivered);
            }
        }
    });
    Ok(())
}

/// Hands out record indices to the workers, at most `window` ahead of the sink.
#[derive(Default)]
struct Gate {
    state: Mutex<GateState>,
    moved: Condvar,
}

#[derive(Default)]
struct GateState {
    next: usize,
    delivered: usize,
    stop: bool,
}

impl Gate {
    fn lock(&self) -> MutexGuard<'_, GateState> {
        // A poisoned lock only means another worker panicked outside `catch_unwind`; the counters
        // are still consistent (each update is a single assignment).
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The next index to analyse, waiting while the workers are a whole window ahead; None when
    /// every index has been handed out or the batch is stopping.
    fn take(&self, n: usize, window: usize) -> Option<usize> {
        let mut g = self.lock();
        loop {
            if g.stop || g.next >= n {
                return None;
            }
            if g.next < g.delivered + window {
                g.next += 1;
                return Some(g.next - 1);
            }
            g = self.moved.wait(g).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn delivered(&self, delivered: usize) {
        self.lock().delivered = delivered;
        self.moved.notify_all();
    }
}

struct StopOnDrop<'a>(&'a Gate);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.lock().stop = true;
        self.0.moved.notify_all();
    }
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

/// A folder entry [`find_records`] did not take, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Skipped {
    /// The entry.
    pub path: std::path::PathBuf,
    /// Why it was skipped.
    pub reason: String,
}

/// How deep [`find_records`] descends below the folder it is given.
pub const MAX_DEPTH: usize = 64;

/// Every WFDB record below `dir` (each `*.hea`, as a path without the extension), sorted, and
/// the entries skipped on the way, each with its reason.
///
/// Built for real folders: an unreadable folder or entry is skipped, not fatal; a symbolic
/// link to a folder is followed only when it resolves inside `dir` and to a folder not yet
/// walked, so link loops (`sub/loop -> ..`) and links out of the tree are skipped; names need
/// not be UTF-8; at most [`MAX_DEPTH`] levels are walked. A `*.hea` that is not a regular file
/// (a FIFO, say) is listed like any record: the reader then refuses it, and the batch lists
/// that record with its error.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("a.hea"), "a 1 250 0\na.dat 16\n").unwrap();
/// std::fs::create_dir(dir.path().join("sub")).unwrap();
/// #[cfg(unix)]
/// std::os::unix::fs::symlink("..", dir.path().join("sub/loop")).unwrap();
/// let (records, skipped) = sinus::batch::find_records(dir.path());
/// assert_eq!(records, vec![dir.path().join("a")]);
/// # #[cfg(unix)]
/// assert!(skipped[0].reason.contains("already walked"));
/// ```
pub fn find_records(dir: &std::path::Path) -> (Vec<std::path::PathBuf>, Vec<Skipped>) {
    use std::path::PathBuf;
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    let skip = |skipped: &mut Vec<Skipped>, path: PathBuf, reason: String| {
        skipped.push(Skipped { path, reason });
    };
    let root = match std::fs::canonicalize(dir) {
        Ok(r) => r,
        Err(e) => {
            skip(&mut skipped, dir.to_path_buf(), e.to_string());
            return (records, skipped);
        }
    };
    let mut walked: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    walked.insert(root.clone());
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, depth)) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) => {
                skip(&mut skipped, d, format!("cannot list folder: {e}"));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    skip(&mut skipped, d.clone(), format!("cannot read entry: {e}"));
                    continue;
                }
            };
            let path = entry.path();
            let ft = match entry.file_type() {
                Ok(t) => t,
                Err(e) => {
                    skip(&mut skipped, path, format!("cannot stat: {e}"));
                    continue;
                }
            };
            // Follow a link only to see what it is; folders are checked below.
            let is_dir = if ft.is_symlink() {
                match std::fs::metadata(&path) {
                    Ok(m) => m.is_dir(),
                    Err(e) => {
                        skip(&mut skipped, path, format!("broken symbolic link: {e}"));
                        continue;
                    }
                }
            } else {
                ft.is_dir()
            };
            if is_dir {
                let real = match std::fs::canonicalize(&path) {
                    Ok(r) => r,
                    Err(e) => {
                        skip(&mut skipped, path, format!("cannot resolve folder: {e}"));
                        continue;
                    }
                };
                if !real.starts_with(&root) {
                    skip(
                        &mut skipped,
                        path,
                        format!("symbolic link out of the folder, to {}", real.display()),
                    );
                } else if !walked.insert(real.clone()) {
                    skip(
                        &mut skipped,
                        path,
                        format!("folder already walked ({}): a link loop", real.display()),
                    );
                } else if depth + 1 > MAX_DEPTH {
                    skip(
                        &mut skipped,
                        path,
                        format!("deeper than {MAX_DEPTH} folders"),
                    );
                } else {
                    stack.push((path, depth + 1));
                }
            } else if path.extension().is_some_and(|x| x == "hea") {
                records.push(path.with_extension(""));
            }
        }
    }
    records.sort();
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    (records, skipped)
}

/// A file-name-safe, unique name for each record: its path below `base` with separators turned
/// into `_`, bytes that are not UTF-8 (and `%`) written `%XX`, and `~2`, `~3`, ... appended
/// where two records would otherwise share a name.
///
/// ```
/// use std::path::{Path, PathBuf};
/// let base = Path::new("/db");
/// let names = sinus::batch::output_names(
///     &[PathBuf::from("/db/a/b"), PathBuf::from("/db/a_b"), PathBuf::from("/db/100%")],
///     base,
/// );
/// assert_eq!(names, ["a_b", "a_b~2", "100%25"]);
/// ```
pub fn output_names(records: &[std::path::PathBuf], base: &std::path::Path) -> Vec<String> {
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    records
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(base).unwrap_or(p);
            let mut name = String::new();
            for (i, part) in rel.components().enumerate() {
                if i > 0 {
                    name.push('_');
                }
                escape_into(part.as_os_str(), &mut name);
            }
            if name.is_empty() {
                name.push_str("record");
            }
            let mut candidate = name.clone();
            let mut k = 1;
            while !taken.insert(candidate.clone()) {
                k += 1;
                candidate = format!("{name}~{k}");
            }
            candidate
        })
        .collect()
}

/// Appends `s` with `/`, `\` and `:` as `_`, and `%` and bytes that are not UTF-8 as `%XX`.
fn escape_into(s: &std::ffi::OsStr, out: &mut String) {
    let bytes = s.as_encoded_bytes();
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '/' | '\\' | ':' => out.push('_'),
                '%' => out.push_str("%25"),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}
