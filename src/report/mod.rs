//! Renderers: the only code that writes diagnostics out. Each renders the same [`Diagnostic`]s.

mod github;
mod human;
mod json;
mod sarif;

use crate::validate::Validation;
use std::io::{self, Write};

/// The output formats of `polpos validate --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Compiler-style text that marks each finding in its source (the default).
    Human,
    /// A versioned JSON document (see docs/json-output.md).
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request's files.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

/// How a report is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// ANSI colours (human format only).
    pub color: bool,
    /// Findings only: no closing summary (human and GitHub formats).
    pub quiet: bool,
}

pub fn render(format: Format, validation: &Validation, style: Style, out: &mut dyn Write) -> io::Result<()> {
    // Standard output flushes every line; thousands of findings would be thousands of writes.
    let mut out = io::BufWriter::new(out);
    match format {
        Format::Human => human::render(validation, style, &mut out),
        Format::Json => json::render(validation, &mut out),
        Format::Github => github::render(validation, &mut out),
        Format::Sarif => sarif::render(validation, &mut out),
    }?;
    match format {
        Format::Human if !style.quiet => writeln!(out, "{}", tally(validation))?,
        // A workflow command, so that standard output holds nothing else.
        Format::Github if !style.quiet => writeln!(out, "::notice title=polpos::{}", github::escape_data(&tally(validation)))?,
        _ => {}
    }
    out.flush()
}

/// The one-line tally that closes the human and GitHub reports (unless they are quiet).
fn tally(validation: &Validation) -> String {
    let summary = validation.summary();
    let files = validation.files.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![plural(summary.errors, "error"), plural(summary.warnings, "warning")];
    if summary.notes > 0 {
        parts.push(plural(summary.notes, "note"));
    }
    if summary.suppressed > 0 {
        parts.push(format!("{} suppressed", summary.suppressed));
    }
    match validation.scope {
        None => format!("polpos: {} in {}", parts.join(", "), plural(files, "file")),
        Some(scope) => format!(
            "polpos: {} in {} of {} checked; {} in other files left out",
            parts.join(", "),
            scope.selected_files,
            plural(files, "file"),
            plural(scope.left_out, "finding"),
        ),
    }
}

/// A path with forward slashes, as every machine-readable format writes it.
fn portable(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
