//! Scoring against reference annotations: EC57 beat-by-beat comparison ([`beats`]), beat-class
//! scoring of the premature beats ([`classes`]), rhythm-label scoring ([`rhythm`]) and the
//! statements against LUDB's and the Challenge's diagnoses ([`statements`]), optionally read from
//! measurements taken between LUDB's reference boundaries ([`reference`]);
//! the stress protocol's comparison of disturbed and clean reads ([`stress`]).

pub mod beats;
pub mod classes;
pub mod reference;
pub mod rhythm;
pub mod statements;
pub mod stress;
