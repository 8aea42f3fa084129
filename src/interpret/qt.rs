//! QT: QT间期延长 (long QTc) and QT间期缩短 (short QT).
//!
//! Criteria in [`super::QtCriteria`] (AHA 2009 Part IV, Rautaharju et al.): long QTc ≥ 450 ms
//! in men, ≥ 460 ms in women (sex unknown: 450), critical from 500 ms; short QT ≤ 340 ms (2015
//! ESC). The QTc is the measurement's configured formula (Bazett by default). With a QRS of
//! 120 ms or more the QT holds the prolonged depolarization (AHA 2009 Part IV: repolarization
//! is then read from the JT): long QT is judged on the QTc less the QRS excess over 100 ms,
//! and short QT is not judged.

use super::{Ctx, Findings, Sex};
use crate::report::{Evidence, Quantity, Severity, Statement, StatementCode as C, Topic};

/// Long or short QTc.
pub(super) fn read(ctx: &Ctx<'_>, f: &mut Findings) {
    let c = &ctx.cfg.qt;
    let Some(qtc) = ctx.global(|g| g.qtc_ms) else {
        f.unassessed(Topic::Qt);
        return;
    };
    let qt = ctx.global(|g| g.qt_ms);
    let qrs = ctx.global(|g| g.qrs_ms);
    let mut ev = vec![Evidence::global(Quantity::QtcMs, qtc, None)];
    let wide = qrs.is_some_and(|q| q >= c.wide_qrs_ms);
    let judged = match qrs {
        Some(qrs) if wide => {
            let adj = qtc - (qrs - 100.0);
            ev.push(Evidence::global(Quantity::QtcAdjustedMs, adj, None));
            adj
        }
        _ => qtc,
    };
    let long = match ctx.patient.sex {
        Some(Sex::Female) => c.long_qtc_women_ms,
        Some(Sex::Male) => c.long_qtc_men_ms,
        None => {
            f.used_unknown_patient = true;
            c.long_qtc_men_ms.min(c.long_qtc_women_ms)
        }
    };
    let (code, sev, limit) = if judged >= c.critical_qtc_ms {
        (C::LongQtc, Severity::Critical, c.critical_qtc_ms)
    } else if judged >= long {
        (C::LongQtc, Severity::Abnormal, long)
    } else if !wide && judged <= c.short_qtc_ms {
        (C::ShortQt, Severity::Abnormal, c.short_qtc_ms)
    } else {
        return;
    };
    if let Some(e) = ev.last_mut() {
        e.limit = Some(limit);
    }
    if let Some(qt) = qt {
        ev.insert(0, Evidence::global(Quantity::QtMs, qt, None));
    }
    f.st.push(Statement {
        value: Some(judged),
        ..Statement::new(code, sev).with_evidence(ev)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::testkit::*;

    fn qtc(v: f64) -> crate::measure::Measurements {
        let mut m = normal();
        m.global.qtc_ms = Some(v);
        m
    }

    #[test]
    fn long_and_short_qtc_by_sex() {
        assert!(has(&read_all(&qtc(451.0), &male(50.0)), C::LongQtc));
        assert!(!has(&read_all(&qtc(449.0), &male(50.0)), C::LongQtc));
        assert!(!has(&read_all(&qtc(455.0), &female(50.0)), C::LongQtc));
        assert!(has(&read_all(&qtc(461.0), &female(50.0)), C::LongQtc));
        // Sex unknown: the lower limit.
        let st = read_all(&qtc(455.0), &unknown());
        assert!(has(&st, C::LongQtc) && has(&st, C::PatientUnknown));
        let st = read_all(&qtc(501.0), &female(50.0));
        assert_eq!(find(&st, C::LongQtc).severity, Severity::Critical);
        assert_eq!(
            find(&read_all(&qtc(499.0), &female(50.0)), C::LongQtc).severity,
            Severity::Abnormal
        );
        assert!(has(&read_all(&qtc(339.0), &male(50.0)), C::ShortQt));
        assert!(!has(&read_all(&qtc(341.0), &male(50.0)), C::ShortQt));
    }

    #[test]
    fn wide_qrs_is_taken_out_of_the_qt() {
        // QTc 470 with QRS 150: judged 470 − 50 = 420 → normal; and no short QT at 380 − 50.
        let mut m = qtc(470.0);
        m.global.qt_ms = Some(440.0);
        m.global.qrs_ms = Some(150.0);
        let st = read_all(&m, &male(50.0));
        assert!(!has(&st, C::LongQtc), "{:?}", codes(&st));
        m.global.qtc_ms = Some(380.0);
        assert!(!has(&read_all(&m, &male(50.0)), C::ShortQt));
        m.global.qtc_ms = Some(560.0);
        assert!(has(&read_all(&m, &male(50.0)), C::LongQtc));
    }
}
