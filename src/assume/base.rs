//! The first credentials of a chain, from wherever the profile says they live.

use crate::creds::{Credentials, Secret};
use crate::profile::CredentialSource;
use crate::profile::resolve::Base;
use crate::sso::{SignIn, SsoError};
use crate::store::keyring;
use aws_credential_types::provider::ProvideCredentials;
use chrono::{DateTime, Utc};

/// Why base credentials could not be had.
#[derive(Debug, thiserror::Error)]
pub enum BaseError {
    #[error(
        "credential_source = Environment needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment"
    )]
    NoEnvironment,
    #[error("profile '{profile}' keeps its keys in the OS keyring: {detail}")]
    Keyring { profile: String, detail: String },
    #[error("{what} gave no credentials: {detail}")]
    Provider { what: String, detail: String },
    #[error("{what} {why}")]
    Process { what: String, why: String },
    #[error(
        "{}{}): {}",
        super::process::LOOP_MARK,
        chain.join(" -> "),
        crate::profile::process_call::LOOP_WHY
    )]
    Loop { chain: Vec<String> },
    /// A loop a switchrole run by a credential_process found: its sentence, passed on whole.
    #[error("{0}")]
    LoopFoundBelow(String),
    #[error(transparent)]
    Sso(#[from] SsoError),
}

/// Fetches base credentials. Only `credential_source = Environment` reads `AWS_*` variables:
/// keys inherited from a parent switchrole shell must never stand in for a profile's own.
pub async fn fetch(base: &Base<'_>, sign_in: SignIn) -> Result<Credentials, BaseError> {
    match base {
        Base::Sso { role, .. } => Ok(crate::sso::credentials(role, sign_in).await?),
        Base::Keys { keys, .. } => Ok(Credentials {
            access_key_id: keys.access_key_id.clone(),
            secret_access_key: keys.secret_access_key.clone(),
            session_token: keys.session_token.clone(),
            expiration: None,
        }),
        Base::Keyring { profile, .. } => {
            match crate::store::connect::connect().and_then(|_| keyring::get_keys(profile)) {
                Ok(Some(keys)) => Ok(Credentials {
                    access_key_id: keys.access_key_id,
                    secret_access_key: keys.secret_access_key,
                    session_token: None,
                    expiration: None,
                }),
                Ok(None) => Err(BaseError::Keyring {
                    profile: profile.to_string(),
                    detail: "the keyring has no keys for it; add them with `switchrole add`".into(),
                }),
                Err(detail) => Err(BaseError::Keyring {
                    profile: profile.to_string(),
                    detail,
                }),
            }
        }
        Base::Source(CredentialSource::Environment) => from_environment(),
        Base::Source(CredentialSource::Ec2InstanceMetadata) => {
            let provider =
                aws_config::imds::credentials::ImdsCredentialsProvider::builder().build();
            provide(provider, "the EC2 instance metadata service").await
        }
        Base::Source(CredentialSource::EcsContainer) => {
            let provider = aws_config::ecs::EcsCredentialsProvider::builder().build();
            provide(provider, "the ECS container credentials endpoint").await
        }
        Base::Provider {
            profile,
            command: Some(command),
            ..
        } => super::process::run(profile, command).await,
        // Web identity: aws-config's provider, which reads the token file.
        Base::Provider { profile, .. } => {
            let provider = aws_config::profile::ProfileFileCredentialsProvider::builder()
                .profile_name(*profile)
                .build();
            provide(provider, &format!("web identity of profile '{profile}'")).await
        }
    }
}

fn from_environment() -> Result<Credentials, BaseError> {
    let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    let (Some(id), Some(secret)) = (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) else {
        return Err(BaseError::NoEnvironment);
    };
    Ok(Credentials {
        access_key_id: id,
        secret_access_key: Secret::new(secret),
        session_token: var("AWS_SESSION_TOKEN").map(Secret::new),
        expiration: None,
    })
}

async fn provide(provider: impl ProvideCredentials, what: &str) -> Result<Credentials, BaseError> {
    let creds = provider
        .provide_credentials()
        .await
        .map_err(|e| BaseError::Provider {
            what: what.into(),
            detail: plain_cause(&e),
        })?;
    Ok(Credentials {
        access_key_id: creds.access_key_id().to_string(),
        secret_access_key: Secret::new(creds.secret_access_key()),
        session_token: creds.session_token().map(Secret::new),
        expiration: creds.expiry().map(DateTime::<Utc>::from),
    })
}

/// An SDK error as one line: each message of its chain of causes once, in words (the SDK's
/// `DisplayErrorContext` adds each cause's `Debug` form, which is no sentence).
fn plain_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut said: Vec<String> = Vec::new();
    let mut next = Some(error);
    while let Some(e) = next {
        let text = e.to_string();
        if !said.iter().any(|s| s.contains(&text)) {
            said.push(text);
        }
        next = e.source();
    }
    said.join(": ")
}
