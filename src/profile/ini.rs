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
                "{} comes before any [section]; the line is ignored",
                line_subject(trimmed)
            )));
            continue;
        };
        match trimmed.split_once('=') {
            Some((key, value)) if !key.trim_ascii().is_empty() => section
                .entries
                .push((key.trim_ascii(), without_comment(value).trim_ascii())),
            _ => problems.push(problem(not_a_setting(trimmed))),
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

// Messages about a bad line never quote it: in the credentials file that line may hold a
// secret (`aws_secret_access_key: ...`), and warnings reach stderr, CI logs and the picker.
// At most the key is named, and only when it looks like a key rather than a pasted value.

fn header(line: &str) -> Result<&str, String> {
    let Some(end) = line.find(']') else {
        return Err(
            "a section header has no closing ']'; its lines up to the next section are ignored"
                .into(),
        );
    };
    let after = line[end + 1..].trim();
    if !after.is_empty() && !after.starts_with(['#', ';']) {
        return Err(
            "unexpected text after a section header; its lines up to the next section are ignored"
                .into(),
        );
    }
    Ok(line[1..end].trim())
}

/// `key: value` is accepted by the AWS CLI's Python reader but rejected by every AWS SDK, so a
/// profile written that way would break programs; switchrole reports it and reads what the
/// SDKs read.
fn not_a_setting(line: &str) -> String {
    match line.split_once(':') {
        Some((key, _)) => format!(
            "{} is followed by ':' where the AWS SDKs need '='; the line is ignored",
            line_subject(key)
        ),
        None => "expected 'key = value' but the line has no '='; the line is ignored".into(),
    }
}

/// `key 'region'` when the text before the separator is a plausible key name, else `a line`.
fn line_subject(text: &str) -> String {
    let key = text
        .split(['=', ':'])
        .next()
        .unwrap_or_default()
        .trim_ascii();
    let plausible = (1..=64).contains(&key.len())
        && key.bytes().any(|b| b.is_ascii_lowercase())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b));
    match plausible {
        true => format!("key '{key}'"),
        false => "a line".into(),
    }
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
            "expected 'key = value' but the line has no '='; the line is ignored"
        );
    }

    #[test]
    fn messages_never_quote_a_value() {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let text = format!(
            "{secret}\n[a]\naws_secret_access_key: {secret}\n{secret}\nAbC: {secret}\n[b {secret}\n"
        );
        let (_, problems) = scan(&text);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "a line comes before any [section]; the line is ignored",
                "key 'aws_secret_access_key' is followed by ':' where the AWS SDKs need '='; the line is ignored",
                "expected 'key = value' but the line has no '='; the line is ignored",
                "a line is followed by ':' where the AWS SDKs need '='; the line is ignored",
                "a section header has no closing ']'; its lines up to the next section are ignored",
            ]
        );
    }
}
