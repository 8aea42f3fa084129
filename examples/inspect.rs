//! Shows what a record holds: header facts, per-lead statistics and the checksum verdict.
//!
//! ```text
//! cargo run --release --example inspect -- PATH [--json]
//! ```
//!
//! PATH is a WFDB record (with or without `.hea`), a `.csv` file (a header row of lead names,
//! an optional time column; `--fs HZ` when it has no time column) or a `.wav` file (which carries
//! neither gain nor lead names: `--gain-uv` µV per unit, default 1, and `--leads I,II,...`).
//! `--json` prints one JSON object instead of text.

use clap::Parser;
use serde::Serialize;
use sinus::io::csv::CsvOptions;
use sinus::io::wav::WavOptions;
use sinus::io::wfdb::{self, ChecksumVerdict, ReadOptions};
use sinus::{Lead, Record, SampleRate};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(about = "Show a record's header facts, per-lead min/max/mean and checksum verdict")]
struct Args {
    /// A WFDB record (with or without .hea), a .csv or a .wav file.
    path: PathBuf,
    /// Sample rate in Hz for a CSV without a time column (wins over the time column).
    #[arg(long)]
    fs: Option<f64>,
    /// WAV only: microvolts per sample unit (per integer step, or per 1.0 in a float file).
    #[arg(long, default_value_t = 1.0)]
    gain_uv: f64,
    /// WAV only: lead names in channel order, comma-separated (default ch1, ch2, ...).
    #[arg(long, value_delimiter = ',')]
    leads: Vec<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// Per-lead facts.
#[derive(Serialize)]
struct LeadInfo {
    name: String,
    units: String,
    /// ADC gain (digital units per physical unit), when the source has one.
    gain: Option<f64>,
    min_mv: Option<f32>,
    max_mv: Option<f32>,
    mean_mv: Option<f64>,
    nan_samples: usize,
    /// WFDB checksum verdict, when the source carries checksums.
    checksum: Option<ChecksumVerdict>,
}

/// Everything printed, whatever the source format.
#[derive(Serialize)]
struct Inspection {
    path: String,
    source_format: &'static str,
    name: String,
    sample_rate_hz: f64,
    samples: usize,
    duration_s: f64,
    start_date: Option<String>,
    start_time: Option<String>,
    comments: Vec<String>,
    leads: Vec<LeadInfo>,
    /// "all match", "N mismatch", "absent", or null when the source has no checksums.
    checksum_verdict: Option<String>,
}

fn lead_stats(rec: &Record, k: usize) -> (Option<f32>, Option<f32>, Option<f64>, usize) {
    let row = rec.signals().row(k).to_owned();
    let (mut min, mut max, mut sum, mut n, mut nan) =
        (f32::INFINITY, f32::NEG_INFINITY, 0f64, 0usize, 0);
    for &v in &row {
        if v.is_nan() {
            nan += 1;
        } else {
            min = min.min(v);
            max = max.max(v);
            sum += f64::from(v);
            n += 1;
        }
    }
    if n == 0 {
        (None, None, None, nan)
    } else {
        (Some(min), Some(max), Some(sum / n as f64), nan)
    }
}

fn base(path: &Path, source_format: &'static str, rec: &Record) -> Inspection {
    let start = rec.start();
    Inspection {
        path: path.display().to_string(),
        source_format,
        name: rec.name().to_string(),
        sample_rate_hz: rec.fs().hz(),
        samples: rec.n_samples(),
        duration_s: rec.duration_s(),
        start_date: start
            .and_then(|s| s.date)
            .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        start_time: start
            .and_then(|s| s.time)
            .map(|(h, m, s)| format!("{h:02}:{m:02}:{s:06.3}")),
        comments: rec.comments().to_vec(),
        leads: Vec::new(),
        checksum_verdict: None,
    }
}

fn inspect_wfdb(path: &Path) -> Result<Inspection, String> {
    // Report checksum mismatches rather than stop at them.
    let opts = ReadOptions::default().verify_checksums(false);
    let out = wfdb::read_detailed(path, &opts).map_err(|e| sinus::error::Chain(&e).to_string())?;
    let rec = &out.record;
    let mut info = base(path, "WFDB", rec);
    for (k, (lead, spec)) in rec.leads().iter().zip(&out.header.signals).enumerate() {
        let (min_mv, max_mv, mean_mv, nan_samples) = lead_stats(rec, k);
        info.leads.push(LeadInfo {
            name: lead.to_string(),
            units: spec.units.clone(),
            gain: Some(spec.gain),
            min_mv,
            max_mv,
            mean_mv,
            nan_samples,
            checksum: out.checksums.get(k).copied(),
        });
    }
    let mismatches = out
        .checksums
        .iter()
        .filter(|c| matches!(c, ChecksumVerdict::Mismatch { .. }))
        .count();
    let absent = out.checksums.iter().all(|c| *c == ChecksumVerdict::Absent);
    info.checksum_verdict = Some(if mismatches > 0 {
        format!("{mismatches} mismatch")
    } else if absent {
        "absent".to_string()
    } else {
        "all match".to_string()
    });
    Ok(info)
}

/// Picks the reader by extension. New formats add a branch here.
fn load(args: &Args) -> Result<Inspection, String> {
    let path = args.path.as_path();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => {
            let fs = args
                .fs
                .map(SampleRate::new)
                .transpose()
                .map_err(|e| e.to_string())?;
            let opts = CsvOptions::default().fs(fs);
            let rec = sinus::io::csv::read_csv(path, &opts).map_err(|e| e.to_string())?;
            Ok(plain(path, "CSV", &rec, "mV", None))
        }
        Some("wav") => {
            let opts = WavOptions::new(args.gain_uv)
                .leads(args.leads.iter().map(|l| Lead::parse(l)).collect());
            let rec = sinus::io::wav::read_wav(path, &opts).map_err(|e| e.to_string())?;
            Ok(plain(path, "WAV", &rec, "mV", Some(1000.0 / args.gain_uv)))
        }
        _ => inspect_wfdb(path),
    }
}

/// Facts for a source without checksums (CSV, WAV).
fn plain(
    path: &Path,
    source_format: &'static str,
    rec: &Record,
    units: &str,
    gain: Option<f64>,
) -> Inspection {
    let mut info = base(path, source_format, rec);
    for (k, lead) in rec.leads().iter().enumerate() {
        let (min_mv, max_mv, mean_mv, nan_samples) = lead_stats(rec, k);
        info.leads.push(LeadInfo {
            name: lead.to_string(),
            units: units.to_string(),
            gain,
            min_mv,
            max_mv,
            mean_mv,
            nan_samples,
            checksum: None,
        });
    }
    info
}

fn text(i: &Inspection) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} ({}, {})", i.name, i.source_format, i.path);
    let _ = writeln!(
        s,
        "  {} Hz, {} samples per lead, {} leads, {:.3} s",
        i.sample_rate_hz,
        i.samples,
        i.leads.len(),
        i.duration_s
    );
    if i.start_date.is_some() || i.start_time.is_some() {
        let _ = writeln!(
            s,
            "  start: {} {}",
            i.start_date.as_deref().unwrap_or("(no date)"),
            i.start_time.as_deref().unwrap_or("(no time)")
        );
    }
    if let Some(v) = &i.checksum_verdict {
        let _ = writeln!(s, "  checksums: {v}");
    }
    for c in &i.comments {
        let _ = writeln!(s, "  # {c}");
    }
    let _ = writeln!(
        s,
        "  {:<8} {:>6} {:>10} {:>10} {:>10} {:>10} {:>6}  checksum",
        "lead", "units", "gain", "min", "max", "mean", "NaN"
    );
    let opt = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.4}"));
    for l in &i.leads {
        let ck = match l.checksum {
            Some(ChecksumVerdict::Match) => "match".to_string(),
            Some(ChecksumVerdict::Mismatch { expected, found }) => {
                format!("MISMATCH (header {expected}, data {found})")
            }
            Some(ChecksumVerdict::Absent) => "absent".to_string(),
            None => "-".to_string(),
        };
        let _ = writeln!(
            s,
            "  {:<8} {:>6} {:>10} {:>10} {:>10} {:>10} {:>6}  {ck}",
            l.name,
            l.units,
            l.gain.map_or("-".to_string(), |g| g.to_string()),
            opt(l.min_mv.map(f64::from)),
            opt(l.max_mv.map(f64::from)),
            opt(l.mean_mv),
            l.nan_samples
        );
    }
    s
}

/// Writes to stdout, ignoring a closed pipe (`inspect ... | head`).
fn emit(s: &str) {
    let _ = std::io::stdout().write_all(s.as_bytes());
}

fn main() -> ExitCode {
    let args = Args::parse();
    match load(&args) {
        Ok(info) => {
            if args.json {
                match serde_json::to_string(&info) {
                    Ok(s) => emit(&(s + "\n")),
                    Err(e) => {
                        eprintln!("error: {e}");
                        return ExitCode::FAILURE;
                    }
                }
            } else {
                emit(&text(&info));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
