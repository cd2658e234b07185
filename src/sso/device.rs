//! Signing in with the OAuth device flow (StartDeviceAuthorization, then CreateToken polled as
//! RFC 8628 says), and refreshing a token with its refresh token.

use super::SsoError;
use super::clients::{cause_of, oidc, oidc_endpoint};
use super::registration::{self, Registration};
use super::token::Token;
use crate::creds::Secret;
use crate::profile::sso::SsoSession;
use aws_sdk_ssooidc::operation::create_token::CreateTokenError;
use aws_sdk_ssooidc::operation::start_device_authorization::StartDeviceAuthorizationError;
use chrono::{TimeDelta, Utc};
use std::time::Duration;

const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// RFC 8628: poll every 5 s unless told otherwise, 5 s slower after each `slow_down`.
const DEFAULT_INTERVAL: u64 = 5;
const SLOW_DOWN_SECONDS: u64 = 5;

/// What the person does to approve a sign-in: open `url` and check that it shows `user_code`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceCode {
    pub session: String,
    /// The page with the code filled in when the service gives one.
    pub url: String,
    pub user_code: String,
}

/// Signs in: the device flow, calling `show` once with what the person must approve, then
/// waiting for the approval.
pub async fn sign_in(
    session: &SsoSession,
    show: impl FnOnce(&DeviceCode),
) -> Result<Token, SsoError> {
    let failed = |operation: &str, detail: String| SsoError::SignIn {
        session: session.label().to_string(),
        detail: format!("{operation}: {detail}"),
    };
    let endpoint = oidc_endpoint(&session.region);
    let client = oidc(&session.region);
    let start = |registration: &Registration| {
        client
            .start_device_authorization()
            .client_id(&registration.client_id)
            .client_secret(registration.client_secret.expose())
            .start_url(&session.start_url)
            .send()
    };
    let mut registration = match registration::kept(session, Utc::now()) {
        Some(kept) => kept,
        None => registration::register(session, &client, &endpoint).await?,
    };
    let device = match start(&registration).await {
        // A kept registration the service no longer knows is replaced, once.
        Err(e)
            if matches!(
                e.as_service_error(),
                Some(
                    StartDeviceAuthorizationError::InvalidClientException(_)
                        | StartDeviceAuthorizationError::UnauthorizedClientException(_)
                )
            ) =>
        {
            registration = registration::register(session, &client, &endpoint).await?;
            start(&registration).await
        }
        other => other,
    };
    let device = device.map_err(|e| {
        let cause = cause_of("IAM Identity Center", &e, &endpoint);
        failed("StartDeviceAuthorization", cause)
    })?;
    let url = device
        .verification_uri_complete()
        .or(device.verification_uri());
    show(&DeviceCode {
        session: session.label().to_string(),
        url: url.unwrap_or_default().to_string(),
        user_code: device.user_code().unwrap_or_default().to_string(),
    });
    let mut interval = match u64::try_from(device.interval()) {
        Ok(0) | Err(_) => DEFAULT_INTERVAL,
        Ok(seconds) => seconds,
    };
    let deadline = Utc::now() + TimeDelta::seconds(device.expires_in().max(60).into());
    let expired = || {
        failed(
            "CreateToken",
            "the code expired before it was approved; sign in again".into(),
        )
    };
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
                Some(
                    CreateTokenError::AuthorizationPendingException(_)
                    | CreateTokenError::SlowDownException(_)
                    | CreateTokenError::ExpiredTokenException(_),
                ) => return Err(expired()),
                Some(CreateTokenError::AccessDeniedException(_)) => {
                    return Err(failed(
                        "CreateToken",
                        "the sign-in was denied in the browser".into(),
                    ));
                }
                _ => {
                    return Err(failed(
                        "CreateToken",
                        cause_of("IAM Identity Center", &e, &endpoint),
                    ));
                }
            },
        };
        let Some(access_token) = out.access_token().filter(|t| !t.is_empty()) else {
            return Err(failed(
                "CreateToken",
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
        detail: format!("CreateToken (refresh): {detail}"),
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
        .map_err(|e| failed(cause_of("IAM Identity Center", &e, &endpoint)))?;
    // An empty token must never replace a good one in the file every AWS tool reads.
    let Some(access_token) = out.access_token().filter(|t| !t.is_empty()) else {
        return Err(failed(
            "IAM Identity Center answered without a token".into(),
        ));
    };
    let mut token = old.clone();
    token.access_token = Secret::new(access_token);
    token.expires_at = now + TimeDelta::seconds(out.expires_in().into());
    if let Some(new) = out.refresh_token().filter(|t| !t.is_empty()) {
        token.refresh_token = Some(Secret::new(new));
    }
    Ok(token)
}

/// The registration goes into the token file of an `[sso-session]`, as the AWS CLI writes it,
/// so every SDK can refresh the token; a legacy profile's token is never refreshed.
fn with_registration(
    mut token: Token,
    session: &SsoSession,
    registration: Registration,
    refresh_token: Option<&str>,
) -> Token {
    if session.name.is_some() {
        token.client_id = Some(registration.client_id);
        token.client_secret = Some(registration.client_secret);
        token.registration_expires_at = Some(registration.expires_at);
        token.refresh_token = refresh_token.map(Secret::new);
    }
    token
}
