//! The references family's findings (P030 to P035) and all their wording.

use crate::checks::Member;
use crate::diagnostics::{Code, Diagnostic, Place, RemovedCode, Severity};
use std::path::Path;

/// What kind of record a reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Actor,
    Theme,
    Source,
}

/// A reference to an actor, theme or source that does not exist.
pub(crate) struct UnknownRecord<'a> {
    pub at: Place<'a>,
    pub target: Target,
    pub id: &'a str,
    /// The existing id closest to it, when one is close enough to be what was meant.
    pub closest: Option<&'a str>,
}

impl From<UnknownRecord<'_>> for Diagnostic {
    fn from(UnknownRecord { at, target, id, closest }: UnknownRecord<'_>) -> Diagnostic {
        let (code, what) = match target {
            Target::Actor => (Code::UnknownActor, "actor"),
            Target::Theme => (Code::UnknownTheme, "theme"),
            Target::Source => (Code::UnknownSource, "source"),
        };
        let diagnostic = at.diagnostic(code, format!("unknown {what} `{id}`"));
        match closest {
            Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
            None => diagnostic,
        }
    }
}

/// `supersedes` names a position that does not exist.
pub(crate) struct UnknownPosition<'a> {
    pub at: Place<'a>,
    pub id: &'a str,
}

impl From<UnknownPosition<'_>> for Diagnostic {
    fn from(UnknownPosition { at, id }: UnknownPosition<'_>) -> Diagnostic {
        at.diagnostic(Code::UnknownPosition, format!("`supersedes` names unknown position `{id}`"))
    }
}

/// An organ or speaker its actor does not list.
pub(crate) struct UnknownMember<'a> {
    pub at: Place<'a>,
    pub member: Member,
    pub id: &'a str,
    pub actor: &'a str,
    pub actor_file: &'a Path,
    /// The ids the actor does list.
    pub listed: Vec<&'a str>,
}

impl From<UnknownMember<'_>> for Diagnostic {
    fn from(UnknownMember { at, member, id, actor, actor_file, listed }: UnknownMember<'_>) -> Diagnostic {
        let what = member.noun();
        at.diagnostic(Code::UnknownOrgan, format!("actor `{actor}` has no {what} `{id}`")).with_help(format!(
            "{what}s of `{actor}`: {}; add it to {}",
            if listed.is_empty() { "none".into() } else { listed.join(", ") },
            actor_file.display()
        ))
    }
}

/// An `allow` entry names no check polpos has or had.
pub(crate) struct UnknownCheck<'a> {
    pub at: Place<'a>,
    pub check: &'a str,
}

impl From<UnknownCheck<'_>> for Diagnostic {
    fn from(UnknownCheck { at, check }: UnknownCheck<'_>) -> Diagnostic {
        at.diagnostic(Code::UnknownCheck, format!("`{check}` is not a check code; run `polpos checks` for the list"))
    }
}

/// An `allow` entry names a check that was removed. Only a warning: the entry silences nothing,
/// and the record is no worse for it than before the check went.
pub(crate) struct AllowsRemovedCheck<'a> {
    pub at: Place<'a>,
    pub removed: &'a RemovedCode,
}

impl From<AllowsRemovedCheck<'_>> for Diagnostic {
    fn from(AllowsRemovedCheck { at, removed }: AllowsRemovedCheck<'_>) -> Diagnostic {
        let mut diagnostic = at.diagnostic(
            Code::UnknownCheck,
            format!("check {} ({}) was removed in polpos {}, so this entry silences nothing", removed.id, removed.name, removed.removed_in),
        );
        diagnostic.severity = Severity::Warning;
        let replacements: Vec<String> = removed.replaced_by.iter().map(|code| format!("{code} ({})", code.name())).collect();
        diagnostic.with_help(match replacements.as_slice() {
            [] => format!("remove the entry; `polpos explain {}` says why the check went", removed.id),
            _ => format!(
                "remove the entry; what it found is now reported as {}: allow that instead if the reason still holds",
                replacements.join(" or ")
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Family;

    #[test]
    fn a_removed_check_that_nothing_replaced_says_why_it_went() {
        let removed = RemovedCode {
            id: "P071",
            name: "gone",
            family: Family::Consistency,
            removed_in: "0.3.0",
            replaced_by: &[],
            summary: "Nothing reports this any more.",
            reason: "It found nothing a reader needed.",
        };
        let diagnostic: Diagnostic = AllowsRemovedCheck { at: Place::new(Path::new("a.yaml"), None), removed: &removed }.into();
        assert_eq!(diagnostic.help.as_deref(), Some("remove the entry; `polpos explain P071` says why the check went"));
    }
}
