//! RFC 4180 CSV: UTF-8, CRLF line ends, one header row. Text cells that a spreadsheet would
//! evaluate as a formula are neutralised; numbers and booleans are written as they are.

use super::{Cell, TableData};
use std::borrow::Cow;

/// The byte-order mark Excel needs to read a CSV file as UTF-8.
const BOM: &str = "\u{feff}";

/// Prefixed to a text cell so that no spreadsheet evaluates it.
pub const NEUTRALISER: char = '\'';

/// First characters that make a spreadsheet evaluate a cell (or, for tab and CR, that hide
/// the `=` that follows them).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell as written. It is prefixed with `'` when a spreadsheet would evaluate it, and
/// also when it already starts with `'`: so dropping one leading `'` always gives the value back.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some(first) if first == NEUTRALISER || FORMULA_STARTS.contains(&first) => Cow::Owned(format!("{NEUTRALISER}{text}")),
        _ => Cow::Borrowed(text),
    }
}

fn written(cell: &Cell) -> Cow<'_, str> {
    match cell {
        Cell::Empty => Cow::Borrowed(""),
        Cell::Text(text) => neutralise(text),
        Cell::Integer(n) => Cow::Owned(n.to_string()),
        Cell::Boolean(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
    }
}

/// The table as CSV. `excel` starts it with a UTF-8 byte-order mark, without which Excel reads
/// the file in the system's legacy code page.
pub fn render(table: &TableData, excel: bool) -> String {
    let text = records(table.fields.iter().map(|f| f.name.as_str()), table.rows.iter().map(|row| row.as_slice()));
    if excel { format!("{BOM}{text}") } else { text }
}

/// A header row and rows of cells as CSV: what every CSV polpos writes goes through here.
pub fn records<'a, 'r>(header: impl IntoIterator<Item = &'a str>, rows: impl IntoIterator<Item = &'r [Cell]>) -> String {
    let mut writer = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
    let written_to_memory = "writing CSV to memory cannot fail";
    writer.write_record(header).expect(written_to_memory);
    for row in rows {
        writer.write_record(row.iter().map(|cell| written(cell).into_owned())).expect(written_to_memory);
    }
    let bytes = writer.into_inner().expect(written_to_memory);
    String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_can_be_read_back() {
        for (value, cell) in [
            ("=1+1", "'=1+1"),
            ("+31 20", "'+31 20"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'quoted", "''quoted"),
            ("plain", "plain"),
            ("", ""),
        ] {
            assert_eq!(neutralise(value), cell);
            let read_back = cell.strip_prefix(NEUTRALISER).unwrap_or(cell);
            assert_eq!(read_back, value);
        }
    }
}
