//! Traces at display resolution: one path per lead window, the samples reduced to the minimum
//! and maximum of each 0.2 mm output column (in the order they occur) so that no peak is lost
//! however many samples fall in a column, with integer coordinates in 0.1 mm and relative moves.

use super::layout::{CellGeometry, RectMm};
use super::svg::UNITS_PER_MM;
use ndarray::ArrayView1;
use std::fmt::Write;

/// Output column width in path units (0.2 mm: about 127 columns per inch, finer than the
/// 0.25 mm a 100 dpi screen shows at 100 %).
const COLUMN_UNITS: f64 = 2.0;

/// Writes a path's `d` attribute incrementally: absolute moves, relative line-tos, the middle
/// points of horizontal runs dropped.
struct PathWriter<'a> {
    out: &'a mut String,
    last: (i64, i64),
    pending: Option<(i64, i64)>,
    need_move: bool,
    in_lineto: bool,
}

impl<'a> PathWriter<'a> {
    fn new(out: &'a mut String) -> Self {
        PathWriter {
            out,
            last: (0, 0),
            pending: None,
            need_move: true,
            in_lineto: false,
        }
    }

    fn point(&mut self, x: i64, y: i64) {
        if self.need_move {
            self.flush();
            let _ = write!(self.out, "M{x} {y}");
            self.last = (x, y);
            self.need_move = false;
            self.in_lineto = false;
            return;
        }
        if let Some(p) = self.pending {
            if p == (x, y) {
                return;
            }
            if p.1 == y && self.last.1 == y {
                self.pending = Some((x, y));
                return;
            }
            self.flush();
        } else if self.last == (x, y) {
            return;
        }
        self.pending = Some((x, y));
    }

    fn flush(&mut self) {
        let Some((x, y)) = self.pending.take() else {
            return;
        };
        let (dx, dy) = (x - self.last.0, y - self.last.1);
        if !self.in_lineto {
            self.out.push('l');
            self.in_lineto = true;
        } else if dx >= 0 {
            self.out.push(' ');
        }
        let _ = write!(self.out, "{dx}");
        if dy >= 0 {
            self.out.push(' ');
        }
        let _ = write!(self.out, "{dy}");
        self.last = (x, y);
    }

    fn gap(&mut self) {
        self.flush();
        self.need_move = true;
    }
}

/// Samples to path units: x from time, y from amplitude, clamped a little outside the grid
/// (which clips the drawing) so that absurd values cannot bloat the file.
struct Mapper {
    /// x (units) of sample index 0 of the record.
    x_origin: f64,
    /// units per sample.
    x_step: f64,
    baseline: f64,
    gain: f64,
    offset: f32,
    sign: f32,
    y_min: f64,
    y_max: f64,
}

impl Mapper {
    fn y(&self, v: f32) -> i64 {
        let mv = f64::from(self.sign * v - self.offset);
        let y = (self.baseline - mv * self.gain).clamp(self.y_min, self.y_max);
        y.round() as i64
    }
    fn x(&self, i: usize) -> i64 {
        (self.x_origin + i as f64 * self.x_step).round() as i64
    }
}

/// Appends `<path d="..."/>` for one cell of lead samples `x` (the whole record row) sampled at
/// `fs`, in path units (the caller scales by 1/[`UNITS_PER_MM`]). Returns the number of points
/// written (for tests and benches), 0 when the window holds no finite sample.
pub(crate) fn write_cell(
    out: &mut String,
    x: ArrayView1<'_, f32>,
    fs: f64,
    cell: &CellGeometry,
    grid: &RectMm,
    mm_per_s: f64,
    mm_per_mv: f64,
) -> usize {
    let n = x.len();
    let a = ((cell.start_s * fs).round().max(0.0) as usize).min(n);
    let b = ((cell.end_s * fs).round().max(0.0) as usize).min(n).max(a);
    if b == a {
        return 0;
    }
    let u = UNITS_PER_MM;
    let m = Mapper {
        x_origin: (cell.x_mm - cell.start_s * mm_per_s) * u,
        x_step: mm_per_s / fs * u,
        baseline: cell.baseline_mm * u,
        gain: mm_per_mv * u,
        offset: cell.offset_mv,
        sign: if cell.inverted { -1.0 } else { 1.0 },
        y_min: (grid.y - 5.0) * u,
        y_max: (grid.bottom() + 5.0) * u,
    };
    let start = out.len();
    out.push_str("<path d=\"");
    let body = out.len();
    let mut w = PathWriter::new(out);
    let mut points = 0usize;
    let per_column = COLUMN_UNITS / m.x_step;
    let window = x.slice(ndarray::s![a..b]);
    let samples = window.as_slice();
    if per_column <= 2.0 {
        // Fewer than two samples per column: every sample is a point.
        let mut draw = |i: usize, v: f32, w: &mut PathWriter<'_>| {
            if v.is_finite() {
                w.point(m.x(i), m.y(v));
                points += 1;
            } else {
                w.gap();
            }
        };
        match samples {
            Some(s) => s
                .iter()
                .enumerate()
                .for_each(|(k, &v)| draw(a + k, v, &mut w)),
            None => window
                .iter()
                .enumerate()
                .for_each(|(k, &v)| draw(a + k, v, &mut w)),
        }
    } else {
        let owned;
        let s: &[f32] = match samples {
            Some(s) => s,
            None => {
                owned = window.to_vec();
                &owned
            }
        };
        let x0 = m.x_origin + a as f64 * m.x_step;
        let mut col = 0usize;
        let mut lo = 0usize;
        while lo < s.len() {
            col += 1;
            let hi = ((col as f64 * per_column).round() as usize).clamp(lo + 1, s.len());
            let (mut imin, mut imax) = (usize::MAX, usize::MAX);
            let (mut vmin, mut vmax) = (f32::INFINITY, f32::NEG_INFINITY);
            for (k, &v) in s[lo..hi].iter().enumerate() {
                if v < vmin {
                    vmin = v;
                    imin = k;
                }
                if v > vmax {
                    vmax = v;
                    imax = k;
                }
            }
            if imin == usize::MAX {
                w.gap();
            } else {
                let cx = (x0 + (col - 1) as f64 * COLUMN_UNITS).round() as i64;
                let (first, second) = if imin <= imax {
                    (vmin, vmax)
                } else {
                    (vmax, vmin)
                };
                let (y1, y2) = (m.y(first), m.y(second));
                w.point(cx, y1);
                points += 1;
                if y2 != y1 {
                    w.point(cx + 1, y2);
                    points += 1;
                }
                // A NaN inside the column breaks the line after it.
                if s[lo..hi].iter().any(|v| v.is_nan()) && s[hi - 1].is_nan() {
                    w.gap();
                }
            }
            lo = hi;
        }
    }
    w.flush();
    if out.len() == body {
        out.truncate(start);
        return 0;
    }
    out.push_str("\"/>\n");
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::layout::LeadStatus;
    use ndarray::Array1;

    fn cell() -> CellGeometry {
        CellGeometry {
            label: "II".into(),
            row: Some(0),
            inverted: false,
            x_mm: 10.0,
            width_mm: 250.0,
            baseline_mm: 50.0,
            top_mm: 30.0,
            height_mm: 40.0,
            start_s: 0.0,
            end_s: 10.0,
            offset_mv: 0.0,
            status: LeadStatus::Ok,
            rhythm: false,
        }
    }

    fn grid() -> RectMm {
        RectMm {
            x: 0.0,
            y: 0.0,
            w: 300.0,
            h: 200.0,
        }
    }

    #[test]
    fn a_single_sample_spike_survives_decimation() {
        // 2000 Hz: 16 samples per 0.2 mm column at 25 mm/s; one sample at 2 mV.
        let mut x = Array1::<f32>::zeros(20_000);
        x[7777] = 2.0;
        let mut out = String::new();
        write_cell(&mut out, x.view(), 2000.0, &cell(), &grid(), 25.0, 10.0);
        // Baseline at 500 units, the spike 200 units above.
        assert!(out.contains("-200"), "{out}");
        assert!(
            out.len() < 200,
            "flat line with one spike: {} bytes",
            out.len()
        );
    }

    #[test]
    fn nan_breaks_the_line_and_all_nan_draws_nothing() {
        let mut x = Array1::<f32>::from_elem(5000, 0.5);
        for v in x.iter_mut().skip(2000).take(500) {
            *v = f32::NAN;
        }
        let mut out = String::new();
        write_cell(&mut out, x.view(), 500.0, &cell(), &grid(), 25.0, 10.0);
        assert_eq!(out.matches('M').count(), 2, "{out}");
        let mut out = String::new();
        let nan = Array1::<f32>::from_elem(5000, f32::NAN);
        assert_eq!(
            write_cell(&mut out, nan.view(), 500.0, &cell(), &grid(), 25.0, 10.0),
            0
        );
        assert!(out.is_empty());
    }
}
