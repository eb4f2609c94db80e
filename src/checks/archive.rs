//! The archive's findings: every archived text readable inside the archive directory, unchanged
//! since it was recorded, with its text where its record says (P046, P047); and, for each quote
//! not in its source, whether another source holds it (P045) or what its closest passage is
//! (P044). The matching itself is in `crate::quotes`.

use super::at;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::limits::Limits;
use crate::model::{Archive, Record, Source};
use crate::quotes::{ArchiveSet, LoadProblem, Miss, Trigrams};
use rayon::prelude::*;
use std::path::Path;

/// The archived texts of the sources that name one, and the findings about reading them.
pub fn load(dir: &Path, sources: &[Record<Source>], limits: &Limits) -> (ArchiveSet, Vec<Diagnostic>) {
    let archived: Vec<(&Record<Source>, &Archive)> = sources.iter().filter_map(|s| Some((s, s.archive.as_ref()?))).collect();
    let entries: Vec<(&str, &Archive)> = archived.iter().map(|(source, archive)| (source.id.as_str(), *archive)).collect();
    let (set, problems) = ArchiveSet::load(dir, &entries, limits.max_archive_size);
    let diagnostics = problems.into_iter().map(|(i, problem)| finding(archived[i].0, archived[i].1, problem)).collect();
    (set, diagnostics)
}

fn finding(source: &Record<Source>, archive: &Archive, problem: LoadProblem) -> Diagnostic {
    let path = &source.doc.path;
    match problem {
        LoadProblem::Unreadable(why) => Diagnostic::new(Code::ArchiveMissing, path, at(source, "/archive/file"), why),
        LoadProblem::HashMismatch { actual } => Diagnostic::new(
            Code::ArchiveHashMismatch,
            path,
            at(source, "/archive/sha256"),
            format!("the archived file `{}` has SHA-256 {actual}, not the recorded one", archive.file),
        )
        .with_help("check that its quotes still stand in the text, then record the new sha256"),
        LoadProblem::TextBeyondEnd { text_from_line, lines } => Diagnostic::new(
            Code::ArchiveMissing,
            path,
            at(source, "/archive/text_from_line"),
            format!(
                "`text_from_line` is {text_from_line}, but the archived file `{}` has {lines} line{}",
                archive.file,
                if lines == 1 { "" } else { "s" }
            ),
        )
        .with_help("give the line where the document's own text begins, after the metadata at the top of the file"),
    }
}

/// A quote that does not occur in its source, as found.
pub struct Missed<'a> {
    pub source: &'a str,
    pub fragments: Vec<String>,
    pub file: &'a Path,
    pub at: Option<Location>,
}

/// Explains every missed quote. The index that finds other sources is built once, for all.
pub fn explain(archive: &ArchiveSet, missed: &[Missed<'_>]) -> Vec<Diagnostic> {
    if missed.is_empty() {
        return Vec::new();
    }
    let trigrams = Trigrams::new(archive);
    missed.par_iter().map(|miss| describe(archive, &trigrams, miss)).collect()
}

fn describe(archive: &ArchiveSet, trigrams: &Trigrams<'_>, miss: &Missed<'_>) -> Diagnostic {
    let (source, file, quote_at) = (miss.source, miss.file, miss.at);
    match archive.explain_miss(trigrams, source, &miss.fragments) {
        Miss::OtherSource(other) => Diagnostic::new(
            Code::QuoteInOtherSource,
            file,
            quote_at,
            format!("quote is not in source `{source}` but occurs in source `{other}`"),
        )
        .with_help(format!("cite `{other}` as the source, if that is where the passage comes from")),
        Miss::Reordered => Diagnostic::new(
            Code::QuoteNotFound,
            file,
            quote_at,
            format!("quote's fragments all occur in source `{source}`, but not in this order"),
        )
        .with_help("fragments separated by … must appear in the source's order"),
        Miss::Closest { passage, line, difference } => {
            let passage: String =
                if passage.chars().count() > 300 { format!("{}…", passage.chars().take(299).collect::<String>()) } else { passage };
            let mut help = format!("closest passage (archive line {line}): \"{passage}\"");
            if let Some(difference) = difference {
                help = format!("{difference}; {help}");
            }
            Diagnostic::new(Code::QuoteNotFound, file, quote_at, format!("quote does not occur verbatim in source `{source}`"))
                .with_help(help)
        }
        Miss::Nothing => Diagnostic::new(Code::QuoteNotFound, file, quote_at, format!("quote does not occur in source `{source}`")),
    }
}
