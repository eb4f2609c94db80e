//! polpos: a comparative dataset of stated internet-governance positions, and the validator
//! that keeps it honest.
//!
//! Data flows one way: [`load`] (files → spanned YAML) → [`schema`] → [`model`] → [`checks`] →
//! [`diagnostics`] → [`report`] or [`export`]. [`quotes`] is the engine that matches quotes
//! against archived texts for the citation checks. Only the binary writes to the terminal.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod app;
pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostics;
pub mod diff;
pub mod docs;
pub mod document;
pub mod edit;
pub mod error;
pub mod export;
pub mod fix;
pub mod format;
pub mod git;
pub mod limits;
pub mod load;
pub mod lsp;
pub mod model;
pub mod output;
pub mod quotes;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod selection;
pub mod validate;
pub mod views;
pub mod workspace;
