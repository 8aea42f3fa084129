//! Infarction: 急性ST段抬高型心肌梗死 (acute ST-elevation infarction) by territory on 12 or
//! 18 leads, with reciprocal depression named; the confounders that mimic or mask it (LBBB
//! and pacing read with the Sgarbossa criteria, pre-excitation, LVH, early repolarization);
//! the 12-lead posterior sign and the advice to record V7–V9 / V3R–V5R (建议加做后壁/右胸导联);
//! 异常Q波 (pathological Q waves, old infarction by territory).
//!
//! Criteria in [`super::InfarctionCriteria`] (UDMI 2018 unless named): new ST elevation at
//! the J point in two contiguous leads (Cabrera aVL, I, −aVR, II, aVF, III; V1…V6; V7…V9;
//! V3R…V5R) of ≥ 0.1 mV, except V2–V3 (≥ 0.2 mV men ≥ 40, ≥ 0.25 mV men < 40, ≥ 0.15 mV
//! women), V7–V9 (≥ 0.05 mV, ≥ 0.1 mV men < 40) and V3R–V5R (≥ 0.05 mV, ≥ 0.1 mV men < 30).
//! Sex or age unknown: the lowest limit. Whether the elevation is new cannot be told from one
//! ECG: the statement says acute infarction and the reader compares.

use super::leads::{self, L, LeadExt, Site};
use super::{Ctx, Findings, names};
use crate::interpret::Sex;
use crate::report::{
    Confounder, Evidence, Quantity, Role, Severity, Statement, StatementCode as C, Territory, Topic,
};

/// Acute ST elevation, the posterior sign, pathological Q waves.
pub(super) fn read(ctx: &Ctx<'_>, f: &mut Findings) {
    stemi(ctx, f);
    posterior_sign(ctx, f);
    q_waves(ctx, f);
}

/// The ST-elevation limit of a lead for this patient, and whether it depended on an unknown
/// sex or age.
pub(crate) fn st_limit(ctx: &Ctx<'_>, l: L) -> (f64, bool) {
    let c = &ctx.cfg.infarction;
    let p = ctx.patient;
    match l {
        L::V2 | L::V3 => match (p.sex, p.age_years) {
            (Some(Sex::Female), _) => (c.st_v2v3_women_mv, false),
            (Some(Sex::Male), Some(a)) if a < c.young_men_age_years => {
                (c.st_v2v3_young_men_mv, false)
            }
            (Some(Sex::Male), Some(_)) => (c.st_v2v3_men_mv, false),
            // A man of unknown age: the lower of the two men's limits.
            (Some(Sex::Male), None) => (c.st_v2v3_men_mv, true),
            (None, _) => (c.st_v2v3_women_mv, true),
        },
        L::V7 | L::V8 | L::V9 => {
            if p.is_man_under(c.young_men_age_years) {
                (c.st_posterior_young_men_mv, false)
            } else {
                (c.st_posterior_mv, !p.is_complete())
            }
        }
        L::V3R | L::V4R | L::V5R => {
            if p.is_man_under(c.right_young_men_age_years) {
                (c.st_right_young_men_mv, false)
            } else {
                (c.st_right_mv, !p.is_complete())
            }
        }
        _ => (c.st_mv, false),
    }
}

/// The confounder read with the Sgarbossa criteria, if any: pacing, LBBB, pre-excitation — the
/// abnormal depolarization itself displaces the ST segment, discordant to the QRS.
fn qrs_confounder(f: &Findings) -> Option<Confounder> {
    if f.flags.paced {
        Some(Confounder::Paced)
    } else if f.flags.complete_lbbb {
        Some(Confounder::Lbbb)
    } else if f.flags.preexcitation {
        Some(Confounder::Preexcitation)
    } else {
        None
    }
}

fn stemi(ctx: &Ctx<'_>, f: &mut Findings) {
    if !L::ALL.iter().any(|&l| ctx.t.val(l, |m| m.j_mv).is_some()) {
        f.unassessed(Topic::StElevation);
        return;
    }
    let mut unknown_used = false;
    let mut meets = |s: Site| {
        let (limit, unknown) = st_limit(ctx, s.lead);
        let v = ctx.t.st_j(s);
        if v.is_some() && unknown {
            unknown_used = true;
        }
        v.is_some_and(|v| v >= limit)
    };
    let elevated = leads::contiguous(&mut meets);
    if unknown_used {
        f.used_unknown_patient = true;
    }
    let meets = |s: Site| ctx.t.st_j(s).is_some_and(|v| v >= st_limit(ctx, s.lead).0);
    if let Some(c) = qrs_confounder(f) {
        sgarbossa(ctx, f, c, &elevated);
        return;
    }
    if elevated.is_empty() {
        return;
    }
    let ic = &ctx.cfg.infarction;
    let lv_voltage = f.flags.lv_voltage;
    let wide_ivcd = f.flags.wide_ivcd;
    // Discordant ST elevation under a deep S counts only from 25 % of the S depth: in V1–V3
    // with LVH (Armstrong 2012), in any lead with a wide non-specific conduction delay (the same
    // discordance, Sgarbossa not being validated there).
    let discordant = |s: Site| {
        (wide_ivcd || (lv_voltage && matches!(s.lead, L::V1 | L::V2 | L::V3)))
            && !s.inverted
            && ctx.t.get(s.lead).is_some_and(|m| {
                let sd = m.s_depth();
                sd > m.r_max() && m.j_mv.is_some_and(|j| j < ic.lvh_st_to_s_ratio * sd)
            })
    };
    // Early repolarization: J wave, upsloping ST, and no reciprocal depression anywhere.
    let depression_anywhere = L::STANDARD_12.iter().filter(|&&l| l != L::AVR).any(|&l| {
        ctx.t
            .val(l, |m| m.j_mv)
            .is_some_and(|j| j <= -ic.reciprocal_mv)
    });
    let er_discounted = |s: Site| {
        !depression_anywhere
            && !s.inverted
            && ctx.t.get(s.lead).is_some_and(|m| {
                m.j_wave == Some(true) && m.st_slope_mv_per_s.is_none_or(|sl| sl >= 0.0)
            })
    };
    let counted = leads::contiguous(|s| meets(s) && !discordant(s) && !er_discounted(s));
    if counted.is_empty() {
        let confounder = if !elevated.iter().any(|&s| discordant(s)) {
            Confounder::EarlyRepolarization
        } else if wide_ivcd {
            Confounder::Ivcd
        } else {
            Confounder::Lvh
        };
        f.st.push(confounded(ctx, &elevated, confounder));
        return;
    }
    // Atrial flutter: the F waves ride on the ST segment (most in II, III, aVF), and an
    // "elevation" there may be a flutter wave. Named, not called acute.
    if ctx.rhythm == crate::rhythm::RhythmLabel::AtrialFlutter {
        f.st.push(confounded(ctx, &counted, Confounder::AtrialFlutter));
        return;
    }
    let mut inferior = false;
    for (t, ls) in leads::territories(&counted) {
        inferior |= t == Territory::Inferior;
        let mut ev: Vec<Evidence> = Vec::new();
        for &l in &ls {
            if let Some(v) = ctx.t.val(l, |m| m.j_mv) {
                ev.push(Evidence::lead(
                    Quantity::StJMv,
                    l.name(),
                    v,
                    Some(st_limit(ctx, l).0),
                ));
            }
        }
        if let Some(s) = counted.iter().find(|s| s.inverted)
            && matches!(
                t,
                Territory::Inferior | Territory::HighLateral | Territory::Lateral
            )
            && let Some(v) = ctx.t.st_j(*s)
        {
            ev.push(Evidence::lead(
                Quantity::StJMv,
                &s.name(),
                v,
                Some(ic.st_mv),
            ));
        }
        for &l in leads::reciprocal(t) {
            if let Some(v) = ctx.t.val(l, |m| m.j_mv).filter(|&v| v <= -ic.reciprocal_mv) {
                ev.push(
                    Evidence::lead(Quantity::StJMv, l.name(), v, Some(-ic.reciprocal_mv))
                        .with_role(Role::Reciprocal),
                );
                if !f.flags.st_named.contains(&l) {
                    f.flags.st_named.push(l);
                }
            }
        }
        f.st.push(Statement {
            territory: Some(t),
            leads: names(&ls),
            ..Statement::new(C::AcuteStemi, Severity::Critical).with_evidence(ev)
        });
    }
    if inferior {
        advise(ctx, f, Severity::Critical);
        // 12-lead signs of right-ventricular involvement, on the advice to record V3R–V5R:
        // ST elevation in V1, and more in III than in II.
        if let Some(s) = f.st.iter_mut().find(|s| s.code == C::RecordRightLeads) {
            if let Some(v) = ctx.t.val(L::V1, |m| m.j_mv).filter(|&v| v >= ic.st_mv) {
                s.evidence.push(
                    Evidence::lead(Quantity::StJMv, "V1", v, Some(ic.st_mv))
                        .with_role(Role::Support),
                );
            }
            if let (Some(ii), Some(iii)) =
                (ctx.t.val(L::II, |m| m.j_mv), ctx.t.val(L::III, |m| m.j_mv))
                && iii > ii
            {
                for (l, v) in [("II", ii), ("III", iii)] {
                    s.evidence
                        .push(Evidence::lead(Quantity::StJMv, l, v, None).with_role(Role::Support));
                }
            }
        }
    }
}

/// Advice to record the leads a 12-lead ECG lacks: V3R–V5R (right ventricle) and V7–V9
/// (posterior wall), when none of them was read.
fn advise(ctx: &Ctx<'_>, f: &mut Findings, sev: Severity) {
    if !L::RIGHT.iter().any(|&l| ctx.t.get(l).is_some()) && !recorded(f, C::RecordRightLeads) {
        f.st.push(Statement {
            leads: names(&L::RIGHT),
            ..Statement::new(C::RecordRightLeads, sev)
        });
    }
    advise_posterior(ctx, f, sev);
}

fn advise_posterior(ctx: &Ctx<'_>, f: &mut Findings, sev: Severity) {
    if !L::POSTERIOR.iter().any(|&l| ctx.t.get(l).is_some())
        && !recorded(f, C::RecordPosteriorLeads)
    {
        f.st.push(Statement {
            leads: names(&L::POSTERIOR),
            ..Statement::new(C::RecordPosteriorLeads, sev)
        });
    }
}

fn recorded(f: &Findings, c: C) -> bool {
    f.st.iter().any(|s| s.code == c)
}

/// ST elevation meeting the criteria but explained by a confounder: acute infarction not
/// excluded (abnormal, not critical).
fn confounded(ctx: &Ctx<'_>, elevated: &[Site], c: Confounder) -> Statement {
    let ev: Vec<Evidence> = elevated
        .iter()
        .filter_map(|&s| {
            let v = ctx.t.st_j(s)?;
            Some(Evidence::lead(
                Quantity::StJMv,
                &s.name(),
                v,
                Some(st_limit(ctx, s.lead).0),
            ))
        })
        .collect();
    Statement {
        confounder: Some(c),
        leads: elevated.iter().map(|s| s.name()).collect(),
        ..Statement::new(C::StElevationConfounded, Severity::Abnormal).with_evidence(ev)
    }
}

/// LBBB, pacing or pre-excitation: acute infarction by the Sgarbossa criteria (concordant ST
/// elevation ≥ 0.1 mV: 5; concordant ST depression ≥ 0.1 mV in V1–V3: 3; discordant ST
/// elevation ≥ 0.5 mV: 2; positive from 3) or Smith's modification (discordant ST elevation
/// ≥ 0.1 mV and ≥ 25 % of the S depth). Sgarbossa was validated in LBBB and pacing; for
/// pre-excitation it is an extrapolation, and the statement names the confounder either way.
fn sgarbossa(ctx: &Ctx<'_>, f: &mut Findings, c: Confounder, elevated: &[Site]) {
    let ic = &ctx.cfg.infarction;
    let mut score = 0.0;
    let mut ev = Vec::new();
    let mut concordant: Vec<L> = Vec::new();
    let (mut got5, mut got3, mut got2, mut smith) = (false, false, false, false);
    for l in L::ALL {
        let Some(m) = ctx.t.get(l) else { continue };
        let (Some(j), Some(net)) = (m.j_mv.filter(|v| v.is_finite()), m.net()) else {
            continue;
        };
        if l == L::AVR {
            continue;
        }
        if net > 0.0 && j >= ic.sgarbossa_concordant_mv {
            concordant.push(l);
            ev.push(Evidence::lead(
                Quantity::StJMv,
                l.name(),
                j,
                Some(ic.sgarbossa_concordant_mv),
            ));
            if !got5 {
                score += 5.0;
                got5 = true;
            }
        }
        if net < 0.0 && matches!(l, L::V1 | L::V2 | L::V3) && j <= -ic.sgarbossa_concordant_mv {
            ev.push(Evidence::lead(
                Quantity::StJMv,
                l.name(),
                j,
                Some(-ic.sgarbossa_concordant_mv),
            ));
            if !got3 {
                score += 3.0;
                got3 = true;
            }
        }
        if net < 0.0 {
            if j >= ic.sgarbossa_discordant_mv && !got2 {
                score += 2.0;
                got2 = true;
                ev.push(Evidence::lead(
                    Quantity::StJMv,
                    l.name(),
                    j,
                    Some(ic.sgarbossa_discordant_mv),
                ));
            }
            let sd = m.s_depth();
            if sd > 0.0 && j >= ic.sgarbossa_concordant_mv && j / sd >= ic.smith_st_to_s_ratio {
                smith = true;
                ev.push(Evidence::lead(
                    Quantity::StToSRatio,
                    l.name(),
                    j / sd,
                    Some(ic.smith_st_to_s_ratio),
                ));
            }
        }
    }
    if score >= ic.sgarbossa_min_score || smith {
        ev.insert(
            0,
            Evidence::global(
                Quantity::SgarbossaScore,
                score,
                Some(ic.sgarbossa_min_score),
            ),
        );
        let sites: Vec<Site> = leads::contiguous(|s| !s.inverted && concordant.contains(&s.lead));
        let territory = leads::territories(&sites).into_iter().next();
        f.st.push(Statement {
            territory: territory.as_ref().map(|(t, _)| *t),
            leads: territory.map_or_else(Vec::new, |(_, ls)| names(&ls)),
            confounder: Some(c),
            ..Statement::new(C::AcuteStemi, Severity::Critical).with_evidence(ev)
        });
        advise_posterior(ctx, f, Severity::Critical);
    } else if !elevated.is_empty() {
        let mut s = confounded(ctx, elevated, c);
        s.evidence.push(
            Evidence::global(
                Quantity::SgarbossaScore,
                score,
                Some(ic.sgarbossa_min_score),
            )
            .with_role(Role::Support),
        );
        f.st.push(s);
    }
}

/// The 12-lead posterior sign: without V7–V9, horizontal or downsloping ST depression in two
/// contiguous leads of V1–V3, with a tall R (R/S ≥ 1 in V1 or V2) or the depression deepest in
/// V1–V3 (UDMI 2018; 2013 ACCF/AHA STEMI guideline: ST depression maximal in V1–V3 is a
/// posterior STEMI until V7–V9 say otherwise). Critical when ≥ 0.1 mV and deepest in V1–V3.
fn posterior_sign(ctx: &Ctx<'_>, f: &mut Findings) {
    let ic = &ctx.cfg.infarction;
    let rc = &ctx.cfg.repolarization;
    if L::POSTERIOR.iter().any(|&l| ctx.t.get(l).is_some())
        || f.flags.complete_rbbb
        || f.flags.complete_lbbb
        || f.flags.paced
        || f.flags.preexcitation
        || f.flags.rvh
    {
        return;
    }
    let depth = |l: L| -> Option<f64> {
        super::repolarization::st_depression_level(ctx.t.get(l)?, rc.st_depression_mv).map(|v| -v)
    };
    let sites = leads::contiguous(|s| {
        !s.inverted
            && matches!(s.lead, L::V1 | L::V2 | L::V3)
            && ctx.t.get(s.lead).is_some_and(|m| {
                super::repolarization::st_depression_level(m, ic.posterior_sign_mv).is_some()
            })
    });
    if sites.len() < 2 {
        return;
    }
    let front = [L::V1, L::V2, L::V3]
        .iter()
        .filter_map(|&l| depth(l))
        .fold(0.0f64, f64::max);
    let lateral = [L::V4, L::V5, L::V6]
        .iter()
        .filter_map(|&l| depth(l))
        .fold(0.0f64, f64::max);
    let tall_r: Vec<(L, f64)> = [L::V1, L::V2]
        .iter()
        .filter_map(|&l| {
            let m = ctx.t.get(l)?;
            let (r, s) = (m.r_max(), m.s_depth());
            (r > 0.0 && r >= s).then_some((l, if s > 0.0 { r / s } else { r / 0.01 }))
        })
        .collect();
    let deepest_front = front > lateral;
    if tall_r.is_empty() && !deepest_front {
        return;
    }
    let mut ev: Vec<Evidence> = sites
        .iter()
        .filter_map(|s| {
            Some(Evidence::lead(
                Quantity::StJMv,
                s.lead.name(),
                -depth(s.lead)?,
                Some(-ic.posterior_sign_mv),
            ))
        })
        .collect();
    ev.extend(tall_r.iter().map(|&(l, rs)| {
        Evidence::lead(Quantity::RToSRatio, l.name(), rs.min(99.0), Some(1.0))
            .with_role(Role::Support)
    }));
    let sev = if deepest_front && front >= ic.posterior_sign_critical_mv {
        Severity::Critical
    } else {
        Severity::Abnormal
    };
    for s in &sites {
        if !f.flags.st_named.contains(&s.lead) {
            f.flags.st_named.push(s.lead);
        }
    }
    let lead_names: Vec<String> = sites.iter().map(|s| s.name()).collect();
    f.st.push(Statement {
        leads: lead_names,
        ..Statement::new(C::PosteriorMiSuspected, sev).with_evidence(ev)
    });
    advise_posterior(ctx, f, sev);
}

/// Pathological Q waves (UDMI 2018 prior infarction): Q ≥ 30 ms and ≥ 0.1 mV deep, or QS, in
/// two contiguous leads of I, II, aVL, aVF, V4–V6, V7–V9; in V2–V3 any Q ≥ 20 ms or QS (III and
/// V1, where Q and QS are normal, count only as neighbours); and R ≥ 40 ms with R/S ≥ 1 and an
/// upright T in V1 and V2 without a conduction defect (posterior). Q or QS in aVL with an axis
/// above +60°, or in I above +90°, is positional and not counted. Not read with LBBB,
/// pre-excitation or pacing.
fn q_waves(ctx: &Ctx<'_>, f: &mut Findings) {
    let ic = &ctx.cfg.infarction;
    if f.flags.complete_lbbb || f.flags.preexcitation || f.flags.paced {
        f.unassessed(Topic::QWaves);
        return;
    }
    // A vertical axis makes aVL negative (and a rightward one, I): Q or QS there is
    // positional, not infarction.
    let axis = ctx.global(|g| g.qrs_axis_deg).map(super::axis::normalise);
    let positional = |l: L| match l {
        L::AVL => axis.is_some_and(|a| a > 60.0),
        L::I => axis.is_some_and(|a| a > 90.0),
        _ => false,
    };
    let pathological = |l: L| -> Option<Evidence> {
        let m = ctx.t.get(l)?;
        if matches!(l, L::III | L::V1 | L::AVR | L::V3R | L::V4R | L::V5R) || positional(l) {
            return None;
        }
        if m.is_qs() {
            return Some(Evidence::lead(Quantity::QsComplex, l.name(), 1.0, None));
        }
        let (q, d) = (m.q_mv?, m.q_ms?);
        let min_ms = if matches!(l, L::V2 | L::V3) {
            ic.q_v2v3_ms
        } else {
            ic.q_ms
        };
        let deep = matches!(l, L::V2 | L::V3) || q <= -ic.q_mv;
        (q < 0.0 && d >= min_ms && deep)
            .then(|| Evidence::lead(Quantity::QMs, l.name(), d, Some(min_ms)))
    };
    let sites = leads::contiguous(|s| !s.inverted && pathological(s.lead).is_some());
    for (t, ls) in leads::territories(&sites) {
        let mut ev = Vec::new();
        for &l in &ls {
            if let Some(e) = pathological(l) {
                let q = ctx.t.val(l, |m| m.q_mv);
                ev.push(e);
                if let Some(q) = q.filter(|_| ctx.t.get(l).is_some_and(|m| !m.is_qs())) {
                    ev.push(Evidence::lead(Quantity::QMv, l.name(), q, None));
                }
            }
        }
        f.st.push(Statement {
            territory: Some(t),
            leads: names(&ls),
            ..Statement::new(C::PathologicalQWaves, Severity::Abnormal).with_evidence(ev)
        });
    }
    let posterior_done =
        f.st.iter()
            .any(|s| s.code == C::PathologicalQWaves && s.territory == Some(Territory::Posterior));
    if posterior_done || f.flags.complete_rbbb || f.flags.incomplete_rbbb || f.flags.rvh {
        return;
    }
    // Both V1 and V2: a broad dominant R in V2 alone is an early transition.
    let mut ev = Vec::new();
    let mut ls = Vec::new();
    for l in [L::V1, L::V2] {
        let Some(m) = ctx.t.get(l) else { continue };
        let (r, s) = (m.r_max(), m.s_depth());
        if let Some(rd) = m.r_ms.filter(|&d| d >= ic.posterior_r_ms)
            && r > 0.0
            && r >= s
            && m.t_pos_mv.is_some_and(|t| t > 0.0)
        {
            ev.push(Evidence::lead(
                Quantity::RMs,
                l.name(),
                rd,
                Some(ic.posterior_r_ms),
            ));
            ls.push(l);
        }
    }
    if ls.len() < 2 {
        ls.clear();
    }
    if !ls.is_empty() {
        f.st.push(Statement {
            territory: Some(Territory::Posterior),
            leads: names(&ls),
            ..Statement::new(C::PathologicalQWaves, Severity::Abnormal).with_evidence(ev)
        });
    }
}

#[cfg(test)]
mod tests;
