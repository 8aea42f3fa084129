//! LUDB: the figures of `evaluate delineation` on all 102 records, held so that none regresses.
//! The bounds are the figures measured when they were last improved, with a little room (the
//! scoring is deterministic, so any real change shows).

use super::common;
use super::delineation::{Summary, score_db, summarise};
use sinus::Pipeline;

/// (fiducial index, least Se %, least PPV %, largest |mean| ms, largest SD ms): P onset,
/// P offset, QRS onset, QRS offset, T offset.
///
/// Lowered at the merge of issue 12 (rhythm: beat classes by shape clusters, pacemaker spikes
/// bridged before detection), then raised again by issue 10: LUDB 99's rSr′ notch is no longer
/// taken for a pacing spike (it cut its representative QRS to 38 ms and put its P onset 104 ms
/// off), and the paced LUDB 74's QRS no longer runs into its T wave. Measured then: P onset
/// Se 98.47 PPV 99.40 SD 18.7, P offset 98.56 / 99.47 / 20.0, QRS onset 100.00 / 99.88 / 9.2,
/// QRS offset 99.96 / 99.94 / 13.2, T offset 99.63 / 99.27 / 23.3. The T offset PPV is below
/// the 99.49 before (Se above the 98.54 before): with 74's T waves matched, records 109 and 86
/// show more unmatched T offsets (FN+FP 49 and 18); not isolated yet.
const HELD: [(usize, f64, f64, f64, f64); 5] = [
    (0, 98.4, 99.35, 2.0, 19.0),
    (2, 98.5, 99.4, 2.0, 20.3),
    (3, 99.95, 99.85, 2.0, 9.5),
    (5, 99.9, 99.9, 2.0, 13.4),
    (8, 99.55, 99.25, 2.0, 23.6),
];

/// Global intervals the pipeline measured against LUDB's global marks (the earliest onset and
/// latest offset over LUDB's per-lead marks, outlying leads left out by the delineator's rule),
/// (largest |mean|, largest SD) in ms: P duration, PR, QRS, QT.
/// QRS widened at the merge of issue 12 to +4.9 ± 30.7 by the paced record 74 (443 ms against
/// 156) and LUDB 99 (38 ms against 100); back to +2.8 ± 10.7 with both fixed (issue 10).
const HELD_INTERVALS: [(f64, f64); 4] = [(2.0, 16.0), (2.0, 8.0), (3.5, 11.5), (2.0, 14.5)];

fn summary() -> Option<Summary> {
    let db = common::db("ludb")?;
    let results =
        score_db(&db, &[], &Pipeline::default(), false).expect("every LUDB record scores");
    assert_eq!(results.len(), 102);
    Some(summarise(&results))
}

#[test]
fn ludb_figures_hold() {
    let Some(s) = summary() else { return };
    let names = [
        "P onset",
        "P peak",
        "P offset",
        "QRS onset",
        "QRS peak",
        "QRS offset",
        "T onset",
        "T peak",
        "T offset",
    ];
    for (i, se, ppv, mean, sd) in HELD {
        let f = &s.fid[i];
        let (fse, fppv, fm, fsd) = (
            f.se().unwrap(),
            f.ppv().unwrap(),
            f.mean().unwrap(),
            f.sd().unwrap(),
        );
        eprintln!(
            "{}: Se {fse:.2} PPV {fppv:.2} mean {fm:+.1} SD {fsd:.1}",
            names[i]
        );
        assert!(fse >= se, "{}: Se {fse:.2} < {se}", names[i]);
        assert!(fppv >= ppv, "{}: PPV {fppv:.2} < {ppv}", names[i]);
        assert!(
            fm.abs() <= mean,
            "{}: mean {fm:+.1} beyond ±{mean}",
            names[i]
        );
        assert!(fsd <= sd, "{}: SD {fsd:.1} > {sd}", names[i]);
    }
    let ivs = ["P duration", "PR", "QRS", "QT"];
    for (k, (mean, sd)) in HELD_INTERVALS.iter().enumerate() {
        let (n, m, d, _) = s.measured[k];
        let (m, d) = (m.unwrap(), d.unwrap());
        eprintln!("{}: {n} records, {m:+.1} ± {d:.1} ms", ivs[k]);
        assert!(m.abs() <= *mean && d <= *sd, "{}: {m:+.1} ± {d:.1}", ivs[k]);
    }
    let (n, within, _) = s.axis;
    eprintln!("QRS axis: {within} of {n} within 15°");
    assert!(
        // 96 with LUDB 99 and 74 fixed (issue 10; 95 at the merge of issue 12).
        n == 102 && within >= 96,
        "QRS axis: {within} of {n} within 15°"
    );
}
