//! The export tables, each defined once, one module per record kind.

mod actors;
mod dataset;
mod positions;
mod sources;
mod themes;

use super::columns::*;
use crate::model::{Allow, Attribution, Dataset, PartialDate, Position, Record, RecordKind};
use actors::{actors, organs, speakers};
use dataset::{allows, manifest};
use positions::{citations, matrix, positions};
use sources::sources;
use std::collections::HashSet;
use themes::{exclusions, scale, themes};

/// The tables of the export, in the order the data package lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Table {
    /// One row per position.
    Positions,
    /// One row per citation of a position.
    Citations,
    /// One row per theme, one column per actor: the stance held now.
    Matrix,
    /// One row per actor.
    Actors,
    /// Organs of the actors.
    Organs,
    /// Speakers of the actors.
    Speakers,
    /// Other names of the actors.
    Aliases,
    /// One row per theme (the codebook).
    Themes,
    /// What each stance means for each theme.
    Scale,
    /// Inclusion notes of the themes.
    Inclusions,
    /// Exclusion notes of the themes.
    Exclusions,
    /// One row per source.
    Sources,
    /// Authors of the sources.
    Authors,
    /// Per-record exceptions to checks, with their reasons.
    Allows,
    /// The dataset manifest (one row).
    Dataset,
    /// Keywords of the dataset.
    Keywords,
}

impl Table {
    pub const ALL: [Table; 16] = [
        Table::Positions,
        Table::Citations,
        Table::Matrix,
        Table::Actors,
        Table::Organs,
        Table::Speakers,
        Table::Aliases,
        Table::Themes,
        Table::Scale,
        Table::Inclusions,
        Table::Exclusions,
        Table::Sources,
        Table::Authors,
        Table::Allows,
        Table::Dataset,
        Table::Keywords,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Positions => "positions",
            Table::Citations => "citations",
            Table::Matrix => "matrix",
            Table::Actors => "actors",
            Table::Organs => "organs",
            Table::Speakers => "speakers",
            Table::Aliases => "aliases",
            Table::Themes => "themes",
            Table::Scale => "scale",
            Table::Inclusions => "inclusions",
            Table::Exclusions => "exclusions",
            Table::Sources => "sources",
            Table::Authors => "authors",
            Table::Allows => "allows",
            Table::Dataset => "dataset",
            Table::Keywords => "keywords",
        }
    }
}

/// Builds one table. `today` decides which positions are live (`positions.current`, `matrix`).
pub fn build(dataset: &Dataset, table: Table, today: PartialDate) -> TableData {
    match table {
        Table::Positions => positions(dataset, today),
        Table::Citations => citations(dataset),
        Table::Matrix => matrix(dataset, today),
        Table::Actors => actors(dataset),
        Table::Organs => organs(dataset),
        Table::Speakers => speakers(dataset),
        Table::Aliases => list_table(table, RecordKind::Actor, ("aliases", "alias"), owned_items(&dataset.actors, |a| (&a.id, &a.aliases))),
        Table::Themes => themes(dataset),
        Table::Scale => scale(dataset),
        Table::Inclusions => {
            list_table(table, RecordKind::Theme, ("include", "note"), owned_items(&dataset.themes, |t| (&t.id, &t.include)))
        }
        Table::Exclusions => exclusions(dataset),
        Table::Sources => sources(dataset),
        Table::Authors => {
            list_table(table, RecordKind::Source, ("authors", "author"), owned_items(&dataset.sources, |s| (&s.id, &s.authors)))
        }
        Table::Allows => allows(dataset),
        Table::Dataset => manifest(dataset),
        Table::Keywords => {
            list_table(table, RecordKind::Dataset, ("keywords", "keyword"), owned_items(dataset.manifest.as_slice(), |m| ("", &m.keywords)))
        }
    }
}

/// The actor of an organ or speaker a row names, beside its id: filled only when the part is
/// named, so that the composite key (actor, part) into `organs` or `speakers` is checked only then.
/// SQL skips a key with an empty field, but frictionless checks it, so the row's own `actor_id`
/// cannot serve.
fn part_actor_field(part: &str) -> Field {
    Field::derived(
        &format!("{part}_actor_id"),
        &format!("The actor (id) of `{part}_id` when one is named, empty otherwise; with `{part}_id`, the key into `{part}s`."),
    )
}

/// The composite key of `<part>_actor_id` and `<part>_id` into the parts' table.
fn part_key(part: &str, table: Table) -> ForeignKey {
    let id = format!("{part}_id");
    composite_key(&[&format!("{part}_actor_id"), &id], table, &["actor_id", &id])
}

/// The id column of the record a list item belongs to.
fn owner_field(key: &str, kind: RecordKind) -> Field {
    Field::schema(key, kind, "id").described(&format!("The {} (id) the item belongs to.", kind.name()))
}

/// The items of one list property of each record, with their owner's id and their place, from 1.
fn owned_items<'a, T>(records: &'a [Record<T>], list: impl Fn(&'a T) -> (&'a str, &'a [String])) -> Vec<(&'a str, usize, &'a str)> {
    let lists = records.iter().map(|record| list(&record.data));
    lists.flat_map(|(owner, values)| values.iter().enumerate().map(move |(i, value)| (owner, i + 1, value.as_str()))).collect()
}

/// A table of the text values of one list property of a record kind: the owner's id (unless the
/// dataset owns the list), the item's place and the item. `list` names the property and the
/// column of its items.
fn list_table<'a>(
    table: Table,
    kind: RecordKind,
    list: (&str, &str),
    rows: impl IntoIterator<Item = (&'a str, usize, &'a str)>,
) -> TableData {
    let (property, column) = list;
    let owner = match kind {
        RecordKind::Actor => Some(("actor_id", Table::Actors)),
        RecordKind::Theme => Some(("theme_id", Table::Themes)),
        RecordKind::Source => Some(("source_id", Table::Sources)),
        RecordKind::Dataset | RecordKind::Position | RecordKind::Reliability => None,
    };
    let mut columns = Columns::<(&str, usize, &str)>::new();
    let mut primary_key = vec!["ordinal"];
    let mut foreign_keys = Vec::new();
    if let Some((key, owner_table)) = owner {
        columns = columns.add(owner_field(key, kind), |(id, _, _)| text(id));
        primary_key.insert(0, key);
        foreign_keys.push(foreign_key(key, owner_table, key));
    }
    let description = match owner {
        Some(_) => format!("The `{property}` lists of the {}s, one row per item, in the records' order.", kind.name()),
        None => format!("The `{property}` list of the {}, one row per item.", kind.name()),
    };
    columns
        .add(Field::ordinal(property), |(_, ordinal, _)| integer(*ordinal as i64))
        .add(Field::schema(column, kind, &format!("{property}/items")), |(_, _, value)| text(value))
        .table(table, &description, rows, &primary_key)
        .referencing(foreign_keys)
}

/// Positions grouped by actor and theme, oldest first.
fn ordered_positions(dataset: &Dataset) -> Vec<&Record<Position>> {
    let mut ordered: Vec<&Record<Position>> = dataset.positions.iter().map(|p| &**p).collect();
    ordered.sort_by_key(|p| (&*p.actor, &*p.theme, p.stated_on.earliest(), p.stated_on.latest(), &*p.id));
    ordered
}

/// The distinct sources a position cites, in the order of their first citation.
fn source_ids(position: &Position) -> Vec<&str> {
    let mut seen = HashSet::new();
    position.evidence.iter().map(|c| &*c.source).filter(|s| seen.insert(*s)).collect()
}
