//! What a caller asks of one assume, and what it gets back.

use super::base::BaseError;
use super::mfa_code::{MfaError, Prompt};
use crate::creds::Session;
use crate::profile::arn::MfaSerial;
use crate::sso::SignIn;
use crate::sts::StsError;

/// Choices the caller makes for one assume.
#[derive(Clone, Debug)]
pub struct Options {
    pub mfa_code: Option<String>,
    /// Overrides the last role's `duration_seconds`.
    pub duration: Option<u32>,
    /// False to get a new session even when a fresh one is kept (renewal); the MFA session is
    /// still reused, and the new session is still kept.
    pub reuse_session: bool,
    pub prompt: Prompt,
    /// What to do when IAM Identity Center has no usable token for the profile.
    pub sign_in: SignIn,
    pub region: Option<String>,
    /// How long an MFA session lasts when the profile does not say (`mfa_session_duration`).
    pub mfa_session_seconds: u32,
}

/// A session and how it was had.
#[derive(Debug)]
pub struct Outcome {
    pub session: Session,
    pub from_cache: bool,
    /// Things worth telling the person (a shortened duration, a cache that could not be written).
    pub notices: Vec<String>,
}

/// Why a profile could not be assumed.
#[derive(Debug, thiserror::Error)]
pub enum AssumeError {
    #[error("profile '{profile}': {reason}")]
    // `reason`, not `source`: the message says it, and an error chain printed whole would
    // say it twice.
    Base { profile: String, reason: BaseError },
    #[error(transparent)]
    Mfa(#[from] MfaError),
    #[error("profile '{profile}' needs an MFA code for {serial}")]
    NeedMfa { profile: String, serial: MfaSerial },
    #[error(transparent)]
    Sts(#[from] StsError),
    /// Another switchrole asking for the same MFA code took too long, or the lock failed.
    #[error(transparent)]
    Waiting(#[from] crate::os::lock::LockError),
}
