//! A Frictionless Data Package: `datapackage.json` and every table as CSV, written into a
//! staging directory beside OUT_DIR and renamed into place, so a failed run leaves no half
//! package behind.

use super::{Field, Table, TableData, build};
use crate::error::Error;
use crate::model::{Dataset, PartialDate};
use serde_json::{Map, Value, json};
use std::path::Path;

/// The package's files, by name: `datapackage.json` first, then one CSV per table.
pub fn files(dataset: &Dataset, today: PartialDate) -> Vec<(String, String)> {
    let tables: Vec<TableData> = Table::ALL.iter().map(|&table| build(dataset, table, today)).collect();
    let descriptor = serde_json::to_string_pretty(&descriptor(dataset, &tables)).expect("a descriptor serializes");
    let mut files = vec![("datapackage.json".to_string(), format!("{descriptor}\n"))];
    files.extend(tables.iter().map(|table| (path(table.table), super::csv::render(table, false))));
    files
}

fn path(table: Table) -> String {
    format!("{}.csv", table.name())
}

/// `datapackage.json`: the manifest, then a tabular resource per table with its Table Schema.
fn descriptor(dataset: &Dataset, tables: &[TableData]) -> Value {
    let mut package = Map::new();
    package.insert("profile".into(), json!("tabular-data-package"));
    if let Some(manifest) = &dataset.manifest {
        package.insert("name".into(), json!(manifest.name));
        package.insert("title".into(), json!(manifest.title));
        package.insert("version".into(), json!(manifest.version));
        package.insert("description".into(), json!(manifest.description));
        package.insert("licenses".into(), json!([{ "name": manifest.license }]));
        if let Some(homepage) = &manifest.homepage {
            package.insert("homepage".into(), json!(homepage));
        }
        if !manifest.keywords.is_empty() {
            package.insert("keywords".into(), json!(manifest.keywords));
        }
    }
    package.insert("resources".into(), tables.iter().map(resource).collect());
    Value::Object(package)
}

fn resource(table: &TableData) -> Value {
    let foreign_keys: Vec<Value> = table
        .foreign_keys
        .iter()
        .map(|key| {
            // Table Schema names the table itself with an empty resource name.
            let resource = if key.table == table.table { "" } else { key.table.name() };
            json!({ "fields": key.fields, "reference": { "resource": resource, "fields": key.reference } })
        })
        .collect();
    json!({
        "name": table.table.name(),
        "path": path(table.table),
        "profile": "tabular-data-resource",
        "description": format!(
            "{} A text cell that starts with = + - @ tab, carriage return or ' is written with a ' before it (docs/export.md).",
            table.description
        ),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": true, "header": true },
        "schema": {
            "fields": table.fields.iter().map(field).collect::<Vec<_>>(),
            "missingValues": [""],
            "primaryKey": table.primary_key,
            "foreignKeys": foreign_keys,
        },
    })
}

fn field(field: &Field) -> Value {
    let mut constraints = Map::new();
    if field.required {
        constraints.insert("required".into(), json!(true));
    }
    if let Some(pattern) = &field.pattern {
        constraints.insert("pattern".into(), json!(pattern));
    }
    if !field.allowed.is_empty() {
        constraints.insert("enum".into(), json!(field.allowed));
    }
    if let Some(minimum) = field.minimum {
        constraints.insert("minimum".into(), json!(minimum));
    }
    if let Some(maximum) = field.maximum {
        constraints.insert("maximum".into(), json!(maximum));
    }
    let mut value = json!({ "name": field.name, "type": field.field_type.as_str(), "description": field.description });
    if !constraints.is_empty() {
        value["constraints"] = Value::Object(constraints);
    }
    value
}

/// Writes the files as the directory `out_dir`: into a staging directory beside it, then renamed
/// into place. A previous package there is replaced whole; a directory holding anything else is
/// refused, so an export never deletes files it did not write.
pub fn write(out_dir: &Path, files: &[(String, String)]) -> Result<(), Error> {
    let fail = |source: std::io::Error| Error::Write { path: out_dir.to_path_buf(), source };
    let parent = match out_dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let previous = previous_package(out_dir).map_err(fail)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".polpos-export-");
    // As `mkdir` would create it (the umask applies), not owner-only like a temporary directory.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o777));
    let staging = builder.tempdir_in(parent).map_err(fail)?;
    for (name, contents) in files {
        let path = staging.path().join(name);
        std::fs::write(&path, contents).map_err(fail)?;
        std::fs::File::open(&path).and_then(|file| file.sync_all()).map_err(fail)?;
    }
    let set_aside = if previous {
        let holder = tempfile::Builder::new().prefix(".polpos-previous-").tempdir_in(parent).map_err(fail)?;
        std::fs::rename(out_dir, holder.path().join("package")).map_err(fail)?;
        Some(holder)
    } else {
        None
    };
    if let Err(error) = std::fs::rename(staging.path(), out_dir) {
        if let Some(holder) = &set_aside {
            let _ = std::fs::rename(holder.path().join("package"), out_dir);
        }
        return Err(fail(error));
    }
    // The staging directory is now OUT_DIR: keep it; the set-aside package is deleted on drop.
    let _ = staging.keep();
    Ok(())
}

/// Whether `out_dir` holds a package to replace; an error when it holds anything else.
fn previous_package(out_dir: &Path) -> std::io::Result<bool> {
    let entries = match std::fs::read_dir(out_dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = entry.file_type()?.is_file() && (name == "datapackage.json" || name.ends_with(".csv"));
        if !ours {
            return Err(std::io::Error::other(format!(
                "it holds `{name}`, which is not part of a data package; choose a new or empty directory"
            )));
        }
    }
    Ok(true)
}
