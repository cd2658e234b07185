//! The IAM Identity Center sign-in modal: opened when a profile's sso-session has no usable
//! token, it shows the address and code of the device flow and resumes the assume once the
//! person approves. Pure, like `update`.

use super::state::{Effect, Failure, Phase, State, Then};
use crate::app::listing::Row;
use crate::sso::SsoError;

/// The sign-in modal.
#[derive(Clone, Debug, PartialEq)]
pub struct SignInPrompt {
    /// The profile to assume once signed in.
    pub profile: String,
    pub session: String,
    /// The page to open and the code it must show, once the device flow has started.
    pub code: Option<(String, String)>,
    pub then: Then,
}

/// Opens the modal and starts the sign-in.
pub(super) fn start(
    state: &mut State,
    profile: String,
    session: String,
    then: Then,
) -> Vec<Effect> {
    if state.signed_in_to.take().as_ref() == Some(&session) {
        state.phase = Phase::Browsing;
        let refused = SsoError::Refused {
            session,
            operation: "GetRoleCredentials".into(),
        };
        state.failure = Some(Failure::new(profile, refused.to_string()));
        return Vec::new();
    }
    state.phase = Phase::SignIn(SignInPrompt {
        profile,
        session: session.clone(),
        code: None,
        then,
    });
    vec![Effect::SignIn { session }]
}

pub(super) fn show_code(state: &mut State, session: &str, url: String, user_code: String) {
    if let Phase::SignIn(prompt) = &mut state.phase
        && prompt.session == session
    {
        prompt.code = Some((url, user_code));
    }
}

/// Approved: the assume goes on, and the accounts are listed again. Refused or failed: the
/// error panel says why.
pub(super) fn ended(state: &mut State, session: &str, error: Option<String>) -> Vec<Effect> {
    let Phase::SignIn(prompt) = &state.phase else {
        return Vec::new();
    };
    if prompt.session != session {
        return Vec::new();
    }
    let (profile, then) = (prompt.profile.clone(), prompt.then);
    match error {
        Some(message) => {
            state.phase = Phase::Browsing;
            state.failure = Some(Failure::new(profile, message));
            Vec::new()
        }
        None => {
            state.signed_in_to = Some(session.to_string());
            state.phase = Phase::Assuming {
                profile: profile.clone(),
                since: state.now,
                then,
            };
            vec![
                Effect::Assume {
                    profile,
                    mfa_code: None,
                    fresh: then == Then::Renew,
                },
                Effect::RefreshAssignments {
                    session: session.to_string(),
                },
            ]
        }
    }
}

/// New rows from a fresh listing; the countdowns already shown are kept.
pub(super) fn with_assignments(state: &mut State, mut rows: Vec<Row>) {
    for row in &mut rows {
        if let Some(i) = state.index_of(&row.name) {
            row.expires_at = state.rows[i].expires_at;
            row.reusable_until = state.rows[i].reusable_until;
        }
    }
    state.set_rows(rows);
}
