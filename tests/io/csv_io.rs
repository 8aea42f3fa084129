//! CSV records: exact round trips, sample-rate inference, and one specific error per bad file.

use proptest::prelude::*;
use sinus::io::csv::{CsvErrorKind, CsvOptions, TimeColumn, read_csv, read_csv_from, write_csv};
use sinus::synth::{Noise, SynthConfig, generate};
use sinus::{Lead, SampleRate};
use std::path::PathBuf;

fn malformed(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/malformed")
        .join(name)
}

fn noisy(fs: f64, leads: Vec<Lead>) -> sinus::Record {
    let cfg = SynthConfig {
        duration_s: 3.0,
        fs: SampleRate::new(fs).unwrap(),
        leads,
        noise: Noise {
            emg_snr_db: Some(20.0),
            baseline_wander_mv: 0.3,
            mains: None,
        },
        ..SynthConfig::default()
    };
    generate(&cfg).unwrap().record
}

#[test]
fn write_then_read_is_exact_with_time_column_at_any_rate() {
    let dir = tempfile::tempdir().unwrap();
    for fs in [250.0, 257.3, 360.0, 1000.0] {
        let rec = noisy(fs, Lead::STANDARD_18.to_vec());
        let path = dir.path().join("r.csv");
        write_csv(&rec, &path, true).unwrap();
        let back = read_csv(&path, &CsvOptions::default()).unwrap();
        assert_eq!(back.leads(), rec.leads());
        assert_eq!(back.signals(), rec.signals(), "{fs} Hz");
        assert!(
            (back.fs().hz() - fs).abs() < 1e-9 * fs,
            "{fs} vs {}",
            back.fs()
        );
        assert_eq!(back.name(), "r");
    }
}

#[test]
fn without_time_column_the_rate_must_be_given() {
    let dir = tempfile::tempdir().unwrap();
    let rec = noisy(500.0, vec![Lead::II, Lead::V1]);
    let path = dir.path().join("r.csv");
    write_csv(&rec, &path, false).unwrap();
    let err = read_csv(&path, &CsvOptions::default()).unwrap_err();
    assert_kind!(err.kind(), CsvErrorKind::MissingSampleRate);
    assert_eq!(err.path(), Some(path.as_path()));
    let opts = CsvOptions::default().fs(rec.fs());
    let back = read_csv(&path, &opts).unwrap();
    assert_eq!(back.signals(), rec.signals());
}

#[test]
fn time_column_choices() {
    let text = "seconds,aVR,v4r\n0.0,1,2\n0.5,3,4\n1.0,5,6\n";
    let rec = read_csv_from(text.as_bytes(), &CsvOptions::default()).unwrap();
    assert_eq!(rec.leads(), &[Lead::AVR, Lead::V4R]);
    assert_eq!(rec.fs().hz(), 2.0);
    // Named column, any case.
    let named = CsvOptions::default().time_column(TimeColumn::Named("SECONDS".into()));
    assert_eq!(read_csv_from(text.as_bytes(), &named).unwrap().n_leads(), 2);
    let missing = CsvOptions::default().time_column(TimeColumn::Named("ms".into()));
    let err = read_csv_from(text.as_bytes(), &missing).unwrap_err();
    assert_kind!(err.kind(), CsvErrorKind::TimeColumnNotFound(c) if c == "ms");
    // No time column: "seconds" becomes a lead of its own.
    let none = CsvOptions::default()
        .fs(SampleRate::new(2.0).unwrap())
        .time_column(TimeColumn::None);
    let rec = read_csv_from(text.as_bytes(), &none).unwrap();
    assert_eq!(rec.leads()[0], Lead::Other("seconds".into()));
    // An explicit rate wins over a non-uniform time column.
    let uneven = "t,II\n0,1\n0.1,2\n0.5,3\n";
    let given = CsvOptions::default().fs(SampleRate::new(100.0).unwrap());
    assert_eq!(
        read_csv_from(uneven.as_bytes(), &given).unwrap().fs().hz(),
        100.0
    );
    // Only a time column: no leads.
    let err = read_csv_from("time\n0\n1\n".as_bytes(), &CsvOptions::default()).unwrap_err();
    assert_kind!(err.kind(), CsvErrorKind::NoLeadColumns);
    // Comments and whitespace are tolerated.
    let rec = read_csv_from(
        "# exported by a device\n time , II \n 0 , 0.5 \n0.002, 0.25\n".as_bytes(),
        &CsvOptions::default(),
    )
    .unwrap();
    assert_eq!(rec.lead(&Lead::II).unwrap().to_vec(), vec![0.5, 0.25]);
}

#[test]
fn malformed_fixtures_give_their_specific_errors() {
    let read = |name: &str| {
        let path = malformed(name);
        let err = read_csv(&path, &CsvOptions::default()).unwrap_err();
        assert_eq!(err.path(), Some(path.as_path()));
        assert!(err.to_string().contains(name), "{err}");
        err
    };
    match read("csv_nan.csv").kind() {
        CsvErrorKind::NonFinite {
            line,
            column,
            header,
            found,
        } => {
            assert_eq!(
                (*line, *column, header.as_str(), found.as_str()),
                (4, 2, "I", "NaN")
            );
        }
        other => panic!("csv_nan.csv: {other:?}"),
    }
    assert_kind!(
        read("csv_ragged.csv").kind(),
        CsvErrorKind::Ragged {
            line: 3,
            expected: 3,
            found: 2
        }
    );
    assert_kind!(read("csv_empty.csv").kind(), CsvErrorKind::Empty);
    assert_kind!(read("csv_header_only.csv").kind(), CsvErrorKind::NoData);
    match read("csv_not_numeric.csv").kind() {
        CsvErrorKind::NotNumeric {
            line,
            column,
            found,
            ..
        } => {
            assert_eq!((*line, *column, found.as_str()), (3, 2, "0.2mV"));
        }
        other => panic!("csv_not_numeric.csv: {other:?}"),
    }
    match read("csv_nonuniform_time.csv").kind() {
        CsvErrorKind::NonUniformTime {
            line, found_step_s, ..
        } => {
            assert_eq!(*line, 5);
            assert!((found_step_s - 0.012).abs() < 1e-12);
        }
        other => panic!("csv_nonuniform_time.csv: {other:?}"),
    }
    assert_kind!(
        read("csv_no_rate.csv").kind(),
        CsvErrorKind::MissingSampleRate
    );
}

#[test]
fn infinities_and_overflow_are_rejected() {
    for (text, found) in [("II\n1\ninf\n", "inf"), ("II\n1\n-1e39\n", "-1e39")] {
        let opts = CsvOptions::default().fs(SampleRate::new(1.0).unwrap());
        let err = read_csv_from(text.as_bytes(), &opts).unwrap_err();
        assert_kind!(
            err.kind(),
            CsvErrorKind::NonFinite {
                line: 3,
                column: 1,
                header,
                found: f
            } if header == "II" && f == found
        );
    }
}

#[test]
fn writing_nan_is_an_error() {
    let mut rec = noisy(250.0, vec![Lead::I, Lead::V2]);
    rec.signals_mut()[[1, 17]] = f32::NAN;
    let dir = tempfile::tempdir().unwrap();
    let err = write_csv(&rec, dir.path().join("x.csv"), true).unwrap_err();
    assert_kind!(
        err.kind(),
        CsvErrorKind::NonFiniteSample {
            lead: Lead::V2,
            sample: 17
        }
    );
}

#[test]
fn invalid_utf8_is_a_syntax_error_with_its_line() {
    let bytes = b"II\n0.1\n\xff\xfe\n";
    let opts = CsvOptions::default().fs(SampleRate::new(1.0).unwrap());
    let err = read_csv_from(&bytes[..], &opts).unwrap_err();
    assert!(
        matches!(err.kind(), CsvErrorKind::Syntax { line: Some(3), .. }),
        "{err:?}"
    );
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = read_csv_from(&bytes[..], &CsvOptions::default());
    }

    #[test]
    fn csv_like_text_never_panics(text in "[tIimeV0-9., \\-\nnaNfE#]{0,300}", fs in proptest::option::of(0.5f64..1000.0)) {
        let opts = CsvOptions::default().fs(fs.map(|f| SampleRate::new(f).unwrap()));
        if let Ok(rec) = read_csv_from(text.as_bytes(), &opts) {
            prop_assert!(rec.n_samples() >= 1 && rec.n_leads() >= 1);
            prop_assert!(rec.signals().iter().all(|v| v.is_finite()));
        }
    }
}
