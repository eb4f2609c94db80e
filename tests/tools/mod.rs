//! The real consumers some tests hand polpos's outputs to (Python packages, LibreOffice). Without
//! one a test is skipped, saying why, except under CI, where it must run: `.ci/run` installs them.
// Each test crate uses only the tools it needs.
#![allow(dead_code)]

use std::path::PathBuf;

fn missing(what: &str) {
    let why = format!("{what} is not installed (.ci/run installs it)");
    assert!(std::env::var("CI").as_deref() != Ok("true"), "CI must run this test: {why}");
    eprintln!("skipped: {why}");
}

/// The Python interpreter that can import `module`: the CI venv's, or python3's.
pub fn python_with(module: &str) -> Option<PathBuf> {
    let candidates = [PathBuf::from("target/ci-venv/bin/python"), PathBuf::from("python3")];
    let found = candidates.into_iter().find(|python| {
        std::process::Command::new(python).args(["-c", &format!("import {module}")]).output().is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        missing(&format!("no Python with the `{module}` package"));
    }
    found
}

/// A program on the PATH, such as `soffice`.
pub fn program(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| std::env::split_paths(&path).map(|dir| dir.join(name)).find(|p| p.is_file()));
    if found.is_none() {
        missing(name);
    }
    found
}

/// A program that `.ci/run` installs from the npm registry into target/ci-node.
pub fn npm_program(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from("target/ci-node/node_modules/.bin").join(name);
    if path.is_file() {
        return Some(path);
    }
    missing(&format!("{} (npm)", path.display()));
    None
}
