//! The technical notes (leads excluded or missing, what was not assessed, unknown sex or age)
//! and the conclusion.
//!
//! "Normal ECG" (正常心电图) only when the rhythm is sinus at a normal rate, every lead of the
//! record is readable, the 12 standard leads are all there, every measurement was made and
//! every criterion is within normal limits. Otherwise, with no abnormal finding: "no
//! abnormality in the readable leads" (a lead missing or unreadable) or "no abnormality in what
//! was assessed" (a part of the reading could not be done) — both borderline, so that a reader
//! looks. A borderline finding makes a borderline ECG (大致正常心电图), an abnormal or critical
//! one an abnormal ECG (异常心电图) of that severity.

use super::leads::L;
use super::{Ctx, Findings, InterpretInput, names};
use crate::report::{Severity, Statement, StatementCode as C};

/// Appends the technical notes and the conclusion to the findings.
pub(super) fn finish(input: &InterpretInput<'_>, ctx: &Ctx<'_>, f: Findings) -> Vec<Statement> {
    let Findings {
        st: mut out,
        mut unassessed,
        used_unknown_patient,
        ..
    } = f;
    let worst = out
        .iter()
        .map(|s| s.severity)
        .max()
        .unwrap_or(Severity::Normal);
    if !input.excluded_leads.is_empty() {
        out.push(Statement {
            leads: input.excluded_leads.to_vec(),
            ..Statement::new(C::LeadsExcluded, Severity::Normal)
        });
    }
    let missing: Vec<L> = L::STANDARD_12
        .iter()
        .copied()
        .filter(|&l| !ctx.t.recorded(l))
        .collect();
    if !missing.is_empty() {
        out.push(Statement {
            leads: names(&missing),
            ..Statement::new(C::LeadsMissing, Severity::Normal)
        });
    }
    if !unassessed.is_empty() {
        unassessed.sort();
        out.push(Statement {
            topics: unassessed.clone(),
            ..Statement::new(C::NotAssessed, Severity::Normal)
        });
    }
    let measured = input.measurements.is_some();
    if measured && used_unknown_patient {
        let p = input.patient;
        let which = usize::from(p.sex.is_none()) + 2 * usize::from(p.age_years.is_none());
        out.push(Statement {
            count: Some(which),
            ..Statement::new(C::PatientUnknown, Severity::Normal)
        });
    }
    let every_lead_read = input.excluded_leads.is_empty()
        && L::STANDARD_12.iter().all(|&l| ctx.t.get(l).is_some())
        && L::ALL
            .iter()
            .all(|&l| !ctx.t.recorded(l) || ctx.t.get(l).is_some());
    let conclusion = match worst {
        // Technical statements come later (technical::amend), which replaces the conclusion.
        Severity::Critical | Severity::Technical | Severity::Abnormal => {
            Statement::new(C::AbnormalEcg, worst)
        }
        Severity::Borderline => Statement::new(C::BorderlineEcg, Severity::Borderline),
        Severity::Normal if measured && unassessed.is_empty() && every_lead_read => {
            Statement::new(C::NormalEcg, Severity::Normal)
        }
        Severity::Normal if measured && unassessed.is_empty() => {
            Statement::new(C::NoAbnormalityReadableLeads, Severity::Borderline)
        }
        Severity::Normal => Statement::new(C::NoAbnormalityAssessed, Severity::Borderline),
    };
    out.push(conclusion);
    out
}
