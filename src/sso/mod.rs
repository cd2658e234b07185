//! IAM Identity Center: signing in (device flow), the token file shared with the AWS CLI, the
//! accounts and roles a person is assigned, and role credentials.

pub mod assignments;
mod clients;
pub mod device;
pub mod portal;
pub mod token;

use crate::creds::Credentials;
use crate::profile::sso::{SsoRole, SsoSession};
use chrono::Utc;
use device::DeviceCode;
use token::Token;

/// Why IAM Identity Center gave no token or credentials.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SsoError {
    #[error(
        "the sign-in to {session} has ended or was never made: run `switchrole login {session}`"
    )]
    NeedSignIn { session: String },
    #[error("signing in to {session}: {detail}")]
    SignIn { session: String, detail: String },
    #[error("{operation} failed: {detail}")]
    Portal { operation: String, detail: String },
    #[error("cannot write the token file {path}: {detail}")]
    Write { path: String, detail: String },
}

/// What to do when there is no usable token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignIn {
    /// Sign in with the device flow, telling the person on stderr (and opening the browser
    /// unless `browser` is false); a script's stderr gets the same and it waits.
    OnStderr { browser: bool },
    /// Report `NeedSignIn` (the picker signs in in its own modal).
    Never,
}

/// A usable token for the session: the cached one, refreshed when it is near its end and can
/// be, else a new sign-in when `sign_in` allows it.
pub async fn token(session: &SsoSession, sign_in: SignIn) -> Result<Token, SsoError> {
    let path = token::path_of(session);
    let cached = token::read(&path).filter(|t| t.start_url == session.start_url);
    let now = Utc::now();
    if let Some(old) = cached.as_ref().filter(|t| t.wants_refresh(now)) {
        // A refresh that fails leaves the old token, used while it lasts.
        if let Ok(new) = device::refresh(session, old).await {
            save(&path, &new)?;
            return Ok(new);
        }
    }
    if let Some(usable) = cached.as_ref().filter(|t| t.usable(now)) {
        return Ok(usable.clone());
    }
    match sign_in {
        SignIn::Never => Err(SsoError::NeedSignIn {
            session: session.label().to_string(),
        }),
        SignIn::OnStderr { browser } => {
            let new = device::sign_in(session, cached.as_ref(), |code| tell(code, browser)).await?;
            save(&path, &new)?;
            Ok(new)
        }
    }
}

/// Signs in anew, whatever is cached (`switchrole login`), reusing the client registration.
pub async fn sign_in_again(
    session: &SsoSession,
    show: impl FnOnce(&DeviceCode),
) -> Result<Token, SsoError> {
    let path = token::path_of(session);
    let cached = token::read(&path).filter(|t| t.start_url == session.start_url);
    let new = device::sign_in(session, cached.as_ref(), show).await?;
    save(&path, &new)?;
    Ok(new)
}

/// Role credentials for an SSO profile or assignment. A token the portal no longer takes
/// (signed out elsewhere, revoked) is replaced by a new sign-in when `sign_in` allows one.
pub async fn credentials(role: &SsoRole, sign_in: SignIn) -> Result<Credentials, SsoError> {
    let token = token(&role.session, sign_in).await?;
    match (portal::role_credentials(role, &token).await, sign_in) {
        (Err(SsoError::NeedSignIn { .. }), SignIn::OnStderr { browser }) => {
            let token = sign_in_again(&role.session, |code| tell(code, browser)).await?;
            portal::role_credentials(role, &token).await
        }
        (result, _) => result,
    }
}

/// Signs out: the portal forgets the token and its file is removed. Returns whether there
/// was a token to end.
pub async fn sign_out(session: &SsoSession) -> Result<bool, SsoError> {
    let path = token::path_of(session);
    let Some(cached) = token::read(&path) else {
        return Ok(false);
    };
    if cached.usable(Utc::now()) {
        // A token the portal no longer knows is as good as signed out.
        match portal::logout(session, &cached).await {
            Ok(()) | Err(SsoError::NeedSignIn { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    std::fs::remove_file(&path).map_err(|e| SsoError::Write {
        path: crate::profile::display_path(&path),
        detail: e.to_string(),
    })?;
    Ok(true)
}

/// The device code on stderr, and the page opened in the browser.
pub fn tell(code: &DeviceCode, browser: bool) {
    eprintln!("switchrole: sign in to {} at {}", code.session, code.url);
    eprintln!(
        "switchrole: check that the page shows the code {}",
        code.user_code
    );
    if browser && let Err(why) = crate::browser::open(&code.url) {
        eprintln!("switchrole: could not open a browser ({why}); open the address above");
    }
    eprintln!("switchrole: waiting for the approval (Ctrl-C to stop)");
}

fn save(path: &std::path::Path, token: &Token) -> Result<(), SsoError> {
    token::write(path, token).map_err(|e| SsoError::Write {
        path: crate::profile::display_path(path),
        detail: e.to_string(),
    })
}
