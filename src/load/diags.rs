//! The wording of the loader's findings (the syntax family: P001–P008), kept apart from the walk,
//! the reads and the parser that find them, as each check family keeps its own.

use crate::diagnostics::Code;
use std::fmt;

/// A finding about a file or folder as a whole: the walk, the read, the layout, the encoding.
#[derive(Debug)]
pub enum FileFinding {
    /// The walk could not read an entry.
    Unwalkable {
        reason: String,
    },
    TooManyFiles {
        limit: usize,
    },
    TooMuchData {
        limit: u64,
    },
    BrokenLink {
        reason: String,
    },
    LinkOutside,
    UnreadableLinkTarget {
        reason: String,
    },
    LinkToFolder,
    NotRegularFile,
    Misplaced(Misplaced),
    MissingManifest,
    TooLarge {
        size: u64,
        limit: u64,
    },
    Unreadable {
        reason: String,
    },
    NotUtf8,
    NulByte,
}

/// Why a path has no place in the layout of a data directory.
#[derive(Debug)]
pub enum Misplaced {
    PathNotUtf8,
    UnexpectedFolder { folders: String },
    YmlExtension,
    NotRecordIn { folder: String },
    PositionOutsideActor,
    NotRecordAtTop,
    NotRecord,
}

impl FileFinding {
    pub fn code(&self) -> Code {
        use FileFinding::*;
        match self {
            TooManyFiles { .. } | TooMuchData { .. } | TooLarge { .. } => Code::FileTooLarge,
            Unwalkable { .. } | BrokenLink { .. } | LinkOutside | UnreadableLinkTarget { .. } | LinkToFolder | NotRegularFile => {
                Code::UnreadableFile
            }
            Unreadable { .. } => Code::UnreadableFile,
            Misplaced(_) => Code::StrayFile,
            MissingManifest => Code::MissingManifest,
            NotUtf8 | NulByte => Code::NotUtf8,
        }
    }
}

impl fmt::Display for FileFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FileFinding::*;
        match self {
            Unwalkable { reason } | Unreadable { reason } => write!(f, "cannot read: {reason}"),
            TooManyFiles { limit } => {
                write!(f, "the data directory holds more than {limit} files and folders; the rest were not read (raise --max-files)")
            }
            TooMuchData { limit } => write!(
                f,
                "the dataset's files add up to more than {limit} bytes; this file and the rest were not read (raise --max-total-size)"
            ),
            BrokenLink { reason } => write!(f, "broken symbolic link: {reason}"),
            LinkOutside => f.write_str("symbolic link points outside the data directory; it is not followed"),
            UnreadableLinkTarget { reason } => write!(f, "cannot read the link's target: {reason}"),
            LinkToFolder => f.write_str("symbolic links to folders are not followed; move the folder into place"),
            NotRegularFile => f.write_str("not a regular file (a FIFO, socket or device); only regular files are read"),
            Misplaced(why) => why.fmt(f),
            MissingManifest => f.write_str(
                "the dataset has no manifest; create dataset.yaml with name, title, version, license, description and codebook_version",
            ),
            TooLarge { size, limit } => write!(
                f,
                "file is larger than the limit of {limit} bytes ({size} bytes); a record is a few kilobytes (raise --max-file-size)"
            ),
            NotUtf8 => f.write_str("invalid UTF-8 byte sequence here; save the file as UTF-8"),
            NulByte => f.write_str("NUL byte in the file; records are plain text"),
        }
    }
}

impl fmt::Display for Misplaced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Misplaced::*;
        match self {
            PathNotUtf8 => f.write_str("the path is not valid UTF-8; record names are lower-case ASCII ids"),
            UnexpectedFolder { folders } => {
                write!(f, "unexpected folder; the data directory holds only {folders} (and positions/<actor>/)")
            }
            YmlExtension => f.write_str("records use the `.yaml` extension; rename this file"),
            NotRecordIn { folder } => write!(f, "not a record: the {folder}/ folder holds only <id>.yaml files"),
            PositionOutsideActor => f.write_str("positions live in positions/<actor>/<id>.yaml; move this file into its actor's folder"),
            NotRecordAtTop => f.write_str("not a record: the top of the data directory holds only dataset.yaml and the record folders"),
            NotRecord => f.write_str("not a record: records live in actors/, themes/, sources/, positions/<actor>/ and reliability/"),
        }
    }
}

/// A finding of the YAML parser at a place in the text.
#[derive(Debug)]
pub enum Syntax {
    /// The parser gave up; `info` is its own description.
    Scan {
        info: String,
    },
    SecondDocument,
    NoDocument,
    Alias,
    Anchor,
    /// A tag on a scalar, where `!!str` alone is allowed.
    ScalarTag {
        tag: String,
    },
    /// A tag on a list or mapping.
    Tag {
        tag: String,
    },
    MergeKey,
    ComplexKey,
    TooDeep {
        limit: usize,
    },
    DuplicateKey {
        key: String,
    },
}

impl Syntax {
    pub fn code(&self) -> Code {
        use Syntax::*;
        match self {
            Scan { .. } | ComplexKey => Code::YamlSyntax,
            SecondDocument | NoDocument => Code::MultipleDocuments,
            Alias | Anchor | ScalarTag { .. } | Tag { .. } | MergeKey => Code::AnchorOrAlias,
            TooDeep { .. } => Code::FileTooLarge,
            DuplicateKey { .. } => Code::DuplicateKey,
        }
    }

    /// The label of the related place, for a finding that has one.
    pub fn related(&self) -> Option<String> {
        match self {
            Syntax::DuplicateKey { key } => Some(format!("`{key}` first appears here")),
            _ => None,
        }
    }
}

impl fmt::Display for Syntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Syntax::*;
        match self {
            Scan { info } => f.write_str(&describe_scan_error(info)),
            SecondDocument => f.write_str("a second YAML document starts here; a file holds exactly one record"),
            NoDocument => {
                f.write_str("the file holds no YAML document (it is empty or only comments); a record is a mapping of keys to values")
            }
            Alias => f.write_str("YAML aliases (`*name`) are not allowed; write the value out in full"),
            Anchor => f.write_str("YAML anchors (`&name`) are not allowed; write each value out in full"),
            ScalarTag { tag } => write!(f, "YAML tag `{tag}` is not allowed; only plain values (and `!!str`) are"),
            Tag { tag } => write!(f, "YAML tag `{tag}` is not allowed"),
            MergeKey => f.write_str("YAML merge keys (`<<`) are not allowed; write the keys out in full"),
            ComplexKey => f.write_str("a mapping key must be plain text, not a list or mapping"),
            TooDeep { limit } => write!(f, "nesting is deeper than {limit} levels; a record needs no more than a few"),
            DuplicateKey { key } => write!(f, "key `{key}` appears twice in this mapping; keep one"),
        }
    }
}

/// Rewords the parser's messages where a contributor needs a hint rather than grammar.
fn describe_scan_error(info: &str) -> String {
    if info.contains("recursion limit") {
        "nesting is too deep; a record needs no more than a few levels".to_string()
    } else if info.contains("tab") {
        format!("{info}: YAML indentation must use spaces, not tabs")
    } else if info.contains("mapping values are not allowed") {
        format!("{info}: a value containing `: ` must be quoted")
    } else {
        info.to_string()
    }
}
