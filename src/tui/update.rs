//! `update`: applies one message to the picker's state and returns the work it asks for.

use super::sso_sign_in;
use super::state::{Effect, Failure, MfaPrompt, Msg, Phase, State, Then};
use crate::app::listing::expiries;
use crate::assume::freshness::reusable_until;

/// Applies a message; returns the work it asks for.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Keys(keys) => return super::keys::on_keys(state, keys),
        Msg::Tick(now) => state.now = now,
        Msg::Resize { height } => state.page = (height as usize).saturating_sub(12).max(1),
        Msg::Assumed {
            profile,
            session,
            notices,
        } => {
            if pending(state, &profile) {
                state.signed_in_to = None;
                let then = then_of(state);
                // Without a store a renewed session is not kept: no countdown promises one.
                let shown = state.keeps_sessions || then == Then::Shell;
                if let Some(i) = state.index_of(&profile).filter(|_| shown) {
                    let expires_at = session.credentials.expiration;
                    state.rows[i].expires_at = expires_at;
                    state.rows[i].reusable_until = reusable_until(session.issued_at, expires_at);
                }
                state.phase = Phase::Browsing;
                state.notice = (!notices.is_empty()).then(|| notices.join("; "));
                return match then {
                    Then::Renew => {
                        state.notice = Some(match state.keeps_sessions {
                            true => format!("renewed {profile}"),
                            false => format!(
                                "STS gave {profile} a new session, but no session store is in use, so none is kept: Enter asks STS again"
                            ),
                        });
                        Vec::new()
                    }
                    Then::Console => {
                        let signing = format!("signing in to the AWS console as {profile}…");
                        // The assume's own notices (a shortened duration) are kept before it.
                        state.notice = Some(match state.notice.take() {
                            Some(said) => format!("{said}; {signing}"),
                            None => signing,
                        });
                        vec![Effect::OpenConsole(session)]
                    }
                    Then::Shell => vec![Effect::RunShell(session)],
                };
            }
        }
        Msg::NeedMfa { profile, serial } => {
            if pending(state, &profile) {
                state.phase = Phase::Mfa(MfaPrompt {
                    profile,
                    serial,
                    input: String::new(),
                    error: None,
                    then: then_of(state),
                });
            }
        }
        Msg::Failed {
            profile,
            message,
            mfa_rejected,
        } => {
            if pending(state, &profile) {
                let then = then_of(state);
                state.phase = Phase::Browsing;
                if mfa_rejected {
                    let serial = mfa_serial_of(state, &profile);
                    state.phase = Phase::Mfa(MfaPrompt {
                        profile,
                        serial,
                        input: String::new(),
                        error: Some(message),
                        then,
                    });
                } else {
                    state.failure = Some(Failure::new(profile, message));
                }
            }
        }
        Msg::Loaded {
            rows,
            problems,
            keeps_sessions,
        } => {
            state.keeps_sessions = keeps_sessions;
            state.set_rows(rows);
            if !problems.is_empty() {
                state.notice = Some(problems.join("; "));
            }
        }
        Msg::ShellExited { profile, error } => {
            state.filter.clear();
            state.refilter(false);
            // Back on the profile just used, not at the top.
            state.select(&profile);
            if let Some(message) = error {
                state.failure = Some(Failure::new(profile, message));
            }
        }
        Msg::ConsoleOpened { profile, error } => match error {
            Some(message) => state.failure = Some(Failure::new(profile, message)),
            None => {
                state.notice = Some(format!(
                    "opened the AWS console as {profile} in the browser"
                ))
            }
        },
        Msg::NeedSignIn { profile, session } => {
            if pending(state, &profile) {
                return sso_sign_in::start(state, profile, session, then_of(state));
            }
        }
        Msg::SignInCode {
            session,
            url,
            user_code,
        } => sso_sign_in::show_code(state, &session, url, user_code),
        Msg::SignedIn { session, error } => return sso_sign_in::ended(state, &session, error),
        Msg::Assignments { rows, problems } => {
            if let Some(rows) = rows {
                sso_sign_in::with_assignments(state, rows);
            }
            if !problems.is_empty() {
                state.notice = Some(problems.join("; "));
            }
        }
        Msg::Sessions(sessions) => {
            let kept = expiries(&sessions);
            for row in &mut state.rows {
                let session = kept.get(row.name.as_str());
                row.expires_at = session.map(|s| s.0);
                row.reusable_until = session.map(|s| s.1);
            }
        }
        Msg::Forgotten { profile, message } => {
            if let Some(i) = state.index_of(&profile) {
                state.rows[i].expires_at = None;
                state.rows[i].reusable_until = None;
            }
            state.notice = Some(message);
        }
    }
    Vec::new()
}

/// What the assume in flight is for.
fn then_of(state: &State) -> Then {
    match state.phase {
        Phase::Assuming { then, .. } => then,
        _ => Then::Shell,
    }
}

fn pending(state: &State, profile: &str) -> bool {
    matches!(&state.phase, Phase::Assuming { profile: p, .. } if p == profile)
}

fn mfa_serial_of(state: &State, profile: &str) -> String {
    let row = state.index_of(profile).map(|i| &state.rows[i]);
    row.and_then(|r| r.mfa_serial.clone()).unwrap_or_default()
}
