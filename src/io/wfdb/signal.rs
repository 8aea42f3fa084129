//! WFDB signal-file formats: byte counts and decoders into digital samples.
//!
//! Every decoder turns the first `n` samples of a byte slice (whose length the caller has checked
//! with [`Format::bytes_for`]) into `i32` digital values, in file order (frame-interleaved).

use serde::Serialize;

/// A WFDB signal storage format this crate decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Format {
    /// 8-bit first differences, accumulated from the initial value.
    Diff8,
    /// 16-bit two's complement, little-endian.
    Le16,
    /// 16-bit two's complement, big-endian.
    Be16,
    /// 8-bit offset binary (stored value − 128).
    Offset8,
    /// Two 12-bit samples packed in 3 bytes.
    Packed212,
    /// Three 10-bit samples packed in a 32-bit word (as 2 little-endian 16-bit halves).
    Packed310,
    /// Three 10-bit samples packed in a little-endian 32-bit word.
    Packed311,
}

impl Format {
    /// The format for a WFDB format code, if this crate decodes it.
    pub fn from_code(code: u16) -> Option<Format> {
        Some(match code {
            8 => Format::Diff8,
            16 => Format::Le16,
            61 => Format::Be16,
            80 => Format::Offset8,
            212 => Format::Packed212,
            310 => Format::Packed310,
            311 => Format::Packed311,
            _ => return None,
        })
    }

    /// The WFDB format code.
    pub fn code(self) -> u16 {
        match self {
            Format::Diff8 => 8,
            Format::Le16 => 16,
            Format::Be16 => 61,
            Format::Offset8 => 80,
            Format::Packed212 => 212,
            Format::Packed310 => 310,
            Format::Packed311 => 311,
        }
    }

    /// The digital value that marks an invalid sample (read as NaN), as in WFDB.
    pub fn invalid(self) -> Option<i32> {
        match self {
            Format::Diff8 => None,
            Format::Le16 | Format::Be16 => Some(-32768),
            Format::Offset8 => Some(-128),
            Format::Packed212 => Some(-2048),
            Format::Packed310 | Format::Packed311 => Some(-512),
        }
    }

    /// Bits per sample of the stored values (format 8 accumulates into wider values).
    pub fn bits(self) -> u32 {
        match self {
            Format::Diff8 | Format::Offset8 => 8,
            Format::Le16 | Format::Be16 => 16,
            Format::Packed212 => 12,
            Format::Packed310 | Format::Packed311 => 10,
        }
    }

    /// Bytes needed to read `n` samples (as wfdb-python counts them), or `None` on overflow.
    pub fn bytes_for(self, n: u64) -> Option<u64> {
        match self {
            Format::Diff8 | Format::Offset8 => Some(n),
            Format::Le16 | Format::Be16 => n.checked_mul(2),
            Format::Packed212 => n.checked_mul(3).map(|b| b.div_ceil(2)),
            Format::Packed310 if n % 3 == 2 => (n / 3 + 1).checked_mul(4),
            Format::Packed310 | Format::Packed311 => n.checked_mul(4).map(|b| b.div_ceil(3)),
        }
    }

    /// Whole samples held in `bytes` bytes.
    pub fn samples_in(self, bytes: u64) -> u64 {
        match self {
            Format::Diff8 | Format::Offset8 => bytes,
            Format::Le16 | Format::Be16 => bytes / 2,
            Format::Packed212 => bytes / 3 * 2 + u64::from(bytes % 3 == 2),
            Format::Packed310 => bytes / 4 * 3 + u64::from(bytes % 4 >= 2),
            Format::Packed311 => bytes / 4 * 3 + (bytes % 4).saturating_sub(1),
        }
    }
}

#[inline(always)]
fn sext(v: u32, bits: u32) -> i32 {
    ((v << (32 - bits)) as i32) >> (32 - bits)
}

/// Decodes `out.len()` samples from `bytes` into `out` (file order). `n_channels` and `initial`
/// (one initial value per channel) matter only for format 8. `bytes` must hold at least
/// `fmt.bytes_for(out.len())` bytes; the caller checks this, and missing bytes read as zero.
pub fn decode(fmt: Format, bytes: &[u8], out: &mut [i32], initial: &[i64]) {
    let n = out.len();
    match fmt {
        Format::Le16 => {
            for (o, b) in out.iter_mut().zip(bytes.chunks_exact(2)) {
                *o = i32::from(i16::from_le_bytes([b[0], b[1]]));
            }
        }
        Format::Be16 => {
            for (o, b) in out.iter_mut().zip(bytes.chunks_exact(2)) {
                *o = i32::from(i16::from_be_bytes([b[0], b[1]]));
            }
        }
        Format::Offset8 => {
            for (o, &b) in out.iter_mut().zip(bytes) {
                *o = i32::from(b) - 128;
            }
        }
        Format::Diff8 => {
            let nch = initial.len().max(1);
            // wfdb-python accumulates in int32; wrapping keeps the same result on overflow.
            let mut acc: Vec<i32> = initial.iter().map(|&v| v as i32).collect();
            acc.resize(nch, 0);
            for (frame_out, frame_in) in out.chunks_mut(nch).zip(bytes.chunks(nch)) {
                for ((o, &b), a) in frame_out.iter_mut().zip(frame_in).zip(acc.iter_mut()) {
                    *a = a.wrapping_add(i32::from(b as i8));
                    *o = *a;
                }
            }
        }
        Format::Packed212 => {
            let mut pairs = out.chunks_exact_mut(2);
            let mut blocks = bytes.chunks_exact(3);
            for (o, b) in (&mut pairs).zip(&mut blocks) {
                let (b0, b1, b2) = (u32::from(b[0]), u32::from(b[1]), u32::from(b[2]));
                o[0] = sext(b0 | ((b1 & 0x0f) << 8), 12);
                o[1] = sext(b2 | ((b1 & 0xf0) << 4), 12);
            }
            if let [last] = pairs.into_remainder() {
                let i = (n / 2) * 3;
                let b0 = u32::from(bytes.get(i).copied().unwrap_or(0));
                let b1 = u32::from(bytes.get(i + 1).copied().unwrap_or(0));
                *last = sext(b0 | ((b1 & 0x0f) << 8), 12);
            }
        }
        Format::Packed310 | Format::Packed311 => {
            let unpack = |b: [u32; 4]| -> [i32; 3] {
                if fmt == Format::Packed310 {
                    [
                        sext((b[0] >> 1) | ((b[1] & 0x07) << 7), 10),
                        sext((b[2] >> 1) | ((b[3] & 0x07) << 7), 10),
                        sext(((b[1] >> 3) & 0x1f) | (((b[3] >> 3) & 0x1f) << 5), 10),
                    ]
                } else {
                    [
                        sext(b[0] | ((b[1] & 0x03) << 8), 10),
                        sext((b[1] >> 2) | ((b[2] & 0x0f) << 6), 10),
                        sext((b[2] >> 4) | ((b[3] & 0x3f) << 4), 10),
                    ]
                }
            };
            let mut triples = out.chunks_exact_mut(3);
            let mut blocks = bytes.chunks_exact(4);
            for (o, b) in (&mut triples).zip(&mut blocks) {
                let s = unpack([b[0], b[1], b[2], b[3]].map(u32::from));
                o.copy_from_slice(&s);
            }
            let rest = triples.into_remainder();
            if !rest.is_empty() {
                let i = (n / 3) * 4;
                let b: [u32; 4] =
                    std::array::from_fn(|k| u32::from(bytes.get(i + k).copied().unwrap_or(0)));
                let s = unpack(b);
                for (o, v) in rest.iter_mut().zip(s) {
                    *o = v;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_round_trip() {
        for fmt in [8u16, 16, 61, 80, 212, 310, 311] {
            let f = Format::from_code(fmt).unwrap();
            assert_eq!(f.code(), fmt);
            for n in 0..20u64 {
                let b = f.bytes_for(n).unwrap();
                assert_eq!(f.samples_in(b), n, "format {fmt} n {n}");
            }
        }
        assert_eq!(Format::Packed212.bytes_for(u64::MAX), None);
    }

    #[test]
    fn decode_212() {
        // samples 0x123 = 291 and -1 (0xfff): bytes 0x23, 0xf1, 0xff
        let mut out = [0i32; 3];
        decode(
            Format::Packed212,
            &[0x23, 0xf1, 0xff, 0x00, 0x08],
            &mut out,
            &[0, 0],
        );
        assert_eq!(out, [291, -1, -2048]);
    }

    #[test]
    fn decode_310_311() {
        // 311: s0 = 5, s1 = -3 (0x3fd), s2 = 300 (0x12c)
        let word: u32 = 5 | (0x3fd << 10) | (0x12c << 20);
        let mut out = [0i32; 3];
        decode(Format::Packed311, &word.to_le_bytes(), &mut out, &[]);
        assert_eq!(out, [5, -3, 300]);
        // 310: s0 in bits 1..11 of the low half, s1 in bits 1..11 of the high half, s2 in the
        // bits 11..16 of each half.
        let (s0, s1, s2) = (5u32, 0x3fdu32, 0x12cu32);
        let lo = (s0 << 1) | ((s2 & 0x1f) << 11);
        let hi = (s1 << 1) | ((s2 >> 5) << 11);
        let mut bytes = (lo as u16).to_le_bytes().to_vec();
        bytes.extend((hi as u16).to_le_bytes());
        decode(Format::Packed310, &bytes, &mut out, &[]);
        assert_eq!(out, [5, -3, 300]);
    }

    #[test]
    fn decode_8_and_80_and_61() {
        let mut out = [0i32; 4];
        decode(Format::Diff8, &[1, 10, 0xff, 0xf6], &mut out, &[100, -5]);
        assert_eq!(out, [101, 5, 100, -5]);
        decode(Format::Offset8, &[0, 128, 255, 129], &mut out, &[]);
        assert_eq!(out, [-128, 0, 127, 1]);
        let mut out = [0i32; 2];
        decode(Format::Be16, &[0x01, 0x02, 0xff, 0xfe], &mut out, &[]);
        assert_eq!(out, [258, -2]);
    }
}
