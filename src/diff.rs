//! `polpos diff`: what changed between two versions of the dataset, per actor and theme —
//! positions added and removed, stance shifts, dates, evidence — and in the other records.

use crate::error::Error;
use crate::model::{Citation, Dataset, Grid, PartialDate, Position, Record, RecordKind, Stance};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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

fn by_id(positions: &[Record<Position>]) -> BTreeMap<&str, &Position> {
    positions.iter().map(|p| (p.id.as_str(), &p.data)).collect()
}

fn to_json(value: &impl Serialize) -> Value {
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
        changes.push(PositionChange::Stance { position: position(), old: old.stance, new: new.stance });
    }
    for (field, before, after) in
        [("stated_on", Some(old.stated_on), Some(new.stated_on)), ("valid_until", old.valid_until, new.valid_until)]
    {
        if before != after {
            changes.push(PositionChange::Date { position: position(), field, old: before, new: after });
        }
    }
    changes.extend(evidence_changes(&new.id, &old.evidence, &new.evidence));
    let handled = ["id", "actor", "theme", "stance", "stated_on", "valid_until", "evidence"];
    for change in field_changes(&to_json(old), &to_json(new), &handled) {
        changes.push(PositionChange::Field { position: position(), field: change.field, old: change.old, new: change.new });
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

/// A data directory to compare, and the temporary checkout that holds it when it came from git.
pub struct Side {
    pub label: String,
    pub dir: PathBuf,
    _checkout: Option<tempfile::TempDir>,
}

impl Side {
    fn directory(dir: &Path) -> Side {
        Side { label: dir.display().to_string(), dir: dir.to_path_buf(), _checkout: None }
    }

    /// `dir` as it is at git revision `rev`, copied into a temporary directory.
    fn git(dir: &Path, rev: &str) -> Result<Side, Error> {
        let checkout = tempfile::Builder::new()
            .prefix("polpos-diff-")
            .tempdir()
            .map_err(|e| Error::Git(format!("cannot make a temporary directory: {e}")))?;
        let target = checkout.path().join("data");
        std::fs::create_dir(&target).map_err(|e| Error::Git(format!("cannot make a temporary directory: {e}")))?;
        export_tree(dir, rev, &target)?;
        Ok(Side { label: format!("{}@{rev}", dir.display()), dir: target, _checkout: Some(checkout) })
    }
}

/// The two sides of `polpos diff`: OLD and NEW directories, or with `git` (`REV` or `REV..REV`)
/// revisions of `data` (`REV` alone: REV against the working tree).
pub fn sides(data: &Path, new: Option<&Path>, git: Option<&str>) -> Result<(Side, Side), Error> {
    match (git, new) {
        (None, Some(new)) => Ok((Side::directory(data), Side::directory(new))),
        (None, None) => Err(Error::Argument("polpos diff needs two data directories (OLD NEW), or --git REV[..REV]".into())),
        (Some(_), Some(_)) => {
            Err(Error::Argument("with --git, polpos diff takes one data directory: the one to compare across revisions".into()))
        }
        (Some(range), None) => match range.split_once("..") {
            None => Ok((Side::git(data, range)?, Side::directory(data))),
            Some((old, new)) if !old.is_empty() && !new.is_empty() && !new.starts_with('.') => {
                Ok((Side::git(data, old)?, Side::git(data, new)?))
            }
            Some(_) => Err(Error::Argument(format!("--git `{range}` is not REV or REV..REV"))),
        },
    }
}

fn git(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new("git");
    command.current_dir(dir).args(args).stdin(Stdio::null()).stderr(Stdio::piped()).stdout(Stdio::piped());
    command
}

fn run(mut command: Command, what: &str) -> Result<Vec<u8>, Error> {
    let output = command.output().map_err(|e| Error::Git(format!("cannot run git to {what}: {e}")))?;
    if !output.status.success() {
        return Err(Error::Git(format!("cannot {what}: {}", String::from_utf8_lossy(&output.stderr).trim())));
    }
    Ok(output.stdout)
}

/// Writes the regular files of `dir` at `rev` into `target`, reading the blobs with one
/// `git cat-file --batch`. Links and submodules are left out, as the loader would.
fn export_tree(dir: &Path, rev: &str, target: &Path) -> Result<(), Error> {
    if rev.starts_with('-') {
        return Err(Error::Git(format!("`{rev}` is not a revision")));
    }
    // Git resolves `REV:./path` against the directory it runs in, so run it beside `dir`,
    // named as a real folder (not `.`), even when it exists only in the revisions.
    let dir = dir
        .canonicalize()
        .or_else(|_| std::path::absolute(dir))
        .map_err(|e| Error::Git(format!("cannot find `{}`: {e}", dir.display())))?;
    let (Some(parent), Some(name)) = (dir.parent(), dir.file_name().map(|n| n.to_string_lossy().into_owned())) else {
        return Err(Error::Git(format!("`{}` is not a directory inside a repository", dir.display())));
    };
    let tree = format!("{rev}:./{name}");
    let listing = run(git(parent, &["ls-tree", "-r", "-z", &tree]), &format!("read `{}` at `{rev}`", dir.display()))?;
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else { continue };
        let mut meta = meta.split(' ');
        let (mode, kind, object) = (meta.next(), meta.next(), meta.next());
        let regular = matches!(mode, Some("100644" | "100755")) && kind == Some("blob");
        let safe = path.split('/').all(|c| !c.is_empty() && c != "." && c != ".." && c != ".git");
        if let (true, true, Some(object)) = (regular, safe, object) {
            files.push((object.to_string(), target.join(path)));
        }
    }
    let mut command = git(parent, &["cat-file", "--batch"]);
    command.stdin(Stdio::piped());
    let mut child = command.spawn().map_err(|e| Error::Git(format!("cannot run git cat-file: {e}")))?;
    let requests: String = files.iter().map(|(object, _)| format!("{object}\n")).collect();
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Write the requests from another thread, so that neither pipe can fill up and block.
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let mut output = Vec::new();
    child
        .stdout
        .take()
        .expect("stdout is piped")
        .read_to_end(&mut output)
        .map_err(|e| Error::Git(format!("cannot read git cat-file: {e}")))?;
    let _ = writer.join();
    let status = child.wait().map_err(|e| Error::Git(format!("git cat-file: {e}")))?;
    if !status.success() {
        return Err(Error::Git(format!("git cat-file failed for `{tree}`")));
    }
    let mut rest = output.as_slice();
    for (object, path) in &files {
        let header_end =
            rest.iter().position(|&b| b == b'\n').ok_or_else(|| Error::Git(format!("git cat-file ended early at {object}")))?;
        let header = String::from_utf8_lossy(&rest[..header_end]).into_owned();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .filter(|_| header.starts_with(object.as_str()))
            .ok_or_else(|| Error::Git(format!("unexpected git cat-file answer `{header}`")))?;
        let body = rest.get(header_end + 1..header_end + 1 + size).ok_or_else(|| Error::Git(format!("git cat-file cut {object} short")))?;
        let write = |source| Error::Write { path: path.clone(), source };
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(write)?;
        }
        std::fs::write(path, body).map_err(write)?;
        rest = rest.get(header_end + 2 + size..).unwrap_or_default();
    }
    Ok(())
}
