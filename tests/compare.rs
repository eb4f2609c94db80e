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
    assert!(html.contains("<a href=\"#aa--open-governance\">-1<span class=\"word\">opposes</span></a>"));
    assert!(html.contains("<h3 id=\"aa--open-governance\">"));
    assert!(html.contains("will never accept a single global authority"));
    insta::assert_snapshot!("fixture_report_html", html);
}

#[test]
fn comparative_views_refuse_a_dataset_with_errors() {
    let (code, _, err) = run(&["matrix", "tests/cases/P060-contradiction-fail/data"]);
    assert_eq!(code, 1);
    assert!(err.contains("error: the dataset has"), "{err}");
}

#[test]
fn stats_of_the_shipped_dataset() {
    let (code, text, _) = run(&["stats"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("shipped_stats", text);
}

/// The per-actor counts of `stats` agree with a recount from `export json`: a position rests on
/// the actor's own words when one of its citations is direct, else on the best tier it has.
#[test]
fn stats_counts_what_each_actors_positions_rest_on() {
    let (code, json, _) = run(&["stats", "--format", "json"]);
    assert_eq!(code, 0);
    let stats: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!((stats["format"].as_str(), stats["format_version"].as_u64()), (Some("polpos-stats"), Some(1)));
    let (_, export, _) = run(&["export", "json"]);
    let export: serde_json::Value = serde_json::from_str(&export).unwrap();
    let positions = export["positions"].as_array().unwrap();
    assert_eq!(stats["positions"].as_u64().unwrap() as usize, positions.len());
    for actor in stats["actors"].as_array().unwrap() {
        let id = actor["actor"].as_str().unwrap();
        let mut expected = std::collections::BTreeMap::from([("direct", 0), ("reported", 0), ("characterized", 0)]);
        for position in positions.iter().filter(|p| p["actor"] == id) {
            let tiers: Vec<&str> = position["evidence"].as_array().unwrap().iter().map(|c| c["attribution"].as_str().unwrap()).collect();
            let best = ["direct", "reported", "characterized"].into_iter().find(|tier| tiers.contains(tier)).unwrap();
            *expected.get_mut(best).unwrap() += 1;
        }
        for (tier, count) in expected {
            assert_eq!(actor["positions"][tier], count, "{id}: {tier}");
        }
    }
    let itu = stats["actors"].as_array().unwrap().iter().find(|a| a["actor"] == "itu").unwrap();
    assert_eq!(itu["themes_coded"], 0, "the ITU row is uncoded by design");
}

/// The shipped report as a reader follows it: every link inside the page lands on an element,
/// and every cell of the matrix export appears in the heatmap with the same value.
#[test]
fn the_shipped_report_links_resolve_and_agree_with_the_matrix() {
    let (code, html, _) = run(&["report"]);
    assert_eq!(code, 0);
    let values_after =
        |marker: &str| -> Vec<String> { html.split(marker).skip(1).map(|rest| rest.split('"').next().unwrap().to_string()).collect() };
    let ids: std::collections::HashSet<String> = values_after(" id=\"").into_iter().collect();
    let links = values_after("href=\"#");
    assert!(links.len() > 100, "the report links its cells, positions and sources");
    for link in links {
        assert!(ids.contains(&link), "the link #{link} lands nowhere");
    }
    let (_, csv, _) = run(&["export", "csv", "--table", "matrix"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut cells = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let theme = &row[column("theme_id")];
        for actor in ["cn", "eu", "itu", "us"] {
            let value = match &row[column(actor)] {
                "" => String::new(),
                "0" => "0".to_string(),
                number => format!("{:+}", number.parse::<i8>().unwrap()),
            };
            let expected = format!("data-actor=\"{actor}\" data-theme=\"{theme}\" data-value=\"{value}\"");
            assert!(html.contains(&expected), "the report lacks {expected}");
            cells += 1;
        }
    }
    assert_eq!(cells, 64);
}

/// `--as-of` shows what held on a date: positions stated later, and supersessions by them, do not
/// count yet.
#[test]
fn views_show_the_stances_held_on_a_date() {
    let json = |args: &[&str]| -> serde_json::Value {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let theme = |comparison: &serde_json::Value, id: &str| {
        comparison["rows"].as_array().unwrap().iter().find(|r| r["theme"] == id).unwrap().clone()
    };
    // The US's first statement on one global internet is of 2022; its 2018 characterization on
    // multistakeholder governance held until the press call of 2022-04-27 superseded it.
    let mid_2021 = json(&["compare", "us", "eu", "--as-of", "2021-07-01", "--format", "json"]);
    assert_eq!(mid_2021["as_of"], "2021-07-01");
    assert_eq!(theme(&mid_2021, "global-internet")["a"]["status"], "uncoded");
    assert_eq!(theme(&mid_2021, "multistakeholder-governance")["a"]["positions"], 1);
    let now = json(&["compare", "us", "eu", "--format", "json"]);
    assert_eq!(theme(&now, "global-internet")["a"]["status"], "coded");
    let before_any = json(&["matrix", "--as-of", "2000-01-01", "--format", "json"]);
    assert!(before_any["rows"].as_array().unwrap().iter().all(|r| r["cells"].as_array().unwrap().iter().all(|c| c["status"] == "uncoded")));
    let (code, _, err) = run(&["matrix", "--as-of", "2021"]);
    assert_eq!((code, err.as_str()), (2, "error: --as-of `2021` is not a full date (YYYY-MM-DD)\n"));
}

#[test]
fn views_filter_actors_and_themes_and_write_csv() {
    let (code, csv, _) = run(&["matrix", "--actor", "us,eu", "--theme", "global-internet,data-localization", "--format", "csv"]);
    assert_eq!(code, 0);
    // Rows and columns keep the dataset's order, whatever the order of the flags.
    assert_eq!(csv, "theme_id,eu,us,eu_status,us_status\r\ndata-localization,-1,-1,coded,coded\r\nglobal-internet,1,1,coded,coded\r\n");
    let (code, csv, _) = run(&["compare", "aa", "bb", "tests/fixtures/base/data", "--format", "csv"]);
    assert_eq!(code, 0);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "theme_id",
            "aa_stance",
            "aa_value",
            "aa_status",
            "aa_positions",
            "aa_citations",
            "bb_stance",
            "bb_value",
            "bb_status",
            "bb_positions",
            "bb_citations",
            "distance"
        ]
    );
    assert_eq!(reader.records().count(), 2);
    let (code, _, err) = run(&["matrix", "--theme", "nope"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: no theme `nope` in this dataset (themes: critical-internet-resources, "), "{err}");
}

#[test]
fn a_comparison_on_few_themes_says_so() {
    let (code, text, _) = run(&["compare", "aa", "bb", "tests/fixtures/base/data"]);
    assert_eq!(code, 0);
    assert!(
        text.ends_with("note: this comparison rests on 1 theme; so few say little about how close `aa` and `bb` are overall\n"),
        "{text}"
    );
    let (_, text, _) = run(&["compare", "us", "eu"]);
    assert!(!text.contains("note:"), "{text}");
}
