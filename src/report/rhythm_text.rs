//! The sentences of the rhythm statements beyond sinus rhythm, fibrillation and flutter:
//! pacing, AV block, junctional and ventricular rhythms, patterns and runs of ectopic beats,
//! in the terms of a Chinese ECG report (起搏心律, 心房颤动伴心室起搏, 二度I型房室传导阻滞,
//! 三度房室传导阻滞, 交界性心律, 室性心动过速, 室性早搏二联律 ...) and in English.

use super::text::Lang;
use super::{Statement, StatementCode};

fn figures(s: &Statement, sep: &str) -> String {
    s.figures
        .iter()
        .map(|v| format!("{v:.0}"))
        .collect::<Vec<_>>()
        .join(sep)
}

/// The sentence of a rhythm statement of this module, None for other codes.
pub(super) fn sentence(s: &Statement, lang: Lang) -> Option<String> {
    use StatementCode as C;
    let n = s.count.unwrap_or(0);
    let v = s.value.unwrap_or(0.0);
    let f = |i: usize| s.figures.get(i).copied().unwrap_or(0.0);
    Some(match lang {
        Lang::En => match s.code {
            C::SinusBradycardiaWithArrhythmia => "Sinus bradycardia with sinus arrhythmia.".into(),
            C::SinusTachycardiaWithArrhythmia => "Sinus tachycardia with sinus arrhythmia.".into(),
            C::EctopicAtrialRhythm => "Ectopic atrial rhythm.".into(),
            C::JunctionalRhythm => "Junctional rhythm.".into(),
            C::AcceleratedJunctionalRhythm => "Accelerated junctional rhythm.".into(),
            C::SupraventricularTachycardia => "Supraventricular tachycardia.".into(),
            C::VentricularTachycardia => "Ventricular tachycardia.".into(),
            C::IdioventricularRhythm => {
                if v > 40.0 {
                    "Accelerated idioventricular rhythm.".into()
                } else {
                    "Idioventricular rhythm.".into()
                }
            }
            C::VentricularFlutterFibrillation => "Ventricular flutter/fibrillation.".into(),
            C::AtrialPacedRhythm => "Atrial paced rhythm.".into(),
            C::VentricularPacedRhythm => "Ventricular paced rhythm.".into(),
            C::AtrialFibrillationWithVentricularPacing => {
                "Atrial fibrillation with ventricular pacing.".into()
            }
            C::CompleteAvBlockWithVentricularPacing => {
                "Complete AV block with ventricular pacing.".into()
            }
            C::SinusRhythmWithVentricularPacing => {
                "Sinus rhythm with atrial-sensed ventricular pacing.".into()
            }
            C::AvSequentialPacedRhythm => "AV sequential paced rhythm.".into(),
            C::IntermittentPacing => format!(
                "Intermittent ventricular pacing ({n} paced beat{}).",
                if n == 1 { "" } else { "s" }
            ),
            C::AvBlockFirstDegree => format!("First-degree AV block (PR {v:.0} ms)."),
            C::AvBlockMobitzI => format!(
                "Second-degree AV block, Mobitz type I (Wenckebach; PR {} ms).",
                figures(s, ", ")
            ),
            C::AvBlockMobitzII => {
                format!("Second-degree AV block, Mobitz type II (constant PR {v:.0} ms).")
            }
            C::AvBlockTwoToOne => "Second-degree AV block with 2:1 conduction.".into(),
            C::AvBlockHighGrade => "High-grade AV block.".into(),
            C::AvBlockThirdDegree => format!(
                "Third-degree (complete) AV block: atrial rate {:.0} /min, ventricular rate {:.0} bpm, dissociated.",
                f(0),
                f(1)
            ),
            C::AvBlockSecondDegree => "Second-degree AV block, type not determined.".into(),
            C::VentricularTachycardiaRuns => format!(
                "Non-sustained ventricular tachycardia: {n} run{}, up to {v:.0} bpm.",
                if n == 1 { "" } else { "s" }
            ),
            C::SupraventricularRuns => format!(
                "Runs of atrial premature complexes: {n} run{}, up to {v:.0} bpm.",
                if n == 1 { "" } else { "s" }
            ),
            C::VentricularBigeminy => "Ventricular bigeminy.".into(),
            C::VentricularTrigeminy => "Ventricular trigeminy.".into(),
            C::SupraventricularBigeminy => "Atrial bigeminy.".into(),
            _ => return None,
        },
        Lang::Zh => match s.code {
            C::SinusBradycardiaWithArrhythmia => "窦性心动过缓伴窦性心律不齐。".into(),
            C::SinusTachycardiaWithArrhythmia => "窦性心动过速伴窦性心律不齐。".into(),
            C::EctopicAtrialRhythm => "房性心律。".into(),
            C::JunctionalRhythm => "交界性心律。".into(),
            C::AcceleratedJunctionalRhythm => "加速性交界性心律。".into(),
            C::SupraventricularTachycardia => "室上性心动过速。".into(),
            C::VentricularTachycardia => "室性心动过速。".into(),
            C::IdioventricularRhythm => {
                if v > 40.0 {
                    "加速性室性自主心律。".into()
                } else {
                    "室性自主心律。".into()
                }
            }
            C::VentricularFlutterFibrillation => "心室扑动/心室颤动。".into(),
            C::AtrialPacedRhythm => "心房起搏心律。".into(),
            C::VentricularPacedRhythm => "心室起搏心律。".into(),
            C::AtrialFibrillationWithVentricularPacing => "心房颤动伴心室起搏。".into(),
            C::CompleteAvBlockWithVentricularPacing => "三度房室传导阻滞，心室起搏心律。".into(),
            C::SinusRhythmWithVentricularPacing => "窦性心律，心房感知心室起搏。".into(),
            C::AvSequentialPacedRhythm => "房室顺序起搏心律。".into(),
            C::IntermittentPacing => format!("间歇性心室起搏（{n}次）。"),
            C::AvBlockFirstDegree => format!("一度房室传导阻滞（PR间期{v:.0}毫秒）。"),
            C::AvBlockMobitzI => format!(
                "二度I型房室传导阻滞（文氏现象，PR间期{}毫秒）。",
                figures(s, "、")
            ),
            C::AvBlockMobitzII => {
                format!("二度II型房室传导阻滞（PR间期固定，{v:.0}毫秒）。")
            }
            C::AvBlockTwoToOne => "二度房室传导阻滞（2:1传导）。".into(),
            C::AvBlockHighGrade => "高度房室传导阻滞。".into(),
            C::AvBlockThirdDegree => format!(
                "三度房室传导阻滞（心房率{:.0}次/分，心室率{:.0}次/分，房室分离）。",
                f(0),
                f(1)
            ),
            C::AvBlockSecondDegree => "二度房室传导阻滞。".into(),
            C::VentricularTachycardiaRuns => {
                format!("短阵室性心动过速（{n}阵，最快{v:.0}次/分）。")
            }
            C::SupraventricularRuns => format!("短阵房性心动过速（{n}阵，最快{v:.0}次/分）。"),
            C::VentricularBigeminy => "室性早搏二联律。".into(),
            C::VentricularTrigeminy => "室性早搏三联律。".into(),
            C::SupraventricularBigeminy => "房性早搏二联律。".into(),
            _ => return None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Severity;

    #[test]
    fn chinese_report_terms() {
        let s = |c| Statement::new(c, Severity::Abnormal);
        let zh = |st: &Statement| sentence(st, Lang::Zh).unwrap();
        assert_eq!(
            zh(&s(StatementCode::AtrialFibrillationWithVentricularPacing)),
            "心房颤动伴心室起搏。"
        );
        assert_eq!(
            zh(&s(StatementCode::VentricularBigeminy)),
            "室性早搏二联律。"
        );
        assert_eq!(zh(&s(StatementCode::JunctionalRhythm)), "交界性心律。");
        assert_eq!(
            zh(&s(StatementCode::VentricularTachycardia)),
            "室性心动过速。"
        );
        assert_eq!(
            zh(&s(StatementCode::SinusBradycardiaWithArrhythmia)),
            "窦性心动过缓伴窦性心律不齐。"
        );
        let mut w = s(StatementCode::AvBlockMobitzI);
        w.figures = vec![180.0, 240.0, 300.0];
        assert_eq!(
            zh(&w),
            "二度I型房室传导阻滞（文氏现象，PR间期180、240、300毫秒）。"
        );
        assert_eq!(
            sentence(&w, Lang::En).unwrap(),
            "Second-degree AV block, Mobitz type I (Wenckebach; PR 180, 240, 300 ms)."
        );
        let mut t = s(StatementCode::AvBlockThirdDegree);
        t.figures = vec![85.0, 38.0];
        assert_eq!(
            zh(&t),
            "三度房室传导阻滞（心房率85次/分，心室率38次/分，房室分离）。"
        );
        assert!(sentence(&s(StatementCode::SinusRhythm), Lang::En).is_none());
    }
}
