//! The profile list: grouped under account ids when unfiltered, best match first when
//! filtering, matched characters highlighted, countdowns coloured.

use super::countdown_style;
use crate::app::listing::{Row, time_left};
use crate::tui::columns::Widths;
use crate::tui::filter::{region_offset, role_name_offset};
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A display line: a group header or a position in `state.visible`.
enum Item<'a> {
    Group(&'a str),
    Row(usize),
}

fn items(state: &State) -> Vec<Item<'_>> {
    let grouped = state.filter.is_empty();
    let mut items = Vec::with_capacity(state.visible.len() + 16);
    let mut last: Option<&str> = None;
    for (pos, &i) in state.visible.iter().enumerate() {
        let group = match grouped && pos < state.recent_len {
            true => "recent",
            false => state.groups[i].as_str(),
        };
        if grouped && last != Some(group) {
            items.push(Item::Group(group));
            last = Some(group);
        }
        items.push(Item::Row(pos));
    }
    items
}

/// Moves the window only as far as needed to keep the cursor (and its group header) in view.
fn scroll(state: &State, items: &[Item], height: usize) -> usize {
    let selected = items
        .iter()
        .position(|it| matches!(it, Item::Row(p) if *p == state.selected));
    let Some(line) = selected else { return 0 };
    let top = if line > 0 && matches!(items[line - 1], Item::Group(_)) {
        line - 1
    } else {
        line
    };
    let mut offset = state.offset.get().min(items.len().saturating_sub(1));
    if top < offset {
        offset = top;
    } else if line >= offset + height {
        offset = line + 1 - height;
    }
    state.offset.set(offset);
    offset
}

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let block = Block::bordered().title(" Profiles ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let items = items(state);
    let height = inner.height as usize;
    let offset = scroll(state, &items, height);
    let widths = Widths::fit(inner.width as usize, state.wanted);
    let lines: Vec<Line> = items
        .iter()
        .skip(offset)
        .take(height)
        .map(|item| match item {
            Item::Group(label) => Line::styled(
                format!("{label} "),
                Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            ),
            Item::Row(pos) => {
                let i = state.visible[*pos];
                row_line(state, &state.rows[i], i, *pos == state.selected, &widths)
            }
        })
        .collect();
    if lines.is_empty() {
        let text = if state.rows.is_empty() {
            "no profiles"
        } else {
            "no profile matches the filter"
        };
        frame.render_widget(
            Paragraph::new(text).style(Style::new().fg(Color::DarkGray)),
            inner,
        );
    } else {
        frame.render_widget(Paragraph::new(lines), inner);
    }
}

fn row_line<'a>(state: &State, row: &'a Row, i: usize, selected: bool, w: &Widths) -> Line<'a> {
    let marks = state.highlights(i);
    let base = if row.error.is_some() {
        Style::new().fg(Color::Red)
    } else {
        Style::new()
    };
    let base = if selected {
        base.bg(Color::DarkGray).add_modifier(Modifier::BOLD)
    } else {
        base
    };
    // An error row is marked, not only red (NO_COLOR, colour-blind readers).
    let mark = match (selected, row.error.is_some()) {
        (true, _) => "▶ ",
        (false, true) => "✗ ",
        (false, false) => "  ",
    };
    let mut spans = vec![Span::styled(mark, base)];
    spans.extend(highlighted(&row.name, 0, &marks, w.name, base));
    let role = row.role_name.as_deref().unwrap_or("");
    spans.extend(highlighted(
        role,
        role_name_offset(row),
        &marks,
        w.role,
        base,
    ));
    if w.kind {
        let kind = match row.kind.label() {
            "web-identity" => "web",
            "process" => "proc",
            other => other,
        };
        spans.push(Span::styled(format!("{kind:<5}"), base.fg(Color::Magenta)));
        let mfa = if row.mfa_serial.is_some() {
            "MFA "
        } else {
            "    "
        };
        spans.push(Span::styled(mfa, base.fg(Color::Cyan)));
    }
    let region = row.region.as_deref().unwrap_or("");
    spans.extend(highlighted(
        region,
        region_offset(row),
        &marks,
        w.region,
        base,
    ));
    if row.reusable_until.is_some_and(|until| state.now >= until) {
        // Too close to expiry to be handed out: Enter gets a new session.
        spans.push(Span::styled(
            format!("{:>7}", "renews"),
            base.patch(Style::new().fg(Color::DarkGray)),
        ));
    } else if let Some(at) = row.expires_at {
        spans.push(Span::styled(
            format!("{:>7}", time_left(at, state.now)),
            base.patch(countdown_style(at, state.now)),
        ));
    } else {
        spans.push(Span::styled(" ".repeat(7), base));
    }
    Line::from(spans)
}

/// `text` cut or padded to `width` display columns plus a space (CJK and emoji take two),
/// with the characters at `marks` (positions in the haystack, `text` starting at `start`)
/// highlighted.
fn highlighted<'a>(
    text: &str,
    start: usize,
    marks: &[usize],
    width: usize,
    base: Style,
) -> Vec<Span<'a>> {
    let hit = base
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let cut = UnicodeWidthStr::width(text) > width;
    // A cut text ends in `…`, which takes one column.
    let room = if cut { width.saturating_sub(1) } else { width };
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0;
    for (n, c) in text.chars().enumerate() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        let style = if marks.binary_search(&(start + n)).is_ok() {
            hit
        } else {
            base
        };
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push(c),
            _ => spans.push(Span::styled(c.to_string(), style)),
        }
    }
    if cut && width > 0 {
        spans.push(Span::styled("…", base));
        used += 1;
    }
    spans.push(Span::styled(
        " ".repeat(width.saturating_sub(used) + 1),
        base,
    ));
    spans
}
