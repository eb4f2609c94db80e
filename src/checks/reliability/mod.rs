//! Reliability codings: each unit (actor × theme × source) coded at most once per coder, and only
//! from a source the coder lists as coded in full.

mod diags;

use super::{Context, at, usable_items};
use crate::diagnostics::Diagnostic;
use std::collections::HashMap;

pub fn check(context: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for coding in context.dataset.reliability.iter().filter(|c| c.usable("/sources")) {
        let mut first: HashMap<(&str, &str, &str), usize> = HashMap::new();
        for (i, unit) in usable_items(coding, "units", &coding.units) {
            let key = (&*unit.actor, &*unit.theme, &*unit.source);
            if let Some(&earlier) = first.get(&key) {
                out.push(
                    diags::DuplicateUnit { at: at(coding, &format!("/units/{i}")), unit, first: at(coding, &format!("/units/{earlier}")) }
                        .into(),
                );
            } else {
                first.insert(key, i);
            }
            if !coding.sources.contains(&unit.source) {
                let at = at(coding, &format!("/units/{i}/source"));
                out.push(diags::UnitSourceNotListed { at, source: &unit.source, coder: &coding.coder }.into());
            }
        }
    }
    out
}
