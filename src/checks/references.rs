//! References: every id a record names exists (actors, sources' issuers, themes, sources,
//! organs, speakers, superseded positions, check codes in `allow`).

use super::{Context, at};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Actor, Allow, Record, RecordKind};
use crate::schema::closest;

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let dataset = context.dataset;
    let index = &context.index;
    let mut out = Vec::new();
    let known = |kind: RecordKind, id: &str, found: bool| found || dataset.broken.contains(&(kind, id.to_string()));

    for position in &dataset.positions {
        let actor = index.actors.get(position.actor.as_str()).copied();
        if !known(RecordKind::Actor, &position.actor, actor.is_some()) {
            out.push(unknown(Code::UnknownActor, position, "/actor", "actor", &position.actor, index.actors.keys()));
        }
        if !known(RecordKind::Theme, &position.theme, index.themes.contains_key(position.theme.as_str())) {
            out.push(unknown(Code::UnknownTheme, position, "/theme", "theme", &position.theme, index.themes.keys()));
        }
        if let Some(superseded) = &position.supersedes
            && !known(RecordKind::Position, superseded, index.positions.contains_key(superseded.as_str()))
        {
            out.push(Diagnostic::new(
                Code::UnknownPosition,
                &position.doc.path,
                at(position, "/supersedes"),
                format!("`supersedes` names unknown position `{superseded}`"),
            ));
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
            if !known(RecordKind::Source, &citation.source, index.sources.contains_key(citation.source.as_str())) {
                let pointer = format!("/evidence/{i}/source");
                out.push(unknown(Code::UnknownSource, position, &pointer, "source", &citation.source, index.sources.keys()));
            }
            if let (Some(actor), Some(speaker)) = (actor, &citation.speaker) {
                member_exists(actor, Member::Speaker, speaker, position, &format!("/evidence/{i}/speaker"), &mut out);
            }
        }
        allows(position, &position.allow, &mut out);
    }
    for actor in &dataset.actors {
        for (i, speaker) in actor.speakers.iter().enumerate() {
            if let Some(organ) = &speaker.organ {
                member_exists(actor, Member::Organ, organ, actor, &format!("/speakers/{i}/organ"), &mut out);
            }
        }
        allows(actor, &actor.allow, &mut out);
    }
    for theme in &dataset.themes {
        let mut theme_reference = |id: &str, pointer: String| {
            if !known(RecordKind::Theme, id, index.themes.contains_key(id)) {
                out.push(Diagnostic::new(Code::UnknownTheme, &theme.doc.path, at(theme, &pointer), format!("unknown theme `{id}`")));
            }
        };
        if let Some(replacement) = &theme.deprecated_by {
            theme_reference(replacement, "/deprecated_by".into());
        }
        for (i, exclusion) in theme.exclude.iter().enumerate() {
            if let Some(see) = &exclusion.see {
                theme_reference(see, format!("/exclude/{i}/see"));
            }
        }
        allows(theme, &theme.allow, &mut out);
    }
    for source in &dataset.sources {
        for (i, issuer) in source.issuers.iter().enumerate() {
            if !known(RecordKind::Actor, issuer, index.actors.contains_key(issuer.as_str())) {
                out.push(unknown(Code::UnknownActor, source, &format!("/issuers/{i}"), "actor", issuer, index.actors.keys()));
            }
        }
        allows(source, &source.allow, &mut out);
    }
    out
}

/// A reference to a record that does not exist, with the closest existing id as a hint.
fn unknown<'a, T>(
    code: Code,
    record: &Record<T>,
    pointer: &str,
    what: &str,
    id: &str,
    existing: impl Iterator<Item = &'a &'a str>,
) -> Diagnostic {
    let candidates: Vec<&str> = existing.copied().collect();
    let diagnostic = Diagnostic::new(code, &record.doc.path, at(record, pointer), format!("unknown {what} `{id}`"));
    match closest(id, &candidates) {
        Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
        None => diagnostic,
    }
}

/// Which list of an actor record a reference points into.
#[derive(Clone, Copy)]
enum Member {
    Organ,
    Speaker,
}

/// Reports `id` unless the actor's organs (or speakers) list it.
fn member_exists<T>(actor: &Record<Actor>, member: Member, id: &str, record: &Record<T>, pointer: &str, out: &mut Vec<Diagnostic>) {
    let (what, listed): (&str, Vec<&str>) = match member {
        Member::Organ => ("organ", actor.organs.iter().map(|o| o.id.as_str()).collect()),
        Member::Speaker => ("speaker", actor.speakers.iter().map(|s| s.id.as_str()).collect()),
    };
    if listed.contains(&id) {
        return;
    }
    out.push(
        Diagnostic::new(Code::UnknownOrgan, &record.doc.path, at(record, pointer), format!("actor `{}` has no {what} `{id}`", actor.id))
            .with_help(format!(
                "{what}s of `{}`: {}; add it to {}",
                actor.id,
                if listed.is_empty() { "none".into() } else { listed.join(", ") },
                actor.doc.path.display()
            )),
    );
}

fn allows<T>(record: &Record<T>, allow: &[Allow], out: &mut Vec<Diagnostic>) {
    for (i, entry) in allow.iter().enumerate() {
        if Code::parse(&entry.check).is_none() {
            out.push(Diagnostic::new(
                Code::UnknownCheck,
                &record.doc.path,
                at(record, &format!("/allow/{i}/check")),
                format!("`{}` is not a check code; run `polpos checks` for the list", entry.check),
            ));
        }
    }
}
