//! The file where a renewing shell's `status` reads the served keys' expiry: written when the
//! shell starts and at each renewal, in the shell's directory (removed with it).

use crate::creds::Session;
use std::path::PathBuf;

/// The file where a renewing shell's `status` reads the served keys' expiry.
pub(super) struct ExpiryFile {
    pub path: PathBuf,
}

impl ExpiryFile {
    pub fn create(dir: &std::path::Path, session: &Session) -> Self {
        let file = ExpiryFile {
            path: dir.join("expiry"),
        };
        file.write(session);
        file
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
