//! What the doctor tests share: sandboxes with a private credentials file, running
//! `switchrole doctor`, and finding a finding in its output.

use super::Sandbox;
use std::os::unix::fs::PermissionsExt;

pub const ROLE: &str = "role_arn = arn:aws:iam::123456789012:role/R\n";

/// A sandbox whose credentials file only its owner can read, as `aws configure` leaves it.
pub fn sandbox(config: &str, credentials: &str, endpoint: &str) -> Sandbox {
    let sandbox = Sandbox::new(config, credentials, endpoint);
    chmod(&sandbox, 0o600);
    sandbox
}

pub fn chmod(sandbox: &Sandbox, mode: u32) {
    let permissions = std::fs::Permissions::from_mode(mode);
    std::fs::set_permissions(sandbox.path("credentials"), permissions).unwrap();
}

/// `switchrole doctor ARGS` on the two files, offline: (exit code, stdout, stderr).
pub fn doctor(config: &str, credentials: &str, args: &[&str]) -> (i32, String, String) {
    let sandbox = sandbox(config, credentials, "http://127.0.0.1:9");
    sandbox.run(&[&["doctor"], args].concat())
}

/// Asserts that `out` reports `finding` at `place` with `fix`, as one line group.
#[track_caller]
pub fn reports(out: &str, place: &str, finding: &str, fix: &str) {
    let group = format!("{place}: {finding}\n  fix: {fix}\n");
    assert!(out.contains(&group), "expected:\n{group}in:\n{out}");
}
