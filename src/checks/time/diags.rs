//! The time family's findings (P050 to P055) and all their wording.

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::model::{PartialDate, Position};

/// A date later than today.
pub(crate) struct FutureDate<'a> {
    pub at: Place<'a>,
    pub field: &'a str,
    pub date: PartialDate,
    pub today: PartialDate,
}

impl From<FutureDate<'_>> for Diagnostic {
    fn from(FutureDate { at, field, date, today }: FutureDate<'_>) -> Diagnostic {
        at.diagnostic(Code::FutureDate, format!("`{field}` {date} is in the future (today is {today})"))
    }
}

/// A position stated after the publication of a source that reports it.
pub(crate) struct StatedAfterSource<'a> {
    pub at: Place<'a>,
    pub stated: PartialDate,
    pub source: &'a str,
    pub published: PartialDate,
    pub published_at: Place<'a>,
}

impl From<StatedAfterSource<'_>> for Diagnostic {
    fn from(StatedAfterSource { at, stated, source, published, published_at }: StatedAfterSource<'_>) -> Diagnostic {
        at.diagnostic(
            Code::StatedAfterSource,
            format!("stated on {stated}, after source `{source}` that reports it was published ({published})"),
        )
        .with_related(published_at.file, published_at.location, "the source's publication date")
    }
}

/// `valid_until` before `stated_on`.
pub(crate) struct ValidUntilBeforeStated<'a> {
    pub at: Place<'a>,
    pub until: PartialDate,
    pub stated: PartialDate,
}

impl From<ValidUntilBeforeStated<'_>> for Diagnostic {
    fn from(ValidUntilBeforeStated { at, until, stated }: ValidUntilBeforeStated<'_>) -> Diagnostic {
        at.diagnostic(Code::ValidUntilBeforeStated, format!("`valid_until` {until} is before `stated_on` {stated}"))
    }
}

/// A position supersedes one of another actor or theme.
pub(crate) struct SupersessionAcross<'a> {
    pub at: Place<'a>,
    pub newer: &'a Position,
    pub older: &'a Position,
    pub older_at: Place<'a>,
}

impl From<SupersessionAcross<'_>> for Diagnostic {
    fn from(SupersessionAcross { at, newer, older, older_at }: SupersessionAcross<'_>) -> Diagnostic {
        at.diagnostic(
            Code::SupersessionAcross,
            format!(
                "`{}` ({} × {}) supersedes `{}` ({} × {}); supersession stays within one actor and one theme",
                newer.id, newer.actor, newer.theme, older.id, older.actor, older.theme
            ),
        )
        .with_related(older_at.file, older_at.location, "the superseded position")
    }
}

/// A position supersedes one stated after it.
pub(crate) struct SupersessionBackwards<'a> {
    pub at: Place<'a>,
    pub newer: &'a Position,
    pub older: &'a Position,
    /// Where the superseded position's (later) date stands.
    pub later_at: Place<'a>,
}

impl From<SupersessionBackwards<'_>> for Diagnostic {
    fn from(SupersessionBackwards { at, newer, older, later_at }: SupersessionBackwards<'_>) -> Diagnostic {
        at.diagnostic(
            Code::SupersessionBackwards,
            format!("`{}` (stated {}) supersedes `{}`, which was stated later ({})", newer.id, newer.stated_on, older.id, older.stated_on),
        )
        .with_related(later_at.file, later_at.location, "the later date")
    }
}

/// Supersession links that lead back to where they began; `cycle` lists the positions in order.
pub(crate) struct SupersessionCycle<'a> {
    pub at: Place<'a>,
    pub cycle: Vec<&'a str>,
}

impl From<SupersessionCycle<'_>> for Diagnostic {
    fn from(SupersessionCycle { at, cycle }: SupersessionCycle<'_>) -> Diagnostic {
        at.diagnostic(Code::SupersessionCycle, format!("supersession cycle: {} → {}", cycle.join(" → "), cycle[0]))
    }
}
