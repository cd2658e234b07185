//! One widget per file.

pub mod detail;
pub mod footer;
pub mod header;
pub mod list;
pub mod mfa;
pub mod sign_in;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

/// A modal box over the list: rounded, titled, its keys in the bottom border.
pub fn modal(frame: &mut Frame, area: Rect, title: &str, keys: &str, lines: Vec<Line>) {
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(format!(" {title} "))
        .title_bottom(Line::from(format!(" {keys} ")).right_aligned());
    frame.render_widget(Clear, area);
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    frame.render_widget(text.block(block), area);
}

/// The colour of a countdown: green with time to spare, yellow under 15 minutes, red under 5.
pub fn countdown_style(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> Style {
    let left = (expires_at - now).num_seconds();
    match left {
        ..=0 => Style::new().fg(Color::DarkGray),
        1..300 => Style::new().fg(Color::Red),
        300..900 => Style::new().fg(Color::Yellow),
        _ => Style::new().fg(Color::Green),
    }
}
