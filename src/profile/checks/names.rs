//! Profile names the aws CLI, boto3 and switchrole read but the other AWS SDKs skip.

use super::super::merge::Merged;
use super::super::section_kind::sdk_name;
use super::{Finding, Severity, finding, place};

/// A warning for a name outside the SDKs' `[A-Za-z0-9_\-/.%@:+]+` (`Ünïcødé`, `a!b`): it
/// works in switchrole and the aws CLI, and in a switchrole shell, which hands out keys, not
/// the name; a program given `AWS_PROFILE` with it and another SDK finds no such profile.
pub(super) fn findings(m: &Merged, files: &[String; 2]) -> Option<Finding> {
    if sdk_name(m.name) || !m.ignored_because.is_empty() {
        return None;
    }
    let message = format!(
        "profile '{}': the aws CLI, boto3 and switchrole read this name, but the other AWS SDKs (Go, Java, JavaScript, Rust...) skip a profile whose name has characters other than letters, digits and -_/.%@:+",
        m.name
    );
    let fix = "if a program other than the aws CLI is given the profile by name (AWS_PROFILE, --profile), rename it with only letters, digits and -_/.%@:+".to_string();
    let at = place(m, None, None);
    Some(finding(Severity::Warning, files, at, m.name, message, fix))
}

#[cfg(test)]
mod tests {
    use super::super::{Severity, found};

    #[test]
    fn a_name_only_the_aws_cli_reads_is_a_warning() {
        let warned = found(
            "[profile Ünïcødé]\nregion = x\n[profile ok-1]\nregion = x\n",
            &[],
        );
        assert_eq!(warned.len(), 1, "{warned:?}");
        let (severity, line, message, _) = &warned[0];
        assert_eq!((*severity, *line), (Severity::Warning, 1));
        assert!(
            message.starts_with("profile 'Ünïcødé': the aws CLI"),
            "{message}"
        );
        // A name every reader skips is told once, by the reader's own finding.
        let skipped = found("[profile a b]\nregion = x\n", &[]);
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(
            skipped[0]
                .2
                .ends_with("cannot hold spaces, quotes or backslashes")
        );
    }
}
