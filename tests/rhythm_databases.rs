//! Rhythm accuracy on the development databases must not regress: the floors sit just below
//! the figures reached (see the `evaluate rhythm` example for the full tables).

mod common;

use sinus::eval::rhythm::{Confusion, dx_codes, ludb_header_rhythm, snomed_rhythm};
use sinus::rhythm::RhythmLabel as L;
use sinus::{Config, Pipeline};

fn score(db: &std::path::Path, pipeline: &Pipeline, ludb: bool) -> Confusion {
    let mut c = Confusion::default();
    for name in common::records(db) {
        let rec =
            sinus::io::wfdb::read_record(db.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let reference = if ludb {
            ludb_header_rhythm(rec.comments())
        } else {
            snomed_rhythm(&dx_codes(rec.comments()))
        };
        let Some(reference) = reference else { continue };
        let report = pipeline
            .analyze(&rec)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        c.add(reference, report.rhythm.label);
    }
    c
}

fn f1(c: &Confusion, l: L) -> f64 {
    c.score(l).f1.unwrap_or(0.0)
}

#[test]
fn ludb_rhythm_floors() {
    let Some(db) = common::db("ludb") else { return };
    let c = score(&db, &Pipeline::default(), true);
    eprintln!("{}", c.to_table());
    assert_eq!(c.total(), 102);
    // Reached 0.794 / AF 0.933 / SR 0.861 with the default 60/100 bpm limits.
    assert!(c.accuracy() >= 0.77, "accuracy {}", c.accuracy());
    assert!(f1(&c, L::AtrialFibrillation) >= 0.90);
    assert!(f1(&c, L::SinusRhythm) >= 0.83);
    assert!(f1(&c, L::SinusBradycardia) >= 0.72);
    // LUDB's cardiologists put the sinus-rate limits near 55 and 90 bpm: with those, 0.853.
    let conv = Pipeline::new(
        Config::builder()
            .bradycardia_bpm(55.0)
            .tachycardia_bpm(90.0)
            .build()
            .unwrap(),
    )
    .unwrap();
    let c = score(&db, &conv, true);
    assert!(c.accuracy() >= 0.83, "accuracy {}", c.accuracy());
    assert!(f1(&c, L::SinusBradycardia) >= 0.86);
}

#[test]
fn cinc_rhythm_floors() {
    let Some(db) = common::db("cinc2020-dev") else {
        return;
    };
    let c = score(&db, &Pipeline::default(), false);
    eprintln!("{}", c.to_table());
    assert_eq!(c.total(), 51);
    // Reached 0.941 / SR 0.914 / SB 0.968 / ST 1.000 / AF 1.000.
    assert!(c.accuracy() >= 0.92, "accuracy {}", c.accuracy());
    assert!(f1(&c, L::SinusRhythm) >= 0.88);
    assert!(f1(&c, L::SinusBradycardia) >= 0.93);
    assert!(f1(&c, L::SinusTachycardia) >= 0.95);
    assert!(f1(&c, L::AtrialFibrillation) >= 0.90);
}
