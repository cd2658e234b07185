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
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Contents {
    /// Profiles whose long-term keys are in the keyring.
    #[serde(default)]
    pub keyring_keys: Vec<KeyringKeys>,
    /// Sessions whose credentials are in the keyring.
    #[serde(default)]
    pub sessions: Vec<SessionInfo>,
    /// The profile last used in the picker, where its cursor starts next time.
    #[serde(default)]
    pub last_profile: Option<String>,
    /// Whether the person was told that sessions live in the kernel keyring: once is enough.
    #[serde(default)]
    pub told_kernel_keyring: bool,
}

impl Contents {
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

    /// The file at its usual place.
    pub fn at_default_path() -> Self {
        Self::new(Self::default_path())
    }

    pub fn default_path() -> PathBuf {
        let base = dirs::state_dir()
            .or_else(dirs::cache_dir)
            .unwrap_or_else(std::env::temp_dir);
        base.join("switchrole").join("state.json")
    }

    /// The file as it is: missing, sound, or damaged (truncated, empty, junk).
    fn load(&self) -> Loaded {
        match std::fs::read(&self.path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Loaded::Missing,
            Err(_) => Loaded::Damaged,
            Ok(bytes) => serde_json::from_slice(&bytes).map_or(Loaded::Damaged, Loaded::Sound),
        }
    }

    /// The contents for reading; a missing or damaged file reads as empty, so a reader never
    /// fails (the damage is repaired by `keyring::repair`, never overwritten by `update`).
    pub fn read(&self) -> Contents {
        match self.load() {
            Loaded::Sound(contents) => contents,
            Loaded::Missing | Loaded::Damaged => Contents::default(),
        }
    }

    /// True when the file is there but cannot be read as switchrole wrote it.
    pub fn is_damaged(&self) -> bool {
        matches!(self.load(), Loaded::Damaged)
    }

    /// Reads, changes and writes the contents back. A damaged file is left as it is and the
    /// change refused: it may hold the only record of keyring-only keys.
    pub fn update(&self, change: impl FnOnce(&mut Contents)) -> std::io::Result<()> {
        let _held = self.lock()?;
        let mut contents = match self.load() {
            Loaded::Sound(contents) => contents,
            Loaded::Missing => Contents::default(),
            Loaded::Damaged => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "{} cannot be read, and is kept until it is repaired",
                        self.path.display()
                    ),
                ));
            }
        };
        change(&mut contents);
        self.write(&contents)
    }

    /// Moves a damaged file aside (to `state.json.damaged-SECONDS`) and writes `rebuilt` in its
    /// place; returns where the damaged one went, or None when another switchrole repaired it
    /// first.
    pub fn replace_damaged(&self, rebuilt: &Contents) -> std::io::Result<Option<PathBuf>> {
        let _held = self.lock()?;
        if !self.is_damaged() {
            return Ok(None);
        }
        let seconds = chrono::Utc::now().timestamp();
        let aside = self.path.with_extension(format!("json.damaged-{seconds}"));
        std::fs::rename(&self.path, &aside)?;
        self.write(rebuilt)?;
        Ok(Some(aside))
    }

    /// Holds `state.json.lock` until dropped, so that a read, change and write is one step
    /// for every switchrole running: otherwise two writing at once each write back what they
    /// read, and one's entry is lost. The state file itself is replaced by a rename on each
    /// write, so it cannot carry the lock.
    fn lock(&self) -> std::io::Result<std::fs::File> {
        crate::os::lock::hold_file(&self.path.with_extension("json.lock"))
    }

    fn write(&self, contents: &Contents) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(contents).map_err(std::io::Error::other)?;
        write_private(&self.path, &json)
    }

    pub fn path(&self) -> &PathBuf {
        &self.path
    }
}

enum Loaded {
    Missing,
    Sound(Contents),
    Damaged,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_file_reads_empty_is_never_overwritten_and_can_be_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path().join("state.json"));
        assert!(!file.is_damaged(), "a missing file is not damaged");
        file.update(|c| c.last_profile = Some("dev".into()))
            .unwrap();
        assert_eq!(file.read().last_profile.as_deref(), Some("dev"));
        for junk in ["", "{\"keyring_keys\": [", "not json"] {
            std::fs::write(file.path(), junk).unwrap();
            assert!(file.is_damaged());
            assert_eq!(file.read(), Contents::default());
            assert!(file.update(|c| c.last_profile = None).is_err());
            assert_eq!(
                std::fs::read_to_string(file.path()).unwrap(),
                junk,
                "kept as it was"
            );
        }
        let rebuilt = Contents {
            last_profile: Some("x".into()),
            ..Contents::default()
        };
        let aside = file.replace_damaged(&rebuilt).unwrap().unwrap();
        assert_eq!(std::fs::read_to_string(aside).unwrap(), "not json");
        assert_eq!(file.read(), rebuilt);
        // A second run that found it damaged too leaves the repaired file alone.
        assert_eq!(file.replace_damaged(&Contents::default()).unwrap(), None);
        assert_eq!(file.read(), rebuilt);
    }
}
