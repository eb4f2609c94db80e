//! The reliability family's findings (P080, P081) and all their wording.

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::model::CodedUnit;

/// A coder codes one unit (actor × theme × source) twice.
pub(crate) struct DuplicateUnit<'a> {
    pub at: Place<'a>,
    pub unit: &'a CodedUnit,
    pub first: Place<'a>,
}

impl From<DuplicateUnit<'_>> for Diagnostic {
    fn from(DuplicateUnit { at, unit, first }: DuplicateUnit<'_>) -> Diagnostic {
        at.diagnostic(
            Code::DuplicateUnit,
            format!("`{}` × `{}` in `{}` is already coded in this file", unit.actor, unit.theme, unit.source),
        )
        .with_related(first.file, first.location, "the first coding of this unit")
        .with_help("keep one stance per unit; code `mixed` if the source points both ways")
    }
}

/// A unit coded from a source its coder does not list as coded in full.
pub(crate) struct UnitSourceNotListed<'a> {
    pub at: Place<'a>,
    pub source: &'a str,
    pub coder: &'a str,
}

impl From<UnitSourceNotListed<'_>> for Diagnostic {
    fn from(UnitSourceNotListed { at, source, coder }: UnitSourceNotListed<'_>) -> Diagnostic {
        at.diagnostic(Code::UnitSourceNotListed, format!("source `{source}` is not in this file's `sources`"))
            .with_help(format!("add `{source}` to `sources` if {coder} coded all of it, or remove this unit"))
    }
}
