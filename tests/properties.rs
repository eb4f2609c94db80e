//! Properties over generated input: the loader and the checks never panic, and validation is
//! deterministic across runs and thread counts.

use polpos::diagnostics::Location;
use polpos::document::{Node, NodeKind};
use polpos::load::{Loaded, RawFile, yaml};
use polpos::model::{PartialDate, RecordKind};
use polpos::report::{self, Format, Style};
use polpos::validate::{Options, Validation, validate, validate_files};
use proptest::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn options() -> Options {
    Options { today: PartialDate::parse("2026-11-24").unwrap(), ..Options::default() }
}

/// A small dataset in memory: a manifest, one actor, one theme, one source and `position`.
fn validate_with_position(position: Vec<u8>) -> Validation {
    let file = |path: &str, kind: RecordKind, text: &[u8]| RawFile { path: PathBuf::from(path), kind, bytes: text.to_vec() };
    let base = Path::new("tests/fixtures/base/data");
    let read = |p: &str| std::fs::read(base.join(p)).unwrap();
    let files = vec![
        file("data/dataset.yaml", RecordKind::Dataset, &read("dataset.yaml")),
        file("data/actors/aa.yaml", RecordKind::Actor, &read("actors/aa.yaml")),
        file("data/themes/open-governance.yaml", RecordKind::Theme, &read("themes/open-governance.yaml")),
        file("data/sources/alpha-report.yaml", RecordKind::Source, &read("sources/alpha-report.yaml")),
        file("data/positions/aa/aa-open-governance-1.yaml", RecordKind::Position, &position),
    ];
    let loaded = Loaded { manifest_found: true, ..Loaded::default() };
    validate_files(files, loaded, Path::new("data"), &options())
}

/// The human report, which slices file texts by the locations' byte ranges.
fn render_human(validation: &Validation) -> String {
    let mut out = Vec::new();
    report::render(Format::Human, validation, Style::default(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Whether a location's byte range lies on character boundaries of `text` and starts at its
/// line and column (lines end at LF, CRLF or a lone CR, as in YAML). At the very end of the
/// text the parser may count a line break the text lacks, so there only the range is checked.
fn fits(text: &str, location: Location) -> bool {
    let (Some(_), Some(before)) = (text.get(location.bytes()), text.get(..location.start_byte)) else { return false };
    if location.start_byte == text.len() {
        return true;
    }
    let breaks = before.replace("\r\n", "\n").replace('\r', "\n");
    let line = breaks.matches('\n').count() + 1;
    let column = breaks.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    (line, column) == (location.line, location.column)
}

/// Every node and key of a tree whose location does not fit its text.
fn misfits(text: &str, node: &Node) -> Vec<Location> {
    let mut found: Vec<Location> = Some(node.location).filter(|l| !fits(text, *l)).into_iter().collect();
    match &node.kind {
        NodeKind::Scalar { .. } => {}
        NodeKind::Sequence(items) => items.iter().for_each(|item| found.extend(misfits(text, item))),
        NodeKind::Mapping(entries) => entries.iter().for_each(|entry| {
            found.extend(Some(entry.key_location).filter(|l| !fits(text, *l)));
            found.extend(misfits(text, &entry.value));
        }),
    }
    found
}

/// Arbitrary JSON-shaped values (JSON is YAML), biased towards the keys a position has.
fn record() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("id".to_string()),
        Just("actor".to_string()),
        Just("theme".to_string()),
        Just("stance".to_string()),
        Just("stated_on".to_string()),
        Just("valid_until".to_string()),
        Just("supersedes".to_string()),
        Just("summary".to_string()),
        Just("confidence".to_string()),
        Just("coder".to_string()),
        Just("evidence".to_string()),
        Just("source".to_string()),
        Just("quote".to_string()),
        Just("attribution".to_string()),
        Just("allow".to_string()),
        "[a-z_]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        prop_oneof![
            Just("aa".to_string()),
            Just("open-governance".to_string()),
            Just("alpha-report".to_string()),
            Just("opposes".to_string()),
            Just("2019".to_string()),
            Just("2019-02-30".to_string()),
            Just("direct".to_string()),
            Just("high".to_string()),
            Just("will never accept … global authority".to_string()),
            Just("aa-open-governance-1".to_string()),
            ".{0,20}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..10).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_yaml_reader_never_panics_on_any_text(text in "\\PC{0,200}") {
        let parsed = yaml::parse(&text, 64);
        prop_assert!(parsed.issues.iter().all(|issue| fits(&text, issue.location)), "{:?}", parsed.issues);
        prop_assert_eq!(parsed.root.map(|root| misfits(&text, &root)).unwrap_or_default(), vec![]);
    }

    #[test]
    fn the_yaml_reader_never_panics_on_yaml_shaped_text(text in "([ \\t]{0,4}(- |[a-z]{1,3}: |\\? |[\\[\\]{},&*!|>'\"#:-]|[a-z0-9 é中“”]{1,6})*\\r?\\n){0,12}") {
        let parsed = yaml::parse(&text, 64);
        prop_assert!(parsed.issues.iter().all(|issue| fits(&text, issue.location)), "{:?}", parsed.issues);
        prop_assert_eq!(parsed.root.map(|root| misfits(&text, &root)).unwrap_or_default(), vec![]);
    }

    #[test]
    fn validation_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let validation = validate_with_position(bytes);
        prop_assert!(validation.summary().errors > 0 || validation.dataset.positions.len() == 1);
        render_human(&validation);
    }

    #[test]
    fn validation_never_panics_on_arbitrary_record_structures(value in record()) {
        let text = serde_json::to_string_pretty(&value).unwrap();
        let validation = validate_with_position(text.into_bytes());
        // Whatever it found, every finding names a file of the dataset.
        for diagnostic in &validation.diagnostics {
            prop_assert!(diagnostic.file.starts_with("data"), "{:?}", diagnostic);
        }
        render_human(&validation);
    }
}

/// Validates `dir` with a pool of `threads` threads.
fn validate_with_threads(dir: &Path, threads: usize) -> Vec<String> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let options = Options { archive: Some(PathBuf::from("tests/fixtures/archive")), ..options() };
    let validation = pool.install(|| validate(dir, &options).unwrap());
    validation.diagnostics.iter().map(|d| format!("{d:?}")).collect()
}

#[test]
fn validation_is_deterministic_across_runs_and_thread_counts() {
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir("tests/cases").unwrap().map(|e| e.unwrap().path().join("data")).filter(|d| d.is_dir()).collect();
    dirs.sort();
    dirs.push(PathBuf::from("tests/fixtures/base/data"));
    for dir in dirs {
        let one = validate_with_threads(&dir, 1);
        assert_eq!(one, validate_with_threads(&dir, 2), "{}", dir.display());
        assert_eq!(one, validate_with_threads(&dir, 4), "{}", dir.display());
    }
}

/// Text a hostile contributor might put in any free-text field.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[=+@\\-\t\r]\\PC{0,12}",
        "[ \t]*[=+@\\-].{0,8}",
        "'[=+@\\-].{0,8}",
        "\\PC{0,16}",
        Just("=HYPERLINK(\"http://x\",\"y\")".to_string()),
        Just("-2".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn no_exported_csv_cell_starts_with_a_formula_trigger(texts in prop::collection::vec(hostile_text(), 12), excel in any::<bool>()) {
        use polpos::export::{Table, build, csv::render};
        let mut dataset = validate(Path::new("tests/fixtures/base/data"), &options()).unwrap().dataset;
        let mut texts = texts.into_iter().cycle();
        let mut next = || texts.next().unwrap();
        for position in &mut dataset.positions {
            position.data.summary = next().into();
            position.data.note = Some(next().into());
            position.data.coder = next().into();
            for citation in &mut position.data.evidence {
                citation.quote = next().into();
                citation.locator = Some(next().into());
                citation.forum = Some(next().into());
            }
        }
        for actor in &mut dataset.actors {
            actor.data.name = next();
            actor.data.aliases = vec![next(), next()];
        }
        for theme in &mut dataset.themes {
            theme.data.label = next();
            theme.data.include = vec![next()];
        }
        for source in &mut dataset.sources {
            source.data.title = next();
            source.data.authors = vec![next()];
        }
        for table in Table::ALL {
            let text = render(&build(&dataset, table, PartialDate::parse("2026-11-24").unwrap()), excel);
            let mut reader = ::csv::ReaderBuilder::new().has_headers(false).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
            for record in reader.records() {
                for cell in record.unwrap().iter() {
                    let is_number = cell.parse::<i64>().is_ok();
                    prop_assert!(is_number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?}: cell {:?}", table, cell);
                }
            }
        }
    }
}
