//! How a table is described: its fields (types, constraints, descriptions taken from the JSON
//! Schemas) beside the function that gives each field's value in a row. The CSV writer and the
//! data package both read these descriptions, so the two cannot drift apart.

use super::Table;
use crate::model::{PartialDate, RecordKind};
use crate::schema::Schemas;

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
pub(super) fn whole_value_pattern(pattern: &str) -> String {
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
    pub(super) fn schema(name: &str, kind: RecordKind, path: &str) -> Field {
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
        // tests/schemas.rs requires a description on every property, so none is ever empty here.
        let description = node["description"].as_str().unwrap_or_default();
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
    pub(super) fn derived(name: &str, description: &str) -> Field {
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
    pub(super) fn ordinal(list: &str) -> Field {
        Field::derived("ordinal", &format!("Place of the item in the record's `{list}` list, from 1.")).integer(Some(1), None).required()
    }

    pub(super) fn integer(mut self, minimum: Option<i64>, maximum: Option<i64>) -> Field {
        self.field_type = FieldType::Integer;
        (self.minimum, self.maximum) = (minimum, maximum);
        self
    }

    pub(super) fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// The same constraints with a description that fits the table the field is in.
    pub(super) fn described(mut self, description: &str) -> Field {
        self.description = description.to_string();
        self
    }

    /// A list property joined into one cell.
    pub(super) fn joined(mut self) -> Field {
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

pub(super) fn foreign_key(field: &str, table: Table, reference: &str) -> ForeignKey {
    composite_key(&[field], table, &[reference])
}

/// A key of several fields, for rows that name a part of a record (an actor's organ or speaker):
/// the part's id is unique only within its owner. A row with an empty field is not checked
/// against it, as SQL's MATCH SIMPLE and Table Schema have it.
pub(super) fn composite_key(fields: &[&str], table: Table, reference: &[&str]) -> ForeignKey {
    let owned = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
    ForeignKey { fields: owned(fields), table, reference: owned(reference) }
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

pub(super) type Value<'a, R> = Box<dyn Fn(&R) -> Cell + 'a>;

/// The columns of a table, each field beside the function that gives its value in a row.
pub(super) struct Columns<'a, R> {
    fields: Vec<Field>,
    values: Vec<Value<'a, R>>,
}

impl<'a, R> Columns<'a, R> {
    pub(super) fn new() -> Self {
        Columns { fields: Vec::new(), values: Vec::new() }
    }

    pub(super) fn add(mut self, field: Field, value: impl Fn(&R) -> Cell + 'a) -> Self {
        self.fields.push(field);
        self.values.push(Box::new(value));
        self
    }

    pub(super) fn table<K: AsRef<str>>(
        self,
        table: Table,
        description: &str,
        rows: impl IntoIterator<Item = R>,
        primary_key: &[K],
    ) -> TableData {
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
    pub(super) fn referencing(mut self, foreign_keys: Vec<ForeignKey>) -> TableData {
        self.foreign_keys = foreign_keys;
        self
    }
}

pub(super) fn text(value: impl AsRef<str>) -> Cell {
    Cell::Text(value.as_ref().to_string())
}

pub(super) fn optional(value: Option<impl AsRef<str>>) -> Cell {
    value.map_or(Cell::Empty, text)
}

pub(super) fn date(value: Option<PartialDate>) -> Cell {
    value.map_or(Cell::Empty, |d| Cell::Text(d.to_string()))
}

pub(super) fn list<S: AsRef<str>>(values: &[S]) -> Cell {
    if values.is_empty() { Cell::Empty } else { Cell::Text(join_list(values)) }
}

/// An enumerated value as the YAML spells it.
pub(super) fn serialized(value: impl serde::Serialize) -> Cell {
    optional(serde_json::to_value(value).ok().as_ref().and_then(|v| v.as_str()))
}

pub(super) fn integer(value: impl Into<i64>) -> Cell {
    Cell::Integer(value.into())
}
