//! Rhythm on MIT-BIH: 10 s windows lying wholly inside one `(N`, `(SBR`, `(AFIB` or `(AFL`
//! episode of the reference annotations, each analysed as a record of its own (two leads,
//! 360 Hz). The floors sit just below the figures reached; the full table, with the
//! disagreements per record, comes from
//! `cargo run --release --example evaluate -- rhythm ../shared/physionet/mitdb`.

use crate::common;
use crate::rhythm;

use sinus::eval::rhythm::Confusion;
use sinus::rhythm::RhythmLabel as L;

#[test]
fn mitdb_window_rhythm_floors() {
    let Some(db) = common::db("mitdb") else {
        return;
    };
    let pipeline = sinus::Pipeline::default();
    let mut c = Confusion::default();
    for name in common::records(&db) {
        let w = rhythm::record_windows(&db, &name, &pipeline, 10.0)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(w.failed.is_empty(), "{:?}", w.failed);
        for (reference, reported) in w.scored {
            c.add(reference, reported);
        }
    }
    eprintln!("{}", c.to_table());
    // 7098 windows: 6286 sinus, 752 AF, 60 flutter.
    assert_eq!(c.total(), 7098);
    // No window inside a sinus or fibrillation episode (6286 + 752) reads as flutter. The 60
    // windows of mitdb's flutter episodes (202, 203, 222: two Holter leads, small F waves, RR
    // intervals not whole numbers of the F cycle) are not read as flutter either: no floor is
    // set for them.
    assert_eq!(c.get(L::SinusRhythm, L::AtrialFlutter), 0);
    assert_eq!(c.get(L::AtrialFibrillation, L::AtrialFlutter), 0);
    assert_eq!(
        c.score(L::SinusRhythm).support + c.score(L::AtrialFibrillation).support,
        7038
    );
    let af = c.score(L::AtrialFibrillation);
    let sr = c.score(L::SinusRhythm);
    // Reached: AF recall 0.931, precision 0.727; sinus precision 0.999, recall 0.896.
    // (Before organised atrial activity vetoed AF: recall 0.961, precision 0.565.)
    assert!(af.recall.unwrap_or(0.0) >= 0.91, "{af:?}");
    assert!(af.precision.unwrap_or(0.0) >= 0.71, "{af:?}");
    assert!(sr.precision.unwrap_or(0.0) >= 0.99, "{sr:?}");
    assert!(sr.recall.unwrap_or(0.0) >= 0.88, "{sr:?}");
}
