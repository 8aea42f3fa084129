//! Statement scoring: the reference diagnoses of LUDB (`ludb.csv`) and of the PhysioNet/CinC
//! Challenge (`#Dx` SNOMED CT codes) mapped to the findings this crate states, and per finding
//! TP, FP, FN, sensitivity, PPV and F1; the false-normal rate (reference abnormal, reported
//! "Normal ECG"), the normal rate (reference normal, reported "Normal ECG"), and each reference
//! STEMI (reported or not, territory, triage). The mapping table is in `docs/statements.md`.
//!
//! A reference positive whose topic the report lists as not assessed is a false negative, and
//! is also counted apart (`not_assessed`) so that figures taken without measurements say why.
//!
//! ```
//! use sinus::eval::statements::{Finding, ludb_reference, snomed_reference};
//! let r = ludb_reference(&["Sinus rhythm".into(), "Electric axis of the heart: normal".into()]);
//! assert!(r.normal && r.findings.is_empty());
//! let r = ludb_reference(&["Sinus rhythm".into(), "Stemi: inferior wall".into()]);
//! assert!(!r.normal && r.findings.contains(&Finding::Stemi));
//! let r = snomed_reference(&[426783006]);
//! assert!(r.normal);
//! let r = snomed_reference(&[426783006, 59118001]);
//! assert_eq!(r.findings, vec![Finding::CompleteRbbb]);
//! ```

use crate::report::{Report, Severity, Statement, StatementCode as C, Territory, Topic};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A finding scored against the references.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Finding {
    /// Left axis deviation.
    Lad,
    /// Right axis deviation.
    Rad,
    /// First-degree AV block.
    FirstDegreeAvb,
    /// Short PR.
    ShortPr,
    /// Ventricular pre-excitation.
    Preexcitation,
    /// Complete right bundle branch block.
    CompleteRbbb,
    /// Incomplete right bundle branch block.
    IncompleteRbbb,
    /// Complete left bundle branch block.
    CompleteLbbb,
    /// Incomplete left bundle branch block.
    IncompleteLbbb,
    /// Left anterior fascicular block.
    Lafb,
    /// Left posterior fascicular block.
    Lpfb,
    /// Non-specific intraventricular conduction delay.
    Ivcd,
    /// Left ventricular hypertrophy (or high voltage).
    Lvh,
    /// Right ventricular hypertrophy.
    Rvh,
    /// Left atrial abnormality.
    Laa,
    /// Right atrial abnormality.
    Raa,
    /// Low QRS voltage.
    LowVoltage,
    /// Long QT.
    LongQt,
    /// Short QT.
    ShortQt,
    /// T-wave inversion or abnormality.
    TAbnormality,
    /// ST-T abnormality or ischaemia (ST depression, T inversion, flat T).
    StT,
    /// Pathological Q waves / old infarction.
    QWaves,
    /// Acute ST-elevation infarction.
    Stemi,
    /// Early repolarization.
    EarlyRepolarization,
}

impl Finding {
    /// Every finding, in table order.
    pub const ALL: [Finding; 24] = [
        Finding::Lad,
        Finding::Rad,
        Finding::FirstDegreeAvb,
        Finding::ShortPr,
        Finding::Preexcitation,
        Finding::CompleteRbbb,
        Finding::IncompleteRbbb,
        Finding::CompleteLbbb,
        Finding::IncompleteLbbb,
        Finding::Lafb,
        Finding::Lpfb,
        Finding::Ivcd,
        Finding::Lvh,
        Finding::Rvh,
        Finding::Laa,
        Finding::Raa,
        Finding::LowVoltage,
        Finding::LongQt,
        Finding::ShortQt,
        Finding::TAbnormality,
        Finding::StT,
        Finding::QWaves,
        Finding::Stemi,
        Finding::EarlyRepolarization,
    ];

    /// A short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Finding::Lad => "LAD",
            Finding::Rad => "RAD",
            Finding::FirstDegreeAvb => "1AVB",
            Finding::ShortPr => "short PR",
            Finding::Preexcitation => "WPW",
            Finding::CompleteRbbb => "CRBBB",
            Finding::IncompleteRbbb => "IRBBB",
            Finding::CompleteLbbb => "CLBBB",
            Finding::IncompleteLbbb => "ILBBB",
            Finding::Lafb => "LAFB",
            Finding::Lpfb => "LPFB",
            Finding::Ivcd => "IVCD",
            Finding::Lvh => "LVH",
            Finding::Rvh => "RVH",
            Finding::Laa => "LAA",
            Finding::Raa => "RAA",
            Finding::LowVoltage => "low QRS voltage",
            Finding::LongQt => "long QT",
            Finding::ShortQt => "short QT",
            Finding::TAbnormality => "T inversion/abnormal",
            Finding::StT => "ST-T/ischaemia",
            Finding::QWaves => "Q waves/old MI",
            Finding::Stemi => "acute STEMI",
            Finding::EarlyRepolarization => "early repolarization",
        }
    }

    /// The statements that report it.
    pub fn predicted_by(self) -> &'static [C] {
        match self {
            Finding::Lad => &[C::LeftAxisDeviation],
            Finding::Rad => &[C::RightAxisDeviation],
            Finding::FirstDegreeAvb => &[C::FirstDegreeAvBlock],
            Finding::ShortPr => &[C::ShortPr, C::Preexcitation],
            Finding::Preexcitation => &[C::Preexcitation],
            Finding::CompleteRbbb => &[C::CompleteRbbb],
            Finding::IncompleteRbbb => &[C::IncompleteRbbb],
            Finding::CompleteLbbb => &[C::CompleteLbbb],
            Finding::IncompleteLbbb => &[C::IncompleteLbbb],
            Finding::Lafb => &[C::LeftAnteriorFascicularBlock],
            Finding::Lpfb => &[C::LeftPosteriorFascicularBlock],
            Finding::Ivcd => &[C::NonspecificIvcd],
            Finding::Lvh => &[C::LeftVentricularHypertrophy, C::LeftVentricularHighVoltage],
            Finding::Rvh => &[C::RightVentricularHypertrophy],
            Finding::Laa => &[C::LeftAtrialAbnormality],
            Finding::Raa => &[C::RightAtrialAbnormality],
            Finding::LowVoltage => &[C::LowVoltageLimb, C::LowVoltagePrecordial],
            Finding::LongQt => &[C::LongQtc],
            Finding::ShortQt => &[C::ShortQt],
            Finding::TAbnormality => &[C::TWaveInversion, C::FlatTWave],
            Finding::StT => &[
                C::StDepression,
                C::TWaveInversion,
                C::FlatTWave,
                C::PosteriorMiSuspected,
            ],
            Finding::QWaves => &[C::PathologicalQWaves],
            Finding::Stemi => &[C::AcuteStemi],
            Finding::EarlyRepolarization => &[C::EarlyRepolarization],
        }
    }

    /// The part of the reading it belongs to (to tell "not assessed" from "missed").
    pub fn topic(self) -> Topic {
        match self {
            Finding::Lad | Finding::Rad => Topic::Axis,
            Finding::FirstDegreeAvb | Finding::ShortPr | Finding::Preexcitation => {
                Topic::AvConduction
            }
            Finding::CompleteRbbb
            | Finding::IncompleteRbbb
            | Finding::CompleteLbbb
            | Finding::IncompleteLbbb
            | Finding::Lafb
            | Finding::Lpfb
            | Finding::Ivcd => Topic::IntraventricularConduction,
            Finding::Lvh | Finding::Rvh => Topic::Hypertrophy,
            Finding::Laa | Finding::Raa => Topic::AtrialAbnormality,
            Finding::LowVoltage => Topic::LowVoltage,
            Finding::LongQt | Finding::ShortQt => Topic::Qt,
            Finding::TAbnormality | Finding::StT | Finding::EarlyRepolarization => Topic::StT,
            Finding::QWaves => Topic::QWaves,
            Finding::Stemi => Topic::StElevation,
        }
    }
}

/// A record's reference reading.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Reference {
    /// The findings the reference names (deduplicated, in table order).
    pub findings: Vec<Finding>,
    /// True when the reference reads a normal ECG (sinus rhythm, normal axis, nothing else).
    pub normal: bool,
    /// For each reference STEMI, the wall named (LUDB: "anterior wall", "septal", ...).
    pub stemi_walls: Vec<String>,
    /// Reference labels that name no finding this crate states (kept for the notes).
    pub unmapped: Vec<String>,
    /// True when the record carries reference labels at all (otherwise it is not scored).
    pub labelled: bool,
}

impl Reference {
    fn finish(mut self) -> Reference {
        self.findings.sort();
        self.findings.dedup();
        self
    }
}

/// The LUDB label (a line of a `ludb.csv` cell, or a header diagnosis line) as a finding.
/// LUDB's "left axis deviation" is its own convention (it covers axes above −30°): scored as
/// given, with the clinical reading reported beside it by the caller.
pub fn ludb_finding(label: &str) -> Option<Finding> {
    let l = label
        .trim()
        .trim_end_matches('.')
        .trim()
        .to_ascii_lowercase();
    Some(match l.as_str() {
        "electric axis of the heart: left axis deviation" => Finding::Lad,
        "electric axis of the heart: right axis deviation" => Finding::Rad,
        "i degree av block" => Finding::FirstDegreeAvb,
        "complete right bundle branch block" => Finding::CompleteRbbb,
        "incomplete right bundle branch block" => Finding::IncompleteRbbb,
        "complete left bundle branch block" => Finding::CompleteLbbb,
        "incomplete left bundle branch block" => Finding::IncompleteLbbb,
        "left anterior hemiblock" => Finding::Lafb,
        "left posterior hemiblock" => Finding::Lpfb,
        "non-specific intravintricular conduction delay"
        | "non-specific intraventricular conduction delay" => Finding::Ivcd,
        "wpw" | "wolff-parkinson-white syndrome" => Finding::Preexcitation,
        "left ventricular hypertrophy" | "left ventricular overload" => Finding::Lvh,
        "right ventricular hypertrophy" | "right ventricular overload" => Finding::Rvh,
        "left atrial hypertrophy" | "left atrial overload" => Finding::Laa,
        "right atrial hypertrophy" | "right atrial overload" => Finding::Raa,
        "early repolarization syndrome" => Finding::EarlyRepolarization,
        l if l.starts_with("stemi:") => Finding::Stemi,
        l if l.starts_with("scar formation:") => Finding::QWaves,
        l if l.starts_with("ischemia:")
            || l.starts_with("undefined ischemia")
            || l.starts_with("non-specific repolarization abnormalities") =>
        {
            Finding::StT
        }
        _ => return None,
    })
}

/// LUDB's non-specific repolarization abnormalities are T-wave changes as much as ST changes:
/// they count for both (as the Challenge's T-wave abnormal does).
fn ludb_also_t(label: &str) -> bool {
    label
        .trim()
        .to_ascii_lowercase()
        .starts_with("non-specific repolarization abnormalities")
}

/// LUDB labels that belong to a normal ECG.
fn ludb_is_normal_label(label: &str) -> bool {
    matches!(
        label
            .trim()
            .trim_end_matches('.')
            .trim()
            .to_ascii_lowercase()
            .as_str(),
        "sinus rhythm"
            | "electric axis of the heart: normal"
            | "electric axis of the heart: horizontal"
            | "electric axis of the heart: vertical"
    )
}

/// The reference reading from a LUDB record's labels (every line of every diagnosis column of
/// `ludb.csv`, or the header's diagnosis lines).
pub fn ludb_reference(labels: &[String]) -> Reference {
    let mut r = Reference {
        labelled: !labels.is_empty(),
        normal: !labels.is_empty(),
        ..Reference::default()
    };
    for label in labels {
        let l = label.trim();
        if l.is_empty() {
            continue;
        }
        if ludb_is_normal_label(l) {
            continue;
        }
        r.normal = false;
        match ludb_finding(l) {
            Some(f) => {
                r.findings.push(f);
                if ludb_also_t(l) {
                    r.findings.push(Finding::TAbnormality);
                }
                if f == Finding::Stemi
                    && let Some((_, wall)) = l.split_once(':')
                {
                    r.stemi_walls
                        .push(wall.trim().trim_end_matches('.').to_string());
                }
            }
            None => r.unmapped.push(l.to_string()),
        }
    }
    r.finish()
}

/// Every record's labels from `ludb.csv` (feature `csv`): record id → the lines of every diagnosis column
/// (Rhythms, Electric axis, Conduction abnormalities, Extrasystolies, Hypertrophies, Cardiac
/// pacing, Ischemia, Non-specific repolarization abnormalities, Other states).
#[cfg(feature = "csv")]
pub fn ludb_csv_labels(text: &str) -> Result<BTreeMap<String, Vec<String>>, csv::Error> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers()?.clone();
    let skip = ["ID", "Sex", "Age"];
    let id = headers.iter().position(|h| h.trim() == "ID");
    let mut out = BTreeMap::new();
    for row in rdr.records() {
        let row = row?;
        let Some(i) = id else { break };
        let name = row.get(i).unwrap_or("").trim().to_string();
        let labels: Vec<String> = headers
            .iter()
            .zip(row.iter())
            .filter(|(h, _)| !skip.contains(&h.trim()))
            .flat_map(|(_, v)| v.lines().map(str::trim).map(String::from))
            .filter(|v| !v.is_empty())
            .collect();
        out.insert(name, labels);
    }
    Ok(out)
}

/// SNOMED CT codes of the Challenge and the findings they name (the Challenge scores 59118001
/// RBBB and 713427006 complete RBBB as one class; so does this table).
pub const SNOMED_FINDINGS: [(u64, Finding); 38] = [
    (39732003, Finding::Lad),
    (47665007, Finding::Rad),
    (270492004, Finding::FirstDegreeAvb),
    (49578007, Finding::ShortPr),
    (74390002, Finding::Preexcitation),
    (713427006, Finding::CompleteRbbb),
    (59118001, Finding::CompleteRbbb),
    (713426002, Finding::IncompleteRbbb),
    (164909002, Finding::CompleteLbbb),
    (733534002, Finding::CompleteLbbb),
    (251120003, Finding::IncompleteLbbb),
    (445118002, Finding::Lafb),
    (445211001, Finding::Lpfb),
    (698252002, Finding::Ivcd),
    (164873001, Finding::Lvh),
    (55827005, Finding::Lvh),
    (89792004, Finding::Rvh),
    (253352002, Finding::Laa),
    (67741000119109, Finding::Laa),
    (446813000, Finding::Laa),
    (446358003, Finding::Raa),
    (251146004, Finding::LowVoltage),
    (111975006, Finding::LongQt),
    (77867006, Finding::ShortQt),
    (164934002, Finding::TAbnormality),
    (59931005, Finding::TAbnormality),
    (428750005, Finding::StT),
    (164930006, Finding::StT),
    (55930002, Finding::StT),
    (429622005, Finding::StT),
    (164931005, Finding::StT),
    (426434006, Finding::StT),
    (425623009, Finding::StT),
    (413844008, Finding::StT),
    (164917005, Finding::QWaves),
    (164867002, Finding::QWaves),
    (428417006, Finding::EarlyRepolarization),
    (57054005, Finding::Stemi),
];

/// 426783006, sinus rhythm: the only code of a normal record.
pub const SNOMED_SINUS_RHYTHM: u64 = 426783006;

/// The reference reading from a Challenge record's `#Dx` codes. Normal when sinus rhythm is the
/// only code; T-wave inversion (59931005) and T-wave abnormal (164934002) also count as ST-T.
pub fn snomed_reference(codes: &[u64]) -> Reference {
    let mut r = Reference {
        labelled: !codes.is_empty(),
        normal: codes.iter().all(|&c| c == SNOMED_SINUS_RHYTHM) && !codes.is_empty(),
        ..Reference::default()
    };
    for &c in codes {
        if c == SNOMED_SINUS_RHYTHM {
            continue;
        }
        let mut any = false;
        for (code, f) in SNOMED_FINDINGS {
            if code == c {
                r.findings.push(f);
                any = true;
            }
        }
        if matches!(c, 59931005 | 164934002) {
            r.findings.push(Finding::StT);
        }
        if !any {
            r.unmapped.push(c.to_string());
        }
    }
    r.finish()
}

/// The findings a report states.
pub fn predicted(statements: &[Statement]) -> Vec<Finding> {
    Finding::ALL
        .iter()
        .copied()
        .filter(|f| {
            statements
                .iter()
                .any(|s| f.predicted_by().contains(&s.code))
        })
        .collect()
}

/// The topics a report lists as not assessed.
pub fn not_assessed(statements: &[Statement]) -> Vec<Topic> {
    statements
        .iter()
        .filter(|s| s.code == C::NotAssessed)
        .flat_map(|s| s.topics.iter().copied())
        .collect()
}

/// The territories that LUDB's wall names correspond to.
pub fn ludb_wall_territories(wall: &str) -> &'static [Territory] {
    use Territory as T;
    match wall.trim().to_ascii_lowercase().as_str() {
        "anterior wall" => &[
            T::Anterior,
            T::Anteroseptal,
            T::ExtensiveAnterior,
            T::Anterolateral,
        ],
        "septal" => &[T::Anteroseptal, T::ExtensiveAnterior],
        "lateral wall" => &[
            T::Lateral,
            T::HighLateral,
            T::Anterolateral,
            T::ExtensiveAnterior,
        ],
        "apical" => &[T::Anterior, T::Anterolateral, T::ExtensiveAnterior],
        "inferior wall" => &[T::Inferior],
        "posterior wall" => &[T::Posterior],
        _ => &[],
    }
}

/// TP, FP, FN of one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tally {
    /// Reference and reported.
    pub tp: usize,
    /// Reported, not in the reference.
    pub fp: usize,
    /// In the reference, not reported.
    pub fn_: usize,
    /// Of the false negatives, those whose topic the report says it did not assess.
    pub not_assessed: usize,
}

impl Tally {
    /// Sensitivity TP / (TP + FN), `None` without reference positives.
    pub fn se(&self) -> Option<f64> {
        let d = self.tp + self.fn_;
        (d > 0).then(|| self.tp as f64 / d as f64)
    }
    /// Positive predictive value TP / (TP + FP), `None` without reported positives.
    pub fn ppv(&self) -> Option<f64> {
        let d = self.tp + self.fp;
        (d > 0).then(|| self.tp as f64 / d as f64)
    }
    /// F1 = 2 TP / (2 TP + FP + FN), `None` when all three are 0.
    pub fn f1(&self) -> Option<f64> {
        let d = 2 * self.tp + self.fp + self.fn_;
        (d > 0).then(|| 2.0 * self.tp as f64 / d as f64)
    }
    /// Adds another tally.
    pub fn add(&mut self, o: &Tally) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.not_assessed += o.not_assessed;
    }
}

/// One reference STEMI and what the report made of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StemiRow {
    /// Record name.
    pub record: String,
    /// The walls the reference names.
    pub reference_walls: Vec<String>,
    /// Acute STEMI reported.
    pub reported: bool,
    /// The territories reported.
    pub territories: Vec<Territory>,
    /// At least one reported territory corresponds to a reference wall.
    pub territory_matches: bool,
    /// The report's triage.
    pub triage: Severity,
    /// True when the report says ST elevation was not assessed.
    pub not_assessed: bool,
}

/// The scores of one database (or several pooled).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StatementScores {
    /// Per finding.
    pub findings: BTreeMap<Finding, Tally>,
    /// Records scored (carrying reference labels).
    pub records: usize,
    /// Reference-normal records.
    pub reference_normal: usize,
    /// Reference-normal records reported "Normal ECG".
    pub normal_reported_normal: usize,
    /// Reference-abnormal records.
    pub reference_abnormal: usize,
    /// Reference-abnormal records reported "Normal ECG" (false normals), by name.
    pub false_normal: Vec<String>,
    /// Records with "not assessed" in their report.
    pub with_not_assessed: usize,
    /// Each reference STEMI.
    pub stemi: Vec<StemiRow>,
    /// Records without a reference STEMI.
    pub without_stemi: usize,
    /// Records without a reference STEMI reported as acute STEMI, by name.
    pub false_stemi: Vec<String>,
}

impl StatementScores {
    /// Adds one record.
    pub fn add(&mut self, record: &str, reference: &Reference, report: &Report) {
        if !reference.labelled {
            return;
        }
        self.records += 1;
        let got = predicted(&report.statements);
        let na = not_assessed(&report.statements);
        if !na.is_empty() {
            self.with_not_assessed += 1;
        }
        for f in Finding::ALL {
            let r = reference.findings.contains(&f);
            let p = got.contains(&f);
            let t = self.findings.entry(f).or_default();
            match (r, p) {
                (true, true) => t.tp += 1,
                (false, true) => t.fp += 1,
                (true, false) => {
                    t.fn_ += 1;
                    if na.contains(&f.topic()) {
                        t.not_assessed += 1;
                    }
                }
                (false, false) => {}
            }
        }
        let normal = report.has(C::NormalEcg);
        if reference.normal {
            self.reference_normal += 1;
            if normal {
                self.normal_reported_normal += 1;
            }
        } else {
            self.reference_abnormal += 1;
            if normal {
                self.false_normal.push(record.to_string());
            }
        }
        let territories: Vec<Territory> = report
            .statements
            .iter()
            .filter(|s| s.code == C::AcuteStemi)
            .filter_map(|s| s.territory)
            .collect();
        let reported = report.has(C::AcuteStemi);
        if reference.findings.contains(&Finding::Stemi) {
            let matches = reference.stemi_walls.iter().any(|w| {
                ludb_wall_territories(w)
                    .iter()
                    .any(|t| territories.contains(t))
            });
            self.stemi.push(StemiRow {
                record: record.to_string(),
                reference_walls: reference.stemi_walls.clone(),
                reported,
                territories,
                territory_matches: matches,
                triage: report.triage,
                not_assessed: na.contains(&Topic::StElevation),
            });
        } else {
            self.without_stemi += 1;
            if reported {
                self.false_stemi.push(record.to_string());
            }
        }
    }

    /// Adds another database's scores (pooling).
    pub fn merge(&mut self, o: &StatementScores) {
        for (f, t) in &o.findings {
            self.findings.entry(*f).or_default().add(t);
        }
        self.records += o.records;
        self.reference_normal += o.reference_normal;
        self.normal_reported_normal += o.normal_reported_normal;
        self.reference_abnormal += o.reference_abnormal;
        self.false_normal.extend(o.false_normal.iter().cloned());
        self.with_not_assessed += o.with_not_assessed;
        self.stemi.extend(o.stemi.iter().cloned());
        self.without_stemi += o.without_stemi;
        self.false_stemi.extend(o.false_stemi.iter().cloned());
    }

    /// False-normal rate: reference abnormal reported "Normal ECG", `None` without reference
    /// abnormal records.
    pub fn false_normal_rate(&self) -> Option<f64> {
        (self.reference_abnormal > 0)
            .then(|| self.false_normal.len() as f64 / self.reference_abnormal as f64)
    }

    /// Normal rate: reference normal reported "Normal ECG".
    pub fn normal_rate(&self) -> Option<f64> {
        (self.reference_normal > 0)
            .then(|| self.normal_reported_normal as f64 / self.reference_normal as f64)
    }

    /// Acute STEMI reported on records without one.
    pub fn false_stemi_rate(&self) -> Option<f64> {
        (self.without_stemi > 0).then(|| self.false_stemi.len() as f64 / self.without_stemi as f64)
    }

    /// The per-finding table as text (findings with a reference positive or a report).
    pub fn to_table(&self) -> String {
        let pct = |v: Option<f64>| v.map_or("   –".to_string(), |v| format!("{:5.1}", 100.0 * v));
        let f1 = |v: Option<f64>| v.map_or("   –".to_string(), |v| format!("{v:5.3}"));
        let mut out = format!(
            "{:<22} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6} {:>6}\n",
            "finding", "TP", "FP", "FN", "Se%", "PPV%", "F1", "FN n/a"
        );
        for (f, t) in &self.findings {
            if t.tp + t.fp + t.fn_ == 0 {
                continue;
            }
            out.push_str(&format!(
                "{:<22} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6} {:>6}\n",
                f.name(),
                t.tp,
                t.fp,
                t.fn_,
                pct(t.se()),
                pct(t.ppv()),
                f1(t.f1()),
                t.not_assessed
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ludb_labels_map() {
        let r = ludb_reference(&[
            "Sinus rhythm".into(),
            "Electric axis of the heart: left axis deviation".into(),
            "Left atrial hypertrophy".into(),
            "Left ventricular overload".into(),
            "Stemi: anterior wall".into(),
            "Stemi: septal".into(),
            "Atrial extrasystole, type: single pac".into(),
        ]);
        assert!(!r.normal);
        assert_eq!(
            r.findings,
            vec![Finding::Lad, Finding::Lvh, Finding::Laa, Finding::Stemi]
        );
        assert_eq!(r.stemi_walls, vec!["anterior wall", "septal"]);
        assert_eq!(r.unmapped, vec!["Atrial extrasystole, type: single pac"]);
        let r = ludb_reference(&[
            "Sinus rhythm".into(),
            "Electric axis of the heart: vertical".into(),
        ]);
        assert!(r.normal);
        assert!(!ludb_reference(&["Sinus bradycardia".into()]).normal);
        assert!(!ludb_reference(&[]).labelled);
    }

    #[test]
    fn snomed_codes_map() {
        let r = snomed_reference(&[426783006, 164934002, 164867002]);
        assert_eq!(
            r.findings,
            vec![Finding::TAbnormality, Finding::StT, Finding::QWaves]
        );
        assert!(!r.normal);
        assert_eq!(snomed_reference(&[426177001]).unmapped, vec!["426177001"]);
        assert!(!snomed_reference(&[]).labelled);
        let t = Tally {
            tp: 3,
            fp: 1,
            fn_: 1,
            not_assessed: 0,
        };
        assert_eq!(t.f1(), Some(0.75));
        assert_eq!(t.se(), Some(0.75));
        assert_eq!(Tally::default().f1(), None);
    }
}
