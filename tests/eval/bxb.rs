//! The EC57 evaluator reproduces WFDB `bxb`'s per-record counts for three reference detectors
//! on all 48 MIT-BIH records, from t = 0 (`bxb -f 0`) and in the EC57 standard mode (after the
//! 5-minute learning period). The bxb outputs are in reference/mitdb-detectors/.

use crate::common;

use sinus::SampleRate;
use sinus::eval::beats::{Counts, EvalOptions, compare_annotations};
use sinus::io::annotations::read_annotations;
use std::collections::BTreeMap;
use std::path::Path;

/// Per-record TP/FN/FP from a `bxb -L` line-format report (as summed by `sumstats`), keyed by
/// record name, plus the `Sum` line under the key "Sum".
fn parse_bxb(path: &Path) -> BTreeMap<String, Counts> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 20 || !(f[0] == "Sum" || f[0].chars().all(|c| c.is_ascii_digit())) {
            continue;
        }
        let n = |i: usize| -> u64 { f[i].parse().unwrap() };
        // Columns: Nn' Sn' Vn' Fn' On' | Ns Ss Vs Fs' Os' | Nv Sv Vv Fv' Ov' | No' So' Vo' Fo'.
        let tp = (1..=4).chain(6..=9).chain(11..=14).map(n).sum();
        let fp = n(5) + n(10) + n(15);
        let fn_ = (16..=19).map(n).sum();
        out.insert(f[0].to_string(), Counts { tp, fn_, fp });
    }
    out
}

/// Sampling frequency and length in samples from a WFDB header's record line.
fn header(path: &Path) -> (f64, u64) {
    let text = std::fs::read_to_string(path).unwrap();
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap();
    let f: Vec<&str> = line.split_whitespace().collect();
    let fs: f64 = f[2].split(['/', '(']).next().unwrap().parse().unwrap();
    (fs, f[3].parse().unwrap())
}

#[test]
fn reproduces_bxb_for_gqrs_xqrs_and_pantompkins() {
    let (Some(mitdb), Some(refdir)) =
        (common::db("mitdb"), common::db("reference/mitdb-detectors"))
    else {
        return;
    };
    let records = common::records(&mitdb);
    assert_eq!(records.len(), 48);
    let detectors = [
        ("gqrs", "qrs"),
        ("xqrs", "xqrs"),
        ("pantompkins", "pantompkins"),
    ];
    let modes = [("bxb-f0.txt", false), ("bxb-standard.txt", true)];

    // Load every file once.
    let mut refs = Vec::new();
    for r in &records {
        let (fs, len) = header(&mitdb.join(format!("{r}.hea")));
        let atr = read_annotations(mitdb.join(format!("{r}.atr"))).unwrap();
        refs.push((r.clone(), SampleRate::new(fs).unwrap(), len, atr));
    }

    let mut mismatches = Vec::new();
    let mut checked = 0;
    for (det, ext) in detectors {
        let tests: Vec<_> = records
            .iter()
            .map(|r| read_annotations(refdir.join(det).join(format!("{r}.{ext}"))).unwrap())
            .collect();
        for (file, standard) in modes {
            let expected = parse_bxb(&refdir.join(det).join(file));
            assert_eq!(
                expected.len(),
                49,
                "{det}/{file}: 48 records and the Sum line"
            );
            let mut gross = Counts::default();
            for ((name, fs, len, atr), test) in refs.iter().zip(&tests) {
                let opts = if standard {
                    EvalOptions::ec57()
                } else {
                    EvalOptions::from_zero()
                }
                .end(*len);
                let got = compare_annotations(atr, test, *fs, &opts);
                gross += got;
                checked += 1;
                if got != expected[name] {
                    mismatches.push(format!(
                        "{det} {file} {name}: got {got:?}, bxb {:?}",
                        expected[name]
                    ));
                }
            }
            assert_eq!(gross, expected["Sum"], "{det} {file}: gross counts");
            let s = gross.score();
            eprintln!(
                "{det:12} {file:17} gross Se {:.2} +P {:.2} (TP {} FN {} FP {})",
                100.0 * s.se.unwrap(),
                100.0 * s.ppv.unwrap(),
                s.tp,
                s.fn_,
                s.fp
            );
        }
    }
    assert_eq!(checked, 3 * 2 * 48);
    assert!(
        mismatches.is_empty(),
        "{} differences:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// The class matrix of the comparison reproduces every column of `bxb -L`'s report lines for
/// the three reference detectors (which call every beat N): its class mapping (escape beats as
/// S, paced beats as Q) and the F/Q columns it merges. `evaluate classes --lines` prints the
/// same line for sinus's own classes.
#[test]
fn class_matrix_reproduces_bxb_lines() {
    use sinus::annotation::AamiClass;
    use sinus::eval::classes::{ClassMapping, compare_classes, map_class};
    let (Some(mitdb), Some(refdir)) =
        (common::db("mitdb"), common::db("reference/mitdb-detectors"))
    else {
        return;
    };
    let mut checked = 0;
    for (det, ext) in [
        ("gqrs", "qrs"),
        ("xqrs", "xqrs"),
        ("pantompkins", "pantompkins"),
    ] {
        let text = std::fs::read_to_string(refdir.join(det).join("bxb-f0.txt")).unwrap();
        for line in text.lines() {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() < 20 || !f[0].chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let want: Vec<u64> = f[1..20].iter().map(|v| v.parse().unwrap()).collect();
            let r = f[0];
            let (fs, len) = header(&mitdb.join(format!("{r}.hea")));
            let atr = read_annotations(mitdb.join(format!("{r}.atr"))).unwrap();
            let test: Vec<(u64, AamiClass)> =
                read_annotations(refdir.join(det).join(format!("{r}.{ext}")))
                    .unwrap()
                    .iter()
                    .filter(|a| a.code.is_beat())
                    .map(|a| (a.sample, map_class(a.code, ClassMapping::Bxb).unwrap()))
                    .collect();
            let c = compare_classes(
                &atr,
                &test,
                SampleRate::new(fs).unwrap(),
                &EvalOptions::from_zero().end(len),
                ClassMapping::Bxb,
            );
            assert_eq!(c.bxb_line().to_vec(), want, "{det} {r}");
            checked += 1;
        }
    }
    assert_eq!(checked, 3 * 48);
}
