//! The environment a session's child gets, and starting that child.

use super::views::FileViews;
use crate::creds::Session;
use crate::profile::REAL_CONFIG_VAR;
use chrono::SecondsFormat;
use std::ffi::OsString;
use std::process::Command;

/// The profile a switchrole shell holds (read by `status` and the region rule).
pub const PROFILE_VAR: &str = "SWITCHROLE_PROFILE";
/// The last role of that profile.
pub const ROLE_ARN_VAR: &str = "SWITCHROLE_ROLE_ARN";
/// In a renewing shell, a file with the served keys' expiry (RFC 3339), rewritten on renewal.
pub const EXPIRY_FILE_VAR: &str = "SWITCHROLE_EXPIRY_FILE";

/// Variables that would make tools pick credentials other than the ones switchrole sets.
pub const UNSET: [&str; 5] = [
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_FILE",
    "AWS_SDK_LOAD_CONFIG",
];

/// Variables a child never inherits, set again only when its own session has them: a session
/// without a token or region must not inherit the parent's, nor a shell keys served to another.
pub const CLEARED: [&str; 10] = [
    "AWS_SESSION_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    ROLE_ARN_VAR,
    EXPIRY_FILE_VAR,
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
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
    vars.push((PROFILE_VAR, session.profile.clone()));
    if let Some(arn) = &session.role_arn {
        vars.push((ROLE_ARN_VAR, arn.clone()));
    }
    vars
}

/// Where a renewing shell gets its keys: the loopback endpoint instead of key variables, and
/// the views of the AWS files that make every SDK's default chain ask it.
pub struct Served<'a> {
    pub url: &'a str,
    pub token: &'a str,
    pub expiry_file: &'a std::path::Path,
    pub views: &'a FileViews,
}

/// One change the contract makes to the environment a child inherits: a variable set, or
/// removed (None). Applied in order, the last change of a name wins.
pub type Change = (&'static str, Option<OsString>);

/// The contract as changes to this process's environment: what a child (or the shell that
/// `switchrole use` switches) gets.
pub fn changes(session: &Session) -> Vec<Change> {
    let mut out: Vec<Change> = UNSET.iter().chain(&CLEARED).map(|n| (*n, None)).collect();
    // Inside a renewing shell the config file is a view made for its own profile: a child of
    // a switchrole started there gets the person's file back.
    if let Some(path) = std::env::var_os(REAL_CONFIG_VAR) {
        out.push(("AWS_CONFIG_FILE", Some(path)));
        out.push((REAL_CONFIG_VAR, None));
    }
    let set = variables(session).into_iter();
    out.extend(set.map(|(name, value)| (name, Some(value.into()))));
    out
}

/// The changes for a renewing shell: every SDK prefers key variables over the container
/// endpoint, so those are left out, and the files' profile too (see `views`); the expiry
/// (which renewal moves) is in a file.
pub fn served_changes(session: &Session, served: &Served<'_>) -> Vec<Change> {
    let mut out = changes(session);
    for name in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_CREDENTIAL_EXPIRATION",
    ] {
        out.push((name, None));
    }
    out.push((
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        Some(served.url.into()),
    ));
    out.push((
        "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        Some(served.token.into()),
    ));
    out.push((EXPIRY_FILE_VAR, Some(served.expiry_file.into())));
    let views = served.views.env().into_iter();
    out.extend(views.map(|(name, value)| (name, Some(value))));
    out
}

/// Every variable the contract sets or removes, a renewing shell's included: what
/// `switchrole use` changes in a shell, and so what it remembers to put back.
pub fn touched() -> Vec<&'static str> {
    let set = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", PROFILE_VAR];
    let files = ["AWS_CONFIG_FILE", REAL_CONFIG_VAR];
    let all = UNSET.into_iter().chain(CLEARED).chain(set).chain(files);
    let mut names: Vec<&'static str> = all.collect();
    names.sort_unstable();
    names.dedup();
    names
}

fn command_with(changes: Vec<Change>, program: &OsString, args: &[OsString]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args);
    for (name, value) in changes {
        match value {
            Some(value) => cmd.env(name, value),
            None => cmd.env_remove(name),
        };
    }
    cmd
}

/// A command with the session's environment: the contract's variables set, the rest removed.
pub fn command(session: &Session, program: &OsString, args: &[OsString]) -> Command {
    command_with(changes(session), program, args)
}

/// A command for a renewing shell (see `served_changes`).
pub fn served_command(
    session: &Session,
    served: &Served<'_>,
    program: &OsString,
    args: &[OsString],
) -> Command {
    command_with(served_changes(session, served), program, args)
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
