//! On every 12-lead record of ludb and cinc2020-dev, compares the recorded III, aVR, aVL and aVF
//! with the ones derived from I and II (Einthoven, Goldberger). Run with `--nocapture` for the
//! per-database figures.
//!
//! cinc2020-dev agrees at the level of its quantisation (RMS at most ~2x the RMS of three
//! roundings to 1/gain). LUDB does not: its limb leads are not mutually consistent in the data
//! themselves (III − (II − I) is ~0.06 mV RMS, broadband, and aVR + aVL + aVF is likewise far from
//! zero; wfdb-python reads the same values), so its bound is the measured level, a regression guard.

use crate::common;

use sinus::Lead;
use sinus::io::wfdb::read_detailed;

struct Stats {
    worst_rms: f64,
    worst_ratio: f64,
    worst_record: String,
    sum_sq: f64,
    count: usize,
}

/// Bounds: worst per-record RMS / quantisation RMS, worst per-record RMS (mV), overall RMS (mV).
fn check_db(db: &str, expect_records: usize, max_ratio: f64, max_rms: f64, max_overall: f64) {
    let Some(dir) = common::db(db) else { return };
    let names = common::records(&dir);
    assert_eq!(names.len(), expect_records);
    let leads = [Lead::III, Lead::AVR, Lead::AVL, Lead::AVF];
    let mut st: Vec<Stats> = (0..4)
        .map(|_| Stats {
            worst_rms: 0.0,
            worst_ratio: 0.0,
            worst_record: String::new(),
            sum_sq: 0.0,
            count: 0,
        })
        .collect();
    for name in &names {
        let out = read_detailed(dir.join(name), &Default::default()).expect(name);
        let rec = &out.record;
        let gain = |l: &Lead| out.header.signals[rec.lead_index(l).unwrap()].gain;
        let d = rec.derived_limb_leads().expect("I and II");
        let derived = [&d.iii, &d.avr, &d.avl, &d.avf];
        // Each recorded lead is rounded to 1/gain; the difference carries three roundings.
        let q_i = 1.0 / gain(&Lead::I);
        let q_ii = 1.0 / gain(&Lead::II);
        for (j, lead) in leads.iter().enumerate() {
            let rec_lead = rec.lead(lead).unwrap();
            let (mut ss, mut n) = (0f64, 0usize);
            for (&a, &b) in rec_lead.iter().zip(derived[j].iter()) {
                if a.is_finite() && b.is_finite() {
                    ss += (f64::from(a) - f64::from(b)).powi(2);
                    n += 1;
                }
            }
            let rms = (ss / n.max(1) as f64).sqrt();
            let q = 1.0 / gain(lead);
            let expected = ((q * q + q_i * q_i + q_ii * q_ii) / 12.0).sqrt();
            let s = &mut st[j];
            s.sum_sq += ss;
            s.count += n;
            if rms > s.worst_rms {
                s.worst_rms = rms;
                s.worst_record = name.clone();
            }
            s.worst_ratio = s.worst_ratio.max(rms / expected);
        }
    }
    for (j, lead) in leads.iter().enumerate() {
        let s = &st[j];
        eprintln!(
            "{db} {lead}: overall RMS {:.3e} mV, worst record {} {:.3e} mV, worst RMS/quantisation-RMS {:.2}",
            (s.sum_sq / s.count.max(1) as f64).sqrt(),
            s.worst_record,
            s.worst_rms,
            s.worst_ratio
        );
        let overall = (s.sum_sq / s.count.max(1) as f64).sqrt();
        assert!(s.count > 0, "{db}: no samples compared");
        assert!(
            s.worst_ratio <= max_ratio,
            "{db} {lead}: RMS/quantisation {} > {max_ratio}",
            s.worst_ratio
        );
        assert!(
            s.worst_rms <= max_rms,
            "{db} {lead}: worst RMS {} mV > {max_rms}",
            s.worst_rms
        );
        assert!(
            overall <= max_overall,
            "{db} {lead}: overall RMS {overall} mV > {max_overall}"
        );
    }
}

#[test]
fn ludb_limb_leads_derive() {
    check_db("ludb", 102, f64::INFINITY, 0.15, 0.07);
}

#[test]
fn cinc2020_limb_leads_derive() {
    check_db("cinc2020-dev", 127, 2.5, 1.2e-3, 5e-4);
}
