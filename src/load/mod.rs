//! Files on disk → YAML documents with line and column for every node, plus syntax findings.
//!
//! The walk is sorted and never follows a link out of the data directory; files are read
//! with size limits and parsed in parallel.

pub mod diags;
pub mod yaml;

use crate::diagnostics::Diagnostic;
use crate::document::{Content, Document, Location, Node, Origin};
use crate::error::Error;
use crate::limits::Limits;
use crate::model::RecordKind;
use diags::{FileFinding, Misplaced};
use rayon::prelude::*;
use serde_json::Value;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// A record file after parsing: what kind of record its place in the layout makes it.
#[derive(Debug, Clone)]
pub struct RecordFile {
    pub kind: RecordKind,
    pub document: Arc<Document>,
}

/// Everything read from a data directory.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub files: Vec<RecordFile>,
    pub diagnostics: Vec<Diagnostic>,
    pub manifest_found: bool,
    /// Record files found but not read (too large, unreadable), by kind and path: a finding
    /// names each, and references to them by file name are not unknown.
    pub unread: Vec<(RecordKind, PathBuf)>,
    /// A limit cut the walk short: the dataset is incomplete, so whole-dataset checks would
    /// only report what was not read.
    pub truncated: bool,
}

/// How a user-given directory is shown in messages: `./data/` becomes `data`.
pub fn display_root(dir: &Path) -> PathBuf {
    let cleaned: PathBuf = dir.components().filter(|c| !matches!(c, Component::CurDir)).collect();
    if cleaned.as_os_str().is_empty() { PathBuf::from(".") } else { cleaned }
}

/// A record file's bytes and where it stands, before parsing.
#[derive(Debug, Clone)]
pub struct RawFile {
    /// The path as the user sees it.
    pub path: PathBuf,
    pub kind: RecordKind,
    pub bytes: Vec<u8>,
}

/// Reads every record file of a data directory. Fails only when the directory itself is unusable.
pub fn load(dir: &Path, limits: &Limits) -> Result<Loaded, Error> {
    load_each(dir, limits, |_| (), |_, _, _, _| ()).map(|(loaded, _, _)| loaded)
}

/// What is handed on with each file: the file, its JSON value (none when it could not be
/// parsed), its findings, and for a position what `between` made of the other records.
pub trait HandOn<T, S>: Fn(&RecordFile, Option<Value>, &[Diagnostic], Option<&S>) -> T + Sync {}
impl<T, S, F: Fn(&RecordFile, Option<Value>, &[Diagnostic], Option<&S>) -> T + Sync> HandOn<T, S> for F {}

/// Reads every record file of a data directory, and hands each file, once parsed, to `each` in
/// the same task. The value is built straight from the parser's events; a document builds its
/// tree only if a finding needs a place. A caller finishes with one file (and may release its
/// document) before the next is read, so a run never holds every file's text and tree at once.
///
/// Positions come last: every other record is handed on first, `between` makes what it needs of
/// what those gave (the sources' archived texts), and each position is handed on with that, so
/// its checks can run as it is read. The results come back in the order of `loaded.files`, with
/// what `between` made.
pub fn load_each<T: Send, S: Sync>(
    dir: &Path,
    limits: &Limits,
    between: impl FnOnce(&[&T]) -> S,
    each: impl HandOn<T, S>,
) -> Result<(Loaded, Vec<T>, S), Error> {
    let (mut loaded, pending) = walk(dir, limits)?;
    // Each file is read, parsed and handed on in one task: at 100k files reading is much of the
    // loader's time, and only the files in flight are in memory.
    let read_and_hand_on = |pending: Pending, made: Option<&S>| match pending.read(limits.max_file_size) {
        Ok((raw, file)) => {
            let origin = Origin::Disk { file, len: raw.bytes.len(), max_depth: limits.max_depth, reread };
            parse_and_hand_on(raw, limits.max_depth, origin, |f, v, d| each(f, v, d, made))
        }
        Err((unread, finding)) => (Err(unread), vec![*finding]),
    };
    let (results, made) = positions_last(pending, |pending| pending.kind, read_and_hand_on, between, &mut loaded);
    Ok((loaded, results, made))
}

/// Positions handed on at a time: what they gave is taken into `loaded` before the next are
/// read, so a run never holds the results of every file twice.
const POSITIONS_AT_A_TIME: usize = 4096;

/// Hands on every item but positions, then `between` makes what it needs of their results, and
/// then every position is handed on with that, a few thousand at a time. Each stage runs in
/// parallel. Files and findings go into `loaded`, in the items' order, and what `each` made of
/// the files comes back in the same order.
fn positions_last<I: Send, T: Send, S: Sync>(
    items: Vec<I>,
    kind: impl Fn(&I) -> RecordKind,
    hand_on: impl Fn(I, Option<&S>) -> Done<T> + Sync,
    between: impl FnOnce(&[&T]) -> S,
    loaded: &mut Loaded,
) -> (Vec<T>, S) {
    let total = items.len();
    let count = items.iter().filter(|item| kind(item) == RecordKind::Position).count();
    let (mut positions, mut others): (Indexed<I>, Indexed<I>) = (Vec::with_capacity(count), Vec::with_capacity(total - count));
    for (i, item) in items.into_iter().enumerate() {
        if kind(&item) == RecordKind::Position { &mut positions } else { &mut others }.push((i, item));
    }
    let run = |items: Indexed<I>, made: Option<&S>| -> Indexed<Done<T>> {
        items.into_par_iter().map(|(i, item)| (i, hand_on(item, made))).collect()
    };
    let others = run(others, None);
    let made = between(&others.iter().filter_map(|(_, (file, _))| file.as_ref().ok().map(|(_, result)| result)).collect::<Vec<_>>());
    let mut results = Vec::with_capacity(total);
    loaded.files.reserve(total);
    let mut others = others.into_iter().peekable();
    let mut positions = positions.into_iter();
    loop {
        let some: Indexed<I> = positions.by_ref().take(POSITIONS_AT_A_TIME).collect();
        if some.is_empty() {
            break;
        }
        for (i, done) in run(some, Some(&made)) {
            while let Some((_, other)) = others.next_if(|(j, _)| *j < i) {
                keep(other, loaded, &mut results);
            }
            keep(done, loaded, &mut results);
        }
    }
    others.for_each(|(_, other)| keep(other, loaded, &mut results));
    (results, made)
}

/// Reads the bytes of every record file of a data directory, parsing none, for a caller that
/// keeps the files in memory (a workspace); `loaded` holds the walk's findings and no files.
pub fn read_all(dir: &Path, limits: &Limits) -> Result<(Loaded, Vec<RawFile>), Error> {
    let (mut loaded, pending) = walk(dir, limits)?;
    let read: Vec<Result<RawFile, (Unread, Box<Diagnostic>)>> =
        pending.into_par_iter().map(|pending| pending.read(limits.max_file_size).map(|(raw, _)| raw)).collect();
    let mut files = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(raw) => files.push(raw),
            Err((unread, finding)) => {
                loaded.diagnostics.push(*finding);
                loaded.unread.push(unread);
            }
        }
    }
    Ok((loaded, files))
}

/// Walks a data directory in name order: the record files to read, and the findings about
/// everything else in it.
fn walk(dir: &Path, limits: &Limits) -> Result<(Loaded, Vec<Pending>), Error> {
    let metadata = std::fs::metadata(dir).map_err(|e| Error::DataDir { path: dir.to_path_buf(), reason: e.to_string() })?;
    if !metadata.is_dir() {
        return Err(Error::DataDir { path: dir.to_path_buf(), reason: "not a directory".into() });
    }
    let root = dir.canonicalize().map_err(|e| Error::DataDir { path: dir.to_path_buf(), reason: e.to_string() })?;
    let shown = display_root(dir);
    // The record files in walk order, with their sizes where the walk knows them, and the
    // findings with the number of files found before each. The other sizes are read after the
    // walk, in parallel (one stat a file was much of a serial walk's time), and the total-size
    // limit applied in walk order, so the cut falls where a walk reading each size in turn stopped.
    let (mut pending, mut sizes, mut findings) = (Vec::new(), Vec::new(), Vec::new());
    let mut cut_short = false;

    let mut walk = walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name().min_depth(1).into_iter();
    let mut entries = 0usize;
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().map(|p| shown.join(p.strip_prefix(dir).unwrap_or(p))).unwrap_or_else(|| shown.clone());
                findings.push((pending.len(), file_finding(path, FileFinding::Unwalkable { reason: io_reason(&error.to_string()) })));
                continue;
            }
        };
        entries += 1;
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_path_buf();
        let path = shown.join(&relative);
        if entries > limits.max_files {
            findings.push((pending.len(), file_finding(shown.clone(), FileFinding::TooManyFiles { limit: limits.max_files })));
            cut_short = true;
            break;
        }
        let mut file_type = entry.file_type();
        let mut target = entry.path().to_path_buf();
        let mut size = None;
        if file_type.is_symlink() {
            match resolve_link(entry.path(), &root) {
                Ok((resolved, metadata)) => {
                    target = resolved;
                    file_type = metadata.file_type();
                    size = Some(metadata.len());
                }
                Err(finding) => {
                    findings.push((pending.len(), file_finding(path, finding)));
                    continue;
                }
            }
            if file_type.is_dir() {
                findings.push((pending.len(), file_finding(path, FileFinding::LinkToFolder)));
                continue;
            }
        }
        let placement = classify(&relative, file_type.is_dir());
        if file_type.is_dir() {
            if let Err(why) = placement {
                findings.push((pending.len(), file_finding(path, FileFinding::Misplaced(why))));
                walk.skip_current_dir();
            }
            continue;
        }
        if !file_type.is_file() {
            findings.push((pending.len(), file_finding(path, FileFinding::NotRegularFile)));
            continue;
        }
        let kind = match placement {
            Ok(Some(found)) => found,
            Ok(None) => continue,
            Err(why) => {
                findings.push((pending.len(), file_finding(path, FileFinding::Misplaced(why))));
                continue;
            }
        };
        // Most files are read where they are shown: their path is then kept once.
        let target = (target != path).then_some(target.into_boxed_path());
        pending.push(Pending { path, kind, target });
        sizes.push(size);
    }
    sizes.par_iter_mut().zip(&pending).filter(|(size, _)| size.is_none()).for_each(|(size, file)| {
        *size = Some(std::fs::metadata(file.target.as_deref().unwrap_or(&file.path)).map_or(0, |m| m.len()));
    });
    let mut total_size = 0u64;
    // Files too large to read do not count towards the total; they are refused one by one.
    let too_much = sizes.iter().map(|size| size.unwrap_or(0)).position(|size| {
        total_size += if size <= limits.max_file_size { size } else { 0 };
        total_size > limits.max_total_size
    });
    let mut loaded = Loaded::default();
    if let Some(cut) = too_much {
        findings.retain(|(before, _)| *before <= cut);
        findings.push((cut, file_finding(pending[cut].path.clone(), FileFinding::TooMuchData { limit: limits.max_total_size })));
        pending.truncate(cut);
    }
    loaded.truncated = too_much.is_some() || cut_short;
    loaded.diagnostics = findings.into_iter().map(|(_, finding)| finding).collect();
    loaded.manifest_found = pending.iter().any(|file| file.kind == RecordKind::Dataset);
    if !loaded.manifest_found {
        loaded.diagnostics.push(file_finding(shown.join("dataset.yaml"), FileFinding::MissingManifest));
    }
    Ok((loaded, pending))
}

/// Parses record files already in memory (in parallel) into `loaded`.
pub fn parse_all(raw_files: Vec<RawFile>, limits: &Limits, loaded: &mut Loaded) {
    parse_each(raw_files, limits, loaded, |_| (), |_, _, _, _| ());
}

/// Parses record files already in memory (in parallel) into `loaded`, and hands each to `each`,
/// positions last, as `load_each` does. Their documents are kept: there is no file to read
/// them again from.
pub fn parse_each<T: Send, S: Sync>(
    raw_files: Vec<RawFile>,
    limits: &Limits,
    loaded: &mut Loaded,
    between: impl FnOnce(&[&T]) -> S,
    each: impl HandOn<T, S>,
) -> (Vec<T>, S) {
    let parse = |raw: RawFile, made: Option<&S>| parse_and_hand_on(raw, limits.max_depth, Origin::Kept, |f, v, d| each(f, v, d, made));
    positions_last(raw_files, |raw| raw.kind, parse, between, loaded)
}

/// Parses one file's bytes into its record file and hands that, its value and its findings to
/// `each`.
fn parse_and_hand_on<T>(
    raw: RawFile,
    max_depth: usize,
    origin: Origin,
    each: impl FnOnce(&RecordFile, Option<Value>, &[Diagnostic]) -> T,
) -> Done<T> {
    let (content, value, diagnostics) = decode_and_parse(&raw.path, raw.bytes, max_depth);
    let record = RecordFile { kind: raw.kind, document: Arc::new(Document::new(raw.path, content, origin)) };
    let result = each(&record, value, &diagnostics);
    (Ok((record, result)), diagnostics)
}

/// Items with their places in a list.
type Indexed<T> = Vec<(usize, T)>;

/// One file's file and findings into `loaded`, and what `each` made of it into `results`.
fn keep<T>((file, diagnostics): Done<T>, loaded: &mut Loaded, results: &mut Vec<T>) {
    loaded.diagnostics.extend(diagnostics);
    match file {
        Ok((file, result)) => {
            loaded.files.push(file);
            results.push(result);
        }
        Err(unread) => loaded.unread.push(unread),
    }
}

/// One file after `load_each`: the file and what `each` made of it, or the kind and path of a
/// file that could not be read; and its findings.
type Done<T> = (Result<(RecordFile, T), Unread>, Vec<Diagnostic>);

/// The kind and path of a record file that could not be read.
type Unread = (RecordKind, PathBuf);

/// A record file found by the walk, to be read: where it is shown and, when that is elsewhere,
/// where it really is.
struct Pending {
    path: PathBuf,
    kind: RecordKind,
    target: Option<Box<Path>>,
}

impl Pending {
    /// The file's bytes and, when it is not at its shown path, the file they were read from; if
    /// they could not be read, its kind and path and a finding naming it.
    fn read(self, max_file_size: u64) -> Result<(RawFile, Option<PathBuf>), (Unread, Box<Diagnostic>)> {
        let Pending { path, kind, target } = self;
        match read_limited(target.as_deref().unwrap_or(&path), max_file_size) {
            Ok(bytes) => Ok((RawFile { path, kind, bytes }, target.map(Box::into))),
            Err(finding) => {
                let finding = Box::new(file_finding(path.clone(), finding));
                Err(((kind, path), finding))
            }
        }
    }
}

/// Follows a symbolic link, refusing loops, dangling links and targets outside the data directory.
fn resolve_link(link: &Path, root: &Path) -> Result<(PathBuf, std::fs::Metadata), FileFinding> {
    let target = link.canonicalize().map_err(|e| FileFinding::BrokenLink { reason: io_reason(&e.to_string()) })?;
    if !target.starts_with(root) {
        return Err(FileFinding::LinkOutside);
    }
    let metadata = std::fs::metadata(&target).map_err(|e| FileFinding::UnreadableLinkTarget { reason: io_reason(&e.to_string()) })?;
    Ok((target, metadata))
}

/// A finding about a whole file or folder.
fn file_finding(path: PathBuf, finding: FileFinding) -> Diagnostic {
    Diagnostic::new(finding.code(), path, None, finding.to_string())
}

fn io_reason(message: &str) -> String {
    message.split(" (os error").next().unwrap_or(message).to_string()
}

/// Reads at most `limit` bytes: a larger file is refused without reading it all.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, FileFinding> {
    let too_large = |size: u64| FileFinding::TooLarge { size, limit };
    let unreadable = |e: std::io::Error| FileFinding::Unreadable { reason: io_reason(&e.to_string()) };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > limit {
        return Err(too_large(size));
    }
    let expected = size;
    let mut bytes = Vec::with_capacity(expected as usize + 1);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Where a path may stand in the layout: `Ok(Some(kind))` for a record file, `Ok(None)` for an
/// allowed folder, `Err(why)` for anything else.
fn classify(relative: &Path, is_dir: bool) -> Result<Option<RecordKind>, Misplaced> {
    let parts: Vec<&str> = match relative.iter().map(|p| p.to_str()).collect::<Option<Vec<_>>>() {
        Some(parts) => parts,
        None => return Err(Misplaced::PathNotUtf8),
    };
    const FOLDERS: [&str; 5] = ["actors", "themes", "sources", "positions", "reliability"];
    if is_dir {
        return match parts.as_slice() {
            [folder] if FOLDERS.contains(folder) => Ok(None),
            ["positions", _] => Ok(None),
            _ => Err(Misplaced::UnexpectedFolder { folders: FOLDERS.map(|f| format!("{f}/")).join(", ") }),
        };
    }
    let name = parts.last().copied().unwrap_or_default();
    let record_file = |kind: RecordKind| -> Result<Option<RecordKind>, Misplaced> {
        if name.ends_with(".yaml") && name.len() > ".yaml".len() {
            Ok(Some(kind))
        } else if name.ends_with(".yml") {
            Err(Misplaced::YmlExtension)
        } else {
            Err(Misplaced::NotRecordIn { folder: relative.parent().map(|p| p.display().to_string()).unwrap_or_default() })
        }
    };
    match parts.as_slice() {
        ["dataset.yaml"] => Ok(Some(RecordKind::Dataset)),
        ["actors", _] => record_file(RecordKind::Actor),
        ["themes", _] => record_file(RecordKind::Theme),
        ["sources", _] => record_file(RecordKind::Source),
        ["positions", _] => Err(Misplaced::PositionOutsideActor),
        ["positions", _, _] => record_file(RecordKind::Position),
        ["reliability", _] => record_file(RecordKind::Reliability),
        [_] => Err(Misplaced::NotRecordAtTop),
        _ => Err(Misplaced::NotRecord),
    }
}

/// Decodes a file's bytes (a leading BOM dropped) and parses them: the content, the value when
/// the text could be parsed, and the findings about `path`.
fn decode_and_parse(path: &Path, bytes: Vec<u8>, max_depth: usize) -> (Content, Option<Value>, Vec<Diagnostic>) {
    let text = match decode(bytes) {
        Ok(text) => text,
        Err((finding, location)) => {
            let diagnostic = Diagnostic::new(finding.code(), path, Some(location), finding.to_string());
            return (Content::with_root(String::new(), None), None, vec![diagnostic]);
        }
    };
    let parsed = yaml::parse_into::<yaml::Json>(&text, max_depth);
    let diagnostics = parsed
        .issues
        .into_iter()
        .map(|issue| {
            let diagnostic = Diagnostic::new(issue.code(), path, Some(issue.location), issue.finding.to_string());
            match (issue.related, issue.finding.related()) {
                (Some(location), Some(label)) => diagnostic.with_related(path, Some(location), label),
                _ => diagnostic,
            }
        })
        .collect();
    let content = match parsed.root {
        Some(_) => Content::new(text, tree, max_depth),
        None => Content::with_root(text, None),
    };
    (content, parsed.root, diagnostics)
}

/// A file's text, a leading BOM dropped; or why it is no record's text, and where. The loader
/// and `polpos fmt` read files through it, so both refuse the same bytes at the same place.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, (FileFinding, Location)> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let text = String::from_utf8(bytes).map_err(|error| {
        let good = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        (FileFinding::NotUtf8, end_of(&String::from_utf8_lossy(good)))
    })?;
    match text.find('\0') {
        Some(at) => Err((FileFinding::NulByte, end_of(&text[..at]))),
        None => Ok(text),
    }
}

fn tree(text: &str, max_depth: usize) -> Option<Node> {
    yaml::parse(text, max_depth).root
}

/// Reads a released file again, if it still has the length it had.
fn reread(file: &Path, len: usize, max_depth: usize) -> Option<Content> {
    let bytes = std::fs::read(file).ok().filter(|bytes| bytes.len() == len)?;
    decode(bytes).ok().map(|text| Content::new(text, tree, max_depth))
}

/// The location just past the end of `prefix`: where the next character would stand.
fn end_of(prefix: &str) -> Location {
    let line = prefix.matches('\n').count() + 1;
    let column = prefix.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    Location::point(line, column, prefix.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file whose size is not known before it is read (a pseudo-file, or one that grows while
    /// it is read) is still refused once more than the limit has been read.
    #[test]
    #[cfg(target_os = "linux")]
    fn a_file_larger_than_its_stated_size_is_held_to_the_limit() {
        let file = Path::new("/proc/self/status");
        assert_eq!(std::fs::metadata(file).unwrap().len(), 0, "a pseudo-file states no size");
        assert!(matches!(read_limited(file, 10), Err(FileFinding::TooLarge { size: 11, limit: 10 })));
        assert!(read_limited(file, 1 << 20).unwrap().len() > 10);
    }

    fn one_actor(dir: &Path, text: &str) -> PathBuf {
        std::fs::create_dir_all(dir.join("actors")).unwrap();
        std::fs::write(dir.join("dataset.yaml"), "name: x\n").unwrap();
        let file = dir.join("actors/cn.yaml");
        std::fs::write(&file, text).unwrap();
        file
    }

    #[test]
    fn a_released_document_is_read_again_when_a_place_is_needed() {
        let dir = tempfile::tempdir().unwrap();
        one_actor(dir.path(), "id: cn\nname: China\n");
        let loaded = load(dir.path(), &Limits::default()).unwrap();
        let document = &loaded.files.iter().find(|f| f.kind == RecordKind::Actor).unwrap().document;
        document.release();
        assert_eq!(document.locate("/name").map(|l| (l.line, l.column)), Some((2, 7)));
        assert_eq!(document.content().unwrap().text, "id: cn\nname: China\n");
    }

    #[test]
    fn a_file_changed_since_it_was_read_gives_no_place_rather_than_a_wrong_one() {
        let dir = tempfile::tempdir().unwrap();
        let file = one_actor(dir.path(), "id: cn\nname: China\n");
        let loaded = load(dir.path(), &Limits::default()).unwrap();
        let document = &loaded.files.iter().find(|f| f.kind == RecordKind::Actor).unwrap().document;
        document.release();
        std::fs::write(&file, "# a new first line\nid: cn\nname: China\n").unwrap();
        assert_eq!(document.locate("/name"), None);
    }

    #[test]
    fn documents_read_from_memory_are_never_released() {
        let mut loaded = Loaded::default();
        let raw = RawFile { path: "data/actors/cn.yaml".into(), kind: RecordKind::Actor, bytes: b"id: cn\n".to_vec() };
        parse_all(vec![raw], &Limits::default(), &mut loaded);
        loaded.files[0].document.release();
        assert_eq!(loaded.files[0].document.locate("/id").map(|l| l.line), Some(1));
    }
}
