//! `polpos.toml`: the settings the command line, the pre-commit hook, the GitHub Action and the
//! language server share, so that they agree. A flag on the command line overrides the file.
//!
//! The file is found by walking up from a starting folder (the current directory, or the
//! language server's workspace); paths in it are relative to the folder that holds it.

use crate::error::Error;
use crate::limits::Limits;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The name the file is found by.
pub const FILE_NAME: &str = "polpos.toml";

/// The settings in force: the file's, over the built-in defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The file read, if any.
    pub file: Option<PathBuf>,
    /// The data directory (default `data`).
    pub data: PathBuf,
    /// The archive of source texts, when the file names one.
    pub archive: Option<PathBuf>,
    pub deny_warnings: bool,
    pub limits: Limits,
}

impl Default for Config {
    fn default() -> Config {
        Config { file: None, data: PathBuf::from("data"), archive: None, deny_warnings: false, limits: Limits::default() }
    }
}

/// The file as written: every key optional, none other allowed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Written {
    data: Option<PathBuf>,
    archive: Option<PathBuf>,
    deny_warnings: Option<bool>,
    #[serde(default)]
    limits: WrittenLimits,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct WrittenLimits {
    max_file_size: Option<u64>,
    max_total_size: Option<u64>,
    max_files: Option<usize>,
    max_depth: Option<usize>,
    max_quote_length: Option<usize>,
    max_archive_size: Option<u64>,
}

impl Config {
    /// The settings for a run started in `start`: those of the nearest `polpos.toml` at or above
    /// it, or the defaults when there is none. Paths stay relative when `start` is, so that
    /// findings name files as the user sees them.
    pub fn discover(start: &Path) -> Result<Config, Error> {
        let absolute = std::path::absolute(start).map_err(|e| Error::Argument(format!("cannot read the current directory: {e}")))?;
        for (depth, dir) in absolute.ancestors().enumerate() {
            if dir.join(FILE_NAME).is_file() {
                let mut base = if start == Path::new(".") { PathBuf::new() } else { start.to_path_buf() };
                base.extend(std::iter::repeat_n("..", depth));
                return Config::read(&base.join(FILE_NAME));
            }
        }
        Ok(Config::default())
    }

    /// Reads the file at `path`. Unknown keys and bad values are errors naming line and column.
    pub fn read(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            line: None,
            message: format!("cannot read: {e}"),
        })?;
        let written: Written = toml::from_str(&text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            line: e.span().map(|span| line_and_column(&text, span.start)),
            message: e.message().trim_end().replace("unknown field", "unknown key"),
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        let defaults = Limits::default();
        let limits = &written.limits;
        Ok(Config {
            file: Some(path.to_path_buf()),
            data: written.data.map_or_else(|| base.join("data"), |data| base.join(data)),
            archive: written.archive.map(|archive| base.join(archive)),
            deny_warnings: written.deny_warnings.unwrap_or(false),
            limits: Limits {
                max_file_size: limits.max_file_size.unwrap_or(defaults.max_file_size),
                max_total_size: limits.max_total_size.unwrap_or(defaults.max_total_size),
                max_files: limits.max_files.unwrap_or(defaults.max_files),
                max_depth: limits.max_depth.unwrap_or(defaults.max_depth),
                max_quote_length: limits.max_quote_length.unwrap_or(defaults.max_quote_length),
                max_archive_size: limits.max_archive_size.unwrap_or(defaults.max_archive_size),
            },
        })
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_and_column(text: &str, byte: usize) -> (usize, usize) {
    let before = text.get(..byte).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> Result<Config, String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, text).unwrap();
        Config::read(&path).map_err(|e| e.to_string().replace(&dir.path().display().to_string(), "[DIR]"))
    }

    #[test]
    fn paths_are_relative_to_the_file_and_limits_fall_back_to_the_defaults() {
        let config =
            written("data = \"records\"\narchive = \"../sources\"\ndeny-warnings = true\n[limits]\nmax-quote-length = 500\n").unwrap();
        let base = config.file.as_ref().unwrap().parent().unwrap();
        assert_eq!(config.data, base.join("records"));
        assert_eq!(config.archive, Some(base.join("../sources")));
        assert!(config.deny_warnings);
        assert_eq!(config.limits, Limits { max_quote_length: 500, ..Limits::default() });
        let empty = written("").unwrap();
        assert_eq!(empty.data, empty.file.unwrap().parent().unwrap().join("data"));
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_line_and_column() {
        assert_eq!(
            written("data = \"data\"\n\n  archiv = \"x\"\n").unwrap_err(),
            "[DIR]/polpos.toml:3:3: unknown key `archiv`, expected one of `data`, `archive`, `deny-warnings`, `limits`"
        );
        assert!(written("[limits]\nmax-depht = 3\n").unwrap_err().starts_with("[DIR]/polpos.toml:2:1: unknown key `max-depht`"));
        assert!(written("deny-warnings = \"yes\"\n").unwrap_err().starts_with("[DIR]/polpos.toml:1:17: invalid type"));
        assert_eq!(written("data = [\n").unwrap_err(), "[DIR]/polpos.toml:1:9: unclosed array, expected `]`");
    }

    #[test]
    fn the_nearest_file_above_the_start_is_found_and_its_paths_stay_relative() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "archive = \"sources\"\n").unwrap();
        let nested = dir.path().join("data/positions");
        std::fs::create_dir_all(&nested).unwrap();
        let config = Config::discover(&nested).unwrap();
        assert_eq!(config.data, nested.join("../../data"));
        assert_eq!(config.archive, Some(nested.join("../../sources")));
        assert_eq!(Config::discover(Path::new("/")).unwrap(), Config::default());
    }
}
