//! One way to write each text value: plain when YAML reads it back as the same text (and no
//! YAML 1.1 reader would take it for a boolean, number or date), folded (`>-`) when it is too
//! long for one line, double quotes otherwise (single quotes when that saves escapes).
//!
//! Every choice but double quotes is checked by parsing it back with the loader's own parser.

use crate::load::yaml;
use serde_json::Value;

/// The widest line a formatted record has, where its words allow.
pub const WIDTH: usize = 88;

/// A text value, written.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    /// On the line of its key or dash.
    Inline(String),
    /// `>-` and then these lines, one level deeper than the key.
    Folded(Vec<String>),
}

/// A mapping key, or a value on one line: plain when it reads back, else quoted.
pub fn inline(text: &str) -> String {
    if plain_reads_back(text) { text.to_string() } else { quoted(text) }
}

/// A text value whose line starts with `prefix_width` characters (indentation, key, dash), and
/// whose folded lines would be indented by `indent`.
pub fn value(text: &str, prefix_width: usize, indent: usize) -> Written {
    let inline = inline(text);
    if prefix_width + inline.chars().count() <= WIDTH {
        return Written::Inline(inline);
    }
    match fold(text, WIDTH.saturating_sub(indent).max(20)) {
        Some(lines) if folded_reads_back(text, &lines) => Written::Folded(lines),
        _ => Written::Inline(inline),
    }
}

/// Characters that every style but double quotes can hold as they are.
fn printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}')
}

/// Words a YAML 1.1 reader (many editors and libraries) takes for a boolean or null.
const YAML_1_1_WORDS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "true", "True", "TRUE", "false",
    "False", "FALSE", "null", "Null", "NULL", "~",
];

fn plain_reads_back(text: &str) -> bool {
    let Some(first) = text.chars().next() else { return false };
    let number_like = (first.is_ascii_digit() || matches!(first, '+' | '-' | '.'))
        && text.chars().all(|c| c.is_ascii_digit() || "+-.:_eEoxbXOB".contains(c))
        && text.matches('.').count() <= 1;
    let safe = text.chars().all(printable)
        && !"-?:,[]{}#&*!|>'\"%@`. ".contains(first)
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && !number_like
        && !YAML_1_1_WORDS.contains(&text);
    safe && reads_back(&format!("{text}: {text}\n"), text, true)
}

/// Whether `yaml` parses, without any finding, to a one-entry mapping of `text` (as key too
/// when `as_key`) to the text `text`.
fn reads_back(yaml: &str, text: &str, as_key: bool) -> bool {
    let parsed = yaml::parse(yaml, 4);
    let Some(root) = parsed.root.filter(|_| parsed.issues.is_empty()) else { return false };
    match root.to_json() {
        Value::Object(map) if map.len() == 1 => {
            let (key, value) = map.iter().next().expect("one entry");
            (!as_key || key == text) && value.as_str() == Some(text)
        }
        _ => false,
    }
}

fn folded_reads_back(text: &str, lines: &[String]) -> bool {
    let body: String = lines.iter().map(|line| format!("  {line}\n")).collect();
    reads_back(&format!("k: >-\n{body}"), text, false)
}

/// Breaks a one-line text into lines of at most `width` characters where its words allow.
/// Breaks only at a single space between two other characters, the only place where a folded
/// scalar's line break reads back as that space. `None` when the text cannot be folded.
fn fold(text: &str, width: usize) -> Option<Vec<String>> {
    let foldable = text.chars().all(printable) && !text.starts_with(' ') && !text.ends_with(' ') && !text.is_empty();
    if !foldable {
        return None;
    }
    let mut words: Vec<&str> = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for window in chars.windows(3) {
        let [(_, before), (at, c), (_, after)] = window else { continue };
        if *c == ' ' && *before != ' ' && *after != ' ' {
            words.push(&text[start..*at]);
            start = at + 1;
        }
    }
    words.push(&text[start..]);
    if words.len() < 2 {
        return None;
    }
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in words {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
    Some(lines)
}

/// Double quotes, or single quotes when the text holds `"` or `\` but no `'` and nothing that
/// needs an escape.
fn quoted(text: &str) -> String {
    let single = (text.contains('"') || text.contains('\\')) && !text.contains('\'') && text.chars().all(printable);
    if single {
        return format!("'{text}'");
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if printable(c) => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_only_when_it_reads_back_as_the_same_text() {
        assert_eq!(inline("id"), "id");
        assert_eq!(value("cn", 4, 2), Written::Inline("cn".into()));
        assert_eq!(value("0.2.0", 4, 2), Written::Inline("0.2.0".into()));
        for quoted_text in ["2017", "2017-03-08", "no", "true", "", " x", "a: b", "a #b", "- x", "12:30", "'q'", ".NET"] {
            assert!(matches!(value(quoted_text, 4, 2), Written::Inline(s) if s.starts_with(['"', '\''])), "{quoted_text}");
        }
        assert_eq!(value("say \"x\"", 4, 2), Written::Inline("say \"x\"".into()));
        assert_eq!(value("\"x\" said", 4, 2), Written::Inline("'\"x\" said'".into()));
        assert_eq!(value("'x' \"y\"", 4, 2), Written::Inline("\"'x' \\\"y\\\"\"".into()));
        assert_eq!(value("a\u{7}b", 4, 2), Written::Inline("\"a\\u0007b\"".into()));
    }

    #[test]
    fn long_text_folds_at_single_spaces_only() {
        let text = format!("{} two  spaces {}", "word ".repeat(20).trim_end(), "end ".repeat(10).trim_end());
        let Written::Folded(lines) = value(&text, 10, 2) else { panic!("folded") };
        assert!(lines.iter().all(|line| line.chars().count() <= WIDTH - 2 || !line.contains(' ')));
        assert!(lines.iter().any(|line| line.contains("two  spaces")));
        assert_eq!(lines.join(" "), text);
    }
}
