//! Time: real dates, none in the future, statements not after the sources that report them,
//! `valid_until` after `stated_on`, and supersession forward, within one actor and theme, acyclic.

use super::{Context, at};
use crate::diagnostics::{Code, Diagnostic};
use crate::load::Document;
use crate::model::{PartialDate, Position, Record};
use std::collections::HashMap;

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let dataset = context.dataset;
    let index = &context.index;
    let mut out = Vec::new();
    let today = context.today.latest();
    let mut future = |date: &PartialDate, doc: &Document, field: &str| {
        if date.earliest() > today {
            out.push(Diagnostic::new(
                Code::FutureDate,
                &doc.path,
                doc.locate(&format!("/{field}")),
                format!("`{field}` {date} is in the future (today is {})", context.today),
            ));
        }
    };
    for source in &dataset.sources {
        if let Some(published) = &source.published {
            future(published, &source.doc, "published");
        }
    }
    for position in &dataset.positions {
        future(&position.stated_on, &position.doc, "stated_on");
        if let Some(until) = &position.valid_until {
            future(until, &position.doc, "valid_until");
        }
    }
    for position in &dataset.positions {
        let stated = position.stated_on;
        if let Some(until) = position.valid_until
            && until.latest() < stated.earliest()
        {
            out.push(Diagnostic::new(
                Code::ValidUntilBeforeStated,
                &position.doc.path,
                at(position, "/valid_until"),
                format!("`valid_until` {until} is before `stated_on` {stated}"),
            ));
        }
        let mut reported = std::collections::HashSet::new();
        for citation in &position.evidence {
            let Some(source) = index.sources.get(citation.source.as_str()) else { continue };
            let Some(published) = source.published else { continue };
            if stated.earliest() > published.latest() && reported.insert(&source.id) {
                out.push(
                    Diagnostic::new(
                        Code::StatedAfterSource,
                        &position.doc.path,
                        at(position, "/stated_on"),
                        format!("stated on {stated}, after source `{}` that reports it was published ({published})", source.id),
                    )
                    .with_related(&source.doc.path, at(*source, "/published"), "the source's publication date"),
                );
            }
        }
        if let Some(older) = position.supersedes.as_deref().and_then(|id| index.positions.get(id)) {
            supersession(position, older, &mut out);
        }
    }
    cycles(dataset.positions.as_slice(), &mut out);
    out
}

fn supersession(newer: &Record<Position>, older: &Record<Position>, out: &mut Vec<Diagnostic>) {
    let here = || at(newer, "/supersedes");
    if newer.actor != older.actor || newer.theme != older.theme {
        out.push(
            Diagnostic::new(
                Code::SupersessionAcross,
                &newer.doc.path,
                here(),
                format!(
                    "`{}` ({} × {}) supersedes `{}` ({} × {}); supersession stays within one actor and one theme",
                    newer.id, newer.actor, newer.theme, older.id, older.actor, older.theme
                ),
            )
            .with_related(&older.doc.path, at(older, "/id"), "the superseded position"),
        );
    }
    if newer.stated_on.latest() < older.stated_on.earliest() {
        out.push(
            Diagnostic::new(
                Code::SupersessionBackwards,
                &newer.doc.path,
                here(),
                format!(
                    "`{}` (stated {}) supersedes `{}`, which was stated later ({})",
                    newer.id, newer.stated_on, older.id, older.stated_on
                ),
            )
            .with_related(&older.doc.path, at(older, "/stated_on"), "the later date"),
        );
    }
}

/// Each position has at most one `supersedes` edge, so the links form a functional graph;
/// walking it with three colours finds every cycle once, in linear time.
fn cycles(positions: &[Record<Position>], out: &mut Vec<Diagnostic>) {
    let by_id: HashMap<&str, usize> = positions.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let next = |i: usize| positions[i].supersedes.as_deref().and_then(|id| by_id.get(id).copied());
    let mut state = vec![0u8; positions.len()]; // 0 unseen, 1 on the current walk, 2 done
    for start in 0..positions.len() {
        let mut walk: Vec<usize> = Vec::new();
        let mut current = Some(start);
        while let Some(i) = current {
            if state[i] != 0 {
                if state[i] == 1 {
                    let cycle = &walk[walk.iter().position(|&w| w == i).unwrap_or(0)..];
                    let first = cycle.iter().copied().min_by(|&a, &b| positions[a].id.cmp(&positions[b].id)).unwrap_or(i);
                    let names: Vec<&str> = cycle.iter().map(|&w| positions[w].id.as_str()).collect();
                    out.push(Diagnostic::new(
                        Code::SupersessionCycle,
                        &positions[first].doc.path,
                        at(&positions[first], "/supersedes"),
                        format!("supersession cycle: {} → {}", names.join(" → "), names[0]),
                    ));
                }
                break;
            }
            state[i] = 1;
            walk.push(i);
            current = next(i);
        }
        for i in walk {
            state[i] = 2;
        }
    }
}
