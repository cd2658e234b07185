//! One MFA code for many roles: when a role's source is an IAM user with an MFA device, one
//! GetSessionToken with the code gives an MFA session, kept in the store, and every role of
//! that user is assumed with it without another code until it expires (as aws-vault does).

use super::freshness::is_fresh;
use super::mfa_code::Prompt;
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

/// How long a run waits for another switchrole asking for the same device's code.
const CODE_WAIT: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// The MFA session's credentials: from the store while fresh, else from GetSessionToken with
/// a code from `code`, then kept. One switchrole at a time asks for the code; the others wait
/// for it (saying so on the terminal when `prompt` may use it) and reuse the session it kept.
#[allow(clippy::too_many_arguments)]
pub async fn credentials(
    plan: &Plan<'_>,
    seconds: u32,
    serial: &MfaSerial,
    user: Credentials,
    code: impl FnOnce() -> Result<MfaCode, AssumeError>,
    prompt: Prompt,
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
    let kept = |notices: &mut Vec<String>| match store.get(&key) {
        Ok(Some(session)) if is_fresh(&session, now) => Some(session.credentials),
        Ok(_) => None,
        Err(e) => {
            notices.push(format!("{e}; continuing without it"));
            None
        }
    };
    if let Some(credentials) = kept(notices) {
        return Ok(credentials);
    }
    let what = format!("asking for the MFA code of {serial}");
    let tell = |text: &str| {
        if prompt == Prompt::Terminal {
            crate::os::tty::say_or_stderr(true, text);
        }
    };
    let name = format!("mfa-{}", &key.as_str()[..16]);
    let _held = crate::os::lock::hold(&name, &what, CODE_WAIT, tell).await?;
    // The switchrole waited for may have kept a session.
    if let Some(credentials) = kept(&mut Vec::new()) {
        return Ok(credentials);
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
