//! Where an MFA code comes from: the command line, the profile's `mfa_process`, or the person
//! at the terminal, in that order.

use crate::profile::arn::MfaSerial;
use std::io::{BufRead, BufReader, Write};
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
    #[error("reading the MFA code from the terminal failed: {0}")]
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

/// Accepts a code only if it is exactly 6 digits, before it costs an STS call.
pub fn check(code: &str, serial: &MfaSerial) -> Result<String, MfaError> {
    let code = code.trim();
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code.to_string())
    } else {
        Err(MfaError::NotSixDigits {
            serial: serial.to_string(),
        })
    }
}

/// Runs `mfa_process` through the shell; its standard output is the code.
pub fn from_process(profile: &str, command: &str) -> Result<String, MfaError> {
    let failed = |detail: String| MfaError::Process {
        profile: profile.into(),
        detail,
    };
    let output = Command::new("/bin/sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| failed(format!("could not start '{command}': {e}")))?;
    if !output.status.success() {
        return Err(failed(format!("'{command}' exited with {}", output.status)));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Asks on the controlling terminal, so a code can be typed even when stdout is a pipe
/// (`credential_process`, `eval "$(switchrole env ..)"`).
pub fn from_terminal(profile: &str, serial: &MfaSerial) -> Result<String, MfaError> {
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty");
    let Ok(mut tty) = tty else {
        return Err(MfaError::NoTerminal {
            profile: profile.into(),
            serial: serial.to_string(),
        });
    };
    let io = |e: std::io::Error| MfaError::Terminal(e.to_string());
    write!(tty, "Enter MFA code for {serial}: ").map_err(io)?;
    tty.flush().map_err(io)?;
    let mut line = String::new();
    BufReader::new(tty).read_line(&mut line).map_err(io)?;
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_six_digits_pass() {
        let serial = MfaSerial::parse("arn:aws:iam::123456789012:mfa/alice").unwrap();
        assert_eq!(check(" 123456\n", &serial), Ok("123456".into()));
        for bad in ["12345", "1234567", "12a456", ""] {
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
        assert!(
            err.to_string()
                .starts_with("mfa_process of profile 'p' failed: 'exit 3' exited with")
        );
    }
}
