//! The first read of one record: `cargo run --release --example analyze -- RECORD
//! [--format text|json] [--lang en|zh] [--beats-out DIR [--ext sinus]]`.
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
    /// Write the classified beats as a WFDB annotation file into this folder.
    #[arg(long)]
    beats_out: Option<std::path::PathBuf>,
    /// The annotator name (file extension) of that file.
    #[arg(long, default_value = "sinus")]
    ext: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let ext = args
        .record
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let record = match ext.as_deref() {
        Some("csv") => sinus::io::csv::read_csv(&args.record, &Default::default())?,
        _ => sinus::io::wfdb::read_record(&args.record)?,
    };
    let full = sinus::Pipeline::default().analyze_full(&record)?;
    if let Some(dir) = &args.beats_out {
        let path = dir.join(format!("{}.{}", record.name(), args.ext));
        sinus::io::annotations::write_annotations(&path, &beat_annotations(&full.beats, &record))?;
        eprintln!("{}: {} beats", path.display(), full.beats.len());
    }
    let report = full.report;
    match args.format {
        Format::Json => println!("{}", report.to_json_pretty()),
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
