//! Constructed measurements for the rule tests: a normal adult 12-lead ECG, and helpers to
//! change one value and read the statements.

use super::{InterpretConfig, InterpretInput, Patient, SeverityConfig, Sex, interpret};
use crate::lead::Lead;
use crate::measure::{GlobalMeasurements, LeadMeasurements, Measurements, Qtc, QtcFormula};
use crate::report::{BeatCounts, Rates, Statement, StatementCode};
use crate::rhythm::{Rhythm, RhythmLabel};

/// One lead of a normal adult ECG: (name, q, r, s, t, p, j).
#[allow(clippy::type_complexity)]
const NORMAL: [(&str, f64, f64, f64, f64, f64, f64); 18] = [
    ("I", -0.05, 0.8, -0.1, 0.25, 0.08, 0.0),
    ("II", -0.05, 1.2, -0.15, 0.3, 0.12, 0.0),
    ("III", 0.0, 0.5, -0.2, 0.1, 0.05, 0.0),
    ("aVR", -0.8, 0.0, 0.0, -0.25, -0.1, 0.0),
    ("aVL", -0.05, 0.4, -0.2, 0.1, 0.03, 0.0),
    ("aVF", 0.0, 0.85, -0.15, 0.2, 0.09, 0.0),
    ("V1", 0.0, 0.3, -1.0, 0.1, 0.05, 0.02),
    ("V2", 0.0, 0.6, -1.5, 0.5, 0.06, 0.05),
    ("V3", 0.0, 1.0, -1.0, 0.5, 0.06, 0.05),
    ("V4", 0.0, 1.6, -0.6, 0.45, 0.07, 0.02),
    ("V5", -0.08, 1.5, -0.3, 0.35, 0.07, 0.0),
    ("V6", -0.08, 1.2, -0.15, 0.25, 0.06, 0.0),
    ("V3R", 0.0, 0.2, -0.6, -0.1, 0.03, 0.0),
    ("V4R", 0.0, 0.2, -0.5, -0.1, 0.03, 0.0),
    ("V5R", 0.0, 0.2, -0.4, -0.05, 0.03, 0.0),
    ("V7", -0.05, 0.6, -0.1, 0.15, 0.03, 0.0),
    ("V8", -0.05, 0.5, -0.2, 0.1, 0.03, 0.0),
    ("V9", 0.0, 0.4, -0.3, 0.08, 0.03, 0.0),
];

fn lead(name: &str, q: f64, r: f64, s: f64, t: f64, p: f64, j: f64) -> LeadMeasurements {
    let qs = r == 0.0;
    LeadMeasurements {
        lead: name.to_string(),
        p_pos_mv: Some(p.max(0.0)),
        p_neg_mv: Some(if name == "V1" { -0.04 } else { p.min(0.0) }),
        p_ms: Some(100.0),
        p_neg_ms: Some(if name == "V1" { 30.0 } else { 0.0 }),
        q_mv: (q < 0.0).then_some(q),
        q_ms: (q < 0.0).then_some(if qs { 90.0 } else { 15.0 }),
        r_mv: (!qs).then_some(r),
        r_ms: (!qs).then_some(40.0),
        s_mv: (s < 0.0).then_some(s),
        s_ms: (s < 0.0).then_some(30.0),
        r_prime_mv: None,
        r_prime_ms: None,
        s_prime_mv: None,
        s_prime_ms: None,
        qrs_ms: Some(90.0),
        r_peak_time_ms: (!qs).then_some(if name == "V1" || name == "V2" {
            20.0
        } else {
            35.0
        }),
        qrs_morphology: Some(if qs { "QS".into() } else { "qRs".into() }),
        delta_wave: Some(false),
        qrs_notch: Some(false),
        j_wave: Some(false),
        j_peak_mv: None,
        qrs_net_mv: Some(r + q.min(s)),
        qrs_area_mv_ms: Some(20.0 * (r + q + s)),
        j_mv: Some(j),
        st60_mv: Some(j + 0.03),
        st80_mv: Some(j + 0.05),
        st_slope_mv_per_s: Some(0.6),
        t_pos_mv: Some(t.max(0.0)),
        t_neg_mv: Some(t.min(0.0)),
    }
}

/// A normal adult ECG: sinus 70 bpm, PR 160, QRS 90, QT/QTc 390/421 ms, axis +50°, every lead
/// within normal limits; the 12 standard leads.
pub(crate) fn normal() -> Measurements {
    with_leads(&Lead::STANDARD_12)
}

/// The normal ECG with these leads (any of the 18), in this order.
pub(crate) fn with_leads(leads: &[Lead]) -> Measurements {
    let bazett = 390.0 / (0.857f64).sqrt();
    Measurements {
        global: GlobalMeasurements {
            heart_rate_bpm: Some(70.0),
            rr_ms: Some(857.0),
            p_ms: Some(100.0),
            pr_ms: Some(160.0),
            qrs_ms: Some(90.0),
            qt_ms: Some(390.0),
            qtc_ms: Some(bazett),
            qtc_formula: QtcFormula::Bazett,
            qtc: Qtc {
                bazett_ms: Some(bazett),
                ..Qtc::default()
            },
            p_axis_deg: Some(50.0),
            qrs_axis_deg: Some(50.0),
            t_axis_deg: Some(40.0),
            paced: Some(false),
        },
        leads: leads
            .iter()
            .filter_map(|l| NORMAL.iter().find(|n| n.0 == l.name()))
            .map(|&(n, q, r, s, t, p, j)| lead(n, q, r, s, t, p, j))
            .collect(),
        beats: Vec::new(),
    }
}

/// The measurements of one lead, to change them.
pub(crate) fn lead_mut<'a>(m: &'a mut Measurements, name: &str) -> &'a mut LeadMeasurements {
    m.leads
        .iter_mut()
        .find(|l| l.lead == name)
        .unwrap_or_else(|| panic!("test measurements have no lead {name}"))
}

pub(crate) fn male(age: f64) -> Patient {
    Patient::new(Some(age), Some(Sex::Male))
}
pub(crate) fn female(age: f64) -> Patient {
    Patient::new(Some(age), Some(Sex::Female))
}
pub(crate) fn unknown() -> Patient {
    Patient::default()
}

/// The statements for these measurements, sinus rhythm at the measured rate, every lead
/// of the measurements recorded and readable.
pub(crate) fn read_all(m: &Measurements, p: &Patient) -> Vec<Statement> {
    read_with(
        m,
        p,
        RhythmLabel::SinusRhythm,
        &[],
        &InterpretConfig::default(),
    )
}

/// The statements with a given rhythm, excluded leads and criteria.
pub(crate) fn read_with(
    m: &Measurements,
    p: &Patient,
    label: RhythmLabel,
    excluded: &[String],
    cfg: &InterpretConfig,
) -> Vec<Statement> {
    let mut rhythm = Rhythm::undetermined("test");
    rhythm.label = label;
    let leads: Vec<Lead> = m.leads.iter().map(|l| Lead::parse(&l.lead)).collect();
    let rate = m.global.heart_rate_bpm.unwrap_or(70.0);
    let input = InterpretInput {
        rhythm: &rhythm,
        counts: &BeatCounts::default(),
        rates: Some(Rates {
            mean_bpm: rate,
            min_bpm: rate,
            max_bpm: rate,
        }),
        pauses: &[],
        leads: &leads,
        excluded_leads: excluded,
        episodes: &[],
        min_af_episode_s: 30.0,
        measurements: Some(m),
        patient: p,
    };
    interpret(&input, &SeverityConfig::default(), cfg)
}

pub(crate) fn has(st: &[Statement], c: StatementCode) -> bool {
    st.iter().any(|s| s.code == c)
}

pub(crate) fn find(st: &[Statement], c: StatementCode) -> &Statement {
    st.iter()
        .find(|s| s.code == c)
        .unwrap_or_else(|| panic!("no {c:?} in {:#?}", codes(st)))
}

pub(crate) fn codes(st: &[Statement]) -> Vec<StatementCode> {
    st.iter().map(|s| s.code).collect()
}
