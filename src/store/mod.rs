//! Where sessions are kept between runs, so a second `exec` within their lifetime costs no STS
//! call and no MFA code.

pub mod connect;
pub mod file;
pub mod history;
pub mod keyring;
pub mod open;
pub mod settings;
pub mod state;

use crate::creds::Session;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::io::Write;
use std::os::unix::fs::DirBuilderExt;
use std::path::Path;

/// Identifies a session by everything that changes what STS would return.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CacheKey(String);

impl CacheKey {
    /// Hashes the parts (role ARNs, source chain, external ids, session names, durations,
    /// MFA serials) so an edited profile never finds credentials made for its old self.
    pub fn new(parts: &[String]) -> Self {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for part in parts {
            hasher.update(part.len().to_le_bytes());
            hasher.update(part.as_bytes());
        }
        let hex: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Self(hex)
    }

    /// Rebuilds a key from its text, as stored in a file name.
    pub fn from_hex(text: &str) -> Option<Self> {
        (text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Self(text.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CacheKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CacheKey({})", &self.0[..12.min(self.0.len())])
    }
}

/// A store that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("session cache {place}: {detail}")]
pub struct StoreError {
    pub place: String,
    pub detail: String,
}

/// What can be shown of a kept session without reading its secrets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub key: CacheKey,
    pub profile: String,
    pub role_arn: Option<String>,
    pub assumed_arn: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was issued, which with the expiry says until when it is reused.
    #[serde(default)]
    pub issued_at: Option<DateTime<Utc>>,
}

impl SessionInfo {
    pub fn of(key: &CacheKey, session: &Session) -> Self {
        Self {
            key: key.clone(),
            profile: session.profile.clone(),
            role_arn: session.role_arn.clone(),
            assumed_arn: session.assumed_arn.clone(),
            expires_at: session.credentials.expiration,
            issued_at: session.issued_at,
        }
    }
}

/// Keeps sessions between runs.
pub trait Store: Send + Sync {
    fn get(&self, key: &CacheKey) -> Result<Option<Session>, StoreError>;
    fn put(&self, key: &CacheKey, session: &Session) -> Result<(), StoreError>;
    fn remove(&self, key: &CacheKey) -> Result<(), StoreError>;
    /// Every kept session, expired ones included, without unlocking anything.
    fn list(&self) -> Result<Vec<SessionInfo>, StoreError>;
    /// `file` or `keyring`, for messages.
    fn name(&self) -> &'static str;

    /// Removes the sessions that have expired by `now`, so neither the keyring, the files nor
    /// the state file keep dead credentials; returns how many went.
    fn prune(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        let expired: Vec<SessionInfo> = self
            .list()?
            .into_iter()
            .filter(|s| s.expires_at.is_some_and(|at| at <= now))
            .collect();
        for info in &expired {
            self.remove(&info.key)?;
        }
        Ok(expired.len())
    }
}

/// Writes `bytes` to `path` as the only readable copy: a 0600 temporary file in a 0700
/// directory, synced and renamed over the old one, so a reader sees the old file or the new
/// one, never half of one.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    // tempfile creates the file 0600 before anything is written to it.
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
