//! `switchrole completions SHELL`: the script a shell needs, generated from the command-line
//! definition.

use crate::cli::{COMPLETE_VAR, CompletionShell};
use anyhow::Result;
use clap_complete::env::{Bash, EnvCompleter, Fish, Zsh};

/// The shell's registration script. At each TAB the shell runs switchrole itself with
/// `SWITCHROLE_COMPLETE` set, so profile names are read live from the config.
pub fn script(shell: CompletionShell) -> Result<String> {
    let completer: &dyn EnvCompleter = match shell {
        CompletionShell::Bash => &Bash,
        CompletionShell::Zsh => &Zsh,
        CompletionShell::Fish => &Fish,
    };
    // Called by name, from PATH, as the README asks: the script is sourced from a shell's
    // startup file and outlives the binary it came from (a cargo install, a Homebrew upgrade
    // to another versioned directory).
    let mut out = Vec::new();
    completer.write_registration(
        COMPLETE_VAR,
        "switchrole",
        "switchrole",
        "switchrole",
        &mut out,
    )?;
    Ok(String::from_utf8(out)?)
}
