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

    /// Samples in one block, the smallest run of samples that starts on a byte boundary (2 for
    /// 212, 3 for 310 and 311, else 1).
    pub fn samples_per_block(self) -> u64 {
        match self {
            Format::Packed212 => 2,
            Format::Packed310 | Format::Packed311 => 3,
            _ => 1,
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

/// Decodes `out.len()` samples from `bytes` into `out` (file order). `initial` (one initial value
/// per channel of the file) matters only for format 8. Missing bytes read as zero; the reader
/// checks lengths with [`Format::bytes_for`] first.
pub fn decode(fmt: Format, bytes: &[u8], out: &mut [i32], initial: &[i64]) {
    // Tight slice loops for the common formats when the bytes are all there.
    let whole = fmt
        .bytes_for(out.len() as u64)
        .is_some_and(|b| b <= bytes.len() as u64);
    match fmt {
        Format::Packed212 if whole => {
            let i = out.len() / 2 * 3;
            let mut pairs = out.chunks_exact_mut(2);
            for (o, b) in (&mut pairs).zip(bytes.chunks_exact(3)) {
                let (b0, b1, b2) = (u32::from(b[0]), u32::from(b[1]), u32::from(b[2]));
                o[0] = sext(b0 | ((b1 & 0x0f) << 8), 12);
                o[1] = sext(b2 | ((b1 & 0xf0) << 4), 12);
            }
            // An odd last sample sits in the block right after the pairs, whatever follows it in
            // the file (F1: not in `chunks_exact`'s remainder, which is empty or other bytes
            // when the file holds more than the samples need).
            if let [last] = pairs.into_remainder() {
                let byte = |k: usize| u32::from(bytes.get(k).copied().unwrap_or(0));
                *last = sext(byte(i) | ((byte(i + 1) & 0x0f) << 8), 12);
            }
            return;
        }
        Format::Le16 if whole => {
            for (o, b) in out.iter_mut().zip(bytes.chunks_exact(2)) {
                *o = i32::from(i16::from_le_bytes([b[0], b[1]]));
            }
            return;
        }
        _ => {}
    }
    let mut it = out.iter_mut();
    decode_with(fmt, bytes, it.len(), initial, |d| {
        if let Some(o) = it.next() {
            *o = d;
        }
    });
}

/// Decodes `n` samples from `bytes`, passing each digital value in file order to `emit`
/// (inlined per call site, so a fused decode-and-convert loop costs no intermediate buffer).
#[inline(always)]
pub fn decode_with(
    fmt: Format,
    bytes: &[u8],
    n: usize,
    initial: &[i64],
    mut emit: impl FnMut(i32),
) {
    let byte = |i: usize| u32::from(bytes.get(i).copied().unwrap_or(0));
    match fmt {
        Format::Le16 => {
            for b in bytes.chunks_exact(2).take(n) {
                emit(i32::from(i16::from_le_bytes([b[0], b[1]])));
            }
            for _ in (bytes.len() / 2).min(n)..n {
                emit(0);
            }
        }
        Format::Be16 => {
            for b in bytes.chunks_exact(2).take(n) {
                emit(i32::from(i16::from_be_bytes([b[0], b[1]])));
            }
            for _ in (bytes.len() / 2).min(n)..n {
                emit(0);
            }
        }
        Format::Offset8 => {
            for i in 0..n {
                emit(byte(i) as i32 - 128);
            }
        }
        Format::Diff8 => {
            let nch = initial.len().max(1);
            // wfdb-python accumulates in int32; wrapping keeps the same result on overflow.
            let mut acc: Vec<i32> = initial.iter().map(|&v| v as i32).collect();
            acc.resize(nch, 0);
            let mut c = 0;
            for i in 0..n {
                if let Some(a) = acc.get_mut(c) {
                    *a = a.wrapping_add(i32::from(byte(i) as u8 as i8));
                    emit(*a);
                }
                c += 1;
                if c == nch {
                    c = 0;
                }
            }
        }
        Format::Packed212 => {
            let pairs = n / 2;
            for b in bytes.chunks_exact(3).take(pairs) {
                let (b0, b1, b2) = (u32::from(b[0]), u32::from(b[1]), u32::from(b[2]));
                emit(sext(b0 | ((b1 & 0x0f) << 8), 12));
                emit(sext(b2 | ((b1 & 0xf0) << 4), 12));
            }
            for p in (bytes.len() / 3).min(pairs)..pairs {
                let (b0, b1, b2) = (byte(3 * p), byte(3 * p + 1), byte(3 * p + 2));
                emit(sext(b0 | ((b1 & 0x0f) << 8), 12));
                emit(sext(b2 | ((b1 & 0xf0) << 4), 12));
            }
            if n % 2 == 1 {
                let i = pairs * 3;
                emit(sext(byte(i) | ((byte(i + 1) & 0x0f) << 8), 12));
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
            let blocks = n.div_ceil(3);
            for k in 0..blocks {
                let s = unpack(std::array::from_fn(|j| byte(4 * k + j)));
                for v in s.into_iter().take(n - 3 * k) {
                    emit(v);
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
                // 310 pads a trailing pair of samples to a whole 4-byte block (room for a third).
                let pad = u64::from(fmt == 310 && n % 3 == 2);
                assert_eq!(f.samples_in(b), n + pad, "format {fmt} n {n}");
                if n > 0 {
                    assert!(
                        f.samples_in(b - 1) < n,
                        "format {fmt} n {n}: bytes_for not minimal"
                    );
                }
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
    fn decode_212_odd_count_ignores_trailing_bytes() {
        // F1: 3 samples (1025, 512, 61) need 5 bytes; 1 or 3 more must not change sample 2.
        for tail in [&[][..], &[0x00][..], &[0x27, 0xb4, 0x44][..]] {
            let mut bytes = vec![0x01, 0x24, 0x00, 0x3d, 0x00];
            bytes.extend_from_slice(tail);
            let mut out = [0i32; 3];
            decode(Format::Packed212, &bytes, &mut out, &[]);
            assert_eq!(out, [1025, 512, 61], "tail {tail:?}");
        }
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
