//! What each actor holds now on each theme: its live positions, those that no other position
//! supersedes and that `valid_until` did not end before today.

use crate::model::{Dataset, PartialDate, Position, Stance};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The ids of the live positions.
pub fn live_positions(dataset: &Dataset, today: PartialDate) -> HashSet<&str> {
    let superseded: HashSet<&str> = dataset.positions.iter().filter_map(|p| p.supersedes.as_deref()).collect();
    // A partial `valid_until` (2026-11) ended the position before today only if all of it lies
    // before today.
    let ended = |position: &Position| position.valid_until.is_some_and(|until| until.latest() < today.earliest());
    dataset.positions.iter().filter(|p| !superseded.contains(p.id.as_str()) && !ended(p)).map(|p| p.id.as_str()).collect()
}

/// The live positions of one actor on one theme.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// Position ids and stances, by id.
    pub positions: Vec<(String, Stance)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// No live position.
    Uncoded,
    /// One or more live positions, all with one stance.
    Coded,
    /// Live positions with different stances.
    Contested,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Uncoded, Status::Coded, Status::Contested];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Uncoded => "uncoded",
            Status::Coded => "coded",
            Status::Contested => "contested",
        }
    }
}

impl Cell {
    pub fn stances(&self) -> BTreeSet<Stance> {
        self.positions.iter().map(|(_, stance)| *stance).collect()
    }

    pub fn status(&self) -> Status {
        match self.stances().len() {
            0 => Status::Uncoded,
            1 => Status::Coded,
            _ => Status::Contested,
        }
    }

    /// The stance value, when the cell is coded.
    pub fn value(&self) -> Option<i8> {
        let stances = self.stances();
        match (stances.first(), stances.len()) {
            (Some(stance), 1) => Some(stance.value()),
            _ => None,
        }
    }

    /// `uncoded`, the stance (`opposes`), or `contested (opposes, supports)`.
    pub fn describe(&self) -> String {
        let stances: Vec<&str> = self.stances().into_iter().map(Stance::as_str).collect();
        match self.status() {
            Status::Uncoded => Status::Uncoded.as_str().to_string(),
            Status::Coded => stances.join(""),
            Status::Contested => format!("contested ({})", stances.join(", ")),
        }
    }
}

/// Every actor × theme cell of the dataset, uncoded ones included, by (actor id, theme id).
pub fn cells(dataset: &Dataset, today: PartialDate) -> BTreeMap<(String, String), Cell> {
    let mut cells: BTreeMap<(String, String), Cell> = BTreeMap::new();
    for actor in &dataset.actors {
        for theme in &dataset.themes {
            cells.entry((actor.id.clone(), theme.id.clone())).or_default();
        }
    }
    let live = live_positions(dataset, today);
    for position in dataset.positions.iter().filter(|p| live.contains(p.id.as_str())) {
        cells.entry((position.actor.clone(), position.theme.clone())).or_default().positions.push((position.id.clone(), position.stance));
    }
    cells
}
