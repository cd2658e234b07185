//! `switchrole use`: the code the shell function evaluates to switch the shell it runs in to a
//! session, with the same variables a switchrole subshell gets and the same ones removed.

use super::output::{fish_quote, sh_quote};
use crate::creds::Session;
use crate::shell::child::{Change, EXPIRY_FILE_VAR, changes};
use crate::shell::function::{FUNCTION_VAR, MARKER, SHELL_PID_VAR, Shell};
use crate::shell::serve::post_stop;
use chrono::{DateTime, Local, TimeDelta, Utc};
use std::ffi::OsString;

/// Who runs `switchrole use`: the shell function of this shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller {
    pub shell: Shell,
    /// The shell's own process id, for `use --renew` to watch.
    pub shell_pid: Option<i32>,
    /// False when the function says `use` has not switched the shell (so `--off` has
    /// nothing to put back).
    pub switched: bool,
}

/// The function that runs `switchrole use`, from the variables it sets on it; without them,
/// the one sentence that says how to install it.
pub fn caller(var: impl Fn(&str) -> Option<String>) -> Result<Caller, String> {
    let told = var(FUNCTION_VAR).unwrap_or_default();
    let (name, state) = told.split_once(':').unwrap_or((&told, ""));
    let given = Shell::from_name(name);
    let Some(shell) = given else {
        let why = "`switchrole use` needs switchrole's shell function, since a program cannot change the shell that started it";
        let guessed = var("SHELL").and_then(|path| Shell::from_path(&path));
        return Err(match guessed {
            Some(shell) => {
                let (line, file) = shell.rc_line();
                format!("{why}: add `{line}` to {file} and open a new shell")
            }
            None => format!(
                "{why}: add what `switchrole init bash` (or zsh, or fish) prints to the shell's startup file and open a new shell"
            ),
        });
    };
    let shell_pid = var(SHELL_PID_VAR).and_then(|p| p.trim().parse().ok());
    Ok(Caller {
        shell,
        shell_pid,
        switched: state != "unswitched",
    })
}

/// The code that puts `session` in the shell: the contract's variables removed, then set, and
/// the moments the prompt hook says the keys are about to expire and have expired.
pub fn exports(
    session: &Session,
    shell: Shell,
    warn_before: TimeDelta,
    now: DateTime<Utc>,
) -> String {
    let mut out = code(shell, &named(&changes(session)));
    out.push_str(&deadline(session.credentials.expiration, warn_before, now));
    out
}

/// The code that puts a renewing shell's variables in the shell (see `child::served_changes`):
/// its keys renew, so the prompt hook has nothing to say.
pub fn served_exports(shell: Shell, changes: &[(String, Option<String>)]) -> String {
    let mut out = code(shell, changes);
    out.push_str("__switchrole_deadline\n");
    out
}

/// Asks the process that serves this shell from the background (an earlier `use --renew`) to
/// stop, as the shell is switched away from it; a shell's own parent stays.
pub fn stop_served() {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let served = (
        var(EXPIRY_FILE_VAR),
        var("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
        var("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
    );
    if let (Some(_), Some(url), Some(token)) = served {
        // Gone already (the shell outlived it) is as good as stopped.
        let _ = post_stop(&url, &token);
    }
}

/// Changes as text: what `use --renew` hears from the process that serves the shell.
pub type Named = Vec<(String, Option<String>)>;

/// `changes` as text.
pub fn named(changes: &[Change]) -> Named {
    let text = |v: &OsString| v.to_string_lossy().into_owned();
    changes
        .iter()
        .map(|(name, value)| (name.to_string(), value.as_ref().map(text)))
        .collect()
}

/// The marker line, one line removing what ends up removed, then each variable set to its
/// last value, in order.
fn code(shell: Shell, changes: &[(String, Option<String>)]) -> String {
    let mut last: Vec<(&str, Option<&str>)> = Vec::new();
    for (name, value) in changes {
        last.retain(|(n, _)| n != name);
        last.push((name, value.as_deref()));
    }
    let removed: Vec<&str> = last
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| *n)
        .collect();
    let removed = removed.join(" ");
    let mut out = match shell {
        Shell::Bash | Shell::Zsh => format!("{MARKER}\nunset {removed}\n"),
        Shell::Fish => format!("{MARKER}\nset -e {removed}\n"),
    };
    for (name, value) in last {
        let Some(value) = value else { continue };
        out.push_str(&match shell {
            Shell::Bash | Shell::Zsh => format!("export {name}={}\n", sh_quote(value)),
            Shell::Fish => format!("set -gx {name} {}\n", fish_quote(value)),
        });
    }
    out
}

/// `__switchrole_deadline NOW EXPIRES WARN_AT CLOCK` for the prompt hook (seconds since the
/// epoch, and the expiry's local time as the warning shows it); keys that do not expire
/// clear it. The same words in every shell.
fn deadline(
    expires_at: Option<DateTime<Utc>>,
    warn_before: TimeDelta,
    now: DateTime<Utc>,
) -> String {
    match expires_at {
        Some(at) => format!(
            "__switchrole_deadline {} {} {} {}\n",
            now.timestamp(),
            at.timestamp(),
            (at - warn_before).timestamp(),
            at.with_timezone(&Local).format("%H:%M")
        ),
        None => "__switchrole_deadline\n".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::creds::{Credentials, Secret};
    use chrono::TimeZone;

    fn session() -> Session {
        let now = Utc.with_ymd_and_hms(2026, 1, 2, 12, 0, 0).unwrap();
        Session {
            profile: "dev".into(),
            role_arn: Some("arn:aws:iam::123456789012:role/Dev".into()),
            assumed_arn: None,
            region: None,
            credentials: Credentials {
                access_key_id: "ASIAEXAMPLE".into(),
                secret_access_key: Secret::new("it's secret"),
                session_token: Some(Secret::new("token")),
                expiration: Some(now + TimeDelta::hours(1)),
            },
            issued_at: Some(now),
        }
    }

    #[test]
    fn a_shell_without_the_function_is_told_how_to_add_it() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let told = caller(env(&[("SHELL", "/bin/zsh")])).unwrap_err();
        assert!(
            told.contains(r#"add `eval "$(switchrole init zsh)"` to ~/.zshrc"#),
            "{told}"
        );
        let called = caller(env(&[(FUNCTION_VAR, "fish"), (SHELL_PID_VAR, "42")])).unwrap();
        assert_eq!(
            called,
            Caller {
                shell: Shell::Fish,
                shell_pid: Some(42),
                switched: true,
            }
        );
        let fresh = caller(env(&[(FUNCTION_VAR, "bash:unswitched")])).unwrap();
        assert!(!fresh.switched && fresh.shell == Shell::Bash);
    }

    #[test]
    fn exports_remove_what_a_subshell_never_inherits_and_say_when_to_warn() {
        let now = Utc.with_ymd_and_hms(2026, 1, 2, 12, 0, 0).unwrap();
        let text = exports(&session(), Shell::Bash, TimeDelta::minutes(5), now);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(MARKER));
        let unset = lines.next().unwrap();
        // A session without a region leaves none of the parent's.
        for name in [
            "AWS_PROFILE",
            "AWS_REGION",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        ] {
            assert!(unset.split(' ').any(|n| n == name), "{unset}");
        }
        assert!(
            !unset.contains("AWS_SESSION_TOKEN"),
            "set, so not removed: {unset}"
        );
        assert!(
            text.contains("export AWS_SECRET_ACCESS_KEY='it'\\''s secret'\n"),
            "{text}"
        );
        let expected = format!(
            "__switchrole_deadline {} {} {} ",
            now.timestamp(),
            now.timestamp() + 3600,
            now.timestamp() + 3300
        );
        assert!(text.contains(&expected), "{text}");
        let fish = exports(&session(), Shell::Fish, TimeDelta::minutes(5), now);
        assert!(
            fish.contains("set -gx AWS_SECRET_ACCESS_KEY 'it\\'s secret'\n"),
            "{fish}"
        );
        assert!(
            fish.lines()
                .nth(1)
                .unwrap()
                .starts_with("set -e AWS_PROFILE "),
            "{fish}"
        );
    }
}
