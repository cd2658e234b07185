//! The shell function `switchrole init SHELL` prints: it passes every command to the program,
//! except `switchrole use`, whose output (the contract's variables) it evaluates in the shell
//! it runs in, remembering what that shell had so `use --off` can put it back; and the prompt
//! hook that says, once each, that the keys are about to expire and that they have.

use super::child;

/// The shells the function is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// Set by the function on the `switchrole use` it runs: the shell it evaluates the output in.
pub const FUNCTION_VAR: &str = "SWITCHROLE_SHELL_FUNCTION";
/// Set by the function on the `switchrole use` it runs: the shell's process id, which
/// `use --renew` watches (the program's parent is a subshell that `$(...)` started).
pub const SHELL_PID_VAR: &str = "SWITCHROLE_SHELL_PID";
/// The first line of what `switchrole use` prints for the function to evaluate; anything else
/// (help, a version) is shown instead.
pub const MARKER: &str = "# switchrole use";

const BASH: &str = include_str!("bash.sh");
const ZSH: &str = include_str!("zsh.zsh");
const FISH: &str = include_str!("fish.fish");

impl Shell {
    /// `bash`, `zsh` or `fish`.
    pub fn name(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::Zsh => "zsh",
            Shell::Fish => "fish",
        }
    }

    /// The shell named by `FUNCTION_VAR`'s value.
    pub fn from_name(name: &str) -> Option<Shell> {
        [Shell::Bash, Shell::Zsh, Shell::Fish]
            .into_iter()
            .find(|s| s.name() == name)
    }

    /// The line to add to the shell's startup file, and that file.
    pub fn rc_line(self) -> (&'static str, &'static str) {
        match self {
            Shell::Bash => (r#"eval "$(switchrole init bash)""#, "~/.bashrc"),
            Shell::Zsh => (r#"eval "$(switchrole init zsh)""#, "~/.zshrc"),
            Shell::Fish => (
                "switchrole init fish | source",
                "~/.config/fish/config.fish",
            ),
        }
    }

    /// The shell named by a path such as `$SHELL` (`/usr/bin/zsh`), if one of these.
    pub fn from_path(path: &str) -> Option<Shell> {
        Self::from_name(path.rsplit('/').next().unwrap_or(path))
    }
}

/// The function and prompt hook for `shell`.
pub fn script(shell: Shell) -> String {
    let names = child::touched().join(" ");
    let text = match shell {
        Shell::Bash => BASH,
        Shell::Zsh => ZSH,
        Shell::Fish => FISH,
    };
    text.replace("@VARS@", &names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_names_the_variables_it_puts_back() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let text = script(shell);
            assert!(!text.contains("@VARS@"), "{shell:?}");
            assert!(text.contains("AWS_PROFILE AWS_REGION"), "{shell:?}");
            assert_eq!(
                Shell::from_path(&format!("/usr/bin/{}", shell.name())),
                Some(shell)
            );
        }
    }
}
