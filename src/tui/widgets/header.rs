//! The top line: name, DEMO badge, the filter being typed, and the match count.

use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::styled(
        " switchrole ",
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if state.demo {
        let badge = Style::new()
            .fg(Color::Black)
            .bg(Color::Yellow)
            .add_modifier(Modifier::BOLD);
        spans.push(Span::styled(
            " DEMO: simulated STS, fake credentials ",
            badge,
        ));
    }
    spans.push(Span::raw(" > "));
    spans.push(Span::styled(
        state.filter.clone(),
        Style::new().fg(Color::Cyan),
    ));
    spans.push(Span::styled("█", Style::new().fg(Color::DarkGray)));
    let count = match state.loading {
        true => "loading… ".to_string(),
        false => format!("{}/{} ", state.listed(), state.rows.len()),
    };
    frame.render_widget(Line::from(spans), area);
    frame.render_widget(Line::from(count).right_aligned(), area);
}
