//! `polpos agreement`: Krippendorff's published worked example, a cross-check against the PyPI
//! package `krippendorff` on random and fixture codings (and the shipped codings once there are
//! two), the command's outputs and exit codes, and proof that reliability codings change no
//! export.

mod common;
mod tools;

use assert_cmd::Command;
use polpos::validate::{Options, validate};
use polpos::views::agreement::{Level, measure};
use proptest::prelude::RngExt;
use proptest::test_runner::{RngAlgorithm, TestRng};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LEVELS: [Level; 3] = [Level::Nominal, Level::Ordinal, Level::Interval];

fn polpos() -> Command {
    let mut command = Command::cargo_bin("polpos").unwrap();
    command.arg("--isolated").env("POLPOS_TODAY", "2026-11-24");
    command
}

fn run(command: &mut Command) -> (i32, String, String) {
    let output = command.output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

/// The base fixture with the codings of tests/fixtures/agreement/<name> laid over it.
fn fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    common::copy_tree(Path::new("tests/fixtures/base/data"), &data);
    common::copy_tree(&Path::new("tests/fixtures/agreement").join(name), &data);
    std::fs::remove_file(data.join("README")).unwrap();
    (root, data)
}

/// `polpos agreement DATA --format json --level LEVEL`, parsed.
fn agreement_json(data: &Path, level: Level) -> Value {
    let (code, out, err) = run(polpos().arg("agreement").arg(data).args(["--format", "json", "--level", level.name()]));
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// Alpha to three decimals, a rounded negative zero shown as 0.000.
fn three_decimals(alpha: Option<f64>) -> Option<String> {
    alpha.map(|a| format!("{:.3}", (a * 1000.0).round() / 1000.0 + 0.0))
}

#[test]
fn krippendorffs_worked_example_gives_the_published_alphas() {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with
    // four observers, twelve units and missing values.
    let (_root, data) = fixture("krippendorff-2011");
    for (level, published) in [(Level::Nominal, "0.743"), (Level::Ordinal, "0.815"), (Level::Interval, "0.849")] {
        let document = agreement_json(&data, level);
        let overall = &document["overall"];
        assert_eq!(three_decimals(overall["alpha"].as_f64()).as_deref(), Some(published), "{level:?}");
        assert_eq!((&overall["units"], &overall["pairable_values"], &overall["single_coder_units"]), (&json!(12), &json!(40), &json!(1)));
    }
}

/// One reliability dataset: a row per coder, a column per unit, `None` where a coder did not code.
type Matrix = Vec<Vec<Option<i8>>>;

/// Alpha by the `krippendorff` package for each (matrix, level).
fn krippendorff_package(python: &Path, cases: &[(Matrix, Level)]) -> Vec<Option<f64>> {
    let input: Vec<Value> = cases.iter().map(|(matrix, level)| json!({"level": level.name(), "data": matrix})).collect();
    let mut command = std::process::Command::new(python);
    command.arg("tests/scripts/krippendorff_alpha.py");
    let output = assert_cmd::Command::from_std(command).write_stdin(serde_json::to_vec(&input).unwrap()).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let alphas: Vec<Option<f64>> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(alphas.len(), cases.len());
    alphas
}

/// The units of a matrix: each column's values.
fn units(matrix: &Matrix) -> Vec<Vec<i8>> {
    let columns = matrix.first().map_or(0, Vec::len);
    (0..columns).map(|unit| matrix.iter().filter_map(|row| row[unit]).collect()).collect()
}

/// Coders who mostly agree on a unit's "true" stance, sometimes pick another, and leave some
/// units uncoded.
fn random_matrix(seed: u8) -> Matrix {
    // ChaCha with a fixed seed: the same datasets on every machine and run.
    let mut random = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]);
    let coders = random.random_range(2..=5);
    let units = random.random_range(5..45);
    let agree = random.random_range(0.3..0.95);
    let missing = random.random_range(0.0..0.45);
    let truths: Vec<i8> = (0..units).map(|_| random.random_range(-2..=2)).collect();
    (0..coders)
        .map(|_| {
            truths
                .iter()
                .map(|&truth| {
                    if random.random_bool(missing) {
                        None
                    } else if random.random_bool(agree) {
                        Some(truth)
                    } else {
                        Some(random.random_range(-2..=2))
                    }
                })
                .collect()
        })
        .collect()
}

#[test]
fn random_codings_agree_with_the_krippendorff_package() {
    let Some(python) = tools::python_with("krippendorff") else { return };
    let mut matrices: Vec<Matrix> = (1..=12).map(random_matrix).collect();
    // Where alpha is undefined: no unit coded twice; one stance only; variation only outside
    // the pairable units.
    matrices.push(vec![vec![Some(1), None], vec![None, Some(-1)]]);
    matrices.push(vec![vec![Some(2), Some(2), None], vec![Some(2), Some(2), Some(2)]]);
    matrices.push(vec![vec![Some(0), Some(0), Some(-2)], vec![Some(0), Some(0), None]]);
    let cases: Vec<(Matrix, Level)> = matrices.iter().flat_map(|m| LEVELS.map(|level| (m.clone(), level))).collect();
    let expected = krippendorff_package(&python, &cases);
    let mut compared = Vec::new();
    for ((matrix, level), expected) in cases.iter().zip(expected) {
        let figures = measure(&units(matrix), *level);
        assert_eq!(three_decimals(figures.alpha), three_decimals(expected), "{level:?} on {matrix:?}");
        assert_eq!(figures.undefined.is_some(), figures.alpha.is_none());
        compared.push(format!(
            "{}x{} {}: {}",
            matrix.len(),
            matrix[0].len(),
            level.name(),
            three_decimals(expected).unwrap_or_else(|| "n/a".into())
        ));
    }
    eprintln!("compared: {}", compared.join("; "));
    let defined = compared.iter().filter(|c| !c.ends_with("n/a")).count();
    assert_eq!(defined, 36, "every random dataset has a defined alpha, and no degenerate one");
}

/// Cross-checks `polpos agreement` on a dataset, overall and per theme at every level, against the
/// package, with the units rebuilt here from the records: every actor × theme × source any
/// coder coded from the sources every coder lists.
fn cross_check(python: &Path, data: &Path) -> Vec<String> {
    let validation = validate(data, &Options::default()).unwrap();
    let codings = &validation.dataset.reliability;
    let mut shared: BTreeSet<&str> = codings[0].sources.iter().map(String::as_str).collect();
    for coding in codings {
        shared = shared.intersection(&coding.sources.iter().map(String::as_str).collect()).copied().collect();
    }
    let mut columns: BTreeMap<(&str, &str, &str), Vec<Option<i8>>> = BTreeMap::new();
    for (row, coding) in codings.iter().enumerate() {
        for unit in coding.units.iter().filter(|u| shared.contains(u.source.as_str())) {
            columns.entry((&unit.theme, &unit.actor, &unit.source)).or_insert_with(|| vec![None; codings.len()])[row] =
                Some(unit.stance.value());
        }
    }
    let matrix_of = |theme: Option<&str>| -> Matrix {
        let chosen: Vec<&Vec<Option<i8>>> =
            columns.iter().filter(|((t, _, _), _)| theme.is_none_or(|theme| *t == theme)).map(|(_, c)| c).collect();
        (0..codings.len()).map(|row| chosen.iter().map(|column| column[row]).collect()).collect()
    };
    let themes: BTreeSet<&str> = columns.keys().map(|(theme, _, _)| *theme).collect();
    let mut compared = Vec::new();
    for level in LEVELS {
        let document = agreement_json(data, level);
        let mut figures: Vec<(String, Option<f64>)> = vec![("all themes".into(), document["overall"]["alpha"].as_f64())];
        let listed: Vec<&str> = document["themes"].as_array().unwrap().iter().map(|t| t["theme"].as_str().unwrap()).collect();
        assert_eq!(listed, themes.iter().copied().collect::<Vec<_>>());
        figures
            .extend(document["themes"].as_array().unwrap().iter().map(|t| (t["theme"].as_str().unwrap().to_string(), t["alpha"].as_f64())));
        let cases: Vec<(Matrix, Level)> =
            std::iter::once(matrix_of(None)).chain(themes.iter().map(|t| matrix_of(Some(t)))).map(|m| (m, level)).collect();
        for ((name, polpos_alpha), package_alpha) in figures.iter().zip(krippendorff_package(python, &cases)) {
            assert_eq!(three_decimals(*polpos_alpha), three_decimals(package_alpha), "{} {level:?} {name}", data.display());
            compared.push(format!("{} {name}: {}", level.name(), three_decimals(package_alpha).unwrap_or_else(|| "n/a".into())));
        }
    }
    compared
}

#[test]
fn fixture_codings_agree_with_the_krippendorff_package() {
    let Some(python) = tools::python_with("krippendorff") else { return };
    for name in ["krippendorff-2011", "two-coders"] {
        let (_root, data) = fixture(name);
        let compared = cross_check(&python, &data);
        eprintln!("{name}: {}", compared.join("; "));
    }
}

/// The shipped codings, once data/reliability/ holds two or more.
#[test]
fn shipped_codings_agree_with_the_krippendorff_package() {
    let files = std::fs::read_dir("data/reliability")
        .map(|dir| dir.filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "yaml"))).count())
        .unwrap_or(0);
    if files < 2 {
        eprintln!("skipped: data/reliability/ holds {files} coding(s); agreement needs two");
        return;
    }
    let Some(python) = tools::python_with("krippendorff") else { return };
    eprintln!("data: {}", cross_check(&python, Path::new("data")).join("; "));
}

#[test]
fn the_help_text_and_json_outputs() {
    let (code, out, _) = run(polpos().args(["agreement", "--help"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("agreement_help", out);
    let (_root, data) = fixture("krippendorff-2011");
    let (code, out, err) = run(polpos().arg("agreement").arg(&data));
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!("krippendorff_2011_text", out);
    let (_root, data) = fixture("two-coders");
    for level in LEVELS {
        let (code, out, _) = run(polpos().arg("agreement").arg(&data).args(["--level", level.name()]));
        assert_eq!(code, 0);
        insta::assert_snapshot!(format!("two_coders_{}_text", level.name()), out);
    }
    let (code, out, _) = run(polpos().arg("agreement").arg(&data).args(["--format", "json", "--coders", "fixture-second,fixture-first"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!("two_coders_json", out);
}

#[test]
fn exit_codes() {
    let (_root, data) = fixture("krippendorff-2011");
    let (code, _, _) = run(polpos().arg("agreement").arg(&data).args(["--coders", "observer-a,observer-c"]));
    assert_eq!(code, 0);
    let cannot_run = [
        (
            vec!["--coders", "observer-a"],
            "error: agreement needs two or more coders; --coders names one (coders in the dataset: observer-a, observer-b, observer-c, observer-d)\n",
        ),
        (
            vec!["--coders", "observer-a,observer-e"],
            "error: no reliability coding by `observer-e` (coders: observer-a, observer-b, observer-c, observer-d)\n",
        ),
        (vec!["--coders", "observer-a,observer-a"], "error: --coders names `observer-a` twice\n"),
    ];
    for (args, message) in cannot_run {
        let (code, out, err) = run(polpos().arg("agreement").arg(&data).args(&args));
        assert_eq!((code, out.as_str(), err.as_str()), (2, "", message), "{args:?}");
    }
    let (code, _, err) = run(polpos().args(["agreement", "tests/fixtures/base/data"]));
    assert_eq!(
        (code, err.as_str()),
        (2, "error: the dataset has no reliability codings: add one file per coder, reliability/<coder>.yaml (see docs/agreement.md)\n")
    );
    for coder in ["observer-b", "observer-c", "observer-d"] {
        std::fs::remove_file(data.join(format!("reliability/{coder}.yaml"))).unwrap();
    }
    let (code, _, err) = run(polpos().arg("agreement").arg(&data));
    assert_eq!(
        (code, err.as_str()),
        (2, "error: agreement needs two or more coders; the dataset has one reliability coding (coders in the dataset: observer-a)\n")
    );
    let (code, _, err) = run(polpos().args(["agreement", "no/such/dir"]));
    assert_eq!(code, 2, "{err}");
    // A dataset with errors is refused, as exports are.
    let (_root, data) = fixture("two-coders");
    let coding = data.join("reliability/fixture-second.yaml");
    let text = std::fs::read_to_string(&coding).unwrap().replace("sources: [alpha-report]", "sources: [beta-review]");
    std::fs::write(&coding, text).unwrap();
    let (code, out, err) = run(polpos().arg("agreement").arg(&data).args(["--format", "json"]));
    assert_eq!((code, out.as_str(), err.as_str()), (1, "", "error: the dataset has 3 errors; run `polpos validate` and fix them first\n"));
}

/// Every export and view of the positions: the data package's files, the JSON export, the
/// matrix, a comparison and the HTML report.
fn exports(data: &Path) -> Vec<(String, String)> {
    let package = tempfile::tempdir().unwrap();
    let (code, _, err) = run(polpos().args(["export", "datapackage"]).arg(package.path().join("out")).arg(data));
    assert_eq!(code, 0, "{err}");
    let mut outputs: Vec<(String, String)> = walkdir::WalkDir::new(package.path().join("out"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
        .collect();
    for args in [vec!["export", "json"], vec!["matrix"], vec!["compare", "aa", "bb"], vec!["report"]] {
        let (code, out, err) = run(polpos().args(&args).arg(data));
        assert_eq!(code, 0, "{args:?}: {err}");
        outputs.push((args.join(" "), out.replace(&data.display().to_string(), "DATA")));
    }
    outputs
}

#[test]
fn reliability_codings_change_no_export_view_or_finding() {
    let base = tempfile::tempdir().unwrap();
    let base = base.path().join("data");
    common::copy_tree(Path::new("tests/fixtures/base/data"), &base);
    let (_root, data) = fixture("two-coders");
    let (without, with) = (exports(&base), exports(&data));
    assert_eq!(without.len(), with.len());
    for ((name, expected), (_, found)) in without.iter().zip(&with) {
        assert!(found.replace("DATA", "") == expected.replace("DATA", ""), "{name} changed");
    }
    // The codings disagree with the positions (aa on open-governance: opposes, strongly_opposes),
    // and no check reports it: they are not positions.
    let options = Options { today: polpos::model::PartialDate::parse("2026-11-24").unwrap(), ..Options::default() };
    let findings = |dir: &Path| -> Vec<(polpos::diagnostics::Code, String)> {
        validate(dir, &options).unwrap().diagnostics.iter().filter(|d| d.counts()).map(|d| (d.code, d.message.clone())).collect()
    };
    assert_eq!(findings(&data).len(), 1, "only the note that quotes were not verified");
    assert_eq!(findings(&data)[0].0, findings(&base)[0].0);
}
