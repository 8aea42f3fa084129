//! The monitor's filter stage (scipy-exact sections in `biquad`'s DF2T) against the crate's own
//! `StreamingFilter`: the same bits, on real records, whatever the chunking.

use crate::{common, stream};
use sinus::filter::{Mains, Preset, StreamingFilter, preset_sos};
use sinus::monitor::{Cascade, MonitorConfig};

fn chunked(c: &mut Cascade, x: &[f32], size: usize) -> Vec<f32> {
    let mut out = vec![0.0; x.len()];
    for (a, b) in x.chunks(size).zip(out.chunks_mut(size)) {
        c.process(a, b).unwrap();
    }
    out
}

#[test]
fn cascade_equals_streaming_filter_on_physionet() {
    let (Some(ludb), Some(mitdb)) = (common::db("ludb/data"), common::db("mitdb")) else {
        return;
    };
    let ludb1 = sinus::io::wfdb::read_record(ludb.join("1")).unwrap();
    let mit = sinus::io::wfdb::read_record(mitdb.join("100")).unwrap();
    for rec in [&ludb1, &mit] {
        for (preset, mains) in [(Preset::Monitoring, 50.0), (Preset::Diagnostic, 60.0)] {
            let sos = preset_sos(preset, Some(mains), rec.fs()).unwrap();
            for row in rec.signals().rows() {
                let x = row.to_vec();
                let mut want = vec![0.0; x.len()];
                StreamingFilter::new_steady(&sos)
                    .process(&x, &mut want)
                    .unwrap();
                for size in [1, 7, 333, x.len()] {
                    let got = chunked(&mut Cascade::new(&sos), &x, size);
                    assert_eq!(got, want, "{} {preset:?} chunks of {size}", rec.name());
                }
            }
        }
    }
}

#[test]
fn monitor_output_is_the_streaming_filter() {
    let Some(ludb) = common::db("ludb/data") else {
        return;
    };
    let rec = sinus::io::wfdb::read_record(ludb.join("7")).unwrap();
    for mains in [Mains::Hz50, Mains::Hz60, Mains::None] {
        let cfg = MonitorConfig::default().mains(mains);
        let hz = match mains {
            Mains::Hz50 => Some(50.0),
            Mains::Hz60 => Some(60.0),
            _ => None,
        };
        let sos = preset_sos(Preset::Monitoring, hz, rec.fs()).unwrap();
        let got = stream(&rec, &cfg, &[41, 3, 250]);
        for (row, f) in rec.signals().rows().into_iter().zip(&got.filtered) {
            let x = row.to_vec();
            let mut want = vec![0.0; x.len()];
            StreamingFilter::new_steady(&sos)
                .process(&x, &mut want)
                .unwrap();
            assert_eq!(f, &want, "{mains:?}");
        }
    }
}

#[test]
fn a_nan_run_is_a_gap_not_a_poisoned_filter() {
    let fs = sinus::SampleRate::new(500.0).unwrap();
    let sos = preset_sos(Preset::Monitoring, Some(50.0), fs).unwrap();
    let mut x: Vec<f32> = (0..3000).map(|i| (i as f32 * 0.05).sin()).collect();
    x[1000..1100].fill(f32::NAN);
    x[2000] = f32::INFINITY;
    let y = chunked(&mut Cascade::new(&sos), &x, 64);
    for (i, (a, b)) in x.iter().zip(&y).enumerate() {
        assert_eq!(a.is_finite(), b.is_finite(), "sample {i}");
        assert!(!b.is_finite() || b.abs() < 3.0, "sample {i}: {b}");
    }
    // Leading NaNs: the filter waits for its first finite sample and starts from it.
    let mut lead = vec![f32::NAN; 10];
    lead.extend(&x[..500]);
    let y = chunked(&mut Cascade::new(&sos), &lead, 3);
    let mut want = vec![0.0; 500];
    StreamingFilter::new_steady(&sos)
        .process(&x[..500], &mut want)
        .unwrap();
    assert!(y[..10].iter().all(|v| v.is_nan()));
    assert_eq!(&y[10..], &want[..]);
}
