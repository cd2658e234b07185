//! IAM Identity Center: signing in (device flow), the token file shared with the AWS CLI, the
//! accounts and roles a person is assigned, and role credentials.

pub mod assignments;
mod clients;
pub mod device;
pub mod populate;
pub mod portal;
mod registration;
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
    #[error(
        "IAM Identity Center refused the token of {session} just signed in to ({operation}): check that sso_registration_scopes includes sso:account:access"
    )]
    Refused { session: String, operation: String },
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
}

/// What to do when there is no usable token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignIn {
    /// Sign in with the device flow, telling the person on stderr (and opening the browser
    /// unless `browser` is false); a script's stderr gets the same and it waits.
    OnStderr { browser: bool },
    /// The same, told on the terminal: for `credential-process`, whose stderr the calling SDK
    /// keeps to itself unless it fails.
    OnTerminal { browser: bool },
    /// Report `NeedSignIn` (the picker signs in in its own modal).
    Never,
}

impl SignIn {
    /// How to show a device code: (open the browser, on the terminal), or None for never.
    fn shown(self) -> Option<(bool, bool)> {
        match self {
            SignIn::OnStderr { browser } => Some((browser, false)),
            SignIn::OnTerminal { browser } => Some((browser, true)),
            SignIn::Never => None,
        }
    }
}

/// How long a run waits for another switchrole's sign-in: a device code lasts 10 minutes,
/// and the approval may come at its end.
const SIGN_IN_WAIT: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// A usable token for the session: the cached one, refreshed when it is near its end and can
/// be, else a new sign-in when `sign_in` allows it. One switchrole at a time refreshes or
/// signs in; the others wait for it and take the token it wrote.
pub async fn token(session: &SsoSession, sign_in: SignIn) -> Result<Token, SsoError> {
    let path = token::path_of(session);
    let now = Utc::now();
    let cached = token::read(&path).filter(|t| t.start_url == session.start_url);
    if let Some(fresh) = cached.filter(|t| t.usable(now) && !t.wants_refresh(now)) {
        return Ok(fresh);
    }
    let _held = one_at_a_time(session, sign_in).await?;
    // Read again: the switchrole waited for may have just written a good one.
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
    match sign_in.shown() {
        None => Err(SsoError::NeedSignIn {
            session: session.label().to_string(),
        }),
        Some((browser, terminal)) => {
            let new = device::sign_in(session, |code| tell(code, browser, terminal)).await?;
            save(&path, &new)?;
            Ok(new)
        }
    }
}

/// Holds the session's sign-in lock while a token is refreshed or signed in for, when this
/// run may sign in. One that may not (the picker's listing, a renewal) never waits: it only
/// reads, and a refresh at the same time as another's is harmless.
async fn one_at_a_time(
    session: &SsoSession,
    sign_in: SignIn,
) -> Result<Option<crate::os::lock::Held>, SsoError> {
    let Some((_, terminal)) = sign_in.shown() else {
        return Ok(None);
    };
    let name = token::path_of(session);
    let name = name.file_stem().map(|s| s.to_string_lossy().into_owned());
    let what = format!("signing in to {}", session.label());
    let tell = |text: &str| crate::os::tty::say_or_stderr(terminal, text);
    let lock = format!("sign-in-{}", name.unwrap_or_default());
    match crate::os::lock::hold(&lock, &what, SIGN_IN_WAIT, tell).await {
        Ok(held) => Ok(Some(held)),
        Err(e) => Err(SsoError::SignIn {
            session: session.label().to_string(),
            detail: e.to_string(),
        }),
    }
}

/// Signs in anew, whatever is cached (`switchrole login`), reusing the client registration.
pub async fn sign_in_again(
    session: &SsoSession,
    show: impl FnOnce(&DeviceCode),
) -> Result<Token, SsoError> {
    let path = token::path_of(session);
    let new = device::sign_in(session, show).await?;
    save(&path, &new)?;
    Ok(new)
}

/// Role credentials for an SSO profile or assignment. A token the portal no longer takes
/// (signed out elsewhere, revoked) is replaced by a new sign-in when `sign_in` allows one.
pub async fn credentials(role: &SsoRole, sign_in: SignIn) -> Result<Credentials, SsoError> {
    let token = token(&role.session, sign_in).await?;
    match (
        portal::role_credentials(role, &token).await,
        sign_in.shown(),
    ) {
        (Err(SsoError::NeedSignIn { .. }), Some((browser, terminal))) => {
            let _held = one_at_a_time(&role.session, sign_in).await?;
            // Another switchrole, refused the same token, may have signed in meanwhile.
            let path = token::path_of(&role.session);
            let now = Utc::now();
            let newer = token::read(&path)
                .filter(|t| t.usable(now) && t.access_token != token.access_token);
            let token = match newer {
                Some(newer) => newer,
                None => {
                    let show = |code: &DeviceCode| tell(code, browser, terminal);
                    sign_in_again(&role.session, show).await?
                }
            };
            portal::role_credentials(role, &token)
                .await
                .map_err(|e| match e {
                    // Refused again at once: another sign-in would only loop.
                    SsoError::NeedSignIn { session } => SsoError::Refused {
                        session,
                        operation: "GetRoleCredentials".into(),
                    },
                    other => other,
                })
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

/// The device code on stderr (or the terminal), and the page opened in the browser.
pub fn tell(code: &DeviceCode, browser: bool, on_terminal: bool) {
    let mut text = format!(
        "switchrole: sign in to {} at {}\nswitchrole: check that the page shows the code {}\n",
        code.session, code.url, code.user_code
    );
    if browser && let Err(why) = crate::os::browser::open(&code.url) {
        text += &format!("switchrole: could not open a browser ({why}); open the address above\n");
    }
    text += "switchrole: waiting for the approval (Ctrl-C to stop)\n";
    crate::os::tty::say_or_stderr(on_terminal, &text);
}

fn save(path: &std::path::Path, token: &Token) -> Result<(), SsoError> {
    token::write(path, token).map_err(|e| SsoError::Write {
        path: crate::profile::display_path(path),
        detail: e.to_string(),
    })
}
