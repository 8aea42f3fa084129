//! The technical statements: what the recording did to the read (mains, muscle noise, baseline
//! wander, atrial activity not assessable, a suspected electrode interchange), and the technical
//! triage that sends the record back to the village doctor with its interpretation marked
//! unreliable.
//!
//! Noise that the pipeline filtered or that leaves the read intact is reported for the record
//! (severity normal: it changes no conclusion). An electrode interchange, or noise that leaves the
//! atrial activity unread, makes the interpretation unreliable: the statement says "please
//! re-record", the conclusion becomes [`StatementCode::InterpretationUnreliable`] and the triage
//! [`Severity::Technical`], below only a critical finding, which still needs a reader now.
//!
//! ```
//! use sinus::interpret::technical::{amend, TechnicalInput};
//! use sinus::quality::reversal::{Check, Interchange, InterchangeFinding};
//! use sinus::report::{Severity, Statement, StatementCode};
//! use sinus::rhythm::Rhythm;
//! let mut st = vec![
//!     Statement::new(StatementCode::SinusRhythm, Severity::Normal),
//!     Statement::new(StatementCode::NormalEcg, Severity::Normal),
//! ];
//! let swap = InterchangeFinding {
//!     interchange: Interchange::LaRa,
//!     check: Check::ChestOrder { gain: 0.0 },
//! };
//! let rhythm = Rhythm::undetermined("example");
//! amend(&mut st, &TechnicalInput { quality: &[], rhythm: &rhythm, interchange: Some(&swap) });
//! let codes: Vec<_> = st.iter().map(|s| s.code).collect();
//! assert_eq!(codes, [StatementCode::SinusRhythm, StatementCode::LimbLeadReversal,
//!                    StatementCode::InterpretationUnreliable]);
//! assert_eq!(st[1].leads, ["LA", "RA"]);
//! ```

use crate::quality::reversal::InterchangeFinding;
use crate::quality::{Issue, LeadQuality};
use crate::report::{Severity, Statement, StatementCode};
use crate::rhythm::Rhythm;

/// What the technical statements are read from.
#[derive(Debug, Clone, Copy)]
pub struct TechnicalInput<'a> {
    /// Per-lead quality (after the noise steering).
    pub quality: &'a [LeadQuality],
    /// The rhythm, whose evidence says whether the atrial activity could be assessed.
    pub rhythm: &'a Rhythm,
    /// A suspected electrode interchange.
    pub interchange: Option<&'a InterchangeFinding>,
}

/// A statement naming the leads with `issue`, with the largest of `figure` over them.
fn noise_statement(
    quality: &[LeadQuality],
    issue: Issue,
    code: StatementCode,
    figure: impl Fn(&LeadQuality) -> f64,
) -> Option<Statement> {
    let hit: Vec<&LeadQuality> = quality
        .iter()
        .filter(|q| q.issues.contains(&issue))
        .collect();
    if hit.is_empty() {
        return None;
    }
    Some(Statement {
        leads: hit.iter().map(|q| q.lead.clone()).collect(),
        value: Some(hit.iter().map(|q| figure(q)).fold(0.0, f64::max)),
        ..Statement::new(code, Severity::Normal)
    })
}

/// Adds the technical statements to `statements` (the output of [`super::interpret`]) before
/// the conclusion and, when the interpretation is unreliable, replaces the conclusion.
pub fn amend(statements: &mut Vec<Statement>, input: &TechnicalInput<'_>) {
    let mut tech: Vec<Statement> = Vec::new();
    if let Some(x) = input.interchange {
        let code = if x.interchange.is_limb() {
            StatementCode::LimbLeadReversal
        } else {
            StatementCode::ChestLeadReversal
        };
        tech.push(Statement {
            leads: x.interchange.electrodes(),
            ..Statement::new(code, Severity::Technical)
        });
    }
    if input.rhythm.evidence.atrial_not_assessable {
        tech.push(Statement {
            value: input.rhythm.evidence.input.atrial_noise_mv,
            ..Statement::new(
                StatementCode::AtrialActivityNotAssessable,
                Severity::Technical,
            )
        });
    }
    let q = input.quality;
    tech.extend(noise_statement(
        q,
        Issue::MainsNoise,
        StatementCode::MainsInterference,
        |l| l.metrics.mains_mv,
    ));
    tech.extend(noise_statement(
        q,
        Issue::MuscleNoise,
        StatementCode::MuscleNoise,
        |l| l.metrics.hf_noise_mv,
    ));
    tech.extend(noise_statement(
        q,
        Issue::BaselineWander,
        StatementCode::BaselineWander,
        |l| l.metrics.wander_mv,
    ));
    if tech.is_empty() {
        return;
    }
    let unreliable = tech.iter().any(|s| s.severity == Severity::Technical);
    let at = statements
        .iter()
        .rposition(|s| s.code.is_conclusion())
        .unwrap_or(statements.len());
    if unreliable && at < statements.len() {
        // A critical finding keeps its severity: the record still needs a reader now.
        let worst = statements
            .iter()
            .map(|s| s.severity)
            .max()
            .unwrap_or(Severity::Normal);
        statements[at] = Statement::new(
            StatementCode::InterpretationUnreliable,
            worst.max(Severity::Technical),
        );
    }
    statements.splice(at..at, tech);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::{Grade, Metrics};

    #[test]
    fn noise_is_reported_without_changing_the_conclusion() {
        let q = vec![LeadQuality {
            lead: "II".into(),
            grade: Grade::Acceptable,
            issues: vec![Issue::MainsNoise],
            metrics: Metrics {
                mains_mv: 0.12,
                ..Metrics::default()
            },
        }];
        let rhythm = Rhythm::undetermined("x");
        let mut st = vec![Statement::new(StatementCode::NormalEcg, Severity::Normal)];
        amend(
            &mut st,
            &TechnicalInput {
                quality: &q,
                rhythm: &rhythm,
                interchange: None,
            },
        );
        assert_eq!(st.len(), 2);
        assert_eq!(st[0].code, StatementCode::MainsInterference);
        assert_eq!(st[0].leads, ["II"]);
        assert_eq!(st[0].value, Some(0.12));
        assert_eq!(st[1].code, StatementCode::NormalEcg);
    }

    #[test]
    fn a_critical_finding_stays_critical() {
        let mut rhythm = Rhythm::undetermined("x");
        rhythm.evidence.atrial_not_assessable = true;
        let mut st = vec![
            Statement::new(StatementCode::Pause, Severity::Critical),
            Statement::new(StatementCode::AbnormalEcg, Severity::Critical),
        ];
        amend(
            &mut st,
            &TechnicalInput {
                quality: &[],
                rhythm: &rhythm,
                interchange: None,
            },
        );
        let last = st.last().unwrap();
        assert_eq!(last.code, StatementCode::InterpretationUnreliable);
        assert_eq!(last.severity, Severity::Critical);
        assert_eq!(st[1].code, StatementCode::AtrialActivityNotAssessable);
    }
}
