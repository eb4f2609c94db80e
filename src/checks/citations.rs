//! Citations: every position rests on evidence, quotes are present, short, not repeated and,
//! with an archive, verbatim in the source they cite.

use super::archive::{self, Missed};
use super::{Context, at, at_key};
use crate::diagnostics::{Code, Diagnostic};
use crate::quotes::{find_in_order, fragments};
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
        None => out.push(
            Diagnostic::new(Code::QuotesNotVerified, context.root, None, "quotes were not verified against the sources' archived texts")
                .with_help("run `polpos validate --archive DIR` with the directory of archived texts to verify them"),
        ),
        Some(_) => {
            let cited: HashSet<&str> = dataset.positions.iter().flat_map(|p| p.evidence.iter().map(|c| c.source.as_str())).collect();
            for source in dataset.sources.iter().filter(|s| s.archive.is_none() && cited.contains(s.id.as_str())) {
                out.push(Diagnostic::new(
                    Code::QuotesNotVerified,
                    &source.doc.path,
                    at(source, "/id"),
                    format!("source `{}` has no `archive`, so the quotes that cite it were not verified", source.id),
                ));
            }
        }
    }
    // Misses are explained once all are known, so the index that explains them is built once.
    let (found, missed): (Vec<Vec<Diagnostic>>, Vec<Vec<Missed<'_>>>) = dataset
        .positions
        .par_iter()
        .map(|position| {
            let (mut found, mut missed) = (Vec::new(), Vec::new());
            if position.evidence.is_empty() {
                found.push(
                    Diagnostic::new(
                        Code::NoEvidence,
                        &position.doc.path,
                        at_key(position, "/evidence").or(at(position, "")),
                        "position cites no evidence",
                    )
                    .with_help("add at least one citation: evidence: [{source, quote, attribution}]"),
                );
            }
            let mut earlier: Vec<(&str, Vec<String>)> = Vec::with_capacity(position.evidence.len());
            for (i, citation) in position.evidence.iter().enumerate() {
                // Located only for a finding: the lookup costs more than the checks.
                let quote_at = || at(position, &format!("/evidence/{i}/quote"));
                let pieces = fragments(&citation.quote);
                if pieces.is_empty() {
                    found.push(
                        Diagnostic::new(Code::EmptyQuote, &position.doc.path, quote_at(), "quote is empty")
                            .with_help("quote the shortest passage of the source that supports the coding"),
                    );
                    continue;
                }
                let length = citation.quote.chars().count();
                if length > context.limits.max_quote_length {
                    found.push(
                        Diagnostic::new(
                            Code::QuoteTooLong,
                            &position.doc.path,
                            quote_at(),
                            format!("quote is {length} characters long; the limit is {}", context.limits.max_quote_length),
                        )
                        .with_help("keep the passage that carries the coding and mark cuts with …"),
                    );
                }
                if earlier.iter().any(|(source, other)| *source == citation.source && *other == pieces) {
                    found.push(Diagnostic::new(
                        Code::DuplicateCitation,
                        &position.doc.path,
                        at(position, &format!("/evidence/{i}")),
                        format!("this citation of `{}` repeats an earlier one in the same position", citation.source),
                    ));
                }
                if let Some(archive) = &archive
                    && let Some(text) = archive.text(&citation.source)
                    && find_in_order(&text.text, &pieces).is_none()
                {
                    missed.push(Missed { source: &citation.source, fragments: pieces.clone(), file: &position.doc.path, at: quote_at() });
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
