//! What a plan asks of STS (session names, durations) and what identifies its result in the
//! cache.

use super::request::Options;
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
    let last = plan.steps.len().saturating_sub(1);
    let mut notices = Vec::new();
    let asked = plan.steps.iter().enumerate().map(|(i, step)| {
        let wanted = if i == last { opts.duration } else { None };
        let wanted = wanted.or(step.duration_seconds).unwrap_or(ONE_HOUR);
        if plan.chained(i) && wanted > ONE_HOUR {
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
        Base::Sso { role, .. } => format!(
            "sso:{}:{}:{}",
            role.session.start_url, role.account_id, role.role_name
        ),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assume::mfa_code::Prompt;
    use crate::profile::parse::{Source, parse};
    use crate::profile::resolve::resolve;
    use std::path::Path;

    const CONFIG: &str = "[profile one]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = a\n\
        [profile two]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = b\n\
        [profile hour]\nrole_arn = arn:aws:iam::123456789012:role/H\nsource_profile = one\nduration_seconds = 3600\n\
        [profile longer]\nrole_arn = arn:aws:iam::123456789012:role/L\nsource_profile = one\nduration_seconds = 3601\n";
    const KEYS: &str = "[a]\naws_access_key_id = AKIAAAAAAAAAAAAAAAAA\naws_secret_access_key = s\n\
        [b]\naws_access_key_id = AKIABBBBBBBBBBBBBBBB\naws_secret_access_key = s\n";

    fn options() -> Options {
        Options {
            mfa_code: None,
            duration: None,
            reuse_session: true,
            prompt: Prompt::Never,
            sign_in: crate::sso::SignIn::Never,
            region: None,
            mfa_session_seconds: 3600,
        }
    }

    fn catalog() -> crate::profile::Catalog {
        let source = |text: &'static str| Source {
            path: Path::new("t"),
            text: text.as_bytes(),
        };
        parse(source(CONFIG), source(KEYS))
    }

    #[test]
    fn the_same_role_from_other_keys_is_another_session() {
        let catalog = catalog();
        let key = |name| cache_key(&resolve(&catalog, name).unwrap(), &options());
        assert_ne!(key("one"), key("two"));
        let plan = resolve(&catalog, "one").unwrap();
        assert_eq!(base_id(&plan), "keys:a:AKIAAAAAAAAAAAAAAAAA");
    }

    #[test]
    fn a_chained_role_may_ask_for_one_hour_but_not_more() {
        let catalog = catalog();
        let (asked, notices) = durations(&resolve(&catalog, "hour").unwrap(), &options());
        assert_eq!((asked, notices.len()), (vec![ONE_HOUR, ONE_HOUR], 0));
        let (asked, notices) = durations(&resolve(&catalog, "longer").unwrap(), &options());
        assert_eq!(asked, vec![ONE_HOUR, ONE_HOUR]);
        assert_eq!(notices.len(), 1, "{notices:?}");
    }
}
