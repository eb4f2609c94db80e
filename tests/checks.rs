//! One passing and one failing fixture per check code, with snapshots of the diagnostics in
//! every output format.
//!
//! A case is `tests/cases/<CODE>-<name>-<pass|fail>/`: files under `data/` overlay the base
//! dataset (`tests/fixtures/base/data`), `remove` lists base files to delete, and `options` sets
//! limits or special files (symlinks, FIFOs) that git cannot hold.
//!
//! Each case also holds every layer to its own codes: the loader reports only syntax findings,
//! the schemas only schema findings, and each check family only codes of its family.
//!
//! Each case is its own test named after its folder (`cargo test --test checks -- P044` runs the
//! P044 cases), so a new folder needs no code change.

mod common;
mod tools;

use libtest_mimic::{Arguments, Trial};
use polpos::checks::citations::{self, Quotes};
use polpos::checks::{self, Context};
use polpos::diagnostics::{Code, Diagnostic, Family};
use polpos::load;
use polpos::model::PartialDate;
use polpos::report::{self, Format, Style};
use polpos::schema::Schemas;
use polpos::validate::{Options, Validation, validate};
use std::path::{Path, PathBuf};

/// Builds the case's dataset in a temporary directory: its data directory, and the options to
/// validate it with.
fn build_case(case: &Path) -> (PathBuf, Options, tempfile::TempDir) {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    common::copy_tree(Path::new("tests/fixtures/base/data"), &data);
    if case.join("data").is_dir() {
        common::copy_tree(&case.join("data"), &data);
    }
    if let Ok(list) = std::fs::read_to_string(case.join("remove")) {
        for file in list.lines().filter(|l| !l.is_empty()) {
            std::fs::remove_file(data.join(file)).unwrap();
        }
    }
    let mut options = Options {
        archive: Some(PathBuf::from("tests/fixtures/archive")),
        today: PartialDate::parse("2026-11-24").unwrap(),
        ..Options::default()
    };
    for line in std::fs::read_to_string(case.join("options")).unwrap_or_default().lines() {
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        match key {
            "no-archive" => options.archive = None,
            "max-file-size" => options.limits.max_file_size = value.parse().unwrap(),
            "max-total-size" => options.limits.max_total_size = value.parse().unwrap(),
            "max-files" => options.limits.max_files = value.parse().unwrap(),
            "max-quote-length" => options.limits.max_quote_length = value.parse().unwrap(),
            "symlink-out" => {
                let outside = root.path().join("outside.yaml");
                std::fs::write(&outside, "id: cc\nname: Outside\nkind: state\n").unwrap();
                std::os::unix::fs::symlink(&outside, data.join(value)).unwrap();
            }
            "fifo" => {
                let status = std::process::Command::new("mkfifo").arg(data.join(value)).status().unwrap();
                assert!(status.success());
            }
            other => panic!("unknown option `{other}` in {}", case.display()),
        }
    }
    (data, options, root)
}

/// Every format, with the temporary directory replaced by `[ROOT]`.
fn render_all(validation: &Validation, root: &Path) -> String {
    let mut text = String::new();
    for format in [Format::Human, Format::Json, Format::Github, Format::Sarif] {
        let mut out = Vec::new();
        report::render(format, validation, Style::default(), &mut out).unwrap();
        let mut rendered = String::from_utf8(out).unwrap();
        if format == Format::Sarif {
            // The rule table is the same for every case; keep the results.
            let log: serde_json::Value = serde_json::from_str(&rendered).unwrap();
            rendered = serde_json::to_string_pretty(&log["runs"][0]["results"]).unwrap();
        }
        text.push_str(&format!("=== {format:?}\n{rendered}\n"));
    }
    text.replace(&root.display().to_string(), "[ROOT]")
}

fn main() {
    let args = Arguments::from_args();
    let cases = case_folders();
    let mut trials = vec![Trial::test("every_code_has_a_passing_and_a_failing_case", {
        let names: Vec<String> = cases.iter().map(|case| folder_name(case)).collect();
        move || {
            every_code_has_a_passing_and_a_failing_case(&names);
            Ok(())
        }
    })];
    trials.push(Trial::test("sarif_multitool_accepts_every_case", {
        let cases = cases.clone();
        move || {
            sarif_multitool_accepts(&cases);
            Ok(())
        }
    }));
    trials.extend(cases.into_iter().map(|case| {
        Trial::test(folder_name(&case), move || {
            check_case(&case);
            Ok(())
        })
    }));
    libtest_mimic::run(&args, trials).exit();
}

/// Every folder under `tests/cases`, sorted; each is one test named after its folder.
fn case_folders() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir("tests/cases").unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    cases
}

fn folder_name(case: &Path) -> String {
    case.file_name().unwrap().to_string_lossy().into_owned()
}

fn every_code_has_a_passing_and_a_failing_case(names: &[String]) {
    for code in Code::ALL {
        for outcome in ["pass", "fail"] {
            let prefix = format!("{}-{}-", code.as_str(), code.name());
            assert!(
                names.iter().any(|name| name.starts_with(&prefix) && name.ends_with(outcome)),
                "no {outcome} case for {code} (tests/cases/{prefix}{outcome})"
            );
        }
    }
}

/// A failing case reports its code, a passing case has no counting finding, and the diagnostics
/// in every format match the case's snapshot.
fn check_case(case: &Path) {
    let name = folder_name(case);
    let code = name.get(..4).and_then(Code::parse).unwrap_or_else(|| panic!("case {name} does not start with a code"));
    let (data, options, root) = build_case(case);
    each_layer_reports_only_its_own_family(&name, &data, &options);
    let validation = validate(&data, &options).unwrap();
    let counted: Vec<_> = validation.diagnostics.iter().filter(|d| d.counts()).collect();
    if name.ends_with("-fail") {
        assert!(counted.iter().any(|d| d.code == code), "{name}: expected {code}, got {:#?}", validation.diagnostics);
    } else {
        assert!(counted.is_empty(), "{name}: expected no findings, got {:#?}", counted);
    }
    // The tool's version (in SARIF) is filtered, so a release does not touch every case's snapshot.
    let version = format!("\"{}\"", env!("CARGO_PKG_VERSION").replace('.', r"\."));
    let filters = vec![(version.as_str(), "\"[polpos version]\"")];
    insta::with_settings!({ snapshot_path => "snapshots/cases", prepend_module_to_snapshot => false, omit_expression => true, filters => filters }, {
        insta::assert_snapshot!(name.clone(), render_all(&validation, root.path()));
    });
}

/// Runs the loader, the schemas and each check family alone on the case's data, and holds each
/// to the codes of its own family, so that a finding filed in the wrong module fails here.
fn each_layer_reports_only_its_own_family(name: &str, data: &Path, options: &Options) {
    let loaded = load::load(data, &options.limits).unwrap();
    assert_family(name, Family::Syntax, &loaded.diagnostics);
    for file in &loaded.files {
        let Some(value) = file.document.content().and_then(|content| Some(content.root()?.to_json())) else { continue };
        if let Err(invalid) = Schemas::get().validate(file.kind, &file.document, value) {
            assert_family(name, Family::Schema, &invalid.diagnostics);
        }
    }
    let validation = validate(data, options).unwrap();
    let dataset = &validation.dataset;
    let mut quotes = Quotes::read(options.archive.as_deref(), &dataset.sources, &options.limits);
    for position in &dataset.positions {
        let (found, missed) = citations::check_position(position, &quotes, &options.limits);
        assert_family(name, Family::Citations, &found);
        quotes.add_missed(missed);
    }
    let context = Context { dataset, index: dataset.index(), today: options.today, limits: options.limits, quotes: &quotes, root: data };
    for (family, check) in checks::FAMILIES {
        assert_family(name, family, &check(&context));
    }
}

fn assert_family(name: &str, family: Family, diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        let code = diagnostic.code;
        assert_eq!(code.family(), family, "{name}: the {family} layer reported {code}, a code of the {} family", code.family());
    }
}

/// The SARIF of every case, passing and failing, is what Microsoft's SARIF validator accepts with
/// no error and no warning (its notes are advice on optional properties).
fn sarif_multitool_accepts(cases: &[PathBuf]) {
    let Some(multitool) = tools::npm_program("sarif-multitool") else { return };
    let logs = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for case in cases {
        let (data, options, _root) = build_case(case);
        let validation = validate(&data, &options).unwrap();
        let mut out = Vec::new();
        report::render(Format::Sarif, &validation, Style::default(), &mut out).unwrap();
        let file = logs.path().join(format!("{}.sarif", folder_name(case)));
        std::fs::write(&file, out).unwrap();
        files.push(file);
    }
    let verdict = logs.path().join("verdict.json");
    let output = std::process::Command::new(multitool).arg("validate").args(&files).arg("--output").arg(&verdict).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
    let verdict: serde_json::Value = serde_json::from_slice(&std::fs::read(&verdict).unwrap()).unwrap();
    let complaints: Vec<String> = verdict["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        // A result without a level is a warning (SARIF's default).
        .filter(|r| !matches!(r["level"].as_str(), Some("note" | "none")))
        .map(|r| format!("{}: {}", r["ruleId"], r["message"]))
        .collect();
    assert!(complaints.is_empty(), "{} complaints:\n{}", complaints.len(), complaints.join("\n"));
}
