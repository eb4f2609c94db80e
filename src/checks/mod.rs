//! Semantic checks over the whole typed dataset. One module per family; each returns
//! diagnostics and never prints.

mod archive;
mod citations;
mod consistency;
mod identity;
mod references;
mod time;

use crate::diagnostics::{Diagnostic, Location};
use crate::limits::Limits;
use crate::model::{Dataset, Index, PartialDate, Record};
use rayon::prelude::*;
use std::path::Path;

/// What every check may look at.
pub struct Context<'a> {
    pub dataset: &'a Dataset,
    pub index: Index<'a>,
    pub today: PartialDate,
    pub limits: Limits,
    /// The directory of archived source texts, when quotes are to be verified.
    pub archive_dir: Option<&'a Path>,
    /// How the data directory is shown, for dataset-wide findings.
    pub root: &'a Path,
}

/// Runs every semantic check family, side by side; the findings come in family order.
pub fn run(context: &Context<'_>) -> Vec<Diagnostic> {
    let families: [fn(&Context<'_>) -> Vec<Diagnostic>; 5] =
        [identity::check, references::check, citations::check, time::check, consistency::check];
    let found: Vec<Vec<Diagnostic>> = families.par_iter().map(|family| family(context)).collect();
    found.into_iter().flatten().collect()
}

/// Where a JSON pointer into a record stands.
fn at<T>(record: &Record<T>, pointer: &str) -> Option<Location> {
    record.doc.locate(pointer)
}

/// Where the key named by a JSON pointer stands.
fn at_key<T>(record: &Record<T>, pointer: &str) -> Option<Location> {
    record.doc.locate_key(pointer)
}
