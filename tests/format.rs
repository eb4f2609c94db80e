//! `polpos fmt`: the layout never changes a record's data or drops a comment, a second run changes
//! nothing, and a file that does not parse is left byte for byte as it was.

use assert_cmd::Command;
use polpos::format::{self, comments};
use polpos::load::yaml;
use polpos::model::RecordKind;
use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;

fn parsed(text: &str) -> Value {
    let parsed = yaml::parse(text, 64);
    assert!(parsed.issues.is_empty(), "{text}\n{:?}", parsed.issues);
    parsed.root.expect("a document").to_json()
}

fn comment_texts(text: &str) -> Vec<String> {
    let root = yaml::parse(text, 64).root.expect("a document");
    let mut texts: Vec<String> = comments::find(text, &root).into_iter().map(|c| c.text).collect();
    texts.sort();
    texts
}

/// The shipped records are formatted (CI runs `polpos fmt --check`), so formatting each changes nothing.
#[test]
fn every_shipped_record_is_formatted() {
    for entry in walkdir::WalkDir::new("data").sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let kind = format::kind_of(entry.path(), &text);
        assert!(kind.is_some(), "{}", entry.path().display());
        assert_eq!(format::format(&text, kind).unwrap(), text, "{} is not formatted", entry.path().display());
    }
}

/// Every YAML file of the test fixtures, broken ones included: each is refused, or formatted
/// to the same data and comments, and formatting the result changes nothing.
#[test]
fn every_fixture_is_refused_or_formatted_without_losing_anything() {
    let (mut formatted, mut refused) = (0, 0);
    for entry in walkdir::WalkDir::new("tests").sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|ext| ext != "yaml") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        let kind = format::kind_of(entry.path(), &text);
        match format::format(&text, kind) {
            Ok(once) => {
                assert_eq!(parsed(&once), parsed(&text), "{}", entry.path().display());
                assert_eq!(comment_texts(&once), comment_texts(&text), "{}", entry.path().display());
                assert_eq!(format::format(&once, kind).unwrap(), once, "{}", entry.path().display());
                formatted += 1;
            }
            Err(_) => refused += 1,
        }
    }
    assert!(formatted > 100 && refused >= 5, "{formatted} formatted, {refused} refused");
}

/// A generated record: keys of a position and others, text of every awkward kind, lists of
/// citations, and comments, written in any of YAML's styles.
#[derive(Debug, Clone)]
enum Gen {
    Text(String, u8),
    Number(i64),
    List(Vec<Gen>),
    Map(Vec<(String, Gen, Option<String>)>),
}

fn text_value() -> impl Strategy<Value = Gen> {
    let text = prop_oneof![
        "[a-z][a-z -]{0,30}[a-z]",
        "[a-zA-Z0-9 #:'\"\\\\—“”’中.,\\[\\]{}&*!|>%@`?\t\n\u{7}\u{2028}-]{0,140}",
        "(19|20)[0-9]{2}(-[01][0-9](-[0-3][0-9])?)?",
        "(yes|no|on|off|null|true|~|0x1F|1e3|12:30|0.2.0)",
        "([a-z]{1,12} ){10,30}[a-z]{1,12}",
    ];
    (text, 0u8..3).prop_map(|(text, style)| Gen::Text(text, style))
}

fn value() -> impl Strategy<Value = Gen> {
    let leaf = prop_oneof![4 => text_value(), 1 => any::<i64>().prop_map(Gen::Number)];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Gen::List),
            prop::collection::vec((key(), inner, comment()), 0..4).prop_map(|entries| Gen::Map(unique(entries))),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["id", "actor", "theme", "stance", "stated_on", "summary", "note", "evidence", "source", "quote"])
            .prop_map(str::to_string),
        "[a-z_]{1,8}",
        "[a-z #:'\"]{1,8}",
    ]
}

fn comment() -> impl Strategy<Value = Option<String>> {
    prop::option::of("#( [a-z:#'\"]{0,12})?")
}

fn unique(entries: Vec<(String, Gen, Option<String>)>) -> Vec<(String, Gen, Option<String>)> {
    let mut seen = std::collections::HashSet::new();
    entries.into_iter().filter(|(key, _, _)| seen.insert(key.clone())).collect()
}

/// Writes a generated value: text double-quoted, single-quoted or plain as it allows, lists and
/// mappings in block or flow style, comments on their own lines and at the ends of lines.
fn write(value: &Gen, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Gen::Map(entries) if !entries.is_empty() => {
            for (key, value, comment) in entries {
                if let Some(comment) = comment {
                    out.push_str(&format!("{pad}{comment}\n"));
                }
                out.push_str(&format!("{pad}{}:", serde_json::to_string(key).unwrap()));
                match value {
                    Gen::Map(e) if !e.is_empty() => {
                        out.push('\n');
                        write(value, indent + 2, out);
                    }
                    Gen::List(items) if !items.is_empty() => {
                        out.push_str(" # list\n");
                        write(value, indent, out);
                    }
                    _ => {
                        out.push(' ');
                        inline(value, out);
                        out.push_str(comment.as_deref().map(|c| format!(" {c}\n")).as_deref().unwrap_or("\n"));
                    }
                }
            }
        }
        Gen::List(items) if !items.is_empty() => {
            for item in items {
                out.push_str(&format!("{pad}- "));
                let block = matches!(item, Gen::Map(e) if !e.is_empty()) || matches!(item, Gen::List(i) if !i.is_empty());
                if block {
                    out.push('\n');
                    write(item, indent + 2, out);
                } else {
                    inline(item, out);
                    out.push('\n');
                }
            }
        }
        _ => {
            out.push_str(&pad);
            inline(value, out);
            out.push('\n');
        }
    }
}

fn inline(value: &Gen, out: &mut String) {
    match value {
        Gen::Text(text, 1) if text.chars().all(|c| !c.is_control() && c != '\u{2028}') => {
            out.push_str(&format!("'{}'", text.replace('\'', "''")));
        }
        Gen::Text(text, 2) if text.chars().all(|c| c.is_ascii_lowercase() || c == ' ') && !text.is_empty() && !text.ends_with(' ') => {
            out.push_str(text);
        }
        Gen::Text(text, _) => out.push_str(&serde_json::to_string(text).unwrap()),
        Gen::Number(n) => out.push_str(&n.to_string()),
        Gen::List(items) => {
            let written: Vec<String> = items
                .iter()
                .map(|item| {
                    let mut s = String::new();
                    inline(item, &mut s);
                    s
                })
                .collect();
            out.push_str(&format!("[{}]", written.join(", ")));
        }
        Gen::Map(entries) => {
            let written: Vec<String> = entries
                .iter()
                .map(|(key, value, _)| {
                    let mut s = format!("{}: ", serde_json::to_string(key).unwrap());
                    inline(value, &mut s);
                    s
                })
                .collect();
            out.push_str(&format!("{{{}}}", written.join(", ")));
        }
    }
}

fn record() -> impl Strategy<Value = String> {
    (prop::collection::vec((key(), value(), comment()), 1..8), any::<bool>()).prop_map(|(entries, schema_line)| {
        let mut text = String::new();
        if schema_line {
            text.push_str("# yaml-language-server: $schema=../../../schema/position.schema.json\n");
        }
        write(&Gen::Map(unique(entries)), 0, &mut text);
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn formatting_keeps_the_data_and_every_comment_and_a_second_run_changes_nothing(text in record()) {
        let formatted = format::format(&text, Some(RecordKind::Position)).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(parsed(&formatted), parsed(&text), "{}\n---\n{}", text, formatted);
        prop_assert_eq!(comment_texts(&formatted), comment_texts(&text));
        prop_assert_eq!(format::format(&formatted, Some(RecordKind::Position)).unwrap(), formatted.clone(), "{}", text);
        if text.starts_with("# yaml-language-server") {
            prop_assert!(formatted.starts_with("# yaml-language-server"));
        }
    }

    /// Any text at all: formatting either refuses or keeps the data.
    #[test]
    fn formatting_any_text_refuses_or_keeps_the_data(text in "[a-z:#'\" \\-\\[\\]{},\n&*!|>]{0,60}") {
        if let Ok(formatted) = format::format(&text, None) {
            prop_assert_eq!(parsed(&formatted), parsed(&text));
            prop_assert_eq!(format::format(&formatted, None).unwrap(), formatted);
        }
    }
}

/// Files that do not parse cleanly are never written; each is named with its line and column.
#[test]
fn hostile_files_are_left_untouched_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let hostile: &[(&str, &[u8], &str)] = &[
        ("unclosed-quote.yaml", b"id: x\nsummary: \"Aland\nnote: y\n", "unclosed-quote.yaml:2:10: "),
        ("tab.yaml", b"evidence:\n  - source: a\n\tquote: b\n", "tab.yaml:2:13: "),
        ("duplicate.yaml", b"id: a\nid: b\n", "duplicate.yaml:2:1: "),
        ("laughs.yaml", b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "laughs.yaml:1:4: "),
        ("latin1.yaml", b"id: caf\xe9\n", "latin1.yaml:1:8: invalid UTF-8 byte sequence here; save the file as UTF-8 (P004)"),
        ("two.yaml", b"id: a\n---\nid: b\n", "two.yaml:2:1: "),
        ("nul.yaml", b"id: a\nnote: b\0c\n", "nul.yaml:2:8: NUL byte in the file; records are plain text (P004)"),
        ("empty.yaml", b"", "empty.yaml:1:1: "),
    ];
    for (name, bytes, _) in hostile {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    std::fs::write(dir.path().join("fine.yaml"), "b: 1\na:   2\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("fine.yaml"), dir.path().join("link.yaml")).unwrap();
    for args in [&["--check"][..], &["--diff"], &[]] {
        let output = Command::cargo_bin("polpos").unwrap().arg("--isolated").arg("fmt").arg(dir.path()).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(output.stderr).unwrap().replace(&format!("{}/", dir.path().display()), "");
        for (name, bytes, named) in hostile {
            assert_eq!(&std::fs::read(dir.path().join(name)).unwrap(), bytes, "{name} changed");
            assert!(err.contains(named), "{named} not in\n{err}");
        }
    }
    assert_eq!(std::fs::read_to_string(dir.path().join("fine.yaml")).unwrap(), "b: 1\na: 2\n");
    #[cfg(unix)]
    {
        let link = dir.path().join("link.yaml");
        let output = Command::cargo_bin("polpos").unwrap().arg("--isolated").arg("fmt").arg(&link).output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert!(String::from_utf8(output.stderr).unwrap().contains("link.yaml:1:1: not a regular file"));
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    }
}

#[test]
fn check_and_diff_write_nothing_and_exit_1_when_a_file_would_change() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("themes/t.yaml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "label: T\nid: t # the id\n").unwrap();
    let run = |args: &[&str]| {
        let output =
            Command::cargo_bin("polpos").unwrap().current_dir(dir.path()).arg("--isolated").arg("fmt").args(args).output().unwrap();
        (output.status.code().unwrap(), String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
    };
    assert_eq!(
        run(&["themes", "--diff"]),
        (
            1,
            "--- a/themes/t.yaml\n+++ b/themes/t.yaml\n@@ -1,2 +1,2 @@\n+id: t # the id\n label: T\n-id: t # the id\n".to_string(),
            "1 file would reformat, 0 already formatted\n".to_string()
        )
    );
    assert_eq!(
        run(&["themes", "--check"]),
        (1, "would reformat themes/t.yaml\n".into(), "1 file would reformat, 0 already formatted\n".into())
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "label: T\nid: t # the id\n");
    assert_eq!(run(&["themes/t.yaml"]), (0, String::new(), "1 file reformatted, 0 already formatted\n".into()));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "id: t # the id\nlabel: T\n");
    assert_eq!(run(&["themes", "--check"]), (0, String::new(), "0 files would reformat, 1 already formatted\n".into()));
    assert!(Path::new(&file).exists());
}
