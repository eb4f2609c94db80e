//! Writing files so that a failed run never leaves a half-written one behind.

use crate::error::Error;
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a temporary file beside `path`, then renames it into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let fail = |source: std::io::Error| Error::Write { path: path.to_path_buf(), source };
    let mut file = staged_beside(path)?;
    file.write_all(bytes).map_err(fail)?;
    file.as_file().sync_all().map_err(fail)?;
    file.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// An empty temporary file in `path`'s folder, to be written and then persisted to `path`:
/// a rename within one folder replaces the old file at once, never leaving a half-written one.
pub fn staged_beside(path: &Path) -> Result<tempfile::NamedTempFile, Error> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    // Readable like any file the user writes (the umask still applies), not owner-only.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    builder.tempfile_in(dir).map_err(|source| {
        // The temporary file's name means nothing to the user: say what is wrong with the folder.
        let reason = match source.kind() {
            std::io::ErrorKind::NotFound => format!("the folder `{}` does not exist", dir.display()),
            kind => format!("cannot create a file in `{}`: {kind}", dir.display()),
        };
        Error::Write { path: path.to_path_buf(), source: std::io::Error::new(source.kind(), reason) }
    })
}
