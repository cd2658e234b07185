//! How a renewing shell is the role it names whatever the person's files hold. Every SDK's
//! default chain reads the shared files' profile (`AWS_PROFILE`, else `[default]`) before the
//! container endpoint, so keys, a role, a `credential_process` or an SSO session under
//! `[default]` would win over the served role. The shell gets `AWS_PROFILE` = a profile of its
//! own, `switchrole:NAME`, and `AWS_CONFIG_FILE` = a view of the config file that adds it: it
//! has the default profile's settings (region, output...) and no credentials, so the chain finds
//! none in the files and asks the endpoint. Every profile of the person's reads as before, so
//! `aws --profile other` works exactly as it does outside, and the credentials file is the
//! person's own: nothing secret is copied. The view is 0600 in the shell's 0700 directory,
//! rewritten within a second of an edit to the real file, and removed with the directory.

use crate::profile::view::{shell_profile, with_shell_profile};
use crate::profile::{Paths, REAL_CONFIG_VAR, display_path};
use std::ffi::OsString;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// What a file looked like: enough to notice it changed.
type Stamp = (i64, i64, u64, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.mtime(), meta.mtime_nsec(), meta.len(), meta.ino()))
}

/// A renewing shell's view of the config file.
pub struct FileViews {
    profile: String,
    real: PathBuf,
    view: PathBuf,
    /// The real file when the view was last written.
    real_seen: Option<Stamp>,
    /// The view as written, to notice a program in the shell writing to it.
    view_written: Option<Stamp>,
    told_of_writes: bool,
}

impl FileViews {
    /// Writes the view for a shell serving `served` into `dir`.
    pub fn create(dir: &Path, served: &str, paths: &Paths) -> std::io::Result<FileViews> {
        let mut views = FileViews {
            profile: shell_profile(served),
            real: paths.config.clone(),
            view: dir.join("config"),
            real_seen: None,
            view_written: None,
            told_of_writes: false,
        };
        views.write()?;
        Ok(views)
    }

    fn write(&mut self) -> std::io::Result<()> {
        self.real_seen = stamp(&self.real);
        let config = std::fs::read(&self.real).unwrap_or_default();
        crate::store::write_private(&self.view, &with_shell_profile(&config, &self.profile))?;
        self.view_written = stamp(&self.view);
        Ok(())
    }

    /// The shell's variables: its profile, the view, and where the real file is for a
    /// switchrole started in the shell.
    pub fn env(&self) -> Vec<(&'static str, OsString)> {
        vec![
            ("AWS_PROFILE", self.profile.clone().into()),
            ("AWS_CONFIG_FILE", self.view.clone().into()),
            (REAL_CONFIG_VAR, self.real.clone().into()),
        ]
    }

    /// Rewrites the view when the real file changed; returns a line to tell the person when a
    /// program in the shell wrote to the view (that change is not in their own file).
    pub fn refresh(&mut self) -> Option<String> {
        let written_to = stamp(&self.view) != self.view_written;
        if stamp(&self.real) != self.real_seen || (written_to && stamp(&self.view).is_none()) {
            let _ = self.write();
        }
        if !written_to || self.told_of_writes {
            return None;
        }
        self.told_of_writes = true;
        Some(format!(
            "switchrole: a program in this shell wrote to AWS_CONFIG_FILE, a view of {} that goes when the shell ends; make that change outside this shell",
            display_path(&self.real)
        ))
    }
}
