//! Print one record on ECG paper: `cargo run --release --example print -- RECORD --out ecg.svg
//! [--layout 3x4|6x2|12x1|18] [--lang en|zh] [--speed 25] [--gain 10] [--html]`.
//!
//! RECORD is a WFDB record path (with or without `.hea`). The record is read, analysed, filtered
//! for display (`--filter diagnostic`, 0.05–150 Hz with the mains notch, by default; the report is
//! read from the raw signal as always) and printed:
//! - without `--html`: the lead page to `--out`, further pages (rhythm pages of a record longer
//!   than 10 s) beside it as `NAME-2.svg`, `NAME-3.svg`, ...;
//! - with `--html`: one self-contained HTML page (every page inline, the report, the tables);
//! - with `--png` (build with `--features png`): a PNG of every page as well, at 12 px/mm.

use clap::{Parser, ValueEnum};
use sinus::Lead;
use sinus::filter::{Conditioning, Mains, Preset, condition};
use sinus::render::{
    BeatMark, Gain, Layout, Paper, RenderOptions, RepresentativeBeats, Sheet, Speed,
};
use sinus::report::Lang;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, ValueEnum)]
enum Display {
    /// 0.05–150 Hz and the mains notch (the diagnostic bandwidth).
    Diagnostic,
    /// 0.67–40 Hz and the mains notch (monitoring).
    Monitoring,
    /// The raw signal.
    None,
}

/// Print an ECG record as SVG (or HTML) on standard grid paper.
#[derive(Parser)]
struct Args {
    /// WFDB record path (with or without .hea).
    record: PathBuf,
    /// Output file (.svg, or .html with --html).
    #[arg(long)]
    out: PathBuf,
    /// Lead layout: 3x4, 6x2, 12x1 or 18.
    #[arg(long, default_value = "3x4")]
    layout: Layout,
    /// Language: en or zh.
    #[arg(long, default_value = "en")]
    lang: Lang,
    /// Paper speed in mm/s: 12.5, 25 or 50.
    #[arg(long, default_value = "25")]
    speed: Speed,
    /// Gain in mm/mV: 5, 10 or 20.
    #[arg(long, default_value = "10")]
    gain: Gain,
    /// Paper: a4 or letter.
    #[arg(long, default_value = "a4")]
    paper: Paper,
    /// Limb leads in Cabrera order.
    #[arg(long)]
    cabrera: bool,
    /// Rhythm strip lead.
    #[arg(long, default_value = "II")]
    rhythm_lead: String,
    /// Display filter.
    #[arg(long, value_enum, default_value = "diagnostic")]
    filter: Display,
    /// Where the lead page starts (s).
    #[arg(long, default_value_t = 0.0)]
    start: f64,
    /// Mark each beat's class under the rhythm strip.
    #[arg(long)]
    beats: bool,
    /// Write one self-contained HTML page instead of SVG files.
    #[arg(long)]
    html: bool,
    /// Also write PNG files (needs --features png).
    #[arg(long)]
    png: bool,
}

/// Beat marks from the detector and the beat classifier (the pipeline keeps its own internal).
fn beat_marks(record: &sinus::Record, report: &sinus::Report) -> Vec<BeatMark> {
    let usable: Vec<bool> = report.quality.iter().map(|q| q.grade.is_usable()).collect();
    let weights: Vec<f32> = usable.iter().map(|&u| f32::from(u8::from(u))).collect();
    let Ok(det) = sinus::detect::detect(
        record.signals(),
        record.fs(),
        Some(&weights),
        &Default::default(),
    ) else {
        return Vec::new();
    };
    let samples: Vec<usize> = det.beats.iter().map(|b| b.sample).collect();
    let p_leads: Vec<usize> = [Lead::II, Lead::V1, Lead::MLII, Lead::I]
        .iter()
        .filter_map(|l| record.lead_index(l))
        .filter(|&k| usable.get(k).copied().unwrap_or(false))
        .collect();
    let a = sinus::beats::analyze_beats(
        record.signals(),
        record.fs().hz(),
        &samples,
        &usable,
        &p_leads,
        &Default::default(),
    );
    a.beats
        .iter()
        .map(|b| BeatMark {
            sample: b.sample,
            class: b.class,
        })
        .collect()
}

fn sibling(out: &Path, n: usize, ext: &str) -> PathBuf {
    let stem = out
        .file_stem()
        .map_or_else(|| "page".to_string(), |s| s.to_string_lossy().into_owned());
    let name = if n == 1 {
        format!("{stem}.{ext}")
    } else {
        format!("{stem}-{n}.{ext}")
    };
    out.with_file_name(name)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let record = sinus::io::wfdb::read_record(&args.record)?;
    let analysis = sinus::Pipeline::default().analyze_full(&record, &Default::default())?;
    let report = analysis.report;
    let representative = analysis
        .delineation
        .representative
        .as_ref()
        .and_then(|r| RepresentativeBeats::from_delineation(r, record.leads()));
    let marks = if args.beats {
        beat_marks(&record, &report)
    } else {
        Vec::new()
    };
    let (shown, filter_note) = match args.filter {
        Display::None => (record.clone(), None),
        d => {
            let preset = match d {
                Display::Monitoring => Preset::Monitoring,
                _ => Preset::Diagnostic,
            };
            match condition(&record, &Conditioning::new(preset, Mains::Auto)) {
                Ok(c) => {
                    let band = match preset {
                        Preset::Diagnostic => {
                            format!("0.05–{:.0} Hz", (0.45 * record.fs().hz()).min(150.0))
                        }
                        Preset::Monitoring => "0.67–40 Hz".to_string(),
                        // Preset is non_exhaustive: a preset added later is named as it is.
                        other => format!("{other:?}"),
                    };
                    let note = match c.mains_hz {
                        Some(m) => format!("{band}, {m:.0} Hz notch"),
                        None => band,
                    };
                    (c.record, Some(note))
                }
                // Missing samples (NaN) stop the filters: print the raw signal and say so.
                Err(e) => {
                    eprintln!("display filter not applied ({e}): printing the raw signal");
                    (record.clone(), None)
                }
            }
        }
    };
    let opts = RenderOptions::default()
        .layout(args.layout)
        .lang(args.lang)
        .speed(args.speed)
        .gain(args.gain)
        .paper(args.paper)
        .cabrera(args.cabrera)
        .rhythm_lead(Lead::parse(&args.rhythm_lead))
        .start_s(args.start)
        .filter(filter_note);
    let mut sheet = Sheet::new(&shown, &report, opts)?;
    if args.beats {
        sheet = sheet.with_beats(&marks);
    }
    if let Some(r) = &representative {
        sheet = sheet.with_representative(r)?;
    }
    let pages = sheet.pages();
    if args.html {
        std::fs::write(&args.out, sheet.html())?;
        eprintln!(
            "wrote {} ({} pages inline)",
            args.out.display(),
            pages.len()
        );
    } else {
        for (k, p) in pages.iter().enumerate() {
            let path = if k == 0 {
                args.out.clone()
            } else {
                sibling(&args.out, k + 1, "svg")
            };
            std::fs::write(&path, &p.svg)?;
        }
        eprintln!(
            "wrote {} ({} page{})",
            args.out.display(),
            pages.len(),
            if pages.len() == 1 { "" } else { "s" }
        );
    }
    if args.png {
        write_png(&args.out, &pages)?;
    }
    Ok(())
}

#[cfg(feature = "png")]
fn write_png(out: &Path, pages: &[sinus::render::Page]) -> Result<(), Box<dyn std::error::Error>> {
    for (k, p) in pages.iter().enumerate() {
        let path = sibling(out, k + 1, "png");
        std::fs::write(&path, sinus::render::to_png(&p.svg, 12.0)?)?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

#[cfg(not(feature = "png"))]
fn write_png(_: &Path, _: &[sinus::render::Page]) -> Result<(), Box<dyn std::error::Error>> {
    Err("--png needs the png feature: cargo run --release --features png --example print".into())
}
