//! Keys and sessions in a real Secret Service (a private gnome-keyring on a private bus),
//! assumed against moto; and the case where no keyring answers.

mod common;
use common::keyring::PrivateKeyring;
use common::{Moto, Sandbox, arn_of, output};
use std::process::Command;

const SECRET: &str = "keyring-only-secret-9f8e7d";

const ROLES: &str = "\
[profile role-a]
role_arn = arn:aws:iam::123456789012:role/A
source_profile = alice

[profile role-b]
role_arn = arn:aws:iam::210987654321:role/B
source_profile = alice
";

/// A sandbox on the keyring store, with `alice`'s keys added to the keyring.
fn with_alice(moto: &Moto, keyring: &PrivateKeyring, config: &str) -> Sandbox {
    let sandbox = Sandbox::new(config, "", &moto.url());
    let (code, _, err) = run(
        &sandbox,
        keyring,
        &["add", "alice", "--from-env"],
        &[
            ("AWS_ACCESS_KEY_ID", "AKIAKEYRINGEXAMPLE01"),
            ("AWS_SECRET_ACCESS_KEY", SECRET),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("the keys belong to arn:aws:sts::123456789012:user/moto"),
        "{err}"
    );
    sandbox
}

fn run(
    sandbox: &Sandbox,
    keyring: &PrivateKeyring,
    args: &[&str],
    env: &[(&str, &str)],
) -> (i32, String, String) {
    let mut cmd: Command = sandbox.cmd();
    keyring.env(&mut cmd);
    cmd.arg("--store").arg("keyring").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    output(&mut cmd)
}

#[test]
fn added_keys_live_only_in_the_keyring_and_assume_roles() {
    let moto = Moto::start();
    let keyring = PrivateKeyring::start();
    let original = "# mine\n[profile role-a]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = alice";
    let sandbox = with_alice(&moto, &keyring, original);
    let config = std::fs::read_to_string(sandbox.path("config")).unwrap();
    assert_eq!(
        config,
        format!("{original}\n\n[profile alice]\n"),
        "only appended"
    );
    assert_eq!(
        std::fs::read_to_string(sandbox.path("credentials")).unwrap(),
        ""
    );
    let state = std::fs::read_to_string(sandbox.path("state/switchrole/state.json")).unwrap();
    assert!(!state.contains(SECRET));

    let (_, listed, _) = run(&sandbox, &keyring, &["list", "--json"], &[]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
    let alice = rows.iter().find(|r| r["name"] == "alice").unwrap();
    assert_eq!(alice["keys_in"], "keyring");
    assert_eq!(alice["kind"], "keys");

    let (code, out, err) = run(&sandbox, &keyring, &["whoami", "role-a"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(arn_of(&out).starts_with("arn:aws:sts::123456789012:assumed-role/A/"));

    let (code, _, err) = run(&sandbox, &keyring, &["remove", "alice"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("removed the keys of 'alice'"));
    let (code, _, err) = run(&sandbox, &keyring, &["whoami", "role-a", "--no-cache"], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("profile 'alice' has no credentials"), "{err}");
}

#[test]
fn one_mfa_code_serves_two_roles_and_sessions_are_listed_and_cleared() {
    let moto = Moto::start();
    let keyring = PrivateKeyring::start();
    let config =
        format!("{ROLES}\n[profile alice]\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n");
    let sandbox = with_alice(&moto, &keyring, &config);
    moto.record();
    let (code, out, err) = run(
        &sandbox,
        &keyring,
        &["whoami", "role-a", "--mfa-code", "123456"],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(arn_of(&out).contains("assumed-role/A/"));
    // No code and no terminal: only the MFA session can make this work.
    let mut cmd = sandbox.cmd();
    keyring.env(&mut cmd);
    cmd.args(["--store", "keyring", "whoami", "role-b"]);
    common::detach(&mut cmd);
    let (code, out, err) = output(&mut cmd);
    assert_eq!(code, 0, "{err}");
    assert!(arn_of(&out).contains("assumed-role/B/"));
    assert_eq!(
        moto.actions(),
        [
            "GetSessionToken",
            "AssumeRole",
            "GetCallerIdentity",
            "AssumeRole",
            "GetCallerIdentity"
        ]
    );

    let (_, listed, _) = run(&sandbox, &keyring, &["sessions", "--json"], &[]);
    let sessions: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
    let mut profiles: Vec<&str> = sessions
        .iter()
        .map(|s| s["profile"].as_str().unwrap())
        .collect();
    profiles.sort();
    assert_eq!(profiles, ["alice", "role-a", "role-b"]);
    assert!(
        sessions
            .iter()
            .all(|s| s["seconds_left"].as_i64().unwrap() > 3000)
    );

    let (code, _, err) = run(&sandbox, &keyring, &["clear", "role-a"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("cleared 1 session from the keyring store"),
        "{err}"
    );
    let (code, _, err) = run(&sandbox, &keyring, &["clear"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("cleared 2 sessions"), "{err}");
    let (_, listed, _) = run(&sandbox, &keyring, &["sessions", "--json"], &[]);
    assert_eq!(listed.trim(), "[]");
}

#[test]
fn without_a_keyring_commands_work_cache_nothing_and_say_so_once() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(
        "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\n",
        common::KEYS,
        &moto.url(),
    );
    let key_of = || {
        let mut cmd = sandbox.cmd();
        cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .args(["--store", "keyring", "env", "dev"]);
        let (code, out, err) = output(&mut cmd);
        assert_eq!(code, 0, "{err}");
        assert_eq!(err.matches("no OS keyring answered").count(), 1, "{err}");
        assert!(
            err.contains("pass --store file or put `store = file` under [settings]"),
            "{err}"
        );
        out.lines()
            .find_map(|l| l.strip_prefix("export AWS_ACCESS_KEY_ID="))
            .unwrap()
            .to_string()
    };
    assert_ne!(key_of(), key_of(), "nothing was cached");
    assert!(
        !sandbox.path("cache/switchrole").exists(),
        "never a silent fall back to files"
    );

    let mut cmd = sandbox.cmd();
    cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env("AWS_ACCESS_KEY_ID", "AKIAKEYRINGEXAMPLE01")
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .args([
            "--store",
            "keyring",
            "add",
            "alice",
            "--from-env",
            "--no-check",
        ]);
    let (code, _, err) = output(&mut cmd);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "switchrole keeps long-term keys only in the keyring, never in a plaintext file"
        ),
        "{err}"
    );
}
