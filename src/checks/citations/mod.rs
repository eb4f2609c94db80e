//! Citations: every position rests on evidence, quotes are present, short, not repeated and,
//! with an archive, verbatim in the source they cite.

mod archive;
mod diags;

use super::{Context, at};
use crate::diagnostics::{Diagnostic, Place};
use crate::quotes::{find_in_order, fragments};
use archive::Missed;
use rayon::prelude::*;
use std::collections::HashSet;

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let dataset = context.dataset;
    let mut out = Vec::new();
    let archive = context.archive_dir.map(|dir| {
        let (set, diagnostics) = archive::load(dir, &dataset.sources, &context.limits);
        out.extend(diagnostics);
        set
    });
    match &archive {
        None => out.push(diags::QuotesNotVerified { root: context.root }.into()),
        Some(_) => {
            let cited: HashSet<&str> = dataset.positions.iter().flat_map(|p| p.evidence.iter().map(|c| c.source.as_str())).collect();
            for source in dataset.sources.iter().filter(|s| s.archive.is_none() && cited.contains(s.id.as_str())) {
                out.push(diags::SourceNotArchived { at: at(source, "/id"), source: &source.id }.into());
            }
        }
    }
    // Misses are explained once all are known, so the index that explains them is built once.
    let (found, missed): (Vec<Vec<Diagnostic>>, Vec<Vec<Missed<'_>>>) = dataset
        .positions
        .par_iter()
        .map(|position| {
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
                if length > context.limits.max_quote_length {
                    found.push(diags::QuoteTooLong { at: quote_at(), length, limit: context.limits.max_quote_length }.into());
                }
                if earlier.iter().any(|(source, other)| *source == citation.source && *other == pieces) {
                    found.push(diags::DuplicateCitation { at: at(position, &format!("/evidence/{i}")), source: &citation.source }.into());
                }
                if let Some(archive) = &archive
                    && let Some(text) = archive.text(&citation.source)
                    && find_in_order(&text.text, &pieces).is_none()
                {
                    missed.push(Missed { source: &citation.source, fragments: pieces.clone(), at: quote_at() });
                }
                earlier.push((citation.source.as_str(), pieces));
            }
            (found, missed)
        })
        .unzip();
    out.extend(found.into_iter().flatten());
    let missed: Vec<Missed<'_>> = missed.into_iter().flatten().collect();
    if let Some(archive) = &archive {
        out.extend(archive::explain(archive, &missed));
    }
    out
}
