//! Consistency: no contradictions, stances the theme defines, honest confidence, no deprecated
//! themes, no orphans, one successor per position, issued texts quoted as the words of their
//! issuers (and of all of them, for a joint statement).

mod diags;

use super::{Context, at, usable_items};
use crate::diagnostics::Diagnostic;
use crate::model::{Attribution, Citation, Confidence, Day, Position, Record, RecordKind, Supersession};
use std::collections::{BTreeMap, HashSet};

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let dataset = context.dataset;
    let index = &context.index;
    let mut out = Vec::new();
    for position in &dataset.positions {
        if let Some(theme) = index.themes.get(&*position.theme).filter(|_| position.usable("/theme")) {
            if position.usable("/stance") && !theme.scale.contains_key(&position.stance) {
                let defined: Vec<&str> = theme.scale.keys().map(|s| s.as_str()).collect();
                out.push(
                    diags::StanceNotInScale { at: at(position, "/stance"), theme: &theme.id, stance: position.stance.as_str(), defined }
                        .into(),
                );
            }
            if let Some(replacement) = &theme.deprecated_by {
                out.push(diags::DeprecatedTheme { at: at(position, "/theme"), theme: &theme.id, replacement }.into());
            }
        }
        if position.confidence == Confidence::High
            && position.usable("/confidence")
            && position.usable("/evidence")
            && !position.evidence.is_empty()
            && position.evidence.iter().all(|c| c.attribution == Attribution::Characterized)
        {
            out.push(diags::CharacterizedHighConfidence { at: at(position, "/confidence") }.into());
        }
    }
    orphans(context, &mut out);
    issued_texts(context, &mut out);
    let supersession = dataset.supersession();
    superseded_twice(&dataset.positions, supersession, &mut out);
    let link_missing = |i: usize| {
        let supersedes = dataset.positions[supersession.root(i)].supersedes.as_deref();
        supersedes.is_some_and(|id| dataset.broken.contains(&(RecordKind::Position, id.to_string())))
    };
    contradictions(&dataset.positions, supersession, link_missing, &mut out);
    out
}

fn orphans(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let dataset = context.dataset;
    let actors: HashSet<&str> = dataset.positions.iter().map(|p| &*p.actor).collect();
    let themes: HashSet<&str> =
        dataset.positions.iter().map(|p| &*p.theme).chain(dataset.themes.iter().filter_map(|t| t.deprecated_by.as_deref())).collect();
    let sources: HashSet<&str> = dataset.positions.iter().flat_map(|p| p.evidence.iter().map(|c| &*c.source)).collect();
    for actor in dataset.actors.iter().filter(|a| a.usable("/id") && !actors.contains(&*a.id)) {
        out.push(diags::Orphan::Actor { at: at(actor, "/id"), id: &actor.id }.into());
    }
    for theme in dataset.themes.iter().filter(|t| t.usable("/id") && !themes.contains(&*t.id) && t.deprecated_by.is_none()) {
        out.push(diags::Orphan::Theme { at: at(theme, "/id"), id: &theme.id }.into());
    }
    for source in dataset.sources.iter().filter(|s| s.usable("/id") && !sources.contains(&*s.id)) {
        out.push(diags::Orphan::Source { at: at(source, "/id"), id: &source.id }.into());
    }
}

/// `direct` citations of sources that name their `issuers`: they quote an issuer's own words,
/// so they belong to an issuer's position (P068); and a joint statement quoted for one issuer
/// on a theme is a statement of every issuer on that theme (P069, once per position and source).
fn issued_texts(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let positions = &context.dataset.positions;
    let joint = |source: &str| context.index.sources.get(source).is_some_and(|s| s.issuers.len() > 1);
    // (actor, theme, source) of every direct citation of a joint statement.
    let quoted: HashSet<(&str, &str, &str)> = positions
        .iter()
        .flat_map(|p| direct(p).filter(|(_, c)| joint(&c.source)).map(move |(_, c)| (&*p.actor, &*p.theme, &*c.source)))
        .collect();
    for position in positions.iter().filter(|p| p.usable("/actor") && p.usable("/theme")) {
        let mut joint_sources_seen = HashSet::new();
        for (i, citation) in direct(position) {
            let Some(source) = context.index.sources.get(&*citation.source) else { continue };
            if source.issuers.is_empty() {
                continue;
            }
            let actor = &*position.actor;
            if !source.issuers.iter().any(|issuer| issuer == actor) {
                out.push(
                    diags::DirectNotIssuer {
                        at: at(position, &format!("/evidence/{i}/attribution")),
                        actor,
                        source: &source.id,
                        issuers: &source.issuers,
                        issuers_at: at(*source, "/issuers"),
                    }
                    .into(),
                );
                continue;
            }
            if source.issuers.len() < 2 || !joint_sources_seen.insert(&*source.id) {
                continue;
            }
            let missing: Vec<&str> = source
                .issuers
                .iter()
                .filter(|issuer| {
                    *issuer != actor
                        && context.index.actors.contains_key(issuer.as_str())
                        && !quoted.contains(&(issuer.as_str(), &*position.theme, &*source.id))
                })
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                out.push(
                    diags::JointStatementOneIssuer {
                        at: at(position, &format!("/evidence/{i}/source")),
                        actor,
                        theme: &position.theme,
                        source: &source.id,
                        issuers: &source.issuers,
                        missing,
                        issuers_at: at(*source, "/issuers"),
                    }
                    .into(),
                );
            }
        }
    }
}

/// A position's `direct` citations, with their places in its evidence (those that passed their
/// schema).
fn direct(position: &Record<Position>) -> impl Iterator<Item = (usize, &Citation)> {
    usable_items(position, "evidence", &position.evidence).filter(|(_, c)| c.attribution == Attribution::Direct)
}

/// Reports every position that supersedes one another position already replaced.
fn superseded_twice(positions: &[Box<Record<Position>>], supersession: &Supersession, out: &mut Vec<Diagnostic>) {
    for (older, position) in positions.iter().enumerate() {
        let Some((&first, later)) = supersession.newer(older).split_first() else { continue };
        let first = &positions[first];
        for newer in later.iter().map(|&i| &positions[i]) {
            out.push(
                diags::SupersededTwice {
                    at: at(newer, "/supersedes"),
                    superseded: &position.id,
                    first: &first.id,
                    first_at: at(first, "/supersedes"),
                }
                .into(),
            );
        }
    }
}

/// When a position surely held: from the latest day it can have begun to the earliest day it can
/// have ended (open when it has not).
type Held = (Day, Option<Day>);

/// Two positions of one actor on one theme contradict each other when their stances differ,
/// no chain of supersession links them, and they surely held at the same time: each began
/// (at the latest) before the other ended (at the earliest).
///
/// A chain whose oldest readable position supersedes one that could not be read (`link_missing`)
/// is not judged: what the missing link replaced, and so what still holds, is unknown.
///
/// A sweep over each group in order of beginning keeps the positions still holding, by stance,
/// so the work grows with the positions and the contradictions found, not with the square of a
/// group's size.
fn contradictions(
    positions: &[Box<Record<Position>>],
    supersession: &Supersession,
    link_missing: impl Fn(usize) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    let span = |(i, position): (usize, &Record<Position>)| -> Held {
        let replaced = supersession.successor(i).map(|s| positions[s].stated_on.earliest());
        let until = position.valid_until.map(|d| d.earliest());
        let end = match (until, replaced) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        (position.stated_on.latest(), end)
    };
    let held: Vec<Held> = positions.iter().map(|p| &**p).enumerate().map(span).collect();
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    // A position whose place or stance failed its schema cannot be said to contradict another.
    let comparable = |p: &Record<Position>| ["/actor", "/theme", "/stance", "/stated_on"].iter().all(|field| p.usable(field));
    for (i, position) in positions.iter().enumerate().filter(|&(i, p)| comparable(p) && !link_missing(i)) {
        groups.entry((&position.actor, &position.theme)).or_default().push(i);
    }
    for mut members in groups.into_values() {
        members.sort_by_key(|&i| held[i].0);
        // The positions still holding, by stance (its value + 2).
        let mut holding: [Vec<usize>; 5] = Default::default();
        for i in members {
            let (start, end) = held[i];
            if end.is_some_and(|end| end <= start) {
                continue; // it never surely held
            }
            let own = (positions[i].stance.value() + 2) as usize;
            for (bucket, others) in holding.iter_mut().enumerate() {
                if bucket == own {
                    continue;
                }
                others.retain(|&j| held[j].1.is_none_or(|end| start < end));
                for &j in others.iter().filter(|&&j| supersession.root(j) != supersession.root(i)) {
                    // Reported on the later of the two in dataset order, as the earlier is named.
                    let (a, b) = (&positions[i.min(j)], &positions[i.max(j)]);
                    out.push(diags::Contradiction { at: at(b, "/stance"), position: b, other: a, other_at: at(a, "/stance") }.into());
                }
            }
            holding[own].push(i);
        }
    }
}
