//! What each actor holds now on each theme: the actor × theme grid of live positions, built
//! once per dataset and read by the matrix export, the comparison views, the report and diff.

use super::{Dataset, PartialDate, Position, Record, Stance};
use std::collections::HashMap;

/// Whether each position (by index) is live on `date`: stated by then, not superseded by a
/// position stated by then, and its `valid_until` not ended before then. A partial date counts
/// from its first day (a position stated `2021` is stated by 2021-01-01) and ends on its last
/// (a `valid_until` of 2026-11 ended before `date` only if all of it lies before `date`).
pub fn live(dataset: &Dataset, date: PartialDate) -> Vec<bool> {
    let supersession = dataset.supersession();
    let stated = |position: &Position| position.stated_on.earliest() <= date.earliest();
    let ended = |position: &Position| position.valid_until.is_some_and(|until| until.latest() < date.earliest());
    let superseded = |i: usize| supersession.newer(i).iter().any(|&newer| stated(&dataset.positions[newer]));
    dataset.positions.iter().enumerate().map(|(i, p)| stated(p) && !superseded(i) && !ended(p)).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "lowercase")]
pub enum Status {
    /// No live position.
    Uncoded,
    /// One or more live positions, all with one stance.
    Coded,
    /// Live positions with different stances.
    Contested,
}

impl Status {
    pub const ALL: &[Status] = <Status as strum::VariantArray>::VARIANTS;

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The live positions of one actor on one theme.
#[derive(Debug, Clone, Default)]
pub struct Cell<'a> {
    /// In dataset order (by id).
    pub positions: Vec<&'a Record<Position>>,
    /// The distinct stances of those positions, in scale order.
    pub stances: Vec<Stance>,
}

/// The cell of an actor × theme pair that no live position fills.
pub static UNCODED: Cell<'static> = Cell { positions: Vec::new(), stances: Vec::new() };

impl Cell<'_> {
    pub fn status(&self) -> Status {
        match self.stances.len() {
            0 => Status::Uncoded,
            1 => Status::Coded,
            _ => Status::Contested,
        }
    }

    /// The stance value, when the cell is coded.
    pub fn value(&self) -> Option<i8> {
        match self.stances.as_slice() {
            [stance] => Some(stance.value()),
            _ => None,
        }
    }

    /// `uncoded`, the stance (`opposes`), or `contested (opposes, supports)`.
    pub fn describe(&self) -> String {
        let stances: Vec<&str> = self.stances.iter().map(|s| s.as_str()).collect();
        match self.status() {
            Status::Uncoded => Status::Uncoded.as_str().to_string(),
            Status::Coded => stances.join(""),
            Status::Contested => format!("contested ({})", stances.join(", ")),
        }
    }
}

/// Every actor × theme cell, uncoded ones included, for the dataset's actors and themes. Views
/// read it only from datasets without errors, where every position names a known actor and theme.
#[derive(Debug, Clone)]
pub struct Grid<'a> {
    actors: Vec<&'a str>,
    themes: Vec<&'a str>,
    actor_slot: HashMap<&'a str, usize>,
    theme_slot: HashMap<&'a str, usize>,
    /// Row-major by actor, in the dataset's actor and theme order.
    cells: Vec<Cell<'a>>,
}

impl<'a> Grid<'a> {
    /// The grid of the positions live on `today`.
    pub fn current(dataset: &'a Dataset, today: PartialDate) -> Grid<'a> {
        let actors: Vec<&str> = dataset.actors.iter().map(|a| &*a.id).collect();
        let themes: Vec<&str> = dataset.themes.iter().map(|t| &*t.id).collect();
        let slots = |ids: &[&'a str]| ids.iter().enumerate().map(|(i, id)| (*id, i)).collect::<HashMap<_, _>>();
        let mut grid = Grid {
            actor_slot: slots(&actors),
            theme_slot: slots(&themes),
            cells: vec![Cell::default(); actors.len() * themes.len()],
            actors,
            themes,
        };
        for (position, _) in dataset.positions.iter().zip(live(dataset, today)).filter(|(_, live)| *live) {
            let Some(slot) = grid.slot(&position.actor, &position.theme) else { continue };
            let cell = &mut grid.cells[slot];
            cell.positions.push(position);
            if let Err(at) = cell.stances.binary_search(&position.stance) {
                cell.stances.insert(at, position.stance);
            }
        }
        grid
    }

    fn slot(&self, actor: &str, theme: &str) -> Option<usize> {
        Some(self.actor_slot.get(actor)? * self.themes.len() + self.theme_slot.get(theme)?)
    }

    /// The cell of an actor and a theme; uncoded for ids the dataset lacks.
    pub fn cell(&self, actor: &str, theme: &str) -> &Cell<'a> {
        self.slot(actor, theme).map_or(&UNCODED, |slot| &self.cells[slot])
    }

    /// Every (actor id, theme id) pair, by actor then theme in dataset order.
    pub fn keys(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.actors.iter().flat_map(move |actor| self.themes.iter().map(move |theme| (*actor, *theme)))
    }
}
