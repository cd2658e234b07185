//! The MFA modal: which profile and device, six digit slots, and why the last code failed.

use crate::tui::state::MfaPrompt;
use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

pub fn render(prompt: &MfaPrompt, frame: &mut Frame) {
    let area = frame
        .area()
        .centered(Constraint::Max(72), Constraint::Length(9));
    let slots: String = (0..6)
        .map(|i| prompt.input.chars().nth(i).map_or('_', |c| c))
        .flat_map(|c| [c, ' '])
        .collect();
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Profile  "),
            Span::styled(&prompt.profile, Style::new().add_modifier(Modifier::BOLD)),
        ]),
        Line::from(vec![Span::raw("Device   "), Span::raw(&prompt.serial)]),
        Line::raw(""),
        Line::from(vec![
            Span::raw("Code     "),
            Span::styled(
                slots,
                Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            ),
        ]),
    ];
    if let Some(error) = &prompt.error {
        lines.push(Line::styled(error.clone(), Style::new().fg(Color::Red)));
    }
    super::modal(frame, area, "MFA code", "Enter submit · Esc cancel", lines);
}
