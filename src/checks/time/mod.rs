//! Time: real dates, none in the future, statements not after the sources that report them,
//! `valid_until` after `stated_on`, and supersession forward, within one actor and theme, acyclic.

mod diags;

use super::{Context, at};
use crate::diagnostics::{Diagnostic, Place};
use crate::document::Document;
use crate::model::{PartialDate, Position, Record, Supersession};

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let dataset = context.dataset;
    let index = &context.index;
    let mut out = Vec::new();
    let today = context.today.latest();
    let mut future = |date: &PartialDate, doc: &Document, field: &str| {
        if date.earliest() > today {
            let at = Place::new(&doc.path, doc.locate(&format!("/{field}")));
            out.push(diags::FutureDate { at, field, date: *date, today: context.today }.into());
        }
    };
    for source in &dataset.sources {
        if let Some(published) = &source.published {
            future(published, &source.doc, "published");
        }
    }
    for position in dataset.positions.iter().filter(|p| p.usable("/stated_on")) {
        future(&position.stated_on, &position.doc, "stated_on");
        if let Some(until) = &position.valid_until {
            future(until, &position.doc, "valid_until");
        }
    }
    let supersession = dataset.supersession();
    // Each of these compares `stated_on` with another date.
    for position in dataset.positions.iter().filter(|p| p.usable("/stated_on")) {
        let stated = position.stated_on;
        if let Some(until) = position.valid_until
            && until.latest() < stated.earliest()
        {
            out.push(diags::ValidUntilBeforeStated { at: at(position, "/valid_until"), until, stated }.into());
        }
        let mut reported = std::collections::HashSet::new();
        for (_, citation) in position.evidence.iter().enumerate().filter(|(i, _)| position.usable_at(|| format!("/evidence/{i}/source"))) {
            let Some(source) = index.sources.get(&*citation.source) else { continue };
            let Some(published) = source.published else { continue };
            if stated.earliest() > published.latest() && reported.insert(&source.id) {
                out.push(
                    diags::StatedAfterSource {
                        at: at(position, "/stated_on"),
                        stated,
                        source: &source.id,
                        published,
                        published_at: at(*source, "/published"),
                    }
                    .into(),
                );
            }
        }
    }
    for (i, position) in dataset.positions.iter().enumerate() {
        if let Some(older) = supersession.older(i) {
            forward_within_one_cell(position, &dataset.positions[older], &mut out);
        }
    }
    cycles(&dataset.positions, supersession, &mut out);
    out
}

fn forward_within_one_cell(newer: &Record<Position>, older: &Record<Position>, out: &mut Vec<Diagnostic>) {
    let here = || at(newer, "/supersedes");
    let both = |pointer: &str| newer.usable(pointer) && older.usable(pointer);
    if both("/actor") && both("/theme") && (newer.actor != older.actor || newer.theme != older.theme) {
        out.push(diags::SupersessionAcross { at: here(), newer, older, older_at: at(older, "/id") }.into());
    }
    if both("/stated_on") && newer.stated_on.latest() < older.stated_on.earliest() {
        out.push(diags::SupersessionBackwards { at: here(), newer, older, later_at: at(older, "/stated_on") }.into());
    }
}

fn cycles(positions: &[Box<Record<Position>>], supersession: &Supersession, out: &mut Vec<Diagnostic>) {
    for cycle in supersession.cycles() {
        let first = cycle.iter().copied().min_by(|&a, &b| positions[a].id.cmp(&positions[b].id)).unwrap_or(cycle[0]);
        let names: Vec<&str> = cycle.iter().map(|&w| &*positions[w].id).collect();
        out.push(diags::SupersessionCycle { at: at(&positions[first], "/supersedes"), cycle: names }.into());
    }
}
