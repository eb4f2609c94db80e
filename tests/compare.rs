//! The comparative views on the shipped dataset and the fixture: matrix, compare, HTML report.

use assert_cmd::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("polpos").unwrap().arg("--isolated").env("POLPOS_TODAY", "2099-12-31").args(args).output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
}

#[test]
fn the_matrix_and_comparisons_of_the_shipped_dataset() {
    let (code, matrix, _) = run(&["matrix"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("shipped_matrix", matrix);
    let (code, comparison, _) = run(&["compare", "cn", "us"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("shipped_compare_cn_us", comparison);
}

#[test]
fn compare_reports_distances_and_refuses_unknown_actors() {
    let (code, json, _) = run(&["compare", "aa", "bb", "tests/fixtures/base/data", "--format", "json"]);
    assert_eq!(code, 0);
    let comparison: serde_json::Value = serde_json::from_str(&json).unwrap();
    // aa opposes open governance, bb now strongly supports it; network sovereignty is aa's only.
    assert_eq!(comparison["rows"][1]["theme"], "open-governance");
    assert_eq!(comparison["rows"][1]["distance"], 3);
    assert_eq!(comparison["rows"][0]["distance"], serde_json::Value::Null);
    assert_eq!(comparison["compared"], 1);
    let (code, _, err) = run(&["compare", "aa", "zz", "tests/fixtures/base/data"]);
    assert_eq!((code, err.as_str()), (2, "error: no actor `zz` in this dataset (actors: aa, bb)\n"));
}

#[test]
fn the_html_report_links_every_coded_cell_to_its_quotes() {
    let (code, html, _) = run(&["report", "tests/fixtures/base/data"]);
    assert_eq!(code, 0);
    assert!(html.contains("<a href=\"#aa--open-governance\">-1</a>"));
    assert!(html.contains("<h2 id=\"aa--open-governance\">"));
    assert!(html.contains("will never accept a single global authority"));
    insta::assert_snapshot!("fixture_report_html", html);
}

#[test]
fn comparative_views_refuse_a_dataset_with_errors() {
    let (code, _, err) = run(&["matrix", "tests/cases/P060-contradiction-fail/data"]);
    assert_eq!(code, 1);
    assert!(err.contains("error: the dataset has"), "{err}");
}
