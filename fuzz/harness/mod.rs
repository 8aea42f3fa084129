//! The fuzz harnesses: one function per target, each taking the fuzzer's bytes.
//!
//! Compiled twice: by the cargo-fuzz targets in `fuzz/fuzz_targets/` (nightly, libFuzzer) and,
//! through `#[path]`, by `tests/io/fuzz_replay.rs` in the main crate's stable `cargo test`, which
//! replays every crash input kept in `fixtures/fuzz/<target>/` through the same code.
//!
//! A harness panics when it finds a bug: a panic inside sinus, or a check of its own failing
//! (values differing from the reference decoder, a windowed read differing from the whole read,
//! a file refused for the wrong reason, a round trip that does not return what went in). Typed
//! errors from sinus are the expected answer to bad input and pass.
//!
//! Input layouts (stable: the kept crash inputs depend on them):
//! - `header`: header text, optionally followed by `\n@@DATA@@\n` and bytes written to every
//!   signal file the header names.
//! - `signal`: `[format, channels, flags, gain, baseline, initial, window, body...]` (see
//!   [`signal`]).
//! - `annotations`, `wav`, `csv`: the file's bytes.
//! - `mat`: `[signals, flags, body...]`: a `.mat` container built around `body`, or `body`
//!   itself when flags bit 0 is set.
//! - `analyze`: `[mode, ...]`: a synthetic record (mode even) or raw samples (mode odd).
//! - `files`: `[header kind, signal kind, name length, name..., signal name length, signal
//!   name..., data...]` (see [`files`]).
#![allow(dead_code)]

mod reference;

use sinus::io::wfdb::{self, ReadOptions, WfdbError, WfdbReader};
use sinus::io::{FileError, FileKind};
use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// Every target, in the order CI runs them.
pub const TARGETS: [&str; 8] = [
    "header",
    "signal",
    "annotations",
    "wav",
    "csv",
    "mat",
    "analyze",
    "files",
];

/// Runs the harness of `target` on `data`.
pub fn run(target: &str, data: &[u8]) {
    match target {
        "header" => header(data),
        "signal" => signal(data),
        "annotations" => annotations(data),
        "wav" => wav(data),
        "csv" => csv(data),
        "mat" => mat(data),
        "analyze" => analyze(data),
        "files" => files(data),
        other => panic!("unknown fuzz target {other}"),
    }
}

thread_local! {
    static SCRATCH: RefCell<Option<tempfile::TempDir>> = const { RefCell::new(None) };
}

/// An empty scratch folder for this thread (emptied on every call).
fn scratch() -> PathBuf {
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        let dir = s
            .get_or_insert_with(|| tempfile::tempdir().expect("scratch dir"))
            .path()
            .to_path_buf();
        let work = dir.join("w");
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work).expect("scratch dir");
        work
    })
}

fn split<'a>(data: &'a [u8], sep: &[u8]) -> (&'a [u8], &'a [u8]) {
    match data.windows(sep.len()).position(|w| w == sep) {
        Some(i) => (&data[..i], &data[i + sep.len()..]),
        None => (data, &[]),
    }
}

fn same(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

fn small_opts() -> ReadOptions {
    ReadOptions::default()
        .max_samples(1 << 18)
        .verify_checksums(false)
        .max_signals(64)
        .max_header_bytes(1 << 16)
}

/// Reading `path` window by window, and by arbitrary ranges, gives the whole read's values.
fn check_windows(path: &Path, opts: &ReadOptions, whole: &sinus::Record, step: u64) {
    let n = whole.n_samples() as u64;
    let reader = WfdbReader::open(path, opts).expect("whole read worked, windowed open must");
    assert_eq!(reader.n_samples(), n);
    let fs = reader.fs().hz();
    let mut at = 0usize;
    for w in reader.windows(step as f64 / fs) {
        let w = w.expect("window read");
        assert_eq!(w.n_leads(), whole.n_leads());
        for k in 0..w.n_leads() {
            for (i, &v) in w.signals().row(k).iter().enumerate() {
                let u = whole.signals()[[k, at + i]];
                assert!(
                    same(u, v),
                    "window at {at}: lead {k} sample {i}: {v} vs {u}"
                );
            }
        }
        at += w.n_samples();
    }
    assert_eq!(at as u64, n);
    if n > 0 {
        let mut reader = WfdbReader::open(path, opts).expect("open");
        for (a, len) in [(n / 2, step), (n - 1, 3), (n / 3, n), (0, 1), (n / 5, 2)] {
            let w = reader.read_samples(a, len).expect("range read");
            for k in 0..w.n_leads() {
                for (i, &v) in w.signals().row(k).iter().enumerate() {
                    let u = whole.signals()[[k, a as usize + i]];
                    assert!(
                        same(u, v),
                        "range {a}+{len}: lead {k} sample {i}: {v} vs {u}"
                    );
                }
            }
        }
    }
}

fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "r.hea"
        && !name.contains(['/', '\\', '\0'])
        && !name.contains("..")
        && name.len() < 200
}

/// Header text from the fuzzer, with its signal files holding the bytes after the marker.
pub fn header(data: &[u8]) {
    let (hea, dat) = split(data, b"\n@@DATA@@\n");
    let _ = wfdb::parse_header(hea, Path::new("r.hea"));
    let dir = scratch();
    if std::fs::write(dir.join("r.hea"), hea).is_err() {
        return;
    }
    if let Ok(h) = wfdb::parse_header_with(hea, Path::new("r.hea"), 64) {
        let mut names: Vec<&str> = h.signals.iter().map(|s| s.file_name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        for name in names.into_iter().filter(|n| plain_name(n)).take(8) {
            let _ = std::fs::write(dir.join(name), dat);
        }
    }
    let opts = small_opts();
    if let Ok(out) = wfdb::read_detailed(dir.join("r"), &opts) {
        assert_eq!(out.record.n_leads(), out.header.n_signals);
        assert_eq!(out.checksums.len(), out.header.n_signals);
        if let Some(n) = out.header.n_samples {
            assert_eq!(out.record.n_samples() as u64, n);
        }
        // Gains are bounded so that no sample overflows to infinity.
        assert!(out.record.signals().iter().all(|v| !v.is_infinite()));
        let step = 1 + (dat.len() as u64 % 97);
        check_windows(&dir.join("r"), &opts, &out.record, step);
    }
}

const FORMATS: [u16; 7] = [8, 16, 61, 80, 212, 310, 311];
const GAINS: [f64; 8] = [200.0, 1.0, 1000.0, 0.5, -100.0, 12.5, 3.0, 65536.0];

/// A record in any format with the fuzzer's bytes as its signal file, checked value by value
/// against [`reference`], then window by window against the whole read.
///
/// Layout: `[format, channels, flags, gain, baseline, initial, window, body...]`; flags bit 0:
/// the header states the sample count; bits 1-2: skew of the last signal; bits 3-4: a byte
/// offset of 0, 3, 6 or 9 (the body's first bytes); bit 5: checksums in the header (unskewed
/// records only), verified.
pub fn signal(data: &[u8]) {
    let [f, c, flags, g, b, init, win, ..] = *data else {
        return;
    };
    let body = &data[7..];
    let format = FORMATS[f as usize % FORMATS.len()];
    let nch = 1 + usize::from(c % 4);
    let declare = flags & 1 != 0;
    let skew = u64::from((flags >> 1) & 3);
    let offset = 3 * usize::from((flags >> 3) & 3);
    let gain = GAINS[g as usize % GAINS.len()];
    let baseline = i64::from(b as i8) * 17;
    let initial: Vec<i64> = (0..nch).map(|k| i64::from(init as i8) + k as i64).collect();
    let Some(samples) = body.get(offset..) else {
        return;
    };
    let n = reference::samples_in(format, samples) / nch;
    let digital = reference::digital(format, samples, n * nch, &initial);
    assert_eq!(digital.len(), n * nch);
    let with_checksums = flags & 32 != 0 && skew == 0;

    let mut hea = format!("r {nch} 360");
    if declare {
        hea.push_str(&format!(" {n}"));
    }
    hea.push('\n');
    for k in 0..nch {
        let mut fmt = format.to_string();
        if k == nch - 1 && skew > 0 {
            fmt.push_str(&format!(":{skew}"));
        }
        if offset > 0 {
            fmt.push_str(&format!("+{offset}"));
        }
        // Without a checksum nothing may follow the initial value (the description would be
        // read as the checksum).
        let tail = if with_checksums {
            let s: i64 = (0..n)
                .map(|t| {
                    digital[t * nch + k].unwrap_or(match format {
                        80 => -128,
                        310 | 311 => -512,
                        212 => -2048,
                        _ => -32768,
                    })
                })
                .sum();
            format!(" {} 0 sig{k}", (s.rem_euclid(65536) as u16) as i16)
        } else {
            String::new()
        };
        hea.push_str(&format!(
            "r.dat {fmt} {gain}({baseline})/mV 12 0 {}{tail}\n",
            initial[k]
        ));
    }
    let dir = scratch();
    std::fs::write(dir.join("r.hea"), &hea).expect("write");
    std::fs::write(dir.join("r.dat"), body).expect("write");
    let opts = small_opts().verify_checksums(true);
    let rec = match wfdb::read_record_with(dir.join("r"), &opts) {
        Ok(r) => r,
        Err(WfdbError::TooLarge { .. }) if (n * nch) as u64 > opts.max_samples => return,
        Err(e) => panic!("a valid record was refused: {e}\n{hea}"),
    };
    assert_eq!(rec.signals().dim(), (nch, n), "{hea}");
    for k in 0..nch {
        let s = if k == nch - 1 { skew as usize } else { 0 };
        for t in 0..n {
            let want = if t + s < n {
                reference::physical(digital[(t + s) * nch + k], baseline, gain)
            } else {
                f32::NAN
            };
            let got = rec.signals()[[k, t]];
            assert!(
                same(got, want),
                "format {format}, signal {k}, sample {t}: read {got}, reference {want}\n{hea}"
            );
        }
    }
    check_windows(&dir.join("r"), &opts, &rec, 1 + u64::from(win));
}

/// MIT annotation bytes: parsed under a small count cap; what parses and can be written
/// round-trips.
pub fn annotations(data: &[u8]) {
    use sinus::io::annotations::{AnnotationOptions, encode_annotations, parse_annotations_with};
    let opts = AnnotationOptions::default().max_annotations(1 << 14);
    let Ok(anns) = parse_annotations_with(data, &opts) else {
        return;
    };
    assert!(anns.len() <= opts.max_annotations);
    let writable = anns.windows(2).all(|w| w[0].sample <= w[1].sample)
        && anns
            .iter()
            .all(|a| (1..=49).contains(&a.code.0) && a.aux.as_ref().is_none_or(|s| s.len() <= 255));
    if writable {
        let bytes = encode_annotations(&anns).expect("writable annotations encode");
        let back = parse_annotations_with(&bytes, &opts).expect("encoded annotations parse");
        // Aux texts lose trailing NULs and empty ones read back as absent: compare the rest.
        assert_eq!(back.len(), anns.len());
        for (a, b) in anns.iter().zip(&back) {
            assert_eq!(
                (a.sample, a.code, a.subtype, a.channel, a.num),
                (b.sample, b.code, b.subtype, b.channel, b.num)
            );
        }
    }
}

/// WAV bytes, read with a 1 µV gain.
pub fn wav(data: &[u8]) {
    use sinus::io::wav::{WavOptions, read_wav_from};
    let opts = WavOptions::new(1.0).leads(vec![]);
    if let Ok(rec) = read_wav_from(data, &opts) {
        // Every sample came from at least one byte of the file.
        assert!(rec.n_leads() * rec.n_samples() <= data.len());
        assert!(rec.fs().hz() > 0.0);
    }
}

/// CSV bytes, read under small caps.
pub fn csv(data: &[u8]) {
    use sinus::io::csv::{CsvOptions, read_csv_from};
    let opts = CsvOptions::default()
        .max_columns(64)
        .max_line_bytes(4096)
        .max_samples(1 << 16)
        .max_excerpt_chars(16);
    match read_csv_from(data, &opts) {
        Ok(rec) => {
            assert!(rec.n_leads() <= 64);
            assert!(rec.signals().iter().all(|v| v.is_finite()));
            assert!(rec.fs().hz().is_finite() && rec.fs().hz() > 0.0);
        }
        Err(e) => {
            // Messages quote excerpts, never whole cells: a bounded length whatever the input.
            assert!(e.to_string().len() < 400, "{}", e.to_string().len());
        }
    }
}

/// A Challenge-style `.mat` record: `[signals, flags, body...]`.
pub fn mat(data: &[u8]) {
    let [s, flags, ..] = *data else {
        return;
    };
    let body = &data[2..];
    let nsig = 1 + usize::from(s % 12);
    let raw = flags & 1 != 0;
    let (file, cols) = if raw {
        (body.to_vec(), body.len().saturating_sub(24) / 2 / nsig)
    } else {
        let cols = body.len() / 2 / nsig;
        let mut f = Vec::new();
        for v in [30i32, nsig as i32, cols as i32, 0, 4] {
            f.extend_from_slice(&v.to_le_bytes());
        }
        f.extend_from_slice(b"val\0");
        f.extend_from_slice(body);
        (f, cols)
    };
    let mut hea = format!("r {nsig} 500 {cols}\n");
    for k in 0..nsig {
        hea.push_str(&format!("r.mat 16+24 1000/mV 16 0 0 0 0 L{k}\n"));
    }
    let dir = scratch();
    std::fs::write(dir.join("r.hea"), &hea).expect("write");
    std::fs::write(dir.join("r.mat"), &file).expect("write");
    match wfdb::read_record_with(dir.join("r"), &small_opts()) {
        Ok(rec) => {
            assert_eq!(rec.signals().dim(), (nsig, cols));
            let samples = &file[24..];
            let digital = reference::digital(16, samples, nsig * cols, &vec![0; nsig]);
            for t in 0..cols {
                for k in 0..nsig {
                    let want = reference::physical(digital[t * nsig + k], 0, 1000.0);
                    assert!(same(rec.signals()[[k, t]], want), "sample {t} lead {k}");
                }
            }
        }
        Err(e) if raw => drop(e),
        Err(WfdbError::TooLarge { .. }) => {}
        Err(e) => panic!("a valid .mat record was refused: {e}"),
    }
}

/// The pipeline on a synthetic record (mode even) or on raw samples (mode odd), whole and piece
/// by piece: a report or a typed error, never a panic, and a report consistent with its record.
pub fn analyze(data: &[u8]) {
    use sinus::Pipeline;
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let pipeline = Pipeline::default();
    let rec = if mode % 2 == 0 {
        let [a, b, c, d, e, ..] = *rest else {
            return;
        };
        let fs = [125.0, 250.0, 360.0, 500.0, 1000.0][usize::from(b % 5)];
        let leads = if c % 2 == 0 {
            sinus::Lead::STANDARD_12.to_vec()
        } else {
            vec![sinus::Lead::MLII, sinus::Lead::V1]
        };
        let cfg = sinus::synth::SynthConfig {
            seed: u64::from(a) | (u64::from(d) << 8),
            duration_s: 2.0 + f64::from(e % 24),
            fs: sinus::SampleRate::new(fs).expect("rate"),
            leads,
            heart_rate_bpm: 35.0 + f64::from(a % 150),
            rhythm: if d % 3 == 0 {
                sinus::synth::Rhythm::AtrialFibrillation
            } else {
                sinus::synth::Rhythm::Sinus
            },
            ..sinus::synth::SynthConfig::default()
        };
        match sinus::synth::generate(&cfg) {
            Ok(s) => s.record,
            Err(_) => return,
        }
    } else {
        let [l, f, body @ ..] = rest else {
            return;
        };
        let nleads = 1 + usize::from(l % 12);
        let fs = [
            50.0, 100.0, 128.0, 250.0, 257.3, 360.0, 500.0, 1000.0, 2000.0, 1.0,
        ][usize::from(f % 10)];
        let n = (body.len() / 2 / nleads).min(20_000);
        let mut sig = ndarray::Array2::<f32>::zeros((nleads, n));
        for (i, v) in body.chunks_exact(2).take(n * nleads).enumerate() {
            let d = i16::from_le_bytes([v[0], v[1]]);
            sig[[i % nleads, i / nleads]] = match d {
                i16::MIN => f32::NAN,
                i16::MAX => f32::INFINITY,
                d => f32::from(d) / 1000.0,
            };
        }
        let leads = sinus::Lead::STANDARD_12[..nleads].to_vec();
        match sinus::Record::new(
            "fuzz",
            leads,
            sinus::SampleRate::new(fs).expect("rate"),
            sig,
        ) {
            Ok(r) => r,
            Err(_) => return,
        }
    };
    // The same record piece by piece, in small pieces: a report or a typed error too.
    let pieces = sinus::pipeline::LongOptions::default()
        .chunk_s(10.0 + f64::from(mode % 4) * 10.0)
        .margin_s(f64::from(mode % 7));
    if let Ok(report) = pipeline.analyze_long(&mut sinus::pipeline::InMemory(&rec), &pieces) {
        assert_eq!(report.record.n_samples, rec.n_samples());
        assert!(report.beats.total <= rec.n_samples());
    }
    if let Ok(report) = pipeline.analyze(&rec) {
        assert_eq!(report.record.n_samples, rec.n_samples());
        assert!(report.beats.total <= rec.n_samples());
        assert!(!report.statements.is_empty());
        let mut end = 0.0f64;
        for e in &report.rhythm_episodes {
            assert!(e.start_s >= end - 1e-9 && e.end_s > e.start_s, "{e:?}");
            end = e.end_s;
        }
    }
}

/// What a path in the `files` target is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Regular,
    LinkInside,
    LinkOutside,
    Fifo,
    Directory,
    LinkToDevZero,
    Dangling,
    LinkLoop,
}

const KINDS: [Kind; 8] = [
    Kind::Regular,
    Kind::LinkInside,
    Kind::LinkOutside,
    Kind::Fifo,
    Kind::Directory,
    Kind::LinkToDevZero,
    Kind::Dangling,
    Kind::LinkLoop,
];

#[cfg(unix)]
fn mkfifo(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    unsafe { libc::mkfifo(c.as_ptr(), 0o600) == 0 }
}

/// Puts a `kind` at `path` (in `dir`), holding `data` where it is a file; `outside` is a folder
/// beside `dir`. False when the file system refused (a name it does not take).
#[cfg(unix)]
fn make(kind: Kind, path: &Path, dir: &Path, outside: &Path, data: &[u8]) -> bool {
    use std::os::unix::fs::symlink;
    let name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    let target_name = {
        let mut t = std::ffi::OsString::from("target-");
        t.push(&name);
        t
    };
    match kind {
        Kind::Regular => std::fs::write(path, data).is_ok(),
        Kind::LinkInside => {
            std::fs::write(dir.join(&target_name), data).is_ok()
                && symlink(&target_name, path).is_ok()
        }
        Kind::LinkOutside => {
            std::fs::write(outside.join(&target_name), data).is_ok()
                && symlink(outside.join(&target_name), path).is_ok()
        }
        Kind::Fifo => mkfifo(path),
        Kind::Directory => std::fs::create_dir(path).is_ok(),
        Kind::LinkToDevZero => symlink("/dev/zero", path).is_ok(),
        Kind::Dangling => symlink("no-such-target", path).is_ok(),
        Kind::LinkLoop => {
            let mut other = name.clone();
            other.push(".loop");
            symlink(&other, path).is_ok() && symlink(&name, dir.join(&other)).is_ok()
        }
    }
}

/// Does the error say what `kind` calls for?
fn refused_as(kind: Kind, e: &WfdbError) -> bool {
    matches!(
        (kind, e),
        (
            Kind::LinkOutside | Kind::LinkToDevZero,
            WfdbError::File(FileError::SymlinkOutside { .. })
        ) | (
            Kind::Fifo,
            WfdbError::File(FileError::NotRegular {
                kind: FileKind::Fifo,
                ..
            })
        ) | (
            Kind::Directory,
            WfdbError::File(FileError::NotRegular {
                kind: FileKind::Directory,
                ..
            })
        ) | (Kind::Dangling | Kind::LinkLoop, WfdbError::Io { .. })
    )
}

/// File names, links and special files around a one-signal record, read by every reader and
/// walked by the batch folder walk: a record or the error its files call for, never a hang.
///
/// Layout: `[header kind, signal kind, name length, name bytes..., signal name length, signal
/// name bytes..., data...]`; kinds index [`KINDS`]; names lose `/` and NUL bytes.
#[cfg(unix)]
pub fn files(data: &[u8]) {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let [hk, sk, nl, rest @ ..] = data else {
        return;
    };
    let hkind = KINDS[usize::from(*hk) % KINDS.len()];
    let skind = KINDS[usize::from(*sk) % KINDS.len()];
    let nl = usize::from(nl % 40).min(rest.len());
    let (name, rest) = rest.split_at(nl);
    let Some((&sl, rest)) = rest.split_first() else {
        return;
    };
    let sl = usize::from(sl % 40).min(rest.len());
    let (sname, dat) = rest.split_at(sl);
    let name: Vec<u8> = name
        .iter()
        .copied()
        .filter(|&b| b != b'/' && b != 0)
        .collect();
    let name = if name.is_empty() { b"r".to_vec() } else { name };
    let sname: String = String::from_utf8_lossy(sname)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '/' && *c != '\0')
        .collect();
    let sname = if sname.is_empty() {
        "s.dat".to_string()
    } else {
        sname
    };

    let root = scratch();
    let dir = root.join("rec");
    let outside = root.join("outside");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::create_dir_all(&outside).expect("dir");
    let mut hea_name = name.clone();
    hea_name.extend_from_slice(b".hea");
    let hea_path = dir.join(OsStr::from_bytes(&hea_name));
    let hea_text = format!("r 1 250\n{sname} 16\n");
    let sig_path = dir.join(&sname);
    if hea_path == sig_path || !make(hkind, &hea_path, &dir, &outside, hea_text.as_bytes()) {
        return;
    }
    // A signal line starting with `#` is a comment: such a name cannot be written in a header.
    let safe = !sname.starts_with('#')
        && !sname.contains("..")
        && !sname.starts_with('~')
        && sname.as_bytes().get(1) != Some(&b':')
        && !sname.contains('\\');
    if std::fs::symlink_metadata(&sig_path).is_ok() {
        // The header's own files took the name: an ambiguous setup.
        return;
    }
    let sig_made = safe && make(skind, &sig_path, &dir, &outside, dat);
    let result = wfdb::read_record_with(&hea_path, &small_opts());
    let header_ok = matches!(hkind, Kind::Regular | Kind::LinkInside);
    match (&result, header_ok) {
        (Ok(_), true) => assert!(
            sig_made && matches!(skind, Kind::Regular | Kind::LinkInside),
            "read through a {skind:?} signal file"
        ),
        (Ok(_), false) => panic!("read through a {hkind:?} header"),
        (Err(e), false) => assert!(refused_as(hkind, e), "{hkind:?} header: {e}"),
        (Err(e), true) => {
            if sig_made {
                let plain = matches!(skind, Kind::Regular | Kind::LinkInside);
                assert!(
                    !plain || matches!(e, WfdbError::TooLarge { .. }),
                    "a plain record was refused: {e}"
                );
                assert!(plain || refused_as(skind, e), "{skind:?} signal file: {e}");
            }
        }
    }
    // The other readers on the same paths, and the folder walk: no hang, no panic.
    let _ = sinus::io::annotations::read_annotations(&hea_path);
    let _ = sinus::io::csv::read_csv(&sig_path, &sinus::io::csv::CsvOptions::default());
    let _ = sinus::batch::find_records(&root);
}

#[cfg(not(unix))]
pub fn files(_data: &[u8]) {}
