//! The recent group: the profiles used most and most lately (frecency) at the top of the
//! unfiltered list, where they are also in their own groups (whose order stays as it was), and
//! ranked higher by the filter.

use super::state::State;

/// Points the filter adds to the most frecent profile, two fewer for each after it: a tie or
/// a near tie goes to the profile used more, a clearly better match still wins.
const BOOST: u32 = 12;

impl State {
    /// Shows `names` (best first; those not listed are left out) as the recent group.
    pub fn set_recent(&mut self, names: Vec<String>) {
        self.grouped.drain(..self.recent_len);
        self.recent_names = names;
        self.apply_recent();
        self.refilter(false);
    }

    /// Puts the recent group before the groups of `grouped`, which holds none yet.
    pub(super) fn apply_recent(&mut self) {
        let rows: Vec<usize> = self
            .recent_names
            .iter()
            .filter_map(|name| self.index_of(name))
            .collect();
        self.boosts = rows
            .iter()
            .enumerate()
            .map(|(rank, &row)| (row, BOOST.saturating_sub(2 * rank as u32)))
            .collect();
        self.recent_len = rows.len();
        self.grouped.splice(0..0, rows);
    }

    /// How many profiles the list shows (a recent one counts once).
    pub fn listed(&self) -> usize {
        match self.filter.is_empty() {
            true => self.visible.len() - self.recent_len,
            false => self.visible.len(),
        }
    }
}
