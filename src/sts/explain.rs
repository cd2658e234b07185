//! Turns STS's terse error codes into what to check. A refused AssumeRole gets more: the
//! policies to add (`denied.rs`), once the caller is known.

/// What the failed request carried, which decides the likely causes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    pub used_mfa: bool,
    pub external_id: bool,
    pub role_arn: Option<&'a str>,
    pub region: &'a str,
}

/// A sentence on the likely cause of an STS error, or None when the message says it all.
pub fn explain(code: &str, message: &str, ctx: Context) -> Option<String> {
    let role = ctx.role_arn.unwrap_or("the role");
    let hint = match code {
        "AccessDenied" if message.contains("MultiFactorAuthentication") || message.contains("MFA") => {
            "the MFA code was wrong, expired or already used: wait for the next code and retry".into()
        }
        "InvalidClientTokenId" => {
            "AWS does not know this access key id: it was deleted, mistyped, or belongs to another partition".into()
        }
        "SignatureDoesNotMatch" => "the secret access key does not belong to this access key id".into(),
        "ExpiredToken" | "ExpiredTokenException" => {
            "the source credentials have expired: refresh them (aws sso login, new keys) and retry".into()
        }
        "RegionDisabledException" => format!(
            "STS is not activated in {} for this account: choose another region or activate it in IAM",
            ctx.region
        ),
        "ValidationError" if message.contains("DurationSeconds") => format!(
            "the requested duration is longer than the maximum session duration of {role}; lower duration_seconds or raise the role's MaxSessionDuration"
        ),
        _ => return None,
    };
    Some(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_get_no_hint() {
        assert_eq!(
            explain("Throttling", "Rate exceeded", Context::default()),
            None
        );
    }
}
