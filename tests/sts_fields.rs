//! Every field STS receives, read back at moto's recorder, for each way in: `exec`, `env`,
//! `credential-process` and the picker's MFA modal, with the MFA session switchrole keeps and
//! without one (the code then goes with AssumeRole itself).

mod common;
use common::pty::Screen;
use common::{KEY_ID, KEYS, Moto, Sandbox, output, signed_by_keys};
use std::collections::BTreeMap;

const SERIAL: &str = "arn:aws:iam::111111111111:mfa/alice";
const ROLE: &str = "arn:aws:iam::333333333333:role/Partner";

const CONFIG: &str = "\
[profile partner]
role_arn = arn:aws:iam::333333333333:role/Partner
source_profile = base
mfa_serial = arn:aws:iam::111111111111:mfa/alice
external_id = partner-7f3a
role_session_name = alice-partner
duration_seconds = 1800
";

type Request = BTreeMap<String, String>;

/// The fields of a request, without who signed it and the protocol's own.
fn fields(request: &Request) -> BTreeMap<&str, &str> {
    request
        .iter()
        .filter(|(k, _)| !k.starts_with('@') && *k != "Version")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// What AssumeRole must carry for `partner`, with the code when it goes there.
fn assume_role(duration: &str, code: Option<&str>) -> BTreeMap<&'static str, String> {
    let mut expected = BTreeMap::from([
        ("Action", "AssumeRole".to_string()),
        ("RoleArn", ROLE.into()),
        ("RoleSessionName", "alice-partner".into()),
        ("ExternalId", "partner-7f3a".into()),
        ("DurationSeconds", duration.into()),
    ]);
    if let Some(code) = code {
        expected.insert("SerialNumber", SERIAL.into());
        expected.insert("TokenCode", code.into());
    }
    expected
}

#[track_caller]
fn assert_fields(request: &Request, expected: &BTreeMap<&str, String>) {
    let expected: BTreeMap<&str, &str> = expected.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(fields(request), expected);
}

/// With a store: one GetSessionToken with the code, signed by the keys; AssumeRole with the
/// rest, signed by the MFA session.
#[track_caller]
fn through_the_mfa_session(moto: &Moto, sent: &[Request], code: &str, duration: &str) {
    assert_eq!(sent.len(), 2, "{sent:?}");
    let session = BTreeMap::from([
        ("Action", "GetSessionToken".to_string()),
        ("SerialNumber", SERIAL.into()),
        ("TokenCode", code.into()),
        ("DurationSeconds", "28800".into()),
    ]);
    assert_fields(&sent[0], &session);
    signed_by_keys(&sent[0], KEY_ID);
    assert_fields(&sent[1], &assume_role(duration, None));
    moto.mfa_session_credentials().signed(&sent[1]);
}

/// Without a store: AssumeRole alone, carrying the code, signed by the keys.
#[track_caller]
fn straight_to_assume_role(sent: &[Request], code: &str, duration: &str) {
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_fields(&sent[0], &assume_role(duration, Some(code)));
    signed_by_keys(&sent[0], KEY_ID);
}

/// The command line of `way` for `partner` with `code` and `extra` flags.
fn command(way: &str, code: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec![way, "partner", "--mfa-code", code];
    args.extend(extra);
    if way == "exec" {
        args.extend(["--", "true"]);
    }
    args.into_iter().map(String::from).collect()
}

#[test]
fn exec_env_and_credential_process_send_every_field() {
    let moto = Moto::start();
    let ways = [
        ("exec", "111111", "111999"),
        ("env", "222222", "222999"),
        ("credential-process", "333333", "333999"),
    ];
    for (way, code, uncached_code) in ways {
        let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
        moto.record();
        let (status, _, err) = output(sandbox.cmd().args(command(way, code, &[])));
        assert_eq!(status, 0, "{way}: {err}");
        through_the_mfa_session(&moto, &moto.requests(), code, "1800");

        // --no-cache, with --duration over the profile's own.
        moto.record();
        let extra = ["--no-cache", "--duration", "2h"];
        let (status, _, err) = output(sandbox.cmd().args(command(way, uncached_code, &extra)));
        assert_eq!(status, 0, "{way}: {err}");
        straight_to_assume_role(&moto.requests(), uncached_code, "7200");
    }
}

/// The picker on `sandbox`: Enter on `partner`, the code typed into the modal, the shell left.
fn picker_with_code(sandbox: &Sandbox, code: &str) {
    let mut screen = Screen::start(sandbox);
    screen.wait_for("▶ partner");
    screen.send("\r");
    screen.wait_for("MFA code");
    screen.wait_for(SERIAL);
    screen.send(&format!("{code}\r"));
    screen.wait_for(
        "switchrole: partner as arn:aws:sts::333333333333:assumed-role/Partner/alice-partner",
    );
    screen.send("exit\r");
    screen.wait_for("Profiles");
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}

#[test]
fn the_code_typed_into_the_pickers_modal_reaches_sts() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    moto.record();
    picker_with_code(&sandbox, "135791");
    through_the_mfa_session(&moto, &moto.requests(), "135791", "1800");

    // With nothing kept, the modal's code goes with AssumeRole.
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    std::fs::write(
        sandbox.path("xdg-config/switchrole/config"),
        "[settings]\nstore = none\n",
    )
    .unwrap();
    moto.record();
    picker_with_code(&sandbox, "246802");
    straight_to_assume_role(&moto.requests(), "246802", "1800");
}
