//! The history of switches: a line from each entry point, never a secret, 0600, whole lines
//! when many switchroles write at once, and `switchrole history` to read it.

mod common;
use common::{DEV_AND_MFA, KEYS, Moto, Sandbox};
use std::os::unix::fs::PermissionsExt;

fn history(sandbox: &Sandbox) -> Vec<serde_json::Value> {
    let (code, out, err) = sandbox.run(&["history", "--json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str::<Vec<serde_json::Value>>(&out).unwrap()
}

#[test]
fn exec_env_and_credential_process_each_add_a_line_without_a_secret() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    let (code, out, err) = sandbox.run(&["history"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "no profile has been used yet\n"),
        "{err}"
    );

    let (code, env, err) = sandbox.run(&["env", "dev", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = sandbox.run(&["exec", "dev", "--", "true"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = sandbox.run(&["credential-process", "mfa", "--mfa-code", "123456"]);
    assert_eq!(code, 0, "{err}");
    // A failed switch is no switch.
    let (code, _, _) = sandbox.run(&["env", "nope"]);
    assert_eq!(code, 1);

    let entries = history(&sandbox);
    let hows: Vec<&str> = entries.iter().map(|e| e["how"].as_str().unwrap()).collect();
    assert_eq!(hows, ["env", "exec", "credential-process"]);
    let profiles: Vec<&str> = entries
        .iter()
        .map(|e| e["profile"].as_str().unwrap())
        .collect();
    assert_eq!(profiles, ["dev", "dev", "mfa"]);
    assert_eq!(entries[0]["role_arn"], "arn:aws:iam::123456789012:role/Dev");
    assert_eq!(
        entries[2]["role_arn"],
        "arn:aws:iam::123456789012:role/NeedsMfa"
    );
    assert_eq!(entries[0]["account"], "123456789012");
    assert!(entries[0]["at"].as_str().unwrap().ends_with('Z'));

    let path = sandbox.path("state/switchrole/history.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let keys: serde_json::Value = serde_json::from_str(&env).unwrap();
    for name in [
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_ACCESS_KEY_ID",
    ] {
        let value = keys[name].as_str().unwrap();
        assert!(!text.contains(value), "{name} in the history");
    }
    assert!(!text.contains("123456\""), "the MFA code in the history");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    let (code, table, _) = sandbox.run(&["history"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("WHEN"), "{table}");
    assert!(
        lines[1].contains(" env ") && lines[1].contains("arn:aws:iam::123456789012:role/Dev"),
        "{table}"
    );
    assert!(
        lines[3].contains(" credential-process ") && lines[3].contains(" mfa "),
        "{table}"
    );
}

#[test]
fn many_switchroles_at_once_each_add_one_whole_line() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    let (code, _, err) = sandbox.run(&["env", "dev"]);
    assert_eq!(code, 0, "{err}");
    let children: Vec<_> = (0..16)
        .map(|_| {
            let mut cmd = sandbox.cmd();
            cmd.args(["credential-process", "dev"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null());
            cmd.spawn().unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let entries = history(&sandbox);
    assert_eq!(entries.len(), 17);
    let text = std::fs::read_to_string(sandbox.path("state/switchrole/history.jsonl")).unwrap();
    assert_eq!(text.lines().count(), 17, "{text}");
}

#[test]
fn a_shell_from_the_picker_adds_a_line() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    let mut screen = common::pty::Screen::start(&sandbox);
    screen.send("dev");
    screen.wait_for("▶ dev ");
    screen.send("\r");
    screen.wait_for("switchrole: dev as");
    screen.send("exit\r");
    screen.wait_for("Profiles");
    screen.send("\x03");
    assert!(screen.wait_exit().success());
    let entries = history(&sandbox);
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["how"], "picker");
    assert_eq!(entries[0]["profile"], "dev");
}
