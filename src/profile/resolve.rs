//! Catalog + profile name -> Plan: where base credentials come from, then which roles to
//! assume in order. Follows the AWS CLI: the named profile's `role_arn` wins over keys in the
//! same profile, while a source profile with keys ends the chain there.

use super::arn::{MfaSerial, RoleArn};
use super::sso::SsoRole;
use super::{Catalog, CredentialSource, Kind, Profile, StaticKeys};
use crate::creds::Secret;

/// How to turn a profile into credentials.
/// It borrows from the catalog, so resolving every profile for `list` or the picker costs
/// no copies.
#[derive(Clone, Debug)]
pub struct Plan<'c> {
    pub profile: &'c str,
    pub base: Base<'c>,
    /// Roles to assume, first to last.
    pub steps: Vec<RoleStep<'c>>,
    pub region: Option<&'c str>,
    /// `mfa_session_duration` of the named profile, else of the base profile.
    pub mfa_session_duration: Option<u32>,
}

impl Plan<'_> {
    /// The profile whose keys start the chain, when it is keys.
    pub fn base_profile(&self) -> Option<&str> {
        match self.base {
            Base::Keys { profile, .. } | Base::Keyring { profile, .. } => Some(profile),
            _ => None,
        }
    }

    /// Whether step `i` is assumed with role credentials (an earlier step's, or those IAM
    /// Identity Center, an instance, a container or a web identity hands out), where STS allows
    /// at most 1 hour. `credential_process` may give an IAM user's keys, so it is not counted.
    pub fn chained(&self, i: usize) -> bool {
        use CredentialSource::{Ec2InstanceMetadata, EcsContainer};
        let role_base = matches!(
            self.base,
            Base::Sso { .. }
                | Base::Source(Ec2InstanceMetadata | EcsContainer)
                | Base::Provider {
                    kind: Kind::WebIdentity,
                    ..
                }
        );
        i > 0 || role_base
    }
}

/// The first credentials in a chain.
#[derive(Clone, Debug)]
pub enum Base<'c> {
    Keys {
        profile: &'c str,
        keys: &'c StaticKeys,
    },
    /// Keys in the OS keyring; preferred over keys also written in the credentials file.
    Keyring {
        profile: &'c str,
        access_key_id: &'c str,
        also_in_file: bool,
    },
    Source(CredentialSource),
    /// IAM Identity Center: GetRoleCredentials with the sso-session's token.
    Sso {
        profile: &'c str,
        role: &'c SsoRole,
    },
    /// `credential_process` (run by switchrole) or web identity (aws-config's provider).
    Provider {
        profile: &'c str,
        kind: Kind,
        /// The `credential_process` command line, for a process.
        command: Option<&'c str>,
    },
}

/// One AssumeRole call.
#[derive(Clone, Debug)]
pub struct RoleStep<'c> {
    pub profile: &'c str,
    pub role_arn: &'c RoleArn,
    pub external_id: Option<&'c str>,
    pub session_name: Option<&'c str>,
    pub duration_seconds: Option<u32>,
    pub mfa_serial: Option<&'c MfaSerial>,
    /// A command line that may hold a seed: redacted from `Debug`.
    pub mfa_process: Option<&'c Secret>,
}

/// Why a profile cannot be turned into a plan.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ResolveError {
    #[error("no profile named '{name}' in {} or {}", files[0], files[1])]
    NotFound { name: String, files: [String; 2] },
    #[error("{}", errors.join("; "))]
    Broken { errors: Vec<String> },
    #[error("profile '{via}' cannot be used because its source is broken: {}", errors.join("; "))]
    BrokenSource { via: String, errors: Vec<String> },
    #[error(
        "profile '{profile}' names source_profile '{source_name}', which does not exist ({file})"
    )]
    MissingSource {
        profile: String,
        source_name: String,
        file: String,
    },
    #[error("profile '{profile}' is in a source_profile loop: {} ({file})", chain.join(" -> "))]
    Loop {
        profile: String,
        chain: Vec<String>,
        file: String,
    },
    #[error("profile '{profile}' has role_arn but no source_profile or credential_source ({file})")]
    RoleWithoutSource { profile: String, file: String },
    #[error(
        "profile '{profile}' has no credentials: no keys, role_arn, sso, credential_process or web identity ({file})"
    )]
    NoCredentials { profile: String, file: String },
    #[error(
        "profile '{profile}' names source_profile '{source_name}', which has no credentials: no keys, role_arn, sso, credential_process or web identity ({file})"
    )]
    SourceWithoutCredentials {
        profile: String,
        source_name: String,
        file: String,
    },
}

/// Works out the plan for `name`, checking every profile on the way.
pub fn resolve<'c>(catalog: &'c Catalog, name: &str) -> Result<Plan<'c>, ResolveError> {
    walk(catalog, name, true)
}

/// The chain `resolve` would follow, past profiles whose own keys have errors: what is
/// wrong with the chain itself (a loop, a missing source) shows beside those errors.
pub fn resolve_chain<'c>(catalog: &'c Catalog, name: &str) -> Result<Plan<'c>, ResolveError> {
    walk(catalog, name, false)
}

fn walk<'c>(catalog: &'c Catalog, name: &str, strict: bool) -> Result<Plan<'c>, ResolveError> {
    let first = catalog.get(name).ok_or_else(|| ResolveError::NotFound {
        name: name.into(),
        files: catalog.files.clone(),
    })?;
    let mut steps = Vec::new();
    let mut visited = vec![first.name.as_str()];
    let mut current = first;
    let base = loop {
        if strict && !current.errors.is_empty() {
            let errors = current.errors.clone();
            return Err(match current.name == name {
                true => ResolveError::Broken { errors },
                false => ResolveError::BrokenSource {
                    via: name.into(),
                    errors,
                },
            });
        }
        let is_first = current.name == name;
        if current.web_identity {
            break provider(current, Kind::WebIdentity);
        }
        let Some(role_arn) = current
            .role_arn
            .as_ref()
            .filter(|_| is_first || !(current.keys.is_some() || current.keyring_keys.is_some()))
        else {
            break base_of(current).map_err(|()| no_credentials(catalog, name, &visited))?;
        };
        steps.push(step(catalog, current, role_arn));
        if let Some(source) = current.credential_source {
            break Base::Source(source);
        }
        let Some(source_name) = current.source_profile.as_deref() else {
            return Err(ResolveError::RoleWithoutSource {
                profile: current.name.clone(),
                file: catalog.defined_in(current),
            });
        };
        // A role whose source is itself starts from its own keys, as the AWS CLI allows.
        if source_name == current.name && (current.keys.is_some() || current.keyring_keys.is_some())
        {
            break base_of(current).map_err(|()| no_credentials(catalog, name, &visited))?;
        }
        if let Some(at) = visited.iter().position(|v| *v == source_name) {
            let mut chain: Vec<String> = visited[at..].iter().map(|v| v.to_string()).collect();
            chain.push(source_name.into());
            let file = catalog.defined_in(current);
            return Err(ResolveError::Loop {
                profile: name.into(),
                chain,
                file,
            });
        }
        current = catalog
            .get(source_name)
            .ok_or_else(|| ResolveError::MissingSource {
                profile: current.name.clone(),
                source_name: source_name.into(),
                file: catalog.defined_in(current),
            })?;
        visited.push(&current.name);
    };
    steps.reverse();
    Ok(Plan {
        profile: &first.name,
        base,
        steps,
        region: first.region.as_deref(),
        mfa_session_duration: first.mfa_session_duration.or(current.mfa_session_duration),
    })
}

fn provider(profile: &Profile, kind: Kind) -> Base<'_> {
    Base::Provider {
        profile: &profile.name,
        kind,
        command: profile.credential_process.as_deref(),
    }
}

/// Where a profile's own credentials come from; Err when it has none.
fn base_of(profile: &Profile) -> Result<Base<'_>, ()> {
    if let Some(access_key_id) = &profile.keyring_keys {
        let also_in_file = profile.keys.is_some();
        return Ok(Base::Keyring {
            profile: &profile.name,
            access_key_id,
            also_in_file,
        });
    }
    match (profile.kind(), &profile.keys) {
        (Kind::Sso, _) => match &profile.sso_role {
            Some(role) => Ok(Base::Sso {
                profile: &profile.name,
                role,
            }),
            None => Err(()),
        },
        (Kind::Process, _) => Ok(provider(profile, Kind::Process)),
        (_, Some(keys)) => Ok(Base::Keys {
            profile: &profile.name,
            keys,
        }),
        _ => Err(()),
    }
}

/// The profile at the end of `visited` has no credentials: said of the profile asked for, or
/// of the source that the profile before it names, with the file that defines that one.
fn no_credentials(catalog: &Catalog, name: &str, visited: &[&str]) -> ResolveError {
    let empty = visited.last().copied().unwrap_or(name);
    let file = catalog.get(empty).map(|p| catalog.defined_in(p));
    let file = file.unwrap_or_else(|| catalog.files[0].clone());
    match visited.len() {
        0 | 1 => ResolveError::NoCredentials {
            profile: empty.into(),
            file,
        },
        n => ResolveError::SourceWithoutCredentials {
            profile: visited[n - 2].into(),
            source_name: empty.into(),
            file,
        },
    }
}

/// A role profile's AssumeRole call. Without its own `mfa_serial` it takes its source
/// profile's, as granted and awsume do: the MFA device belongs to the user, not the role.
fn step<'c>(catalog: &'c Catalog, profile: &'c Profile, role_arn: &'c RoleArn) -> RoleStep<'c> {
    let source = profile
        .source_profile
        .as_deref()
        .and_then(|s| catalog.get(s));
    let own_process = profile.mfa_process.as_ref();
    let (mfa_serial, mfa_process) = match &profile.mfa_serial {
        Some(own) => (Some(own), own_process),
        None => (
            source.and_then(|s| s.mfa_serial.as_ref()),
            own_process.or_else(|| source?.mfa_process.as_ref()),
        ),
    };
    RoleStep {
        profile: &profile.name,
        role_arn,
        external_id: profile.external_id.as_deref(),
        session_name: profile.role_session_name.as_deref(),
        duration_seconds: profile.duration_seconds,
        mfa_serial,
        mfa_process,
    }
}

/// The account a profile acts in, when its config says so.
pub fn account_of(profile: &Profile) -> Option<&str> {
    let role = profile.role_arn.as_ref().map(RoleArn::account_id);
    role.or_else(|| Some(profile.sso_role.as_ref()?.account_id.as_str()))
}
