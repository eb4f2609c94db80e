//! Fuzzes the loader alone, two ways. Input starting with byte 0: the rest is one record file's
//! bytes, parsed as a position. Otherwise: a file tree, entries separated by NUL bytes, each
//! `path\x01bytes` (a path ending in `/` is a folder), written under a temporary data directory
//! and walked. Every finding must name a file under that directory, and nothing may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use polpos::load::{Loaded, RawFile, load, parse_all};
use polpos::model::RecordKind;
use std::path::{Component, Path, PathBuf};

/// Small limits, so that the walk's limits are reached too.
fn limits() -> polpos::limits::Limits {
    polpos::limits::Limits { max_files: 40, max_file_size: 4096, max_total_size: 16384, ..Default::default() }
}

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((0, record)) => {
            let file = RawFile { path: PathBuf::from("data/positions/cn/cn-x-1.yaml"), kind: RecordKind::Position, bytes: record.to_vec() };
            let mut loaded = Loaded::default();
            parse_all(vec![file], &limits(), &mut loaded);
            assert!(loaded.diagnostics.iter().all(|d| d.file == Path::new("data/positions/cn/cn-x-1.yaml")));
        }
        _ => tree(data),
    }
});

fn tree(data: &[u8]) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    std::fs::create_dir(&dir).unwrap();
    for entry in data.split(|&b| b == 0) {
        let (name, bytes) = match entry.iter().position(|&b| b == 1) {
            Some(at) => (&entry[..at], &entry[at + 1..]),
            None => (entry, &[][..]),
        };
        let Ok(name) = std::str::from_utf8(name) else { continue };
        let relative = Path::new(name);
        // Only paths that stay inside the data directory: the fuzzer writes real files.
        if name.is_empty() || !relative.components().all(|c| matches!(c, Component::Normal(_))) {
            continue;
        }
        let path = dir.join(relative);
        if name.ends_with('/') {
            let _ = std::fs::create_dir_all(&path);
        } else if let Some(parent) = path.parent() {
            if std::fs::create_dir_all(parent).is_ok() {
                let _ = std::fs::write(&path, bytes);
            }
        }
    }
    let loaded = load(&dir, &limits()).unwrap();
    for diagnostic in &loaded.diagnostics {
        assert!(diagnostic.file.starts_with(&dir), "{} is outside the data directory", diagnostic.file.display());
    }
}
