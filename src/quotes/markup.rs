//! Transcription markup that the document itself does not have, removed before matching.

use crate::model::Markup;
use std::borrow::Cow;

/// A line of an archived text as the document has it: the line with `markup`'s markers removed.
/// The line break stays, so every line keeps its number.
pub fn strip(line: &str, markup: Option<Markup>) -> Cow<'_, str> {
    match markup {
        None => Cow::Borrowed(line),
        Some(Markup::Markdown) => strip_markdown(line),
    }
}

/// Markdown's blockquote `>` and heading `#` markers at the start of a line, and its `**` bold
/// markers anywhere in it.
fn strip_markdown(line: &str) -> Cow<'_, str> {
    let indent = |text: &str| text.len() - text.trim_start_matches([' ', '\t']).len();
    let mut start = 0;
    // Blockquotes nest: `> > text`.
    while line[start + indent(&line[start..])..].starts_with('>') {
        start += indent(&line[start..]) + 1;
        if line[start..].starts_with(' ') {
            start += 1;
        }
    }
    let heading_at = start + indent(&line[start..]);
    let hashes = line[heading_at..].len() - line[heading_at..].trim_start_matches('#').len();
    let after_hashes = &line[heading_at + hashes..];
    if (1..=6).contains(&hashes) && (after_hashes.is_empty() || after_hashes.starts_with(char::is_whitespace)) {
        start = heading_at + hashes;
    }
    let rest = &line[start..];
    if rest.contains("**") { Cow::Owned(rest.replace("**", "")) } else { Cow::Borrowed(rest) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markdown(line: &str) -> String {
        strip(line, Some(Markup::Markdown)).into_owned()
    }

    #[test]
    fn blockquotes_headings_and_bold_lose_their_markers() {
        assert_eq!(markdown("> **CELEX:** 52020DC0067 | **Type:** Communication\n"), "CELEX: 52020DC0067 | Type: Communication\n");
        assert_eq!(markdown("> > nested\n"), "nested\n");
        assert_eq!(markdown("## 1. Introduction\n"), " 1. Introduction\n");
        assert_eq!(markdown("> ### Quoted heading\n"), " Quoted heading\n");
        assert_eq!(markdown("#\n"), "\n");
        assert_eq!(markdown("text with **bold** inside"), "text with bold inside");
    }

    #[test]
    fn markers_elsewhere_are_text() {
        assert_eq!(markdown("#hashtag and a > sign\n"), "#hashtag and a > sign\n");
        assert_eq!(markdown("####### seven is not a heading\n"), "####### seven is not a heading\n");
        assert_eq!(markdown("a * single star\n"), "a * single star\n");
    }

    #[test]
    fn without_markup_the_line_is_untouched() {
        assert_eq!(strip("> **as is**\n", None), "> **as is**\n");
        assert!(matches!(strip_markdown("plain line\n"), Cow::Borrowed(_)));
    }
}
