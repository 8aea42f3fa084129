//! What modifies a rhythm label: AV block, pacing, a bigeminal or trigeminal pattern of
//! ectopic beats, runs of ectopic beats. Each carries the figures that decided it, for the
//! report's evidence.

use super::RhythmLabel;
use serde::{Deserialize, Serialize};

/// The degree of an AV block.
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
pub enum AvBlockDegree {
    /// First degree: every P conducted, PR above the limit.
    First,
    /// Second degree, Mobitz type I (Wenckebach): the PR lengthens until a P is not conducted.
    SecondMobitzI,
    /// Second degree, Mobitz type II: constant PR, then a P suddenly not conducted.
    SecondMobitzII,
    /// Second degree with 2:1 conduction (type I or II cannot be told).
    TwoToOne,
    /// High-grade (advanced): two or more consecutive P waves not conducted.
    HighGrade,
    /// Second degree, type not determined (neither the PR's lengthening nor its constancy
    /// is clear).
    SecondDegree,
    /// Third degree (complete): P waves march through at their own rate, dissociated from a
    /// slower escape (or paced) rhythm.
    Third,
}

impl AvBlockDegree {
    /// True for second degree and above.
    pub fn is_second_or_higher(self) -> bool {
        !matches!(self, AvBlockDegree::First)
    }

    /// True where the block is critical (Mobitz II, high-grade, complete): the escape rhythm
    /// may fail (2018 ACC/AHA/HRS bradycardia guideline, Kusumoto et al.).
    pub fn is_critical(self) -> bool {
        matches!(
            self,
            AvBlockDegree::SecondMobitzII | AvBlockDegree::HighGrade | AvBlockDegree::Third
        )
    }
}

/// An AV block and its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AvBlock {
    /// The degree.
    pub degree: AvBlockDegree,
    /// Atrial (P-wave) rate (/min), when the P waves could be counted.
    pub p_rate_bpm: Option<f64>,
    /// Ventricular (QRS) rate (bpm).
    pub qrs_rate_bpm: Option<f64>,
    /// P waves counted.
    pub p_waves: usize,
    /// P waves not followed by a QRS.
    pub blocked: usize,
    /// PR intervals of the conducted beats, in order (ms; at most 32): the Wenckebach
    /// sequence, or the constant PR of Mobitz II.
    pub pr_ms: Vec<f64>,
    /// The rule that fired, in words.
    pub rule: String,
}

/// The chamber(s) paced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PacedChamber {
    /// Atrial pacing: a spike before the P wave.
    Atrial,
    /// Ventricular pacing: a spike at the start of the QRS.
    Ventricular,
    /// Both, in sequence.
    AvSequential,
}

/// The atrial rhythm beneath ventricular pacing, where it can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnderlyingAtrial {
    /// Sinus P waves, each followed by a ventricular spike at a fixed delay (atrial-sensed,
    /// P-synchronous ventricular pacing).
    SinusTracked,
    /// Atrial fibrillation: no P wave, fibrillatory baseline, and intrinsic beats irregular.
    AtrialFibrillation,
    /// P waves at their own rate, faster than the paced rate and not conducted: complete AV
    /// block with ventricular pacing.
    CompleteAvBlock,
}

/// Pacing found in the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PacingReading {
    /// The chamber(s) paced.
    pub chamber: PacedChamber,
    /// Pacemaker spikes found.
    pub spikes: usize,
    /// Beats with a ventricular spike at their QRS onset (paced beats).
    pub paced_beats: usize,
    /// Beats preceded by an atrial spike.
    pub atrial_paced_beats: usize,
    /// Beats in the record.
    pub beats: usize,
    /// The paced rate (bpm): 60 000 over the median interval between consecutive paced beats.
    pub paced_rate_bpm: Option<f64>,
    /// The atrial rhythm beneath, when it can be read.
    pub underlying: Option<UnderlyingAtrial>,
    /// The atrial (P-wave) rate where P waves were counted (/min).
    pub atrial_rate_bpm: Option<f64>,
    /// The rule that fired, in words.
    pub rule: String,
}

/// A repeating pattern of ectopic beats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EctopicPattern {
    /// Every other beat ventricular (N V N V ...).
    VentricularBigeminy,
    /// Every third beat ventricular (N N V N N V ...).
    VentricularTrigeminy,
    /// Every other beat an atrial (supraventricular) premature beat.
    SupraventricularBigeminy,
}

/// The kind of beats in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RunKind {
    /// Ventricular beats.
    Ventricular,
    /// Supraventricular premature beats.
    Supraventricular,
}

/// A run of three or more consecutive ectopic beats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EctopicRun {
    /// The kind of beats.
    pub kind: RunKind,
    /// Start (s from the record's start).
    pub start_s: f64,
    /// Beats in the run.
    pub beats: usize,
    /// The run's rate (bpm): 60 000 over its mean RR.
    pub rate_bpm: f64,
    /// At or above the tachycardia limit ([`super::RhythmConfig::tachycardia_bpm`]): for
    /// ventricular beats, (non-sustained) ventricular tachycardia.
    #[serde(default)]
    pub tachycardia: bool,
}

impl EctopicRun {
    /// A ventricular run at or above `tachycardia_bpm`: (non-sustained) ventricular
    /// tachycardia.
    pub fn is_ventricular_tachycardia(&self, tachycardia_bpm: f64) -> bool {
        self.kind == RunKind::Ventricular && self.beats >= 3 && self.rate_bpm >= tachycardia_bpm
    }
}

/// The label a paced reading carries.
pub(crate) fn paced_label(chamber: PacedChamber) -> RhythmLabel {
    match chamber {
        PacedChamber::Atrial => RhythmLabel::AtrialPaced,
        PacedChamber::Ventricular => RhythmLabel::VentricularPaced,
        PacedChamber::AvSequential => RhythmLabel::AvSequentialPaced,
    }
}
