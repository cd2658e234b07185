//! The list's columns: as wide as their contents when the terminal allows, narrower in the
//! order that loses least when it does not. Widths are display columns (CJK and emoji take
//! two), not characters.

use crate::app::listing::Row;
use unicode_width::UnicodeWidthStr;

/// Each column's width on screen.
pub struct Widths {
    pub name: usize,
    pub role: usize,
    pub region: usize,
    /// The kind and MFA columns, left out when the name would be cut to make room for them.
    pub kind: bool,
}

/// The widest name, role and region of the list, in display columns: the widths the columns
/// want, kept for the list's life so they do not jump while the filter narrows it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Wanted {
    pub name: usize,
    pub role: usize,
    pub region: usize,
}

impl Wanted {
    pub fn of(rows: &[Row]) -> Wanted {
        let width = |text: Option<&str>| text.map_or(0, UnicodeWidthStr::width);
        rows.iter().fold(Wanted::default(), |w, r| Wanted {
            name: w.name.max(width(Some(&r.name))),
            role: w.role.max(width(r.role_name.as_deref())),
            region: w.region.max(width(r.region.as_deref())),
        })
    }
}

/// Cursor 2, kind 5, MFA 4, time left 7, and a space after the name, role and region.
const FIXED: usize = 2 + 5 + 4 + 7 + 3;
/// The kind and MFA columns.
const KIND: usize = 5 + 4;
/// What a column keeps before the next one gives up more: enough to tell rows apart.
const NAME_KEEPS: usize = 12;
const ROLE_KEEPS: usize = 10;

impl Widths {
    /// The columns at their contents' widths when they fit (the room left over goes to the
    /// right of the row, not between columns); else the region gives way first, then the
    /// role, then the name.
    pub fn fit(width: usize, wanted: Wanted) -> Widths {
        let with_kind = Self::fit_in(width.saturating_sub(FIXED), wanted, true);
        match with_kind.name < wanted.name {
            true => Self::fit_in(width.saturating_sub(FIXED - KIND), wanted, false),
            false => with_kind,
        }
    }

    fn fit_in(room: usize, wanted: Wanted, kind: bool) -> Widths {
        let mut w = Widths {
            name: wanted.name.max(4),
            role: wanted.role,
            region: wanted.region,
            kind,
        };
        let over = |w: &Widths| (w.name + w.role + w.region).saturating_sub(room);
        w.region -= over(&w).min(w.region);
        w.role -= over(&w).min(w.role.saturating_sub(ROLE_KEEPS.min(w.role)));
        w.name -= over(&w).min(w.name.saturating_sub(NAME_KEEPS.min(w.name)));
        w.role -= over(&w).min(w.role);
        w.name -= over(&w).min(w.name.saturating_sub(1));
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WANTED: Wanted = Wanted {
        name: 30,
        role: 16,
        region: 14,
    };

    #[test]
    fn columns_fit_their_contents_when_there_is_room() {
        let w = Widths::fit(140, WANTED);
        assert_eq!((w.name, w.role, w.region), (30, 16, 14));
        let w = Widths::fit(30 + 16 + 14 + FIXED, WANTED);
        assert_eq!((w.name, w.role, w.region), (30, 16, 14));
    }

    #[test]
    fn the_region_gives_way_first_then_the_role_then_the_name() {
        let w = Widths::fit(30 + 16 + 14 + FIXED - 5, WANTED);
        assert_eq!((w.name, w.role, w.region), (30, 16, 9));
        let w = Widths::fit(30 + 16 + FIXED - 6, WANTED);
        assert_eq!((w.name, w.role, w.region), (30, 10, 0));
        let w = Widths::fit(38, WANTED);
        assert_eq!((w.name, w.role, w.region, w.kind), (16, 10, 0, false));
        let w = Widths::fit(20, WANTED);
        assert_eq!((w.name, w.role, w.region), (8, 0, 0));
    }

    #[test]
    fn kind_and_mfa_give_way_before_the_name_is_cut() {
        let short = Wanted {
            name: 19,
            role: 2,
            region: 0,
        };
        let w = Widths::fit(38, short);
        assert_eq!((w.name, w.role, w.kind), (19, 2, false));
        let w = Widths::fit(80, short);
        assert_eq!((w.name, w.role, w.kind), (19, 2, true));
    }
}
