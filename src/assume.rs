//! Runs a Plan: cache, base credentials, MFA, the AssumeRole steps. Returns a Session.

use crate::creds::Session;
use crate::creds::base::{self, BaseError};
use crate::creds::mfa::{self, MfaError, Prompt};
use crate::freshness::is_fresh;
use crate::mfa_session;
use crate::profile::arn::MfaSerial;
use crate::profile::resolve::{Base, Plan, RoleStep};
use crate::store::{CacheKey, Store};
use crate::sts::{AssumeRoleInput, MfaCode, Sts, StsError};
use chrono::{DateTime, Utc};

/// STS's default and the most it allows for a role assumed with role credentials.
pub const ONE_HOUR: u32 = 3600;
/// Choices the caller makes for one assume.
#[derive(Clone, Debug)]
pub struct Options {
    pub mfa_code: Option<String>,
    /// Overrides the last role's `duration_seconds`.
    pub duration: Option<u32>,
    pub use_cache: bool,
    /// False to get a new session even when a fresh one is kept (renewal); the MFA session is
    /// still reused, and the new session is still kept.
    pub reuse_session: bool,
    pub prompt: Prompt,
    pub region: Option<String>,
    /// How long an MFA session lasts when the profile does not say (`mfa_session_duration`).
    pub mfa_session_seconds: u32,
}

/// A session and how it was had.
#[derive(Debug)]
pub struct Outcome {
    pub session: Session,
    pub from_cache: bool,
    /// Things worth telling the person (a shortened duration, a cache that could not be written).
    pub notices: Vec<String>,
}

/// Why a profile could not be assumed.
#[derive(Debug, thiserror::Error)]
pub enum AssumeError {
    #[error("profile '{profile}': {source}")]
    Base { profile: String, source: BaseError },
    #[error(transparent)]
    Mfa(#[from] MfaError),
    #[error("profile '{profile}' needs an MFA code for {serial}")]
    NeedMfa { profile: String, serial: MfaSerial },
    #[error(transparent)]
    Sts(#[from] StsError),
}

/// The role session name CloudTrail shows: the local user, in STS's allowed characters.
pub fn default_session_name() -> String {
    // Asked once per process: every step and every cache key needs it.
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(|| {
        let user = whoami::username().unwrap_or_default();
        let clean: String = user
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(*c))
            .take(64)
            .collect();
        if clean.len() >= 2 {
            clean
        } else {
            "switchrole".into()
        }
    })
    .clone()
}

/// The duration each step asks for, and a notice for each one that had to be shortened.
fn durations(plan: &Plan<'_>, opts: &Options) -> (Vec<u32>, Vec<String>) {
    let chained_from_start = matches!(plan.base, Base::Provider { .. });
    let last = plan.steps.len().saturating_sub(1);
    let mut notices = Vec::new();
    let asked = plan.steps.iter().enumerate().map(|(i, step)| {
        let wanted = if i == last { opts.duration } else { None };
        let wanted = wanted.or(step.duration_seconds).unwrap_or(ONE_HOUR);
        if (i > 0 || chained_from_start) && wanted > ONE_HOUR {
            notices.push(format!(
                "profile '{}': {wanted}s asked, but STS allows at most 1 hour for a role assumed with role credentials; asking for 1 hour",
                step.profile
            ));
            return ONE_HOUR;
        }
        wanted
    });
    (asked.collect(), notices)
}

/// What identifies the result of a plan, for the cache.
/// Who the base credentials are, for cache keys.
pub fn base_id(plan: &Plan<'_>) -> String {
    match &plan.base {
        Base::Keys { profile, keys } => format!("keys:{profile}:{}", keys.access_key_id),
        // The key id comes from the state file, so a cache hit never unlocks the keyring.
        Base::Keyring {
            profile,
            access_key_id,
            ..
        } => format!("keys:{profile}:{access_key_id}"),
        Base::Source(source) => {
            let id = std::env::var("AWS_ACCESS_KEY_ID").unwrap_or_default();
            format!("source:{source:?}:{id}")
        }
        Base::Provider { profile, .. } => format!("provider:{profile}"),
    }
}

pub fn cache_key(plan: &Plan<'_>, opts: &Options) -> CacheKey {
    let mut parts = vec![base_id(plan)];
    let (durations, _) = durations(plan, opts);
    for (step, duration) in plan.steps.iter().zip(durations) {
        parts.push(step.role_arn.to_string());
        parts.push(step.external_id.unwrap_or_default().to_string());
        parts.push(session_name(step));
        parts.push(duration.to_string());
        parts.push(
            step.mfa_serial
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
    }
    CacheKey::new(&parts)
}

fn session_name(step: &RoleStep<'_>) -> String {
    step.session_name
        .map_or_else(default_session_name, String::from)
}

/// Turns a plan into a session, from the cache when a fresh one is there.
pub async fn assume(
    plan: &Plan<'_>,
    opts: &Options,
    sts: &impl Sts,
    store: Option<&dyn Store>,
    now: DateTime<Utc>,
) -> Result<Outcome, AssumeError> {
    let key = cache_key(plan, opts);
    let store = store.filter(|_| opts.use_cache && !plan.steps.is_empty());
    let (durations, mut notices) = durations(plan, opts);
    if let Some(store) = store {
        match store.get(&key) {
            Ok(Some(session)) if opts.reuse_session && is_fresh(&session, now) => {
                return Ok(Outcome {
                    session,
                    from_cache: true,
                    notices: Vec::new(),
                });
            }
            Ok(_) => {}
            Err(e) => notices.push(format!("{e}; continuing without it")),
        }
    }
    let base_failed = |source| AssumeError::Base {
        profile: plan.profile.to_string(),
        source,
    };
    let mut credentials = base::fetch(&plan.base).await.map_err(base_failed)?;
    if let Base::Keyring {
        profile,
        also_in_file: true,
        ..
    } = plan.base
    {
        notices.push(format!("profile '{profile}' has keys in the credentials file and in the OS keyring; using the keyring's"));
    }
    let mut assumed_arn = None;
    let mut flag_code = opts.mfa_code.clone();
    // With a store, an IAM user's MFA code buys one MFA session shared by all its roles.
    let mut first_has_mfa = false;
    if let Some(session) = mfa_session::applies(plan).zip(store) {
        let ((step, serial), store) = session;
        let given = flag_code.take();
        let code = || mfa_code(step, serial, given, opts.prompt);
        credentials = mfa_session::credentials(
            plan,
            plan.mfa_session_duration
                .unwrap_or(opts.mfa_session_seconds),
            serial,
            credentials,
            code,
            sts,
            store,
            now,
            &mut notices,
        )
        .await?;
        first_has_mfa = true;
    }
    for (i, (step, duration_seconds)) in plan.steps.iter().zip(durations).enumerate() {
        let mfa = match step.mfa_serial {
            Some(serial) if !(i == 0 && first_has_mfa) => {
                Some(mfa_code(step, serial, flag_code.take(), opts.prompt)?)
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
        let assumed = sts.assume_role(&credentials, input).await?;
        credentials = assumed.credentials;
        assumed_arn = Some(assumed.assumed_arn);
    }
    let session = Session {
        profile: plan.profile.to_string(),
        role_arn: plan.steps.last().map(|s| s.role_arn.to_string()),
        assumed_arn,
        region: opts.region.clone(),
        credentials,
        issued_at: Some(now),
    };
    if let Some(Err(e)) = store.map(|store| store.put(&key, &session)) {
        notices.push(format!("{e}; the session was not cached"));
    }
    Ok(Outcome {
        session,
        from_cache: false,
        notices,
    })
}

pub(crate) fn mfa_code(
    step: &RoleStep<'_>,
    serial: &MfaSerial,
    given: Option<String>,
    prompt: Prompt,
) -> Result<MfaCode, AssumeError> {
    let code = match (given, &step.mfa_process, prompt) {
        (Some(code), _, _) => code,
        (None, Some(command), _) => mfa::from_process(step.profile, command)?,
        (None, None, Prompt::Terminal) => mfa::from_terminal(step.profile, serial)?,
        (None, None, Prompt::Never) => {
            return Err(AssumeError::NeedMfa {
                profile: step.profile.to_string(),
                serial: serial.clone(),
            });
        }
    };
    Ok(MfaCode {
        serial: serial.clone(),
        code: mfa::check(&code, serial)?,
    })
}
