//! References: every id a record names exists (actors, themes, sources, organs, speakers,
//! superseded positions, check codes in `allow`).

use super::{Context, at};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Actor, Allow, Record, RecordKind};
use crate::schema::closest;

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let dataset = context.dataset;
    let index = &context.index;
    let mut out = Vec::new();
    let known = |kind: RecordKind, id: &str, found: bool| found || dataset.broken.contains(&(kind, id.to_string()));
    let suggest = |id: &str, candidates: Vec<&str>| closest(id, &candidates).map(|c| format!("did you mean `{c}`?"));

    for position in &dataset.positions {
        let actor = index.actors.get(position.actor.as_str()).copied();
        if !known(RecordKind::Actor, &position.actor, actor.is_some()) {
            let mut d = Diagnostic::new(
                Code::UnknownActor,
                &position.doc.path,
                at(position, "/actor"),
                format!("unknown actor `{}`", position.actor),
            );
            if let Some(hint) = suggest(&position.actor, index.actors.keys().copied().collect()) {
                d = d.with_help(hint);
            }
            out.push(d);
        }
        if !known(RecordKind::Theme, &position.theme, index.themes.contains_key(position.theme.as_str())) {
            let mut d = Diagnostic::new(
                Code::UnknownTheme,
                &position.doc.path,
                at(position, "/theme"),
                format!("unknown theme `{}`", position.theme),
            );
            if let Some(hint) = suggest(&position.theme, index.themes.keys().copied().collect()) {
                d = d.with_help(hint);
            }
            out.push(d);
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
                organ_exists(actor, organ, position, "/organ", &mut out);
            }
            if let Some(speaker) = &position.speaker {
                speaker_exists(actor, speaker, position, "/speaker", &mut out);
            }
        }
        for (i, citation) in position.evidence.iter().enumerate() {
            if !known(RecordKind::Source, &citation.source, index.sources.contains_key(citation.source.as_str())) {
                let mut d = Diagnostic::new(
                    Code::UnknownSource,
                    &position.doc.path,
                    at(position, &format!("/evidence/{i}/source")),
                    format!("unknown source `{}`", citation.source),
                );
                if let Some(hint) = suggest(&citation.source, index.sources.keys().copied().collect()) {
                    d = d.with_help(hint);
                }
                out.push(d);
            }
            if let (Some(actor), Some(speaker)) = (actor, &citation.speaker) {
                speaker_exists(actor, speaker, position, &format!("/evidence/{i}/speaker"), &mut out);
            }
        }
        allows(position, &position.allow, &mut out);
    }
    for actor in &dataset.actors {
        for (i, speaker) in actor.speakers.iter().enumerate() {
            if let Some(organ) = &speaker.organ {
                organ_exists(actor, organ, actor, &format!("/speakers/{i}/organ"), &mut out);
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
        allows(source, &source.allow, &mut out);
    }
    out
}

fn organ_exists<T>(actor: &Record<Actor>, organ: &str, record: &Record<T>, pointer: &str, out: &mut Vec<Diagnostic>) {
    if !actor.organs.iter().any(|o| o.id == organ) {
        let listed: Vec<&str> = actor.organs.iter().map(|o| o.id.as_str()).collect();
        out.push(
            Diagnostic::new(
                Code::UnknownOrgan,
                &record.doc.path,
                at(record, pointer),
                format!("actor `{}` has no organ `{organ}`", actor.id),
            )
            .with_help(format!(
                "organs of `{}`: {}; add it to {}",
                actor.id,
                if listed.is_empty() { "none".into() } else { listed.join(", ") },
                actor.doc.path.display()
            )),
        );
    }
}

fn speaker_exists<T>(actor: &Record<Actor>, speaker: &str, record: &Record<T>, pointer: &str, out: &mut Vec<Diagnostic>) {
    if !actor.speakers.iter().any(|s| s.id == speaker) {
        let listed: Vec<&str> = actor.speakers.iter().map(|s| s.id.as_str()).collect();
        out.push(
            Diagnostic::new(
                Code::UnknownOrgan,
                &record.doc.path,
                at(record, pointer),
                format!("actor `{}` has no speaker `{speaker}`", actor.id),
            )
            .with_help(format!(
                "speakers of `{}`: {}; add it to {}",
                actor.id,
                if listed.is_empty() { "none".into() } else { listed.join(", ") },
                actor.doc.path.display()
            )),
        );
    }
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
