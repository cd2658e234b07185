//! What each key does, in the list and in the MFA modal (fzf's keys where they apply).

use super::state::{Effect, Failure, Phase, State, Then};
use crate::console::switch_role_url;
use crate::profile::arn::RoleArn;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Keys read in one go: a run of typed characters is filtered once, not once per character
/// (17 pasted characters were 17 filterings and 17 frames at 50,000 profiles). Any other key
/// sees the filter as it would have, one key at a time.
pub(super) fn on_keys(state: &mut State, keys: Vec<KeyEvent>) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut typed = false;
    for key in keys.into_iter().filter(|k| k.kind == KeyEventKind::Press) {
        let plain = !key.modifiers.contains(KeyModifiers::CONTROL);
        // Only the list takes typed characters into the filter: behind a modal they would
        // change the list the person returns to.
        let list_has_keys = !matches!(state.phase, Phase::Mfa(_) | Phase::SignIn(_));
        if let KeyCode::Char(c) = key.code
            && plain
            && list_has_keys
        {
            state.filter.push(c);
            typed = true;
            continue;
        }
        if typed {
            state.refilter(true);
            typed = false;
        }
        effects.extend(on_key(state, key));
        if state.quit {
            return effects;
        }
    }
    if typed {
        state.refilter(true);
    }
    effects
}

/// A bracketed paste as keys: its text, with line breaks and other control characters left
/// out, so a pasted line never presses Enter.
pub fn pasted(text: &str) -> impl Iterator<Item = KeyEvent> + '_ {
    text.chars()
        .filter(|c| !c.is_control())
        .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        state.quit = true;
        return vec![Effect::Quit];
    }
    if ctrl && key.code == KeyCode::Char('z') {
        return vec![Effect::Suspend];
    }
    if let Phase::Mfa(prompt) = &mut state.phase {
        match key.code {
            KeyCode::Char(c) if c.is_ascii_digit() && prompt.input.len() < 6 => {
                prompt.input.push(c)
            }
            KeyCode::Backspace => drop(prompt.input.pop()),
            KeyCode::Esc => state.phase = Phase::Browsing,
            KeyCode::Enter if prompt.input.len() == 6 => {
                let (profile, code) = (prompt.profile.clone(), prompt.input.clone());
                let then = prompt.then;
                state.phase = Phase::Assuming {
                    profile: profile.clone(),
                    since: state.now,
                    then,
                };
                return vec![Effect::Assume {
                    profile,
                    mfa_code: Some(code),
                    fresh: then == Then::Renew,
                }];
            }
            KeyCode::Enter => prompt.error = Some("the code is 6 digits".into()),
            _ => {}
        }
        return Vec::new();
    }
    if let Phase::SignIn(prompt) = &state.phase {
        if key.code == KeyCode::Esc {
            state.notice = Some(format!("stopped signing in to {}", prompt.session));
            state.phase = Phase::Browsing;
            return vec![Effect::Cancel];
        }
        return Vec::new();
    }
    if let Some(failure) = state.failure.as_mut() {
        let last = u16::try_from(failure.message.lines().count()).unwrap_or(u16::MAX);
        let by = |step: i32| {
            let to = i32::from(failure.scroll) + step;
            u16::try_from(to.clamp(0, i32::from(last.saturating_sub(1)))).unwrap_or(0)
        };
        // PageUp/PageDown scroll the error; ↑/↓ still move through the list.
        match (key.code, ctrl) {
            (KeyCode::PageUp, _) => failure.scroll = by(-5),
            (KeyCode::PageDown, _) => failure.scroll = by(5),
            (KeyCode::Char('y'), true) => {
                // One policy at a time: the trust statement and the identity policy are
                // pasted in different places.
                let (copy, copies) = failure.take_copy();
                let mut said = format!("copied {} to the clipboard", copy.label);
                if copies.len() > 1 {
                    let next = &copies[failure.next_copy].label;
                    said.push_str(&format!("; ^Y again copies {next}"));
                }
                state.notice = Some(said);
                return vec![Effect::Copy(copy.text)];
            }
            _ => return on_list_key(state, key, ctrl),
        }
        return Vec::new();
    }
    on_list_key(state, key, ctrl)
}

/// A key for the list: movement, the filter, Enter and the rest.
fn on_list_key(state: &mut State, key: KeyEvent, ctrl: bool) -> Vec<Effect> {
    match (key.code, ctrl) {
        (KeyCode::Up, _) | (KeyCode::Char('p' | 'k'), true) => state.move_by(-1),
        (KeyCode::Down, _) | (KeyCode::Char('n' | 'j'), true) => state.move_by(1),
        (KeyCode::PageUp, _) => state.move_by(-(state.page as isize)),
        (KeyCode::PageDown, _) => state.move_by(state.page as isize),
        (KeyCode::Home, _) => state.selected = 0,
        (KeyCode::End, _) => state.move_by(isize::MAX / 2),
        (KeyCode::Char('u'), true) => {
            state.filter.clear();
            state.refilter(false);
        }
        (KeyCode::Char(c), false) => {
            state.filter.push(c);
            state.refilter(true);
        }
        (KeyCode::Backspace, _) if state.filter.pop().is_some() => state.refilter(false),
        (KeyCode::Esc, _) if state.failure.is_some() => state.failure = None,
        (KeyCode::Esc, _) if matches!(state.phase, Phase::Assuming { .. }) => {
            state.phase = Phase::Browsing;
            return vec![Effect::Cancel];
        }
        (KeyCode::Esc, _) if !state.filter.is_empty() => {
            state.filter.clear();
            state.refilter(false);
        }
        (KeyCode::Esc, _) => {
            state.quit = true;
            return vec![Effect::Quit];
        }
        (KeyCode::Enter, _) => return on_enter(state, Then::Shell),
        // Renew the selected profile's session now, without a shell.
        (KeyCode::Char('r'), true) => return on_enter(state, Then::Renew),
        // The AWS console, signed in as the selected profile.
        (KeyCode::Char('o'), true) if state.demo => {
            state.notice = Some(
                "the demo has no AWS console to sign in to; ^L copies a role's Switch Role link"
                    .into(),
            );
        }
        (KeyCode::Char('o'), true) => return on_enter(state, Then::Console),
        // The console's own Switch Role link for the selected role, to the clipboard.
        (KeyCode::Char('l'), true) => return copy_switch_role_link(state),
        // Forget the selected profile's kept sessions.
        (KeyCode::Char('x'), true) => {
            if let Some(row) = state.current().filter(|_| !state.loading) {
                return vec![Effect::Forget {
                    profile: row.name.clone(),
                }];
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Copies the selected role's Switch Role link (no credentials in it), and says so.
fn copy_switch_role_link(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.current() else {
        return Vec::new();
    };
    let role = row.role_arn.as_deref().and_then(|a| RoleArn::parse(a).ok());
    let name = row.name.clone();
    if row.external_id.is_some() {
        state.notice = Some(format!(
            "{name} needs an external id, which the console's Switch Role cannot send; ^O signs in with it"
        ));
        return Vec::new();
    }
    match role {
        Some(role) => {
            let link = switch_role_url(&role, &name);
            state.notice = Some(format!(
                "copied the Switch Role link of {name} to the clipboard"
            ));
            vec![Effect::Copy(link)]
        }
        None => {
            state.notice = Some(format!("{name} is not a role: it has no Switch Role link"));
            Vec::new()
        }
    }
}

fn on_enter(state: &mut State, then: Then) -> Vec<Effect> {
    // A source chain may reach past the head shown so far; wait for the whole catalog.
    if state.loading {
        return Vec::new();
    }
    let Some(row) = state.current() else {
        return Vec::new();
    };
    let profile = row.name.clone();
    if let Some(error) = &row.error {
        state.failure = Some(Failure::new(profile, error.clone()));
        return Vec::new();
    }
    state.failure = None;
    state.notice = None;
    state.signed_in_to = None;
    state.phase = Phase::Assuming {
        profile: profile.clone(),
        since: state.now,
        then,
    };
    vec![Effect::Assume {
        profile,
        mfa_code: None,
        fresh: then == Then::Renew,
    }]
}
