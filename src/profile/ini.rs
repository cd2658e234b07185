//! The shared-file syntax as the AWS CLI and SDKs read it, scanned without copying.
//!
//! switchrole reads these files itself instead of through rust-ini: on a 10,000-profile config
//! rust-ini took 39% of `switchrole list` (285M of 726M instructions, measured with callgrind),
//! and it differs from the AWS readers on real files (an unclosed `[profile a` swallows the
//! lines after it, the line after an inline comment is lost in multi-line mode, and nested
//! settings become top-level keys).

/// One `[section]` and its `key = value` lines.
#[derive(Debug, PartialEq)]
pub struct Section<'a> {
    pub name: &'a str,
    pub entries: Vec<(&'a str, &'a str)>,
}

/// A line that could not be read, 1-based.
#[derive(Debug, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// Splits a file into sections. Comments (`#`, `;` at the start of a line, or after
/// whitespace in a value) are dropped; indented lines are nested settings of the key above
/// (`s3 =` then `  max_concurrent_requests = 20`), which no key switchrole reads needs.
/// A bad line is reported and skipped; a bad header sets its section's lines aside.
pub fn scan(text: &str) -> (Vec<Section<'_>>, Vec<Problem>) {
    let mut sections = Vec::new();
    let mut problems = Vec::new();
    let mut current: Option<Section> = None;
    let mut set_aside = false;
    // ASCII trimming and a byte split keep this near memchr speed on 50,000-profile files.
    for (n, line) in text.split('\n').enumerate() {
        let trimmed = line.trim_ascii();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        let problem = |message: String| Problem {
            line: n + 1,
            message,
        };
        if trimmed.starts_with('[') {
            sections.extend(current.take());
            match header(trimmed) {
                Ok(name) => {
                    current = Some(Section {
                        name,
                        entries: Vec::new(),
                    })
                }
                Err(message) => problems.push(problem(message)),
            }
            set_aside = current.is_none();
            continue;
        }
        if line.starts_with([' ', '\t']) || set_aside {
            continue;
        }
        let Some(section) = current.as_mut() else {
            problems.push(problem(format!(
                "'{trimmed}' comes before any [section]; the line is ignored"
            )));
            continue;
        };
        match trimmed.split_once('=') {
            Some((key, value)) if !key.trim_ascii().is_empty() => section
                .entries
                .push((key.trim_ascii(), without_comment(value).trim_ascii())),
            _ => problems.push(problem(format!(
                "expected 'key = value', found '{trimmed}'; the line is ignored"
            ))),
        }
    }
    sections.extend(current);
    (sections, problems)
}

/// The text up to the start of the `count + 1`th section, so a first screen can be drawn
/// from the head of a very large file while the rest is read.
pub fn head(text: &str, count: usize) -> &str {
    let mut seen = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('[') {
            seen += 1;
            if seen > count {
                return &text[..at];
            }
        }
        at += line.len();
    }
    text
}

fn header(line: &str) -> Result<&str, String> {
    let Some(end) = line.find(']') else {
        return Err(format!(
            "section header '{line}' has no closing ']'; its lines up to the next section are ignored"
        ));
    };
    let after = line[end + 1..].trim();
    if !after.is_empty() && !after.starts_with(['#', ';']) {
        return Err(format!(
            "unexpected '{after}' after the section header; its lines up to the next section are ignored"
        ));
    }
    Ok(line[1..end].trim())
}

/// `us-east-1 # Ireland` -> `us-east-1 `: a `#` or `;` starts a comment only after whitespace,
/// so `#` inside a value (a URL fragment, a password-free token) survives.
fn without_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    let cut = (1..bytes.len())
        .find(|&i| matches!(bytes[i], b'#' | b';') && bytes[i - 1].is_ascii_whitespace());
    cut.map_or(value, |i| &value[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_keys_comments_and_nesting() {
        let text = "# top\n[default]\nregion=us-east-1 # here\ns3 =\n  region = nested\n\n[profile  a ]\nkey = v#1 ; c\n";
        let (sections, problems) = scan(text);
        assert_eq!(problems, vec![]);
        assert_eq!(
            sections,
            vec![
                Section {
                    name: "default",
                    entries: vec![("region", "us-east-1"), ("s3", "")]
                },
                Section {
                    name: "profile  a",
                    entries: vec![("key", "v#1")]
                },
            ]
        );
    }

    #[test]
    fn head_stops_before_a_section() {
        let text = "[a]\nx = 1\n[b]\ny = 2\n[c]\n";
        assert_eq!(head(text, 2), "[a]\nx = 1\n[b]\ny = 2\n");
        assert_eq!(head(text, 9), text);
    }

    #[test]
    fn bad_lines_are_reported_and_the_rest_survives() {
        let text = "orphan = 1\n[profile a\nx = 1\n[profile b]\njunk\ny = 2\n";
        let (sections, problems) = scan(text);
        assert_eq!(
            sections,
            vec![Section {
                name: "profile b",
                entries: vec![("y", "2")]
            }]
        );
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 2, 5]);
        assert_eq!(
            problems[2].message,
            "expected 'key = value', found 'junk'; the line is ignored"
        );
    }
}
