//! Long (Holter) records: make a 24-hour test record, and analyse a long record piece by piece
//! in bounded memory.
//!
//! ```sh
//! # a 24 h 12-lead 500 Hz record (format 16, ~1 GB): a synthetic stretch repeated
//! cargo run --release --example holter -- make-12lead /tmp/holter --hours 24
//! # a 24 h 2-lead 360 Hz MIT-style record (format 212): MIT-BIH 100's signal file repeated
//! cargo run --release --example holter -- make-mit /tmp/holter --hours 24 --from ../shared/physionet/mitdb/100
//! # the analysis, window by window (peak memory: /usr/bin/time -v)
//! cargo run --release --example holter -- analyze /tmp/holter/h12 [--chunk-s 120] [--json] [--max-beat-list N]
//! ```
//!
//! The made records are test data: never commit them.

use clap::{Parser, Subcommand};
use sinus::Pipeline;
use sinus::io::wfdb::{ReadOptions, WfdbReader};
use sinus::pipeline::LongOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write a 12-lead 500 Hz format 16 record `h12` into DIR: a synthetic sinus stretch
    /// (with PVCs) repeated to the length asked.
    #[command(name = "make-12lead")]
    Make12lead {
        dir: PathBuf,
        #[arg(long, default_value_t = 24.0)]
        hours: f64,
        /// Length of the synthetic stretch repeated (s).
        #[arg(long, default_value_t = 300.0)]
        stretch_s: f64,
    },
    /// Write a 2-lead 360 Hz format 212 record `h2` into DIR: a MIT-BIH record's signal file
    /// repeated to the length asked.
    MakeMit {
        dir: PathBuf,
        #[arg(long, default_value_t = 24.0)]
        hours: f64,
        /// The MIT-BIH record whose signal is repeated.
        #[arg(long)]
        from: PathBuf,
    },
    /// Analyse a (long) WFDB record piece by piece.
    Analyze {
        record: PathBuf,
        /// Piece length (s).
        #[arg(long, default_value_t = 120.0)]
        chunk_s: f64,
        /// Print the report as JSON instead of its summary.
        #[arg(long)]
        json: bool,
        /// The most beats listed in the report (LongOptions::max_beat_list; default 10000).
        #[arg(long)]
        max_beat_list: Option<usize>,
    },
}

fn make_12lead(dir: &Path, hours: f64, stretch_s: f64) -> Result<(), Box<dyn std::error::Error>> {
    use sinus::synth::{PvcParams, SynthConfig, generate};
    std::fs::create_dir_all(dir)?;
    let rec = generate(&SynthConfig {
        name: "h12".into(),
        duration_s: stretch_s,
        pvc: PvcParams {
            rate: 0.02,
            ..PvcParams::default()
        },
        ..SynthConfig::default()
    })?
    .record;
    // Format 16 at 1000 units/mV, frame-interleaved, as one stretch of bytes.
    let n = rec.n_samples();
    let sig = rec.signals();
    let mut block = Vec::with_capacity(n * rec.n_leads() * 2);
    for t in 0..n {
        for k in 0..rec.n_leads() {
            let v = (sig[[k, t]] * 1000.0).round().clamp(-32767.0, 32767.0) as i16;
            block.extend_from_slice(&v.to_le_bytes());
        }
    }
    let repeats = ((hours * 3600.0) / stretch_s).ceil().max(1.0) as usize;
    // Each signal's checksum: its 16-bit sum over the stretch, times the repeats.
    let mut sums = vec![0i64; rec.n_leads()];
    for (i, v) in block.chunks_exact(2).enumerate() {
        sums[i % rec.n_leads()] += i64::from(i16::from_le_bytes([v[0], v[1]]));
    }
    let mut hea = format!("h12 {} 500 {}\n", rec.n_leads(), n * repeats);
    for (k, (l, s)) in rec.leads().iter().zip(&sums).enumerate() {
        let checksum = (s * repeats as i64).rem_euclid(65536) as u16 as i16;
        let initial = block
            .get(2 * k..2 * k + 2)
            .map_or(0, |b| i16::from_le_bytes([b[0], b[1]]));
        hea.push_str(&format!(
            "h12.dat 16 1000/mV 16 0 {initial} {checksum} 0 {l}\n"
        ));
    }
    std::fs::write(dir.join("h12.hea"), hea)?;
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join("h12.dat"))?);
    for _ in 0..repeats {
        f.write_all(&block)?;
    }
    f.flush()?;
    eprintln!(
        "{}: 12 leads, 500 Hz, {:.2} h",
        dir.join("h12").display(),
        (n * repeats) as f64 / 500.0 / 3600.0
    );
    Ok(())
}

fn make_mit(dir: &Path, hours: f64, from: &Path) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    let header = sinus::io::wfdb::read_header(from)?;
    let dat = std::fs::read(from.with_extension("dat"))?;
    let frames = header.n_samples.unwrap_or(0);
    let fs = header.fs;
    if frames == 0 || header.n_signals != 2 || header.signals.iter().any(|s| s.format != 212) {
        return Err("expected a 2-signal format 212 record such as mitdb/100".into());
    }
    // Whole copies keep every 212 block whole (an even number of samples per copy).
    let bytes = usize::try_from(frames * 3)?;
    let block = dat
        .get(..bytes)
        .ok_or("signal file shorter than its header says")?;
    let repeats = ((hours * 3600.0 * fs) / frames as f64).ceil().max(1.0) as usize;
    let mut hea = format!("h2 2 {fs} {}\n", frames as usize * repeats);
    for s in &header.signals {
        // The original checksum covers exactly the frames copied: the copies sum to it times
        // the repeats.
        let checksum = (s.checksum.unwrap_or(0) * repeats as i64).rem_euclid(65536) as u16 as i16;
        hea.push_str(&format!(
            "h2.dat 212 {}({})/{} {} {} {} {checksum} 0 {}\n",
            s.gain,
            s.baseline,
            s.units,
            s.adc_resolution.unwrap_or(11),
            s.adc_zero,
            s.initial_value,
            s.description
        ));
    }
    std::fs::write(dir.join("h2.hea"), hea)?;
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join("h2.dat"))?);
    for _ in 0..repeats {
        f.write_all(block)?;
    }
    f.flush()?;
    eprintln!(
        "{}: 2 leads, {fs} Hz, {:.2} h",
        dir.join("h2").display(),
        (frames as usize * repeats) as f64 / fs / 3600.0
    );
    Ok(())
}

fn analyze(
    record: &Path,
    chunk_s: f64,
    json: bool,
    max_beat_list: Option<usize>,
) -> Result<(), Box<dyn std::error::Error>> {
    let t0 = std::time::Instant::now();
    let mut reader = WfdbReader::open(record, &ReadOptions::default())?;
    let hours = reader.duration_s() / 3600.0;
    let leads = reader.leads().len();
    let mut opts = LongOptions::default().chunk_s(chunk_s);
    if let Some(n) = max_beat_list {
        opts = opts.max_beat_list(n);
    }
    let report = Pipeline::default().analyze_long(&mut reader, &opts)?;
    let secs = t0.elapsed().as_secs_f64();
    if json {
        println!("{}", report.to_json_pretty()?);
    } else {
        println!("{}", report.summary(sinus::report::Lang::En));
        println!(
            "{} beats, {} episodes; {} beats listed{}",
            report.beats.total,
            report.rhythm_episodes.len(),
            report.beat_list.len(),
            if report.beat_list_truncated {
                " (list cut at LongOptions::max_beat_list)"
            } else {
                ""
            }
        );
    }
    eprintln!(
        "{}: {leads} leads, {hours:.2} h analysed in {secs:.1} s: {:.0}x real time",
        record.display(),
        hours * 3600.0 / secs
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    match Args::parse().cmd {
        Cmd::Make12lead {
            dir,
            hours,
            stretch_s,
        } => make_12lead(&dir, hours, stretch_s),
        Cmd::MakeMit { dir, hours, from } => make_mit(&dir, hours, &from),
        Cmd::Analyze {
            record,
            chunk_s,
            json,
            max_beat_list,
        } => analyze(&record, chunk_s, json, max_beat_list),
    }
}
