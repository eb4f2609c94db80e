//! `polpos fmt`: one canonical layout for every record, written from its parsed tree.
//!
//! Keys follow the order of the record's JSON Schema (keys it does not know come last, in their
//! own order); lists keep their order; the `# yaml-language-server` line comes first; every
//! comment is kept beside the key or item it stood by; text is written as [`scalar`] says;
//! block style throughout, two spaces per level; no blank lines.
//!
//! A file that does not parse cleanly is refused, never rewritten. Every result is checked before
//! it is returned: it must parse to the same data with the same comments, or the file is refused.

pub mod comments;
pub mod scalar;

use crate::document::{Entry, Location, Node, NodeKind};
use crate::limits::Limits;
use crate::load::yaml;
use crate::model::RecordKind;
use comments::{Anchor, Placed, SCHEMA_LINE_PREFIX};
use scalar::Written;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// Why a file was left as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.reason)
    }
}

impl Refusal {
    fn at(location: Location, reason: impl Into<String>) -> Refusal {
        Refusal { line: location.line, column: location.column, reason: reason.into() }
    }
}

/// The canonical layout of a record's text. `kind` gives the key order (without it, keys keep
/// theirs).
pub fn format(text: &str, kind: Option<RecordKind>) -> Result<String, Refusal> {
    let parsed = yaml::parse(text, Limits::default().max_depth);
    if let Some(issue) = parsed.issues.first() {
        return Err(Refusal::at(issue.location, format!("{} ({}); the file is left as it is", issue.finding, issue.code())));
    }
    let Some(root) = parsed.root else { return Err(Refusal::at(Location::point(1, 1, 0), "no YAML document; the file is left as it is")) };
    let found = comments::find(text, &root);
    let schema_line = found.iter().position(|c| c.own_line && c.text.starts_with(SCHEMA_LINE_PREFIX));
    let others: Vec<comments::Comment> =
        found.iter().enumerate().filter(|(index, _)| Some(*index) != schema_line).map(|(_, c)| c.clone()).collect();
    let anchors = comments::anchors(&root);
    let mut writer = Writer {
        index: anchors.iter().enumerate().map(|(index, Anchor { id, .. })| (*id, index)).collect(),
        placed: comments::place(&others, &anchors),
        out: String::with_capacity(text.len() + 64),
    };
    if let Some(index) = schema_line {
        writer.line(0, &found[index].text);
    }
    let schema = kind.map(|kind| crate::schema::Schemas::get().raw(kind));
    writer.root(&root, schema);
    for comment in std::mem::take(&mut writer.placed.after_all) {
        writer.line(0, &comment);
    }
    let formatted = writer.out;
    keeps_data_and_comments(&root, &found, &formatted)?;
    Ok(formatted)
}

/// A record file's text. Only a regular file no larger than `max_size` is read (a link, a FIFO
/// or a device is refused, as the loader refuses them); it is decoded as the loader decodes it
/// (a leading BOM dropped; not UTF-8, or a NUL byte, refused where the loader refuses it).
pub fn read(path: &Path, max_size: u64) -> Result<String, Refusal> {
    let refuse = |reason: String| Refusal { line: 1, column: 1, reason };
    let metadata = std::fs::symlink_metadata(path).map_err(|e| refuse(format!("cannot read: {e}")))?;
    if !metadata.is_file() {
        return Err(refuse("not a regular file (a link, folder or device); it is left as it is".into()));
    }
    if metadata.len() > max_size {
        return Err(refuse(format!("{} bytes, more than the limit of {max_size}; the file is left as it is", metadata.len())));
    }
    let bytes = std::fs::read(path).map_err(|e| refuse(format!("cannot read: {e}")))?;
    crate::load::decode(bytes)
        .map_err(|(finding, location)| Refusal::at(location, format!("{finding} ({}); the file is left as it is", finding.code())))
}

/// The kind of record a file holds: from its place in a data directory (`actors/x.yaml`,
/// `positions/<actor>/x.yaml`, `dataset.yaml`…), else from the schema its first line names.
pub fn kind_of(path: &Path, text: &str) -> Option<RecordKind> {
    let names: Vec<&str> = path.iter().rev().take(3).filter_map(|part| part.to_str()).collect();
    let by_place = match names.as_slice() {
        ["dataset.yaml", ..] => Some(RecordKind::Dataset),
        [_, "actors", ..] => Some(RecordKind::Actor),
        [_, "themes", ..] => Some(RecordKind::Theme),
        [_, "sources", ..] => Some(RecordKind::Source),
        [_, "reliability", ..] => Some(RecordKind::Reliability),
        [_, _, "positions"] => Some(RecordKind::Position),
        _ => None,
    };
    by_place.or_else(|| {
        let line = text.lines().find(|line| line.starts_with(SCHEMA_LINE_PREFIX))?;
        let name = line.rsplit('/').next()?.strip_suffix(".schema.json")?;
        RecordKind::ALL.iter().copied().find(|kind| kind.name() == name)
    })
}

/// The formatted text must parse, with no finding, to the data the original held, and keep every
/// comment: anything else is a defect of the formatter, and the file is left as it is.
fn keeps_data_and_comments(original: &Node, comments: &[comments::Comment], formatted: &str) -> Result<(), Refusal> {
    let defect = |what: &str| {
        Err(Refusal::at(
            Location::point(1, 1, 0),
            format!("polpos cannot format this file without changing {what}; it is left as it is (please report it)"),
        ))
    };
    let parsed = yaml::parse(formatted, Limits::default().max_depth);
    let Some(root) = parsed.root.filter(|_| parsed.issues.is_empty()) else { return defect("its syntax") };
    // The same values, key order aside, and lists in the same order.
    if original.to_json() != root.to_json() {
        return defect("its data");
    }
    let mut before: Vec<&str> = comments.iter().map(|c| c.text.as_str()).collect();
    let after = comments::find(formatted, &root);
    let mut after: Vec<&str> = after.iter().map(|c| c.text.as_str()).collect();
    before.sort_unstable();
    after.sort_unstable();
    if before != after {
        return defect("its comments");
    }
    Ok(())
}

struct Writer {
    /// Each anchor's place in `placed`, by the anchor's address.
    index: HashMap<usize, usize>,
    placed: Placed,
    out: String,
}

impl Writer {
    fn line(&mut self, indent: usize, text: &str) {
        self.out.extend(std::iter::repeat_n(' ', indent));
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn comments_of(&mut self, id: usize) -> (Vec<String>, Option<String>) {
        match self.index.get(&id) {
            Some(&index) => self.placed.take(index),
            None => (Vec::new(), None),
        }
    }

    fn root(&mut self, root: &Node, schema: Option<&Value>) {
        let (leading, trailing) = self.comments_of(std::ptr::from_ref(root) as usize);
        for comment in leading {
            self.line(0, &comment);
        }
        match &root.kind {
            NodeKind::Mapping(entries) if !entries.is_empty() => {
                let ordered = in_schema_order(entries, schema);
                if let Some(comment) = trailing {
                    self.line(0, &comment);
                }
                for entry in ordered {
                    self.entry(entry, schema, 0, false);
                }
            }
            NodeKind::Sequence(items) if !items.is_empty() => {
                if let Some(comment) = trailing {
                    self.line(0, &comment);
                }
                for item in items {
                    self.item(item, schema.and_then(|s| s.get("items")), 0, false);
                }
            }
            _ => {
                let first = self.out.len();
                self.value_after(root, 0, 0);
                let text = self.out.split_off(first);
                self.out.push_str(text.strip_prefix(' ').unwrap_or(&text));
                self.end_first_line(first, trailing);
            }
        }
    }

    /// Puts a comment at the end of the first line written since byte `first` of the output.
    fn end_first_line(&mut self, first: usize, comment: Option<String>) {
        let Some(comment) = comment else { return };
        let end = self.out[first..].find('\n').map_or(self.out.len(), |at| first + at);
        self.out.insert_str(end, &format!(" {comment}"));
    }

    /// One mapping entry at `indent`; when `inline`, its line is already started (after `- `).
    fn entry(&mut self, entry: &Entry, parent_schema: Option<&Value>, indent: usize, inline: bool) {
        let (leading, trailing) = self.comments_of(std::ptr::from_ref(entry) as usize);
        for comment in leading {
            self.line(indent, &comment);
        }
        let first = self.out.len();
        let key = scalar::inline(&entry.key);
        if !inline {
            self.out.extend(std::iter::repeat_n(' ', indent));
        }
        self.out.push_str(&key);
        self.out.push(':');
        let schema = child_schema(parent_schema, &entry.key);
        self.value_after(&entry.value, indent + key.chars().count() + 1, indent);
        if let NodeKind::Mapping(entries) = &entry.value.kind
            && !entries.is_empty()
        {
            for child in in_schema_order(entries, schema) {
                self.entry(child, schema, indent + 2, false);
            }
        }
        if let NodeKind::Sequence(items) = &entry.value.kind {
            for item in items {
                self.item(item, schema.and_then(|s| s.get("items")), indent + 2, false);
            }
        }
        self.end_first_line(first, trailing);
    }

    /// One sequence item at `indent`: `- ` and the item; when `inline`, its line is already
    /// started (after its parent's `- `) and its comments were written with the parent's.
    fn item(&mut self, item: &Node, schema: Option<&Value>, indent: usize, inline: bool) {
        let ordered = match &item.kind {
            NodeKind::Mapping(entries) if !entries.is_empty() => in_schema_order(entries, schema),
            _ => Vec::new(),
        };
        let (leading, trailing) = self.item_comments(item, &ordered, schema);
        for comment in leading {
            self.line(indent, &comment);
        }
        let first_line = self.out.len();
        if !inline {
            self.out.extend(std::iter::repeat_n(' ', indent));
        }
        self.out.push('-');
        match &item.kind {
            NodeKind::Mapping(_) if !ordered.is_empty() => {
                self.out.push(' ');
                for (position, entry) in ordered.iter().enumerate() {
                    self.entry(entry, schema, indent + 2, position == 0);
                }
            }
            NodeKind::Sequence(items) if !items.is_empty() => {
                self.out.push(' ');
                for (position, child) in items.iter().enumerate() {
                    self.item(child, schema.and_then(|s| s.get("items")), indent + 2, position == 0);
                }
            }
            _ => self.value_after(item, indent + 1, indent),
        }
        self.end_first_line(first_line, trailing);
    }

    /// The comments of an item and of what is written on its dash's line (its first key, or its
    /// first item and what that one starts with): those before go before the dash, where a
    /// second run finds them, and one comment may end the line.
    fn item_comments(&mut self, item: &Node, ordered: &[&Entry], schema: Option<&Value>) -> (Vec<String>, Option<String>) {
        let (mut leading, mut trailing) = self.comments_of(std::ptr::from_ref(item) as usize);
        let (first_leading, first_trailing) = match (&item.kind, ordered.first()) {
            (_, Some(first)) => self.comments_of(std::ptr::from_ref(*first) as usize),
            (NodeKind::Sequence(items), None) if !items.is_empty() => {
                let child_schema = schema.and_then(|s| s.get("items"));
                let child_ordered = match &items[0].kind {
                    NodeKind::Mapping(entries) if !entries.is_empty() => in_schema_order(entries, child_schema),
                    _ => Vec::new(),
                };
                self.item_comments(&items[0], &child_ordered, child_schema)
            }
            _ => (Vec::new(), None),
        };
        leading.extend(first_leading);
        match (trailing.take(), first_trailing) {
            (Some(own), Some(other)) => {
                leading.push(own);
                trailing = Some(other);
            }
            (own, other) => trailing = own.or(other),
        }
        (leading, trailing)
    }

    /// Writes a value after its key or dash, from column `prefix_width`: ` text` and the end of
    /// the line, ` >-` and folded lines, ` []`/` {}`, or only the end of the line for a mapping
    /// or sequence whose entries follow (written by the caller).
    fn value_after(&mut self, node: &Node, prefix_width: usize, indent: usize) {
        match &node.kind {
            NodeKind::Scalar { value: Value::String(text), .. } => match scalar::value(text, prefix_width + 1, indent + 2) {
                Written::Inline(text) => {
                    self.out.push(' ');
                    self.out.push_str(&text);
                    self.out.push('\n');
                }
                Written::Folded(lines) => {
                    self.out.push_str(" >-\n");
                    for line in lines {
                        self.line(indent + 2, &line);
                    }
                }
            },
            NodeKind::Scalar { unquoted, value } => {
                let text = unquoted.as_deref().map_or_else(|| value.to_string(), str::to_string);
                if !text.is_empty() {
                    self.out.push(' ');
                    self.out.push_str(&text);
                }
                self.out.push('\n');
            }
            NodeKind::Sequence(items) if items.is_empty() => self.out.push_str(" []\n"),
            NodeKind::Mapping(entries) if entries.is_empty() => self.out.push_str(" {}\n"),
            NodeKind::Sequence(_) | NodeKind::Mapping(_) => self.out.push('\n'),
        }
    }
}

/// The schema of a mapping's value at `key`: the property's, else the one every other key has.
pub fn child_schema<'a>(schema: Option<&'a Value>, key: &str) -> Option<&'a Value> {
    let schema = schema?;
    schema.get("properties").and_then(|p| p.get(key)).or_else(|| schema.get("additionalProperties").filter(|s| s.is_object()))
}

/// The entries in the order of the schema's `properties`; keys it does not name come last, in
/// the order they were written.
fn in_schema_order<'a>(entries: &'a [Entry], schema: Option<&Value>) -> Vec<&'a Entry> {
    let properties = schema.and_then(|s| s.get("properties")).and_then(Value::as_object);
    let rank = |entry: &Entry| properties.and_then(|p| p.keys().position(|key| key == &entry.key)).unwrap_or(usize::MAX);
    let mut ordered: Vec<&Entry> = entries.iter().collect();
    ordered.sort_by_key(|entry| rank(entry));
    ordered
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSY: &str = "\
# a note at the top
theme: cyber-sovereignty   # the theme
id: cn-x-1
# yaml-language-server: $schema=../../../schema/position.schema.json
stance:   supports
stated_on: 2017-03-08
evidence:
  # the second citation
- quote: 'He said \"no\" — twice'
  source: b # a trailing one
  attribution: direct
- {source: a, quote: \"x\", attribution: reported}
unknown_key: [2, yes, ~]
actor: cn
summary: 'It''s long enough to be folded because it goes on and on and on, well past the width of a line, and then some more.'
";

    #[test]
    fn a_messy_record_gets_the_canonical_layout_and_keeps_every_comment() {
        let formatted = format(MESSY, Some(RecordKind::Position)).unwrap();
        insta::assert_snapshot!(formatted, @r#"
        # yaml-language-server: $schema=../../../schema/position.schema.json
        # a note at the top
        id: cn-x-1
        actor: cn
        theme: cyber-sovereignty # the theme
        stance: supports
        stated_on: "2017-03-08"
        summary: >-
          It's long enough to be folded because it goes on and on and on, well past the width of
          a line, and then some more.
        evidence:
          # the second citation
          - source: b # a trailing one
            quote: He said "no" — twice
            attribution: direct
          - source: a
            quote: x
            attribution: reported
        unknown_key:
          - 2
          - "yes"
          - ~
        "#);
        assert_eq!(format(&formatted, Some(RecordKind::Position)).unwrap(), formatted);
    }

    #[test]
    fn a_file_that_does_not_parse_cleanly_is_refused_with_its_place() {
        let refusal = format("a: 1\nb: [\n", None).unwrap_err();
        assert_eq!((refusal.line, refusal.column), (3, 1));
        let duplicate = format("a: 1\na: 2\n", None).unwrap_err();
        assert_eq!((duplicate.line, duplicate.column), (2, 1));
        assert!(duplicate.reason.contains("P002"), "{duplicate}");
        assert!(format("a: &x 1\nb: *x\n", None).is_err());
        assert!(format("", None).is_err());
    }

    #[test]
    fn the_kind_comes_from_the_place_or_the_schema_line() {
        assert_eq!(kind_of(Path::new("data/positions/cn/cn-a-1.yaml"), ""), Some(RecordKind::Position));
        assert_eq!(kind_of(Path::new("data/themes/a.yaml"), ""), Some(RecordKind::Theme));
        assert_eq!(kind_of(Path::new("data/dataset.yaml"), ""), Some(RecordKind::Dataset));
        assert_eq!(
            kind_of(Path::new("x.yaml"), "# yaml-language-server: $schema=../schema/source.schema.json\n"),
            Some(RecordKind::Source)
        );
        assert_eq!(kind_of(Path::new("x.yaml"), "id: x\n"), None);
    }
}
