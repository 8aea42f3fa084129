//! `evaluate rhythm DBDIR [--json] [--bradycardia-bpm X] [--tachycardia-bpm Y]`: scores the
//! rhythm label against LUDB (`ludb/`: the `Rhythm:` header line, `ludb.csv` as fallback) or
//! against the `#Dx` SNOMED codes of a CinC 2020 folder (only records carrying a rhythm code).
//! Prints the confusion matrix, per-class precision/recall/F1 and every disagreement.

use sinus::eval::rhythm::{Confusion, dx_codes, ludb_csv, ludb_header_rhythm, snomed_rhythm};
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
    let mut builder = Config::builder();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
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
        "usage: evaluate rhythm DBDIR [--json] [--bradycardia-bpm X] [--tachycardia-bpm Y]",
    )?;
    let pipeline = Pipeline::new(builder.build()?)?;
    let is_ludb = db.join("ludb.csv").is_file();
    let csv_labels = if is_ludb {
        ludb_csv(&std::fs::read_to_string(db.join("ludb.csv"))?)?
    } else {
        Vec::new()
    };
    let mut confusion = Confusion::default();
    let mut disagreements = Vec::new();
    let mut unscored = 0usize;
    let mut failed = Vec::new();
    for name in records(&db)? {
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
