//! `init` and `use`: switching the shell you are in, through the shell function `init` prints
//! (a program cannot change the environment of the shell that started it).

use super::named::assume_named;
use super::{print, serve_shell};
use crate::app::recent::record;
use crate::app::switch::{self, Caller};
use crate::app::{self, banner};
use crate::cli::AssumeArgs;
use crate::creds::Session;
use crate::shell::child::PROFILE_VAR;
use crate::shell::function::{self, Shell};
use crate::store::history::How;
use crate::store::open::StoreChoice;
use anyhow::{Result, bail};
use chrono::Utc;
use std::process::ExitCode;

/// `switchrole init SHELL`: the function and its prompt hook.
pub fn init(shell: Shell) -> Result<()> {
    print(&function::script(shell))
}

/// The shell function running `use`, or None after saying how to add it (exit 2).
fn through_function() -> Option<Caller> {
    match switch::caller(|name| std::env::var(name).ok()) {
        Ok(caller) => Some(caller),
        Err(how) => {
            eprintln!("switchrole: {how}");
            None
        }
    }
}

/// `switchrole use PROFILE`: assumes it and prints the code the function evaluates; says
/// who the shell now is on stderr. On any failure nothing is printed on stdout, so the
/// function changes nothing.
pub async fn use_profile(name: &str, assume: &AssumeArgs, choice: StoreChoice) -> Result<ExitCode> {
    let Some(caller) = through_function() else {
        return Ok(ExitCode::from(2));
    };
    let (_, session, _) = assume_named(name, assume, choice).await?;
    let exports = switch::exports(&session, caller.shell, app::warn_before()?, Utc::now());
    finish(&session, exports, "")
}

/// `switchrole use --renew PROFILE`: the shell gets the endpoint of a process that renews the
/// keys in the background, and the views of the AWS files that make every SDK ask it.
pub async fn use_renewing(
    name: &str,
    assume: &AssumeArgs,
    choice: StoreChoice,
) -> Result<ExitCode> {
    let Some(caller) = through_function() else {
        return Ok(ExitCode::from(2));
    };
    let Some(shell_pid) = caller.shell_pid else {
        bail!(
            "the shell function did not say which shell it is: open a new shell to get its current version"
        );
    };
    let (_, session, _) = assume_named(name, assume, choice).await?;
    if session.credentials.expiration.is_none() {
        eprintln!("switchrole: {name} uses keys that do not expire; there is nothing to renew");
        return finish(
            &session,
            switch::exports(&session, caller.shell, app::warn_before()?, Utc::now()),
            "",
        );
    }
    let renewal = serve_shell::Renewal {
        profile: name,
        duration: assume.duration,
        shell_pid,
        choice,
    };
    let changes = serve_shell::start(&session, &renewal)?;
    let code = switch::served_exports(caller.shell, &changes);
    finish(
        &session,
        code,
        "; renewed in the background until this shell ends or `switchrole use --off`",
    )
}

/// Notes the switch, stops what served the shell before, and prints the code and who the
/// shell now is.
fn finish(session: &Session, code: String, said: &str) -> Result<ExitCode> {
    record(session, How::Use);
    switch::stop_served();
    print(&code)?;
    eprintln!("{}{said}", banner(session));
    Ok(ExitCode::SUCCESS)
}

/// `switchrole use --off`: the function puts back what the shell had; this stops what served
/// it in the background, and says so.
pub fn off() -> ExitCode {
    let Some(caller) = through_function() else {
        return ExitCode::from(2);
    };
    if !caller.switched {
        eprintln!(
            "switchrole: `switchrole use` has not switched this shell: there is nothing to put back"
        );
        return ExitCode::FAILURE;
    }
    switch::stop_served();
    match std::env::var(PROFILE_VAR).ok().filter(|p| !p.is_empty()) {
        Some(profile) => eprintln!("switchrole: stopped using {profile}"),
        None => eprintln!("switchrole: put back what the shell had before `switchrole use`"),
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_prints_each_shells_function() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            assert!(function::script(shell).contains("__switchrole_use"));
        }
    }
}
