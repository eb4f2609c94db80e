//! SARIF 2.1.0 for code scanning. Every code is a rule; suppressed findings carry an in-source
//! suppression with its written reason; columns count Unicode code points.

use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::validate::Validation;
use serde_json::{Value, json};
use std::io::{self, Write};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// Percent-encodes a relative path for an artifact URI, keeping `/` as the separator.
fn uri(path: &std::path::Path) -> String {
    super::portable(path)
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A finding's place. One that concerns a whole file (or a file that should exist) is put at its
/// start, since consumers place results by their region and the SARIF validator asks for one.
fn physical(path: &std::path::Path, location: Option<crate::diagnostics::Location>) -> Value {
    let region = match location {
        Some(l) => json!({ "startLine": l.line, "startColumn": l.column, "endLine": l.end_line, "endColumn": l.end_column.max(1) }),
        None => json!({ "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1 }),
    };
    json!({ "physicalLocation": { "artifactLocation": artifact(path), "region": region } })
}

/// A relative path is relative to the checkout (`%SRCROOT%`); an absolute one (a data directory
/// named by its full path) is a `file://` URI, since a relative reference may not start with `/`.
fn artifact(path: &std::path::Path) -> Value {
    let encoded = uri(path);
    if path.is_absolute() {
        let rooted = if encoded.starts_with('/') { encoded } else { format!("/{encoded}") };
        json!({ "uri": format!("file://{rooted}") })
    } else {
        json!({ "uri": encoded, "uriBaseId": "%SRCROOT%" })
    }
}

fn result(diagnostic: &Diagnostic) -> Value {
    let index = Code::ALL.iter().position(|c| *c == diagnostic.code).unwrap_or(0);
    let mut text = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    let mut result = json!({
        "ruleId": diagnostic.code.as_str(),
        "ruleIndex": index,
        "level": level(diagnostic.severity),
        "message": { "text": text },
        "locations": [physical(&diagnostic.file, diagnostic.location)],
    });
    if !diagnostic.related.is_empty() {
        result["relatedLocations"] = diagnostic
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut location = physical(&r.file, r.location);
                location["id"] = json!(i);
                location["message"] = json!({ "text": r.message });
                location
            })
            .collect();
    }
    if let Some(reason) = &diagnostic.suppressed {
        result["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
    }
    result
}

/// The check's section of docs/checks.md in the repository.
fn help_uri(code: Code) -> String {
    format!("{}/blob/main/docs/checks.md#{}", env!("CARGO_PKG_REPOSITORY"), code.as_str().to_lowercase())
}

pub fn render(validation: &Validation, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            json!({
                "id": code.as_str(),
                "name": code.name(),
                "shortDescription": { "text": code.summary() },
                "fullDescription": { "text": code.explanation() },
                "helpUri": help_uri(*code),
                "defaultConfiguration": { "level": level(code.severity()) },
                "properties": { "family": code.family().to_string() },
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "polpos",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": validation.diagnostics.iter().map(result).collect::<Vec<_>>(),
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}
