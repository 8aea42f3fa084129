//! `evaluate classes DBDIR [--json] [--standard] [--lines]`: the beat classes sinus reports
//! against the reference beat labels (`.atr`), in the EC57 classes, compared beat by beat as
//! WFDB's `bxb` does (150 ms; from t = 0 as `bxb -f 0`, or after the 5-minute learning period
//! with `--standard`). Each record is analysed by the pipeline as a whole (detection on the
//! usable leads, pacing, beat classes settled by the rhythm window by window).
//!
//! Two class mappings are scored: `bxb`'s (escape beats `j`, `e`, `n` as S, as `bxb -L`
//! counts them) and the AAMI recommended practice's (`e`, `j` as N, as most of the
//! literature). Records with paced beats (MIT-BIH 102, 104, 107, 217) are excluded by EC57; the
//! figures are given for the 44 others and for all 48. `--lines` prints each record as a
//! `bxb -L` report line (bxb mapping) for comparison with `bxb` itself.

use sinus::Pipeline;
use sinus::annotation::AamiClass;
use sinus::eval::beats::EvalOptions;
use sinus::eval::classes::{ClassConfusion, ClassMapping, compare_classes, reported_class};
use sinus::io::annotations::read_annotations;
use sinus::io::wfdb::read_record;
use std::error::Error;
use std::path::{Path, PathBuf};

/// The records EC57 leaves out: they hold paced beats.
pub const PACED: [&str; 4] = ["102", "104", "107", "217"];

/// One record scored under both mappings.
pub struct RecordClasses {
    /// `bxb`'s mapping.
    pub bxb: ClassConfusion,
    /// The AAMI recommended practice's mapping.
    pub aami: ClassConfusion,
}

/// Scores one record (from t = 0, or after the learning period when `standard`).
pub fn score_record(
    db: &Path,
    name: &str,
    pipeline: &Pipeline,
    standard: bool,
) -> Result<RecordClasses, Box<dyn Error>> {
    let base = db.join(name);
    let rec = read_record(&base)?;
    let full = pipeline.analyze_full(&rec, &sinus::interpret::Patient::default())?;
    let reference = read_annotations(base.with_extension("atr"))?;
    let test: Vec<(u64, AamiClass)> = full
        .beats
        .iter()
        .map(|b| (b.sample as u64, reported_class(b.class)))
        .collect();
    let opts = if standard {
        EvalOptions::ec57()
    } else {
        EvalOptions::from_zero()
    }
    .end(rec.n_samples() as u64);
    Ok(RecordClasses {
        bxb: compare_classes(&reference, &test, rec.fs(), &opts, ClassMapping::Bxb),
        aami: compare_classes(&reference, &test, rec.fs(), &opts, ClassMapping::AamiRp),
    })
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".to_string(), |x| format!("{:.1}", 100.0 * x))
}

/// VEB and SVEB figures of a matrix: (VEB Se, VEB +P, SVEB Se, SVEB +P).
pub fn figures(c: &ClassConfusion) -> [Option<f64>; 4] {
    [
        c.sensitivity(AamiClass::V),
        c.positive_predictivity(AamiClass::V),
        c.sensitivity(AamiClass::S),
        c.positive_predictivity(AamiClass::S),
    ]
}

pub fn run(args: &[String]) -> Result<(), Box<dyn Error>> {
    let mut db: Option<PathBuf> = None;
    let mut json = false;
    let mut standard = false;
    let mut lines = false;
    for a in args {
        match a.as_str() {
            "--json" => json = true,
            "--standard" => standard = true,
            "--lines" => lines = true,
            s if s.starts_with("--") => return Err(format!("unknown option {s}").into()),
            s => db = Some(PathBuf::from(s)),
        }
    }
    let db = db.ok_or("usage: evaluate classes DBDIR [--json] [--standard] [--lines]")?;
    let names: Vec<String> = std::fs::read_to_string(db.join("RECORDS"))?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let pipeline = Pipeline::default();
    let mut rows = Vec::new();
    for name in &names {
        let c = score_record(&db, name, &pipeline, standard).map_err(|e| format!("{name}: {e}"))?;
        rows.push((name.clone(), c));
    }
    let total = |paced: bool, pick: fn(&RecordClasses) -> &ClassConfusion| {
        let mut t = ClassConfusion::default();
        for (n, c) in &rows {
            if paced || !PACED.contains(&n.as_str()) {
                t.merge(pick(c));
            }
        }
        t
    };
    let sets = [
        ("bxb mapping, 44 records", total(false, |c| &c.bxb)),
        ("bxb mapping, 48 records", total(true, |c| &c.bxb)),
        ("AAMI-RP mapping, 44 records", total(false, |c| &c.aami)),
        ("AAMI-RP mapping, 48 records", total(true, |c| &c.aami)),
    ];
    if json {
        let out = serde_json::json!({
            "database": db.display().to_string(),
            "standard": standard,
            "sets": sets.iter().map(|(k, c)| {
                let f = figures(c);
                serde_json::json!({"set": k, "confusion": c, "veb_se": f[0], "veb_pp": f[1], "sveb_se": f[2], "sveb_pp": f[3]})
            }).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    if lines {
        println!(
            "Record Nn' Sn' Vn' Fn' On'  Ns  Ss  Vs  Fs' Os' Nv  Sv   Vv  Fv' Ov' No' So' Vo' Fo'"
        );
        for (name, c) in &rows {
            let l = c.bxb.bxb_line();
            let cells: Vec<String> = l.iter().map(|v| v.to_string()).collect();
            println!("{name} {}", cells.join(" "));
        }
        return Ok(());
    }
    println!(
        "beat classes on {} ({}; rows: reference, columns: reported; - = extra / missed)",
        db.display(),
        if standard {
            "EC57 standard: after the 5-minute learning period"
        } else {
            "from t = 0"
        }
    );
    for (k, c) in &sets {
        let f = figures(c);
        println!("\n{k}");
        print!("{}", c.to_table());
        println!(
            "VEB  Se {} %  +P {} %   (reference V: {})\nSVEB Se {} %  +P {} %   (reference S: {})",
            pct(f[0]),
            pct(f[1]),
            c.support(AamiClass::V),
            pct(f[2]),
            pct(f[3]),
            c.support(AamiClass::S),
        );
    }
    println!("\nper record (bxb mapping): VEB Se, +P, SVEB Se, +P; N->S, N->V, S->N, V->N counts");
    for (name, c) in &rows {
        let f = figures(&c.bxb);
        let m = &c.bxb.counts;
        println!(
            "{name:<6} {:>6} {:>6}   {:>6} {:>6}   {:>5} {:>5} {:>5} {:>5}",
            pct(f[0]),
            pct(f[1]),
            pct(f[2]),
            pct(f[3]),
            m[0][1],
            m[0][2],
            m[1][0],
            m[2][0]
        );
    }
    Ok(())
}
