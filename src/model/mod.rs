//! Typed records, built only from documents that passed their schema.

mod date;
pub mod grid;
mod supersession;

pub use date::{Day, PartialDate};
pub use grid::Grid;
pub use supersession::Supersession;

use crate::document::Document;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The record kinds, named by the folder (or file) they live in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, strum::IntoStaticStr, strum::VariantArray)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum RecordKind {
    Dataset,
    Actor,
    Theme,
    Source,
    Position,
    Reliability,
}

impl RecordKind {
    pub const ALL: &[RecordKind] = <RecordKind as strum::VariantArray>::VARIANTS;

    /// The kinds the exports hold: all but reliability codings, which only `polpos agreement` reads.
    pub const EXPORTED: [RecordKind; 5] =
        [RecordKind::Dataset, RecordKind::Actor, RecordKind::Theme, RecordKind::Source, RecordKind::Position];

    pub fn name(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, strum::IntoStaticStr, strum::VariantArray)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Stance {
    StronglyOpposes,
    Opposes,
    Mixed,
    Supports,
    StronglySupports,
}

impl Stance {
    pub const ALL: &[Stance] = <Stance as strum::VariantArray>::VARIANTS;

    /// The ordinal value on the -2..=2 scale.
    pub fn value(self) -> i8 {
        match self {
            Stance::StronglyOpposes => -2,
            Stance::Opposes => -1,
            Stance::Mixed => 0,
            Stance::Supports => 1,
            Stance::StronglySupports => 2,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Whose words a citation carries, from the strongest evidence of an actor's position to the weakest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, strum::IntoStaticStr, strum::VariantArray)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Attribution {
    /// The actor's own words.
    Direct,
    /// A source's report of what the actor said or did.
    Reported,
    /// An analyst's characterization of the actor's view.
    Characterized,
}

impl Attribution {
    pub const ALL: &[Attribution] = <Attribution as strum::VariantArray>::VARIANTS;

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allow {
    pub check: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub name: String,
    pub title: String,
    pub version: String,
    pub license: String,
    pub description: String,
    pub codebook_version: String,
    pub homepage: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organ {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
    pub organ: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub organs: Vec<Organ>,
    #[serde(default)]
    pub speakers: Vec<Speaker>,
    pub description: Option<String>,
    #[serde(default)]
    pub allow: Vec<Allow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleEntry {
    pub meaning: String,
    pub example: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    pub note: String,
    pub see: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    pub id: String,
    pub label: String,
    pub proposition: String,
    pub description: String,
    pub scale: BTreeMap<Stance, ScaleEntry>,
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<Exclusion>,
    pub deprecated_by: Option<String>,
    #[serde(default)]
    pub allow: Vec<Allow>,
}

/// Markup a transcription adds to an archived text, which quote matching removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Markup {
    Markdown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Archive {
    pub file: String,
    pub sha256: String,
    /// The line of the file where the document's text begins, after any metadata block.
    pub text_from_line: Option<u32>,
    pub markup: Option<Markup>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    /// The actors that issued an official text; two or more make it a joint statement.
    #[serde(default)]
    pub issuers: Vec<String>,
    pub published: Option<PartialDate>,
    pub url: Option<String>,
    pub kind: String,
    pub language: Option<String>,
    pub archive: Option<Archive>,
    pub note: Option<String>,
    #[serde(default)]
    pub allow: Vec<Allow>,
}

/// Reads an id that many records repeat (a position's actor and theme, a citation's source) as
/// one copy that they share, one per thread: at 100k positions a copy each was 9 MB. A thread
/// keeps the ids it has seen, up to a bound, so a long-running server does not grow without end.
fn shared<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Arc<str>, D::Error> {
    const KEPT: usize = 1 << 16;
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashSet<Arc<str>>> = Default::default();
    }
    let text = String::deserialize(deserializer)?;
    Ok(SEEN.with_borrow_mut(|seen| {
        if let Some(known) = seen.get(text.as_str()) {
            return Arc::clone(known);
        }
        if seen.len() >= KEPT {
            seen.clear();
        }
        let new: Arc<str> = text.into();
        seen.insert(Arc::clone(&new));
        new
    }))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    #[serde(deserialize_with = "shared")]
    pub source: Arc<str>,
    pub quote: Box<str>,
    pub locator: Option<Box<str>>,
    pub attribution: Attribution,
    pub speaker: Option<Box<str>>,
    pub forum: Option<Box<str>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub id: Box<str>,
    #[serde(deserialize_with = "shared")]
    pub actor: Arc<str>,
    pub organ: Option<Box<str>>,
    pub speaker: Option<Box<str>>,
    #[serde(deserialize_with = "shared")]
    pub theme: Arc<str>,
    pub stance: Stance,
    pub stated_on: PartialDate,
    pub valid_until: Option<PartialDate>,
    pub supersedes: Option<Box<str>>,
    pub summary: Box<str>,
    pub confidence: Confidence,
    pub coder: Box<str>,
    pub note: Option<Box<str>>,
    #[serde(default)]
    pub evidence: Box<[Citation]>,
    #[serde(default)]
    pub allow: Box<[Allow]>,
}

impl Position {
    /// Lets go of the texts that no check reads once the citations are checked: the summary,
    /// note and coder, and each citation's quote, locator and forum. Kept here, beside the
    /// fields, so that a new text field is seen to belong.
    pub fn drop_texts(&mut self) {
        (self.summary, self.note, self.coder) = (Box::default(), None, Box::default());
        for citation in self.evidence.iter_mut() {
            (citation.quote, citation.locator, citation.forum) = (Box::default(), None, None);
        }
    }

    /// The strongest evidence the position rests on: the actor's own words when any citation is
    /// `direct`, else a report of what it said or did, else a characterization; `None` without
    /// evidence.
    pub fn basis(&self) -> Option<Attribution> {
        self.evidence.iter().map(|citation| citation.attribution).min()
    }
}

/// One unit a coder coded in a reliability record: the stance of an actor on a theme in a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodedUnit {
    pub actor: String,
    pub theme: String,
    pub source: String,
    pub stance: Stance,
    pub quote: Option<String>,
    pub note: Option<String>,
}

/// One coder's independent coding of whole sources, kept to measure inter-coder agreement. Not
/// a position: nothing but `polpos agreement` reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reliability {
    pub coder: String,
    pub description: String,
    /// The sources this coder coded in full: a unit of these sources that the coder left out
    /// is one the coder found no position in.
    pub sources: Vec<String>,
    pub units: Vec<CodedUnit>,
}

/// A typed record and the document it came from, so checks can point at its lines.
#[derive(Debug, Clone)]
pub struct Record<T> {
    pub doc: Arc<Document>,
    pub data: T,
    /// JSON pointers of the parts that failed the record's schema (empty for a valid record).
    /// A placeholder stands in each, so checks read a part only when [`Record::usable`] says so.
    pub failed: Vec<String>,
}

impl<T> Record<T> {
    /// Whether a check may read the part at `pointer`: neither it, nor a part of it, nor what
    /// it is part of failed the schema.
    pub fn usable(&self, pointer: &str) -> bool {
        self.failed.iter().all(|failed| !overlaps(failed, pointer))
    }

    /// [`Record::usable`] for a pointer that is built only when some part of the record failed.
    pub fn usable_at(&self, pointer: impl FnOnce() -> String) -> bool {
        self.failed.is_empty() || self.usable(&pointer())
    }
}

/// Whether one JSON pointer is the other or lies inside it.
fn overlaps(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.starts_with(short) && (long.len() == short.len() || long.as_bytes()[short.len()] == b'/')
}

impl<T> std::ops::Deref for Record<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.data
    }
}

/// The whole dataset, every kind sorted by id (then file) for deterministic checks and exports.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub manifest: Option<Record<Manifest>>,
    pub actors: Vec<Record<Actor>>,
    pub themes: Vec<Record<Theme>>,
    pub sources: Vec<Record<Source>>,
    /// Boxed: a position record is large, and at 100k positions a list of them would be made
    /// while every record still sits in the box it was typed in.
    pub positions: Vec<Box<Record<Position>>>,
    /// The coders' reliability codings (data/reliability/<coder>.yaml), sorted by coder.
    pub reliability: Vec<Record<Reliability>>,
    /// Records whose file exists but could not be read or failed its schema, by kind and file
    /// stem: references to them are not reported as unknown, since the real error is elsewhere.
    pub broken: std::collections::HashSet<(RecordKind, String)>,
    /// Built on first use, once `positions` is complete and sorted.
    supersession: std::sync::OnceLock<Supersession>,
}

/// Lookups by id. The first record wins where ids repeat (the identity check reports that).
pub struct Index<'a> {
    pub actors: std::collections::HashMap<&'a str, &'a Record<Actor>>,
    pub themes: std::collections::HashMap<&'a str, &'a Record<Theme>>,
    pub sources: std::collections::HashMap<&'a str, &'a Record<Source>>,
    pub positions: std::collections::HashMap<&'a str, &'a Record<Position>>,
}

fn by_id<'a, T: 'a, F: Fn(&'a T) -> &'a str>(
    records: impl ExactSizeIterator<Item = &'a Record<T>>,
    id: F,
) -> std::collections::HashMap<&'a str, &'a Record<T>> {
    let mut map = std::collections::HashMap::with_capacity(records.len());
    for record in records {
        map.entry(id(&record.data)).or_insert(record);
    }
    map
}

impl Dataset {
    /// The supersession links between `positions`, by index. Read it only once the positions
    /// are complete: it is built on first use and kept.
    pub fn supersession(&self) -> &Supersession {
        self.supersession.get_or_init(|| Supersession::of(&self.positions))
    }

    pub fn index(&self) -> Index<'_> {
        Index {
            actors: by_id(self.actors.iter(), |a| &a.id),
            themes: by_id(self.themes.iter(), |t| &t.id),
            sources: by_id(self.sources.iter(), |s| &s.id),
            positions: by_id(self.positions.iter().map(|p| &**p), |p| &p.id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::overlaps;

    #[test]
    fn a_pointer_overlaps_itself_and_what_it_contains_or_lies_in() {
        for (a, b) in [("/a", "/a"), ("/a", "/a/b"), ("/a/b", "/a"), ("", "/a")] {
            assert!(overlaps(a, b), "{a} and {b}");
        }
        for (a, b) in [("/a", "/ab"), ("/ab", "/a"), ("/a/b", "/a/c"), ("/b", "/a")] {
            assert!(!overlaps(a, b), "{a} and {b}");
        }
    }
}
