//! Opening input files: the one policy every reader follows.
//!
//! - **Only regular files are read.** A directory, FIFO, socket or device (`/dev/zero`, a tty)
//!   is refused with [`FileError::NotRegular`]. The type is checked before opening (so nothing
//!   is opened that need not be), and again on the open handle, which is opened with
//!   `O_NONBLOCK` on Unix: a FIFO swapped in between the two checks can never block the reader.
//! - **Symbolic links are followed only inside their own directory.** A link is resolved
//!   (`canonicalize`, every level) and must land inside the directory that holds the link (the
//!   record's directory for a signal file); otherwise it is refused with
//!   [`FileError::SymlinkOutside`], just like a `../` name. Dangling links and link loops are
//!   I/O errors.
//! - **Sizes are capped by what is read**, never by metadata alone: a file is read through
//!   `take(cap + 1)`, so a file that grows, or lies about its size, still costs at most `cap + 1`
//!   bytes and is refused with [`FileError::TooLarge`].
//!
//! The checks and the open are not atomic: a local user who can swap files inside the record's
//! directory while it is read can still race them (the `O_NONBLOCK` open and the check on the
//! handle keep even that from hanging or reading a device).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What a path is, when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileKind {
    /// A directory.
    Directory,
    /// A named pipe.
    Fifo,
    /// A character device (`/dev/zero`, a tty, ...).
    CharDevice,
    /// A block device.
    BlockDevice,
    /// A Unix socket.
    Socket,
    /// Anything else.
    Other,
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileKind::Directory => "a directory",
            FileKind::Fifo => "a FIFO",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Socket => "a socket",
            FileKind::Other => "not a regular file",
        })
    }
}

/// A file an input reader refuses to read (the policy in the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    /// The path is not a regular file.
    #[error("{}: {kind}: only regular files are read", path.display())]
    NotRegular {
        /// The path as given.
        path: PathBuf,
        /// What it is.
        kind: FileKind,
    },
    /// A symbolic link resolves outside the directory that holds it.
    #[error("{}: symbolic link to {} leaves its directory {}: refused", path.display(), target.display(), dir.display())]
    SymlinkOutside {
        /// The link.
        path: PathBuf,
        /// Where it resolves to.
        target: PathBuf,
        /// The directory it must stay in (resolved).
        dir: PathBuf,
    },
    /// The file holds more bytes than the reader's cap.
    #[error("{}: more than {max_bytes} bytes: refused (raise the reader's cap to read it)", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The cap.
        max_bytes: u64,
    },
}

/// Why a file could not be opened or read: an I/O error, or a refusal by the policy.
#[derive(Debug)]
pub(crate) enum OpenError {
    /// The operating system's error.
    Io {
        /// The path as given.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The policy refused the file.
    Refused(FileError),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            OpenError::Refused(e) => e.fmt(f),
        }
    }
}

fn kind_of(ft: std::fs::FileType) -> Option<FileKind> {
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some(FileKind::Directory);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some(FileKind::Fifo);
        }
        if ft.is_char_device() {
            return Some(FileKind::CharDevice);
        }
        if ft.is_block_device() {
            return Some(FileKind::BlockDevice);
        }
        if ft.is_socket() {
            return Some(FileKind::Socket);
        }
    }
    Some(FileKind::Other)
}

/// Opens `path` for reading under the policy of the [module docs](self).
pub(crate) fn open_regular(path: &Path) -> Result<File, OpenError> {
    let io = |source| OpenError::Io {
        path: path.to_path_buf(),
        source,
    };
    let refused = |kind| {
        OpenError::Refused(FileError::NotRegular {
            path: path.to_path_buf(),
            kind,
        })
    };
    let link = std::fs::symlink_metadata(path).map_err(io)?;
    if link.file_type().is_symlink() {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let dir = std::fs::canonicalize(dir).map_err(io)?;
        let target = std::fs::canonicalize(path).map_err(io)?;
        if !target.starts_with(&dir) {
            return Err(OpenError::Refused(FileError::SymlinkOutside {
                path: path.to_path_buf(),
                target,
                dir,
            }));
        }
    }
    let meta = std::fs::metadata(path).map_err(io)?;
    if let Some(kind) = kind_of(meta.file_type()) {
        return Err(refused(kind));
    }
    let mut oo = std::fs::OpenOptions::new();
    oo.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO put in place after the check above must not block the open.
        oo.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = oo.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if let Some(kind) = kind_of(meta.file_type()) {
        return Err(refused(kind));
    }
    Ok(file)
}

/// Reads at most `max` bytes from `reader`; more is [`FileError::TooLarge`]. `hint` (a regular
/// file's length) sizes the buffer once, at most `max + 1` bytes, so it does not double past the
/// cap while it fills; the buffer grows with what is read, never with what metadata claims.
fn read_capped_hint(
    reader: impl Read,
    path: &Path,
    max: u64,
    hint: u64,
) -> Result<Vec<u8>, OpenError> {
    let mut buf = Vec::with_capacity(usize::try_from(hint.min(max).saturating_add(1)).unwrap_or(0));
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|source| OpenError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if buf.len() as u64 > max {
        return Err(OpenError::Refused(FileError::TooLarge {
            path: path.to_path_buf(),
            max_bytes: max,
        }));
    }
    Ok(buf)
}

/// Opens `path` under the policy and reads it whole, at most `max` bytes.
pub(crate) fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, OpenError> {
    let file = open_regular(path)?;
    let hint = file.metadata().map_or(0, |m| m.len());
    read_capped_hint(file, path, max, hint)
}

#[cfg_attr(not(feature = "csv"), allow(dead_code))] // only the CSV reader uses it
/// A reader that fails once a single line (bytes between two `\n`) grows past a cap, so a
/// line-oriented parser buffering one line at a time stays bounded whatever the input.
pub(crate) struct LineCap<R> {
    inner: R,
    max_line: u64,
    current: u64,
    line: u64,
}

#[cfg_attr(not(feature = "csv"), allow(dead_code))] // only the CSV reader uses it
impl<R> LineCap<R> {
    pub(crate) fn new(inner: R, max_line: u64) -> Self {
        LineCap {
            inner,
            max_line,
            current: 0,
            line: 1,
        }
    }
}

#[cfg_attr(not(feature = "csv"), allow(dead_code))] // only the CSV reader uses it
/// The error a [`LineCap`] returns; its `line` is 1-based.
#[derive(Debug)]
pub(crate) struct LineTooLong {
    pub(crate) line: u64,
    pub(crate) max_bytes: u64,
}

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} longer than {} bytes", self.line, self.max_bytes)
    }
}

impl std::error::Error for LineTooLong {}

impl<R: Read> Read for LineCap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in buf.get(..n).unwrap_or(&[]) {
            if b == b'\n' {
                self.current = 0;
                self.line += 1;
            } else {
                self.current += 1;
                if self.current > self.max_line {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        LineTooLong {
                            line: self.line,
                            max_bytes: self.max_line,
                        },
                    ));
                }
            }
        }
        Ok(n)
    }
}

#[cfg_attr(not(feature = "csv"), allow(dead_code))] // only the CSV reader uses it
/// The first `max_chars` characters of `s`, with `…` when cut: error messages quote input,
/// never all of it.
pub(crate) fn excerpt(s: &str, max_chars: usize) -> String {
    let mut it = s.char_indices();
    match it.nth(max_chars) {
        None => s.to_string(),
        Some((end, _)) => format!("{}…", s.get(..end).unwrap_or("")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_cuts_on_char_boundaries() {
        assert_eq!(excerpt("abc", 3), "abc");
        assert_eq!(excerpt("abcd", 3), "abc…");
        assert_eq!(excerpt("€€€€", 2), "€€…");
        assert_eq!(excerpt("", 0), "");
    }

    #[test]
    fn line_cap_counts_per_line() {
        let text = b"ab\ncde\nfghij\n";
        let mut out = Vec::new();
        let e = LineCap::new(&text[..], 4)
            .read_to_end(&mut out)
            .unwrap_err();
        let inner = e.get_ref().and_then(|e| e.downcast_ref::<LineTooLong>());
        assert_eq!(inner.map(|l| l.line), Some(3));
        let mut out = Vec::new();
        LineCap::new(&text[..], 5).read_to_end(&mut out).unwrap();
        assert_eq!(out, text);
    }
}
