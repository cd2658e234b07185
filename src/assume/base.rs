//! The first credentials of a chain, from wherever the profile says they live.

use crate::creds::{Credentials, Secret};
use crate::profile::resolve::Base;
use crate::profile::{CredentialSource, Kind};
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
        Base::Provider { profile, kind } => {
            let provider = aws_config::profile::ProfileFileCredentialsProvider::builder()
                .profile_name(*profile)
                .build();
            let what = match kind {
                Kind::Process => format!("credential_process of profile '{profile}'"),
                _ => format!("web identity of profile '{profile}'"),
            };
            provide(provider, &what).await
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
            detail: plain(&e),
        })?;
    Ok(Credentials {
        access_key_id: creds.access_key_id().to_string(),
        secret_access_key: Secret::new(creds.secret_access_key()),
        session_token: creds.session_token().map(Secret::new),
        expiration: creds.expiry().map(DateTime::<Utc>::from),
    })
}

/// An error and its causes as one sentence, each cause's words once. Never the `Debug` form
/// that `DisplayErrorContext` ends with, which dumps the raw response.
fn plain(err: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        let text = e.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    parts.join(": ")
}
