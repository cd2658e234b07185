//! The aws-sdk-sts implementation of [`Sts`]. Endpoint, FIPS and retry settings come from the
//! usual AWS settings through aws-config, so the same binary talks to AWS or to an emulator.

use super::{AssumeRoleInput, Assumed, Identity, MfaCode, Sts, StsError, cause, explain};
use crate::creds::{Credentials, Secret};
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sts::Client;
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use chrono::{DateTime, Utc};
use std::time::{Duration, SystemTime};

/// STS through the AWS SDK, in one region.
pub struct SdkSts {
    profile: Option<String>,
    region: String,
    /// Loaded at the first call: aws-config reads the whole config again with its own parser,
    /// which a cache hit (no call at all) should never pay for.
    base: tokio::sync::OnceCell<SdkConfig>,
}

impl SdkSts {
    /// STS with the endpoint settings of `profile` (its `endpoint_url`,
    /// `AWS_ENDPOINT_URL_STS`...), loaded when the first call is made. No credentials are
    /// loaded: each call is signed with the credentials it is given.
    pub fn new(profile: Option<&str>, region: &str) -> Self {
        Self {
            profile: profile.map(String::from),
            region: region.into(),
            base: tokio::sync::OnceCell::new(),
        }
    }

    async fn base(&self) -> &SdkConfig {
        self.base
            .get_or_init(|| load(self.profile.as_deref(), &self.region))
            .await
    }

    async fn client(&self, creds: &Credentials) -> Client {
        let provider = aws_credential_types::Credentials::new(
            &creds.access_key_id,
            creds.secret_access_key.expose(),
            creds.session_token.as_ref().map(|t| t.expose().to_string()),
            creds.expiration.map(SystemTime::from),
            "switchrole",
        );
        let config = aws_sdk_sts::config::Builder::from(self.base().await)
            .credentials_provider(provider)
            .build();
        Client::from_conf(config)
    }

    /// What explains a failure of a call that assumes no role.
    fn context(&self) -> explain::Context<'_> {
        explain::Context {
            region: &self.region,
            ..Default::default()
        }
    }

    /// Where requests go, for error messages.
    fn endpoint(&self) -> String {
        std::env::var("AWS_ENDPOINT_URL_STS")
            .ok()
            .or_else(|| self.base.get()?.endpoint_url().map(String::from))
            .unwrap_or_else(|| format!("https://sts.{}.amazonaws.com", self.region))
    }

    fn error<E>(
        &self,
        operation: &'static str,
        target: &str,
        err: SdkError<E>,
        ctx: explain::Context,
    ) -> StsError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let target = target.to_string();
        match &err {
            // A reply with no code and no message is one the SDK could not read as STS's.
            SdkError::ServiceError(service)
                if service.err().code().is_none() && service.err().message().is_none() =>
            {
                StsError::Other {
                    operation,
                    target,
                    detail: cause::unreadable(service.raw()),
                }
            }
            SdkError::ServiceError(service) => {
                let code = service.err().code().unwrap_or("Unknown").to_string();
                let message = service.err().message().unwrap_or_default().to_string();
                let hint = explain::explain(&code, &message, ctx);
                StsError::Service {
                    operation,
                    target,
                    code,
                    message,
                    hint,
                }
            }
            SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) => {
                let endpoint = self.endpoint();
                StsError::Unreachable {
                    operation,
                    target,
                    detail: cause::unreachable(&err, &endpoint),
                    endpoint,
                }
            }
            SdkError::ResponseError(response) => StsError::Other {
                operation,
                target,
                detail: cause::unreadable(response.raw()),
            },
            _ => StsError::Other {
                operation,
                target,
                detail: cause::plain(&err),
            },
        }
    }
}

/// aws-config's settings for `profile` in `region`, without credentials.
async fn load(profile: Option<&str>, region: &str) -> SdkConfig {
    // Bounded so a dead network fails in seconds, never hangs the terminal.
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        .operation_attempt_timeout(Duration::from_secs(10))
        .operation_timeout(Duration::from_secs(25))
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(region.to_string()))
        .timeout_config(timeouts)
        .no_credentials();
    if let Some(profile) = profile {
        loader = loader.profile_name(profile);
    }
    loader.load().await
}

/// The answer's credentials, when they are whole: the SDK's reader fills a reply cut short
/// with empty keys and an expiry in 1970, which must not be handed out as a session.
fn convert(creds: Option<&aws_sdk_sts::types::Credentials>) -> Option<Credentials> {
    let creds = creds?;
    let at = creds.expiration();
    let whole = !creds.access_key_id().is_empty()
        && !creds.secret_access_key().is_empty()
        && !creds.session_token().is_empty()
        && at.secs() > 0;
    whole.then(|| Credentials {
        access_key_id: creds.access_key_id().to_string(),
        secret_access_key: Secret::new(creds.secret_access_key()),
        session_token: Some(Secret::new(creds.session_token())),
        expiration: DateTime::<Utc>::from_timestamp(at.secs(), at.subsec_nanos()),
    })
}

/// What is said of an answer with no whole credentials in it.
const NO_CREDENTIALS: &str = "STS answered without whole credentials (a reply cut short?)";

impl Sts for SdkSts {
    async fn assume_role(
        &self,
        creds: &Credentials,
        input: AssumeRoleInput,
    ) -> Result<Assumed, StsError> {
        let ctx = explain::Context {
            used_mfa: input.mfa.is_some(),
            external_id: input.external_id.is_some(),
            role_arn: Some(input.role_arn.as_str()),
            region: &self.region,
        };
        let request = self
            .client(creds)
            .await
            .assume_role()
            .role_arn(input.role_arn.as_str())
            .role_session_name(&input.session_name)
            .duration_seconds(input.duration_seconds as i32)
            .set_external_id(input.external_id.clone())
            .set_serial_number(input.mfa.as_ref().map(|m| m.serial.as_str().to_string()))
            .set_token_code(input.mfa.as_ref().map(|m| m.code.clone()));
        let target = input.role_arn.as_str();
        let out = request
            .send()
            .await
            .map_err(|e| self.error("AssumeRole", target, e, ctx))?;
        let other = |detail: &str| StsError::Other {
            operation: "AssumeRole",
            target: target.to_string(),
            detail: detail.into(),
        };
        let credentials = convert(out.credentials()).ok_or_else(|| other(NO_CREDENTIALS))?;
        let assumed_arn = out
            .assumed_role_user()
            .map(|u| u.arn().to_string())
            .unwrap_or_default();
        Ok(Assumed {
            credentials,
            assumed_arn,
        })
    }

    async fn get_session_token(
        &self,
        creds: &Credentials,
        duration_seconds: u32,
        mfa: MfaCode,
    ) -> Result<Credentials, StsError> {
        let ctx = explain::Context {
            used_mfa: true,
            region: &self.region,
            ..Default::default()
        };
        let target = mfa.serial.to_string();
        let out = self
            .client(creds)
            .await
            .get_session_token()
            .duration_seconds(duration_seconds as i32)
            .serial_number(mfa.serial.as_str())
            .token_code(&mfa.code)
            .send()
            .await
            .map_err(|e| self.error("GetSessionToken", &target, e, ctx))?;
        convert(out.credentials()).ok_or_else(|| StsError::Other {
            operation: "GetSessionToken",
            target,
            detail: NO_CREDENTIALS.into(),
        })
    }

    async fn caller_identity(&self, creds: &Credentials) -> Result<Identity, StsError> {
        let ctx = self.context();
        let out = self
            .client(creds)
            .await
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| self.error("GetCallerIdentity", "", e, ctx))?;
        Ok(Identity {
            account: out.account().unwrap_or_default().to_string(),
            arn: out.arn().unwrap_or_default().to_string(),
            user_id: out.user_id().unwrap_or_default().to_string(),
        })
    }

    async fn get_federation_token(
        &self,
        creds: &Credentials,
        name: &str,
        policy: &str,
        duration_seconds: u32,
    ) -> Result<Credentials, StsError> {
        let ctx = self.context();
        let out = self
            .client(creds)
            .await
            .get_federation_token()
            .name(name)
            .policy(policy)
            .duration_seconds(duration_seconds as i32)
            .send()
            .await
            .map_err(|e| self.error("GetFederationToken", name, e, ctx))?;
        convert(out.credentials()).ok_or_else(|| StsError::Other {
            operation: "GetFederationToken",
            target: name.to_string(),
            detail: NO_CREDENTIALS.into(),
        })
    }
}
