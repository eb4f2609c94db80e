//! The JSON Schemas are the contributor's documentation: valid draft 2020-12, versioned, closed,
//! and with a description on every property. Shipped records point editors at them.

use serde_json::Value;

const KINDS: [&str; 6] = ["dataset", "actor", "theme", "source", "position", "reliability"];

fn schema(kind: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("schema/{kind}.schema.json")).unwrap()).unwrap()
}

/// Every object schema below `node`, with its path.
fn objects<'a>(node: &'a Value, path: String, found: &mut Vec<(String, &'a Value)>) {
    if node.get("type") == Some(&Value::String("object".into())) {
        found.push((path.clone(), node));
    }
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            objects(property, format!("{path}/{name}"), found);
        }
    }
    if let Some(items) = node.get("items") {
        objects(items, format!("{path}[]"), found);
    }
}

#[test]
fn schemas_are_valid_versioned_closed_and_documented() {
    for kind in KINDS {
        let schema = schema(kind);
        assert!(jsonschema::draft202012::meta::is_valid(&schema), "{kind} is not a valid draft 2020-12 schema");
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(schema["$id"], format!("urn:polpos:schema:{kind}:1"));
        let mut found = Vec::new();
        objects(&schema, kind.to_string(), &mut found);
        for (path, object) in found {
            assert_eq!(object["additionalProperties"], false, "{path} is not closed");
            for (name, property) in object["properties"].as_object().unwrap() {
                assert!(
                    property.get("description").and_then(Value::as_str).is_some_and(|d| !d.is_empty()),
                    "{path}/{name} has no description"
                );
            }
        }
    }
}

#[test]
fn shipped_records_name_their_schema_for_editors() {
    for entry in walkdir::WalkDir::new("data").into_iter().map(|e| e.unwrap()).filter(|e| e.file_type().is_file()) {
        let relative = entry.path().strip_prefix("data").unwrap();
        let depth = relative.components().count();
        let kind = match relative.components().next().unwrap().as_os_str().to_str().unwrap() {
            "dataset.yaml" => "dataset",
            "actors" => "actor",
            "themes" => "theme",
            "sources" => "source",
            "reliability" => "reliability",
            _ => "position",
        };
        let expected = format!("# yaml-language-server: $schema={}schema/{kind}.schema.json", "../".repeat(depth));
        let first = std::fs::read_to_string(entry.path()).unwrap().lines().next().unwrap_or_default().to_string();
        assert_eq!(first, expected, "{}", entry.path().display());
    }
}

/// polpos describes a failed `format` as a bad partial date (`schema::describe`), and its
/// mutation settings (.cargo/mutants.toml) rely on that: a schema that takes up another format
/// must be described in its own words first.
#[test]
fn the_only_format_the_schemas_use_is_a_partial_date() {
    fn formats<'a>(node: &'a Value, found: &mut Vec<&'a str>) {
        match node {
            Value::Object(map) => {
                found.extend(map.get("format").and_then(Value::as_str));
                map.values().for_each(|value| formats(value, found));
            }
            Value::Array(items) => items.iter().for_each(|item| formats(item, found)),
            _ => {}
        }
    }
    for kind in KINDS {
        let (schema, mut found) = (schema(kind), Vec::new());
        formats(&schema, &mut found);
        assert!(found.iter().all(|format| *format == "partial-date"), "{kind}: {found:?}");
    }
}
