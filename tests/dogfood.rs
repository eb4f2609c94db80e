//! The shipped dataset validates with zero errors and zero warnings, its quotes verified against
//! the archive when the archive is beside the repository; and the generated docs are current.

use polpos::validate::{Options, validate};
use std::path::Path;

const ARCHIVE: &str = "../shared/sources";

#[test]
fn the_shipped_dataset_validates_cleanly() {
    let archive = Path::new(ARCHIVE);
    let options = Options { archive: archive.is_dir().then(|| archive.to_path_buf()), ..Options::default() };
    let validation = validate(Path::new("data"), &options).unwrap();
    let findings: Vec<_> =
        validation.diagnostics.iter().filter(|d| d.counts() && d.severity != polpos::diagnostics::Severity::Note).collect();
    assert!(findings.is_empty(), "the shipped dataset has findings: {findings:#?}");
    assert!(!validation.dataset.positions.is_empty());
}

#[test]
fn docs_codebook_md_is_rendered_from_the_themes() {
    let validation = validate(Path::new("data"), &Options::default()).unwrap();
    let generated = polpos::docs::codebook::render(&validation.dataset);
    let committed = std::fs::read_to_string("docs/codebook.md").unwrap_or_default();
    assert!(generated == committed, "docs/codebook.md is out of date: run `cargo run -- codebook -o docs/codebook.md`");
}
