//! One switchrole at a time for what the person does once: a sign-in, an MFA code. Eight
//! runs started together (a script, parallel terraform, tmux panes) would otherwise open eight
//! browser tabs or ask eight times. The first holds a lock file and does it; the others wait,
//! saying so, then find its token or session and reuse it. The lock is flock(2) on a file in
//! the user's runtime directory (else the cache directory): the kernel lets go of it however
//! its holder ends.

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How often a waiter tries the lock again.
const POLL: Duration = Duration::from_millis(100);

/// Why the lock was not had.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("cannot use the lock file {path}: {detail}")]
    File { path: String, detail: String },
    #[error(
        "gave up after {} waiting for another switchrole{} {what}; try again once it is done",
        spoken(*waited),
        holder_text(*pid)
    )]
    TimedOut {
        what: String,
        waited: Duration,
        pid: Option<u32>,
    },
}

/// `15 min`, `30 s`.
fn spoken(time: Duration) -> String {
    match time.as_secs() {
        s if s >= 60 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

fn holder_text(pid: Option<u32>) -> String {
    pid.map_or(String::new(), |pid| format!(" (pid {pid})"))
}

/// Holds an exclusive lock on the file at `path` (made 0600, in a 0700 directory) until the
/// returned file is dropped, waiting as long as another holder takes: for a read, change and
/// write of a file that is replaced by a rename, and so cannot carry the lock itself.
pub fn hold_file(path: &std::path::Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(path)?;
    file.lock()?;
    Ok(file)
}

/// The lock, held until dropped.
#[derive(Debug)]
pub struct Held {
    _file: File,
}

/// Where the lock files are: `$XDG_RUNTIME_DIR/switchrole/locks`, private to the user and
/// emptied at logout, else the cache directory.
fn dir() -> PathBuf {
    super::private_dir::runtime_base().join("locks")
}

/// Takes the lock `name` (a file name: letters, digits, `-`), waiting at most `timeout` while
/// another switchrole holds it. `tell` is called once, when waiting starts, with a line such
/// as `switchrole: waiting for another switchrole signing in to corp (pid 4242)...`, where
/// `what` is `signing in to corp`.
pub async fn hold(
    name: &str,
    what: &str,
    timeout: Duration,
    tell: impl FnOnce(&str),
) -> Result<Held, LockError> {
    hold_in(dir(), name, what, timeout, tell).await
}

async fn hold_in(
    dir: PathBuf,
    name: &str,
    what: &str,
    timeout: Duration,
    tell: impl FnOnce(&str),
) -> Result<Held, LockError> {
    let path = dir.join(format!("{name}.lock"));
    let failed = |e: std::io::Error| LockError::File {
        path: crate::profile::display_path(&path),
        detail: e.to_string(),
    };
    if let Some(parent) = path.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(parent)
            .map_err(failed)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .mode(0o600)
        .open(&path)
        .map_err(failed)?;
    let started = Instant::now();
    let mut tell = Some(tell);
    loop {
        match file.try_lock() {
            Ok(()) => {
                // Who holds it, for the message the others show.
                file.set_len(0).map_err(failed)?;
                write!(file, "{}", std::process::id()).map_err(failed)?;
                return Ok(Held { _file: file });
            }
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(e)) => return Err(failed(e)),
        }
        let pid = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| text.trim().parse().ok());
        // The holder writes its pid just after it takes the lock: a moment's patience names it.
        let named = pid.is_some() || started.elapsed() >= Duration::from_secs(1);
        if let Some(tell) = tell.take_if(|_| named) {
            tell(&format!(
                "switchrole: waiting for another switchrole {what}{}...\n",
                holder_text(pid)
            ));
        }
        if started.elapsed() >= timeout {
            return Err(LockError::TimedOut {
                what: what.into(),
                waited: timeout,
                pid,
            });
        }
        tokio::time::sleep(POLL).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_second_holder_waits_says_who_holds_it_and_gives_up_in_time() {
        let dir = tempfile::tempdir().unwrap();
        let locks = || dir.path().join("locks");
        let untold = |_: &str| unreachable!("nobody holds it");
        let first = hold_in(locks(), "l", "doing it", POLL, untold)
            .await
            .unwrap();
        let mut told = Vec::new();
        let wait = Duration::from_millis(300);
        let started = Instant::now();
        let tell = |t: &str| told.push(t.to_string());
        let second = hold_in(locks(), "l", "doing it", wait, tell).await;
        assert!(started.elapsed() >= wait);
        let pid = std::process::id();
        assert_eq!(
            told,
            [format!(
                "switchrole: waiting for another switchrole doing it (pid {pid})...\n"
            )]
        );
        assert_eq!(
            second.unwrap_err().to_string(),
            format!(
                "gave up after 0 s waiting for another switchrole (pid {pid}) doing it; try again once it is done"
            )
        );
        drop(first);
        hold_in(locks(), "l", "doing it", POLL, untold)
            .await
            .unwrap();
    }
}
