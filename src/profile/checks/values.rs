//! The problems the reader finds in a profile's own keys (a malformed ARN, a duration STS
//! refuses, keys without their secret...), placed on their line and given a fix.

use super::super::merge::Merged;
use super::super::parse::{BOTH_SOURCES, KeyProblem};
use super::super::section_kind::{NAME_CHARACTERS, PREFIX_IN_CREDENTIALS};
use super::{Finding, Severity, finding, place};

/// One error finding per problem: each leaves the profile unusable.
pub(super) fn findings<'a>(
    m: &'a Merged,
    problems: &'a [KeyProblem],
    files: &'a [String; 2],
) -> impl Iterator<Item = Finding> + 'a {
    problems.iter().map(move |p| {
        let at = place(m, p.key, Some(p.file));
        let fix = fix(m, p);
        finding(Severity::Error, files, at, m.name, p.message.clone(), fix)
    })
}

/// A `duration_seconds` written with a unit (`12h`): switchrole reads it, the AWS CLI and
/// SDKs read only a number of seconds.
pub(super) fn duration_units<'a>(
    m: &'a Merged,
    files: &'a [String; 2],
) -> impl Iterator<Item = Finding> + 'a {
    let set = m.entries.iter().filter(|(k, ..)| k == "duration_seconds");
    let with_unit = set.filter(|(_, v, ..)| !v.trim().bytes().all(|b| b.is_ascii_digit()));
    with_unit.filter_map(move |(_, value, file, line)| {
        let seconds = super::super::duration::parse(value, super::super::duration::ROLE_SESSION).ok()?;
        let message = format!(
            "profile '{}': duration_seconds {value} has a unit, which the AWS CLI and SDKs do not read",
            m.name
        );
        let fix = format!("write duration_seconds = {seconds}, which every tool reads");
        Some(finding(Severity::Warning, files, Some((*file, *line)), m.name, message, fix))
    })
}

fn fix(m: &Merged, p: &KeyProblem) -> String {
    let value = |key: &str| {
        let set = m.entries.iter().rev().find(|(k, ..)| k == key);
        set.map_or("", |(_, v, ..)| v.as_ref())
    };
    let text = match p.key {
        None if p.message.ends_with(PREFIX_IN_CREDENTIALS) => {
            "in the credentials file write the header as [NAME]; [profile NAME] belongs in the config file"
        }
        None if p.message.ends_with(NAME_CHARACTERS) => {
            "rename the profile without spaces, quotes or backslashes"
        }
        None => "rename or remove the section",
        Some("credential_source") if p.message.ends_with(BOTH_SOURCES) => {
            "remove one: source_profile takes another profile's credentials, credential_source the environment's, the instance's or the container's"
        }
        Some("role_arn") => {
            "write it as arn:aws:iam::ACCOUNT:role/NAME with the 12-digit account id, as the IAM console shows it"
        }
        // A FIDO security key has an IAM ARN too, but STS takes codes only from TOTP devices.
        Some("mfa_serial") if value("mfa_serial").contains(":u2f/") => {
            "a security key (U2F/FIDO) cannot give STS a code: assign a virtual or hardware MFA device and use its ARN"
        }
        Some("mfa_serial") => {
            "use the MFA device's ARN (arn:aws:iam::ACCOUNT:mfa/NAME, shown under IAM > Security credentials) or a hardware token's serial number (e.g. GAHT12345678)"
        }
        Some("duration_seconds") => {
            "write 900 to 43200 seconds (and no more than the role's maximum session duration)"
        }
        Some("mfa_session_duration") => "write 900 to 129600 seconds, or with a unit: 15m to 36h",
        Some("credential_source") => {
            "use Environment, Ec2InstanceMetadata or EcsContainer, spelt exactly so"
        }
        Some("role_session_name") => "use 2 to 64 letters, digits and _+=,.@-",
        Some("external_id") => "use the 2 to 1224 characters the role's trust policy expects",
        Some("aws_access_key_id") => {
            "add aws_secret_access_key beside it, or remove aws_access_key_id"
        }
        Some("aws_secret_access_key") => {
            "add aws_access_key_id beside it, or remove aws_secret_access_key"
        }
        Some("sso_session") if p.message.contains("names no sso_account_id") => {
            "add sso_account_id and sso_role_name for the role to get credentials for (`switchrole list` shows the assignments)"
        }
        Some("sso_session") => {
            "name an [sso-session NAME] section that has sso_start_url and sso_region, or add one"
        }
        Some("web_identity_token_file") => {
            "add role_arn = arn:aws:iam::ACCOUNT:role/NAME, the role whose trust policy accepts the token"
        }
        Some("sso_start_url") => {
            "add sso_session = NAME with an [sso-session NAME] section (or both sso_start_url and sso_region)"
        }
        Some(_) => "correct the value",
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::super::merge::Source;
    use super::*;
    use std::path::Path;

    fn errors(config: &str) -> Vec<(Option<usize>, String, String)> {
        let source = |text: &'static str| Source {
            path: Path::new("f"),
            text: text.as_bytes(),
        };
        let config: &'static str = config.to_string().leak();
        let report = check(source(config), source(""), None, &[]);
        let found = report.findings.into_iter();
        found
            .filter(|f| f.severity == Severity::Error)
            .map(|f| (f.line, f.message, f.fix.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn each_problem_is_on_the_line_of_the_value_that_counts() {
        let found = errors(
            "[profile a]\nregion = x\nrole_arn = arn:aws:iam::12:role/x\n\n[profile a]\nrole_arn = arn:aws:iam::123456789012:user/x\nsource_profile = b\n[profile b]\naws_access_key_id = AKIA\n",
        );
        // The section written twice is an error of its own, first; then the values.
        assert_eq!(found.len(), 3, "{found:?}");
        let found = &found[1..];
        assert_eq!(found[0].0, Some(6));
        assert_eq!(
            found[0].1,
            "profile 'a': role_arn 'arn:aws:iam::123456789012:user/x' is not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME)"
        );
        assert!(
            found[0]
                .2
                .starts_with("write it as arn:aws:iam::ACCOUNT:role/NAME")
        );
        assert_eq!(found[1].0, Some(9));
        assert_eq!(
            found[1].1,
            "profile 'b' has aws_access_key_id but no aws_secret_access_key"
        );
    }

    #[test]
    fn a_security_key_is_told_apart_from_a_typo() {
        let u2f = errors("[profile a]\nmfa_serial = arn:aws:iam::123456789012:u2f/user/a/k-1\n");
        assert!(u2f[0].2.starts_with("a security key (U2F/FIDO)"), "{u2f:?}");
        let typo = errors("[profile a]\nmfa_serial = arn:aws:iam::123456789012:user/a\n");
        assert!(
            typo[0].2.starts_with("use the MFA device's ARN"),
            "{typo:?}"
        );
        let short = errors("[profile a]\nmfa_serial = GAHT12\n");
        assert_eq!(short[0].0, Some(2));
    }

    #[test]
    fn both_sources_and_a_bad_source_are_two_findings() {
        let found = errors(
            "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = b\ncredential_source = Ec2\n[profile b]\naws_access_key_id = A\naws_secret_access_key = S\n",
        );
        let fixes: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(fixes[0].starts_with("use Environment, Ec2InstanceMetadata"));
        assert!(fixes[1].starts_with("remove one: source_profile"));
        assert!(found.iter().all(|f| f.0 == Some(4)));
    }
}
