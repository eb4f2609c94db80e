//! The consistency family's findings (P060 to P069) and all their wording.

use crate::diagnostics::{Code, Diagnostic, Place};
use crate::model::Position;

/// Two live positions of one actor on one theme with different stances, at the same time.
pub(crate) struct Contradiction<'a> {
    pub at: Place<'a>,
    /// The position reported (the later of the two in dataset order) and the one it contradicts.
    pub position: &'a Position,
    pub other: &'a Position,
    pub other_at: Place<'a>,
}

impl From<Contradiction<'_>> for Diagnostic {
    fn from(Contradiction { at, position, other, other_at }: Contradiction<'_>) -> Diagnostic {
        let (actor, theme) = (&position.actor, &position.theme);
        let held = |p: &Position| format!("`{}` ({}, stated {})", p.id, p.stance.as_str(), p.stated_on);
        at.diagnostic(Code::Contradiction, format!("{actor} × {theme}: {} contradicts {}, which still holds", held(position), held(other)))
            .with_related(other_at.file, other_at.location, "the other position")
            .with_help("link them with `supersedes`, end the earlier one with `valid_until`, or code the disagreement as `mixed`")
    }
}

/// A stance its theme's scale does not define; `defined` lists the ones it does.
pub(crate) struct StanceNotInScale<'a> {
    pub at: Place<'a>,
    pub theme: &'a str,
    pub stance: &'a str,
    pub defined: Vec<&'a str>,
}

impl From<StanceNotInScale<'_>> for Diagnostic {
    fn from(StanceNotInScale { at, theme, stance, defined }: StanceNotInScale<'_>) -> Diagnostic {
        at.diagnostic(Code::StanceNotInScale, format!("theme `{theme}` does not define the stance `{stance}`"))
            .with_help(format!("its scale defines: {}", defined.join(", ")))
    }
}

/// A position with high confidence whose every citation is `characterized`.
pub(crate) struct CharacterizedHighConfidence<'a> {
    pub at: Place<'a>,
}

impl From<CharacterizedHighConfidence<'_>> for Diagnostic {
    fn from(CharacterizedHighConfidence { at }: CharacterizedHighConfidence<'_>) -> Diagnostic {
        at.diagnostic(
            Code::CharacterizedHighConfidence,
            "every citation is `characterized`, so the position is an inference and cannot have high confidence",
        )
        .with_help("lower `confidence` to medium or low, or cite the actor's own or reported words")
    }
}

/// A position on a deprecated theme.
pub(crate) struct DeprecatedTheme<'a> {
    pub at: Place<'a>,
    pub theme: &'a str,
    pub replacement: &'a str,
}

impl From<DeprecatedTheme<'_>> for Diagnostic {
    fn from(DeprecatedTheme { at, theme, replacement }: DeprecatedTheme<'_>) -> Diagnostic {
        at.diagnostic(Code::DeprecatedTheme, format!("theme `{theme}` is deprecated; recode this position on `{replacement}`"))
    }
}

/// A record nothing refers to, at its id.
pub(crate) enum Orphan<'a> {
    Actor { at: Place<'a>, id: &'a str },
    Theme { at: Place<'a>, id: &'a str },
    Source { at: Place<'a>, id: &'a str },
}

impl From<Orphan<'_>> for Diagnostic {
    fn from(orphan: Orphan<'_>) -> Diagnostic {
        match orphan {
            Orphan::Actor { at, id } => at.diagnostic(Code::OrphanActor, format!("no position names actor `{id}`")),
            Orphan::Theme { at, id } => at.diagnostic(Code::OrphanTheme, format!("no position is coded on theme `{id}`")),
            Orphan::Source { at, id } => at.diagnostic(Code::OrphanSource, format!("no citation names source `{id}`")),
        }
    }
}

/// A second position superseding one that another already supersedes.
pub(crate) struct SupersededTwice<'a> {
    pub at: Place<'a>,
    pub superseded: &'a str,
    pub first: &'a str,
    pub first_at: Place<'a>,
}

impl From<SupersededTwice<'_>> for Diagnostic {
    fn from(SupersededTwice { at, superseded, first, first_at }: SupersededTwice<'_>) -> Diagnostic {
        at.diagnostic(Code::SupersededTwice, format!("`{superseded}` is already superseded by `{first}`")).with_related(
            first_at.file,
            first_at.location,
            "the first successor",
        )
    }
}

/// A `direct` citation of an issued text on the position of an actor that did not issue it.
pub(crate) struct DirectNotIssuer<'a> {
    pub at: Place<'a>,
    pub actor: &'a str,
    pub source: &'a str,
    pub issuers: &'a [String],
    pub issuers_at: Place<'a>,
}

impl From<DirectNotIssuer<'_>> for Diagnostic {
    fn from(DirectNotIssuer { at, actor, source, issuers, issuers_at }: DirectNotIssuer<'_>) -> Diagnostic {
        at.diagnostic(
            Code::DirectNotIssuer,
            format!("source `{source}` was issued by {}, so a `direct` quote of it is not `{actor}`'s own words", listed(issuers)),
        )
        .with_related(issuers_at.file, issuers_at.location, "the source's issuers")
        .with_help(format!("use `attribution: reported` if the text reports what `{actor}` said or did, or fix the position's `actor`"))
    }
}

/// A joint statement cited `direct` on one issuer's position on a theme, but on no position of
/// the `missing` issuers on that theme.
pub(crate) struct JointStatementOneIssuer<'a> {
    pub at: Place<'a>,
    pub actor: &'a str,
    pub theme: &'a str,
    pub source: &'a str,
    pub issuers: &'a [String],
    pub missing: Vec<&'a str>,
    pub issuers_at: Place<'a>,
}

impl From<JointStatementOneIssuer<'_>> for Diagnostic {
    fn from(JointStatementOneIssuer { at, actor, theme, source, issuers, missing, issuers_at }: JointStatementOneIssuer<'_>) -> Diagnostic {
        let missing = listed(&missing);
        at.diagnostic(
            Code::JointStatementOneIssuer,
            format!(
                "source `{source}` is a joint statement of {}, but no position of {missing} on theme `{theme}` cites it `direct`",
                listed(issuers)
            ),
        )
        .with_related(issuers_at.file, issuers_at.location, "the joint statement's issuers")
        .with_help(format!(
            "a joint statement is a direct statement of each issuer: code the position of {missing} on `{theme}` citing the same passage, \
             or, where the passage states only `{actor}`'s own commitment, allow P069 here with that reason"
        ))
    }
}

/// Ids as a reader lists them: `a`, `b` and `c`.
fn listed<S: AsRef<str>>(ids: &[S]) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("`{}`", id.as_ref())).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}
