//! Citations: every position rests on evidence, quotes are present, short, not repeated and,
//! with an archive, verbatim in the source they cite.
//!
//! A position's own citations are checked as it is read ([`check_position`]), once the sources
//! and their archived texts are ([`Quotes::read`]): a run that only reports findings then need
//! not keep any quote. What only the whole dataset tells (sources never archived, and what the
//! archive says of each quote not found) is checked with the other families ([`check`]).

mod archive;
mod diags;

use super::{Context, at};
use crate::diagnostics::{Diagnostic, Place};
use crate::document::Location;
use crate::limits::Limits;
use crate::model::{Position, Record, Source};
use crate::quotes::{ArchiveSet, find_in_order, fragments};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The archived texts that quotes are checked against, read once the sources are, with the
/// findings about reading them; and the quotes that positions, once checked, did not find.
#[derive(Default)]
pub struct Quotes {
    /// `None` when no archive was given: quotes are not verified.
    archive: Option<ArchiveSet>,
    findings: Vec<Diagnostic>,
    missed: Vec<Missed>,
}

impl Quotes {
    /// Reads the archived text of every source that names one from `dir`, when an archive is given.
    pub fn read<'a>(dir: Option<&Path>, sources: impl IntoIterator<Item = &'a Record<Source>>, limits: &Limits) -> Quotes {
        let Some(dir) = dir else { return Quotes::default() };
        let mut sources: Vec<&Record<Source>> = sources.into_iter().collect();
        // The dataset's order, so that of two sources with one id the same text is kept.
        sources.sort_unstable_by(|a, b| (&a.id, &a.doc.path).cmp(&(&b.id, &b.doc.path)));
        let (set, findings) = archive::load(dir, &sources, limits);
        Quotes { archive: Some(set), findings, missed: Vec::new() }
    }

    /// Adds the quotes a checked position did not find.
    pub fn add_missed(&mut self, missed: Vec<Missed>) {
        self.missed.extend(missed);
    }

    /// Once every position is checked, lets go of the archived texts if no quote was missed:
    /// only explaining a miss reads them again.
    pub fn release_texts(&mut self) {
        if let Some(archive) = &mut self.archive
            && self.missed.is_empty()
        {
            *archive = ArchiveSet::default();
        }
    }
}

/// A quote that does not occur in the source it cites, kept to be explained once every text
/// and every miss is known.
#[derive(Debug)]
pub struct Missed {
    source: String,
    fragments: Vec<String>,
    file: PathBuf,
    location: Option<Location>,
}

/// A position's own citation findings, and the quotes it cites that its sources do not hold.
pub fn check_position(position: &Record<Position>, quotes: &Quotes, limits: &Limits) -> (Vec<Diagnostic>, Vec<Missed>) {
    let (mut found, mut missed) = (Vec::new(), Vec::new());
    if position.evidence.is_empty() && position.usable("/evidence") {
        let doc = &position.doc;
        found.push(diags::NoEvidence { at: Place::new(&doc.path, doc.locate_key("/evidence").or(doc.locate(""))) }.into());
    }
    let mut earlier: Vec<(&str, Vec<String>)> = Vec::with_capacity(position.evidence.len());
    // A quote is checked only where it and the source it cites passed their schema.
    let checkable =
        |i: usize| position.usable_at(|| format!("/evidence/{i}/quote")) && position.usable_at(|| format!("/evidence/{i}/source"));
    for (i, citation) in position.evidence.iter().enumerate().filter(|(i, _)| checkable(*i)) {
        // Located only for a finding: the lookup costs more than the checks.
        let quote_at = || at(position, &format!("/evidence/{i}/quote"));
        let pieces = fragments(&citation.quote);
        if pieces.is_empty() {
            found.push(diags::EmptyQuote { at: quote_at() }.into());
            continue;
        }
        let length = citation.quote.chars().count();
        if length > limits.max_quote_length {
            found.push(diags::QuoteTooLong { at: quote_at(), length, limit: limits.max_quote_length }.into());
        }
        if earlier.iter().any(|(source, other)| *source == &*citation.source && *other == pieces) {
            found.push(diags::DuplicateCitation { at: at(position, &format!("/evidence/{i}")), source: &citation.source }.into());
        }
        if let Some(archive) = &quotes.archive
            && let Some(text) = archive.text(&citation.source)
            && find_in_order(&text.text, &pieces).is_none()
        {
            let Place { file, location } = quote_at();
            missed.push(Missed { source: citation.source.to_string(), fragments: pieces.clone(), file: file.to_path_buf(), location });
        }
        earlier.push((&*citation.source, pieces));
    }
    (found, missed)
}

/// The citation findings of the whole dataset, its positions' own having been found as they
/// were read: the archive's, quotes left unverified, and each quote not found, explained.
pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let dataset = context.dataset;
    let quotes = context.quotes;
    let mut out = quotes.findings.clone();
    match &quotes.archive {
        None => out.push(diags::QuotesNotVerified { root: context.root }.into()),
        Some(archive) => {
            let cited: HashSet<&str> = dataset.positions.iter().flat_map(|p| p.evidence.iter().map(|c| &*c.source)).collect();
            for source in dataset.sources.iter().filter(|s| s.archive.is_none() && cited.contains(&*s.id)) {
                out.push(diags::SourceNotArchived { at: at(source, "/id"), source: &source.id }.into());
            }
            out.extend(archive::explain(archive, &quotes.missed));
        }
    }
    out
}
