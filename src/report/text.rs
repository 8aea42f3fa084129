//! Report text in English and Chinese, in the order a cardiologist reads: rate, the measurement
//! line (PR, QRS, QT/QTc, QRS axis), rhythm, ectopic beats and pauses, axis, conduction,
//! chambers, infarction, ST-T, QT, technical notes, conclusion; each finding followed by its
//! evidence (the sentences of the measurement-based statements are in `findings_text.rs`).
//!
//! The Chinese uses the terms of Chinese ECG reports (窦性心律, 窦性心动过缓, 心房颤动, 室性早搏,
//! 正常心电图, 大致正常心电图, 异常心电图 ...), not a word-by-word translation.

use super::{Report, Statement, StatementCode};
use crate::rhythm::RhythmLabel;
use serde::{Deserialize, Serialize};
use std::fmt::Write;
use std::str::FromStr;

/// The language of the report text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

/// A language name [`Lang::from_str`](std::str::FromStr) does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {found:?}: expected en or zh")]
#[non_exhaustive]
pub struct ParseLangError {
    /// The text given.
    pub found: String,
}

impl FromStr for Lang {
    type Err = ParseLangError;
    /// `en`/`english`, `zh`/`cn`/`zh-cn`/`chinese`, in any case.
    ///
    /// ```
    /// use sinus::report::Lang;
    /// assert_eq!("ZH".parse::<Lang>(), Ok(Lang::Zh));
    /// let e = "fr".parse::<Lang>().unwrap_err();
    /// assert_eq!(e.found, "fr");
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "zh" | "cn" | "zh-cn" | "chinese" => Ok(Lang::Zh),
            _ => Err(ParseLangError {
                found: s.to_string(),
            }),
        }
    }
}

/// The sentence of one statement (without its evidence; see [`evidence`]).
pub fn sentence(s: &Statement, lang: Lang) -> String {
    use StatementCode as C;
    if let Some(text) = super::findings_text::sentence(s, lang) {
        return text;
    }
    let n = s.count.unwrap_or(0);
    let leads = s.leads.join(", ");
    match lang {
        Lang::En => match s.code {
            C::SinusRhythm => "Sinus rhythm.".into(),
            C::SinusBradycardia => "Sinus bradycardia.".into(),
            C::SinusTachycardia => "Sinus tachycardia.".into(),
            C::SinusArrhythmia => "Sinus arrhythmia.".into(),
            C::AtrialFibrillation => "Atrial fibrillation.".into(),
            C::AtrialFlutter => match s.count {
                Some(n) => format!("Atrial flutter with {n}:1 conduction."),
                None => "Atrial flutter with variable conduction.".into(),
            },
            C::IrregularRhythm => "Irregular rhythm, unclassified.".into(),
            C::RegularRhythmNoP => "Regular rhythm, P waves not identified.".into(),
            C::AtrialFibrillationEpisodes => format!(
                "Paroxysmal atrial fibrillation: {n} episode{}, longest {:.0} s.",
                if n == 1 { "" } else { "s" },
                s.value.unwrap_or(0.0)
            ),
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
            C::MainsInterference
            | C::MuscleNoise
            | C::BaselineWander
            | C::AtrialActivityNotAssessable
            | C::LimbLeadReversal
            | C::ChestLeadReversal
            | C::InterpretationUnreliable => super::technical_text::sentence(s, Lang::En),
            _ => super::rhythm_text::sentence(s, lang).unwrap_or_default(),
        },
        Lang::Zh => match s.code {
            C::SinusRhythm => "窦性心律。".into(),
            C::SinusBradycardia => "窦性心动过缓。".into(),
            C::SinusTachycardia => "窦性心动过速。".into(),
            C::SinusArrhythmia => "窦性心律不齐。".into(),
            C::AtrialFibrillation => "心房颤动。".into(),
            C::AtrialFlutter => match s.count {
                Some(n) => format!("心房扑动（{n}:1传导）。"),
                None => "心房扑动（不等比例传导）。".into(),
            },
            C::IrregularRhythm => "心律不齐，类型未定。".into(),
            C::RegularRhythmNoP => "节律规整，未见明确P波。".into(),
            C::AtrialFibrillationEpisodes => format!(
                "阵发性心房颤动（{n}阵，最长{:.0}秒）。",
                s.value.unwrap_or(0.0)
            ),
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
            C::MainsInterference
            | C::MuscleNoise
            | C::BaselineWander
            | C::AtrialActivityNotAssessable
            | C::LimbLeadReversal
            | C::ChestLeadReversal
            | C::InterpretationUnreliable => super::technical_text::sentence(s, Lang::Zh),
            _ => super::rhythm_text::sentence(s, lang).unwrap_or_default(),
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

/// The evidence of one statement as a line ("ST at J: II +0.25 mV, III +0.30 mV (limit
/// +0.10 mV); reciprocal ST at J: I −0.12 mV"), empty when it has none.
pub fn evidence(s: &Statement, lang: Lang) -> String {
    super::findings_text::evidence_line(&s.evidence, lang)
}

/// Technical notes and recommendations, left out of the one-line summary.
fn is_note(c: StatementCode) -> bool {
    use StatementCode as C;
    matches!(
        c,
        C::LeadsExcluded
            | C::LeadsMissing
            | C::NotAssessed
            | C::PatientUnknown
            | C::RecordPosteriorLeads
            | C::RecordRightLeads
            | C::MainsInterference
            | C::MuscleNoise
            | C::BaselineWander
    )
}

/// The one-line reading: the rhythm, every finding and the conclusion, without evidence or
/// technical notes, e.g. "Sinus rhythm. Normal ECG." / "窦性心律。正常心电图。".
pub fn summary(r: &Report, lang: Lang) -> String {
    joined(r, lang, |s| !is_note(s.code))
}

/// The full text: the record line, the rate line, then every statement in reading order.
pub fn render(r: &Report, lang: Lang) -> String {
    use StatementCode as C;
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
    if let Some(line) = measurement_line(r, lang) {
        let _ = writeln!(out, "{line}");
    }
    if let Some(line) = patient_line(&r.patient, lang) {
        let _ = writeln!(out, "{line}");
    }
    if let Some(line) = rhythm_over_time(r, lang) {
        let _ = writeln!(out, "{line}");
    }
    for s in &r.statements {
        let _ = writeln!(out, "{}", sentence(s, lang));
        let ev = evidence(s, lang);
        if !ev.is_empty() {
            let end = if lang == Lang::En { "." } else { "。" };
            let _ = writeln!(out, "  {ev}{end}");
        }
        if let (C::LimbLeadReversal | C::ChestLeadReversal, Some(x)) = (s.code, &r.interchange) {
            let _ = writeln!(out, "{}", super::technical_text::evidence(&x.check, lang));
        }
    }
    out
}

/// "Patient: female, 51 y." / "患者：女，51岁。", when anything is known.
fn patient_line(p: &crate::interpret::Patient, lang: Lang) -> Option<String> {
    use crate::interpret::Sex;
    if p.age_years.is_none() && p.sex.is_none() {
        return None;
    }
    Some(match lang {
        Lang::En => {
            let sex = p.sex.map(|s| match s {
                Sex::Male => "male".to_string(),
                Sex::Female => "female".to_string(),
            });
            let age = p.age_years.map(|a| format!("{a:.0} y"));
            let parts: Vec<String> = sex.into_iter().chain(age).collect();
            format!("Patient: {}.", parts.join(", "))
        }
        Lang::Zh => {
            let sex = p.sex.map(|s| match s {
                Sex::Male => "男".to_string(),
                Sex::Female => "女".to_string(),
            });
            let age = p.age_years.map(|a| format!("{a:.0}岁"));
            let parts: Vec<String> = sex.into_iter().chain(age).collect();
            format!("患者：{}。", parts.join("，"))
        }
    })
}

/// The measurement line: "PR 160 ms, QRS 92 ms, QT/QTc 380/410 ms, QRS axis +45°" /
/// "PR间期 160 ms，QRS时限 92 ms，QT/QTc 380/410 ms，QRS电轴 +45°". A value that was not
/// measured is left out (no PR in atrial fibrillation); None when nothing was.
pub fn measurement_line(r: &Report, lang: Lang) -> Option<String> {
    let g = &r.measurements.as_ref()?.global;
    let mut parts: Vec<String> = Vec::new();
    let (pr, qrs, qt, axis, sep, end) = match lang {
        Lang::En => ("PR", "QRS", "QT/QTc", "QRS axis", ", ", "."),
        Lang::Zh => ("PR间期", "QRS时限", "QT/QTc", "QRS电轴", "，", "。"),
    };
    if let Some(v) = g.pr_ms {
        parts.push(format!("{pr} {v:.0} ms"));
    }
    if let Some(v) = g.qrs_ms {
        parts.push(format!("{qrs} {v:.0} ms"));
    }
    match (g.qt_ms, g.qtc_ms) {
        (Some(q), Some(c)) => parts.push(format!("{qt} {q:.0}/{c:.0} ms")),
        (Some(q), None) => parts.push(format!("{} {q:.0} ms", &qt[..2])),
        _ => {}
    }
    if let Some(a) = g.qrs_axis_deg {
        parts.push(format!("{axis} {a:+.0}°"));
    }
    (!parts.is_empty()).then(|| format!("{}{end}", parts.join(sep)))
}

/// The name of a rhythm label inside a sentence ("sinus rhythm", "窦性心律").
pub fn rhythm_name(label: RhythmLabel, lang: Lang) -> &'static str {
    use RhythmLabel as L;
    match lang {
        Lang::En => match label {
            L::SinusRhythm => "sinus rhythm",
            L::SinusBradycardia => "sinus bradycardia",
            L::SinusTachycardia => "sinus tachycardia",
            L::SinusArrhythmia => "sinus arrhythmia",
            L::AtrialFibrillation => "atrial fibrillation",
            L::AtrialFlutter => "atrial flutter",
            L::IrregularUnclassified => "irregular rhythm",
            L::RegularUnclassified => "regular rhythm without P waves",
            L::EctopicAtrialRhythm => "ectopic atrial rhythm",
            L::JunctionalRhythm => "junctional rhythm",
            L::AcceleratedJunctionalRhythm => "accelerated junctional rhythm",
            L::SupraventricularTachycardia => "supraventricular tachycardia",
            L::VentricularTachycardia => "ventricular tachycardia",
            L::IdioventricularRhythm => "idioventricular rhythm",
            L::VentricularFlutterFibrillation => "ventricular flutter/fibrillation",
            L::AtrialPaced => "atrial paced rhythm",
            L::VentricularPaced => "ventricular paced rhythm",
            L::AvSequentialPaced => "AV sequential paced rhythm",
            _ => "undetermined",
        },
        Lang::Zh => match label {
            L::SinusRhythm => "窦性心律",
            L::SinusBradycardia => "窦性心动过缓",
            L::SinusTachycardia => "窦性心动过速",
            L::SinusArrhythmia => "窦性心律不齐",
            L::AtrialFibrillation => "心房颤动",
            L::AtrialFlutter => "心房扑动",
            L::IrregularUnclassified => "心律不齐",
            L::RegularUnclassified => "节律规整未见P波",
            L::EctopicAtrialRhythm => "房性心律",
            L::JunctionalRhythm => "交界性心律",
            L::AcceleratedJunctionalRhythm => "加速性交界性心律",
            L::SupraventricularTachycardia => "室上性心动过速",
            L::VentricularTachycardia => "室性心动过速",
            L::IdioventricularRhythm => "室性自主心律",
            L::VentricularFlutterFibrillation => "心室扑动/颤动",
            L::AtrialPaced => "心房起搏心律",
            L::VentricularPaced => "心室起搏心律",
            L::AvSequentialPaced => "房室顺序起搏心律",
            _ => "无法判定",
        },
    }
}

/// For a long recording, the share of time in each rhythm, longest first:
/// "Rhythm by window: sinus rhythm 75 %, atrial fibrillation 25 %."
fn rhythm_over_time(r: &Report, lang: Lang) -> Option<String> {
    let total: f64 = r.rhythm_episodes.iter().map(|e| e.duration_s()).sum();
    if r.rhythm_episodes.is_empty() || total <= 0.0 {
        return None;
    }
    let parts: Vec<String> = super::time_by_label(&r.rhythm_episodes)
        .iter()
        .map(|(l, t)| {
            let pct = 100.0 * t / total;
            match lang {
                Lang::En => format!("{} {pct:.0} %", rhythm_name(*l, lang)),
                Lang::Zh => format!("{}{pct:.0}%", rhythm_name(*l, lang)),
            }
        })
        .collect();
    Some(match lang {
        Lang::En => format!("Rhythm over time: {}.", parts.join(", ")),
        Lang::Zh => format!("节律分布：{}。", parts.join("，")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::{GlobalMeasurements, Measurements};
    use crate::report::Severity;

    fn report_with(g: GlobalMeasurements) -> Report {
        let fs = crate::record::SampleRate::new(500.0).unwrap();
        let rec = crate::record::Record::new(
            "m",
            vec![crate::lead::Lead::I],
            fs,
            ndarray::Array2::zeros((1, 10)),
        )
        .unwrap();
        let mut r = crate::analyze(&rec).unwrap();
        r.measurements = Some(Measurements {
            global: g,
            ..Measurements::default()
        });
        r
    }

    #[test]
    fn measurement_line_in_both_languages() {
        let r = report_with(GlobalMeasurements {
            pr_ms: Some(160.2),
            qrs_ms: Some(92.0),
            qt_ms: Some(380.0),
            qtc_ms: Some(410.4),
            qrs_axis_deg: Some(45.0),
            ..GlobalMeasurements::default()
        });
        assert_eq!(
            measurement_line(&r, Lang::En).unwrap(),
            "PR 160 ms, QRS 92 ms, QT/QTc 380/410 ms, QRS axis +45°."
        );
        assert_eq!(
            measurement_line(&r, Lang::Zh).unwrap(),
            "PR间期 160 ms，QRS时限 92 ms，QT/QTc 380/410 ms，QRS电轴 +45°。"
        );
        assert!(r.text(Lang::En).contains("QRS 92 ms"));
        // Atrial fibrillation: no PR; a negative axis keeps its sign.
        let r = report_with(GlobalMeasurements {
            qrs_ms: Some(100.0),
            qrs_axis_deg: Some(-30.4),
            ..GlobalMeasurements::default()
        });
        assert_eq!(
            measurement_line(&r, Lang::En).unwrap(),
            "QRS 100 ms, QRS axis -30°."
        );
        assert!(measurement_line(&report_with(GlobalMeasurements::default()), Lang::En).is_none());
    }

    #[test]
    fn flutter_names_its_conduction() {
        let mut s = Statement::new(StatementCode::AtrialFlutter, Severity::Abnormal);
        assert_eq!(
            sentence(&s, Lang::En),
            "Atrial flutter with variable conduction."
        );
        assert_eq!(sentence(&s, Lang::Zh), "心房扑动（不等比例传导）。");
        s.count = Some(2);
        assert_eq!(
            sentence(&s, Lang::En),
            "Atrial flutter with 2:1 conduction."
        );
        assert_eq!(sentence(&s, Lang::Zh), "心房扑动（2:1传导）。");
    }

    #[test]
    fn paroxysmal_af_and_rhythm_names() {
        let s = Statement {
            count: Some(2),
            value: Some(80.0),
            ..Statement::new(
                StatementCode::AtrialFibrillationEpisodes,
                Severity::Abnormal,
            )
        };
        assert_eq!(
            sentence(&s, Lang::En),
            "Paroxysmal atrial fibrillation: 2 episodes, longest 80 s."
        );
        assert_eq!(sentence(&s, Lang::Zh), "阵发性心房颤动（2阵，最长80秒）。");
        assert_eq!(
            rhythm_name(RhythmLabel::SinusBradycardia, Lang::Zh),
            "窦性心动过缓"
        );
        assert_eq!(
            rhythm_name(RhythmLabel::AtrialFlutter, Lang::En),
            "atrial flutter"
        );
    }
}
