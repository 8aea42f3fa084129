//! The village-recording stress protocol, kept from regressing: calibrated noise and every
//! electrode interchange on real records (a subset small enough for CI), the interchange checks
//! on generated records with ground truth, and the noise models themselves.

#[path = "../common/mod.rs"]
mod common;

mod interchange;
mod protocol;
