//! Explaining a quote that is not in its source: another source that holds it (found through a
//! trigram index of every archived text), or the closest passage of its own source.

use super::align::closest_passage;
use super::file::ArchiveSet;
use super::normalize::find_in_order;
use rayon::prelude::*;
use std::collections::HashMap;

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
#[derive(Debug, PartialEq, Eq)]
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

#[cfg(test)]
mod tests {
    use super::super::file::document_text;
    use super::super::normalize::fragments;
    use super::*;

    /// An archive set of (source id, file text, first line of the document's text).
    fn set(texts: &[(&str, &str, usize)]) -> ArchiveSet {
        let texts = texts.iter().map(|(id, raw, from)| (id.to_string(), document_text(raw, *from, None).unwrap())).collect();
        ArchiveSet { texts }
    }

    #[test]
    fn a_quote_from_another_source_names_it() {
        let archive =
            set(&[("cited", "Nothing of the kind here at all.\n", 1), ("other", "meta\nStates must keep their networks open.\n", 2)]);
        let trigrams = Trigrams::new(&archive);
        assert_eq!(archive.explain_miss(&trigrams, "cited", &fragments("keep their networks open")), Miss::OtherSource("other".into()));
    }

    #[test]
    fn text_before_the_documents_first_line_is_not_searched() {
        let archive = set(&[("cited", "title: the metadata line\nThe document's own words.\n", 2), ("other", "x\n", 1)]);
        let trigrams = Trigrams::new(&archive);
        let miss = archive.explain_miss(&trigrams, "cited", &fragments("the metadata line"));
        assert!(matches!(miss, Miss::Closest { line: 2, .. }), "{miss:?}");
    }

    #[test]
    fn fragments_out_of_order_are_told_apart_from_a_changed_word() {
        let archive = set(&[("cited", "first words, then\nsecond words.\n", 1)]);
        let trigrams = Trigrams::new(&archive);
        assert_eq!(archive.explain_miss(&trigrams, "cited", &fragments("second words … first words")), Miss::Reordered);
        let Miss::Closest { passage, line, difference } = archive.explain_miss(&trigrams, "cited", &fragments("second wards.")) else {
            panic!("no closest passage")
        };
        assert_eq!((passage.as_str(), line), ("second words.", 2));
        assert_eq!(difference.unwrap(), "the quote has `wards.` where the source has `words.`");
    }
}
