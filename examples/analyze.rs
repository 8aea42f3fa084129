//! The first read of one record: `cargo run --release --example analyze -- RECORD
//! [--format text|json] [--lang en|zh] [--age YEARS] [--sex M|F]`.
//!
//! RECORD is a WFDB record path, with or without `.hea` (e.g. `../shared/physionet/ludb/data/1`),
//! or a `.csv` file (a time column and one column per lead, named by lead). WAV is not offered
//! here: a WAV file carries neither the gain nor the lead names.

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
    /// The patient's age in years (otherwise read from the header, if there).
    #[arg(long)]
    age: Option<f64>,
    /// The patient's sex, M or F (otherwise read from the header, if there).
    #[arg(long)]
    sex: Option<String>,
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
    let sex = match args.sex.as_deref() {
        Some(s) => Some(
            sinus::interpret::Sex::parse(s).ok_or_else(|| format!("--sex {s}: expected M or F"))?,
        ),
        None => None,
    };
    let patient = sinus::interpret::Patient::new(args.age, sex);
    let report = sinus::Pipeline::default().analyze_with_patient(&record, &patient)?;
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
