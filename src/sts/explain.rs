//! Turns STS's terse error codes into what to check. `AccessDenied` alone says nothing about
//! whether the trust policy, an MFA condition or the caller's own permissions are at fault.

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
        "AccessDenied" if message.contains("sts:AssumeRole") => {
            let caller = caller_in(message).unwrap_or("these credentials");
            let mut causes = vec![format!(
                "the trust policy of {role} does not name {caller} as a principal"
            )];
            if ctx.used_mfa {
                causes.push("the MFA code was wrong, expired or already used".into());
            } else {
                causes.push(
                    "the trust policy requires MFA (aws:MultiFactorAuthPresent) and this profile has no mfa_serial"
                        .into(),
                );
            }
            if ctx.external_id {
                causes.push("the external_id does not match the trust policy's sts:ExternalId".into());
            } else {
                causes.push("the trust policy requires an sts:ExternalId and the profile sets no external_id".into());
            }
            causes.push(format!(
                "{caller} lacks sts:AssumeRole on {role} in its own IAM policies, or an SCP denies it"
            ));
            format!("check, most likely first: {}", causes.join("; "))
        }
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

/// `User: arn:aws:iam::123:user/alice is not authorized ...` -> the caller's ARN.
fn caller_in(message: &str) -> Option<&str> {
    let rest = message.split("User: ").nth(1)?;
    rest.split_whitespace().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DENIED: &str = "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Admin";

    #[test]
    fn access_denied_without_mfa_names_the_trust_policy_and_mfa() {
        let ctx = Context {
            role_arn: Some("arn:aws:iam::222222222222:role/Admin"),
            ..Default::default()
        };
        let hint = explain("AccessDenied", DENIED, ctx).unwrap();
        assert!(hint.contains("trust policy of arn:aws:iam::222222222222:role/Admin does not name arn:aws:iam::111111111111:user/alice"));
        assert!(hint.contains("this profile has no mfa_serial"));
        assert!(hint.contains("sets no external_id"));
    }

    #[test]
    fn access_denied_with_mfa_suspects_the_code() {
        let ctx = Context {
            used_mfa: true,
            external_id: true,
            ..Default::default()
        };
        let hint = explain("AccessDenied", DENIED, ctx).unwrap();
        assert!(hint.contains("MFA code was wrong"));
        assert!(hint.contains("external_id does not match"));
    }

    #[test]
    fn unknown_codes_get_no_hint() {
        assert_eq!(
            explain("Throttling", "Rate exceeded", Context::default()),
            None
        );
    }
}
