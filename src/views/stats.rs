//! `polpos stats`: the counts a reader of the dataset asks for first. Per actor, how many
//! positions rest on the actor's own words and how many only on reports or characterizations;
//! per theme, source and year, how many positions; and how much of the matrix is coded.

use crate::model::grid::Status;
use crate::model::{Attribution, Dataset, Grid, PartialDate, Position, Record};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The version of the JSON document; raised when its shape changes.
const FORMAT_VERSION: u32 = 1;

/// Positions counted by what they rest on (`Position::basis`).
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct ByBasis {
    /// Positions with at least one `direct` citation: the actor's own words.
    pub direct: usize,
    /// Positions whose strongest evidence is a report of what the actor said or did.
    pub reported: usize,
    /// Positions resting on analysts' characterizations only.
    pub characterized: usize,
}

impl ByBasis {
    fn count<'a>(positions: impl IntoIterator<Item = &'a Record<Position>>) -> ByBasis {
        let mut counts = ByBasis::default();
        for position in positions {
            match position.basis() {
                Some(Attribution::Direct) => counts.direct += 1,
                Some(Attribution::Reported) => counts.reported += 1,
                Some(Attribution::Characterized) => counts.characterized += 1,
                None => {}
            }
        }
        counts
    }

    pub fn total(&self) -> usize {
        self.direct + self.reported + self.characterized
    }
}

#[derive(Debug, Serialize)]
pub struct ActorStats {
    pub actor: String,
    pub name: String,
    pub positions: ByBasis,
    /// Themes on which the actor holds a position now (coded or contested cells).
    pub themes_coded: usize,
}

#[derive(Debug, Serialize)]
pub struct ThemeStats {
    pub theme: String,
    pub positions: usize,
    /// Actors who hold a position on the theme now.
    pub actors_coded: usize,
}

#[derive(Debug, Serialize)]
pub struct SourceStats {
    pub source: String,
    /// Positions that cite the source at least once.
    pub positions: usize,
    pub citations: usize,
}

#[derive(Debug, Serialize)]
pub struct TierStats {
    pub attribution: &'static str,
    pub citations: usize,
}

#[derive(Debug, Serialize)]
pub struct YearStats {
    pub year: i32,
    pub positions: usize,
}

#[derive(Debug, Serialize)]
pub struct Stats {
    pub format: &'static str,
    pub format_version: u32,
    pub positions: usize,
    pub citations: usize,
    /// Actor × theme cells with a position now, of all cells.
    pub cells_coded: usize,
    pub cells: usize,
    pub actors: Vec<ActorStats>,
    pub themes: Vec<ThemeStats>,
    pub attributions: Vec<TierStats>,
    pub sources: Vec<SourceStats>,
    /// Positions by the year they were stated.
    pub years: Vec<YearStats>,
}

pub fn stats(dataset: &Dataset, today: PartialDate) -> Stats {
    let grid = Grid::current(dataset, today);
    let held = |actor: &str, theme: &str| grid.cell(actor, theme).status() != Status::Uncoded;
    let actors: Vec<ActorStats> = dataset
        .actors
        .iter()
        .map(|actor| ActorStats {
            actor: actor.id.clone(),
            name: actor.name.clone(),
            positions: ByBasis::count(dataset.positions.iter().map(|p| &**p).filter(|p| *p.actor == *actor.id)),
            themes_coded: dataset.themes.iter().filter(|t| held(&actor.id, &t.id)).count(),
        })
        .collect();
    let themes = dataset
        .themes
        .iter()
        .map(|theme| ThemeStats {
            theme: theme.id.clone(),
            positions: dataset.positions.iter().filter(|p| *p.theme == *theme.id).count(),
            actors_coded: dataset.actors.iter().filter(|a| held(&a.id, &theme.id)).count(),
        })
        .collect();
    let citations = || dataset.positions.iter().flat_map(|p| p.evidence.iter());
    let attributions = Attribution::ALL
        .iter()
        .map(|&tier| TierStats { attribution: tier.as_str(), citations: citations().filter(|c| c.attribution == tier).count() })
        .collect();
    let sources = dataset
        .sources
        .iter()
        .map(|source| SourceStats {
            source: source.id.clone(),
            positions: dataset.positions.iter().filter(|p| p.evidence.iter().any(|c| *c.source == *source.id)).count(),
            citations: citations().filter(|c| *c.source == *source.id).count(),
        })
        .collect();
    let mut years = BTreeMap::new();
    for position in &dataset.positions {
        *years.entry(position.stated_on.year).or_insert(0) += 1;
    }
    Stats {
        format: "polpos-stats",
        format_version: FORMAT_VERSION,
        positions: dataset.positions.len(),
        citations: citations().count(),
        cells_coded: actors.iter().map(|a| a.themes_coded).sum(),
        cells: dataset.actors.len() * dataset.themes.len(),
        actors,
        themes,
        attributions,
        sources,
        years: years.into_iter().map(|(year, positions)| YearStats { year, positions }).collect(),
    }
}

/// A left-aligned first column and right-aligned number columns, under a header.
fn table(out: &mut String, header: &[&str], rows: Vec<Vec<String>>) {
    let widths: Vec<usize> =
        (0..header.len()).map(|i| rows.iter().map(|r| r[i].chars().count()).chain([header[i].len()]).max().unwrap_or(0)).collect();
    let line = |cells: Vec<String>| {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i] - cell.chars().count();
            if i == 0 {
                let _ = write!(line, "{cell}{}", " ".repeat(pad));
            } else {
                let _ = write!(line, "  {}{cell}", " ".repeat(pad));
            }
        }
        line.trim_end().to_string() + "\n"
    };
    out.push_str(&line(header.iter().map(|h| h.to_string()).collect()));
    for row in rows {
        out.push_str(&line(row));
    }
    out.push('\n');
}

impl Stats {
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{} positions, {} citations; {} of {} actor × theme cells coded\n\n",
            self.positions, self.citations, self.cells_coded, self.cells
        );
        let themes = self.themes.len();
        let actors = self.actors.iter().map(|a| {
            let p = &a.positions;
            let n = |count: usize| count.to_string();
            vec![
                format!("{} ({})", a.name, a.actor),
                n(p.total()),
                n(p.direct),
                n(p.reported),
                n(p.characterized),
                format!("{}/{themes}", a.themes_coded),
            ]
        });
        table(&mut out, &["actor", "positions", "own words", "reported", "characterized", "themes coded"], actors.collect());
        out.push_str(
            "own words: positions with a `direct` citation; reported: resting at best on a report of what the actor said or did;\n\
             characterized: resting on analysts' characterizations only.\n\n",
        );
        let rows =
            self.themes.iter().map(|t| vec![t.theme.clone(), t.positions.to_string(), format!("{}/{}", t.actors_coded, self.actors.len())]);
        table(&mut out, &["theme", "positions", "actors coded"], rows.collect());
        let rows = self.attributions.iter().map(|t| vec![t.attribution.to_string(), t.citations.to_string()]);
        table(&mut out, &["attribution", "citations"], rows.collect());
        let rows = self.sources.iter().map(|s| vec![s.source.clone(), s.positions.to_string(), s.citations.to_string()]);
        table(&mut out, &["source", "positions", "citations"], rows.collect());
        let rows = self.years.iter().map(|y| vec![y.year.to_string(), y.positions.to_string()]);
        table(&mut out, &["year stated", "positions"], rows.collect());
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }
}
