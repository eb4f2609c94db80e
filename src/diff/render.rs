//! How a diff reads: text for people, a versioned JSON document for tools.

use super::{Changes, FORMAT_VERSION, FieldChange, PositionChange, RecordChangeKind, Version, to_json};
use crate::model::{Citation, PartialDate, RecordKind};
use serde_json::{Value, json};

/// The changes as a versioned JSON document.
pub fn render_json(changes: &Changes) -> String {
    let mut document = json!({ "format": "polpos-diff", "format_version": FORMAT_VERSION });
    if let (Some(document), Value::Object(body)) = (document.as_object_mut(), to_json(changes)) {
        document.extend(body);
    }
    format!("{}\n", serde_json::to_string_pretty(&document).expect("changes serialize"))
}

/// A value on one line: text with its line breaks folded, other values as JSON.
fn show(value: &Value) -> String {
    match value {
        Value::Null => "(none)".into(),
        Value::String(s) => one_line(s),
        other => other.to_string(),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn show_date(date: Option<PartialDate>) -> String {
    date.map_or_else(|| "(none)".into(), |d| d.to_string())
}

fn show_citation(citation: &Citation) -> String {
    let locator = citation.locator.as_ref().map(|l| format!(", {l}")).unwrap_or_default();
    format!("{}{locator}: “{}”", citation.source, one_line(&citation.quote))
}

fn show_fields(fields: &[FieldChange]) -> String {
    let shown: Vec<String> = fields.iter().map(|c| format!("{} {} → {}", c.field, show(&c.old), show(&c.new))).collect();
    shown.join("; ")
}

/// The changes for people: one line per change, grouped by actor × theme.
pub fn render_text(changes: &Changes) -> String {
    let side = |v: &Version| match &v.version {
        Some(version) => format!("{} (version {version})", v.label),
        None => v.label.clone(),
    };
    let mut out = format!("polpos diff: {} → {}\n", side(&changes.old), side(&changes.new));
    if !changes.records.is_empty() {
        out.push('\n');
    }
    for record in &changes.records {
        let name = match record.kind {
            RecordKind::Dataset => "dataset".to_string(),
            kind => format!("{} {}", kind.name(), record.id),
        };
        match &record.change {
            RecordChangeKind::Added => out.push_str(&format!("{name}: added\n")),
            RecordChangeKind::Removed => out.push_str(&format!("{name}: removed\n")),
            RecordChangeKind::Changed { fields } => out.push_str(&format!("{name}: {}\n", show_fields(fields))),
        }
    }
    for cell in &changes.cells {
        out.push_str(&format!("\n{} × {}", cell.actor, cell.theme));
        if let Some(shift) = &cell.current {
            out.push_str(&format!(": {} → {}", shift.old, shift.new));
        }
        out.push('\n');
        for change in &cell.positions {
            out.push_str(&format!("  {}\n", describe(change)));
        }
    }
    let s = &changes.summary;
    let total = s.positions_added + s.positions_removed + s.positions_changed + s.stance_shifts + s.records_changed;
    out.push('\n');
    out.push_str(&if total == 0 {
        "no changes\n".to_string()
    } else {
        format!(
            "positions: {} added, {} removed, {} changed; current stances: {} shifted; other records: {} changed\n",
            s.positions_added, s.positions_removed, s.positions_changed, s.stance_shifts, s.records_changed
        )
    });
    out
}

fn describe(change: &PositionChange) -> String {
    match change {
        PositionChange::Added { position, stance, stated_on } => {
            format!("+ {position}: {} ({:+}), stated {stated_on}", stance.as_str(), stance.value())
        }
        PositionChange::Removed { position, stance, stated_on } => {
            format!("- {position}: {} ({:+}), stated {stated_on}", stance.as_str(), stance.value())
        }
        PositionChange::Stance { position, old, new } => format!("~ {position}: stance {} → {}", old.as_str(), new.as_str()),
        PositionChange::Date { position, field, old, new } => format!("~ {position}: {field} {} → {}", show_date(*old), show_date(*new)),
        PositionChange::EvidenceAdded { position, ordinal, citation } => {
            format!("~ {position}: evidence #{ordinal} added: {}", show_citation(citation))
        }
        PositionChange::EvidenceRemoved { position, ordinal, citation } => {
            format!("~ {position}: evidence #{ordinal} removed: {}", show_citation(citation))
        }
        PositionChange::EvidenceChanged { position, ordinal, fields } => {
            format!("~ {position}: evidence #{ordinal} {}", show_fields(fields))
        }
        PositionChange::Field { position, field, old, new } => format!("~ {position}: {field} {} → {}", show(old), show(new)),
    }
}
