//! References: every id a record names exists (actors, sources' issuers, themes, sources,
//! organs, speakers, superseded positions, check codes in `allow`, and the ids of reliability
//! codings).

mod diags;

use super::{Context, Member, at, usable_items};
use crate::diagnostics::{Catalogue, Diagnostic, KnownCode};
use crate::model::{Actor, Allow, Record, RecordKind};
use crate::schema::closest;
use diags::Target;

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let dataset = context.dataset;
    let index = &context.index;
    let mut out = Vec::new();
    let known = |kind: RecordKind, id: &str, found: bool| found || dataset.broken.contains(&(kind, id.to_string()));
    let catalogue = &Catalogue::SHIPPED;

    for position in &dataset.positions {
        let actor = index.actors.get(&*position.actor).copied().filter(|_| position.usable("/actor"));
        if position.usable("/actor") && !known(RecordKind::Actor, &position.actor, actor.is_some()) {
            out.push(unknown(Target::Actor, position, "/actor", &position.actor, index.actors.keys()));
        }
        if position.usable("/theme") && !known(RecordKind::Theme, &position.theme, index.themes.contains_key(&*position.theme)) {
            out.push(unknown(Target::Theme, position, "/theme", &position.theme, index.themes.keys()));
        }
        if let Some(superseded) = &position.supersedes
            && !known(RecordKind::Position, superseded, index.positions.contains_key(&**superseded))
        {
            out.push(diags::UnknownPosition { at: at(position, "/supersedes"), id: superseded }.into());
        }
        if let Some(actor) = actor {
            if let Some(organ) = &position.organ {
                member_exists(actor, Member::Organ, organ, position, "/organ", &mut out);
            }
            if let Some(speaker) = &position.speaker {
                member_exists(actor, Member::Speaker, speaker, position, "/speaker", &mut out);
            }
        }
        for (i, citation) in position.evidence.iter().enumerate() {
            if position.usable_at(|| format!("/evidence/{i}/source"))
                && !known(RecordKind::Source, &citation.source, index.sources.contains_key(&*citation.source))
            {
                let pointer = format!("/evidence/{i}/source");
                out.push(unknown(Target::Source, position, &pointer, &citation.source, index.sources.keys()));
            }
            if let (Some(actor), Some(speaker)) = (actor, &citation.speaker) {
                member_exists(actor, Member::Speaker, speaker, position, &format!("/evidence/{i}/speaker"), &mut out);
            }
        }
        allows(catalogue, position, &position.allow, &mut out);
    }
    for actor in &dataset.actors {
        for (i, speaker) in usable_items(actor, "speakers", &actor.speakers) {
            if let Some(organ) = &speaker.organ {
                member_exists(actor, Member::Organ, organ, actor, &format!("/speakers/{i}/organ"), &mut out);
            }
        }
        allows(catalogue, actor, &actor.allow, &mut out);
    }
    for theme in &dataset.themes {
        let mut theme_reference = |id: &str, pointer: String| {
            if !known(RecordKind::Theme, id, index.themes.contains_key(id)) {
                out.push(diags::UnknownRecord { at: at(theme, &pointer), target: Target::Theme, id, closest: None }.into());
            }
        };
        if let Some(replacement) = &theme.deprecated_by {
            theme_reference(replacement, "/deprecated_by".into());
        }
        for (i, exclusion) in usable_items(theme, "exclude", &theme.exclude) {
            if let Some(see) = &exclusion.see {
                theme_reference(see, format!("/exclude/{i}/see"));
            }
        }
        allows(catalogue, theme, &theme.allow, &mut out);
    }
    for source in &dataset.sources {
        for (i, issuer) in source.issuers.iter().enumerate() {
            if !known(RecordKind::Actor, issuer, index.actors.contains_key(issuer.as_str())) {
                out.push(unknown(Target::Actor, source, &format!("/issuers/{i}"), issuer, index.actors.keys()));
            }
        }
        allows(catalogue, source, &source.allow, &mut out);
    }
    for coding in &dataset.reliability {
        for (i, source) in usable_items(coding, "sources", &coding.sources) {
            if !known(RecordKind::Source, source, index.sources.contains_key(source.as_str())) {
                out.push(unknown(Target::Source, coding, &format!("/sources/{i}"), source, index.sources.keys()));
            }
        }
        for (i, unit) in usable_items(coding, "units", &coding.units) {
            let pointer = |field: &str| format!("/units/{i}/{field}");
            if !known(RecordKind::Actor, &unit.actor, index.actors.contains_key(&*unit.actor)) {
                out.push(unknown(Target::Actor, coding, &pointer("actor"), &unit.actor, index.actors.keys()));
            }
            if !known(RecordKind::Theme, &unit.theme, index.themes.contains_key(&*unit.theme)) {
                out.push(unknown(Target::Theme, coding, &pointer("theme"), &unit.theme, index.themes.keys()));
            }
            if !known(RecordKind::Source, &unit.source, index.sources.contains_key(&*unit.source)) {
                out.push(unknown(Target::Source, coding, &pointer("source"), &unit.source, index.sources.keys()));
            }
        }
    }
    out
}

/// A reference to a record that does not exist, with the closest existing id as a hint.
fn unknown<'a, T>(target: Target, record: &Record<T>, pointer: &str, id: &str, existing: impl Iterator<Item = &'a &'a str>) -> Diagnostic {
    let candidates: Vec<&str> = existing.copied().collect();
    diags::UnknownRecord { at: at(record, pointer), target, id, closest: closest(id, &candidates) }.into()
}

/// Reports `id` unless the actor's organs (or speakers) list it.
fn member_exists<T>(actor: &Record<Actor>, member: Member, id: &str, record: &Record<T>, pointer: &str, out: &mut Vec<Diagnostic>) {
    let listed: Vec<&str> = match member {
        Member::Organ => actor.organs.iter().map(|o| &*o.id).collect(),
        Member::Speaker => actor.speakers.iter().map(|s| &*s.id).collect(),
    };
    if listed.contains(&id) {
        return;
    }
    out.push(diags::UnknownMember { at: at(record, pointer), member, id, actor: &actor.id, actor_file: &actor.doc.path, listed }.into());
}

/// Reports the `allow` entries that name a check the catalogue does not have in use.
fn allows<T>(catalogue: &Catalogue, record: &Record<T>, allow: &[Allow], out: &mut Vec<Diagnostic>) {
    for (i, entry) in usable_items(record, "allow", allow) {
        let here = || at(record, &format!("/allow/{i}/check"));
        match catalogue.lookup(&entry.check) {
            Some(KnownCode::Active(_)) => {}
            Some(KnownCode::Removed(removed)) => out.push(diags::AllowsRemovedCheck { at: here(), removed }.into()),
            None => out.push(diags::UnknownCheck { at: here(), check: &entry.check }.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Severity, WITH_A_RETIRED_CHECK};
    use crate::load::{Loaded, RawFile};
    use crate::validate::{Options, validate_files};
    use std::path::{Path, PathBuf};

    #[test]
    fn an_allow_entry_naming_a_retired_check_is_a_warning_not_an_unknown_check() {
        let actor = "id: aa\nname: Aland\nkind: state\nallow:\n  - {check: P070, reason: the drift is deliberate}\n  \
                     - {check: P079, reason: no such check at all}\n  - {check: P064, reason: coded in the next release}\n";
        let file = RawFile { path: PathBuf::from("data/actors/aa.yaml"), kind: RecordKind::Actor, bytes: actor.into() };
        let loaded = Loaded { manifest_found: true, ..Loaded::default() };
        let validation = validate_files(vec![file], loaded, Path::new("data"), &Options::default());
        let actor = &validation.dataset.actors[0];
        let mut found = Vec::new();
        allows(&WITH_A_RETIRED_CHECK, actor, &actor.allow, &mut found);
        assert_eq!(
            found[0].help.as_deref(),
            Some(
                "remove the entry; what it found is now reported as P060 (contradiction) or P067 (superseded-twice): allow that instead if the reason still holds"
            )
        );
        let found: Vec<(Code, Severity, usize, &str)> =
            found.iter().map(|d| (d.code, d.severity, d.location.map_or(0, |l| l.line), d.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (
                    Code::UnknownCheck,
                    Severity::Warning,
                    5,
                    "check P070 (stance-drift) was removed in polpos 0.2.0, so this entry silences nothing"
                ),
                (Code::UnknownCheck, Severity::Error, 6, "`P079` is not a check code; run `polpos checks` for the list"),
            ]
        );
    }
}
