//! The first read of one record: `cargo run --release --example analyze -- RECORD
//! [--format text|json] [--lang en|zh] [--age YEARS] [--sex M|F]
//! [--swap LA/RA] [--noise mains50=0.1] [--seed N] [--beats-out DIR [--ext sinus]]`.
//!
//! `--swap` reads the record as it would have been recorded with two electrodes interchanged
//! (`LA/RA`, `LA/LL`, `RA/LL`, `RA/RL`, `LA/RL`, `rotation-la` = RA cable on LA, LA on LL, LL
//! on RA, `rotation-ll` = RA cable on LL, LL on LA, LA on RA, `bilateral` = LA/LL and RA/RL, or
//! two chest leads such as `V1/V2`); `--noise` adds a calibrated disturbance (`mains50=MV`,
//! `mains60=MV`, `muscle=SNR_DB`, `wander=MV`, `motion=MV`, `leadoff`), reproducible from
//! `--seed` (see `sinus::synth::noise`). `--beats-out` writes the classified beats as a WFDB
//! annotation file (for `bxb`-style scoring).
//!
//! RECORD is a WFDB record path, with or without `.hea` (e.g. `../shared/physionet/ludb/data/1`),
//! or a `.csv` file (a time column and one column per lead, named by lead). WAV is not offered
//! here: a WAV file carries neither the gain nor the lead names.
//!
//! `--beats-out DIR` also writes every beat with its class as a WFDB annotation file
//! `DIR/NAME.EXT`: `N` (dominant rhythm), `S` (supraventricular premature), `V`
//! (ventricular), `/` (paced), `Q` (unclassified), after a `## time resolution` note, so WFDB's
//! own tools read it (`bxb -r NAME -a atr sinus -f 0 -L out.txt sv.txt`, run in DIR with the
//! record's header and reference annotations beside it).

use clap::{Parser, ValueEnum};
use sinus::report::Lang;
use sinus::synth::noise::{ChestSite, Disturbance, Interchange, disturb, interchange};

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Language {
    En,
    Zh,
}

/// Analyse one ECG record and print its report.
#[derive(Parser)]
struct Args {
    /// WFDB record path (with or without .hea), or a .csv file.
    record: std::path::PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Language of the text report.
    #[arg(long, value_enum, default_value = "en")]
    lang: Language,
    /// The patient's age in years (otherwise read from the header, if there).
    #[arg(long)]
    age: Option<f64>,
    /// The patient's sex, M or F (otherwise read from the header, if there).
    #[arg(long)]
    sex: Option<String>,
    /// Simulate an electrode interchange (LA/RA, LA/LL, RA/LL, RA/RL, LA/RL, rotation-la,
    /// rotation-ll, bilateral, V1/V2 ...).
    #[arg(long)]
    swap: Option<String>,
    /// Add a disturbance (mains50=MV, mains60=MV, muscle=SNR_DB, wander=MV, motion=MV, leadoff).
    #[arg(long)]
    noise: Option<String>,
    /// Seed of the disturbance.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write the classified beats as a WFDB annotation file into this folder.
    #[arg(long)]
    beats_out: Option<std::path::PathBuf>,
    /// The annotator name (file extension) of that file.
    #[arg(long, default_value = "sinus")]
    ext: String,
}

fn parse_swap(s: &str) -> Result<Interchange, String> {
    let limb = match s.to_ascii_uppercase().as_str() {
        "LA/RA" | "RA/LA" => Some(Interchange::LaRa),
        "LA/LL" | "LL/LA" => Some(Interchange::LaLl),
        "RA/LL" | "LL/RA" => Some(Interchange::RaLl),
        "RA/RL" | "RL/RA" => Some(Interchange::RaRl),
        "LA/RL" | "RL/LA" => Some(Interchange::LaRl),
        "ROTATION-LA" => Some(Interchange::RotationRaToLa),
        "ROTATION-LL" => Some(Interchange::RotationRaToLl),
        "BILATERAL" => Some(Interchange::BilateralArmLeg),
        _ => None,
    };
    if let Some(x) = limb {
        return Ok(x);
    }
    let (a, b) = s
        .split_once('/')
        .ok_or(format!("unknown interchange {s:?}"))?;
    let site =
        |x: &str| ChestSite::of(&sinus::Lead::parse(x)).ok_or(format!("{x} is not a chest lead"));
    Ok(Interchange::Chest(site(a)?, site(b)?))
}

fn parse_noise(s: &str) -> Result<Disturbance, String> {
    let (kind, v) = s.split_once('=').unwrap_or((s, "0"));
    let v: f64 = v.parse().map_err(|_| format!("bad value in {s:?}"))?;
    Ok(match kind {
        "mains50" => Disturbance::Mains {
            freq_hz: 50.0,
            amplitude_mv: v,
        },
        "mains60" => Disturbance::Mains {
            freq_hz: 60.0,
            amplitude_mv: v,
        },
        "muscle" => Disturbance::Muscle { snr_db: v },
        "wander" => Disturbance::Wander { amplitude_mv: v },
        "motion" => Disturbance::ElectrodeMotion { amplitude_mv: v },
        "leadoff" => Disturbance::LeadOff,
        _ => return Err(format!("unknown disturbance {kind:?}")),
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let ext = args
        .record
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let record = match ext.as_deref() {
        #[cfg(feature = "csv")]
        Some("csv") => sinus::io::csv::read_csv(&args.record, &Default::default())?,
        _ => sinus::io::wfdb::read_record(&args.record)?,
    };
    let mut record = record;
    if let Some(x) = &args.swap {
        record = interchange(&record, parse_swap(x)?)?;
    }
    if let Some(n) = &args.noise {
        record = disturb(&record, &parse_noise(n)?, args.seed)?;
    }
    let sex = match args.sex.as_deref() {
        Some(s) => Some(s.parse::<sinus::interpret::Sex>()?),
        None => None,
    };
    let patient = sinus::interpret::Patient::new(args.age, sex);
    let full = sinus::Pipeline::default().analyze_full(&record, &patient)?;
    if let Some(dir) = &args.beats_out {
        let path = dir.join(format!("{}.{}", record.name(), args.ext));
        sinus::io::annotations::write_annotations(&path, &beat_annotations(&full.beats, &record))?;
        eprintln!("{}: {} beats", path.display(), full.beats.len());
    }
    let report = full.report;
    match args.format {
        Format::Json => println!("{}", report.to_json_pretty()?),
        Format::Text => {
            let lang = match args.lang {
                Language::En => Lang::En,
                Language::Zh => Lang::Zh,
            };
            print!("{}", report.text(lang));
        }
    }
    Ok(())
}

/// The beats as annotations: a time-resolution note, then one annotation per beat, its code
/// the beat's class.
fn beat_annotations(
    beats: &[sinus::beats::BeatInfo],
    record: &sinus::Record,
) -> Vec<sinus::Annotation> {
    let mut note = sinus::Annotation::new(0, sinus::Code::NOTE);
    note.aux = Some(format!("## time resolution: {}", record.fs().hz()));
    let mut out = vec![note];
    out.extend(
        beats
            .iter()
            .map(|b| sinus::Annotation::new(b.sample as u64, b.class.code())),
    );
    out
}
