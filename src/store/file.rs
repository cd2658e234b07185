//! Sessions as one JSON file each under the XDG cache directory: mode 0600 in a 0700
//! directory, written to a temporary file and renamed, so a reader (another switchrole at the
//! same moment) sees the old file or the new one, never half of one.

use super::{CacheKey, SessionInfo, Store, StoreError, write_private};
use crate::creds::Session;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The file store.
pub struct FileStore {
    dir: PathBuf,
}

impl FileStore {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// `$XDG_CACHE_HOME/switchrole/sessions` (`~/.cache/...` when unset).
    pub fn default_dir() -> PathBuf {
        dirs::cache_dir()
            .unwrap_or_else(std::env::temp_dir)
            .join("switchrole")
            .join("sessions")
    }

    fn path(&self, key: &CacheKey) -> PathBuf {
        self.dir.join(format!("{}.json", key.as_str()))
    }

    fn error(&self, path: &Path, err: impl std::fmt::Display) -> StoreError {
        StoreError {
            place: path.display().to_string(),
            detail: err.to_string(),
        }
    }

    fn read(&self, path: &Path) -> Result<Option<Session>, StoreError> {
        match std::fs::read(path) {
            // A file from an older or damaged write is treated as a miss, not an error.
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).ok()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.error(path, e)),
        }
    }
}

impl Store for FileStore {
    fn get(&self, key: &CacheKey) -> Result<Option<Session>, StoreError> {
        self.read(&self.path(key))
    }

    fn put(&self, key: &CacheKey, session: &Session) -> Result<(), StoreError> {
        let path = self.path(key);
        let json = serde_json::to_vec(session).map_err(|e| self.error(&path, e))?;
        write_private(&path, &json).map_err(|e| self.error(&path, e))
    }

    fn remove(&self, key: &CacheKey) -> Result<(), StoreError> {
        let path = self.path(key);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(self.error(&path, e)),
            _ => Ok(()),
        }
    }

    fn name(&self) -> &'static str {
        "file"
    }

    fn list(&self) -> Result<Vec<SessionInfo>, StoreError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.error(&self.dir, e)),
        };
        let mut sessions = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let key = path
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(CacheKey::from_hex);
            if let (Some(key), Some(session)) = (key, self.read(&path)?) {
                sessions.push(SessionInfo::of(&key, &session));
            }
        }
        Ok(sessions)
    }
}

/// The permission bits of a file, for tests and checks.
pub fn mode_of(path: &Path) -> std::io::Result<u32> {
    Ok(std::fs::metadata(path)?.permissions().mode() & 0o777)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::creds::{Credentials, Secret};

    fn session() -> Session {
        Session {
            profile: "dev".into(),
            role_arn: Some("arn:aws:iam::123456789012:role/Dev".into()),
            assumed_arn: None,
            region: None,
            credentials: Credentials {
                access_key_id: "ASIAEXAMPLE".into(),
                secret_access_key: Secret::new("s3cr3t"),
                session_token: Some(Secret::new("t0k3n")),
                expiration: None,
            },
            issued_at: None,
        }
    }

    #[test]
    fn round_trip_with_private_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path().join("sessions"));
        let key = CacheKey::new(&["a".into()]);
        assert_eq!(store.get(&key).unwrap(), None);
        store.put(&key, &session()).unwrap();
        assert_eq!(store.get(&key).unwrap(), Some(session()));
        assert_eq!(mode_of(&store.path(&key)).unwrap(), 0o600);
        assert_eq!(mode_of(&dir.path().join("sessions")).unwrap(), 0o700);
        assert_eq!(store.list().unwrap().len(), 1);
        store.remove(&key).unwrap();
        assert_eq!(store.list().unwrap().len(), 0);
    }
}
