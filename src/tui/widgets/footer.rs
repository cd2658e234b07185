//! The bottom line: the keys, or what is running.

use crate::tui::state::{Phase, State};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

/// Most needed first; `^C quit` is always shown, last.
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
        _ => Line::from(keys_that_fit(area.width as usize)),
    };
    frame.render_widget(line, area);
}

/// The keys, as many as the width takes in their order, and always the way out.
fn keys_that_fit(width: usize) -> Vec<Span<'static>> {
    let shown = |(key, what): &(&str, &str)| key.chars().count() + what.chars().count() + 3;
    let (quit, rest) = KEYS.split_last().unwrap_or((&("^C", "quit"), &[]));
    let mut used = shown(quit);
    let mut spans = Vec::new();
    for key in rest {
        if used + shown(key) > width {
            continue;
        }
        used += shown(key);
        spans.extend(key_spans(key));
    }
    spans.extend(key_spans(quit));
    spans
}

fn key_spans((key, what): &(&str, &str)) -> [Span<'static>; 2] {
    [
        Span::styled(format!(" {key}"), Style::new().add_modifier(Modifier::BOLD)),
        Span::styled(format!(" {what} "), Style::new().fg(Color::DarkGray)),
    ]
}

/// A one-line message above the footer (no config found, a shortened duration).
pub fn render_notice(text: &str, frame: &mut Frame, area: Rect) {
    frame.render_widget(
        Line::styled(format!(" {text}"), Style::new().fg(Color::Yellow)),
        area,
    );
}
