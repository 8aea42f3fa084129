//! The words printed on the page, in English and Chinese (the terms of Chinese ECG printouts).

use crate::beats::BeatClass;
use crate::report::{Lang, Severity};

/// Every fixed word of the page in one language.
pub(crate) struct Words {
    pub rhythm_title: &'static str,
    pub median_title: &'static str,
    pub record: &'static str,
    pub acquired: &'static str,
    pub age: &'static str,
    pub sex: &'static str,
    pub male: &'static str,
    pub female: &'static str,
    pub years: &'static str,
    pub hr: &'static str,
    pub hr_range: &'static str,
    pub bpm: &'static str,
    pub pr: &'static str,
    pub qrs: &'static str,
    pub qt_qtc: &'static str,
    pub axes: &'static str,
    pub triage: &'static str,
    pub unconfirmed: &'static str,
    pub speed: &'static str,
    pub gain: &'static str,
    pub filter: &'static str,
    pub no_filter: &'static str,
    pub page: &'static str,
    pub leads: &'static str,
    pub not_shown: &'static str,
    pub right_sided: &'static str,
    pub posterior: &'static str,
    pub flat: &'static str,
    pub clipped: &'static str,
    pub no_signal: &'static str,
    pub not_recorded: &'static str,
    pub poor: &'static str,
    pub truncated: &'static str,
    pub statements: &'static str,
    pub measurements: &'static str,
    pub quality: &'static str,
    pub full_text: &'static str,
    pub lead: &'static str,
    pub grade: &'static str,
    pub issues: &'static str,
    /// ": " or the full-width "：".
    pub colon: &'static str,
}

pub(crate) const EN: Words = Words {
    rhythm_title: "Rhythm",
    median_title: "Representative beats",
    record: "Record",
    acquired: "Acquired",
    age: "Age",
    sex: "Sex",
    male: "male",
    female: "female",
    years: " y",
    hr: "HR",
    hr_range: "HR range",
    bpm: "bpm",
    pr: "PR",
    qrs: "QRS",
    qt_qtc: "QT/QTc",
    axes: "P/QRS/T axes",
    triage: "Triage",
    unconfirmed: "Unconfirmed machine reading",
    speed: "Speed",
    gain: "Gain",
    filter: "Filter",
    no_filter: "none (raw signal)",
    page: "Page",
    leads: "Leads",
    not_shown: "Not shown",
    right_sided: "Right-sided",
    posterior: "Posterior",
    flat: "flat / lead off",
    clipped: "clipped",
    no_signal: "no signal",
    not_recorded: "not recorded",
    poor: "poor signal",
    truncated: "rhythm pages stop here",
    statements: "Statements",
    measurements: "Measurements",
    quality: "Signal quality",
    full_text: "Report text",
    lead: "Lead",
    grade: "Grade",
    issues: "Issues",
    colon: ": ",
};

pub(crate) const ZH: Words = Words {
    rhythm_title: "节律",
    median_title: "代表性心搏",
    record: "记录",
    acquired: "采集时间",
    age: "年龄",
    sex: "性别",
    male: "男",
    female: "女",
    years: "岁",
    hr: "心率",
    hr_range: "心率范围",
    bpm: "次/分",
    pr: "PR间期",
    qrs: "QRS时限",
    qt_qtc: "QT/QTc",
    axes: "P/QRS/T电轴",
    triage: "分级",
    unconfirmed: "未经医师确认的机器分析结果",
    speed: "走纸速度",
    gain: "增益",
    filter: "滤波",
    no_filter: "无（原始信号）",
    page: "页",
    leads: "导联",
    not_shown: "未显示",
    right_sided: "右胸导联",
    posterior: "后壁导联",
    flat: "直线/导联脱落",
    clipped: "信号饱和",
    no_signal: "无信号",
    not_recorded: "未记录",
    poor: "信号差",
    truncated: "节律页至此为止",
    statements: "诊断提示",
    measurements: "测量值",
    quality: "信号质量",
    full_text: "报告全文",
    lead: "导联",
    grade: "等级",
    issues: "问题",
    colon: "：",
};

/// The words of `lang`.
pub(crate) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// The name of a triage level.
pub(crate) fn severity(s: Severity, lang: Lang) -> &'static str {
    match (lang, s) {
        (Lang::En, Severity::Normal) => "normal",
        (Lang::En, Severity::Borderline) => "borderline",
        (Lang::En, Severity::Abnormal) => "abnormal",
        (Lang::En, Severity::Technical) => "technical: re-record",
        (Lang::En, Severity::Critical) => "critical",
        (Lang::Zh, Severity::Normal) => "正常",
        (Lang::Zh, Severity::Borderline) => "临界",
        (Lang::Zh, Severity::Abnormal) => "异常",
        (Lang::Zh, Severity::Technical) => "技术问题，需重新描记",
        (Lang::Zh, Severity::Critical) => "危急",
    }
}

/// The colour a severity is printed in.
pub(crate) fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Normal => "#1a7f37",
        Severity::Borderline => "#9a6700",
        Severity::Abnormal => "#c2410c",
        Severity::Technical => "#6d28d9",
        Severity::Critical => "#b91c1c",
    }
}

/// The one-letter mark of a beat class under the rhythm strip (MIT/AAMI letters).
pub(crate) fn beat_letter(c: BeatClass) -> (&'static str, &'static str) {
    match c {
        BeatClass::Dominant => ("N", "#555"),
        BeatClass::SupraventricularPremature => ("S", "#1d4ed8"),
        BeatClass::VentricularPremature => ("V", "#b91c1c"),
        BeatClass::Unclassified => ("?", "#555"),
        BeatClass::Paced => ("P", "#7c3aed"),
    }
}
