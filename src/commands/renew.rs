//! `switchrole renew` inside a renewing shell: hands the MFA code that the next renewal needs
//! to the switchrole that serves this shell's keys, without leaving the shell.

use crate::assume::mfa_code;
use crate::shell::serve;
use anyhow::{Result, anyhow, bail};

/// Sends the code (from the flag, else asked on the terminal) and prints the answer.
pub fn run(mfa_code: Option<String>) -> Result<()> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (Some(url), Some(token)) = (
        var("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
        var("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
    ) else {
        bail!(
            "this is not a renewing switchrole shell (start one with `switchrole exec PROFILE --renew`)"
        );
    };
    let code = match mfa_code {
        Some(code) => mfa_code::digits(&code),
        None => mfa_code::ask_until_six_digits("MFA code: ")
            .map_err(|e| anyhow!("{e}; pass --mfa-code CODE"))?,
    };
    let Some(code) = code else {
        bail!("the MFA code must be 6 digits");
    };
    let answer = serve::post_code(&url, &token, &code).map_err(|e| anyhow!(e))?;
    eprintln!("switchrole: {answer}");
    Ok(())
}
