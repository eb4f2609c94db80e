//! The validation pipeline: load → schema → typed model → checks → suppression → sorted findings.

use crate::checks::citations::{self, Missed, Quotes};
use crate::checks::{self, Context};
use crate::diagnostics::{self, Diagnostic, Family, Place, Summary};
use crate::document::{self, Content, Document};
use crate::error::Error;
use crate::limits::Limits;
use crate::load::{self, RecordFile};
use crate::model::{Actor, Allow, Dataset, Manifest, PartialDate, Position, Record, RecordKind, Reliability, Source, Theme};
use crate::schema::diags::RecordUnreadable;
use crate::schema::{Invalid, Schemas};
use crate::selection::{Scope, Selection};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Options {
    /// Directory of archived source texts; quotes are verified only when it is given.
    pub archive: Option<PathBuf>,
    /// The date that counts as today (injectable for tests).
    pub today: PartialDate,
    pub limits: Limits,
    /// Whether positions keep the texts that no check reads once their citations are checked:
    /// quotes, summaries, notes, coders, locators and forums. Exports and views read them; a run
    /// that only reports findings lets them go as each position is read, since at 100k
    /// positions they are much of the memory a run holds.
    pub keep_texts: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { archive: None, today: PartialDate::today(), limits: Limits::default(), keep_texts: true }
    }
}

/// Everything a validation run found.
#[derive(Debug)]
pub struct Validation {
    pub dataset: Dataset,
    /// Every file read, valid or not, for renderers that show source lines.
    pub files: Vec<RecordFile>,
    /// Sorted, deterministic; suppressed findings included (marked).
    pub diagnostics: Vec<Diagnostic>,
    /// Set when only some files' findings are reported (`polpos validate PATHS...`).
    pub scope: Option<Scope>,
}

impl Validation {
    /// Keeps only the findings a selection of files reports on, and records what was left out.
    pub fn select(&mut self, selection: &Selection, root: &Path) {
        let left_out = selection.keep(&mut self.diagnostics, root);
        let selected_files = selection.count_files(self.files.iter().map(|f| f.document.path.as_path()), root);
        self.scope = Some(Scope { selected_files, left_out });
    }

    pub fn summary(&self) -> Summary {
        Summary::of(&self.diagnostics)
    }

    /// The content of every file a finding names, by path, for showing source lines. Files
    /// released after loading are read again, and only these.
    pub fn contents(&self) -> HashMap<&Path, Arc<Content>> {
        let named: HashSet<&Path> = self
            .diagnostics
            .iter()
            .flat_map(|d| std::iter::once(d.file.as_path()).chain(d.related.iter().map(|r| r.file.as_path())))
            .collect();
        self.files
            .iter()
            .filter(|f| named.contains(f.document.path.as_path()))
            .filter_map(|f| Some((f.document.path.as_path(), f.document.content()?)))
            .collect()
    }
}

/// One document after its schema and the typed model: a record, or why it is broken and the
/// ids it names as far as its shape allows. Kept for every file until the dataset is built;
/// most files have no finding, so findings are boxed apart.
struct Checked {
    /// `None` when nothing of the record could be typed.
    record: Option<Typed>,
    /// `None` when the file has no finding.
    found: Option<Box<Found>>,
    /// The record was typed, but its id failed the schema.
    id_failed: bool,
}

/// What checking one file found.
#[derive(Default)]
struct Found {
    /// The schema's findings, and for a position, its own citation findings.
    diagnostics: Vec<Diagnostic>,
    /// The quotes a position cites that its sources do not hold.
    missed: Vec<Missed>,
}

impl Found {
    fn boxed(diagnostics: Vec<Diagnostic>, missed: Vec<Missed>) -> Option<Box<Found>> {
        (!diagnostics.is_empty() || !missed.is_empty()).then(|| Box::new(Found { diagnostics, missed }))
    }
}

impl Checked {
    fn broken(diagnostics: Vec<Diagnostic>) -> Checked {
        Checked { record: None, found: Found::boxed(diagnostics, Vec::new()), id_failed: false }
    }
}

/// A typed record of any kind, boxed as it was typed: a position goes into the dataset in the
/// box it was typed in. (Moving it from a box of the largest kind's size into a new box of its
/// own size held 100k of each at once: 25 MiB more at 100k positions.)
enum Typed {
    Manifest(Box<Record<Manifest>>),
    Actor(Box<Record<Actor>>),
    Theme(Box<Record<Theme>>),
    Source(Box<Record<Source>>),
    Position(Box<Record<Position>>),
    Reliability(Box<Record<Reliability>>),
}

/// Validates the dataset in `dir`. Fails (exit 2) only when polpos cannot run at all.
pub fn validate(dir: &Path, options: &Options) -> Result<Validation, Error> {
    archive_usable(options)?;
    let (loaded, checked, quotes) =
        load::load_each(dir, &options.limits, |checked| read_quotes(checked, options), |f, v, s, q| check_file(f, v, s, q, options))?;
    Ok(finish(loaded, checked, quotes, &load::display_root(dir), options))
}

/// Fails when an archive is given that is not a readable directory: every quote would then go
/// unverified, which is a mistake in how polpos was called, not a finding.
pub fn archive_usable(options: &Options) -> Result<(), Error> {
    let Some(archive) = &options.archive else { return Ok(()) };
    match std::fs::metadata(archive) {
        Ok(metadata) if metadata.is_dir() => Ok(()),
        Ok(_) => Err(Error::ArchiveDir { path: archive.clone(), reason: "not a directory".into() }),
        Err(error) => Err(Error::ArchiveDir { path: archive.clone(), reason: error.to_string() }),
    }
}

/// Validates record files held in memory (a workspace, tests, fuzzing); `loaded` holds what the
/// walk found beside them.
pub fn validate_files(files: Vec<load::RawFile>, mut loaded: load::Loaded, root: &Path, options: &Options) -> Validation {
    let (checked, quotes) = load::parse_each(
        files,
        &options.limits,
        &mut loaded,
        |checked| read_quotes(checked, options),
        |f, v, s, q| check_file(f, v, s, q, options),
    );
    finish(loaded, checked, quotes, root, options)
}

/// The sources' archived texts, read once every record but the positions is checked.
fn read_quotes(checked: &[&Checked], options: &Options) -> Quotes {
    let sources = checked.iter().filter_map(|checked| match &checked.record {
        Some(Typed::Source(source)) => Some(&**source),
        _ => None,
    });
    Quotes::read(options.archive.as_deref(), sources, &options.limits)
}

/// Checks one file against its schema and types it, in the task that parsed it; a position's
/// citations are checked there too (`quotes` is given for positions). A file that typed without
/// a finding lets go of its text and tree there (if it can be read again): a later finding
/// reads it again, and most files have none.
fn check_file(file: &RecordFile, value: Option<Value>, syntax: &[Diagnostic], quotes: Option<&Quotes>, options: &Options) -> Checked {
    let mut checked = check_document(Schemas::get(), file.kind, &file.document, value);
    if let (Some(Typed::Position(position)), Some(quotes)) = (&mut checked.record, quotes) {
        let (mut diagnostics, missed) = citations::check_position(position, quotes, &options.limits);
        if let Some(found) = checked.found.take() {
            diagnostics.splice(0..0, found.diagnostics);
        }
        checked.found = Found::boxed(diagnostics, missed);
        if !options.keep_texts {
            position.data.drop_texts();
        }
    }
    if syntax.is_empty() && checked.found.is_none() && checked.record.is_some() {
        file.document.release();
    }
    checked
}

/// The dataset of typed records, checked as a whole.
fn finish(loaded: load::Loaded, checked: Vec<Checked>, mut quotes: Quotes, root: &Path, options: &Options) -> Validation {
    let truncated = loaded.truncated;
    let mut diagnostics = loaded.diagnostics;
    let files = loaded.files;

    let mut dataset = Dataset::default();
    for (kind, path) in &loaded.unread {
        dataset.broken.insert((*kind, document::stem(path).to_string()));
    }
    for (RecordFile { kind, document: doc }, checked) in files.iter().zip(checked) {
        let Found { diagnostics: found, missed } = checked.found.map(|found| *found).unwrap_or_default();
        // Citation findings, like every check of the dataset, are left out when its walk was cut short.
        let checked_whole = |d: &Diagnostic| !truncated || d.code.family() != Family::Citations;
        diagnostics.extend(found.into_iter().filter(checked_whole));
        if !truncated {
            quotes.add_missed(missed);
        }
        if checked.id_failed {
            dataset.broken.insert((*kind, doc.stem().to_string()));
        }
        match checked.record {
            Some(Typed::Manifest(record)) => dataset.manifest = Some(*record),
            Some(Typed::Actor(record)) => dataset.actors.push(*record),
            Some(Typed::Theme(record)) => dataset.themes.push(*record),
            Some(Typed::Source(record)) => dataset.sources.push(*record),
            Some(Typed::Position(record)) => dataset.positions.push(record),
            Some(Typed::Reliability(record)) => dataset.reliability.push(*record),
            None => {
                dataset.broken.insert((*kind, doc.stem().to_string()));
            }
        }
    }
    quotes.release_texts();
    sort_records(&mut dataset);

    let context =
        Context { dataset: &dataset, index: dataset.index(), today: options.today, limits: options.limits, quotes: &quotes, root };
    if !truncated {
        diagnostics.extend(checks::run(&context));
    }
    suppress(&dataset, &mut diagnostics);
    diagnostics::sort(&mut diagnostics);
    Validation { dataset, files, diagnostics, scope: None }
}

fn typed<T: DeserializeOwned>(doc: &Arc<Document>, value: Value, failed: &[String]) -> Result<Box<Record<T>>, serde_json::Error> {
    serde_json::from_value(value).map(|data| Box::new(Record { doc: Arc::clone(doc), data, failed: failed.to_vec() }))
}

fn typed_any(kind: RecordKind, doc: &Arc<Document>, value: Value, failed: &[String]) -> Result<Typed, serde_json::Error> {
    Ok(match kind {
        RecordKind::Dataset => Typed::Manifest(typed(doc, value, failed)?),
        RecordKind::Actor => Typed::Actor(typed(doc, value, failed)?),
        RecordKind::Theme => Typed::Theme(typed(doc, value, failed)?),
        RecordKind::Source => Typed::Source(typed(doc, value, failed)?),
        RecordKind::Position => Typed::Position(typed(doc, value, failed)?),
        RecordKind::Reliability => Typed::Reliability(typed(doc, value, failed)?),
    })
}

/// Checks one document against its schema and reads it into the typed model. A record that
/// fails its schema is still typed, from what of it passed, whenever that is possible, so that
/// the semantic checks report on its other fields in the same run. Reading a valid record can
/// hardly fail after its schema passed, but a failure is still reported, never unwrapped.
fn check_document(schemas: &Schemas, kind: RecordKind, doc: &Arc<Document>, value: Option<Value>) -> Checked {
    let Some(value) = value else { return Checked::broken(Vec::new()) };
    let (value, failed, mut diagnostics) = match schemas.validate(kind, doc, value) {
        Ok(value) => (value, Vec::new(), Vec::new()),
        Err(Invalid { diagnostics, salvaged: Some(value), failed }) => (value, failed, diagnostics),
        Err(Invalid { diagnostics, salvaged: None, .. }) => return Checked::broken(diagnostics),
    };
    match typed_any(kind, doc, value, &failed) {
        Ok(record) => {
            // References by file name to a record whose id failed still count as known.
            let id_failed = failed.iter().any(|pointer| pointer == "/id");
            Checked { record: Some(record), found: Found::boxed(diagnostics, Vec::new()), id_failed }
        }
        Err(_) if !diagnostics.is_empty() => Checked::broken(diagnostics),
        Err(error) => {
            diagnostics.push(RecordUnreadable { at: Place::new(&doc.path, doc.locate("")), error: &error }.into());
            Checked::broken(diagnostics)
        }
    }
}

/// Sorts in place: paths are unique, so the order is total, and a stable sort's scratch buffer
/// (half of 100k records) is not worth its memory.
fn sort_records(dataset: &mut Dataset) {
    dataset.actors.sort_unstable_by(|a, b| (&a.id, &a.doc.path).cmp(&(&b.id, &b.doc.path)));
    dataset.themes.sort_unstable_by(|a, b| (&a.id, &a.doc.path).cmp(&(&b.id, &b.doc.path)));
    dataset.sources.sort_unstable_by(|a, b| (&a.id, &a.doc.path).cmp(&(&b.id, &b.doc.path)));
    dataset.positions.sort_unstable_by(|a, b| (&a.id, &a.doc.path).cmp(&(&b.id, &b.doc.path)));
    dataset.reliability.sort_unstable_by(|a, b| (&a.coder, &a.doc.path).cmp(&(&b.coder, &b.doc.path)));
}

/// Marks findings that a record's `allow` entries cover. They stay in every report.
fn suppress(dataset: &Dataset, diagnostics: &mut [Diagnostic]) {
    let mut allows: HashMap<&Path, &[Allow]> = HashMap::new();
    let records = dataset
        .actors
        .iter()
        .map(|r| (r.doc.path.as_path(), r.allow.as_slice()))
        .chain(dataset.themes.iter().map(|r| (r.doc.path.as_path(), r.allow.as_slice())))
        .chain(dataset.sources.iter().map(|r| (r.doc.path.as_path(), r.allow.as_slice())))
        .chain(dataset.positions.iter().map(|r| (r.doc.path.as_path(), &*r.allow)));
    for (path, allow) in records {
        if !allow.is_empty() {
            allows.insert(path, allow);
        }
    }
    for diagnostic in diagnostics.iter_mut() {
        if let Some(allow) = allows.get(diagnostic.file.as_path())
            && let Some(entry) = allow.iter().find(|a| a.check.eq_ignore_ascii_case(diagnostic.code.as_str()))
        {
            diagnostic.suppressed = Some(entry.reason.clone());
        }
    }
}
