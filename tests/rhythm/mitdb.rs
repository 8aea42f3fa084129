//! Rhythm on MIT-BIH: 10 s windows lying wholly inside one rhythm episode of the reference
//! annotations, each analysed as a record of its own (two leads, 360 Hz), scored as MIT-BIH
//! rhythm codes (`(N` sinus at any rate, `(AFIB`, `(B`, `(VT`, `(P`, ...). The floors sit just
//! below the figures reached; the full table, with the disagreements per record, comes from
//! `cargo run --release --example evaluate -- rhythm ../shared/physionet/mitdb`.

use crate::common;
use crate::rhythm;

use sinus::eval::rhythm::Confusion;

#[test]
fn mitdb_window_rhythm_floors() {
    let Some(db) = common::db("mitdb") else {
        return;
    };
    let pipeline = sinus::Pipeline::default();
    let mut c: Confusion<&'static str> = Confusion::default();
    for name in common::records(&db) {
        let w = rhythm::record_windows(&db, &name, &pipeline, 10.0)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(w.failed.is_empty(), "{:?}", w.failed);
        for (reference, reported) in w.scored {
            c.add(reference, reported);
        }
    }
    eprintln!("{}", c.to_table());
    let fig = rhythm::window_figures(&c);
    eprintln!(
        "AF P/R/F1 {:?}, sinus read otherwise {:.4}",
        fig.af, fig.sinus_other
    );
    // No window inside a sinus or fibrillation episode reads as flutter.
    assert_eq!(c.get("(N", "(AFL"), 0);
    assert_eq!(c.get("(AFIB", "(AFL"), 0);
    assert_eq!(c.score("(N").support + c.score("(AFIB").support, 7038);
    // Reached: AF precision 0.731, recall 0.931, F1 0.819; sinus windows read otherwise 5.68 %
    // (7.89 % and precision 0.666 before the irregularly irregular test of `rr_pattern`;
    // 10.24 % before the beat-by-beat P wave read irregular
    // sinus rhythms with premature beats as sinus); bigeminy 0.799, trigeminy 0.514,
    // idioventricular 0.667.
    let (p, r, _) = fig.af;
    assert!(r >= 0.92, "AF recall {r}");
    assert!(p >= 0.72, "AF precision {p}");
    assert!(fig.sinus_other <= 0.058, "{}", fig.sinus_other);
    let recall = |code: &'static str| c.score(code).recall.unwrap_or(0.0);
    // Bigeminy 0.799 at the merge of issue 12 into main (115 of 144 windows; the rhythm
    // branch's own evaluate binary read 113, 0.785): the 0.80 floor was never met at its commit.
    assert!(recall("(B") >= 0.79, "bigeminy {}", recall("(B"));
    assert!(recall("(T") >= 0.45, "trigeminy {}", recall("(T"));
    // No sinus window reads as ventricular tachycardia or flutter/fibrillation.
    assert_eq!(c.get("(N", "(VT") + c.get("(N", "(VFL"), 0);
    // Second-degree AV block (record 231) from every P wave: 66 of 68 windows, and 4 of 6286
    // sinus windows read as block (111: 1, 114: 2, 119: 1) when the P-wave finder was wired in.
    assert!(
        recall("(BII") >= 0.95,
        "2nd-degree AV block {}",
        recall("(BII")
    );
    assert!(
        c.get("(N", "(BII") <= 5,
        "sinus read as AV block {}",
        c.get("(N", "(BII")
    );
    // Paced windows (102, 104, 107, 217): 26 of 631 from sharp spikes alone, 301 once the
    // pulses the recorder's band limit smeared to ~10 ms were sought too (102 all but 4, 107
    // 130 of 180; 104's fusion beats spread the spike-to-QRS delay, 217's pulses are as wide
    // as a QRS wave). One sinus window (108) reads paced, as before.
    assert!(recall("(P") >= 0.45, "paced {}", recall("(P"));
    assert!(
        c.get("(N", "(P") <= 1,
        "sinus read as paced {}",
        c.get("(N", "(P")
    );
}
