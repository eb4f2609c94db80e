//! Compiler-style text, rendered as rustc renders its diagnostics: the finding, the source with
//! the offending place marked, the related places labelled beside it, and what to do.

use super::Style;
use crate::diagnostics::{Diagnostic, Location, Related, Severity};
use crate::validate::Validation;
use annotate_snippets::{Annotation, AnnotationKind, Element, Group, Level, Origin, Renderer, Snippet};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

pub fn render(validation: &Validation, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let renderer = if style.color { Renderer::styled() } else { Renderer::plain() };
    let contents = validation.contents();
    let texts: HashMap<&Path, &str> = contents.iter().map(|(path, content)| (*path, content.text.as_str())).collect();
    for diagnostic in &validation.diagnostics {
        writeln!(out, "{}\n", renderer.render(&[group(diagnostic, &texts)]))?;
    }
    Ok(())
}

/// One finding as a titled group: the primary place, the related places, then the footers.
fn group<'a>(diagnostic: &'a Diagnostic, texts: &HashMap<&Path, &'a str>) -> Group<'a> {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    // A suppressed finding never fails validation: it is titled, and coloured, as a note.
    let level = match diagnostic.suppressed {
        None => level,
        Some(_) => Level::NOTE.with_name(format!("suppressed {}", diagnostic.severity)),
    };
    let title = level.primary_title(&diagnostic.message).id(diagnostic.code.as_str());
    let mut elements: Vec<Element<'a>> = Vec::new();
    let mut footers: Vec<Element<'a>> = Vec::new();
    let primary = mark(&diagnostic.file, diagnostic.location, texts, AnnotationKind::Primary, None);
    let mut same_file = Vec::new();
    for related in &diagnostic.related {
        match mark(&related.file, related.location, texts, AnnotationKind::Context, Some(&related.message)) {
            Some(marked) if primary.is_some() && related.file == diagnostic.file => same_file.push(marked),
            Some(marked) => elements.push(snippet(&related.file, marked, Vec::new()).into()),
            None => footers.push(footer(Level::NOTE, &format!("{}: {}", related.message, place(related)))),
        }
    }
    let first: Element<'a> = match primary {
        Some(marked) => snippet(&diagnostic.file, marked, same_file).into(),
        None => {
            let origin = Origin::path(diagnostic.file.display().to_string());
            match diagnostic.location {
                Some(location) => origin.line(location.line).char_column(location.column).into(),
                None => origin.into(),
            }
        }
    };
    elements.insert(0, first);
    if let Some(help) = &diagnostic.help {
        footers.insert(0, footer(Level::HELP, help));
    }
    if let Some(reason) = &diagnostic.suppressed {
        footers.push(footer(Level::NOTE.with_name("allowed"), reason));
    }
    title.elements(elements).elements(footers)
}

/// A `= level: text` line. Footers are printed as given, so text that quotes the records (a
/// reason, a value) loses its control characters first.
fn footer<'a>(level: Level<'a>, text: &str) -> Element<'a> {
    level.message(annotate_snippets::normalize_untrusted_str(text)).into()
}

/// A place to mark in a file whose text is at hand.
struct Mark<'a> {
    text: &'a str,
    location: Location,
    /// Where the line of the location starts.
    line_start: usize,
    kind: AnnotationKind,
    label: Option<&'a str>,
}

/// The mark for `location`, when the file's text is at hand (an undecodable file keeps none)
/// and the renderer would name the same line and column: not past the final line break, where
/// it would name the last line, nor where the parser counted a line break the text lacks.
fn mark<'a>(
    file: &Path,
    location: Option<Location>,
    texts: &HashMap<&Path, &'a str>,
    kind: AnnotationKind,
    label: Option<&'a str>,
) -> Option<Mark<'a>> {
    let (location, text) = (location?, *texts.get(file)?);
    let span = location.bytes();
    let on_a_line = span.start < text.len() || (span.start == text.len() && !text.is_empty() && !text.ends_with('\n'));
    let before = text.get(..span.start).filter(|_| on_a_line && text.get(span).is_some())?;
    // YAML also ends lines with a lone CR, which the renderer would show rather than break on.
    let line_start = memchr::memrchr2(b'\n', b'\r', before.as_bytes()).map_or(0, |at| at + 1);
    (before[line_start..].chars().count() + 1 == location.column).then_some(Mark { text, location, line_start, kind, label })
}

/// The lines of one file that hold its marks, numbered as in the file. The renderer reads only
/// these lines, so a finding costs what it shows, not the size of its file.
fn snippet<'a>(file: &Path, first: Mark<'a>, others: Vec<Mark<'a>>) -> Snippet<'a, Annotation<'a>> {
    let (text, bytes) = (first.text, first.text.as_bytes());
    let marks: Vec<Mark<'a>> = std::iter::once(first).chain(others).collect();
    let (from, line) = marks.iter().map(|m| (m.line_start, m.location.line)).min().unwrap_or((0, 1));
    let end = marks.iter().map(|m| m.location.end_byte).max().unwrap_or(from);
    let to = memchr::memchr2(b'\n', b'\r', &bytes[end..]).map_or(text.len(), |at| end + at);
    let annotations = marks.iter().map(|m| m.kind.span(m.location.start_byte - from..m.location.end_byte - from).label(m.label));
    Snippet::source(&text[from..to]).line_start(line).path(file.display().to_string()).annotations(annotations)
}

/// `file:line:column`, for a related place whose text is not at hand.
fn place(related: &Related) -> String {
    match related.location {
        Some(l) => format!("{}:{}:{}", related.file.display(), l.line, l.column),
        None => related.file.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    #[test]
    fn text_from_the_records_cannot_steer_the_terminal() {
        let mut diagnostic = Diagnostic::new(Code::OrphanTheme, "themes/spare.yaml", None, "no position is coded on theme `spare`")
            .with_help("a help that quotes \u{1b}[2J a record");
        diagnostic.suppressed = Some("kept \u{1b}]8;;x\u{7} on purpose".into());
        let shown = Renderer::plain().render(&[group(&diagnostic, &HashMap::new())]);
        assert!(!shown.contains('\u{1b}'), "{shown}");
        assert!(shown.starts_with("suppressed warning[P065]: no position is coded on theme `spare`\n--> themes/spare.yaml\n"), "{shown}");
    }
}
