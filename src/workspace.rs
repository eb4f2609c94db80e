//! A dataset held in memory: every record file's text, as read from disk or as an editor or a
//! round of fixes left it, validated on demand. `fix` and the language server validate this way,
//! so that nothing is written until the user asks.

use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::load::{self, Loaded, RawFile};
use crate::model::RecordKind;
use crate::validate::{self, Options, Validation};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// One record file: where it is, what it holds, its text now.
#[derive(Debug, Clone)]
pub struct File {
    pub path: PathBuf,
    pub kind: RecordKind,
    pub text: String,
    /// Whether `text` holds the file: false when the loader kept no text (not UTF-8, a NUL
    /// byte, or an empty file), which is then read again as bytes when the dataset is validated.
    read: bool,
}

#[derive(Debug, Clone)]
pub struct Workspace {
    /// The data directory as shown in findings.
    pub root: PathBuf,
    pub files: Vec<File>,
    /// Findings of the walk itself (stray files and folders), which no edit of a record changes.
    walk_findings: Vec<Diagnostic>,
}

impl Workspace {
    /// Reads and validates the dataset in `dir`.
    pub fn load(dir: &Path, options: &Options) -> Result<(Workspace, Validation), Error> {
        let validation = validate::validate(dir, options)?;
        let record_paths: HashSet<&Path> = validation.files.iter().map(|f| f.document.path.as_path()).collect();
        let walk_findings =
            validation.diagnostics.iter().filter(|d| !record_paths.contains(d.file.as_path()) && d.location.is_none()).cloned().collect();
        let files = validation
            .files
            .iter()
            .map(|f| {
                let content = f.document.content();
                File {
                    path: f.document.path.clone(),
                    kind: f.kind,
                    text: content.as_ref().map(|c| c.text.clone()).unwrap_or_default(),
                    read: content.is_some_and(|c| !c.text.is_empty()),
                }
            })
            .collect();
        Ok((Workspace { root: load::display_root(dir), files, walk_findings }, validation))
    }

    /// Replaces a record file's text; false when the workspace has no such file.
    pub fn set_text(&mut self, path: &Path, text: String) -> bool {
        match self.files.iter_mut().find(|f| f.path == path) {
            Some(file) => {
                file.text = text;
                file.read = true;
                true
            }
            None => false,
        }
    }

    /// Validates the texts as they are now.
    pub fn validate(&self, options: &Options) -> Validation {
        let raw = self
            .files
            .iter()
            .map(|file| {
                let bytes = if file.read { file.text.clone().into_bytes() } else { std::fs::read(&file.path).unwrap_or_default() };
                RawFile { path: file.path.clone(), kind: file.kind, bytes }
            })
            .collect();
        let loaded = Loaded { manifest_found: true, diagnostics: self.walk_findings.clone(), ..Loaded::default() };
        validate::validate_files(raw, loaded, &self.root, options)
    }
}
