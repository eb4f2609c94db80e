//! The export tables, each defined once: its fields (types, constraints, and the descriptions of
//! the JSON Schemas) beside the values of its rows. The CSV writer and the data package both
//! read these definitions, so the two cannot drift apart.

use super::current::{self, Status};
use crate::model::{Allow, Attribution, Citation, Dataset, Index, PartialDate, Position, Record, RecordKind};
use crate::schema::Schemas;
use std::collections::HashSet;

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

/// One value of a row. Numbers and booleans stay typed, so that only text is neutralised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    Integer(i64),
    Boolean(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    Boolean,
}

impl FieldType {
    /// The Table Schema type name.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Boolean => "boolean",
        }
    }
}

/// A column: its name, type, meaning and constraints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub field_type: FieldType,
    pub description: String,
    pub required: bool,
    /// A regular expression every value matches as a whole (Table Schema anchors patterns).
    pub pattern: Option<String>,
    /// The only values allowed, when the set is closed.
    pub allowed: Vec<String>,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
}

/// Separates the values of a list joined into one cell.
pub const LIST_SEPARATOR: &str = "; ";

/// Joins list values into one cell. A `\` or `;` inside a value is escaped with `\`, so the
/// cell splits back into exactly the values it was made of (docs/export.md).
pub fn join_list<S: AsRef<str>>(values: &[S]) -> String {
    let escaped: Vec<String> = values.iter().map(|v| v.as_ref().replace('\\', "\\\\").replace(';', "\\;")).collect();
    escaped.join(LIST_SEPARATOR)
}

/// A JSON Schema pattern, which may match anywhere in a value, as a Table Schema pattern, which
/// must match the whole value. (The schemas' patterns have no top-level alternation.)
fn whole_value_pattern(pattern: &str) -> String {
    let (from_start, rest) = pattern.strip_prefix('^').map_or((false, pattern), |rest| (true, rest));
    let (to_end, body) = match rest.strip_suffix('$') {
        Some(body) if !body.ends_with('\\') => (true, body),
        _ => (false, rest),
    };
    format!("{}{body}{}", if from_start { "" } else { ".*" }, if to_end { "" } else { ".*" })
}

impl Field {
    /// A field that holds a record property, described by the kind's JSON Schema. `path` names
    /// the property: keys separated by `/`, and `items` for the items of a list.
    fn schema(name: &str, kind: RecordKind, path: &str) -> Field {
        let mut node = Schemas::get().raw(kind);
        let mut required = true;
        for segment in path.split('/') {
            if segment == "items" {
                node = &node["items"];
                // Each item is a row of its own table, so what the item requires, the row has.
                required = true;
            } else {
                required &= node["required"].as_array().is_some_and(|keys| keys.iter().any(|k| k == segment));
                node = &node["properties"][segment];
            }
        }
        let description = node["description"].as_str().unwrap_or_else(|| panic!("the {} schema describes `{path}`", kind.name()));
        Field {
            name: name.to_string(),
            field_type: FieldType::String,
            description: description.to_string(),
            required,
            pattern: node["pattern"].as_str().map(whole_value_pattern),
            allowed: node["enum"].as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_string)).collect(),
            minimum: None,
            maximum: None,
        }
    }

    /// A field computed for the export, not a property of one record.
    fn derived(name: &str, description: &str) -> Field {
        Field {
            name: name.to_string(),
            field_type: FieldType::String,
            description: description.to_string(),
            required: false,
            pattern: None,
            allowed: Vec::new(),
            minimum: None,
            maximum: None,
        }
    }

    /// The place of an item in its record's list, from 1.
    fn ordinal(list: &str) -> Field {
        Field::derived("ordinal", &format!("Place of the item in the record's `{list}` list, from 1.")).integer(Some(1), None).required()
    }

    fn integer(mut self, minimum: Option<i64>, maximum: Option<i64>) -> Field {
        self.field_type = FieldType::Integer;
        (self.minimum, self.maximum) = (minimum, maximum);
        self
    }

    fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// The same constraints with a description that fits the table the field is in.
    fn described(mut self, description: &str) -> Field {
        self.description = description.to_string();
        self
    }

    /// A list property joined into one cell.
    fn joined(mut self) -> Field {
        self.description.push_str(" Joined with `; `; a `;` or `\\` inside a value is escaped with `\\`.");
        self
    }
}

/// Fields of one table that must match fields of a table (or of this one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    pub fields: Vec<String>,
    pub table: Table,
    pub reference: Vec<String>,
}

fn foreign_key(field: &str, table: Table, reference: &str) -> ForeignKey {
    ForeignKey { fields: vec![field.to_string()], table, reference: vec![reference.to_string()] }
}

/// A table with its rows, ready to write.
#[derive(Debug, Clone)]
pub struct TableData {
    pub table: Table,
    pub description: String,
    pub fields: Vec<Field>,
    pub rows: Vec<Vec<Cell>>,
    pub primary_key: Vec<String>,
    pub foreign_keys: Vec<ForeignKey>,
}

type Value<'a, R> = Box<dyn Fn(&R) -> Cell + 'a>;

/// The columns of a table, each field beside the function that gives its value in a row.
struct Columns<'a, R> {
    fields: Vec<Field>,
    values: Vec<Value<'a, R>>,
}

impl<'a, R> Columns<'a, R> {
    fn new() -> Self {
        Columns { fields: Vec::new(), values: Vec::new() }
    }

    fn add(mut self, field: Field, value: impl Fn(&R) -> Cell + 'a) -> Self {
        self.fields.push(field);
        self.values.push(Box::new(value));
        self
    }

    fn table<K: AsRef<str>>(self, table: Table, description: &str, rows: impl IntoIterator<Item = R>, primary_key: &[K]) -> TableData {
        let rows = rows.into_iter().map(|row| self.values.iter().map(|value| value(&row)).collect()).collect();
        TableData {
            table,
            description: description.to_string(),
            fields: self.fields,
            rows,
            primary_key: primary_key.iter().map(|k| k.as_ref().to_string()).collect(),
            foreign_keys: Vec::new(),
        }
    }
}

impl TableData {
    fn referencing(mut self, foreign_keys: Vec<ForeignKey>) -> TableData {
        self.foreign_keys = foreign_keys;
        self
    }
}

fn text(value: impl AsRef<str>) -> Cell {
    Cell::Text(value.as_ref().to_string())
}

fn optional(value: Option<impl AsRef<str>>) -> Cell {
    value.map_or(Cell::Empty, text)
}

fn date(value: Option<PartialDate>) -> Cell {
    value.map_or(Cell::Empty, |d| Cell::Text(d.to_string()))
}

fn list<S: AsRef<str>>(values: &[S]) -> Cell {
    if values.is_empty() { Cell::Empty } else { Cell::Text(join_list(values)) }
}

/// An enumerated value as the YAML spells it.
fn serialized(value: impl serde::Serialize) -> Cell {
    optional(serde_json::to_value(value).ok().as_ref().and_then(|v| v.as_str()))
}

fn integer(value: impl Into<i64>) -> Cell {
    Cell::Integer(value.into())
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
        RecordKind::Dataset | RecordKind::Position => None,
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
    let mut ordered: Vec<&Record<Position>> = dataset.positions.iter().collect();
    ordered.sort_by_key(|p| (p.actor.as_str(), p.theme.as_str(), p.stated_on.earliest(), p.stated_on.latest(), p.id.as_str()));
    ordered
}

/// The distinct sources a position cites, in the order of their first citation.
fn source_ids(position: &Position) -> Vec<&str> {
    let mut seen = HashSet::new();
    position.evidence.iter().map(|c| c.source.as_str()).filter(|s| seen.insert(*s)).collect()
}

const STANCE_VALUE: &str = "The stance as a number: -2 strongly_opposes, -1 opposes, 0 mixed, 1 supports, 2 strongly_supports.";

fn positions(dataset: &Dataset, today: PartialDate) -> TableData {
    use RecordKind::Position as P;
    let index = dataset.index();
    let live = current::live_positions(dataset, today);
    Columns::<&Record<Position>>::new()
        .add(Field::schema("position_id", P, "id"), |p| text(&p.id))
        .add(Field::schema("actor_id", P, "actor"), |p| text(&p.actor))
        .add(Field::schema("actor_name", RecordKind::Actor, "name"), |p| optional(index.actors.get(p.actor.as_str()).map(|a| &a.name)))
        .add(Field::schema("theme_id", P, "theme"), |p| text(&p.theme))
        .add(Field::schema("theme_label", RecordKind::Theme, "label"), |p| {
            optional(index.themes.get(p.theme.as_str()).map(|t| &t.label))
        })
        .add(Field::schema("stance", P, "stance"), |p| text(p.stance.as_str()))
        .add(Field::derived("stance_value", STANCE_VALUE).integer(Some(-2), Some(2)).required(), |p| integer(p.stance.value()))
        .add(Field::schema("stated_on", P, "stated_on"), |p| date(Some(p.stated_on)))
        .add(Field::schema("confidence", P, "confidence"), |p| serialized(p.confidence))
        .add(
            Field::derived("source_ids", "The sources (ids) the position's evidence cites, in the order of their first citation.")
                .required()
                .joined(),
            |p| list(&source_ids(p)),
        )
        .add(Field::schema("summary", P, "summary"), |p| text(&p.summary))
        .add(Field::schema("valid_until", P, "valid_until"), |p| date(p.valid_until))
        .add(Field::schema("supersedes", P, "supersedes"), |p| optional(p.supersedes.as_ref()))
        .add(
            Field {
                field_type: FieldType::Boolean,
                ..Field::derived(
                    "current",
                    "Whether the position is live on the export date: no position supersedes it and its valid_until is not before that date.",
                )
                .required()
            },
            |p| Cell::Boolean(live.contains(p.id.as_str())),
        )
        .add(Field::schema("organ_id", P, "organ"), |p| optional(p.organ.as_ref()))
        .add(Field::schema("speaker_id", P, "speaker"), |p| optional(p.speaker.as_ref()))
        .add(Field::schema("coder", P, "coder"), |p| text(&p.coder))
        .add(Field::schema("note", P, "note"), |p| optional(p.note.as_ref()))
        .table(Table::Positions, "One row per coded position: one actor's stance on one theme's proposition at one time.", ordered_positions(dataset), &["position_id"])
        .referencing(vec![
            foreign_key("actor_id", Table::Actors, "actor_id"),
            foreign_key("theme_id", Table::Themes, "theme_id"),
            foreign_key("supersedes", Table::Positions, "position_id"),
            foreign_key("organ_id", Table::Organs, "organ_id"),
            foreign_key("speaker_id", Table::Speakers, "speaker_id"),
        ])
}

/// The other issuers of a joint statement that a citation quotes `direct`: the issuers of its
/// source besides the position's actor, when there are two or more.
fn joint_with<'a>(index: &Index<'a>, position: &Position, citation: &Citation) -> Vec<&'a str> {
    let issuers = index.sources.get(citation.source.as_str()).map(|s| s.issuers.as_slice()).unwrap_or_default();
    if citation.attribution != Attribution::Direct || issuers.len() < 2 {
        return Vec::new();
    }
    issuers.iter().map(String::as_str).filter(|issuer| *issuer != position.actor).collect()
}

fn citations(dataset: &Dataset) -> TableData {
    use RecordKind::Position as P;
    let index = dataset.index();
    let rows = ordered_positions(dataset)
        .into_iter()
        .flat_map(|p| p.evidence.iter().enumerate().map(move |(i, citation)| (&p.data, i + 1, citation)));
    Columns::<(&Position, usize, &Citation)>::new()
        .add(Field::schema("position_id", P, "id").described("The position (id) the citation supports."), |(p, _, _)| text(&p.id))
        .add(Field::ordinal("evidence"), |(_, ordinal, _)| integer(*ordinal as i64))
        .add(Field::schema("actor_id", P, "actor"), |(p, _, _)| text(&p.actor))
        .add(Field::schema("theme_id", P, "theme"), |(p, _, _)| text(&p.theme))
        .add(Field::schema("source_id", P, "evidence/items/source"), |(_, _, c)| text(&c.source))
        .add(Field::schema("attribution", P, "evidence/items/attribution"), |(_, _, c)| serialized(c.attribution))
        .add(
            Field::derived(
                "joint_with",
                "For a `direct` citation of a joint statement (a source with two or more issuers): its other issuers (actor ids), besides the position's actor; empty otherwise.",
            )
            .joined(),
            |(p, _, c)| list(&joint_with(&index, p, c)),
        )
        .add(Field::schema("quote", P, "evidence/items/quote"), |(_, _, c)| text(&c.quote))
        .add(Field::schema("locator", P, "evidence/items/locator"), |(_, _, c)| optional(c.locator.as_ref()))
        .add(Field::schema("speaker_id", P, "evidence/items/speaker"), |(_, _, c)| optional(c.speaker.as_ref()))
        .add(Field::schema("forum", P, "evidence/items/forum"), |(_, _, c)| optional(c.forum.as_ref()))
        .table(
            Table::Citations,
            "One row per citation of a position, in the order the position lists its evidence.",
            rows,
            &["position_id", "ordinal"],
        )
        .referencing(vec![
            foreign_key("position_id", Table::Positions, "position_id"),
            foreign_key("actor_id", Table::Actors, "actor_id"),
            foreign_key("theme_id", Table::Themes, "theme_id"),
            foreign_key("source_id", Table::Sources, "source_id"),
            foreign_key("speaker_id", Table::Speakers, "speaker_id"),
        ])
}

fn matrix(dataset: &Dataset, today: PartialDate) -> TableData {
    use crate::model::Theme;
    let cells = current::cells(dataset, today);
    let cells = &cells;
    let cell = move |actor: &str, theme: &str| cells.get(&(actor.to_string(), theme.to_string()));
    let mut columns = Columns::<&Record<Theme>>::new()
        .add(Field::schema("theme_id", RecordKind::Theme, "id"), |t| text(&t.id))
        .add(Field::schema("theme_label", RecordKind::Theme, "label"), |t| text(&t.label));
    for actor in &dataset.actors {
        let id = actor.id.clone();
        let description = format!(
            "The stance value {} ({}) holds now on the theme, -2 to 2; empty when the cell is uncoded or contested (see {}_status).",
            actor.name, actor.id, actor.id
        );
        columns = columns.add(Field::derived(&actor.id, &description).integer(Some(-2), Some(2)), move |t| {
            cell(&id, &t.id).and_then(current::Cell::value).map_or(Cell::Empty, integer)
        });
    }
    for actor in &dataset.actors {
        let id = actor.id.clone();
        let field = Field {
            allowed: Status::ALL.iter().map(|s| s.as_str().to_string()).collect(),
            ..Field::derived(
                &format!("{}_status", actor.id),
                &format!(
                    "uncoded: {} holds no live position on the theme; coded: its live positions share one stance; contested: its live positions differ.",
                    actor.id
                ),
            )
            .required()
        };
        columns = columns.add(field, move |t| text(cell(&id, &t.id).map_or(Status::Uncoded, current::Cell::status).as_str()));
    }
    for actor in &dataset.actors {
        let id = actor.id.clone();
        let description = format!("The live positions (ids) of {} on the theme.", actor.id);
        columns = columns.add(Field::derived(&format!("{}_positions", actor.id), &description).joined(), move |t| {
            let ids: Vec<&str> = cell(&id, &t.id).map(|c| c.positions.iter().map(|(id, _)| id.as_str()).collect()).unwrap_or_default();
            list(&ids)
        });
    }
    columns
        .table(
            Table::Matrix,
            "One row per theme and one column per actor: the stance value each actor holds now on each theme (docs/export.md).",
            &dataset.themes,
            &["theme_id"],
        )
        .referencing(vec![foreign_key("theme_id", Table::Themes, "theme_id")])
}

fn actors(dataset: &Dataset) -> TableData {
    use RecordKind::Actor as A;
    Columns::<&Record<crate::model::Actor>>::new()
        .add(Field::schema("actor_id", A, "id"), |a| text(&a.id))
        .add(Field::schema("name", A, "name"), |a| text(&a.name))
        .add(Field::schema("kind", A, "kind"), |a| text(&a.kind))
        .add(Field::schema("aliases", A, "aliases").joined(), |a| list(&a.aliases))
        .add(Field::schema("description", A, "description"), |a| optional(a.description.as_ref()))
        .table(Table::Actors, "One row per actor; organs, speakers and aliases are in their own tables.", &dataset.actors, &["actor_id"])
}

fn organs(dataset: &Dataset) -> TableData {
    use RecordKind::Actor as A;
    let rows = dataset.actors.iter().flat_map(|a| a.organs.iter().map(move |o| (a.id.as_str(), o)));
    Columns::<(&str, &crate::model::Organ)>::new()
        .add(owner_field("actor_id", A), |(actor, _)| text(actor))
        .add(Field::schema("organ_id", A, "organs/items/id"), |(_, o)| text(&o.id))
        .add(Field::schema("name", A, "organs/items/name"), |(_, o)| text(&o.name))
        .add(Field::schema("description", A, "organs/items/description"), |(_, o)| optional(o.description.as_ref()))
        .table(Table::Organs, "Organs of the actors: parts that speak for them.", rows, &["actor_id", "organ_id"])
        .referencing(vec![foreign_key("actor_id", Table::Actors, "actor_id")])
}

fn speakers(dataset: &Dataset) -> TableData {
    use RecordKind::Actor as A;
    let rows = dataset.actors.iter().flat_map(|a| a.speakers.iter().map(move |s| (a.id.as_str(), s)));
    Columns::<(&str, &crate::model::Speaker)>::new()
        .add(owner_field("actor_id", A), |(actor, _)| text(actor))
        .add(Field::schema("speaker_id", A, "speakers/items/id"), |(_, s)| text(&s.id))
        .add(Field::schema("name", A, "speakers/items/name"), |(_, s)| text(&s.name))
        .add(Field::schema("role", A, "speakers/items/role"), |(_, s)| optional(s.role.as_ref()))
        .add(Field::schema("organ_id", A, "speakers/items/organ"), |(_, s)| optional(s.organ.as_ref()))
        .table(Table::Speakers, "Speakers of the actors: people who speak for them in the sources.", rows, &["actor_id", "speaker_id"])
        .referencing(vec![foreign_key("actor_id", Table::Actors, "actor_id"), foreign_key("organ_id", Table::Organs, "organ_id")])
}

fn themes(dataset: &Dataset) -> TableData {
    use RecordKind::Theme as T;
    Columns::<&Record<crate::model::Theme>>::new()
        .add(Field::schema("theme_id", T, "id"), |t| text(&t.id))
        .add(Field::schema("label", T, "label"), |t| text(&t.label))
        .add(Field::schema("proposition", T, "proposition"), |t| text(&t.proposition))
        .add(Field::schema("description", T, "description"), |t| text(&t.description))
        .add(Field::schema("include", T, "include").joined(), |t| list(&t.include))
        .add(Field::schema("deprecated_by", T, "deprecated_by"), |t| optional(t.deprecated_by.as_ref()))
        .table(
            Table::Themes,
            "One row per theme of the codebook; its scale, inclusions and exclusions are in their own tables.",
            &dataset.themes,
            &["theme_id"],
        )
        .referencing(vec![foreign_key("deprecated_by", Table::Themes, "theme_id")])
}

fn scale(dataset: &Dataset) -> TableData {
    use RecordKind::Theme as T;
    let rows = dataset.themes.iter().flat_map(|t| t.scale.iter().map(move |(stance, entry)| (t.id.as_str(), *stance, entry)));
    // Every stance's entry has the same schema; `supports` stands for them all.
    Columns::<(&str, crate::model::Stance, &crate::model::ScaleEntry)>::new()
        .add(Field::schema("theme_id", T, "id").described("The theme (id) whose scale this is."), |(theme, _, _)| text(theme))
        .add(Field::schema("stance", RecordKind::Position, "stance"), |(_, stance, _)| text(stance.as_str()))
        .add(Field::derived("stance_value", STANCE_VALUE).integer(Some(-2), Some(2)).required(), |(_, stance, _)| integer(stance.value()))
        .add(Field::schema("meaning", T, "scale/supports/meaning").required(), |(_, _, entry)| text(&entry.meaning))
        .add(Field::schema("example", T, "scale/supports/example"), |(_, _, entry)| optional(entry.example.as_ref()))
        .table(
            Table::Scale,
            "What each stance value means for each theme; a stance a theme leaves out has no row.",
            rows,
            &["theme_id", "stance"],
        )
        .referencing(vec![foreign_key("theme_id", Table::Themes, "theme_id")])
}

fn exclusions(dataset: &Dataset) -> TableData {
    use RecordKind::Theme as T;
    let rows = dataset.themes.iter().flat_map(|t| t.exclude.iter().enumerate().map(move |(i, e)| (t.id.as_str(), i + 1, e)));
    Columns::<(&str, usize, &crate::model::Exclusion)>::new()
        .add(owner_field("theme_id", T), |(theme, _, _)| text(theme))
        .add(Field::ordinal("exclude"), |(_, ordinal, _)| integer(*ordinal as i64))
        .add(Field::schema("note", T, "exclude/items/note"), |(_, _, e)| text(&e.note))
        .add(Field::schema("see", T, "exclude/items/see"), |(_, _, e)| optional(e.see.as_ref()))
        .table(
            Table::Exclusions,
            "Exclusion notes of the codebook: what is not coded under each theme, and where it belongs.",
            rows,
            &["theme_id", "ordinal"],
        )
        .referencing(vec![foreign_key("theme_id", Table::Themes, "theme_id"), foreign_key("see", Table::Themes, "theme_id")])
}

fn sources(dataset: &Dataset) -> TableData {
    use RecordKind::Source as S;
    Columns::<&Record<crate::model::Source>>::new()
        .add(Field::schema("source_id", S, "id"), |s| text(&s.id))
        .add(Field::schema("title", S, "title"), |s| text(&s.title))
        .add(Field::schema("authors", S, "authors").joined(), |s| list(&s.authors))
        .add(Field::schema("publisher", S, "publisher"), |s| optional(s.publisher.as_ref()))
        .add(Field::schema("issuer_ids", S, "issuers").joined(), |s| list(&s.issuers))
        .add(Field::schema("published", S, "published"), |s| date(s.published))
        .add(Field::schema("url", S, "url"), |s| optional(s.url.as_ref()))
        .add(Field::schema("kind", S, "kind"), |s| text(&s.kind))
        .add(Field::schema("language", S, "language"), |s| optional(s.language.as_ref()))
        .add(Field::schema("archive_file", S, "archive/file"), |s| optional(s.archive.as_ref().map(|a| &a.file)))
        .add(Field::schema("archive_sha256", S, "archive/sha256"), |s| optional(s.archive.as_ref().map(|a| &a.sha256)))
        .add(Field::schema("archive_text_from_line", S, "archive/text_from_line").integer(Some(1), None), |s| {
            s.archive.as_ref().and_then(|a| a.text_from_line).map_or(Cell::Empty, integer)
        })
        .add(Field::schema("archive_markup", S, "archive/markup"), |s| serialized(s.archive.as_ref().and_then(|a| a.markup)))
        .add(Field::schema("note", S, "note"), |s| optional(s.note.as_ref()))
        .table(
            Table::Sources,
            "One row per source that positions cite; its authors are also in their own table.",
            &dataset.sources,
            &["source_id"],
        )
}

fn allows(dataset: &Dataset) -> TableData {
    let records = (dataset.actors.iter().map(|r| (RecordKind::Actor, r.id.as_str(), r.allow.as_slice())))
        .chain(dataset.themes.iter().map(|r| (RecordKind::Theme, r.id.as_str(), r.allow.as_slice())))
        .chain(dataset.sources.iter().map(|r| (RecordKind::Source, r.id.as_str(), r.allow.as_slice())))
        .chain(dataset.positions.iter().map(|r| (RecordKind::Position, r.id.as_str(), r.allow.as_slice())));
    let rows = records.flat_map(|(kind, id, allow)| allow.iter().enumerate().map(move |(i, a)| (kind, id, i + 1, a)));
    let kinds = [RecordKind::Actor, RecordKind::Theme, RecordKind::Source, RecordKind::Position];
    Columns::<(RecordKind, &str, usize, &Allow)>::new()
        .add(
            Field {
                allowed: kinds.iter().map(|k| k.name().to_string()).collect(),
                ..Field::derived("record_kind", "The kind of record the exception is on.").required()
            },
            |(kind, _, _, _)| text(kind.name()),
        )
        .add(Field::derived("record_id", "The id of the record the exception is on.").required(), |(_, id, _, _)| text(id))
        .add(Field::ordinal("allow"), |(_, _, ordinal, _)| integer(*ordinal as i64))
        .add(Field::schema("check", RecordKind::Position, "allow/items/check"), |(_, _, _, a)| text(&a.check))
        .add(Field::schema("reason", RecordKind::Position, "allow/items/reason"), |(_, _, _, a)| text(&a.reason))
        .table(
            Table::Allows,
            "Per-record exceptions to checks (`allow`), each with its written reason.",
            rows,
            &["record_kind", "record_id", "ordinal"],
        )
}

fn manifest(dataset: &Dataset) -> TableData {
    use RecordKind::Dataset as D;
    Columns::<&Record<crate::model::Manifest>>::new()
        .add(Field::schema("name", D, "name"), |m| text(&m.name))
        .add(Field::schema("title", D, "title"), |m| text(&m.title))
        .add(Field::schema("version", D, "version"), |m| text(&m.version))
        .add(Field::schema("license", D, "license"), |m| text(&m.license))
        .add(Field::schema("description", D, "description"), |m| text(&m.description))
        .add(Field::schema("codebook_version", D, "codebook_version"), |m| text(&m.codebook_version))
        .add(Field::schema("homepage", D, "homepage"), |m| optional(m.homepage.as_ref()))
        .add(Field::schema("keywords", D, "keywords").joined(), |m| list(&m.keywords))
        .table(Table::Dataset, "The dataset manifest (data/dataset.yaml): one row.", &dataset.manifest, &["name"])
}
