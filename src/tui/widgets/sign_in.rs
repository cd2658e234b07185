//! The IAM Identity Center sign-in modal: the page to open and the code it must show, while
//! switchrole waits for the approval.

use crate::tui::state::SignInPrompt;
use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

pub fn render(prompt: &SignInPrompt, frame: &mut Frame) {
    let area = frame
        .area()
        .centered(Constraint::Max(80), Constraint::Length(10));
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Session  "),
            Span::styled(&prompt.session, bold),
        ]),
        Line::from(vec![Span::raw("Profile  "), Span::raw(&prompt.profile)]),
        Line::raw(""),
    ];
    match &prompt.code {
        None => lines.push(Line::raw("Starting the sign-in…")),
        Some((url, user_code)) => {
            lines.push(Line::from(vec![Span::raw("Open     "), Span::raw(url)]));
            lines.push(Line::from(vec![
                Span::raw("Code     "),
                Span::styled(user_code, bold.fg(Color::Cyan)),
            ]));
            lines.push(Line::raw(""));
            lines.push(Line::raw(
                "Approve it in the browser; switchrole goes on by itself.",
            ));
        }
    }
    super::modal(
        frame,
        area,
        "Sign in to IAM Identity Center",
        "Esc cancel",
        lines,
    );
}
