//! Every way a command fails that the test suite knows, run through the real binary: broken
//! files, missing profiles, refused and unreachable STS, IAM Identity Center and the console's
//! endpoint, bad flags, MFA without a code. Each says one plain sentence: never a Rust `Debug`
//! dump (`Error { source: ... }`), never a brace outside the policy JSON written to be pasted.

mod common;
use common::sso_standin::{Script, SsoStandIn};
use common::standin::{Reply, StandIn};
use common::{KEYS, Moto, Sandbox, detach, output};

const CONFIG: &str = "\
[profile dev]
role_arn = arn:aws:iam::123456789012:role/Dev
source_profile = base

[profile mfa]
role_arn = arn:aws:iam::123456789012:role/NeedsMfa
source_profile = base
mfa_serial = arn:aws:iam::111111111111:mfa/alice

[profile mfa-process]
role_arn = arn:aws:iam::123456789012:role/NeedsMfa
source_profile = base
mfa_serial = arn:aws:iam::111111111111:mfa/alice
mfa_process = sh -c 'echo token expired >&2; exit 3'

[profile bad-arn]
role_arn = arn:aws:iam::12:role/x
source_profile = base

[profile orphan]
role_arn = arn:aws:iam::123456789012:role/O
source_profile = bsae

[profile loop-a]
role_arn = arn:aws:iam::123456789012:role/A
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::123456789012:role/B
source_profile = loop-a

[profile no-source]
role_arn = arn:aws:iam::123456789012:role/N

[profile settings-only]
region = eu-west-1

[profile on-settings]
role_arn = arn:aws:iam::123456789012:role/S
source_profile = settings-only

[profile web]
web_identity_token_file = /nonexistent/token

[profile both]
role_arn = arn:aws:iam::123456789012:role/Both
source_profile = base
credential_source = Environment

[profile from-env]
role_arn = arn:aws:iam::123456789012:role/FromEnv
credential_source = Environment

[profile bad-duration]
role_arn = arn:aws:iam::123456789012:role/D
source_profile = base
duration_seconds = 60

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile prod-admin]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = Admin

[profile web-missing]
role_arn = arn:aws:iam::123456789012:role/Web
web_identity_token_file = /nonexistent/token

[profile imds]
role_arn = arn:aws:iam::123456789012:role/I
credential_source = Ec2InstanceMetadata

[profile ecs]
role_arn = arn:aws:iam::123456789012:role/E
credential_source = EcsContainer

[profile on-garbled]
role_arn = arn:aws:iam::123456789012:role/G
source_profile = garbled

[profile garbled]
credential_process = echo notjson
";

/// STS's error document for `code`.
fn sts_error(code: &str, message: &str) -> String {
    format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>{code}</Code>\n    <Message>{message}</Message>\n  </Error>\n  <RequestId>c6104cbe</RequestId>\n</ErrorResponse>\n"
    )
}

/// One failing run: where, what, and whether its stderr may hold policy JSON to paste.
struct Failure<'a> {
    sandbox: &'a Sandbox,
    args: Vec<&'a str>,
    env: Vec<(&'a str, String)>,
    detached: bool,
    policy_json: bool,
}

fn run(case: &Failure) -> (i32, String) {
    let mut cmd = case.sandbox.cmd();
    cmd.args(&case.args);
    for (name, value) in &case.env {
        cmd.env(name, value);
    }
    if case.detached {
        detach(&mut cmd);
    }
    let (code, _, err) = output(&mut cmd);
    (code, err)
}

/// What is wrong with one failure's stderr, if anything.
fn judged(case: &Failure, code: i32, err: &str) -> Option<String> {
    let args = case.args.join(" ");
    if code == 0 {
        return Some(format!("`{args}` succeeded: {err}"));
    }
    let errors = err
        .lines()
        .filter(|l| l.starts_with("switchrole: error:") || l.starts_with("error:"))
        .count();
    // `source:` as a field of a dump, not the end of "resource:".
    let dump = ["Error {", " source:", "{ ", "Some(", "None,"]
        .iter()
        .find(|marker| err.contains(*marker));
    let brace = match case.policy_json {
        // The policy blocks start on lines of their own; the sentence before them has none.
        true => err
            .lines()
            .any(|l| l.starts_with("switchrole:") && l.contains('{')),
        false => err.contains('{') || err.contains('}'),
    };
    match (errors, dump, brace) {
        (1, None, false) => None,
        _ => Some(format!("`{args}` (exit {code}):\n{err}")),
    }
}

#[test]
fn every_failure_is_said_in_plain_sentences() {
    let moto = Moto::start();
    let closed = {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", port.local_addr().unwrap().port())
    };
    let gateway = StandIn::start(Reply::With {
        status: "502 Bad Gateway",
        content_type: "text/html",
        body: "<html><body>upstream is down</body></html>\n".into(),
    });
    let refusing = StandIn::start(Reply::ByAction(vec![
        (
            "AssumeRole",
            "403 Forbidden",
            sts_error(
                "AccessDenied",
                "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Dev",
            ),
        ),
        (
            "GetCallerIdentity",
            "403 Forbidden",
            sts_error(
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
            ),
        ),
        (
            "GetSessionToken",
            "403 Forbidden",
            sts_error(
                "AccessDenied",
                "MultiFactorAuthentication failed with invalid MFA one time pass code.",
            ),
        ),
    ]));
    let expired = StandIn::start(Reply::ByAction(vec![(
        "AssumeRole",
        "400 Bad Request",
        sts_error(
            "ExpiredToken",
            "The security token included in the request is expired",
        ),
    )]));
    let federation = StandIn::start(Reply::With {
        status: "400 Bad Request",
        content_type: "text/html",
        body: "<html><head><title>Error 400 Bad Request</title></head><body>Invalid</body></html>"
            .into(),
    });
    let denying = SsoStandIn::start(Script {
        pending_polls: 0,
        slow_downs: 0,
        deny: true,
        accounts: Vec::new(),
        token_seconds: 3600,
        page_size: 10,
        start_urls: vec!["https://corp.awsapps.com/start"],
    });

    let at_moto = Sandbox::new(CONFIG, KEYS, &moto.url());
    let at_closed = Sandbox::new(CONFIG, KEYS, &closed);
    let at_nowhere = Sandbox::new(CONFIG, KEYS, "http://sts.nowhere.invalid");
    let at_gateway = Sandbox::new(CONFIG, KEYS, &gateway.url());
    let at_refusing = Sandbox::new(CONFIG, KEYS, &refusing.url());
    let at_expired = Sandbox::new(CONFIG, KEYS, &expired.url());
    let unreadable = Sandbox::new(CONFIG, KEYS, &moto.url());
    std::fs::remove_file(unreadable.path("credentials")).unwrap();
    std::fs::create_dir(unreadable.path("credentials")).unwrap();
    let bad_settings = Sandbox::new(CONFIG, KEYS, &moto.url());
    std::fs::write(
        bad_settings.path("xdg-config/switchrole/config"),
        "[settings]\nstore = vault\n",
    )
    .unwrap();

    let plain = |sandbox, args: &[&'static str]| Failure {
        sandbox,
        args: args.to_vec(),
        env: Vec::new(),
        detached: false,
        policy_json: false,
    };
    let detached = |sandbox, args: &[&'static str]| Failure {
        detached: true,
        ..plain(sandbox, args)
    };
    let sso = |sandbox, args: &[&'static str], url: &str| Failure {
        env: vec![
            ("AWS_ENDPOINT_URL_SSO_OIDC", url.to_string()),
            ("AWS_ENDPOINT_URL_SSO", url.to_string()),
            ("BROWSER", "true".to_string()),
        ],
        ..plain(sandbox, args)
    };
    let cases = vec![
        // The files.
        plain(&at_moto, &["exec", "nope", "--", "true"]),
        plain(&at_moto, &["env", "dve"]),
        plain(&at_moto, &["env", "bad-arn"]),
        plain(&at_moto, &["env", "orphan"]),
        plain(&at_moto, &["env", "loop-a"]),
        plain(&at_moto, &["env", "no-source"]),
        plain(&at_moto, &["env", "settings-only"]),
        plain(&at_moto, &["env", "on-settings"]),
        plain(&at_moto, &["env", "web"]),
        plain(&at_moto, &["credential-process", "web"]),
        plain(&at_moto, &["env", "both"]),
        plain(&at_moto, &["env", "bad-duration"]),
        plain(&at_moto, &["whoami", "from-env"]),
        plain(&unreadable, &["env", "dev"]),
        plain(&unreadable, &["doctor"]),
        plain(&bad_settings, &["list"]),
        plain(&at_moto, &["doctor", "nope"]),
        // Flags and commands.
        plain(&at_moto, &["exec", "dev", "--duration", "5", "--", "true"]),
        plain(&at_moto, &["--store", "vault", "list"]),
        plain(&at_moto, &["settings", "set", "store", "bogus"]),
        plain(&at_moto, &["settings", "get", "nope"]),
        plain(&at_moto, &["renew", "--mfa-code", "123456"]),
        plain(&at_moto, &["clear", "partnr"]),
        plain(&at_moto, &["add", "carol", "--from-env", "--no-check"]),
        plain(&at_moto, &["exec", "dev", "--", "/nonexistent/program"]),
        plain(&at_moto, &["console", "base", "--switch-role-url"]),
        // MFA.
        plain(&at_moto, &["env", "mfa", "--mfa-code", "12"]),
        detached(&at_moto, &["env", "mfa"]),
        plain(&at_moto, &["env", "mfa-process"]),
        // STS refusing or out of reach.
        plain(&at_closed, &["env", "dev"]),
        plain(&at_closed, &["whoami", "base"]),
        plain(&at_nowhere, &["env", "dev"]),
        plain(&at_gateway, &["env", "dev", "--no-cache"]),
        Failure {
            policy_json: true,
            ..plain(&at_refusing, &["env", "dev"])
        },
        plain(&at_refusing, &["whoami", "base"]),
        plain(&at_refusing, &["env", "mfa", "--mfa-code", "123456"]),
        plain(&at_expired, &["credential-process", "dev"]),
        Failure {
            env: vec![("SWITCHROLE_FEDERATION_ENDPOINT", federation.url())],
            ..plain(&at_moto, &["console", "dev", "--print"])
        },
        Failure {
            env: vec![("SWITCHROLE_FEDERATION_ENDPOINT", closed.clone())],
            ..plain(&at_moto, &["console", "dev", "--print"])
        },
        // Credentials from elsewhere: the SDK's providers and a credential_process.
        plain(&at_moto, &["env", "web-missing"]),
        Failure {
            env: vec![
                ("AWS_EC2_METADATA_DISABLED", "false".to_string()),
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT", closed.clone()),
            ],
            ..plain(&at_moto, &["env", "imds"])
        },
        plain(&at_moto, &["env", "ecs"]),
        plain(&at_moto, &["env", "on-garbled"]),
        // IAM Identity Center.
        detached(&at_moto, &["credential-process", "prod-admin"]),
        sso(&at_moto, &["env", "prod-admin", "--no-browser"], &closed),
        sso(&at_moto, &["login", "corp", "--no-browser"], &denying.url()),
        sso(&at_moto, &["login", "nope"], &closed),
        sso(&at_moto, &["env", "corp/222222222222/Admn"], &closed),
    ];
    let mut wrong = Vec::new();
    for case in &cases {
        let (code, err) = run(case);
        wrong.extend(judged(case, code, &err));
    }
    assert!(
        wrong.is_empty(),
        "{} of {} failures are not plain:\n\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_profile_without_credentials_is_named_with_its_file() {
    let sandbox = Sandbox::new(CONFIG, KEYS, "http://127.0.0.1:9");
    let said = |name: &str| sandbox.run(&["env", name]).2;
    assert_eq!(
        said("on-settings"),
        "switchrole: error: profile 'on-settings' names source_profile 'settings-only', which has no credentials: no keys, role_arn, sso, credential_process or web identity (~/config)\n"
    );
    assert_eq!(
        said("settings-only"),
        "switchrole: error: profile 'settings-only' has no credentials: no keys, role_arn, sso, credential_process or web identity (~/config)\n"
    );
    // Found in the files, before any SDK is asked.
    assert_eq!(
        said("web"),
        "switchrole: error: profile 'web' has web_identity_token_file but no role_arn, the role its token is exchanged for (~/config)\n"
    );
    let (code, out, _) = sandbox.run(&["doctor", "web"]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "~/config:43: error: profile 'web' has web_identity_token_file but no role_arn"
        ),
        "{out}"
    );
}
