//! `evaluate stress DBDIR [--json] [--records a,b] [--seed S] [--verbose]`: reads every record of
//! `DBDIR` (its `RECORDS` file) clean, then with each calibrated disturbance of
//! [`sinus::synth::noise`] (mains hum at 50 and 60 Hz, muscle noise, baseline wander, electrode
//! motion, a lead off) and with each electrode interchange, and compares every report with the
//! clean one ([`sinus::eval::stress`]): unchanged %, invented findings %, flagged %; for the
//! interchanges, the share detected and named, and the specificity on the unmodified records.
//! Every disturbance is reproducible from the seed (default 2024) and the record's name.

use rayon::prelude::*;
use sinus::Pipeline;
use sinus::eval::stress::{
    RecordOutcome, Tally, disturbances, in_mild_band, interchanges, reversal_named, run_record,
    scorable,
};
use std::path::{Path, PathBuf};

/// The records listed in `db/RECORDS`.
pub fn record_names(db: &Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(db.join("RECORDS"))
        .map_err(|e| format!("{}: {e}", db.join("RECORDS").display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect())
}

#[derive(serde::Serialize)]
struct Row {
    disturbance: String,
    records: usize,
    unchanged_pct: f64,
    invented_pct: f64,
    invented_atrial_pct: f64,
    flagged_pct: f64,
    triage_changed_pct: f64,
    false_reversal_pct: f64,
}

#[derive(serde::Serialize)]
struct SwapRow {
    interchange: String,
    records: usize,
    detected_pct: f64,
    named_pct: f64,
}

pub fn run(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let mut db: Option<PathBuf> = None;
    let mut json = false;
    let mut verbose = false;
    let mut only: Option<Vec<String>> = None;
    let mut seed = 2024u64;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--verbose" => verbose = true,
            "--records" => {
                only = Some(
                    it.next()
                        .ok_or("--records needs a list")?
                        .split(',')
                        .map(String::from)
                        .collect(),
                )
            }
            "--seed" => seed = it.next().ok_or("--seed needs a value")?.parse()?,
            s if s.starts_with("--") => return Err(format!("unknown option {s}").into()),
            s => db = Some(PathBuf::from(s)),
        }
    }
    let db =
        db.ok_or("usage: evaluate stress DBDIR [--json] [--records a,b] [--seed S] [--verbose]")?;
    let mut names = record_names(&db)?;
    if let Some(o) = &only {
        names.retain(|n| o.iter().any(|x| n == x || n.ends_with(&format!("/{x}"))));
    }
    let pipeline = Pipeline::default();
    let outcomes: Vec<Result<RecordOutcome, String>> = names
        .par_iter()
        .map(|name| {
            let rec = sinus::io::wfdb::read_record(db.join(name))
                .map_err(|e| sinus::error::Chain(&e).to_string())?;
            run_record(&pipeline, name, &rec, seed)
        })
        .collect();
    let mut failed = Vec::new();
    let mut unreadable = Vec::new();
    let ok: Vec<&RecordOutcome> = outcomes
        .iter()
        .zip(&names)
        .filter_map(|(o, n)| match o {
            Ok(o) if scorable(&o.clean) => Some(o),
            Ok(_) => {
                unreadable.push(n.clone());
                None
            }
            Err(e) => {
                failed.push(format!("{n}: {e}"));
                None
            }
        })
        .collect();
    let ds = disturbances();
    let mut tallies = vec![Tally::default(); ds.len()];
    let mut mild = Tally::default();
    let mut details: Vec<String> = Vec::new();
    for o in &ok {
        for (k, (c, summary)) in o.disturbed.iter().enumerate() {
            tallies[k].add(c);
            if in_mild_band(&ds[k]) {
                mild.add(c);
            }
            if verbose && (!c.unchanged() || !c.invented.is_empty()) {
                details.push(format!(
                    "  {:<12} {:<16} {:?} | clean: {} | now: {}",
                    o.name,
                    ds[k].label(),
                    c.invented,
                    o.clean.summary(sinus::report::Lang::En),
                    summary
                ));
            }
        }
    }
    let rows: Vec<Row> = ds
        .iter()
        .zip(&tallies)
        .map(|(d, t)| Row {
            disturbance: d.label(),
            records: t.n,
            unchanged_pct: t.pct(t.unchanged),
            invented_pct: t.pct(t.invented),
            invented_atrial_pct: t.pct(t.invented_atrial),
            flagged_pct: t.pct(t.flagged),
            triage_changed_pct: t.pct(t.triage_changed),
            false_reversal_pct: t.pct(t.reversal),
        })
        .collect();
    let xs = interchanges();
    let mut swap_rows = Vec::new();
    for (k, x) in xs.iter().enumerate() {
        let (mut n, mut det, mut named) = (0usize, 0usize, 0usize);
        for o in &ok {
            if let Some(found) = o.swapped[k] {
                n += 1;
                det += usize::from(found.is_some());
                named += usize::from(found == Some(true));
                if verbose && found != Some(true) {
                    details.push(format!(
                        "  {:<12} swap {:<22} found {}",
                        o.name,
                        x.label(),
                        o.swapped_summary[k]
                    ));
                }
            }
        }
        let pct = |a: usize| {
            if n == 0 {
                0.0
            } else {
                100.0 * a as f64 / n as f64
            }
        };
        swap_rows.push(SwapRow {
            interchange: x.label(),
            records: n,
            detected_pct: pct(det),
            named_pct: pct(named),
        });
    }
    let false_alarms: Vec<String> = ok
        .iter()
        .filter(|o| !reversal_named(&o.clean).is_empty())
        .map(|o| format!("{} {:?}", o.name, reversal_named(&o.clean)))
        .collect();
    let spec = if ok.is_empty() {
        0.0
    } else {
        100.0 * (ok.len() - false_alarms.len()) as f64 / ok.len() as f64
    };
    if json {
        let out = serde_json::json!({
            "database": db.display().to_string(),
            "seed": seed,
            "records": ok.len(),
            "unreadable_clean": unreadable,
            "failed": failed,
            "disturbances": rows,
            "mild_band": {
                "records_x_disturbances": mild.n,
                "unchanged_pct": mild.pct(mild.unchanged),
                "invented_pct": mild.pct(mild.invented),
            },
            "interchanges": swap_rows,
            "specificity_pct": spec,
            "false_alarms": false_alarms,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!(
        "stress protocol on {} ({} records, seed {seed}; {} unreadable clean, not scored; {} failed)\n",
        db.display(),
        ok.len(),
        unreadable.len(),
        failed.len()
    );
    println!(
        "{:<18} {:>7} {:>10} {:>9} {:>9} {:>8} {:>8} {:>8}",
        "disturbance",
        "records",
        "unchanged",
        "invented",
        "inv.AF/L",
        "flagged",
        "triage",
        "reversal"
    );
    for r in &rows {
        println!(
            "{:<18} {:>7} {:>9.1}% {:>8.1}% {:>8.1}% {:>7.1}% {:>7.1}% {:>7.1}%",
            r.disturbance,
            r.records,
            r.unchanged_pct,
            r.invented_pct,
            r.invented_atrial_pct,
            r.flagged_pct,
            r.triage_changed_pct,
            r.false_reversal_pct
        );
    }
    println!(
        "\nmains <= 0.1 mV, wander <= 0.5 mV, muscle >= 18 dB together: unchanged {:.1}%, invented {:.1}% ({} reads)\n",
        mild.pct(mild.unchanged),
        mild.pct(mild.invented),
        mild.n
    );
    println!(
        "{:<24} {:>7} {:>9} {:>7}",
        "interchange", "records", "detected", "named"
    );
    for r in &swap_rows {
        println!(
            "{:<24} {:>7} {:>8.1}% {:>6.1}%",
            r.interchange, r.records, r.detected_pct, r.named_pct
        );
    }
    println!(
        "\nspecificity on the unmodified records: {spec:.1}% ({} of {} flagged)",
        false_alarms.len(),
        ok.len()
    );
    for f in &false_alarms {
        println!("  false alarm: {f}");
    }
    for f in &failed {
        println!("failed: {f}");
    }
    if verbose {
        println!("\ndetails:");
        for d in &details {
            println!("{d}");
        }
    }
    Ok(())
}
