//! A dataset held in memory: every record file's text, as read from disk or as an editor or a
//! round of fixes left it, validated on demand. `fix` and the language server validate this way,
//! so that nothing is written until the user asks.

use crate::error::Error;
use crate::load::{self, Loaded, RawFile};
use crate::model::RecordKind;
use crate::validate::{self, Options, Validation};
use std::path::{Path, PathBuf};

/// One record file: where it is, what it holds, its text now.
#[derive(Debug, Clone)]
pub struct File {
    pub path: PathBuf,
    pub kind: RecordKind,
    pub text: String,
    /// The file's bytes when they are no text (not UTF-8, a NUL byte): validated as they are,
    /// so their finding stays, until an edit gives the file a text.
    not_text: Option<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub struct Workspace {
    /// The data directory as shown in findings.
    pub root: PathBuf,
    pub files: Vec<File>,
    /// What the walk found beside the record files (stray files and folders, unreadable files,
    /// a missing manifest, a limit that cut it short), which no edit of a record changes.
    walk: Loaded,
}

impl Workspace {
    /// Reads and validates the dataset in `dir`. Each file is read once and its text kept, so
    /// the workspace holds what was validated.
    pub fn load(dir: &Path, options: &Options) -> Result<(Workspace, Validation), Error> {
        validate::archive_usable(options)?;
        let (walk, raw) = load::read_all(dir, &options.limits)?;
        let files = raw
            .iter()
            .map(|raw| {
                let (text, not_text) = match load::decode(raw.bytes.clone()) {
                    Ok(text) => (text, None),
                    Err(_) => (String::new(), Some(raw.bytes.clone())),
                };
                File { path: raw.path.clone(), kind: raw.kind, text, not_text }
            })
            .collect();
        let workspace = Workspace { root: load::display_root(dir), files, walk };
        let validation = validate::validate_files(raw, workspace.walk.clone(), &workspace.root, options);
        Ok((workspace, validation))
    }

    /// Replaces a record file's text; false when the workspace has no such file.
    pub fn set_text(&mut self, path: &Path, text: String) -> bool {
        match self.files.iter_mut().find(|f| f.path == path) {
            Some(file) => {
                file.text = text;
                file.not_text = None;
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
                let bytes = file.not_text.clone().unwrap_or_else(|| file.text.clone().into_bytes());
                RawFile { path: file.path.clone(), kind: file.kind, bytes }
            })
            .collect();
        validate::validate_files(raw, self.walk.clone(), &self.root, options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;

    /// Validating a workspace nobody edited must find what loading it found, the walk's
    /// findings and limits included.
    fn revalidation_finds_what_loading_found(options: &Options) {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let (workspace, loaded) = Workspace::load(&data, options).expect("the shipped data loads");
        assert!(!workspace.files.is_empty() && workspace.files.iter().all(|f| f.not_text.is_none() && !f.text.is_empty()));
        assert_eq!(workspace.validate(options).diagnostics, loaded.diagnostics);
    }

    #[test]
    fn an_unedited_workspace_validates_as_it_loaded() {
        revalidation_finds_what_loading_found(&Options::default());
    }

    #[test]
    fn a_walk_cut_short_stays_cut_short() {
        let options = Options { limits: Limits { max_files: 12, ..Limits::default() }, ..Options::default() };
        revalidation_finds_what_loading_found(&options);
    }
}
