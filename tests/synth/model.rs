//! The synthetic ECG generator: truth agrees with the signal, rhythms look like what they claim,
//! limb relations hold, determinism, and no panic over a range of configurations.

use proptest::prelude::*;
use sinus::synth::{
    AfParams, BeatKind, Mains, Noise, PvcParams, Rhythm, SynthConfig, SynthError, generate,
};
use sinus::{Lead, SampleRate};

fn cfg_at(fs: f64) -> SynthConfig {
    SynthConfig {
        fs: SampleRate::new(fs).unwrap(),
        duration_s: 10.0,
        ..SynthConfig::default()
    }
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

fn cv(xs: &[f64]) -> f64 {
    let m = mean(xs);
    (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / xs.len() as f64).sqrt() / m
}

#[test]
fn r_peaks_are_the_largest_qrs_deflection_in_lead_ii_at_any_rate() {
    for fs in [250.0, 257.3, 360.0, 500.0, 1000.0] {
        let syn = generate(&cfg_at(fs)).unwrap();
        let ii = syn.record.lead(&Lead::II).unwrap();
        let n = ii.len();
        let half = (0.06 * fs).round() as usize; // ±60 ms covers the QRS
        let tol = ((0.004 * fs).ceil() as usize).max(1); // 4 ms, at least one sample
        assert!(
            syn.truth.beats.len() >= 10,
            "{fs} Hz: {} beats",
            syn.truth.beats.len()
        );
        for b in &syn.truth.beats {
            if b.r_peak < half || b.r_peak + half >= n {
                continue;
            }
            let (lo, hi) = (b.r_peak - half, b.r_peak + half);
            let argmax = (lo..=hi)
                .max_by(|&a, &c| ii[a].abs().total_cmp(&ii[c].abs()))
                .unwrap();
            assert!(
                argmax.abs_diff(b.r_peak) <= tol,
                "{fs} Hz: truth R at {}, largest |II| at {argmax}",
                b.r_peak
            );
            // Realistic amplitude: R about 1 mV in II.
            assert!(
                (0.8..1.5).contains(&ii[b.r_peak]),
                "{fs} Hz: R = {} mV",
                ii[b.r_peak]
            );
        }
    }
}

#[test]
fn fiducials_are_ordered_and_intervals_realistic() {
    let syn = generate(&cfg_at(500.0)).unwrap();
    let fs = 500.0;
    for b in &syn.truth.beats {
        let (Some(po), Some(pf), Some(qo), Some(qf), Some(to), Some(tf)) = (
            b.p_onset,
            b.p_offset,
            b.qrs_onset,
            b.qrs_offset,
            b.t_onset,
            b.t_offset,
        ) else {
            continue; // edge beat
        };
        assert!(po < pf && pf < qo && qo < b.r_peak && b.r_peak < qf && qf <= to && to < tf);
        let ms = |a: usize, b: usize| (b - a) as f64 / fs * 1000.0;
        let (pr, qrs, qt) = (ms(po, qo), ms(qo, qf), ms(qo, tf));
        assert!((150.0..=170.0).contains(&pr), "PR {pr} ms");
        assert!((80.0..=100.0).contains(&qrs), "QRS {qrs} ms");
        // Bazett around 70 bpm: QT ≈ 400·sqrt(0.857) ≈ 370 ms.
        assert!((340.0..=400.0).contains(&qt), "QT {qt} ms");
    }
}

#[test]
fn heart_rate_from_truth_matches_config() {
    for bpm in [45.0, 70.0, 120.0, 180.0] {
        let cfg = SynthConfig {
            duration_s: 60.0,
            heart_rate_bpm: bpm,
            fs: SampleRate::new(250.0).unwrap(),
            leads: vec![Lead::II],
            ..SynthConfig::default()
        };
        let syn = generate(&cfg).unwrap();
        let hr = 60.0 / mean(&syn.truth.rr_s());
        assert!(
            (hr - bpm).abs() / bpm < 0.03,
            "configured {bpm}, truth {hr}"
        );
    }
    // Without HRV the rhythm is regular to the sample.
    let mut cfg = cfg_at(500.0);
    cfg.hrv.rr_std_s = 0.0;
    let rr = generate(&cfg).unwrap().truth.rr_s();
    assert!(
        rr.iter()
            .all(|r| (r - 60.0 / 70.0).abs() <= 1.0 / 500.0 + 1e-9),
        "{rr:?}"
    );
}

#[test]
fn hrv_std_follows_config() {
    let cfg = SynthConfig {
        duration_s: 600.0,
        fs: SampleRate::new(250.0).unwrap(),
        leads: vec![Lead::II],
        ..SynthConfig::default()
    };
    let mut cfg = cfg;
    cfg.hrv.rr_std_s = 0.05;
    let rr = generate(&cfg).unwrap().truth.rr_s();
    let sd = cv(&rr) * mean(&rr);
    assert!((0.035..0.065).contains(&sd), "RR std {sd}");
}

#[test]
fn atrial_fibrillation_has_no_p_waves_irregular_rr_and_f_waves() {
    let cfg = SynthConfig {
        duration_s: 60.0,
        rhythm: Rhythm::AtrialFibrillation,
        ..SynthConfig::default()
    };
    let syn = generate(&cfg).unwrap();
    assert_eq!(syn.truth.rhythm, Rhythm::AtrialFibrillation);
    assert!(
        syn.truth
            .beats
            .iter()
            .all(|b| b.p_onset.is_none() && b.p_offset.is_none())
    );
    let rr = syn.truth.rr_s();
    assert!(cv(&rr) > 0.12, "AF RR CV {}", cv(&rr));
    // Successive differences are large too (irregularly irregular, not a slow drift).
    let rmssd =
        (rr.windows(2).map(|w| (w[1] - w[0]).powi(2)).sum::<f64>() / (rr.len() - 1) as f64).sqrt();
    assert!(rmssd > 0.1 * mean(&rr), "RMSSD {rmssd}");

    let sinus = generate(&SynthConfig {
        duration_s: 60.0,
        ..SynthConfig::default()
    })
    .unwrap();
    assert!(cv(&sinus.truth.rr_s()) < 0.06);
    assert!(
        sinus
            .truth
            .beats
            .iter()
            .filter(|b| b.p_onset.is_some())
            .count()
            >= 60
    );

    // f-waves: the TQ segments of V1 carry 4–9 Hz activity; in sinus rhythm they are flat.
    let tq_rms = |syn: &sinus::synth::Synthetic| {
        let v1 = syn.record.lead(&Lead::V1).unwrap();
        let mut acc = Vec::new();
        for w in syn.truth.beats.windows(2) {
            let (Some(t_end), Some(next_on)) = (w[0].t_offset, w[1].qrs_onset) else {
                continue;
            };
            let stop = w[1].p_onset.unwrap_or(next_on);
            for i in t_end + 10..stop.saturating_sub(10) {
                acc.push(v1[i] as f64);
            }
        }
        let m = mean(&acc);
        (acc.iter().map(|x| (x - m).powi(2)).sum::<f64>() / acc.len() as f64).sqrt()
    };
    let (af_rms, sr_rms) = (tq_rms(&syn), tq_rms(&sinus));
    assert!(
        af_rms > 0.03 && sr_rms < 0.01,
        "TQ RMS AF {af_rms}, sinus {sr_rms}"
    );
}

#[test]
fn pvcs_are_early_wide_without_p_and_followed_by_a_pause() {
    let cfg = SynthConfig {
        duration_s: 30.0,
        pvc: PvcParams {
            at_beats: vec![5, 12, 20],
            ..PvcParams::default()
        },
        ..SynthConfig::default()
    };
    let syn = generate(&cfg).unwrap();
    let beats = &syn.truth.beats;
    let kinds: Vec<usize> = beats
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind == BeatKind::Ventricular)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(kinds, vec![5, 12, 20]);
    let width = |b: &sinus::synth::BeatTruth| b.qrs_offset.unwrap() - b.qrs_onset.unwrap();
    let normal_w = width(&beats[3]);
    let rr = syn.truth.rr_s();
    let ii = syn.record.lead(&Lead::II).unwrap();
    for &k in &kinds {
        let v = &beats[k];
        assert!(v.p_onset.is_none());
        assert!(
            width(v) as f64 > 1.4 * normal_w as f64,
            "PVC {} vs normal {normal_w}",
            width(v)
        );
        // Early, then a compensatory pause: the two intervals add up to about two RRs.
        let (before, after) = (rr[k - 1], rr[k]);
        let normal = rr[k - 2];
        assert!(before < 0.75 * normal, "coupling {before} vs RR {normal}");
        assert!(
            (before + after - 2.0 * normal).abs() < 0.1,
            "{before} + {after} vs 2×{normal}"
        );
        // Discordant T: QRS mainly negative in II, T positive.
        let t_peak = (v.t_onset.unwrap()..v.t_offset.unwrap())
            .map(|i| ii[i])
            .fold(f32::MIN, f32::max);
        assert!(
            ii[v.r_peak] < -0.8 && t_peak > 0.2,
            "QRS {} T {}",
            ii[v.r_peak],
            t_peak
        );
    }
    // The rate parameter gives about the right fraction, never two in a row.
    let cfg = SynthConfig {
        duration_s: 300.0,
        fs: SampleRate::new(200.0).unwrap(),
        leads: vec![Lead::II],
        pvc: PvcParams {
            rate: 0.1,
            ..PvcParams::default()
        },
        ..SynthConfig::default()
    };
    let beats = generate(&cfg).unwrap().truth.beats;
    let v = beats
        .iter()
        .filter(|b| b.kind == BeatKind::Ventricular)
        .count();
    let frac = v as f64 / beats.len() as f64;
    assert!((0.05..0.13).contains(&frac), "PVC fraction {frac}");
    assert!(
        beats
            .windows(2)
            .all(|w| !(w[0].kind == BeatKind::Ventricular && w[1].kind == BeatKind::Ventricular))
    );
}

#[test]
fn limb_relations_hold_exactly_with_noise() {
    let cfg = SynthConfig {
        leads: Lead::STANDARD_18.to_vec(),
        noise: Noise {
            baseline_wander_mv: 0.3,
            mains: Some(Mains {
                freq_hz: 50.0,
                amplitude_mv: 0.05,
            }),
            emg_snr_db: Some(20.0),
        },
        ..SynthConfig::default()
    };
    let rec = generate(&cfg).unwrap().record;
    let d = rec.derived_limb_leads().unwrap();
    assert_eq!(rec.lead(&Lead::III).unwrap(), d.iii);
    assert_eq!(rec.lead(&Lead::AVR).unwrap(), d.avr);
    assert_eq!(rec.lead(&Lead::AVL).unwrap(), d.avl);
    assert_eq!(rec.lead(&Lead::AVF).unwrap(), d.avf);
}

#[test]
fn deterministic_for_a_seed_and_independent_of_the_lead_list() {
    let cfg = SynthConfig {
        noise: Noise {
            emg_snr_db: Some(15.0),
            baseline_wander_mv: 0.2,
            mains: None,
        },
        pvc: PvcParams {
            rate: 0.2,
            ..PvcParams::default()
        },
        ..SynthConfig::default()
    };
    let a = generate(&cfg).unwrap();
    let b = generate(&cfg).unwrap();
    assert_eq!(a, b);
    let other = generate(&SynthConfig {
        seed: 1,
        ..cfg.clone()
    })
    .unwrap();
    assert_ne!(a.record.signals(), other.record.signals());
    let wide = generate(&SynthConfig {
        leads: Lead::STANDARD_18.to_vec(),
        ..cfg.clone()
    })
    .unwrap();
    for lead in Lead::STANDARD_12 {
        assert_eq!(a.record.lead(&lead), wide.record.lead(&lead), "{lead}");
    }
    assert_eq!(a.truth, wide.truth);
}

#[test]
fn noise_levels_follow_config() {
    let clean = generate(&cfg_at(500.0)).unwrap().record;
    let ii_clean = clean.lead(&Lead::II).unwrap().to_owned();
    let rms = |x: &[f64]| (x.iter().map(|v| v * v).sum::<f64>() / x.len() as f64).sqrt();
    let signal_rms = rms(&ii_clean.iter().map(|&v| v as f64).collect::<Vec<_>>());
    for snr in [5.0, 20.0] {
        let cfg = SynthConfig {
            noise: Noise {
                emg_snr_db: Some(snr),
                ..Noise::default()
            },
            ..cfg_at(500.0)
        };
        let noisy = generate(&cfg).unwrap().record;
        let diff: Vec<f64> = noisy
            .lead(&Lead::II)
            .unwrap()
            .iter()
            .zip(&ii_clean)
            .map(|(&a, &b)| (a - b) as f64)
            .collect();
        let got = 20.0 * (signal_rms / rms(&diff)).log10();
        assert!((got - snr).abs() < 0.5, "SNR asked {snr}, got {got}");
    }
    let cfg = SynthConfig {
        noise: Noise {
            mains: Some(Mains {
                freq_hz: 60.0,
                amplitude_mv: 0.1,
            }),
            ..Noise::default()
        },
        ..cfg_at(500.0)
    };
    let noisy = generate(&cfg).unwrap().record;
    let diff: Vec<f64> = noisy
        .lead(&Lead::V5)
        .unwrap()
        .iter()
        .zip(clean.lead(&Lead::V5).unwrap())
        .map(|(&a, &b)| (a - b) as f64)
        .collect();
    let peak = diff.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    assert!((0.07..=0.1001).contains(&peak), "mains peak {peak}");
    // 60 Hz: 120 zero crossings per second.
    let crossings = diff
        .windows(2)
        .filter(|w| w[0] < 0.0 && w[1] >= 0.0)
        .count();
    assert!(
        (595..=605).contains(&crossings),
        "{crossings} upward crossings in 10 s"
    );
}

#[test]
fn bad_configs_are_typed_errors() {
    let bad_hr = SynthConfig {
        heart_rate_bpm: 0.0,
        ..SynthConfig::default()
    };
    assert!(matches!(
        generate(&bad_hr),
        Err(SynthError::InvalidParameter {
            field: "heart_rate_bpm",
            ..
        })
    ));
    let nan = SynthConfig {
        duration_s: f64::NAN,
        ..SynthConfig::default()
    };
    assert!(matches!(
        generate(&nan),
        Err(SynthError::InvalidParameter {
            field: "duration_s",
            ..
        })
    ));
    let lead = SynthConfig {
        leads: vec![Lead::Other("ABP".into())],
        ..SynthConfig::default()
    };
    assert!(matches!(
        generate(&lead),
        Err(SynthError::UnsupportedLead(_))
    ));
    let none = SynthConfig {
        leads: vec![],
        ..SynthConfig::default()
    };
    assert_eq!(generate(&none), Err(SynthError::NoLeads));
    let huge = SynthConfig {
        duration_s: 86_400.0,
        fs: SampleRate::new(1e6).unwrap(),
        ..SynthConfig::default()
    };
    assert!(matches!(generate(&huge), Err(SynthError::TooLarge { .. })));
    let af = SynthConfig {
        rhythm: Rhythm::AtrialFibrillation,
        af: AfParams {
            f_wave_hz: 12.0,
            ..AfParams::default()
        },
        ..SynthConfig::default()
    };
    assert!(matches!(
        generate(&af),
        Err(SynthError::InvalidParameter {
            field: "af.f_wave_hz",
            ..
        })
    ));
}

proptest! {
    #![proptest_config(crate::common::proptest_config(48))]
    #[test]
    fn any_sane_config_gives_finite_output_of_the_right_shape(
        fs in 50.0f64..2000.0,
        duration_s in 0.01f64..8.0,
        bpm in 20.0f64..250.0,
        rr_std in 0.0f64..0.2,
        af in any::<bool>(),
        pvc_rate in 0.0f64..1.0,
        bw in 0.0f64..2.0,
        mains in 0.0f64..1.0,
        snr in -10.0f64..60.0,
        eighteen in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let leads = if eighteen { Lead::STANDARD_18.to_vec() } else { Lead::STANDARD_12.to_vec() };
        let cfg = SynthConfig {
            seed,
            duration_s,
            fs: SampleRate::new(fs).unwrap(),
            leads: leads.clone(),
            heart_rate_bpm: bpm,
            rhythm: if af { Rhythm::AtrialFibrillation } else { Rhythm::Sinus },
            pvc: PvcParams { rate: pvc_rate, ..PvcParams::default() },
            noise: Noise {
                baseline_wander_mv: bw,
                mains: Some(Mains { freq_hz: 50.0, amplitude_mv: mains }),
                emg_snr_db: Some(snr),
            },
            ..SynthConfig::default()
        };
        let mut cfg = cfg;
        cfg.hrv.rr_std_s = rr_std;
        match generate(&cfg) {
            Ok(syn) => {
                let n = (duration_s * fs).round() as usize;
                prop_assert_eq!(syn.record.n_samples(), n);
                prop_assert_eq!(syn.record.leads(), &leads[..]);
                prop_assert!(syn.record.signals().iter().all(|v| v.is_finite()));
                prop_assert!(syn.truth.beats.windows(2).all(|w| w[0].r_peak < w[1].r_peak));
                prop_assert!(syn.truth.beats.iter().all(|b| b.r_peak < n));
            }
            Err(SynthError::InvalidParameter { field: "duration_s × fs", .. }) => prop_assert!(duration_s * fs < 0.5),
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }
}

#[test]
fn f_waves_have_the_configured_frequency() {
    for f in [4.5, 6.0, 8.5] {
        let with = SynthConfig {
            duration_s: 20.0,
            leads: vec![Lead::V1],
            rhythm: Rhythm::AtrialFibrillation,
            af: AfParams {
                f_wave_hz: f,
                ..AfParams::default()
            },
            ..SynthConfig::default()
        };
        let mut without = with.clone();
        without.af.f_wave_mv = 0.0; // same seed, same beats: the difference is the f-wave alone
        let a = generate(&with).unwrap().record;
        let b = generate(&without).unwrap().record;
        let fw: Vec<f32> = a
            .lead(&Lead::V1)
            .unwrap()
            .iter()
            .zip(b.lead(&Lead::V1).unwrap())
            .map(|(x, y)| x - y)
            .collect();
        let ups = fw.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count();
        let measured = ups as f64 / 20.0;
        assert!(
            (measured - f).abs() < 0.1 * f,
            "f-waves at {measured} Hz, configured {f}"
        );
        let peak = fw.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        assert!((0.04..0.15).contains(&peak), "f-wave peak {peak} mV");
    }
}

/// Power of the RR series (resampled at 2 Hz) in a frequency band, by a direct DFT.
fn band_power(t: &[f64], rr: &[f64], lo: f64, hi: f64) -> f64 {
    let (t0, t1) = (t[0], t[t.len() - 1]);
    let grid: Vec<f64> = (0..)
        .map(|i| t0 + i as f64 * 0.5)
        .take_while(|&x| x <= t1)
        .collect();
    let mut j = 0;
    let x: Vec<f64> = grid
        .iter()
        .map(|&g| {
            while j + 2 < t.len() && t[j + 1] < g {
                j += 1;
            }
            let w = ((g - t[j]) / (t[j + 1] - t[j])).clamp(0.0, 1.0);
            rr[j] * (1.0 - w) + rr[j + 1] * w
        })
        .collect();
    let m = mean(&x);
    let n = x.len() as f64;
    let dur = n * 0.5;
    let mut p = 0.0;
    let mut k = (lo * dur).ceil() as usize;
    while (k as f64) / dur <= hi {
        let f = k as f64 / dur;
        let (mut re, mut im) = (0.0, 0.0);
        for (i, v) in x.iter().enumerate() {
            let ph = std::f64::consts::TAU * f * i as f64 * 0.5;
            re += (v - m) * ph.cos();
            im += (v - m) * ph.sin();
        }
        p += re * re + im * im;
        k += 1;
    }
    p
}

#[test]
fn hrv_lf_hf_ratio_follows_config() {
    for ratio in [0.5, 2.0] {
        let mut cfg = SynthConfig {
            duration_s: 600.0,
            fs: SampleRate::new(100.0).unwrap(),
            leads: vec![Lead::II],
            ..SynthConfig::default()
        };
        cfg.hrv.rr_std_s = 0.05;
        cfg.hrv.lf_hf_ratio = ratio;
        let truth = generate(&cfg).unwrap().truth;
        let t: Vec<f64> = truth.beats[1..]
            .iter()
            .map(|b| b.r_peak as f64 / 100.0)
            .collect();
        let rr = truth.rr_s();
        let lf = band_power(&t, &rr, 0.04, 0.15);
        let hf = band_power(&t, &rr, 0.15, 0.4);
        let got = lf / hf;
        assert!(
            got > ratio / 1.6 && got < ratio * 1.6,
            "LF/HF configured {ratio}, measured {got}"
        );
    }
}
