//! The identity family's findings (P020 to P022) and all their wording.

use crate::checks::Member;
use crate::diagnostics::{Code, Diagnostic, Place};

/// A record's identifying field (`id`, or a reliability record's `coder`) is not its file stem.
pub(crate) struct IdMismatch<'a> {
    pub at: Place<'a>,
    pub field: &'a str,
    pub id: &'a str,
    pub stem: &'a str,
}

impl From<IdMismatch<'_>> for Diagnostic {
    fn from(IdMismatch { at, field, id, stem }: IdMismatch<'_>) -> Diagnostic {
        at.diagnostic(Code::IdMismatch, format!("{field} `{id}` does not match the file name `{stem}.yaml`"))
            .with_help(format!("rename the file to `{id}.yaml`, or set `{field}: {stem}`"))
    }
}

/// Two records of one kind share an id, or ids that differ only by letter case.
pub(crate) struct DuplicateId<'a> {
    pub at: Place<'a>,
    pub field: &'a str,
    pub id: &'a str,
    /// The other record's id and where it stands.
    pub other: &'a str,
    pub other_at: Place<'a>,
}

impl From<DuplicateId<'_>> for Diagnostic {
    fn from(DuplicateId { at, field, id, other, other_at }: DuplicateId<'_>) -> Diagnostic {
        let message = if other == id {
            format!("{field} `{id}` is already used by {}", other_at.file.display())
        } else {
            format!(
                "{field} `{id}` differs only by letter case from `{other}` ({}); the files would collide on case-insensitive file systems",
                other_at.file.display()
            )
        };
        at.diagnostic(Code::DuplicateId, message).with_related(other_at.file, other_at.location, "the other record")
    }
}

/// An actor lists two organs (or speakers) with one id.
pub(crate) struct DuplicateMember<'a> {
    pub at: Place<'a>,
    pub member: Member,
    pub id: &'a str,
    pub first: Place<'a>,
}

impl From<DuplicateMember<'_>> for Diagnostic {
    fn from(DuplicateMember { at, member, id, first }: DuplicateMember<'_>) -> Diagnostic {
        let what = member.noun();
        at.diagnostic(Code::DuplicateId, format!("{what} id `{id}` is already used in this actor")).with_related(
            first.file,
            first.location,
            format!("the first {what} `{id}`"),
        )
    }
}

/// A position is filed under another actor's folder.
pub(crate) struct WrongActorFolder<'a> {
    pub at: Place<'a>,
    pub actor: &'a str,
    pub folder: &'a str,
}

impl From<WrongActorFolder<'_>> for Diagnostic {
    fn from(WrongActorFolder { at, actor, folder }: WrongActorFolder<'_>) -> Diagnostic {
        at.diagnostic(Code::WrongActorFolder, format!("position of actor `{actor}` is filed under positions/{folder}/"))
            .with_help(format!("move the file to positions/{actor}/, or fix `actor` if it is wrong"))
    }
}
