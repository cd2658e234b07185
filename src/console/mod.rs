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
    #[error(transparent)]
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
    /// Whether AWS takes a console session length (`SessionDuration`) with these credentials:
    /// a role assumed with an IAM user's own keys and no MFA session.
    pub session_duration: bool,
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
        let length = want.duration.filter(|_| want.session_duration);
        return Ok((session.credentials.clone(), length));
    }
    // Name: 2 to 32 of STS's characters; the local user, as role sessions are named.
    let name: String = default_session_name().chars().take(32).collect();
    let seconds = want.duration.unwrap_or(ONE_HOUR);
    let creds = sts
        .get_federation_token(&session.credentials, &name, ALLOW_ALL, seconds)
        .await
        .map_err(|e| match e.code() {
            // Only a refusal is about the permission; a network failure has its own cause.
            Some("AccessDenied") => ConsoleError::Federated(e.with_hint(
                "the console takes an IAM user's keys through GetFederationToken, which needs sts:GetFederationToken".into(),
            )),
            _ => ConsoleError::Federated(e),
        })?;
    Ok((creds, None))
}

/// The region whose partition's console to sign in to: the session's, unless its role's ARN
/// says another partition (a GovCloud profile in a shell whose AWS_REGION is commercial, say),
/// whose credentials must never go to another partition's endpoint.
fn console_region(session: &Session) -> Result<Option<&str>, ConsoleError> {
    let region = session.region.as_deref();
    let arn = session
        .role_arn
        .as_deref()
        .or(session.assumed_arn.as_deref());
    let partition = arn.and_then(|a| a.strip_prefix("arn:")?.split(':').next());
    let in_region = |prefix: &str| region.is_some_and(|r| r.starts_with(prefix));
    match partition {
        None | Some("aws") => Ok(region),
        Some("aws-cn") if in_region("cn-") => Ok(region),
        Some("aws-cn") => Ok(Some("cn-north-1")),
        Some("aws-us-gov") if in_region("us-gov-") => Ok(region),
        Some("aws-us-gov") => Ok(Some("us-gov-west-1")),
        Some(_) if std::env::var_os(link::ENDPOINT_VAR).is_some() => Ok(region),
        Some(other) => Err(ConsoleError::Endpoint(format!(
            "the {other} partition has no public console sign-in; set {} to its federation endpoint",
            link::ENDPOINT_VAR
        ))),
    }
}

/// The sign-in URL for `session`: its credentials (federated first when they are long-term
/// keys) exchanged for a SigninToken at the endpoint of its region's partition, or at
/// `SWITCHROLE_FEDERATION_ENDPOINT`.
pub async fn sign_in_url(
    session: &Session,
    want: &SignIn,
    sts: &impl Sts,
) -> Result<SigninUrl, ConsoleError> {
    let region = console_region(session)?;
    let endpoint_var = std::env::var(link::ENDPOINT_VAR).ok();
    let endpoint = link::federation_endpoint(endpoint_var.as_deref(), region)?;
    let destination = link::destination(want.destination.as_deref(), region)?;
    let (creds, session_duration) = federated(session, want, sts).await?;
    let form = link::signin_form(&creds, session_duration);
    let token = federation::signin_token(&endpoint, form, &creds).await?;
    Ok(link::login_url(&endpoint, &destination, &token))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(region: Option<&str>, role_arn: Option<&str>) -> Session {
        Session {
            profile: "p".into(),
            role_arn: role_arn.map(String::from),
            assumed_arn: None,
            region: region.map(String::from),
            credentials: Credentials {
                access_key_id: "ASIAX".into(),
                secret_access_key: Secret::new("s"),
                session_token: Some(Secret::new("t")),
                expiration: None,
            },
            issued_at: None,
        }
    }

    #[test]
    fn the_role_s_partition_decides_where_its_credentials_go() {
        let gov = Some("arn:aws-us-gov:iam::123456789012:role/R");
        let cn = Some("arn:aws-cn:iam::123456789012:role/R");
        let plain = Some("arn:aws:iam::123456789012:role/R");
        assert_eq!(
            console_region(&session(Some("eu-west-1"), gov)).unwrap(),
            Some("us-gov-west-1")
        );
        assert_eq!(
            console_region(&session(None, gov)).unwrap(),
            Some("us-gov-west-1")
        );
        assert_eq!(
            console_region(&session(Some("us-gov-east-1"), gov)).unwrap(),
            Some("us-gov-east-1")
        );
        assert_eq!(
            console_region(&session(Some("us-east-1"), cn)).unwrap(),
            Some("cn-north-1")
        );
        assert_eq!(
            console_region(&session(Some("eu-west-1"), plain)).unwrap(),
            Some("eu-west-1")
        );
        assert_eq!(console_region(&session(None, None)).unwrap(), None);
        let iso = Some("arn:aws-iso:iam::123456789012:role/R");
        let refused = console_region(&session(Some("us-iso-east-1"), iso)).unwrap_err();
        assert!(
            refused
                .to_string()
                .starts_with("the aws-iso partition has no public console sign-in")
        );
    }
}
