//! Bad input gives typed errors, never a panic or a NaN-filled lead (a missing sample stays
//! missing, and only it).

use ndarray::Array2;
use proptest::prelude::*;
use sinus::filter::design::{Band, butter};
use sinus::filter::{
    Conditioning, FilterError, Mains, Preset, condition, padlen, preset_sos, sosfiltfilt,
    sosfiltfilt_rows,
};
use sinus::{Lead, Record, SampleRate};

fn rec(fs: f64, x: Array2<f32>) -> Record {
    let leads = (0..x.nrows())
        .map(|k| Lead::parse(&format!("L{k}")))
        .collect();
    Record::new("t", leads, SampleRate::new(fs).unwrap(), x).unwrap()
}

fn sine(rows: usize, n: usize) -> Array2<f32> {
    Array2::from_shape_fn((rows, n), |(k, i)| ((i + 7 * k) as f32 * 0.02).sin())
}

#[test]
fn nan_and_inf_name_lead_and_sample() {
    // Whole-record conditioning reads across a missing sample and keeps it missing; the
    // low-level filters refuse it, naming lead and sample.
    let mut x = sine(3, 2000);
    x[[2, 1234]] = f32::NAN;
    let r = rec(500.0, x.clone());
    let out = condition(&r, &Conditioning::default()).unwrap().record;
    for ((k, t), v) in out.signals().indexed_iter() {
        assert_eq!(v.is_nan(), (k, t) == (2, 1234), "lead {k} sample {t}: {v}");
    }
    x[[2, 1234]] = 0.0;
    x[[1, 5]] = f32::INFINITY;
    let sos = preset_sos(Preset::Monitoring, None, SampleRate::new(500.0).unwrap()).unwrap();
    let before = x.clone();
    let err = sosfiltfilt_rows(&sos, x.view_mut()).unwrap_err();
    assert_eq!(
        err,
        FilterError::NonFinite {
            lead: 1,
            index: 5,
            value: f32::INFINITY
        }
    );
    assert_eq!(x, before, "nothing written on error");
    assert!(matches!(
        sosfiltfilt(&sos, &[1.0, f32::NEG_INFINITY, 0.0]),
        Err(FilterError::NonFinite { index: 1, .. }) | Err(FilterError::TooShort { .. })
    ));
}

#[test]
fn too_short_reports_lengths() {
    let fs = SampleRate::new(500.0).unwrap();
    let sos = preset_sos(Preset::Monitoring, Some(50.0), fs).unwrap();
    let pad = padlen(&sos);
    assert_eq!(pad, 3 * (2 * sos.len() + 1)); // every section is second order
    let err = sosfiltfilt(&sos, &vec![0.0; pad]).unwrap_err();
    assert_eq!(
        err,
        FilterError::TooShort {
            len: pad,
            padlen: pad
        }
    );
    assert!(sosfiltfilt(&sos, &vec![0.0; pad + 1]).is_ok());
    let r = rec(500.0, sine(12, 20));
    let c = Conditioning::new(Preset::Monitoring, Mains::Hz50);
    assert!(matches!(
        condition(&r, &c),
        Err(FilterError::TooShort { len: 20, .. })
    ));
    // First-order sections shorten scipy's padding: butter(1) has b2 = a2 = 0.
    let lp1 = butter(1, Band::Lowpass(10.0), fs).unwrap();
    assert_eq!(padlen(&lp1), 6);
}

#[test]
fn sample_rate_too_low_for_preset_is_a_design_error() {
    let r = rec(60.0, sine(1, 600));
    let err = condition(&r, &Conditioning::default()).unwrap_err();
    assert!(
        matches!(err, FilterError::CutoffAboveNyquist { cutoff, nyquist } if cutoff == 40.0 && nyquist == 30.0),
        "{err}"
    );
}

#[test]
fn empty_record_is_fine() {
    let r = rec(500.0, Array2::zeros((0, 1000)));
    let out = condition(&r, &Conditioning::default()).unwrap();
    assert_eq!(out.record.n_leads(), 0);
}

proptest! {
    #![proptest_config(crate::common::proptest_config(128))]

    #[test]
    fn design_never_panics(order in 0usize..12, lo in -10.0f64..600.0, hi in -10.0f64..600.0,
                           fs in 1.0f64..2000.0, kind in 0u8..4) {
        let fs = SampleRate::new(fs).unwrap();
        let band = match kind { 0 => Band::Lowpass(lo), 1 => Band::Highpass(lo),
                                2 => Band::Bandpass(lo, hi), _ => Band::Bandstop(lo, hi) };
        if let Ok(sos) = butter(order, band, fs) {
            prop_assert!(sos.sections().iter().flatten().all(|c| c.is_finite()));
        }
    }

    #[test]
    fn condition_never_panics_and_never_returns_nan(
        rows in 0usize..6, n in 0usize..400, fs in prop_oneof![Just(100.0), Just(250.0), Just(360.0), Just(500.0)],
        vals in proptest::collection::vec(prop_oneof![
            8 => -5.0f32..5.0, 1 => Just(f32::NAN), 1 => Just(f32::INFINITY), 1 => Just(1e30f32)], 1..50),
        preset in prop_oneof![Just(Preset::Monitoring), Just(Preset::Diagnostic)],
        mains in prop_oneof![Just(Mains::Hz50), Just(Mains::Hz60), Just(Mains::Auto), Just(Mains::None)],
    ) {
        let x = Array2::from_shape_fn((rows, n), |(k, i)| vals[(i * 31 + k * 7) % vals.len()]);
        let r = rec(fs, x);
        if let Ok(out) = condition(&r, &Conditioning::new(preset, mains)) {
            // Missing exactly where the input was not finite, nowhere else.
            for (o, i) in out.record.signals().iter().zip(r.signals().iter()) {
                prop_assert_eq!(o.is_nan(), !i.is_finite(), "in {} out {}", i, o);
            }
        }
    }
}

/// Views that are not row-contiguous (column-major, strided) give the same result.
#[test]
fn any_memory_layout_gives_the_same_result() {
    let fs = SampleRate::new(360.0).unwrap();
    let sos = preset_sos(Preset::Diagnostic, Some(60.0), fs).unwrap();
    let x = sine(5, 1500);
    let mut want = x.clone();
    sosfiltfilt_rows(&sos, want.view_mut()).unwrap();
    // Column-major copy.
    let mut t = Array2::<f32>::zeros((1500, 5));
    t.assign(&x.t());
    let mut cm = t.reversed_axes();
    assert!(cm.row(0).as_slice().is_none());
    sosfiltfilt_rows(&sos, cm.view_mut()).unwrap();
    assert_eq!(cm, want);
    // Every other row of a taller array.
    let mut tall = Array2::<f32>::zeros((10, 1500));
    tall.slice_mut(ndarray::s![..;2, ..]).assign(&x);
    sosfiltfilt_rows(&sos, tall.slice_mut(ndarray::s![..;2, ..])).unwrap();
    assert_eq!(tall.slice(ndarray::s![..;2, ..]), want);
    assert!(tall.slice(ndarray::s![1..;2, ..]).iter().all(|&v| v == 0.0));
}
