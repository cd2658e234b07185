//! The bottom line: the keys, or what is running.

use crate::tui::state::{Phase, State};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

const KEYS: [(&str, &str); 8] = [
    ("↑↓", "move"),
    ("Enter", "assume"),
    ("^O", "console"),
    ("^L", "link"),
    ("^R", "renew"),
    ("^X", "forget"),
    ("Esc", "clear/quit"),
    ("^C", "quit"),
];

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    let line = match &state.phase {
        Phase::Assuming { profile, since, .. } => {
            let secs = (state.now - *since).num_seconds().max(0);
            Line::from(vec![
                Span::styled(
                    format!(" assuming {profile}… {secs}s"),
                    Style::new().fg(Color::Cyan),
                ),
                Span::styled("  Esc cancel", Style::new().fg(Color::DarkGray)),
            ])
        }
        _ => Line::from(
            KEYS.iter()
                .flat_map(|(key, what)| {
                    [
                        Span::styled(format!(" {key}"), Style::new().add_modifier(Modifier::BOLD)),
                        Span::styled(format!(" {what} "), Style::new().fg(Color::DarkGray)),
                    ]
                })
                .collect::<Vec<_>>(),
        ),
    };
    frame.render_widget(line, area);
}

/// A one-line message above the footer (no config found, a shortened duration).
pub fn render_notice(text: &str, frame: &mut Frame, area: Rect) {
    frame.render_widget(
        Line::styled(format!(" {text}"), Style::new().fg(Color::Yellow)),
        area,
    );
}
