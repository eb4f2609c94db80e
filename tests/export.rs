//! Exports as spreadsheets and data tools read them: every value of every record is in some
//! table, no text cell runs as a formula, two runs give the same bytes, a dataset with errors is
//! refused without a file written, and snapshots of the shipped dataset's tables show what a
//! change to the data does to them.

mod common;
mod tools;

use assert_cmd::Command;
use polpos::export::{self, Table};
use polpos::model::{PartialDate, RecordKind};
use polpos::validate::{Options, Validation, validate};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// A date after every date in the data, so that which positions are current (and with it the
/// snapshots) does not change with the calendar.
const TODAY: &str = "2099-12-31";

fn today() -> PartialDate {
    PartialDate::parse(TODAY).unwrap()
}

fn polpos() -> Command {
    let mut command = Command::cargo_bin("polpos").unwrap();
    command.arg("--isolated").env("POLPOS_TODAY", TODAY);
    command
}

fn run(command: &mut Command) -> (i32, Vec<u8>, String) {
    let output = command.output().unwrap();
    (output.status.code().unwrap_or(-1), output.stdout, String::from_utf8(output.stderr).unwrap())
}

/// The files the full fixture adds to (or replaces in) the base fixture: every optional field
/// filled with a value found nowhere else, cells a spreadsheet would run as formulas, list
/// values holding the list separator, a joint statement (`gamma-brief`, issued by `bb` and
/// `aa`) quoted `direct` for `bb` alone, and a contested cell (two live positions of `bb` on
/// `network-sovereignty` with different stances, the contradiction allowed with a reason).
const FULL_FIXTURE: &[(&str, &str)] = &[
    (
        "dataset.yaml",
        "name: fixture\ntitle: Fixture dataset\nversion: 1.0.0\nlicense: CC-BY-4.0\ndescription: A small invented dataset that passes every check.\n\
         codebook_version: 1.0.0\nhomepage: https://example.org/fixture\nkeywords: [\"alpha; beta\", \"=gamma\"]\n",
    ),
    (
        "actors/bb.yaml",
        "id: bb\nname: Bergen\nkind: supranational\naliases: [\"the Bergen; Union\", \"back\\\\slash\"]\n\
         description: \"@Bergen speaks through its council.\"\n\
         organs:\n  - id: council\n    name: Council of Bergen\n    description: \"+The member states' council.\"\n\
         speakers:\n  - id: president\n    name: President of the Council\n    role: \"\\r=cmd|' /C calc'!A0\"\n    organ: council\n\
         allow:\n  - check: P064\n    reason: An actor with every field, whether or not it has positions.\n",
    ),
    (
        "themes/retired-governance.yaml",
        "id: retired-governance\nlabel: Retired governance\nproposition: An old proposition, replaced.\ndescription: Kept so that old codes are not dropped.\n\
         scale:\n  mixed: {meaning: \"-Neither for nor against.\", example: \"Retired example.\"}\n\
         include: [\"Old statements; all of them.\"]\n\
         exclude:\n  - note: Everything current.\n    see: open-governance\n\
         deprecated_by: open-governance\n\
         allow:\n  - check: P065\n    reason: A retired theme keeps its record, with no positions.\n",
    ),
    (
        "sources/gamma-brief.yaml",
        "id: gamma-brief\ntitle: Gamma Brief\nauthors: [\"Doe, J.; Roe, R.\", \"'Quoted Author\"]\npublisher: Gamma Press\nissuers: [bb, aa]\n\
         published: \"2020-06-30\"\nurl: https://example.org/gamma\nkind: news\nlanguage: en-GB\nnote: \"=1+1 is how a formula starts.\"\n\
         archive:\n  file: gamma/brief.txt\n  sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n  text_from_line: 3\n  markup: markdown\n\
         allow:\n  - check: P066\n    reason: Kept as an example of a source with every field.\n",
    ),
    (
        "positions/bb/bb-network-sovereignty-1.yaml",
        "id: bb-network-sovereignty-1\nactor: bb\norgan: council\nspeaker: president\ntheme: network-sovereignty\nstance: supports\n\
         stated_on: \"2019-03-05\"\nsummary: \"=HYPERLINK(\\\"https://example.com\\\",\\\"click\\\")\"\nconfidence: medium\ncoder: \"'coder\"\n\
         note: \"\\t=1+1\"\n\
         evidence:\n  - source: gamma-brief\n    quote: \"-2 is what \\\"they\\\" said, and more;\\nsecond line\"\n    locator: \"+44 page\"\n\
         \x20   attribution: direct\n    speaker: president\n    forum: \"@forum\"\n\
         allow:\n  - check: P069\n    reason: The joint brief states only Bergen's own view on this.\n",
    ),
    (
        "positions/bb/bb-network-sovereignty-2.yaml",
        "id: bb-network-sovereignty-2\nactor: bb\ntheme: network-sovereignty\nstance: opposes\nstated_on: \"2019-06\"\n\
         summary: Bergen also argued against network sovereignty.\nconfidence: low\ncoder: fixture\n\
         evidence:\n  - source: gamma-brief\n    quote: Bergen argued against it\n    attribution: reported\n\
         allow:\n  - check: P060\n    reason: The sources record both stances at once; the cell is contested.\n",
    ),
];

/// The full fixture in a temporary directory (its `data` folder).
fn full_fixture() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    common::copy_tree(Path::new("tests/fixtures/base/data"), &data);
    for (file, text) in FULL_FIXTURE {
        std::fs::write(data.join(file), text).unwrap();
    }
    (root, data)
}

fn validated(data: &Path) -> Validation {
    let validation = validate(data, &Options { today: today(), ..Options::default() }).unwrap();
    let errors: Vec<_> =
        validation.diagnostics.iter().filter(|d| d.counts() && d.severity == polpos::diagnostics::Severity::Error).collect();
    assert!(errors.is_empty(), "{} does not validate: {errors:#?}", data.display());
    validation
}

/// A table of a validated dataset as CSV, as on the export date `TODAY`.
fn csv_of(validation: &Validation, table: Table) -> String {
    export::csv::render(&export::build(&validation.dataset, table, today()), false)
}

/// Rewrites one record file of a dataset.
fn edit(data: &Path, file: &str, from: &str, to: &str) {
    let path = data.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// A CSV text read back as a spreadsheet program would, header row first.
fn parse(csv: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(csv.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
}

/// A cell's value: one leading `'` (the neutraliser) dropped.
fn value_of(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// Splits a joined list cell as docs/export.md says: on `; ` not preceded by an escaping `\`.
fn split_list(cell: &str) -> Vec<String> {
    let mut values = vec![String::new()];
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => values.last_mut().unwrap().extend(chars.next()),
            ';' => {
                chars.next_if_eq(&' ');
                values.push(String::new());
            }
            c => values.last_mut().unwrap().push(c),
        }
    }
    values
}

fn is_joined(column: &str) -> bool {
    ["source_ids", "aliases", "authors", "include", "keywords", "issuer_ids", "joint_with"].contains(&column)
        || column.ends_with("_positions")
}

/// Every leaf of a JSON value, by path (`/evidence/*/quote`), with its text.
fn leaves(value: &Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(key, v)| leaves(v, format!("{path}/{key}"), out)),
        Value::Array(items) => items.iter().for_each(|v| leaves(v, format!("{path}/*"), out)),
        Value::String(s) => out.push((path, s.clone())),
        other => out.push((path, other.to_string())),
    }
}

/// Every leaf property a record of this kind can have, by the same kind of path.
fn schema_leaves(schema: &Value, path: String, out: &mut BTreeSet<String>) {
    if let Some(properties) = schema["properties"].as_object() {
        properties.iter().for_each(|(key, s)| schema_leaves(s, format!("{path}/{key}"), out));
    } else if schema["type"] == "array" {
        schema_leaves(&schema["items"], format!("{path}/*"), out);
    } else {
        out.insert(path);
    }
}

#[test]
fn every_value_of_every_record_is_in_some_table() {
    let (_root, data) = full_fixture();
    let covered = every_value_is_in_some_table(&validated(&data));
    // The check means something only if the fixture fills every field the schemas allow.
    for kind in RecordKind::EXPORTED {
        let mut possible = BTreeSet::new();
        schema_leaves(polpos::schema::Schemas::get().raw(kind), String::new(), &mut possible);
        let unfilled: Vec<&String> = possible.difference(&covered[&kind]).collect();
        // The scale is a mapping by stance; the fixture fills each stance's entry somewhere.
        let unfilled: Vec<&&String> = unfilled.iter().filter(|p| !p.starts_with("/scale/")).collect();
        assert!(unfilled.is_empty(), "the full fixture leaves {} fields empty: {unfilled:?}", kind.name());
    }
}

/// Nothing of the shipped records is lost on the way to the tables or to the JSON export:
/// every scalar of every record file, found by walking the record, is a cell of some table, and
/// the JSON export holds each record whole.
#[test]
fn nothing_of_the_shipped_records_is_lost_in_the_exports() {
    let validation = validated(Path::new("data"));
    let covered = every_value_is_in_some_table(&validation);
    assert!(covered[&RecordKind::Position].len() > 10, "the walk reached the positions' fields: {:?}", covered[&RecordKind::Position]);
    json_export_holds_every_record(&validation);
}

/// Asserts that every scalar of every exported record is a cell (or an item of a joined cell) of
/// some table; returns the JSON pointers (list indices as `*`) of the fields seen, by record kind.
fn every_value_is_in_some_table(validation: &Validation) -> BTreeMap<RecordKind, BTreeSet<String>> {
    let mut cells: HashSet<String> = HashSet::new();
    for table in Table::ALL {
        let rows = parse(&csv_of(validation, table));
        let header = rows[0].clone();
        for row in &rows[1..] {
            for (column, cell) in header.iter().zip(row) {
                let value = value_of(cell).to_string();
                if is_joined(column) {
                    cells.extend(split_list(&value));
                }
                cells.insert(value);
            }
        }
    }
    let mut covered: BTreeMap<RecordKind, BTreeSet<String>> = BTreeMap::new();
    let mut missing = Vec::new();
    for file in validation.files.iter().filter(|f| RecordKind::EXPORTED.contains(&f.kind)) {
        let document = &file.document;
        let mut found = Vec::new();
        leaves(&document.content().unwrap().root().unwrap().to_json(), String::new(), &mut found);
        for (path, value) in found {
            if !cells.contains(&value) {
                missing.push(format!("{}: {path} = {value:?}", document.path.display()));
            }
            covered.entry(file.kind).or_default().insert(path);
        }
    }
    assert!(missing.is_empty(), "values in no table:\n{}", missing.join("\n"));
    covered
}

#[test]
fn no_text_cell_can_run_as_a_formula_and_numbers_stay_numbers() {
    let (_root, data) = full_fixture();
    let validation = validated(&data);
    let mut neutralised = 0;
    for table in Table::ALL {
        let built = export::build(&validation.dataset, table, today());
        for excel in [false, true] {
            let csv = export::csv::render(&built, excel);
            for row in &parse(csv.trim_start_matches('\u{feff}'))[1..] {
                for (field, cell) in built.fields.iter().zip(row) {
                    match field.field_type {
                        export::FieldType::String => {
                            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{}.{}: {cell:?}", table.name(), field.name);
                            neutralised += usize::from(cell.starts_with('\''));
                        }
                        export::FieldType::Integer if !cell.is_empty() => {
                            assert!(cell.parse::<i64>().is_ok(), "{}.{}: {cell:?}", table.name(), field.name)
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    assert!(neutralised >= 2 * 12, "the fixture's hostile cells were not all found: {neutralised}");
    let positions = csv_of(&validation, Table::Positions);
    assert!(positions.contains(r#"'=HYPERLINK(""https://example.com"",""click"")"#), "{positions}");
    assert!(positions.contains(",opposes,-1,"), "{positions}");
    assert!(positions.contains(",strongly_supports,2,"), "{positions}");
}

#[test]
fn csv_is_rfc_4180_with_the_briefs_columns() {
    let (_root, data) = full_fixture();
    let validation = validated(&data);
    let columns = |table: Table| parse(&csv_of(&validation, table))[0].clone();
    let positions = columns(Table::Positions);
    for column in [
        "position_id",
        "actor_id",
        "actor_name",
        "theme_id",
        "theme_label",
        "stance",
        "stance_value",
        "stated_on",
        "confidence",
        "source_ids",
        "summary",
    ] {
        assert!(positions.contains(&column.to_string()), "positions lacks {column}");
    }
    let citations = columns(Table::Citations);
    for column in ["position_id", "actor_id", "theme_id", "source_id", "attribution", "quote", "locator"] {
        assert!(citations.contains(&column.to_string()), "citations lacks {column}");
    }
    for table in Table::ALL {
        let csv = csv_of(&validation, table);
        assert!(csv.ends_with("\r\n"), "{}", table.name());
        assert_eq!(csv.matches("\r\n").count(), parse(&csv).len(), "{}: one CRLF per record", table.name());
        assert!(!csv.starts_with('\u{feff}'));
    }
    let citations = csv_of(&validation, Table::Citations);
    assert!(citations.contains("\"'-2 is what \"\"they\"\" said, and more;\nsecond line\""), "{citations}");
}

#[test]
fn a_direct_citation_of_a_joint_statement_names_the_other_issuers() {
    let (_root, data) = full_fixture();
    let validation = validated(&data);
    let table = |table: Table| {
        let rows = parse(&csv_of(&validation, table));
        let header = rows[0].clone();
        rows[1..].iter().map(|row| header.iter().cloned().zip(row.iter().cloned()).collect()).collect::<Vec<BTreeMap<String, String>>>()
    };
    let issuers: BTreeMap<String, String> =
        table(Table::Sources).into_iter().map(|r| (r["source_id"].clone(), r["issuer_ids"].clone())).collect();
    assert_eq!(issuers["gamma-brief"], "bb; aa");
    assert_eq!(issuers["alpha-report"], "");
    let joint: Vec<(String, String, String)> = table(Table::Citations)
        .into_iter()
        .filter(|r| !r["joint_with"].is_empty() || r["source_id"] == "gamma-brief")
        .map(|r| (r["position_id"].clone(), r["attribution"].clone(), r["joint_with"].clone()))
        .collect();
    // Only the direct citation names the joint statement's other issuer; a reported one does not.
    assert_eq!(
        joint,
        [
            ("bb-network-sovereignty-1".to_string(), "direct".to_string(), "aa".to_string()),
            ("bb-network-sovereignty-2".to_string(), "reported".to_string(), String::new()),
        ]
    );
}

#[test]
fn the_matrix_tells_uncoded_from_contested() {
    let (_root, data) = full_fixture();
    let validation = validated(&data);
    let rows = parse(&csv_of(&validation, Table::Matrix));
    let header: Vec<&str> = rows[0].iter().map(String::as_str).collect();
    assert_eq!(
        header,
        ["theme_id", "theme_label", "aa", "bb", "aa_status", "bb_status", "aa_positions", "bb_positions"],
        "one row per theme, one column per actor, then the companion columns"
    );
    let cells: BTreeMap<&str, Vec<&str>> = rows[1..].iter().map(|r| (r[0].as_str(), r[2..].iter().map(String::as_str).collect())).collect();
    assert_eq!(cells.len(), 3);
    assert_eq!(
        cells["network-sovereignty"],
        ["2", "", "coded", "contested", "aa-network-sovereignty-1", "bb-network-sovereignty-1; bb-network-sovereignty-2"]
    );
    // bb-open-governance-2 supersedes bb-open-governance-1, which is also ended by valid_until.
    assert_eq!(cells["open-governance"], ["-1", "2", "coded", "coded", "aa-open-governance-1", "bb-open-governance-2"]);
    assert_eq!(cells["retired-governance"], ["", "", "uncoded", "uncoded", "", ""]);
}

#[test]
fn a_position_ended_before_today_is_not_current() {
    let (_root, data) = full_fixture();
    edit(
        &data,
        "positions/bb/bb-network-sovereignty-2.yaml",
        "stated_on: \"2019-06\"\n",
        "stated_on: \"2019-06\"\nvalid_until: \"2020\"\n",
    );
    let validation = validated(&data);
    let cell = |today: &str| {
        let rows =
            parse(&export::csv::render(&export::build(&validation.dataset, Table::Matrix, PartialDate::parse(today).unwrap()), false));
        rows.iter().find(|r| r[0] == "network-sovereignty").unwrap()[3..6].to_vec()
    };
    // Ended in 2020: contested until then, coded after. A year-precision end is over only
    // once the whole year is.
    assert_eq!(cell("2020-12-31"), ["", "coded", "contested"]);
    assert_eq!(cell("2021-01-01"), ["1", "coded", "coded"]);
}

/// Every export of the CLI, as (arguments, output file) pairs to run in `dir`.
fn export_commands(data: &Path, dir: &Path) -> Vec<Vec<String>> {
    let data = data.display().to_string();
    let mut commands: Vec<Vec<String>> = Table::ALL
        .iter()
        .map(|t| {
            vec![
                "export".into(),
                "csv".into(),
                "--table".into(),
                t.name().into(),
                "-o".into(),
                dir.join(format!("{}.csv", t.name())).display().to_string(),
                data.clone(),
            ]
        })
        .collect();
    commands.push(vec!["export".into(), "json".into(), "-o".into(), dir.join("dataset.json").display().to_string(), data.clone()]);
    commands.push(vec!["export".into(), "datapackage".into(), dir.join("package").display().to_string(), data]);
    commands
}

fn listing(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let files = walkdir::WalkDir::new(dir).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file());
    files.map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap())).collect()
}

#[test]
fn two_runs_give_identical_bytes() {
    let (_root, data) = full_fixture();
    let runs: Vec<BTreeMap<PathBuf, Vec<u8>>> = (0..2)
        .map(|_| {
            let out = tempfile::tempdir().unwrap();
            for args in export_commands(&data, out.path()) {
                let (code, _, err) = run(polpos().args(&args));
                assert_eq!(code, 0, "{args:?}: {err}");
            }
            listing(out.path())
        })
        .collect();
    assert_eq!(runs[0].len(), 2 * Table::ALL.len() + 2);
    assert!(runs[0] == runs[1], "two runs differ");
    let (_, stdout, _) = run(polpos().args(["export", "csv", "--table", "positions"]).arg(&data));
    assert_eq!(stdout, runs[0][Path::new("positions.csv")]);
}

#[test]
fn excel_gets_a_byte_order_mark_and_crlf() {
    let (code, plain, _) = run(polpos().args(["export", "csv", "--table", "citations", "tests/fixtures/base/data"]));
    assert_eq!(code, 0);
    let (code, excel, _) = run(polpos().args(["export", "csv", "--table", "citations", "--excel", "tests/fixtures/base/data"]));
    assert_eq!(code, 0);
    assert_eq!(excel[..3], [0xEF, 0xBB, 0xBF]);
    assert_eq!(excel[3..], plain[..]);
    assert!(plain.ends_with(b"\r\n"));
}

#[test]
fn exports_refuse_a_dataset_with_errors_and_write_nothing() {
    let (_root, data) = full_fixture();
    edit(&data, "positions/aa/aa-open-governance-1.yaml", "theme: open-governance", "theme: no-such-theme");
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("positions.csv"), "an earlier export\n").unwrap();
    std::fs::create_dir(out.path().join("package")).unwrap();
    std::fs::write(out.path().join("package/datapackage.json"), "{}\n").unwrap();
    let before = listing(out.path());
    for args in export_commands(&data, out.path()) {
        let (code, stdout, err) = run(polpos().args(&args));
        assert_eq!((code, stdout.len()), (1, 0), "{args:?}");
        assert_eq!(err, "error: the dataset has 1 error; run `polpos validate` and fix them first\n", "{args:?}");
    }
    assert_eq!(listing(out.path()), before, "a refused export changed files");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 2, "a refused export left files behind");
}

#[test]
fn a_datapackage_replaces_a_previous_one_but_never_other_files() {
    let out = tempfile::tempdir().unwrap();
    let package = out.path().join("package");
    let export = |dir: &Path| run(polpos().args(["export", "datapackage"]).arg(dir).arg("tests/fixtures/base/data"));
    let (code, _, err) = export(&package);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, format!("wrote {}: datapackage.json and {} tables\n", package.display(), Table::ALL.len()));
    let first = listing(&package);
    std::fs::write(package.join("stale.csv"), "old table\n").unwrap();
    let (code, _, err) = export(&package);
    assert_eq!(code, 0, "{err}");
    assert_eq!(listing(&package), first, "the previous package was not replaced whole");
    std::fs::write(package.join("notes.txt"), "mine\n").unwrap();
    let (code, _, err) = export(&package);
    assert_eq!(code, 2);
    assert!(err.contains("it holds `notes.txt`, which is not part of a data package"), "{err}");
    assert!(package.join("notes.txt").is_file());
    let names: Vec<String> =
        std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["package"], "staging directories were left behind");
}

#[test]
fn the_datapackage_declares_keys_types_and_the_schemas_descriptions() {
    let (_root, data) = full_fixture();
    let validation = validated(&data);
    let files = export::datapackage::files(&validation.dataset, today());
    let descriptor: Value = serde_json::from_str(&files[0].1).unwrap();
    let resources = descriptor["resources"].as_array().unwrap();
    assert_eq!(resources.len(), Table::ALL.len());
    let resource = |name: &str| resources.iter().find(|r| r["name"] == name).unwrap();
    let field = |table: &str, name: &str| {
        resource(table)["schema"]["fields"].as_array().unwrap().iter().find(|f| f["name"] == name).unwrap().clone()
    };
    assert_eq!(resource("positions")["schema"]["primaryKey"], serde_json::json!(["position_id"]));
    assert_eq!(resource("citations")["schema"]["primaryKey"], serde_json::json!(["position_id", "ordinal"]));
    let stance_value = field("positions", "stance_value");
    assert_eq!(
        (&stance_value["type"], &stance_value["constraints"]["minimum"], &stance_value["constraints"]["maximum"]),
        (&"integer".into(), &(-2).into(), &2.into())
    );
    assert_eq!(field("positions", "stated_on")["constraints"]["pattern"], "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?");
    let position_schema = polpos::schema::Schemas::get().raw(RecordKind::Position);
    assert_eq!(field("positions", "summary")["description"], position_schema["properties"]["summary"]["description"]);
    assert_eq!(
        field("citations", "quote")["description"],
        position_schema["properties"]["evidence"]["items"]["properties"]["quote"]["description"]
    );
    for resource in resources {
        let fields: HashSet<&str> = resource["schema"]["fields"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        for f in resource["schema"]["fields"].as_array().unwrap() {
            assert!(f["description"].as_str().is_some_and(|d| !d.is_empty()), "{}.{} has no description", resource["name"], f["name"]);
        }
        for key in resource["schema"]["primaryKey"].as_array().unwrap() {
            assert!(fields.contains(key.as_str().unwrap()));
        }
        for key in resource["schema"]["foreignKeys"].as_array().unwrap() {
            let target = match key["reference"]["resource"].as_str().unwrap() {
                "" => resource,
                name => resources.iter().find(|r| r["name"] == name).unwrap(),
            };
            for (from, to) in key["fields"].as_array().unwrap().iter().zip(key["reference"]["fields"].as_array().unwrap()) {
                assert!(fields.contains(from.as_str().unwrap()));
                assert!(target["schema"]["fields"].as_array().unwrap().iter().any(|f| &f["name"] == to));
            }
        }
    }
}

/// `frictionless validate` on the full fixture's package, where frictionless is installed
/// (`.ci/run` installs it into target/ci-venv).
#[test]
fn frictionless_accepts_the_datapackage() {
    let frictionless = Path::new("target/ci-venv/bin/frictionless");
    if !frictionless.is_file() {
        eprintln!("skipped: {} is not installed (.ci/run installs it)", frictionless.display());
        return;
    }
    let (_root, data) = full_fixture();
    let out = tempfile::tempdir().unwrap();
    let package = out.path().join("package");
    let (code, _, err) = run(polpos().args(["export", "datapackage"]).arg(&package).arg(&data));
    assert_eq!(code, 0, "{err}");
    let output = std::process::Command::new(frictionless).arg("validate").arg(package.join("datapackage.json")).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
}

/// Whether `exported` holds every value of `written`; absent optional fields are exported as
/// null or an empty list.
fn holds(exported: &Value, written: &Value) -> bool {
    match (exported, written) {
        (Value::Object(e), Value::Object(w)) => w.iter().all(|(key, value)| e.get(key).is_some_and(|v| holds(v, value))),
        (Value::Array(e), Value::Array(w)) => e.len() == w.len() && e.iter().zip(w).all(|(e, w)| holds(e, w)),
        (e, w) => e == w,
    }
}

#[test]
fn the_json_export_holds_every_record_whole() {
    let (_root, data) = full_fixture();
    json_export_holds_every_record(&validated(&data));
}

/// The JSON export names its format and holds every exported record whole.
fn json_export_holds_every_record(validation: &Validation) {
    let document: Value = serde_json::from_str(&export::json::render(&validation.dataset)).unwrap();
    assert_eq!((&document["format"], &document["format_version"]), (&"polpos-dataset".into(), &1.into()));
    assert_eq!(document["schemas"]["position"], "urn:polpos:schema:position:1");
    for file in validation.files.iter().filter(|f| RecordKind::EXPORTED.contains(&f.kind)) {
        let record = &file.document;
        let yaml = record.content().unwrap().root().unwrap().to_json();
        let exported = match file.kind {
            RecordKind::Dataset => document["dataset"].clone(),
            kind => {
                let list = format!("{}s", kind.name());
                document[list.as_str()].as_array().unwrap().iter().find(|r| r["id"] == yaml["id"]).unwrap().clone()
            }
        };
        assert!(holds(&exported, &yaml), "{}: {exported:#} does not hold {yaml:#}", record.path.display());
    }
}

/// The shipped dataset's tables. A pull request that changes data/ changes these snapshots,
/// so its effect on the exports shows in review.
#[test]
fn snapshots_of_the_shipped_datasets_exports() {
    let validation = validated(Path::new("data"));
    for table in [Table::Positions, Table::Citations, Table::Matrix] {
        let csv = csv_of(&validation, table);
        // Line ends as RFC 4180 has them are checked above; the snapshot shows plain lines.
        insta::assert_snapshot!(format!("shipped_{}_csv", table.name()), csv.replace("\r\n", "\n"));
    }
    let files = export::datapackage::files(&validation.dataset, today());
    insta::assert_snapshot!("shipped_datapackage_json", files[0].1);
}

#[test]
fn docs_export_md_describes_every_table_and_column() {
    let docs = std::fs::read_to_string("docs/export.md").unwrap();
    let headings: Vec<&str> = docs.lines().filter(|l| l.starts_with("### ")).collect();
    let (_root, data) = full_fixture();
    let validation = validated(&data);
    let actors: Vec<&str> = validation.dataset.actors.iter().map(|a| a.id.as_str()).collect();
    for table in Table::ALL {
        assert!(
            headings.iter().any(|h| h.split([' ', ',']).any(|word| word == table.name())),
            "docs/export.md has no section on {}",
            table.name()
        );
        for field in export::build(&validation.dataset, table, today()).fields {
            // The matrix's per-actor columns are documented as `<actor>`, `<actor>_status`, ….
            let per_actor = table == Table::Matrix && actors.iter().any(|a| field.name == *a || field.name.starts_with(&format!("{a}_")));
            assert!(
                per_actor || docs.contains(&format!("`{}`", field.name)),
                "docs/export.md does not name {}.{}",
                table.name(),
                field.name
            );
        }
    }
}

/// DuckDB loads the shipped data package with every primary and foreign key declared and
/// enforced (the composite keys into organs and speakers among them), and a join of citations,
/// positions, actors and themes finds every citation and position of the JSON export.
#[test]
fn duckdb_loads_the_shipped_datapackage_with_every_key() {
    let Some(python) = tools::python_with("duckdb") else { return };
    let out = tempfile::tempdir().unwrap();
    let package = out.path().join("package");
    let (code, _, err) = run(polpos().args(["export", "datapackage"]).arg(&package));
    assert_eq!(code, 0, "{err}");
    let output = std::process::Command::new(python)
        .arg("tests/scripts/datapackage_duckdb.py")
        .arg(package.join("datapackage.json"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let loaded: Value = serde_json::from_slice(&output.stdout).unwrap();
    let (_, json, _) = run(polpos().args(["export", "json"]));
    let dataset: Value = serde_json::from_slice(&json).unwrap();
    let positions = dataset["positions"].as_array().unwrap();
    let citations: usize = positions.iter().map(|p| p["evidence"].as_array().unwrap().len()).sum();
    assert_eq!(loaded["joined_positions"], positions.len());
    assert_eq!(loaded["joined_citations"], citations);
    assert_eq!(loaded["tables"]["actors"], dataset["actors"].as_array().unwrap().len());
}

/// What openpyxl reads back from `polpos export xlsx` of `data`, by sheet.
fn xlsx_read_back(python: &Path, data: &Path, workbook: &Path) -> Value {
    let (code, _, err) = run(polpos().args(["export", "xlsx", "-o"]).arg(workbook).arg(data));
    assert_eq!(code, 0, "{err}");
    let output = std::process::Command::new(python).arg("tests/scripts/xlsx_read.py").arg(workbook).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The workbook holds every table as a sheet with its header frozen and filtered, and every cell
/// with its type: numbers as numbers, booleans as booleans, text (dates included) as text, and no
/// formula, even where a text starts with `=` (the hostile fixture and the shipped data).
#[test]
fn the_xlsx_workbook_reads_back_typed_in_openpyxl() {
    let Some(python) = tools::python_with("openpyxl") else { return };
    let (_root, hostile) = full_fixture();
    let out = tempfile::tempdir().unwrap();
    for data in [hostile.as_path(), Path::new("data")] {
        let validation = validated(data);
        let workbook = out.path().join("polpos.xlsx");
        let read = xlsx_read_back(&python, data, &workbook);
        let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
        assert_eq!(read["sheets"], serde_json::json!(names));
        for table in Table::ALL {
            let built = export::build(&validation.dataset, table, today());
            let sheet = &read["content"][table.name()];
            assert_eq!(sheet["frozen"], "A2", "{}", table.name());
            assert!(sheet["filter"].as_str().is_some_and(|r| r.starts_with("A1:")), "{}: {}", table.name(), sheet["filter"]);
            let rows = sheet["rows"].as_array().unwrap();
            let header: Vec<&Value> = rows[0].as_array().unwrap().iter().map(|c| &c["v"]).collect();
            assert_eq!(header, built.fields.iter().map(|f| Value::from(f.name.as_str())).collect::<Vec<_>>().iter().collect::<Vec<_>>());
            assert_eq!(rows.len(), built.rows.len() + 1, "{}", table.name());
            for (row, cells) in rows[1..].iter().zip(&built.rows) {
                for (read, cell) in row.as_array().unwrap().iter().zip(cells) {
                    let expected = match cell {
                        export::Cell::Empty => Value::Null,
                        export::Cell::Text(text) => serde_json::json!({"t": "s", "v": text}),
                        export::Cell::Integer(n) => serde_json::json!({"t": "n", "v": n}),
                        export::Cell::Boolean(b) => serde_json::json!({"t": "b", "v": b}),
                    };
                    assert_eq!(read, &expected, "{}", table.name());
                }
            }
        }
    }
}

/// LibreOffice opens the workbook: converted headless to CSV, its positions sheet holds the
/// quotes and numbers as written.
#[test]
fn libreoffice_opens_the_xlsx_workbook() {
    let Some(soffice) = tools::program("soffice") else { return };
    let out = tempfile::tempdir().unwrap();
    let workbook = out.path().join("polpos.xlsx");
    let (code, _, err) = run(polpos().args(["export", "xlsx", "-o"]).arg(&workbook));
    assert_eq!(code, 0, "{err}");
    // 44 = comma, 34 = `"`, 76 = UTF-8; the first sheet, positions, is the one converted.
    let output = std::process::Command::new(soffice)
        .args(["--headless", "--norestore", &format!("-env:UserInstallation=file://{}/profile", out.path().display())])
        .args(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir"])
        .arg(out.path())
        .arg(&workbook)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let converted = std::fs::read_to_string(out.path().join("polpos.csv")).unwrap();
    let validation = validated(Path::new("data"));
    let built = export::build(&validation.dataset, Table::Positions, today());
    let rows = parse(&converted);
    assert_eq!(rows.len(), built.rows.len() + 1);
    for (row, cells) in rows[1..].iter().zip(&built.rows) {
        for ((field, read), cell) in built.fields.iter().zip(row).zip(cells) {
            let expected = match cell {
                export::Cell::Empty => String::new(),
                export::Cell::Text(text) => text.clone(),
                export::Cell::Integer(n) => n.to_string(),
                export::Cell::Boolean(b) => b.to_string().to_uppercase(),
            };
            assert_eq!(read, &expected, "positions.{}", field.name);
        }
    }
}

/// The SQLite database holds every table with its keys, and SQLite finds no row that breaks one.
#[test]
fn the_sqlite_database_keeps_every_key() {
    let Some(python) = tools::python_with("sqlite3") else { return };
    let out = tempfile::tempdir().unwrap();
    let database = out.path().join("polpos.db");
    let (code, _, err) = run(polpos().args(["export", "sqlite", "-o"]).arg(&database));
    assert_eq!(code, 0, "{err}");
    let script = "import json, sqlite3, sys\n\
        db = sqlite3.connect(sys.argv[1])\n\
        tables = [r[0] for r in db.execute(\"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name\")]\n\
        print(json.dumps({'tables': tables,\n\
          'broken': db.execute('PRAGMA foreign_key_check').fetchall(),\n\
          'keys': {t: len(db.execute(f'PRAGMA foreign_key_list(\"{t}\")').fetchall()) for t in tables},\n\
          'positions': db.execute('SELECT count(*), sum(typeof(stance_value) = \\'integer\\'), sum(current IN (0, 1)) FROM positions').fetchone(),\n\
          'joined': db.execute('SELECT count(*) FROM citations JOIN positions USING (position_id) JOIN actors a ON a.actor_id = positions.actor_id JOIN speakers s ON s.actor_id = citations.speaker_actor_id AND s.speaker_id = citations.speaker_id').fetchone()[0]}))";
    let output = std::process::Command::new(python).args(["-c", script]).arg(&database).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let read: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
    names.sort();
    assert_eq!(read["tables"], serde_json::json!(names));
    assert_eq!(read["broken"], serde_json::json!([]));
    // positions: actor, theme, supersedes, (actor, organ), (actor, speaker).
    assert_eq!(read["keys"]["positions"], 5 + 2);
    let validation = validated(Path::new("data"));
    let positions = validation.dataset.positions.len();
    assert_eq!(read["positions"], serde_json::json!([positions, positions, positions]));
    let spoken: usize = validation.dataset.positions.iter().flat_map(|p| &p.evidence).filter(|c| c.speaker.is_some()).count();
    assert_eq!(read["joined"], spoken);
}

/// Opened in LibreOffice as docs/export.md says (UTF-8, comma, quoted fields as text), the
/// positions CSV keeps every quote's typographic characters and every partial date as written.
#[test]
fn libreoffice_reads_the_csv_as_docs_export_md_says() {
    let Some(soffice) = tools::program("soffice") else { return };
    let docs = std::fs::read_to_string("docs/export.md").unwrap();
    let filter = docs.split("--infilter=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("positions.csv");
    let (code, _, err) = run(polpos().args(["export", "csv", "--table", "positions", "-o"]).arg(&csv));
    assert_eq!(code, 0, "{err}");
    let converted = out.path().join("converted");
    let output = std::process::Command::new(soffice)
        .args(["--headless", "--norestore", &format!("-env:UserInstallation=file://{}/profile", out.path().display())])
        .arg(format!("--infilter={filter}"))
        .args(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true", "--outdir"])
        .arg(&converted)
        .arg(&csv)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let read = parse(&std::fs::read_to_string(converted.join("positions.csv")).unwrap());
    let written = parse(&std::fs::read_to_string(&csv).unwrap());
    assert_eq!(read.len(), written.len());
    let header = written[0].clone();
    for (read, written) in read.iter().zip(&written) {
        for ((column, read), written) in header.iter().zip(read).zip(written) {
            // LibreOffice writes booleans as TRUE and FALSE.
            assert!(
                read == written || read.eq_ignore_ascii_case(written) && ["true", "false"].contains(&written.as_str()),
                "{column}: {read:?} != {written:?}"
            );
        }
    }
    assert!(written.iter().flatten().any(|cell| !cell.is_ascii()), "the shipped positions hold non-ASCII text");
}

/// An export into a folder that does not exist says so, names the file, and writes nothing.
#[test]
fn an_export_into_a_missing_folder_says_so() {
    let out = tempfile::tempdir().unwrap();
    for format in ["csv", "xlsx", "sqlite", "json"] {
        let target = out.path().join("missing").join(format!("polpos.{format}"));
        let mut command = polpos();
        command.args(["export", format]);
        if format == "csv" {
            command.args(["--table", "positions"]);
        }
        let (code, stdout, err) = run(command.arg("-o").arg(&target));
        let folder = out.path().join("missing");
        assert_eq!(code, 2, "{format}");
        assert!(stdout.is_empty());
        assert_eq!(err, format!("error: cannot write `{}`: the folder `{}` does not exist\n", target.display(), folder.display()));
    }
    assert!(std::fs::read_dir(out.path()).unwrap().next().is_none(), "nothing written");
}
