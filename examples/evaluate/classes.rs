//! `evaluate classes DBDIR [--json]`: the premature beats sinus reports against the reference
//! beat labels (`.atr`), in the EC57 classes: each record's beats are detected on all leads,
//! analysed (prematurity, QRS width, template) and paired with the reference within 150 ms.
//! Prints the confusion matrix and VEB/SVEB sensitivity and positive predictivity, overall and
//! per record.

use sinus::annotation::AamiClass;
use sinus::beats::{BeatConfig, analyze_beats};
use sinus::detect::{DetectorConfig, detect};
use sinus::eval::classes::{ClassConfusion, pair, reported_class};
use sinus::io::annotations::read_annotations;
use sinus::io::wfdb::read_record;
use std::error::Error;
use std::path::{Path, PathBuf};

/// Scores one record.
pub fn score_record(db: &Path, name: &str) -> Result<ClassConfusion, Box<dyn Error>> {
    let base = db.join(name);
    let rec = read_record(&base)?;
    let fs = rec.fs();
    let det = detect(rec.signals(), fs, None, &DetectorConfig::default())?;
    let samples: Vec<usize> = det.beats.iter().map(|b| b.sample).collect();
    let usable = vec![true; rec.n_leads()];
    let p_leads: Vec<usize> = (0..rec.n_leads()).collect();
    let a = analyze_beats(
        rec.signals(),
        fs.hz(),
        &samples,
        &usable,
        &p_leads,
        &BeatConfig::default(),
    );
    let reference: Vec<_> = read_annotations(base.with_extension("atr"))?
        .into_iter()
        .filter(|x| x.code.is_beat())
        .collect();
    let ref_samples: Vec<u64> = reference.iter().map(|x| x.sample).collect();
    let test: Vec<u64> = a.beats.iter().map(|b| b.sample as u64).collect();
    let window = fs.samples(0.150) as u64;
    let pairs = pair(&ref_samples, &test, window);
    let mut c = ClassConfusion::default();
    let mut used = vec![false; test.len()];
    for (r, p) in reference.iter().zip(&pairs) {
        let rc = r.code.aami_class();
        match p {
            Some(j) => {
                used[*j] = true;
                c.add(rc, Some(reported_class(a.beats[*j].class)));
            }
            None => c.add(rc, None),
        }
    }
    for (b, u) in a.beats.iter().zip(&used) {
        if !u {
            c.add(None, Some(reported_class(b.class)));
        }
    }
    Ok(c)
}

pub fn run(args: &[String]) -> Result<(), Box<dyn Error>> {
    let mut db: Option<PathBuf> = None;
    let mut json = false;
    for a in args {
        match a.as_str() {
            "--json" => json = true,
            s if s.starts_with("--") => return Err(format!("unknown option {s}").into()),
            s => db = Some(PathBuf::from(s)),
        }
    }
    let db = db.ok_or("usage: evaluate classes DBDIR [--json]")?;
    let names: Vec<String> = std::fs::read_to_string(db.join("RECORDS"))?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let mut total = ClassConfusion::default();
    let mut rows = Vec::new();
    for name in &names {
        let c = score_record(&db, name).map_err(|e| format!("{name}: {e}"))?;
        total.merge(&c);
        rows.push((name.clone(), c));
    }
    let f = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{:.1}", 100.0 * x));
    if json {
        let out = serde_json::json!({
            "database": db.display().to_string(),
            "confusion": total,
            "veb_se": total.sensitivity(AamiClass::V),
            "veb_pp": total.positive_predictivity(AamiClass::V),
            "sveb_se": total.sensitivity(AamiClass::S),
            "sveb_pp": total.positive_predictivity(AamiClass::S),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "beat classes on {} (rows: reference, columns: reported; - = extra / missed)\n",
        db.display()
    );
    print!("{}", total.to_table());
    println!(
        "\nVEB  Se {} %  +P {} %   (reference V: {})\nSVEB Se {} %  +P {} %   (reference S: {})\n",
        f(total.sensitivity(AamiClass::V)),
        f(total.positive_predictivity(AamiClass::V)),
        total.support(AamiClass::V),
        f(total.sensitivity(AamiClass::S)),
        f(total.positive_predictivity(AamiClass::S)),
        total.support(AamiClass::S),
    );
    println!("record  VEB Se  VEB +P   SVEB Se  SVEB +P");
    for (name, c) in &rows {
        println!(
            "{name:<6} {:>7} {:>7}   {:>7} {:>7}",
            f(c.sensitivity(AamiClass::V)),
            f(c.positive_predictivity(AamiClass::V)),
            f(c.sensitivity(AamiClass::S)),
            f(c.positive_predictivity(AamiClass::S)),
        );
    }
    Ok(())
}
