//! Where an MFA code comes from: the command line, the profile's `mfa_process`, or the person
//! at the terminal, in that order.

use super::command_line::{program_name, secret_parts};
use crate::os::tty::{self, TtyError};
use crate::profile::arn::MfaSerial;
use std::process::{Command, Stdio};

/// Why no usable MFA code was had.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MfaError {
    #[error("the MFA code for {serial} must be 6 digits")]
    NotSixDigits { serial: String },
    #[error(
        "profile '{profile}' needs an MFA code for {serial} and there is no terminal to ask on; pass --mfa-code CODE or set mfa_process in the profile"
    )]
    NoTerminal { profile: String, serial: String },
    #[error("mfa_process of profile '{profile}' failed: {detail}")]
    Process { profile: String, detail: String },
    #[error("asking for the MFA code: {0}")]
    Terminal(String),
}

/// How the engine may get a code when neither the caller nor `mfa_process` has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prompt {
    /// Ask on `/dev/tty`, as the AWS CLI does.
    Terminal,
    /// Report that a code is needed (the TUI asks in its own modal).
    Never,
}

/// How many times the terminal asks for a code before giving up on a malformed one.
pub const TRIES: usize = 3;

/// The code as typed, without the spaces and dashes people put in it (`123 456`,
/// `123-456`), when that leaves exactly 6 digits.
pub fn digits(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !(c.is_whitespace() || *c == '-'))
        .collect();
    (code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// Accepts a code only if it is 6 digits (spaces and dashes aside), before it costs an STS
/// call.
pub fn check(code: &str, serial: &MfaSerial) -> Result<String, MfaError> {
    digits(code).ok_or_else(|| MfaError::NotSixDigits {
        serial: serial.to_string(),
    })
}

/// Asks `question` on the terminal until the answer is 6 digits, at most `TRIES` times, as
/// the picker's modal lets a typo be typed again; None when every answer was malformed.
pub fn ask_until_six_digits(question: &str) -> Result<Option<String>, TtyError> {
    for tried in 1..=TRIES {
        if let Some(code) = digits(&tty::ask(question)?) {
            return Ok(Some(code));
        }
        if tried < TRIES {
            tty::say(
                "switchrole: an MFA code is 6 digits (spaces and dashes are fine); try again\n",
            )?;
        }
    }
    Ok(None)
}

/// Runs `mfa_process` through the shell; its standard output is the code. Its stderr is
/// captured (it would draw over the picker), and messages name only the program: a command
/// such as `oathtool --totp -b SEED` carries the TOTP seed in its arguments.
pub fn from_process(profile: &str, command: &str) -> Result<String, MfaError> {
    let program = program_name(command);
    let failed = |detail: String| MfaError::Process {
        profile: profile.into(),
        detail,
    };
    let output = Command::new("/bin/sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| failed(format!("could not start {program}: {e}")))?;
    if !output.status.success() {
        let said = last_line(&output.stderr, command);
        return Err(failed(format!(
            "{program} exited with {}{said}",
            output.status
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The last line the program wrote on stderr, with every part of the command that may hold a
/// seed masked (a program may echo its arguments or environment back), then cut to 200
/// characters, after masking, so no part of a seed is left at the cut.
fn last_line(stderr: &[u8], command: &str) -> String {
    let text = String::from_utf8_lossy(stderr);
    let Some(line) = text.lines().rev().find(|l| !l.trim().is_empty()) else {
        return String::new();
    };
    let mut line = line.trim().to_string();
    for part in secret_parts(command) {
        line = line.replace(&part, "***");
    }
    let line: String = line.chars().take(200).collect();
    format!(": {line}")
}

/// Asks the person at the terminal, as the AWS CLI does, again after a malformed code.
pub fn from_terminal(profile: &str, serial: &MfaSerial) -> Result<String, MfaError> {
    match ask_until_six_digits(&format!("Enter MFA code for {serial}: ")) {
        Ok(Some(code)) => Ok(code),
        Ok(None) => Err(MfaError::NotSixDigits {
            serial: serial.to_string(),
        }),
        Err(TtyError::NoTerminal) => Err(MfaError::NoTerminal {
            profile: profile.into(),
            serial: serial.to_string(),
        }),
        Err(e) => Err(MfaError::Terminal(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_pass_with_the_spaces_and_dashes_people_type() {
        let serial = MfaSerial::parse("arn:aws:iam::123456789012:mfa/alice").unwrap();
        for good in [" 123456\n", "123 456", "123-456", "12 34 56", "123\t456"] {
            assert_eq!(check(good, &serial), Ok("123456".into()), "{good:?}");
        }
        for bad in ["12345", "1234567", "12a456", "", "123_456", "１２３４５６"] {
            assert_eq!(
                check(bad, &serial),
                Err(MfaError::NotSixDigits {
                    serial: serial.to_string()
                })
            );
        }
    }

    #[test]
    fn process_output_is_trimmed() {
        assert_eq!(from_process("p", "echo ' 654321'"), Ok("654321".into()));
        let err = from_process("p", "exit 3").unwrap_err();
        assert_eq!(
            err.to_string(),
            "mfa_process of profile 'p' failed: exit exited with exit status: 3"
        );
    }

    #[test]
    fn a_seed_in_a_variable_or_in_quotes_is_masked() {
        let seed = "JBSWY3DPEHPK3PXPSEED";
        let commands = [
            format!("TOTP_SEED={seed} sh -c 'echo \"bad seed $TOTP_SEED\" >&2; exit 1'"),
            format!("sh -c 'echo \"bad seed $0\" >&2; exit 1' \"{seed}\""),
            format!("sh -c 'echo \"bad seed $0\" >&2; exit 1' '{seed}'"),
            format!("sh -c 'echo \"bad seed $0\" >&2; exit 1' --seed={seed}"),
            format!("SEED='{seed} x' sh -c 'echo \"bad seed $SEED\" >&2; exit 1'"),
        ];
        for command in commands {
            let err = from_process("p", &command).unwrap_err().to_string();
            assert!(err.contains("sh exited with"), "{command}: {err}");
            assert!(err.contains("bad seed ***"), "{command}: {err}");
            assert!(
                !err.contains("JBSW") && !err.contains("SEED"),
                "{command}: {err}"
            );
        }
    }

    #[test]
    fn a_seed_at_the_cut_is_masked_before_the_line_is_cut() {
        let seed = "JBSWY3DPEHPK3PXPSEED";
        let padding = "x".repeat(190);
        let command = format!("sh -c 'echo {padding}$0 >&2; exit 1' {seed}");
        let err = from_process("p", &command).unwrap_err().to_string();
        assert!(!err.contains("JBSW"), "{err}");
    }

    #[test]
    fn a_failure_names_the_program_and_never_its_arguments() {
        let seed = "JBSWY3DPEHPK3PXPSEED";
        let command = format!("SEED=x /usr/bin/oathtool-missing --totp -b {seed}");
        let err = from_process("p", &command).unwrap_err().to_string();
        assert!(err.contains("oathtool-missing exited with"), "{err}");
        assert!(!err.contains(seed), "{err}");
        let echoing = format!("sh -c 'echo bad seed {seed} >&2; exit 1' {seed}");
        let err = from_process("p", &echoing).unwrap_err().to_string();
        assert!(err.contains("sh exited with"), "{err}");
        assert!(err.contains("bad seed ***"), "{err}");
        assert!(!err.contains(seed), "{err}");
    }
}
