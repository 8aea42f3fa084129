//! WAV records: round trips within the quantisation step for every format, no silent clipping,
//! and one specific error per bad file.

use proptest::prelude::*;
use sinus::io::wav::{
    WavErrorKind, WavOptions, WavSampleFormat, read_wav, read_wav_from, write_wav,
};
use sinus::synth::{Noise, SynthConfig, generate};
use sinus::{Lead, Record, SampleRate};
use std::path::PathBuf;

fn malformed(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/malformed")
        .join(name)
}

fn noisy(fs: f64, leads: Vec<Lead>) -> Record {
    let cfg = SynthConfig {
        duration_s: 3.0,
        fs: SampleRate::new(fs).unwrap(),
        leads,
        noise: Noise {
            emg_snr_db: Some(20.0),
            baseline_wander_mv: 0.5,
            mains: None,
        },
        ..SynthConfig::default()
    };
    generate(&cfg).unwrap().record
}

fn max_abs_diff(a: &Record, b: &Record) -> f64 {
    (&a.signals() - &b.signals())
        .iter()
        .fold(0.0f64, |m, d| m.max(f64::from(d.abs())))
}

#[test]
fn round_trip_within_the_quantisation_step_for_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let rec = noisy(500.0, Lead::STANDARD_18.to_vec());
    // (format, gain µV/unit, allowed error mV): half a step, plus f32 rounding of the mV value.
    let cases = [
        (WavSampleFormat::Int16, 1.0, 0.0005),
        (WavSampleFormat::Int16, 5.0, 0.0025),
        (WavSampleFormat::Int24, 0.01, 0.000005),
        (WavSampleFormat::Int32, 0.0001, 0.00000005),
        (WavSampleFormat::Float32, 1000.0, 0.0),
        (WavSampleFormat::Float32, 1.0, 1e-6),
    ];
    for (format, gain, step) in cases {
        let path = dir.path().join("r.wav");
        write_wav(&rec, &path, format, gain).unwrap();
        let opts = WavOptions::new(gain).leads(rec.leads().to_vec());
        let back = read_wav(&path, &opts).unwrap();
        assert_eq!(back.fs(), rec.fs());
        assert_eq!(back.leads(), rec.leads());
        assert_eq!(back.n_samples(), rec.n_samples());
        assert_eq!(back.name(), "r");
        let err = max_abs_diff(&back, &rec);
        // f32 holds ~7 digits: allow its rounding of values up to a few mV.
        let tol = step + 4.0 * f64::from(f32::EPSILON) * 4.0;
        assert!(
            err <= tol,
            "{format:?} at {gain} µV: error {err} mV > {tol}"
        );
        // The quantisation really happened (for integers) — the test would catch a lossy path.
        if format != WavSampleFormat::Float32 && gain >= 1.0 {
            assert!(err > step / 10.0, "{format:?}: suspiciously exact ({err})");
        }
    }
}

#[test]
fn unnamed_channels_and_lead_count() {
    let dir = tempfile::tempdir().unwrap();
    let rec = noisy(250.0, vec![Lead::I, Lead::II, Lead::V1]);
    let path = dir.path().join("r.wav");
    write_wav(&rec, &path, WavSampleFormat::Int16, 1.0).unwrap();
    let back = read_wav(&path, &WavOptions::new(1.0).leads(vec![])).unwrap();
    assert_eq!(back.leads()[2], Lead::Other("ch3".into()));
    let err = read_wav(&path, &WavOptions::new(1.0).leads(vec![Lead::II])).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            WavErrorKind::LeadCount {
                leads: 1,
                channels: 3
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("1 lead names given for 3 channels"),
        "{err}"
    );
    for gain in [0.0, -1.0, f64::NAN] {
        let err = read_wav(&path, &WavOptions::new(gain).leads(vec![])).unwrap_err();
        assert!(matches!(err.kind(), WavErrorKind::InvalidGain(_)));
    }
}

#[test]
fn eight_bit_files_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.wav");
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 128,
        bits_per_sample: 8,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(&path, spec).unwrap();
    for v in [-128i8, -1, 0, 1, 127] {
        w.write_sample(v).unwrap();
    }
    w.finalize().unwrap();
    let rec = read_wav(&path, &WavOptions::new(10.0).leads(vec![Lead::II])).unwrap();
    assert_eq!(
        rec.lead(&Lead::II).unwrap().to_vec(),
        vec![-1.28, -0.01, 0.0, 0.01, 1.27]
    );
    assert_eq!(rec.fs().hz(), 128.0);
}

#[test]
fn writing_never_clips_silently() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.wav");
    let mut rec = noisy(250.0, vec![Lead::II, Lead::V2]);
    rec.signals_mut()[[1, 40]] = 40.0; // 40 mV does not fit 16 bits at 1 µV per unit
    let err = write_wav(&rec, &path, WavSampleFormat::Int16, 1.0).unwrap_err();
    match err.kind() {
        WavErrorKind::OutOfRange {
            lead,
            sample,
            value_mv,
            max_mv,
            ..
        } => {
            assert_eq!((lead, *sample, *value_mv), (&Lead::V2, 40, 40.0));
            assert!((max_mv - 32.767).abs() < 1e-9);
        }
        other => panic!("{other:?}"),
    }
    assert!(!path.exists(), "nothing is written on error");
    // It fits at a coarser gain, and in 24 bits.
    write_wav(&rec, &path, WavSampleFormat::Int16, 2.0).unwrap();
    write_wav(&rec, &path, WavSampleFormat::Int24, 1.0).unwrap();

    rec.signals_mut()[[0, 3]] = f32::NAN;
    let err = write_wav(&rec, &path, WavSampleFormat::Int24, 1.0).unwrap_err();
    assert!(matches!(
        err.kind(),
        WavErrorKind::NonFiniteSample {
            lead: Lead::II,
            sample: 3
        }
    ));
    // Float files carry NaN through.
    write_wav(&rec, &path, WavSampleFormat::Float32, 1000.0).unwrap();
    let back = read_wav(&path, &WavOptions::new(1000.0).leads(vec![])).unwrap();
    assert!(back.signals()[[0, 3]].is_nan());

    let odd = noisy(257.3, vec![Lead::II]);
    let err = write_wav(&odd, &path, WavSampleFormat::Int16, 1.0).unwrap_err();
    assert!(matches!(err.kind(), WavErrorKind::NonIntegerSampleRate(hz) if *hz == 257.3));
}

#[test]
fn malformed_fixtures_give_their_specific_errors() {
    let read = |name: &str| {
        let path = malformed(name);
        let err = read_wav(&path, &WavOptions::new(1.0).leads(vec![])).unwrap_err();
        assert_eq!(err.path(), Some(path.as_path()));
        assert!(err.to_string().contains(name), "{err}");
        err
    };
    let e = read("wav_truncated.wav");
    assert!(
        matches!(
            e.kind(),
            WavErrorKind::Truncated {
                expected: 200,
                found: 5
            }
        ),
        "{e:?}"
    );
    let e = read("wav_zero_channels.wav");
    assert!(
        matches!(e.kind(), WavErrorKind::Hound(hound::Error::FormatError(m)) if m.contains("zero channels")),
        "{e:?}"
    );
    let e = read("wav_zero_rate.wav");
    assert!(matches!(e.kind(), WavErrorKind::ZeroSampleRate), "{e:?}");
    let e = read("wav_not_riff.wav");
    assert!(
        matches!(e.kind(), WavErrorKind::Hound(hound::Error::FormatError(m)) if m.contains("RIFF")),
        "{e:?}"
    );
    let e = read("wav_header_cut.wav");
    assert!(
        matches!(e.kind(), WavErrorKind::Hound(hound::Error::FormatError(_))),
        "{e:?}"
    );
    let e = read("wav_12bit.wav");
    assert!(
        matches!(e.kind(), WavErrorKind::Hound(hound::Error::FormatError(m)) if m.contains("multiple of 8")),
        "{e:?}"
    );
    let e = read_wav(
        malformed("does_not_exist.wav"),
        &WavOptions::new(1.0).leads(vec![]),
    )
    .unwrap_err();
    assert!(matches!(e.kind(), WavErrorKind::Io(_)));
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = read_wav_from(&bytes[..], &WavOptions::new(1.0).leads(vec![]));
    }

    #[test]
    fn corrupted_headers_never_panic(pos in 0usize..60, byte in any::<u8>(), cut in 0usize..200) {
        let rec = Record::new(
            "p",
            vec![Lead::I, Lead::II],
            SampleRate::new(100.0).unwrap(),
            ndarray::Array2::from_shape_fn((2, 30), |(k, i)| (k as f32 + 1.0) * i as f32 / 30.0),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.wav");
        write_wav(&rec, &path, WavSampleFormat::Int16, 1.0).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        if pos < bytes.len() {
            bytes[pos] = byte;
        }
        bytes.truncate(cut.max(1).min(bytes.len()));
        let _ = read_wav_from(&bytes[..], &WavOptions::new(1.0).leads(vec![]));
    }
}
