//! `switchrole doctor --online`: each base credential asked who it is, once, against moto,
//! a stand-in STS that refuses the keys, and a port where nothing listens.

mod common;
use common::doctor::sandbox;
use common::standin::{Reply, StandIn};
use common::{DEV_AND_MFA, KEYS, Moto};

#[test]
fn a_good_key_pair_is_asked_once_and_named() {
    let moto = Moto::start();
    let sandbox = sandbox(DEV_AND_MFA, KEYS, &moto.url());
    moto.record();
    let (code, out, err) = sandbox.run(&["doctor", "--online"]);
    assert_eq!(code, 0, "{out}{err}");
    // Three profiles on one pair of keys: one call.
    assert_eq!(moto.actions(), ["GetCallerIdentity"]);
    let requests = moto.requests();
    common::signed_by_keys(&requests[0], common::KEY_ID);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("~/credentials:1: info: profile 'base': its keys are arn:aws:"),
        "{out}"
    );
    assert!(lines[0].ends_with(" in account 123456789012"), "{out}");
    assert_eq!(lines[1], "0 errors, 0 warnings in 3 profiles");

    // A profile asked about by name checks its own chain's base, and is not silent online.
    let (code, out, _) = sandbox.run(&["doctor", "dev", "--online", "--json"]);
    assert_eq!(code, 0);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(findings.len(), 1, "{out}");
    assert_eq!(findings[0]["severity"], "info");
    assert_eq!(findings[0]["profile"], "base");
    assert_eq!(findings[0]["fix"], serde_json::Value::Null);
}

#[test]
fn keys_sts_refuses_are_an_error_naming_the_profile() {
    let body = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>InvalidClientTokenId</Code>\n    <Message>The security token included in the request is invalid.</Message>\n  </Error>\n  <RequestId>c6104cbe</RequestId>\n</ErrorResponse>\n";
    let sts = StandIn::start(Reply::ByAction(vec![(
        "GetCallerIdentity",
        "403 Forbidden",
        body.to_string(),
    )]));
    let sandbox = sandbox(DEV_AND_MFA, KEYS, &sts.url());
    let (code, out, _) = sandbox.run(&["doctor", "--online"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out,
        "~/credentials:1: error: profile 'base': its keys do not work: GetCallerIdentity failed: InvalidClientTokenId: The security token included in the request is invalid.\n  \
         fix: AWS does not know this access key id: it was deleted, mistyped, or belongs to another partition\n\
         1 error, 0 warnings in 3 profiles\n"
    );
    assert!(!out.contains("wJalrXUtnFEMI"), "{out}");
}

#[test]
fn an_sts_no_one_answers_is_an_error_with_its_cause() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let config = format!(
        "{DEV_AND_MFA}[profile other]\nrole_arn = arn:aws:iam::123456789012:role/O\nsource_profile = second\n"
    );
    let credentials = format!(
        "{KEYS}[second]\naws_access_key_id = AKIASECOND\naws_secret_access_key = second-secret\n"
    );
    let sandbox = sandbox(&config, &credentials, &endpoint);
    let (code, out, _) = sandbox.run(&["doctor", "--online"]);
    assert_eq!(code, 1, "{out}");
    for (line, profile) in [(1, "base"), (4, "second")] {
        let finding = format!(
            "~/credentials:{line}: error: profile '{profile}': its keys do not work: GetCallerIdentity failed: could not reach STS at {endpoint}: connection refused\n  \
             fix: check the network, and AWS_ENDPOINT_URL_STS or the profile's endpoint_url if set\n"
        );
        assert!(out.contains(&finding), "{finding}in:\n{out}");
    }
    assert!(
        out.ends_with("2 errors, 0 warnings in 5 profiles\n"),
        "{out}"
    );
}
