//! The statements of the rhythm beyond sinus rhythm, fibrillation and flutter: the paced
//! labels with the atrial rhythm beneath, sinus bradycardia or tachycardia with sinus
//! arrhythmia, junctional, supraventricular and ventricular rhythms; and the findings that
//! modify a rhythm: AV block, runs of ectopic beats, bigeminy and trigeminy, intermittent
//! pacing. Severities follow the 2018 ACC/AHA/HRS bradycardia guideline (Mobitz II,
//! high-grade and complete AV block critical) and the 2017 AHA/ACC/HRS ventricular arrhythmia
//! guideline (ventricular tachycardia, flutter and fibrillation critical).

use crate::report::{Severity, Statement, StatementCode};
use crate::rhythm::{
    AvBlockDegree, EctopicPattern, PacedChamber, Rhythm, RhythmLabel, RunKind, UnderlyingAtrial,
};

/// The rhythm statement for the labels this module reads (None: the caller's own rules).
/// `rate_sev` raises a severity by the ventricular rate.
pub(super) fn label_statement(
    rhythm: &Rhythm,
    rate: Option<f64>,
    rate_sev: &dyn Fn(Severity) -> Severity,
) -> Option<Statement> {
    use RhythmLabel as L;
    use StatementCode as C;
    let (code, sev) = match rhythm.label {
        L::SinusBradycardia if rhythm.sinus_arrhythmia => (
            C::SinusBradycardiaWithArrhythmia,
            rate_sev(Severity::Borderline),
        ),
        L::SinusTachycardia if rhythm.sinus_arrhythmia => (
            C::SinusTachycardiaWithArrhythmia,
            rate_sev(Severity::Borderline),
        ),
        L::EctopicAtrialRhythm => (C::EctopicAtrialRhythm, rate_sev(Severity::Borderline)),
        L::JunctionalRhythm => (C::JunctionalRhythm, rate_sev(Severity::Abnormal)),
        L::AcceleratedJunctionalRhythm => {
            (C::AcceleratedJunctionalRhythm, rate_sev(Severity::Abnormal))
        }
        L::SupraventricularTachycardia => {
            (C::SupraventricularTachycardia, rate_sev(Severity::Abnormal))
        }
        L::VentricularTachycardia => (C::VentricularTachycardia, Severity::Critical),
        L::IdioventricularRhythm => (
            C::IdioventricularRhythm,
            if rate.is_some_and(|r| r < 40.0) {
                Severity::Critical
            } else {
                Severity::Abnormal
            },
        ),
        L::VentricularFlutterFibrillation => {
            (C::VentricularFlutterFibrillation, Severity::Critical)
        }
        L::AtrialPaced => (C::AtrialPacedRhythm, Severity::Abnormal),
        L::AvSequentialPaced => (C::AvSequentialPacedRhythm, Severity::Abnormal),
        L::VentricularPaced => {
            let under = rhythm.pacing.as_ref().and_then(|p| p.underlying);
            match under {
                Some(UnderlyingAtrial::AtrialFibrillation) => (
                    C::AtrialFibrillationWithVentricularPacing,
                    Severity::Abnormal,
                ),
                Some(UnderlyingAtrial::CompleteAvBlock) => {
                    (C::CompleteAvBlockWithVentricularPacing, Severity::Abnormal)
                }
                Some(UnderlyingAtrial::SinusTracked) => {
                    (C::SinusRhythmWithVentricularPacing, Severity::Abnormal)
                }
                _ => (C::VentricularPacedRhythm, Severity::Abnormal),
            }
        }
        _ => return None,
    };
    Some(Statement {
        value: rate,
        ..Statement::new(code, sev)
    })
}

/// The statements of what modifies the rhythm, in reading order.
pub(super) fn findings(rhythm: &Rhythm) -> Vec<Statement> {
    use StatementCode as C;
    let mut st = Vec::new();
    if let Some(b) = &rhythm.av_block {
        let (code, sev) = match b.degree {
            AvBlockDegree::First => (C::AvBlockFirstDegree, Severity::Borderline),
            AvBlockDegree::SecondMobitzI => (C::AvBlockMobitzI, Severity::Abnormal),
            AvBlockDegree::SecondMobitzII => (C::AvBlockMobitzII, Severity::Critical),
            AvBlockDegree::TwoToOne => (C::AvBlockTwoToOne, Severity::Abnormal),
            AvBlockDegree::HighGrade => (C::AvBlockHighGrade, Severity::Critical),
            AvBlockDegree::Third => (C::AvBlockThirdDegree, Severity::Critical),
            _ => (C::AvBlockSecondDegree, Severity::Abnormal),
        };
        let median_pr = {
            let mut v = b.pr_ms.clone();
            v.sort_by(f64::total_cmp);
            v.get(v.len() / 2).copied()
        };
        let figures = match b.degree {
            AvBlockDegree::SecondMobitzI => b.pr_ms.iter().take(6).copied().collect(),
            AvBlockDegree::Third => {
                vec![b.p_rate_bpm.unwrap_or(0.0), b.qrs_rate_bpm.unwrap_or(0.0)]
            }
            _ => Vec::new(),
        };
        st.push(Statement {
            value: median_pr,
            figures,
            ..Statement::new(code, sev)
        });
    }
    let vt: Vec<_> = rhythm
        .runs
        .iter()
        .filter(|r| r.kind == RunKind::Ventricular && r.tachycardia)
        .collect();
    if !vt.is_empty() && rhythm.label != RhythmLabel::VentricularTachycardia {
        st.push(Statement {
            count: Some(vt.len()),
            value: Some(vt.iter().map(|r| r.rate_bpm).fold(0.0, f64::max)),
            ..Statement::new(C::VentricularTachycardiaRuns, Severity::Critical)
        });
    }
    let sv: Vec<_> = rhythm
        .runs
        .iter()
        .filter(|r| r.kind == RunKind::Supraventricular)
        .collect();
    if !sv.is_empty() {
        st.push(Statement {
            count: Some(sv.len()),
            value: Some(sv.iter().map(|r| r.rate_bpm).fold(0.0, f64::max)),
            ..Statement::new(C::SupraventricularRuns, Severity::Abnormal)
        });
    }
    if let Some(p) = rhythm.pattern {
        let code = match p {
            EctopicPattern::VentricularBigeminy => C::VentricularBigeminy,
            EctopicPattern::VentricularTrigeminy => C::VentricularTrigeminy,
            _ => C::SupraventricularBigeminy,
        };
        st.push(Statement::new(code, Severity::Abnormal));
    }
    if let Some(p) = &rhythm.pacing
        && !rhythm.label.is_paced()
        && p.chamber != PacedChamber::Atrial
        && p.paced_beats > 0
    {
        st.push(Statement {
            count: Some(p.paced_beats),
            ..Statement::new(C::IntermittentPacing, Severity::Borderline)
        });
    }
    st
}
