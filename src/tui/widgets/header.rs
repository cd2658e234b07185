//! The top line: name, DEMO badge, the filter being typed, and the match count. On a narrow
//! terminal the badge shortens and the count gives way, never the filter.

use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

const BADGE: &str = " DEMO: simulated STS, fake credentials ";
const SHORT_BADGE: &str = " DEMO ";

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let count = match state.loading {
        true => "loading… ".to_string(),
        false => format!("{}/{} ", state.listed(), state.rows.len()),
    };
    let filter = state.filter.width() + " > █".width();
    let name = " switchrole ";
    let badge = match state.demo {
        false => "",
        true if name.len() + BADGE.len() + filter + count.len() <= width => BADGE,
        true => SHORT_BADGE,
    };
    let mut spans = vec![Span::styled(
        name,
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if !badge.is_empty() {
        let style = Style::new()
            .fg(Color::Black)
            .bg(Color::Yellow)
            .add_modifier(Modifier::BOLD);
        spans.push(Span::styled(badge, style));
    }
    spans.push(Span::raw(" > "));
    spans.push(Span::styled(
        state.filter.clone(),
        Style::new().fg(Color::Cyan),
    ));
    spans.push(Span::styled("█", Style::new().fg(Color::DarkGray)));
    frame.render_widget(Line::from(spans), area);
    if name.len() + badge.len() + filter + count.len() <= width {
        frame.render_widget(Line::from(count).right_aligned(), area);
    }
}
