//! GitHub Actions workflow commands: each finding becomes an annotation on its file and line.
//! Escaping follows the runner's rules (`%`, CR and LF everywhere; also `:` and `,` in properties).

use crate::diagnostics::{Diagnostic, Severity};
use crate::validate::Validation;
use std::io::{self, Write};

pub(super) fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(diagnostic: &Diagnostic) -> String {
    let level = match (diagnostic.severity, &diagnostic.suppressed) {
        (_, Some(_)) | (Severity::Note, _) => "notice",
        (Severity::Warning, _) => "warning",
        (Severity::Error, _) => "error",
    };
    let mut properties = vec![format!("file={}", escape_property(&super::portable(&diagnostic.file)))];
    if let Some(l) = diagnostic.location {
        properties.push(format!("line={}", l.line));
        properties.push(format!("col={}", l.column));
        properties.push(format!("endLine={}", l.end_line));
        if l.end_line == l.line {
            properties.push(format!("endColumn={}", l.end_column));
        }
    }
    let suppressed = if diagnostic.suppressed.is_some() { " (suppressed)" } else { "" };
    properties.push(format!("title={}", escape_property(&format!("{} {}{suppressed}", diagnostic.code, diagnostic.code.name()))));
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    for related in &diagnostic.related {
        let line = related.location.map(|l| format!(":{}:{}", l.line, l.column)).unwrap_or_default();
        message.push_str(&format!("\nnote: {}: {}{line}", related.message, super::portable(&related.file)));
    }
    if let Some(reason) = &diagnostic.suppressed {
        message.push_str(&format!("\nallowed: {reason}"));
    }
    format!("::{level} {}::{}", properties.join(","), escape_data(&message))
}

pub fn render(validation: &Validation, out: &mut dyn Write) -> io::Result<()> {
    for diagnostic in &validation.diagnostics {
        writeln!(out, "{}", command(diagnostic))?;
    }
    Ok(())
}
