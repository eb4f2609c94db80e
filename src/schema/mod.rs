//! The JSON Schemas of the record kinds, compiled once, and their errors mapped back to the
//! YAML: every error points at the offending node (for an unknown key, at the key itself).

pub(crate) mod diags;

use crate::diagnostics::{Diagnostic, Place};
use crate::document::Document;
use crate::model::{PartialDate, RecordKind};
use diags::Rule;
use jsonschema::error::ValidationErrorKind;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;
use std::sync::OnceLock;

/// The schema texts shipped in `schema/`, embedded so the binary works from any directory.
pub fn schema_text(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Dataset => include_str!("../../schema/dataset.schema.json"),
        RecordKind::Actor => include_str!("../../schema/actor.schema.json"),
        RecordKind::Theme => include_str!("../../schema/theme.schema.json"),
        RecordKind::Source => include_str!("../../schema/source.schema.json"),
        RecordKind::Position => include_str!("../../schema/position.schema.json"),
        RecordKind::Reliability => include_str!("../../schema/reliability.schema.json"),
    }
}

struct Compiled {
    raw: Value,
    validator: Validator,
}

/// The compiled schemas, built once per process (validators are Send + Sync).
pub struct Schemas {
    compiled: Vec<(RecordKind, Compiled)>,
}

impl Schemas {
    pub fn get() -> &'static Schemas {
        static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
        SCHEMAS.get_or_init(|| Schemas {
            compiled: RecordKind::ALL
                .iter()
                .map(|&kind| {
                    let raw: Value = serde_json::from_str(schema_text(kind)).expect("shipped schemas are valid JSON");
                    let validator = jsonschema::options()
                        .with_draft(jsonschema::Draft::Draft202012)
                        .with_format("partial-date", |text: &str| PartialDate::parse(text).is_some())
                        .should_validate_formats(true)
                        .build(&raw)
                        .expect("shipped schemas compile");
                    (kind, Compiled { raw, validator })
                })
                .collect(),
        })
    }

    fn compiled(&self, kind: RecordKind) -> &Compiled {
        &self.compiled.iter().find(|(k, _)| *k == kind).expect("every kind has a schema").1
    }

    /// The raw schema of a kind (for descriptions in exports and docs).
    pub fn raw(&self, kind: RecordKind) -> &Value {
        &self.compiled(kind).raw
    }

    /// Validates one parsed document's JSON value; returns it when it is valid. The document's
    /// tree is used only to place the findings.
    pub fn validate(&self, kind: RecordKind, document: &Document, instance: Value) -> Result<Value, Invalid> {
        let compiled = self.compiled(kind);
        // Most records are valid, and the yes/no check is cheaper than collecting errors.
        if compiled.validator.is_valid(&instance) {
            return Ok(instance);
        }
        let errors: Vec<ValidationError<'_>> = compiled.validator.iter_errors(&instance).collect();
        // A date that fails its pattern also fails its format; one finding is enough.
        let failed_pattern = |path: &str| {
            errors.iter().any(|e| matches!(e.kind(), ValidationErrorKind::Pattern { .. }) && e.instance_path().as_str() == path)
        };
        let reported: Vec<&ValidationError<'_>> = errors
            .iter()
            .filter(|e| !(matches!(e.kind(), ValidationErrorKind::Format { .. }) && failed_pattern(e.instance_path().as_str())))
            .collect();
        let mut diagnostics: Vec<Diagnostic> = reported.iter().flat_map(|error| describe(error, kind, document, &compiled.raw)).collect();
        if diagnostics.is_empty() {
            return Ok(instance);
        }
        crate::diagnostics::sort(&mut diagnostics);
        let mut failed: Vec<String> = reported.iter().flat_map(|error| failed_pointers(error)).collect();
        failed.sort();
        failed.dedup();
        let salvaged = salvage(instance, &failed, &compiled.raw);
        Err(Invalid { diagnostics, salvaged, failed })
    }
}

/// A record that failed its schema: the findings, and what the semantic checks may still read.
#[derive(Debug)]
pub struct Invalid {
    pub diagnostics: Vec<Diagnostic>,
    /// The record with every failed part removed and each required field that is missing or
    /// failed filled with a placeholder of its type, so that it can still be typed; `None` when
    /// the record as a whole is unusable (not a mapping, or unparsed).
    pub salvaged: Option<Value>,
    /// JSON pointers of the parts that failed, were unknown or were missing: no check may read
    /// them, since a placeholder stands there.
    pub failed: Vec<String>,
}

/// The parts of a record an error makes unusable: the unknown keys, the missing field, or the
/// value that failed.
fn failed_pointers(error: &ValidationError<'_>) -> Vec<String> {
    let at = error.instance_path().as_str();
    let child = |key: &str| format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => unexpected.iter().map(|key| child(key)).collect(),
        ValidationErrorKind::Required { property } => vec![child(property.as_str().unwrap_or_default())],
        _ => vec![at.to_string()],
    }
}

/// Removes the failed parts of a record and fills the required fields it then lacks with
/// placeholders, so that the rest of it can be checked. A failed list item is replaced, not
/// removed, so that the pointers of the items after it still name their lines; a failed
/// required field of an optional mapping (`archive.file`) takes the whole mapping with it.
fn salvage(mut instance: Value, failed: &[String], schema: &Value) -> Option<Value> {
    if failed.iter().any(String::is_empty) || !instance.is_object() {
        return None;
    }
    for pointer in failed {
        let (parent, last) = removable(pointer, schema).rsplit_once('/')?;
        let key = last.replace("~1", "/").replace("~0", "~");
        match instance.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.remove(&key);
            }
            Some(Value::Array(items)) => {
                if let Some(item) = key.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                    *item = Value::Null;
                }
            }
            _ => {}
        }
    }
    fill(&mut instance, schema);
    Some(instance)
}

/// The part to remove for a failed pointer: the pointer itself, or while it names a required
/// field of a nested mapping, that mapping.
fn removable<'a>(pointer: &'a str, schema: &Value) -> &'a str {
    let mut pointer = pointer;
    while let Some((parent, last)) = pointer.rsplit_once('/') {
        let parent_schema = parent.split('/').skip(1).try_fold(schema, |node, segment| match node.get("type").and_then(Value::as_str) {
            Some("array") => node.get("items"),
            _ => node.get("properties")?.get(segment),
        });
        let required = parent_schema
            .and_then(|s| s.get("required"))
            .and_then(Value::as_array)
            .is_some_and(|names| names.iter().any(|name| name == last));
        let nested_mapping = !parent.is_empty() && parent.rsplit('/').next().is_some_and(|s| s.parse::<usize>().is_err());
        if !(required && nested_mapping) {
            break;
        }
        pointer = parent;
    }
    pointer
}

fn fill(value: &mut Value, schema: &Value) {
    match value {
        Value::Object(map) => {
            for name in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                if !map.contains_key(name) {
                    map.insert(name.to_string(), placeholder(&schema["properties"][name]));
                }
            }
            for (name, field) in map.iter_mut() {
                if let Some(field_schema) = schema.get("properties").and_then(|p| p.get(name)) {
                    fill(field, field_schema);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                if item.is_null() {
                    *item = placeholder(&schema["items"]);
                }
                fill(item, &schema["items"]);
            }
        }
        _ => {}
    }
}

/// A value of the type a schema asks for; never read by a check (see [`Invalid::failed`]).
fn placeholder(schema: &Value) -> Value {
    if let Some(first) = schema.get("enum").and_then(Value::as_array).and_then(|values| values.first()) {
        return first.clone();
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") if schema.get("format").and_then(Value::as_str) == Some("partial-date") => Value::from("0001"),
        Some("string") => Value::from(""),
        Some("array") => Value::Array(Vec::new()),
        Some("integer" | "number") => Value::from(0),
        Some("boolean") => Value::Bool(false),
        Some("object") => {
            let mut object = Value::Object(serde_json::Map::new());
            fill(&mut object, schema);
            object
        }
        _ => Value::Null,
    }
}

/// The sub-schema that holds the keyword an error comes from.
fn subschema<'a>(raw: &'a Value, schema_path: &str) -> Option<&'a Value> {
    let parent = &schema_path[..schema_path.rfind('/').unwrap_or(0)];
    raw.pointer(parent)
}

fn describe(error: &ValidationError<'_>, kind: RecordKind, document: &Document, raw: &Value) -> Vec<Diagnostic> {
    let pointer = error.instance_path().as_str();
    let schema_path = error.schema_path().as_str().to_string();
    let sub = subschema(raw, &schema_path);
    let description = sub.and_then(|s| s.get("description")).and_then(Value::as_str);
    let at = Place::new(&document.path, document.locate(pointer));
    let value = error.instance();
    let invalid = |rule: Rule<'_>| vec![diags::InvalidValue { at, pointer, value, rule }.into()];
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed: Vec<&str> = sub
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            unexpected
                .iter()
                .map(|key| {
                    let key_pointer = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                    let at = Place::new(&document.path, document.locate_key(&key_pointer));
                    diags::UnknownKey { at, kind, key, closest: closest(key, &allowed), allowed: &allowed }.into()
                })
                .collect()
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let description = raw_property_description(sub, name);
            vec![diags::MissingField { at, kind, pointer, name, description }.into()]
        }
        ValidationErrorKind::Type { .. } => {
            let content = document.content();
            let written = content.as_ref().and_then(|c| c.root()?.find(pointer)?.unquoted_non_text());
            let expected = sub.and_then(|s| s.get("type"));
            vec![diags::WrongType { at, kind, pointer, expected, found: value, written, description }.into()]
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|o| o.iter().map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())).collect())
                .unwrap_or_default();
            let closest =
                value.as_str().and_then(|s| closest(s, &allowed.iter().map(String::as_str).collect::<Vec<_>>())).map(str::to_string);
            invalid(Rule::OneOf { closest, allowed })
        }
        ValidationErrorKind::Format { format } if format == "partial-date" => invalid(Rule::PartialDate),
        ValidationErrorKind::Pattern { pattern } => invalid(Rule::Pattern { pattern, description }),
        _ => invalid(Rule::Other { message: error.masked_with("the value").to_string(), description }),
    }
}

fn raw_property_description<'a>(sub: Option<&'a Value>, name: &str) -> Option<&'a str> {
    sub?.get("properties")?.get(name)?.get("description")?.as_str()
}

/// The allowed word closest to a misspelt one, if it is close enough to be a typo; failing that,
/// the shortest word that begins with it (`zaagman-2018` → `zaagman-2018-cyber-sovereignty`).
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let typo = candidates
        .iter()
        .map(|candidate| (edit_distance(word, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len().max(word.len()) / 3).max(1))
        .min()
        .map(|(_, candidate)| candidate);
    typo.or_else(|| candidates.iter().filter(|c| word.len() >= 3 && c.starts_with(word)).min_by_key(|c| (c.len(), **c)).copied())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A record with a required nested mapping inside list items, and one at the top.
    fn schema() -> Value {
        json!({
            "type": "object",
            "required": ["id", "items"],
            "properties": {
                "id": {"type": "string"},
                "archive": {"type": "object", "required": ["file"], "properties": {"file": {"type": "string"}, "note": {"type": "string"}}},
                "items": {"type": "array", "items": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "where": {"type": "object", "required": ["place"], "properties": {"place": {"type": "string"}, "note": {"type": "string"}}}
                    }
                }}
            }
        })
    }

    #[test]
    fn a_failed_required_field_takes_its_mapping_with_it_but_never_a_list_item() {
        let schema = schema();
        assert_eq!(removable("/archive/file", &schema), "/archive");
        assert_eq!(removable("/archive/note", &schema), "/archive/note", "an optional field goes alone");
        assert_eq!(removable("/items/0/where/place", &schema), "/items/0/where", "found through the list's item schema");
        assert_eq!(removable("/items/0/where/note", &schema), "/items/0/where/note");
        assert_eq!(removable("/items/0/name", &schema), "/items/0/name", "a list item stays");
        assert_eq!(removable("/id", &schema), "/id");
    }

    #[test]
    fn a_failed_list_item_is_replaced_so_the_items_after_it_keep_their_place() {
        let record = json!({"id": "x", "items": [7, {"name": "second"}]});
        let salvaged = salvage(record, &["/items/0".to_string()], &schema()).unwrap();
        assert_eq!(salvaged, json!({"id": "x", "items": [{"name": ""}, {"name": "second"}]}));
    }

    #[test]
    fn placeholders_have_the_type_their_schema_asks_for() {
        assert_eq!(placeholder(&json!({"type": "string"})), json!(""));
        assert_eq!(placeholder(&json!({"type": "string", "format": "partial-date"})), json!("0001"));
        assert_eq!(placeholder(&json!({"type": "array"})), json!([]));
        assert_eq!(placeholder(&json!({"type": "integer"})), json!(0));
        assert_eq!(placeholder(&json!({"type": "number"})), json!(0));
        assert_eq!(placeholder(&json!({"type": "boolean"})), json!(false));
        assert_eq!(placeholder(&json!({"enum": ["b", "a"]})), json!("b"));
        let object = json!({"type": "object", "required": ["x"], "properties": {"x": {"type": "string"}, "y": {"type": "string"}}});
        assert_eq!(placeholder(&object), json!({"x": ""}));
    }

    #[test]
    fn a_near_word_is_suggested_and_a_beginning_of_three_letters_or_more() {
        let words = ["supports", "zaagman-2018-cyber-sovereignty", "zaagman-2018-x"];
        assert_eq!(closest("suports", &words), Some("supports"));
        assert_eq!(closest("zaagman-2018", &words), Some("zaagman-2018-x"), "the shortest word it begins");
        assert_eq!(closest("zaa", &words), Some("zaagman-2018-x"));
        assert_eq!(closest("za", &words), None, "two letters begin too much to guess");
        assert_eq!(closest("opposes", &words), None);
    }

    #[test]
    fn a_record_that_failed_as_a_whole_is_not_salvaged() {
        assert_eq!(salvage(json!({"id": "x", "items": []}), &[String::new()], &schema()), None);
        assert_eq!(salvage(json!([1]), &["/0".to_string()], &schema()), None);
        assert!(salvage(json!({"id": 7, "items": []}), &["/id".to_string()], &schema()).is_some());
    }
}
