//! Unit tests of the rhythm classifier.

use super::*;

fn input(nrmssd: f64, without_v: Option<f64>) -> RhythmInput {
    RhythmInput {
        n_beats: 14,
        mean_rate_bpm: Some(80.0),
        dominant_rate_bpm: Some(75.0),
        nrmssd: Some(nrmssd),
        nrmssd_dominant: Some(0.03),
        nrmssd_no_ventricular: without_v,
        dominant_rr_range_ms: Some(60.0),
        premature_fraction: 0.3,
        p_consistency: Some(0.3),
        p_amplitude_mv: Some(0.02),
        p_snr: Some(1.0),
        p_variation_mv: None,
        turning_point_ratio: Some(0.7),
        flutter_unlocked: None,
        flutter_locked: None,
        atrial_noise_mv: None,
        p_beat_match_q20: None,
        rr_unexplained: None,
    }
}

#[test]
fn sinus_p_before_each_beat_is_sinus_with_premature_beats() {
    let cfg = RhythmConfig::default();
    // Irregular through premature beats, organised atrial activity, no consistent P wave
    // in the average: "irregular, unclassified" without the beat-by-beat P wave…
    let organised = RhythmInput {
        n_beats: 12,
        p_amplitude_mv: Some(0.12),
        p_consistency: Some(0.45),
        ..input(0.3, Some(0.25))
    };
    let r = classify(&organised, &cfg);
    assert_eq!(r.label, RhythmLabel::IrregularUnclassified);
    // …sinus with it…
    let with_p = RhythmInput {
        p_beat_match_q20: Some(0.75),
        ..organised.clone()
    };
    let r = classify(&with_p, &cfg);
    assert!(r.label.is_sinus(), "{:?}: {}", r.label, r.evidence.rule);
    assert!(
        r.evidence.rule.contains("four in five"),
        "{}",
        r.evidence.rule
    );
    // …but not with a poor match.
    let poor = RhythmInput {
        p_beat_match_q20: Some(0.4),
        ..organised.clone()
    };
    assert_eq!(
        classify(&poor, &cfg).label,
        RhythmLabel::IrregularUnclassified
    );
    // Fibrillatory waves (nothing survives averaging) stay fibrillation whatever the match.
    let af = RhythmInput {
        p_amplitude_mv: Some(0.03),
        p_beat_match_q20: Some(0.75),
        ..organised.clone()
    };
    assert_eq!(classify(&af, &cfg).label, RhythmLabel::AtrialFibrillation);
    // Irregular only through ventricular beats, the P wave before the others: sinus.
    let v = RhythmInput {
        p_beat_match_q20: Some(0.7),
        ..input(0.4, Some(0.03))
    };
    assert!(classify(&v, &cfg).label.is_sinus());
    // Noisy P leads: not assessable, not sinus.
    let noisy = RhythmInput {
        atrial_noise_mv: Some(0.06),
        ..v.clone()
    };
    assert!(!classify(&noisy, &cfg).label.is_sinus());
}

#[test]
fn ventricular_ectopy_without_p_is_not_af() {
    let cfg = RhythmConfig::default();
    // Irregular only through ventricular beats.
    let r = classify(&input(0.4, Some(0.03)), &cfg);
    assert_eq!(
        r.label,
        RhythmLabel::IrregularUnclassified,
        "{}",
        r.evidence.rule
    );
    // Too few intervals left without them: still not AF.
    let r = classify(&input(0.4, None), &cfg);
    assert_eq!(r.label, RhythmLabel::IrregularUnclassified);
    // Irregular without them as well: AF.
    let r = classify(&input(0.4, Some(0.2)), &cfg);
    assert_eq!(r.label, RhythmLabel::AtrialFibrillation);
    // Mildly irregular throughout (slow AF): AF, as before.
    let r = classify(&input(0.07, Some(0.07)), &cfg);
    assert_eq!(r.label, RhythmLabel::AtrialFibrillation);
    // Mildly irregular only through ventricular beats: not AF.
    let r = classify(&input(0.07, Some(0.02)), &cfg);
    assert_ne!(r.label, RhythmLabel::AtrialFibrillation);
}

/// A rhythm at `rate` with a P wave, and one flutter reading (`locked` or not).
fn with_flutter(
    rate: f64,
    atrial: f64,
    per: f64,
    dom: f64,
    nrmssd: f64,
    locked: bool,
) -> RhythmInput {
    let reading = FlutterReading {
        pair: [0, 1],
        atrial_period_ms: 60_000.0 / atrial,
        atrial_rate_bpm: atrial,
        periodicity: per,
        dominance: dom,
        rr_over_period: atrial / rate,
        rr_phase_coherence: 1.0,
        rr_phase_rayleigh_z: 10.0,
    };
    RhythmInput {
        mean_rate_bpm: Some(rate),
        dominant_rate_bpm: Some(rate),
        nrmssd: Some(nrmssd),
        nrmssd_dominant: Some(nrmssd),
        premature_fraction: 0.0,
        p_consistency: Some(0.9),
        p_amplitude_mv: Some(0.1),
        p_snr: Some(5.0),
        flutter_unlocked: (!locked).then_some(reading.clone()),
        flutter_locked: locked.then_some(reading),
        ..input(nrmssd, Some(nrmssd))
    }
}

#[test]
fn flutter_branch() {
    let cfg = RhythmConfig::default();
    let label = |i: RhythmInput| classify(&i, &cfg);
    // 4:1, locked: the residual shows nothing, the RR is four cycles.
    let r = label(with_flutter(72.0, 288.0, 0.05, 0.6, 0.01, true));
    assert_eq!(r.label, RhythmLabel::AtrialFlutter, "{}", r.evidence.rule);
    assert_eq!(r.evidence.conduction_ratio, Some(4));
    assert!(
        r.evidence.rule.contains("288 /min, 4:1 conduction"),
        "{}",
        r.evidence.rule
    );
    // Variable conduction: periodicity after cancellation.
    let r = label(with_flutter(95.0, 270.0, 0.45, 0.7, 0.4, false));
    assert_eq!(r.label, RhythmLabel::AtrialFlutter, "{}", r.evidence.rule);
    assert_eq!(r.evidence.conduction_ratio, None);
    assert!(
        r.evidence.rule.contains("variable conduction"),
        "{}",
        r.evidence.rule
    );
    // Locked 2:1 and 3:1 stay sinus: T and P waves repeat there too.
    for (rate, atrial) in [(140.0, 280.0), (96.0, 288.0)] {
        let r = label(with_flutter(rate, atrial, 0.05, 0.6, 0.01, true));
        assert!(r.label.is_sinus(), "{rate}: {}", r.evidence.rule);
    }
    // No dominance over the baseline, or atrial rate out of range: not flutter.
    let r = label(with_flutter(95.0, 270.0, 0.45, 0.1, 0.4, false));
    assert_ne!(r.label, RhythmLabel::AtrialFlutter);
    let r = label(with_flutter(60.0, 180.0, 0.05, 0.8, 0.01, true));
    assert_ne!(r.label, RhythmLabel::AtrialFlutter);
    // A periodic residual means nothing in the locked reading; a whole number of cycles
    // means nothing in the unlocked one.
    let r = label(with_flutter(95.0, 270.0, 0.45, 0.7, 0.4, true));
    assert_ne!(r.label, RhythmLabel::AtrialFlutter);
    let r = label(with_flutter(72.0, 288.0, 0.05, 0.6, 0.01, false));
    assert_ne!(r.label, RhythmLabel::AtrialFlutter);
    // Unlocked F waves whose RR intervals are not whole numbers of cycles (fibrillation
    // with an organised stretch), or a locked reading without clear dominance: not flutter.
    let mut i = with_flutter(95.0, 270.0, 0.45, 0.7, 0.4, false);
    if let Some(u) = i.flutter_unlocked.as_mut() {
        u.rr_phase_rayleigh_z = 1.0;
    }
    assert_ne!(label(i).label, RhythmLabel::AtrialFlutter);
    let r = label(with_flutter(72.0, 288.0, 0.05, 0.35, 0.01, true));
    assert_ne!(r.label, RhythmLabel::AtrialFlutter, "{}", r.evidence.rule);
    // Without the figures, nothing changes.
    let mut i = with_flutter(72.0, 288.0, 0.05, 0.6, 0.01, true);
    i.flutter_locked = None;
    assert_eq!(label(i).label, RhythmLabel::SinusRhythm);
}

#[test]
fn a_salient_p_wave_is_present_despite_low_consistency() {
    let cfg = RhythmConfig::default();
    let mut i = input(0.03, Some(0.03));
    i.nrmssd_dominant = Some(0.03);
    i.premature_fraction = 0.0;
    i.p_amplitude_mv = Some(0.15);
    i.p_consistency = Some(0.42);
    i.p_snr = Some(5.5);
    assert_eq!(classify(&i, &cfg).label, RhythmLabel::SinusRhythm);
    // The same consistency without the salience: no P wave.
    i.p_snr = Some(3.0);
    assert_eq!(classify(&i, &cfg).label, RhythmLabel::RegularUnclassified);
    // Salient but irregular underlying cycle: the P wave is strong, so not AF.
    i.p_snr = Some(5.5);
    i.nrmssd_dominant = Some(0.2);
    i.dominant_rr_range_ms = Some(300.0);
    assert_eq!(classify(&i, &cfg).label, RhythmLabel::SinusArrhythmia);
}

#[test]
fn organised_atrial_activity_is_not_af() {
    let cfg = RhythmConfig::default();
    // Irregular, no consistent P wave, but a large deflection survives averaging.
    let mut i = input(0.4, Some(0.3));
    i.p_amplitude_mv = Some(0.12);
    i.p_consistency = Some(0.45);
    let r = classify(&i, &cfg);
    assert_eq!(
        r.label,
        RhythmLabel::IrregularUnclassified,
        "{}",
        r.evidence.rule
    );
    assert!(r.evidence.rule.contains("organised"), "{}", r.evidence.rule);
    // Weak-P branch: consistent enough for a P wave, not for a strong one, with an
    // irregular underlying cycle.
    i.p_consistency = Some(0.6);
    i.nrmssd_dominant = Some(0.2);
    assert_eq!(classify(&i, &cfg).label, RhythmLabel::IrregularUnclassified);
    // Too few beats for averaging to cancel fibrillatory waves: AF.
    i.n_beats = 7;
    assert_eq!(classify(&i, &cfg).label, RhythmLabel::AtrialFibrillation);
    i.n_beats = 14;
    // The same amplitude with an inconsistent segment stays AF, and so does a small one.
    i.p_consistency = Some(0.2);
    assert_eq!(classify(&i, &cfg).label, RhythmLabel::AtrialFibrillation);
    i.p_consistency = Some(0.6);
    i.p_amplitude_mv = Some(0.05);
    assert_eq!(classify(&i, &cfg).label, RhythmLabel::AtrialFibrillation);
}

#[test]
fn patterned_rr_is_not_fibrillation() {
    let cfg = RhythmConfig::default();
    // Sinus arrest and premature beats (MIT-BIH 232): the RR swings far, yet every interval
    // is the base cycle, a premature beat with its pause, or a pause.
    let arrest = RhythmInput {
        n_beats: 10,
        mean_rate_bpm: Some(60.0),
        dominant_rate_bpm: Some(85.0),
        nrmssd: Some(0.8),
        nrmssd_dominant: Some(0.8),
        nrmssd_no_ventricular: Some(0.8),
        premature_fraction: 0.0,
        p_consistency: Some(0.4),
        p_amplitude_mv: Some(0.07),
        p_snr: Some(1.6),
        rr_unexplained: Some(0.0),
        ..input(0.8, Some(0.8))
    };
    let r = classify(&arrest, &cfg);
    assert!(r.label.is_sinus(), "{:?}: {}", r.label, r.evidence.rule);
    assert!(r.evidence.rule.contains("not irregularly irregular"));
    // Without a P wave: not named, but not fibrillation either.
    let no_p = RhythmInput {
        p_consistency: Some(0.1),
        ..arrest.clone()
    };
    assert_eq!(
        classify(&no_p, &cfg).label,
        RhythmLabel::IrregularUnclassified
    );
    // One interval in three unexplained: irregularly irregular, fibrillation.
    let af = RhythmInput {
        rr_unexplained: Some(0.35),
        ..no_p.clone()
    };
    assert_eq!(classify(&af, &cfg).label, RhythmLabel::AtrialFibrillation);
    // Too few intervals to judge a pattern: fibrillation as before.
    let short = RhythmInput { n_beats: 6, ..no_p };
    assert_eq!(
        classify(&short, &cfg).label,
        RhythmLabel::AtrialFibrillation
    );
}

#[test]
fn a_clear_sinus_p_before_four_in_five_beats_is_not_fibrillation() {
    // Off by default (see `sinus_p_beat_clear_match`); at 0.85:
    let cfg = RhythmConfig {
        sinus_p_beat_clear_match: 0.85,
        ..RhythmConfig::default()
    };
    // Irregularly irregular, no P wave in the average (small, varied), but the sinus P wave
    // before four in five beats, matching closely: sinus with premature beats.
    let clear = RhythmInput {
        n_beats: 11,
        p_consistency: Some(0.1),
        p_amplitude_mv: Some(0.05),
        p_snr: Some(1.2),
        rr_unexplained: Some(0.4),
        p_beat_match_q20: Some(0.9),
        ..input(0.4, Some(0.4))
    };
    let r = classify(&clear, &cfg);
    assert!(r.label.is_sinus(), "{:?}: {}", r.label, r.evidence.rule);
    // At the ordinary match, without organised atrial activity: fibrillation still.
    let ordinary = RhythmInput {
        p_beat_match_q20: Some(0.7),
        ..clear.clone()
    };
    assert_eq!(
        classify(&ordinary, &cfg).label,
        RhythmLabel::AtrialFibrillation
    );
    // One interval in ten off the pattern is irregularly irregular: fibrillation.
    let stray = RhythmInput {
        rr_unexplained: Some(0.1),
        ..ordinary
    };
    assert_eq!(
        classify(&stray, &cfg).label,
        RhythmLabel::AtrialFibrillation
    );
}
