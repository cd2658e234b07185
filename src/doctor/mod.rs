//! `switchrole doctor` below its front end: reads the two files, runs the pure checks of
//! `profile::checks`, and adds what needs the system (the credentials file's mode) or the
//! network (each base credential asked who it is).

mod online;

pub use crate::profile::checks::{Finding, Report, Severity};
pub use online::online;

use crate::app;
use crate::profile::{self, LoadError, Paths, checks, display_path};
use crate::store::open::StoreChoice;
use crate::store::state::StateFile;
use std::path::Path;

/// Why `doctor` could not check at all.
#[derive(Debug, thiserror::Error)]
pub enum DoctorError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("no profile named '{name}' in {} or {}{suggestion}", files[0], files[1])]
    NotFound {
        name: String,
        files: [String; 2],
        suggestion: String,
    },
}

/// Checks every profile, or `only` that one and its `source_profile` chain, offline.
pub fn examine(paths: &Paths, only: Option<&str>) -> Result<Report, DoctorError> {
    let (config, credentials) = profile::read(paths)?;
    let state = StateFile::at_default_path().read();
    let keyring: Vec<(&str, &str)> = (state.keyring_keys.iter())
        .map(|k| (k.profile.as_str(), k.access_key_id.as_str()))
        .collect();
    let source = |path, text| profile::parse::Source { path, text };
    let mut report = checks::check(
        source(&paths.config, &config),
        source(&paths.credentials, &credentials),
        only,
        &keyring,
    );
    if let Some(name) = only
        && report.catalog.get(name).is_none()
    {
        return Err(DoctorError::NotFound {
            name: name.into(),
            files: report.catalog.files.clone(),
            suggestion: app::did_you_mean(name),
        });
    }
    // With one profile asked about, the credentials file matters only when its chain is there.
    let uses_credentials =
        only.is_none() || report.catalog.profiles.iter().any(|p| p.files.credentials);
    if uses_credentials && let Some(finding) = open_to_others(&paths.credentials) {
        report.findings.push(finding);
    }
    Ok(report)
}

/// An `Info` when sessions are kept in the kernel keyring, since no Secret Service answers:
/// they are gone at logout.
pub fn kernel_keyring(store: StoreChoice) -> Option<Finding> {
    use crate::store::connect::{Keyring, connect};
    if store != StoreChoice::Keyring || connect() != Ok(Keyring::Kernel) {
        return None;
    }
    Some(Finding {
        severity: Severity::Info,
        file: None,
        line: None,
        profile: None,
        message: Keyring::Kernel.notice()?.to_string(),
        fix: None,
    })
}

/// A warning when the credentials file can be read or written by anyone but its owner: it
/// holds long-term keys, and the AWS CLI never checks.
fn open_to_others(path: &Path) -> Option<Finding> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        return None;
    }
    let shown = display_path(path);
    let mut who = Vec::new();
    for (bits, name) in [(0o070, "its group"), (0o007, "other users")] {
        let can: Vec<&str> = [(0o444, "read"), (0o222, "written"), (0o111, "run")]
            .iter()
            .filter(|(b, _)| mode & bits & b != 0)
            .map(|(_, what)| *what)
            .collect();
        if !can.is_empty() {
            who.push(format!("{} by {name}", can.join(" and ")));
        }
    }
    Some(Finding {
        severity: Severity::Warning,
        file: Some(shown.clone()),
        line: None,
        profile: None,
        message: format!(
            "the credentials file can be {} (mode {mode:03o}), and it holds secret keys",
            who.join(", and ")
        ),
        fix: Some(format!("chmod 600 {shown}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn only_the_owner_may_read_the_credentials_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials");
        std::fs::write(&path, "[a]\n").unwrap();
        let mode = |m| std::fs::set_permissions(&path, std::fs::Permissions::from_mode(m)).unwrap();
        mode(0o600);
        assert_eq!(open_to_others(&path), None);
        mode(0o644);
        let finding = open_to_others(&path).unwrap();
        assert_eq!(
            finding.message,
            "the credentials file can be read by its group, and read by other users (mode 644), and it holds secret keys"
        );
        assert_eq!(
            finding.fix.unwrap(),
            format!("chmod 600 {}", display_path(&path))
        );
        mode(0o620);
        let finding = open_to_others(&path).unwrap();
        assert!(
            finding
                .message
                .starts_with("the credentials file can be written by its group (mode 620)"),
            "{}",
            finding.message
        );
        assert_eq!(open_to_others(&dir.path().join("missing")), None);
    }
}
