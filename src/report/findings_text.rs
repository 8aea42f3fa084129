//! The sentences of the measurement-based statements and their evidence, in English and in the
//! terms of a Chinese ECG report (电轴左偏, 一度房室传导阻滞, 完全性右束支传导阻滞, 左前分支传导
//! 阻滞, 左心室肥厚, 肢体导联低电压, 异常Q波, 急性下壁ST段抬高型心肌梗死, ST段压低, T波倒置,
//! QT间期延长, 早期复极 ...).

use super::evidence::{Evidence, Quantity, Role, Territory, Topic};
use super::{Statement, StatementCode as C};
use crate::report::Lang;

/// The sentence of a measurement-based statement, or `None` for the rhythm statements (which
/// [`super::text::sentence`] writes).
pub(super) fn sentence(s: &Statement, lang: Lang) -> Option<String> {
    let leads = lead_list(&s.leads, lang);
    let t_en = s.territory.map(Territory::name_en);
    let t_zh = s.territory.map(Territory::name_zh);
    Some(match lang {
        Lang::En => match s.code {
            C::WideQrsTachycardia => {
                "Wide-QRS tachycardia: ventricular tachycardia possible.".into()
            }
            C::LeftAxisDeviation => "Left axis deviation.".into(),
            C::RightAxisDeviation => "Right axis deviation.".into(),
            C::IndeterminateAxis => "Indeterminate axis.".into(),
            C::FirstDegreeAvBlock => "First-degree AV block.".into(),
            C::ShortPr => "Short PR interval.".into(),
            C::Preexcitation => "Ventricular pre-excitation (WPW pattern).".into(),
            C::CompleteRbbb => "Complete right bundle branch block.".into(),
            C::IncompleteRbbb => "Incomplete right bundle branch block.".into(),
            C::CompleteLbbb => "Complete left bundle branch block.".into(),
            C::IncompleteLbbb => "Incomplete left bundle branch block.".into(),
            C::LeftAnteriorFascicularBlock => "Left anterior fascicular block.".into(),
            C::LeftPosteriorFascicularBlock => "Left posterior fascicular block.".into(),
            C::NonspecificIvcd => "Non-specific intraventricular conduction delay.".into(),
            C::LeftAtrialAbnormality => "Left atrial abnormality.".into(),
            C::RightAtrialAbnormality => "Right atrial abnormality.".into(),
            C::LeftVentricularHypertrophy if has_strain(s) => {
                "Left ventricular hypertrophy with repolarization abnormality (strain).".into()
            }
            C::LeftVentricularHypertrophy => "Left ventricular hypertrophy.".into(),
            C::LeftVentricularHighVoltage => "Left ventricular high voltage.".into(),
            C::RightVentricularHypertrophy => "Right ventricular hypertrophy.".into(),
            C::LowVoltageLimb => "Low QRS voltage in the limb leads.".into(),
            C::LowVoltagePrecordial => "Low QRS voltage in the precordial leads.".into(),
            C::AcuteStemi => match (s.confounder, s.territory) {
                (Some(c), _) => format!(
                    "Acute {}myocardial infarction in the presence of {} (Sgarbossa criteria).",
                    t_en.map(|t| format!("{t} ")).unwrap_or_default(),
                    c.name_en()
                ),
                (None, Some(Territory::Posterior)) => {
                    "Acute posterior myocardial infarction.".into()
                }
                (None, Some(Territory::RightVentricular)) => {
                    "Acute right ventricular myocardial infarction.".into()
                }
                (None, _) => format!(
                    "Acute {}ST-elevation myocardial infarction.",
                    t_en.map(|t| format!("{t} ")).unwrap_or_default()
                ),
            },
            C::StElevationConfounded => format!(
                "ST elevation in {leads} consistent with {}; acute infarction not excluded: compare with a previous ECG.",
                s.confounder.map_or("a confounder", |c| c.name_en())
            ),
            C::PosteriorMiSuspected => {
                format!("ST depression in {leads}: acute posterior infarction possible.")
            }
            C::RecordPosteriorLeads => "Record the posterior leads V7–V9.".into(),
            C::RecordRightLeads => "Record the right-sided leads V3R–V5R.".into(),
            C::PathologicalQWaves => format!(
                "Pathological Q waves in {leads}: old {} infarction possible.",
                t_en.unwrap_or("myocardial")
            ),
            C::StDepression => format!("ST depression in {leads}."),
            C::TWaveInversion => format!("T-wave inversion in {leads}."),
            C::FlatTWave => format!("Flat T waves in {leads}."),
            C::EarlyRepolarization => format!("Early repolarization pattern in {leads}."),
            C::LongQtc => format!("Long QTc ({:.0} ms).", s.value.unwrap_or(0.0)),
            C::ShortQt => format!("Short QT interval (QTc {:.0} ms).", s.value.unwrap_or(0.0)),
            C::LeadsMissing => format!("Leads missing from the record: {leads}."),
            C::NotAssessed => not_assessed(&s.topics, lang),
            C::PatientUnknown => format!(
                "{} not given: the most sensitive sex- and age-specific limits were applied.",
                match s.count {
                    Some(1) => "Sex",
                    Some(2) => "Age",
                    _ => "Sex and age",
                }
            ),
            C::NoAbnormalityReadableLeads => "No abnormality in the readable leads.".into(),
            C::NoAbnormalityAssessed => {
                "No abnormality found in what was assessed; not a complete reading.".into()
            }
            _ => return None,
        },
        Lang::Zh => match s.code {
            C::WideQrsTachycardia => "宽QRS波心动过速（室性心动过速可能）。".into(),
            C::LeftAxisDeviation => "电轴左偏。".into(),
            C::RightAxisDeviation => "电轴右偏。".into(),
            C::IndeterminateAxis => "不确定电轴。".into(),
            C::FirstDegreeAvBlock => "一度房室传导阻滞。".into(),
            C::ShortPr => "PR间期缩短。".into(),
            C::Preexcitation => "心室预激（预激综合征图形）。".into(),
            C::CompleteRbbb => "完全性右束支传导阻滞。".into(),
            C::IncompleteRbbb => "不完全性右束支传导阻滞。".into(),
            C::CompleteLbbb => "完全性左束支传导阻滞。".into(),
            C::IncompleteLbbb => "不完全性左束支传导阻滞。".into(),
            C::LeftAnteriorFascicularBlock => "左前分支传导阻滞。".into(),
            C::LeftPosteriorFascicularBlock => "左后分支传导阻滞。".into(),
            C::NonspecificIvcd => "非特异性室内传导阻滞。".into(),
            C::LeftAtrialAbnormality => "左心房异常。".into(),
            C::RightAtrialAbnormality => "右心房异常。".into(),
            C::LeftVentricularHypertrophy if has_strain(s) => {
                "左心室肥厚伴劳损（ST-T改变）。".into()
            }
            C::LeftVentricularHypertrophy => "左心室肥厚。".into(),
            C::LeftVentricularHighVoltage => "左心室高电压。".into(),
            C::RightVentricularHypertrophy => "右心室肥厚。".into(),
            C::LowVoltageLimb => "肢体导联低电压。".into(),
            C::LowVoltagePrecordial => "胸导联低电压。".into(),
            C::AcuteStemi => match (s.confounder, s.territory) {
                (Some(c), _) => format!(
                    "{}合并急性{}心肌梗死（Sgarbossa标准阳性）。",
                    c.name_zh(),
                    t_zh.unwrap_or("")
                ),
                (None, Some(Territory::Posterior)) => "急性后壁心肌梗死。".into(),
                (None, Some(Territory::RightVentricular)) => "急性右心室心肌梗死。".into(),
                (None, _) => format!("急性{}ST段抬高型心肌梗死。", t_zh.unwrap_or("")),
            },
            C::StElevationConfounded => format!(
                "{leads}导联ST段抬高，考虑与{}有关，不除外急性心肌梗死，请结合临床并与既往心电图比较。",
                s.confounder.map_or("其他因素", |c| c.name_zh())
            ),
            C::PosteriorMiSuspected => {
                format!("{leads}导联ST段压低，不除外急性后壁心肌梗死。")
            }
            C::RecordPosteriorLeads => "建议加做后壁导联（V7–V9）。".into(),
            C::RecordRightLeads => "建议加做右胸导联（V3R–V5R）。".into(),
            C::PathologicalQWaves => format!(
                "{leads}导联异常Q波，陈旧性{}心肌梗死可能。",
                t_zh.unwrap_or("")
            ),
            C::StDepression => format!("{leads}导联ST段压低。"),
            C::TWaveInversion => format!("{leads}导联T波倒置。"),
            C::FlatTWave => format!("{leads}导联T波低平。"),
            C::EarlyRepolarization => format!("早期复极（{leads}导联）。"),
            C::LongQtc => format!("QT间期延长（QTc {:.0} ms）。", s.value.unwrap_or(0.0)),
            C::ShortQt => format!("QT间期缩短（QTc {:.0} ms）。", s.value.unwrap_or(0.0)),
            C::LeadsMissing => format!("未描记导联：{leads}。"),
            C::NotAssessed => not_assessed(&s.topics, lang),
            C::PatientUnknown => format!(
                "未提供{}，按最敏感的性别/年龄界值判读。",
                match s.count {
                    Some(1) => "性别",
                    Some(2) => "年龄",
                    _ => "性别和年龄",
                }
            ),
            C::NoAbnormalityReadableLeads => "可分析导联未见异常。".into(),
            C::NoAbnormalityAssessed => "已分析项目未见异常（分析不完整）。".into(),
            _ => return None,
        },
    })
}

fn has_strain(s: &Statement) -> bool {
    s.evidence.iter().any(|e| {
        e.role == Role::Support && matches!(e.quantity, Quantity::StJMv | Quantity::TNegMv)
    })
}

fn lead_list(leads: &[String], lang: Lang) -> String {
    leads.join(if lang == Lang::En { ", " } else { "、" })
}

fn not_assessed(topics: &[Topic], lang: Lang) -> String {
    let all = Topic::ALL.iter().all(|t| topics.contains(t));
    match lang {
        Lang::En => {
            let list: Vec<&str> = topics.iter().map(|t| t.name_en()).collect();
            if all {
                "Not assessed (no measurements): axis, conduction, chambers, infarction, ST-T, QT."
                    .to_string()
            } else {
                format!("Not assessed: {}.", list.join(", "))
            }
        }
        Lang::Zh => {
            let list: Vec<&str> = topics.iter().map(|t| t.name_zh()).collect();
            if all {
                "未进行测量分析：电轴、传导、房室肥大、心肌梗死、ST-T及QT未评估。".to_string()
            } else {
                format!("以下项目未评估：{}。", list.join("、"))
            }
        }
    }
}

/// The label of a quantity inside an evidence line.
fn label(q: Quantity, lang: Lang) -> &'static str {
    use Quantity as Q;
    match lang {
        Lang::En => match q {
            Q::HeartRateBpm => "rate",
            Q::QrsAxisDeg => "QRS axis",
            Q::PMs => "P duration",
            Q::PrMs => "PR",
            Q::QrsMs => "QRS",
            Q::QtMs => "QT",
            Q::QtcMs => "QTc",
            Q::QtcAdjustedMs => "QTc less half the QRS",
            Q::StJMv => "ST at J",
            Q::St60Mv => "ST at J+60 ms",
            Q::StSlopeMvPerS => "ST slope",
            Q::QMv => "Q depth",
            Q::QMs => "Q duration",
            Q::QsComplex => "QS",
            Q::RMv => "R",
            Q::RMs => "R duration",
            Q::SMv => "S",
            Q::SMs => "S duration",
            Q::RPrimeMv => "R′",
            Q::RPeakTimeMs => "R-peak time",
            Q::RToSRatio => "R/S",
            Q::QrsPeakToPeakMv => "largest QRS amplitude",
            Q::TNegMv => "negative T",
            Q::TPosMv => "T",
            Q::TToRRatio => "T/R",
            Q::PPosMv => "P",
            Q::PTerminalForceMvMs => "P terminal force",
            Q::DeltaWave => "delta wave",
            Q::NotchedR => "notched R",
            Q::JPeakMv => "J-peak",
            Q::SokolowLyonMv => "Sokolow-Lyon SV1+RV5/6",
            Q::CornellMv => "Cornell RaVL+SV3",
            Q::CornellProductMvMs => "Cornell product",
            Q::Rv5PlusSv1Mv => "RV5+SV1",
            Q::Rv1PlusSv5Mv => "RV1+SV5/6",
            Q::SgarbossaScore => "Sgarbossa score",
            Q::StToSRatio => "ST/S",
            Q::LeadCount => "leads",
            Q::AgeYears => "age",
        },
        Lang::Zh => match q {
            Q::HeartRateBpm => "心率",
            Q::QrsAxisDeg => "QRS电轴",
            Q::PMs => "P波时限",
            Q::PrMs => "PR间期",
            Q::QrsMs => "QRS时限",
            Q::QtMs => "QT间期",
            Q::QtcMs => "QTc",
            Q::QtcAdjustedMs => "减半QRS后QTc",
            Q::StJMv => "J点ST段",
            Q::St60Mv => "J+60 ms处ST段",
            Q::StSlopeMvPerS => "ST段斜率",
            Q::QMv => "Q波深度",
            Q::QMs => "Q波时限",
            Q::QsComplex => "QS型",
            Q::RMv => "R波",
            Q::RMs => "R波时限",
            Q::SMv => "S波",
            Q::SMs => "S波时限",
            Q::RPrimeMv => "R′波",
            Q::RPeakTimeMs => "室壁激动时间",
            Q::RToSRatio => "R/S",
            Q::QrsPeakToPeakMv => "最大QRS振幅",
            Q::TNegMv => "T波倒置",
            Q::TPosMv => "T波",
            Q::TToRRatio => "T/R",
            Q::PPosMv => "P波振幅",
            Q::PTerminalForceMvMs => "Ptf",
            Q::DeltaWave => "δ波",
            Q::NotchedR => "R波切迹",
            Q::JPeakMv => "J波",
            Q::SokolowLyonMv => "SV1+RV5/6",
            Q::CornellMv => "RaVL+SV3",
            Q::CornellProductMvMs => "Cornell乘积",
            Q::Rv5PlusSv1Mv => "RV5+SV1",
            Q::Rv1PlusSv5Mv => "RV1+SV5/6",
            Q::SgarbossaScore => "Sgarbossa评分",
            Q::StToSRatio => "ST/S",
            Q::LeadCount => "导联数",
            Q::AgeYears => "年龄",
        },
    }
}

/// A value with its unit: signed for ST levels and axes, 2 decimals for mV, whole ms.
fn value(q: Quantity, v: f64) -> String {
    use Quantity as Q;
    let unit = q.unit();
    let sp = if unit.is_empty() || unit == "°" {
        ""
    } else {
        " "
    };
    let n = match q {
        Q::StJMv | Q::St60Mv | Q::JPeakMv => format!("{v:+.2}"),
        Q::QrsAxisDeg => format!("{v:+.0}"),
        Q::StSlopeMvPerS | Q::PTerminalForceMvMs => format!("{v:+.1}"),
        Q::RToSRatio | Q::TToRRatio | Q::StToSRatio => format!("{v:.2}"),
        _ if unit == "mV" => format!("{v:.2}"),
        _ => format!("{v:.0}"),
    };
    format!("{}{sp}{unit}", n.replace('-', "−"))
}

/// The evidence of a statement as one line: "ST at J: II +0.25 mV, III +0.30 mV (limit
/// +0.10 mV); reciprocal ST at J: I −0.12 mV", grouped by quantity and role in order of
/// appearance. Empty when there is none.
pub(super) fn evidence_line(ev: &[Evidence], lang: Lang) -> String {
    let mut groups: Vec<(Quantity, Role, Vec<&Evidence>)> = Vec::new();
    for e in ev {
        match groups
            .iter_mut()
            .find(|(q, r, _)| *q == e.quantity && *r == e.role)
        {
            Some(g) => g.2.push(e),
            None => groups.push((e.quantity, e.role, vec![e])),
        }
    }
    let (item_sep, group_sep) = match lang {
        Lang::En => (", ", "; "),
        Lang::Zh => ("，", "；"),
    };
    let parts: Vec<String> = groups
        .iter()
        .map(|(q, role, items)| {
            let prefix = match (role, lang) {
                (Role::Reciprocal, Lang::En) => "reciprocal ",
                (Role::Reciprocal, Lang::Zh) => "对应导联",
                (Role::Support, Lang::En) => "supporting ",
                (Role::Support, Lang::Zh) => "支持：",
                _ => "",
            };
            let list: Vec<String> = items
                .iter()
                .map(|e| match (&e.lead, q.is_flag()) {
                    (Some(l), true) => l.clone(),
                    (Some(l), false) => format!("{l} {}", value(*q, e.value)),
                    (None, _) => value(*q, e.value),
                })
                .collect();
            let limit = items.first().and_then(|e| e.limit).filter(|l| {
                items
                    .iter()
                    .all(|e| e.limit.is_some_and(|x| (x - l).abs() < 1e-12))
            });
            let limit = limit.map_or(String::new(), |l| match lang {
                Lang::En => format!(" (limit {})", value(*q, l)),
                Lang::Zh => format!("（界值 {}）", value(*q, l)),
            });
            let colon = if lang == Lang::En { ": " } else { "：" };
            format!(
                "{prefix}{}{colon}{}{limit}",
                label(*q, lang),
                list.join(item_sep)
            )
        })
        .collect();
    parts.join(group_sep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Confounder, Severity};

    #[test]
    fn stemi_sentences_and_evidence_in_both_languages() {
        let s = Statement {
            territory: Some(Territory::Inferior),
            leads: vec!["II".into(), "III".into(), "aVF".into()],
            ..Statement::new(C::AcuteStemi, Severity::Critical).with_evidence(vec![
                Evidence::lead(Quantity::StJMv, "II", 0.25, Some(0.1)),
                Evidence::lead(Quantity::StJMv, "III", 0.3, Some(0.1)),
                Evidence::lead(Quantity::StJMv, "aVF", 0.22, Some(0.1)),
                Evidence::lead(Quantity::StJMv, "I", -0.12, Some(-0.05))
                    .with_role(Role::Reciprocal),
                Evidence::lead(Quantity::StJMv, "aVL", -0.18, Some(-0.05))
                    .with_role(Role::Reciprocal),
            ])
        };
        assert_eq!(
            sentence(&s, Lang::En).unwrap(),
            "Acute inferior ST-elevation myocardial infarction."
        );
        assert_eq!(
            sentence(&s, Lang::Zh).unwrap(),
            "急性下壁ST段抬高型心肌梗死。"
        );
        assert_eq!(
            evidence_line(&s.evidence, Lang::En),
            "ST at J: II +0.25 mV, III +0.30 mV, aVF +0.22 mV (limit +0.10 mV); reciprocal ST at J: I −0.12 mV, aVL −0.18 mV (limit −0.05 mV)"
        );
        assert_eq!(
            evidence_line(&s.evidence, Lang::Zh),
            "J点ST段：II +0.25 mV，III +0.30 mV，aVF +0.22 mV（界值 +0.10 mV）；对应导联J点ST段：I −0.12 mV，aVL −0.18 mV（界值 −0.05 mV）"
        );
        let post = Statement {
            territory: Some(Territory::Posterior),
            ..Statement::new(C::AcuteStemi, Severity::Critical)
        };
        assert_eq!(sentence(&post, Lang::Zh).unwrap(), "急性后壁心肌梗死。");
        let rv = Statement {
            territory: Some(Territory::RightVentricular),
            ..Statement::new(C::AcuteStemi, Severity::Critical)
        };
        assert_eq!(sentence(&rv, Lang::Zh).unwrap(), "急性右心室心肌梗死。");
        let lbbb = Statement {
            confounder: Some(Confounder::Lbbb),
            ..Statement::new(C::AcuteStemi, Severity::Critical)
        };
        assert!(sentence(&lbbb, Lang::Zh).unwrap().contains("Sgarbossa"));
    }

    #[test]
    fn not_assessed_and_conclusions() {
        let s = Statement {
            topics: Topic::ALL.to_vec(),
            ..Statement::new(C::NotAssessed, Severity::Normal)
        };
        assert!(
            sentence(&s, Lang::En)
                .unwrap()
                .starts_with("Not assessed (no measurements): axis, ")
        );
        assert!(
            sentence(&s, Lang::Zh)
                .unwrap()
                .starts_with("未进行测量分析")
        );
        let s = Statement {
            topics: vec![Topic::Qt],
            ..Statement::new(C::NotAssessed, Severity::Normal)
        };
        assert_eq!(sentence(&s, Lang::En).unwrap(), "Not assessed: QT.");
        assert_eq!(sentence(&s, Lang::Zh).unwrap(), "以下项目未评估：QT间期。");
        assert_eq!(
            sentence(&Statement::new(C::SinusRhythm, Severity::Normal), Lang::En),
            None
        );
    }
}
