//! Semantic checks over the whole typed dataset. One module per family; each returns
//! diagnostics and never prints. A family's findings are small types in its `diags.rs`, which
//! holds all their wording: the algorithms only say what they found and where.

pub mod citations;
mod consistency;
mod identity;
mod references;
mod reliability;
mod time;

use crate::diagnostics::{Diagnostic, Family, Place};
use crate::limits::Limits;
use crate::model::{Dataset, Index, PartialDate, Record};
use citations::Quotes;
use rayon::prelude::*;
use std::path::Path;

/// What every check may look at.
pub struct Context<'a> {
    pub dataset: &'a Dataset,
    pub index: Index<'a>,
    pub today: PartialDate,
    pub limits: Limits,
    /// The archived texts, and the quotes the positions' own checks did not find in them.
    pub quotes: &'a Quotes,
    /// How the data directory is shown, for dataset-wide findings.
    pub root: &'a Path,
}

/// One family's checks: every finding they return has a code of that family.
pub type FamilyCheck = fn(&Context<'_>) -> Vec<Diagnostic>;

/// Every semantic check family, in the order their findings come. Public so that a test can run
/// each family alone and hold it to the codes of its own family.
#[doc(hidden)]
pub const FAMILIES: [(Family, FamilyCheck); 6] = [
    (Family::Identity, identity::check),
    (Family::References, references::check),
    (Family::Citations, citations::check),
    (Family::Time, time::check),
    (Family::Consistency, consistency::check),
    (Family::Reliability, reliability::check),
];

/// Runs every semantic check family, side by side; the findings come in family order.
pub fn run(context: &Context<'_>) -> Vec<Diagnostic> {
    let found: Vec<Vec<Diagnostic>> = FAMILIES.par_iter().map(|(_, check)| check(context)).collect();
    found.into_iter().flatten().collect()
}

/// The items of one of a record's lists that checks may read (see [`Record::usable`]), with
/// their index.
fn usable_items<'a, T, I>(record: &'a Record<T>, list: &'a str, items: &'a [I]) -> impl Iterator<Item = (usize, &'a I)> + 'a {
    items.iter().enumerate().filter(move |(i, _)| record.usable_at(|| format!("/{list}/{i}")))
}

/// Where a JSON pointer into a record stands.
fn at<'a, T>(record: &'a Record<T>, pointer: &str) -> Place<'a> {
    Place::new(&record.doc.path, record.doc.locate(pointer))
}

/// Which list of an actor record a reference points into: its organs or its speakers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Member {
    Organ,
    Speaker,
}

impl Member {
    /// The key of the actor's list.
    fn list(self) -> &'static str {
        match self {
            Member::Organ => "organs",
            Member::Speaker => "speakers",
        }
    }

    /// What one item of the list is called in a message.
    fn noun(self) -> &'static str {
        match self {
            Member::Organ => "organ",
            Member::Speaker => "speaker",
        }
    }
}
