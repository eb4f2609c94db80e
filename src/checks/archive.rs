//! Archived source texts: loaded and normalised once each, then searched for quotes.
//!
//! Matching is verbatim after normalisation: Unicode NFC, runs of whitespace, typographic
//! quotes and apostrophes, dashes, and invisible characters (soft hyphens, zero-width spaces).

use crate::diagnostics::{Code, Diagnostic};
use crate::limits::Limits;
use crate::model::{Record, Source};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Elision marks inside a quote: each separates two fragments that must occur in order.
const ELISIONS: [&str; 3] = ["[...]", "[…]", "…"];

/// Quotes longer than this many words get no closest-passage suggestion.
const MAX_ALIGNED_WORDS: usize = 300;

/// Text after normalisation, with where each original line begins (to point into the archive).
#[derive(Debug, Clone)]
pub struct Normalized {
    pub text: String,
    /// Byte offset in `text` at which each original line starts (line 1 first).
    line_starts: Vec<usize>,
}

impl Normalized {
    pub fn new(original: &str) -> Normalized {
        let mut line_starts = vec![0];
        let text = fold(original, |at| line_starts.push(at));
        Normalized { text, line_starts }
    }

    /// The original line on which a byte offset of the normalised text stands.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset).max(1)
    }
}

/// Normalises text for matching; `newline` hears, for each line break of the original, the
/// offset in the result at which the next line starts.
fn fold(original: &str, mut newline: impl FnMut(usize)) -> String {
    let mut folded = Folded { text: String::with_capacity(original.len()), pending_space: false };
    // NFC never composes across a line break, and most lines are already NFC (all ASCII is):
    // the quick check spares them the costly recomposition.
    for line in original.split_inclusive('\n') {
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
        let piece = fold(piece, |_| {});
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

/// The archived texts of the sources that name one and could be read.
pub struct ArchiveSet {
    texts: HashMap<String, Normalized>,
}

/// Which archived texts hold each word trigram, to find the source a missed quote comes from:
/// (trigram hash, index into `ids`) pairs in one sorted list, a fraction of the memory of a map
/// of lists. Built only when some quote misses.
pub struct Trigrams<'a> {
    /// Source ids, sorted.
    ids: Vec<&'a str>,
    pairs: Vec<(u64, u32)>,
}

impl<'a> Trigrams<'a> {
    pub fn new(archive: &'a ArchiveSet) -> Trigrams<'a> {
        let mut ids: Vec<&str> = archive.texts.keys().map(String::as_str).collect();
        ids.sort_unstable();
        let mut pairs: Vec<(u64, u32)> = ids
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, id)| trigram_keys(&archive.texts[*id].text).into_iter().map(move |key| (key, i as u32)))
            .collect();
        pairs.par_sort_unstable();
        pairs.dedup();
        Trigrams { ids, pairs }
    }

    /// The sources that hold a trigram, as indices into `ids`.
    fn holders(&self, key: u64) -> impl Iterator<Item = u32> + '_ {
        let start = self.pairs.partition_point(|&(k, _)| k < key);
        self.pairs[start..].iter().take_while(move |&&(k, _)| k == key).map(|&(_, source)| source)
    }
}

/// What was found for a quote that does not occur in its own source.
pub enum Miss {
    /// The quote occurs, whole, in another source.
    OtherSource(String),
    /// Each fragment occurs, but not in the quote's order.
    Reordered,
    /// The closest passage, its line in the archive, and the first difference.
    Closest { passage: String, line: usize, difference: Option<String> },
    /// Nothing usable (the source text is empty).
    Nothing,
}

impl ArchiveSet {
    /// Reads and checks the archive of every source that has one: path inside `dir`, readable,
    /// and matching its recorded SHA-256.
    pub fn load(dir: &Path, sources: &[Record<Source>], limits: &Limits) -> (ArchiveSet, Vec<Diagnostic>) {
        let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let results: Vec<(String, Result<Normalized, Diagnostic>, Option<Diagnostic>)> = sources
            .par_iter()
            .filter_map(|source| {
                let archive = source.archive.as_ref()?;
                let file_at = source.doc.locate("/archive/file");
                let missing = |why: String| Diagnostic::new(Code::ArchiveMissing, &source.doc.path, file_at, why);
                let loaded = read_archive(&root, dir, &archive.file, limits.max_archive_size).map_err(missing).map(|bytes| {
                    let actual = hex(&Sha256::digest(&bytes));
                    let mismatch = (actual != archive.sha256).then(|| {
                        Diagnostic::new(
                            Code::ArchiveHashMismatch,
                            &source.doc.path,
                            source.doc.locate("/archive/sha256"),
                            format!("the archived file `{}` has SHA-256 {actual}, not the recorded one", archive.file),
                        )
                        .with_help("check that its quotes still stand in the text, then record the new sha256")
                    });
                    (String::from_utf8_lossy(&bytes).into_owned(), mismatch)
                });
                Some(match loaded {
                    Ok((text, mismatch)) => (source.id.clone(), Ok(Normalized::new(&text)), mismatch),
                    Err(diagnostic) => (source.id.clone(), Err(diagnostic), None),
                })
            })
            .collect();
        let mut texts = HashMap::new();
        let mut diagnostics = Vec::new();
        for (id, text, mismatch) in results {
            match text {
                Ok(text) => {
                    texts.insert(id, text);
                }
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
            diagnostics.extend(mismatch);
        }
        (ArchiveSet { texts }, diagnostics)
    }

    pub fn text(&self, source: &str) -> Option<&Normalized> {
        self.texts.get(source)
    }

    /// Explains why a quote's fragments are not in `source`'s text.
    pub fn explain_miss(&self, trigrams: &Trigrams<'_>, source: &str, fragments: &[String]) -> Miss {
        if let Some(other) = self.other_source_with(trigrams, source, fragments) {
            return Miss::OtherSource(other);
        }
        let Some(text) = self.texts.get(source) else { return Miss::Nothing };
        let missing = fragments.iter().find(|f| !text.text.contains(f.as_str()));
        let Some(missing) = missing else { return Miss::Reordered };
        match closest_passage(&text.text, missing) {
            Some((start, end, difference)) => {
                Miss::Closest { passage: text.text[start..end].to_string(), line: text.line_of(start), difference }
            }
            None => Miss::Nothing,
        }
    }

    /// Another source whose text holds the whole quote: of the three that share the most of
    /// its longest fragment's trigrams, the first that holds every fragment in order.
    fn other_source_with(&self, trigrams: &Trigrams<'_>, cited: &str, fragments: &[String]) -> Option<String> {
        let longest = fragments.iter().max_by_key(|f| f.len())?;
        let mut votes: HashMap<u32, usize> = HashMap::new();
        for key in trigram_keys(longest) {
            for source in trigrams.holders(key) {
                *votes.entry(source).or_default() += 1;
            }
        }
        let mut candidates: Vec<(usize, &str)> =
            votes.into_iter().map(|(source, n)| (n, trigrams.ids[source as usize])).filter(|(_, id)| *id != cited).collect();
        candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        candidates
            .into_iter()
            .take(3)
            .find(|(_, id)| find_in_order(&self.texts[*id].text, fragments).is_some())
            .map(|(_, id)| id.to_string())
    }
}

fn trigram_keys(text: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let words: Vec<&str> = text.split(' ').collect();
    words
        .windows(3.min(words.len()).max(1))
        .map(|w| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut hasher);
            hasher.finish()
        })
        .collect()
}

/// Reads one archived text from inside `root` (the canonical archive directory); messages name
/// the directory as the user gave it (`shown`).
fn read_archive(root: &Path, shown: &Path, file: &str, limit: u64) -> Result<Vec<u8>, String> {
    let relative = Path::new(file);
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(format!("archive path `{file}` must stay inside the archive directory (no `..`, `.` or absolute path)"));
    }
    let path: PathBuf = root.join(relative);
    let resolved =
        path.canonicalize().map_err(|_| format!("archived text `{file}` is not in the archive directory {}", shown.display()))?;
    if !resolved.starts_with(root) {
        return Err(format!("archive path `{file}` leads outside the archive directory (through a symbolic link)"));
    }
    let metadata = std::fs::metadata(&resolved).map_err(|e| format!("cannot read archived text `{file}`: {e}"))?;
    if !metadata.is_file() {
        return Err(format!("archived text `{file}` is not a regular file"));
    }
    if metadata.len() > limit {
        return Err(format!("archived text `{file}` is larger than the limit of {limit} bytes"));
    }
    std::fs::read(&resolved).map_err(|e| format!("cannot read archived text `{file}`: {e}"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The window of the text whose words best cover the fragment's words (a sliding bag of
/// words, linear in the text), and the first word-level difference between the two.
fn closest_passage(text: &str, fragment: &str) -> Option<(usize, usize, Option<String>)> {
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
pub fn clip(text: &str) -> String {
    if text.chars().count() <= 80 { text.to_string() } else { format!("{}…", text.chars().take(79).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_folds_typography_and_whitespace() {
        let n = Normalized::new("  “Cyber  sovereignty” —\n it’s\u{00AD}  here ");
        assert_eq!(n.text, "\"Cyber sovereignty\" - it's here");
        assert_eq!(n.line_of(n.text.find("it's").unwrap()), 2);
    }

    #[test]
    fn elisions_split_quotes_into_ordered_fragments() {
        assert_eq!(fragments("a b … c [...] d"), vec!["a b", "c", "d"]);
        assert!(find_in_order("a b x c y d", &fragments("a b … c [...] d")).is_some());
        assert!(find_in_order("a b x c y d", &fragments("c … a b")).is_none());
    }

    #[test]
    fn the_closest_passage_names_the_changed_word() {
        let text = "one two three. States must respect the sovereignty of others in cyberspace. four five";
        let (start, end, difference) = closest_passage(text, "States must respect the independence of others in cyberspace.").unwrap();
        assert_eq!(&text[start..end], "States must respect the sovereignty of others in cyberspace.");
        assert_eq!(difference.unwrap(), "the quote has `independence` where the source has `sovereignty`");
    }
}
