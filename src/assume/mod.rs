//! Runs a Plan: cache, base credentials, MFA, the AssumeRole steps. Returns a Session.

mod command_line;
mod naming;
mod request;

pub mod base;
pub mod freshness;
pub mod mfa_code;
pub mod mfa_session;
pub mod process;

pub use naming::{ONE_HOUR, base_id, cache_key, default_session_name};
pub use request::{AssumeError, Options, Outcome};

use crate::creds::{Credentials, Session};
use crate::profile::arn::MfaSerial;
use crate::profile::resolve::{Base, Plan, RoleStep};
use crate::sso::SignIn;
use crate::store::{CacheKey, Store};
use crate::sts::{AssumeRoleInput, MfaCode, Sts, StsError, denied};
use chrono::{DateTime, Utc};
use freshness::is_fresh;
use mfa_code::Prompt;
use naming::{durations, session_name};

/// Turns a plan into a session, from the cache when a fresh one is there: the kept session,
/// else the base credentials, the MFA session, each role in turn, and keeping the result.
pub async fn assume(
    plan: &Plan<'_>,
    opts: &Options,
    sts: &impl Sts,
    store: Option<&dyn Store>,
    now: DateTime<Utc>,
) -> Result<Outcome, AssumeError> {
    let key = cache_key(plan, opts);
    // Keys alone are never kept as a session: they are not one, and a copy would be a leak.
    // No store at all (`--no-cache`) means neither read nor write.
    let is_session = !plan.steps.is_empty() || matches!(plan.base, Base::Sso { .. });
    let store = store.filter(|_| is_session);
    let (durations, mut notices) = durations(plan, opts);
    if let Some(mut session) = kept(store, &key, opts, now, &mut notices) {
        // The region is this run's choice (--region, the shell's), not the kept session's.
        session.region = opts.region.clone();
        return Ok(Outcome {
            session,
            from_cache: true,
            notices: Vec::new(),
        });
    }
    let mut credentials = base_credentials(plan, opts.sign_in, &mut notices).await?;
    let mut given = opts.mfa_code.clone();
    // With a store, an IAM user's MFA code buys one MFA session shared by all its roles.
    let first_has_mfa = match mfa_session::applies(plan).zip(store) {
        Some(((step, serial), store)) => {
            let given = given.take();
            let code = || mfa_code(step, serial, given, opts.prompt);
            let seconds = plan
                .mfa_session_duration
                .unwrap_or(opts.mfa_session_seconds);
            credentials = mfa_session::credentials(
                plan,
                seconds,
                serial,
                credentials,
                code,
                opts.prompt,
                sts,
                store,
                now,
                &mut notices,
            )
            .await?;
            true
        }
        None => false,
    };
    let roles = Roles {
        plan,
        durations,
        prompt: opts.prompt,
        first_has_mfa,
    };
    let (credentials, assumed_arn) = roles.assume(credentials, given, sts).await?;
    let session = Session {
        profile: plan.profile.to_string(),
        role_arn: plan.steps.last().map(|s| s.role_arn.to_string()),
        assumed_arn,
        region: opts.region.clone(),
        credentials,
        issued_at: Some(now),
    };
    if let Some(store) = store {
        match store.put(&key, &session) {
            // Pruned when a session is written, not on a cache hit, which stays a few reads.
            // One that cannot be pruned now is pruned by a later write; nothing to tell.
            Ok(()) => drop(store.prune(now)),
            Err(e) => notices.push(format!("{e}; the session was not cached")),
        }
    }
    Ok(Outcome {
        session,
        from_cache: false,
        notices,
    })
}

/// The kept session for `key`, when it may still be handed out.
fn kept(
    store: Option<&dyn Store>,
    key: &CacheKey,
    opts: &Options,
    now: DateTime<Utc>,
    notices: &mut Vec<String>,
) -> Option<Session> {
    match store?.get(key) {
        Ok(Some(session)) if opts.reuse_session && is_fresh(&session, now) => Some(session),
        Ok(_) => None,
        Err(e) => {
            notices.push(format!("{e}; continuing without it"));
            None
        }
    }
}

/// The credentials the first role is assumed with.
async fn base_credentials(
    plan: &Plan<'_>,
    sign_in: SignIn,
    notices: &mut Vec<String>,
) -> Result<Credentials, AssumeError> {
    let credentials =
        base::fetch(&plan.base, sign_in)
            .await
            .map_err(|reason| AssumeError::Base {
                profile: plan.profile.to_string(),
                reason,
            })?;
    if let Base::Keyring {
        profile,
        also_in_file: true,
        ..
    } = plan.base
    {
        notices.push(format!("profile '{profile}' has keys in the credentials file and in the OS keyring; using the keyring's"));
    }
    Ok(credentials)
}

/// The AssumeRole steps of a plan.
struct Roles<'p, 'c> {
    plan: &'p Plan<'c>,
    durations: Vec<u32>,
    prompt: Prompt,
    /// The MFA session already carries the first step's MFA.
    first_has_mfa: bool,
}

impl Roles<'_, '_> {
    /// Assumes each role with the previous one's credentials; returns the last credentials
    /// and what STS called them.
    async fn assume(
        self,
        mut credentials: Credentials,
        mut given: Option<String>,
        sts: &impl Sts,
    ) -> Result<(Credentials, Option<String>), AssumeError> {
        let mut assumed_arn = None;
        let steps = self.plan.steps.iter().zip(self.durations);
        for (i, (step, duration_seconds)) in steps.enumerate() {
            let mfa = match step.mfa_serial {
                Some(serial) if !(i == 0 && self.first_has_mfa) => {
                    Some(mfa_code(step, serial, given.take(), self.prompt)?)
                }
                _ => None,
            };
            let input = AssumeRoleInput {
                role_arn: step.role_arn.clone(),
                session_name: session_name(step),
                external_id: step.external_id.map(String::from),
                duration_seconds,
                mfa,
            };
            let assumed = match sts.assume_role(&credentials, input).await {
                Err(e) if e.code() == Some("AccessDenied") && !e.rejects_mfa_code() => {
                    return Err(explained(e, step, &credentials, sts).await);
                }
                other => other?,
            };
            credentials = assumed.credentials;
            assumed_arn = Some(assumed.assumed_arn);
        }
        Ok((credentials, assumed_arn))
    }
}

/// A refused AssumeRole, with what to ask for: the caller is looked up with the same
/// credentials, since policies must name it (and STS's message may not).
async fn explained(
    e: StsError,
    step: &RoleStep<'_>,
    credentials: &Credentials,
    sts: &impl Sts,
) -> AssumeError {
    let identity = sts.caller_identity(credentials).await.ok();
    let message = match &e {
        StsError::Service { message, .. } => message.as_str(),
        _ => "",
    };
    let caller = identity
        .as_ref()
        .map(|i| i.arn.as_str())
        .or_else(|| denied::caller_in(message));
    let explanation = denied::explain(&denied::Denial {
        caller,
        role_arn: step.role_arn.as_str(),
        with_mfa: step.mfa_serial.is_some(),
        external_id: step.external_id,
    });
    AssumeError::Sts(e.with_hint(explanation))
}

pub(crate) fn mfa_code(
    step: &RoleStep<'_>,
    serial: &MfaSerial,
    given: Option<String>,
    prompt: Prompt,
) -> Result<MfaCode, AssumeError> {
    let code = match (given, &step.mfa_process, prompt) {
        (Some(code), _, _) => code,
        (None, Some(command), _) => mfa_code::from_process(step.profile, command.expose())?,
        (None, None, Prompt::Terminal) => mfa_code::from_terminal(step.profile, serial)?,
        (None, None, Prompt::Never) => {
            return Err(AssumeError::NeedMfa {
                profile: step.profile.to_string(),
                serial: serial.clone(),
            });
        }
    };
    Ok(MfaCode {
        serial: serial.clone(),
        code: mfa_code::check(&code, serial)?,
    })
}
