//! The AWS console signed in as a profile: a session's credentials exchanged at the federation
//! endpoint for a sign-in URL, opened in the browser without ever being in an argv; and the
//! console's Switch Role link. Below both front ends, which share it.

pub mod browser;
mod federation;
pub mod link;

use crate::assume::{ONE_HOUR, default_session_name};
use crate::creds::{Credentials, Secret, Session};
use crate::sts::{Sts, StsError};
use std::fmt;

pub use link::switch_role_url;

/// A URL that signs its holder in to the console for 15 minutes: a credential, so `Debug`
/// shows none of it and `expose` is the one way to read it.
pub struct SigninUrl(Secret);

impl SigninUrl {
    /// The URL itself, for the browser's page or for `--print`.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

impl fmt::Debug for SigninUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigninUrl(<redacted>)")
    }
}

/// Why the console could not be opened. No variant holds a secret.
#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    #[error("console sign-in at {endpoint}: {cause}")]
    Federation { endpoint: String, cause: String },
    #[error("{0}")]
    Endpoint(String),
    #[error("--destination '{0}' is not an https:// URL")]
    Destination(String),
    #[error(
        "{0}\n  hint: the console takes an IAM user's keys through GetFederationToken, which needs sts:GetFederationToken"
    )]
    Federated(StsError),
    #[error("{0}")]
    Browser(String),
}

/// What the person asked of the sign-in.
#[derive(Clone, Debug, Default)]
pub struct SignIn {
    /// `--destination`: where the console opens; the region's console home by default.
    pub destination: Option<String>,
    /// `--duration`: how long the console session lasts.
    pub duration: Option<u32>,
}

/// The policy a federated user gets: everything, which AWS intersects with the user's own
/// policies, so the console can do what the keys can (as aws-vault does).
const ALLOW_ALL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

/// Credentials the federation endpoint takes, and the `SessionDuration` it may be sent. A
/// role's session goes as it is; long-term keys (no session token) are refused there, so they
/// become a federated user's through GetFederationToken, whose own duration is the console
/// session's (AWS refuses `SessionDuration` with those). For a role, `SessionDuration` goes only
/// when asked: AWS caps a chained role's console session and the default is its own.
pub async fn federated(
    session: &Session,
    want: &SignIn,
    sts: &impl Sts,
) -> Result<(Credentials, Option<u32>), ConsoleError> {
    if session.credentials.session_token.is_some() {
        return Ok((session.credentials.clone(), want.duration));
    }
    // Name: 2 to 32 of STS's characters; the local user, as role sessions are named.
    let name: String = default_session_name().chars().take(32).collect();
    let seconds = want.duration.unwrap_or(ONE_HOUR);
    let creds = sts
        .get_federation_token(&session.credentials, &name, ALLOW_ALL, seconds)
        .await
        .map_err(ConsoleError::Federated)?;
    Ok((creds, None))
}

/// The sign-in URL for `session`: its credentials (federated first when they are long-term
/// keys) exchanged for a SigninToken at the endpoint of its region's partition, or at
/// `SWITCHROLE_FEDERATION_ENDPOINT`.
pub async fn sign_in_url(
    session: &Session,
    want: &SignIn,
    sts: &impl Sts,
) -> Result<SigninUrl, ConsoleError> {
    let region = session.region.as_deref();
    let endpoint_var = std::env::var(link::ENDPOINT_VAR).ok();
    let endpoint = link::federation_endpoint(endpoint_var.as_deref(), region)?;
    let destination = link::destination(want.destination.as_deref(), region)?;
    let (creds, session_duration) = federated(session, want, sts).await?;
    let form = link::signin_form(&creds, session_duration);
    let token = federation::signin_token(&endpoint, form, &creds).await?;
    Ok(link::login_url(&endpoint, &destination, &token))
}
