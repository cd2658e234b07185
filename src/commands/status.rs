//! `switchrole status`: the prompt segment. It runs at every prompt, so it reads only the
//! environment and, in a renewing shell, the one-line file where the parent writes the served
//! keys' expiry: no runtime, no config, no keyring, no network.

use crate::app::listing::time_left;
use crate::app::output::StatusFormat;
use crate::shell::child::{EXPIRY_FILE_VAR, PROFILE_VAR, ROLE_ARN_VAR};
use chrono::{DateTime, SecondsFormat, Utc};
use std::process::ExitCode;

/// What the shell holds, from its environment.
#[derive(Debug, PartialEq)]
pub struct ShellStatus {
    pub profile: String,
    pub role_arn: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub renewing: bool,
}

/// Reads the shell's status through `var`; None outside a switchrole shell.
pub fn read(var: impl Fn(&str) -> Option<String>) -> Option<ShellStatus> {
    let profile = var(PROFILE_VAR).filter(|p| !p.is_empty())?;
    let expiry_file = var(EXPIRY_FILE_VAR).filter(|p| !p.is_empty());
    let expiry_text = match &expiry_file {
        // A renewing parent rewrites this file each time it renews.
        Some(path) => std::fs::read_to_string(path).ok(),
        None => var("AWS_CREDENTIAL_EXPIRATION"),
    };
    let expires_at = expiry_text
        .and_then(|t| DateTime::parse_from_rfc3339(t.trim()).ok())
        .map(|at| at.with_timezone(&Utc));
    Some(ShellStatus {
        profile,
        role_arn: var(ROLE_ARN_VAR).filter(|a| !a.is_empty()),
        expires_at,
        renewing: expiry_file.is_some(),
    })
}

/// The line to print.
pub fn render(status: &ShellStatus, format: StatusFormat, now: DateTime<Utc>) -> String {
    match format {
        StatusFormat::Short => match status.expires_at {
            Some(at) => format!("{} {}", status.profile, time_left(at, now)),
            None => status.profile.clone(),
        },
        StatusFormat::Json => serde_json::json!({
            "profile": status.profile,
            "role_arn": status.role_arn,
            "expires_at": status.expires_at.map(|at| at.to_rfc3339_opts(SecondsFormat::Secs, true)),
            "seconds_left": status.expires_at.map(|at| (at - now).num_seconds().max(0)),
            "renewing": status.renewing,
        })
        .to_string(),
    }
}

/// `switchrole status`: exit 0 with a line inside a switchrole shell, 1 and nothing outside.
pub fn run(format: StatusFormat) -> ExitCode {
    use std::io::Write;
    let Some(status) = read(|name| std::env::var(name).ok()) else {
        return ExitCode::FAILURE;
    };
    let line = render(&status, format, Utc::now());
    // A prompt that closed its pipe early is no reason to complain.
    let _ = writeln!(std::io::stdout().lock(), "{line}");
    ExitCode::SUCCESS
}

/// `switchrole status --check`: who programs in this shell are, against the prompt; exit 1
/// when they are not the profile it shows (or outside a switchrole shell).
pub async fn check(format: StatusFormat) -> anyhow::Result<ExitCode> {
    let verdict = crate::shell::identity::check().await;
    let text = match format {
        StatusFormat::Short => verdict.message.clone(),
        StatusFormat::Json => serde_json::to_string(&verdict)?,
    };
    super::print(&format!("{text}\n"))?;
    Ok(match verdict.ok {
        true => ExitCode::SUCCESS,
        false => ExitCode::FAILURE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn short_and_json_inside_a_shell() {
        let now = Utc.with_ymd_and_hms(2026, 1, 2, 12, 0, 0).unwrap();
        let vars = [
            ("SWITCHROLE_PROFILE", "prod-admin"),
            (
                "SWITCHROLE_ROLE_ARN",
                "arn:aws:iam::123456789012:role/Admin",
            ),
            ("AWS_CREDENTIAL_EXPIRATION", "2026-01-02T12:42:30Z"),
        ];
        let status = read(env(&vars)).unwrap();
        assert_eq!(render(&status, StatusFormat::Short, now), "prod-admin 42m");
        let json: serde_json::Value =
            serde_json::from_str(&render(&status, StatusFormat::Json, now)).unwrap();
        assert_eq!(json["seconds_left"], 2550);
        assert_eq!(json["expires_at"], "2026-01-02T12:42:30Z");
        assert_eq!(json["role_arn"], "arn:aws:iam::123456789012:role/Admin");
        let later = now + chrono::TimeDelta::hours(1);
        assert_eq!(
            render(&status, StatusFormat::Short, later),
            "prod-admin expired"
        );
    }

    #[test]
    fn outside_a_shell_there_is_nothing() {
        assert_eq!(read(env(&[("AWS_CREDENTIAL_EXPIRATION", "x")])), None);
    }

    #[test]
    fn a_renewing_shell_reads_the_expiry_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("expiry");
        std::fs::write(&file, "2026-01-02T13:00:00Z\n").unwrap();
        let path = file.to_string_lossy().into_owned();
        let vars = [
            ("SWITCHROLE_PROFILE", "dev"),
            ("SWITCHROLE_EXPIRY_FILE", path.as_str()),
            ("AWS_CREDENTIAL_EXPIRATION", "2026-01-02T12:01:00Z"),
        ];
        let status = read(env(&vars)).unwrap();
        assert!(status.renewing);
        assert_eq!(
            status.expires_at,
            Some(Utc.with_ymd_and_hms(2026, 1, 2, 13, 0, 0).unwrap())
        );
    }
}
