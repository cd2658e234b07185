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
/// section's lines aside. A byte-order mark at the start is read as nothing.
pub fn scan(text: &[u8]) -> (Vec<Section<'_>>, Vec<Problem>) {
    let text = without_bom(text);
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

/// The UTF-8 byte-order mark some Windows editors put at the start of a file.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text without a leading byte-order mark, which says nothing about its content: kept,
/// it would hide a `[default]` on the first line.
fn without_bom(text: &[u8]) -> &[u8] {
    text.strip_prefix(BOM).unwrap_or(text)
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
mod tests;
