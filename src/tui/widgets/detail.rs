//! The pane under the list: the selected profile's details, or the last error.

use super::countdown_style;
use crate::app::listing::{Row, time_left};
use crate::tui::state::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn render(state: &State, frame: &mut Frame, area: Rect) {
    if let Some(failure) = &state.failure {
        let block = Block::bordered()
            .title(format!(" {} failed ", failure.profile))
            .title_bottom(
                Line::from(format!(
                    " PgUp/PgDn scroll · ^Y copy {} · Esc dismiss ",
                    failure.next_label().trim_start_matches("the ")
                ))
                .right_aligned(),
            )
            .border_style(Style::new().fg(Color::Red));
        let text = Paragraph::new(failure.message.clone())
            .wrap(Wrap { trim: false })
            .scroll((failure.scroll, 0))
            .block(block);
        frame.render_widget(text, area);
        return;
    }
    let block = Block::bordered().title(" Details ");
    let Some(row) = state.current() else {
        frame.render_widget(block, area);
        return;
    };
    let text = Paragraph::new(lines(state, row))
        .wrap(Wrap { trim: false })
        .block(block);
    frame.render_widget(text, area);
}

fn field<'a>(label: &'a str, value: String) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<9}"), Style::new().fg(Color::DarkGray)),
        Span::raw(value),
    ])
}

fn lines<'a>(state: &'a State, row: &'a Row) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut head = vec![Span::styled(
        row.name.clone(),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    head.push(Span::raw(format!("  {}", row.kind.label())));
    if let Some(account) = &row.account_id {
        let named = row.account_name.as_ref().map(|n| format!(" ({n})"));
        head.push(Span::raw(format!(
            "  account {account}{}",
            named.unwrap_or_default()
        )));
    }
    if let Some(region) = &row.region {
        head.push(Span::raw(format!("  {region}")));
    }
    if let Some(place) = row.keys_in {
        head.push(Span::raw(format!("  keys in {place}")));
    }
    if let Some(at) = row.expires_at {
        let due = row.reusable_until.is_some_and(|until| state.now >= until);
        let renewal = if due { ", renewed on Enter" } else { "" };
        head.push(Span::styled(
            format!("  session {}{renewal}", time_left(at, state.now)),
            countdown_style(at, state.now),
        ));
    }
    lines.push(Line::from(head));
    if let Some(error) = &row.error {
        lines.push(Line::styled(error.clone(), Style::new().fg(Color::Red)));
    }
    if let Some(arn) = &row.role_arn {
        lines.push(field("role", arn.clone()));
    }
    if let (Some(session), Some(role)) = (&row.sso_session, &row.role_name)
        && row.role_arn.is_none()
    {
        let account = row.account_id.as_deref().unwrap_or_default();
        let named = row.account_name.as_ref().map(|n| format!(" ({n})"));
        let text = format!(
            "{role} in {account}{} through {session}",
            named.unwrap_or_default()
        );
        lines.push(field("sso", text));
    }
    if row.source_profile.is_some() {
        lines.push(field("chain", chain(state, row).join(" -> ")));
    }
    let mut extras = Vec::new();
    if let Some(id) = &row.external_id {
        extras.push(format!("external id {id}"));
    }
    if let Some(name) = &row.role_session_name {
        extras.push(format!("session name {name}"));
    }
    if let Some(secs) = row.duration_seconds {
        extras.push(format!("duration {secs}s"));
    }
    if !extras.is_empty() {
        lines.push(field("settings", extras.join(", ")));
    }
    if let Some(serial) = &row.mfa_serial {
        lines.push(field("MFA", serial.clone()));
    }
    lines
}

/// `base -> role-a -> chained`: the source profiles from the first credentials to this row.
fn chain(state: &State, row: &Row) -> Vec<String> {
    let mut names = vec![row.name.clone()];
    let mut source = row.source_profile.clone();
    while let Some(name) = source.take() {
        if names.contains(&name) || names.len() > 16 {
            names.push(format!("{name} (loop)"));
            break;
        }
        source = state
            .rows
            .iter()
            .find(|r| r.name == name)
            .and_then(|r| r.source_profile.clone());
        names.push(name);
    }
    names.reverse();
    names
}
