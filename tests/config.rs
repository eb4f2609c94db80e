//! `polpos.toml` as a user meets it: found from the current directory, overridden by flags,
//! refused with file, line and column when it holds an unknown key.

mod common;

use assert_cmd::Command;
use std::path::Path;

fn polpos(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("polpos").unwrap();
    command.current_dir(dir).env("POLPOS_TODAY", "2026-11-24").env_remove("NO_COLOR");
    command
}

fn run(command: &mut Command) -> (i32, String, String) {
    let output = command.output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

/// A dataset under `records/` with its archive, an unused source (a warning) and a config.
fn workspace(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(Path::new("tests/fixtures/base/data"), &dir.path().join("records"));
    common::copy_tree(Path::new("tests/fixtures/archive"), &dir.path().join("archive"));
    std::fs::write(dir.path().join("records/sources/gamma.yaml"), "id: gamma\ntitle: Gamma\nkind: news\n").unwrap();
    std::fs::write(dir.path().join("polpos.toml"), config).unwrap();
    dir
}

#[test]
fn the_nearest_config_sets_the_data_the_archive_and_deny_warnings() {
    let dir = workspace("data = \"records\"\narchive = \"archive\"\ndeny-warnings = true\n");
    let nested = dir.path().join("records/positions");
    let (code, out, err) = run(polpos(&nested).args(["validate", "-q"]));
    assert_eq!((code, err.as_str()), (1, ""), "{out}");
    // Paths are shown relative to where polpos runs; quotes were verified (no P048 note).
    assert!(out.contains("../../records/sources/gamma.yaml"), "{out}");
    assert!(!out.contains("P048"), "{out}");
    let (code, _, _) = run(polpos(&nested).args(["validate", "--no-deny-warnings"]));
    assert_eq!(code, 0);
    let (code, out, _) = run(polpos(dir.path()).args(["--isolated", "validate", "records"]));
    assert_eq!(code, 0);
    assert!(out.contains("P048"), "{out}");
}

#[test]
fn flags_override_the_config() {
    let dir = workspace("data = \"records\"\narchive = \"archive\"\n[limits]\nmax-quote-length = 5\n");
    let (code, out, _) = run(polpos(dir.path()).args(["validate", "-q"]));
    assert_eq!(code, 1);
    assert!(out.contains("P042"), "{out}");
    let (code, out, _) = run(polpos(dir.path()).args(["validate", "-q", "--max-quote-length", "400"]));
    assert_eq!(code, 0, "{out}");
    let (code, _, err) = run(polpos(dir.path()).args(["validate", "--archive", "elsewhere"]));
    assert_eq!(code, 2);
    assert!(err.starts_with("error: cannot use the archive directory `elsewhere`"), "{err}");
}

#[test]
fn an_unknown_key_is_an_error_with_file_line_and_column() {
    let dir = workspace("data = \"records\"\n[limits]\nmax-quote-lenght = 5\n");
    let (code, out, err) = run(polpos(dir.path()).arg("validate"));
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: polpos.toml:3:1: unknown key `max-quote-lenght`, expected one of `max-file-size`, `max-total-size`, \
         `max-files`, `max-depth`, `max-quote-length`, `max-archive-size`\n"
    );
    // --config names another file; its paths are relative to it.
    std::fs::create_dir(dir.path().join("ci")).unwrap();
    std::fs::write(dir.path().join("ci/polpos.toml"), "data = \"../records\"\n").unwrap();
    let (code, _, err) = run(polpos(dir.path()).args(["--config", "ci/polpos.toml", "validate"]));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_missing_archive_in_the_config_leaves_quotes_unverified_and_says_so() {
    let dir = workspace("data = \"records\"\narchive = \"no-such-archive\"\n");
    let (code, out, err) = run(polpos(dir.path()).args(["validate", "-q"]));
    assert_eq!(code, 0);
    assert_eq!(err, "note: the archive `no-such-archive` named in polpos.toml is not there; quotes are not verified\n");
    assert!(out.contains("P048"), "{out}");
}

/// The repository's own polpos.toml: plain `polpos validate` verifies every quote against the
/// archive beside the repository (CI always has it).
#[test]
fn the_repository_config_verifies_quotes_without_a_flag() {
    if !Path::new("../shared/sources").is_dir() && std::env::var_os("CI").is_none() {
        return;
    }
    let (code, out, err) = run(polpos(Path::new(".")).args(["validate", "--format", "json"]));
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<&str> = report["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(!codes.contains(&"P048"), "quotes were not verified: {codes:?}");
}
