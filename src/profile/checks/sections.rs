//! What is wrong with the files' structure: lines the reader could not take, a profile
//! written twice in one file, and a key the credentials file overrides.

use super::super::merge::{LineProblem, Merged};
use super::{Finding, Severity, finding};

/// A line the reader set aside: a warning, since the profile may work without it.
pub(super) fn line_problem(p: &LineProblem, files: &[String; 2]) -> Finding {
    let said = |text: &str| p.message.contains(text);
    let fix = if said("no closing ']'") {
        "end the header with ']'"
    } else if said("after a section header") {
        "put nothing but a comment after the header's ']'"
    } else if said("has no name") {
        "name the section, or remove it"
    } else if said("not UTF-8") {
        "save the file as UTF-8 (or remove the characters that are not ASCII)"
    } else if said("before any [section]") {
        "move the line under the section it belongs to, or remove it"
    } else if said("in the config file a profile's section is [profile") {
        "write the header as [profile NAME]"
    } else if said("[profile default] is also in this file") {
        "merge [default] into [profile default] and remove it"
    } else if said("where the AWS SDKs need '='") || said("has no '='") {
        "write the line as key = value"
    } else if said("other than letters, digits") {
        "use only letters, digits and -_/.%@:+ in the key"
    } else if said("needs both sso_start_url and sso_region") {
        "add the missing key: sso_start_url (your AWS access portal URL) and sso_region"
    } else if said("indented line") || said("nested setting") {
        "indent only lines that continue a value or a nested setting (name = value)"
    } else {
        "correct or remove the line"
    };
    Finding {
        severity: Severity::Warning,
        file: Some(files[p.file].clone()),
        line: Some(p.line),
        profile: p.profile.clone(),
        message: match &p.profile {
            Some(profile) => format!("profile '{profile}': {}", p.message),
            None => p.message.clone(),
        },
        fix: Some(fix.to_string()),
    }
}

/// A repeated section or key in one file, and each key that the credentials file sets to
/// another value than the config file does.
pub(super) fn findings(m: &Merged, files: &[String; 2]) -> Vec<Finding> {
    // Python's configparser, under the AWS CLI and boto3, refuses a whole file that repeats a
    // section or a key in one section; the Rust and Go SDKs take the later value.
    const REFUSED: &str = "the AWS CLI and boto3 then refuse to read the whole file, though the other SDKs take the later value";
    let mut found = Vec::new();
    for &(file, line) in &m.repeated {
        let first = m.headers[file].unwrap_or(0);
        let message = format!(
            "profile '{}' is written again (first at line {first}): {REFUSED}",
            m.name
        );
        let fix = "merge the two sections into one".to_string();
        found.push(finding(
            Severity::Error,
            files,
            Some((file, line)),
            m.name,
            message,
            fix,
        ));
    }
    for file in 0..2 {
        // With the section itself repeated, that is the one finding.
        if m.repeated.iter().any(|&(f, _)| f == file) {
            continue;
        }
        let mut first_at: Vec<(&str, usize)> = Vec::new();
        for (key, _, f, line) in m.entries.iter().filter(|e| e.2 == file) {
            match first_at.iter().find(|(k, _)| *k == key.as_ref()) {
                Some(&(_, first)) => {
                    let message = format!(
                        "profile '{}' sets {key} twice (first at line {first}): {REFUSED}",
                        m.name
                    );
                    let fix = format!("keep one {key} line");
                    found.push(finding(
                        Severity::Error,
                        files,
                        Some((*f, *line)),
                        m.name,
                        message,
                        fix,
                    ));
                }
                None => first_at.push((key, *line)),
            }
        }
    }
    if m.headers.iter().all(Option::is_some) {
        found.extend(overridden(m, files));
        found.extend(shadowed(m, files));
    }
    found
}

/// Keys in the credentials file that the AWS CLI never uses because the config file's section
/// of the same profile gets credentials another way first (a role, IAM Identity Center, a web
/// identity). A role whose source is itself uses them.
fn shadowed(m: &Merged, files: &[String; 2]) -> Option<Finding> {
    let set = |key: &str, file: usize| {
        let mut found = m.entries.iter().filter(|e| e.0 == key && e.2 == file);
        found.next_back().map(|e| (e.1.as_ref(), e.3))
    };
    let (_, line) = set("aws_access_key_id", 1)?;
    let first = [
        "role_arn",
        "web_identity_token_file",
        "sso_session",
        "sso_start_url",
    ];
    let winner = first.into_iter().find(|key| set(key, 0).is_some())?;
    if winner == "role_arn" && set("source_profile", 0).is_some_and(|(s, _)| s == m.name) {
        return None;
    }
    let message = format!(
        "profile '{}': its keys here are never used, since its {winner} in {} comes first for the AWS CLI",
        m.name, files[0]
    );
    let fix = format!(
        "move the keys to a profile of their own (and name it as source_profile), or remove {winner}"
    );
    Some(finding(
        Severity::Warning,
        files,
        Some((1, line)),
        m.name,
        message,
        fix,
    ))
}

/// Keys set in both files, where the credentials file wins as in the AWS CLI: a change made
/// in the config file then has no effect. The same value twice is harmless and not reported.
/// Values are compared, never shown: they may be secrets.
fn overridden<'a>(m: &'a Merged, files: &'a [String; 2]) -> impl Iterator<Item = Finding> + 'a {
    let last = move |key: &str, file: usize| {
        let mut set = m.entries.iter().rev();
        set.find(|(k, _, f, _)| k == key && *f == file)
    };
    let in_config = m.entries.iter().filter(|(_, _, f, _)| *f == 0);
    in_config.filter_map(move |(key, value, _, line)| {
        // Only the config's last value for the key is the one overridden.
        let (_, _, _, last_line) = last(key, 0)?;
        let (_, wins, _, wins_at) = last(key, 1)?;
        if last_line != line || wins == value {
            return None;
        }
        let message = format!(
            "profile '{}': {key} here is overridden by another value at {} line {wins_at}, which the AWS CLI reads last",
            m.name, files[1]
        );
        let fix = format!("keep {key} in one of the two files");
        Some(finding(
            Severity::Warning,
            files,
            Some((0, *line)),
            m.name,
            message,
            fix,
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::super::merge::Source;
    use super::*;
    use std::path::Path;

    fn warnings(config: &'static str, credentials: &'static str) -> Vec<(usize, String)> {
        let source = |path: &'static str, text: &'static str| Source {
            path: Path::new(path),
            text: text.as_bytes(),
        };
        let report = check(source("c", config), source("k", credentials), None, &[]);
        let found = report.findings.into_iter();
        found
            .filter(|f| f.severity == Severity::Warning)
            .map(|f| (f.line.unwrap_or(0), f.message))
            .collect()
    }

    #[test]
    fn a_section_or_a_key_written_twice_is_an_error_at_the_second() {
        let source = |text: &'static str| Source {
            path: Path::new("c"),
            text: text.as_bytes(),
        };
        let config = "[profile a]\nregion = x\n[profile b]\nregion = y\noutput = json\nregion = z\n[profile  a ]\nregion = w\n";
        let report = check(source(config), source(""), None, &[]);
        let found: Vec<(Severity, usize, String)> = report
            .findings
            .into_iter()
            .map(|f| (f.severity, f.line.unwrap_or(0), f.message))
            .collect();
        let refused = "the AWS CLI and boto3 then refuse to read the whole file, though the other SDKs take the later value";
        assert_eq!(
            found,
            [
                (
                    Severity::Error,
                    6,
                    format!("profile 'b' sets region twice (first at line 4): {refused}")
                ),
                (
                    Severity::Error,
                    7,
                    format!("profile 'a' is written again (first at line 1): {refused}")
                ),
            ]
        );
    }

    #[test]
    fn only_a_different_value_in_the_credentials_file_is_reported() {
        let config = "[profile a]\nregion = eu-west-1\noutput = json\nregion = us-east-1\n";
        let credentials = "[a]\nregion = eu-west-2\noutput = json\n";
        let found = warnings(config, credentials);
        assert_eq!(
            found,
            [(4, "profile 'a': region here is overridden by another value at k line 2, which the AWS CLI reads last".to_string())]
        );
        assert!(warnings("[profile a]\nregion = x\n", "[a]\nregion = x\n").is_empty());
    }

    #[test]
    fn lines_the_reader_set_aside_are_warnings_with_a_fix() {
        let report = check(
            Source {
                path: Path::new("c"),
                text: b"[profile a\nx = 1\n[b]\n",
            },
            Source {
                path: Path::new("k"),
                text: b"",
            },
            None,
            &[],
        );
        let fixes: Vec<(Option<usize>, Option<String>)> = report
            .findings
            .into_iter()
            .map(|f| (f.line, f.fix))
            .collect();
        assert_eq!(
            fixes,
            [
                (Some(1), Some("end the header with ']'".into())),
                (Some(3), Some("write the header as [profile NAME]".into())),
            ]
        );
    }
}
