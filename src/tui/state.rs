//! The picker's state and the messages that change it: pure, no I/O and no clock reads (time
//! arrives as a Msg). `update` is in its own file.

pub use super::columns::Wanted;
pub use super::failure::Failure;
use super::filter::{Filter, haystack};
pub use super::msg::{Effect, Msg};
pub use super::sso_sign_in::SignInPrompt;
use crate::app::listing::Row;
use crate::profile::Kind;
use chrono::{DateTime, Utc};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// What the picker is doing.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Browsing,
    /// An STS call runs in the background; the list stays usable.
    Assuming {
        profile: String,
        since: DateTime<Utc>,
        then: Then,
    },
    Mfa(MfaPrompt),
    /// Signing in to IAM Identity Center before the profile can be assumed.
    SignIn(SignInPrompt),
}

/// What a session being assumed is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    /// Enter: a shell with it.
    Shell,
    /// Ctrl-R: a new session, and no shell after it.
    Renew,
    /// Ctrl-O: the AWS console signed in with it.
    Console,
}

/// The MFA modal.
#[derive(Clone, Debug, PartialEq)]
pub struct MfaPrompt {
    pub profile: String,
    pub serial: String,
    pub input: String,
    /// Why the last code was refused.
    pub error: Option<String>,
    /// What the session is for.
    pub then: Then,
}

/// Everything the picker shows.
pub struct State {
    pub rows: Vec<Row>,
    /// Group label of each row: its account id, or its kind when it has no account.
    pub groups: Vec<String>,
    /// Row indices grouped by account, for the unfiltered list (the recent group first).
    pub(super) grouped: Vec<usize>,
    /// Profiles by frecency, best first, for the recent group (see `recent.rs`).
    pub(super) recent_names: Vec<String>,
    /// How many of the unfiltered list's first rows are the recent group.
    pub recent_len: usize,
    /// Points the filter adds to the recent group's rows: (row, points).
    pub(super) boosts: Vec<(usize, u32)>,
    haystacks: Vec<String>,
    matcher: RefCell<Filter>,
    /// The widths the list's columns want.
    pub wanted: Wanted,
    pub filter: String,
    /// Row indices in display order.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    pub phase: Phase,
    pub failure: Option<Failure>,
    pub notice: Option<String>,
    pub now: DateTime<Utc>,
    pub demo: bool,
    /// Only the head of the files is shown yet; the whole catalog is being read.
    pub loading: bool,
    /// Rows a page moves, from the terminal height.
    pub page: usize,
    /// First display line drawn; kept by the view so scrolling is steady.
    pub offset: Cell<usize>,
    pub quit: bool,
    /// The profile used last time, where the cursor starts once it is listed.
    pub last_used: Option<String>,
    /// NO_COLOR is set: draw without colour (marks and bold still tell things apart).
    pub no_color: bool,
    /// The sso-session signed in to for the assume in flight: asked again, the token was
    /// refused, and another sign-in would only loop.
    pub signed_in_to: Option<String>,
    /// A session store is in use, so a renewed session is kept.
    pub keeps_sessions: bool,
}

/// Each row's group (its account id, or its kind when it has no account) and the row order
/// of the unfiltered list: accounts in the order the files name them, then the other groups.
fn grouping(rows: &[Row]) -> (Vec<String>, Vec<usize>) {
    // An account's name, when IAM Identity Center listed it for any of its rows.
    let names: HashMap<&str, &str> = rows
        .iter()
        .filter_map(|r| Some((r.account_id.as_deref()?, r.account_name.as_deref()?)))
        .collect();
    let groups: Vec<String> = rows
        .iter()
        .map(|r| match (&r.account_id, r.kind) {
            (Some(account), _) => match names.get(account.as_str()) {
                Some(name) => format!("{account} {name}"),
                None => account.clone(),
            },
            (None, Kind::None) => "no credentials".into(),
            (None, kind) => format!("{} profiles", kind.label()),
        })
        .collect();
    let mut rank: HashMap<&str, usize> = HashMap::new();
    let with_account = groups
        .iter()
        .zip(rows)
        .filter(|(_, r)| r.account_id.is_some());
    for (g, _) in with_account.chain(groups.iter().zip(rows)) {
        let next = rank.len();
        rank.entry(g.as_str()).or_insert(next);
    }
    let mut grouped: Vec<usize> = (0..rows.len()).collect();
    // Unstable sort on (group, index) keeps file order within a group and is quicker.
    grouped.sort_unstable_by_key(|&i| (rank[groups[i].as_str()], i));
    (groups, grouped)
}

impl State {
    pub fn new(rows: Vec<Row>, now: DateTime<Utc>, demo: bool) -> Self {
        let (groups, grouped) = grouping(&rows);
        Self {
            visible: grouped.clone(),
            wanted: Wanted::of(&rows),
            rows,
            groups,
            grouped,
            recent_names: Vec::new(),
            recent_len: 0,
            boosts: Vec::new(),
            haystacks: Vec::new(),
            matcher: RefCell::new(Filter::default()),
            filter: String::new(),
            selected: 0,
            phase: Phase::Browsing,
            failure: None,
            notice: None,
            now,
            demo,
            loading: false,
            page: 10,
            offset: Cell::new(0),
            quit: false,
            last_used: None,
            no_color: false,
            signed_in_to: None,
            keeps_sessions: false,
        }
    }

    /// Puts the cursor on the profile used last, when it is listed and the person has not
    /// moved yet.
    pub fn prefer(&mut self, profile: Option<String>) {
        self.last_used = profile;
        if self.untouched() {
            self.select_last_used();
        }
    }

    /// The cursor is where the picker put it: no move, no filter.
    fn untouched(&self) -> bool {
        self.selected == 0 && self.filter.is_empty()
    }

    fn select_last_used(&mut self) {
        if let Some(name) = self.last_used.clone() {
            self.select(&name);
        }
    }

    /// Swaps in the fully loaded rows, keeping the filter and the profile under the cursor.
    pub(super) fn set_rows(&mut self, rows: Vec<Row>) {
        let current = self.current().map(|r| r.name.clone());
        let untouched = self.untouched();
        (self.groups, self.grouped) = grouping(&rows);
        self.wanted = Wanted::of(&rows);
        self.rows = rows;
        self.apply_recent();
        // Made now, while nobody waits, rather than at the first key: 50,000 take 10 ms.
        self.haystacks = self.rows.iter().map(haystack).collect();
        self.refilter(false);
        if let Some(name) = current {
            self.selected = self
                .visible
                .iter()
                .position(|&i| self.rows[i].name == name)
                .unwrap_or(0);
        }
        // The last used profile may lie past the head the first frame showed.
        if untouched {
            self.select_last_used();
        }
        self.loading = false;
    }

    /// The row under the cursor.
    pub fn current(&self) -> Option<&Row> {
        self.visible.get(self.selected).map(|&i| &self.rows[i])
    }

    /// Positions in `rows[i]`'s haystack that the filter matched.
    pub fn highlights(&self, i: usize) -> Vec<usize> {
        if self.filter.is_empty() {
            return Vec::new();
        }
        let text = haystack(&self.rows[i]);
        self.matcher.borrow_mut().positions(&self.filter, &text)
    }

    pub(super) fn refilter(&mut self, narrowed: bool) {
        if self.filter.is_empty() {
            self.visible = self.grouped.clone();
        } else {
            if self.haystacks.is_empty() {
                self.haystacks = self.rows.iter().map(haystack).collect();
            }
            // A longer query only ever matches a subset, so search the current matches.
            let candidates = match narrowed {
                true => std::mem::take(&mut self.visible),
                false => (0..self.rows.len()).collect(),
            };
            let matcher = self.matcher.get_mut();
            self.visible =
                matcher.rank_boosted(&self.filter, &self.haystacks, &candidates, &self.boosts);
            // Narrowed from the unfiltered list, a recent row was a candidate twice.
            self.visible.dedup();
        }
        self.selected = 0;
        self.offset.set(0);
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        let last = self.visible.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }

    /// Puts the cursor on `profile` when it is listed.
    pub(super) fn select(&mut self, profile: &str) {
        if let Some(at) = self
            .visible
            .iter()
            .position(|&i| self.rows[i].name == profile)
        {
            self.selected = at;
        }
    }

    pub(super) fn index_of(&self, profile: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.name == profile)
    }
}

pub use super::keys::pasted;
pub use super::update::update;
