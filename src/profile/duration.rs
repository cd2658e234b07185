//! One way to read a length of time, for `duration_seconds` and `mfa_session_duration` in the
//! files, `--duration` on the command line, and switchrole's own settings.

use std::ops::RangeInclusive;

/// What STS accepts for an assumed role's session.
pub const ROLE_SESSION: RangeInclusive<u32> = 900..=43_200;
/// What STS accepts for an MFA session (GetSessionToken of an IAM user).
pub const MFA_SESSION: RangeInclusive<u32> = 900..=129_600;

/// `3600`, `3600s`, `90m`, `2h` -> seconds, checked against `range`.
pub fn parse(text: &str, range: RangeInclusive<u32>) -> Result<u32, String> {
    let (number, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((at, _)) => text.split_at(at),
        None => (text, "s"),
    };
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => 0,
    };
    let seconds = number
        .parse::<u32>()
        .ok()
        .filter(|_| scale > 0)
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("'{text}' is not a duration like 3600, 90m or 2h"))?;
    if range.contains(&seconds) {
        Ok(seconds)
    } else {
        Err(format!(
            "{seconds}s is outside the range of {}s to {}s",
            range.start(),
            range.end()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_ranges() {
        assert_eq!(parse("3600", ROLE_SESSION), Ok(3600));
        assert_eq!(parse("3600s", ROLE_SESSION), Ok(3600));
        assert_eq!(parse("90m", ROLE_SESSION), Ok(5400));
        assert_eq!(parse("2h", ROLE_SESSION), Ok(7200));
        assert_eq!(parse("36h", MFA_SESSION), Ok(129_600));
        assert_eq!(parse("0", 0..=3600), Ok(0));
        assert_eq!(
            parse("1d", ROLE_SESSION),
            Err("'1d' is not a duration like 3600, 90m or 2h".into())
        );
        assert_eq!(
            parse("an hour", ROLE_SESSION),
            Err("'an hour' is not a duration like 3600, 90m or 2h".into())
        );
        assert_eq!(
            parse("60", ROLE_SESSION),
            Err("60s is outside the range of 900s to 43200s".into())
        );
        assert!(parse("99999999999h", MFA_SESSION).is_err());
        assert!(parse("", ROLE_SESSION).is_err());
    }
}
