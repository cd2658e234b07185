//! Who the programs in a switchrole shell really are: the keys the AWS SDKs' default chain
//! resolves there (the same chain any program in the shell uses), told apart from the keys
//! switchrole gave the shell, and who STS says those keys belong to.

use super::child::{PROFILE_VAR, ROLE_ARN_VAR};
use super::serve::served_key_id;
use crate::creds::{Credentials, Secret};
use crate::sts::sdk::SdkSts;
use crate::sts::{Identity, Sts};
use aws_credential_types::provider::ProvideCredentials;

/// What the check found.
#[derive(Debug, serde::Serialize)]
pub struct Verdict {
    /// The profile the prompt shows; None outside a switchrole shell.
    pub profile: Option<String>,
    pub role_arn: Option<String>,
    /// The access key id switchrole gave the shell (in its variables, or at its endpoint).
    pub served_key_id: Option<String>,
    /// The access key id the default chain resolves.
    pub chain_key_id: Option<String>,
    /// Who STS says the chain's keys are.
    pub acting_as: Option<String>,
    /// The chain's keys are the ones switchrole gave the shell.
    pub ok: bool,
    /// One line for the person.
    pub message: String,
}

/// Resolves the default chain as a program in this shell would, asks STS who it is, and
/// compares it with what switchrole gave the shell.
pub async fn check() -> Verdict {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let profile = var(PROFILE_VAR);
    let role_arn = var(ROLE_ARN_VAR);
    let served = match var("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
        Some(url) if profile.is_some() && var("AWS_ACCESS_KEY_ID").is_none() => served_key_id(
            &url,
            &var("AWS_CONTAINER_AUTHORIZATION_TOKEN").unwrap_or_default(),
        ),
        _ => var("AWS_ACCESS_KEY_ID").ok_or_else(|| "no keys in the environment".to_string()),
    };
    let chain = default_chain().await;
    let region = var("AWS_REGION").unwrap_or_else(|| "us-east-1".into());
    let acting: Result<Identity, String> = match &chain {
        Ok(creds) => SdkSts::new(None, &region)
            .caller_identity(creds)
            .await
            .map_err(|e| e.to_string()),
        Err(why) => Err(why.clone()),
    };
    let chain_key_id = chain.as_ref().ok().map(|c| c.access_key_id.clone());
    let served_key_id = profile.as_ref().and(served.as_ref().ok().cloned());
    let ok = profile.is_some() && chain_key_id.is_some() && chain_key_id == served_key_id;
    let who = match &acting {
        Ok(id) => id.arn.clone(),
        Err(why) => format!("unknown to STS ({why})"),
    };
    let message = match (&profile, &chain, ok) {
        (None, Ok(_), _) => format!("not a switchrole shell; programs here act as {who}"),
        (None, Err(why), _) => {
            format!("not a switchrole shell, and programs here find no credentials: {why}")
        }
        (Some(p), Ok(_), true) => {
            format!("{p}: programs in this shell act as {who}, as the prompt says")
        }
        (Some(p), Err(why), _) => format!(
            "{p}: programs in this shell find no credentials, although the prompt says {p}: {why}"
        ),
        (Some(p), Ok(c), false) => format!(
            "{p}: programs in this shell do NOT act as {p}: the AWS SDKs' default chain gives keys {} ({who}), not the ones switchrole gave this shell ({}); an AWS_PROFILE, AWS_ACCESS_KEY_ID or AWS_CONFIG_FILE set after the shell started may be the cause",
            c.access_key_id,
            served.as_deref().unwrap_or("none")
        ),
    };
    Verdict {
        profile,
        role_arn,
        served_key_id,
        chain_key_id,
        acting_as: acting.ok().map(|id| id.arn),
        ok,
        message,
    }
}

/// The credentials the AWS SDKs' default chain resolves here, as any program would get them.
async fn default_chain() -> Result<Credentials, String> {
    let chain = aws_config::default_provider::credentials::DefaultCredentialsChain::builder()
        .build()
        .await;
    let creds = chain.provide_credentials().await.map_err(|e| {
        let mut said = e.to_string();
        let mut next = std::error::Error::source(&e);
        while let Some(cause) = next {
            said = format!("{said}: {cause}");
            next = cause.source();
        }
        said
    })?;
    Ok(Credentials {
        access_key_id: creds.access_key_id().to_string(),
        secret_access_key: Secret::new(creds.secret_access_key()),
        session_token: creds.session_token().map(Secret::new),
        expiration: None,
    })
}
