//! Butterworth and notch coefficients against scipy (fixtures/scipy/filter_design.json,
//! written by scripts/filter_design_reference.py).

use serde::Deserialize;
use sinus::SampleRate;
use sinus::filter::FilterError;
use sinus::filter::design::{Band, butter, iirnotch};

#[derive(Deserialize)]
struct Table {
    designs: Vec<Design>,
}

#[derive(Deserialize)]
struct Design {
    kind: String,
    #[serde(default)]
    order: usize,
    #[serde(default)]
    btype: String,
    fs: f64,
    #[serde(default)]
    wn: Vec<f64>,
    #[serde(default)]
    f0: f64,
    #[serde(default)]
    q: f64,
    sos: Vec<[f64; 6]>,
}

const TOL: f64 = 1e-12;

#[test]
fn coefficients_equal_scipy() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/scipy/filter_design.json"
    ))
    .expect("fixture present");
    let table: Table = serde_json::from_str(&text).expect("fixture parses");
    assert!(table.designs.len() > 500);
    let mut worst = 0.0f64;
    let mut kinds = std::collections::BTreeMap::new();
    for d in &table.designs {
        let fs = SampleRate::new(d.fs).unwrap();
        let sos = if d.kind == "iirnotch" {
            iirnotch(d.f0, d.q, fs)
        } else {
            let band = match (d.btype.as_str(), d.wn.as_slice()) {
                ("lowpass", [f]) => Band::Lowpass(*f),
                ("highpass", [f]) => Band::Highpass(*f),
                ("bandpass", [lo, hi]) => Band::Bandpass(*lo, *hi),
                ("bandstop", [lo, hi]) => Band::Bandstop(*lo, *hi),
                other => panic!("unexpected design {other:?}"),
            };
            butter(d.order, band, fs)
        }
        .unwrap_or_else(|e| panic!("{} {} {:?} fs {}: {e}", d.kind, d.btype, d.wn, d.fs));
        assert_eq!(
            sos.len(),
            d.sos.len(),
            "{} order {} {} {:?} fs {}: section count",
            d.kind,
            d.order,
            d.btype,
            d.wn,
            d.fs
        );
        for (i, (a, b)) in sos.sections().iter().zip(&d.sos).enumerate() {
            for j in 0..6 {
                let err = (a[j] - b[j]).abs();
                worst = worst.max(err);
                assert!(
                    err <= TOL,
                    "{} order {} {} {:?} f0 {} fs {}: section {i} coef {j}: {} vs scipy {} (diff {err:e})",
                    d.kind,
                    d.order,
                    d.btype,
                    d.wn,
                    d.f0,
                    d.fs,
                    a[j],
                    b[j]
                );
            }
        }
        *kinds.entry(format!("{} {}", d.kind, d.btype)).or_insert(0) += 1;
    }
    eprintln!("max |coefficient - scipy| = {worst:e} over {kinds:?}");
}

#[test]
fn bad_designs_are_typed_errors() {
    let fs = SampleRate::new(500.0).unwrap();
    assert!(matches!(
        butter(0, Band::Lowpass(40.0), fs),
        Err(FilterError::InvalidOrder { order: 0, max: 8 })
    ));
    assert!(matches!(
        butter(9, Band::Lowpass(40.0), fs),
        Err(FilterError::InvalidOrder { order: 9, .. })
    ));
    assert!(matches!(
        butter(2, Band::Lowpass(250.0), fs),
        Err(FilterError::CutoffAboveNyquist { cutoff, nyquist }) if cutoff == 250.0 && nyquist == 250.0
    ));
    assert!(matches!(
        butter(2, Band::Highpass(0.0), fs),
        Err(FilterError::CutoffNotPositive { .. })
    ));
    assert!(matches!(
        butter(2, Band::Highpass(f64::NAN), fs),
        Err(FilterError::CutoffNotPositive { .. })
    ));
    assert!(matches!(
        butter(2, Band::Bandpass(40.0, 10.0), fs),
        Err(FilterError::BandEdges { .. })
    ));
    assert!(matches!(
        butter(2, Band::Bandstop(10.0, 300.0), fs),
        Err(FilterError::CutoffAboveNyquist { .. })
    ));
    assert!(matches!(
        iirnotch(50.0, 0.0, fs),
        Err(FilterError::InvalidQ { .. })
    ));
    assert!(matches!(
        iirnotch(260.0, 30.0, fs),
        Err(FilterError::CutoffAboveNyquist { .. })
    ));
}
