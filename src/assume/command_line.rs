//! What of an `mfa_process` command line may be shown: the program's name, never a part that
//! may hold a TOTP seed (an argument, a quoted word, the value of a `VAR=seed` before it).

/// The program a shell command runs: the last part of its first word that is not a variable
/// assignment.
pub(super) fn program_name(command: &str) -> String {
    let words = shell_words(command);
    let word = words
        .iter()
        .find(|w| !is_assignment(w))
        .map_or("mfa_process", String::as_str);
    word.rsplit('/').next().unwrap_or(word).to_string()
}

/// The words of a shell command as the shell reads them: split at unquoted blanks, with the
/// quotes taken away (`a='b c'` is one word, `a=b c`).
fn shell_words(command: &str) -> Vec<String> {
    let (mut words, mut word, mut quote) = (Vec::new(), String::new(), None);
    let mut chars = command.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None | Some('"'), '\\') => word.extend(chars.next()),
            (None, c) if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// `NAME=value`, as the shell takes it before a program.
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// Every part of the command that may hold a seed: each word, and each piece of it between
/// blanks, `=` and the shell's operators, of 6 characters or more (shorter ones are flags and
/// short words such as `exit`), longest first. The program itself is left out: it is named.
pub(super) fn secret_parts(command: &str) -> Vec<String> {
    let program = program_name(command);
    let mut parts: Vec<String> = Vec::new();
    for word in shell_words(command) {
        let pieces = word.split(|c: char| c.is_whitespace() || "=;|&<>()`$'\"{}".contains(c));
        parts.extend(pieces.map(String::from));
        // The value of `NAME=value` or `--flag=value`, whole, blanks and all.
        parts.extend(word.split_once('=').map(|(_, value)| value.to_string()));
        parts.push(word);
    }
    parts.retain(|p| p.len() >= 6 && p.rsplit('/').next() != Some(program.as_str()));
    // Longest first, so a part inside a longer one cannot leave some of it behind.
    parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
    parts.dedup();
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_is_named_past_quoted_assignments() {
        assert_eq!(
            program_name("SEED='a b' /usr/bin/oathtool --totp"),
            "oathtool"
        );
        assert_eq!(program_name("\"/opt/my tools/totp\" -b x"), "totp");
        assert_eq!(program_name(""), "mfa_process");
    }

    #[test]
    fn every_part_that_may_hold_a_seed_is_named() {
        let parts = secret_parts("SEED='abc def123' oathtool --totp=base32 -b \"QUOTED7\" exit");
        for part in [
            "abc def123",
            "def123",
            "SEED=abc def123",
            "--totp=base32",
            "base32",
            "QUOTED7",
        ] {
            assert!(parts.iter().any(|p| p == part), "{part} in {parts:?}");
        }
        assert!(
            !parts.iter().any(|p| p == "oathtool" || p == "exit"),
            "{parts:?}"
        );
    }
}
