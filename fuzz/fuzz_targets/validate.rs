//! Fuzzes the whole pipeline: the input is split at NUL bytes into up to five record files
//! (manifest, actor, theme, source, position), which are parsed, schema-checked and checked.

#![no_main]

use libfuzzer_sys::fuzz_target;
use polpos::load::{Loaded, RawFile};
use polpos::model::{PartialDate, RecordKind};
use polpos::validate::{Options, validate_files};
use std::path::{Path, PathBuf};

const FILES: [(&str, RecordKind); 5] = [
    ("data/dataset.yaml", RecordKind::Dataset),
    ("data/actors/cn.yaml", RecordKind::Actor),
    ("data/themes/cyber-sovereignty.yaml", RecordKind::Theme),
    ("data/sources/wuzhen-2014.yaml", RecordKind::Source),
    ("data/positions/cn/cn-cyber-sovereignty-1.yaml", RecordKind::Position),
];

fuzz_target!(|data: &[u8]| {
    let files = data
        .split(|&b| b == 0)
        .zip(FILES)
        .map(|(bytes, (path, kind))| RawFile { path: PathBuf::from(path), kind, bytes: bytes.to_vec() })
        .collect();
    let loaded = Loaded { manifest_found: true, ..Loaded::default() };
    let options = Options { today: PartialDate::parse("2026-11-24").unwrap(), ..Options::default() };
    let validation = validate_files(files, loaded, Path::new("data"), &options);
    // Every report format must render whatever was found.
    for format in [polpos::report::Format::Human, polpos::report::Format::Json, polpos::report::Format::Github, polpos::report::Format::Sarif] {
        let mut sink = Vec::new();
        polpos::report::render(format, &validation, Default::default(), &mut sink).unwrap();
    }
});
