//! The stress protocol's scoring: a record's report with a disturbance against its clean report
//! (`evaluate stress`, and the CI test that keeps the figures from regressing).
//!
//! - *unchanged*: the rhythm family (the sinus labels as one) and the set of clinical statement
//!   codes (every code but the technical ones, [`StatementCode::is_technical`]) are those of the
//!   clean read;
//! - *invented*: an atrial flutter, atrial fibrillation (or AF episodes) or premature beat
//!   statement that the clean read does not have;
//! - *flagged*: the report carries a technical statement (noise, excluded leads, interchange).
//!
//! ```
//! use sinus::eval::stress::{compare, Tally};
//! let rec = sinus::synth::generate(&Default::default()).unwrap().record;
//! let clean = sinus::analyze(&rec).unwrap();
//! let c = compare(&clean, &clean);
//! assert!(c.unchanged() && c.invented.is_empty() && !c.flagged && !c.reversal);
//! let mut t = Tally::default();
//! t.add(&c);
//! assert_eq!((t.n, t.unchanged, t.invented), (1, 1, 0));
//! ```

use crate::eval::rhythm::sinus_family;
use crate::pipeline::Pipeline;
use crate::quality::reversal::Interchange;
use crate::record::Record;
use crate::report::{Report, StatementCode};
use crate::synth::noise::{Disturbance, disturb, interchange};
use serde::{Deserialize, Serialize};

/// The findings a disturbance must not invent.
pub const INVENTABLE: [StatementCode; 5] = [
    StatementCode::AtrialFlutter,
    StatementCode::AtrialFibrillation,
    StatementCode::AtrialFibrillationEpisodes,
    StatementCode::PrematureVentricular,
    StatementCode::PrematureSupraventricular,
];

/// How a disturbed read differs from the clean read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The rhythm family changed.
    pub family_changed: bool,
    /// The clinical statement codes changed (added or removed).
    pub codes_changed: bool,
    /// The triage changed.
    pub triage_changed: bool,
    /// Inventable findings present only in the disturbed read.
    pub invented: Vec<StatementCode>,
    /// The disturbed read carries a technical statement.
    pub flagged: bool,
    /// The disturbed read suspects an electrode interchange the clean read does not.
    pub reversal: bool,
}

impl Comparison {
    /// Rhythm family and clinical codes as in the clean read.
    pub fn unchanged(&self) -> bool {
        !self.family_changed && !self.codes_changed
    }
    /// An atrial flutter or fibrillation appears.
    pub fn invented_atrial(&self) -> bool {
        self.invented.iter().any(|c| {
            matches!(
                c,
                StatementCode::AtrialFlutter
                    | StatementCode::AtrialFibrillation
                    | StatementCode::AtrialFibrillationEpisodes
            )
        })
    }
}

fn clinical(r: &Report) -> Vec<String> {
    let mut v: Vec<String> = r
        .statements
        .iter()
        .filter(|s| !s.code.is_technical())
        .map(|s| format!("{:?}", s.code))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Compares a disturbed read with the clean read of the same record.
pub fn compare(clean: &Report, disturbed: &Report) -> Comparison {
    Comparison {
        family_changed: sinus_family(clean.rhythm.label) != sinus_family(disturbed.rhythm.label),
        codes_changed: clinical(clean) != clinical(disturbed),
        triage_changed: clean.triage != disturbed.triage,
        invented: INVENTABLE
            .iter()
            .copied()
            .filter(|&c| disturbed.has(c) && !clean.has(c))
            .collect(),
        flagged: disturbed.statements.iter().any(|s| s.code.is_technical()),
        reversal: !reversal_named(disturbed).is_empty() && reversal_named(clean).is_empty(),
    }
}

/// The interchange a report names, as the electrodes of its reversal statements (empty when
/// none).
pub fn reversal_named(r: &Report) -> Vec<Vec<String>> {
    r.statements
        .iter()
        .filter(|s| {
            matches!(
                s.code,
                StatementCode::LimbLeadReversal | StatementCode::ChestLeadReversal
            )
        })
        .map(|s| s.leads.clone())
        .collect()
}

/// Whether a report flags an interchange, and whether it names `x` (None: not flagged).
pub fn reversal_found(r: &Report, x: Interchange) -> Option<bool> {
    let named = reversal_named(r);
    if named.is_empty() {
        return None;
    }
    Some(named.iter().any(|l| *l == x.electrodes()))
}

/// Whether a clean read can be scored (it found a readable lead).
pub fn scorable(clean: &Report) -> bool {
    !clean.has(StatementCode::NoReadableLead)
}

/// Counts over records for one disturbance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tally {
    /// Records read.
    pub n: usize,
    /// Records whose read is unchanged.
    pub unchanged: usize,
    /// Records with an invented finding.
    pub invented: usize,
    /// Records with an invented atrial flutter or fibrillation.
    pub invented_atrial: usize,
    /// Records whose report flags the recording.
    pub flagged: usize,
    /// Records whose triage changed.
    pub triage_changed: usize,
    /// Records where an electrode interchange was suspected only with the disturbance.
    pub reversal: usize,
}

impl Tally {
    /// Adds one record.
    pub fn add(&mut self, c: &Comparison) {
        self.n += 1;
        self.unchanged += usize::from(c.unchanged());
        self.invented += usize::from(!c.invented.is_empty());
        self.invented_atrial += usize::from(c.invented_atrial());
        self.flagged += usize::from(c.flagged);
        self.triage_changed += usize::from(c.triage_changed);
        self.reversal += usize::from(c.reversal);
    }
    /// `part` as a percentage of the records (0 when none).
    pub fn pct(&self, part: usize) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            100.0 * part as f64 / self.n as f64
        }
    }
}

/// The disturbances of the protocol, in table order.
pub fn disturbances() -> Vec<Disturbance> {
    let mut v = Vec::new();
    for f in [50.0, 60.0] {
        for a in [0.02, 0.05, 0.1, 0.2] {
            v.push(Disturbance::Mains {
                freq_hz: f,
                amplitude_mv: a,
            });
        }
    }
    for s in [24.0, 18.0, 12.0, 6.0] {
        v.push(Disturbance::Muscle { snr_db: s });
    }
    for a in [0.25, 0.5, 1.0] {
        v.push(Disturbance::Wander { amplitude_mv: a });
    }
    for a in [0.5, 1.0] {
        v.push(Disturbance::ElectrodeMotion { amplitude_mv: a });
    }
    v.push(Disturbance::LeadOff);
    v
}

/// The interchanges of the protocol: every limb interchange, every adjacent chest swap.
pub fn interchanges() -> Vec<Interchange> {
    Interchange::LIMB
        .iter()
        .chain(Interchange::ADJACENT_CHEST.iter())
        .copied()
        .collect()
}

/// The acceptance band of the issue: mains ≤ 0.1 mV, wander ≤ 0.5 mV, muscle noise ≥ 18 dB.
pub fn in_mild_band(d: &Disturbance) -> bool {
    match *d {
        Disturbance::Mains { amplitude_mv, .. } => amplitude_mv <= 0.1 + 1e-9,
        Disturbance::Wander { amplitude_mv } => amplitude_mv <= 0.5 + 1e-9,
        Disturbance::Muscle { snr_db } => snr_db >= 18.0 - 1e-9,
        _ => false,
    }
}

/// One record's outcome under every disturbance and interchange.
#[derive(Debug, Clone)]
pub struct RecordOutcome {
    /// The record's name.
    pub name: String,
    /// The clean read.
    pub clean: Report,
    /// Per disturbance of [`disturbances`]: the comparison and the disturbed one-line summary.
    pub disturbed: Vec<(Comparison, String)>,
    /// Per interchange: None when the record lacks the leads, else the reversal found (None:
    /// not flagged; Some(named right)).
    pub swapped: Vec<Option<Option<bool>>>,
    /// Per interchange: the electrodes the report names.
    pub swapped_summary: Vec<String>,
}

/// The seed of a record's disturbances: its name hashed (FNV-1a) with the base seed.
pub fn seed_of(name: &str, base: u64) -> u64 {
    name.bytes().fold(0xCBF2_9CE4_8422_2325u64 ^ base, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// Reads one record clean, disturbed and interchanged.
pub fn run_record(
    pipeline: &Pipeline,
    name: &str,
    rec: &Record,
    base_seed: u64,
) -> Result<RecordOutcome, String> {
    let clean = pipeline
        .analyze(rec)
        .map_err(|e| crate::error::Chain(&e).to_string())?;
    let seed = seed_of(name, base_seed);
    let mut disturbed = Vec::new();
    for d in disturbances() {
        let r = disturb(rec, &d, seed).map_err(|e| e.to_string())?;
        let rep = pipeline
            .analyze(&r)
            .map_err(|e| crate::error::Chain(&e).to_string())?;
        disturbed.push((compare(&clean, &rep), rep.summary(crate::report::Lang::En)));
    }
    let mut swapped = Vec::new();
    let mut swapped_summary = Vec::new();
    for x in interchanges() {
        match interchange(rec, x) {
            Ok(r) => {
                let rep = pipeline
                    .analyze(&r)
                    .map_err(|e| crate::error::Chain(&e).to_string())?;
                swapped.push(Some(reversal_found(&rep, x)));
                swapped_summary.push(format!("{:?}", reversal_named(&rep)));
            }
            Err(_) => {
                swapped.push(None);
                swapped_summary.push(String::new());
            }
        }
    }
    Ok(RecordOutcome {
        name: name.to_string(),
        clean,
        disturbed,
        swapped,
        swapped_summary,
    })
}
