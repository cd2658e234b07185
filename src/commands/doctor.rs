//! `switchrole doctor`: every mistake in the shared files, one finding per line group, or as
//! JSON; exit 1 when a profile cannot work.

use crate::doctor::{self, Finding, Severity};
use crate::profile::Paths;
use anyhow::Result;
use std::process::ExitCode;

/// Checks, prints the findings, and fails when one is an error.
pub async fn run(profile: Option<&str>, online: bool, json: bool) -> Result<ExitCode> {
    let report = doctor::examine(&Paths::from_env(), profile)?;
    let mut findings = report.findings.clone();
    if online {
        findings.extend(doctor::online(&report).await);
        // Inside a switchrole shell: is it the role its prompt names?
        if std::env::var_os(crate::shell::child::PROFILE_VAR).is_some() {
            findings.push(shell_identity().await);
        }
    }
    let text = match json {
        true => serde_json::to_string_pretty(&findings)? + "\n",
        // A healthy profile asked about by name says nothing, as `test` would.
        false if profile.is_some() && findings.is_empty() => String::new(),
        false => told(&findings, report.catalog.profiles.len()),
    };
    super::print(&text)?;
    let failed = findings.iter().any(|f| f.severity == Severity::Error);
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// What `status --check` says, as a finding.
async fn shell_identity() -> Finding {
    let verdict = crate::shell::identity::check().await;
    Finding {
        severity: match verdict.ok {
            true => Severity::Info,
            false => Severity::Error,
        },
        file: None,
        line: None,
        fix: (!verdict.ok).then(|| {
            "leave this shell and start a new one with switchrole; inside it, leave AWS_PROFILE, AWS_CONFIG_FILE and the AWS_ACCESS_KEY_ID variables as switchrole set them".to_string()
        }),
        profile: verdict.profile,
        message: format!("this shell: {}", verdict.message),
    }
}

/// `~/.aws/config:12: error: profile 'prod': ...` and an indented fix for each finding, then
/// `2 errors, 1 warning in 40 profiles`.
fn told(findings: &[Finding], profiles: usize) -> String {
    let mut out = String::new();
    for f in findings {
        let place = match (&f.file, f.line) {
            (Some(file), Some(line)) => format!("{file}:{line}: "),
            (Some(file), None) => format!("{file}: "),
            _ => String::new(),
        };
        out.push_str(&format!("{place}{}: {}\n", f.severity.label(), f.message));
        if let Some(fix) = &f.fix {
            out.push_str(&format!("  fix: {fix}\n"));
        }
    }
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    out.push_str(&format!(
        "{}, {} in {}\n",
        counted(errors, "error"),
        counted(warnings, "warning"),
        counted(profiles, "profile")
    ));
    out
}

fn counted(n: usize, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_finding_per_line_group_then_the_counts() {
        let finding = |severity, line, fix: Option<&str>| Finding {
            severity,
            file: Some("~/.aws/config".into()),
            line,
            profile: Some("prod".into()),
            message: "profile 'prod': something".into(),
            fix: fix.map(String::from),
        };
        let findings = [
            finding(Severity::Error, Some(12), Some("do this")),
            finding(Severity::Warning, None, Some("do that")),
            finding(Severity::Info, Some(3), None),
        ];
        assert_eq!(
            told(&findings, 40),
            "~/.aws/config:12: error: profile 'prod': something\n  fix: do this\n\
             ~/.aws/config: warning: profile 'prod': something\n  fix: do that\n\
             ~/.aws/config:3: info: profile 'prod': something\n\
             1 error, 1 warning in 40 profiles\n"
        );
        assert_eq!(told(&[], 1), "0 errors, 0 warnings in 1 profile\n");
    }
}
