//! The sides of a diff: two directories, or revisions of one directory read out of git.

use crate::error::Error;
use crate::git::{git, run};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

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
    let commit = format!("{rev}^{{commit}}");
    if run(git(parent, &["rev-parse", "--verify", "--quiet", &commit]), "").is_err() {
        // A clone can lack the release tags that the docs compare against.
        let hint = if rev.starts_with('v') && rev[1..].starts_with(|c: char| c.is_ascii_digit()) {
            "; release tags come with `git fetch --tags`, and CHANGELOG.md names each release's commit"
        } else {
            ""
        };
        return Err(Error::Git(format!("`{rev}` is not a revision of this repository{hint}")));
    }
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
