//! One widget per file.

pub mod detail;
pub mod footer;
pub mod header;
pub mod list;
pub mod mfa;
pub mod sign_in;

use chrono::{DateTime, Utc};
use ratatui::style::{Color, Style};

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
