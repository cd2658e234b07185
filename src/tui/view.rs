//! Draws the picker: header, list, detail or error pane, footer, and the MFA modal on top.

use super::state::{Phase, State};
use super::widgets;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Color;

/// Renders the whole frame from the state alone.
pub fn render(state: &State, frame: &mut Frame) {
    let notice_height = u16::from(state.notice.is_some());
    let height = frame.area().height;
    // An error takes half the screen: an AccessDenied explanation runs to dozens of lines.
    // Details take what the list can spare: on a short terminal the list (and the cursor in
    // it) comes first, and below 16 lines there are no details.
    let detail_height = match (&state.failure, height) {
        (Some(_), _) => (height / 2).max(8).min(height.saturating_sub(6)),
        (None, 0..16) => 0,
        (None, _) => 8.min(height.saturating_sub(8)),
    };
    let [header, list, detail, notice, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(detail_height),
        Constraint::Length(notice_height),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    widgets::header::render(state, frame, header);
    widgets::list::render(state, frame, list);
    widgets::detail::render(state, frame, detail);
    if let Some(text) = &state.notice {
        widgets::footer::render_notice(text, frame, notice);
    }
    widgets::footer::render(state, frame, footer);
    match &state.phase {
        Phase::Mfa(prompt) => widgets::mfa::render(prompt, frame),
        Phase::SignIn(prompt) => widgets::sign_in::render(prompt, frame),
        _ => {}
    }
    if state.no_color {
        // Every widget keeps its marks and modifiers; only the colours go.
        for cell in frame.buffer_mut().content.iter_mut() {
            cell.set_fg(Color::Reset).set_bg(Color::Reset);
        }
    }
}
