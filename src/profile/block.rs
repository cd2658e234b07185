//! A block of `~/.aws/config` that switchrole writes and owns, between a begin and an end
//! comment line: found, and replaced (or added at the end) with every byte outside it kept.

/// The begin line of the block `sso populate` writes for an sso-session.
pub fn begin_line(session: &str) -> String {
    format!("# >>> switchrole sso populate {session} >>>")
}

/// The end line of that block.
pub fn end_line(session: &str) -> String {
    format!("# <<< switchrole sso populate {session} <<<")
}

/// Why the block cannot be found or replaced.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum BlockError {
    #[error(
        "line {line} begins switchrole's block for {session}, but no line after it ends it ('{end}'): add that line where the block ends, or remove the begin line"
    )]
    Unended {
        session: String,
        line: usize,
        end: String,
    },
    #[error(
        "switchrole's block for {session} appears twice (lines {first} and {second}): remove one"
    )]
    Twice {
        session: String,
        first: usize,
        second: usize,
    },
}

/// Where the block is: byte offsets of its begin line's start and just past its end line
/// (with that line's line break), or None when the text has no block for `session`.
fn locate(text: &str, session: &str) -> Result<Option<(usize, usize)>, BlockError> {
    let (begin, end) = (begin_line(session), end_line(session));
    let mut found: Option<(usize, usize, usize)> = None;
    let mut open: Option<(usize, usize)> = None;
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == begin {
            if let Some((_, first, _)) = found.or(open.map(|(s, l)| (s, l, 0))) {
                return Err(BlockError::Twice {
                    session: session.into(),
                    first,
                    second: n + 1,
                });
            }
            open = Some((offset, n + 1));
        } else if trimmed == end
            && let Some((start, first)) = open.take()
        {
            found = Some((start, first, offset + line.len()));
        }
        offset += line.len();
    }
    if let Some((_, line)) = open {
        return Err(BlockError::Unended {
            session: session.into(),
            line,
            end,
        });
    }
    Ok(found.map(|(start, _, stop)| (start, stop)))
}

/// The block's text, begin and end lines included, if the file has one.
pub fn find<'a>(text: &'a str, session: &str) -> Result<Option<&'a str>, BlockError> {
    Ok(locate(text, session)?.map(|(start, stop)| &text[start..stop]))
}

/// `text` with the block for `session` replaced by `block` (begin and end lines included, and
/// ending in a line break); where there is none, `block` is added after a blank line.
pub fn splice(text: &str, session: &str, block: &str) -> Result<String, BlockError> {
    Ok(match locate(text, session)? {
        Some((start, stop)) => format!("{}{block}{}", &text[..start], &text[stop..]),
        None => {
            let mut out = text.to_string();
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
            }
            out.push_str(block);
            out
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(body: &str) -> String {
        format!("{}\n{body}{}\n", begin_line("corp"), end_line("corp"))
    }

    #[test]
    fn the_block_is_added_once_then_replaced_in_place() {
        let mine = "# mine\n[default]\nregion = eu-west-1 # keep me";
        let first = splice(mine, "corp", &block("[profile a]\n")).unwrap();
        assert!(first.starts_with(mine), "{first}");
        assert_eq!(first, format!("{mine}\n\n{}", block("[profile a]\n")));
        let around = format!("{first}\n# after\n[profile z]\n");
        let second = splice(&around, "corp", &block("[profile b]\n")).unwrap();
        assert_eq!(
            second,
            format!(
                "{mine}\n\n{}\n# after\n[profile z]\n",
                block("[profile b]\n")
            )
        );
        assert_eq!(
            find(&second, "corp").unwrap(),
            Some(block("[profile b]\n").as_str())
        );
        assert_eq!(find(&second, "other").unwrap(), None);
    }

    #[test]
    fn a_broken_block_is_named_by_its_lines() {
        let unended = format!("[default]\n{}\n[profile a]\n", begin_line("corp"));
        assert_eq!(
            splice(&unended, "corp", "").unwrap_err().to_string(),
            "line 2 begins switchrole's block for corp, but no line after it ends it ('# <<< switchrole sso populate corp <<<'): add that line where the block ends, or remove the begin line"
        );
        let twice = format!("{}\n{}", block(""), block(""));
        assert!(matches!(
            find(&twice, "corp"),
            Err(BlockError::Twice {
                first: 1,
                second: 4,
                ..
            })
        ));
    }
}
