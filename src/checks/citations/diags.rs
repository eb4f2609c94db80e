//! The citations family's findings (P040 to P048), those of the archive included, and all their
//! wording.

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::quotes::Miss;
use std::path::Path;

/// A position cites no evidence.
pub(crate) struct NoEvidence<'a> {
    pub at: Place<'a>,
}

impl From<NoEvidence<'_>> for Diagnostic {
    fn from(NoEvidence { at }: NoEvidence<'_>) -> Diagnostic {
        at.diagnostic(Code::NoEvidence, "position cites no evidence")
            .with_help("add at least one citation: evidence: [{source, quote, attribution}]")
    }
}

/// A citation's quote is empty (or only an elision mark).
pub(crate) struct EmptyQuote<'a> {
    pub at: Place<'a>,
}

impl From<EmptyQuote<'_>> for Diagnostic {
    fn from(EmptyQuote { at }: EmptyQuote<'_>) -> Diagnostic {
        at.diagnostic(Code::EmptyQuote, "quote is empty").with_help("quote the shortest passage of the source that supports the coding")
    }
}

/// A quote is longer than the limit, in characters.
pub(crate) struct QuoteTooLong<'a> {
    pub at: Place<'a>,
    pub length: usize,
    pub limit: usize,
}

impl From<QuoteTooLong<'_>> for Diagnostic {
    fn from(QuoteTooLong { at, length, limit }: QuoteTooLong<'_>) -> Diagnostic {
        at.diagnostic(Code::QuoteTooLong, format!("quote is {length} characters long; the limit is {limit}"))
            .with_help("keep the passage that carries the coding and mark cuts with …")
    }
}

/// A position cites the same passage of one source twice.
pub(crate) struct DuplicateCitation<'a> {
    pub at: Place<'a>,
    pub source: &'a str,
}

impl From<DuplicateCitation<'_>> for Diagnostic {
    fn from(DuplicateCitation { at, source }: DuplicateCitation<'_>) -> Diagnostic {
        at.diagnostic(Code::DuplicateCitation, format!("this citation of `{source}` repeats an earlier one in the same position"))
    }
}

/// No archive was given, so no quote was verified (once, for the whole dataset).
pub(crate) struct QuotesNotVerified<'a> {
    pub root: &'a Path,
}

impl From<QuotesNotVerified<'_>> for Diagnostic {
    fn from(QuotesNotVerified { root }: QuotesNotVerified<'_>) -> Diagnostic {
        Diagnostic::new(Code::QuotesNotVerified, root, None, "quotes were not verified against the sources' archived texts")
            .with_help("run `polpos validate --archive DIR` with the directory of archived texts to verify them")
    }
}

/// A cited source has no `archive`, so the quotes that cite it were not verified.
pub(crate) struct SourceNotArchived<'a> {
    pub at: Place<'a>,
    pub source: &'a str,
}

impl From<SourceNotArchived<'_>> for Diagnostic {
    fn from(SourceNotArchived { at, source }: SourceNotArchived<'_>) -> Diagnostic {
        at.diagnostic(Code::QuotesNotVerified, format!("source `{source}` has no `archive`, so the quotes that cite it were not verified"))
    }
}

/// A source's archived text cannot be used; `why` says so in a sentence.
pub(crate) struct ArchiveUnreadable<'a> {
    pub at: Place<'a>,
    pub why: String,
}

impl From<ArchiveUnreadable<'_>> for Diagnostic {
    fn from(ArchiveUnreadable { at, why }: ArchiveUnreadable<'_>) -> Diagnostic {
        at.diagnostic(Code::ArchiveMissing, why)
    }
}

/// An archived text's SHA-256 is not the one its source records.
pub(crate) struct ArchiveHashMismatch<'a> {
    pub at: Place<'a>,
    pub file: &'a str,
    pub actual: String,
}

impl From<ArchiveHashMismatch<'_>> for Diagnostic {
    fn from(ArchiveHashMismatch { at, file, actual }: ArchiveHashMismatch<'_>) -> Diagnostic {
        at.diagnostic(Code::ArchiveHashMismatch, format!("the archived file `{file}` has SHA-256 {actual}, not the recorded one"))
            .with_help("check that its quotes still stand in the text, then record the new sha256")
    }
}

/// `archive.text_from_line` names a line after the archived file's last one.
pub(crate) struct TextBeyondEnd<'a> {
    pub at: Place<'a>,
    pub file: &'a str,
    pub text_from_line: usize,
    pub lines: usize,
}

impl From<TextBeyondEnd<'_>> for Diagnostic {
    fn from(TextBeyondEnd { at, file, text_from_line, lines }: TextBeyondEnd<'_>) -> Diagnostic {
        at.diagnostic(
            Code::ArchiveMissing,
            format!(
                "`text_from_line` is {text_from_line}, but the archived file `{file}` has {lines} line{}",
                if lines == 1 { "" } else { "s" }
            ),
        )
        .with_help("give the line where the document's own text begins, after the metadata at the top of the file")
    }
}

/// A quote that does not occur in the source it cites, and what the archive tells of it: it is
/// in another source (P045), or how it differs from its source (P044).
pub(crate) struct QuoteMissed<'a> {
    pub at: Place<'a>,
    pub source: &'a str,
    pub miss: Miss,
}

/// How much of the closest passage a finding shows, in characters.
const PASSAGE_SHOWN: usize = 300;

impl From<QuoteMissed<'_>> for Diagnostic {
    fn from(QuoteMissed { at, source, miss }: QuoteMissed<'_>) -> Diagnostic {
        match miss {
            Miss::OtherSource(other) => at
                .diagnostic(Code::QuoteInOtherSource, format!("quote is not in source `{source}` but occurs in source `{other}`"))
                .with_help(format!("cite `{other}` as the source, if that is where the passage comes from")),
            Miss::Reordered => at
                .diagnostic(Code::QuoteNotFound, format!("quote's fragments all occur in source `{source}`, but not in this order"))
                .with_help("fragments separated by … must appear in the source's order"),
            Miss::Closest { passage, line, difference } => {
                let passage: String = if passage.chars().count() > PASSAGE_SHOWN {
                    format!("{}…", passage.chars().take(PASSAGE_SHOWN - 1).collect::<String>())
                } else {
                    passage
                };
                let mut help = format!("closest passage (archive line {line}): \"{passage}\"");
                if let Some(difference) = difference {
                    help = format!("{difference}; {help}");
                }
                // With `markup: markdown` the markers are gone, so these stand in a text without it.
                if passage.contains("**") {
                    help.push_str(
                        "; the source's text has Markdown `**` markers: if its transcription added them, set `archive.markup: markdown`",
                    );
                }
                at.diagnostic(Code::QuoteNotFound, format!("quote does not occur verbatim in source `{source}`")).with_help(help)
            }
            Miss::Nothing => at.diagnostic(Code::QuoteNotFound, format!("quote does not occur in source `{source}`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help_for_closest(passage: String) -> String {
        let miss = Miss::Closest { passage, line: 7, difference: None };
        let diagnostic: Diagnostic = QuoteMissed { at: Place::new(Path::new("p.yaml"), None), source: "s", miss }.into();
        diagnostic.help.expect("a closest passage is shown")
    }

    #[test]
    fn a_closest_passage_is_shown_whole_up_to_its_limit_and_cut_beyond() {
        let whole = "a".repeat(PASSAGE_SHOWN);
        assert_eq!(help_for_closest(whole.clone()), format!("closest passage (archive line 7): \"{whole}\""));
        let cut = format!("{}…", "b".repeat(PASSAGE_SHOWN - 1));
        assert_eq!(help_for_closest("b".repeat(PASSAGE_SHOWN + 1)), format!("closest passage (archive line 7): \"{cut}\""));
    }
}
