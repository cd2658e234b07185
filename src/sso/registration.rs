//! The OIDC client switchrole signs in as: registered once per start URL, region and scopes,
//! and kept (0600) until a day before it expires. Only a registration switchrole made is
//! reused: the AWS CLI writes its own into the shared token file, registered for its
//! authorization-code flow, which the device flow may not use.

use super::SsoError;
use super::clients::cause_of;
use crate::creds::Secret;
use crate::profile::sso::SsoSession;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A registration with less than this left is replaced: a sign-in may take minutes, and the
/// refresh token it gives should outlive a working day.
const LASTS_AT_LEAST: TimeDelta = TimeDelta::days(1);

/// A client id and secret, and when the secret expires.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Registration {
    pub client_id: String,
    pub client_secret: Secret,
    pub expires_at: DateTime<Utc>,
}

/// Where switchrole keeps the registration for a session's start URL, region and scopes.
fn path_of(session: &SsoSession) -> PathBuf {
    use sha1::{Digest, Sha1};
    let key = serde_json::json!({
        "startUrl": session.start_url,
        "region": session.region,
        "scopes": session.scopes,
    });
    let hash = Sha1::digest(key.to_string().as_bytes());
    let name: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    let dir = dirs::cache_dir().unwrap_or_else(std::env::temp_dir);
    dir.join("switchrole")
        .join("sso")
        .join(format!("registration-{name}.json"))
}

/// The kept registration, while it lasts long enough.
pub fn kept(session: &SsoSession, now: DateTime<Utc>) -> Option<Registration> {
    let bytes = std::fs::read(path_of(session)).ok()?;
    let registration: Registration = serde_json::from_slice(&bytes).ok()?;
    (registration.expires_at - LASTS_AT_LEAST > now).then_some(registration)
}

/// Registers switchrole as a public client and keeps the registration.
pub async fn register(
    session: &SsoSession,
    client: &aws_sdk_ssooidc::Client,
    endpoint: &str,
) -> Result<Registration, SsoError> {
    let out = client
        .register_client()
        .client_name("switchrole")
        .client_type("public")
        // A legacy profile's token carries no scopes, as the AWS CLI's does not.
        .set_scopes(session.name.as_ref().map(|_| session.scopes.clone()))
        .send()
        .await
        .map_err(|e| SsoError::SignIn {
            session: session.label().to_string(),
            detail: format!(
                "RegisterClient: {}",
                cause_of("IAM Identity Center", &e, endpoint)
            ),
        })?;
    let whole = out.client_id().zip(out.client_secret());
    let expires_at = DateTime::from_timestamp(out.client_secret_expires_at(), 0);
    let (Some((id, secret)), Some(expires_at)) = (whole, expires_at) else {
        return Err(SsoError::SignIn {
            session: session.label().to_string(),
            detail: "RegisterClient answered without a whole client registration".into(),
        });
    };
    let registration = Registration {
        client_id: id.to_string(),
        client_secret: Secret::new(secret),
        expires_at,
    };
    // Not keeping it costs a registration at the next sign-in, nothing more.
    let path = path_of(session);
    if let Ok(json) = serde_json::to_vec(&registration) {
        let _ = crate::store::write_private(&path, &json);
    }
    Ok(registration)
}
