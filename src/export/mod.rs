//! Exports of a validated dataset: CSV tables, a Frictionless Data Package, one JSON document.
//! docs/export.md describes every table, column and encoding.

mod columns;
pub mod csv;
pub mod datapackage;
pub mod json;
pub mod sqlite;
mod tables;
pub mod xlsx;

pub use columns::{Cell, Field, FieldType, ForeignKey, LIST_SEPARATOR, TableData, join_list};
pub use tables::{Table, build};
