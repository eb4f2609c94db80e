//! Exports of a validated dataset: CSV tables, a Frictionless Data Package, one JSON document.
//! docs/export.md describes every table, column and encoding.

pub mod csv;
pub mod datapackage;
pub mod json;
mod tables;

pub use tables::{Cell, Field, FieldType, ForeignKey, LIST_SEPARATOR, Table, TableData, build, join_list};
