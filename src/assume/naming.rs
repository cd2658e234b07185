//! What a plan asks of STS (session names, durations) and what identifies its result in the
//! cache.

use super::Options;
use crate::profile::resolve::{Base, Plan, RoleStep};
use crate::store::CacheKey;

/// STS's default and the most it allows for a role assumed with role credentials.
pub const ONE_HOUR: u32 = 3600;
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
pub(super) fn durations(plan: &Plan<'_>, opts: &Options) -> (Vec<u32>, Vec<String>) {
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

pub(super) fn session_name(step: &RoleStep<'_>) -> String {
    step.session_name
        .map_or_else(default_session_name, String::from)
}
