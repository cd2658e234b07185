//! Draws the picker: header, list, detail or error pane, footer, and the MFA modal on top.

use super::state::{Phase, State};
use super::widgets;
use ratatui::Frame;
use ratatui::layout::Rect;
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
    let [header, list, detail, notice, footer] = stacked(
        frame.area(),
        [
            Some(1),
            None,
            Some(detail_height),
            Some(notice_height),
            Some(1),
        ],
    );
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

/// `area` cut into lines from the top, each part as tall as asked (the last ones first when
/// there is not room for all) and the part asked None as tall as what is left. A sum, where a
/// layout solver would cost the first frame its time.
fn stacked(area: Rect, heights: [Option<u16>; 5]) -> [Rect; 5] {
    let mut left = area.height;
    let mut given = [0u16; 5];
    for (i, h) in heights.iter().enumerate().rev() {
        if let Some(h) = *h {
            given[i] = h.min(left);
            left -= given[i];
        }
    }
    if let Some(rest) = heights.iter().position(Option::is_none) {
        given[rest] = left;
    }
    let mut y = area.y;
    given.map(|height| {
        let part = Rect { y, height, ..area };
        y += height;
        part
    })
}
