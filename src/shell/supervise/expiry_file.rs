//! The file where a renewing shell's `status` reads the served keys' expiry: written when the
//! shell starts and at each renewal, removed when it ends.

use crate::creds::Session;
use std::path::PathBuf;

/// The file where a renewing shell's `status` reads the served keys' expiry.
pub(super) struct ExpiryFile {
    pub path: PathBuf,
}

impl ExpiryFile {
    pub fn create(session: &Session) -> std::io::Result<Self> {
        let dir = crate::store::state::StateFile::default_path()
            .parent()
            .map(|d| d.join("shells"))
            .unwrap_or_else(std::env::temp_dir);
        let file = ExpiryFile {
            path: dir.join(std::process::id().to_string()),
        };
        file.write(session);
        Ok(file)
    }

    pub fn write(&self, session: &Session) {
        let text = session
            .credentials
            .expiration
            .map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default();
        // Only `status` reads it, and a stale file shows a stale countdown, nothing worse.
        let _ = crate::store::write_private(&self.path, text.as_bytes());
    }
}

impl Drop for ExpiryFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
