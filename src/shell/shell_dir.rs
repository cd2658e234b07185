//! A renewing shell's private directory (0700, under the runtime directory): its views of the
//! AWS files and the file with the served keys' expiry. Removed when the shell ends; one left by
//! a switchrole that was killed (SIGKILL leaves no chance to clean up) is removed by the next.

use crate::os::private_dir::{private_dir, runtime_base};
use std::path::{Path, PathBuf};

/// The directory of the shell this process watches, named by its pid.
pub struct ShellDir {
    path: PathBuf,
}

impl ShellDir {
    /// Makes this process's directory, after removing those of switchroles no longer running.
    pub fn create() -> std::io::Result<ShellDir> {
        let shells = shells_dir();
        sweep(&shells);
        let path = shells.join(std::process::id().to_string());
        private_dir(&shells)?;
        private_dir(&path)?;
        Ok(ShellDir { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for ShellDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Where every renewing shell's directory is.
pub fn shells_dir() -> PathBuf {
    runtime_base().join("shells")
}

/// Removes the directories whose switchrole is gone.
fn sweep(shells: &Path) {
    let Ok(entries) = std::fs::read_dir(shells) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.parse::<i32>().ok()) else {
            continue;
        };
        if pid != std::process::id() as i32 && !running(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a process with this pid runs (one of another user's counts: it is not ours to
/// remove, and the directory is ours only if its pid was).
fn running(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists.
    let found = unsafe { libc::kill(pid, 0) } == 0;
    found || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}
