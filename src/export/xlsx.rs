//! One Excel workbook with every table as a sheet. Cells keep their types: numbers as numbers,
//! booleans as booleans, and text, dates at their precision included, as text. Nothing is ever
//! written as a formula, so no neutralising `'` is needed: a quote that starts with `=` is text.

use super::{Cell, Table, TableData, build};
use crate::error::Error;
use crate::model::{Dataset, PartialDate};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Column widths, in characters: wide enough for ids and dates, capped for quotes and notes.
const WIDTH: (usize, usize) = (8, 60);

/// Writes the workbook to `path` atomically: one sheet per table, in the data package's order.
pub fn write(dataset: &Dataset, today: PartialDate, path: &Path) -> Result<(), Error> {
    let tables: Vec<TableData> = Table::ALL.iter().map(|&table| build(dataset, table, today)).collect();
    let bytes = workbook(&tables).map_err(|e| Error::Write { path: path.to_path_buf(), source: std::io::Error::other(e) })?;
    crate::output::write_atomic(path, &bytes)
}

fn workbook(tables: &[TableData]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.table.name())?;
        fill(sheet, table, &header, &wrap)?;
    }
    workbook.save_to_buffer()
}

fn fill(sheet: &mut Worksheet, table: &TableData, header: &Format, wrap: &Format) -> Result<(), XlsxError> {
    for (column, field) in (0u16..).zip(&table.fields) {
        sheet.write_string_with_format(0, column, &field.name, header)?;
        let longest = table.rows.iter().map(|row| width(&row[usize::from(column)])).chain([field.name.chars().count()]).max().unwrap_or(0);
        sheet.set_column_width(column, longest.clamp(WIDTH.0, WIDTH.1) as f64 + 1.0)?;
        if longest > WIDTH.1 {
            sheet.set_column_format(column, wrap)?;
        }
    }
    for (row, cells) in (1u32..).zip(&table.rows) {
        for (column, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Empty => {}
                Cell::Text(text) => {
                    sheet.write_string(row, column, text)?;
                }
                Cell::Integer(n) => {
                    sheet.write_number(row, column, *n as f64)?;
                }
                Cell::Boolean(b) => {
                    sheet.write_boolean(row, column, *b)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_column = table.fields.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, table.rows.len() as u32, last_column)?;
    Ok(())
}

fn width(cell: &Cell) -> usize {
    match cell {
        Cell::Empty => 0,
        Cell::Text(text) => text.chars().count(),
        Cell::Integer(n) => n.to_string().len(),
        Cell::Boolean(_) => 5,
    }
}
