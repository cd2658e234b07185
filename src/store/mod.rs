//! Where sessions are kept between runs, so a second `exec` within their lifetime costs no STS
//! call and no MFA code.

pub mod file;

use crate::creds::Session;
use std::fmt;

/// Identifies a session by everything that changes what STS would return.
#[derive(Clone, PartialEq, Eq, Hash)]
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

/// Keeps sessions between runs.
pub trait Store: Send + Sync {
    fn get(&self, key: &CacheKey) -> Result<Option<Session>, StoreError>;
    fn put(&self, key: &CacheKey, session: &Session) -> Result<(), StoreError>;
    fn remove(&self, key: &CacheKey) -> Result<(), StoreError>;
    /// Every kept session, expired ones included.
    fn list(&self) -> Result<Vec<(CacheKey, Session)>, StoreError>;
}
