//! Directories only this user can enter, for files that must not outlive the session or be
//! read by anyone else: console sign-in pages, a renewing shell's views of the AWS files.

use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// `$XDG_RUNTIME_DIR/switchrole` where there is one (memory only, emptied at logout), else
/// switchrole's cache directory.
pub fn runtime_base() -> PathBuf {
    match dirs::runtime_dir() {
        Some(run) => run.join("switchrole"),
        None => dirs::cache_dir()
            .unwrap_or_else(std::env::temp_dir)
            .join("switchrole"),
    }
}

/// Makes `dir` (0700) and checks it is a directory of this user's that no one else can enter.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    // Its parents too: switchrole's own base directory is no one else's business either.
    if let Some(parent) = dir.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)?;
    }
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(e),
        _ => {}
    }
    let meta = std::fs::symlink_metadata(dir)?;
    // SAFETY: geteuid(2) cannot fail.
    let me = unsafe { libc::geteuid() };
    if !meta.is_dir() || meta.uid() != me {
        return Err(std::io::Error::other(
            "it is not a directory of this user's",
        ));
    }
    if meta.mode() & 0o077 != 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}
