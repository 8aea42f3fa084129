//! The report a synthetic ECG reads as when its measurements are exact: the generator's
//! pathology (ST elevation, Q waves, T inversion by territory on 12 or 18 leads, bundle branch
//! block, LVH voltage), measured by `synth::true_measurements` (what a perfect delineator would
//! report) and interpreted. Until delineation is in the pipeline, this is how to see the
//! measurement-based statements and their evidence in either language.
//!
//! ```text
//! cargo run --example interpret -- --st inferior:0.25 --age 62 --sex M [--lang zh] [--leads 18]
//! cargo run --example interpret -- --block lbbb --st inferior:0.3 --format json
//! ```

use clap::{Parser, ValueEnum};
use sinus::Lead;
use sinus::interpret::{InterpretConfig, InterpretInput, Patient, SeverityConfig, interpret};
use sinus::report::{BeatCounts, Lang, Rates, RecordFacts, Report, Territory};
use sinus::rhythm::{Rhythm, RhythmLabel};
use sinus::synth::{Block, Injury, Pathology, SynthConfig, true_measurements};

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum BlockArg {
    Rbbb,
    Irbbb,
    Lbbb,
}

/// Interpret the exact measurements of a synthetic ECG.
#[derive(Parser)]
struct Args {
    /// ST elevation (negative: depression) facing a territory, TERRITORY:MV (repeatable).
    /// Territories: anteroseptal, anterior, anterolateral, extensive_anterior, lateral,
    /// high_lateral, inferior, posterior, right_ventricular.
    #[arg(long = "st")]
    st: Vec<String>,
    /// Infarct Q waves facing a territory, TERRITORY:MV (repeatable).
    #[arg(long = "q")]
    q: Vec<String>,
    /// T-wave inversion facing a territory, TERRITORY:MV (repeatable).
    #[arg(long = "t")]
    t: Vec<String>,
    /// Bundle branch block.
    #[arg(long, value_enum)]
    block: Option<BlockArg>,
    /// Gain on the left-ventricular QRS forces (1.8 gives LVH voltage).
    #[arg(long, default_value_t = 1.0)]
    lv_gain: f64,
    /// 12 or 18 leads.
    #[arg(long, default_value_t = 12)]
    leads: usize,
    /// Heart rate (bpm).
    #[arg(long, default_value_t = 72.0)]
    rate: f64,
    /// Patient age (years).
    #[arg(long)]
    age: Option<f64>,
    /// Patient sex, M or F.
    #[arg(long)]
    sex: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Language of the text.
    #[arg(long, default_value = "en")]
    lang: Lang,
}

fn injuries(list: &[String]) -> Result<Vec<Injury>, Box<dyn std::error::Error>> {
    list.iter()
        .map(|s| {
            let (t, mv) = s
                .split_once(':')
                .ok_or_else(|| format!("{s}: expected TERRITORY:MV"))?;
            let territory: Territory =
                serde_json::from_value(serde_json::Value::String(t.trim().to_ascii_lowercase()))
                    .map_err(|_| format!("{t}: unknown territory"))?;
            Ok(Injury {
                territory,
                mv: mv.trim().parse()?,
            })
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let leads = match args.leads {
        12 => Lead::STANDARD_12.to_vec(),
        18 => Lead::STANDARD_18.to_vec(),
        n => return Err(format!("--leads {n}: expected 12 or 18").into()),
    };
    let pathology = Pathology {
        st: injuries(&args.st)?,
        q_waves: injuries(&args.q)?,
        t_inversion: injuries(&args.t)?,
        block: match args.block {
            Some(BlockArg::Rbbb) => Block::Rbbb,
            Some(BlockArg::Irbbb) => Block::IncompleteRbbb,
            Some(BlockArg::Lbbb) => Block::Lbbb,
            None => Block::None,
        },
        lv_voltage_gain: args.lv_gain,
        ..Pathology::default()
    };
    let cfg = SynthConfig {
        name: "synthetic".into(),
        leads: leads.clone(),
        heart_rate_bpm: args.rate,
        pathology,
        ..SynthConfig::default()
    };
    let m = true_measurements(&cfg)?;
    let sex = match args.sex.as_deref() {
        Some(s) => Some(s.parse::<sinus::interpret::Sex>()?),
        None => None,
    };
    let patient = Patient::new(args.age, sex);
    let mut rhythm = Rhythm::undetermined("synthetic sinus rhythm");
    rhythm.label = if args.rate < 60.0 {
        RhythmLabel::SinusBradycardia
    } else if args.rate > 100.0 {
        RhythmLabel::SinusTachycardia
    } else {
        RhythmLabel::SinusRhythm
    };
    let n_beats = (args.rate / 6.0).round() as usize;
    let counts = BeatCounts {
        total: n_beats,
        dominant: n_beats,
        ..BeatCounts::default()
    };
    let rates = Rates {
        mean_bpm: args.rate,
        min_bpm: args.rate,
        max_bpm: args.rate,
    };
    let statements = interpret(
        &InterpretInput {
            rhythm: &rhythm,
            counts: &counts,
            rates: Some(rates),
            pauses: &[],
            leads: &leads,
            excluded_leads: &[],
            episodes: &[],
            min_af_episode_s: 30.0,
            measurements: Some(&m),
            patient: &patient,
        },
        &SeverityConfig::default(),
        &InterpretConfig::default(),
    );
    let facts = RecordFacts::new(
        cfg.name.clone(),
        leads.iter().map(|l| l.to_string()).collect(),
        cfg.fs.hz(),
        (cfg.duration_s * cfg.fs.hz()) as usize,
    );
    let mut report = Report::new(facts, rhythm, statements);
    report.config_hash = sinus::Config::default().fingerprint();
    report.beats = counts;
    report.rates = Some(rates);
    report.patient = patient;
    report.dominant_qrs_ms = m.global.qrs_ms;
    report.measurements = Some(m.clone());
    match args.format {
        Format::Json => println!("{}", report.to_json_pretty()?),
        Format::Text => print!("{}", report.text(args.lang)),
    }
    Ok(())
}
