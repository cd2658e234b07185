//! The scanner on small texts: sections, settings, continuations and every bad line.

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

#[test]
fn a_byte_order_mark_is_read_as_nothing() {
    let text = b"\xEF\xBB\xBF[default]\nregion = eu-west-1\n[b]\n";
    let (sections, problems) = scan(text);
    assert_eq!(problems, []);
    assert_eq!(sections[0].name, "default");
    assert_eq!(sections[0].line, 1);
    assert_eq!(
        sections[0].entries,
        [("region".into(), "eu-west-1".into(), 2)]
    );
    let (only, _) = scan_only(text, &["default".into()], |s| s == "default");
    assert_eq!(only, sections[..1]);
    // Only at the start: elsewhere the mark is text like any other.
    let (_, problems) = scan(b"[a]\n\xEF\xBB\xBFregion = x\n");
    assert_eq!(problems.len(), 1);
}
