//! `polpos fix`: safe fixes by default, unsafe ones on request, `--diff` writes nothing, a second
//! run changes nothing, and files that do not parse are never touched.

mod common;

use assert_cmd::Command;
use std::path::Path;

const POSITION: &str = "data/positions/aa/aa-open-governance-1.yaml";

/// A copy of the base dataset and its archive, with `schema/` beside them when asked.
fn workspace(with_schema: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(Path::new("tests/fixtures/base"), dir.path());
    common::copy_tree(Path::new("tests/fixtures/archive"), &dir.path().join("archive"));
    if with_schema {
        common::copy_tree(Path::new("schema"), &dir.path().join("schema"));
    }
    dir
}

fn edit(dir: &Path, relative: &str, from: &str, to: &str) {
    let path = dir.join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn polpos(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("polpos")
        .unwrap()
        .current_dir(dir)
        .arg("--isolated")
        .args(args)
        .env("POLPOS_TODAY", "2026-01-01")
        .output()
        .unwrap();
    (output.status.code().unwrap(), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

/// The position broken in every way a fix knows: its id's case and spacing, a date's form, a
/// misspelt key and a quote one word away from its source.
fn break_position(dir: &Path) {
    edit(dir, POSITION, "id: aa-open-governance-1", "id: AA_Open-Governance-1");
    edit(dir, POSITION, "stated_on: \"2019\"", "stated_on: 2019");
    edit(dir, POSITION, "confidence: medium", "confidance: medium");
    edit(dir, POSITION, "accept a single global authority", "accept a single global authorities");
}

#[test]
fn safe_fixes_apply_by_default_and_unsafe_ones_on_request() {
    let dir = workspace(false);
    let root = dir.path();
    break_position(root);
    let broken = std::fs::read_to_string(root.join(POSITION)).unwrap();

    let (code, diff, err) = polpos(root, &["fix", "--diff", "--archive", "archive"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("safe_fixes_diff", diff);
    insta::assert_snapshot!("safe_fixes_diff_err", err);
    assert_eq!(std::fs::read_to_string(root.join(POSITION)).unwrap(), broken, "--diff wrote");

    let (code, out, err) = polpos(root, &["fix", "--archive", "archive"]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(
        err.ends_with("2 fixes applied in 1 file; 3 errors and 0 warnings left; 2 unsafe fixes not applied (--unsafe-fixes)\n"),
        "{err}"
    );
    let (code, _, err) = polpos(root, &["fix", "--archive", "archive"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("0 fixes applied in 0 files;"), "a second run changed something: {err}");

    let (code, diff, err) = polpos(root, &["fix", "--unsafe-fixes", "--diff", "--archive", "archive"]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!("unsafe_fixes_diff", diff);
    let (code, _, err) = polpos(root, &["fix", "--unsafe-fixes", "--archive", "archive"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(polpos(root, &["validate", "data", "--archive", "archive"]).0, 0);
    let (code, diff, _) = polpos(root, &["fix", "--unsafe-fixes", "--diff", "--archive", "archive"]);
    assert_eq!((code, diff.as_str()), (0, ""));
}

/// The `$schema` line is written where it is missing or wrong, pointing at `schema/` beside the
/// data directory; a file that does not parse is left alone.
#[test]
fn the_schema_line_is_fixed_and_unparsable_files_are_never_touched() {
    let dir = workspace(true);
    let root = dir.path();
    edit(root, "data/dataset.yaml", "", "# yaml-language-server: $schema=../schema/actor.schema.json\n");
    let unparsable = "id: bb-open-governance-1\nsummary: \"never closed\n";
    std::fs::write(root.join("data/positions/bb/bb-open-governance-1.yaml"), unparsable).unwrap();
    let (code, _, err) = polpos(root, &["fix", "data"]);
    assert_eq!(code, 1);
    assert!(err.contains("data/dataset.yaml:1:1: fixed schema line (safe): start the file with `# yaml-language-server: $schema=../schema/dataset.schema.json`\n"), "{err}");
    assert!(
        err.contains(
            "fixed schema line (safe): start the file with `# yaml-language-server: $schema=../../../schema/position.schema.json`"
        ),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(root.join("data/positions/bb/bb-open-governance-1.yaml")).unwrap(), unparsable);
    let manifest = std::fs::read_to_string(root.join("data/dataset.yaml")).unwrap();
    assert!(manifest.starts_with("# yaml-language-server: $schema=../schema/dataset.schema.json\nname:"), "{manifest}");
    let position = std::fs::read_to_string(root.join(POSITION)).unwrap();
    assert!(position.starts_with("# yaml-language-server: $schema=../../../schema/position.schema.json\nid: aa-open-governance-1\n"));
}

#[test]
fn explain_says_which_fix_a_code_has() {
    let dir = tempfile::tempdir().unwrap();
    let explain = |code: &str| polpos(dir.path(), &["explain", code]).1;
    assert!(explain("P010").ends_with("\nFix (unsafe, applied by `polpos fix --unsafe-fixes`): the key is renamed to the one allowed key that is one edit away from it, if there is one.\n"));
    assert!(explain("P021").contains("\nFix (safe, applied by `polpos fix`): an id that differs"));
    assert!(explain("P060").ends_with("\nFix: none; `polpos fix` leaves this finding to you.\n"));
}
