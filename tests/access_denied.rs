//! A refused AssumeRole, against a stand-in that answers as STS does (its `ErrorResponse`
//! document, which moto cannot send): the caller is looked up, and the causes come with the
//! policy JSON to paste, which must parse and name the caller and the role.

mod common;
use common::standin::{Reply, Seen, StandIn};
use common::{KEY_ID, KEYS, Sandbox};
use serde_json::Value;

const USER: &str = "arn:aws:iam::111111111111:user/alice";

fn denied(caller: &str, role: &str) -> String {
    format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>AccessDenied</Code>\n    <Message>User: {caller} is not authorized to perform: sts:AssumeRole on resource: {role}</Message>\n  </Error>\n  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>\n</ErrorResponse>\n"
    )
}

fn identity(arn: &str) -> String {
    let account = arn.split(':').nth(4).unwrap();
    format!(
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <GetCallerIdentityResult>\n    <Arn>{arn}</Arn>\n    <UserId>AIDAEXAMPLE</UserId>\n    <Account>{account}</Account>\n  </GetCallerIdentityResult>\n  <ResponseMetadata><RequestId>01234567-89ab</RequestId></ResponseMetadata>\n</GetCallerIdentityResponse>\n"
    )
}

/// STS's error document for `code`.
fn sts_error(code: &str, message: &str) -> String {
    format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>{code}</Code>\n    <Message>{message}</Message>\n  </Error>\n  <RequestId>c6104cbe</RequestId>\n</ErrorResponse>\n"
    )
}

/// Runs `env dev` for a role with `extra` settings, refused for the caller `whoami`; returns
/// stderr and the JSON blocks in it.
fn refused(role: &str, extra: &str, whoami: &str, args: &[&str]) -> (String, Vec<Value>) {
    let (err, blocks, _) = refused_with(role, extra, whoami, args, denied(whoami, role));
    (err, blocks)
}

/// The form fields of a request to STS, with `@AccessKeyId` for the key that signed it and
/// `@SessionToken` for its token, if any.
fn sts_fields(seen: &Seen) -> std::collections::BTreeMap<String, String> {
    let mut fields = seen.form();
    fields.remove("Version");
    let signer = seen
        .header("authorization")
        .and_then(|a| a.split("Credential=").nth(1))
        .and_then(|c| c.split('/').next());
    fields.insert("@AccessKeyId".into(), signer.unwrap_or_default().into());
    if let Some(token) = seen.header("x-amz-security-token") {
        fields.insert("@SessionToken".into(), token.into());
    }
    fields
}

fn refused_with(
    role: &str,
    extra: &str,
    whoami: &str,
    args: &[&str],
    refusal: String,
) -> (String, Vec<Value>, Vec<Seen>) {
    let sts = StandIn::start(Reply::ByAction(vec![
        ("AssumeRole", "403 Forbidden", refusal),
        ("GetCallerIdentity", "200 OK", identity(whoami)),
    ]));
    let config = format!("[profile dev]\nrole_arn = {role}\nsource_profile = base\n{extra}");
    let sandbox = Sandbox::new(&config, KEYS, &sts.url());
    let mut full = vec!["env", "dev"];
    full.extend(args);
    let (code, out, err) = sandbox.run(&full);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    (err.clone(), json_blocks(&err), sts.seen())
}

/// Each `{` ... `}` block that starts at the beginning of a line, parsed.
fn json_blocks(text: &str) -> Vec<Value> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line == "{" {
            current = Some(String::new());
        }
        if let Some(block) = current.as_mut() {
            block.push_str(line);
            block.push('\n');
        }
        if line == "}" {
            let block = current.take().unwrap();
            blocks.push(serde_json::from_str(&block).unwrap_or_else(|e| panic!("{e}: {block}")));
        }
    }
    blocks
}

#[test]
fn cross_account_needs_the_trust_statement_and_the_callers_own_permission() {
    let role = "arn:aws:iam::222222222222:role/Admin";
    let (err, blocks, seen) = refused_with(role, "", USER, &[], denied(USER, role));
    // No MFA and no external id configured: none sent.
    let sent = sts_fields(&seen[0]);
    let names: Vec<&str> = sent.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "@AccessKeyId",
            "Action",
            "DurationSeconds",
            "RoleArn",
            "RoleSessionName"
        ]
    );
    assert_eq!(
        (sent["RoleArn"].as_str(), sent["DurationSeconds"].as_str()),
        (role, "3600")
    );
    assert!(err.starts_with(&format!(
        "switchrole: error: AssumeRole {role} failed: AccessDenied: User: {USER} is not authorized"
    )));
    assert!(
        err.contains("STS does not say which check failed."),
        "{err}"
    );
    assert!(err.contains("The role is in another account"), "{err}");
    assert_eq!(blocks.len(), 2, "{err}");
    assert_eq!(blocks[0]["Principal"]["AWS"], USER);
    assert_eq!(blocks[0]["Action"], "sts:AssumeRole");
    assert!(blocks[0].get("Condition").is_none());
    assert_eq!(blocks[1]["Statement"][0]["Effect"], "Allow");
    assert_eq!(blocks[1]["Statement"][0]["Resource"], role);
    assert!(
        err.contains("no MFA code was sent: add mfa_serial"),
        "{err}"
    );
}

#[test]
fn same_account_puts_the_trust_policy_first_and_the_callers_permission_if_it_names_the_root() {
    let role = "arn:aws:iam::111111111111:role/Dev";
    let (err, blocks) = refused(role, "", USER, &[]);
    assert!(
        err.contains("If the trust policy names the account (arn:aws:iam::111111111111:root)"),
        "{err}"
    );
    assert!(!err.contains("another account"), "{err}");
    assert_eq!(blocks[0]["Principal"]["AWS"], USER);
    assert_eq!(blocks[1]["Statement"][0]["Resource"], role);
}

#[test]
fn mfa_and_external_id_become_conditions_of_the_trust_statement() {
    let role = "arn:aws:iam::222222222222:role/Admin";
    let extra = "mfa_serial = arn:aws:iam::111111111111:mfa/alice\nexternal_id = partner-7f3a\nrole_session_name = alice-partner\n";
    let args = ["--mfa-code", "123456", "--no-cache", "--duration", "45m"];
    let (err, blocks, seen) = refused_with(role, extra, USER, &args, denied(USER, role));
    let condition = &blocks[0]["Condition"];
    assert_eq!(condition["Bool"]["aws:MultiFactorAuthPresent"], "true");
    assert_eq!(condition["StringEquals"]["sts:ExternalId"], "partner-7f3a");
    assert!(!err.contains("no MFA code was sent"), "{err}");
    // What the refused AssumeRole carried, then the caller looked up with the same keys.
    let sent: Vec<_> = seen.iter().map(sts_fields).collect();
    let expected = [
        ("@AccessKeyId", KEY_ID),
        ("Action", "AssumeRole"),
        ("DurationSeconds", "2700"),
        ("ExternalId", "partner-7f3a"),
        ("RoleArn", role),
        ("RoleSessionName", "alice-partner"),
        ("SerialNumber", "arn:aws:iam::111111111111:mfa/alice"),
        ("TokenCode", "123456"),
    ];
    let expected = expected.map(|(k, v)| (k.to_string(), v.to_string()));
    assert_eq!(sent[0], expected.into(), "{seen:?}");
    let lookup = [("@AccessKeyId", KEY_ID), ("Action", "GetCallerIdentity")];
    assert_eq!(
        sent[1],
        lookup.map(|(k, v)| (k.to_string(), v.to_string())).into()
    );
    assert_eq!(sent.len(), 2, "{seen:?}");
}

#[test]
fn an_assumed_role_caller_is_named_by_its_role() {
    let role = "arn:aws:iam::222222222222:role/Admin";
    let session = "arn:aws:sts::111111111111:assumed-role/Jump/alice";
    let (_, blocks) = refused(role, "", session, &[]);
    assert_eq!(
        blocks[0]["Principal"]["AWS"],
        "arn:aws:iam::111111111111:role/Jump"
    );
}

#[test]
fn other_refusals_keep_their_one_line_and_hint() {
    let role = "arn:aws:iam::222222222222:role/Admin";
    let extra = "mfa_serial = arn:aws:iam::111111111111:mfa/alice\n";
    let wrong_code = sts_error(
        "AccessDenied",
        "MultiFactorAuthentication failed with invalid MFA one time pass code.",
    );
    let args = ["--mfa-code", "123456", "--no-cache"];
    let (err, blocks, seen) = refused_with(role, extra, USER, &args, wrong_code);
    // The code was refused: nobody is looked up.
    let actions: Vec<String> = seen
        .iter()
        .map(|s| sts_fields(s)["Action"].clone())
        .collect();
    assert_eq!(actions, ["AssumeRole"]);
    assert_eq!(sts_fields(&seen[0])["TokenCode"], "123456");
    assert!(blocks.is_empty(), "{err}");
    assert!(!err.contains("STS does not say"), "{err}");
    assert!(err.contains("hint: the MFA code was wrong"), "{err}");
    let too_long = sts_error(
        "ValidationError",
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    );
    let (err, _, _) = refused_with(role, "", USER, &[], too_long);
    assert!(!err.contains("STS does not say"), "{err}");
    assert!(
        err.contains("hint: the requested duration is longer"),
        "{err}"
    );
}

#[test]
fn when_the_caller_cannot_be_looked_up_stss_message_names_it() {
    let role = "arn:aws:iam::222222222222:role/Admin";
    let sts = StandIn::start(Reply::ByAction(vec![
        ("AssumeRole", "403 Forbidden", denied(USER, role)),
        (
            "GetCallerIdentity",
            "403 Forbidden",
            sts_error("AccessDenied", "not allowed"),
        ),
    ]));
    let config = format!("[profile dev]\nrole_arn = {role}\nsource_profile = base\n");
    let sandbox = Sandbox::new(&config, KEYS, &sts.url());
    let (code, _, err) = sandbox.run(&["env", "dev"]);
    assert_eq!(code, 1);
    assert_eq!(json_blocks(&err)[0]["Principal"]["AWS"], USER, "{err}");
}
