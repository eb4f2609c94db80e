//! Spanned YAML documents: every node keeps the place it stands in its file.
//!
//! The loader builds them, the schema layer and the checks point into them, and the model keeps
//! each record's document so that findings can name a line. This module depends on nothing else
//! in the crate.

use serde::Serialize;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// A place in a file: 1-based line and column (columns count Unicode scalar values), and the
/// same range as byte offsets into the file's text, for renderers that slice the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// Byte offset of the first byte; not part of any output format.
    #[serde(skip)]
    pub start_byte: usize,
    /// Byte offset just past the end.
    #[serde(skip)]
    pub end_byte: usize,
}

impl Location {
    /// The character at `line`:`column`, which starts at byte `byte`. The byte range is empty
    /// (the character's width in bytes is not known here); renderers mark the character there.
    pub fn point(line: usize, column: usize, byte: usize) -> Location {
        Location { line, column, end_line: line, end_column: column + 1, start_byte: byte, end_byte: byte }
    }

    /// The byte range in the file's text.
    pub fn bytes(&self) -> std::ops::Range<usize> {
        self.start_byte..self.end_byte
    }
}

/// One record file as read. Its text and tree are kept only while something needs them: once
/// a record is typed, the loader releases a file read from disk, and a finding that needs a
/// line later reads and parses it again. At 100k records the texts and trees would otherwise
/// be most of the memory a run holds.
#[derive(Debug)]
pub struct Document {
    /// The path as the user sees it: the data directory as given, joined with the file.
    pub path: PathBuf,
    content: Mutex<Option<Arc<Content>>>,
    origin: Origin,
}

/// A file's text and, when it could be parsed, its tree. The tree is built when first asked
/// for: most records need only their value, which the loader builds without it.
#[derive(Debug)]
pub struct Content {
    pub text: String,
    root: OnceLock<Option<Node>>,
    /// How the tree is built from the text, given by the loader, and the deepest nesting it
    /// may build.
    parse: fn(&str, usize) -> Option<Node>,
    max_depth: usize,
}

impl Content {
    pub fn new(text: String, parse: fn(&str, usize) -> Option<Node>, max_depth: usize) -> Content {
        Content { text, root: OnceLock::new(), parse, max_depth }
    }

    /// Content whose tree is already built (or known not to exist).
    pub fn with_root(text: String, root: Option<Node>) -> Content {
        Content { text, root: OnceLock::from(root), parse: |_, _| None, max_depth: 0 }
    }

    /// The tree; `None` when the file could not be parsed.
    pub fn root(&self) -> Option<&Node> {
        self.root.get_or_init(|| (self.parse)(&self.text, self.max_depth)).as_ref()
    }
}

/// Where a released document's content comes back from.
#[derive(Debug)]
pub enum Origin {
    /// Read from memory (a git revision, a test): the content is never released.
    Kept,
    /// Read from a file on disk: `reread` reads it again, and gives nothing when the file no
    /// longer has the length it had, so a file edited during a run is never misplaced. `file`
    /// is where it really is, when that is not the document's `path` (a symbolic link).
    Disk { file: Option<PathBuf>, len: usize, max_depth: usize, reread: fn(&Path, usize, usize) -> Option<Content> },
}

impl Document {
    pub fn new(path: PathBuf, content: Content, origin: Origin) -> Document {
        Document { path, content: Mutex::new(Some(Arc::new(content))), origin }
    }

    /// The text and tree, read again from disk if they were released.
    pub fn content(&self) -> Option<Arc<Content>> {
        let mut content = self.content.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if content.is_none()
            && let Origin::Disk { file, len, max_depth, reread } = &self.origin
        {
            *content = reread(file.as_deref().unwrap_or(&self.path), *len, *max_depth).map(Arc::new);
        }
        content.clone()
    }

    /// Lets go of the text and tree of a file that can be read again.
    pub fn release(&self) {
        if matches!(self.origin, Origin::Disk { .. }) {
            *self.content.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
        }
    }

    /// The file name without `.yaml`: what the record's id must be.
    pub fn stem(&self) -> &str {
        stem(&self.path)
    }

    /// The name of the folder the file lives in (for a position, its actor folder).
    pub fn folder(&self) -> Option<&str> {
        self.path.parent().and_then(Path::file_name).and_then(|s| s.to_str())
    }

    /// Where a JSON pointer into this record stands in its file.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        self.content()?.root().map(|root| root.locate(pointer))
    }

    /// Where the key named by a JSON pointer stands (the node itself for list items).
    pub fn locate_key(&self, pointer: &str) -> Option<Location> {
        self.content()?.root().map(|root| root.locate_key(pointer))
    }
}

/// A YAML node and the place it stands.
#[derive(Debug, Clone)]
pub struct Node {
    pub location: Location,
    pub kind: NodeKind,
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    /// A scalar and the JSON value it resolves to under YAML 1.2's core schema; `unquoted`
    /// keeps the text as written when an unquoted scalar resolved to something other than text.
    Scalar {
        value: Value,
        unquoted: Option<Box<str>>,
    },
    Sequence(Vec<Node>),
    Mapping(Vec<Entry>),
}

/// A key of a mapping, where it stands, and its value (a node of the tree, or only a value).
#[derive(Debug, Clone)]
pub struct Entry<N = Node> {
    pub key: String,
    pub key_location: Location,
    pub value: N,
}

impl Node {
    /// The JSON value of this node, for schema validation and the typed model.
    pub fn to_json(&self) -> Value {
        match &self.kind {
            NodeKind::Scalar { value, .. } => value.clone(),
            NodeKind::Sequence(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Mapping(entries) => {
                let mut map = Map::new();
                for entry in entries {
                    // The first of two duplicate keys wins; the duplicate is already reported.
                    map.entry(entry.key.clone()).or_insert_with(|| entry.value.to_json());
                }
                Value::Object(map)
            }
        }
    }

    /// The node at a JSON pointer (`/evidence/0/quote`), if it exists.
    pub fn find(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        for segment in pointer_segments(pointer) {
            node = node.child(&segment)?.1;
        }
        Some(node)
    }

    /// Where to point for a JSON pointer: the node itself, or for a key the node lacks, the
    /// deepest ancestor that exists.
    pub fn locate(&self, pointer: &str) -> Location {
        let mut node = self;
        for segment in pointer_segments(pointer) {
            match node.child(&segment) {
                Some((_, child)) => node = child,
                None => break,
            }
        }
        node.location
    }

    /// Where the key of the last pointer segment stands (for an unknown key, the key itself).
    pub fn locate_key(&self, pointer: &str) -> Location {
        let segments = pointer_segments(pointer);
        let Some((last, parents)) = segments.split_last() else { return self.location };
        let mut node = self;
        for segment in parents {
            match node.child(segment) {
                Some((_, child)) => node = child,
                None => return node.location,
            }
        }
        match node.child(last) {
            Some((Some(key_location), _)) => key_location,
            Some((None, child)) => child.location,
            None => node.location,
        }
    }

    fn child(&self, segment: &str) -> Option<(Option<Location>, &Node)> {
        match &self.kind {
            NodeKind::Mapping(entries) => entries.iter().find(|e| e.key == segment).map(|e| (Some(e.key_location), &e.value)),
            NodeKind::Sequence(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)).map(|n| (None, n)),
            NodeKind::Scalar { .. } => None,
        }
    }

    /// The text as written, when this node is an unquoted scalar that YAML read as a number,
    /// boolean or null rather than text.
    pub fn unquoted_non_text(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { unquoted, .. } => unquoted.as_deref(),
            _ => None,
        }
    }
}

fn pointer_segments(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(|segment| segment.replace("~1", "/").replace("~0", "~")).collect()
}

/// A record file's name without `.yaml`: what the record's id must be.
pub fn stem(path: &Path) -> &str {
    path.file_stem().and_then(|s| s.to_str()).unwrap_or_default()
}
