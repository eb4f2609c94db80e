//! The versioned JSON report. Its shape is documented in docs/json-output.md and
//! docs/diagnostics.schema.json; bump `format_version` on any incompatible change.

use crate::diagnostics::{Diagnostic, Summary};
use crate::validate::Validation;
use serde::Serialize;
use std::io::{self, Write};

/// The version of the JSON report's shape: 2 since the envelope's field became `format_version`.
pub const JSON_VERSION: u32 = 2;

#[derive(Serialize)]
struct Report<'a> {
    format: &'static str,
    format_version: u32,
    tool: Tool,
    summary: Summary,
    files: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<crate::selection::Scope>,
    diagnostics: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Entry<'a> {
    code: &'static str,
    name: &'static str,
    family: crate::diagnostics::Family,
    severity: crate::diagnostics::Severity,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
    related: Vec<RelatedEntry<'a>>,
    suppressed: bool,
    suppression_reason: Option<&'a str>,
}

#[derive(Serialize)]
struct RelatedEntry<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
}

fn entry(d: &Diagnostic) -> Entry<'_> {
    Entry {
        code: d.code.as_str(),
        name: d.code.name(),
        family: d.code.family(),
        severity: d.severity,
        file: crate::report::portable(&d.file),
        line: d.location.map(|l| l.line),
        column: d.location.map(|l| l.column),
        end_line: d.location.map(|l| l.end_line),
        end_column: d.location.map(|l| l.end_column),
        message: &d.message,
        help: d.help.as_deref(),
        related: d
            .related
            .iter()
            .map(|r| RelatedEntry {
                file: crate::report::portable(&r.file),
                line: r.location.map(|l| l.line),
                column: r.location.map(|l| l.column),
                message: &r.message,
            })
            .collect(),
        suppressed: d.suppressed.is_some(),
        suppression_reason: d.suppressed.as_deref(),
    }
}

pub fn render(validation: &Validation, out: &mut dyn Write) -> io::Result<()> {
    let report = Report {
        format: "polpos-diagnostics",
        format_version: JSON_VERSION,
        tool: Tool { name: "polpos", version: env!("CARGO_PKG_VERSION") },
        summary: validation.summary(),
        files: validation.files.len(),
        scope: validation.scope,
        diagnostics: validation.diagnostics.iter().map(entry).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
    writeln!(out)
}
