//! Runs a profile's `credential_process` as the AWS SDKs do (`sh -c`, stdin closed, stdout read
//! as their JSON), with two things they cannot give: each failure is one plain sentence that
//! never repeats what the process printed on stdout (it may hold keys), and a guard against a
//! process that runs switchrole for a profile already on its way (a loop that would otherwise
//! start processes without end).

use super::base::BaseError;
use crate::creds::{Credentials, Secret};
use crate::profile::process_call::switchrole_target;
use chrono::{DateTime, Utc};
use std::process::Stdio;

/// The profiles whose `credential_process` is running above this switchrole, one a line: set
/// for every process switchrole runs, and read when that process runs switchrole again.
pub const CHAIN_VAR: &str = "SWITCHROLE_CREDENTIAL_PROCESS_CHAIN";

/// What a credential process prints, as every AWS SDK reads it.
#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Printed {
    version: u32,
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiration: Option<DateTime<Utc>>,
}

/// Runs `command` for `profile` and reads the credentials it prints.
pub async fn run(profile: &str, command: &str) -> Result<Credentials, BaseError> {
    let mut chain: Vec<String> = std::env::var(CHAIN_VAR)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    chain.push(profile.to_string());
    // Asked for a profile already on the way: this process was started by that profile's own
    // credential_process, directly or through others.
    if chain[..chain.len() - 1].iter().any(|p| p == profile) {
        return Err(BaseError::Loop { chain });
    }
    if let Some(target) = switchrole_target(command)
        && chain.contains(&target)
    {
        chain.push(target);
        return Err(BaseError::Loop { chain });
    }
    let what = || format!("credential_process of profile '{profile}'");
    let output = tokio::process::Command::new("sh")
        .args(["-c", command])
        .env(CHAIN_VAR, chain.join("\n"))
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| BaseError::Process {
            what: what(),
            why: format!("could not be started: {e}"),
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut lines = stderr.lines().map(str::trim).filter(|l| !l.is_empty());
        // A switchrole further down found the loop: its sentence is the whole story.
        if let Some((_, rest)) = lines.clone().find_map(|l| l.split_once(LOOP_MARK)) {
            return Err(BaseError::LoopFoundBelow(format!("{LOOP_MARK}{rest}")));
        }
        // The last line is where programs put their error (a traceback's exception too).
        let said = lines.next_back();
        let status = match output.status.code() {
            Some(code) => format!("exit status {code}"),
            None => "killed by a signal".into(),
        };
        let why = match said {
            Some(line) => format!("failed ({status}): {}", clipped(line)),
            None => format!("failed ({status}) and printed nothing on stderr"),
        };
        return Err(BaseError::Process { what: what(), why });
    }
    let printed: Printed = serde_json::from_slice(&output.stdout).map_err(|e| BaseError::Process {
        what: what(),
        why: format!(
            "printed something other than the credentials JSON the AWS SDKs read (Version 1, AccessKeyId, SecretAccessKey): {}",
            json_place(&e)
        ),
    })?;
    if printed.version != 1 {
        return Err(BaseError::Process {
            what: what(),
            why: format!(
                "printed Version {}; the AWS SDKs read only Version 1",
                printed.version
            ),
        });
    }
    Ok(Credentials {
        access_key_id: printed.access_key_id,
        secret_access_key: Secret::new(printed.secret_access_key),
        session_token: printed.session_token.map(Secret::new),
        expiration: printed.expiration,
    })
}

/// How a loop's sentence starts, so a switchrole above the one that found it can tell it apart.
pub const LOOP_MARK: &str = "a credential_process loop (";

/// Where the JSON went wrong, without quoting it: serde's position, or the field it lacked.
fn json_place(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // "missing field `AccessKeyId` at line 1 column 30" names no value; "invalid type: string
    // \"...\"" would, so only the category and position are kept there.
    match e.classify() {
        serde_json::error::Category::Data if !text.starts_with("missing field") => {
            format!(
                "a field has the wrong type at line {} column {}",
                e.line(),
                e.column()
            )
        }
        _ => text,
    }
}

/// A line of another program's error, cut to a sentence's length.
fn clipped(line: &str) -> String {
    match line.char_indices().nth(300) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place_of(json: &str) -> String {
        json_place(
            &serde_json::from_str::<Printed>(json)
                .err()
                .expect("refused"),
        )
    }

    #[test]
    fn a_value_of_the_wrong_type_is_placed_never_quoted() {
        let said =
            place_of(r#"{"Version": 1, "AccessKeyId": "AKIDEXAMPLE", "SecretAccessKey": 42}"#);
        assert_eq!(said, "a field has the wrong type at line 1 column 66");
        let said = place_of(r#"{"Version": "s3cr3t-in-a-string"}"#);
        assert!(!said.contains("s3cr3t"), "{said}");
        assert!(said.starts_with("a field has the wrong type"), "{said}");
    }

    #[test]
    fn a_missing_field_is_named() {
        let said = place_of(r#"{"Version": 1, "AccessKeyId": "AKIDEXAMPLE"}"#);
        assert!(
            said.starts_with("missing field `SecretAccessKey`"),
            "{said}"
        );
    }
}
