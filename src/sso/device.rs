//! Signing in with the OAuth device flow (RegisterClient, StartDeviceAuthorization, CreateToken
//! polled), and refreshing a token with its refresh token.

use super::SsoError;
use super::clients::{cause_of, oidc, oidc_endpoint};
use super::token::Token;
use crate::creds::Secret;
use crate::profile::sso::SsoSession;
use aws_sdk_ssooidc::operation::create_token::CreateTokenError;
use chrono::{DateTime, TimeDelta, Utc};
use std::time::Duration;

const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// What RFC 8628 adds to the interval each time the server says `slow_down`.
const SLOW_DOWN_SECONDS: u64 = 5;

/// What the person does to approve a sign-in: open `url` and check that it shows `user_code`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceCode {
    pub session: String,
    /// The page with the code filled in when the service gives one.
    pub url: String,
    pub user_code: String,
}

/// A client registration: reused from the cached token until it expires.
struct Registration {
    client_id: String,
    client_secret: Secret,
    expires_at: Option<DateTime<Utc>>,
}

/// Signs in: the device flow, calling `show` once with what the person must approve, then
/// waiting for the approval. `cached` is the session's last token, whose registration is
/// reused while it lasts.
pub async fn sign_in(
    session: &SsoSession,
    cached: Option<&Token>,
    show: impl FnOnce(&DeviceCode),
) -> Result<Token, SsoError> {
    let failed = |detail: String| SsoError::SignIn {
        session: session.label().to_string(),
        detail,
    };
    let endpoint = oidc_endpoint(&session.region);
    let client = oidc(&session.region);
    let now = Utc::now();
    let kept = cached.and_then(|t| {
        t.registration_expires_at
            .filter(|at| *at > now)
            .map(|at| (t, at))
    });
    let registration =
        match kept.and_then(|(t, at)| Some((t.client_id.clone()?, t.client_secret.clone()?, at))) {
            Some((client_id, client_secret, at)) => Registration {
                client_id,
                client_secret,
                expires_at: Some(at),
            },
            None => {
                let out = client
                    .register_client()
                    .client_name("switchrole")
                    .client_type("public")
                    .set_scopes(session.name.as_ref().map(|_| session.scopes.clone()))
                    .send()
                    .await
                    .map_err(|e| failed(cause_of("IAM Identity Center", &e, &endpoint)))?;
                Registration {
                    client_id: out.client_id().unwrap_or_default().to_string(),
                    client_secret: Secret::new(out.client_secret().unwrap_or_default()),
                    expires_at: DateTime::from_timestamp(out.client_secret_expires_at(), 0),
                }
            }
        };
    let device = client
        .start_device_authorization()
        .client_id(&registration.client_id)
        .client_secret(registration.client_secret.expose())
        .start_url(&session.start_url)
        .send()
        .await
        .map_err(|e| failed(cause_of("IAM Identity Center", &e, &endpoint)))?;
    let url = device
        .verification_uri_complete()
        .or(device.verification_uri())
        .unwrap_or_default();
    show(&DeviceCode {
        session: session.label().to_string(),
        url: url.to_string(),
        user_code: device.user_code().unwrap_or_default().to_string(),
    });
    let mut interval = u64::try_from(device.interval()).unwrap_or(0).max(1);
    let deadline = Utc::now() + TimeDelta::seconds(device.expires_in().max(60).into());
    loop {
        tokio::time::sleep(Duration::from_secs(interval)).await;
        let asked = Utc::now();
        let reply = client
            .create_token()
            .client_id(&registration.client_id)
            .client_secret(registration.client_secret.expose())
            .grant_type(DEVICE_GRANT)
            .device_code(device.device_code().unwrap_or_default())
            .send()
            .await;
        let out = match reply {
            Ok(out) => out,
            Err(e) => match e.as_service_error() {
                Some(CreateTokenError::AuthorizationPendingException(_)) if asked < deadline => {
                    continue;
                }
                Some(CreateTokenError::SlowDownException(_)) if asked < deadline => {
                    interval += SLOW_DOWN_SECONDS;
                    continue;
                }
                Some(CreateTokenError::AuthorizationPendingException(_))
                | Some(CreateTokenError::ExpiredTokenException(_)) => {
                    return Err(failed(
                        "the code expired before it was approved; sign in again".into(),
                    ));
                }
                Some(CreateTokenError::AccessDeniedException(_)) => {
                    return Err(failed("the sign-in was denied in the browser".into()));
                }
                _ => return Err(failed(cause_of("IAM Identity Center", &e, &endpoint))),
            },
        };
        let Some(access_token) = out.access_token().filter(|t| !t.is_empty()) else {
            return Err(failed(
                "IAM Identity Center answered without a token".into(),
            ));
        };
        let token = Token {
            start_url: session.start_url.clone(),
            region: session.region.clone(),
            access_token: Secret::new(access_token),
            expires_at: asked + TimeDelta::seconds(out.expires_in().into()),
            other: Default::default(),
            client_id: None,
            client_secret: None,
            registration_expires_at: None,
            refresh_token: None,
        };
        return Ok(with_registration(
            token,
            session,
            registration,
            out.refresh_token(),
        ));
    }
}

/// A new access token for one whose registration and refresh token still last.
pub async fn refresh(session: &SsoSession, old: &Token) -> Result<Token, SsoError> {
    let failed = |detail: String| SsoError::SignIn {
        session: session.label().to_string(),
        detail,
    };
    let now = Utc::now();
    let Some((client_id, client_secret, refresh_token)) = old.registration(now) else {
        return Err(failed("there is no refresh token to use".into()));
    };
    let endpoint = oidc_endpoint(&session.region);
    let out = oidc(&session.region)
        .create_token()
        .client_id(client_id)
        .client_secret(client_secret.expose())
        .grant_type("refresh_token")
        .refresh_token(refresh_token.expose())
        .send()
        .await
        .map_err(|e| {
            failed(format!(
                "refreshing the token: {}",
                cause_of("IAM Identity Center", &e, &endpoint)
            ))
        })?;
    let mut token = old.clone();
    token.access_token = Secret::new(out.access_token().unwrap_or_default());
    token.expires_at = now + TimeDelta::seconds(out.expires_in().into());
    if let Some(new) = out.refresh_token() {
        token.refresh_token = Some(Secret::new(new));
    }
    Ok(token)
}

/// The registration goes into the token file of an `[sso-session]`, as the AWS CLI writes it;
/// a legacy profile's file holds the token alone.
fn with_registration(
    mut token: Token,
    session: &SsoSession,
    registration: Registration,
    refresh_token: Option<&str>,
) -> Token {
    if session.name.is_some() {
        token.client_id = Some(registration.client_id);
        token.client_secret = Some(registration.client_secret);
        token.registration_expires_at = registration.expires_at;
        token.refresh_token = refresh_token.map(Secret::new);
    }
    token
}
