//! The catalogue of check codes as `polpos checks` lists it and `polpos explain` tells it; the
//! Markdown form is docs/checks.md.

use crate::diagnostics::{Catalogue, Code, KnownCode, RemovedCode};

/// The forms of the catalogue: a terminal listing, docs/checks.md, or JSON for tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChecksFormat {
    Text,
    Markdown,
    Json,
}

/// How the semantic checks treat a record that failed its schema (docs/checks.md).
const PARTIAL_RECORDS: &str = "
## Every finding in one run

A record that fails its schema is still checked: the parts that failed (a wrong type, a value
outside the allowed ones, an unknown key) and the required fields that are missing are set aside,
and every semantic check runs on the rest of the record. A check is skipped only where it needs a
part that was set aside:

| check | needs |
| --- | --- |
| P020, P021 (ids) | `id` |
| P022 (actor folder), P030 (unknown actor), P033 (organs and speakers) | `actor` |
| P031 (unknown theme), P061 (stance not in scale), P063 (deprecated theme) | `theme`; P061 also `stance` |
| P032 (unknown source), P051 (stated after source) | the citation's `source`; P051 also `stated_on` |
| P040 to P045 (evidence and quotes) | `evidence`; for each citation, its `quote` and `source` |
| P050 (future date), P052 (valid_until before stated_on) | the date compared |
| P053, P054 (supersession) | `stated_on` (P053), `actor` and `theme` (P054), of both positions |
| P060 (contradiction) | `actor`, `theme`, `stance` and `stated_on` |
| P062 (characterized, high confidence) | `confidence` and every citation |
| P064 to P066 (orphans) | the orphan's `id` |

A failed required field of a nested mapping (such as `archive.file`) sets the whole mapping aside
(a source whose `archive` failed is treated as having none). Only a file that is not YAML, or whose
top level is not a mapping, is left out of the semantic checks entirely.
";

/// `polpos explain CODE`, for a check in use or a retired one.
pub fn explain(code: KnownCode) -> String {
    match code {
        KnownCode::Active(code) => format!(
            "{code} {name} ({severity}, {family})\n\n{summary}\n\n{explanation}\n",
            name = code.name(),
            severity = code.severity(),
            family = code.family(),
            summary = code.summary(),
            explanation = code.explanation()
        ),
        KnownCode::Removed(removed) => format!(
            "{id} {name} (removed in {version}, {family})\n\n{summary}\n\nThis check was removed in polpos {version}. {reason} {replacement}\n",
            id = removed.id,
            name = removed.name,
            version = removed.removed_in,
            family = removed.family,
            summary = removed.summary,
            reason = removed.reason,
            replacement = replacement(removed)
        ),
    }
}

/// What took a retired check's place, in a sentence.
fn replacement(removed: &RemovedCode) -> String {
    let codes: Vec<String> = removed.replaced_by.iter().map(|code| format!("{code} ({})", code.name())).collect();
    match codes.split_last() {
        None => "No check replaces it.".into(),
        Some((last, [])) => format!("{last} replaces it."),
        Some((last, rest)) => format!("{} and {last} replace it.", rest.join(", ")),
    }
}

/// `polpos checks` in each of its formats; the Markdown one is docs/checks.md.
pub fn listing(format: ChecksFormat) -> String {
    catalogue_listing(&Catalogue::SHIPPED, format)
}

/// The listing of a catalogue: its checks in use, then the retired ones, marked as removed.
fn catalogue_listing(catalogue: &Catalogue, format: ChecksFormat) -> String {
    match format {
        ChecksFormat::Text => {
            let line = |id: &str, severity: &str, family: String, name: &str, summary: &str| {
                format!("{id}  {severity:<8} {family:<12} {name:<30} {summary}\n")
            };
            let active =
                catalogue.active.iter().map(|c| line(c.as_str(), &c.severity().to_string(), c.family().to_string(), c.name(), c.summary()));
            let removed = catalogue.removed.iter().map(|r| {
                let ids: Vec<&str> = r.replaced_by.iter().map(|code| code.as_str()).collect();
                let see = if ids.is_empty() { String::new() } else { format!("; see {}", ids.join(", ")) };
                let summary = format!("{} (removed in {}{see})", r.summary, r.removed_in);
                line(r.id, "removed", r.family.to_string(), r.name, &summary)
            });
            active.chain(removed).collect()
        }
        ChecksFormat::Json => {
            let active = catalogue.active.iter().map(|c| serde_json::json!({"code": c.as_str(), "name": c.name(), "severity": c.severity(), "family": c.family(), "summary": c.summary(), "explanation": c.explanation()}));
            let removed = catalogue.removed.iter().map(|r| {
                let replaced_by: Vec<&str> = r.replaced_by.iter().map(|c| c.as_str()).collect();
                serde_json::json!({"code": r.id, "name": r.name, "family": r.family, "summary": r.summary, "removed": {"in": r.removed_in, "reason": r.reason, "replaced_by": replaced_by}})
            });
            let document =
                serde_json::json!({"format": "polpos-checks", "format_version": 1, "checks": active.chain(removed).collect::<Vec<_>>()});
            format!("{document:#}\n")
        }
        ChecksFormat::Markdown => {
            let mut text = String::from(
                "# Checks\n\nGenerated by `polpos checks --format markdown > docs/checks.md`; a test keeps it in step with the code.\n\n\
                 Every finding of `polpos validate` has one of these stable codes. Errors fail validation (exit 1); warnings fail it\n\
                 only with `--deny-warnings`; notes never do. A record can silence a check on itself with a written reason:\n\
                 `allow: [{check: P065, reason: \"...\"}]`; the finding is still reported, as suppressed.\n\n\
                 | code | name | severity | family | finds |\n| --- | --- | --- | --- | --- |\n",
            );
            for c in catalogue.active {
                text.push_str(&format!(
                    "| [{0}](#{1}) | `{2}` | {3} | {4} | {5} |\n",
                    c.as_str(),
                    c.as_str().to_lowercase(),
                    c.name(),
                    c.severity(),
                    c.family(),
                    c.summary()
                ));
            }
            text.push_str(PARTIAL_RECORDS);
            for c in catalogue.active {
                text.push_str(&format!(
                    "\n## {}\n\n`{}`, {}, {}. {}\n\n{}\n",
                    c.as_str(),
                    c.name(),
                    c.severity(),
                    c.family(),
                    c.summary(),
                    c.explanation()
                ));
            }
            text.push_str(&removed_section(catalogue.removed));
            text
        }
    }
}

/// The end of docs/checks.md: the retired checks.
fn removed_section(removed: &[RemovedCode]) -> String {
    let mut text = format!(
        "\n## Removed checks\n\nA code is never renumbered, and never given to another check. A check that polpos no longer has is\n\
         listed here with the version that removed it and what took its place, and `polpos explain` still describes it.\n\
         An `allow` entry that names a removed check silences nothing: it gets a warning ({}) saying so.\n",
        Code::UnknownCheck
    );
    if removed.is_empty() {
        text.push_str("\nNo check has been removed yet.\n");
        return text;
    }
    text.push_str("\n| code | name | family | removed in | replaced by |\n| --- | --- | --- | --- | --- |\n");
    for r in removed {
        let replaced_by: Vec<String> = r.replaced_by.iter().map(|code| format!("[{code}](#{})", code.as_str().to_lowercase())).collect();
        text.push_str(&format!(
            "| [{0}](#{1}) | `{2}` | {3} | {4} | {5} |\n",
            r.id,
            r.id.to_lowercase(),
            r.name,
            r.family,
            r.removed_in,
            replaced_by.join(", ")
        ));
    }
    for r in removed {
        text.push_str(&format!(
            "\n### {}\n\n`{}`, {}, removed in {}. {}\n\n{} {}\n",
            r.id,
            r.name,
            r.family,
            r.removed_in,
            r.summary,
            r.reason,
            replacement(r)
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::WITH_A_RETIRED_CHECK;

    /// A retired check in every form of the catalogue, after the checks in use, and in
    /// `polpos explain`.
    #[test]
    fn a_retired_check_is_listed_and_explained_as_removed() {
        let catalogue = &WITH_A_RETIRED_CHECK;
        let text = catalogue_listing(catalogue, ChecksFormat::Text);
        assert_eq!(text.lines().count(), Code::ALL.len() + 1);
        let json: serde_json::Value = serde_json::from_str(&catalogue_listing(catalogue, ChecksFormat::Json)).unwrap();
        let markdown = catalogue_listing(catalogue, ChecksFormat::Markdown);
        let retired = format!(
            "=== text\n{}\n=== json\n{:#}\n=== markdown{}=== explain\n{}",
            text.lines().last().unwrap_or_default(),
            json["checks"].as_array().and_then(|codes| codes.last()).unwrap_or_default(),
            &markdown[markdown.find("\n## Removed checks").unwrap_or_default()..],
            explain(KnownCode::Removed(&catalogue.removed[0]))
        );
        insta::assert_snapshot!(retired);
    }
}
