//! Quality grades on real 12-lead records: clinical-grade recordings keep nearly every lead, and
//! a lead we spoil on purpose is caught.

use crate::common;

use sinus::quality::{Grade, Issue, QualityConfig, assess};

#[test]
fn ludb_and_cinc_leads_are_mostly_usable() {
    for db_name in ["ludb", "cinc2020-dev"] {
        let Some(db) = common::db(db_name) else {
            return;
        };
        let (mut total, mut unusable, mut unreadable) = (0usize, Vec::new(), Vec::new());
        for name in common::records(&db) {
            let rec = sinus::io::wfdb::read_record(db.join(&name)).unwrap();
            let names: Vec<String> = rec.leads().iter().map(|l| l.to_string()).collect();
            let q = assess(
                rec.signals(),
                rec.fs().hz(),
                &names,
                &QualityConfig::default(),
            );
            total += q.len();
            if !q.iter().any(|l| l.grade.is_usable()) {
                // The PTB records of the Challenge declare 2 000 000 adu/mV: every lead spans
                // about a microvolt, i.e. flat, as read. Nothing else may be unreadable.
                assert!(name.starts_with('S'), "{name}: no usable lead: {q:?}");
                assert!(q.iter().all(|l| l.metrics.range_mv < 0.01));
                unreadable.push(name.clone());
                continue;
            }
            unusable.extend(
                q.iter()
                    .filter(|l| !l.grade.is_usable())
                    .map(|l| format!("{name}/{}: {:?}", l.lead, l.issues)),
            );
        }
        eprintln!(
            "{db_name}: {} of {total} leads excluded: {unusable:?}; unreadable: {unreadable:?}",
            unusable.len()
        );
        assert!(
            (unusable.len() as f64) < 0.03 * total as f64,
            "{db_name}: {} of {total} leads excluded",
            unusable.len()
        );
    }
}

#[test]
fn spoiled_leads_are_caught() {
    let Some(db) = common::db("ludb") else { return };
    let mut rec = sinus::io::wfdb::read_record(db.join("data/1")).unwrap();
    let fs = rec.fs().hz();
    {
        let mut s = rec.signals_mut();
        s.row_mut(0).fill(0.0); // I: lead off
        s.row_mut(1).mapv_inplace(|v| (v * 10.0).clamp(-1.0, 1.0)); // II: saturated
        for (i, v) in s.row_mut(6).iter_mut().enumerate() {
            *v += 0.5 * (2.0 * std::f32::consts::PI * 50.0 * i as f32 / fs as f32).sin(); // V1: mains
        }
    }
    let names: Vec<String> = rec.leads().iter().map(|l| l.to_string()).collect();
    let q = assess(rec.signals(), fs, &names, &QualityConfig::default());
    assert_eq!(q[0].grade, Grade::Unusable);
    assert!(q[0].issues.contains(&Issue::Flat));
    assert!(q[1].issues.contains(&Issue::Saturation), "{:?}", q[1]);
    assert!(q[1].metrics.clipped_fraction > 0.05, "{:?}", q[1]);
    assert!(!q[1].grade.is_usable());
    assert!(q[6].issues.contains(&Issue::MainsNoise), "{:?}", q[6]);
    assert!(!q[6].grade.is_usable());
    assert!(q[2..6].iter().all(|l| l.grade.is_usable()));
}
