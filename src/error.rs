//! Failures that stop polpos from running at all (exit code 2), as opposed to findings.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum Error {
    /// The data directory does not exist or is not a directory.
    DataDir { path: PathBuf, reason: String },
    /// The archive directory given with --archive cannot be used.
    ArchiveDir { path: PathBuf, reason: String },
    /// A command-line value is malformed.
    Argument(String),
    /// An output file could not be written.
    Write { path: PathBuf, source: std::io::Error },
    /// Git could not produce a revision of the data (polpos diff --git).
    Git(String),
    /// `polpos.toml` cannot be read or holds something polpos does not know.
    Config { path: PathBuf, line: Option<(usize, usize)>, message: String },
    /// The dataset has errors, so it cannot be exported or compared.
    InvalidDataset { errors: usize },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::DataDir { path, reason } => write!(f, "cannot read the data directory `{}`: {reason}", path.display()),
            Error::ArchiveDir { path, reason } => write!(f, "cannot use the archive directory `{}`: {reason}", path.display()),
            Error::Argument(message) => f.write_str(message),
            Error::Write { path, source } => write!(f, "cannot write `{}`: {source}", path.display()),
            Error::Git(message) => write!(f, "git: {message}"),
            Error::Config { path, line: Some((line, column)), message } => write!(f, "{}:{line}:{column}: {message}", path.display()),
            Error::Config { path, line: None, message } => write!(f, "{}: {message}", path.display()),
            Error::InvalidDataset { errors } => {
                write!(f, "the dataset has {errors} error{}; run `polpos validate` and fix them first", if *errors == 1 { "" } else { "s" })
            }
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// Standard output was closed by its reader (a pipe into `head`).
    pub fn is_closed_stdout(&self) -> bool {
        matches!(self, Error::Write { path, source } if path.as_os_str() == "<stdout>" && source.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// The exit code: 1 when the data is at fault, 2 when polpos could not run.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::InvalidDataset { .. } => 1,
            _ => 2,
        }
    }
}
