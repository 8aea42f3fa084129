//! The evidence behind a statement: which leads, which values, against which limit; and the
//! small vocabularies statements carry (infarct territory, ST-elevation confounder, what could
//! not be assessed).

use serde::{Deserialize, Serialize};

/// What a piece of evidence measures. The unit is fixed by the quantity (see
/// [`Quantity::unit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Quantity {
    /// Heart (ventricular) rate, bpm.
    HeartRateBpm,
    /// Frontal QRS axis, degrees.
    QrsAxisDeg,
    /// P-wave duration, ms.
    PMs,
    /// PR interval, ms.
    PrMs,
    /// QRS duration, ms.
    QrsMs,
    /// QT interval, ms.
    QtMs,
    /// QTc by the configured formula, ms.
    QtcMs,
    /// QTc judged after removing half the QRS width (wide QRS), ms.
    QtcAdjustedMs,
    /// ST level at the J point, mV (elevation > 0).
    StJMv,
    /// ST level at J + 60 ms, mV.
    St60Mv,
    /// ST slope from J to J + 80 ms, mV/s.
    StSlopeMvPerS,
    /// Q-wave amplitude, mV (≤ 0).
    QMv,
    /// Q-wave duration, ms.
    QMs,
    /// A QS complex (value 1).
    QsComplex,
    /// R-wave amplitude, mV.
    RMv,
    /// R-wave duration, ms.
    RMs,
    /// S-wave amplitude, mV (≤ 0).
    SMv,
    /// S-wave duration, ms.
    SMs,
    /// R′ amplitude, mV.
    RPrimeMv,
    /// R-peak time (intrinsicoid deflection), ms.
    RPeakTimeMs,
    /// R/S amplitude ratio.
    RToSRatio,
    /// QRS peak-to-peak amplitude, mV.
    QrsPeakToPeakMv,
    /// Negative T amplitude, mV (≤ 0).
    TNegMv,
    /// Positive T amplitude, mV.
    TPosMv,
    /// T amplitude as a fraction of R.
    TToRRatio,
    /// Positive P amplitude, mV.
    PPosMv,
    /// P terminal force (negative P amplitude × duration), mV·ms (≤ 0).
    PTerminalForceMvMs,
    /// A delta wave (value 1).
    DeltaWave,
    /// A notched or slurred R wave (value 1).
    NotchedR,
    /// J-peak amplitude of an end-QRS notch or slur, mV.
    JPeakMv,
    /// Sokolow-Lyon voltage SV1 + max(RV5, RV6), mV.
    SokolowLyonMv,
    /// Cornell voltage RaVL + SV3, mV.
    CornellMv,
    /// Cornell product (Cornell voltage × QRS), mV·ms.
    CornellProductMvMs,
    /// RV5 + SV1 (诊断学 criterion), mV.
    Rv5PlusSv1Mv,
    /// RV1 + SV5 (right-ventricular Sokolow-Lyon), mV.
    Rv1PlusSv5Mv,
    /// Sgarbossa score (points).
    SgarbossaScore,
    /// ST elevation as a fraction of the preceding S depth (Smith / Armstrong ratio).
    StToSRatio,
    /// Number of leads.
    LeadCount,
    /// Patient age, years.
    AgeYears,
}

impl Quantity {
    /// The unit the value is in ("mV", "ms", "°", "bpm", "mV·ms", "mV/s", or "" for counts,
    /// ratios and flags).
    pub fn unit(self) -> &'static str {
        use Quantity as Q;
        match self {
            Q::HeartRateBpm => "bpm",
            Q::QrsAxisDeg => "°",
            Q::PMs
            | Q::PrMs
            | Q::QrsMs
            | Q::QtMs
            | Q::QtcMs
            | Q::QtcAdjustedMs
            | Q::QMs
            | Q::RMs
            | Q::SMs
            | Q::RPeakTimeMs => "ms",
            Q::StJMv
            | Q::St60Mv
            | Q::QMv
            | Q::RMv
            | Q::SMv
            | Q::RPrimeMv
            | Q::QrsPeakToPeakMv
            | Q::TNegMv
            | Q::TPosMv
            | Q::PPosMv
            | Q::JPeakMv
            | Q::SokolowLyonMv
            | Q::CornellMv
            | Q::Rv5PlusSv1Mv
            | Q::Rv1PlusSv5Mv => "mV",
            Q::PTerminalForceMvMs | Q::CornellProductMvMs => "mV·ms",
            Q::StSlopeMvPerS => "mV/s",
            Q::AgeYears => "y",
            Q::QsComplex
            | Q::RToSRatio
            | Q::TToRRatio
            | Q::DeltaWave
            | Q::NotchedR
            | Q::SgarbossaScore
            | Q::StToSRatio
            | Q::LeadCount => "",
        }
    }

    /// True for yes/no findings whose value is 1 (a QS complex, a delta wave, a notched R).
    pub fn is_flag(self) -> bool {
        matches!(
            self,
            Quantity::QsComplex | Quantity::DeltaWave | Quantity::NotchedR
        )
    }
}

/// The part a piece of evidence plays in its statement.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// A value that met the criterion (the default).
    #[default]
    Finding,
    /// Reciprocal ST depression accompanying ST elevation.
    Reciprocal,
    /// A value that supports the statement without being its criterion (e.g. the strain
    /// pattern of left ventricular hypertrophy).
    Support,
}

/// One measured value behind a statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Evidence {
    /// What was measured.
    pub quantity: Quantity,
    /// The lead it was measured in (none for global values).
    #[serde(default)]
    pub lead: Option<String>,
    /// The value, in [`Quantity::unit`].
    pub value: f64,
    /// The limit it was compared with, in the same unit, where one applies.
    #[serde(default)]
    pub limit: Option<f64>,
    /// Its part in the statement.
    #[serde(default)]
    pub role: Role,
}

impl Evidence {
    /// A global value (no lead).
    pub fn global(quantity: Quantity, value: f64, limit: Option<f64>) -> Evidence {
        Evidence {
            quantity,
            lead: None,
            value,
            limit,
            role: Role::Finding,
        }
    }

    /// A value measured in one lead.
    pub fn lead(quantity: Quantity, lead: &str, value: f64, limit: Option<f64>) -> Evidence {
        Evidence {
            quantity,
            lead: Some(lead.to_string()),
            value,
            limit,
            role: Role::Finding,
        }
    }

    /// The same evidence with another role.
    pub fn with_role(mut self, role: Role) -> Evidence {
        self.role = role;
        self
    }
}

/// A myocardial territory, named by the leads facing it (诊断学 localisation: 前间壁 V1–V3,
/// 前壁 V3–V5, 广泛前壁 V1–V6, 侧壁 I, aVL, V5, V6, 高侧壁 I, aVL, 下壁 II, III, aVF, 后壁
/// V7–V9, 右心室 V3R–V5R).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Territory {
    /// Anteroseptal (V1–V3).
    Anteroseptal,
    /// Anterior (V3–V4, V5).
    Anterior,
    /// Anterolateral (V4–V6).
    Anterolateral,
    /// Extensive anterior (V1/V2 through V5/V6).
    ExtensiveAnterior,
    /// Lateral (V5–V6, with or without I, aVL).
    Lateral,
    /// High lateral (I, aVL).
    HighLateral,
    /// Inferior (II, III, aVF).
    Inferior,
    /// Posterior (V7–V9).
    Posterior,
    /// Right ventricular (V3R–V5R).
    RightVentricular,
}

impl Territory {
    /// Every territory, in report order.
    pub const ALL: [Territory; 9] = [
        Territory::Anteroseptal,
        Territory::Anterior,
        Territory::Anterolateral,
        Territory::ExtensiveAnterior,
        Territory::Lateral,
        Territory::HighLateral,
        Territory::Inferior,
        Territory::Posterior,
        Territory::RightVentricular,
    ];

    /// English adjective ("inferior").
    pub fn name_en(self) -> &'static str {
        match self {
            Territory::Anteroseptal => "anteroseptal",
            Territory::Anterior => "anterior",
            Territory::Anterolateral => "anterolateral",
            Territory::ExtensiveAnterior => "extensive anterior",
            Territory::Lateral => "lateral",
            Territory::HighLateral => "high lateral",
            Territory::Inferior => "inferior",
            Territory::Posterior => "posterior",
            Territory::RightVentricular => "right ventricular",
        }
    }

    /// Chinese name ("下壁").
    pub fn name_zh(self) -> &'static str {
        match self {
            Territory::Anteroseptal => "前间壁",
            Territory::Anterior => "前壁",
            Territory::Anterolateral => "前侧壁",
            Territory::ExtensiveAnterior => "广泛前壁",
            Territory::Lateral => "侧壁",
            Territory::HighLateral => "高侧壁",
            Territory::Inferior => "下壁",
            Territory::Posterior => "后壁",
            Territory::RightVentricular => "右心室",
        }
    }
}

/// A condition that mimics or masks ST elevation, named on the statement it qualifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Confounder {
    /// Complete left bundle branch block (read with the Sgarbossa criteria).
    Lbbb,
    /// Ventricular paced rhythm (read with the Sgarbossa criteria).
    Paced,
    /// Ventricular pre-excitation.
    Preexcitation,
    /// Non-specific intraventricular conduction delay with a QRS of 120 ms or more.
    Ivcd,
    /// Atrial flutter (flutter waves ride on the ST segment).
    AtrialFlutter,
    /// Left ventricular hypertrophy (ST elevation discordant to deep S waves in V1–V3).
    Lvh,
    /// Early repolarization.
    EarlyRepolarization,
}

impl Confounder {
    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Confounder::Lbbb => "left bundle branch block",
            Confounder::Paced => "ventricular pacing",
            Confounder::Preexcitation => "ventricular pre-excitation",
            Confounder::Ivcd => "intraventricular conduction delay",
            Confounder::AtrialFlutter => "atrial flutter waves",
            Confounder::Lvh => "left ventricular hypertrophy",
            Confounder::EarlyRepolarization => "early repolarization",
        }
    }
    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Confounder::Lbbb => "完全性左束支传导阻滞",
            Confounder::Paced => "心室起搏",
            Confounder::Preexcitation => "心室预激",
            Confounder::Ivcd => "室内传导阻滞",
            Confounder::AtrialFlutter => "心房扑动波",
            Confounder::Lvh => "左心室肥厚",
            Confounder::EarlyRepolarization => "早期复极",
        }
    }
}

/// A part of the reading that needs measurements.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Topic {
    /// The frontal QRS axis.
    Axis,
    /// Atrioventricular conduction (PR).
    AvConduction,
    /// Intraventricular conduction (QRS width and morphology).
    IntraventricularConduction,
    /// Ventricular hypertrophy (QRS voltages).
    Hypertrophy,
    /// Atrial abnormality (P waves).
    AtrialAbnormality,
    /// Low QRS voltage.
    LowVoltage,
    /// Acute ST elevation.
    StElevation,
    /// ST depression and T waves.
    StT,
    /// Pathological Q waves.
    QWaves,
    /// QT interval.
    Qt,
}

impl Topic {
    /// Every topic, in report order.
    pub const ALL: [Topic; 10] = [
        Topic::Axis,
        Topic::AvConduction,
        Topic::IntraventricularConduction,
        Topic::Hypertrophy,
        Topic::AtrialAbnormality,
        Topic::LowVoltage,
        Topic::StElevation,
        Topic::StT,
        Topic::QWaves,
        Topic::Qt,
    ];

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Topic::Axis => "axis",
            Topic::AvConduction => "PR/AV conduction",
            Topic::IntraventricularConduction => "QRS/bundle branch conduction",
            Topic::Hypertrophy => "ventricular hypertrophy",
            Topic::AtrialAbnormality => "atrial abnormality",
            Topic::LowVoltage => "QRS voltage",
            Topic::StElevation => "ST elevation (acute infarction)",
            Topic::StT => "ST depression and T waves",
            Topic::QWaves => "Q waves",
            Topic::Qt => "QT",
        }
    }
    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Topic::Axis => "心电轴",
            Topic::AvConduction => "PR间期/房室传导",
            Topic::IntraventricularConduction => "QRS时限/束支传导",
            Topic::Hypertrophy => "心室肥厚",
            Topic::AtrialAbnormality => "心房异常",
            Topic::LowVoltage => "QRS电压",
            Topic::StElevation => "ST段抬高（急性心肌梗死）",
            Topic::StT => "ST段压低及T波",
            Topic::QWaves => "Q波",
            Topic::Qt => "QT间期",
        }
    }
}
