//! `evaluate rhythm DBDIR [--json] [--bradycardia-bpm X] [--tachycardia-bpm Y] [--window-s S]`:
//! scores the rhythm label against LUDB (`ludb/`: the `Rhythm:` header line, `ludb.csv` as
//! fallback), against the `#Dx` SNOMED codes of a CinC 2020 folder (only records carrying a
//! rhythm code), or, for a MIT-BIH style database (records with `.atr` rhythm annotations),
//! over windows of `S` seconds (default 10) lying wholly inside one `(N`, `(SBR`, `(AFIB` or
//! `(AFL` episode, each analysed as a record of its own; sinus labels are scored as one class
//! there, since `(N` does not tell them apart.
//! Prints the confusion matrix, per-class precision/recall/F1 and every disagreement (per record
//! for windows).

use sinus::eval::rhythm::{
    Confusion, dx_codes, episode_windows, ludb_csv, ludb_header_rhythm, mit_rhythm,
    rhythm_episodes, sinus_family, snomed_rhythm,
};
use sinus::rhythm::RhythmLabel;
use sinus::{Config, Pipeline};
use std::path::{Path, PathBuf};

/// One record where reference and report disagree.
#[derive(serde::Serialize)]
struct Disagreement {
    record: String,
    reference: &'static str,
    predicted: &'static str,
    rate_bpm: Option<f64>,
    rule: String,
}

fn records(db: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(db.join("RECORDS"))
        .map_err(|e| format!("{}: {e}", db.join("RECORDS").display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect())
}

pub fn run(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let mut db: Option<PathBuf> = None;
    let mut json = false;
    let mut window_s = 10.0f64;
    let mut builder = Config::builder();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--window-s" => {
                window_s = it.next().ok_or("--window-s needs a value")?.parse()?;
                if !(window_s.is_finite() && window_s >= 2.0) {
                    return Err("--window-s must be at least 2".into());
                }
            }
            "--bradycardia-bpm" | "--tachycardia-bpm" => {
                let v: f64 = it
                    .next()
                    .ok_or_else(|| format!("{a} needs a value"))?
                    .parse()?;
                builder = if a == "--bradycardia-bpm" {
                    builder.bradycardia_bpm(v)
                } else {
                    builder.tachycardia_bpm(v)
                };
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}").into()),
            s => db = Some(PathBuf::from(s)),
        }
    }
    let db = db.ok_or(
        "usage: evaluate rhythm DBDIR [--json] [--bradycardia-bpm X] [--tachycardia-bpm Y] [--window-s S]",
    )?;
    let pipeline = Pipeline::new(builder.build()?)?;
    let is_ludb = db.join("ludb.csv").is_file();
    let names = records(&db)?;
    if !is_ludb
        && names
            .first()
            .is_some_and(|n| db.join(format!("{n}.atr")).is_file())
    {
        return windows(&db, &names, &pipeline, window_s, json);
    }
    let csv_labels = if is_ludb {
        ludb_csv(&std::fs::read_to_string(db.join("ludb.csv"))?)?
    } else {
        Vec::new()
    };
    let mut confusion = Confusion::default();
    let mut disagreements = Vec::new();
    let mut unscored = 0usize;
    let mut failed = Vec::new();
    for name in names {
        let rec = match sinus::io::wfdb::read_record(db.join(&name)) {
            Ok(r) => r,
            Err(e) => {
                failed.push(format!("{name}: {e}"));
                continue;
            }
        };
        let reference = if is_ludb {
            ludb_header_rhythm(rec.comments()).or_else(|| {
                let id = name.rsplit('/').next().unwrap_or(&name);
                csv_labels
                    .iter()
                    .find(|(i, _)| i == id)
                    .and_then(|(_, l)| *l)
            })
        } else {
            snomed_rhythm(&dx_codes(rec.comments()))
        };
        let Some(reference) = reference else {
            unscored += 1;
            continue;
        };
        let report = match pipeline.analyze(&rec) {
            Ok(r) => r,
            Err(e) => {
                failed.push(format!("{name}: {e}"));
                continue;
            }
        };
        let predicted = report.rhythm.label;
        confusion.add(reference, predicted);
        if predicted != reference {
            disagreements.push(Disagreement {
                record: name.clone(),
                reference: reference.code(),
                predicted: predicted.code(),
                rate_bpm: report.rates.map(|r| (r.mean_bpm * 10.0).round() / 10.0),
                rule: report.rhythm.evidence.rule.clone(),
            });
        }
    }
    if json {
        let out = serde_json::json!({
            "database": db.display().to_string(),
            "records_scored": confusion.total(),
            "records_unscored": unscored,
            "failed": failed,
            "accuracy": confusion.accuracy(),
            "confusion": confusion.labels().iter().map(|r| {
                (r.code(), confusion.labels().iter().map(|p| (p.code(), confusion.get(*r, *p))).collect::<std::collections::BTreeMap<_, _>>())
            }).collect::<std::collections::BTreeMap<_, _>>(),
            "classes": confusion.scores(),
            "disagreements": disagreements,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!("rhythm evaluation on {}", db.display());
        println!(
            "{} records scored, {unscored} without a rhythm label this crate classifies, {} failed\n",
            confusion.total(),
            failed.len()
        );
        print!("{}", confusion.to_table());
        if !disagreements.is_empty() {
            println!("\ndisagreements (reference -> report):");
            for d in &disagreements {
                println!(
                    "  {:<10} {:>3} -> {:<3} {:>6} bpm  {}",
                    d.record,
                    d.reference,
                    d.predicted,
                    d.rate_bpm.map_or("-".into(), |r| format!("{r:.0}")),
                    d.rule
                );
            }
        }
        for f in &failed {
            println!("failed: {f}");
        }
    }
    Ok(())
}

/// Per record: windows scored, and the disagreeing ones as (reference, predicted) → count.
#[derive(serde::Serialize)]
struct RecordWindows {
    record: String,
    windows: usize,
    disagreements: std::collections::BTreeMap<String, usize>,
}

/// One MIT-BIH style record cut into windows inside its rhythm episodes.
pub struct ScoredWindows {
    /// (reference, reported) per scored window, sinus labels as one class.
    pub scored: Vec<(RhythmLabel, RhythmLabel)>,
    /// The reference rhythm of each window this crate does not label (`(B`, `(VT`, ...).
    pub unscored: Vec<String>,
    /// Windows the pipeline refused, with why.
    pub failed: Vec<String>,
}

/// Reads record `name` of `db` and its `.atr`, and analyses every window of `window_s` seconds
/// lying wholly inside one rhythm episode as a record of its own.
pub fn record_windows(
    db: &Path,
    name: &str,
    pipeline: &Pipeline,
    window_s: f64,
) -> Result<ScoredWindows, String> {
    let rec = sinus::io::wfdb::read_record(db.join(name))
        .map_err(|e| sinus::error::Chain(&e).to_string())?;
    let ann = sinus::io::annotations::read_annotations(db.join(format!("{name}.atr")))
        .map_err(|e| e.to_string())?;
    let len = rec.fs().samples(window_s) as u64;
    let episodes = rhythm_episodes(&ann, rec.n_samples() as u64);
    let mut out = ScoredWindows {
        scored: Vec::new(),
        unscored: Vec::new(),
        failed: Vec::new(),
    };
    for (start, e) in episode_windows(&episodes, len) {
        let Some(reference) = mit_rhythm(&episodes[e].rhythm) else {
            out.unscored.push(episodes[e].rhythm.clone());
            continue;
        };
        let window = rec.slice_samples(start as usize, (start + len) as usize);
        match pipeline.analyze(&window) {
            Ok(r) => out
                .scored
                .push((sinus_family(reference), sinus_family(r.rhythm.label))),
            Err(e) => out.failed.push(format!("{name} @ {start}: {e}")),
        }
    }
    Ok(out)
}

/// MIT-BIH style: every record cut into windows inside its rhythm episodes.
fn windows(
    db: &Path,
    names: &[String],
    pipeline: &Pipeline,
    window_s: f64,
    json: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut confusion = Confusion::default();
    let mut unscored: std::collections::BTreeMap<String, usize> = Default::default();
    let mut per_record = Vec::new();
    let mut failed = Vec::new();
    for name in names {
        let scored = match record_windows(db, name, pipeline, window_s) {
            Ok(v) => v,
            Err(e) => {
                failed.push(format!("{name}: {e}"));
                continue;
            }
        };
        for rhythm in scored.unscored {
            *unscored.entry(rhythm).or_default() += 1;
        }
        failed.extend(scored.failed);
        let mut row = RecordWindows {
            record: name.clone(),
            windows: scored.scored.len(),
            disagreements: Default::default(),
        };
        for (reference, predicted) in scored.scored {
            confusion.add(reference, predicted);
            if reference != predicted {
                *row.disagreements
                    .entry(format!("{}->{}", reference.code(), predicted.code()))
                    .or_default() += 1;
            }
        }
        per_record.push(row);
    }
    if json {
        let out = serde_json::json!({
            "database": db.display().to_string(),
            "window_s": window_s,
            "windows_scored": confusion.total(),
            "windows_unscored": unscored,
            "failed": failed,
            "accuracy": confusion.accuracy(),
            "classes": confusion.scores(),
            "records": per_record,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "rhythm evaluation on {}, {window_s} s windows inside rhythm episodes (sinus labels as one class)",
        db.display()
    );
    println!(
        "{} windows scored; not scored (rhythms this crate does not label): {}; {} failed\n",
        confusion.total(),
        unscored
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", "),
        failed.len()
    );
    print!("{}", confusion.to_table());
    println!("\ndisagreeing windows per record (reference -> report: count):");
    for r in per_record.iter().filter(|r| !r.disagreements.is_empty()) {
        let d: Vec<String> = r
            .disagreements
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        println!(
            "  {:<6} {:>4} windows  {}",
            r.record,
            r.windows,
            d.join(", ")
        );
    }
    for f in &failed {
        println!("failed: {f}");
    }
    Ok(())
}
