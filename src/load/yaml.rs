//! YAML text → a tree of nodes that keep their line and column.
//!
//! Built on saphyr-parser's event stream rather than a serde deserializer so that every node keeps
//! its place, every duplicate key is seen, anchors, aliases and tags are refused where they stand,
//! and nesting depth is bounded before a tree is ever built.

use super::diags::Syntax;
use crate::diagnostics::Code;
use crate::document::{Entry, Location, Node, NodeKind};
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span};
use serde_json::{Number, Value};
use std::collections::HashMap;

/// A problem found while reading YAML; the loader adds the file.
#[derive(Debug)]
pub struct SyntaxIssue {
    pub finding: Syntax,
    pub location: Location,
    /// Another place that explains the issue (the first of two duplicate keys).
    pub related: Option<Location>,
}

impl SyntaxIssue {
    fn at(finding: Syntax, location: Location) -> SyntaxIssue {
        SyntaxIssue { finding, location, related: None }
    }

    pub fn code(&self) -> Code {
        self.finding.code()
    }
}

/// The result of parsing one file: a tree (or value) when one could be built, and every issue
/// found.
pub struct Parsed<N = Node> {
    pub root: Option<N>,
    pub issues: Vec<SyntaxIssue>,
}

/// What a parse builds from the events. Both builders see the same events and find the same
/// issues: the tree keeps every node's place, for findings; the value is all that the schema
/// and the typed model need, and costs a fraction of the tree.
pub trait Build {
    type Node;
    fn scalar(value: Value, unquoted: Option<Box<str>>, at: Location) -> Self::Node;
    fn sequence(items: Vec<Self::Node>, at: Location) -> Self::Node;
    fn mapping(entries: Vec<Entry<Self::Node>>, at: Location) -> Self::Node;
    /// The key a node makes, or the node back when it is not a scalar.
    fn key(node: Self::Node) -> Result<String, Self::Node>;
}

/// Builds the spanned tree.
pub enum Tree {}

impl Build for Tree {
    type Node = Node;
    fn scalar(value: Value, unquoted: Option<Box<str>>, at: Location) -> Node {
        Node { location: at, kind: NodeKind::Scalar { value, unquoted } }
    }
    fn sequence(items: Vec<Node>, at: Location) -> Node {
        Node { location: at, kind: NodeKind::Sequence(items) }
    }
    fn mapping(entries: Vec<Entry>, at: Location) -> Node {
        Node { location: at, kind: NodeKind::Mapping(entries) }
    }
    fn key(node: Node) -> Result<String, Node> {
        match node.kind {
            NodeKind::Scalar { value, .. } => Ok(key_text(value)),
            _ => Err(node),
        }
    }
}

/// Builds only the JSON value, as `Node::to_json` would make it from the tree.
pub enum Json {}

impl Build for Json {
    type Node = Value;
    fn scalar(value: Value, _: Option<Box<str>>, _: Location) -> Value {
        value
    }
    fn sequence(items: Vec<Value>, _: Location) -> Value {
        Value::Array(items)
    }
    fn mapping(entries: Vec<Entry<Value>>, _: Location) -> Value {
        let mut map = serde_json::Map::with_capacity(entries.len());
        for entry in entries {
            // The first of two duplicate keys wins; the duplicate is reported.
            map.entry(entry.key).or_insert(entry.value);
        }
        Value::Object(map)
    }
    fn key(node: Value) -> Result<String, Value> {
        match node {
            Value::Array(_) | Value::Object(_) => Err(node),
            scalar => Ok(key_text(scalar)),
        }
    }
}

fn key_text(value: Value) -> String {
    match value {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

/// Places in the text: the parser counts characters, locations also keep byte offsets.
struct Places<'a> {
    text: &'a str,
    ascii: bool,
    /// The last character offset converted, and its byte offset: events arrive in nearly text
    /// order, so walking on from the last answer costs little in all.
    chars: usize,
    bytes: usize,
}

impl<'a> Places<'a> {
    fn new(text: &'a str) -> Places<'a> {
        Places { text, ascii: text.is_ascii(), chars: 0, bytes: 0 }
    }

    fn byte(&mut self, marker: &Marker) -> usize {
        let index = marker.index();
        if self.ascii {
            return index.min(self.text.len());
        }
        while self.chars < index {
            // Most of a record is ASCII, one byte a character: skip such runs without decoding.
            let ascii = self.text.as_bytes()[self.bytes..].iter().take(index - self.chars).take_while(|byte| byte.is_ascii()).count();
            if ascii > 0 {
                self.bytes += ascii;
                self.chars += ascii;
                continue;
            }
            let Some(c) = self.text[self.bytes..].chars().next() else { break };
            self.bytes += c.len_utf8();
            self.chars += 1;
        }
        while self.chars > index {
            let Some(c) = self.text[..self.bytes].chars().next_back() else { break };
            self.bytes -= c.len_utf8();
            self.chars -= 1;
        }
        self.bytes
    }

    fn span(&mut self, span: &Span) -> Location {
        Location {
            line: span.start.line(),
            column: span.start.col() + 1,
            end_line: span.end.line(),
            end_column: span.end.col() + 1,
            start_byte: self.byte(&span.start),
            end_byte: self.byte(&span.end),
        }
    }

    fn point(&mut self, marker: &Marker) -> Location {
        Location::point(marker.line(), marker.col() + 1, self.byte(marker))
    }
}

enum Frame<N> {
    Sequence {
        start: Location,
        items: Vec<N>,
    },
    Mapping {
        start: Location,
        entries: Vec<Entry<N>>,
        /// The first place of each key, made only for a mapping too long to scan.
        seen: Option<HashMap<String, Location>>,
        pending_key: Option<(String, Location)>,
    },
}

/// Parses one YAML document into its tree. Stops at the first parse error or when nesting passes
/// `max_depth`; otherwise reports every duplicate key, anchor, alias and tag, and still builds
/// the tree.
pub fn parse(text: &str, max_depth: usize) -> Parsed {
    parse_into::<Tree>(text, max_depth)
}

/// Parses one YAML document with a builder: `parse` for the tree, `Json` for the value alone.
pub fn parse_into<B: Build>(text: &str, max_depth: usize) -> Parsed<B::Node> {
    let mut issues = Vec::new();
    let mut stack: Vec<Frame<B::Node>> = Vec::new();
    let mut root: Option<B::Node> = None;
    let mut documents = 0usize;
    let mut places = Places::new(text);

    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(pair) => pair,
            Err(error) => {
                issues.push(SyntaxIssue::at(Syntax::Scan { info: error.info().to_string() }, places.point(error.marker())));
                return Parsed { root: None, issues };
            }
        };
        let here = places.span(&span);
        let (node, location) = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentEnd => continue,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    issues.push(SyntaxIssue::at(Syntax::SecondDocument, here));
                    return Parsed { root, issues };
                }
                continue;
            }
            Event::Alias(_) => {
                issues.push(SyntaxIssue::at(Syntax::Alias, here));
                (B::scalar(Value::Null, None, here), here)
            }
            Event::Scalar(text, style, anchor, tag) => {
                refuse_anchor(anchor, here, &mut issues);
                let forced_string = match tag.as_deref() {
                    None => false,
                    Some(tag) if tag.is_yaml_core_schema() && tag.suffix == "str" => true,
                    Some(tag) => {
                        issues.push(SyntaxIssue::at(Syntax::ScalarTag { tag: tag.to_string() }, here));
                        false
                    }
                };
                let plain = style == ScalarStyle::Plain && !forced_string;
                // A string keeps the parser's own buffer; only a resolved scalar keeps its text too.
                let (value, unquoted) = match plain.then(|| resolve_plain(&text)).flatten() {
                    Some(value) => (value, Some(text.into())),
                    None => (Value::String(text.into_owned()), None),
                };
                (B::scalar(value, unquoted, here), here)
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                let is_sequence = matches!(event, Event::SequenceStart(..));
                refuse_anchor(anchor, here, &mut issues);
                if let Some(tag) = tag {
                    issues.push(SyntaxIssue::at(Syntax::Tag { tag: tag.to_string() }, here));
                }
                if stack.len() >= max_depth {
                    issues.push(SyntaxIssue::at(Syntax::TooDeep { limit: max_depth }, here));
                    return Parsed { root: None, issues };
                }
                stack.push(if is_sequence {
                    Frame::Sequence { start: here, items: Vec::new() }
                } else {
                    Frame::Mapping { start: here, entries: Vec::new(), seen: None, pending_key: None }
                });
                continue;
            }
            // Lists shrink when they close: their growth slack would otherwise stay for the run.
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Sequence { start, mut items }) => {
                    items.shrink_to_fit();
                    let at = span_to(start, here);
                    (B::sequence(items, at), at)
                }
                Some(Frame::Mapping { start, mut entries, .. }) => {
                    entries.shrink_to_fit();
                    let at = span_to(start, here);
                    (B::mapping(entries, at), at)
                }
                None => continue,
            },
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping { entries, seen, pending_key, .. }) => match pending_key.take() {
                Some((key, key_location)) => entries.push(Entry { key, key_location, value: node }),
                None => {
                    let Ok(key) = B::key(node) else {
                        issues.push(SyntaxIssue::at(Syntax::ComplexKey, location));
                        return Parsed { root: None, issues };
                    };
                    if key == "<<" {
                        issues.push(SyntaxIssue::at(Syntax::MergeKey, location));
                    }
                    if let Some(first) = first_place(entries, seen, &key, location) {
                        issues.push(SyntaxIssue { finding: Syntax::DuplicateKey { key: key.clone() }, location, related: Some(first) });
                    }
                    *pending_key = Some((key, location));
                }
            },
        }
    }
    // A document always holds a node (at least an empty scalar), so no root means no document.
    if root.is_none() {
        issues.push(SyntaxIssue::at(Syntax::NoDocument, Location::point(1, 1, 0)));
    }
    Parsed { root, issues }
}

/// Where `key` first stands in a mapping, if it came before. A record's mappings hold a few
/// keys, where a scan beats hashing every key; a long (hostile) mapping gets a map, so the work
/// stays linear in its length.
fn first_place<N>(entries: &[Entry<N>], seen: &mut Option<HashMap<String, Location>>, key: &str, here: Location) -> Option<Location> {
    const SCANNED: usize = 32;
    if entries.len() < SCANNED {
        return entries.iter().find(|entry| entry.key == key).map(|entry| entry.key_location);
    }
    let seen = seen.get_or_insert_with(|| {
        let mut seen = HashMap::with_capacity(entries.len() * 2);
        for entry in entries {
            seen.entry(entry.key.clone()).or_insert(entry.key_location);
        }
        seen
    });
    match seen.get(key) {
        Some(first) => Some(*first),
        None => {
            seen.insert(key.to_string(), here);
            None
        }
    }
}

fn span_to(start: Location, end: Location) -> Location {
    Location { end_line: end.end_line, end_column: end.end_column, end_byte: end.end_byte, ..start }
}

fn refuse_anchor(anchor: usize, here: Location, issues: &mut Vec<SyntaxIssue>) {
    if anchor != 0 {
        issues.push(SyntaxIssue::at(Syntax::Anchor, here));
    }
}

/// Resolves a plain scalar under the YAML 1.2 core schema, so YAML 1.1 traps (`no`, `on`,
/// `2017-03-08` as a timestamp, `1:20` as sexagesimal) stay strings: `None`.
fn resolve_plain(text: &str) -> Option<Value> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    // Core schema integers: decimal with an optional sign, `0x` hex, `0o` octal. No sign may
    // follow a prefix, which `from_str_radix` would otherwise take.
    let unsigned = |digits: &str| !digits.starts_with(['+', '-']);
    let integer = match (text.strip_prefix("0x"), text.strip_prefix("0o")) {
        (Some(hex), _) => unsigned(hex).then(|| i64::from_str_radix(hex, 16).ok()).flatten(),
        (_, Some(octal)) => unsigned(octal).then(|| i64::from_str_radix(octal, 8).ok()).flatten(),
        _ => text.parse::<i64>().ok(),
    };
    if let Some(integer) = integer {
        return Some(Value::Number(integer.into()));
    }
    // Rust's float grammar is the core schema's for finite numbers (`1.`, `.5`, `1e-3`). What
    // JSON cannot hold (`.inf`, `.nan`, an overflow) stays text, as does anything else.
    text.parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Value {
        parse(text, 64).root.expect("parses").to_json()
    }

    #[test]
    fn yaml_1_1_traps_stay_strings() {
        let v = value("a: no\nb: on\nc: 2017-03-08\nd: 1:20\ne: y\nf: 0b101\ng: 012\n");
        assert_eq!(v["a"], "no");
        assert_eq!(v["b"], "on");
        assert_eq!(v["c"], "2017-03-08");
        assert_eq!(v["d"], "1:20");
        assert_eq!(v["e"], "y");
        assert_eq!(v["f"], "0b101");
        assert_eq!(v["g"], 12);
    }

    #[test]
    fn core_schema_scalars_resolve() {
        let v = value("a: true\nb: ~\nc: 2017\nd: 1.5e3\ne: 'true'\nf: !!str 12\ng: .inf\n");
        assert_eq!(v["a"], true);
        assert!(v["b"].is_null());
        assert_eq!(v["c"], 2017);
        assert_eq!(v["d"], 1500.0);
        assert_eq!(v["e"], "true");
        assert_eq!(v["f"], "12");
        assert_eq!(v["g"], ".inf");
    }

    #[test]
    fn plain_scalars_resolve_as_the_core_schema_says() {
        let cases: [(&str, Value); 27] = [
            ("+12", 12.into()),
            ("-0", 0.into()),
            ("012", 12.into()),
            ("0x1F", 31.into()),
            ("0o17", 15.into()),
            ("1.", 1.0.into()),
            (".5", 0.5.into()),
            ("+.5e-3", 0.0005.into()),
            ("1E3", 1000.0.into()),
            ("99999999999999999999", 1e20.into()),
            ("Null", Value::Null),
            ("NULL", Value::Null),
            ("True", true.into()),
            ("FALSE", false.into()),
            ("0x", "0x".into()),
            ("0x-1", "0x-1".into()),
            ("0o+7", "0o+7".into()),
            ("0o8", "0o8".into()),
            ("0xFFFFFFFFFFFFFFFFFF", "0xFFFFFFFFFFFFFFFFFF".into()),
            ("+", "+".into()),
            ("1_000", "1_000".into()),
            ("1e", "1e".into()),
            (".", ".".into()),
            ("1e400", "1e400".into()),
            ("inf", "inf".into()),
            (".nan", ".nan".into()),
            ("yes", "yes".into()),
        ];
        for (text, expected) in cases {
            assert_eq!(value(&format!("a: {text}\n"))["a"], expected, "{text}");
        }
    }

    #[test]
    fn every_duplicate_key_is_reported_with_both_places() {
        let parsed = parse("a: 1\nb: 2\na: 3\nb: 4\n", 64);
        let codes: Vec<_> = parsed.issues.iter().map(|i| (i.code(), i.location.line, i.related.map(|r| r.line))).collect();
        assert_eq!(codes, vec![(Code::DuplicateKey, 3, Some(1)), (Code::DuplicateKey, 4, Some(2))]);
    }

    #[test]
    fn duplicates_in_a_long_mapping_are_found_with_their_first_place() {
        let keys: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
        let parsed = parse(&format!("{keys}k5: again\nk70: again\nk5: thrice\n"), 64);
        let found: Vec<_> = parsed.issues.iter().map(|i| (i.location.line, i.related.map(|r| r.line))).collect();
        assert_eq!(found, vec![(101, Some(6)), (102, Some(71)), (103, Some(6))]);
    }

    #[test]
    fn anchors_and_aliases_are_refused() {
        let parsed = parse("a: &x 1\nb: *x\n", 64);
        assert_eq!(parsed.issues.iter().filter(|i| i.code() == Code::AnchorOrAlias).count(), 2);
    }

    #[test]
    fn deep_nesting_stops_without_recursion() {
        let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let parsed = parse(&text, 64);
        assert!(parsed.root.is_none());
        assert!(parsed.issues[0].finding.to_string().contains("nesting is"), "{:?}", parsed.issues);
        let block = format!("a:\n{}", (1..200).map(|i| format!("{}- \n", "  ".repeat(i))).collect::<String>());
        assert_eq!(parse(&block, 64).issues[0].code(), Code::FileTooLarge);
    }

    #[test]
    fn byte_ranges_hold_past_non_ascii_text() {
        let text = "note: “他说” ‘好’ 中文\nflow: {a: “中”, b: 2}\nquote: \"「引」\"\nlast: 值\n";
        let root = parse(text, 64).root.unwrap();
        let at = |location: Location| &text[location.bytes()];
        assert_eq!(at(root.locate("/note")), "“他说” ‘好’ 中文");
        assert_eq!(at(root.locate_key("/flow/b")), "b");
        assert_eq!(at(root.locate("/flow/b")), "2");
        assert_eq!(at(root.locate("/quote")), "\"「引」\"");
        assert_eq!(at(root.locate_key("/last")), "last");
        assert_eq!(at(root.locate("/last")), "值");
        let error = &parse("note: “中文”\nbad: [\n", 64).issues[0];
        assert_eq!(error.location.start_byte, "note: “中文”\nbad: [\n".len());
    }

    /// Markers mostly arrive in text order, but a place asked for out of order, backwards or
    /// forwards, must still be the right byte.
    #[test]
    fn byte_offsets_are_right_in_any_order_of_asking() {
        let text = "ä“中”x\n";
        let mut places = Places::new(text);
        let byte = |places: &mut Places, index: usize| places.byte(&Marker::new(index, 1, index));
        let expected: Vec<usize> = text.char_indices().map(|(byte, _)| byte).chain([text.len()]).collect();
        for index in [4, 1, 0, 5, 2, 6, 3] {
            assert_eq!(byte(&mut places, index), expected[index], "character {index}");
        }
    }

    #[test]
    fn pointers_find_nodes_and_keys() {
        let root = parse("a:\n  - x: 1\n    yy: 2\n", 64).root.unwrap();
        assert_eq!(root.locate("/a/0/yy").line, 3);
        assert_eq!(root.locate_key("/a/0/yy").column, 5);
        assert_eq!(root.locate("/a/0/missing").line, 2);
    }
}
