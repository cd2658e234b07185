//! `init` and `use`: switching the shell you are in, through the shell function `init` prints
//! (a program cannot change the environment of the shell that started it).

use super::{assume_named, print};
use crate::app::recent::record;
use crate::app::switch::{self, Caller};
use crate::app::{self, banner};
use crate::cli::AssumeArgs;
use crate::shell::child::PROFILE_VAR;
use crate::shell::function::{self, Shell};
use crate::store::history::How;
use crate::store::open::StoreChoice;
use anyhow::Result;
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
    record(&session, How::Use);
    print(&exports)?;
    eprintln!("{}", banner(&session));
    Ok(ExitCode::SUCCESS)
}

/// `switchrole use --off`: the function puts back what the shell had; this says so.
pub fn off() -> ExitCode {
    if through_function().is_none() {
        return ExitCode::from(2);
    }
    match std::env::var(PROFILE_VAR).ok().filter(|p| !p.is_empty()) {
        Some(profile) => {
            eprintln!("switchrole: stopped using {profile}");
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("switchrole: this shell is not using a profile");
            ExitCode::FAILURE
        }
    }
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
