//! The rhythm statements (issue 5): the rhythm with its rate, paroxysmal AF episodes, ectopic
//! beats, pauses, leads excluded for poor signal.

use super::{InterpretInput, SeverityConfig};
use crate::report::{Evidence, Quantity, RhythmEpisode, Severity, Statement, StatementCode};
use crate::rhythm::RhythmLabel;

/// The rhythm statement first, then AF episodes, premature beats, pauses, excluded leads.
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
    let mut first = Statement {
        value: rate,
        count,
        ..Statement::new(code, sev)
    };
    // The rate is the evidence of every rhythm statement but sinus rhythm itself (whose rate
    // the report's rate line gives); a critical rate carries the limit it crossed.
    if let Some(r) = rate.filter(|_| !matches!(code, C::SinusRhythm | C::RhythmUndetermined)) {
        let crossed = if r < sv.critical_bradycardia_bpm {
            sv.critical_bradycardia_bpm
        } else {
            sv.critical_tachycardia_bpm
        };
        let limit = (sev == Severity::Critical).then_some(crossed);
        first.evidence = vec![Evidence::global(Quantity::HeartRateBpm, r, limit)];
    }
    let mut st = vec![first];
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
