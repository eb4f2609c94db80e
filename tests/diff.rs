//! `polpos diff` on a fixture pair (v1 → v2 changes every kind of thing it reports), between
//! directories and between git revisions; and the release files that record the changes.

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

const V1: &str = "tests/fixtures/diff/v1/data";
const V2: &str = "tests/fixtures/diff/v2/data";

/// Runs `polpos ARGS` in `dir`: exit code, standard output, standard error.
fn polpos_in<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S]) -> (i32, String, String) {
    let output = Command::cargo_bin("polpos")
        .unwrap()
        .current_dir(dir)
        .arg("--isolated")
        .env("POLPOS_TODAY", "2099-12-31")
        .args(args)
        .output()
        .unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

fn polpos<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (i32, String, String) {
    polpos_in(Path::new("."), args)
}

#[test]
fn diff_reports_every_change_between_two_directories() {
    let (code, text, err) = polpos(&["diff", V1, V2]);
    assert_eq!(code, 0, "{err}");
    assert!(text.contains("\naa × open-governance: opposes → mixed\n"), "{text}");
    insta::assert_snapshot!("v1_to_v2_text", text);
    let (code, json, err) = polpos(&["diff", V1, V2, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("v1_to_v2_json", json);
    let (_, again, _) = polpos(&["diff", V1, V2, "--format", "json"]);
    assert_eq!(json, again, "two runs differ");
}

#[test]
fn diff_the_other_way_round_swaps_every_change() {
    let (code, text, err) = polpos(&["diff", V2, V1]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("v2_to_v1_text", text);
}

#[test]
fn a_dataset_has_no_changes_against_itself() {
    let (code, text, _) = polpos(&["diff", V1, V1]);
    assert_eq!(code, 0);
    assert_eq!(text, format!("polpos diff: {V1} (version 1.0.0) → {V1} (version 1.0.0)\n\nno changes\n"));
}

fn git(repo: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(repo)
        .args(["-c", "user.name=polpos tests", "-c", "user.email=tests@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// A JSON diff without the labels, which name where each side came from.
fn changes(json: &str) -> Value {
    let mut value: Value = serde_json::from_str(json).unwrap();
    value["old"]["label"] = Value::Null;
    value["new"]["label"] = Value::Null;
    value
}

#[test]
fn diff_compares_git_revisions_and_the_working_tree() {
    let repo = tempfile::tempdir().unwrap();
    let repo = repo.path();
    git(repo, &["init", "-q"]);
    replace_tree(Path::new(V1), &repo.join("data"));
    git(repo, &["add", "data"]);
    git(repo, &["commit", "-q", "-m", "v1"]);
    git(repo, &["tag", "v1"]);
    replace_tree(Path::new(V2), &repo.join("data"));
    git(repo, &["add", "-A", "data"]);
    git(repo, &["commit", "-q", "-m", "v2"]);

    let (_, expected, _) = polpos(&["diff", V1, V2, "--format", "json"]);
    let (code, between, err) = polpos_in(repo, &["diff", "--git", "v1..HEAD", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(changes(&between), changes(&expected));
    let (code, text, _) = polpos_in(repo, &["diff", "--git", "v1..HEAD"]);
    assert_eq!(code, 0);
    assert!(text.starts_with("polpos diff: data@v1 (version 1.0.0) → data@HEAD (version 1.1.0)\n"), "{text}");

    // REV alone: that revision against the working tree, uncommitted edits included.
    replace_tree(Path::new(V1), &repo.join("data"));
    let (code, back, err) = polpos_in(repo, &["diff", "--git", "HEAD", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let (_, reverse, _) = polpos(&["diff", V2, V1, "--format", "json"]);
    assert_eq!(changes(&back), changes(&reverse));
    let (code, text, _) = polpos_in(repo, &["diff", "--git", "v1"]);
    assert_eq!((code, text.ends_with("no changes\n")), (0, true), "{text}");

    let (code, _, err) = polpos_in(repo, &["diff", "--git", "no-such-rev"]);
    assert_eq!(code, 2);
    assert_eq!(err, "error: git: `no-such-rev` is not a revision of this repository\n");
}

#[test]
fn diff_refuses_a_side_with_errors_and_bad_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("data");
    replace_tree(Path::new(V2), &broken);
    std::fs::write(broken.join("actors/cc.yaml"), "id: cc\nname: Caldera\n").unwrap();
    let (code, out, err) = polpos(&["diff", V1, broken.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains(&format!("polpos diff: `{}` cannot be compared\n", broken.display())), "{err}");
    assert!(err.contains("error: the dataset has"), "{err}");
    for args in [vec!["diff", V1], vec!["diff", "--git", "HEAD", V1, V2], vec!["diff", "--git", "a...b"]] {
        let (code, _, err) = polpos(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
    }
    // A release tag the clone lacks: say where releases come from.
    let (code, _, err) = polpos(&["diff", "--git", "v0.0.0-missing"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: git: `v0.0.0-missing` is not a revision of this repository; release tags come with `git fetch --tags`, and CHANGELOG.md names each release's commit\n"
    );
    let (code, _, err) = polpos(&["diff", "--git", "no-such-branch"]);
    assert_eq!((code, err.as_str()), (2, "error: git: `no-such-branch` is not a revision of this repository\n"));
}

#[test]
fn cargo_toml_citation_cff_and_changelog_carry_the_datasets_version() {
    let manifest = std::fs::read_to_string("data/dataset.yaml").unwrap();
    let version = manifest.lines().find_map(|l| l.strip_prefix("version: ")).unwrap().trim();
    // The tool and the dataset are released together, under one version and one tag.
    assert_eq!(env!("CARGO_PKG_VERSION"), version, "Cargo.toml and data/dataset.yaml carry different versions");
    let citation = std::fs::read_to_string("CITATION.cff").unwrap();
    assert!(citation.starts_with("cff-version: 1.2.0\n"), "{citation}");
    assert!(
        citation.lines().any(|l| l == format!("version: {version}") || l == format!("version: \"{version}\"")),
        "CITATION.cff lacks version {version}"
    );
    let changelog = std::fs::read_to_string("CHANGELOG.md").unwrap();
    assert!(changelog.contains(&format!("## [{version}]")), "CHANGELOG.md has no entry for {version}");
}

/// Replaces the directory `to` with a copy of `from`.
fn replace_tree(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    common::copy_tree(from, to);
}
