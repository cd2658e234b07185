//! One line of a shared file: a header, a setting, or an indented continuation.

use std::borrow::Cow;

// Messages about a bad line never quote it: in the credentials file that line may hold a
// secret (`aws_secret_access_key: ...`), and warnings reach stderr, CI logs and the picker.
// At most the key is named, and only when it looks like a key rather than a pasted value.

pub(super) const NOT_UTF8: &str = "the line is not UTF-8 text; the line is ignored";

pub(super) fn header(line: &[u8]) -> Result<&str, String> {
    let Some(end) = line.iter().position(|&b| b == b']') else {
        return Err(
            "a section header has no closing ']'; its lines up to the next section are ignored"
                .into(),
        );
    };
    let after = line[end + 1..].trim_ascii();
    if !after.is_empty() && !after.starts_with(b"#") && !after.starts_with(b";") {
        return Err(
            "unexpected text after a section header; its lines up to the next section are ignored"
                .into(),
        );
    }
    let name = std::str::from_utf8(&line[1..end]).map_err(|_| {
        "a section header is not UTF-8 text; its lines up to the next section are ignored"
            .to_string()
    })?;
    // `[]` or `[ ]` names nothing: in the credentials file it would be a profile no one can
    // select (found by fuzzing).
    match name.trim() {
        "" => {
            Err("a section header has no name; its lines up to the next section are ignored".into())
        }
        name => Ok(name),
    }
}

/// `key = value`, the key lower-cased, the value without its comment.
pub(super) fn setting(line: &[u8]) -> Result<(Cow<'_, str>, &str), String> {
    let Some(at) = line.iter().position(|&b| b == b'=') else {
        return Err(not_a_setting(line));
    };
    let key = std::str::from_utf8(line[..at].trim_ascii()).map_err(|_| NOT_UTF8.to_string())?;
    let value = without_comment(&line[at + 1..]).trim_ascii();
    let value = std::str::from_utf8(value).map_err(|_| NOT_UTF8.to_string())?;
    if key.is_empty() {
        return Err("a setting has no name before '='; the line is ignored".into());
    }
    if !is_identifier(key) {
        return Err(format!(
            "{} has characters other than letters, digits and -_/.%@:+, which the AWS SDKs ignore; the line is ignored",
            line_subject(key.as_bytes())
        ));
    }
    Ok((lower_case(key), value))
}

/// An indented line: more of the value above, or, under `key =`, a nested `name = value`.
pub(super) fn continuation(line: &[u8], nested: bool) -> Result<&str, String> {
    let text = std::str::from_utf8(line).map_err(|_| NOT_UTF8.to_string())?;
    if nested {
        let bare = without_comment(line).trim_ascii();
        match bare.iter().position(|&b| b == b'=') {
            Some(at) if !bare[..at].trim_ascii().is_empty() => {}
            _ => {
                return Err("a nested setting is not 'name = value'; the line is ignored".into());
            }
        }
    }
    Ok(text)
}

/// Profile and key names the AWS SDKs accept: `[A-Za-z0-9_\-/.%@:+]+`.
pub fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-/.%@:+".contains(&b))
}

fn lower_case(key: &str) -> Cow<'_, str> {
    match key.bytes().any(|b| b.is_ascii_uppercase()) {
        true => Cow::Owned(key.to_ascii_lowercase()),
        false => Cow::Borrowed(key),
    }
}

/// `key: value` is accepted by the AWS CLI's Python reader but rejected by every AWS SDK, so a
/// profile written that way would break programs; switchrole reports it and reads what the
/// SDKs read.
fn not_a_setting(line: &[u8]) -> String {
    match line.iter().position(|&b| b == b':') {
        Some(at) => format!(
            "{} is followed by ':' where the AWS SDKs need '='; the line is ignored",
            line_subject(&line[..at])
        ),
        None => "expected 'key = value' but the line has no '='; the line is ignored".into(),
    }
}

/// `key 'region'` when the text before the separator is a plausible key name, else `a line`.
pub(super) fn line_subject(text: &[u8]) -> String {
    let end = text
        .iter()
        .position(|&b| b == b'=' || b == b':')
        .unwrap_or(text.len());
    let key = text[..end].trim_ascii();
    let plausible = (1..=64).contains(&key.len())
        && key.iter().any(|b| b.is_ascii_lowercase())
        && key
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b));
    match plausible {
        // Only ASCII bytes passed the test above.
        true => format!("key '{}'", String::from_utf8_lossy(key)),
        false => "a line".into(),
    }
}

/// `us-east-1 # Ireland` -> `us-east-1 `: a `#` or `;` starts a comment only after whitespace,
/// so `#` inside a value (a URL fragment, a password-free token) survives.
fn without_comment(value: &[u8]) -> &[u8] {
    let cut = (1..value.len())
        .find(|&i| matches!(value[i], b'#' | b';') && value[i - 1].is_ascii_whitespace());
    cut.map_or(value, |i| &value[..i])
}
