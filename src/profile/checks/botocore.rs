//! The lines for which the aws CLI and boto3 refuse a whole file. botocore reads both files
//! with Python's `configparser` (`RawConfigParser`, then its own nested-settings pass), which
//! fails on a file that the SDKs' reader, and switchrole's, reads past a line at a time. The
//! rules here are `configparser._read`'s, checked against the real aws CLI by
//! `tests/doctor_botocore.rs`. A key or section written twice, which it refuses too, is
//! `sections.rs`'s finding.

use super::{Finding, Severity};

/// Why configparser (or botocore after it) refuses the file at a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    ByteOrderMark,
    NotUtf8,
    BeforeAnySection,
    UnclosedHeader,
    EmptyHeader,
    NotASetting,
    NoName,
    NestedNotASetting,
}

impl Refusal {
    fn said(self) -> (&'static str, &'static str) {
        match self {
            Refusal::ByteOrderMark => (
                "it starts with a byte-order mark (BOM), which hides its first line",
                "save the file as UTF-8 without a byte-order mark",
            ),
            Refusal::NotUtf8 => (
                "the line is not UTF-8 text",
                "save the file as UTF-8 (or remove the characters that are not ASCII)",
            ),
            Refusal::BeforeAnySection => (
                "the line comes before any [section]",
                "move the line under the section it belongs to, or remove it",
            ),
            Refusal::UnclosedHeader => (
                "a section header has no closing ']'",
                "end the header with ']'",
            ),
            Refusal::EmptyHeader => (
                "a section header has no name",
                "name the section, or remove it",
            ),
            Refusal::NotASetting => (
                "the line is neither a [section] header nor a 'key = value' setting",
                "write the line as key = value, or remove it",
            ),
            Refusal::NoName => (
                "a setting has no name before its '='",
                "name the setting, or remove the line",
            ),
            Refusal::NestedNotASetting => (
                "a key with nothing after its '=' starts nested settings, and this indented line is not 'name = value'",
                "put the value on the key's own line (key = value), or write the indented line as name = value",
            ),
        }
    }
}

/// An error for each line of `text` (file `file` of `files`) that makes the aws CLI and boto3
/// refuse the whole file.
pub(super) fn findings(text: &[u8], file: usize, files: &[String; 2]) -> Vec<Finding> {
    let found = refusals(text).into_iter();
    found
        .map(|(line, refusal)| {
            let (why, fix) = refusal.said();
            Finding {
                severity: Severity::Error,
                file: Some(files[file].clone()),
                line: Some(line),
                profile: None,
                message: format!("the aws CLI and boto3 cannot read this file: {why}"),
                fix: Some(fix.into()),
            }
        })
        .collect()
}

/// Names the profile whose section holds the refused line, as the reader's warnings do.
pub(super) fn belongs_to(finding: &mut Finding, profile: Option<&str>) {
    if let Some(profile) = profile {
        finding.message = format!("profile '{profile}': {}", finding.message);
        finding.profile = Some(profile.to_string());
    }
}

/// Where configparser's state is between lines.
#[derive(Clone, Copy, PartialEq)]
enum LastOption {
    /// No option yet in this section: an indented line is not a continuation.
    None,
    /// An option whose first line is `key = value` (continuations join its value).
    Valued,
    /// `key =` with nothing after: botocore reads its continuations as `name = value` lines.
    Nested,
}

/// Each refused line (1-based) and why. configparser stops at the first line before any
/// section, and gathers the others; every one is listed here, since each must be fixed.
pub(super) fn refusals(text: &[u8]) -> Vec<(usize, Refusal)> {
    let mut found = Vec::new();
    let mut in_section = false;
    let mut option = LastOption::None;
    let mut indent_level = 0;
    for (n, raw) in text.split(|&b| b == b'\n').enumerate() {
        let number = n + 1;
        let mut raw = raw;
        if n == 0
            && let Some(rest) = raw.strip_prefix(crate::profile::ini::BOM)
        {
            found.push((number, Refusal::ByteOrderMark));
            raw = rest;
        }
        let line = match std::str::from_utf8(raw) {
            Ok(line) => std::borrow::Cow::Borrowed(line),
            Err(_) => {
                found.push((number, Refusal::NotUtf8));
                String::from_utf8_lossy(raw)
            }
        };
        let value = line.trim_matches(is_space);
        // A comment or a blank line: inside a value it neither ends it nor resets the indent.
        if value.is_empty() || value.starts_with(['#', ';']) {
            continue;
        }
        let indent = line.chars().take_while(|&c| is_space(c)).count();
        if in_section && option != LastOption::None && indent > indent_level {
            if option == LastOption::Nested && !value.contains('=') {
                found.push((number, Refusal::NestedNotASetting));
            }
            continue;
        }
        indent_level = indent;
        // `\[(?P<header>.+)\]`, matched at the start: any `]` after the first character.
        if value.starts_with('[') && value[1..].find(']').is_some_and(|at| at > 0) {
            in_section = true;
            option = LastOption::None;
            continue;
        }
        // `(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$`: the first '=' or ':' ends the name.
        let delimiter = value.find(['=', ':']);
        if let (None, Some(broken)) = (delimiter, broken_header(value)) {
            // The lines after it are read as the section's once its header is mended.
            found.push((number, broken));
            (in_section, option) = (true, LastOption::None);
            continue;
        }
        if !in_section {
            found.push((number, Refusal::BeforeAnySection));
            continue;
        }
        let Some(at) = delimiter else {
            found.push((number, Refusal::NotASetting));
            option = LastOption::None;
            continue;
        };
        let (name, rest) = (value[..at].trim_end_matches(is_space), &value[at + 1..]);
        option = match (name.is_empty(), rest.trim_matches(is_space).is_empty()) {
            // configparser notes the error, and an empty name has no continuation.
            (true, _) => {
                found.push((number, Refusal::NoName));
                LastOption::None
            }
            (false, true) => LastOption::Nested,
            (false, false) => LastOption::Valued,
        };
    }
    found
}

/// A line meant as a section header that configparser cannot read as one.
fn broken_header(value: &str) -> Option<Refusal> {
    match value {
        "[]" => Some(Refusal::EmptyHeader),
        v if v.starts_with('[') && !v.contains(']') => Some(Refusal::UnclosedHeader),
        _ => None,
    }
}

/// Python's `str.isspace`, which `strip()` and the indentation regex use: Unicode white space
/// and the four ASCII separators 0x1c-0x1f.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Refusal::*;

    #[test]
    fn what_configparser_refuses_and_what_it_reads() {
        let cases: &[(&str, &[(usize, Refusal)])] = &[
            ("\u{feff}[default]\nregion = x\n", &[(1, ByteOrderMark)]),
            ("\u{feff}# c\n[default]\n", &[(1, ByteOrderMark)]),
            ("region = x\n[default]\n", &[(1, BeforeAnySection)]),
            ("# c\n\n[default]\nregion = x\n", &[]),
            ("[default]\nbogus\n", &[(2, NotASetting)]),
            ("[default]\n[profile a\nx = 1\n", &[(2, UnclosedHeader)]),
            // With a ':' the line is a setting named `[profile a`.
            ("[default]\n[profile a:b\n", &[]),
            ("[default]\n[]\n", &[(2, EmptyHeader)]),
            ("[profile a\nx = 1\n", &[(1, UnclosedHeader)]),
            ("[]\nx = 1\n", &[(1, EmptyHeader)]),
            (
                "a = 1\nb = 2\n",
                &[(1, BeforeAnySection), (2, BeforeAnySection)],
            ),
            ("[default]\n= x\n", &[(2, NoName)]),
            ("[default]\n: x\n", &[(2, NoName)]),
            ("[default]\ns3 =\n  bogus\n", &[(3, NestedNotASetting)]),
            ("[default]\ns3 =\n\n  a = 1\n  # c\n", &[]),
            (
                "[default]\nrole_arn =\n  arn:aws:iam::1:role/x\n",
                &[(3, NestedNotASetting)],
            ),
            // A value continued on an indented line is one value, whatever it says.
            ("[default]\nregion = x\n  more words\n", &[]),
            // Indented under a header: not a continuation, so it must be a setting.
            ("[default]\n  region = x\n", &[]),
            ("[default]\n  stray\n", &[(2, NotASetting)]),
            ("[default] junk\nkey: v\n[x]]\n", &[]),
            ("[default]\n\u{a0}\n\u{1c}# c\n", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(refusals(text.as_bytes()), *want, "{text:?}");
        }
        assert_eq!(refusals(b"[default]\nregion = caf\xe9\n"), [(2, NotUtf8)]);
    }
}
