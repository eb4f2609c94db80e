//! Identity: ids (and reliability coders) are unique (also ignoring letter case), equal the file
//! stem, and a position lives in its actor's folder.

mod diags;

use super::{Context, Member, at, usable_items};
use crate::diagnostics::Diagnostic;
use crate::model::{Actor, Record};
use std::collections::HashMap;

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let dataset = context.dataset;
    let mut diagnostics = Vec::new();
    ids(dataset.actors.iter(), "id", |a| &a.id, &mut diagnostics);
    ids(dataset.themes.iter(), "id", |t| &t.id, &mut diagnostics);
    ids(dataset.sources.iter(), "id", |s| &s.id, &mut diagnostics);
    ids(dataset.positions.iter().map(|p| &**p), "id", |p| &p.id, &mut diagnostics);
    ids(dataset.reliability.iter(), "coder", |r| &r.coder, &mut diagnostics);
    for actor in &dataset.actors {
        members(actor, Member::Organ, usable_items(actor, "organs", &actor.organs).map(|(i, o)| (i, &*o.id)), &mut diagnostics);
        let speakers = usable_items(actor, "speakers", &actor.speakers).map(|(i, s)| (i, &*s.id));
        members(actor, Member::Speaker, speakers, &mut diagnostics);
    }
    for position in dataset.positions.iter().filter(|p| p.usable("/actor")) {
        if let Some(folder) = position.doc.folder()
            && folder != &*position.actor
        {
            diagnostics.push(diags::WrongActorFolder { at: at(position, "/actor"), actor: &position.actor, folder }.into());
        }
    }
    diagnostics
}

/// Organ and speaker ids are keys too: unique within their actor.
fn members<'a>(actor: &Record<Actor>, member: Member, ids: impl Iterator<Item = (usize, &'a str)>, diagnostics: &mut Vec<Diagnostic>) {
    let list = member.list();
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids {
        match first.get(id) {
            None => {
                first.insert(id, i);
            }
            Some(&earlier) => diagnostics.push(
                diags::DuplicateMember {
                    at: at(actor, &format!("/{list}/{i}/id")),
                    member,
                    id,
                    first: at(actor, &format!("/{list}/{earlier}/id")),
                }
                .into(),
            ),
        }
    }
}

/// Checks the identifying field (`id`, or a reliability record's `coder`) of every record.
fn ids<'a, T: 'a>(records: impl Iterator<Item = &'a Record<T>>, field: &str, id: impl Fn(&T) -> &str, diagnostics: &mut Vec<Diagnostic>) {
    let pointer = format!("/{field}");
    let mut first_by_folded: HashMap<String, &Record<T>> = HashMap::new();
    for record in records.filter(|r| r.usable(&pointer)) {
        let this = id(&record.data);
        if this != record.doc.stem() {
            diagnostics.push(diags::IdMismatch { at: at(record, &pointer), field, id: this, stem: record.doc.stem() }.into());
        }
        match first_by_folded.get(&this.to_lowercase()) {
            None => {
                first_by_folded.insert(this.to_lowercase(), record);
            }
            Some(first) => diagnostics.push(
                diags::DuplicateId { at: at(record, &pointer), field, id: this, other: id(&first.data), other_at: at(first, &pointer) }
                    .into(),
            ),
        }
    }
}
