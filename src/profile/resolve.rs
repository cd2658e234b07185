//! Catalog + profile name -> Plan: where base credentials come from, then which roles to
//! assume in order. Follows the AWS CLI: the named profile's `role_arn` wins over keys in the
//! same profile, while a source profile with keys ends the chain there.

use super::arn::{MfaSerial, RoleArn};
use super::{Catalog, CredentialSource, Kind, Profile, StaticKeys};

/// How to turn a profile into credentials.
#[derive(Clone, Debug)]
pub struct Plan {
    pub profile: String,
    pub base: Base,
    /// Roles to assume, first to last.
    pub steps: Vec<RoleStep>,
    pub region: Option<String>,
}

/// The first credentials in a chain.
#[derive(Clone, Debug)]
pub enum Base {
    Keys {
        profile: String,
        keys: StaticKeys,
    },
    Source(CredentialSource),
    /// SSO, `credential_process` or web identity: aws-config's provider for this profile.
    Provider {
        profile: String,
        kind: Kind,
    },
}

/// One AssumeRole call.
#[derive(Clone, Debug)]
pub struct RoleStep {
    pub profile: String,
    pub role_arn: RoleArn,
    pub external_id: Option<String>,
    pub session_name: Option<String>,
    pub duration_seconds: Option<u32>,
    pub mfa_serial: Option<MfaSerial>,
    pub mfa_process: Option<String>,
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
        "profile '{0}' has no credentials: no keys, role_arn, sso, credential_process or web identity"
    )]
    NoCredentials(String),
}

/// Works out the plan for `name`, checking every profile on the way.
pub fn resolve(catalog: &Catalog, name: &str) -> Result<Plan, ResolveError> {
    let first = catalog.get(name).ok_or_else(|| ResolveError::NotFound {
        name: name.into(),
        files: catalog.files.clone(),
    })?;
    let mut steps = Vec::new();
    let mut visited = vec![first.name.clone()];
    let mut current = first;
    let base = loop {
        if !current.errors.is_empty() {
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
            .clone()
            .filter(|_| is_first || current.keys.is_none())
        else {
            break base_of(current)?;
        };
        steps.push(step(catalog, current, role_arn));
        if let Some(source) = current.credential_source {
            break Base::Source(source);
        }
        let Some(source_name) = current.source_profile.as_deref() else {
            return Err(ResolveError::RoleWithoutSource {
                profile: current.name.clone(),
                file: current.defined_in.clone(),
            });
        };
        if let Some(at) = visited.iter().position(|v| v == source_name) {
            let mut chain = visited[at..].to_vec();
            chain.push(source_name.into());
            let file = current.defined_in.clone();
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
                file: current.defined_in.clone(),
            })?;
        visited.push(current.name.clone());
    };
    steps.reverse();
    Ok(Plan {
        profile: name.into(),
        base,
        steps,
        region: first.region.clone(),
    })
}

fn provider(profile: &Profile, kind: Kind) -> Base {
    Base::Provider {
        profile: profile.name.clone(),
        kind,
    }
}

fn base_of(profile: &Profile) -> Result<Base, ResolveError> {
    match (profile.kind(), &profile.keys) {
        (Kind::Sso, _) => Ok(provider(profile, Kind::Sso)),
        (Kind::Process, _) => Ok(provider(profile, Kind::Process)),
        (_, Some(keys)) => Ok(Base::Keys {
            profile: profile.name.clone(),
            keys: keys.clone(),
        }),
        _ => Err(ResolveError::NoCredentials(profile.name.clone())),
    }
}

/// A role profile's AssumeRole call. Without its own `mfa_serial` it takes its source
/// profile's, as granted and awsume do: the MFA device belongs to the user, not the role.
fn step(catalog: &Catalog, profile: &Profile, role_arn: RoleArn) -> RoleStep {
    let source = profile
        .source_profile
        .as_deref()
        .and_then(|s| catalog.get(s));
    let inherited = source.and_then(|s| s.mfa_serial.clone());
    let (mfa_serial, mfa_process) = match &profile.mfa_serial {
        Some(own) => (Some(own.clone()), profile.mfa_process.clone()),
        None => (
            inherited,
            profile
                .mfa_process
                .clone()
                .or_else(|| source?.mfa_process.clone()),
        ),
    };
    RoleStep {
        profile: profile.name.clone(),
        role_arn,
        external_id: profile.external_id.clone(),
        session_name: profile.role_session_name.clone(),
        duration_seconds: profile.duration_seconds,
        mfa_serial,
        mfa_process,
    }
}

/// The account a profile acts in, when its config says so.
pub fn account_of(profile: &Profile) -> Option<&str> {
    profile.role_arn.as_ref().map(RoleArn::account_id)
}
