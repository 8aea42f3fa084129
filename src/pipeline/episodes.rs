//! Long recordings read window by window: each window gets the rhythm classifier of a resting
//! ECG, consecutive windows with the same label merge into episodes (see [`EpisodeConfig`]).

use super::{Pipeline, ReadLeads};
use crate::beats::BeatAnalysis;
use crate::pacing::BeatPacing;
use crate::report::{RhythmEpisode, time_by_label};
use crate::rhythm::{Rhythm, RhythmLabel};
use ndarray::{ArrayView2, s};

/// One window of a long record: its first sample, one past its last, and its rhythm.
pub(super) type WindowRhythm = (usize, usize, Rhythm);

impl Pipeline {
    /// A long record read window by window: the headline rhythm (the label holding longest,
    /// with the evidence of its first window; None when no window has a determined rhythm)
    /// and the episodes.
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
        let mut bounds: Vec<(usize, usize)> = (0..n / w).map(|k| (k * w, (k + 1) * w)).collect();
        let rem = n % w;
        if rem >= w / 2 || bounds.is_empty() {
            bounds.push((n - rem, n));
        } else if let Some(last) = bounds.last_mut() {
            last.1 = n;
        }
        let mut windows: Vec<(usize, usize, Rhythm)> = Vec::with_capacity(bounds.len());
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
            windows.push((a, b, r));
        }
        let secs = |x: usize| x as f64 / fs;
        let mut episodes: Vec<RhythmEpisode> = Vec::new();
        for (a, b, r) in &windows {
            match episodes.last_mut() {
                Some(e) if e.label == r.label => {
                    e.end_s = secs(*b);
                    e.windows += 1;
                }
                _ => episodes.push(RhythmEpisode {
                    start_s: secs(*a),
                    end_s: secs(*b),
                    label: r.label,
                    windows: 1,
                }),
            }
        }
        // The label holding longest, leaving out windows too poor to read.
        let Some(&(label, held)) = time_by_label(
            episodes
                .iter()
                .filter(|e| e.label != RhythmLabel::Undetermined),
        )
        .first() else {
            return (None, episodes, windows);
        };
        let total = secs(n);
        let count = windows.iter().filter(|(_, _, r)| r.label == label).count();
        let Some((a, _, first)) = windows.iter().find(|(_, _, r)| r.label == label) else {
            return (None, episodes, windows);
        };
        let mut rhythm = first.clone();
        rhythm.evidence.rule = format!(
            "{} in {count} of {} windows of {:.0} s ({:.0} % of the record); first at {:.0} s: {}",
            label.code(),
            windows.len(),
            self.cfg.episodes.window_s,
            100.0 * held / total.max(f64::MIN_POSITIVE),
            secs(*a),
            first.evidence.rule
        );
        (Some(rhythm), episodes, windows)
    }
}
