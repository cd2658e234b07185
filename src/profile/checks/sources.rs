//! Each profile's `source_profile` on its own: one that names no profile, and one in a
//! profile with no `role_arn`, where the AWS CLI ignores it.

use super::super::merge::Merged;
use super::super::suggest::within_typos;
use super::{Finding, Severity, finding, place};
use crate::profile::{Catalog, Kind};

pub(super) fn findings(catalog: &Catalog, merged: &[Merged]) -> Vec<Finding> {
    let mut found = Vec::new();
    // One search per missing name, however many roles name it (a new machine without the
    // credentials file: 50,000 roles on one missing source).
    let mut suggested: std::collections::HashMap<&str, String> = Default::default();
    // The catalog's first profiles are `merged`'s, in the same order.
    for (profile, m) in catalog.profiles.iter().zip(merged) {
        let Some(source) = profile.source_profile.as_deref() else {
            continue;
        };
        let at = place(m, Some("source_profile"), None);
        let name = &profile.name;
        if catalog.get(source).is_none() {
            let message =
                format!("profile '{name}' names source_profile '{source}', which does not exist");
            let fix = suggested.entry(source).or_insert_with(|| {
                let names = catalog.profiles.iter().map(|p| p.name.as_str());
                match within_typos(source, names).first() {
                    Some(meant) => format!("did you mean '{meant}'? set source_profile = {meant}"),
                    None => format!(
                        "add a profile named '{source}' with credentials, or name an existing one"
                    ),
                }
            });
            let fix = fix.clone();
            found.push(finding(
                Severity::Error,
                &catalog.files,
                at,
                name,
                message,
                fix,
            ));
        }
        // A role_arn that did not parse is reported on its own line; this is for one never set.
        if m.entries.iter().any(|(k, ..)| k == "role_arn") {
            continue;
        }
        let (severity, consequence) = match profile.kind() {
            Kind::None => (Severity::Error, "so the profile has no credentials"),
            _ => (Severity::Warning, "so it is ignored"),
        };
        let message = format!(
            "profile '{name}' has source_profile but no role_arn to assume with it, {consequence}"
        );
        let fix =
            "add role_arn = arn:aws:iam::ACCOUNT:role/NAME, or remove source_profile".to_string();
        found.push(finding(severity, &catalog.files, at, name, message, fix));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::found;
    use super::*;

    #[test]
    fn a_missing_source_suggests_the_closest_name_even_beside_a_bad_arn() {
        let config = "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = bsae\n\
                      [profile s]\nrole_arn = arn:aws:iam::1:role/S\nsource_profile = nobody\n\
                      [profile base]\naws_access_key_id = A\naws_secret_access_key = S\n";
        let found = found(config, &[]);
        let missing: Vec<_> = found
            .iter()
            .filter(|f| f.2.contains("does not exist"))
            .collect();
        assert_eq!(missing.len(), 2, "{found:?}");
        assert_eq!(
            (missing[0].1, missing[0].2.as_str()),
            (
                3,
                "profile 'r' names source_profile 'bsae', which does not exist"
            )
        );
        assert_eq!(
            missing[0].3,
            "did you mean 'base'? set source_profile = base"
        );
        assert_eq!(missing[1].1, 6);
        assert_eq!(
            missing[1].3,
            "add a profile named 'nobody' with credentials, or name an existing one"
        );
    }

    #[test]
    fn a_source_in_the_keyring_exists() {
        let config =
            "[profile r]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = kept\n";
        assert_eq!(found(config, &[]).len(), 1);
        assert!(found(config, &[("kept", "AKIAKEPT")]).is_empty());
    }

    #[test]
    fn a_source_with_no_role_to_assume() {
        let config = "[profile p]\nrole-arn = arn:aws:iam::123456789012:role/R\nsource_profile = k\n\
                      [profile k]\naws_access_key_id = A\naws_secret_access_key = S\nsource_profile = p\n";
        let found = found(config, &[]);
        let roleless: Vec<_> = found
            .iter()
            .filter(|f| f.2.contains("no role_arn"))
            .collect();
        assert_eq!(roleless.len(), 2, "{found:?}");
        assert_eq!((roleless[0].0, roleless[0].1), (Severity::Error, 3));
        assert_eq!(
            roleless[0].2,
            "profile 'p' has source_profile but no role_arn to assume with it, so the profile has no credentials"
        );
        assert_eq!((roleless[1].0, roleless[1].1), (Severity::Warning, 7));
    }
}
