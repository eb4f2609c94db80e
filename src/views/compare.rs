//! The comparative views: the actor × theme matrix and an A-vs-B comparison with the stance
//! distance per theme, for people (text) and tools (CSV, JSON). Both read the grid of the
//! positions that held on one date (today, or `--as-of`), like the matrix export.

use crate::export::Cell as Value;
use crate::model::grid::{Cell, Status};
use crate::model::{Dataset, Grid, PartialDate};
use serde::Serialize;
use std::fmt::Write;

/// The version of the JSON documents of `matrix` and `compare`; raised when their shape changes.
const FORMAT_VERSION: u32 = 1;

/// Below this many themes coded for both actors, a comparison says it rests on little.
pub const FEW_THEMES: usize = 3;

/// A stance value with its sign: `+2`, `-1`, `0`.
pub fn signed(value: i8) -> String {
    if value == 0 { "0".into() } else { format!("{value:+}") }
}

/// A view that writes itself for people (text) and spreadsheets (CSV); tools get its JSON.
pub trait Tabular: Serialize {
    fn to_text(&self) -> String;
    fn to_csv(&self) -> String;
}

/// The actors and themes a view shows: all by default, or those named, in the dataset's order.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub actors: Vec<String>,
    pub themes: Vec<String>,
}

impl Selection {
    /// The ids to show of one kind; an id the dataset lacks is an error naming the known ones.
    fn pick<'a>(kind: &str, wanted: &[String], known: impl Iterator<Item = &'a str>) -> Result<Vec<&'a str>, String> {
        let known: Vec<&str> = known.collect();
        if let Some(unknown) = wanted.iter().find(|id| !known.contains(&id.as_str())) {
            return Err(format!("no {kind} `{unknown}` in this dataset ({kind}s: {})", known.join(", ")));
        }
        Ok(known.into_iter().filter(|id| wanted.is_empty() || wanted.iter().any(|w| w == id)).collect())
    }
}

/// One cell as the views show it.
#[derive(Debug, Serialize)]
pub struct CellView {
    /// `uncoded`, `coded` or `contested`.
    pub status: &'static str,
    /// The stance when coded; the stances in dispute when contested.
    pub stances: Vec<&'static str>,
    /// The stance value (-2..2) when coded.
    pub value: Option<i8>,
    /// The live positions behind the cell, and the citations they carry.
    pub positions: usize,
    pub citations: usize,
}

impl CellView {
    fn of(cell: &Cell) -> CellView {
        CellView {
            status: cell.status().as_str(),
            stances: cell.stances.iter().map(|s| s.as_str()).collect(),
            value: cell.value(),
            positions: cell.positions.len(),
            citations: cell.positions.iter().map(|p| p.evidence.len()).sum(),
        }
    }

    /// `+2`, `-1`, `0`, `·` (uncoded) or `?` (contested).
    fn mark(&self) -> String {
        match (self.status, self.value) {
            (_, Some(value)) => signed(value),
            ("contested", _) => "?".into(),
            _ => "·".into(),
        }
    }

    /// `uncoded`, the stance, or `contested (opposes, supports)`.
    fn describe(&self) -> String {
        match self.status {
            "contested" => format!("contested ({})", self.stances.join(", ")),
            "coded" => self.stances.join(""),
            status => status.to_string(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct MatrixRow {
    pub theme: String,
    /// One cell per actor, in the order of `Matrix::actors`.
    pub cells: Vec<CellView>,
}

/// The actor × theme matrix of the stances held on one date.
#[derive(Debug, Serialize)]
pub struct Matrix {
    pub format: &'static str,
    pub format_version: u32,
    pub as_of: String,
    pub actors: Vec<String>,
    pub rows: Vec<MatrixRow>,
}

pub fn matrix(dataset: &Dataset, selection: &Selection, as_of: PartialDate) -> Result<Matrix, String> {
    let actors = Selection::pick("actor", &selection.actors, dataset.actors.iter().map(|a| &*a.id))?;
    let themes = Selection::pick("theme", &selection.themes, dataset.themes.iter().map(|t| &*t.id))?;
    let grid = Grid::current(dataset, as_of);
    let rows = themes
        .iter()
        .map(|theme| MatrixRow {
            theme: theme.to_string(),
            cells: actors.iter().map(|actor| CellView::of(grid.cell(actor, theme))).collect(),
        })
        .collect();
    Ok(Matrix {
        format: "polpos-matrix",
        format_version: FORMAT_VERSION,
        as_of: as_of.to_string(),
        actors: actors.into_iter().map(String::from).collect(),
        rows,
    })
}

impl Tabular for Matrix {
    fn to_text(&self) -> String {
        let width = self.rows.iter().map(|r| r.theme.len()).max().unwrap_or(5).max("theme".len());
        let coverage_width = format!("{0}/{0}", self.rows.len()).len();
        let column = self.actors.iter().map(|a| a.len()).max().unwrap_or(2).max(coverage_width);
        let mut out = format!("{:<width$}", "theme");
        for actor in &self.actors {
            let _ = write!(out, "  {actor:>column$}");
        }
        out.push('\n');
        for row in &self.rows {
            let _ = write!(out, "{:<width$}", row.theme);
            for cell in &row.cells {
                let _ = write!(out, "  {:>column$}", cell.mark());
            }
            out.push('\n');
        }
        let _ = write!(out, "{:<width$}", "coded");
        for i in 0..self.actors.len() {
            let coded = self.rows.iter().filter(|r| r.cells[i].status != Status::Uncoded.as_str()).count();
            let _ = write!(out, "  {:>column$}", format!("{coded}/{}", self.rows.len()));
        }
        let _ = write!(
            out,
            "\n\nstances held on {}. values: -2 strongly opposes … +2 strongly supports the theme's proposition; · uncoded; ? contested\n",
            self.as_of
        );
        out
    }

    /// One row per theme: the value per actor (empty when uncoded or contested) and its status.
    fn to_csv(&self) -> String {
        let statuses: Vec<String> = self.actors.iter().map(|a| format!("{a}_status")).collect();
        let header = std::iter::once("theme_id").chain(self.actors.iter().map(String::as_str)).chain(statuses.iter().map(String::as_str));
        let rows: Vec<Vec<Value>> = self
            .rows
            .iter()
            .map(|row| {
                let values = row.cells.iter().map(|c| c.value.map_or(Value::Empty, |v| Value::Integer(v.into())));
                let statuses = row.cells.iter().map(|c| Value::Text(c.status.to_string()));
                std::iter::once(Value::Text(row.theme.clone())).chain(values).chain(statuses).collect()
            })
            .collect();
        crate::export::csv::records(header, rows.iter().map(Vec::as_slice))
    }
}

/// One theme of an A-vs-B comparison.
#[derive(Debug, Serialize)]
pub struct Row {
    pub theme: String,
    pub a: CellView,
    pub b: CellView,
    /// |a − b| on the −2..+2 scale, when both are coded.
    pub distance: Option<u8>,
}

/// An A-vs-B comparison: per theme, both stances, what they rest on and their distance.
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub format: &'static str,
    pub format_version: u32,
    pub as_of: String,
    pub a: String,
    pub b: String,
    pub rows: Vec<Row>,
    /// Themes both actors are coded on.
    pub compared: usize,
    /// Mean distance over the compared themes.
    pub mean_distance: Option<f64>,
}

/// Compares two actors theme by theme on the stances held on `as_of`.
pub fn compare(dataset: &Dataset, a: &str, b: &str, themes: &[String], as_of: PartialDate) -> Result<Comparison, String> {
    Selection::pick("actor", &[a.to_string(), b.to_string()], dataset.actors.iter().map(|actor| &*actor.id))?;
    let themes = Selection::pick("theme", themes, dataset.themes.iter().map(|t| &*t.id))?;
    let grid = Grid::current(dataset, as_of);
    let rows: Vec<Row> = themes
        .iter()
        .map(|theme| {
            let (left, right) = (grid.cell(a, theme), grid.cell(b, theme));
            Row {
                theme: theme.to_string(),
                a: CellView::of(left),
                b: CellView::of(right),
                distance: left.value().zip(right.value()).map(|(x, y)| x.abs_diff(y)),
            }
        })
        .collect();
    let distances: Vec<u8> = rows.iter().filter_map(|r| r.distance).collect();
    let mean_distance = (!distances.is_empty()).then(|| distances.iter().map(|&d| f64::from(d)).sum::<f64>() / distances.len() as f64);
    Ok(Comparison {
        format: "polpos-compare",
        format_version: FORMAT_VERSION,
        as_of: as_of.to_string(),
        a: a.to_string(),
        b: b.to_string(),
        compared: distances.len(),
        mean_distance,
        rows,
    })
}

impl Tabular for Comparison {
    fn to_text(&self) -> String {
        let side = |cell: &CellView| match cell.positions {
            0 => cell.describe(),
            n => format!("{} ({n}p/{}c)", cell.describe(), cell.citations),
        };
        let theme = self.rows.iter().map(|r| r.theme.len()).max().unwrap_or(5).max(5);
        let left = self.rows.iter().map(|r| side(&r.a).len()).max().unwrap_or(0).max(self.a.len());
        let right = self.rows.iter().map(|r| side(&r.b).len()).max().unwrap_or(0).max(self.b.len());
        let mut out = format!("{:<theme$}  {:<left$}  {:<right$}  distance\n", "theme", self.a, self.b);
        for row in &self.rows {
            let distance = row.distance.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
            let _ = writeln!(out, "{:<theme$}  {:<left$}  {:<right$}  {distance}", row.theme, side(&row.a), side(&row.b));
        }
        let _ = writeln!(out, "\nstances held on {}; (Np/Mc): the live positions and citations behind a stance", self.as_of);
        let _ = match self.mean_distance {
            Some(mean) => writeln!(
                out,
                "{} of {} themes coded for both; mean distance {mean:.2} (0 = same stance, 4 = opposite ends of the scale)",
                self.compared,
                self.rows.len()
            ),
            None => writeln!(out, "no theme is coded for both `{}` and `{}`", self.a, self.b),
        };
        if (1..FEW_THEMES).contains(&self.compared) {
            let _ = writeln!(
                out,
                "note: this comparison rests on {} theme{}; so few say little about how close `{}` and `{}` are overall",
                self.compared,
                if self.compared == 1 { "" } else { "s" },
                self.a,
                self.b
            );
        }
        out
    }

    /// One row per theme: each side's stance, value, status, positions and citations, and the distance.
    fn to_csv(&self) -> String {
        let mut header = vec!["theme_id".to_string()];
        for actor in [&self.a, &self.b] {
            header.extend(["stance", "value", "status", "positions", "citations"].map(|c| format!("{actor}_{c}")));
        }
        header.push("distance".into());
        let count = |n: usize| Value::Integer(n as i64);
        let rows: Vec<Vec<Value>> = self
            .rows
            .iter()
            .map(|row| {
                let mut record = vec![Value::Text(row.theme.clone())];
                for cell in [&row.a, &row.b] {
                    record.extend([
                        Value::Text(cell.stances.join("; ")),
                        cell.value.map_or(Value::Empty, |v| Value::Integer(v.into())),
                        Value::Text(cell.status.to_string()),
                        count(cell.positions),
                        count(cell.citations),
                    ]);
                }
                record.push(row.distance.map_or(Value::Empty, |d| Value::Integer(d.into())));
                record
            })
            .collect();
        crate::export::csv::records(header.iter().map(String::as_str), rows.iter().map(Vec::as_slice))
    }
}
