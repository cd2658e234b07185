//! What to ask an administrator for when AssumeRole is denied, with the policy JSON to paste.
//! STS never says which check failed: the trust policy, an MFA condition, an external id, or
//! the caller's own permissions. The caller's real ARN (from GetCallerIdentity) and the two
//! accounts decide which of those can be at fault, and in what order.

use serde_json::{Value, json};

/// What was known when AssumeRole was refused.
pub struct Denial<'a> {
    /// The caller as GetCallerIdentity (or STS's message) named it; an assumed-role session
    /// is turned into its role, which is what policies name.
    pub caller: Option<&'a str>,
    pub role_arn: &'a str,
    /// The profile has `mfa_serial`, so a code was sent and the trust policy may ask for one.
    pub with_mfa: bool,
    pub external_id: Option<&'a str>,
}

/// The explanation: likely causes in order, each with ready-to-paste JSON where there is some.
pub fn explain(d: &Denial) -> String {
    let caller = d.caller.map(principal);
    let shown = caller.as_deref().unwrap_or("the calling identity");
    let role_account = account(d.role_arn);
    let caller_account = caller.as_deref().and_then(account);
    let same_account = role_account.is_some() && role_account == caller_account;
    let mut out = format!(
        "STS does not say which check failed. The caller is {shown}; the role is {}.\nLikely causes, most likely first:\n",
        d.role_arn
    );
    let mut n = 0;
    let mut cause = |text: String, policy: Option<Value>| {
        n += 1;
        out.push_str(&format!("{n}. {text}\n"));
        if let Some(policy) = policy {
            let json = serde_json::to_string_pretty(&policy).unwrap_or_default();
            out.push_str(&json);
            out.push('\n');
        }
    };
    let principal_value = caller.as_deref().unwrap_or("CALLER_ARN");
    cause(
        format!(
            "The role's trust policy does not let {shown} assume it{}. Add this statement to the trust policy of {}:",
            trust_conditions_said(d),
            d.role_arn
        ),
        Some(trust_statement(principal_value, d)),
    );
    let identity = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": d.role_arn,
        }]
    });
    match (same_account, caller.is_some()) {
        (false, true) => cause(
            format!(
                "The role is in another account, so {shown} also needs its own permission to assume it. Attach this policy to {shown}:"
            ),
            Some(identity),
        ),
        _ => cause(
            format!(
                "If the trust policy names the account ({}) rather than {shown}, {shown} also needs its own permission. Attach this policy to {shown}:",
                root_of(d.role_arn)
            ),
            Some(identity),
        ),
    }
    if !d.with_mfa {
        cause(
            "The trust policy may require MFA (aws:MultiFactorAuthPresent), and no MFA code was sent: add mfa_serial (the caller's MFA device ARN) to the profile.".into(),
            None,
        );
    }
    cause(
        "A service control policy or permissions boundary denies sts:AssumeRole: ask the account's administrator.".into(),
        None,
    );
    out
}

fn trust_conditions_said(d: &Denial) -> &'static str {
    match (d.with_mfa, d.external_id.is_some()) {
        (true, true) => " with MFA and this external id",
        (true, false) => " with MFA",
        (false, true) => " with this external id",
        (false, false) => "",
    }
}

/// The trust policy statement for `principal`, with the conditions the profile will meet.
fn trust_statement(principal: &str, d: &Denial) -> Value {
    let mut statement = json!({
        "Effect": "Allow",
        "Principal": { "AWS": principal },
        "Action": "sts:AssumeRole",
    });
    let mut condition = serde_json::Map::new();
    if d.with_mfa {
        condition.insert(
            "Bool".into(),
            json!({ "aws:MultiFactorAuthPresent": "true" }),
        );
    }
    if let Some(id) = d.external_id {
        condition.insert("StringEquals".into(), json!({ "sts:ExternalId": id }));
    }
    if !condition.is_empty() {
        statement["Condition"] = Value::Object(condition);
    }
    statement
}

/// `arn:aws:sts::123:assumed-role/Admin/alice` -> `arn:aws:iam::123:role/Admin`: policies name
/// the role, not the session. (A role's path is not in the session ARN.)
pub fn principal(arn: &str) -> String {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", partition, "sts", "", account, resource] => {
            match resource
                .strip_prefix("assumed-role/")
                .and_then(|r| r.split('/').next())
            {
                Some(role) => format!("arn:{partition}:iam::{account}:role/{role}"),
                None => arn.to_string(),
            }
        }
        _ => arn.to_string(),
    }
}

/// `User: arn:aws:iam::123:user/alice is not authorized ...` -> the caller's ARN.
pub fn caller_in(message: &str) -> Option<&str> {
    let rest = message.split("User: ").nth(1)?;
    rest.split_whitespace().next()
}

fn account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

fn root_of(role_arn: &str) -> String {
    let partition = role_arn.split(':').nth(1).unwrap_or("aws");
    let account = account(role_arn).unwrap_or("ACCOUNT");
    format!("arn:{partition}:iam::{account}:root")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_named_by_its_role_in_its_partition() {
        assert_eq!(
            principal("arn:aws-cn:sts::123456789012:assumed-role/Jump/alice"),
            "arn:aws-cn:iam::123456789012:role/Jump"
        );
        let user = "arn:aws:iam::123456789012:user/alice";
        assert_eq!(principal(user), user);
        let federated = "arn:aws:sts::123456789012:federated-user/bob";
        assert_eq!(principal(federated), federated);
        assert_eq!(
            caller_in("User: arn:aws:iam::1:user/a is not authorized to perform: x"),
            Some("arn:aws:iam::1:user/a")
        );
        assert_eq!(caller_in("Access denied"), None);
    }

    #[test]
    fn with_no_caller_known_the_statement_holds_a_placeholder() {
        let text = explain(&Denial {
            caller: None,
            role_arn: "arn:aws-us-gov:iam::222222222222:role/Admin",
            with_mfa: false,
            external_id: None,
        });
        assert!(
            text.contains("The caller is the calling identity;"),
            "{text}"
        );
        assert!(text.contains("\"AWS\": \"CALLER_ARN\""), "{text}");
        assert!(
            text.contains("(arn:aws-us-gov:iam::222222222222:root)"),
            "{text}"
        );
        assert!(
            text.contains("3. The trust policy may require MFA"),
            "{text}"
        );
        assert!(text.contains("4. A service control policy"), "{text}");
    }
}
