//! Validating what changed: the files a run reports on. The whole dataset is always loaded and
//! checked, since references and contradictions need it; a selection only decides which findings
//! are shown: those located in the selected files, and whole-dataset findings they take part in.

use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::git::{git, run};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The files (and folders) a run reports on, relative to the data directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    paths: BTreeSet<PathBuf>,
}

/// What a selected run left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Scope {
    /// Record files the selection names.
    pub selected_files: usize,
    /// Findings located only in other files.
    pub left_out: usize,
}

/// The data directory that holds `path`: the nearest folder at or above it with a dataset.yaml.
fn dataset_root(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    absolute.ancestors().find(|dir| dir.join("dataset.yaml").is_file()).map(Path::to_path_buf)
}

/// Reads `polpos validate [PATHS...]`: no path (`default_data`), or one data directory, validates and reports
/// everything; record files or folders inside a data directory select what is reported.
pub fn resolve(paths: &[PathBuf], default_data: &Path) -> Result<(PathBuf, Option<Selection>), Error> {
    let [first, ..] = paths else { return Ok((default_data.to_path_buf(), None)) };
    let record_file = |path: &Path| path.extension().is_some_and(|e| e == "yaml" || e == "yml");
    if paths.len() == 1 && !first.exists() && record_file(first) {
        return Err(Error::Argument(format!("`{}` does not exist", first.display())));
    }
    if paths.len() == 1 && (first.is_dir() || !first.exists()) && dataset_root(first).is_none_or(|root| same(&root, first)) {
        return Ok((first.clone(), None));
    }
    let mut data: Option<(PathBuf, PathBuf)> = None;
    let mut selection = Selection::default();
    for path in paths {
        if !path.exists() {
            return Err(Error::Argument(format!("`{}` does not exist", path.display())));
        }
        let root = dataset_root(path).ok_or_else(|| {
            Error::Argument(format!("`{}` is not inside a dataset (no dataset.yaml in it or in a folder above it)", path.display()))
        })?;
        match &data {
            Some((known, _)) if *known != root => {
                return Err(Error::Argument(format!("`{}` belongs to another dataset than the other paths", path.display())));
            }
            Some(_) => {}
            None => data = Some((root.clone(), shown_root(path, &root))),
        }
        let relative = std::path::absolute(path).ok().and_then(|p| p.strip_prefix(&root).ok().map(Path::to_path_buf)).unwrap_or_default();
        selection.paths.insert(relative);
    }
    let (_, shown) = data.expect("at least one path");
    // A data directory named among files selects all of it.
    if selection.paths.contains(Path::new("")) {
        return Ok((shown, None));
    }
    Ok((shown, Some(selection)))
}

fn same(a: &Path, b: &Path) -> bool {
    std::path::absolute(b).is_ok_and(|b| b == a)
}

/// The data directory as the user's path names it: `data/positions/cn/x.yaml` → `data`.
fn shown_root(path: &Path, root: &Path) -> PathBuf {
    let depth = std::path::absolute(path).ok().and_then(|p| p.strip_prefix(root).ok().map(|r| r.components().count())).unwrap_or(0);
    let mut shown = path.to_path_buf();
    for _ in 0..depth {
        shown.pop();
    }
    if shown.as_os_str().is_empty() { PathBuf::from(".") } else { shown }
}

/// The record files of `data` changed since git revision `rev` (committed or not, and new
/// files git does not ignore); deleted files are left out, since nothing can be reported on them.
pub fn changed_since(data: &Path, rev: &str) -> Result<Selection, Error> {
    if rev.starts_with('-') {
        return Err(Error::Git(format!("`{rev}` is not a revision")));
    }
    let listed = |args: &[&str], what: &str| -> Result<Vec<PathBuf>, Error> {
        let output = run(git(data, args), what)?;
        Ok(String::from_utf8_lossy(&output).lines().filter(|l| !l.is_empty()).map(PathBuf::from).collect())
    };
    let changed =
        listed(&["diff", "--name-only", "--relative", "--no-renames", rev, "--", "."], &format!("list the files changed since `{rev}`"))?;
    let untracked = listed(&["ls-files", "--others", "--exclude-standard", "--", "."], "list the new files")?;
    let paths = changed.into_iter().chain(untracked).filter(|p| data.join(p).exists()).collect();
    Ok(Selection { paths })
}

impl Selection {
    /// Whether a file (relative to the data directory) is selected, itself or by a folder.
    fn contains(&self, relative: &Path) -> bool {
        self.paths.iter().any(|selected| relative.starts_with(selected))
    }

    /// How many of the dataset's record files the selection names.
    pub fn count_files<'a>(&self, files: impl Iterator<Item = &'a Path>, root: &Path) -> usize {
        files.filter(|file| file.strip_prefix(root).is_ok_and(|relative| self.contains(relative))).count()
    }

    /// Keeps the findings located in selected files, those whose related places are in them
    /// (the other side of a contradiction or a duplicate), and those about the whole dataset.
    /// Returns how many were left out.
    pub fn keep(&self, diagnostics: &mut Vec<Diagnostic>, root: &Path) -> usize {
        let selected = |file: &Path| match file.strip_prefix(root) {
            Ok(relative) => relative.as_os_str().is_empty() || self.contains(relative),
            Err(_) => false,
        };
        let before = diagnostics.len();
        diagnostics.retain(|d| selected(&d.file) || d.related.iter().any(|r| selected(&r.file)));
        before - diagnostics.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }
}
