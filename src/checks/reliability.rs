//! Reliability codings: each unit (actor × theme × source) coded at most once per coder, and only
//! from a source the coder lists as coded in full.

use super::{Context, at, usable_items};
use crate::diagnostics::{Code, Diagnostic};
use std::collections::HashMap;

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for coding in context.dataset.reliability.iter().filter(|c| c.usable("/sources")) {
        let mut first: HashMap<(&str, &str, &str), usize> = HashMap::new();
        for (i, unit) in usable_items(coding, "units", &coding.units) {
            let key = (unit.actor.as_str(), unit.theme.as_str(), unit.source.as_str());
            if let Some(&earlier) = first.get(&key) {
                out.push(
                    Diagnostic::new(
                        Code::DuplicateUnit,
                        &coding.doc.path,
                        at(coding, &format!("/units/{i}")),
                        format!("`{}` × `{}` in `{}` is already coded in this file", unit.actor, unit.theme, unit.source),
                    )
                    .with_related(&coding.doc.path, at(coding, &format!("/units/{earlier}")), "the first coding of this unit")
                    .with_help("keep one stance per unit; code `mixed` if the source points both ways"),
                );
            } else {
                first.insert(key, i);
            }
            if !coding.sources.contains(&unit.source) {
                out.push(
                    Diagnostic::new(
                        Code::UnitSourceNotListed,
                        &coding.doc.path,
                        at(coding, &format!("/units/{i}/source")),
                        format!("source `{}` is not in this file's `sources`", unit.source),
                    )
                    .with_help(format!("add `{}` to `sources` if {} coded all of it, or remove this unit", unit.source, coding.coder)),
                );
            }
        }
    }
    out
}
