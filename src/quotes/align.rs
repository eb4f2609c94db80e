//! The passage of a text closest to a quote that is not in it, and where the two first differ.

use std::collections::HashMap;

/// Quotes longer than this many words get no closest-passage suggestion.
const MAX_ALIGNED_WORDS: usize = 300;

/// The window of the text whose words best cover the fragment's words (a sliding bag of
/// words, linear in the text), and the first word-level difference between the two.
pub fn closest_passage(text: &str, fragment: &str) -> Option<(usize, usize, Option<String>)> {
    let wanted: Vec<&str> = fragment.split(' ').collect();
    // The alignment is quadratic in the quote's words; a quote this long is already an error.
    if wanted.len() > MAX_ALIGNED_WORDS {
        return None;
    }
    let words: Vec<(usize, &str)> = text
        .split(' ')
        .scan(0usize, |offset, word| {
            let start = *offset;
            *offset += word.len() + 1;
            Some((start, word))
        })
        .collect();
    if words.is_empty() || wanted.is_empty() {
        return None;
    }
    let width = wanted.len().min(words.len());
    let mut need: HashMap<&str, isize> = HashMap::new();
    for w in &wanted {
        *need.entry(w).or_default() += 1;
    }
    let mut have: HashMap<&str, isize> = HashMap::new();
    let mut score = 0isize;
    fn add<'t>(need: &HashMap<&str, isize>, word: &'t str, delta: isize, have: &mut HashMap<&'t str, isize>, score: &mut isize) {
        let Some(&limit) = need.get(word) else { return };
        let count = have.entry(word).or_default();
        let before = (*count).min(limit);
        *count += delta;
        *score += (*count).min(limit) - before;
    }
    for (_, word) in &words[..width] {
        add(&need, word, 1, &mut have, &mut score);
    }
    let (mut best, mut best_start) = (score, 0);
    for start in 1..=words.len() - width {
        add(&need, words[start - 1].1, -1, &mut have, &mut score);
        add(&need, words[start + width - 1].1, 1, &mut have, &mut score);
        if score > best {
            best = score;
            best_start = start;
        }
    }
    // Align the quote against a wider stretch around the best window, and show the source
    // words from the first to the last aligned one (padded for unmatched ends).
    let low = best_start.saturating_sub(width / 2);
    let high = (best_start + width + width / 2).min(words.len());
    let stretch: Vec<&str> = words[low..high].iter().map(|(_, w)| *w).collect();
    let table = lcs_table(&wanted, &stretch);
    let pairs = aligned_pairs(&table, &wanted, &stretch);
    let (first, last) = match (pairs.first(), pairs.last()) {
        (Some(&first), Some(&last)) => (first, last),
        _ => ((0, 0), (wanted.len() - 1, (width - 1).min(stretch.len() - 1))),
    };
    let from = low + first.1.saturating_sub(first.0);
    let to = (low + last.1 + (wanted.len() - 1 - last.0)).min(words.len() - 1).max(from);
    let passage: Vec<&str> = words[from..=to].iter().map(|(_, w)| *w).collect();
    let end = words[to].0 + words[to].1.len();
    Some((words[from].0, end, first_difference(&wanted, &passage)))
}

/// Words compare without the punctuation around them, so `"will` aligns with `will`.
fn same_word(a: &str, b: &str) -> bool {
    let core = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    a == b || core(a) == core(b)
}

/// `table[i][j]`: the length of the longest common subsequence of `a[i..]` and `b[j..]`.
fn lcs_table(a: &[&str], b: &[&str]) -> Vec<Vec<u16>> {
    let mut table = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if same_word(a[i], b[j]) { table[i + 1][j + 1] + 1 } else { table[i + 1][j].max(table[i][j + 1]) };
        }
    }
    table
}

/// The index pairs of equal words in one longest common subsequence.
fn aligned_pairs(table: &[Vec<u16>], a: &[&str], b: &[&str]) -> Vec<(usize, usize)> {
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if same_word(a[i], b[j]) {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// The first place two word sequences part, by a longest-common-subsequence alignment; failing
/// that, the first pair of aligned words whose punctuation differs.
fn first_difference(quote: &[&str], source: &[&str]) -> Option<String> {
    let table = lcs_table(quote, source);
    let pairs = aligned_pairs(&table, quote, source);
    let punctuation = pairs
        .iter()
        .find(|&&(i, j)| quote[i] != source[j])
        .map(|&(i, j)| format!("the quote has `{}` where the source has `{}`", clip(quote[i]), clip(source[j])));
    // The first gap: words before the next aligned pair (or the end) on either side.
    let mut previous = (0usize, 0usize);
    for &(i, j) in pairs.iter().chain(std::iter::once(&(quote.len(), source.len()))) {
        if i > previous.0 || j > previous.1 {
            let ours = quote[previous.0..i].join(" ");
            let theirs = source[previous.1..j].join(" ");
            let (ours, theirs) = (clip(&ours), clip(&theirs));
            return Some(match (ours.is_empty(), theirs.is_empty()) {
                (false, false) => format!("the quote has `{ours}` where the source has `{theirs}`"),
                (false, true) => format!("the quote adds `{ours}`"),
                _ => format!("the source has `{theirs}` here, which the quote leaves out"),
            });
        }
        previous = (i + 1, j + 1);
    }
    punctuation
}

/// At most 80 characters of a word run, for messages.
fn clip(text: &str) -> String {
    if text.chars().count() <= 80 { text.to_string() } else { format!("{}…", text.chars().take(79).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_passage_names_the_changed_word() {
        let text = "one two three. States must respect the sovereignty of others in cyberspace. four five";
        let (start, end, difference) = closest_passage(text, "States must respect the independence of others in cyberspace.").unwrap();
        assert_eq!(&text[start..end], "States must respect the sovereignty of others in cyberspace.");
        assert_eq!(difference.unwrap(), "the quote has `independence` where the source has `sovereignty`");
    }

    #[test]
    fn added_and_left_out_words_are_named() {
        assert_eq!(first_difference(&["a", "new", "b"], &["a", "b"]).unwrap(), "the quote adds `new`");
        assert_eq!(first_difference(&["a", "b"], &["a", "old", "b"]).unwrap(), "the source has `old` here, which the quote leaves out");
        assert_eq!(first_difference(&["a,", "b"], &["a;", "b"]).unwrap(), "the quote has `a,` where the source has `a;`");
    }

    #[test]
    fn a_quote_too_long_to_align_gets_no_passage() {
        let quote = vec!["word"; MAX_ALIGNED_WORDS + 1].join(" ");
        assert!(closest_passage("some text", &quote).is_none());
    }
}
