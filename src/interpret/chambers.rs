//! Chambers: 左/右心房异常 (left and right atrial abnormality), 左心室肥厚 and 左心室高电压
//! (left ventricular hypertrophy and high voltage), 右心室肥厚 (right ventricular
//! hypertrophy), 肢体导联/胸导联低电压 (low QRS voltage).
//!
//! Criteria in [`super::ChamberCriteria`]. How the LVH criteria combine: the voltage criteria
//! are Sokolow-Lyon (SV1 + RV5/RV6 ≥ 3.5 mV, or RaVL ≥ 1.1 mV), Cornell (RaVL + SV3 > 2.8 mV
//! men, > 2.0 mV women) and 诊断学 (RV5 or RV6 > 2.5 mV; RV5 + SV1 > 4.0 mV men, > 3.5 mV
//! women); any one of them is the voltage finding. As 诊断学 teaches, voltage alone is 左心室
//! 高电压 (left ventricular high voltage); voltage with a supporting non-voltage finding —
//! the strain pattern (ST depression or T inversion in I, aVL, V5, V6 with a dominant R),
//! R-peak time in V5/V6 > 50 ms, left atrial abnormality, or a Cornell product ≥ 244 mV·ms
//! (Molloy 1992) — is 左心室肥厚 (left ventricular hypertrophy). Where sex is unknown the
//! women's (lower) limits apply. None is read with complete LBBB, pre-excitation or pacing
//! (AHA 2009 Part V: voltage criteria are not valid there).

use super::leads::{L, LeadExt};
use super::{Ctx, Findings};
use crate::interpret::Sex;
use crate::report::{Evidence, Quantity, Role, Severity, StatementCode as C, Topic};

/// Atrial abnormality, ventricular hypertrophy, low voltage.
pub(super) fn read(ctx: &Ctx<'_>, f: &mut Findings) {
    let laa = atria(ctx, f);
    if !(f.flags.complete_lbbb || f.flags.preexcitation || f.flags.paced) {
        left_ventricle(ctx, f, laa);
        if !f.flags.complete_rbbb {
            right_ventricle(ctx, f);
        }
    }
    low_voltage(ctx, f);
}

/// Left and right atrial abnormality (sinus rhythms only). Returns true for left atrial
/// abnormality (a support for LVH).
fn atria(ctx: &Ctx<'_>, f: &mut Findings) -> bool {
    let c = &ctx.cfg.chambers;
    if !ctx.rhythm.is_sinus() {
        return false;
    }
    let mut laa = Vec::new();
    let p_ms = ctx.global(|g| g.p_ms);
    if let Some(p) = p_ms.filter(|&p| p >= c.laa_p_ms) {
        laa.push(Evidence::global(Quantity::PMs, p, Some(c.laa_p_ms)));
    }
    let ptf = ctx.t.get(L::V1).and_then(|m| {
        let (a, d) = (m.p_neg_mv?, m.p_neg_ms?);
        (a.is_finite() && d.is_finite()).then_some(a.min(0.0) * d.max(0.0))
    });
    if let Some(v) = ptf.filter(|&v| v <= c.laa_ptf_v1_mv_ms) {
        laa.push(Evidence::lead(
            Quantity::PTerminalForceMvMs,
            "V1",
            v,
            Some(c.laa_ptf_v1_mv_ms),
        ));
    }
    let mut raa = Vec::new();
    let mut inferior_read = false;
    for l in [L::II, L::III, L::AVF] {
        if let Some(p) = ctx.t.val(l, |m| m.p_pos_mv) {
            inferior_read = true;
            if p >= c.raa_p_mv {
                raa.push(Evidence::lead(
                    Quantity::PPosMv,
                    l.name(),
                    p,
                    Some(c.raa_p_mv),
                ));
            }
        }
    }
    for l in [L::V1, L::V2] {
        if let Some(p) = ctx.t.val(l, |m| m.p_pos_mv).filter(|&p| p >= c.raa_v1_p_mv) {
            raa.push(Evidence::lead(
                Quantity::PPosMv,
                l.name(),
                p,
                Some(c.raa_v1_p_mv),
            ));
        }
    }
    if (p_ms.is_none() && ptf.is_none()) || !inferior_read {
        f.unassessed(Topic::AtrialAbnormality);
    }
    let is_laa = !laa.is_empty();
    if is_laa {
        f.push(C::LeftAtrialAbnormality, Severity::Borderline, laa);
    }
    if !raa.is_empty() {
        f.push(C::RightAtrialAbnormality, Severity::Borderline, raa);
    }
    is_laa
}

/// One voltage criterion: its quantity, value and limit, and whether it is met (strictly
/// above the limit, or at or above it for the "≥" criteria).
struct Criterion {
    q: Quantity,
    lead: Option<&'static str>,
    value: f64,
    limit: f64,
    met: bool,
}

fn left_ventricle(ctx: &Ctx<'_>, f: &mut Findings, laa: bool) {
    let c = &ctx.cfg.chambers;
    let r = |l: L| ctx.t.get(l).map(|m| m.r_max());
    let s = |l: L| ctx.t.get(l).map(|m| m.s_depth());
    let (rv5, rv6, sv1, ravl, sv3) = (r(L::V5), r(L::V6), s(L::V1), r(L::AVL), s(L::V3));
    let rv56 = match (rv5, rv6) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let sex = ctx.patient.sex;
    let mut crit: Vec<Criterion> = Vec::new();
    if let (Some(sv1), Some(rv56)) = (sv1, rv56) {
        let v = sv1 + rv56;
        crit.push(Criterion {
            q: Quantity::SokolowLyonMv,
            lead: None,
            value: v,
            limit: c.sokolow_lyon_mv,
            met: v >= c.sokolow_lyon_mv,
        });
    }
    if let Some(ravl) = ravl {
        crit.push(Criterion {
            q: Quantity::RMv,
            lead: Some("aVL"),
            value: ravl,
            limit: c.sokolow_avl_mv,
            met: ravl >= c.sokolow_avl_mv,
        });
    }
    let cornell = ravl.zip(sv3).map(|(a, b)| a + b);
    if let Some(v) = cornell {
        let limit = if sex == Some(Sex::Male) {
            c.cornell_men_mv
        } else {
            c.cornell_women_mv
        };
        crit.push(Criterion {
            q: Quantity::CornellMv,
            lead: None,
            value: v,
            limit,
            met: v > limit,
        });
    }
    if let Some(v) = rv56 {
        let lead = if rv5.unwrap_or(0.0) >= rv6.unwrap_or(0.0) {
            "V5"
        } else {
            "V6"
        };
        crit.push(Criterion {
            q: Quantity::RMv,
            lead: Some(lead),
            value: v,
            limit: c.zh_rv5_mv,
            met: v > c.zh_rv5_mv,
        });
    }
    if let (Some(rv5), Some(sv1)) = (rv5, sv1) {
        let v = rv5 + sv1;
        let limit = if sex == Some(Sex::Male) {
            c.zh_rv5_sv1_men_mv
        } else {
            c.zh_rv5_sv1_women_mv
        };
        crit.push(Criterion {
            q: Quantity::Rv5PlusSv1Mv,
            lead: None,
            value: v,
            limit,
            met: v > limit,
        });
    }
    if crit.is_empty() {
        f.unassessed(Topic::Hypertrophy);
        return;
    }
    if sex.is_none() {
        f.used_unknown_patient = true;
    }
    let met: Vec<&Criterion> = crit.iter().filter(|k| k.met).collect();
    if met.is_empty() {
        return;
    }
    f.flags.lv_voltage = true;
    let mut ev: Vec<Evidence> = met
        .iter()
        .map(|k| Evidence {
            quantity: k.q,
            lead: k.lead.map(String::from),
            value: k.value,
            limit: Some(k.limit),
            role: Role::Finding,
        })
        .collect();
    let mut support = strain(ctx);
    for l in [L::V5, L::V6] {
        if let Some(v) = ctx
            .t
            .val(l, |m| m.r_peak_time_ms)
            .filter(|&v| v > c.lvh_r_peak_time_ms)
        {
            support.push(
                Evidence::lead(
                    Quantity::RPeakTimeMs,
                    l.name(),
                    v,
                    Some(c.lvh_r_peak_time_ms),
                )
                .with_role(Role::Support),
            );
        }
    }
    if laa {
        support.push(
            Evidence::global(
                Quantity::PMs,
                ctx.global(|g| g.p_ms).unwrap_or(0.0),
                Some(c.laa_p_ms),
            )
            .with_role(Role::Support),
        );
    }
    if let (Some(v), Some(qrs)) = (cornell, ctx.global(|g| g.qrs_ms)) {
        // Molloy et al.: 6 mm (0.6 mV) added to the Cornell voltage in women.
        let women = if sex == Some(Sex::Male) { 0.0 } else { 0.6 };
        let product = (v + women) * qrs;
        if product >= c.cornell_product_mv_ms {
            support.push(
                Evidence::global(
                    Quantity::CornellProductMvMs,
                    product,
                    Some(c.cornell_product_mv_ms),
                )
                .with_role(Role::Support),
            );
        }
    }
    if support.is_empty() {
        f.push(C::LeftVentricularHighVoltage, Severity::Borderline, ev);
    } else {
        ev.extend(support);
        f.push(C::LeftVentricularHypertrophy, Severity::Abnormal, ev);
    }
}

/// The strain pattern: ST depression or T inversion in I, aVL, V5, V6 where R dominates.
fn strain(ctx: &Ctx<'_>) -> Vec<Evidence> {
    let r = &ctx.cfg.repolarization;
    let mut out = Vec::new();
    for l in [L::I, L::AVL, L::V5, L::V6] {
        let Some(m) = ctx.t.get(l) else { continue };
        if m.r_max() <= m.s_depth() {
            continue;
        }
        if let Some(st) = super::repolarization::st_depression_level(m, r.st_depression_mv) {
            out.push(
                Evidence::lead(Quantity::StJMv, l.name(), st, Some(-r.st_depression_mv))
                    .with_role(Role::Support),
            );
        } else if let Some(t) = m
            .t_neg_mv
            .filter(|&t| t <= -r.t_inversion_mv && t.abs() > m.t_pos_mv.unwrap_or(0.0))
        {
            out.push(
                Evidence::lead(Quantity::TNegMv, l.name(), t, Some(-r.t_inversion_mv))
                    .with_role(Role::Support),
            );
        }
    }
    out
}

/// Right ventricular hypertrophy (AHA 2009 Part V; 诊断学): right axis deviation with one of
/// the voltage criteria, or three of them without it (RV1 ≥ 0.7 mV; RV1 + SV5/SV6 > 1.05 mV;
/// R/S in V1 ≥ 1 with RV1 ≥ 0.5 mV; SV5/SV6 ≥ 0.7 mV; RaVR > 0.5 mV) — a tall R in V1 alone is
/// as often posterior infarction. Not read with complete RBBB.
fn right_ventricle(ctx: &Ctx<'_>, f: &mut Findings) {
    let c = &ctx.cfg.chambers;
    let Some(v1) = ctx.t.get(L::V1) else {
        f.unassessed(Topic::Hypertrophy);
        return;
    };
    let rv1 = v1.r_max();
    let sv1 = v1.s_depth();
    // The deeper S of V5 and V6, and its lead.
    let sv56 = [L::V5, L::V6]
        .iter()
        .filter_map(|&l| ctx.t.get(l).map(|m| (l, m.s_depth())))
        .fold(None, |a: Option<(L, f64)>, b| match a {
            Some(a) if a.1 >= b.1 => Some(a),
            _ => Some(b),
        });
    let mut ev = Vec::new();
    if rv1 >= c.rvh_rv1_mv {
        ev.push(Evidence::lead(Quantity::RMv, "V1", rv1, Some(c.rvh_rv1_mv)));
    }
    if let Some((l, s)) = sv56 {
        if rv1 + s > c.rvh_rv1_sv5_mv {
            ev.push(Evidence::global(
                Quantity::Rv1PlusSv5Mv,
                rv1 + s,
                Some(c.rvh_rv1_sv5_mv),
            ));
        }
        if s >= c.rvh_s_v6_mv {
            ev.push(Evidence::lead(
                Quantity::SMv,
                l.name(),
                -s,
                Some(-c.rvh_s_v6_mv),
            ));
        }
    }
    if rv1 >= 0.5 && sv1 > 0.0 && rv1 / sv1 >= c.rvh_rs_v1 {
        ev.push(Evidence::lead(
            Quantity::RToSRatio,
            "V1",
            rv1 / sv1,
            Some(c.rvh_rs_v1),
        ));
    } else if rv1 >= 0.5 && sv1 == 0.0 {
        ev.push(Evidence::lead(Quantity::RMv, "V1", rv1, Some(0.5)));
    }
    if let Some(r) = ctx
        .t
        .get(L::AVR)
        .map(|m| m.r_max())
        .filter(|&r| r > c.rvh_ravr_mv)
    {
        ev.push(Evidence::lead(Quantity::RMv, "aVR", r, Some(c.rvh_ravr_mv)));
    }
    let axis = ctx.global(|g| g.qrs_axis_deg).map(super::axis::normalise);
    let rad = axis.is_some_and(|a| a > ctx.cfg.axis.right_deg);
    if (rad && !ev.is_empty()) || ev.len() >= 3 {
        if let Some(a) = axis.filter(|_| rad) {
            ev.insert(
                0,
                Evidence::global(Quantity::QrsAxisDeg, a, Some(ctx.cfg.axis.right_deg))
                    .with_role(Role::Support),
            );
        }
        f.flags.rvh = true;
        f.push(C::RightVentricularHypertrophy, Severity::Abnormal, ev);
    }
}

/// Low QRS voltage: every limb lead's QRS peak-to-peak below 0.5 mV; every precordial lead's
/// below 0.8 mV (诊断学).
fn low_voltage(ctx: &Ctx<'_>, f: &mut Findings) {
    let c = &ctx.cfg.chambers;
    for (leads, limit, code) in [
        (&L::LIMB, c.low_voltage_limb_mv, C::LowVoltageLimb),
        (
            &L::PRECORDIAL,
            c.low_voltage_precordial_mv,
            C::LowVoltagePrecordial,
        ),
    ] {
        let amps: Vec<(L, Option<f64>)> = leads
            .iter()
            .map(|&l| (l, ctx.t.get(l).and_then(|m| m.peak_to_peak())))
            .collect();
        if amps.iter().any(|(_, a)| a.is_some_and(|a| a >= limit)) {
            continue;
        }
        if amps.iter().any(|(_, a)| a.is_none()) {
            f.unassessed(Topic::LowVoltage);
            continue;
        }
        let (l, a) = amps
            .iter()
            .filter_map(|&(l, a)| Some((l, a?)))
            .fold((L::I, 0.0f64), |b, x| if x.1 > b.1 { x } else { b });
        f.push(
            code,
            Severity::Borderline,
            vec![Evidence::lead(
                Quantity::QrsPeakToPeakMv,
                l.name(),
                a,
                Some(limit),
            )],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::testkit::*;

    fn voltage(m: &mut crate::measure::Measurements, sv1: f64, rv5: f64) {
        lead_mut(m, "V1").s_mv = Some(-sv1);
        lead_mut(m, "V5").r_mv = Some(rv5);
    }

    #[test]
    fn lvh_criteria_and_how_they_combine() {
        // Sokolow-Lyon 3.6 (≥ 3.5) with RV5 2.4 (≤ 2.5) and RV5+SV1 3.6 (< 4.0 men): high voltage.
        let mut m = normal();
        voltage(&mut m, 1.2, 2.4);
        let st = read_all(&m, &male(60.0));
        let s = find(&st, C::LeftVentricularHighVoltage);
        assert!(
            s.evidence
                .iter()
                .any(|e| e.quantity == Quantity::SokolowLyonMv)
        );
        assert!(!has(&st, C::LeftVentricularHypertrophy));
        // 3.4: nothing.
        let mut m = normal();
        voltage(&mut m, 1.0, 2.4);
        let st = read_all(&m, &male(60.0));
        assert!(!has(&st, C::LeftVentricularHighVoltage), "{:?}", codes(&st));
        // ... but 3.4 exceeds the women's 诊断学 limit (RV5 + SV1 > 3.5)? 3.4 does not: 3.6 does.
        let mut m = normal();
        voltage(&mut m, 1.0, 2.45);
        assert!(!has(
            &read_all(&m, &male(60.0)),
            C::LeftVentricularHighVoltage
        ));
        lead_mut(&mut m, "V5").r_mv = Some(2.45);
        lead_mut(&mut m, "V1").s_mv = Some(-1.06);
        // 3.51: Sokolow met (≥ 3.5).
        assert!(has(
            &read_all(&m, &female(60.0)),
            C::LeftVentricularHighVoltage
        ));
        // RV5 2.6 alone (> 2.5).
        let mut m = normal();
        voltage(&mut m, 0.5, 2.6);
        assert!(has(
            &read_all(&m, &male(60.0)),
            C::LeftVentricularHighVoltage
        ));
        // Cornell: RaVL 1.0 + SV3 1.9 = 2.9 > 2.8 (men); its product with the QRS, 261 mV·ms,
        // supports hypertrophy. 2.1 > 2.0 (women) but not men.
        let mut m = normal();
        lead_mut(&mut m, "aVL").r_mv = Some(1.0);
        lead_mut(&mut m, "V3").s_mv = Some(-1.9);
        let st = read_all(&m, &male(60.0));
        let s = find(&st, C::LeftVentricularHypertrophy);
        assert!(s.evidence.iter().any(|e| e.quantity == Quantity::CornellMv));
        assert!(
            s.evidence
                .iter()
                .any(|e| e.quantity == Quantity::CornellProductMvMs)
        );
        lead_mut(&mut m, "V3").s_mv = Some(-1.1);
        assert!(!has(
            &read_all(&m, &male(60.0)),
            C::LeftVentricularHighVoltage
        ));
        assert!(has(
            &read_all(&m, &female(60.0)),
            C::LeftVentricularHighVoltage
        ));
        // Sex unknown: the women's limit, and the report says so.
        let st = read_all(&m, &unknown());
        assert!(has(&st, C::LeftVentricularHighVoltage) && has(&st, C::PatientUnknown));
        // Voltage with strain: hypertrophy.
        let mut m = normal();
        voltage(&mut m, 1.5, 2.8);
        let v5 = lead_mut(&mut m, "V5");
        v5.j_mv = Some(-0.08);
        v5.st60_mv = Some(-0.1);
        v5.t_neg_mv = Some(-0.2);
        v5.t_pos_mv = Some(0.0);
        let st = read_all(&m, &male(60.0));
        let s = find(&st, C::LeftVentricularHypertrophy);
        assert!(s.evidence.iter().any(|e| e.role == Role::Support));
        assert!(!has(&st, C::LeftVentricularHighVoltage));
        // ... or with a late R-peak time in V6.
        let mut m = normal();
        voltage(&mut m, 1.5, 2.8);
        lead_mut(&mut m, "V6").r_peak_time_ms = Some(55.0);
        assert!(has(
            &read_all(&m, &male(60.0)),
            C::LeftVentricularHypertrophy
        ));
    }

    #[test]
    fn rvh_atria_and_low_voltage() {
        let mut m = normal();
        m.global.qrs_axis_deg = Some(120.0);
        let v1 = lead_mut(&mut m, "V1");
        v1.r_mv = Some(0.9);
        v1.s_mv = Some(-0.3);
        let st = read_all(&m, &male(40.0));
        assert!(has(&st, C::RightVentricularHypertrophy), "{:?}", codes(&st));
        // RV1 0.6 with RAD: R/S 2.0 (RV1 ≥ 0.5) still counts; without RAD one criterion is not enough.
        lead_mut(&mut m, "V1").r_mv = Some(0.6);
        assert!(has(
            &read_all(&m, &male(40.0)),
            C::RightVentricularHypertrophy
        ));
        m.global.qrs_axis_deg = Some(80.0);
        assert!(!has(
            &read_all(&m, &male(40.0)),
            C::RightVentricularHypertrophy
        ));

        let mut m = normal();
        m.global.p_ms = Some(121.0);
        assert!(has(&read_all(&m, &male(40.0)), C::LeftAtrialAbnormality));
        m.global.p_ms = Some(119.0);
        assert!(!has(&read_all(&m, &male(40.0)), C::LeftAtrialAbnormality));
        let v1 = lead_mut(&mut m, "V1");
        v1.p_neg_mv = Some(-0.1);
        v1.p_neg_ms = Some(41.0);
        assert!(has(&read_all(&m, &male(40.0)), C::LeftAtrialAbnormality));
        let mut m = normal();
        lead_mut(&mut m, "II").p_pos_mv = Some(0.26);
        assert!(has(&read_all(&m, &male(40.0)), C::RightAtrialAbnormality));
        lead_mut(&mut m, "II").p_pos_mv = Some(0.24);
        assert!(!has(&read_all(&m, &male(40.0)), C::RightAtrialAbnormality));

        let mut m = normal();
        for l in ["I", "II", "III", "aVR", "aVL", "aVF"] {
            let x = lead_mut(&mut m, l);
            x.q_mv = None;
            x.r_mv = Some(0.3);
            x.s_mv = Some(-0.19);
        }
        let st = read_all(&m, &male(40.0));
        assert!(has(&st, C::LowVoltageLimb), "{:?}", codes(&st));
        assert!(!has(&st, C::LowVoltagePrecordial));
        lead_mut(&mut m, "aVF").r_mv = Some(0.32);
        assert!(!has(&read_all(&m, &male(40.0)), C::LowVoltageLimb));
    }
}
