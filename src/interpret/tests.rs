//! The conclusion: "Normal ECG" only when it is; what could not be assessed is said.

use super::testkit::*;
use super::*;
use crate::report::StatementCode as C;

fn conclusion(st: &[Statement]) -> StatementCode {
    st.last().map(|s| s.code).unwrap_or(C::AbnormalEcg)
}

#[test]
fn a_normal_ecg_is_normal() {
    let st = read_all(&normal(), &female(45.0));
    assert_eq!(codes(&st), vec![C::SinusRhythm, C::NormalEcg]);
    assert_eq!(st.last().map(|s| s.severity), Some(Severity::Normal));
    // Unknown sex and age: still normal, and the report says which limits were used.
    let st = read_all(&normal(), &unknown());
    assert_eq!(conclusion(&st), C::NormalEcg);
    assert!(has(&st, C::PatientUnknown));
    // 18 leads, all normal.
    let st = read_all(&with_leads(&Lead::STANDARD_18), &male(50.0));
    assert_eq!(codes(&st), vec![C::SinusRhythm, C::NormalEcg]);
}

#[test]
fn without_measurements_nothing_is_normal() {
    let rhythm = {
        let mut r = Rhythm::undetermined("test");
        r.label = RhythmLabel::SinusRhythm;
        r
    };
    let input = InterpretInput {
        rhythm: &rhythm,
        counts: &BeatCounts::default(),
        rates: None,
        pauses: &[],
        leads: &Lead::STANDARD_12,
        excluded_leads: &[],
        episodes: &[],
        min_af_episode_s: 30.0,
        measurements: None,
        patient: &Patient::default(),
    };
    let st = interpret(
        &input,
        &SeverityConfig::default(),
        &InterpretConfig::default(),
    );
    assert_eq!(
        codes(&st),
        vec![C::SinusRhythm, C::NotAssessed, C::NoAbnormalityAssessed]
    );
    assert_eq!(find(&st, C::NotAssessed).topics, Topic::ALL.to_vec());
    assert_eq!(st.last().map(|s| s.severity), Some(Severity::Borderline));
}

#[test]
fn an_unreadable_or_missing_lead_is_never_a_normal_ecg() {
    // V3 excluded for poor signal: the readable leads are normal.
    let st = read_with(
        &normal(),
        &male(50.0),
        RhythmLabel::SinusRhythm,
        &["V3".to_string()],
        &InterpretConfig::default(),
    );
    assert_eq!(conclusion(&st), C::NoAbnormalityReadableLeads);
    assert!(has(&st, C::LeadsExcluded));
    // V4 not recorded.
    let leads: Vec<Lead> = Lead::STANDARD_12
        .iter()
        .filter(|l| **l != Lead::V4)
        .cloned()
        .collect();
    let st = read_all(&with_leads(&leads), &male(50.0));
    assert_eq!(find(&st, C::LeadsMissing).leads, vec!["V4"]);
    assert_ne!(conclusion(&st), C::NormalEcg);
    // Limb leads only: the precordial criteria cannot be judged.
    let limb = &Lead::STANDARD_12[..6];
    let st = read_all(&with_leads(limb), &male(50.0));
    assert_eq!(
        conclusion(&st),
        C::NoAbnormalityAssessed,
        "{:?}",
        codes(&st)
    );
    assert_eq!(find(&st, C::LeadsMissing).leads.len(), 6);
    // A measurement missing: that part is not assessed.
    let mut m = normal();
    m.global.qtc_ms = None;
    let st = read_all(&m, &male(50.0));
    assert_eq!(find(&st, C::NotAssessed).topics, vec![Topic::Qt]);
    assert_eq!(conclusion(&st), C::NoAbnormalityAssessed);
}

#[test]
fn eighteen_leads_in_any_order_read_the_same() {
    let m = with_leads(&Lead::STANDARD_18);
    let mut shuffled = m.clone();
    shuffled.leads.reverse();
    shuffled.leads.swap(2, 11);
    for mm in [&m, &shuffled] {
        let mut x = mm.clone();
        for l in ["II", "III", "aVF", "V4R", "V5R"] {
            lead_mut(&mut x, l).j_mv = Some(0.2);
        }
        let st = read_all(&x, &male(60.0));
        let t: Vec<_> = st
            .iter()
            .filter(|s| s.code == C::AcuteStemi)
            .map(|s| s.territory)
            .collect();
        assert_eq!(
            t,
            vec![
                Some(crate::report::Territory::Inferior),
                Some(crate::report::Territory::RightVentricular)
            ]
        );
    }
}

#[test]
fn rhythm_and_rate_severities() {
    let mut m = normal();
    m.global.heart_rate_bpm = Some(38.0);
    let st = read_with(
        &m,
        &male(50.0),
        RhythmLabel::SinusBradycardia,
        &[],
        &InterpretConfig::default(),
    );
    assert_eq!(st[0].severity, Severity::Critical);
    assert_eq!(st.last().map(|s| s.severity), Some(Severity::Critical));
    m.global.heart_rate_bpm = Some(45.0);
    let st = read_with(
        &m,
        &male(50.0),
        RhythmLabel::SinusBradycardia,
        &[],
        &InterpretConfig::default(),
    );
    assert_eq!(conclusion(&st), C::BorderlineEcg);
    let st = read_with(
        &normal(),
        &male(50.0),
        RhythmLabel::AtrialFibrillation,
        &[],
        &InterpretConfig::default(),
    );
    assert_eq!(conclusion(&st), C::AbnormalEcg);
}
