//! `evaluate statements DBDIR [DBDIR ...] [--json]`: the report's statements against LUDB's
//! diagnoses (`ludb.csv`) or the Challenge's SNOMED CT codes (`#Dx`), mapped as in
//! `docs/statements.md`: per finding TP, FP, FN, Se, PPV, F1 (and how many false negatives the
//! report said it could not assess); the false-normal rate (reference abnormal reported "Normal
//! ECG"), the normal rate (reference normal reported "Normal ECG"), acute STEMI reported on
//! records without one, and every reference STEMI with its reported territory and triage. With
//! several databases, each and then all pooled.
//!
//! `--reference-boundaries` (LUDB only): the statements read from measurements taken between
//! LUDB's own per-lead P, QRS and T marks (`sinus::eval::reference`) instead of the pipeline's
//! — the rules scored apart from the delineator's errors.
//!
//! LUDB's "left axis deviation" follows LUDB's own convention (it includes axes above −30°); the
//! clinical criterion (< −30°) is kept, and the records where the two readings disagree are
//! listed with the axis the report measured.

use sinus::eval::reference::{ludb_measurements, reinterpret};
use sinus::eval::rhythm::dx_codes;
use sinus::eval::statements::{
    Finding, Reference, StatementScores, ludb_csv_labels, ludb_reference, snomed_reference,
};
use sinus::report::StatementCode;
use sinus::{Pipeline, Report};
use std::path::{Path, PathBuf};

/// A record where LUDB's axis label and the clinical reading differ.
#[derive(serde::Serialize)]
struct AxisNote {
    record: String,
    ludb: bool,
    reported: bool,
    axis_deg: Option<f64>,
}

#[derive(serde::Serialize)]
struct DbResult {
    database: String,
    scores: StatementScores,
    false_normal_rate: Option<f64>,
    normal_rate: Option<f64>,
    false_stemi_rate: Option<f64>,
    axis_disagreements: Vec<AxisNote>,
    failed: Vec<String>,
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

/// The QRS axis the report measured (its measurements, not a statement's evidence: a record
/// with a normal axis carries no axis statement).
fn axis_of(report: &Report) -> Option<f64> {
    report
        .measurements
        .as_ref()
        .and_then(|m| m.global.qrs_axis_deg)
}

fn score(
    db: &Path,
    pipeline: &Pipeline,
    reference_boundaries: bool,
) -> Result<DbResult, Box<dyn std::error::Error>> {
    let ludb = db.join("ludb.csv");
    let labels = if ludb.is_file() {
        Some(ludb_csv_labels(&std::fs::read_to_string(&ludb)?)?)
    } else {
        None
    };
    let mut scores = StatementScores::default();
    let mut failed = Vec::new();
    let mut axis = Vec::new();
    for name in records(db)? {
        let rec = match sinus::io::wfdb::read_record(db.join(&name)) {
            Ok(r) => r,
            Err(e) => {
                failed.push(format!("{name}: {e}"));
                continue;
            }
        };
        let reference: Reference = match &labels {
            Some(l) => {
                let id = name.rsplit('/').next().unwrap_or(&name);
                ludb_reference(l.get(id).map_or(&[][..], |v| &v[..]))
            }
            None => snomed_reference(&dx_codes(rec.comments())),
        };
        let mut report = match pipeline.analyze(&rec) {
            Ok(r) => r,
            Err(e) => {
                failed.push(format!("{name}: {e}"));
                continue;
            }
        };
        let mut measured_axis = None;
        if reference_boundaries && labels.is_some() {
            let m = ludb_measurements(&rec, &db.join(&name))?;
            measured_axis = m.global.qrs_axis_deg;
            let (st, triage) = reinterpret(&report, rec.leads(), &m, pipeline.config());
            report.statements = st;
            report.triage = triage;
        }
        scores.add(&name, &reference, &report);
        if labels.is_some() {
            let l = reference.findings.contains(&Finding::Lad);
            let r = report.has(StatementCode::LeftAxisDeviation);
            if l != r {
                axis.push(AxisNote {
                    record: name.clone(),
                    ludb: l,
                    reported: r,
                    axis_deg: measured_axis.or_else(|| axis_of(&report)),
                });
            }
        }
    }
    Ok(DbResult {
        database: db.display().to_string(),
        false_normal_rate: scores.false_normal_rate(),
        normal_rate: scores.normal_rate(),
        false_stemi_rate: scores.false_stemi_rate(),
        scores,
        axis_disagreements: axis,
        failed,
    })
}

fn print(r: &DbResult) {
    let s = &r.scores;
    let pct = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{:.1} %", 100.0 * v));
    println!("statement evaluation on {}", r.database);
    println!(
        "records scored {} ({} reference normal, {} abnormal); {} reports say part of the reading was not assessed",
        s.records, s.reference_normal, s.reference_abnormal, s.with_not_assessed
    );
    println!(
        "false-normal rate {} ({} of {} reference-abnormal records reported \"Normal ECG\")",
        pct(r.false_normal_rate),
        s.false_normal.len(),
        s.reference_abnormal
    );
    println!(
        "normal rate {} ({} of {} reference-normal records reported \"Normal ECG\")",
        pct(r.normal_rate),
        s.normal_reported_normal,
        s.reference_normal
    );
    println!(
        "acute STEMI reported without a reference STEMI: {} ({} of {})",
        pct(r.false_stemi_rate),
        s.false_stemi.len(),
        s.without_stemi
    );
    print!("{}", s.to_table());
    if !s.stemi.is_empty() {
        println!("reference STEMI:");
        for row in &s.stemi {
            println!(
                "  {:<12} walls {:<45} reported {:<5} territories {:<30} match {:<5} triage {:?}{}",
                row.record,
                row.reference_walls.join(", "),
                row.reported,
                format!("{:?}", row.territories),
                row.territory_matches,
                row.triage,
                if row.not_assessed {
                    " (ST elevation not assessed)"
                } else {
                    ""
                }
            );
        }
    }
    if !s.false_normal.is_empty() {
        println!("false normals: {}", s.false_normal.join(", "));
    }
    if !s.false_stemi.is_empty() {
        println!(
            "acute STEMI without reference: {}",
            s.false_stemi.join(", ")
        );
    }
    let measured = r.axis_disagreements.iter().any(|a| a.axis_deg.is_some());
    if !r.axis_disagreements.is_empty() {
        println!(
            "LUDB 'left axis deviation' vs the clinical criterion (< −30°): {} disagreements{}",
            r.axis_disagreements.len(),
            if measured {
                ""
            } else {
                " (no axis was measured: nothing to compare yet)"
            }
        );
    }
    if measured {
        for a in &r.axis_disagreements {
            println!(
                "  {:<10} LUDB {:<5} reported {:<5} axis {}",
                a.record,
                a.ludb,
                a.reported,
                a.axis_deg
                    .map_or("not measured".to_string(), |v| format!("{v:+.0}°"))
            );
        }
    }
    for f in &r.failed {
        println!("failed: {f}");
    }
    println!();
}

pub fn run(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let mut dbs: Vec<PathBuf> = Vec::new();
    let mut json = false;
    let mut reference_boundaries = false;
    for a in args {
        match a.as_str() {
            "--json" => json = true,
            "--reference-boundaries" => reference_boundaries = true,
            s if s.starts_with("--") => return Err(format!("unknown option {s}").into()),
            s => dbs.push(PathBuf::from(s)),
        }
    }
    if dbs.is_empty() {
        return Err(
            "usage: evaluate statements DBDIR [DBDIR ...] [--reference-boundaries] [--json]".into(),
        );
    }
    let pipeline = Pipeline::default();
    let mut results = Vec::new();
    for db in &dbs {
        results.push(score(db, &pipeline, reference_boundaries)?);
    }
    let mut pooled = StatementScores::default();
    for r in &results {
        pooled.merge(&r.scores);
    }
    let pooled = DbResult {
        database: "pooled".into(),
        false_normal_rate: pooled.false_normal_rate(),
        normal_rate: pooled.normal_rate(),
        false_stemi_rate: pooled.false_stemi_rate(),
        scores: pooled,
        axis_disagreements: Vec::new(),
        failed: Vec::new(),
    };
    if json {
        let out = serde_json::json!({
            "databases": results,
            "pooled": if dbs.len() > 1 { Some(&pooled) } else { None },
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        for r in &results {
            print(r);
        }
        if dbs.len() > 1 {
            print(&pooled);
        }
    }
    Ok(())
}
