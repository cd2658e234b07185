//! Credentials and the secrets inside them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A secret string. `Debug` and `Display` print a placeholder, so a secret cannot reach a log,
/// a panic message or the screen by accident; `expose` is the one explicit way to read it.
/// (The `secrecy` crate refuses `Serialize` for strings, and switchrole must write sessions
/// to its 0600 cache, so this small type stands in for it.)
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the few places that must hand it on (STS, a child's environment).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// An AWS key pair, with a session token and expiry when temporary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub session_token: Option<Secret>,
    pub expiration: Option<DateTime<Utc>>,
}

/// Credentials ready to hand to a child, with what they are for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub profile: String,
    /// The role that was assumed last, when the profile is a role.
    pub role_arn: Option<String>,
    /// What STS says the credentials are, e.g. `arn:aws:sts::123:assumed-role/Admin/alice`.
    pub assumed_arn: Option<String>,
    pub region: Option<String>,
    pub credentials: Credentials,
    /// When STS issued the credentials: with the expiry, the session's length, which decides
    /// how long it may be reused. Absent in sessions cached by older versions.
    #[serde(default)]
    pub issued_at: Option<DateTime<Utc>>,
}

impl Credentials {
    /// Time left before expiry at `now`; None for long-term keys.
    pub fn time_left(&self, now: DateTime<Utc>) -> Option<chrono::Duration> {
        self.expiration.map(|at| at - now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_secrets() {
        let creds = Credentials {
            access_key_id: "AKIAEXAMPLE".into(),
            secret_access_key: Secret::new("very-secret-value"),
            session_token: Some(Secret::new("token-value")),
            expiration: None,
        };
        let shown = format!("{creds:?} {creds:#?}");
        assert!(shown.contains("AKIAEXAMPLE"));
        assert!(!shown.contains("very-secret-value"));
        assert!(!shown.contains("token-value"));
    }
}
