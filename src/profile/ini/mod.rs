//! The shared-file syntax as the AWS CLI and SDKs read it, scanned without copying.
//!
//! switchrole reads these files itself instead of through rust-ini: on a 10,000-profile config
//! rust-ini took 39% of `switchrole list` (285M of 726M instructions, measured with callgrind),
//! and it differs from the AWS readers on real files (an unclosed `[profile a` swallows the
//! lines after it, the line after an inline comment is lost in multi-line mode, and nested
//! settings become top-level keys). The rules are those of the AWS SDKs' shared conformance
//! suite (`profile-parser-tests.json`), run by `tests/sdk_conformance.rs`, except that a bad
//! line costs that line instead of the whole file.

mod line;
mod pick;

pub use line::is_identifier;
use line::{continuation, header, line_subject, setting};
pub use pick::scan_only;
use std::borrow::Cow;

/// One `[section]`, the line of its header, and its `key = value` lines. Keys are lower case
/// (the SDKs and the CLI match them case-insensitively); a value continued on indented lines
/// holds them joined by newlines.
#[derive(Debug, PartialEq)]
pub struct Section<'a> {
    pub name: &'a str,
    pub line: usize,
    pub entries: Vec<Entry<'a>>,
}

/// A setting: its key, its value, and the line of its key (1-based), so a finding about it
/// can say where it is.
pub type Entry<'a> = (Cow<'a, str>, Cow<'a, str>, usize);

/// A line that could not be read, 1-based.
#[derive(Debug, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
    /// The header line of the section the line is in; None for a header, or a line set aside.
    pub section: Option<usize>,
}

/// What an indented line continues.
#[derive(Clone, Copy)]
enum Continues {
    /// Nothing: an indented line here is a mistake.
    Nothing,
    /// The last entry; `nested` when its value was empty, so the lines are `name = value`
    /// settings (`s3 =` then `  max_concurrent_requests = 20`).
    Entry { nested: bool },
    /// A line or section that was set aside: its continuations go with it, unreported.
    SetAside,
}

/// Splits a file into sections. Comments (`#`, `;` at the start of a line, or after
/// whitespace in a value) are dropped. Bytes that are not UTF-8 cost the line they are on
/// (or, in a header, the section). A bad line is reported and skipped; a bad header sets its
/// section's lines aside.
pub fn scan(text: &[u8]) -> (Vec<Section<'_>>, Vec<Problem>) {
    let mut sections = Vec::new();
    let mut problems = Vec::new();
    let mut current: Option<Section> = None;
    let mut continues = Continues::Nothing;
    // ASCII trimming and a byte split keep this near memchr speed on 50,000-profile files.
    for (n, line) in text.split(|&b| b == b'\n').enumerate() {
        let trimmed = line.trim_ascii();
        if trimmed.is_empty() || trimmed.starts_with(b"#") || trimmed.starts_with(b";") {
            continue;
        }
        let section = current.as_ref().map(|s| s.line);
        let mut report = |message: String| {
            problems.push(Problem {
                line: n + 1,
                message,
                section,
            })
        };
        if trimmed.starts_with(b"[") {
            sections.extend(current.take());
            match header(trimmed) {
                Ok(name) => {
                    current = Some(Section {
                        name,
                        line: n + 1,
                        entries: Vec::new(),
                    });
                    continues = Continues::Nothing;
                }
                Err(message) => {
                    // A header of no section: its problem is the section's own, not the last one's.
                    problems.push(Problem {
                        line: n + 1,
                        message,
                        section: None,
                    });
                    continues = Continues::SetAside;
                }
            }
            continue;
        }
        let indented = line.starts_with(b" ") || line.starts_with(b"\t");
        continues = match (indented, continues, current.as_mut()) {
            (_, Continues::SetAside, None) => Continues::SetAside,
            (true, Continues::SetAside, _) => Continues::SetAside,
            (_, _, None) => {
                report(format!(
                    "{} comes before any [section]; the line is ignored",
                    line_subject(trimmed)
                ));
                Continues::Nothing
            }
            (true, Continues::Nothing, Some(_)) => {
                report("an indented line continues no setting; the line is ignored".into());
                Continues::Nothing
            }
            (true, Continues::Entry { nested }, Some(section)) => {
                match continuation(trimmed, nested) {
                    Ok(more) => append(section, more),
                    Err(message) => report(message),
                }
                Continues::Entry { nested }
            }
            (false, _, Some(section)) => match setting(trimmed) {
                Ok((key, value)) => {
                    let nested = value.is_empty();
                    section.entries.push((key, Cow::Borrowed(value), n + 1));
                    Continues::Entry { nested }
                }
                Err(message) => {
                    report(message);
                    Continues::SetAside
                }
            },
        };
    }
    sections.extend(current);
    (sections, problems)
}

/// The text up to the start of the `count + 1`th section, so a first screen can be drawn
/// from the head of a very large file while the rest is read.
pub fn head(text: &[u8], count: usize) -> &[u8] {
    let mut seen = 0;
    let mut at = 0;
    for line in text.split_inclusive(|&b| b == b'\n') {
        if line.trim_ascii_start().starts_with(b"[") {
            seen += 1;
            if seen > count {
                return &text[..at];
            }
        }
        at += line.len();
    }
    text
}

/// Adds an indented line to the value of the section's last entry.
fn append<'a>(section: &mut Section<'a>, more: &'a str) {
    if let Some((_, value, _)) = section.entries.last_mut() {
        let value = value.to_mut();
        value.push('\n');
        value.push_str(more);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Settings = Vec<(String, String)>;

    /// Each section as its name and its settings, for comparing.
    fn read(text: &str) -> (Vec<(&str, Settings)>, Vec<Problem>) {
        let (sections, problems) = scan(text.as_bytes());
        let sections = sections
            .into_iter()
            .map(|s| {
                let entries = s.entries.iter();
                (
                    s.name,
                    entries
                        .map(|(k, v, _)| (k.to_string(), v.to_string()))
                        .collect(),
                )
            })
            .collect();
        (sections, problems)
    }

    fn pairs(list: &[(&str, &str)]) -> Settings {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn sections_keys_comments_nesting_and_continuations() {
        let text = "# top\n[default]\nRegion=us-east-1 # here\ns3 =\n  region = nested\n\n[profile  a ]\nkey = v#1 ; c\n  more # kept\n";
        let (sections, problems) = read(text);
        assert_eq!(problems, vec![]);
        assert_eq!(
            sections,
            vec![
                (
                    "default",
                    pairs(&[("region", "us-east-1"), ("s3", "\nregion = nested")])
                ),
                ("profile  a", pairs(&[("key", "v#1\nmore # kept")])),
            ]
        );
        let (sections, _) = scan(text.as_bytes());
        let lines: Vec<usize> = sections.iter().map(|s| s.line).collect();
        assert_eq!(lines, [2, 7]);
    }

    #[test]
    fn head_stops_before_a_section() {
        let text = b"[a]\nx = 1\n[b]\ny = 2\n[c]\n";
        assert_eq!(head(text, 2), b"[a]\nx = 1\n[b]\ny = 2\n");
        assert_eq!(head(text, 9), text);
    }

    #[test]
    fn bad_lines_are_reported_and_the_rest_survives() {
        let text = "orphan = 1\nalso = 2\n[profile a\nx = 1\n[profile b]\njunk\ny = 2\n  -more\n= 3\nin valid = 4\n  -gone\n[c]\n  stray\n[d]\ns3 =\n  no-equals\n";
        let (sections, problems) = read(text);
        assert_eq!(
            sections,
            vec![
                ("profile b", pairs(&[("y", "2\n-more")])),
                ("c", vec![]),
                ("d", pairs(&[("s3", "")])),
            ]
        );
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 2, 3, 6, 9, 10, 13, 16]);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages[0],
            "key 'orphan' comes before any [section]; the line is ignored"
        );
        assert_eq!(
            messages[3..],
            [
                "expected 'key = value' but the line has no '='; the line is ignored",
                "a setting has no name before '='; the line is ignored",
                "a line has characters other than letters, digits and -_/.%@:+, which the AWS SDKs ignore; the line is ignored",
                "an indented line continues no setting; the line is ignored",
                "a nested setting is not 'name = value'; the line is ignored",
            ]
        );
    }

    #[test]
    fn a_byte_that_is_not_utf8_costs_its_line_or_its_section() {
        let text = b"# caf\xe9 in a comment\n[profile a]\nregion = eu-west-1 # caf\xe9\nrole_arn = \xff\nx = 1\n  \xfe\n[profile caf\xe9]\ny = 2\n[profile b]\nz = 3\n";
        let (sections, problems) = scan(text);
        let names: Vec<&str> = sections.iter().map(|s| s.name).collect();
        assert_eq!(names, ["profile a", "profile b"]);
        assert_eq!(
            sections[0].entries,
            [
                ("region".into(), "eu-west-1".into(), 3),
                ("x".into(), "1".into(), 5)
            ]
        );
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [4, 6, 7]);
        assert_eq!(problems[0].message, line::NOT_UTF8);
        assert!(
            problems[2]
                .message
                .starts_with("a section header is not UTF-8")
        );
    }

    #[test]
    fn messages_never_quote_a_value() {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let text = format!(
            "{secret}\n[a]\naws_secret_access_key: {secret}\n{secret}\nAbC: {secret}\n{secret} {secret} = x\n[b {secret}\n"
        );
        let (_, problems) = scan(text.as_bytes());
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "a line comes before any [section]; the line is ignored",
                "key 'aws_secret_access_key' is followed by ':' where the AWS SDKs need '='; the line is ignored",
                "expected 'key = value' but the line has no '='; the line is ignored",
                "a line is followed by ':' where the AWS SDKs need '='; the line is ignored",
                "a line has characters other than letters, digits and -_/.%@:+, which the AWS SDKs ignore; the line is ignored",
                "a section header has no closing ']'; its lines up to the next section are ignored",
            ]
        );
    }

    #[test]
    fn a_header_without_a_name_sets_its_lines_aside() {
        let (sections, problems) = read("[]\nregion = x\n[ ]\nregion = y\n[a]\n");
        assert_eq!(sections, vec![("a", vec![])]);
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 3]);
        assert_eq!(
            problems[0].message,
            "a section header has no name; its lines up to the next section are ignored"
        );
    }
}
