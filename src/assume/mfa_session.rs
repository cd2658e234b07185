//! One MFA code for many roles: when a role's source is an IAM user with an MFA device, one
//! GetSessionToken with the code gives an MFA session, kept in the store, and every role of
//! that user is assumed with it without another code until it expires (as aws-vault does).

use super::freshness::is_fresh;
use super::naming::base_id;
use super::request::AssumeError;
use crate::creds::{Credentials, Session};
use crate::profile::arn::MfaSerial;
use crate::profile::resolve::{Base, Plan, RoleStep};
use crate::store::{CacheKey, Store};
use crate::sts::{MfaCode, Sts};
use chrono::{DateTime, Utc};

/// The first step and its MFA device, when the plan starts from an IAM user's keys with MFA.
pub fn applies<'p, 'c>(plan: &'p Plan<'c>) -> Option<(&'p RoleStep<'c>, &'c MfaSerial)> {
    let first = plan.steps.first()?;
    let from_keys = matches!(plan.base, Base::Keys { .. } | Base::Keyring { .. });
    from_keys.then_some(())?;
    Some((first, first.mfa_serial?))
}

/// The MFA session's credentials: from the store while fresh, else from GetSessionToken with
/// a code from `code`, then kept.
#[allow(clippy::too_many_arguments)]
pub async fn credentials(
    plan: &Plan<'_>,
    seconds: u32,
    serial: &MfaSerial,
    user: Credentials,
    code: impl FnOnce() -> Result<MfaCode, AssumeError>,
    sts: &impl Sts,
    store: &dyn Store,
    now: DateTime<Utc>,
    notices: &mut Vec<String>,
) -> Result<Credentials, AssumeError> {
    let key = CacheKey::new(&[
        "mfa-session".into(),
        base_id(plan),
        serial.to_string(),
        seconds.to_string(),
    ]);
    match store.get(&key) {
        Ok(Some(session)) if is_fresh(&session, now) => return Ok(session.credentials),
        Ok(_) => {}
        Err(e) => notices.push(format!("{e}; continuing without it")),
    }
    let credentials = sts.get_session_token(&user, seconds, code()?).await?;
    let session = Session {
        profile: plan.base_profile().unwrap_or(plan.profile).to_string(),
        role_arn: None,
        assumed_arn: Some(format!("MFA session of {serial}")),
        region: None,
        credentials: credentials.clone(),
        issued_at: Some(now),
    };
    if let Err(e) = store.put(&key, &session) {
        notices.push(format!("{e}; the MFA session was not cached"));
    }
    Ok(credentials)
}
