//! Non-secret facts kept beside the keyring: which profiles keep their keys there, and which
//! sessions exist until when. `list`, the picker's countdowns and a shell prompt read this
//! file, so showing time left never unlocks the keyring.

use super::{CacheKey, SessionInfo, write_private};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A profile with keys in the keyring. The access key id is not secret (CloudTrail shows
/// it); keeping it here lets a cache key change with rotated keys without unlocking anything.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyringKeys {
    pub profile: String,
    pub access_key_id: String,
}

/// The file's content.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct State {
    /// Profiles whose long-term keys are in the keyring.
    #[serde(default)]
    pub keyring_keys: Vec<KeyringKeys>,
    /// Sessions whose credentials are in the keyring.
    #[serde(default)]
    pub sessions: Vec<SessionInfo>,
    /// The profile last used in the picker, where its cursor starts next time.
    #[serde(default)]
    pub last_profile: Option<String>,
}

impl State {
    pub fn forget_session(&mut self, key: &CacheKey) {
        self.sessions.retain(|s| s.key != *key);
    }
}

/// `$XDG_STATE_HOME/switchrole/state.json`, 0600, written atomically.
#[derive(Clone, Debug)]
pub struct StateFile {
    path: PathBuf,
}

impl StateFile {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    pub fn default_path() -> PathBuf {
        let base = dirs::state_dir()
            .or_else(dirs::cache_dir)
            .unwrap_or_else(std::env::temp_dir);
        base.join("switchrole").join("state.json")
    }

    /// The state; a missing or unreadable file is an empty state, since it only mirrors what
    /// the keyring holds.
    pub fn read(&self) -> State {
        std::fs::read(&self.path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Reads, changes and writes the state back. Two switchroles writing at the same moment
    /// can lose one's entry; the keyring still holds the secret, and the next write mends it.
    pub fn update(&self, change: impl FnOnce(&mut State)) -> std::io::Result<()> {
        let mut state = self.read();
        change(&mut state);
        let json = serde_json::to_vec_pretty(&state).map_err(std::io::Error::other)?;
        write_private(&self.path, &json)
    }

    pub fn path(&self) -> &PathBuf {
        &self.path
    }
}
