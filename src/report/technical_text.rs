//! The text of the technical statements (noise, electrode interchange, unreliable
//! interpretation), in English and in the terms of Chinese ECG reports (交流电干扰, 肌电干扰,
//! 基线漂移, 导联反接, 请重新描记).

use super::{Statement, StatementCode};
use crate::quality::reversal::Check;
use crate::report::Lang;

/// The Chinese name of an electrode (`RA` 右上肢, `LA` 左上肢, `LL` 左下肢, `RL` 右下肢); chest
/// electrodes keep their lead name.
fn electrode_zh(e: &str) -> &str {
    match e {
        "RA" => "右上肢",
        "LA" => "左上肢",
        "LL" => "左下肢",
        "RL" => "右下肢",
        other => other,
    }
}

/// The sentence of a technical statement (other codes give an empty string).
pub(super) fn sentence(s: &Statement, lang: Lang) -> String {
    use StatementCode as C;
    let v = s.value.unwrap_or(0.0);
    match lang {
        Lang::En => {
            let leads = s.leads.join(", ");
            match s.code {
                C::MainsInterference => {
                    format!("Mains interference in {leads} (up to {v:.2} mV): filtered.")
                }
                C::MuscleNoise => format!("Muscle noise in {leads} (up to {v:.2} mV RMS)."),
                C::BaselineWander => format!("Baseline wander in {leads} (up to {v:.1} mV)."),
                C::AtrialActivityNotAssessable => {
                    "Noisy recording, atrial activity not assessable.".into()
                }
                C::LimbLeadReversal if s.leads.len() == 3 => format!(
                    "Limb lead reversal suspected (rotation: {} cable on {}, {} on {}, {} on {}): please re-record.",
                    s.leads[0], s.leads[1], s.leads[1], s.leads[2], s.leads[2], s.leads[0]
                ),
                C::LimbLeadReversal if s.leads.len() == 4 => format!(
                    "Limb lead reversal suspected ({}/{} and {}/{}): please re-record.",
                    s.leads[0], s.leads[1], s.leads[2], s.leads[3]
                ),
                C::LimbLeadReversal | C::ChestLeadReversal => {
                    let kind = if s.code == C::LimbLeadReversal {
                        "Limb"
                    } else {
                        "Chest"
                    };
                    format!(
                        "{kind} lead reversal suspected ({}): please re-record.",
                        s.leads.join("/")
                    )
                }
                C::InterpretationUnreliable => {
                    "Technical problem: interpretation unreliable, please re-record.".into()
                }
                _ => String::new(),
            }
        }
        Lang::Zh => {
            let leads = s.leads.join("、");
            match s.code {
                C::MainsInterference => {
                    format!("{leads}导联交流电干扰（最大{v:.2} mV），已滤波。")
                }
                C::MuscleNoise => format!("{leads}导联肌电干扰（最大{v:.2} mV）。"),
                C::BaselineWander => format!("{leads}导联基线漂移（最大{v:.1} mV）。"),
                C::AtrialActivityNotAssessable => "干扰较大，心房活动无法评估。".into(),
                C::LimbLeadReversal => match s.leads.as_slice() {
                    [a, b] if (a == "LA" && b == "RA") || (a == "RA" && b == "LA") => {
                        "疑似左右上肢导联反接，请重新描记。".into()
                    }
                    [a, b] => format!(
                        "疑似{}与{}导联反接，请重新描记。",
                        electrode_zh(a),
                        electrode_zh(b)
                    ),
                    [a, b, c] => format!(
                        "疑似肢体导联错接（{}导联线接于{}，{}接于{}，{}接于{}），请重新描记。",
                        electrode_zh(a),
                        electrode_zh(b),
                        electrode_zh(b),
                        electrode_zh(c),
                        electrode_zh(c),
                        electrode_zh(a)
                    ),
                    [a, b, c, d] => format!(
                        "疑似{}与{}、{}与{}导联反接，请重新描记。",
                        electrode_zh(a),
                        electrode_zh(b),
                        electrode_zh(c),
                        electrode_zh(d)
                    ),
                    _ => "疑似肢体导联反接，请重新描记。".into(),
                },
                C::ChestLeadReversal => {
                    format!("疑似{leads}导联反接，请重新描记。")
                }
                C::InterpretationUnreliable => "技术问题：诊断结论不可靠，请重新描记。".into(),
                _ => String::new(),
            }
        }
    }
}

/// The evidence line of a suspected interchange: which check failed, with its figures.
pub(super) fn evidence(check: &Check, lang: Lang) -> String {
    match (check, lang) {
        (
            Check::FrontalPlane {
                recorded_r,
                corrected_r,
                p_axis_deg,
                corrected_p_axis_deg,
                ..
            },
            Lang::En,
        ) => {
            let p = match (p_axis_deg, corrected_p_axis_deg) {
                (Some(a), Some(b)) => format!("; P axis {a:.0}°, {b:.0}° swapped back"),
                _ => String::new(),
            };
            format!(
                "Evidence: lead I against V5/V6 r = {recorded_r:.2}, swapped back r = {corrected_r:.2}{p}."
            )
        }
        (
            Check::FrontalPlane {
                recorded_r,
                corrected_r,
                p_axis_deg,
                corrected_p_axis_deg,
                ..
            },
            Lang::Zh,
        ) => {
            let p = match (p_axis_deg, corrected_p_axis_deg) {
                (Some(a), Some(b)) => format!("；P电轴{a:.0}°，纠正后{b:.0}°"),
                _ => String::new(),
            };
            format!(
                "依据：I导联与V5、V6相关系数r = {recorded_r:.2}，纠正后r = {corrected_r:.2}{p}。"
            )
        }
        (Check::FlatLimbLead { lead, ratio }, Lang::En) => format!(
            "Evidence: lead {lead} is flat ({:.0} % of the largest limb or chest lead).",
            ratio * 100.0
        ),
        (Check::FlatLimbLead { lead, ratio }, Lang::Zh) => format!(
            "依据：{lead}导联近乎平直（为最大肢体或胸导联的{:.0}%）。",
            ratio * 100.0
        ),
        (Check::ChestOrder { gain }, Lang::En) => format!(
            "Evidence: the chest leads progress more smoothly with the two swapped back (neighbour correlations +{gain:.2})."
        ),
        (Check::ChestOrder { gain }, Lang::Zh) => {
            format!("依据：两导联换回后胸导联移行更连续（相邻导联相关系数之和增加{gain:.2}）。")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Severity;

    fn st(code: StatementCode, leads: &[&str]) -> Statement {
        Statement {
            leads: leads.iter().map(|s| s.to_string()).collect(),
            ..Statement::new(code, Severity::Technical)
        }
    }

    #[test]
    fn reversal_sentences_name_the_electrodes() {
        let s = st(StatementCode::LimbLeadReversal, &["LA", "RA"]);
        assert_eq!(
            sentence(&s, Lang::En),
            "Limb lead reversal suspected (LA/RA): please re-record."
        );
        assert_eq!(sentence(&s, Lang::Zh), "疑似左右上肢导联反接，请重新描记。");
        let s = st(StatementCode::LimbLeadReversal, &["LA", "LL"]);
        assert_eq!(
            sentence(&s, Lang::Zh),
            "疑似左上肢与左下肢导联反接，请重新描记。"
        );
        let s = st(StatementCode::ChestLeadReversal, &["V1", "V2"]);
        assert_eq!(
            sentence(&s, Lang::En),
            "Chest lead reversal suspected (V1/V2): please re-record."
        );
        assert_eq!(sentence(&s, Lang::Zh), "疑似V1、V2导联反接，请重新描记。");
        let s = st(StatementCode::AtrialActivityNotAssessable, &[]);
        assert_eq!(sentence(&s, Lang::Zh), "干扰较大，心房活动无法评估。");
        assert_eq!(
            sentence(&s, Lang::En),
            "Noisy recording, atrial activity not assessable."
        );
    }
}
