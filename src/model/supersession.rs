//! The supersession graph: each position names at most the one it replaces (`supersedes`), so
//! the links form chains, and, in a broken dataset, cycles. Built once per dataset; the time
//! and consistency checks and every view read it.

use super::{Position, Record};
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct Supersession {
    /// By position index: the position it supersedes, when that exists.
    older: Vec<Option<usize>>,
    /// By position index: the positions that supersede it, in dataset order.
    newer: Vec<Vec<usize>>,
    /// By position index: the oldest position its chain leads back to, or for a chain that runs
    /// into a cycle, the cycle's first position by index.
    roots: Vec<usize>,
    /// Every cycle once, in the order its links run, from where a walk first entered it.
    cycles: Vec<Vec<usize>>,
}

impl Supersession {
    /// Links positions by `supersedes`. Where ids repeat, a link goes to the first position of
    /// that id (the identity check reports the repeat). Each position is walked once.
    pub fn of(positions: &[Box<Record<Position>>]) -> Supersession {
        let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(positions.len());
        for (i, position) in positions.iter().enumerate() {
            by_id.entry(&*position.id).or_insert(i);
        }
        let older: Vec<Option<usize>> = positions.iter().map(|p| p.supersedes.as_deref().and_then(|id| by_id.get(id).copied())).collect();
        let mut newer = vec![Vec::new(); positions.len()];
        for (i, target) in older.iter().enumerate() {
            if let Some(target) = *target {
                newer[target].push(i);
            }
        }
        let (roots, cycles) = walk(&older);
        Supersession { older, newer, roots, cycles }
    }

    /// The position that `i` supersedes.
    pub fn older(&self, i: usize) -> Option<usize> {
        self.older[i]
    }

    /// The positions that supersede `i`, in dataset order (more than one is a finding).
    pub fn newer(&self, i: usize) -> &[usize] {
        &self.newer[i]
    }

    /// The first position that supersedes `i`: the one that replaced it.
    pub fn successor(&self, i: usize) -> Option<usize> {
        self.newer[i].first().copied()
    }

    /// Two positions on one chain share a root.
    pub fn root(&self, i: usize) -> usize {
        self.roots[i]
    }

    pub fn cycles(&self) -> &[Vec<usize>] {
        &self.cycles
    }
}

/// Follows the `older` links from every position, memoising roots, so each position is walked
/// once; a walk that meets itself has found a cycle.
fn walk(older: &[Option<usize>]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let mut roots: Vec<Option<usize>> = vec![None; older.len()];
    let mut on_walk = vec![false; older.len()];
    let mut cycles = Vec::new();
    for start in 0..older.len() {
        let mut walk = Vec::new();
        let mut current = start;
        let root = loop {
            if let Some(root) = roots[current] {
                break root;
            }
            if on_walk[current] {
                let entry = walk.iter().position(|&w| w == current).unwrap_or_default();
                let cycle = walk[entry..].to_vec();
                let root = cycle.iter().copied().min().unwrap_or(current);
                cycles.push(cycle);
                break root;
            }
            on_walk[current] = true;
            walk.push(current);
            match older[current] {
                Some(next) => current = next,
                None => break current,
            }
        };
        for w in walk {
            roots[w] = Some(root);
            on_walk[w] = false;
        }
    }
    (roots.into_iter().enumerate().map(|(i, root)| root.unwrap_or(i)).collect(), cycles)
}

#[cfg(test)]
mod tests {
    use super::walk;

    #[test]
    fn chains_share_their_oldest_root() {
        // 2 supersedes 1, 1 supersedes 0; 3 stands alone.
        let (roots, cycles) = walk(&[None, Some(0), Some(1), None]);
        assert_eq!(roots, vec![0, 0, 0, 3]);
        assert!(cycles.is_empty());
    }

    #[test]
    fn every_cycle_is_found_once_and_its_tail_shares_its_root() {
        // 0 → 1 → 2 → 1 (a cycle of 1 and 2, entered from 0); 3 → 3.
        let (roots, cycles) = walk(&[Some(1), Some(2), Some(1), Some(3)]);
        assert_eq!(cycles, vec![vec![1, 2], vec![3]]);
        assert_eq!(roots, vec![1, 1, 1, 3]);
    }
}
