//! Interpretation: the statements a report makes from the rhythm, the beats and the record's
//! quality, each with its severity, ending with the conclusion (normal, borderline or abnormal
//! ECG); the triage is the worst severity among them.
//!
//! One rule per statement, its thresholds in [`SeverityConfig`] with their sources.
//!
//! ```
//! use sinus::interpret::{InterpretInput, SeverityConfig, interpret};
//! use sinus::report::{BeatCounts, StatementCode};
//! use sinus::rhythm::{Rhythm, RhythmLabel};
//! let rhythm = Rhythm::undetermined("example");
//! let input = InterpretInput {
//!     rhythm: &rhythm,
//!     counts: &BeatCounts::default(),
//!     rates: None,
//!     pauses: &[],
//!     excluded_leads: &[],
//!     episodes: &[],
//!     min_af_episode_s: 30.0,
//!     measurements: None,
//! };
//! let st = interpret(&input, &SeverityConfig::default());
//! assert_eq!(st[0].code, StatementCode::RhythmUndetermined);
//! ```

mod rhythm;

use crate::beats::Pause;
use crate::measure::Measurements;
use crate::report::{BeatCounts, Rates, RhythmEpisode, Severity, Statement, StatementCode};
use crate::rhythm::{Rhythm, RhythmLabel};
use serde::{Deserialize, Serialize};

/// Where findings turn from borderline to abnormal or critical.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeverityConfig {
    /// A rate below this is abnormal (bpm). Default 40 (marked bradycardia).
    pub marked_bradycardia_bpm: f64,
    /// A rate above this is abnormal (bpm). Default 130.
    pub marked_tachycardia_bpm: f64,
    /// A rate above this is critical (bpm). Default 150.
    pub critical_tachycardia_bpm: f64,
    /// A pause longer than this is critical (s). Default 3.0 (2018 ACC/AHA/HRS bradycardia
    /// guideline: pauses > 3 s while awake are significant).
    pub critical_pause_s: f64,
    /// This many premature ventricular beats or more make the finding abnormal. Default 3.
    pub abnormal_pvc_count: usize,
}

impl Default for SeverityConfig {
    fn default() -> Self {
        SeverityConfig {
            marked_bradycardia_bpm: 40.0,
            marked_tachycardia_bpm: 130.0,
            critical_tachycardia_bpm: 150.0,
            critical_pause_s: 3.0,
            abnormal_pvc_count: 3,
        }
    }
}

/// What the statements are read from: the outputs of the stages before.
#[derive(Debug, Clone, Copy)]
pub struct InterpretInput<'a> {
    /// The rhythm and its evidence.
    pub rhythm: &'a Rhythm,
    /// Beat counts by class.
    pub counts: &'a BeatCounts,
    /// Ventricular rates, when there are at least two beats.
    pub rates: Option<Rates>,
    /// Pauses.
    pub pauses: &'a [Pause],
    /// Leads left out for poor signal (names).
    pub excluded_leads: &'a [String],
    /// Rhythm episodes of a long recording (empty for a resting ECG).
    pub episodes: &'a [RhythmEpisode],
    /// Atrial fibrillation episodes at least this long (s) are reported when the main rhythm is
    /// another ([`crate::pipeline::EpisodeConfig::min_af_episode_s`]).
    pub min_af_episode_s: f64,
    /// Intervals, axes and amplitudes, when the record was delineated.
    pub measurements: Option<&'a Measurements>,
}

/// The statements of a record, in reading order (rhythm first), ending with the conclusion.
pub fn interpret(input: &InterpretInput<'_>, sv: &SeverityConfig) -> Vec<Statement> {
    let InterpretInput {
        rhythm,
        counts,
        rates,
        pauses,
        excluded_leads: excluded,
        episodes,
        min_af_episode_s,
        measurements: _,
    } = *input;
    use RhythmLabel as L;
    use StatementCode as C;
    let rate = rates.map(|r| r.mean_bpm);
    let rate_sev = |base: Severity| -> Severity {
        match rate {
            Some(r) if r > sv.critical_tachycardia_bpm => Severity::Critical,
            Some(r) if r < sv.marked_bradycardia_bpm || r > sv.marked_tachycardia_bpm => {
                base.max(Severity::Abnormal)
            }
            _ => base,
        }
    };
    let (code, sev) = match rhythm.label {
        L::SinusRhythm => (C::SinusRhythm, Severity::Normal),
        L::SinusBradycardia => (C::SinusBradycardia, rate_sev(Severity::Borderline)),
        L::SinusTachycardia => (C::SinusTachycardia, rate_sev(Severity::Borderline)),
        L::SinusArrhythmia => (C::SinusArrhythmia, Severity::Borderline),
        L::AtrialFibrillation => (C::AtrialFibrillation, rate_sev(Severity::Abnormal)),
        L::AtrialFlutter => (C::AtrialFlutter, rate_sev(Severity::Abnormal)),
        L::IrregularUnclassified => (C::IrregularRhythm, rate_sev(Severity::Abnormal)),
        L::RegularUnclassified => (C::RegularRhythmNoP, rate_sev(Severity::Abnormal)),
        _ => (C::RhythmUndetermined, Severity::Borderline),
    };
    // For flutter, the count is the conduction ratio N of N:1 (none when variable).
    let count = match rhythm.label {
        L::AtrialFlutter => rhythm.evidence.conduction_ratio.map(|n| n as usize),
        _ => None,
    };
    let mut st = vec![
        rhythm::label_statement(rhythm, rate, &rate_sev).unwrap_or(Statement {
            value: rate,
            count,
            ..Statement::new(code, sev)
        }),
    ];
    st.extend(rhythm::findings(rhythm));
    if !matches!(rhythm.label, L::AtrialFibrillation | L::AtrialFlutter) {
        let af: Vec<f64> = episodes
            .iter()
            .filter(|e| e.label == L::AtrialFibrillation)
            .map(RhythmEpisode::duration_s)
            .filter(|&d| d >= min_af_episode_s)
            .collect();
        if !af.is_empty() {
            st.push(Statement {
                count: Some(af.len()),
                value: Some(af.iter().copied().fold(0.0, f64::max)),
                ..Statement::new(C::AtrialFibrillationEpisodes, Severity::Abnormal)
            });
        }
    }
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
    if !pauses.is_empty() {
        let longest = pauses.iter().map(|p| p.duration_s).fold(0.0f64, f64::max);
        let sev = if longest > sv.critical_pause_s {
            Severity::Critical
        } else {
            Severity::Abnormal
        };
        st.push(Statement {
            count: Some(pauses.len()),
            value: Some(longest),
            ..Statement::new(C::Pause, sev)
        });
    }
    if !excluded.is_empty() {
        st.push(Statement {
            leads: excluded.to_vec(),
            ..Statement::new(C::LeadsExcluded, Severity::Normal)
        });
    }
    let worst = st
        .iter()
        .map(|s| s.severity)
        .max()
        .unwrap_or(Severity::Normal);
    st.push(match worst {
        Severity::Normal => Statement::new(C::NormalEcg, Severity::Normal),
        Severity::Borderline => Statement::new(C::BorderlineEcg, Severity::Borderline),
        s => Statement::new(C::AbnormalEcg, s),
    });
    st
}
