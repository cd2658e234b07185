//! The history of switches: one JSON line for each time a profile is used (when, which, its
//! role and account, and how), never a secret. 0600 beside the state file, bounded in size
//! (trimmed to its newest lines by an atomic rewrite), and written under a lock so any number
//! of switchroles can add to it at once.

use super::state::StateFile;
use super::write_private;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::PathBuf;

/// Past this size the file is trimmed to its newest lines, about half of it.
pub const MAX_BYTES: u64 = 256 * 1024;

/// How a profile was used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum How {
    /// A shell from the picker.
    Picker,
    /// `switchrole use`, by name or from the picker: the shell it ran in.
    Use,
    Exec,
    Env,
    CredentialProcess,
}

impl How {
    /// The word `history` shows.
    pub fn label(self) -> &'static str {
        match self {
            How::Picker => "picker",
            How::Use => "use",
            How::Exec => "exec",
            How::Env => "env",
            How::CredentialProcess => "credential-process",
        }
    }
}

/// One switch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub at: DateTime<Utc>,
    pub profile: String,
    pub role_arn: Option<String>,
    pub account: Option<String>,
    pub how: How,
}

/// The history file.
#[derive(Clone, Debug)]
pub struct History {
    path: PathBuf,
    max_bytes: u64,
}

impl History {
    pub fn new(path: PathBuf, max_bytes: u64) -> Self {
        Self { path, max_bytes }
    }

    /// `history.jsonl` beside `state.json`.
    pub fn at_default_path() -> Self {
        let state = StateFile::default_path();
        Self::new(state.with_file_name("history.jsonl"), MAX_BYTES)
    }

    pub fn path(&self) -> &PathBuf {
        &self.path
    }

    /// Adds `entry` as one line, trimming the file when it has grown past its bound.
    pub fn append(&self, entry: &Entry) -> std::io::Result<()> {
        use std::os::unix::fs::OpenOptionsExt;
        let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let _held = self.lock()?;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(&self.path)?;
        file.write_all(&line)?;
        if file.metadata()?.len() > self.max_bytes {
            self.trim()?;
        }
        Ok(())
    }

    /// Every entry, oldest first; a line that cannot be read is skipped.
    pub fn read(&self) -> Vec<Entry> {
        let text = std::fs::read_to_string(&self.path).unwrap_or_default();
        text.lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect()
    }

    /// Keeps the newest lines that fit in half the bound, written whole or not at all.
    fn trim(&self) -> std::io::Result<()> {
        let text = std::fs::read(&self.path)?;
        let mut kept = 0usize;
        let mut start = text.len();
        for line in text.split_inclusive(|&b| b == b'\n').rev() {
            if (kept + line.len()) as u64 > self.max_bytes / 2 {
                break;
            }
            kept += line.len();
            start -= line.len();
        }
        write_private(&self.path, &text[start..])
    }

    /// Holds `history.jsonl.lock` until dropped: the file is replaced by a rename when
    /// trimmed, so it cannot carry the lock itself.
    fn lock(&self) -> std::io::Result<std::fs::File> {
        crate::os::lock::hold_file(&self.path.with_extension("jsonl.lock"))
    }
}

/// The account id of a role or assumed-role ARN (`arn:aws:iam::123456789012:role/Dev`).
pub fn account_of(arn: &str) -> Option<String> {
    let account = arn.split(':').nth(4)?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then(|| account.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn entry(n: usize) -> Entry {
        Entry {
            at: Utc::now(),
            profile: format!("profile-{n}"),
            role_arn: Some("arn:aws:iam::123456789012:role/Dev".into()),
            account: Some("123456789012".into()),
            how: How::Env,
        }
    }

    #[test]
    fn many_writers_at_once_lose_no_line_and_the_file_stays_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let history = History::new(dir.path().join("history.jsonl"), 1024);
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let history = history.clone();
                std::thread::spawn(move || {
                    for n in 0..100 {
                        history.append(&entry(t * 100 + n)).unwrap();
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        let text = std::fs::read_to_string(history.path()).unwrap();
        assert!(text.len() <= 1024, "{} bytes", text.len());
        // Every line whole: trimmed at line boundaries, never torn by two writers.
        let read = history.read();
        assert_eq!(read.len(), text.lines().count());
        assert!(read.len() >= 3, "{}", read.len());
        let mode = std::fs::metadata(history.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        // Trimming drops the oldest lines only: what is left of each writer is the end of
        // what it wrote, with nothing missing in between.
        for t in 0..8 {
            let kept: Vec<usize> = read
                .iter()
                .filter_map(|e| e.profile.strip_prefix("profile-")?.parse::<usize>().ok())
                .filter(|n| n / 100 == t)
                .map(|n| n % 100)
                .collect();
            let expected: Vec<usize> = kept.first().map_or(Vec::new(), |&k| (k..100).collect());
            assert_eq!(kept, expected, "writer {t} lost a line");
        }
    }

    #[test]
    fn accounts_come_from_role_and_assumed_role_arns() {
        let role = "arn:aws:iam::123456789012:role/Dev";
        assert_eq!(account_of(role).as_deref(), Some("123456789012"));
        let assumed = "arn:aws:sts::210987654321:assumed-role/Dev/alice";
        assert_eq!(account_of(assumed).as_deref(), Some("210987654321"));
        assert_eq!(account_of("not an arn"), None);
    }
}
