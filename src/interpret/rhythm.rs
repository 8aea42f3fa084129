//! The rhythm statements (issues 5 and 12): the rhythm with its rate, what modifies it (AV
//! block, runs of ectopic beats, bigeminy and trigeminy, intermittent pacing), paroxysmal AF
//! episodes, ectopic beats, pauses.
//!
//! Beyond sinus rhythm, fibrillation and flutter, [`label_statement`] names the paced labels
//! with the atrial rhythm beneath, sinus bradycardia or tachycardia with sinus arrhythmia,
//! junctional, supraventricular and ventricular rhythms. Severities follow the 2018
//! ACC/AHA/HRS bradycardia guideline (Mobitz II, high-grade and complete AV block critical)
//! and the 2017 AHA/ACC/HRS ventricular arrhythmia guideline (ventricular tachycardia, flutter
//! and fibrillation critical).

use super::{InterpretInput, SeverityConfig};
use crate::report::{Evidence, Quantity, RhythmEpisode, Severity, Statement, StatementCode};
use crate::rhythm::{
    AvBlockDegree, EctopicPattern, PacedChamber, Rhythm, RhythmLabel, RunKind, UnderlyingAtrial,
};

/// The rhythm statement first, then what modifies the rhythm ([`findings`]), AF episodes, premature beats, pauses, excluded leads.
///
/// Severity by rate: below [`SeverityConfig::critical_bradycardia_bpm`] or above
/// [`SeverityConfig::critical_tachycardia_bpm`] critical; below
/// [`SeverityConfig::marked_bradycardia_bpm`] or above
/// [`SeverityConfig::marked_tachycardia_bpm`] at least abnormal.
pub(super) fn statements(input: &InterpretInput<'_>, sv: &SeverityConfig) -> Vec<Statement> {
    use RhythmLabel as L;
    use StatementCode as C;
    let rhythm = input.rhythm;
    let rate = input.rates.map(|r| r.mean_bpm);
    let rate_sev = |base: Severity| -> Severity {
        match rate {
            Some(r) if r > sv.critical_tachycardia_bpm || r < sv.critical_bradycardia_bpm => {
                Severity::Critical
            }
            Some(r) if r < sv.marked_bradycardia_bpm || r > sv.marked_tachycardia_bpm => {
                base.max(Severity::Abnormal)
            }
            _ => base,
        }
    };
    let (code, base) = match rhythm.label {
        L::SinusRhythm => (C::SinusRhythm, Severity::Normal),
        L::SinusBradycardia => (C::SinusBradycardia, Severity::Borderline),
        L::SinusTachycardia => (C::SinusTachycardia, Severity::Borderline),
        // Borderline, though often a physiological variant: graded normal, it called one more
        // LUDB normal and one more abnormal record (184, sinus arrhythmia with a wandering
        // atrial pacemaker) "Normal ECG", and a false normal costs more than a missed normal.
        L::SinusArrhythmia => (C::SinusArrhythmia, Severity::Borderline),
        L::AtrialFibrillation => (C::AtrialFibrillation, Severity::Abnormal),
        L::AtrialFlutter => (C::AtrialFlutter, Severity::Abnormal),
        L::IrregularUnclassified => (C::IrregularRhythm, Severity::Abnormal),
        L::RegularUnclassified => (C::RegularRhythmNoP, Severity::Abnormal),
        _ => (C::RhythmUndetermined, Severity::Borderline),
    };
    let sev = if code == C::RhythmUndetermined {
        base
    } else {
        rate_sev(base)
    };
    // For flutter, the count is the conduction ratio N of N:1 (none when variable).
    let count = match rhythm.label {
        L::AtrialFlutter => rhythm.evidence.conduction_ratio.map(|n| n as usize),
        _ => None,
    };
    let mut first = label_statement(rhythm, rate, &rate_sev).unwrap_or(Statement {
        value: rate,
        count,
        ..Statement::new(code, sev)
    });
    let code = first.code;
    let sev = first.severity;
    // The rate is the evidence of every rhythm statement but sinus rhythm itself (whose rate
    // the report's rate line gives); a critical rate carries the limit it crossed.
    if let Some(r) = rate.filter(|_| !matches!(code, C::SinusRhythm | C::RhythmUndetermined)) {
        // Only a rate past a critical limit names it (ventricular tachycardia or a high-grade
        // block is critical at any rate).
        let crossed = if r < sv.critical_bradycardia_bpm {
            Some(sv.critical_bradycardia_bpm)
        } else if r > sv.critical_tachycardia_bpm {
            Some(sv.critical_tachycardia_bpm)
        } else {
            None
        };
        let limit = crossed.filter(|_| sev == Severity::Critical);
        first.evidence = vec![Evidence::global(Quantity::HeartRateBpm, r, limit)];
    }
    let mut st = vec![first];
    st.extend(findings(rhythm));
    if !matches!(rhythm.label, L::AtrialFibrillation | L::AtrialFlutter) {
        let af: Vec<f64> = input
            .episodes
            .iter()
            .filter(|e| e.label == L::AtrialFibrillation)
            .map(RhythmEpisode::duration_s)
            .filter(|&d| d >= input.min_af_episode_s)
            .collect();
        if !af.is_empty() {
            st.push(Statement {
                count: Some(af.len()),
                value: Some(af.iter().copied().fold(0.0, f64::max)),
                ..Statement::new(C::AtrialFibrillationEpisodes, Severity::Abnormal)
            });
        }
    }
    let counts = input.counts;
    if counts.ventricular_premature > 0 {
        let sev = if counts.ventricular_premature >= sv.abnormal_pvc_count {
            Severity::Abnormal
        } else {
            Severity::Borderline
        };
        st.push(Statement {
            count: Some(counts.ventricular_premature),
            ..Statement::new(C::PrematureVentricular, sev)
        });
    }
    if counts.supraventricular_premature > 0 {
        st.push(Statement {
            count: Some(counts.supraventricular_premature),
            ..Statement::new(C::PrematureSupraventricular, Severity::Borderline)
        });
    }
    if !input.pauses.is_empty() {
        let longest = input
            .pauses
            .iter()
            .map(|p| p.duration_s)
            .fold(0.0f64, f64::max);
        let sev = if longest > sv.critical_pause_s {
            Severity::Critical
        } else {
            Severity::Abnormal
        };
        st.push(Statement {
            count: Some(input.pauses.len()),
            value: Some(longest),
            ..Statement::new(C::Pause, sev)
        });
    }
    st
}

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
