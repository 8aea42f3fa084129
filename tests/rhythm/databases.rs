//! Rhythm accuracy on the development databases must not regress, scored both ways (see the
//! `evaluate rhythm` example, whose scorer this is): raw labels, and harmonised (family, and the
//! sinus rate class against the database's own beat marks). The floors sit just below the
//! figures reached.

use crate::common;
use crate::rhythm;

use sinus::Pipeline;
use sinus::rhythm::{RhythmFamily, RhythmLabel as L};

#[test]
fn ludb_rhythm_floors() {
    let Some(db) = common::db("ludb") else { return };
    let s = rhythm::score_records(&db, &Pipeline::default(), true);
    eprintln!("{}\n{}", s.raw.to_table(), s.family.to_table());
    assert_eq!(s.raw.total(), 102);
    assert_eq!(s.family.total(), 102);
    // Every paced record reads paced.
    let paced = s.family.score(RhythmFamily::Paced);
    assert_eq!(paced.support, 4);
    assert_eq!(paced.true_positives, 4, "{paced:?}");
    assert!(
        s.family.accuracy() >= 0.98,
        "family {}",
        s.family.accuracy()
    );
    assert!(
        s.harmonised_accuracy() >= 0.94,
        "harmonised {}",
        s.harmonised_accuracy()
    );
    // The rate of the detected beats over the stretch LUDB's cardiologists marked.
    assert!(
        s.span_rate_within(3.0) >= 0.98,
        "{}",
        s.span_rate_within(3.0)
    );
    // Raw labels keep LUDB's own conventions, so they part from the product owner's limits:
    // 0.667 and AF F1 0.857 measured at the merge of issue 12 into main (the same reading as
    // the rhythm branch's own evaluate binary). LUDB calls sinus rhythm what these limits call
    // sinus bradycardia (10 records at 48–60 bpm) or sinus arrhythmia (17, sinus cycle range
    // > 120 ms), and labels the two paced records with fibrillation beneath (8, 93) AF where
    // the report names the pacing first; the harmonised score above holds the reading itself.
    assert!(s.raw.accuracy() >= 0.66, "raw {}", s.raw.accuracy());
    assert!(s.raw.score(L::AtrialFibrillation).f1.unwrap_or(0.0) >= 0.85);
}

#[test]
fn cinc_rhythm_floors() {
    let Some(db) = common::db("cinc2020-dev") else {
        return;
    };
    let s = rhythm::score_records(&db, &Pipeline::default(), false);
    eprintln!("{}\n{}", s.raw.to_table(), s.family.to_table());
    assert_eq!(s.raw.total(), 51);
    assert!(s.raw.accuracy() >= 0.94, "raw {}", s.raw.accuracy());
    assert!(
        s.family.accuracy() >= 0.98,
        "family {}",
        s.family.accuracy()
    );
    let f1 = |l| s.raw.score(l).f1.unwrap_or(0.0);
    assert!(f1(L::AtrialFlutter) >= 0.99);
    assert!(f1(L::SinusBradycardia) >= 0.93);
    assert!(f1(L::SinusTachycardia) >= 0.95);
    assert!(f1(L::AtrialFibrillation) >= 0.90);
}

/// Labels of the consecutive 60 s windows of a mitdb record.
fn mitdb_window_labels(db: &std::path::Path, name: &str) -> Vec<L> {
    let rec = sinus::io::wfdb::read_record(db.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let n = rec.fs().samples(60.0);
    (0..rec.n_samples() / n)
        .map(|k| {
            let w = rec.slice_samples(k * n, (k + 1) * n);
            sinus::analyze(&w)
                .unwrap_or_else(|e| panic!("{name} window {k}: {e}"))
                .rhythm
                .label
        })
        .collect()
}

/// Sinus rhythm with frequent ventricular ectopy (mitdb 119: bigeminy and trigeminy, 444 PVCs
/// in 30 min) must not read as atrial fibrillation: the irregularity is judged without the
/// ventricular beats. mitdb 221 (AF throughout, with 396 PVCs) must still read AF.
#[test]
fn mitdb_ventricular_ectopy_is_not_af() {
    let Some(db) = common::db("mitdb") else {
        return;
    };
    let l119 = mitdb_window_labels(&db, "119");
    assert_eq!(l119.len(), 30);
    let af = l119.iter().filter(|l| **l == L::AtrialFibrillation).count();
    assert_eq!(af, 0, "mitdb 119 windows: {l119:?}");
    let l221 = mitdb_window_labels(&db, "221");
    let af = l221.iter().filter(|l| **l == L::AtrialFibrillation).count();
    assert!(af >= 28, "mitdb 221 windows: {l221:?}");
}
