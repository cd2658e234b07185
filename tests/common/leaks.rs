//! The secrets a leak test plants and hunts, and where each may be found: the long-term keys
//! and MFA seeds nowhere but the AWS files; STS's and IAM Identity Center's role credentials
//! only on the stdout of the commands that print them and in the session store; IAM Identity
//! Center's tokens and client secret only in the token file and the registration; the console's
//! sign-in token only on `console --print`'s stdout and in the console's page. Every file
//! switchrole writes is 0600, in a directory of its own making that is 0700.

use super::Sandbox;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// What one secret is, for messages, and where it may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    LongTerm,
    Session,
    SsoToken,
    SigninToken,
    /// A renewing shell's `AWS_CONTAINER_AUTHORIZATION_TOKEN`: its child's alone.
    EndpointToken,
}

/// Every kind of secret.
pub const ALL: [Kind; 5] = [
    Kind::LongTerm,
    Kind::Session,
    Kind::SsoToken,
    Kind::SigninToken,
    Kind::EndpointToken,
];

/// A planted or handed-out secret.
#[derive(Clone, Debug)]
pub struct Planted {
    pub value: String,
    pub kind: Kind,
}

/// Every secret of `kinds` in `secrets` that `text` holds.
pub fn found<'s>(text: &str, secrets: &'s [Planted], kinds: &[Kind]) -> Vec<&'s Planted> {
    let hunted = secrets.iter().filter(|s| kinds.contains(&s.kind));
    hunted.filter(|s| text.contains(&s.value)).collect()
}

/// Fails when `text` (shown as `place`) holds any secret of `kinds`.
#[track_caller]
pub fn assert_none(text: &str, secrets: &[Planted], kinds: &[Kind], place: &str) {
    let leaked = found(text, secrets, kinds);
    let at: Vec<&str> = leaked
        .iter()
        .filter_map(|s| text.lines().find(|l| l.contains(&s.value)))
        .collect();
    assert!(
        leaked.is_empty(),
        "{leaked:?} found in {place}, at {at:?}:\n{text}"
    );
}

/// Every file under `dir`, and every directory.
pub fn walk(dir: &Path, files: &mut Vec<PathBuf>, dirs: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            dirs.push(path.clone());
            walk(&path, files, dirs)
        } else {
            files.push(path)
        }
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Which kinds of secret a file switchrole wrote may hold, by where it is.
pub fn allowed_in(path: &Path, sessions_in_files: bool) -> Vec<Kind> {
    let text = path.to_string_lossy();
    if text.contains("/cache/switchrole/sessions/") && sessions_in_files {
        vec![Kind::Session]
    } else if text.contains("/.aws/sso/cache/") || text.contains("/switchrole/sso/registration-") {
        vec![Kind::SsoToken]
    } else if text.contains("/run/switchrole/signin-") {
        vec![Kind::SigninToken]
    } else {
        vec![]
    }
}

/// Checks every file and directory switchrole left in `sandbox` (all but `inputs`, the files
/// the test wrote): each secret only where it may be, each file 0600, each directory 0700.
pub fn check_files(sandbox: &Sandbox, inputs: &[PathBuf], secrets: &[Planted], sessions: bool) {
    let (mut files, mut dirs) = (Vec::new(), Vec::new());
    walk(sandbox.dir.path(), &mut files, &mut dirs);
    for file in files.iter().filter(|f| !inputs.contains(f)) {
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        let allowed = allowed_in(file, sessions);
        let hunted: Vec<Kind> = ALL.into_iter().filter(|k| !allowed.contains(k)).collect();
        assert_none(&text, secrets, &hunted, &file.display().to_string());
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    // The directories the test made, for its own files or as the system would.
    let made_by_test: Vec<&Path> = inputs.iter().flat_map(|f| f.ancestors()).collect();
    for dir in dirs.iter().filter(|d| !made_by_test.contains(&d.as_path())) {
        assert_eq!(mode(dir) & 0o077, 0, "{} is open to others", dir.display());
    }
}
