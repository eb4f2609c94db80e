//! The validation pipeline: load → schema → typed model → checks → suppression → sorted findings.

use crate::checks::{self, Context};
use crate::diagnostics::{self, Diagnostic, Summary};
use crate::error::Error;
use crate::limits::Limits;
use crate::load::{self, Document};
use crate::model::{Allow, Dataset, PartialDate, Record, RecordKind};
use crate::schema::Schemas;
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Options {
    /// Directory of archived source texts; quotes are verified only when it is given.
    pub archive: Option<PathBuf>,
    /// The date that counts as today (injectable for tests).
    pub today: PartialDate,
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Options {
        Options { archive: None, today: PartialDate::today(), limits: Limits::default() }
    }
}

/// Everything a validation run found.
#[derive(Debug)]
pub struct Validation {
    pub dataset: Dataset,
    /// Every file read, valid or not, for renderers that show source lines.
    pub documents: Vec<Arc<Document>>,
    /// Sorted, deterministic; suppressed findings included (marked).
    pub diagnostics: Vec<Diagnostic>,
}

impl Validation {
    pub fn summary(&self) -> Summary {
        Summary::of(&self.diagnostics)
    }

    /// The text of every file that was read, by path, for showing source lines.
    pub fn texts(&self) -> HashMap<&Path, &str> {
        self.documents.iter().map(|d| (d.path.as_path(), d.text.as_str())).collect()
    }
}

/// A document's JSON value when it passed its schema, its findings otherwise.
type SchemaOutcome = Result<Value, Vec<Diagnostic>>;

/// Validates the dataset in `dir`. Fails (exit 2) only when polpos cannot run at all.
pub fn validate(dir: &Path, options: &Options) -> Result<Validation, Error> {
    if let Some(archive) = &options.archive {
        match std::fs::metadata(archive) {
            Ok(metadata) if metadata.is_dir() => {}
            Ok(_) => return Err(Error::ArchiveDir { path: archive.clone(), reason: "not a directory".into() }),
            Err(error) => return Err(Error::ArchiveDir { path: archive.clone(), reason: error.to_string() }),
        }
    }
    let loaded = load::load(dir, &options.limits)?;
    Ok(validate_loaded(loaded, &load::display_root(dir), options))
}

/// Validates files already read (from disk, or from memory in tests and fuzzing).
pub fn validate_loaded(loaded: load::Loaded, root: &Path, options: &Options) -> Validation {
    let truncated = loaded.truncated;
    let mut diagnostics = loaded.diagnostics;
    let schemas = Schemas::get();
    let documents: Vec<Arc<Document>> = loaded.documents.into_iter().map(Arc::new).collect();
    let checked: Vec<(Arc<Document>, SchemaOutcome)> = documents.par_iter().map(|doc| (Arc::clone(doc), schemas.validate(doc))).collect();

    let mut dataset = Dataset::default();
    for (doc, result) in checked {
        let value = match result {
            Ok(value) => value,
            Err(found) => {
                diagnostics.extend(found);
                dataset.broken.insert((doc.kind, doc.stem.clone()));
                if let (RecordKind::Position, Some(root)) = (doc.kind, &doc.root) {
                    dataset.mentioned_by_broken.extend(mentions(&root.to_json()));
                }
                continue;
            }
        };
        if let Err(error) = add_record(&mut dataset, &doc, value) {
            let message = format!("the record cannot be read: {error}");
            diagnostics.push(Diagnostic::new(crate::diagnostics::Code::InvalidValue, &doc.path, doc.locate(""), message));
            dataset.broken.insert((doc.kind, doc.stem.clone()));
        }
    }
    sort_records(&mut dataset);

    let context = Context {
        dataset: &dataset,
        index: dataset.index(),
        today: options.today,
        limits: options.limits,
        archive_dir: options.archive.as_deref(),
        root,
    };
    if !truncated {
        diagnostics.extend(checks::run(&context));
    }
    suppress(&dataset, &mut diagnostics);
    diagnostics::sort(&mut diagnostics);
    Validation { dataset, documents, diagnostics }
}

/// The ids a (possibly malformed) position names, read as far as its shape allows.
fn mentions(value: &Value) -> Vec<String> {
    let sources = value.get("evidence").and_then(Value::as_array).into_iter().flatten().filter_map(|c| c.get("source"));
    [value.get("actor"), value.get("theme")].into_iter().flatten().chain(sources).filter_map(|v| v.as_str().map(str::to_string)).collect()
}

fn typed<T: DeserializeOwned>(doc: &Arc<Document>, value: Value) -> Result<Record<T>, serde_json::Error> {
    serde_json::from_value(value).map(|data| Record { doc: Arc::clone(doc), data })
}

/// Adds a schema-valid record to the typed dataset. The schema makes a failure here unlikely,
/// but it is still reported, never unwrapped.
fn add_record(dataset: &mut Dataset, doc: &Arc<Document>, value: Value) -> Result<(), serde_json::Error> {
    match doc.kind {
        RecordKind::Dataset => dataset.manifest = Some(typed(doc, value)?),
        RecordKind::Actor => dataset.actors.push(typed(doc, value)?),
        RecordKind::Theme => dataset.themes.push(typed(doc, value)?),
        RecordKind::Source => dataset.sources.push(typed(doc, value)?),
        RecordKind::Position => dataset.positions.push(typed(doc, value)?),
    }
    Ok(())
}

fn sort_records(dataset: &mut Dataset) {
    dataset.actors.sort_by(|a, b| (&a.id, &a.doc.path).cmp(&(&b.id, &b.doc.path)));
    dataset.themes.sort_by(|a, b| (&a.id, &a.doc.path).cmp(&(&b.id, &b.doc.path)));
    dataset.sources.sort_by(|a, b| (&a.id, &a.doc.path).cmp(&(&b.id, &b.doc.path)));
    dataset.positions.sort_by(|a, b| (&a.id, &a.doc.path).cmp(&(&b.id, &b.doc.path)));
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
        .chain(dataset.positions.iter().map(|r| (r.doc.path.as_path(), r.allow.as_slice())));
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
