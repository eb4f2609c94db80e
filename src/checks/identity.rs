//! Identity: ids (and reliability coders) are unique (also ignoring letter case), equal the file
//! stem, and a position lives in its actor's folder.

use super::{Context, at, usable_items};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Actor, Record};
use std::collections::HashMap;

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let dataset = context.dataset;
    let mut diagnostics = Vec::new();
    ids(&dataset.actors, "id", |a| &a.id, &mut diagnostics);
    ids(&dataset.themes, "id", |t| &t.id, &mut diagnostics);
    ids(&dataset.sources, "id", |s| &s.id, &mut diagnostics);
    ids(&dataset.positions, "id", |p| &p.id, &mut diagnostics);
    ids(&dataset.reliability, "coder", |r| &r.coder, &mut diagnostics);
    for actor in &dataset.actors {
        members(actor, "organ", "organs", usable_items(actor, "organs", &actor.organs).map(|(i, o)| (i, o.id.as_str())), &mut diagnostics);
        let speakers = usable_items(actor, "speakers", &actor.speakers).map(|(i, s)| (i, s.id.as_str()));
        members(actor, "speaker", "speakers", speakers, &mut diagnostics);
    }
    for position in dataset.positions.iter().filter(|p| p.usable("/actor")) {
        if let Some(folder) = position.doc.folder()
            && folder != position.actor
        {
            diagnostics.push(
                Diagnostic::new(
                    Code::WrongActorFolder,
                    &position.doc.path,
                    at(position, "/actor"),
                    format!("position of actor `{}` is filed under positions/{folder}/", position.actor),
                )
                .with_help(format!("move the file to positions/{}/, or fix `actor` if it is wrong", position.actor)),
            );
        }
    }
    diagnostics
}

/// Organ and speaker ids are keys too: unique within their actor.
fn members<'a>(
    actor: &Record<Actor>,
    what: &str,
    list: &str,
    ids: impl Iterator<Item = (usize, &'a str)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids {
        match first.get(id) {
            None => {
                first.insert(id, i);
            }
            Some(&earlier) => diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    &actor.doc.path,
                    at(actor, &format!("/{list}/{i}/id")),
                    format!("{what} id `{id}` is already used in this actor"),
                )
                .with_related(
                    &actor.doc.path,
                    at(actor, &format!("/{list}/{earlier}/id")),
                    format!("the first {what} `{id}`"),
                ),
            ),
        }
    }
}

/// Checks the identifying field (`id`, or a reliability record's `coder`) of every record.
fn ids<T>(records: &[Record<T>], field: &str, id: impl Fn(&T) -> &String, diagnostics: &mut Vec<Diagnostic>) {
    let pointer = format!("/{field}");
    let mut first_by_folded: HashMap<String, &Record<T>> = HashMap::new();
    for record in records.iter().filter(|r| r.usable(&pointer)) {
        let this = id(&record.data);
        if this != record.doc.stem() {
            diagnostics.push(
                Diagnostic::new(
                    Code::IdMismatch,
                    &record.doc.path,
                    at(record, &pointer),
                    format!("{field} `{this}` does not match the file name `{}.yaml`", record.doc.stem()),
                )
                .with_help(format!("rename the file to `{this}.yaml`, or set `{field}: {}`", record.doc.stem())),
            );
        }
        match first_by_folded.get(&this.to_lowercase()) {
            None => {
                first_by_folded.insert(this.to_lowercase(), record);
            }
            Some(first) => {
                let other = id(&first.data);
                let message = if other == this {
                    format!("{field} `{this}` is already used by {}", first.doc.path.display())
                } else {
                    format!(
                        "{field} `{this}` differs only by letter case from `{other}` ({}); the files would collide on case-insensitive file systems",
                        first.doc.path.display()
                    )
                };
                diagnostics.push(Diagnostic::new(Code::DuplicateId, &record.doc.path, at(record, &pointer), message).with_related(
                    &first.doc.path,
                    at(first, &pointer),
                    "the other record",
                ));
            }
        }
    }
}
