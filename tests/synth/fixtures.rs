//! The committed synthetic fixtures: every format holds the same record, and the truth files
//! match the signals.

use sinus::io::csv::{CsvOptions, read_csv};
use sinus::io::wav::{WavOptions, read_wav};
use sinus::synth::{BeatKind, GroundTruth, Rhythm};
use sinus::{Lead, Record};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/synth")
}

fn truth(name: &str) -> GroundTruth {
    let text = std::fs::read_to_string(dir().join(format!("{name}.truth.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn csv(name: &str) -> Record {
    read_csv(dir().join(format!("{name}.csv")), &CsvOptions::default()).unwrap()
}

#[test]
fn every_format_holds_the_same_record() {
    for name in ["sinus12", "sinus18", "af12", "pvc12"] {
        let rec = csv(name);
        assert_eq!(rec.fs().hz(), 250.0, "{name}");
        assert_eq!(rec.n_samples(), 2500, "{name}");
        let expect_leads = if name == "sinus18" { 18 } else { 12 };
        assert_eq!(rec.n_leads(), expect_leads);
        let mut formats = vec![(format!("{name}.i16.wav"), 1.0)];
        if name.starts_with("sinus") {
            formats.push((format!("{name}.f32.wav"), 1000.0));
        }
        for (file, gain) in formats {
            let opts = WavOptions::new(gain).leads(rec.leads().to_vec());
            let wav = read_wav(dir().join(&file), &opts).unwrap();
            assert_eq!(wav.fs(), rec.fs(), "{file}");
            let diff = (&wav.signals() - &rec.signals())
                .iter()
                .fold(0.0f32, |m, d| m.max(d.abs()));
            // Both hold the same 1 µV-quantised values; only f32 rounding may differ.
            assert!(diff < 1e-6, "{file}: max difference {diff} mV");
        }
        // Quantised to 1 µV, limb relations hold to within the rounding of each lead.
        let d = rec.derived_limb_leads().unwrap();
        let err = (&rec.lead(&Lead::AVF).unwrap() - &d.avf)
            .iter()
            .fold(0.0f32, |m, v| m.max(v.abs()));
        assert!(
            err <= 0.00151,
            "{name}: aVF vs II − I/2 differs by {err} mV"
        );
    }
}

#[test]
fn truth_matches_signal() {
    for name in ["sinus12", "sinus18", "af12", "pvc12"] {
        let t = truth(name);
        let rec = csv(name);
        assert_eq!(t.fs, rec.fs());
        let ii = rec.lead(&Lead::II).unwrap();
        let n = ii.len();
        assert!(t.beats.len() >= 10, "{name}");
        for b in t.beats.iter().filter(|b| b.kind == BeatKind::Normal) {
            if b.r_peak < 15 || b.r_peak + 15 >= n {
                continue;
            }
            // The R peak stands above its ±60 ms neighbourhood (noise and wander included).
            let lo = ii.slice(ndarray::s![b.r_peak - 15..=b.r_peak + 15]);
            let argmax = lo
                .iter()
                .enumerate()
                .fold(0, |a, (i, &v)| if v > lo[a] { i } else { a });
            assert!(
                argmax.abs_diff(15) <= 1,
                "{name}: R at {} but max at {}",
                b.r_peak,
                b.r_peak - 15 + argmax
            );
        }
    }
    let af = truth("af12");
    assert_eq!(af.rhythm, Rhythm::AtrialFibrillation);
    assert!(af.beats.iter().all(|b| b.p_onset.is_none()));
    let pvc = truth("pvc12");
    let v: Vec<usize> = pvc
        .beats
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind == BeatKind::Ventricular)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(v, vec![3, 8]);
    assert_eq!(truth("sinus12").rhythm, Rhythm::Sinus);
}

#[test]
fn wfdb_copies_match_csv_and_truth() {
    for name in ["sinus12", "sinus18", "af12", "pvc12"] {
        let rec = csv(name);
        let wfdb = sinus::io::wfdb::read_record(dir().join(name)).unwrap();
        assert_eq!(wfdb.leads(), rec.leads());
        assert_eq!(wfdb.fs(), rec.fs());
        let diff = (&wfdb.signals() - &rec.signals())
            .iter()
            .fold(0.0f32, |m, d| m.max(d.abs()));
        assert!(diff < 1e-6, "{name}: WFDB vs CSV differ by {diff} mV");
        let atr =
            sinus::io::annotations::read_annotations(dir().join(format!("{name}.atr"))).unwrap();
        assert_eq!(atr, truth(name).annotations(), "{name}.atr");
    }
}
