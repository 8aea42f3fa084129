//! Repolarization: ST段压低 (ST depression), T波倒置 (T-wave inversion), T波低平 (flat T),
//! 早期复极 (early repolarization).
//!
//! Criteria in [`super::RepolarizationCriteria`]. ST-T changes that the QRS explains are not
//! read as primary: none with complete LBBB, pacing or pre-excitation; not in V1–V3 with
//! complete RBBB (V1 with incomplete RBBB). Leads already named as reciprocal depression of an
//! acute infarction, or as the posterior sign, are not named again.

use super::leads::{self, L, LeadExt, Site};
use super::{Ctx, Findings, names};
use crate::measure::LeadMeasurements;
use crate::report::{Evidence, Quantity, Role, Severity, Statement, StatementCode as C, Topic};

/// ST depression, T inversion, flat T, early repolarization.
pub(super) fn read(ctx: &Ctx<'_>, f: &mut Findings) {
    let any_st = L::ALL.iter().any(|&l| ctx.t.val(l, |m| m.j_mv).is_some());
    let any_t = L::ALL
        .iter()
        .any(|&l| ctx.t.val(l, |m| m.t_pos_mv).is_some() || ctx.t.val(l, |m| m.t_neg_mv).is_some());
    if !any_st || !any_t {
        f.unassessed(Topic::StT);
    }
    early_repolarization(ctx, f);
    if f.flags.complete_lbbb || f.flags.paced || f.flags.preexcitation {
        return;
    }
    let secondary = |l: L| {
        (f.flags.complete_rbbb && matches!(l, L::V1 | L::V2 | L::V3))
            || (f.flags.incomplete_rbbb && l == L::V1)
    };
    let st = st_depression(ctx, f, &secondary);
    let t = t_inversion(ctx, &secondary);
    let flat = flat_t(ctx, &secondary, t.as_ref().map_or(&[][..], |s| &s.1[..]));
    if let Some(s) = st {
        f.st.push(s);
    }
    if let Some((s, _)) = t {
        f.st.push(s);
    }
    if let Some(s) = flat {
        f.st.push(s);
    }
}

/// The depth of a horizontal or downsloping ST depression (a negative level), if any of at
/// least `limit` mV: depressed at J and still at J + 60 ms (the shallower of the two is
/// returned), or at J + 60 ms and deeper there than at J. Upsloping depression (gone by J + 60
/// ms) is `None`. With only one of the two levels measured, that one decides.
pub(crate) fn st_depression_level(m: &LeadMeasurements, limit: f64) -> Option<f64> {
    let j = m.j_mv.filter(|v| v.is_finite());
    let s60 = m.st60_mv.filter(|v| v.is_finite());
    match (j, s60) {
        (Some(j), Some(s)) if j <= -limit && s <= -limit => Some(j.max(s)),
        (Some(j), Some(s)) if s <= -limit && s < j => Some(s),
        (Some(v), None) | (None, Some(v)) if v <= -limit => Some(v),
        _ => None,
    }
}

/// Horizontal or downsloping ST depression ≥ 0.05 mV in two contiguous leads (UDMI 2018); aVR
/// is not read (−aVR's depression is aVR's elevation). Critical when ≥ 0.1 mV in eight or more
/// leads with ST elevation in aVR (UDMI 2018: left main or multivessel ischaemia).
fn st_depression(ctx: &Ctx<'_>, f: &Findings, secondary: &dyn Fn(L) -> bool) -> Option<Statement> {
    let c = &ctx.cfg.repolarization;
    let depressed = |l: L| -> Option<f64> {
        if l == L::AVR || secondary(l) {
            return None;
        }
        st_depression_level(ctx.t.get(l)?, c.st_depression_mv)
    };
    let sites: Vec<Site> = leads::contiguous(|s| !s.inverted && depressed(s.lead).is_some())
        .into_iter()
        .filter(|s| !f.flags.st_named.contains(&s.lead))
        .collect();
    if sites.is_empty() {
        return None;
    }
    let ls: Vec<L> = sites.iter().map(|s| s.lead).collect();
    let mut ev: Vec<Evidence> = ls
        .iter()
        .filter_map(|&l| {
            Some(Evidence::lead(
                Quantity::StJMv,
                l.name(),
                depressed(l)?,
                Some(-c.st_depression_mv),
            ))
        })
        .collect();
    let diffuse = L::ALL
        .iter()
        .filter(|&&l| {
            ctx.t
                .get(l)
                .filter(|_| l != L::AVR && !secondary(l))
                .and_then(|m| st_depression_level(m, c.st_depression_diffuse_mv))
                .is_some()
        })
        .count();
    let avr = ctx.t.val(L::AVR, |m| m.j_mv);
    let sev = match avr {
        Some(a) if diffuse >= c.st_depression_diffuse_leads && a >= c.avr_elevation_mv => {
            ev.push(Evidence::global(
                Quantity::LeadCount,
                diffuse as f64,
                Some(c.st_depression_diffuse_leads as f64),
            ));
            ev.push(
                Evidence::lead(Quantity::StJMv, "aVR", a, Some(c.avr_elevation_mv))
                    .with_role(Role::Support),
            );
            Severity::Critical
        }
        _ => Severity::Abnormal,
    };
    Some(Statement {
        leads: names(&ls),
        ..Statement::new(C::StDepression, sev).with_evidence(ev)
    })
}

/// The leads where a negative T is read as inversion: not aVR, V1 or the right-sided leads
/// (where it is normal); in the limb leads only where the QRS is mainly positive.
fn t_eligible(l: L, m: &LeadMeasurements) -> bool {
    match l {
        L::AVR | L::V1 | L::V3R | L::V4R | L::V5R => false,
        L::I | L::II | L::III | L::AVL | L::AVF => m.r_max() > m.s_depth(),
        _ => true,
    }
}

/// T-wave inversion: a mainly negative T at least 0.1 mV deep in two contiguous leads (UDMI
/// 2018). Returns the statement and its leads.
fn t_inversion(ctx: &Ctx<'_>, secondary: &dyn Fn(L) -> bool) -> Option<(Statement, Vec<L>)> {
    let c = &ctx.cfg.repolarization;
    let inverted = |l: L| -> Option<f64> {
        let m = ctx.t.get(l)?;
        if secondary(l) || !t_eligible(l, m) {
            return None;
        }
        let neg = m.t_neg_mv.filter(|v| v.is_finite())?;
        (neg <= -c.t_inversion_mv && -neg > m.t_pos_mv.unwrap_or(0.0)).then_some(neg)
    };
    let sites = leads::contiguous(|s| !s.inverted && inverted(s.lead).is_some());
    if sites.is_empty() {
        return None;
    }
    let ls: Vec<L> = sites.iter().map(|s| s.lead).collect();
    let ev = ls
        .iter()
        .filter_map(|&l| {
            Some(Evidence::lead(
                Quantity::TNegMv,
                l.name(),
                inverted(l)?,
                Some(-c.t_inversion_mv),
            ))
        })
        .collect();
    Some((
        Statement {
            leads: names(&ls),
            ..Statement::new(C::TWaveInversion, Severity::Abnormal).with_evidence(ev)
        },
        ls,
    ))
}

/// Flat T (诊断学 T波低平): in leads with a dominant R of at least 0.5 mV (I, II, aVL, aVF,
/// V3–V6), a T that is not inverted and below a tenth of the R, in two contiguous leads.
fn flat_t(ctx: &Ctx<'_>, secondary: &dyn Fn(L) -> bool, inverted: &[L]) -> Option<Statement> {
    let c = &ctx.cfg.repolarization;
    let flat = |l: L| -> Option<f64> {
        if !matches!(
            l,
            L::I | L::II | L::AVL | L::AVF | L::V3 | L::V4 | L::V5 | L::V6
        ) || secondary(l)
            || inverted.contains(&l)
        {
            return None;
        }
        let m = ctx.t.get(l)?;
        let r = m.r_max();
        if r < c.flat_t_min_r_mv || r <= m.s_depth() {
            return None;
        }
        let pos = m.t_pos_mv.filter(|v| v.is_finite())?;
        let neg = m.t_neg_mv.filter(|v| v.is_finite()).unwrap_or(0.0);
        let t = pos.max(-neg);
        (t < c.flat_t_ratio * r).then_some(t / r)
    };
    let sites = leads::contiguous(|s| !s.inverted && flat(s.lead).is_some());
    if sites.is_empty() {
        return None;
    }
    let ls: Vec<L> = sites.iter().map(|s| s.lead).collect();
    let ev = ls
        .iter()
        .filter_map(|&l| {
            Some(Evidence::lead(
                Quantity::TToRRatio,
                l.name(),
                flat(l)?,
                Some(c.flat_t_ratio),
            ))
        })
        .collect();
    Some(Statement {
        leads: names(&ls),
        ..Statement::new(C::FlatTWave, Severity::Borderline).with_evidence(ev)
    })
}

/// Early repolarization (Macfarlane et al. 2015): an end-QRS notch or slur with a J-peak ≥ 0.1
/// mV in two contiguous inferior or lateral leads (I, aVL, II, aVF, III, V4–V6; not V1–V3),
/// QRS < 120 ms. Read only where the delineation reports J waves.
fn early_repolarization(ctx: &Ctx<'_>, f: &mut Findings) {
    let c = &ctx.cfg.repolarization;
    if ctx
        .global(|g| g.qrs_ms)
        .is_some_and(|q| q >= ctx.cfg.conduction.complete_bbb_qrs_ms)
    {
        return;
    }
    let jp = |l: L| -> Option<f64> {
        if matches!(
            l,
            L::V1 | L::V2 | L::V3 | L::AVR | L::V3R | L::V4R | L::V5R | L::V7 | L::V8 | L::V9
        ) {
            return None;
        }
        let m = ctx.t.get(l)?;
        if m.j_wave != Some(true) {
            return None;
        }
        let v = m.j_peak_mv.or(m.j_mv)?;
        (v >= c.er_j_peak_mv).then_some(v)
    };
    let sites = leads::contiguous(|s| !s.inverted && jp(s.lead).is_some());
    if sites.is_empty() {
        return;
    }
    let ls: Vec<L> = sites.iter().map(|s| s.lead).collect();
    let ev = ls
        .iter()
        .filter_map(|&l| {
            Some(Evidence::lead(
                Quantity::JPeakMv,
                l.name(),
                jp(l)?,
                Some(c.er_j_peak_mv),
            ))
        })
        .collect();
    f.st.push(Statement {
        leads: names(&ls),
        ..Statement::new(C::EarlyRepolarization, Severity::Borderline).with_evidence(ev)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::testkit::*;

    fn depress(m: &mut crate::measure::Measurements, leads: &[&str], level: f64, slope: f64) {
        for l in leads {
            let x = lead_mut(m, l);
            x.j_mv = Some(level);
            x.st60_mv = Some(level);
            x.st80_mv = Some(level);
            x.st_slope_mv_per_s = Some(slope);
        }
    }

    #[test]
    fn st_depression_thresholds_and_slope() {
        let mut m = normal();
        depress(&mut m, &["V4", "V5", "V6"], -0.06, 0.0);
        let st = read_all(&m, &male(60.0));
        let s = find(&st, C::StDepression);
        assert_eq!(s.leads, vec!["V4", "V5", "V6"]);
        assert_eq!(s.severity, Severity::Abnormal);
        // Just above the limit: nothing.
        let mut m = normal();
        depress(&mut m, &["V4", "V5", "V6"], -0.04, 0.0);
        assert!(!has(&read_all(&m, &male(60.0)), C::StDepression));
        // Upsloping (−0.1 mV at J, −0.03 mV at J + 60 ms): nothing.
        let mut m = normal();
        depress(&mut m, &["V4", "V5", "V6"], -0.1, 1.5);
        for l in ["V4", "V5", "V6"] {
            lead_mut(&mut m, l).st60_mv = Some(-0.03);
        }
        assert!(!has(&read_all(&m, &male(60.0)), C::StDepression));
        // Downsloping (−0.03 mV at J, −0.08 mV at J + 60 ms): counted.
        for l in ["V4", "V5", "V6"] {
            let x = lead_mut(&mut m, l);
            x.j_mv = Some(-0.03);
            x.st60_mv = Some(-0.08);
        }
        assert!(has(&read_all(&m, &male(60.0)), C::StDepression));
        // One lead is not two contiguous leads; II and III are not contiguous.
        let mut m = normal();
        depress(&mut m, &["V4", "II", "III"], -0.1, 0.0);
        assert!(!has(&read_all(&m, &male(60.0)), C::StDepression));
        // Diffuse depression with aVR elevation: critical.
        let mut m = normal();
        depress(
            &mut m,
            &["I", "II", "aVL", "aVF", "V2", "V3", "V4", "V5", "V6"],
            -0.15,
            0.0,
        );
        lead_mut(&mut m, "aVR").j_mv = Some(0.15);
        let st = read_all(&m, &male(60.0));
        assert_eq!(find(&st, C::StDepression).severity, Severity::Critical);
    }

    #[test]
    fn t_inversion_and_flat_t() {
        let mut m = normal();
        for l in ["V2", "V3", "V4"] {
            let x = lead_mut(&mut m, l);
            x.t_pos_mv = Some(0.0);
            x.t_neg_mv = Some(-0.11);
        }
        let st = read_all(&m, &female(50.0));
        assert_eq!(find(&st, C::TWaveInversion).leads, vec!["V2", "V3", "V4"]);
        for l in ["V2", "V3", "V4"] {
            lead_mut(&mut m, l).t_neg_mv = Some(-0.09);
        }
        assert!(!has(&read_all(&m, &female(50.0)), C::TWaveInversion));
        // aVR and V1 inversions are normal.
        let mut m = normal();
        lead_mut(&mut m, "V1").t_neg_mv = Some(-0.3);
        lead_mut(&mut m, "V1").t_pos_mv = Some(0.0);
        assert!(!has(&read_all(&m, &female(50.0)), C::TWaveInversion));
        // In III with a negative QRS it is normal too.
        let mut m = normal();
        for l in ["III", "aVF"] {
            let x = lead_mut(&mut m, l);
            x.t_neg_mv = Some(-0.2);
            x.t_pos_mv = Some(0.0);
        }
        assert!(has(&read_all(&m, &female(50.0)), C::TWaveInversion));
        lead_mut(&mut m, "III").s_mv = Some(-0.9);
        assert!(!has(&read_all(&m, &female(50.0)), C::TWaveInversion));

        let mut m = normal();
        lead_mut(&mut m, "V5").t_pos_mv = Some(0.14);
        lead_mut(&mut m, "V6").t_pos_mv = Some(0.11);
        let st = read_all(&m, &female(50.0));
        assert_eq!(find(&st, C::FlatTWave).leads, vec!["V5", "V6"]);
        lead_mut(&mut m, "V6").t_pos_mv = Some(0.13);
        assert!(!has(&read_all(&m, &female(50.0)), C::FlatTWave));
    }

    #[test]
    fn early_repolarization_needs_j_waves() {
        let mut m = normal();
        for l in ["II", "aVF", "III"] {
            let x = lead_mut(&mut m, l);
            x.j_wave = Some(true);
            x.j_peak_mv = Some(0.12);
        }
        let st = read_all(&m, &male(25.0));
        assert_eq!(
            find(&st, C::EarlyRepolarization).leads,
            vec!["II", "aVF", "III"]
        );
        for l in ["II", "aVF", "III"] {
            lead_mut(&mut m, l).j_peak_mv = Some(0.09);
        }
        assert!(!has(&read_all(&m, &male(25.0)), C::EarlyRepolarization));
    }

    #[test]
    fn secondary_changes_are_not_primary_findings() {
        // RBBB: T inversion in V1–V3 is part of the block.
        let mut m = normal();
        m.global.qrs_ms = Some(140.0);
        let v1 = lead_mut(&mut m, "V1");
        v1.r_prime_mv = Some(0.9);
        for l in ["I", "V6"] {
            lead_mut(&mut m, l).s_ms = Some(60.0);
        }
        for l in ["V2", "V3"] {
            let x = lead_mut(&mut m, l);
            x.t_neg_mv = Some(-0.3);
            x.t_pos_mv = Some(0.0);
        }
        let st = read_all(&m, &male(60.0));
        assert!(has(&st, C::CompleteRbbb), "{:?}", codes(&st));
        assert!(!has(&st, C::TWaveInversion));
        // ... but V4–V5 inversion is not.
        for l in ["V4", "V5"] {
            let x = lead_mut(&mut m, l);
            x.t_neg_mv = Some(-0.3);
            x.t_pos_mv = Some(0.0);
        }
        assert!(has(&read_all(&m, &male(60.0)), C::TWaveInversion));
    }
}
