//! Zero-phase filtering against scipy.signal.sosfiltfilt on PhysioNet excerpts
//! (fixtures/scipy/filtfilt, written by scripts/filter_filtfilt_reference.py).

use ndarray::Array2;
use serde::Deserialize;
use sinus::filter::{Preset, preset_sos, sosfiltfilt, sosfiltfilt_rows};
use sinus::{Lead, Record, SampleRate};
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Manifest {
    excerpts: Vec<Excerpt>,
}

#[derive(Deserialize)]
struct Excerpt {
    file: String,
    db: String,
    fs: f64,
    leads: Vec<String>,
    n: usize,
    presets: Vec<(String, f64)>,
    sos: BTreeMap<String, Vec<[f64; 6]>>,
}

fn dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/scipy/filtfilt")
}

fn load(e: &Excerpt) -> Vec<Array2<f32>> {
    let bytes = std::fs::read(dir().join(&e.file)).expect("fixture file");
    let vals: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let block = e.leads.len() * e.n;
    assert_eq!(vals.len(), block * (1 + e.presets.len()), "{}", e.file);
    vals.chunks(block)
        .map(|c| Array2::from_shape_vec((e.leads.len(), e.n), c.to_vec()).unwrap())
        .collect()
}

fn preset(name: &str) -> Preset {
    match name {
        "monitoring" => Preset::Monitoring,
        "diagnostic" => Preset::Diagnostic,
        other => panic!("unknown preset {other}"),
    }
}

/// Largest |ours - scipy| over a lead, relative to that lead's range in scipy's output.
fn rel_diff(ours: &Array2<f32>, want: &Array2<f32>) -> f64 {
    let mut worst = 0.0f64;
    for (a, b) in ours.rows().into_iter().zip(want.rows()) {
        let (lo, hi) = b
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(l, h), &v| {
                (l.min(v), h.max(v))
            });
        let range = f64::from(hi - lo).max(1e-6);
        let d = a
            .iter()
            .zip(b.iter())
            .map(|(x, y)| f64::from((x - y).abs()))
            .fold(0.0, f64::max);
        worst = worst.max(d / range);
    }
    worst
}

#[test]
fn sosfiltfilt_equals_scipy_on_physionet_excerpts() {
    let text = std::fs::read_to_string(dir().join("manifest.json")).expect("manifest");
    let m: Manifest = serde_json::from_str(&text).expect("manifest parses");
    let mut per_db: BTreeMap<String, f64> = BTreeMap::new();
    for e in &m.excerpts {
        let blocks = load(e);
        let fs = SampleRate::new(e.fs).unwrap();
        for (k, (name, mains)) in e.presets.iter().enumerate() {
            // Our cascade is scipy's cascade.
            let sos = preset_sos(preset(name), Some(*mains), fs).unwrap();
            let want_sos = &e.sos[name];
            assert_eq!(sos.len(), want_sos.len(), "{} {name}", e.file);
            for (a, b) in sos.sections().iter().zip(want_sos) {
                for j in 0..6 {
                    assert!(
                        (a[j] - b[j]).abs() <= 1e-12,
                        "{} {name}: {a:?} vs {b:?}",
                        e.file
                    );
                }
            }
            let mut ours = blocks[0].clone();
            sosfiltfilt_rows(&sos, ours.view_mut()).unwrap();
            let d = rel_diff(&ours, &blocks[k + 1]);
            eprintln!("{} {name}+{mains} Hz: max diff {d:.2e} of range", e.file);
            assert!(d < 1e-5, "{} {name}: max diff {d:e} of range", e.file);
            let w = per_db.entry(e.db.clone()).or_insert(0.0);
            *w = w.max(d);
            // The one-lead entry point gives the same samples as the multi-lane path.
            let single = sosfiltfilt(&sos, blocks[0].row(0).as_slice().unwrap()).unwrap();
            assert_eq!(single.as_slice(), ours.row(0).as_slice().unwrap());
            // condition() on a Record gives the same too.
            let leads: Vec<Lead> = e.leads.iter().map(|s| Lead::parse(s)).collect();
            let rec = Record::new("x", leads, fs, blocks[0].clone()).unwrap();
            let c = sinus::filter::Conditioning::new(
                preset(name),
                if *mains == 50.0 {
                    sinus::filter::Mains::Hz50
                } else {
                    sinus::filter::Mains::Hz60
                },
            );
            let out = sinus::filter::condition(&rec, &c).unwrap();
            assert_eq!(out.mains_hz, Some(*mains));
            assert_eq!(out.record.signals(), ours.view());
        }
    }
    assert_eq!(per_db.len(), 3, "{per_db:?}");
    eprintln!("largest difference from scipy per database (fraction of range): {per_db:?}");
}
