//! The contributor's pull request as CI and pre-commit run it: validating named files or the
//! files changed since a revision, quiet output, GitHub annotations, and a reader that stops early.

mod common;

use assert_cmd::Command;
use std::path::Path;
use std::process::Stdio;

fn polpos() -> Command {
    let mut command = Command::cargo_bin("polpos").unwrap();
    command.arg("--isolated").env("POLPOS_TODAY", "2026-11-24").env_remove("NO_COLOR");
    command
}

fn run(command: &mut Command) -> (i32, String, String) {
    let output = command.output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

/// The base fixture with two broken positions, one per actor.
fn broken_dataset() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    common::copy_tree(Path::new("tests/fixtures/base/data"), &data);
    for (file, from, to) in [
        ("positions/aa/aa-open-governance-1.yaml", "stated_on: \"2019\"", "stated_on: \"2099\""),
        ("positions/bb/bb-open-governance-1.yaml", "coder: fixture", "coder: fixture\ntags: [x]"),
    ] {
        let path = data.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    dir
}

#[test]
fn naming_files_reports_only_their_findings_and_says_what_was_left_out() {
    let dir = broken_dataset();
    let (code, out, err) = run(polpos().current_dir(dir.path()).args(["validate", "data/positions/aa/aa-open-governance-1.yaml"]));
    assert_eq!((code, err.as_str()), (1, ""));
    assert!(out.contains("P050") && !out.contains("P010"), "{out}");
    assert!(out.ends_with("polpos: 2 errors, 0 warnings, 1 note in 1 of 11 files checked; 1 finding in other files left out\n"), "{out}");
    // A folder selects every file in it; the data directory itself selects everything.
    let (_, out, _) = run(polpos().current_dir(dir.path()).args(["validate", "data/positions"]));
    assert!(out.contains("P050") && out.contains("P010"), "{out}");
    let (_, out, _) = run(polpos().current_dir(dir.path()).args(["validate", "data"]));
    assert!(out.ends_with("polpos: 3 errors, 0 warnings, 1 note in 11 files\n"), "{out}");
}

#[test]
fn paths_outside_a_dataset_or_missing_are_refused() {
    let dir = broken_dataset();
    std::fs::write(dir.path().join("notes.yaml"), "a: 1\n").unwrap();
    let (code, _, err) = run(polpos().current_dir(dir.path()).args(["validate", "notes.yaml"]));
    assert_eq!((code, err.as_str()), (2, "error: `notes.yaml` is not inside a dataset (no dataset.yaml in it or in a folder above it)\n"));
    let (code, _, err) = run(polpos().current_dir(dir.path()).args(["validate", "data/positions/aa/missing.yaml"]));
    assert_eq!((code, err.as_str()), (2, "error: `data/positions/aa/missing.yaml` does not exist\n"));
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn changed_since_reports_on_the_files_changed_since_a_revision() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(Path::new("tests/fixtures/base/data"), &dir.path().join("data"));
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "base"]);
    let (code, out, _) = run(polpos().current_dir(dir.path()).args(["validate", "--changed-since", "HEAD"]));
    assert_eq!(code, 0);
    assert!(out.ends_with("in 0 of 11 files checked; 0 findings in other files left out\n"), "{out}");
    let broken = broken_dataset();
    for file in ["positions/aa/aa-open-governance-1.yaml", "positions/bb/bb-open-governance-1.yaml"] {
        std::fs::copy(broken.path().join("data").join(file), dir.path().join("data").join(file)).unwrap();
    }
    git(dir.path(), &["commit", "-qam", "one broken file committed, one not"]);
    let source = dir.path().join("data/positions/bb/bb-open-governance-1.yaml");
    std::fs::write(&source, std::fs::read_to_string(&source).unwrap() + "extra: 1\n").unwrap();
    let (code, out, _) = run(polpos().current_dir(dir.path()).args(["validate", "--changed-since", "HEAD"]));
    assert_eq!(code, 1);
    assert!(out.contains("`extra`") && !out.contains("P050"), "{out}");
    let (_, out, _) = run(polpos().current_dir(dir.path()).args(["validate", "--changed-since", "HEAD~1"]));
    assert!(out.contains("`extra`") && out.contains("P050"), "{out}");
    let (code, _, err) = run(polpos().current_dir(dir.path()).args(["validate", "--changed-since", "no-such-rev"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn quiet_output_holds_only_the_findings_and_github_output_only_workflow_commands() {
    let dir = broken_dataset();
    let data = dir.path().join("data");
    let (_, out, _) = run(polpos().arg("validate").arg(&data).arg("-q"));
    assert!(!out.contains("polpos:") && out.contains("P050"), "{out}");
    let (_, out, _) = run(polpos().arg("validate").arg(&data).args(["--format", "github"]));
    assert!(out.lines().all(|line| line.starts_with("::")), "{out}");
    assert!(out.ends_with("::notice title=polpos::polpos: 3 errors, 0 warnings, 1 note in 11 files\n"), "{out}");
}

/// Every command that writes to standard output ends quietly when its reader stops early.
#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let binary = assert_cmd::cargo::cargo_bin("polpos");
    for args in [
        vec!["export", "json"],
        vec!["export", "csv", "--table", "citations"],
        vec!["validate", "--format", "json"],
        vec!["report"],
        vec!["checks", "--format", "json"],
        vec!["man"],
    ] {
        let mut child = std::process::Command::new(&binary)
            .arg("--isolated")
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the pipe before polpos writes: every write then fails as it would under `head`.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn completions_and_the_manual_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, _) = run(polpos().args(["completions", shell]));
        assert_eq!(code, 0);
        assert!(out.contains("validate") && out.contains("changed-since"), "{shell}");
    }
    let (code, out, _) = run(polpos().arg("man"));
    assert_eq!(code, 0);
    assert!(out.starts_with(".ie") || out.contains(".TH polpos"), "{}", &out[..200.min(out.len())]);
}

#[test]
fn diff_exit_code_tells_whether_anything_changed() {
    let (code, _, _) = run(polpos().args(["diff", "--exit-code", "tests/fixtures/base/data", "tests/fixtures/base/data"]));
    assert_eq!(code, 0);
    let changed = tempfile::tempdir().unwrap();
    common::copy_tree(Path::new("tests/fixtures/base/data"), &changed.path().join("data"));
    let position = changed.path().join("data/positions/aa/aa-open-governance-1.yaml");
    std::fs::write(&position, std::fs::read_to_string(&position).unwrap().replace("stance: opposes", "stance: mixed")).unwrap();
    let (code, out, _) = run(polpos().arg("diff").arg("--exit-code").arg("tests/fixtures/base/data").arg(changed.path().join("data")));
    assert_eq!(code, 1, "{out}");
    let (code, _, _) = run(polpos().arg("diff").arg("tests/fixtures/base/data").arg(changed.path().join("data")));
    assert_eq!(code, 0);
}
