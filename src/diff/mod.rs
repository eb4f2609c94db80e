//! `polpos diff`: what changed between two versions of the dataset, per actor and theme —
//! positions added and removed, stance shifts, dates, evidence — and in the other records.

mod git;
mod render;

pub use git::{Side, sides};
pub use render::{render_json, render_text};

use crate::model::{Citation, Dataset, Grid, PartialDate, Position, Record, RecordKind, Stance};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Bumped when the JSON document's shape changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;

/// Every change, in a deterministic order: records by kind and id, cells by actor and theme,
/// and within a cell by position id.
#[derive(Debug, Serialize)]
pub struct Changes {
    pub old: Version,
    pub new: Version,
    pub summary: Summary,
    pub records: Vec<RecordChange>,
    pub cells: Vec<CellChanges>,
}

impl Changes {
    /// Nothing differs between the two sides.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty() && self.cells.is_empty()
    }
}

/// One side of the comparison: where it came from and the dataset version it carries.
#[derive(Debug, Serialize)]
pub struct Version {
    pub label: String,
    pub version: Option<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub positions_added: usize,
    pub positions_removed: usize,
    pub positions_changed: usize,
    /// Cells whose current stance changed.
    pub stance_shifts: usize,
    /// Changes to the manifest, actors, themes and sources.
    pub records_changed: usize,
}

/// A change to the manifest, an actor, a theme or a source.
#[derive(Debug, Serialize)]
pub struct RecordChange {
    pub kind: RecordKind,
    pub id: String,
    #[serde(flatten)]
    pub change: RecordChangeKind,
}

#[derive(Debug, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum RecordChangeKind {
    Added,
    Removed,
    Changed { fields: Vec<FieldChange> },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

/// The changes of one actor × theme cell.
#[derive(Debug, Serialize)]
pub struct CellChanges {
    pub actor: String,
    pub theme: String,
    /// What the actor holds now on the theme, when that changed: `uncoded`, a stance, or
    /// `contested (…)`.
    pub current: Option<Shift>,
    pub positions: Vec<PositionChange>,
}

#[derive(Debug, Serialize)]
pub struct Shift {
    pub old: String,
    pub new: String,
}

#[derive(Debug, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum PositionChange {
    Added {
        position: String,
        stance: Stance,
        stated_on: PartialDate,
    },
    Removed {
        position: String,
        stance: Stance,
        stated_on: PartialDate,
    },
    Stance {
        position: String,
        old: Stance,
        new: Stance,
    },
    Date {
        position: String,
        field: &'static str,
        old: Option<PartialDate>,
        new: Option<PartialDate>,
    },
    /// `ordinal`: the citation's place in the new evidence list, from 1.
    EvidenceAdded {
        position: String,
        ordinal: usize,
        citation: Citation,
    },
    /// `ordinal`: the citation's place in the old evidence list, from 1.
    EvidenceRemoved {
        position: String,
        ordinal: usize,
        citation: Citation,
    },
    /// `ordinal`: the citation's place in the new evidence list, from 1.
    EvidenceChanged {
        position: String,
        ordinal: usize,
        fields: Vec<FieldChange>,
    },
    Field {
        position: String,
        field: String,
        old: Value,
        new: Value,
    },
}

/// Compares two validated datasets, each with the label it is shown by. `today` decides which
/// positions are current.
pub fn compare(old: (&str, &Dataset), new: (&str, &Dataset), today: PartialDate) -> Changes {
    let version = |(label, dataset): (&str, &Dataset)| Version {
        label: label.to_string(),
        version: dataset.manifest.as_ref().map(|m| m.version.clone()),
    };
    let (old_label, old) = old;
    let (new_label, new) = new;
    let mut records = record_changes(RecordKind::Dataset, old.manifest.as_slice(), new.manifest.as_slice(), |_| "dataset");
    records.extend(record_changes(RecordKind::Actor, &old.actors, &new.actors, |a| &a.id));
    records.extend(record_changes(RecordKind::Theme, &old.themes, &new.themes, |t| &t.id));
    records.extend(record_changes(RecordKind::Source, &old.sources, &new.sources, |s| &s.id));

    let mut cells: BTreeMap<(String, String), CellChanges> = BTreeMap::new();
    let mut summary = Summary { records_changed: records.len(), ..Summary::default() };
    let old_positions = by_id(&old.positions);
    let new_positions = by_id(&new.positions);
    let ids: BTreeSet<&str> = old_positions.keys().chain(new_positions.keys()).copied().collect();
    for id in ids {
        match (old_positions.get(id), new_positions.get(id)) {
            (Some(before), Some(after)) if before.actor == after.actor && before.theme == after.theme => {
                let changes = position_changes(before, after);
                if !changes.is_empty() {
                    summary.positions_changed += 1;
                    cell(&mut cells, &after.actor, &after.theme).positions.extend(changes);
                }
            }
            (before, after) => {
                if let Some(before) = before {
                    summary.positions_removed += 1;
                    cell(&mut cells, &before.actor, &before.theme).positions.push(PositionChange::Removed {
                        position: id.to_string(),
                        stance: before.stance,
                        stated_on: before.stated_on,
                    });
                }
                if let Some(after) = after {
                    summary.positions_added += 1;
                    cell(&mut cells, &after.actor, &after.theme).positions.push(PositionChange::Added {
                        position: id.to_string(),
                        stance: after.stance,
                        stated_on: after.stated_on,
                    });
                }
            }
        }
    }

    let (old_grid, new_grid) = (Grid::current(old, today), Grid::current(new, today));
    for (actor, theme) in old_grid.keys().chain(new_grid.keys()).collect::<BTreeSet<_>>() {
        let (before, after) = (old_grid.cell(actor, theme), new_grid.cell(actor, theme));
        if before.stances != after.stances {
            summary.stance_shifts += 1;
            cell(&mut cells, actor, theme).current = Some(Shift { old: before.describe(), new: after.describe() });
        }
    }
    Changes { old: version((old_label, old)), new: version((new_label, new)), summary, records, cells: cells.into_values().collect() }
}

fn cell<'a>(cells: &'a mut BTreeMap<(String, String), CellChanges>, actor: &str, theme: &str) -> &'a mut CellChanges {
    cells.entry((actor.to_string(), theme.to_string())).or_insert_with(|| CellChanges {
        actor: actor.to_string(),
        theme: theme.to_string(),
        current: None,
        positions: Vec::new(),
    })
}

fn by_id(positions: &[Box<Record<Position>>]) -> BTreeMap<&str, &Position> {
    positions.iter().map(|p| (&*p.id, &p.data)).collect()
}

pub(crate) fn to_json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).expect("records serialize")
}

/// The top-level fields that differ between two records, in the record's field order.
fn field_changes(old: &Value, new: &Value, skip: &[&str]) -> Vec<FieldChange> {
    let (Some(old), Some(new)) = (old.as_object(), new.as_object()) else { return Vec::new() };
    let mut fields: Vec<&String> = old.keys().collect();
    fields.extend(new.keys().filter(|k| !old.contains_key(*k)));
    fields
        .into_iter()
        .filter(|field| !skip.contains(&field.as_str()))
        .filter_map(|field| {
            let (before, after) = (old.get(field).unwrap_or(&Value::Null), new.get(field).unwrap_or(&Value::Null));
            (before != after).then(|| FieldChange { field: field.clone(), old: before.clone(), new: after.clone() })
        })
        .collect()
}

fn record_changes<T: Serialize>(kind: RecordKind, old: &[Record<T>], new: &[Record<T>], id: fn(&T) -> &str) -> Vec<RecordChange> {
    let old: BTreeMap<&str, &T> = old.iter().map(|r| (id(&r.data), &r.data)).collect();
    let new: BTreeMap<&str, &T> = new.iter().map(|r| (id(&r.data), &r.data)).collect();
    let ids: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    ids.into_iter()
        .filter_map(|key| {
            let change = match (old.get(key), new.get(key)) {
                (Some(before), Some(after)) => {
                    let fields = field_changes(&to_json(before), &to_json(after), &[]);
                    if fields.is_empty() {
                        return None;
                    }
                    RecordChangeKind::Changed { fields }
                }
                (None, _) => RecordChangeKind::Added,
                (_, None) => RecordChangeKind::Removed,
            };
            Some(RecordChange { kind, id: key.to_string(), change })
        })
        .collect()
}

/// Changes of one position that stays in its cell.
fn position_changes(old: &Position, new: &Position) -> Vec<PositionChange> {
    let position = || new.id.clone();
    let mut changes = Vec::new();
    if old.stance != new.stance {
        changes.push(PositionChange::Stance { position: position().to_string(), old: old.stance, new: new.stance });
    }
    for (field, before, after) in
        [("stated_on", Some(old.stated_on), Some(new.stated_on)), ("valid_until", old.valid_until, new.valid_until)]
    {
        if before != after {
            changes.push(PositionChange::Date { position: position().to_string(), field, old: before, new: after });
        }
    }
    changes.extend(evidence_changes(&new.id, &old.evidence, &new.evidence));
    let handled = ["id", "actor", "theme", "stance", "stated_on", "valid_until", "evidence"];
    for change in field_changes(&to_json(old), &to_json(new), &handled) {
        changes.push(PositionChange::Field { position: position().to_string(), field: change.field, old: change.old, new: change.new });
    }
    changes
}

/// Pairs old and new citations: identical ones first, then those with the same source and
/// quote, then those with the same source (a corrected quote); the rest were added or removed.
/// A change of order alone is no change.
fn evidence_changes(position: &str, old: &[Citation], new: &[Citation]) -> Vec<PositionChange> {
    let mut old_left: Vec<Option<(usize, &Citation)>> = old.iter().enumerate().map(Some).collect();
    let mut new_left: Vec<Option<(usize, &Citation)>> = new.iter().enumerate().map(Some).collect();
    let rules: [fn(&Citation, &Citation) -> bool; 3] =
        [|a, b| a == b, |a, b| a.source == b.source && a.quote == b.quote, |a, b| a.source == b.source];
    let mut changes = Vec::new();
    for (rule, same) in rules.iter().enumerate() {
        for slot in new_left.iter_mut() {
            let Some((index, after)) = *slot else { continue };
            let Some(matched) = old_left.iter_mut().find(|o| o.is_some_and(|(_, before)| same(before, after))) else { continue };
            let (_, before) = matched.take().expect("found a citation");
            *slot = None;
            if rule > 0 {
                let fields = field_changes(&to_json(before), &to_json(after), &[]);
                changes.push(PositionChange::EvidenceChanged { position: position.to_string(), ordinal: index + 1, fields });
            }
        }
    }
    for (index, citation) in new_left.into_iter().flatten() {
        changes.push(PositionChange::EvidenceAdded { position: position.to_string(), ordinal: index + 1, citation: citation.clone() });
    }
    for (index, citation) in old_left.into_iter().flatten() {
        changes.push(PositionChange::EvidenceRemoved { position: position.to_string(), ordinal: index + 1, citation: citation.clone() });
    }
    changes
}
