//! `switchrole doctor` as a whole: the credentials file's mode, silence for a healthy
//! profile, one profile's chain, JSON, and secrets never shown.

mod common;
use common::doctor::{ROLE, chmod, doctor, sandbox};
use common::{KEYS, Sandbox};

#[test]
fn a_credentials_file_others_can_read_is_reported_and_a_private_one_is_not() {
    let sandbox = Sandbox::new(common::DEV_AND_MFA, KEYS, "http://127.0.0.1:9");
    chmod(&sandbox, 0o644);
    let (code, out, _) = sandbox.run(&["doctor"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "~/credentials: warning: the credentials file can be read by its group, and read by other users (mode 644), and it holds secret keys\n  fix: chmod 600 ~/credentials\n0 errors, 1 warning in 3 profiles\n"
    );
    chmod(&sandbox, 0o600);
    let (code, out, _) = sandbox.run(&["doctor"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "0 errors, 0 warnings in 3 profiles\n")
    );
}

#[test]
fn a_healthy_profile_says_nothing_and_an_unknown_one_gets_suggestions() {
    let config = format!("{}[profile broken]\nrole_arn = nope\n", common::DEV_AND_MFA);
    let sandbox = sandbox(&config, KEYS, "http://127.0.0.1:9");
    let (code, out, err) = sandbox.run(&["doctor", "dev"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    let (code, out, _) = sandbox.run(&["doctor", "broken"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("~/config:10: error: profile 'broken': role_arn 'nope'"),
        "{out}"
    );
    assert!(out.ends_with("1 error, 0 warnings in 1 profile\n"), "{out}");
    let (code, out, err) = sandbox.run(&["doctor", "dve"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "switchrole: error: no profile named 'dve' in ~/config or ~/credentials; did you mean 'dev'?\n"
    );
}

#[test]
fn a_named_profile_is_checked_with_its_chain_only() {
    let config = format!(
        "[profile top]\n{ROLE}source_profile = mid\n[profile mid]\n{ROLE}source_profile = base\nmfa_serail = x\n\
         [profile elsewhere]\nrole_arn = bad\n"
    );
    let (code, out, _) = doctor(&config, KEYS, &["top"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("~/config:7: warning: profile 'mid': mfa_serail"),
        "{out}"
    );
    assert!(!out.contains("elsewhere"), "{out}");
    assert!(
        out.ends_with("0 errors, 1 warning in 3 profiles\n"),
        "{out}"
    );
}

#[test]
fn json_has_every_field_of_every_finding() {
    let config = format!(
        "[profile a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = nobody\n[profile b]\n{ROLE}source_profile = base\nregin = x\n"
    );
    let (code, out, _) = doctor(&config, KEYS, &["--json"]);
    assert_eq!(code, 1);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let fields = ["severity", "file", "line", "profile", "message", "fix"];
    for f in &findings {
        let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, fields);
    }
    let summary: Vec<(&str, u64, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["profile"].as_str().unwrap(),
            )
        })
        .collect();
    // One broken profile hides nothing: both of a's mistakes, and b's.
    assert_eq!(
        summary,
        [("error", 2, "a"), ("error", 3, "a"), ("warning", 7, "b")]
    );
    assert_eq!(findings[1]["file"], "~/config");
    assert_eq!(
        findings[1]["message"],
        "profile 'a' names source_profile 'nobody', which does not exist"
    );
    assert_eq!(findings[2]["fix"], "rename regin to region");
}

#[test]
fn no_secret_value_is_ever_shown() {
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let token = "IQoJb3JpZ2luX2VjEXAMPLETOKEN";
    let config = format!(
        "[profile base]\naws_secret_access_key = another{secret}\naws_session_token = x{token}\n"
    );
    let credentials = format!(
        "[base]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = {secret}\naws_session_token = {token}\n\
         [typo]\naws_acess_key_id = AKIAEXAMPLE\naws_secret_acess_key = {secret}\n[colon]\naws_secret_access_key: {secret}\n"
    );
    let sandbox = Sandbox::new(&config, &credentials, "http://127.0.0.1:9");
    chmod(&sandbox, 0o640);
    for args in [&["doctor"][..], &["doctor", "--json"]] {
        let (_, out, err) = sandbox.run(args);
        for shown in [&out, &err] {
            assert!(!shown.contains(secret) && !shown.contains(token), "{shown}");
        }
        // The mistakes themselves are still named, by key.
        for named in [
            "aws_secret_access_key here is overridden",
            "aws_session_token here is overridden",
            "aws_secret_acess_key is not",
            "key 'aws_secret_access_key' is followed by ':'",
            "mode 640",
        ] {
            assert!(out.contains(named), "{named} in {out}");
        }
    }
}
