//! The environment a session's child gets, and starting that child.

use crate::creds::Session;
use chrono::SecondsFormat;
use std::ffi::OsString;
use std::process::Command;

/// Variables that would make tools pick credentials other than the ones switchrole sets.
pub const UNSET: [&str; 5] = [
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_FILE",
    "AWS_SDK_LOAD_CONFIG",
];

/// The variables to set, in a fixed order. Secrets are in here: hand them only to a child
/// process or to output the person asked for.
pub fn variables(session: &Session) -> Vec<(&'static str, String)> {
    let creds = &session.credentials;
    let mut vars = vec![
        ("AWS_ACCESS_KEY_ID", creds.access_key_id.clone()),
        (
            "AWS_SECRET_ACCESS_KEY",
            creds.secret_access_key.expose().to_string(),
        ),
    ];
    if let Some(token) = &creds.session_token {
        vars.push(("AWS_SESSION_TOKEN", token.expose().to_string()));
    }
    if let Some(at) = creds.expiration {
        vars.push((
            "AWS_CREDENTIAL_EXPIRATION",
            at.to_rfc3339_opts(SecondsFormat::Secs, true),
        ));
    }
    if let Some(region) = &session.region {
        vars.push(("AWS_REGION", region.clone()));
        vars.push(("AWS_DEFAULT_REGION", region.clone()));
    }
    vars.push(("SWITCHROLE_PROFILE", session.profile.clone()));
    if let Some(arn) = &session.role_arn {
        vars.push(("SWITCHROLE_ROLE_ARN", arn.clone()));
    }
    vars
}

/// A command with the session's environment: the contract's variables set, the rest removed.
pub fn command(session: &Session, program: &OsString, args: &[OsString]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args);
    for name in UNSET {
        cmd.env_remove(name);
    }
    // A session without a token or region must not inherit the parent's.
    for name in [
        "AWS_SESSION_TOKEN",
        "AWS_CREDENTIAL_EXPIRATION",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "SWITCHROLE_ROLE_ARN",
    ] {
        cmd.env_remove(name);
    }
    cmd.envs(variables(session));
    cmd
}

/// The person's shell, for `exec` without a command and for the TUI.
pub fn shell() -> OsString {
    std::env::var_os("SHELL")
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "/bin/sh".into())
}

/// Replaces switchrole with the command, so its exit status and signals (Ctrl-C, SIGTERM)
/// are the command's own with no process in between. Returns only on failure.
pub fn exec(session: &Session, program: &OsString, args: &[OsString]) -> std::io::Error {
    use std::os::unix::process::CommandExt;
    command(session, program, args).exec()
}
