//! Rewriting record files: edits to a text, a unified diff of a change, and the record files a
//! command's paths name. Shared by `fmt`, `fix` and the language server.

use crate::error::Error;
use std::path::{Path, PathBuf};

/// Replace the bytes `start..end` of a text by `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

impl TextEdit {
    pub fn replace(range: std::ops::Range<usize>, replacement: impl Into<String>) -> TextEdit {
        TextEdit { start: range.start, end: range.end, replacement: replacement.into() }
    }
}

/// Applies edits that do not overlap (overlapping ones after the first are skipped) and returns
/// the new text and how many were applied.
pub fn apply(text: &str, edits: &[TextEdit]) -> (String, usize) {
    let mut sorted: Vec<&TextEdit> = edits.iter().filter(|e| e.start <= e.end && e.end <= text.len()).collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = 0;
    for edit in sorted {
        if edit.start < at || !text.is_char_boundary(edit.start) || !text.is_char_boundary(edit.end) {
            continue;
        }
        out.push_str(&text[at..edit.start]);
        out.push_str(&edit.replacement);
        at = edit.end;
        applied += 1;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// A unified diff of one file's change, as `git diff` shows it.
pub fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string().replace('\\', "/");
    similar::TextDiff::from_lines(old, new).unified_diff().context_radius(3).header(&format!("a/{name}"), &format!("b/{name}")).to_string()
}

/// The record files (`*.yaml`) that paths name: files as given (each is refused later if it is
/// not a regular file), folders walked in sorted order without following links.
pub fn yaml_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = std::fs::symlink_metadata(path).map_err(|e| Error::Argument(format!("cannot read `{}`: {e}", path.display())))?;
        if !metadata.is_dir() {
            files.push(path.clone());
            continue;
        }
        for entry in walkdir::WalkDir::new(path).follow_links(false).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::Argument(format!("cannot read `{}`: {e}", path.display())))?;
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|ext| ext == "yaml") {
                files.push(entry.into_path());
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_order_and_overlaps_are_skipped() {
        let edits = [TextEdit::replace(4..5, "B"), TextEdit::replace(0..1, "A"), TextEdit::replace(4..6, "X")];
        assert_eq!(apply("a = b;", &edits), ("A = B;".to_string(), 2));
    }

    #[test]
    fn a_diff_names_the_file_and_shows_the_change() {
        let diff = unified_diff(Path::new("data/a.yaml"), "a: 1\nb: 2\n", "a: 1\nb: 3\n");
        assert_eq!(diff, "--- a/data/a.yaml\n+++ b/data/a.yaml\n@@ -1,2 +1,2 @@\n a: 1\n-b: 2\n+b: 3\n");
    }
}
