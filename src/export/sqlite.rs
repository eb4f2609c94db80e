//! One SQLite database with every table, its primary key and its foreign keys, ready for
//! Datasette or any SQL client. Values are stored as they are: integers as INTEGER, booleans as
//! 0 and 1, text as TEXT (no neutralising `'`), absent values as NULL.

use super::{Cell, FieldType, Table, TableData, build};
use crate::error::Error;
use crate::model::{Dataset, PartialDate};
use rusqlite::{Connection, params_from_iter, types::Value};
use std::path::Path;

/// Writes the database to `path` atomically: built in a temporary file beside it, checked, then
/// renamed into place.
pub fn write(dataset: &Dataset, today: PartialDate, path: &Path) -> Result<(), Error> {
    let fail = |source: std::io::Error| Error::Write { path: path.to_path_buf(), source };
    let staged = crate::output::staged_beside(path)?;
    let tables: Vec<TableData> = Table::ALL.iter().map(|&table| build(dataset, table, today)).collect();
    fill(staged.path(), &tables).map_err(|e| fail(std::io::Error::other(e)))?;
    staged.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

fn fill(path: &Path, tables: &[TableData]) -> rusqlite::Result<()> {
    let mut db = Connection::open(path)?;
    db.pragma_update(None, "foreign_keys", true)?;
    let transaction = db.transaction()?;
    // Keys are checked at commit, so tables and rows may come in any order.
    transaction.pragma_update(None, "defer_foreign_keys", true)?;
    // Every table exists before any row goes in: SQLite resolves a key's table on insert.
    for table in tables {
        transaction.execute_batch(&create(table))?;
    }
    for table in tables {
        let columns = vec!["?"; table.fields.len()].join(", ");
        let mut insert = transaction.prepare(&format!("INSERT INTO {} VALUES ({columns})", quoted(table.table.name())))?;
        for row in &table.rows {
            insert.execute(params_from_iter(row.iter().map(value)))?;
        }
    }
    // With the keys enforced, the commit fails if any row breaks one.
    transaction.commit()?;
    db.close().map_err(|(_, e)| e)
}

fn create(table: &TableData) -> String {
    let mut lines: Vec<String> = table
        .fields
        .iter()
        .map(|field| {
            let kind = match field.field_type {
                FieldType::String => "TEXT",
                FieldType::Integer | FieldType::Boolean => "INTEGER",
            };
            let required = if field.required { " NOT NULL" } else { "" };
            format!("{} {kind}{required}", quoted(&field.name))
        })
        .collect();
    lines.push(format!("PRIMARY KEY ({})", names(&table.primary_key)));
    for key in &table.foreign_keys {
        lines.push(format!("FOREIGN KEY ({}) REFERENCES {} ({})", names(&key.fields), quoted(key.table.name()), names(&key.reference)));
    }
    format!("CREATE TABLE {} (\n  {}\n) STRICT;", quoted(table.table.name()), lines.join(",\n  "))
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn names(fields: &[String]) -> String {
    fields.iter().map(|f| quoted(f)).collect::<Vec<_>>().join(", ")
}

fn value(cell: &Cell) -> Value {
    match cell {
        Cell::Empty => Value::Null,
        Cell::Text(text) => Value::Text(text.clone()),
        Cell::Integer(n) => Value::Integer(*n),
        Cell::Boolean(b) => Value::Integer(i64::from(*b)),
    }
}
