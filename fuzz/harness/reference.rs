//! An independent reference decoder for WFDB signal files, written plainly from the format
//! descriptions in WFDB's `signal(5)` manual page: every sample is a list of bit positions in the
//! file read as a little-endian bit stream (bit `i` is bit `i % 8` of byte `i / 8`), gathered one
//! bit at a time. It shares no code with `sinus::io::wfdb`, so it finds wrong values, not only
//! crashes.

/// Where sample `i` of a format lives: `(bit position in the stream, bit of the sample)` pairs,
/// and the sample's width in bits.
fn bit_map(format: u16, i: usize) -> (Vec<(usize, u32)>, u32) {
    let run = |start: usize, len: usize, to: u32| -> Vec<(usize, u32)> {
        (0..len).map(|b| (start + b, to + b as u32)).collect()
    };
    match format {
        // 8-bit first differences / offset binary: one byte each.
        8 | 80 => (run(8 * i, 8, 0), 8),
        // Two's complement, least significant byte first.
        16 => (run(16 * i, 16, 0), 16),
        // Two's complement, most significant byte first.
        61 => {
            let mut m = run(16 * i + 8, 8, 0);
            m.extend(run(16 * i, 8, 8));
            (m, 16)
        }
        // Pairs of 12-bit samples in 3 bytes: the first is the low 12 bits of the first byte pair;
        // the second takes its high 4 bits from the top of the second byte and its low 8 bits
        // from the third byte.
        212 => {
            let base = 24 * (i / 2);
            if i.is_multiple_of(2) {
                (run(base, 12, 0), 12)
            } else {
                let mut m = run(base + 16, 8, 0);
                m.extend(run(base + 12, 4, 8));
                (m, 12)
            }
        }
        // Three 10-bit samples in two 16-bit little-endian words: the first in bits 1-10 of the
        // first word, the second in bits 1-10 of the second word, the third with its low 5 bits
        // in bits 11-15 of the first word and its high 5 bits in bits 11-15 of the second.
        310 => {
            let base = 32 * (i / 3);
            match i % 3 {
                0 => (run(base + 1, 10, 0), 10),
                1 => (run(base + 17, 10, 0), 10),
                _ => {
                    let mut m = run(base + 11, 5, 0);
                    m.extend(run(base + 27, 5, 5));
                    (m, 10)
                }
            }
        }
        // Three 10-bit samples in one 32-bit little-endian word: bits 0-9, 10-19 and 20-29.
        311 => (run(32 * (i / 3) + 10 * (i % 3), 10, 0), 10),
        _ => (Vec::new(), 0),
    }
}

fn bit(bytes: &[u8], pos: usize) -> Option<u32> {
    bytes.get(pos / 8).map(|b| u32::from((b >> (pos % 8)) & 1))
}

/// Sample `i` as stored (unsigned bits gathered), or None if the bytes end before its last bit.
fn raw(format: u16, bytes: &[u8], i: usize) -> Option<(u32, u32)> {
    let (map, width) = bit_map(format, i);
    let mut v = 0u32;
    for (pos, to) in map {
        v |= bit(bytes, pos)? << to;
    }
    Some((v, width))
}

fn signed(v: u32, width: u32) -> i64 {
    let v = i64::from(v);
    if v >= 1 << (width - 1) {
        v - (1 << width)
    } else {
        v
    }
}

/// How many whole samples `bytes` hold in `format`.
pub fn samples_in(format: u16, bytes: &[u8]) -> usize {
    let mut n = 0;
    while raw(format, bytes, n).is_some() {
        n += 1;
    }
    n
}

/// The digital value of every sample (file order, frame-interleaved over `initial.len()`
/// channels): None for an invalid-sample sentinel. Format 8 accumulates each channel's
/// differences onto its initial value in 32-bit arithmetic.
pub fn digital(format: u16, bytes: &[u8], n: usize, initial: &[i64]) -> Vec<Option<i64>> {
    let nch = initial.len().max(1);
    let mut acc: Vec<i32> = initial.iter().map(|&v| v as i32).collect();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let Some((v, width)) = raw(format, bytes, i) else {
            break;
        };
        let d = match format {
            8 => {
                let a = &mut acc[i % nch];
                *a = a.wrapping_add(signed(v, 8) as i32);
                Some(i64::from(*a))
            }
            80 => {
                let d = i64::from(v) - 128;
                (d != -128).then_some(d)
            }
            _ => {
                let d = signed(v, width);
                (d != -(1 << (width - 1))).then_some(d)
            }
        };
        out.push(d);
    }
    out
}

/// Physical value in mV, as WFDB defines it: (digital − baseline) / gain; NaN for a sentinel.
pub fn physical(d: Option<i64>, baseline: i64, gain: f64) -> f32 {
    match d {
        Some(d) => ((d - baseline) as f64 / gain) as f32,
        None => f32::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_agrees_with_the_manual_examples() {
        // 212: 0x123 and -1 in bytes 0x23, 0xf1, 0xff.
        let d = digital(212, &[0x23, 0xf1, 0xff], 2, &[0]);
        assert_eq!(d, vec![Some(291), Some(-1)]);
        // 311: 5, -3, 300 in one word.
        let w: u32 = 5 | (0x3fd << 10) | (0x12c << 20);
        assert_eq!(
            digital(311, &w.to_le_bytes(), 3, &[0]),
            vec![Some(5), Some(-3), Some(300)]
        );
        assert_eq!(samples_in(212, &[0; 5]), 3);
        assert_eq!(samples_in(310, &[0; 3]), 1);
        assert_eq!(samples_in(311, &[0; 3]), 2);
    }
}
