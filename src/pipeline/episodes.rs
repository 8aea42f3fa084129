//! Long recordings read window by window: each window gets the rhythm classifier of a resting
//! ECG, consecutive windows with the same label merge into episodes (see [`EpisodeConfig`]).
//!
//! The same pieces serve a record held in memory ([`Pipeline::read_episodes`]) and one read
//! piece by piece ([`super::long`]): [`window_bounds`] cuts a span into windows, each window's
//! rhythm is read from beats classified once over the record (or the piece), and
//! [`EpisodeTally`] merges the windows as they come.

use super::{Pipeline, ReadLeads};
use crate::beats::BeatAnalysis;
use crate::pacing::BeatPacing;
use crate::report::{RhythmEpisode, time_by_label};
use crate::rhythm::{Rhythm, RhythmInput, RhythmLabel};
use ndarray::{ArrayView2, s};

/// One window of a long record: its first sample, one past its last, and its rhythm.
pub(super) type WindowRhythm = (usize, usize, Rhythm);

/// The windows of `w` samples covering `start..end`: a last piece of half a window or more is a
/// window of its own, a shorter one joins the window before it.
pub(super) fn window_bounds(start: usize, end: usize, w: usize) -> Vec<(usize, usize)> {
    let w = w.max(1);
    let n = end.saturating_sub(start);
    let mut bounds: Vec<(usize, usize)> = (0..n / w)
        .map(|k| (start + k * w, start + (k + 1) * w))
        .collect();
    let rem = n % w;
    if rem >= w / 2 || bounds.is_empty() {
        bounds.push((end - rem, end));
    } else if let Some(last) = bounds.last_mut() {
        last.1 = end;
    }
    bounds
}

/// Window rhythms merged into episodes as they come (in time order), keeping per label only
/// what the headline needs: memory in the number of episodes, not of windows.
pub(super) struct EpisodeTally {
    fs: f64,
    episodes: Vec<RhythmEpisode>,
    /// Per label: windows seen, and the first window's start sample and rhythm.
    labels: Vec<(RhythmLabel, usize, usize, Rhythm)>,
    windows: usize,
}

impl EpisodeTally {
    pub(super) fn new(fs: f64) -> EpisodeTally {
        EpisodeTally {
            fs,
            episodes: Vec::new(),
            labels: Vec::new(),
            windows: 0,
        }
    }

    /// Adds the rhythm of window `a..b` (samples from the record's start).
    pub(super) fn push(&mut self, a: usize, b: usize, r: Rhythm) {
        let secs = |x: usize| x as f64 / self.fs;
        self.windows += 1;
        match self.episodes.last_mut() {
            Some(e) if e.label == r.label => {
                e.end_s = secs(b);
                e.windows += 1;
            }
            _ => self.episodes.push(RhythmEpisode {
                start_s: secs(a),
                end_s: secs(b),
                label: r.label,
                windows: 1,
            }),
        }
        match self.labels.iter_mut().find(|(l, ..)| *l == r.label) {
            Some(entry) => entry.1 += 1,
            None => self.labels.push((r.label, 1, a, r)),
        }
    }

    /// The headline rhythm (the label holding longest, with the evidence of its first window;
    /// None when no window has a determined rhythm) and the episodes, for a record of
    /// `n_samples` read in windows of `window_s`.
    pub(super) fn finish(
        self,
        n_samples: usize,
        window_s: f64,
    ) -> (Option<Rhythm>, Vec<RhythmEpisode>) {
        let secs = |x: usize| x as f64 / self.fs;
        // The label holding longest, leaving out windows too poor to read.
        let Some(&(label, held)) = time_by_label(
            self.episodes
                .iter()
                .filter(|e| e.label != RhythmLabel::Undetermined),
        )
        .first() else {
            return (None, self.episodes);
        };
        let total = secs(n_samples);
        let Some((_, count, a, first)) = self.labels.iter().find(|(l, ..)| *l == label) else {
            return (None, self.episodes);
        };
        let mut rhythm = first.clone();
        rhythm.evidence.rule = format!(
            "{} in {count} of {} windows of {:.0} s ({:.0} % of the record); first at {:.0} s: {}",
            label.code(),
            self.windows,
            window_s,
            100.0 * held / total.max(f64::MIN_POSITIVE),
            secs(*a),
            first.evidence.rule
        );
        (Some(rhythm), self.episodes)
    }
}

impl Pipeline {
    /// A long record held in memory read window by window, its beats classified once
    /// (`whole`, with the pacing of each beat in `pace`): the headline rhythm (the label holding
    /// longest, with the evidence of its first window; None when no window has a determined
    /// rhythm), the episodes, and each window's rhythm (to settle its beats).
    pub(super) fn read_episodes(
        &self,
        signals: ArrayView2<'_, f32>,
        fs: f64,
        whole: &BeatAnalysis,
        pace: &[BeatPacing],
        leads: &ReadLeads<'_>,
    ) -> (Option<Rhythm>, Vec<RhythmEpisode>, Vec<WindowRhythm>) {
        let n = signals.ncols();
        let w = ((self.cfg.episodes.window_s * fs).round() as usize).max(1);
        let bounds = window_bounds(0, n, w);
        let mut tally = EpisodeTally::new(fs);
        let mut windows: Vec<WindowRhythm> = Vec::with_capacity(bounds.len());
        for (a, b) in bounds {
            let slice = signals.slice(s![.., a..b]);
            let local = whole.window(
                slice,
                fs,
                a,
                b,
                leads.usable,
                leads.p_leads,
                &self.cfg.beats,
            );
            let lo = whole.beats.partition_point(|x| x.sample < a);
            let hi = whole.beats.partition_point(|x| x.sample < b);
            let local_pace = pace.get(lo..hi).unwrap_or(&[]);
            let r = self.rhythm_of(slice, fs, &local, local_pace, leads);
            tally.push(a, b, r.clone());
            windows.push((a, b, r));
        }
        let (headline, episodes) = tally.finish(n, self.cfg.episodes.window_s);
        (headline, episodes, windows)
    }

    /// A long record held in memory: the rhythm read window by window, each window's beats
    /// settled by its rhythm, and the headline (the label holding longest) with the beat
    /// figures, runs and ectopic pattern of the whole record; and the episodes.
    pub(super) fn read_long(
        &self,
        signals: ArrayView2<'_, f32>,
        fs: f64,
        a: &mut BeatAnalysis,
        pace: &[BeatPacing],
        leads: &ReadLeads<'_>,
    ) -> (Rhythm, Vec<RhythmEpisode>) {
        // A long record: the beats are classified once, the rhythm read window by window,
        // and the beats of each window settled by its rhythm.
        let (headline, episodes, windows) = self.read_episodes(signals, fs, a, pace, leads);
        for (start, end, r) in &windows {
            let lo = a.beats.partition_point(|b| b.sample < *start);
            let hi = a.beats.partition_point(|b| b.sample < *end);
            if let Some(bs) = a.beats.get_mut(lo..hi) {
                crate::rhythm::settle_beat_classes(r, bs);
            }
        }
        let mut headline = match headline {
            // The label and its rule come from the windows; the beat and RR figures
            // describe the whole record, as the report's counts do (the atrial figures
            // stay the window's: long records are not read for P waves as a whole).
            Some(mut h) => {
                let whole = RhythmInput::read(a, None);
                let w = &mut h.evidence.input;
                w.n_beats = whole.n_beats;
                w.mean_rate_bpm = whole.mean_rate_bpm;
                w.dominant_rate_bpm = whole.dominant_rate_bpm;
                w.nrmssd = whole.nrmssd;
                w.nrmssd_dominant = whole.nrmssd_dominant;
                w.nrmssd_no_ventricular = whole.nrmssd_no_ventricular;
                w.dominant_rr_range_ms = whole.dominant_rr_range_ms;
                w.premature_fraction = whole.premature_fraction;
                w.turning_point_ratio = whole.turning_point_ratio;
                h.evidence
                    .rule
                    .push_str("; beat figures over the whole record");
                h
            }
            None => self.rhythm_of(signals, fs, a, pace, leads),
        };
        // Runs over the whole record (a run may cross windows), and the pattern seen in
        // most windows that show one.
        headline.runs =
            crate::rhythm::ventricular::runs(&a.beats, fs, self.cfg.rhythm.tachycardia_bpm);
        let mut patterns: Vec<(crate::rhythm::EctopicPattern, usize)> = Vec::new();
        for (_, _, r) in &windows {
            if let Some(p) = r.pattern {
                match patterns.iter_mut().find(|(q, _)| *q == p) {
                    Some((_, n)) => *n += 1,
                    None => patterns.push((p, 1)),
                }
            }
        }
        if let Some(&(p, _)) = patterns.iter().max_by_key(|(_, n)| *n) {
            headline.pattern = Some(p);
        }
        (headline, episodes)
    }
}
