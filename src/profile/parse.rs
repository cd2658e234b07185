//! Text of the two shared files -> a Catalog. Every problem is attached to the profile it
//! belongs to, so one broken profile never hides the others.

use super::arn::{MfaSerial, RoleArn};
use super::duration;
pub use super::merge::Source;
use super::merge::{self, Entries, Merged};
use super::sso::{self, SsoSession};
use super::{Catalog, CredentialSource, Files, Profile, StaticKeys, display_path};
use crate::creds::Secret;

/// Merges both files; the credentials file wins for a key set in both, as in the AWS CLI.
pub fn parse(config: Source, credentials: Source) -> Catalog {
    let files = [display_path(config.path), display_path(credentials.path)];
    catalog(merge::merge(config, credentials), files)
}

/// Only `name` and the profiles its sources name (see `merge::merge_chain`).
pub fn parse_chain(config: Source, credentials: Source, name: &str) -> Catalog {
    let files = [display_path(config.path), display_path(credentials.path)];
    catalog(merge::merge_chain(config, credentials, name), files)
}

fn catalog(merge: merge::Merge, files: [String; 2]) -> Catalog {
    let (sessions, session_problems) = sso::sessions(&merge.sso_sessions);
    // Each merged section is dropped as soon as its profile is built, to keep the peak low.
    let profiles = merge.profiles.into_iter();
    let profiles = profiles.map(|m| build(&m, &files, &sessions).0).collect();
    let problems = merge.problems.iter().chain(&session_problems);
    let mut catalog = Catalog::new(profiles, problems.map(|p| p.told(&files)).collect(), files);
    catalog.sso_sessions = sessions;
    catalog
}

/// A problem with one profile's keys (or, with no key, its section), not yet told with its
/// file: `Profile::errors` adds the file, `doctor` the file and line.
#[derive(Debug, PartialEq)]
pub struct KeyProblem {
    pub key: Option<&'static str>,
    /// 0 config, 1 credentials.
    pub file: usize,
    pub message: String,
}

/// Reports a key whose value does not parse, naming the profile, the key and the file.
struct Checker<'e, 'a> {
    entries: &'e Entries<'a>,
    name: &'e str,
    errors: Vec<KeyProblem>,
}

impl<'e> Checker<'e, '_> {
    /// The key's last non-empty value and its file.
    fn get(&self, key: &str) -> Option<(&'e str, usize)> {
        let found = self.entries.iter().rev().find(|(k, ..)| k == key);
        found
            .filter(|(_, v, ..)| !v.is_empty())
            .map(|(_, v, f, _)| (v.as_ref(), *f))
    }

    fn text(&self, key: &str) -> Option<String> {
        self.get(key).map(|(v, _)| v.to_string())
    }

    fn parsed<T>(
        &mut self,
        key: &'static str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let (value, file) = self.get(key)?;
        parse(value)
            .map_err(|why| {
                self.errors.push(KeyProblem {
                    key: Some(key),
                    file,
                    message: format!("profile '{}': {key} {why}", self.name),
                })
            })
            .ok()
    }

    fn error(&mut self, what: &str, key: &'static str) {
        self.errors.push(KeyProblem {
            key: Some(key),
            file: self.get(key).map_or(0, |(_, f)| f),
            message: format!("profile '{}' {what}", self.name),
        });
    }
}

/// One profile from its merged sections, and the problems with its keys (which its
/// `errors` also hold, told with their file).
pub(crate) fn build(
    merged: &Merged,
    files: &[String; 2],
    sessions: &[SsoSession],
) -> (Profile, Vec<KeyProblem>) {
    let (entries, name) = (&merged.entries, merged.name);
    let ignored = merged.ignored_because.iter();
    let mut c = Checker {
        entries,
        name,
        errors: ignored
            .map(|&(file, why)| KeyProblem {
                key: None,
                file,
                message: format!("profile '{name}' {why}"),
            })
            .collect(),
    };
    let mut profile = Profile {
        name: name.to_string(),
        role_arn: c.parsed("role_arn", RoleArn::parse),
        mfa_serial: c.parsed("mfa_serial", MfaSerial::parse),
        duration_seconds: c.parsed("duration_seconds", |v| {
            duration::parse(v, duration::ROLE_SESSION)
        }),
        mfa_session_duration: c.parsed("mfa_session_duration", |v| {
            duration::parse(v, duration::MFA_SESSION)
        }),
        credential_source: c.parsed("credential_source", credential_source),
        role_session_name: c.parsed("role_session_name", |v| {
            check_session_name(v).map(|_| v.to_string())
        }),
        // An external id is a shared secret of sorts: say what is wrong without echoing it.
        external_id: c.parsed("external_id", |v| match v.len() {
            2..=1224 => Ok(v.to_string()),
            n => Err(format!("must be 2 to 1224 characters (it has {n})")),
        }),
        source_profile: c.text("source_profile"),
        mfa_process: c.text("mfa_process").map(Secret::new),
        region: c.text("region"),
        sso: [
            "sso_session",
            "sso_start_url",
            "sso_account_id",
            "sso_role_name",
        ]
        .iter()
        .any(|k| c.get(k).is_some()),
        credential_process: c.text("credential_process"),
        web_identity: c.get("web_identity_token_file").is_some(),
        sso_role: None,
        keys: None,
        keyring_keys: None,
        files: Files {
            config: entries.iter().any(|(_, _, f, _)| *f == 0),
            credentials: entries.iter().any(|(_, _, f, _)| *f == 1),
        },
        errors: Vec::new(),
    };
    match (c.text("aws_access_key_id"), c.text("aws_secret_access_key")) {
        (Some(id), Some(secret)) => {
            profile.keys = Some(StaticKeys {
                access_key_id: id,
                secret_access_key: Secret::new(secret),
                session_token: c.text("aws_session_token").map(Secret::new),
            })
        }
        (Some(_), None) => c.error(
            "has aws_access_key_id but no aws_secret_access_key",
            "aws_access_key_id",
        ),
        (None, Some(_)) => c.error(
            "has aws_secret_access_key but no aws_access_key_id",
            "aws_secret_access_key",
        ),
        (None, None) => {}
    }
    if profile.sso {
        match sso::role_of(|key| c.text(key), sessions) {
            Ok(role) => profile.sso_role = Some(Box::new(role)),
            Err((what, key)) => c.error(&what, key),
        }
    }
    if profile.source_profile.is_some() && c.get("credential_source").is_some() {
        c.error(BOTH_SOURCES, "credential_source");
    }
    // The AWS CLI and SDKs exchange the token for a role: without one they find no
    // credentials at all, and the SDK says so in a dump of its provider chain.
    if profile.web_identity && c.get("role_arn").is_none() {
        c.error(WEB_IDENTITY_WITHOUT_ROLE, "web_identity_token_file");
    }
    let told = c.errors.iter();
    profile.errors = told
        .map(|p| format!("{} ({})", p.message, files[p.file]))
        .collect();
    (profile, c.errors)
}

/// Why a profile with both `source_profile` and `credential_source` is refused.
pub(crate) const BOTH_SOURCES: &str = "sets both source_profile and credential_source; use one";

/// Why a web identity profile without `role_arn` is refused.
pub(crate) const WEB_IDENTITY_WITHOUT_ROLE: &str =
    "has web_identity_token_file but no role_arn, the role its token is exchanged for";

/// STS allows 2 to 64 characters of `[\w+=,.@-]` in a role session name.
pub fn check_session_name(value: &str) -> Result<(), String> {
    let chars_ok = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b));
    if (2..=64).contains(&value.len()) && chars_ok {
        Ok(())
    } else {
        Err(format!(
            "'{value}' must be 2 to 64 characters of letters, digits and _+=,.@-"
        ))
    }
}

fn credential_source(value: &str) -> Result<CredentialSource, String> {
    match value {
        "Environment" => Ok(CredentialSource::Environment),
        "Ec2InstanceMetadata" => Ok(CredentialSource::Ec2InstanceMetadata),
        "EcsContainer" => Ok(CredentialSource::EcsContainer),
        _ => Err(format!(
            "'{value}' is not one of Environment, Ec2InstanceMetadata, EcsContainer"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_names_as_sts_allows_them() {
        for good in ["ci", "alice@example.com", "a_b+c=d,e.f-g", &"x".repeat(64)] {
            assert_eq!(check_session_name(good), Ok(()), "{good}");
        }
        for bad in ["a", "two words", "semi;colon", &"x".repeat(65), "é-accent"] {
            assert_eq!(
                check_session_name(bad),
                Err(format!(
                    "'{bad}' must be 2 to 64 characters of letters, digits and _+=,.@-"
                )),
                "{bad}"
            );
        }
    }

    #[test]
    fn credential_sources_by_their_names() {
        assert_eq!(
            credential_source("Environment"),
            Ok(CredentialSource::Environment)
        );
        assert_eq!(
            credential_source("Ec2InstanceMetadata"),
            Ok(CredentialSource::Ec2InstanceMetadata)
        );
        assert_eq!(
            credential_source("EcsContainer"),
            Ok(CredentialSource::EcsContainer)
        );
        assert!(credential_source("environment").is_err());
    }

    #[test]
    fn debug_never_shows_the_mfa_process_command_line() {
        let config = "[profile user]\nmfa_serial = arn:aws:iam::123456789012:mfa/a\nmfa_process = oathtool --totp -b JBSWY3DPEHPK3PXP\n\
            [profile role]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = user\n";
        let credentials = "[user]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s\n";
        let path = std::path::Path::new("config");
        let catalog = parse(
            Source {
                path,
                text: config.as_bytes(),
            },
            Source {
                path,
                text: credentials.as_bytes(),
            },
        );
        let plan = crate::profile::resolve::resolve(&catalog, "role").unwrap();
        assert!(
            plan.steps[0].mfa_process.is_some(),
            "the role takes its source's"
        );
        let shown = format!("{catalog:?} {catalog:#?} {plan:?} {:?}", plan.steps[0]);
        assert!(!shown.contains("JBSWY3DPEHPK3PXP"), "{shown}");
        assert!(!shown.contains("oathtool"), "{shown}");
    }
}
