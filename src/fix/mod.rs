//! `polpos fix`: edits that resolve findings, marked safe (they cannot change what a record
//! means) or unsafe (they need a person's eye), applied in rounds until nothing changes.
//!
//! Safe: a missing or wrong `# yaml-language-server: $schema=` line, a date written in another
//! form than `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, an id that differs from its file name only by
//! letter case or spacing. Unsafe: an unknown key one edit away from an allowed one, a quote
//! replaced by the closest passage of its source's archived text.
//!
//! Every edit is checked before it is offered: the edited text must parse, with no finding, to
//! the record with exactly the intended change.

mod rules;

use crate::diagnostics::{Code, Diagnostic, Fix, Location, Safety};
use crate::document::Document;
use crate::edit::TextEdit;
use crate::error::Error;
use crate::model::RecordKind;
use crate::quotes::ArchiveSet;
use crate::validate::{Options, Validation};
use crate::workspace::Workspace;
use std::path::{Path, PathBuf};

pub use rules::schema_line;

/// The rounds of fixing at most: a fix that keeps producing new fixes stops here.
pub const MAX_ROUNDS: usize = 10;

/// Which fix a code's findings can carry, and what it does.
pub fn available(code: Code) -> Option<(Safety, &'static str)> {
    match code {
        Code::WrongType => Some((Safety::Safe, "a date written as a number (`stated_on: 2017`) is written as quoted text (`\"2017\"`)")),
        Code::InvalidValue => Some((
            Safety::Safe,
            "a date written in another form (`2017-3-8`, `2017/03/08`) is written `\"2017-03-08\"`; an id that differs from its file name only by letter case, spaces or underscores is set to the file name",
        )),
        Code::IdMismatch => {
            Some((Safety::Safe, "an id that differs from its file name only by letter case, spaces or underscores is set to the file name"))
        }
        Code::UnknownKey => {
            Some((Safety::Unsafe, "the key is renamed to the one allowed key that is one edit away from it, if there is one"))
        }
        Code::QuoteNotFound => {
            Some((Safety::Unsafe, "the quote (one without elisions) is replaced by the closest passage of its source's archived text"))
        }
        _ => None,
    }
}

/// The archived texts of a validated dataset's sources, for the quote fix.
pub fn archive(validation: &Validation, options: &Options) -> Option<ArchiveSet> {
    let dir = options.archive.as_deref()?;
    let sources: Vec<(&str, &crate::model::Archive)> =
        validation.dataset.sources.iter().filter_map(|s| Some((&*s.id, s.archive.as_ref()?))).collect();
    Some(ArchiveSet::load(dir, &sources, options.limits.max_archive_size).0)
}

/// Gives each finding of a validation the fix it can carry.
pub fn attach(validation: &mut Validation, archive: Option<&ArchiveSet>) {
    let documents: Vec<(std::sync::Arc<Document>, RecordKind)> =
        validation.files.iter().map(|file| (std::sync::Arc::clone(&file.document), file.kind)).collect();
    for diagnostic in &mut validation.diagnostics {
        if diagnostic.fix.is_some() || !diagnostic.counts() {
            continue;
        }
        let Some((document, kind)) = documents.iter().find(|(document, _)| document.path == diagnostic.file) else { continue };
        diagnostic.fix = rules::for_finding(diagnostic, document, *kind, archive);
    }
}

/// A fix applied (or, with `--diff`, that would be).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub file: PathBuf,
    pub location: Option<Location>,
    /// `None` for the `$schema` line, which no check reports.
    pub code: Option<Code>,
    pub safety: Safety,
    pub title: String,
}

/// What a run of `fix` did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Each changed file: its path, its text before and after.
    pub changed: Vec<(PathBuf, String, String)>,
    pub applied: Vec<Applied>,
    /// The findings left after the last round.
    pub remaining: Vec<Diagnostic>,
    /// Unsafe fixes left unapplied (without `--unsafe-fixes`).
    pub unsafe_left: usize,
}

/// Fixes the dataset in `dir` in memory, round after round, until no fix applies (at most
/// [`MAX_ROUNDS`]). Nothing is written: the caller writes `changed`, or shows it.
pub fn run(dir: &Path, options: &Options, unsafe_fixes: bool) -> Result<Outcome, Error> {
    let (mut workspace, mut validation) = Workspace::load(dir, options)?;
    let archive = archive(&validation, options);
    let originals: Vec<String> = workspace.files.iter().map(|file| file.text.clone()).collect();
    let mut outcome = Outcome::default();
    for _ in 0..MAX_ROUNDS {
        attach(&mut validation, archive.as_ref());
        let mut round: Vec<(usize, Vec<TextEdit>)> = Vec::new();
        outcome.unsafe_left = 0;
        for (index, file) in workspace.files.iter().enumerate() {
            let Some(document) = validation.files.iter().find(|f| f.document.path == file.path).map(|f| &f.document) else { continue };
            let mut fixes: Vec<(Option<Code>, Option<Location>, Fix)> = validation
                .diagnostics
                .iter()
                .filter(|d| d.file == file.path)
                .filter_map(|d| Some((Some(d.code), d.location, d.fix.clone()?)))
                .collect();
            if let Some(fix) = schema_line(document, file.kind, &workspace.root) {
                fixes.insert(0, (None, Some(Location::point(1, 1, 0)), fix));
            }
            let mut edits: Vec<TextEdit> = Vec::new();
            for (code, location, fix) in fixes {
                if fix.safety == Safety::Unsafe && !unsafe_fixes {
                    outcome.unsafe_left += 1;
                    continue;
                }
                if fix.edits.iter().any(|edit| edits.iter().any(|other| overlap(edit, other))) {
                    continue;
                }
                edits.extend(fix.edits.iter().cloned());
                outcome.applied.push(Applied { file: file.path.clone(), location, code, safety: fix.safety, title: fix.title });
            }
            if !edits.is_empty() {
                round.push((index, edits));
            }
        }
        if round.is_empty() {
            break;
        }
        for (index, edits) in round {
            let file = &workspace.files[index];
            let text = crate::edit::apply(&file.text, &edits).0;
            let path = file.path.clone();
            workspace.set_text(&path, text);
        }
        validation = workspace.validate(options);
    }
    outcome.remaining = validation.diagnostics;
    outcome.changed = workspace
        .files
        .into_iter()
        .zip(originals)
        .filter(|(file, original)| &file.text != original)
        .map(|(file, original)| {
            // A file that was in the canonical layout stays in it.
            let kind = Some(file.kind);
            let formatted = crate::format::format(&original, kind).is_ok_and(|formatted| formatted == original);
            let text = if formatted { crate::format::format(&file.text, kind).unwrap_or(file.text) } else { file.text };
            (file.path, original, text)
        })
        .collect();
    Ok(outcome)
}

/// Whether two edits touch the same text (two insertions at one place count).
pub fn overlap(a: &TextEdit, b: &TextEdit) -> bool {
    a.start < b.end.max(b.start + 1) && b.start < a.end.max(a.start + 1)
}
