//! Conduction: 一度房室传导阻滞 (first-degree AV block), PR间期缩短 (short PR), 心室预激
//! (pre-excitation), 完全性/不完全性右束支传导阻滞 and 左束支传导阻滞 (complete and incomplete
//! right and left bundle branch block), 左前/左后分支传导阻滞 (left anterior and posterior
//! fascicular block), 非特异性室内传导阻滞 (non-specific intraventricular conduction delay),
//! and 宽QRS波心动过速 (wide-QRS tachycardia).
//!
//! Criteria in [`super::ConductionCriteria`]; AHA 2009 Part III (Surawicz et al.) unless named.

use super::leads::{L, LeadExt};
use super::{Ctx, Findings};
use crate::report::{Evidence, Quantity, Severity, StatementCode as C, Topic};

/// Wide-QRS tachycardia (QRS ≥ 120 ms at a rate above 100 bpm without a sinus P wave):
/// ventricular tachycardia until proven otherwise (AHA/ACC/HRS 2017 ventricular arrhythmia
/// guideline). Critical.
pub(super) fn wide_qrs_tachycardia(ctx: &Ctx<'_>, f: &mut Findings) {
    let c = &ctx.cfg.conduction;
    let (Some(qrs), Some(rate)) = (ctx.global(|g| g.qrs_ms), ctx.rate) else {
        return;
    };
    if ctx.rhythm.is_sinus() || ctx.g.as_ref().and_then(|g| g.paced) == Some(true) {
        return;
    }
    if qrs >= c.wide_qrs_tachycardia_qrs_ms && rate > c.wide_qrs_tachycardia_rate_bpm {
        f.push(
            C::WideQrsTachycardia,
            Severity::Critical,
            vec![
                Evidence::global(Quantity::QrsMs, qrs, Some(c.wide_qrs_tachycardia_qrs_ms)),
                Evidence::global(
                    Quantity::HeartRateBpm,
                    rate,
                    Some(c.wide_qrs_tachycardia_rate_bpm),
                ),
            ],
        );
    }
}

/// AV conduction, pre-excitation, bundle branch and anterior fascicular block.
pub(super) fn read(ctx: &Ctx<'_>, f: &mut Findings) {
    f.flags.paced = ctx.g.as_ref().and_then(|g| g.paced) == Some(true);
    av(ctx, f);
    intraventricular(ctx, f);
}

/// PR rules, read only when the atria drive the ventricles through a P wave (sinus rhythms).
fn av(ctx: &Ctx<'_>, f: &mut Findings) {
    let c = &ctx.cfg.conduction;
    if !ctx.rhythm.is_sinus() {
        return;
    }
    let Some(pr) = ctx.global(|g| g.pr_ms) else {
        f.unassessed(Topic::AvConduction);
        return;
    };
    if pr > c.first_degree_pr_ms {
        f.push(
            C::FirstDegreeAvBlock,
            Severity::Borderline,
            vec![Evidence::global(
                Quantity::PrMs,
                pr,
                Some(c.first_degree_pr_ms),
            )],
        );
    } else if pr < c.short_pr_ms {
        let delta: Vec<L> = L::ALL
            .iter()
            .copied()
            .filter(|&l| ctx.t.get(l).and_then(|m| m.delta_wave) == Some(true))
            .collect();
        let qrs = ctx.global(|g| g.qrs_ms);
        let mut ev = vec![Evidence::global(Quantity::PrMs, pr, Some(c.short_pr_ms))];
        if delta.len() >= 2 && qrs.is_some_and(|q| q >= c.preexcitation_min_qrs_ms) {
            ev.push(Evidence::global(
                Quantity::QrsMs,
                qrs.unwrap_or(0.0),
                Some(c.preexcitation_min_qrs_ms),
            ));
            ev.extend(
                delta
                    .iter()
                    .map(|l| Evidence::lead(Quantity::DeltaWave, l.name(), 1.0, None)),
            );
            f.flags.preexcitation = true;
            f.push(C::Preexcitation, Severity::Abnormal, ev);
        } else {
            f.push(C::ShortPr, Severity::Borderline, ev);
        }
    }
}

/// True when lead `l` has a q wave at least `min_mv` deep.
fn has_q(ctx: &Ctx<'_>, l: L, min_mv: f64) -> Option<bool> {
    let m = ctx.t.get(l)?;
    Some(m.q_mv.is_some_and(|q| q <= -min_mv))
}

/// The RBBB pattern: R′ in V1 or V2 (or a dominant late R in V1), and a broad S in I or V6.
/// `None` when neither V1/V2 nor I/V6 can be read.
fn rbbb_pattern(ctx: &Ctx<'_>) -> Option<Option<Vec<Evidence>>> {
    let c = &ctx.cfg.conduction;
    let right: Vec<L> = [L::V1, L::V2]
        .into_iter()
        .filter(|&l| ctx.t.get(l).is_some())
        .collect();
    let left: Vec<L> = [L::I, L::V6]
        .into_iter()
        .filter(|&l| ctx.t.get(l).is_some())
        .collect();
    if right.is_empty() || left.is_empty() {
        return None;
    }
    let mut ev = Vec::new();
    for &l in &right {
        let Some(m) = ctx.t.get(l) else { continue };
        if let Some(rp) = m.r_prime_mv.filter(|&v| v >= c.rbbb_min_r_prime_mv) {
            ev.push(Evidence::lead(
                Quantity::RPrimeMv,
                l.name(),
                rp,
                Some(c.rbbb_min_r_prime_mv),
            ));
        } else if l == L::V1
            && m.r_max() > m.s_depth()
            && let Some(rpt) = m.r_peak_time_ms.filter(|&v| v > c.rbbb_v1_r_peak_time_ms)
        {
            ev.push(Evidence::lead(
                Quantity::RPeakTimeMs,
                l.name(),
                rpt,
                Some(c.rbbb_v1_r_peak_time_ms),
            ));
        }
    }
    if ev.is_empty() {
        return Some(None);
    }
    let mut broad_s = Vec::new();
    for &l in &left {
        let Some(m) = ctx.t.get(l) else { continue };
        let (Some(s_ms), Some(_)) = (m.s_ms, m.s_mv) else {
            continue;
        };
        if s_ms > c.rbbb_lateral_s_ms || m.r_ms.is_some_and(|r| s_ms > r) {
            broad_s.push(Evidence::lead(
                Quantity::SMs,
                l.name(),
                s_ms,
                Some(c.rbbb_lateral_s_ms),
            ));
        }
    }
    if broad_s.is_empty() {
        return Some(None);
    }
    ev.extend(broad_s);
    Some(Some(ev))
}

/// The LBBB pattern: QS or rS in V1, no q in I, V5, V6, and a late (R-peak time > 60 ms in
/// V5/V6) or notched R in the lateral leads. `None` when V1 and the lateral leads cannot be
/// read.
fn lbbb_pattern(ctx: &Ctx<'_>, rpt_limit: f64) -> Option<Option<Vec<Evidence>>> {
    let c = &ctx.cfg.conduction;
    let v1 = ctx.t.get(L::V1).or_else(|| ctx.t.get(L::V2))?;
    let lateral: Vec<L> = [L::I, L::V5, L::V6]
        .into_iter()
        .filter(|&l| ctx.t.get(l).is_some())
        .collect();
    if lateral.len() < 2 {
        return None;
    }
    if v1.s_depth() <= v1.r_max() {
        return Some(None);
    }
    if lateral
        .iter()
        .any(|&l| has_q(ctx, l, c.lbbb_q_present_mv) == Some(true))
    {
        return Some(None);
    }
    let mut ev = vec![Evidence::lead(Quantity::SMv, &v1.lead, -v1.s_depth(), None)];
    let mut late = false;
    for l in [L::V5, L::V6, L::V4] {
        if let Some(rpt) = ctx
            .t
            .val(l, |m| m.r_peak_time_ms)
            .filter(|&v| v > rpt_limit)
        {
            ev.push(Evidence::lead(
                Quantity::RPeakTimeMs,
                l.name(),
                rpt,
                Some(rpt_limit),
            ));
            late = true;
        }
    }
    for l in [L::I, L::AVL, L::V5, L::V6] {
        if ctx.t.get(l).and_then(|m| m.qrs_notch) == Some(true) {
            ev.push(Evidence::lead(Quantity::NotchedR, l.name(), 1.0, None));
            late = true;
        }
    }
    Some(late.then_some(ev))
}

/// Bundle branch blocks, non-specific delay and left anterior fascicular block.
fn intraventricular(ctx: &Ctx<'_>, f: &mut Findings) {
    let c = &ctx.cfg.conduction;
    let Some(qrs) = ctx.global(|g| g.qrs_ms) else {
        f.unassessed(Topic::IntraventricularConduction);
        return;
    };
    if f.flags.paced || f.flags.preexcitation {
        // The QRS is shaped by the pacemaker or the accessory pathway, not by a block.
        return;
    }
    let qrs_ev = |limit: f64| Evidence::global(Quantity::QrsMs, qrs, Some(limit));
    let complete = qrs >= c.complete_bbb_qrs_ms;
    let incomplete = !complete && qrs >= c.incomplete_bbb_qrs_ms;
    let rbbb = rbbb_pattern(ctx);
    let lbbb_rpt = c.lbbb_r_peak_time_ms;
    let lbbb = lbbb_pattern(ctx, lbbb_rpt);
    if (complete || incomplete) && (rbbb.is_none() || lbbb.is_none()) {
        // Width known, morphology not: the block cannot be named.
        f.unassessed(Topic::IntraventricularConduction);
    }
    let limit = if complete {
        c.complete_bbb_qrs_ms
    } else {
        c.incomplete_bbb_qrs_ms
    };
    let mut named = false;
    if complete || incomplete {
        if let Some(Some(ev)) = &rbbb {
            let mut e = vec![qrs_ev(limit)];
            e.extend(ev.iter().cloned());
            if complete {
                f.flags.complete_rbbb = true;
                f.push(C::CompleteRbbb, Severity::Abnormal, e);
            } else {
                f.flags.incomplete_rbbb = true;
                f.push(C::IncompleteRbbb, Severity::Borderline, e);
            }
            named = true;
        } else if let Some(Some(ev)) = &lbbb {
            let mut e = vec![qrs_ev(limit)];
            e.extend(ev.iter().cloned());
            if complete {
                f.flags.complete_lbbb = true;
                f.push(C::CompleteLbbb, Severity::Abnormal, e);
            } else {
                f.push(C::IncompleteLbbb, Severity::Borderline, e);
            }
            named = true;
        }
        if !named && qrs >= c.ivcd_qrs_ms {
            f.flags.wide_ivcd = qrs >= c.complete_bbb_qrs_ms;
            f.push(
                C::NonspecificIvcd,
                Severity::Abnormal,
                vec![qrs_ev(c.ivcd_qrs_ms)],
            );
        }
    }
    anterior_fascicle(ctx, f, complete);
}

/// Left anterior fascicular block: axis −45° to −90°, qR in aVL (R-peak time ≥ 45 ms where
/// measured), rS in III; QRS < 120 ms unless with RBBB; not with LBBB.
fn anterior_fascicle(ctx: &Ctx<'_>, f: &mut Findings, complete: bool) {
    let c = &ctx.cfg.conduction;
    if f.flags.complete_lbbb || (complete && !f.flags.complete_rbbb) {
        return;
    }
    let Some(axis) = ctx.global(|g| g.qrs_axis_deg).map(super::axis::normalise) else {
        return;
    };
    if !(axis <= c.lafb_axis_deg && axis >= -90.0) {
        return;
    }
    let (Some(avl), Some(iii)) = (ctx.t.get(L::AVL), ctx.t.get(L::III)) else {
        f.unassessed(Topic::IntraventricularConduction);
        return;
    };
    let qr_avl = avl.q_mv.is_some_and(|q| q < 0.0) && avl.r_max() > avl.s_depth();
    let rs_iii = iii.s_depth() > iii.r_max();
    let rpt_ok = avl
        .r_peak_time_ms
        .is_none_or(|v| v >= c.lafb_avl_r_peak_time_ms);
    if qr_avl && rs_iii && rpt_ok {
        let mut ev = vec![
            Evidence::global(Quantity::QrsAxisDeg, axis, Some(c.lafb_axis_deg)),
            Evidence::lead(Quantity::QMv, "aVL", avl.q_mv.unwrap_or(0.0), None),
            Evidence::lead(Quantity::SMv, "III", -iii.s_depth(), None),
        ];
        if let Some(v) = avl.r_peak_time_ms {
            ev.push(Evidence::lead(
                Quantity::RPeakTimeMs,
                "aVL",
                v,
                Some(c.lafb_avl_r_peak_time_ms),
            ));
        }
        f.push(C::LeftAnteriorFascicularBlock, Severity::Abnormal, ev);
    }
}

/// Left posterior fascicular block: axis above +90° (to 180°), rS in I, qR in III; QRS
/// < 120 ms unless with RBBB; not with LBBB or right ventricular hypertrophy (read after the
/// chambers).
pub(super) fn posterior_fascicle(ctx: &Ctx<'_>, f: &mut Findings) {
    let c = &ctx.cfg.conduction;
    let Some(qrs) = ctx.global(|g| g.qrs_ms) else {
        return;
    };
    if f.flags.complete_lbbb
        || f.flags.rvh
        || f.flags.paced
        || f.flags.preexcitation
        || (qrs >= c.complete_bbb_qrs_ms && !f.flags.complete_rbbb)
    {
        return;
    }
    let Some(axis) = ctx.global(|g| g.qrs_axis_deg).map(super::axis::normalise) else {
        return;
    };
    if !(axis > c.lpfb_axis_deg && axis <= 180.0) {
        return;
    }
    let (Some(i), Some(iii)) = (ctx.t.get(L::I), ctx.t.get(L::III)) else {
        return;
    };
    let rs_i = i.s_depth() > i.r_max();
    let qr_iii = iii.q_mv.is_some_and(|q| q < 0.0) && iii.r_max() > iii.s_depth();
    if rs_i && qr_iii {
        f.push(
            C::LeftPosteriorFascicularBlock,
            Severity::Abnormal,
            vec![
                Evidence::global(Quantity::QrsAxisDeg, axis, Some(c.lpfb_axis_deg)),
                Evidence::lead(Quantity::SMv, "I", -i.s_depth(), None),
                Evidence::lead(Quantity::QMv, "III", iii.q_mv.unwrap_or(0.0), None),
            ],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::testkit::*;
    use crate::rhythm::RhythmLabel;

    fn rbbb(qrs: f64) -> crate::measure::Measurements {
        let mut m = normal();
        m.global.qrs_ms = Some(qrs);
        let v1 = lead_mut(&mut m, "V1");
        v1.r_mv = Some(0.3);
        v1.s_mv = Some(-0.4);
        v1.r_prime_mv = Some(0.8);
        v1.qrs_morphology = Some("rsR'".into());
        for l in ["I", "V6"] {
            let x = lead_mut(&mut m, l);
            x.s_ms = Some(50.0);
            x.s_mv = Some(-0.35);
        }
        m
    }

    #[test]
    fn first_degree_av_block_and_short_pr() {
        for (pr, want) in [
            (199.0, None),
            (201.0, Some(C::FirstDegreeAvBlock)),
            (121.0, None),
            (119.0, Some(C::ShortPr)),
        ] {
            let mut m = normal();
            m.global.pr_ms = Some(pr);
            let st = read_all(&m, &male(50.0));
            for c in [C::FirstDegreeAvBlock, C::ShortPr, C::Preexcitation] {
                assert_eq!(has(&st, c), want == Some(c), "PR {pr}: {c:?}");
            }
        }
        // No PR in atrial fibrillation: not judged, not "unassessed".
        let mut m = normal();
        m.global.pr_ms = Some(260.0);
        let st = read_with(
            &m,
            &male(50.0),
            RhythmLabel::AtrialFibrillation,
            &[],
            &Default::default(),
        );
        assert!(!has(&st, C::FirstDegreeAvBlock));
    }

    #[test]
    fn preexcitation_needs_delta_waves_and_width() {
        let mut m = normal();
        m.global.pr_ms = Some(100.0);
        m.global.qrs_ms = Some(125.0);
        for l in ["I", "aVL", "V5", "V6"] {
            lead_mut(&mut m, l).delta_wave = Some(true);
        }
        let st = read_all(&m, &male(30.0));
        assert!(has(&st, C::Preexcitation), "{:?}", codes(&st));
        // Pre-excitation explains the wide QRS: no bundle branch block or IVCD.
        assert!(!has(&st, C::NonspecificIvcd) && !has(&st, C::ShortPr));
        m.global.qrs_ms = Some(105.0);
        let st = read_all(&m, &male(30.0));
        assert!(has(&st, C::ShortPr) && !has(&st, C::Preexcitation));
    }

    #[test]
    fn right_bundle_branch_block_complete_and_incomplete() {
        let st = read_all(&rbbb(121.0), &male(60.0));
        assert!(has(&st, C::CompleteRbbb), "{:?}", codes(&st));
        let st = read_all(&rbbb(119.0), &male(60.0));
        assert!(has(&st, C::IncompleteRbbb) && !has(&st, C::CompleteRbbb));
        let st = read_all(&rbbb(109.0), &male(60.0));
        assert!(!has(&st, C::IncompleteRbbb) && !has(&st, C::NonspecificIvcd));
        // Without the RBBB pattern, 110–119 ms is nothing; from 120 ms a non-specific delay.
        let mut m = normal();
        m.global.qrs_ms = Some(115.0);
        assert!(!has(&read_all(&m, &male(60.0)), C::NonspecificIvcd));
        m.global.qrs_ms = Some(121.0);
        assert!(has(&read_all(&m, &male(60.0)), C::NonspecificIvcd));
        // Without the broad lateral S it is not RBBB: a non-specific delay.
        let mut m = rbbb(130.0);
        for l in ["I", "V6"] {
            lead_mut(&mut m, l).s_ms = Some(30.0);
        }
        let st = read_all(&m, &male(60.0));
        assert!(!has(&st, C::CompleteRbbb) && has(&st, C::NonspecificIvcd));
        // R′ just below the limit does not count.
        let mut m = rbbb(130.0);
        lead_mut(&mut m, "V1").r_prime_mv = Some(0.04);
        assert!(!has(&read_all(&m, &male(60.0)), C::CompleteRbbb));
    }

    fn lbbb(qrs: f64) -> crate::measure::Measurements {
        let mut m = normal();
        m.global.qrs_ms = Some(qrs);
        let v1 = lead_mut(&mut m, "V1");
        v1.r_mv = Some(0.1);
        v1.s_mv = Some(-1.8);
        for l in ["I", "V5", "V6"] {
            let x = lead_mut(&mut m, l);
            x.q_mv = None;
            x.q_ms = None;
            x.r_peak_time_ms = Some(80.0);
        }
        m
    }

    #[test]
    fn left_bundle_branch_block() {
        let st = read_all(&lbbb(140.0), &female(70.0));
        assert!(has(&st, C::CompleteLbbb), "{:?}", codes(&st));
        let st = read_all(&lbbb(115.0), &female(70.0));
        assert!(has(&st, C::IncompleteLbbb));
        // A septal q in V6 rules it out.
        let mut m = lbbb(140.0);
        lead_mut(&mut m, "V6").q_mv = Some(-0.1);
        let st = read_all(&m, &female(70.0));
        assert!(!has(&st, C::CompleteLbbb) && has(&st, C::NonspecificIvcd));
        // R-peak time 60 ms is not above the limit; a notch in aVL still makes it.
        let mut m = lbbb(140.0);
        for l in ["I", "V5", "V6"] {
            lead_mut(&mut m, l).r_peak_time_ms = Some(60.0);
        }
        assert!(!has(&read_all(&m, &female(70.0)), C::CompleteLbbb));
        lead_mut(&mut m, "aVL").qrs_notch = Some(true);
        assert!(has(&read_all(&m, &female(70.0)), C::CompleteLbbb));
    }

    #[test]
    fn fascicular_blocks() {
        let mut m = normal();
        m.global.qrs_axis_deg = Some(-60.0);
        let avl = lead_mut(&mut m, "aVL");
        avl.q_mv = Some(-0.1);
        avl.r_mv = Some(0.9);
        avl.s_mv = None;
        avl.r_peak_time_ms = Some(50.0);
        let iii = lead_mut(&mut m, "III");
        iii.r_mv = Some(0.2);
        iii.s_mv = Some(-1.0);
        let st = read_all(&m, &male(60.0));
        assert!(has(&st, C::LeftAnteriorFascicularBlock), "{:?}", codes(&st));
        assert!(has(&st, C::LeftAxisDeviation));
        m.global.qrs_axis_deg = Some(-44.0);
        assert!(!has(
            &read_all(&m, &male(60.0)),
            C::LeftAnteriorFascicularBlock
        ));
        m.global.qrs_axis_deg = Some(-60.0);
        lead_mut(&mut m, "aVL").r_peak_time_ms = Some(44.0);
        assert!(!has(
            &read_all(&m, &male(60.0)),
            C::LeftAnteriorFascicularBlock
        ));

        let mut m = normal();
        m.global.qrs_axis_deg = Some(110.0);
        let i = lead_mut(&mut m, "I");
        i.r_mv = Some(0.2);
        i.s_mv = Some(-0.6);
        i.q_mv = None;
        let iii = lead_mut(&mut m, "III");
        iii.q_mv = Some(-0.1);
        iii.r_mv = Some(1.0);
        let st = read_all(&m, &male(60.0));
        assert!(
            has(&st, C::LeftPosteriorFascicularBlock),
            "{:?}",
            codes(&st)
        );
        m.global.qrs_axis_deg = Some(90.0);
        assert!(!has(
            &read_all(&m, &male(60.0)),
            C::LeftPosteriorFascicularBlock
        ));
    }

    #[test]
    fn wide_qrs_tachycardia_is_critical() {
        let mut m = normal();
        m.global.qrs_ms = Some(150.0);
        m.global.heart_rate_bpm = Some(170.0);
        let st = read_with(
            &m,
            &unknown(),
            RhythmLabel::RegularUnclassified,
            &[],
            &Default::default(),
        );
        assert_eq!(
            find(&st, C::WideQrsTachycardia).severity,
            Severity::Critical
        );
        m.global.qrs_ms = Some(118.0);
        let st = read_with(
            &m,
            &unknown(),
            RhythmLabel::RegularUnclassified,
            &[],
            &Default::default(),
        );
        assert!(!has(&st, C::WideQrsTachycardia));
    }
}
