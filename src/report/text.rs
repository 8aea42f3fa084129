//! Report text in English and Chinese, in the order a cardiologist reads: rate, rhythm,
//! ectopic beats and pauses, technical notes, conclusion.
//!
//! The Chinese uses the terms of Chinese ECG reports (窦性心律, 窦性心动过缓, 心房颤动, 室性早搏,
//! 正常心电图, 大致正常心电图, 异常心电图 ...), not a word-by-word translation.

use super::{Report, Statement, StatementCode};
use serde::{Deserialize, Serialize};
use std::fmt::Write;
use std::str::FromStr;

/// The language of the report text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "zh" | "cn" | "zh-cn" | "chinese" => Ok(Lang::Zh),
            other => Err(format!("unknown language {other:?}: expected en or zh")),
        }
    }
}

/// The sentence of one statement.
pub fn sentence(s: &Statement, lang: Lang) -> String {
    use StatementCode as C;
    let n = s.count.unwrap_or(0);
    let leads = s.leads.join(", ");
    match lang {
        Lang::En => match s.code {
            C::SinusRhythm => "Sinus rhythm.".into(),
            C::SinusBradycardia => "Sinus bradycardia.".into(),
            C::SinusTachycardia => "Sinus tachycardia.".into(),
            C::SinusArrhythmia => "Sinus arrhythmia.".into(),
            C::AtrialFibrillation => "Atrial fibrillation.".into(),
            C::AtrialFlutter => "Atrial flutter.".into(),
            C::IrregularRhythm => "Irregular rhythm, unclassified.".into(),
            C::RegularRhythmNoP => "Regular rhythm, P waves not identified.".into(),
            C::RhythmUndetermined => "Rhythm cannot be determined.".into(),
            C::PrematureVentricular => {
                format!("Premature ventricular complexes ({n}).")
            }
            C::PrematureSupraventricular => {
                format!("Premature atrial complexes ({n}).")
            }
            C::Pause => format!(
                "Pause of {:.1} s{}.",
                s.value.unwrap_or(0.0),
                if n > 1 {
                    format!(" (longest of {n})")
                } else {
                    String::new()
                }
            ),
            C::LeadsExcluded => format!("Poor signal in {leads}: lead(s) not analysed."),
            C::NoReadableLead => "Technical problem: no readable lead.".into(),
            C::NormalEcg => "Normal ECG.".into(),
            C::BorderlineEcg => "Borderline ECG.".into(),
            C::AbnormalEcg => "Abnormal ECG.".into(),
        },
        Lang::Zh => match s.code {
            C::SinusRhythm => "窦性心律。".into(),
            C::SinusBradycardia => "窦性心动过缓。".into(),
            C::SinusTachycardia => "窦性心动过速。".into(),
            C::SinusArrhythmia => "窦性心律不齐。".into(),
            C::AtrialFibrillation => "心房颤动。".into(),
            C::AtrialFlutter => "心房扑动。".into(),
            C::IrregularRhythm => "心律不齐，类型未定。".into(),
            C::RegularRhythmNoP => "节律规整，未见明确P波。".into(),
            C::RhythmUndetermined => "心律无法判定。".into(),
            C::PrematureVentricular => format!("室性早搏（{n}次）。"),
            C::PrematureSupraventricular => format!("房性早搏（{n}次）。"),
            C::Pause => format!(
                "长RR间歇，最长{:.1}秒{}。",
                s.value.unwrap_or(0.0),
                if n > 1 {
                    format!("（共{n}次）")
                } else {
                    String::new()
                }
            ),
            C::LeadsExcluded => format!("{leads}导联信号质量差，未纳入分析。"),
            C::NoReadableLead => "技术问题：无可分析导联，请重新描记。".into(),
            C::NormalEcg => "正常心电图。".into(),
            C::BorderlineEcg => "大致正常心电图。".into(),
            C::AbnormalEcg => "异常心电图。".into(),
        },
    }
}

fn joined(r: &Report, lang: Lang, pick: impl Fn(&Statement) -> bool) -> String {
    let sep = if lang == Lang::En { " " } else { "" };
    r.statements
        .iter()
        .filter(|s| pick(s))
        .map(|s| sentence(s, lang))
        .collect::<Vec<_>>()
        .join(sep)
}

fn is_rhythm_or_conclusion(c: StatementCode) -> bool {
    use StatementCode as C;
    matches!(
        c,
        C::SinusRhythm
            | C::SinusBradycardia
            | C::SinusTachycardia
            | C::SinusArrhythmia
            | C::AtrialFibrillation
            | C::AtrialFlutter
            | C::IrregularRhythm
            | C::RegularRhythmNoP
            | C::RhythmUndetermined
            | C::NoReadableLead
            | C::NormalEcg
            | C::BorderlineEcg
            | C::AbnormalEcg
    )
}

/// The one-line reading: rhythm and conclusion, e.g. "Sinus rhythm. Normal ECG." /
/// "窦性心律。正常心电图。".
pub fn summary(r: &Report, lang: Lang) -> String {
    joined(r, lang, |s| is_rhythm_or_conclusion(s.code))
}

/// The full text: the record line, the rate line, then every statement in reading order.
pub fn render(r: &Report, lang: Lang) -> String {
    let mut out = String::new();
    let f = &r.record;
    // A sinus rhythm's rate is the heart rate (心率); where atria and ventricles beat apart
    // (fibrillation, flutter, unclassified) readers report the ventricular rate (心室率).
    let sinus = r.rhythm.label.is_sinus();
    match lang {
        Lang::En => {
            let _ = writeln!(
                out,
                "Record {}: {} leads, {:.1} s at {} Hz.",
                f.name,
                f.leads.len(),
                f.duration_s,
                f.fs_hz
            );
            if let Some(rt) = r.rates {
                let _ = writeln!(
                    out,
                    "{} {:.0} bpm (range {:.0}–{:.0}), {} beats.",
                    if sinus {
                        "Heart rate"
                    } else {
                        "Ventricular rate"
                    },
                    rt.mean_bpm,
                    rt.min_bpm,
                    rt.max_bpm,
                    r.beats.total
                );
            }
        }
        Lang::Zh => {
            let _ = writeln!(
                out,
                "记录 {}：{} 导联，{:.1} 秒，采样率 {} Hz。",
                f.name,
                f.leads.len(),
                f.duration_s,
                f.fs_hz
            );
            if let Some(rt) = r.rates {
                let _ = writeln!(
                    out,
                    "{} {:.0} 次/分（{:.0}–{:.0} 次/分），共 {} 个心搏。",
                    if sinus { "心率" } else { "心室率" },
                    rt.mean_bpm,
                    rt.min_bpm,
                    rt.max_bpm,
                    r.beats.total
                );
            }
        }
    }
    for s in &r.statements {
        let _ = writeln!(out, "{}", sentence(s, lang));
    }
    out
}
