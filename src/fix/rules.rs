//! Each fix: which findings it resolves, the edit, and the check that the edit does only that.

use crate::diagnostics::{Code, Diagnostic, Fix, Safety};
use crate::document::{Document, Entry, Node, NodeKind};
use crate::edit::TextEdit;
use crate::format::comments::{SCHEMA_LINE_PREFIX, scalar_range};
use crate::format::{child_schema, scalar};
use crate::load::yaml;
use crate::model::{PartialDate, RecordKind};
use crate::quotes::{ArchiveSet, Miss, Trigrams, fragments};
use serde_json::Value;
use std::path::{Component, Path};

/// The fix a finding can carry, when its record allows one.
pub fn for_finding(diagnostic: &Diagnostic, document: &Document, kind: RecordKind, archive: Option<&ArchiveSet>) -> Option<Fix> {
    let content = document.content()?;
    let root = content.root()?;
    let byte = diagnostic.location?.start_byte;
    let schema = crate::schema::Schemas::get().raw(kind);
    match diagnostic.code {
        Code::UnknownKey => {
            let (path, entry, siblings) = key_at(root, byte, Vec::new())?;
            let allowed = schema_at(schema, &path)?.get("properties")?.as_object()?;
            let taken: Vec<&str> = siblings.iter().map(|e| e.key.as_str()).collect();
            let mut near = allowed.keys().filter(|key| !taken.contains(&key.as_str()) && one_edit_apart(key, &entry.key));
            let key = near.next()?;
            if near.next().is_some() {
                return None;
            }
            let (start, end) = scalar_range(&content.text, entry.key_location);
            let edit = TextEdit::replace(start..end, scalar::inline(key));
            let expected = renamed(root.to_json(), &path, &entry.key, key)?;
            checked(&content.text, edit, &expected, Safety::Unsafe, format!("rename `{}` to `{key}`", entry.key))
        }
        Code::WrongType | Code::InvalidValue | Code::IdMismatch => {
            let (path, node) = value_at(root, byte, Vec::new())?;
            let written = match &node.kind {
                NodeKind::Scalar { value: Value::String(text), .. } => text.clone(),
                NodeKind::Scalar { unquoted: Some(text), .. } => text.to_string(),
                _ => return None,
            };
            let is_date = schema_at(schema, &path).and_then(|s| s.get("format")).and_then(Value::as_str) == Some("partial-date");
            let is_id = matches!(path.as_slice(), [field] if field == "id" || (field == "coder" && kind == RecordKind::Reliability));
            let (new, title) = if is_date && diagnostic.code != Code::IdMismatch {
                let date = canonical_date(&written)?;
                (date.clone(), format!("write the date as \"{date}\""))
            } else if is_id && diagnostic.code != Code::WrongType {
                let stem = document.stem();
                if written == stem || normalized_id(&written) != stem {
                    return None;
                }
                (stem.to_string(), format!("set the id to the file name, `{stem}`"))
            } else {
                return None;
            };
            if node.to_json() == Value::String(new.clone()) {
                return None;
            }
            let edit = replace_value(&content.text, node, &scalar::inline(&new))?;
            let expected = with_value(root.to_json(), &path, Value::String(new))?;
            checked(&content.text, edit, &expected, Safety::Safe, title)
        }
        Code::QuoteNotFound => {
            let (path, node) = value_at(root, byte, Vec::new())?;
            let [evidence, index, field] = path.as_slice() else { return None };
            if evidence != "evidence" || field != "quote" {
                return None;
            }
            let quote = node.to_json();
            let pieces = fragments(quote.as_str()?);
            if pieces.len() != 1 {
                return None;
            }
            let source = root.find(&format!("/evidence/{index}/source"))?.to_json();
            let archive = archive?;
            let Miss::Closest { passage, .. } = archive.explain_miss(&Trigrams::new(archive), source.as_str()?, &pieces) else {
                return None;
            };
            let edit = replace_value(&content.text, node, &scalar::inline(&passage))?;
            let expected = with_value(root.to_json(), &path, Value::String(passage.clone()))?;
            checked(&content.text, edit, &expected, Safety::Unsafe, "replace the quote by the closest passage of the source".into())
        }
        _ => None,
    }
}

/// The `$schema` line a record in a data directory should start with, when its schema file is
/// where the line would point (the `schema/` folder beside the data directory); the fix that
/// writes it when the record's first line is not that line.
pub fn schema_line(document: &Document, kind: RecordKind, data_root: &Path) -> Option<Fix> {
    let relative = document.path.strip_prefix(data_root).ok()?;
    let depth = relative.components().filter(|c| matches!(c, Component::Normal(_))).count();
    let target = format!("{}schema/{}.schema.json", "../".repeat(depth), kind.name());
    if !document.path.parent()?.join(&target).is_file() {
        return None;
    }
    let content = document.content()?;
    let expected = content.root()?.to_json();
    let line = format!("{SCHEMA_LINE_PREFIX} $schema={target}");
    let text = &content.text;
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let edit = if text.starts_with(SCHEMA_LINE_PREFIX) {
        if text[..first_line_end].trim_end() == line {
            return None;
        }
        TextEdit::replace(0..first_line_end, line.as_str())
    } else {
        TextEdit::replace(0..0, format!("{line}\n"))
    };
    checked(text, edit, &expected, Safety::Safe, format!("start the file with `{line}`"))
}

/// The edit, when applying it leaves a text that parses with no finding to `expected`.
fn checked(text: &str, edit: TextEdit, expected: &Value, safety: Safety, title: String) -> Option<Fix> {
    let (edited, _) = crate::edit::apply(text, std::slice::from_ref(&edit));
    let parsed = yaml::parse(&edited, crate::limits::Limits::default().max_depth);
    let root = parsed.root.filter(|_| parsed.issues.is_empty())?;
    (root.to_json() == *expected).then(|| Fix { safety, title, edits: vec![edit] })
}

/// The schema of the value at a path of keys and indices.
fn schema_at<'a>(schema: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(schema, |schema, segment| match segment.parse::<usize>() {
        Ok(_) if schema.get("items").is_some() => schema.get("items"),
        _ => child_schema(Some(schema), segment),
    })
}

/// The scalar value that starts at `byte`, and its path.
fn value_at(node: &Node, byte: usize, path: Vec<String>) -> Option<(Vec<String>, &Node)> {
    match &node.kind {
        NodeKind::Scalar { .. } => (node.location.start_byte == byte).then_some((path, node)),
        NodeKind::Sequence(items) => {
            items.iter().enumerate().find_map(|(i, item)| value_at(item, byte, [path.as_slice(), &[i.to_string()]].concat()))
        }
        NodeKind::Mapping(entries) => {
            entries.iter().find_map(|e| value_at(&e.value, byte, [path.as_slice(), std::slice::from_ref(&e.key)].concat()))
        }
    }
}

/// The mapping entry whose key starts at `byte`: the path of its mapping, the entry, and the
/// mapping's entries.
fn key_at(node: &Node, byte: usize, path: Vec<String>) -> Option<(Vec<String>, &Entry, &[Entry])> {
    match &node.kind {
        NodeKind::Scalar { .. } => None,
        NodeKind::Sequence(items) => {
            items.iter().enumerate().find_map(|(i, item)| key_at(item, byte, [path.as_slice(), &[i.to_string()]].concat()))
        }
        NodeKind::Mapping(entries) => match entries.iter().find(|e| e.key_location.start_byte == byte) {
            Some(entry) => Some((path, entry, entries)),
            None => entries.iter().find_map(|e| key_at(&e.value, byte, [path.as_slice(), std::slice::from_ref(&e.key)].concat())),
        },
    }
}

/// The edit that writes `yaml` in place of a scalar value: quoted, plain, or a block scalar
/// with its `|`/`>` header (a comment on the header line is kept).
fn replace_value(text: &str, node: &Node, yaml: &str) -> Option<TextEdit> {
    let (start, end) = scalar_range(text, node.location);
    if text[start..].starts_with(['"', '\'']) {
        return Some(TextEdit::replace(start..end, yaml));
    }
    let before = text[..start].trim_end_matches([' ', '\t']);
    if !before.ends_with('\n') {
        return Some(TextEdit::replace(start..end, yaml));
    }
    // A block scalar: its content starts on the line after its header.
    let header_line_start = before[..before.len() - 1].rfind('\n').map_or(0, |at| at + 1);
    let header_line = &before[header_line_start..before.len() - 1];
    let (code, comment) = match header_line.find(" #") {
        Some(at) => (&header_line[..at], Some(header_line[at..].trim())),
        None => (header_line.trim_end(), None),
    };
    let code = code.trim_end();
    let indicator = code.rfind(' ').map_or(0, |at| at + 1);
    if !code[indicator..].starts_with(['|', '>']) {
        return None;
    }
    let content_end = start + text[start..end].trim_end().len();
    let replacement = match comment {
        Some(comment) => format!("{yaml} {comment}"),
        None => yaml.to_string(),
    };
    Some(TextEdit::replace(header_line_start + indicator..content_end, replacement))
}

/// A date written `YYYY`, `YYYY-M`, `YYYY/MM/DD`, `YYYY.M.D` or as a number, as the schema
/// writes it (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), when it is a real date.
fn canonical_date(written: &str) -> Option<String> {
    let parts: Vec<&str> = written.trim().split(['-', '/', '.']).collect();
    let digits =
        |part: &&str, widths: std::ops::RangeInclusive<usize>| widths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
    let (year, rest) = parts.split_first()?;
    if !digits(year, 4..=4) || rest.len() > 2 || !rest.iter().all(|part| digits(part, 1..=2)) {
        return None;
    }
    let date = std::iter::once(year.to_string()).chain(rest.iter().map(|part| format!("{part:0>2}"))).collect::<Vec<_>>().join("-");
    PartialDate::parse(&date).map(|_| date)
}

/// An id with its letter case, spaces and underscores made those of a file name.
fn normalized_id(id: &str) -> String {
    id.trim().to_lowercase().split(|c: char| c.is_whitespace() || c == '_').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-")
}

/// One insertion, deletion, substitution or swap of two neighbours apart.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match (ra.len(), rb.len()) {
        (0, 0) => false,
        (x, y) if x == y => ra[1..] == rb[1..] || (x >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..]),
        (x, y) if x == y + 1 => ra[1..] == *rb,
        (x, y) if y == x + 1 => *ra == rb[1..],
        _ => false,
    }
}

fn pointer_target<'a>(value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |value, segment| match value {
        Value::Object(map) => map.get_mut(segment),
        Value::Array(items) => items.get_mut(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

fn with_value(mut value: Value, path: &[String], new: Value) -> Option<Value> {
    *pointer_target(&mut value, path)? = new;
    Some(value)
}

fn renamed(mut value: Value, path: &[String], from: &str, to: &str) -> Option<Value> {
    let map = pointer_target(&mut value, path)?.as_object_mut()?;
    let moved = map.remove(from)?;
    map.insert(to.to_string(), moved);
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_in_the_schema_form_when_they_are_real() {
        assert_eq!(canonical_date("2017-3-8").as_deref(), Some("2017-03-08"));
        assert_eq!(canonical_date("2017/03").as_deref(), Some("2017-03"));
        assert_eq!(canonical_date("2017").as_deref(), Some("2017"));
        assert_eq!(canonical_date("2017-02-30"), None);
        assert_eq!(canonical_date("17-03-08"), None);
        assert_eq!(canonical_date("March 2017"), None);
    }

    #[test]
    fn ids_and_keys() {
        assert_eq!(normalized_id(" CN_Cyber Sovereignty-1 "), "cn-cyber-sovereignty-1");
        assert!(one_edit_apart("stated_on", "stated_om"));
        assert!(one_edit_apart("stated_on", "sated_on"));
        assert!(one_edit_apart("stated_on", "stated_onn"));
        assert!(one_edit_apart("stated_on", "statde_on"));
        assert!(!one_edit_apart("stated_on", "stance_on"));
        assert!(!one_edit_apart("id", "id"));
    }

    #[test]
    fn a_block_scalar_is_replaced_with_its_header() {
        let text = "a: >- # kept\n  two\n  lines\nb:\n  - |+\n    x\n\nc: 1\n";
        let root = yaml::parse(text, 8).root.unwrap();
        let edits = [
            replace_value(text, root.find("/a").unwrap(), "\"new\"").unwrap(),
            replace_value(text, root.find("/b/0").unwrap(), "y").unwrap(),
        ];
        assert_eq!(crate::edit::apply(text, &edits).0, "a: \"new\" # kept\nb:\n  - y\n\nc: 1\n");
    }
}
