//! Streaming filter: output independent of chunking, equal to a naive scalar reference.

use proptest::prelude::*;
use sinus::SampleRate;
use sinus::filter::{FilterError, Mains, Preset, StreamingFilter, preset_sos, sosfilt_zi};

/// scipy's `sosfilt` written the obvious way (the reference implementation), with the addition
/// order sinus uses (`(b1*x + z1) - a1*y`; scipy adds `z1` last), so results are comparable bit
/// for bit. The comparison with scipy itself is `streaming_equals_scipy_sosfilt`.
fn naive_sosfilt(sos: &[[f64; 6]], zi: Option<Vec<[f64; 2]>>, x: &[f32]) -> Vec<f32> {
    let mut z = zi.unwrap_or(vec![[0.0; 2]; sos.len()]);
    x.iter()
        .map(|&v| {
            let mut x = f64::from(v);
            for (s, z) in sos.iter().zip(z.iter_mut()) {
                let y = s[0] * x + z[0];
                z[0] = (s[1] * x + z[1]) - s[4] * y;
                z[1] = s[2] * x - s[5] * y;
                x = y;
            }
            x as f32
        })
        .collect()
}

fn signal(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed | 1;
    (0..n)
        .map(|i| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let noise = (s % 1000) as f32 / 1000.0 - 0.5;
            (i as f32 * 0.05).sin() + 0.3 * noise + 2.0
        })
        .collect()
}

fn run_chunked(f: &mut StreamingFilter, x: &[f32], cuts: &[usize]) -> Vec<f32> {
    let mut out = vec![0.0; x.len()];
    let mut pos = 0;
    for &c in cuts {
        let end = (pos + c).min(x.len());
        f.process(&x[pos..end], &mut out[pos..end]).unwrap();
        pos = end;
    }
    f.process(&x[pos..], &mut out[pos..]).unwrap();
    out
}

#[test]
fn streaming_equals_naive_sosfilt() {
    let fs = SampleRate::new(360.0).unwrap();
    let sos = preset_sos(Preset::Monitoring, Some(60.0), fs).unwrap();
    let x = signal(5000, 7);
    let mut f = StreamingFilter::new(&sos);
    let got = run_chunked(&mut f, &x, &[1, 2, 300, 1000]);
    assert_eq!(got, naive_sosfilt(sos.sections(), None, &x));
    // Steady start: scipy's sosfilt(sos, x, zi=sosfilt_zi(sos) * x[0]).
    let zi: Vec<[f64; 2]> = sosfilt_zi(&sos)
        .iter()
        .map(|z| [z[0] * f64::from(x[0]), z[1] * f64::from(x[0])])
        .collect();
    let mut f = StreamingFilter::new_steady(&sos);
    let got = run_chunked(&mut f, &x, &[4096]);
    assert_eq!(got, naive_sosfilt(sos.sections(), Some(zi), &x));
    // From a steady start a constant input is removed by the high-pass at once, with no
    // start-up transient.
    let mut f = StreamingFilter::new_steady(&sos);
    let mut out = vec![1.0; 100];
    f.process(&[2.5; 100], &mut out).unwrap();
    assert!(out.iter().all(|v| v.abs() < 1e-6), "{:?}", &out[..5]);
}

#[test]
fn streaming_rejects_bad_chunks_without_changing_state() {
    let sos = preset_sos(Preset::Monitoring, None, SampleRate::new(500.0).unwrap()).unwrap();
    let x = signal(200, 3);
    let mut f = StreamingFilter::new(&sos);
    let mut out = vec![0.0; 200];
    f.process(&x[..100], &mut out[..100]).unwrap();
    let mut bad = x[100..].to_vec();
    bad[5] = f32::NAN;
    let mut sink = vec![0.0; 100];
    let err = f.process(&bad, &mut sink).unwrap_err();
    assert!(
        matches!(err, FilterError::NonFinite { lead: 0, index: 5, value } if value.is_nan()),
        "{err}"
    );
    assert!(matches!(
        f.process(&x[100..], &mut sink[..10]),
        Err(FilterError::LengthMismatch {
            input: 100,
            output: 10
        })
    ));
    f.process(&x[100..], &mut out[100..]).unwrap();
    assert_eq!(out, naive_sosfilt(sos.sections(), None, &x));
}

proptest! {
    #![proptest_config(crate::common::proptest_config(64))]

    #[test]
    fn any_chunking_gives_identical_output(
        seed in any::<u64>(),
        n in 1usize..3000,
        cuts in proptest::collection::vec(0usize..700, 0..20),
        fs in prop_oneof![Just(250.0), Just(360.0), Just(500.0), Just(1000.0)],
        preset in prop_oneof![Just(Preset::Monitoring), Just(Preset::Diagnostic)],
        mains in prop_oneof![Just(Mains::Hz50), Just(Mains::Hz60), Just(Mains::None)],
        steady in any::<bool>(),
    ) {
        let fs = SampleRate::new(fs).unwrap();
        let f0 = match mains { Mains::Hz50 => Some(50.0), Mains::Hz60 => Some(60.0), _ => None };
        let sos = preset_sos(preset, f0, fs).unwrap();
        let x = signal(n, seed);
        let make = || if steady { StreamingFilter::new_steady(&sos) } else { StreamingFilter::new(&sos) };
        let whole = run_chunked(&mut make(), &x, &[]);
        let parts = run_chunked(&mut make(), &x, &cuts);
        prop_assert_eq!(whole.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                        parts.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
    }
}

#[derive(serde::Deserialize)]
struct Causal {
    file: String,
    fs: f64,
    n: usize,
}

#[derive(serde::Deserialize)]
struct Manifest {
    sosfilt: Causal,
}

/// StreamingFilter against scipy.signal.sosfilt (fixtures/scipy/filtfilt/sosfilt-mitdb-100.f32,
/// written by scripts/filter_filtfilt_reference.py), from rest and from the steady state.
#[test]
fn streaming_equals_scipy_sosfilt() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/scipy/filtfilt");
    let m: Manifest =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let c = m.sosfilt;
    let vals: Vec<f32> = std::fs::read(dir.join(&c.file))
        .unwrap()
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    assert_eq!(vals.len(), 3 * c.n);
    let (x, rest) = vals.split_at(c.n);
    let (rest, steady) = rest.split_at(c.n);
    let sos = preset_sos(
        Preset::Monitoring,
        Some(60.0),
        SampleRate::new(c.fs).unwrap(),
    )
    .unwrap();
    for (mut f, want, what) in [
        (StreamingFilter::new(&sos), rest, "from rest"),
        (StreamingFilter::new_steady(&sos), steady, "steady start"),
    ] {
        let got = run_chunked(&mut f, x, &[17, 500, 3]);
        let range = want.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b))
            - want.iter().fold(f32::INFINITY, |a, &b| a.min(b));
        let d = got
            .iter()
            .zip(want)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        eprintln!("sosfilt {what}: max diff {:.2e} of range", d / range);
        assert!(d / range < 1e-5, "{what}: {d} of range {range}");
    }
}
