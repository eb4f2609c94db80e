//! Normalisation of texts and quotes for matching, and the ordered search for a quote's
//! fragments.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Elision marks inside a quote: each separates two fragments that must occur in order.
const ELISIONS: [&str; 3] = ["[...]", "[…]", "…"];

/// Text after normalisation, with where each original line begins (to point into the archive).
#[derive(Debug, Clone)]
pub struct Normalized {
    pub text: String,
    /// Byte offset in `text` at which each original line starts (`first_line` first).
    line_starts: Vec<usize>,
    /// The number, in the original file, of the first line the text was made from.
    first_line: usize,
}

impl Normalized {
    /// Normalises `lines` (each with its line break), the first of which is line `first_line`
    /// of the original; `capacity` is a guess at the text's length in bytes.
    pub fn of_lines<L: AsRef<str>>(lines: impl IntoIterator<Item = L>, first_line: usize, capacity: usize) -> Normalized {
        let mut line_starts = vec![0];
        let text = fold(lines, capacity, |at| line_starts.push(at));
        Normalized { text, line_starts, first_line: first_line.max(1) }
    }

    /// The original line on which a byte offset of the normalised text stands.
    pub fn line_of(&self, offset: usize) -> usize {
        self.first_line - 1 + self.line_starts.partition_point(|&start| start <= offset).max(1)
    }
}

/// Normalises text for matching, line by line; `newline` hears, for each line break of the
/// original, the offset in the result at which the next line starts.
fn fold<L: AsRef<str>>(lines: impl IntoIterator<Item = L>, capacity: usize, mut newline: impl FnMut(usize)) -> String {
    let mut folded = Folded { text: String::with_capacity(capacity), pending_space: false };
    // NFC never composes across a line break, and most lines are already NFC (all ASCII is):
    // the quick check spares them the costly recomposition.
    for line in lines {
        let line = line.as_ref();
        if is_nfc_quick(line.chars()) == IsNormalized::Yes {
            line.chars().for_each(|c| folded.push(c, &mut newline));
        } else {
            line.nfc().for_each(|c| folded.push(c, &mut newline));
        }
    }
    folded.text
}

/// Normalised text as it is built: whitespace runs become one space, none at either end.
struct Folded {
    text: String,
    pending_space: bool,
}

impl Folded {
    fn push(&mut self, c: char, newline: &mut impl FnMut(usize)) {
        if c == '\n' {
            newline(self.text.len() + usize::from(self.pending_space || !self.text.is_empty()));
        }
        if c.is_whitespace() {
            self.pending_space = !self.text.is_empty();
            return;
        }
        let mapped = match c {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' | '\u{FF02}' => '"',
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{FF07}' => '\'',
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => return,
            other => other,
        };
        if self.pending_space {
            self.text.push(' ');
            self.pending_space = false;
        }
        self.text.push(mapped);
    }
}

/// A quote split at its elision marks and normalised: the fragments that must occur in order.
pub fn fragments(quote: &str) -> Vec<String> {
    let mut fragments = Vec::new();
    let mut rest = quote;
    loop {
        // The leftmost mark (`[…]` wins over the `…` inside it): the cuts that splitting at
        // each mark in turn makes, in one pass.
        let next = ELISIONS.iter().filter_map(|mark| rest.find(mark).map(|at| (at, mark.len()))).min();
        let (piece, after) = match next {
            Some((at, length)) => (&rest[..at], Some(&rest[at + length..])),
            None => (rest, None),
        };
        let piece = fold(piece.split_inclusive('\n'), piece.len(), |_| {});
        if !piece.is_empty() {
            fragments.push(piece);
        }
        match after {
            Some(after) => rest = after,
            None => return fragments,
        }
    }
}

/// Where each fragment occurs, in order, or `None`.
pub fn find_in_order(text: &str, fragments: &[String]) -> Option<Vec<usize>> {
    let mut from = 0;
    let mut found = Vec::with_capacity(fragments.len());
    for fragment in fragments {
        let at = find_from(text.as_bytes(), fragment.as_bytes(), from)?;
        found.push(at);
        from = at + fragment.len();
    }
    Some(found)
}

/// The first bytes of a fragment that its searcher is built for.
const PROBE: usize = 16;

/// Where `fragment` first occurs in `text` at or after `from`. memchr's vectorised search is
/// several times faster than `str::find`, but building its searcher for a whole quote costs more
/// than the search: it is built for the fragment's first bytes, and each of their occurrences,
/// in order, is checked for the rest.
fn find_from(text: &[u8], fragment: &[u8], from: usize) -> Option<usize> {
    let probe = memchr::memmem::Finder::new(&fragment[..fragment.len().min(PROBE)]);
    let mut at = from;
    loop {
        let start = at + probe.find(&text[at..])?;
        if text[start..].starts_with(fragment) {
            return Some(start);
        }
        at = start + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Normalized {
        Normalized::of_lines(text.split_inclusive('\n'), 1, text.len())
    }

    #[test]
    fn normalisation_folds_typography_and_whitespace() {
        let n = whole("  “Cyber  sovereignty” —\n it’s\u{00AD}  here ");
        assert_eq!(n.text, "\"Cyber sovereignty\" - it's here");
        assert_eq!(n.line_of(n.text.find("it's").unwrap()), 2);
    }

    #[test]
    fn lines_keep_their_numbers_in_the_original_when_the_text_starts_later() {
        let n = Normalized::of_lines(["first kept\n", "\n", "third kept\n"], 9, 0);
        assert_eq!(n.text, "first kept third kept");
        assert_eq!(n.line_of(0), 9);
        assert_eq!(n.line_of(n.text.find("third").unwrap()), 11);
    }

    #[test]
    fn elisions_split_quotes_into_ordered_fragments() {
        assert_eq!(fragments("a b … c [...] d"), vec!["a b", "c", "d"]);
        assert_eq!(fragments("a [\u{2026}] b\n c"), vec!["a", "b c"]);
        assert!(find_in_order("a b x c y d", &fragments("a b … c [...] d")).is_some());
        assert!(find_in_order("a b x c y d", &fragments("c … a b")).is_none());
    }

    #[test]
    fn a_fragment_is_found_past_false_starts_of_its_probe() {
        let text = "the same sixteen bytes, then the same sixteen bytes and more";
        let fragment = "the same sixteen bytes and more".to_string();
        assert_eq!(find_in_order(text, &[fragment]), Some(vec![text.rfind("the same").unwrap()]));
    }
}
