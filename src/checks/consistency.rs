//! Consistency: no contradictions, stances the theme defines, honest confidence, no deprecated
//! themes, no orphans, one successor per position, issued texts quoted as the words of their
//! issuers (and of all of them, for a joint statement).

use super::{Context, at};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Attribution, Citation, Confidence, Day, Position, Record, Source};
use std::collections::{BTreeMap, HashMap, HashSet};

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let dataset = context.dataset;
    let index = &context.index;
    let mut out = Vec::new();
    for position in &dataset.positions {
        if let Some(theme) = index.themes.get(position.theme.as_str()) {
            if !theme.scale.contains_key(&position.stance) {
                let defined: Vec<&str> = theme.scale.keys().map(|s| s.as_str()).collect();
                out.push(
                    Diagnostic::new(
                        Code::StanceNotInScale,
                        &position.doc.path,
                        at(position, "/stance"),
                        format!("theme `{}` does not define the stance `{}`", theme.id, position.stance.as_str()),
                    )
                    .with_help(format!("its scale defines: {}", defined.join(", "))),
                );
            }
            if let Some(replacement) = &theme.deprecated_by {
                out.push(Diagnostic::new(
                    Code::DeprecatedTheme,
                    &position.doc.path,
                    at(position, "/theme"),
                    format!("theme `{}` is deprecated; recode this position on `{replacement}`", theme.id),
                ));
            }
        }
        if position.confidence == Confidence::High
            && !position.evidence.is_empty()
            && position.evidence.iter().all(|c| c.attribution == Attribution::Characterized)
        {
            out.push(
                Diagnostic::new(
                    Code::CharacterizedHighConfidence,
                    &position.doc.path,
                    at(position, "/confidence"),
                    "every citation is `characterized`, so the position is an inference and cannot have high confidence",
                )
                .with_help("lower `confidence` to medium or low, or cite the actor's own or reported words"),
            );
        }
    }
    orphans(context, &mut out);
    issued_texts(context, &mut out);
    let successors = superseded_twice(&dataset.positions, &mut out);
    contradictions(&dataset.positions, &successors, &mut out);
    out
}

fn orphans(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let dataset = context.dataset;
    let actors: HashSet<&str> = dataset.positions.iter().map(|p| p.actor.as_str()).collect();
    let themes: HashSet<&str> = dataset
        .positions
        .iter()
        .map(|p| p.theme.as_str())
        .chain(dataset.themes.iter().filter_map(|t| t.deprecated_by.as_deref()))
        .collect();
    let sources: HashSet<&str> = dataset.positions.iter().flat_map(|p| p.evidence.iter().map(|c| c.source.as_str())).collect();
    let used = |set: &HashSet<&str>, id: &str| set.contains(id) || dataset.mentioned_by_broken.contains(id);
    for actor in dataset.actors.iter().filter(|a| !used(&actors, &a.id)) {
        out.push(Diagnostic::new(Code::OrphanActor, &actor.doc.path, at(actor, "/id"), format!("no position names actor `{}`", actor.id)));
    }
    for theme in dataset.themes.iter().filter(|t| !used(&themes, &t.id) && t.deprecated_by.is_none()) {
        out.push(Diagnostic::new(
            Code::OrphanTheme,
            &theme.doc.path,
            at(theme, "/id"),
            format!("no position is coded on theme `{}`", theme.id),
        ));
    }
    for source in dataset.sources.iter().filter(|s| !used(&sources, &s.id)) {
        out.push(Diagnostic::new(
            Code::OrphanSource,
            &source.doc.path,
            at(source, "/id"),
            format!("no citation names source `{}`", source.id),
        ));
    }
}

/// `direct` citations of sources that name their `issuers`: they quote an issuer's own words,
/// so they belong to an issuer's position (P068); and a joint statement quoted for one issuer
/// on a theme is a statement of every issuer on that theme (P069, once per position and source).
fn issued_texts(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let positions = &context.dataset.positions;
    // (actor, theme, source) of every direct citation.
    let quoted: HashSet<(&str, &str, &str)> =
        positions.iter().flat_map(|p| direct(p).map(move |(_, c)| (p.actor.as_str(), p.theme.as_str(), c.source.as_str()))).collect();
    for position in positions {
        let mut joint_sources_seen = HashSet::new();
        for (i, citation) in direct(position) {
            let Some(source) = context.index.sources.get(citation.source.as_str()) else { continue };
            if source.issuers.is_empty() {
                continue;
            }
            let actor = position.actor.as_str();
            if !source.issuers.iter().any(|issuer| issuer == actor) {
                out.push(
                    Diagnostic::new(
                        Code::DirectNotIssuer,
                        &position.doc.path,
                        at(position, &format!("/evidence/{i}/attribution")),
                        format!(
                            "source `{}` was issued by {}, so a `direct` quote of it is not `{actor}`'s own words",
                            source.id,
                            listed(&source.issuers)
                        ),
                    )
                    .with_related(&source.doc.path, at(*source, "/issuers"), "the source's issuers")
                    .with_help(format!(
                        "use `attribution: reported` if the text reports what `{actor}` said or did, or fix the position's `actor`"
                    )),
                );
                continue;
            }
            if source.issuers.len() < 2 || !joint_sources_seen.insert(source.id.as_str()) {
                continue;
            }
            let missing: Vec<&String> = source
                .issuers
                .iter()
                .filter(|issuer| {
                    *issuer != actor
                        && context.index.actors.contains_key(issuer.as_str())
                        && !quoted.contains(&(issuer.as_str(), position.theme.as_str(), source.id.as_str()))
                })
                .collect();
            if !missing.is_empty() {
                out.push(joint_statement_one_issuer(position, source, i, &missing));
            }
        }
    }
}

fn joint_statement_one_issuer(position: &Record<Position>, source: &Record<Source>, citation: usize, missing: &[&String]) -> Diagnostic {
    let (theme, missing) = (&position.theme, listed(missing));
    Diagnostic::new(
        Code::JointStatementOneIssuer,
        &position.doc.path,
        at(position, &format!("/evidence/{citation}/source")),
        format!(
            "source `{}` is a joint statement of {}, but no position of {missing} on theme `{theme}` cites it `direct`",
            source.id,
            listed(&source.issuers)
        ),
    )
    .with_related(&source.doc.path, at(source, "/issuers"), "the joint statement's issuers")
    .with_help(format!(
        "a joint statement is a direct statement of each issuer: code the position of {missing} on `{theme}` citing the same passage, \
         or, where the passage states only `{}`'s own commitment, allow P069 here with that reason",
        position.actor
    ))
}

/// Ids as a reader lists them: `a`, `b` and `c`.
fn listed<S: AsRef<str>>(ids: &[S]) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("`{}`", id.as_ref())).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// A position's `direct` citations, with their places in its evidence.
fn direct(position: &Position) -> impl Iterator<Item = (usize, &Citation)> {
    position.evidence.iter().enumerate().filter(|(_, c)| c.attribution == Attribution::Direct)
}

/// Reports positions replaced twice; returns each position's (first) successor.
fn superseded_twice<'a>(positions: &'a [Record<Position>], out: &mut Vec<Diagnostic>) -> HashMap<&'a str, &'a Record<Position>> {
    let mut successor: HashMap<&str, &Record<Position>> = HashMap::new();
    for position in positions {
        let Some(older) = position.supersedes.as_deref() else { continue };
        match successor.get(older) {
            None => {
                successor.insert(older, position);
            }
            Some(first) => out.push(
                Diagnostic::new(
                    Code::SupersededTwice,
                    &position.doc.path,
                    at(position, "/supersedes"),
                    format!("`{older}` is already superseded by `{}`", first.id),
                )
                .with_related(&first.doc.path, at(*first, "/supersedes"), "the first successor"),
            ),
        }
    }
    successor
}

/// When a position surely held: from the latest day it can have begun to the earliest day it can
/// have ended (open when it has not).
type Held = (Day, Option<Day>);

/// Two positions of one actor on one theme contradict each other when their stances differ,
/// no chain of supersession links them, and they surely held at the same time: each began
/// (at the latest) before the other ended (at the earliest).
///
/// A sweep over each group in order of beginning keeps the positions still holding, by stance,
/// so the work grows with the positions and the contradictions found, not with the square of a
/// group's size.
fn contradictions(positions: &[Record<Position>], successor: &HashMap<&str, &Record<Position>>, out: &mut Vec<Diagnostic>) {
    let roots = chain_roots(positions);
    let span = |position: &Record<Position>| -> Held {
        let replaced = successor.get(position.id.as_str()).map(|s| s.stated_on.earliest());
        let until = position.valid_until.map(|d| d.earliest());
        let end = match (until, replaced) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        (position.stated_on.latest(), end)
    };
    let held: Vec<Held> = positions.iter().map(span).collect();
    let mut groups: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, position) in positions.iter().enumerate() {
        groups.entry((&position.actor, &position.theme)).or_default().push(i);
    }
    for ((actor, theme), mut members) in groups {
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
                for &j in others.iter().filter(|&&j| roots[j] != roots[i]) {
                    // Reported on the later of the two in dataset order, as the earlier is named.
                    let (a, b) = (&positions[i.min(j)], &positions[i.max(j)]);
                    out.push(
                        Diagnostic::new(
                            Code::Contradiction,
                            &b.doc.path,
                            at(b, "/stance"),
                            format!(
                                "{actor} × {theme}: `{}` ({}, stated {}) contradicts `{}` ({}, stated {}), which still holds",
                                b.id,
                                b.stance.as_str(),
                                b.stated_on,
                                a.id,
                                a.stance.as_str(),
                                a.stated_on
                            ),
                        )
                        .with_related(&a.doc.path, at(a, "/stance"), "the other position")
                        .with_help(
                            "link them with `supersedes`, end the earlier one with `valid_until`, or code the disagreement as `mixed`",
                        ),
                    );
                }
            }
            holding[own].push(i);
        }
    }
}

/// Each position's chain root, as an index: the oldest position its `supersedes` links lead
/// back to, or for links that run into a cycle (a time finding), the cycle's first position.
/// Each position is walked once.
fn chain_roots(positions: &[Record<Position>]) -> Vec<usize> {
    let by_id: HashMap<&str, usize> = positions.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let older = |i: usize| positions[i].supersedes.as_deref().and_then(|id| by_id.get(id).copied());
    let mut roots: Vec<Option<usize>> = vec![None; positions.len()];
    let mut on_walk = vec![false; positions.len()];
    for start in 0..positions.len() {
        let mut walk = Vec::new();
        let mut current = start;
        let root = loop {
            if let Some(root) = roots[current] {
                break root;
            }
            if on_walk[current] {
                let cycle = walk.iter().position(|&w| w == current).unwrap_or_default();
                break walk[cycle..].iter().copied().min().unwrap_or(current);
            }
            on_walk[current] = true;
            walk.push(current);
            match older(current) {
                Some(next) => current = next,
                None => break current,
            }
        };
        for w in walk {
            roots[w] = Some(root);
            on_walk[w] = false;
        }
    }
    roots.into_iter().enumerate().map(|(i, root)| root.unwrap_or(i)).collect()
}
