//! Error reporting helpers.
//!
//! Every error in sinus follows one rule, as csv's and hound's do: an error's message says what
//! went wrong at its own level, and its cause is returned by
//! [`source`](std::error::Error::source), never also written into the message. Printing only the
//! top-level message (`{e}`) therefore omits the cause; print the whole chain with [`Chain`] (or
//! an error-reporting crate) to see every message once.

use std::error::Error;
use std::fmt;

/// Displays an error and each of its causes, joined by `": "`, each message once.
///
/// ```
/// use sinus::error::Chain;
/// let e = sinus::io::wfdb::read_record("no/such/record").unwrap_err();
/// let text = Chain(&e).to_string();
/// assert!(text.starts_with("no/such/record.hea: I/O error: "), "{text}");
/// ```
#[derive(Clone, Copy)]
pub struct Chain<'a>(pub &'a (dyn Error + 'static));

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut next = self.0.source();
        while let Some(e) = next {
            write!(f, ": {e}")?;
            next = e.source();
        }
        Ok(())
    }
}

impl fmt::Debug for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
