//! The streaming monitor: its filter stage against `StreamingFilter`, beats independent of the
//! chunking, latency, lead quality, bad chunks, and its beats against the reference annotations
//! of MIT-BIH and LUDB.
//!
//! One test binary for the area (each binary costs a link on every fresh build).

#[path = "../common/mod.rs"]
mod common;

mod chunking;
mod databases;
mod filter;
mod quality;

use ndarray::s;
use sinus::Record;
use sinus::monitor::{Monitor, MonitorBeat, MonitorConfig, Update};

/// Everything a stream of pushes produced, concatenated.
#[derive(Debug, Default, PartialEq)]
pub struct Streamed {
    pub beats: Vec<MonitorBeat>,
    pub filtered: Vec<Vec<f32>>,
    pub updates: Vec<Update>,
}

/// Pushes `rec` through a new monitor in chunks of the given sizes (cycled), then finishes.
pub fn stream(rec: &Record, cfg: &MonitorConfig, chunks: &[usize]) -> Streamed {
    let mut m = Monitor::new(rec.leads().to_vec(), rec.fs(), cfg.clone()).expect("monitor");
    let n = rec.n_samples();
    let mut out = Streamed {
        filtered: vec![Vec::with_capacity(n); rec.n_leads()],
        ..Default::default()
    };
    let (mut a, mut k) = (0, 0);
    while a < n {
        let b = a.saturating_add(chunks[k % chunks.len()].max(1)).min(n);
        k += 1;
        let up = m.push(rec.signals().slice(s![.., a..b])).expect("push");
        for (f, row) in out.filtered.iter_mut().zip(up.filtered.rows()) {
            f.extend(row.iter());
        }
        out.beats.extend(up.beats.iter().cloned());
        out.updates.push(up);
        a = b;
    }
    let last = m.finish().expect("finish");
    out.beats.extend(last.beats.iter().cloned());
    out.updates.push(last);
    out
}

/// The beat samples of a stream.
pub fn samples(s: &Streamed) -> Vec<u64> {
    s.beats.iter().map(|b| b.sample).collect()
}
