//! A `credential_process` that runs switchrole for a profile whose credentials lead back to
//! that same process (`credential_process = switchrole credential-process loop` in `[profile
//! loop]`, or two profiles pointing at each other): every run would start another without end.

use super::super::merge::Merged;
use super::super::process_call::{LOOP_WHY, switchrole_target};
use super::super::resolve::{Base, resolve_chain};
use super::{Finding, Severity, finding, place};
use crate::profile::Catalog;
use std::collections::HashSet;

pub(super) fn findings(catalog: &Catalog, merged: &[Merged]) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut told: HashSet<Vec<String>> = HashSet::new();
    for profile in &catalog.profiles {
        let Some(chain) = loop_from(catalog, &profile.name) else {
            continue;
        };
        // Once per loop, told at its first name in sort order, wherever it was entered.
        let mut members: Vec<String> = chain.clone();
        members.sort();
        members.dedup();
        if members.first() != Some(&profile.name) || !told.insert(members) {
            continue;
        }
        let at = catalog
            .position(&profile.name)
            .and_then(|i| merged.get(i))
            .and_then(|m| place(m, Some("credential_process"), None));
        found.push(finding(
            Severity::Error,
            &catalog.files,
            at,
            &profile.name,
            format!(
                "profile '{}': a credential_process loop ({}): {LOOP_WHY}",
                profile.name,
                chain.join(" -> ")
            ),
            format!(
                "point the credential_process of '{}' at another profile, or give it keys, a role or IAM Identity Center",
                profile.name
            ),
        ));
    }
    found
}

/// The profiles whose credential_process runs, in order, when `start`'s own runs, up to the
/// first one met again; None when the processes end somewhere.
fn loop_from(catalog: &Catalog, start: &str) -> Option<Vec<String>> {
    let mut running: Vec<String> = vec![start.to_string()];
    let mut command = catalog.get(start)?.credential_process.as_deref()?;
    loop {
        let asked = switchrole_target(command)?;
        let plan = resolve_chain(catalog, &asked).ok()?;
        let Base::Provider {
            profile,
            command: Some(next),
            ..
        } = plan.base
        else {
            return None;
        };
        let again = running.iter().any(|p| p == profile);
        running.push(profile.to_string());
        if again {
            return Some(running);
        }
        command = next;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Severity, found};

    #[test]
    fn a_profile_whose_credential_process_asks_switchrole_for_itself_is_an_error() {
        let config = "[profile ok]\ncredential_process = switchrole credential-process base\n\n[profile base]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s\n\n[profile loop]\nregion = eu-west-1\ncredential_process = switchrole credential-process loop\n";
        let found = found(config, &[]);
        let loops: Vec<_> = found.iter().filter(|f| f.2.contains("loop (")).collect();
        assert_eq!(loops.len(), 1, "{found:?}");
        let (severity, line, message, fix) = loops[0];
        assert_eq!((*severity, *line), (Severity::Error, 10));
        assert!(message.starts_with("profile 'loop': a credential_process loop (loop -> loop): "));
        assert!(fix.contains("'loop'"), "{fix}");
    }

    #[test]
    fn a_loop_through_two_profiles_and_a_source_is_told_once() {
        let config = "[profile ping]\ncredential_process = switchrole credential-process pong\n\n[profile pong]\ncredential_process = /usr/bin/switchrole --store file credential-process ping\n\n[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = cp\n\n[profile cp]\ncredential_process = switchrole credential-process dev\n";
        let found = found(config, &[]);
        let loops: Vec<_> = found.iter().filter(|f| f.2.contains("loop (")).collect();
        let messages: Vec<&str> = loops.iter().map(|f| f.2.as_str()).collect();
        assert_eq!(
            messages,
            [
                "profile 'ping': a credential_process loop (ping -> pong -> ping): each profile's credential_process runs switchrole, which needs the next one's, so it would start processes without end; point one of them at another profile, or give it keys, a role or IAM Identity Center",
                "profile 'cp': a credential_process loop (cp -> cp): each profile's credential_process runs switchrole, which needs the next one's, so it would start processes without end; point one of them at another profile, or give it keys, a role or IAM Identity Center",
            ]
        );
    }
}
