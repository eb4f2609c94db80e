//! The comments of a YAML text, found beside its parsed tree, and the node each belongs to.
//!
//! The parser drops comments, so they are found in the text: a `#` at the start of a line or
//! after white space that stands outside every scalar. Each comment then belongs to a node of
//! the tree: a comment alone on its line to the next node, one at the end of a line to the last
//! node that starts on or before that line.

use crate::document::{Location, Node, NodeKind};

/// The line every record starts with, naming its JSON Schema for the YAML language server.
pub const SCHEMA_LINE_PREFIX: &str = "# yaml-language-server:";

/// A comment as written, from `#` to the end of its line (trailing white space dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    /// Byte offset of the `#`.
    pub byte: usize,
    /// 1-based line.
    pub line: usize,
    /// Whether nothing but white space stands before it on its line.
    pub own_line: bool,
}

/// Every comment of `text`, in order, given the tree parsed from it.
pub fn find(text: &str, root: &Node) -> Vec<Comment> {
    let mut scalars = Vec::new();
    collect_scalar_ranges(text, root, &mut scalars);
    scalars.sort_unstable();
    let mut comments = Vec::new();
    let mut line_start = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let mut previous: Option<char> = None;
        for (offset, c) in line.char_indices() {
            let byte = line_start + offset;
            if c == '#' && previous.is_none_or(char::is_whitespace) && !inside(&scalars, byte) {
                let own_line = line[..offset].trim().is_empty();
                let text = line[offset..].trim_end().to_string();
                comments.push(Comment { text, byte, line: index + 1, own_line });
                break;
            }
            previous = Some(c);
        }
        line_start += line.len();
    }
    comments
}

fn inside(ranges: &[(usize, usize)], byte: usize) -> bool {
    let after = ranges.partition_point(|&(start, _)| start <= byte);
    ranges[..after].iter().rev().take(64).any(|&(start, end)| start <= byte && byte < end)
}

/// The byte ranges of every scalar and key. The parser's span of a quoted scalar can run on to
/// the end of its line, so a quoted scalar ends at its closing quote, found here.
fn collect_scalar_ranges(text: &str, node: &Node, out: &mut Vec<(usize, usize)>) {
    match &node.kind {
        NodeKind::Scalar { .. } => out.push(scalar_range(text, node.location)),
        NodeKind::Sequence(items) => items.iter().for_each(|item| collect_scalar_ranges(text, item, out)),
        NodeKind::Mapping(entries) => {
            for entry in entries {
                out.push(scalar_range(text, entry.key_location));
                collect_scalar_ranges(text, &entry.value, out);
            }
        }
    }
}

/// The bytes a scalar (or key) at `location` takes in `text`.
pub fn scalar_range(text: &str, location: Location) -> (usize, usize) {
    let start = location.start_byte.min(text.len());
    let rest = &text[start..];
    let end = match rest.chars().next() {
        Some('\'') => closing_single_quote(rest),
        Some('"') => closing_double_quote(rest),
        _ => None,
    };
    (start, end.map_or(location.end_byte, |end| start + end))
}

/// The byte just past the closing quote of a single-quoted scalar (`''` is an escaped quote).
fn closing_single_quote(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// The byte just past the closing quote of a double-quoted scalar (`\` escapes the next one).
fn closing_double_quote(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// A node comments can belong to: a mapping entry (standing at its key), a sequence item, or
/// the root. `id` is the address of the entry or node, which stays put while the tree is borrowed.
#[derive(Debug, Clone, Copy)]
pub struct Anchor {
    pub id: usize,
    pub start: usize,
}

/// Every anchor of a tree in document order (a node before its children).
pub fn anchors(root: &Node) -> Vec<Anchor> {
    let mut anchors = vec![Anchor { id: std::ptr::from_ref(root) as usize, start: root.location.start_byte }];
    walk_anchors(root, &mut anchors);
    anchors
}

fn walk_anchors(node: &Node, anchors: &mut Vec<Anchor>) {
    match &node.kind {
        NodeKind::Scalar { .. } => {}
        NodeKind::Sequence(items) => {
            for item in items {
                anchors.push(Anchor { id: std::ptr::from_ref(item) as usize, start: item.location.start_byte });
                walk_anchors(item, anchors);
            }
        }
        NodeKind::Mapping(entries) => {
            for entry in entries {
                anchors.push(Anchor { id: std::ptr::from_ref(entry) as usize, start: entry.key_location.start_byte });
                walk_anchors(&entry.value, anchors);
            }
        }
    }
}

/// Where the comments go: for each anchor (in the order of [`anchors`]), the comments
/// written before it and the one at the end of its first line; and those after the last node.
#[derive(Debug, Default)]
pub struct Placed {
    pub leading: Vec<Vec<String>>,
    pub trailing: Vec<Option<String>>,
    pub after_all: Vec<String>,
}

impl Placed {
    /// Takes the comments of the anchor at `index`, so that each is written once.
    pub fn take(&mut self, index: usize) -> (Vec<String>, Option<String>) {
        (std::mem::take(&mut self.leading[index]), self.trailing[index].take())
    }
}

/// Assigns each comment to an anchor (anchors start in document order). A comment at the end of
/// a line belongs to the last anchor that starts before it; when one anchor gets several, they all go before it, so
/// that a second run places them the same way.
pub fn place(comments: &[Comment], anchors: &[Anchor]) -> Placed {
    let mut placed = Placed { leading: vec![Vec::new(); anchors.len()], trailing: vec![None; anchors.len()], after_all: Vec::new() };
    let mut trailing: Vec<Vec<String>> = vec![Vec::new(); anchors.len()];
    for comment in comments {
        if comment.own_line {
            // The first anchor (in document order) that starts after the comment.
            match anchors.iter().position(|anchor| anchor.start > comment.byte) {
                Some(index) => placed.leading[index].push(comment.text.clone()),
                None => placed.after_all.push(comment.text.clone()),
            }
        } else {
            match anchors.iter().rposition(|anchor| anchor.start <= comment.byte) {
                Some(index) => trailing[index].push(comment.text.clone()),
                None => placed.leading[0].push(comment.text.clone()),
            }
        }
    }
    for (index, mut comments) in trailing.into_iter().enumerate() {
        if comments.len() == 1 {
            placed.trailing[index] = comments.pop();
        } else {
            placed.leading[index].extend(comments);
        }
    }
    placed
}
