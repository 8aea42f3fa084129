//! `evaluate qrs`: the QRS detector against a database's reference beats, EC57 beat by beat.
//!
//! Also compiled into `tests/detect/` and `benches/detect.rs` (through `#[path]`), so the
//! figures the tests hold are the ones this example prints.

use rayon::prelude::*;
use sinus::annotation::{Annotation, Code};
use sinus::detect::{DetectorConfig, detect};
use sinus::eval::beats::{Counts, EvalOptions, ScoreStart, compare};
use sinus::io::annotations::read_annotations;
use sinus::io::wfdb::read_record;
use std::error::Error;
use std::path::Path;

/// Which rows of a record the detector sees.
#[derive(Debug, Clone, PartialEq)]
pub enum Leads {
    /// Every row.
    All,
    /// These rows (those beyond the record are ignored).
    Rows(Vec<usize>),
}

impl Leads {
    /// Parses `all` or a comma-separated list of row numbers.
    pub fn parse(s: &str) -> Result<Leads, Box<dyn Error>> {
        if s == "all" {
            return Ok(Leads::All);
        }
        let rows = s
            .split(',')
            .map(|v| {
                v.trim()
                    .parse::<usize>()
                    .map_err(|e| format!("--leads {s:?}: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Leads::Rows(rows))
    }

    fn weights(&self, n: usize) -> Vec<f32> {
        (0..n)
            .map(|k| match self {
                Leads::All => 1.0,
                Leads::Rows(r) => f32::from(u8::from(r.contains(&k))),
            })
            .collect()
    }
}

/// One record's result.
#[derive(Debug, Clone)]
pub struct RecordScore {
    /// Record name.
    pub record: String,
    /// Beat-by-beat counts.
    pub counts: Counts,
}

/// Detects and scores one record of `db` (a folder with `RECORDS`).
pub fn score_record(
    db: &Path,
    name: &str,
    leads: &Leads,
    from_5min: bool,
) -> Result<RecordScore, Box<dyn Error>> {
    let base = db.join(name);
    let rec = read_record(&base)?;
    let fs = rec.fs();
    let w = leads.weights(rec.n_leads());
    let det = detect(rec.signals(), fs, Some(&w), &DetectorConfig::default())?;
    let samples: Vec<u64> = det.beats.iter().map(|b| b.sample as u64).collect();
    let atr = base.with_extension("atr");
    let counts = if atr.is_file() {
        let reference = read_annotations(&atr)?;
        let opts = if from_5min {
            EvalOptions::ec57()
        } else {
            EvalOptions::from_zero()
        };
        compare(&reference, &samples, fs, &opts.end(rec.n_samples() as u64))
    } else {
        // LUDB: the N annotations of the lead-II annotator, scored between its first and last
        // annotation (the first and last beats of each record are left unannotated).
        let ii = read_annotations(base.with_extension("ii"))?;
        let (Some(first), Some(last)) = (ii.first(), ii.last()) else {
            return Err(format!("{}: empty .ii annotation file", base.display()).into());
        };
        let reference: Vec<Annotation> = ii
            .iter()
            .filter(|a| a.code == Code::NORMAL)
            .cloned()
            .collect();
        let opts = EvalOptions::default()
            .window_s(0.15)
            .start(ScoreStart::AfterLearning {
                seconds: fs.seconds(first.sample as usize),
            })
            .end(last.sample);
        compare(&reference, &samples, fs, &opts)
    };
    Ok(RecordScore {
        record: name.to_string(),
        counts,
    })
}

/// Scores every record named (all of `RECORDS` when `only` is empty), in parallel.
pub fn score_db(
    db: &Path,
    only: &[String],
    leads: &Leads,
    from_5min: bool,
) -> Result<Vec<RecordScore>, Box<dyn Error + Send + Sync>> {
    let list = std::fs::read_to_string(db.join("RECORDS"))
        .map_err(|e| format!("{}: {e}", db.join("RECORDS").display()))?;
    let names: Vec<String> = list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| only.is_empty() || only.iter().any(|o| o == l || l.ends_with(&format!("/{o}"))))
        .map(String::from)
        .collect();
    names
        .par_iter()
        .map(|n| score_record(db, n, leads, from_5min).map_err(|e| format!("{n}: {e}").into()))
        .collect()
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".to_string(), |x| format!("{:.2}", 100.0 * x))
}

/// Entry point of `evaluate qrs`.
pub fn run(args: &[String]) -> Result<(), Box<dyn Error>> {
    let mut db = None;
    let mut only = Vec::new();
    let mut from_5min = false;
    let mut leads = Leads::Rows(vec![0]);
    let mut json = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--records" => {
                let v = it.next().ok_or("--records needs a value")?;
                only = v.split(',').map(|s| s.trim().to_string()).collect();
            }
            "--from-5min" => from_5min = true,
            "--leads" => leads = Leads::parse(it.next().ok_or("--leads needs a value")?)?,
            "--json" => json = true,
            s if s.starts_with("--") => return Err(format!("unknown option {s}").into()),
            s => db = Some(s.to_string()),
        }
    }
    let db = db.ok_or("missing DBDIR")?;
    let scores = score_db(Path::new(&db), &only, &leads, from_5min).map_err(|e| e.to_string())?;
    let gross: Counts = scores.iter().map(|s| s.counts).sum();
    if json {
        let records: Vec<_> = scores
            .iter()
            .map(|s| {
                let sc = s.counts.score();
                serde_json::json!({"record": s.record, "tp": sc.tp, "fn": sc.fn_, "fp": sc.fp, "se": sc.se, "ppv": sc.ppv, "f1": sc.f1})
            })
            .collect();
        let g = gross.score();
        let out = serde_json::json!({
            "gross": {"se": g.se, "ppv": g.ppv, "f1": g.f1, "tp": g.tp, "fn": g.fn_, "fp": g.fp},
            "records": records,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "{:>8} {:>7} {:>5} {:>5} {:>7} {:>7}",
            "record", "TP", "FN", "FP", "Se%", "+P%"
        );
        for s in &scores {
            let c = s.counts;
            println!(
                "{:>8} {:>7} {:>5} {:>5} {:>7} {:>7}",
                s.record.rsplit('/').next().unwrap_or(&s.record),
                c.tp,
                c.fn_,
                c.fp,
                pct(c.sensitivity()),
                pct(c.positive_predictivity())
            );
        }
        println!(
            "{:>8} {:>7} {:>5} {:>5} {:>7} {:>7}",
            "gross",
            gross.tp,
            gross.fn_,
            gross.fp,
            pct(gross.sensitivity()),
            pct(gross.positive_predictivity())
        );
    }
    Ok(())
}
