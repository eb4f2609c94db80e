//! Compiler-style text: the finding, where it is, the source line with a caret, and what to do.

use super::Style;
use crate::diagnostics::{Diagnostic, Severity};
use crate::validate::Validation;
use std::io::{self, Write};

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }
}

pub fn render(validation: &Validation, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let paint = Paint(style.color);
    let texts = validation.texts();
    for diagnostic in &validation.diagnostics {
        write_one(diagnostic, texts.get(diagnostic.file.as_path()).copied(), &paint, out)?;
    }
    Ok(())
}

fn write_one(diagnostic: &Diagnostic, text: Option<&str>, paint: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let colour = match diagnostic.severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Note => "1;36",
    };
    let head = format!("{}[{}]", diagnostic.severity, diagnostic.code);
    match &diagnostic.suppressed {
        None => writeln!(out, "{}: {}", paint.wrap(colour, &head), paint.wrap("1", &diagnostic.message))?,
        Some(_) => writeln!(out, "{} (suppressed): {}", paint.wrap("2", &head), diagnostic.message)?,
    }
    let place = match diagnostic.location {
        Some(l) => format!("{}:{}:{}", diagnostic.file.display(), l.line, l.column),
        None => diagnostic.file.display().to_string(),
    };
    writeln!(out, "{}{} {place}", " ".repeat(diagnostic.location.map_or(0, |l| l.line.to_string().len())), paint.wrap("1;34", "-->"))?;
    if let (Some(location), Some(text)) = (diagnostic.location, text)
        && let Some(line) = text.lines().nth(location.line.saturating_sub(1))
    {
        let (shown, start, width) = excerpt(line.trim_end_matches('\r'), location);
        let number = location.line.to_string();
        let gutter = " ".repeat(number.len());
        writeln!(out, "{gutter} {}", paint.wrap("1;34", "|"))?;
        writeln!(out, "{} {} {shown}", paint.wrap("1;34", &number), paint.wrap("1;34", "|"))?;
        writeln!(out, "{gutter} {} {}{}", paint.wrap("1;34", "|"), " ".repeat(start), paint.wrap(colour, &"^".repeat(width)))?;
    }
    let pad = " ".repeat(diagnostic.location.map_or(1, |l| l.line.to_string().len()) + 1);
    if let Some(help) = &diagnostic.help {
        writeln!(out, "{pad}= help: {help}")?;
    }
    for related in &diagnostic.related {
        let place = match related.location {
            Some(l) => format!("{}:{}:{}", related.file.display(), l.line, l.column),
            None => related.file.display().to_string(),
        };
        writeln!(out, "{pad}= note: {}: {place}", related.message)?;
    }
    if let Some(reason) = &diagnostic.suppressed {
        writeln!(out, "{pad}= allowed: {reason}")?;
    }
    writeln!(out)
}

/// At most this many characters of a source line are shown, around the offending column.
const EXCERPT: usize = 100;

/// The part of a line to show (tabs as spaces, long lines cut around the column with …), and
/// the caret's start and width within it.
fn excerpt(line: &str, location: crate::diagnostics::Location) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().map(|c| if c == '\t' || c.is_control() { ' ' } else { c }).collect();
    let start = location.column.saturating_sub(1).min(chars.len());
    let end =
        if location.end_line == location.line { location.end_column.saturating_sub(1).max(start + 1) } else { chars.len().max(start + 1) };
    let from = start.saturating_sub(EXCERPT / 4);
    let to = chars.len().min(from + EXCERPT);
    let mut shown: String = chars[from..to].iter().collect();
    let mut caret_start = start - from;
    if from > 0 {
        shown.insert(0, '…');
        caret_start += 1;
    }
    if to < chars.len() {
        shown.push('…');
    }
    let width = end.min(to.max(start + 1)) - start;
    (shown, caret_start, width.max(1))
}
