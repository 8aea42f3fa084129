//! The record model: a multi-lead ECG in physical units with its sample rate and metadata.

use crate::lead::Lead;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, s};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Errors building or transforming a [`Record`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The sample rate is not a finite positive number.
    #[error("invalid sample rate {found} Hz: expected a finite number > 0")]
    InvalidSampleRate {
        /// The value given.
        found: f64,
    },
    /// The number of lead names differs from the number of signal rows.
    #[error("{leads} lead names for {rows} signal rows")]
    ShapeMismatch {
        /// Lead names given.
        leads: usize,
        /// Rows in the signal array.
        rows: usize,
    },
    /// A lead needed for an operation is absent.
    #[error("lead {0} is not in the record")]
    MissingLead(Lead),
    /// The same lead names two signal rows.
    #[error("lead {lead} is listed twice (rows {first} and {second}): expected each lead once")]
    DuplicateLead {
        /// The lead.
        lead: Lead,
        /// Its first row.
        first: usize,
        /// The row naming it again.
        second: usize,
    },
    /// Rows of different lengths (`Vec<Vec<f32>>` input).
    #[error("row {row} holds {found} samples, row 0 holds {expected}: expected rows of one length")]
    RaggedRows {
        /// The row.
        row: usize,
        /// Samples in row 0.
        expected: usize,
        /// Samples in this row.
        found: usize,
    },
    /// Interleaved samples that do not fill whole frames (one sample per lead).
    #[error("{samples} interleaved samples for {leads} leads: expected a multiple of {leads}")]
    PartialFrame {
        /// Samples given.
        samples: usize,
        /// Leads (samples per frame).
        leads: usize,
    },
    /// A gain that is not a finite positive number.
    #[error("gain {found} µV per count: expected a finite number > 0")]
    InvalidGain {
        /// The gain given.
        found: f64,
    },
}

/// A sample rate in hertz: finite and strictly positive.
///
/// ```
/// use sinus::SampleRate;
/// let fs = SampleRate::new(360.0).unwrap();
/// assert_eq!(fs.hz(), 360.0);
/// assert_eq!(fs.samples(0.15), 54); // 150 ms
/// assert!(SampleRate::new(0.0).is_err());
/// assert!(SampleRate::new(f64::NAN).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct SampleRate(f64);

impl SampleRate {
    /// A checked sample rate: `hz` must be finite and > 0.
    pub fn new(hz: f64) -> Result<Self, RecordError> {
        if hz.is_finite() && hz > 0.0 {
            Ok(SampleRate(hz))
        } else {
            Err(RecordError::InvalidSampleRate { found: hz })
        }
    }

    /// The rate in hertz.
    pub fn hz(self) -> f64 {
        self.0
    }

    /// The number of samples spanning `seconds`, rounded to the nearest sample.
    pub fn samples(self, seconds: f64) -> usize {
        let n = (seconds * self.0).round();
        if n.is_finite() && n > 0.0 {
            n as usize
        } else {
            0
        }
    }

    /// The time in seconds of `samples` samples.
    pub fn seconds(self, samples: usize) -> f64 {
        samples as f64 / self.0
    }
}

impl<'de> Deserialize<'de> for SampleRate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let hz = f64::deserialize(d)?;
        SampleRate::new(hz).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for SampleRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Hz", self.0)
    }
}

/// When a recording started, as far as its header says.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default, schemars::JsonSchema)]
pub struct StartTime {
    /// Calendar date (year, month 1–12, day 1–31), if given.
    pub date: Option<(i32, u8, u8)>,
    /// Time of day (hour, minute, second with fraction), if given.
    pub time: Option<(u8, u8, f64)>,
}

impl StartTime {
    /// The start time `seconds` later (a window's start inside a record): the time of day moves,
    /// and the date with it past midnight. Without a time of day nothing moves (the date alone
    /// does not say when the day ends).
    ///
    /// ```
    /// use sinus::StartTime;
    /// let st = StartTime { date: Some((2024, 2, 28)), time: Some((23, 30, 0.0)) };
    /// let later = st.offset_by(2.0 * 3600.0);
    /// assert_eq!(later.date, Some((2024, 2, 29)));
    /// assert_eq!(later.time, Some((1, 30, 0.0)));
    /// ```
    pub fn offset_by(self, seconds: f64) -> StartTime {
        let Some((h, m, s)) = self.time else {
            return self;
        };
        if !seconds.is_finite() || seconds == 0.0 {
            return self;
        }
        let total = f64::from(h) * 3600.0 + f64::from(m) * 60.0 + s + seconds;
        let days = (total / 86_400.0).floor();
        let in_day = total - days * 86_400.0;
        let hour = (in_day / 3600.0).floor().clamp(0.0, 23.0);
        let minute = ((in_day - hour * 3600.0) / 60.0).floor().clamp(0.0, 59.0);
        let second = (in_day - hour * 3600.0 - minute * 60.0).max(0.0);
        StartTime {
            date: self.date.map(|d| add_days(d, days)),
            time: Some((hour as u8, minute as u8, second)),
        }
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// A calendar date moved by a whole number of days (a few hundred at most in practice: the loop
/// is per month).
fn add_days((mut y, mut m, mut d): (i32, u8, u8), days: f64) -> (i32, u8, u8) {
    // Clamp to ±1000 years of days: absurd offsets must not loop for long.
    let mut left = days.clamp(-366_000.0, 366_000.0) as i64;
    while left > 0 {
        let dim = i64::from(days_in_month(y, m));
        let room = dim - i64::from(d);
        if left <= room {
            d = (i64::from(d) + left) as u8;
            break;
        }
        left -= room + 1;
        d = 1;
        if m == 12 {
            (y, m) = (y.saturating_add(1), 1);
        } else {
            m += 1;
        }
    }
    while left < 0 {
        if i64::from(d) + left >= 1 {
            d = (i64::from(d) + left) as u8;
            break;
        }
        left += i64::from(d);
        if m == 1 {
            (y, m) = (y.saturating_sub(1), 12);
        } else {
            m -= 1;
        }
        d = days_in_month(y, m);
    }
    (y, m, d)
}

/// A multi-lead ECG record: lead-major signals in millivolts, sample rate, lead names and metadata.
///
/// Row `k` of [`signals`](Record::signals) is lead `k` of [`leads`](Record::leads). Samples that
/// the source marks invalid are NaN.
///
/// ```
/// use ndarray::Array2;
/// use sinus::{Lead, Record, SampleRate};
/// let signals = Array2::<f32>::zeros((2, 1000));
/// let rec = Record::new("demo", vec![Lead::I, Lead::II], SampleRate::new(500.0).unwrap(), signals)
///     .unwrap();
/// assert_eq!(rec.n_leads(), 2);
/// assert_eq!(rec.duration_s(), 2.0);
/// assert_eq!(rec.lead_index(&Lead::II), Some(1));
/// ```
///
/// Deserialising checks what [`Record::new`] checks (one lead name per signal row, a valid
/// sample rate), so a record read from JSON is as sound as one built in code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RecordParts")]
pub struct Record {
    name: String,
    leads: Vec<Lead>,
    fs: SampleRate,
    signals: Array2<f32>,
    start: Option<StartTime>,
    comments: Vec<String>,
}

/// A [`Record`] as serialised, before [`Record::new`]'s checks.
#[derive(Deserialize)]
struct RecordParts {
    name: String,
    leads: Vec<Lead>,
    fs: SampleRate,
    signals: Array2<f32>,
    start: Option<StartTime>,
    comments: Vec<String>,
}

impl TryFrom<RecordParts> for Record {
    type Error = RecordError;
    fn try_from(p: RecordParts) -> Result<Record, RecordError> {
        Ok(Record::new(p.name, p.leads, p.fs, p.signals)?
            .with_start(p.start)
            .with_comments(p.comments))
    }
}

impl Record {
    /// A record from its parts; `signals` has one row per lead, in mV. Each lead may appear
    /// once ([`RecordError::DuplicateLead`]).
    pub fn new(
        name: impl Into<String>,
        leads: Vec<Lead>,
        fs: SampleRate,
        signals: Array2<f32>,
    ) -> Result<Self, RecordError> {
        if leads.len() != signals.nrows() {
            return Err(RecordError::ShapeMismatch {
                leads: leads.len(),
                rows: signals.nrows(),
            });
        }
        check_unique(&leads)?;
        Ok(Record {
            name: name.into(),
            leads,
            fs,
            signals,
            start: None,
            comments: Vec::new(),
        })
    }

    /// A record from one `Vec` of samples (mV) per lead, as many services hold them.
    ///
    /// ```
    /// use sinus::{Lead, Record, SampleRate};
    /// let fs = SampleRate::new(250.0)?;
    /// let rec = Record::from_rows("dev", vec![Lead::I, Lead::II], fs, vec![vec![0.1, 0.2], vec![0.3, 0.4]])?;
    /// assert_eq!(rec.lead(&Lead::II).unwrap().to_vec(), vec![0.3, 0.4]);
    /// assert!(Record::from_rows("x", vec![Lead::I, Lead::II], fs, vec![vec![0.0], vec![]]).is_err());
    /// # Ok::<(), sinus::RecordError>(())
    /// ```
    pub fn from_rows(
        name: impl Into<String>,
        leads: Vec<Lead>,
        fs: SampleRate,
        rows: Vec<Vec<f32>>,
    ) -> Result<Self, RecordError> {
        if leads.len() != rows.len() {
            return Err(RecordError::ShapeMismatch {
                leads: leads.len(),
                rows: rows.len(),
            });
        }
        check_unique(&leads)?;
        let n = rows.first().map_or(0, Vec::len);
        if let Some((row, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != n) {
            return Err(RecordError::RaggedRows {
                row,
                expected: n,
                found: r.len(),
            });
        }
        let mut flat = Vec::with_capacity(n * rows.len());
        for r in rows {
            flat.extend_from_slice(&r);
        }
        let signals = Array2::from_shape_vec((leads.len(), n), flat).map_err(|_| {
            RecordError::ShapeMismatch {
                leads: leads.len(),
                rows: 0,
            }
        })?;
        Record::new(name, leads, fs, signals)
    }

    /// A record from sample-interleaved 16-bit counts (frame by frame: sample 0 of every lead,
    /// then sample 1, ...), as devices send them: `mV = (count − baseline) × gain_uv / 1000`,
    /// with `gain_uv` the microvolts per count and `baseline` the count of 0 mV.
    ///
    /// ```
    /// use sinus::{Lead, Record, SampleRate};
    /// // Two leads, 2.5 µV per count, baseline 0: frames (400, -400), (800, 0).
    /// let counts: Vec<i16> = vec![400, -400, 800, 0];
    /// let fs = SampleRate::new(500.0)?;
    /// let rec = Record::from_interleaved_i16("dev", vec![Lead::I, Lead::II], fs, &counts, 2.5, 0)?;
    /// assert_eq!(rec.lead(&Lead::I).unwrap().to_vec(), vec![1.0, 2.0]);
    /// assert_eq!(rec.lead(&Lead::II).unwrap().to_vec(), vec![-1.0, 0.0]);
    /// # Ok::<(), sinus::RecordError>(())
    /// ```
    pub fn from_interleaved_i16(
        name: impl Into<String>,
        leads: Vec<Lead>,
        fs: SampleRate,
        counts: &[i16],
        gain_uv: f64,
        baseline: i32,
    ) -> Result<Self, RecordError> {
        from_interleaved(name.into(), leads, fs, counts, gain_uv, baseline)
    }

    /// [`from_interleaved_i16`](Record::from_interleaved_i16) for 32-bit counts (24-bit ADCs).
    pub fn from_interleaved_i32(
        name: impl Into<String>,
        leads: Vec<Lead>,
        fs: SampleRate,
        counts: &[i32],
        gain_uv: f64,
        baseline: i32,
    ) -> Result<Self, RecordError> {
        from_interleaved(name.into(), leads, fs, counts, gain_uv, baseline)
    }

    /// The same record under another name (an upload's id, say).
    ///
    /// ```
    /// let rec = sinus::synth::generate(&Default::default()).unwrap().record.renamed("upload-7");
    /// assert_eq!(rec.name(), "upload-7");
    /// ```
    pub fn renamed(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Renames the record in place.
    pub fn set_name(&mut self, name: impl Into<String>) {
        self.name = name.into();
    }

    /// Sets the start time.
    pub fn with_start(mut self, start: Option<StartTime>) -> Self {
        self.start = start;
        self
    }

    /// Sets the header comments (without their leading `#`).
    pub fn with_comments(mut self, comments: Vec<String>) -> Self {
        self.comments = comments;
        self
    }

    /// The record name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The leads, one per signal row.
    pub fn leads(&self) -> &[Lead] {
        &self.leads
    }
    /// The sample rate.
    pub fn fs(&self) -> SampleRate {
        self.fs
    }
    /// The signals in mV, lead-major (`n_leads × n_samples`).
    pub fn signals(&self) -> ArrayView2<'_, f32> {
        self.signals.view()
    }
    /// Mutable access to the signals (same shape).
    pub fn signals_mut(&mut self) -> ndarray::ArrayViewMut2<'_, f32> {
        self.signals.view_mut()
    }
    /// The start time, if the source gave one.
    pub fn start(&self) -> Option<StartTime> {
        self.start
    }
    /// Header comments, in order, without their leading `#`.
    pub fn comments(&self) -> &[String] {
        &self.comments
    }
    /// Number of leads.
    pub fn n_leads(&self) -> usize {
        self.leads.len()
    }
    /// Number of samples per lead.
    pub fn n_samples(&self) -> usize {
        self.signals.ncols()
    }
    /// Duration in seconds.
    pub fn duration_s(&self) -> f64 {
        self.fs.seconds(self.n_samples())
    }
    /// Index of the first row holding `lead`.
    pub fn lead_index(&self, lead: &Lead) -> Option<usize> {
        self.leads.iter().position(|l| l == lead)
    }
    /// One lead's samples.
    pub fn lead(&self, lead: &Lead) -> Option<ArrayView1<'_, f32>> {
        self.lead_index(lead).map(|k| self.signals.row(k))
    }
    /// Consumes the record, giving back its signals.
    pub fn into_signals(self) -> Array2<f32> {
        self.signals
    }

    /// A copy holding only the samples in `start..end` (clamped to the record).
    pub fn slice_samples(&self, start: usize, end: usize) -> Record {
        let end = end.min(self.n_samples());
        let start = start.min(end);
        Record {
            signals: self.signals.slice(s![.., start..end]).to_owned(),
            ..self.clone_meta()
        }
    }

    fn clone_meta(&self) -> Record {
        Record {
            name: self.name.clone(),
            leads: self.leads.clone(),
            fs: self.fs,
            signals: Array2::zeros((self.leads.len(), 0)),
            start: self.start,
            comments: self.comments.clone(),
        }
    }

    /// Derives the limb leads III, aVR, aVL, aVF from I and II (see [`derive_limb_leads`]).
    pub fn derived_limb_leads(&self) -> Result<LimbLeads, RecordError> {
        let i = self
            .lead(&Lead::I)
            .ok_or(RecordError::MissingLead(Lead::I))?;
        let ii = self
            .lead(&Lead::II)
            .ok_or(RecordError::MissingLead(Lead::II))?;
        Ok(derive_limb_leads(i, ii))
    }

    /// Adds whichever of III, aVR, aVL, aVF the record lacks, derived from I and II.
    pub fn with_derived_limb_leads(mut self) -> Result<Record, RecordError> {
        let derived = self.derived_limb_leads()?;
        let mut add: Vec<(Lead, Array1<f32>)> = Vec::new();
        for (lead, sig) in [
            (Lead::III, derived.iii),
            (Lead::AVR, derived.avr),
            (Lead::AVL, derived.avl),
            (Lead::AVF, derived.avf),
        ] {
            if self.lead_index(&lead).is_none() {
                add.push((lead, sig));
            }
        }
        for (lead, sig) in add {
            self.signals
                .push(Axis(0), sig.view())
                .map_err(|_| RecordError::ShapeMismatch {
                    leads: self.leads.len() + 1,
                    rows: self.signals.nrows(),
                })?;
            self.leads.push(lead);
        }
        Ok(self)
    }
}

/// [`RecordError::DuplicateLead`] for the first lead listed twice.
fn check_unique(leads: &[Lead]) -> Result<(), RecordError> {
    // Records hold a few dozen leads at most in practice; a header may declare thousands of
    // signals, so a set keeps this linear.
    let mut seen = std::collections::HashMap::with_capacity(leads.len());
    for (k, l) in leads.iter().enumerate() {
        if let Some(&first) = seen.get(l) {
            return Err(RecordError::DuplicateLead {
                lead: l.clone(),
                first,
                second: k,
            });
        }
        seen.insert(l, k);
    }
    Ok(())
}

fn from_interleaved<T: Copy + Into<i64>>(
    name: String,
    leads: Vec<Lead>,
    fs: SampleRate,
    counts: &[T],
    gain_uv: f64,
    baseline: i32,
) -> Result<Record, RecordError> {
    if !(gain_uv.is_finite() && gain_uv > 0.0) {
        return Err(RecordError::InvalidGain { found: gain_uv });
    }
    let nl = leads.len();
    if nl == 0 || !counts.len().is_multiple_of(nl) {
        return Err(RecordError::PartialFrame {
            samples: counts.len(),
            leads: nl,
        });
    }
    check_unique(&leads)?;
    let n = counts.len() / nl;
    let scale = gain_uv / 1000.0;
    let base = i64::from(baseline);
    let mut signals = Array2::<f32>::zeros((nl, n));
    for (k, mut row) in signals.rows_mut().into_iter().enumerate() {
        for (o, &c) in row.iter_mut().zip(counts.iter().skip(k).step_by(nl)) {
            *o = ((c.into() - base) as f64 * scale) as f32;
        }
    }
    Record::new(name, leads, fs, signals)
}

/// The four limb leads derived from I and II.
#[derive(Debug, Clone, PartialEq)]
pub struct LimbLeads {
    /// III = II − I (Einthoven).
    pub iii: Array1<f32>,
    /// aVR = −(I + II) / 2 (Goldberger).
    pub avr: Array1<f32>,
    /// aVL = I − II / 2.
    pub avl: Array1<f32>,
    /// aVF = II − I / 2.
    pub avf: Array1<f32>,
}

/// Derives III, aVR, aVL and aVF from leads I and II by Einthoven's and Goldberger's relations.
///
/// ```
/// use ndarray::array;
/// let d = sinus::record::derive_limb_leads(array![1.0f32].view(), array![2.0f32].view());
/// assert_eq!((d.iii[0], d.avr[0], d.avl[0], d.avf[0]), (1.0, -1.5, 0.0, 1.5));
/// ```
pub fn derive_limb_leads(i: ArrayView1<'_, f32>, ii: ArrayView1<'_, f32>) -> LimbLeads {
    let n = i.len().min(ii.len());
    let (i, ii) = (i.slice(s![..n]), ii.slice(s![..n]));
    LimbLeads {
        iii: ndarray::Zip::from(&i).and(&ii).map_collect(|&a, &b| b - a),
        avr: ndarray::Zip::from(&i)
            .and(&ii)
            .map_collect(|&a, &b| -0.5 * (a + b)),
        avl: ndarray::Zip::from(&i)
            .and(&ii)
            .map_collect(|&a, &b| a - 0.5 * b),
        avf: ndarray::Zip::from(&i)
            .and(&ii)
            .map_collect(|&a, &b| b - 0.5 * a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_is_checked() {
        let fs = SampleRate::new(250.0).unwrap();
        let err = Record::new("x", vec![Lead::I], fs, Array2::zeros((2, 10))).unwrap_err();
        assert_eq!(err, RecordError::ShapeMismatch { leads: 1, rows: 2 });
    }

    #[test]
    fn derived_leads_are_added_once() {
        let fs = SampleRate::new(250.0).unwrap();
        let sig = ndarray::array![[1.0f32, 2.0], [3.0, 5.0]];
        let rec = Record::new("x", vec![Lead::I, Lead::II], fs, sig)
            .unwrap()
            .with_derived_limb_leads()
            .unwrap();
        assert_eq!(rec.n_leads(), 6);
        assert_eq!(rec.lead(&Lead::III).unwrap().to_vec(), vec![2.0, 3.0]);
        assert_eq!(rec.lead(&Lead::AVR).unwrap().to_vec(), vec![-2.0, -3.5]);
        let again = rec.clone().with_derived_limb_leads().unwrap();
        assert_eq!(again.n_leads(), 6);
    }

    #[test]
    fn start_time_moves_across_days_months_and_years() {
        let st = |date, time| StartTime {
            date: Some(date),
            time: Some(time),
        };
        let t = st((2023, 12, 31), (23, 59, 59.5)).offset_by(1.0);
        assert_eq!(t.date, Some((2024, 1, 1)));
        assert_eq!(t.time, Some((0, 0, 0.5)));
        let t = st((2023, 3, 1), (0, 0, 0.0)).offset_by(-1.0);
        assert_eq!(t.date, Some((2023, 2, 28)));
        assert_eq!(t.time, Some((23, 59, 59.0)));
        let t = st((2024, 1, 31), (12, 0, 0.0)).offset_by(40.0 * 86_400.0);
        assert_eq!(t.date, Some((2024, 3, 11)));
        let no_time = StartTime {
            date: Some((2024, 1, 1)),
            time: None,
        };
        assert_eq!(no_time.offset_by(1e6), no_time);
    }

    #[test]
    fn bad_rates_rejected() {
        for hz in [0.0, -1.0, f64::INFINITY, f64::NAN] {
            assert!(SampleRate::new(hz).is_err());
        }
    }
}
