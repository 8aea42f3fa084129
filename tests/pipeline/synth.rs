//! The pipeline end to end on generated ECGs whose truth is known.

use sinus::report::{Lang, Severity, StatementCode};
use sinus::rhythm::RhythmLabel;
use sinus::synth::{Mains, Noise, PvcParams, Rhythm, SynthConfig, generate};

fn synth(f: impl FnOnce(&mut SynthConfig)) -> sinus::Record {
    let mut c = SynthConfig {
        seed: 7,
        ..SynthConfig::default()
    };
    f(&mut c);
    generate(&c).expect("valid synth config").record
}

/// Clean sinus rhythm, every lead read and every measurement within limits: "Normal ECG", with
/// the measurement line.
#[test]
fn clean_sinus_reads_normal_ecg() {
    let r = sinus::analyze(&synth(|_| {})).unwrap();
    assert_eq!(r.rhythm.label, RhythmLabel::SinusRhythm, "{:?}", r.rhythm);
    assert_eq!(
        r.summary(Lang::En),
        "Sinus rhythm. Normal ECG.",
        "{}",
        r.text(Lang::En)
    );
    assert_eq!(r.summary(Lang::Zh), "窦性心律。正常心电图。");
    assert!(!r.has(StatementCode::NotAssessed), "{}", r.text(Lang::En));
    assert!(r.text(Lang::En).contains("\nPR "), "{}", r.text(Lang::En));
    assert!(
        r.text(Lang::Zh).contains("\nPR间期 "),
        "{}",
        r.text(Lang::Zh)
    );
    assert_eq!(r.triage, Severity::Normal);
    let rate = r.rates.unwrap().mean_bpm;
    assert!((rate - 70.0).abs() < 3.0, "rate {rate}");
    assert!(r.excluded_leads.is_empty());
    assert_eq!(r.schema_version, sinus::report::SCHEMA_VERSION);
}

#[test]
fn rate_decides_bradycardia_and_tachycardia() {
    for (bpm, label, zh) in [
        (45.0, RhythmLabel::SinusBradycardia, "窦性心动过缓"),
        (125.0, RhythmLabel::SinusTachycardia, "窦性心动过速"),
    ] {
        let r = sinus::analyze(&synth(|c| c.heart_rate_bpm = bpm)).unwrap();
        assert_eq!(r.rhythm.label, label, "{bpm} bpm: {:?}", r.rhythm);
        assert!(r.summary(Lang::Zh).starts_with(zh));
        assert!(r.triage >= Severity::Borderline);
    }
}

#[test]
fn atrial_fibrillation_is_found() {
    for seed in 1..4 {
        let r = sinus::analyze(&synth(|c| {
            c.seed = seed;
            c.rhythm = Rhythm::AtrialFibrillation;
            c.heart_rate_bpm = 90.0;
        }))
        .unwrap();
        assert_eq!(
            r.rhythm.label,
            RhythmLabel::AtrialFibrillation,
            "seed {seed}: {:?}",
            r.rhythm
        );
        assert!(r.has(StatementCode::AtrialFibrillation));
        assert_eq!(r.triage, Severity::Abnormal);
        assert!(r.summary(Lang::Zh).starts_with("心房颤动"));
    }
}

#[test]
fn premature_ventricular_beats_are_counted() {
    let rec = synth(|c| {
        c.pvc = PvcParams {
            at_beats: vec![3, 8],
            ..PvcParams::default()
        };
    });
    let r = sinus::analyze(&rec).unwrap();
    assert_eq!(r.beats.ventricular_premature, 2, "{:?}", r.beats);
    assert!(r.has(StatementCode::PrematureVentricular));
    assert!(r.rhythm.label.is_sinus(), "{:?}", r.rhythm);
    assert!(r.text(Lang::Zh).contains("室性早搏（2次）"));
}

#[test]
fn a_dead_lead_is_excluded_and_named() {
    let mut rec = synth(|_| {});
    let k = rec.lead_index(&sinus::Lead::V3).unwrap();
    rec.signals_mut().row_mut(k).fill(0.0);
    let r = sinus::analyze(&rec).unwrap();
    assert_eq!(r.excluded_leads, vec!["V3".to_string()]);
    assert!(r.has(StatementCode::LeadsExcluded));
    assert_eq!(r.rhythm.label, RhythmLabel::SinusRhythm);
    assert!(r.text(Lang::En).contains("Poor signal in V3"));
    assert!(r.text(Lang::Zh).contains("V3导联信号质量差"));
}

#[test]
fn mains_noise_is_flagged() {
    let rec = synth(|c| {
        c.noise = Noise {
            mains: Some(Mains {
                freq_hz: 50.0,
                amplitude_mv: 0.1,
            }),
            ..Noise::default()
        }
    });
    let r = sinus::analyze(&rec).unwrap();
    // The generator projects the interference differently on each lead: every lead carrying
    // more than the flag level is flagged, and most leads do.
    let flagged = r
        .quality
        .iter()
        .filter(|q| q.issues.contains(&sinus::quality::Issue::MainsNoise))
        .count();
    for q in &r.quality {
        assert_eq!(
            q.issues.contains(&sinus::quality::Issue::MainsNoise),
            q.metrics.mains_mv > 0.05,
            "{q:?}"
        );
    }
    assert!(flagged >= 6, "{:?}", r.quality);
    assert_eq!(r.rhythm.label, RhythmLabel::SinusRhythm);
}

#[test]
fn no_readable_lead_is_a_technical_problem_not_an_error() {
    let mut rec = synth(|_| {});
    rec.signals_mut().fill(0.0);
    let r = sinus::analyze(&rec).unwrap();
    assert!(r.has(StatementCode::NoReadableLead));
    assert_eq!(r.excluded_leads.len(), 12);
    assert_eq!(
        r.summary(Lang::En),
        "Technical problem: no readable lead. Abnormal ECG."
    );
    assert_eq!(r.rhythm.label, RhythmLabel::Undetermined);
}

#[test]
fn report_round_trips_through_json() {
    let r = sinus::analyze(&synth(|_| {})).unwrap();
    let back: sinus::Report = serde_json::from_str(&r.to_json().unwrap()).unwrap();
    assert_eq!(back.statements, r.statements);
    assert_eq!(back.rhythm.label, r.rhythm.label);
    assert_eq!(back.beats, r.beats);
    assert_eq!(back.record, r.record);
    let v: serde_json::Value = serde_json::from_str(&r.to_json().unwrap()).unwrap();
    assert_eq!(v["schema_version"], sinus::report::SCHEMA_VERSION);
    // The measurements section, with the names the interpretation and the readers use.
    let g = &v["measurements"]["global"];
    for k in [
        "heart_rate_bpm",
        "rr_ms",
        "p_ms",
        "pr_ms",
        "qrs_ms",
        "qt_ms",
        "qtc_ms",
        "p_axis_deg",
        "qrs_axis_deg",
        "t_axis_deg",
    ] {
        assert!(g[k].is_number(), "measurements.global.{k} = {}", g[k]);
    }
    assert!(g["qtc"]["fridericia_ms"].is_number());
    assert_eq!(g["qtc_formula"], "bazett");
    assert_eq!(
        v["measurements"]["leads"].as_array().map(Vec::len),
        Some(12)
    );
    assert!(v["measurements"]["leads"][1]["r_mv"].is_number());
    // serde_json reads floats back to within an ulp (not bit for bit without its
    // float_roundtrip feature).
    let (b, o) = (back.measurements.unwrap(), r.measurements.as_ref().unwrap());
    assert_eq!(b.leads.len(), o.leads.len());
    assert_eq!(b.beats.len(), o.beats.len());
    let (x, y) = (b.global.qt_ms.unwrap(), o.global.qt_ms.unwrap());
    assert!((x - y).abs() < 1e-9, "{x} vs {y}");
    assert_eq!(v["rhythm"]["label"], "sinus_rhythm");
    assert_eq!(v["statements"][0]["code"], "SINUS_RHYTHM");
    assert_eq!(v["triage"], "normal", "{}", r.text(Lang::En));
    let last = v["statements"].as_array().and_then(|s| s.last()).cloned();
    assert_eq!(last.map(|s| s["code"].clone()), Some("NORMAL_ECG".into()));
}

#[test]
fn conditioning_can_be_switched_on() {
    use sinus::filter::{Conditioning, Mains as M, Preset};
    let rec = synth(|c| {
        c.noise = Noise {
            mains: Some(Mains {
                freq_hz: 60.0,
                amplitude_mv: 0.2,
            }),
            baseline_wander_mv: 0.5,
            ..Noise::default()
        }
    });
    let p = sinus::Pipeline::new(
        sinus::Config::builder()
            .conditioning(Some(Conditioning::new(Preset::Diagnostic, M::Auto)))
            .build()
            .unwrap(),
    )
    .unwrap();
    let r = p.analyze(&rec).unwrap();
    assert_eq!(r.record.mains_hz, Some(60.0));
    assert_eq!(r.rhythm.label, RhythmLabel::SinusRhythm, "{:?}", r.rhythm);
    // Without conditioning the quality stage's steering notches the hum itself.
    assert_eq!(sinus::analyze(&rec).unwrap().record.mains_hz, Some(60.0));
}

#[test]
fn rhythm_holds_across_rates_rates_and_muscle_noise() {
    use sinus::SampleRate;
    for af in [false, true] {
        for (bpm, sinus_label) in [
            (40.0, RhythmLabel::SinusBradycardia),
            (75.0, RhythmLabel::SinusRhythm),
            (170.0, RhythmLabel::SinusTachycardia),
        ] {
            for fs in [250.0, 500.0] {
                for emg in [None, Some(20.0)] {
                    for seed in 0..3 {
                        let rec = synth(|c| {
                            c.seed = seed;
                            c.heart_rate_bpm = bpm;
                            c.fs = SampleRate::new(fs).unwrap();
                            c.noise = Noise {
                                emg_snr_db: emg,
                                baseline_wander_mv: 0.3,
                                ..Noise::default()
                            };
                            if af {
                                c.rhythm = Rhythm::AtrialFibrillation;
                            }
                        });
                        let want = if af {
                            RhythmLabel::AtrialFibrillation
                        } else {
                            sinus_label
                        };
                        let r = sinus::analyze(&rec).unwrap();
                        assert_eq!(
                            r.rhythm.label, want,
                            "af {af} {bpm} bpm {fs} Hz emg {emg:?} seed {seed}: {:?}",
                            r.rhythm
                        );
                    }
                }
            }
        }
    }
}

/// Sinus rhythm reads as sinus at any sample rate and with any lead set, including the two
/// leads of a MIT-BIH-like recording. (At 360 Hz the synthetic V1, whose P wave is nearly
/// isoelectric, was once a hair more consistent than II, and its 0.0004 mV "P" was taken for
/// the record's P amplitude.)
#[test]
fn sinus_reads_sinus_at_any_rate_and_lead_set() {
    use sinus::{Lead, SampleRate};
    for fs in [128.0, 250.0, 359.0, 360.0, 361.0, 500.0, 1000.0] {
        for leads in [
            vec![Lead::II],
            vec![Lead::II, Lead::V1],
            vec![Lead::MLII, Lead::V5],
            Lead::STANDARD_12.to_vec(),
            Lead::STANDARD_18.to_vec(),
        ] {
            let rec = synth(|c| {
                c.fs = SampleRate::new(fs).unwrap();
                c.leads = leads.clone();
            });
            let r = sinus::analyze(&rec).unwrap();
            assert_eq!(
                r.rhythm.label,
                RhythmLabel::SinusRhythm,
                "{fs} Hz, {} leads: {} {:?} {:?}",
                leads.len(),
                r.rhythm.evidence.rule,
                r.beats,
                r.rr_dominant
            );
            let amp = r.rhythm.evidence.input.p_amplitude_mv.unwrap_or(0.0);
            assert!(amp > 0.05, "{fs} Hz, {} leads: P {amp} mV", leads.len());
        }
    }
}
