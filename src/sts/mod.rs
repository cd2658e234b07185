//! Talking to STS, behind a trait so the engine can run against AWS, an emulator or the demo.

pub(crate) mod cause;
pub mod demo;
pub mod denied;
mod explain;
pub mod sdk;

use crate::creds::Credentials;
use crate::profile::arn::{MfaSerial, RoleArn};
use std::future::Future;

/// One AssumeRole request.
#[derive(Clone, Debug)]
pub struct AssumeRoleInput {
    pub role_arn: RoleArn,
    pub session_name: String,
    pub external_id: Option<String>,
    pub duration_seconds: u32,
    pub mfa: Option<MfaCode>,
}

/// An MFA device and the code it showed.
#[derive(Clone, Debug)]
pub struct MfaCode {
    pub serial: MfaSerial,
    pub code: String,
}

/// What AssumeRole returned.
#[derive(Clone, Debug)]
pub struct Assumed {
    pub credentials: Credentials,
    /// e.g. `arn:aws:sts::123456789012:assumed-role/Admin/alice`
    pub assumed_arn: String,
}

/// GetCallerIdentity's answer.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Identity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

/// The STS calls switchrole makes.
pub trait Sts: Send + Sync {
    fn assume_role(
        &self,
        creds: &Credentials,
        input: AssumeRoleInput,
    ) -> impl Future<Output = Result<Assumed, StsError>> + Send;

    /// An MFA session for long-term keys: one code, then roles assumed without another.
    fn get_session_token(
        &self,
        creds: &Credentials,
        duration_seconds: u32,
        mfa: MfaCode,
    ) -> impl Future<Output = Result<Credentials, StsError>> + Send;

    fn caller_identity(
        &self,
        creds: &Credentials,
    ) -> impl Future<Output = Result<Identity, StsError>> + Send;

    /// Temporary credentials for an IAM user's long-term keys, which the console sign-in
    /// refuses: a federated user `name` with `policy` (limited by the user's own policies).
    fn get_federation_token(
        &self,
        creds: &Credentials,
        name: &str,
        policy: &str,
        duration_seconds: u32,
    ) -> impl Future<Output = Result<Credentials, StsError>> + Send;
}

/// A failed STS call, with what was asked and, where it helps, what to check.
#[derive(Clone, Debug, thiserror::Error, PartialEq)]
pub enum StsError {
    #[error(
        "{operation}{} failed: {code}: {message}{}",
        spaced(target),
        hint_text(hint)
    )]
    Service {
        operation: &'static str,
        target: String,
        code: String,
        message: String,
        hint: Option<String>,
    },
    #[error(
        "{operation}{} failed: could not reach STS at {endpoint}: {detail}",
        spaced(target)
    )]
    Unreachable {
        operation: &'static str,
        target: String,
        endpoint: String,
        detail: String,
    },
    #[error("{operation}{} failed: {detail}", spaced(target))]
    Other {
        operation: &'static str,
        target: String,
        detail: String,
    },
}

fn spaced(target: &str) -> String {
    if target.is_empty() {
        String::new()
    } else {
        format!(" {target}")
    }
}

fn hint_text(hint: &Option<String>) -> String {
    match hint {
        // An explanation of several lines (a refused AssumeRole) stands on its own lines.
        Some(h) if h.contains('\n') => format!("\n{}", h.trim_end()),
        Some(h) => format!("\n  hint: {h}"),
        None => String::new(),
    }
}

impl StsError {
    /// AWS's error code, when STS answered.
    pub fn code(&self) -> Option<&str> {
        match self {
            StsError::Service { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The same error, explained by `hint` instead.
    pub fn with_hint(self, hint: String) -> StsError {
        match self {
            StsError::Service {
                operation,
                target,
                code,
                message,
                ..
            } => StsError::Service {
                operation,
                target,
                code,
                message,
                hint: Some(hint),
            },
            other => other,
        }
    }

    /// True when STS refused the MFA code itself ("MultiFactorAuthentication failed with
    /// invalid MFA one time pass code"), rather than the caller (a trust policy, a permission).
    pub fn rejects_mfa_code(&self) -> bool {
        matches!(self, StsError::Service { code, message, .. }
            if code == "AccessDenied" && message.contains("MultiFactorAuthentication"))
    }
}

pub use explain::{Context as ExplainContext, explain};

#[cfg(test)]
mod tests {
    use super::*;

    fn denied(message: &str) -> StsError {
        StsError::Service {
            operation: "AssumeRole",
            target: String::new(),
            code: "AccessDenied".into(),
            message: message.into(),
            hint: None,
        }
    }

    #[test]
    fn only_a_refused_code_is_about_the_code() {
        assert!(
            denied("MultiFactorAuthentication failed with invalid MFA one time pass code.")
                .rejects_mfa_code()
        );
        let trust = "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/X";
        assert!(!denied(trust).rejects_mfa_code());
    }
}
