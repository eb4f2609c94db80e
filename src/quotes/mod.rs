//! The quote-matching engine: archived texts read safely from inside the archive directory,
//! cut to the document's own text and stripped of transcription markup, normalised, indexed,
//! and searched for quotes. It reports what it finds as plain values; the checks in
//! `checks/` turn them into findings.
//!
//! Matching is verbatim after normalisation: Unicode NFC, runs of whitespace, typographic
//! quotes and apostrophes, dashes, and invisible characters (soft hyphens, zero-width spaces).

mod align;
mod file;
mod index;
mod markup;
mod normalize;

pub use file::{ArchiveSet, LoadProblem};
pub use index::{Miss, Trigrams};
pub use normalize::{Normalized, find_in_order, fragments};
