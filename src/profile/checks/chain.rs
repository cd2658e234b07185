//! What is wrong with the chains `resolve` follows: a `source_profile` loop, a role with no
//! source at all, and a chained role asking STS for more than the hour it allows. Each is found by following the chain as `resolve` does, and
//! reported once however many profiles lead to it.

use super::super::merge::Merged;
use super::super::resolve::{Base, Plan, ResolveError, resolve_chain};
use super::{Finding, Severity, finding, place};
use crate::profile::Catalog;
use std::collections::HashSet;

/// The most STS allows for a role assumed with role credentials.
const ONE_HOUR: u32 = 3600;

pub(super) fn findings(catalog: &Catalog, merged: &[Merged]) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let files = &catalog.files;
    // Profiles known only from the keyring are past the end of `merged`: nowhere in the files.
    let at = |name: &str, key: &str| {
        let m = merged.get(catalog.position(name)?)?;
        place(m, Some(key), None)
    };
    for profile in &catalog.profiles {
        let plan = match resolve_chain(catalog, &profile.name) {
            Ok(plan) => plan,
            Err(ResolveError::Loop { chain, .. }) => {
                found.extend(a_loop(
                    &chain,
                    &mut seen,
                    |name| at(name, "source_profile"),
                    files,
                ));
                continue;
            }
            Err(ResolveError::RoleWithoutSource { profile, .. })
                if seen.insert(format!("sourceless {profile}")) =>
            {
                let message = format!(
                    "profile '{profile}' has role_arn but no source_profile or credential_source"
                );
                let fix = "add source_profile = NAME (the profile whose credentials assume the role) or credential_source = Environment, Ec2InstanceMetadata or EcsContainer".to_string();
                let place = at(&profile, "role_arn");
                found.push(finding(
                    Severity::Error,
                    files,
                    place,
                    &profile,
                    message,
                    fix,
                ));
                continue;
            }
            // A source that gives nothing to assume the role with.
            Err(ResolveError::NoCredentials(source))
                if source != profile.name && seen.insert(format!("empty {source}")) =>
            {
                let message = format!(
                    "profile '{}' names source_profile '{source}', which has no credentials: no keys, role_arn, sso, credential_process or web identity",
                    profile.name
                );
                let fix = format!(
                    "give profile '{source}' credentials (aws configure --profile {source}, or switchrole add {source}), or name another source_profile"
                );
                let place = at(&profile.name, "source_profile");
                found.push(finding(
                    Severity::Error,
                    files,
                    place,
                    &profile.name,
                    message,
                    fix,
                ));
                continue;
            }
            Err(_) => continue,
        };
        for (i, step) in plan.steps.iter().enumerate() {
            let asked = step.duration_seconds.unwrap_or(0);
            if plan.chained(i) && asked > ONE_HOUR && seen.insert(format!("hour {}", step.profile))
            {
                let message = format!(
                    "profile '{}': duration_seconds {asked} is more than the 1 hour STS allows for a role assumed with role credentials ({})",
                    step.profile,
                    from(&plan, i)
                );
                let fix = "set duration_seconds = 3600 or less: switchrole asks for 1 hour, and the AWS CLI fails".to_string();
                let place = at(step.profile, "duration_seconds");
                found.push(finding(
                    Severity::Warning,
                    files,
                    place,
                    step.profile,
                    message,
                    fix,
                ));
            }
        }
    }
    found
}

/// Where step `i`'s role credentials come from.
fn from(plan: &Plan, i: usize) -> String {
    match (i, &plan.base) {
        (0, Base::Provider { profile, kind, .. }) => {
            format!("profile '{profile}' gets {} credentials", kind.label())
        }
        (0, Base::Sso { profile, .. }) => {
            format!("profile '{profile}' gets IAM Identity Center role credentials")
        }
        (0, Base::Source(source)) => format!("credential_source {source:?} gives role credentials"),
        (0, _) => "its first credentials are a role's".into(),
        _ => format!("its source '{}' is a role", plan.steps[i - 1].profile),
    }
}

/// A loop, once, told from its first name in sort order so each start finds the same text.
fn a_loop(
    chain: &[String],
    seen: &mut HashSet<String>,
    at: impl Fn(&str) -> Option<(usize, usize)>,
    files: &[String; 2],
) -> Option<Finding> {
    // `chain` ends with the name that closes the loop, which is also its first.
    let members = &chain[..chain.len().saturating_sub(1)];
    let first = (0..members.len()).min_by_key(|&i| &members[i])?;
    let mut told: Vec<&str> = members[first..]
        .iter()
        .chain(&members[..first])
        .map(String::as_str)
        .collect();
    if !seen.insert(format!("loop {}", told.join(" "))) {
        return None;
    }
    told.push(told[0]);
    let last = told[told.len() - 2];
    let message = format!(
        "profile '{last}' is in a source_profile loop: {}",
        told.join(" -> ")
    );
    let fix = "end the chain: give one of these profiles keys, SSO or credential_source instead of source_profile".to_string();
    Some(finding(
        Severity::Error,
        files,
        at(last),
        last,
        message,
        fix,
    ))
}

#[cfg(test)]
mod tests {
    use super::super::found;
    use super::*;

    const KEYS: &str = "aws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = not-shown\n";

    #[test]
    fn a_loop_is_reported_once_whichever_profile_leads_into_it() {
        let config = "[profile in]\nrole_arn = arn:aws:iam::123456789012:role/I\nsource_profile = b\n\
                      [profile b]\nrole_arn = arn:aws:iam::123456789012:role/B\nsource_profile = a\n\
                      [profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = b\n";
        let found = found(config, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Severity::Error);
        assert_eq!(found[0].1, 6);
        assert_eq!(
            found[0].2,
            "profile 'b' is in a source_profile loop: a -> b -> a"
        );
    }

    #[test]
    fn only_a_chained_role_is_held_to_one_hour() {
        let config: &'static str = format!("[profile one]\nrole_arn = arn:aws:iam::123456789012:role/One\nsource_profile = base\nduration_seconds = 43200\n\
            [profile two]\nrole_arn = arn:aws:iam::123456789012:role/Two\nsource_profile = one\nduration_seconds = 7200\n\
            [profile three]\nrole_arn = arn:aws:iam::123456789012:role/Three\nsource_profile = two\nduration_seconds = 3600\n\
            [profile base]\n{KEYS}").leak();
        let found = found(config, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (Severity::Warning, 8));
        assert_eq!(
            found[0].2,
            "profile 'two': duration_seconds 7200 is more than the 1 hour STS allows for a role assumed with role credentials (its source 'one' is a role)"
        );
    }

    #[test]
    fn a_role_without_a_source_cannot_be_assumed() {
        let found = found(
            "[profile r]\nregion = x\nrole_arn = arn:aws:iam::123456789012:role/R\n",
            &[],
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].1, found[0].2.as_str()),
            (
                3,
                "profile 'r' has role_arn but no source_profile or credential_source"
            )
        );
    }
}
