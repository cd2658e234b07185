//! The demo's simulated STS: no network, fake short-lived credentials, and one rejected MFA
//! code (000000) so the retry path can be tried.

use super::{AssumeRoleInput, Assumed, Identity, MfaCode, Sts, StsError};
use crate::creds::{Credentials, Secret};
use chrono::{TimeDelta, Utc};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Demo sessions last 20 minutes, so countdowns change colour while someone watches.
const DEMO_SESSION: TimeDelta = TimeDelta::minutes(20);

/// STS for `switchrole demo`.
pub struct DemoSts;

fn fake(prefix: &str, len: usize) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    let digits = format!("{nanos:032X}");
    let tail: String = digits
        .chars()
        .rev()
        .cycle()
        .take(len.saturating_sub(prefix.len()))
        .collect();
    format!("{prefix}{tail}")
}

impl Sts for DemoSts {
    async fn assume_role(
        &self,
        _creds: &Credentials,
        input: AssumeRoleInput,
    ) -> Result<Assumed, StsError> {
        // Long enough to see the "assuming" state, short enough not to bore.
        tokio::time::sleep(Duration::from_millis(600)).await;
        if input.mfa.as_ref().is_some_and(|m| m.code == "000000") {
            return Err(StsError::Service {
                operation: "AssumeRole",
                target: input.role_arn.to_string(),
                code: "AccessDenied".into(),
                message: "MultiFactorAuthentication failed with invalid MFA one time pass code (DEMO: any other 6 digits work)".into(),
                hint: None,
            });
        }
        let role = &input.role_arn;
        Ok(Assumed {
            credentials: Credentials {
                access_key_id: fake("ASIADEMO", 20),
                secret_access_key: Secret::new(fake("demo-secret-", 40)),
                session_token: Some(Secret::new(fake("demo-token-", 64))),
                expiration: Some(Utc::now() + DEMO_SESSION),
            },
            assumed_arn: format!(
                "arn:aws:sts::{}:assumed-role/{}/{}",
                role.account_id(),
                role.role_name(),
                input.session_name
            ),
        })
    }

    async fn get_session_token(
        &self,
        _creds: &Credentials,
        _duration: u32,
        mfa: MfaCode,
    ) -> Result<Credentials, StsError> {
        tokio::time::sleep(Duration::from_millis(300)).await;
        if mfa.code == "000000" {
            return Err(StsError::Service {
                operation: "GetSessionToken",
                target: mfa.serial.to_string(),
                code: "AccessDenied".into(),
                message: "MultiFactorAuthentication failed with invalid MFA one time pass code (DEMO: any other 6 digits work)".into(),
                hint: None,
            });
        }
        Ok(Credentials {
            access_key_id: fake("ASIADEMO", 20),
            secret_access_key: Secret::new(fake("demo-secret-", 40)),
            session_token: Some(Secret::new(fake("demo-token-", 64))),
            expiration: Some(Utc::now() + DEMO_SESSION),
        })
    }

    async fn caller_identity(&self, creds: &Credentials) -> Result<Identity, StsError> {
        Ok(Identity {
            account: "111111111111".into(),
            arn: "arn:aws:iam::111111111111:user/demo".into(),
            user_id: creds.access_key_id.clone(),
        })
    }

    async fn get_federation_token(
        &self,
        _creds: &Credentials,
        _name: &str,
        _policy: &str,
        _duration_seconds: u32,
    ) -> Result<Credentials, StsError> {
        Ok(Credentials {
            access_key_id: fake("ASIADEMO", 20),
            secret_access_key: Secret::new(fake("demo-secret-", 40)),
            session_token: Some(Secret::new(fake("demo-token-", 64))),
            expiration: Some(Utc::now() + DEMO_SESSION),
        })
    }
}
