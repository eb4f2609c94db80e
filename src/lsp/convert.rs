//! Between polpos's places and the protocol's: file paths and `file:` URIs, byte offsets and
//! line/character positions (UTF-16 code units, the protocol's default), findings and diagnostics.

use crate::diagnostics::{self, Severity};
use crate::document::Location;
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString, Position, Range, Uri};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The `file:` URI of an absolute path.
pub fn uri(path: &Path) -> Option<Uri> {
    let mut text = String::from("file://");
    for byte in path.to_str()?.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => text.push(byte as char),
            _ => text.push_str(&format!("%{byte:02X}")),
        }
    }
    Uri::from_str(&text).ok()
}

/// The path of a `file:` URI.
pub fn path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str().strip_prefix("file://")?;
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text.get(i + 1..i + 3).and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            decoded.push(byte);
            i += 3;
            continue;
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    let decoded = String::from_utf8(decoded).ok()?;
    decoded.starts_with('/').then(|| PathBuf::from(decoded))
}

/// The position of a byte offset in `text`.
pub fn position(text: &str, byte: usize) -> Position {
    let byte = floor_boundary(text, byte.min(text.len()));
    let before = &text[..byte];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let character = before[line_start..].encode_utf16().count();
    Position { line: line as u32, character: character as u32 }
}

/// The byte offset of a position in `text` (clamped to the line and the text).
pub fn offset(text: &str, position: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..position.line {
        match text[line_start..].find('\n') {
            Some(at) => line_start += at + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..].find('\n').map_or(text.len(), |at| line_start + at);
    let mut units = 0u32;
    for (at, c) in text[line_start..line_end].char_indices() {
        if units >= position.character {
            return line_start + at;
        }
        units += c.len_utf16() as u32;
    }
    line_end
}

fn floor_boundary(text: &str, mut byte: usize) -> usize {
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

/// The range of a location, from its line and column (in characters) so that it is the very
/// place the command line names.
pub fn range(text: &str, location: Option<Location>) -> Range {
    let Some(location) = location else { return Range::default() };
    let at = |line: usize, column: usize| {
        let start = line_offset(text, line);
        let line_text = text[start..].split('\n').next().unwrap_or("");
        let character: usize = line_text.chars().take(column.saturating_sub(1)).map(char::len_utf16).sum();
        Position { line: line.saturating_sub(1) as u32, character: character as u32 }
    };
    Range { start: at(location.line, location.column), end: at(location.end_line, location.end_column) }
}

fn line_offset(text: &str, line: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line {
        match text[offset..].find('\n') {
            Some(at) => offset += at + 1,
            None => return text.len(),
        }
    }
    offset
}

/// A finding as the protocol's diagnostic: the same code, severity and place; the help after
/// the message.
pub fn diagnostic(finding: &diagnostics::Diagnostic, text: &str, texts: &dyn Fn(&Path) -> Option<String>) -> lsp_types::Diagnostic {
    let severity = match finding.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    };
    let message = match &finding.help {
        Some(help) => format!("{}\nhelp: {help}", finding.message),
        None => finding.message.clone(),
    };
    let related = finding
        .related
        .iter()
        .filter_map(|related| {
            let text = texts(&related.file)?;
            Some(DiagnosticRelatedInformation {
                location: lsp_types::Location { uri: uri(&related.file)?, range: range(&text, related.location) },
                message: related.message.clone(),
            })
        })
        .collect::<Vec<_>>();
    lsp_types::Diagnostic {
        range: range(text, finding.location),
        severity: Some(severity),
        code: Some(NumberOrString::String(finding.code.as_str().to_string())),
        source: Some("polpos".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_and_round_trip() {
        let text = "a: 中文 𝄞 x\nb: 1\n";
        let x = text.find('x').unwrap();
        assert_eq!(position(text, x), Position { line: 0, character: 9 });
        assert_eq!(offset(text, Position { line: 0, character: 9 }), x);
        assert_eq!(offset(text, Position { line: 1, character: 99 }), text.len() - 1);
        assert_eq!(offset(text, Position { line: 9, character: 0 }), text.len());
        let location = Location { line: 1, column: 8, end_line: 1, end_column: 10, start_byte: 0, end_byte: 0 };
        assert_eq!(
            range(text, Some(location)),
            Range { start: Position { line: 0, character: 8 }, end: Position { line: 0, character: 10 } }
        );
    }

    #[test]
    fn paths_and_uris() {
        let path = Path::new("/srv/records/a b/ü.yaml");
        let uri = uri(path).unwrap();
        assert_eq!(uri.as_str(), "file:///srv/records/a%20b/%C3%BC.yaml");
        assert_eq!(super::path(&uri).unwrap(), path);
        assert_eq!(super::path(&Uri::from_str("untitled:1").unwrap()), None);
    }
}
