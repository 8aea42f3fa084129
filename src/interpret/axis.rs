//! The frontal QRS axis: 电轴左偏 (left axis deviation), 电轴右偏 (right axis deviation),
//! 不确定电轴 (indeterminate axis).
//!
//! Criteria ([`super::AxisCriteria`]): AHA 2009 Part I and 诊断学 — normal −30° to +90°; left
//! axis deviation −30° to −90° (below −30°); right axis deviation +90° to +180°; the
//! north-west quadrant (−90° to −180°) is 不确定电轴 (诊断学; AHA: "right superior axis"). When
//! every limb lead is equiphasic the axis cannot be determined (AHA 2009: indeterminate).

use super::leads::{L, LeadExt};
use super::{Ctx, Findings};
use crate::report::{Evidence, Quantity, Severity, StatementCode, Topic};

/// The axis folded into (−180°, 180°].
pub(crate) fn normalise(deg: f64) -> f64 {
    let a = (deg + 180.0).rem_euclid(360.0) - 180.0;
    if a <= -180.0 { a + 360.0 } else { a }
}

/// Left axis deviation, right axis deviation or indeterminate axis, from the QRS axis.
pub(super) fn read(ctx: &Ctx<'_>, f: &mut Findings) {
    let c = &ctx.cfg.axis;
    // Equiphasic in all six limb leads: no axis to speak of.
    let nets: Vec<(f64, f64)> = L::LIMB
        .iter()
        .filter_map(|&l| {
            ctx.t
                .get(l)
                .and_then(|m| Some((m.net()?, m.peak_to_peak()?)))
        })
        .collect();
    if nets.len() == 6
        && nets
            .iter()
            .all(|(n, p)| *p > 0.0 && n.abs() <= c.equiphasic_max_net_fraction * p)
    {
        f.push(
            StatementCode::IndeterminateAxis,
            Severity::Borderline,
            vec![],
        );
        return;
    }
    let Some(axis) = ctx.global(|g| g.qrs_axis_deg) else {
        f.unassessed(Topic::Axis);
        return;
    };
    let a = normalise(axis);
    let (code, limit) = if a < c.left_deg && a >= -90.0 {
        (StatementCode::LeftAxisDeviation, c.left_deg)
    } else if a > c.right_deg {
        (StatementCode::RightAxisDeviation, c.right_deg)
    } else if a < -90.0 {
        (StatementCode::IndeterminateAxis, -90.0)
    } else {
        return;
    };
    f.push(
        code,
        Severity::Borderline,
        vec![Evidence::global(Quantity::QrsAxisDeg, a, Some(limit))],
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::testkit::*;

    #[test]
    fn axis_limits() {
        for (deg, want) in [
            (-29.0, None),
            (-31.0, Some(StatementCode::LeftAxisDeviation)),
            (-90.0, Some(StatementCode::LeftAxisDeviation)),
            (-91.0, Some(StatementCode::IndeterminateAxis)),
            (-179.0, Some(StatementCode::IndeterminateAxis)),
            (180.0, Some(StatementCode::RightAxisDeviation)),
            (91.0, Some(StatementCode::RightAxisDeviation)),
            (89.0, None),
            (0.0, None),
            (270.0, Some(StatementCode::LeftAxisDeviation)),
        ] {
            let mut m = normal();
            m.global.qrs_axis_deg = Some(deg);
            let st = read_all(&m, &male(55.0));
            for c in [
                StatementCode::LeftAxisDeviation,
                StatementCode::RightAxisDeviation,
                StatementCode::IndeterminateAxis,
            ] {
                assert_eq!(has(&st, c), want == Some(c), "{deg}°: {c:?}");
            }
        }
    }

    #[test]
    fn equiphasic_limb_leads_make_the_axis_indeterminate() {
        let mut m = normal();
        for l in ["I", "II", "III", "aVR", "aVL", "aVF"] {
            let lm = lead_mut(&mut m, l);
            lm.r_mv = Some(0.4);
            lm.s_mv = Some(-0.38);
            lm.q_mv = None;
            lm.qrs_net_mv = Some(0.02);
        }
        let st = read_all(&m, &male(55.0));
        assert!(has(&st, StatementCode::IndeterminateAxis));
    }

    #[test]
    fn normalise_folds_into_half_open_circle() {
        assert_eq!(normalise(180.0), 180.0);
        assert_eq!(normalise(-180.0), 180.0);
        assert_eq!(normalise(270.0), -90.0);
        assert_eq!(normalise(-450.0), -90.0);
    }
}
