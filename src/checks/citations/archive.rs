//! The archive's findings: every archived text readable inside the archive directory, unchanged
//! since it was recorded, with its text where its record says (P046, P047); and, for each quote
//! not in its source, whether another source holds it (P045) or what its closest passage is
//! (P044). The matching itself is in `crate::quotes`.

use super::{Missed, diags};
use crate::checks::at;
use crate::diagnostics::{Diagnostic, Place};
use crate::limits::Limits;
use crate::model::{Archive, Record, Source};
use crate::quotes::{ArchiveSet, LoadProblem, Trigrams};
use rayon::prelude::*;
use std::path::Path;

/// The archived texts of the sources that name one, and the findings about reading them.
pub fn load(dir: &Path, sources: &[&Record<Source>], limits: &Limits) -> (ArchiveSet, Vec<Diagnostic>) {
    let archived: Vec<(&Record<Source>, &Archive)> = sources.iter().filter_map(|s| Some((*s, s.archive.as_ref()?))).collect();
    let entries: Vec<(&str, &Archive)> = archived.iter().map(|(source, archive)| (&*source.id, *archive)).collect();
    let (set, problems) = ArchiveSet::load(dir, &entries, limits.max_archive_size);
    let diagnostics = problems.into_iter().map(|(i, problem)| finding(archived[i].0, archived[i].1, problem)).collect();
    (set, diagnostics)
}

fn finding(source: &Record<Source>, archive: &Archive, problem: LoadProblem) -> Diagnostic {
    let file = &archive.file;
    match problem {
        LoadProblem::Unreadable(why) => diags::ArchiveUnreadable { at: at(source, "/archive/file"), why }.into(),
        LoadProblem::HashMismatch { actual } => diags::ArchiveHashMismatch { at: at(source, "/archive/sha256"), file, actual }.into(),
        LoadProblem::TextBeyondEnd { text_from_line, lines } => {
            diags::TextBeyondEnd { at: at(source, "/archive/text_from_line"), file, text_from_line, lines }.into()
        }
    }
}

/// Explains every missed quote. The index that finds other sources is built once, for all.
pub fn explain(archive: &ArchiveSet, missed: &[Missed]) -> Vec<Diagnostic> {
    if missed.is_empty() {
        return Vec::new();
    }
    let trigrams = Trigrams::new(archive);
    missed
        .par_iter()
        .map(|quote| {
            let miss = archive.explain_miss(&trigrams, &quote.source, &quote.fragments);
            diags::QuoteMissed { at: Place::new(&quote.file, quote.location), source: &quote.source, miss }.into()
        })
        .collect()
}
