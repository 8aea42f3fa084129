//! Conditions a WFDB record and writes it as CSV.
//!
//! ```text
//! cargo run --release --example condition -- RECORD --preset monitoring|diagnostic \
//!     [--mains 50|60|auto|none] --out OUT.csv
//! ```
//! RECORD is a WFDB record path (with or without `.hea`). The CSV has a header row of lead
//! names and one row per sample, values in mV. The mains frequency notched is printed.

use clap::{Parser, ValueEnum};
use sinus::filter::{Conditioning, Mains, Preset, condition};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Clone, Copy, ValueEnum)]
enum PresetArg {
    Monitoring,
    Diagnostic,
}

#[derive(Clone, Copy, ValueEnum)]
enum MainsArg {
    #[value(name = "50")]
    Hz50,
    #[value(name = "60")]
    Hz60,
    Auto,
    None,
}

/// Condition an ECG record (band preset + mains notch, zero-phase) and write it as CSV.
#[derive(Parser)]
struct Args {
    /// WFDB record (path to the .hea, or without extension).
    record: PathBuf,
    /// Band preset.
    #[arg(long, value_enum)]
    preset: PresetArg,
    /// Mains notch frequency, or detect it.
    #[arg(long, value_enum, default_value = "auto")]
    mains: MainsArg,
    /// Output CSV file.
    #[arg(long)]
    out: PathBuf,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let record = sinus::io::wfdb::read_record(&args.record)?;
    let c = Conditioning::new(
        match args.preset {
            PresetArg::Monitoring => Preset::Monitoring,
            PresetArg::Diagnostic => Preset::Diagnostic,
        },
        match args.mains {
            MainsArg::Hz50 => Mains::Hz50,
            MainsArg::Hz60 => Mains::Hz60,
            MainsArg::Auto => Mains::Auto,
            MainsArg::None => Mains::None,
        },
    );
    let t = Instant::now();
    let out = condition(&record, &c)?;
    let elapsed = t.elapsed();
    let mut w = csv::Writer::from_path(&args.out)?;
    w.write_record(out.record.leads().iter().map(|l| l.to_string()))?;
    let sig = out.record.signals();
    let mut row: Vec<String> = Vec::with_capacity(sig.nrows());
    for col in sig.columns() {
        row.clear();
        row.extend(col.iter().map(|v| v.to_string()));
        w.write_record(&row)?;
    }
    w.flush()?;
    match out.mains_hz {
        Some(f) => println!("mains: {f} Hz (notched with harmonics below Nyquist)"),
        None => println!("mains: none (no notch)"),
    }
    eprintln!(
        "{}: {} leads x {} samples at {}, conditioned in {:.2} ms, written to {}",
        record.name(),
        record.n_leads(),
        record.n_samples(),
        record.fs(),
        elapsed.as_secs_f64() * 1e3,
        args.out.display()
    );
    Ok(())
}
