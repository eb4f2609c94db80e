//! Running git, for the commands that read revisions (`diff --git`, `validate --changed-since`).

use crate::error::Error;
use std::process::{Command, Stdio};

/// A git command run in `dir`, with its output captured.
pub fn git(dir: &std::path::Path, args: &[&str]) -> Command {
    let mut command = Command::new("git");
    command.current_dir(dir).args(args).stdin(Stdio::null()).stderr(Stdio::piped()).stdout(Stdio::piped());
    command
}

/// Runs a git command; `what` says what it was for, in the error.
pub fn run(mut command: Command, what: &str) -> Result<Vec<u8>, Error> {
    let output = command.output().map_err(|e| Error::Git(format!("cannot run git to {what}: {e}")))?;
    if !output.status.success() {
        return Err(Error::Git(format!("cannot {what}: {}", String::from_utf8_lossy(&output.stderr).trim())));
    }
    Ok(output.stdout)
}
