//! The validation pipeline: load → schema → typed model → checks → suppression → sorted findings.

use crate::checks::{self, Context};
use crate::diagnostics::{self, Diagnostic, Summary};
use crate::error::Error;
use crate::limits::Limits;
use crate::load::{self, Document};
use crate::model::{Actor, Allow, Dataset, Manifest, PartialDate, Position, Record, RecordKind, Reliability, Source, Theme};
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

/// One document after its schema and the typed model: a record, or why it is broken and the
/// ids it names as far as its shape allows.
enum Checked {
    Valid(Box<Typed>),
    Broken { diagnostics: Vec<Diagnostic>, mentions: Vec<String> },
}

/// A typed record of any kind.
enum Typed {
    Manifest(Record<Manifest>),
    Actor(Record<Actor>),
    Theme(Record<Theme>),
    Source(Record<Source>),
    Position(Record<Position>),
    Reliability(Record<Reliability>),
}

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
    // Each document's JSON value lives only inside its own task, so they are never all in memory.
    let checked: Vec<Checked> = documents.par_iter().map(|doc| check_document(schemas, doc)).collect();

    let mut dataset = Dataset::default();
    for (doc, checked) in documents.iter().zip(checked) {
        match checked {
            Checked::Valid(typed) => match *typed {
                Typed::Manifest(record) => dataset.manifest = Some(record),
                Typed::Actor(record) => dataset.actors.push(record),
                Typed::Theme(record) => dataset.themes.push(record),
                Typed::Source(record) => dataset.sources.push(record),
                Typed::Position(record) => dataset.positions.push(record),
                Typed::Reliability(record) => dataset.reliability.push(record),
            },
            Checked::Broken { diagnostics: found, mentions } => {
                diagnostics.extend(found);
                dataset.broken.insert((doc.kind, doc.stem.clone()));
                dataset.mentioned_by_broken.extend(mentions);
            }
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

/// Checks one document against its schema and reads it into the typed model. The schema makes
/// a failure of the second step unlikely, but it is still reported, never unwrapped.
fn check_document(schemas: &Schemas, doc: &Arc<Document>) -> Checked {
    let value = match schemas.validate(doc) {
        Ok(value) => value,
        Err(diagnostics) => {
            let mentions = match (doc.kind, &doc.root) {
                (RecordKind::Position, Some(root)) => mentions(&root.to_json()),
                _ => Vec::new(),
            };
            return Checked::Broken { diagnostics, mentions };
        }
    };
    let record = match doc.kind {
        RecordKind::Dataset => typed(doc, value).map(Typed::Manifest),
        RecordKind::Actor => typed(doc, value).map(Typed::Actor),
        RecordKind::Theme => typed(doc, value).map(Typed::Theme),
        RecordKind::Source => typed(doc, value).map(Typed::Source),
        RecordKind::Position => typed(doc, value).map(Typed::Position),
        RecordKind::Reliability => typed(doc, value).map(Typed::Reliability),
    };
    record.map(|typed| Checked::Valid(Box::new(typed))).unwrap_or_else(|error| Checked::Broken {
        diagnostics: vec![Diagnostic::new(
            crate::diagnostics::Code::InvalidValue,
            &doc.path,
            doc.locate(""),
            format!("the record cannot be read: {error}"),
        )],
        mentions: Vec::new(),
    })
}

fn sort_records(dataset: &mut Dataset) {
    dataset.actors.sort_by(|a, b| (&a.id, &a.doc.path).cmp(&(&b.id, &b.doc.path)));
    dataset.themes.sort_by(|a, b| (&a.id, &a.doc.path).cmp(&(&b.id, &b.doc.path)));
    dataset.sources.sort_by(|a, b| (&a.id, &a.doc.path).cmp(&(&b.id, &b.doc.path)));
    dataset.positions.sort_by(|a, b| (&a.id, &a.doc.path).cmp(&(&b.id, &b.doc.path)));
    dataset.reliability.sort_by(|a, b| (&a.coder, &a.doc.path).cmp(&(&b.coder, &b.doc.path)));
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
