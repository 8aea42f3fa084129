//! Detect QRS complexes in a WFDB record and write them as a WFDB annotation file.
//!
//! ```text
//! cargo run --release --example detect -- RECORD [--leads 0,1|all] [--ext sinus] [--out DIR]
//! ```
//! `RECORD` is the record path without extension (`../shared/physionet/mitdb/100`). The file
//! `RECORD.EXT` (or `DIR/NAME.EXT`) gets one `N` annotation per beat, its channel the first lead
//! the beat was seen in, after a `## time resolution` note, so `rdann`/`bxb` read it as usual:
//! `bxb -r 100 -a atr sinus -f 0`.

use sinus::annotation::{Annotation, Code};
use sinus::detect::{DetectorConfig, detect};
use sinus::io::annotations::write_annotations;
use sinus::io::wfdb::read_record;
use std::error::Error;
use std::path::PathBuf;

fn run() -> Result<(), Box<dyn Error>> {
    let mut record = None;
    let mut leads: Option<Vec<usize>> = None;
    let mut ext = "sinus".to_string();
    let mut out_dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--leads" => {
                let v = args.next().ok_or("--leads needs a value")?;
                if v != "all" {
                    let rows = v
                        .split(',')
                        .map(|s| s.trim().parse::<usize>())
                        .collect::<Result<Vec<_>, _>>()?;
                    leads = Some(rows);
                }
            }
            "--ext" => ext = args.next().ok_or("--ext needs a value")?,
            "--out" => out_dir = Some(args.next().ok_or("--out needs a value")?.into()),
            s if s.starts_with("--") => return Err(format!("unknown option {s}").into()),
            s => record = Some(PathBuf::from(s)),
        }
    }
    let record =
        record.ok_or("usage: detect RECORD [--leads 0,1|all] [--ext sinus] [--out DIR]")?;
    let rec = read_record(&record)?;
    let weights: Vec<f32> = (0..rec.n_leads())
        .map(|k| match &leads {
            None => 1.0,
            Some(r) => f32::from(u8::from(r.contains(&k))),
        })
        .collect();
    let det = detect(
        rec.signals(),
        rec.fs(),
        Some(&weights),
        &DetectorConfig::default(),
    )?;

    let mut note = Annotation::new(0, Code::NOTE);
    note.aux = Some(format!("## time resolution: {}", rec.fs().hz()));
    let mut anns = vec![note];
    anns.extend(det.beats.iter().map(|b| {
        let mut a = Annotation::new(b.sample as u64, Code::NORMAL);
        a.channel = b
            .leads
            .first()
            .map_or(0, |&k| u8::try_from(k).unwrap_or(u8::MAX));
        a
    }));
    let name = record
        .file_name()
        .ok_or("RECORD has no file name")?
        .to_string_lossy()
        .into_owned();
    let dir = out_dir.unwrap_or_else(|| record.parent().map(PathBuf::from).unwrap_or_default());
    let path = dir.join(format!("{name}.{ext}"));
    write_annotations(&path, &anns)?;
    eprintln!(
        "{}: {} beats, flags {:?}",
        path.display(),
        det.beats.len(),
        det.flags
    );
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("detect: {e}");
        std::process::exit(1);
    }
}
