//! The MIT (WFDB) binary annotation format: reading and writing.
//!
//! An annotation file is a stream of 16-bit little-endian words. In each word the top 6 bits
//! are a code `A` and the low 10 bits a datum `I`:
//!
//! | `A` | meaning |
//! |---|---|
//! | 0, `I` = 0 | end of file |
//! | 1–58 (and 0 with `I` ≠ 0) | an annotation of code `A`, `I` samples after the previous one |
//! | 59 `SKIP` | the next 4 bytes are a signed 32-bit interval (PDP-11 order: high word first) added to the time |
//! | 60 `NUM` | `num` of the current annotation is the low byte of `I` (signed); it carries over to later annotations |
//! | 61 `SUB` | `subtyp` of the current annotation is the low byte of `I` (signed) |
//! | 62 `CHN` | `chan` of the current annotation is the low byte of `I`; it carries over to later annotations |
//! | 63 `AUX` | `I & 0xff` bytes of auxiliary text follow, padded with a zero byte to an even length |
//!
//! `SUB`, `CHN`, `NUM` and `AUX` words follow the annotation word they modify; `SKIP` precedes it.
//!
//! Choices this module makes, and why:
//! - **Auxiliary text** is decoded as UTF-8 *lossily* (invalid bytes become U+FFFD) and never
//!   fails: the text is a label, and refusing a whole file for one odd byte helps no one. Trailing
//!   NUL bytes are dropped: many writers (the MIT-BIH `.atr` files among them) count the C string
//!   terminator in the length, as in `"(N\0"`. An `AUX` of length zero reads as `Some("")`.
//! - **Definition annotations** such as the `## time resolution: 360` note that some writers put at
//!   sample 0 (code `NOTE`) are returned like any other annotation, so that nothing in a file is
//!   lost; [`time_resolution`] reads the frequency from them. They are not beats, so beat counts
//!   are unaffected.
//! - **Reading is bounded** by [`AnnotationOptions`]: the file's size (checked against the bytes
//!   read, under the file policy of [`crate::io::file`]) and the number of annotations, each
//!   with its own error; memory grows with the annotations found, never with the file's size
//!   alone.
//! - **Writing** rejects input that is not sorted by sample (a WFDB annotation file must be in
//!   time order) rather than silently reordering it; gaps over 1023 samples are written with
//!   `SKIP`, and `num` and `chan` are written only when they change, as WFDB's `putann` does.
//!
//! ```
//! use sinus::annotation::{Annotation, Code};
//! use sinus::io::annotations::{encode_annotations, parse_annotations};
//!
//! let mut rhythm = Annotation::new(18, Code::RHYTHM);
//! rhythm.aux = Some("(N".into());
//! let anns = vec![rhythm, Annotation::new(77, Code::NORMAL), Annotation::new(90_000, Code::PVC)];
//! let bytes = encode_annotations(&anns)?;
//! assert_eq!(parse_annotations(&bytes)?, anns);
//! # Ok::<(), sinus::io::annotations::AnnotationError>(())
//! ```

use crate::annotation::{Annotation, Code};
use std::path::{Path, PathBuf};

const SKIP: u8 = 59;
const NUM: u8 = 60;
const SUB: u8 = 61;
const CHN: u8 = 62;
const AUX: u8 = 63;
/// Largest interval an annotation word holds; longer gaps need a `SKIP`.
const MAX_INTERVAL: u64 = 0x3ff;
/// Highest code WFDB writes as an annotation (`ACMAX`).
const MAX_WRITABLE_CODE: u8 = 49;

/// Caps on what reading an annotation file may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct AnnotationOptions {
    /// The most annotations returned ([`AnnotationError::TooManyAnnotations`]). Default 2^22
    /// (4,194,304; a 24-hour Holter record holds about 100,000 beats).
    pub max_annotations: usize,
    /// The largest file read, in bytes ([`AnnotationError::File`] with
    /// [`FileError::TooLarge`](crate::io::FileError::TooLarge)). Default 64 MiB (a 24-hour
    /// `.atr` file takes a few hundred kB).
    pub max_file_bytes: u64,
}

impl Default for AnnotationOptions {
    fn default() -> Self {
        AnnotationOptions {
            max_annotations: 1 << 22,
            max_file_bytes: 64 << 20,
        }
    }
}

/// What can go wrong reading or writing an MIT annotation file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AnnotationError {
    /// The file could not be read or written.
    #[error("annotation file {}: I/O error", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file could not be read under the file policy (not a regular file, symbolic link
    /// leaving its directory, larger than [`AnnotationOptions::max_file_bytes`]).
    #[error(transparent)]
    File(crate::io::FileError),
    /// The data hold more annotations than [`AnnotationOptions::max_annotations`].
    #[error("more than {max} annotations (AnnotationOptions::max_annotations), at byte {offset}")]
    TooManyAnnotations {
        /// Byte offset of the first annotation past the cap.
        offset: usize,
        /// The cap.
        max: usize,
    },
    /// The data ended inside a 16-bit word or inside a `SKIP` interval.
    #[error(
        "annotation data truncated at byte {offset}: expected {expected} more bytes, found {found}"
    )]
    Truncated {
        /// Byte offset of the incomplete item.
        offset: usize,
        /// Bytes the item needs.
        expected: usize,
        /// Bytes that remain.
        found: usize,
    },
    /// An `AUX` field says it holds more bytes than remain in the data.
    #[error("AUX field at byte {offset} declares {declared} bytes but only {available} remain")]
    AuxTooLong {
        /// Byte offset of the `AUX` word.
        offset: usize,
        /// Length the field declares.
        declared: usize,
        /// Bytes that remain after the word.
        available: usize,
    },
    /// A `SKIP` moved the time before sample 0 or beyond what a sample number can hold.
    #[error(
        "annotation time out of range at byte {offset}: {time} is not a sample number from 0 to 2^63"
    )]
    SampleOutOfRange {
        /// Byte offset of the word that did it.
        offset: usize,
        /// The time it produced.
        time: i128,
    },
    /// A `SUB` or `AUX` word came before any annotation it could belong to.
    #[error("{field} modifier at byte {offset} precedes the first annotation")]
    OrphanModifier {
        /// `"SUB"` or `"AUX"`.
        field: &'static str,
        /// Byte offset of the word.
        offset: usize,
    },
    /// Annotations to write were not sorted by sample.
    #[error(
        "annotation {index} (sample {sample}) comes before the previous one (sample {previous}): annotations must be sorted by sample"
    )]
    Unsorted {
        /// Index of the offending annotation.
        index: usize,
        /// Its sample.
        sample: u64,
        /// The previous annotation's sample.
        previous: u64,
    },
    /// An annotation's code cannot be written as an annotation word.
    #[error("annotation {index} has code {code}: only codes 1 to 49 can be written")]
    UnwritableCode {
        /// Index of the offending annotation.
        index: usize,
        /// The code.
        code: u8,
    },
    /// An annotation's auxiliary text is longer than the format's 255 bytes.
    #[error("annotation {index} has {len} bytes of aux text: at most 255 fit")]
    AuxTooLongToWrite {
        /// Index of the offending annotation.
        index: usize,
        /// Its length in bytes.
        len: usize,
    },
}

/// Read an MIT annotation file (any annotator extension: `.atr`, `.qrs`, `.ii`, ...) with the
/// default [`AnnotationOptions`].
///
/// See [`parse_annotations`] for the semantics.
pub fn read_annotations(path: impl AsRef<Path>) -> Result<Vec<Annotation>, AnnotationError> {
    read_annotations_with(path, &AnnotationOptions::default())
}

/// Read an MIT annotation file with explicit caps.
pub fn read_annotations_with(
    path: impl AsRef<Path>,
    opts: &AnnotationOptions,
) -> Result<Vec<Annotation>, AnnotationError> {
    use crate::io::file::OpenError;
    let path = path.as_ref();
    let bytes = crate::io::file::read_file(path, opts.max_file_bytes).map_err(|e| match e {
        OpenError::Io { path, source } => AnnotationError::Io { path, source },
        OpenError::Refused(f) => AnnotationError::File(f),
    })?;
    parse_annotations_with(&bytes, opts)
}

/// Parse MIT annotation data held in memory, with the default [`AnnotationOptions`].
///
/// Reading stops at the `0 0` end marker (anything after it is ignored) or at the end of the
/// data, whichever comes first. Samples are absolute (from the start of the record). `num` and
/// `chan` carry over from one annotation to the next until a `NUM` or `CHN` word changes them;
/// `subtype` and `aux` belong to one annotation only.
pub fn parse_annotations(bytes: &[u8]) -> Result<Vec<Annotation>, AnnotationError> {
    parse_annotations_with(bytes, &AnnotationOptions::default())
}

/// Parse MIT annotation data held in memory, with explicit caps.
pub fn parse_annotations_with(
    bytes: &[u8],
    opts: &AnnotationOptions,
) -> Result<Vec<Annotation>, AnnotationError> {
    // Grown as annotations are found: reserving by the data size cost 20 bytes of memory per
    // byte of file before a single annotation was seen.
    let mut out: Vec<Annotation> = Vec::new();
    let mut time: i128 = 0;
    let mut num: i8 = 0;
    let mut chan: u8 = 0;
    let mut pos = 0usize;
    while pos < bytes.len() {
        let word_at = pos;
        let word = read_word(bytes, pos)?;
        pos += 2;
        if word == 0 {
            break;
        }
        let code = (word >> 10) as u8;
        let datum = word & 0x3ff;
        let low = (datum & 0xff) as u8;
        match code {
            SKIP => {
                let hi = read_word(bytes, pos)?;
                let lo = read_word(bytes, pos + 2)?;
                pos += 4;
                let skip = ((u32::from(hi) << 16) | u32::from(lo)) as i32;
                time += i128::from(skip);
                check_time(time, word_at)?;
            }
            NUM => {
                num = low as i8;
                if let Some(last) = out.last_mut() {
                    last.num = num;
                }
            }
            CHN => {
                chan = low;
                if let Some(last) = out.last_mut() {
                    last.channel = chan;
                }
            }
            SUB => {
                let last = out.last_mut().ok_or(AnnotationError::OrphanModifier {
                    field: "SUB",
                    offset: word_at,
                })?;
                last.subtype = low as i8;
            }
            AUX => {
                let len = usize::from(low);
                let available = bytes.len() - pos;
                if len > available {
                    return Err(AnnotationError::AuxTooLong {
                        offset: word_at,
                        declared: len,
                        available,
                    });
                }
                let text = &bytes[pos..pos + len];
                pos += len + (len & 1);
                let last = out.last_mut().ok_or(AnnotationError::OrphanModifier {
                    field: "AUX",
                    offset: word_at,
                })?;
                let end = text.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
                last.aux = Some(String::from_utf8_lossy(&text[..end]).into_owned());
            }
            _ => {
                time += i128::from(datum);
                check_time(time, word_at)?;
                if out.len() >= opts.max_annotations {
                    return Err(AnnotationError::TooManyAnnotations {
                        offset: word_at,
                        max: opts.max_annotations,
                    });
                }
                out.push(Annotation {
                    sample: time as u64,
                    code: Code(code),
                    subtype: 0,
                    channel: chan,
                    num,
                    aux: None,
                });
            }
        }
    }
    Ok(out)
}

fn read_word(bytes: &[u8], pos: usize) -> Result<u16, AnnotationError> {
    match bytes.get(pos..pos + 2) {
        Some(&[a, b]) => Ok(u16::from_le_bytes([a, b])),
        _ => Err(AnnotationError::Truncated {
            offset: pos,
            expected: 2,
            found: bytes.len().saturating_sub(pos),
        }),
    }
}

fn check_time(time: i128, offset: usize) -> Result<(), AnnotationError> {
    if (0..=i128::from(i64::MAX)).contains(&time) {
        Ok(())
    } else {
        Err(AnnotationError::SampleOutOfRange { offset, time })
    }
}

/// Write annotations to an MIT annotation file (see [`encode_annotations`]).
pub fn write_annotations(
    path: impl AsRef<Path>,
    annotations: &[Annotation],
) -> Result<(), AnnotationError> {
    let path = path.as_ref();
    let bytes = encode_annotations(annotations)?;
    std::fs::write(path, bytes).map_err(|source| AnnotationError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Encode annotations in the MIT format, ending with the `0 0` marker.
///
/// The annotations must be sorted by sample ([`AnnotationError::Unsorted`] otherwise), have
/// codes 1–49, and aux texts of at most 255 bytes. An empty aux text (`Some("")`) is written
/// as no text. Nothing is added that the caller did not give: to record the sampling frequency
/// the WFDB way, put a `NOTE` at sample 0 with aux `"## time resolution: 360"` first.
pub fn encode_annotations(annotations: &[Annotation]) -> Result<Vec<u8>, AnnotationError> {
    let mut out = Vec::with_capacity(annotations.len() * 2 + 2);
    let put = |out: &mut Vec<u8>, code: u8, datum: u16| {
        out.extend_from_slice(&((u16::from(code) << 10) | (datum & 0x3ff)).to_le_bytes());
    };
    let mut time = 0u64;
    let mut num: i8 = 0;
    let mut chan: u8 = 0;
    for (index, a) in annotations.iter().enumerate() {
        if a.sample < time {
            return Err(AnnotationError::Unsorted {
                index,
                sample: a.sample,
                previous: time,
            });
        }
        if !(1..=MAX_WRITABLE_CODE).contains(&a.code.0) {
            return Err(AnnotationError::UnwritableCode {
                index,
                code: a.code.0,
            });
        }
        let aux = a.aux.as_deref().unwrap_or("").as_bytes();
        if aux.len() > 255 {
            return Err(AnnotationError::AuxTooLongToWrite {
                index,
                len: aux.len(),
            });
        }
        let mut delta = a.sample - time;
        if delta > MAX_INTERVAL {
            // A SKIP holds a signed 32-bit interval: very long gaps take several.
            while delta > 0 {
                let step = delta.min(i32::MAX as u64);
                put(&mut out, SKIP, 0);
                let v = step as u32;
                out.extend_from_slice(&((v >> 16) as u16).to_le_bytes());
                out.extend_from_slice(&(v as u16).to_le_bytes());
                delta -= step;
            }
        }
        put(&mut out, a.code.0, delta as u16);
        time = a.sample;
        if a.subtype != 0 {
            put(&mut out, SUB, u16::from(a.subtype as u8));
        }
        if a.channel != chan {
            put(&mut out, CHN, u16::from(a.channel));
            chan = a.channel;
        }
        if a.num != num {
            put(&mut out, NUM, u16::from(a.num as u8));
            num = a.num;
        }
        if !aux.is_empty() {
            put(&mut out, AUX, aux.len() as u16);
            out.extend_from_slice(aux);
            if aux.len() & 1 == 1 {
                out.push(0);
            }
        }
    }
    out.extend_from_slice(&[0, 0]);
    Ok(out)
}

/// The sampling frequency that a `## time resolution: F` note at sample 0 declares, if any.
///
/// ```
/// use sinus::annotation::{Annotation, Code};
/// use sinus::io::annotations::time_resolution;
/// let mut note = Annotation::new(0, Code::NOTE);
/// note.aux = Some("## time resolution: 250".into());
/// assert_eq!(time_resolution(&[note]), Some(250.0));
/// ```
pub fn time_resolution(annotations: &[Annotation]) -> Option<f64> {
    annotations
        .iter()
        .take_while(|a| a.sample == 0)
        .filter(|a| a.code == Code::NOTE)
        .filter_map(|a| a.aux.as_deref()?.strip_prefix("## time resolution:"))
        .filter_map(|s| s.trim().parse::<f64>().ok())
        .find(|f| f.is_finite() && *f > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_is_pdp11_order_and_signed() {
        // SKIP of 0x0001_0000 + 5 then N with interval 3.
        let bytes = [0x00, 0xec, 0x01, 0x00, 0x05, 0x00, 0x03, 0x04, 0, 0];
        let a = parse_annotations(&bytes).unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].sample, 0x1_0000 + 5 + 3);
        // A negative SKIP before sample 0 is an error carrying the offset.
        let bytes = [0x00, 0xec, 0xff, 0xff, 0xff, 0xff, 0x03, 0x04, 0, 0];
        assert!(matches!(
            parse_annotations(&bytes),
            Err(AnnotationError::SampleOutOfRange {
                offset: 0,
                time: -1
            })
        ));
    }

    #[test]
    fn num_and_chan_carry_over_sub_does_not() {
        let mut a = Annotation::new(10, Code::NORMAL);
        a.num = -3;
        a.channel = 2;
        a.subtype = 5;
        let mut b = Annotation::new(20, Code::PVC);
        b.num = -3;
        b.channel = 2;
        let bytes = encode_annotations(&[a.clone(), b.clone()]).unwrap();
        // N, SUB, CHN, NUM, V, end: the second annotation gets its num/chan by carry-over.
        assert_eq!(bytes.len(), 12);
        assert_eq!(parse_annotations(&bytes).unwrap(), vec![a, b]);
    }

    #[test]
    fn errors_carry_offsets() {
        assert!(matches!(
            parse_annotations(&[0x05, 0x04, 0x07]),
            Err(AnnotationError::Truncated { offset: 2, .. })
        ));
        assert!(matches!(
            parse_annotations(&[0x05, 0x04, 0x09, 0xfc, b'a']),
            Err(AnnotationError::AuxTooLong {
                offset: 2,
                declared: 9,
                available: 1
            })
        ));
        assert!(matches!(
            parse_annotations(&[0x02, 0xf4]),
            Err(AnnotationError::OrphanModifier { offset: 0, .. })
        ));
        assert!(matches!(
            encode_annotations(&[
                Annotation::new(5, Code::NORMAL),
                Annotation::new(4, Code::NORMAL)
            ]),
            Err(AnnotationError::Unsorted { index: 1, .. })
        ));
    }

    #[test]
    fn aux_is_lossy_and_nul_trimmed() {
        let bytes = [0x12, 0x70, 0x03, 0xfc, b'(', 0xff, 0, 0, 0, 0];
        let a = parse_annotations(&bytes).unwrap();
        assert_eq!(a[0].aux.as_deref(), Some("(\u{fffd}"));
    }
}
