//! The technical statements: what the recording did to the read (mains, muscle noise, baseline
//! wander, atrial activity not assessable, a suspected electrode interchange), and the technical
//! triage that sends the record back to the village doctor with its interpretation marked
//! unreliable.
//!
//! Noise that the pipeline filtered or that leaves the read intact is reported for the record
//! (severity normal: it changes no conclusion). A suspected limb-electrode interchange
//! withholds what the limb leads alone found (axis, fascicular blocks, findings named only in
//! I, II, III, aVR, aVL, aVF, which leave the statements that name chest leads too) and says so
//! (not assessed); the precordial findings stay, and so does any critical finding (an acute
//! infarction is never withheld: the record needs a reader now). An electrode interchange, or noise that leaves the
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
//! // The axis is withheld under a limb interchange, and the report says so.
//! assert_eq!(codes, [StatementCode::SinusRhythm, StatementCode::NotAssessed,
//!                    StatementCode::LimbLeadReversal, StatementCode::InterpretationUnreliable]);
//! assert_eq!(st[2].leads, ["LA", "RA"]);
//! ```

use crate::quality::reversal::InterchangeFinding;
use crate::quality::{Issue, LeadQuality};
use crate::report::{Severity, Statement, StatementCode, Topic};
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

const LIMB: [&str; 6] = ["I", "II", "III", "aVR", "aVL", "aVF"];

fn is_limb(lead: &str) -> bool {
    LIMB.iter().any(|l| l.eq_ignore_ascii_case(lead))
}

/// The topic a morphology statement belongs to, `None` for the statements a limb-lead
/// interchange leaves alone (rhythm, intervals, technical notes, the conclusion).
fn limb_topic(code: StatementCode) -> Option<Topic> {
    use StatementCode as C;
    Some(match code {
        C::LeftAxisDeviation | C::RightAxisDeviation | C::IndeterminateAxis => Topic::Axis,
        C::LeftAnteriorFascicularBlock | C::LeftPosteriorFascicularBlock => {
            Topic::IntraventricularConduction
        }
        C::RightAtrialAbnormality => Topic::AtrialAbnormality,
        C::LeftVentricularHypertrophy
        | C::LeftVentricularHighVoltage
        | C::RightVentricularHypertrophy => Topic::Hypertrophy,
        C::LowVoltageLimb => Topic::LowVoltage,
        C::AcuteStemi | C::StElevationConfounded => Topic::StElevation,
        C::PathologicalQWaves => Topic::QWaves,
        C::StDepression | C::TWaveInversion | C::FlatTWave | C::EarlyRepolarization => Topic::StT,
        _ => return None,
    })
}

/// Under a suspected limb-electrode interchange: withholds the statements read from the limb
/// leads alone (the axis and the fascicular blocks always), keeps the chest leads of the
/// statements that name both, keeps every critical statement whole, and names what was
/// withheld as not assessed (the axis always).
fn withhold_limb_findings(statements: &mut Vec<Statement>) {
    use StatementCode as C;
    let mut withheld = vec![Topic::Axis];
    statements.retain_mut(|s| {
        let Some(topic) = limb_topic(s.code) else {
            return true;
        };
        if s.severity == Severity::Critical {
            return true;
        }
        let named = s
            .leads
            .iter()
            .map(String::as_str)
            .chain(s.evidence.iter().filter_map(|e| e.lead.as_deref()));
        let mut any_limb = false;
        let mut any_chest = false;
        for l in named {
            if is_limb(l) {
                any_limb = true;
            } else {
                any_chest = true;
            }
        }
        let axis_based = matches!(
            s.code,
            C::LeftAxisDeviation
                | C::RightAxisDeviation
                | C::IndeterminateAxis
                | C::LeftAnteriorFascicularBlock
                | C::LeftPosteriorFascicularBlock
                | C::LowVoltageLimb
        );
        if axis_based || (any_limb && !any_chest) {
            if !withheld.contains(&topic) {
                withheld.push(topic);
            }
            return false;
        }
        s.leads.retain(|l| !is_limb(l));
        s.evidence
            .retain(|e| e.lead.as_deref().is_none_or(|l| !is_limb(l)));
        true
    });
    if let Some(na) = statements.iter_mut().find(|s| s.code == C::NotAssessed) {
        for t in withheld {
            if !na.topics.contains(&t) {
                na.topics.push(t);
            }
        }
        na.topics.sort();
    } else {
        withheld.sort();
        let at = statements
            .iter()
            .rposition(|s| s.code.is_conclusion())
            .unwrap_or(statements.len());
        statements.insert(
            at,
            Statement {
                topics: withheld,
                ..Statement::new(C::NotAssessed, Severity::Normal)
            },
        );
    }
}

/// Adds the technical statements to `statements` (the output of [`super::interpret`]) before
/// the conclusion and, when the interpretation is unreliable, replaces the conclusion. A
/// suspected limb-electrode interchange also withholds the limb-lead findings (see the module
/// documentation).
pub fn amend(statements: &mut Vec<Statement>, input: &TechnicalInput<'_>) {
    let mut tech: Vec<Statement> = Vec::new();
    if input.interchange.is_some_and(|x| x.interchange.is_limb()) {
        withhold_limb_findings(statements);
    }
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

    fn with_leads(code: StatementCode, sev: Severity, leads: &[&str]) -> Statement {
        Statement {
            leads: leads.iter().map(|l| l.to_string()).collect(),
            ..Statement::new(code, sev)
        }
    }

    #[test]
    fn a_limb_interchange_withholds_limb_findings_and_keeps_precordial_ones() {
        use crate::quality::reversal::{Check, Interchange, InterchangeFinding};
        use crate::report::{Evidence, Quantity};
        use StatementCode as C;
        let swap = InterchangeFinding {
            interchange: Interchange::LaLl,
            check: Check::ChestOrder { gain: 0.0 },
        };
        let rhythm = Rhythm::undetermined("x");
        let input = TechnicalInput {
            quality: &[],
            rhythm: &rhythm,
            interchange: Some(&swap),
        };
        let raa =
            Statement::new(C::RightAtrialAbnormality, Severity::Borderline).with_evidence(vec![
                Evidence::lead(Quantity::PPosMv, "II", 0.3, Some(0.25)),
            ]);
        let mut st = vec![
            Statement::new(C::SinusRhythm, Severity::Normal),
            Statement::new(C::LeftAxisDeviation, Severity::Borderline),
            Statement::new(C::LeftAnteriorFascicularBlock, Severity::Abnormal),
            raa,
            with_leads(C::TWaveInversion, Severity::Abnormal, &["II", "III", "aVF"]),
            with_leads(
                C::TWaveInversion,
                Severity::Abnormal,
                &["I", "aVL", "V5", "V6"],
            ),
            with_leads(C::AcuteStemi, Severity::Critical, &["V2", "V3", "V4"]),
            with_leads(C::AcuteStemi, Severity::Critical, &["II", "III", "aVF"]),
            Statement::new(C::AbnormalEcg, Severity::Critical),
        ];
        amend(&mut st, &input);
        let codes: Vec<_> = st.iter().map(|s| s.code).collect();
        assert_eq!(
            codes,
            [
                C::SinusRhythm,
                C::TWaveInversion,
                C::AcuteStemi,
                C::AcuteStemi,
                C::NotAssessed,
                C::LimbLeadReversal,
                C::InterpretationUnreliable
            ]
        );
        // The mixed statement keeps its chest leads only; both infarctions stay whole.
        assert_eq!(st[1].leads, ["V5", "V6"]);
        assert_eq!(st[2].leads, ["V2", "V3", "V4"]);
        assert_eq!(st[3].leads, ["II", "III", "aVF"]);
        assert_eq!(
            st[4].topics,
            [
                Topic::Axis,
                Topic::IntraventricularConduction,
                Topic::AtrialAbnormality,
                Topic::StT
            ]
        );
        assert_eq!(st[6].severity, Severity::Critical);
        // A chest-lead interchange withholds nothing.
        let chest = InterchangeFinding {
            interchange: Interchange::Chest(
                crate::quality::reversal::ChestSite::V1,
                crate::quality::reversal::ChestSite::V2,
            ),
            check: Check::ChestOrder { gain: 0.0 },
        };
        let mut st = vec![
            Statement::new(C::LeftAxisDeviation, Severity::Borderline),
            Statement::new(C::AbnormalEcg, Severity::Borderline),
        ];
        amend(
            &mut st,
            &TechnicalInput {
                interchange: Some(&chest),
                ..input
            },
        );
        assert_eq!(st[0].code, C::LeftAxisDeviation);
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
