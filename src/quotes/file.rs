//! Archived texts read from inside the archive directory and turned into the document's text:
//! the lines before `text_from_line` cut off, transcription markup removed, normalised.

use super::markup;
use super::normalize::Normalized;
use crate::model::{Archive, Markup};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Component, Path};

/// The document texts of the sources whose archived files could be read, by source id.
#[derive(Default)]
pub struct ArchiveSet {
    pub(super) texts: HashMap<String, Normalized>,
}

/// What is wrong with one source's archived text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProblem {
    /// The file cannot be used: why, in a sentence.
    Unreadable(String),
    /// The file's SHA-256 is not the recorded one (its text is still searched).
    HashMismatch { actual: String },
    /// `text_from_line` names a line after the file's last one.
    TextBeyondEnd { text_from_line: usize, lines: usize },
}

impl ArchiveSet {
    /// Reads the archived text of each `(source id, archive)` from inside `dir` and checks it
    /// against its record. Problems name the index of their entry in `archives`; a text with a
    /// problem other than a changed hash is left out of the set.
    pub fn load(dir: &Path, archives: &[(&str, &Archive)], max_size: u64) -> (ArchiveSet, Vec<(usize, LoadProblem)>) {
        let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let loaded: Vec<(Option<Normalized>, Vec<LoadProblem>)> =
            archives.par_iter().map(|(_, archive)| load_one(&root, dir, archive, max_size)).collect();
        let mut texts = HashMap::new();
        let mut problems = Vec::new();
        for (i, ((id, _), (text, found))) in archives.iter().zip(loaded).enumerate() {
            if let Some(text) = text {
                texts.insert(id.to_string(), text);
            }
            problems.extend(found.into_iter().map(|problem| (i, problem)));
        }
        (ArchiveSet { texts }, problems)
    }

    /// The document text of a source, when its archived file could be read.
    pub fn text(&self, source: &str) -> Option<&Normalized> {
        self.texts.get(source)
    }
}

fn load_one(root: &Path, shown: &Path, archive: &Archive, max_size: u64) -> (Option<Normalized>, Vec<LoadProblem>) {
    let bytes = match read_archive(root, shown, &archive.file, max_size) {
        Ok(bytes) => bytes,
        Err(why) => return (None, vec![LoadProblem::Unreadable(why)]),
    };
    let mut problems = Vec::new();
    // The hash covers the whole file, metadata included.
    let actual = hex(&Sha256::digest(&bytes));
    if actual != archive.sha256 {
        problems.push(LoadProblem::HashMismatch { actual });
    }
    let raw = String::from_utf8_lossy(&bytes);
    let text_from_line = archive.text_from_line.map_or(1, |line| line as usize);
    match document_text(&raw, text_from_line, archive.markup) {
        Some(text) => (Some(text), problems),
        None => {
            problems.push(LoadProblem::TextBeyondEnd { text_from_line, lines: raw.split_inclusive('\n').count() });
            (None, problems)
        }
    }
}

/// The document's own text in an archived file: from line `text_from_line` on, with `markup`'s
/// markers removed, normalised. `None` when the file has no line `text_from_line` (line 1 of
/// an empty file is the empty text).
pub fn document_text(raw: &str, text_from_line: usize, markup: Option<Markup>) -> Option<Normalized> {
    let skipped = text_from_line.saturating_sub(1);
    let mut lines = raw.split_inclusive('\n').peekable();
    for _ in 0..skipped {
        lines.next()?;
    }
    if skipped > 0 {
        lines.peek()?;
    }
    Some(Normalized::of_lines(lines.map(|line| markup::strip(line, markup)), text_from_line, raw.len()))
}

/// Reads one archived text from inside `root` (the canonical archive directory); messages name
/// the directory as the user gave it (`shown`). `file` is relative, its folders separated by
/// `/`, and it never leads outside `root`, not even through a symbolic link.
fn read_archive(root: &Path, shown: &Path, file: &str, limit: u64) -> Result<Vec<u8>, String> {
    let relative = Path::new(file);
    if file.contains('\\') {
        return Err(format!("archive path `{file}` must separate folders with `/`, not a backslash"));
    }
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(format!("archive path `{file}` must stay inside the archive directory (no `..`, `.` or absolute path)"));
    }
    let resolved = root
        .join(relative)
        .canonicalize()
        .map_err(|_| format!("archived text `{file}` is not in the archive directory {}", shown.display()))?;
    if !resolved.starts_with(root) {
        return Err(format!("archive path `{file}` leads outside the archive directory (through a symbolic link)"));
    }
    let metadata = std::fs::metadata(&resolved).map_err(|e| format!("cannot read archived text `{file}`: {e}"))?;
    if !metadata.is_file() {
        return Err(format!("archived text `{file}` is not a regular file"));
    }
    if metadata.len() > limit {
        return Err(format!("archived text `{file}` is larger than the limit of {limit} bytes"));
    }
    std::fs::read(&resolved).map_err(|e| format!("cannot read archived text `{file}`: {e}"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRONT_MATTER: &str = "---\ntitle: \"A **title**\"\n---\n \n# The heading\n\nThe **document** text.\n";

    #[test]
    fn the_text_starts_at_its_line_and_keeps_the_files_line_numbers() {
        let text = document_text(FRONT_MATTER, 5, None).unwrap();
        assert_eq!(text.text, "# The heading The **document** text.");
        assert_eq!(text.line_of(text.text.find("The **").unwrap()), 7);
        let whole = document_text(FRONT_MATTER, 1, None).unwrap();
        assert!(whole.text.starts_with("--- title:"));
    }

    #[test]
    fn markdown_markup_is_removed_after_the_cut() {
        let text = document_text(FRONT_MATTER, 4, Some(Markup::Markdown)).unwrap();
        assert_eq!(text.text, "The heading The document text.");
    }

    #[test]
    fn a_start_after_the_last_line_is_refused() {
        assert!(document_text(FRONT_MATTER, 7, None).is_some());
        assert!(document_text(FRONT_MATTER, 8, None).is_none());
        assert!(document_text("no final line break", 2, None).is_none());
        assert!(document_text("", 2, None).is_none());
        assert_eq!(document_text("", 1, None).unwrap().text, "");
    }

    /// An archive directory holding `primary/kept.txt`, and a file outside it.
    fn archive_dir() -> (tempfile::TempDir, std::path::PathBuf) {
        let top = tempfile::tempdir().unwrap();
        let archive = top.path().join("archive");
        std::fs::create_dir_all(archive.join("primary")).unwrap();
        std::fs::write(archive.join("primary/kept.txt"), "kept\n").unwrap();
        std::fs::write(top.path().join("secret.txt"), "secret\n").unwrap();
        let root = archive.canonicalize().unwrap();
        (top, root)
    }

    #[test]
    fn files_in_subfolders_are_read() {
        let (_top, root) = archive_dir();
        assert_eq!(read_archive(&root, &root, "primary/kept.txt", 100).unwrap(), b"kept\n");
        assert!(read_archive(&root, &root, "primary/kept.txt", 2).unwrap_err().contains("larger than the limit"));
        assert!(read_archive(&root, &root, "primary", 100).unwrap_err().contains("not a regular file"));
        assert!(read_archive(&root, &root, "primary/gone.txt", 100).unwrap_err().contains("is not in the archive directory"));
    }

    #[test]
    fn no_path_leaves_the_archive_directory() {
        let (_top, root) = archive_dir();
        for file in ["../secret.txt", "primary/../../secret.txt", "./primary/kept.txt", "/etc/hostname"] {
            let error = read_archive(&root, &root, file, 100).unwrap_err();
            assert!(error.contains("must stay inside the archive directory"), "{file}: {error}");
        }
        let error = read_archive(&root, &root, "primary\\kept.txt", 100).unwrap_err();
        assert!(error.contains("not a backslash"), "{error}");
    }

    #[test]
    fn no_symbolic_link_leads_out_of_the_archive_directory() {
        let (top, root) = archive_dir();
        std::os::unix::fs::symlink(top.path().join("secret.txt"), root.join("primary/link.txt")).unwrap();
        std::os::unix::fs::symlink(top.path(), root.join("up")).unwrap();
        std::os::unix::fs::symlink(root.join("primary"), root.join("inside")).unwrap();
        for file in ["primary/link.txt", "up/secret.txt"] {
            assert!(read_archive(&root, &root, file, 100).unwrap_err().contains("through a symbolic link"), "{file}");
        }
        assert_eq!(read_archive(&root, &root, "inside/kept.txt", 100).unwrap(), b"kept\n");
    }
}
