//! The command line as a user runs it: exit codes and whole outputs.

mod common;

use assert_cmd::Command;
use std::path::Path;

fn polpos() -> Command {
    let mut command = Command::cargo_bin("polpos").unwrap();
    command.arg("--isolated").env("POLPOS_TODAY", "2026-11-24").env_remove("NO_COLOR");
    command
}

fn stdout_of(command: &mut Command) -> (i32, String, String) {
    let output = command.output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

#[test]
fn help_teaches_the_commands_and_exit_codes() {
    let (code, out, _) = stdout_of(polpos().arg("--help"));
    assert_eq!(code, 0);
    insta::assert_snapshot!("help", out);
    let (code, out, _) = stdout_of(polpos().args(["validate", "--help"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("validate_help", out);
}

#[test]
fn colour_only_when_asked_for_outside_a_terminal_even_with_no_color() {
    let case = "tests/cases/P060-contradiction-fail/data";
    let (_, plain, _) = stdout_of(polpos().args(["validate", case]));
    assert!(!plain.contains('\x1b'), "{plain}");
    let (_, coloured, _) = stdout_of(polpos().args(["validate", case, "--color", "always"]).env("NO_COLOR", "1"));
    assert!(coloured.contains("\x1b["), "{coloured}");
}

#[test]
fn a_clean_dataset_exits_0() {
    let (code, out, err) = stdout_of(polpos().args(["validate", "tests/fixtures/base/data", "--archive", "tests/fixtures/archive"]));
    assert_eq!((code, out.as_str(), err.as_str()), (0, "polpos: 0 errors, 0 warnings in 11 files\n", ""));
}

#[test]
fn a_dataset_with_errors_exits_1_in_every_format() {
    for format in ["human", "json", "github", "sarif"] {
        let (code, out, _) = stdout_of(polpos().args(["validate", "tests/cases/P044-quote-not-found-fail/data", "--format", format]));
        assert_eq!(code, 1, "{format}: {out}");
        assert!(out.contains("P011") || out.contains("P008"), "{format}: {out}");
    }
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(Path::new("tests/fixtures/base/data"), &dir.path().join("data"));
    std::fs::write(dir.path().join("data/sources/gamma.yaml"), "id: gamma\ntitle: Gamma\nkind: news\n").unwrap();
    let data = dir.path().join("data");
    let (code, _, _) = stdout_of(polpos().arg("validate").arg(&data));
    assert_eq!(code, 0);
    let (code, out, _) = stdout_of(polpos().arg("validate").arg(&data).arg("--deny-warnings"));
    assert_eq!(code, 1, "{out}");
}

#[test]
fn polpos_exits_2_when_it_cannot_run() {
    let (code, out, err) = stdout_of(polpos().args(["validate", "no/such/dir"]));
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(err, "error: cannot read the data directory `no/such/dir`: No such file or directory (os error 2)\n");
    let (code, _, err) = stdout_of(polpos().args(["validate", "tests/fixtures/base/data", "--archive", "no/such/archive"]));
    assert_eq!(code, 2);
    assert!(err.starts_with("error: cannot use the archive directory `no/such/archive`"), "{err}");
    let (code, _, err) = stdout_of(polpos().args(["validate", "--format", "xml"]));
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'xml'"), "{err}");
    let (code, _, err) = stdout_of(polpos().args(["explain", "P999"]));
    assert_eq!((code, err.as_str()), (2, "error: unknown check code `P999`; run `polpos checks` for the list\n"));
    let (code, _, err) = stdout_of(polpos().args(["validate", "tests/fixtures/base/data", "--today", "2026-02-30"]));
    assert_eq!((code, err.as_str()), (2, "error: --today `2026-02-30` is not a full date (YYYY-MM-DD)\n"));
}

#[test]
fn explain_and_checks_describe_every_code() {
    let (code, out, _) = stdout_of(polpos().args(["explain", "quote-not-found"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("explain_p044", out);
    for code in polpos::diagnostics::Code::ALL {
        let cli = <polpos::cli::Cli as clap::Parser>::try_parse_from(["polpos", "explain", code.as_str()]).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(polpos::app::run(cli, false, &mut out, &mut err), 0, "explain {code}");
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with(&format!("{code} {} (", code.name())) && out.contains(code.explanation()), "explain {code}: {out}");
    }
    for removed in polpos::diagnostics::RemovedCode::ALL {
        let (code, out, _) = stdout_of(polpos().args(["explain", removed.id]));
        assert_eq!(code, 0);
        assert!(
            out.starts_with(&format!("{} {} (removed in {}", removed.id, removed.name, removed.removed_in)),
            "explain {}: {out}",
            removed.id
        );
    }
    let (code, out, _) = stdout_of(polpos().args(["checks"]));
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), polpos::diagnostics::Code::ALL.len() + polpos::diagnostics::RemovedCode::ALL.len());
}

#[test]
fn docs_checks_md_is_in_step_with_the_code() {
    let generated = polpos::docs::checks::listing(polpos::docs::checks::ChecksFormat::Markdown);
    let committed = std::fs::read_to_string("docs/checks.md").unwrap();
    assert!(generated == committed, "docs/checks.md is out of date: run `cargo run -- checks --format markdown > docs/checks.md`");
}

#[test]
fn new_position_writes_a_numbered_skeleton_that_fails_until_filled() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    common::copy_tree(Path::new("tests/fixtures/base/data"), &data);
    let (code, _, err) = stdout_of(polpos().args(["new", "position", "--actor", "aa", "--theme", "open-governance"]).arg(&data));
    assert_eq!(code, 0, "{err}");
    let written = data.join("positions/aa/aa-open-governance-2.yaml");
    assert!(written.is_file());
    assert_eq!(err, format!("wrote {}; fill it in, then run `polpos validate --archive DIR`\n", written.display()));
    let (code, out, _) = stdout_of(polpos().arg("validate").arg(&data).args(["--format", "json"]));
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    // The unfilled skeleton also contradicts the existing position until it supersedes it.
    assert_eq!(codes, vec!["P060", "P032", "P041"]);
    let (code, _, err) = stdout_of(polpos().args(["new", "position", "--actor", "zz", "--theme", "open-governance"]).arg(&data));
    assert_eq!(code, 2);
    assert!(err.contains("no actor `zz`"), "{err}");
}

#[test]
fn validation_never_writes_to_the_data() {
    let before = listing(Path::new("tests/cases/P060-contradiction-fail"));
    stdout_of(polpos().args(["validate", "tests/cases/P060-contradiction-fail/data"]));
    assert_eq!(before, listing(Path::new("tests/cases/P060-contradiction-fail")));
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().display().to_string(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn json_output_matches_its_documented_schema() {
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string("docs/diagnostics.schema.json").unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for case in ["tests/cases/P002-duplicate-key-fail/data", "tests/cases/P007-stray-file-fail/data", "tests/fixtures/base/data"] {
        let (_, out, _) = stdout_of(polpos().args(["validate", case, "--format", "json"]));
        let report: serde_json::Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<String> = validator.iter_errors(&report).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{case}: {errors:?}");
    }
}

#[test]
fn sarif_output_matches_the_sarif_2_1_0_schema() {
    // The OASIS SARIF 2.1.0 schema, as shipped in Microsoft's @microsoft/jest-sarif (MIT).
    // Its `run.language` pattern is not a valid regex (a stray `]`); mend it so the schema compiles.
    let text = std::fs::read_to_string("tests/fixtures/sarif/sarif-2.1.0-rtm.5.json")
        .unwrap()
        .replace("{2}]?$", "{2})?$")
        .replace("^[a-zA-Z]{2}|^[a-zA-Z]{2}-", "^[a-zA-Z]{2}(-");
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for case in ["tests/cases/P002-duplicate-key-fail/data", "tests/cases/P064-orphan-actor-pass/data", "tests/fixtures/base/data"] {
        let (_, out, _) = stdout_of(polpos().args(["validate", case, "--format", "sarif"]));
        let log: serde_json::Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{case}: {errors:?}");
        assert_eq!(log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().len(), polpos::diagnostics::Code::ALL.len());
    }
    let broken = serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"level": "fatal", "message": {"text": "x"}}]}]});
    assert!(!validator.is_valid(&broken), "the schema must reject an unknown level");
}
