//! Atrial flutter on the development databases: the records read as flutter, and no other.
//!
//! LUDB 103 (typical flutter, variable conduction) and CinC Q0096 (flutter, 4:1) are read as
//! flutter; LUDB 35 (typical flutter, 2:1 at 132 bpm) is not: F waves locked at 2:1 cannot be
//! told from the T and P waves of a sinus tachycardia by [`sinus::atrial`] (see
//! `RhythmConfig::flutter_min_locked_ratio`), so it stays out of the list rather than in it.
//! A false flutter on a sinus or fibrillation record is worse than a missed one: every other
//! record of LUDB and of the CinC folder (with or without a rhythm label), and every 10 s window
//! cut from the atrial fibrillation and sinus episodes of mitdb 202, 203 and 222, must read as
//! something else.

mod common;

use sinus::rhythm::RhythmLabel as L;

fn flutter_records(db: &std::path::Path) -> Vec<String> {
    common::records(db)
        .into_iter()
        .filter(|name| {
            let rec = sinus::io::wfdb::read_record(db.join(name))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let report = sinus::analyze(&rec).unwrap_or_else(|e| panic!("{name}: {e}"));
            report.rhythm.label == L::AtrialFlutter
        })
        .collect()
}

#[test]
fn ludb_flutter_is_103_only() {
    let Some(db) = common::db("ludb") else { return };
    assert_eq!(flutter_records(&db), vec!["data/103".to_string()]);
}

#[test]
fn cinc_flutter_is_q0096_only() {
    let Some(db) = common::db("cinc2020-dev") else {
        return;
    };
    assert_eq!(flutter_records(&db), vec!["Q0096".to_string()]);
}

/// The rule text names the atrial rate and the conduction, as a cardiologist reads them.
#[test]
fn q0096_reads_4_to_1() {
    let Some(db) = common::db("cinc2020-dev") else {
        return;
    };
    let rec = sinus::io::wfdb::read_record(db.join("Q0096")).unwrap();
    let r = sinus::analyze(&rec).unwrap().rhythm;
    assert_eq!(r.evidence.conduction_ratio, Some(4), "{}", r.evidence.rule);
    let rate = r.evidence.input.atrial_rate_bpm.unwrap();
    assert!((270.0..=300.0).contains(&rate), "{}", r.evidence.rule);
    assert!(
        r.evidence.rule.contains("4:1 conduction"),
        "{}",
        r.evidence.rule
    );
}

/// 10 s windows of mitdb's atrial fibrillation and sinus episodes (one every 60 s) never read
/// as flutter.
#[test]
fn mitdb_af_and_sinus_windows_are_not_flutter() {
    let Some(db) = common::db("mitdb") else {
        return;
    };
    let mut n = 0;
    for name in ["202", "203", "222"] {
        let rec = sinus::io::wfdb::read_record(db.join(name)).unwrap();
        let ann = sinus::io::annotations::read_annotations(db.join(format!("{name}.atr"))).unwrap();
        let mut episodes: Vec<(usize, String)> = ann
            .iter()
            .filter_map(|a| {
                let aux = a.aux.as_deref()?.trim_matches(char::from(0)).trim();
                aux.starts_with('(')
                    .then(|| (a.sample as usize, aux.to_string()))
            })
            .collect();
        episodes.push((rec.n_samples(), String::new()));
        let w = rec.fs().samples(10.0);
        for e in episodes.windows(2) {
            let ((s0, label), (s1, _)) = (&e[0], &e[1]);
            if label != "(AFIB" && label != "(N" {
                continue;
            }
            let mut st = s0 + rec.fs().samples(1.0);
            while st + w <= *s1 {
                let r = sinus::analyze(&rec.slice_samples(st, st + w))
                    .unwrap()
                    .rhythm;
                assert_ne!(
                    r.label,
                    L::AtrialFlutter,
                    "mitdb {name} {label} window at {st}: {}",
                    r.evidence.rule
                );
                n += 1;
                st += 6 * w;
            }
        }
    }
    assert!(n >= 80, "only {n} windows");
}
