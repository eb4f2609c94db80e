//! The comparative views: the actor × theme matrix, an A-vs-B comparison with stance distance
//! per theme, and coverage. They read the same current cells as the matrix export.

use crate::model::Grid;
use crate::model::grid::{Cell, Status};
use crate::model::{Dataset, PartialDate};
use serde::Serialize;
use std::fmt::Write;

/// A stance value with its sign: `+2`, `-1`, `0`.
pub fn signed(value: i8) -> String {
    if value == 0 { "0".into() } else { format!("{value:+}") }
}

/// How a cell reads in the terminal: `+2`, `-1`, `0`, `·` (uncoded) or `?` (contested).
fn mark(cell: &Cell) -> String {
    match (cell.status(), cell.value()) {
        (Status::Coded, Some(value)) => signed(value),
        (Status::Contested, _) => "?".into(),
        _ => "·".into(),
    }
}

/// The actor × theme matrix of current stances, with each actor's coverage.
pub fn matrix(dataset: &Dataset, today: PartialDate) -> String {
    let grid = Grid::current(dataset, today);
    let width = dataset.themes.iter().map(|t| t.id.len()).max().unwrap_or(5).max("theme".len());
    let coverage_width = format!("{0}/{0}", dataset.themes.len()).len();
    let column = dataset.actors.iter().map(|a| a.id.len()).max().unwrap_or(2).max(coverage_width);
    let mut out = String::new();
    let _ = write!(out, "{:<width$}", "theme");
    for actor in &dataset.actors {
        let _ = write!(out, "  {:>column$}", actor.id);
    }
    out.push('\n');
    for theme in &dataset.themes {
        let _ = write!(out, "{:<width$}", theme.id);
        for actor in &dataset.actors {
            let _ = write!(out, "  {:>column$}", mark(grid.cell(&actor.id, &theme.id)));
        }
        out.push('\n');
    }
    let _ = write!(out, "{:<width$}", "coded");
    for actor in &dataset.actors {
        let coded = dataset.themes.iter().filter(|t| grid.cell(&actor.id, &t.id).status() != Status::Uncoded).count();
        let _ = write!(out, "  {:>column$}", format!("{coded}/{}", dataset.themes.len()));
    }
    out.push_str("\n\nstance values: -2 strongly opposes … +2 strongly supports the theme's proposition; · uncoded; ? contested\n");
    out
}

/// One theme of an A-vs-B comparison.
#[derive(Debug, Serialize)]
pub struct Row {
    pub theme: String,
    pub a: String,
    pub b: String,
    /// |a − b| on the −2..+2 scale, when both are coded.
    pub distance: Option<u8>,
}

/// An A-vs-B comparison: per theme, both stances and their distance, and a summary.
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    pub rows: Vec<Row>,
    /// Themes both actors are coded on.
    pub compared: usize,
    /// Mean distance over the compared themes.
    pub mean_distance: Option<f64>,
}

/// Compares two actors theme by theme. Fails with the unknown id when an actor does not exist.
pub fn compare(dataset: &Dataset, a: &str, b: &str, today: PartialDate) -> Result<Comparison, String> {
    for id in [a, b] {
        if !dataset.actors.iter().any(|actor| actor.id == id) {
            let known: Vec<&str> = dataset.actors.iter().map(|actor| actor.id.as_str()).collect();
            return Err(format!("no actor `{id}` in this dataset (actors: {})", known.join(", ")));
        }
    }
    let grid = Grid::current(dataset, today);
    let rows: Vec<Row> = dataset
        .themes
        .iter()
        .map(|theme| {
            let (left, right) = (grid.cell(a, &theme.id), grid.cell(b, &theme.id));
            Row {
                theme: theme.id.clone(),
                a: left.describe(),
                b: right.describe(),
                distance: left.value().zip(right.value()).map(|(x, y)| x.abs_diff(y)),
            }
        })
        .collect();
    let distances: Vec<u8> = rows.iter().filter_map(|r| r.distance).collect();
    let mean_distance = (!distances.is_empty()).then(|| distances.iter().map(|&d| f64::from(d)).sum::<f64>() / distances.len() as f64);
    Ok(Comparison { a: a.to_string(), b: b.to_string(), compared: distances.len(), mean_distance, rows })
}

impl Comparison {
    pub fn to_text(&self) -> String {
        let theme = self.rows.iter().map(|r| r.theme.len()).max().unwrap_or(5).max(5);
        let left = self.rows.iter().map(|r| r.a.len()).max().unwrap_or(0).max(self.a.len());
        let right = self.rows.iter().map(|r| r.b.len()).max().unwrap_or(0).max(self.b.len());
        let mut out = format!("{:<theme$}  {:<left$}  {:<right$}  distance\n", "theme", self.a, self.b);
        for row in &self.rows {
            let distance = row.distance.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
            let _ = writeln!(out, "{:<theme$}  {:<left$}  {:<right$}  {distance}", row.theme, row.a, row.b);
        }
        let _ = match self.mean_distance {
            Some(mean) => writeln!(
                out,
                "\n{} of {} themes coded for both; mean distance {mean:.2} (0 = same stance, 4 = opposite ends of the scale)",
                self.compared,
                self.rows.len()
            ),
            None => writeln!(out, "\nno theme is coded for both `{}` and `{}`", self.a, self.b),
        };
        out
    }
}
