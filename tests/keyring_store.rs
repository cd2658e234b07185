//! Keys and sessions in a real Secret Service (a private gnome-keyring on a private bus),
//! assumed against moto; and the kernel keyring, where no Secret Service answers.

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
    assert!(
        err.contains("profile 'role-a' names source_profile 'alice', which has no credentials"),
        "{err}"
    );
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
    let sent = moto.requests();
    let actions: Vec<&str> = sent.iter().map(|r| r["Action"].as_str()).collect();
    assert_eq!(
        actions,
        [
            "GetSessionToken",
            "AssumeRole",
            "GetCallerIdentity",
            "AssumeRole",
            "GetCallerIdentity"
        ]
    );
    // The keyring's keys sign only GetSessionToken; the MFA session signs both roles.
    common::signed_by_keys(&sent[0], "AKIAKEYRINGEXAMPLE01");
    let mfa_session = moto.mfa_session_credentials();
    mfa_session.signed(&sent[1]);
    mfa_session.signed(&sent[3]);

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
fn a_damaged_state_file_is_rebuilt_from_the_keyring_and_expired_sessions_are_pruned() {
    let moto = Moto::start();
    let keyring = PrivateKeyring::start();
    let sandbox = with_alice(&moto, &keyring, ROLES);
    let key_of = |out: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix("export AWS_ACCESS_KEY_ID="))
            .unwrap_or_default()
            .to_string()
    };
    let (code, first, err) = run(&sandbox, &keyring, &["env", "role-a"], &[]);
    assert_eq!(code, 0, "{err}");
    let state = sandbox.path("state/switchrole/state.json");
    std::fs::write(&state, "{\"keyring_keys\": [{\"profi").unwrap();

    // The keyring-only profile keeps its keys, and its kept session is found again.
    moto.record();
    let (code, again, err) = run(&sandbox, &keyring, &["env", "role-a"], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        key_of(&again),
        key_of(&first),
        "served from the kept session"
    );
    moto.assert_no_calls();
    assert_eq!(
        err.matches("could not be read; it is kept as ~/state/switchrole/state.json.damaged-")
            .count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("was rebuilt from the keyring (1 profile keys, 1 sessions)"),
        "{err}"
    );
    let aside: Vec<_> = std::fs::read_dir(sandbox.path("state/switchrole"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("state.json.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is kept");
    let (_, listed, err) = run(&sandbox, &keyring, &["list", "--json"], &[]);
    assert!(!err.contains("could not be read"), "said once: {err}");
    assert!(listed.contains("\"keys_in\": \"keyring\""), "{listed}");

    // An expired session is removed from the keyring and the state file when a store opens.
    let text = std::fs::read_to_string(&state).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["sessions"][0]["expires_at"] = "2020-01-01T00:00:00Z".into();
    std::fs::write(&state, doc.to_string()).unwrap();
    let (code, _, err) = run(&sandbox, &keyring, &["env", "role-b"], &[]);
    assert_eq!(code, 0, "{err}");
    let (_, sessions, _) = run(&sandbox, &keyring, &["sessions"], &[]);
    assert!(!sessions.contains("role-a"), "{sessions}");
    assert!(sessions.contains("role-b"), "{sessions}");
}

#[test]
fn keyring_keys_win_over_keys_in_the_credentials_file() {
    let moto = Moto::start();
    let keyring = PrivateKeyring::start();
    let sandbox = with_alice(&moto, &keyring, ROLES);
    let file_keys =
        "[alice]\naws_access_key_id = AKIAFILEKEYEXAMPLE01\naws_secret_access_key = file-secret\n";
    std::fs::write(sandbox.path("credentials"), file_keys).unwrap();
    let (_, listed, _) = run(&sandbox, &keyring, &["list", "--json"], &[]);
    assert!(listed.contains("\"keys_in\": \"file+keyring\""), "{listed}");
    moto.record();
    let (code, _, err) = run(&sandbox, &keyring, &["whoami", "role-a", "--no-cache"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("profile 'alice' has keys in the credentials file and in the OS keyring; using the keyring's"),
        "{err}"
    );
    assert_eq!(moto.requests()[0]["@AccessKeyId"], "AKIAKEYRINGEXAMPLE01");
}

#[test]
fn add_asks_on_the_terminal_and_never_shows_the_secret() {
    let moto = Moto::start();
    let keyring = PrivateKeyring::start();
    let sandbox = Sandbox::new(ROLES, "", &moto.url());
    let bus = [("DBUS_SESSION_BUS_ADDRESS", keyring.bus.clone())];
    let args = ["--store", "keyring", "add", "alice"];
    let mut screen = common::pty::Screen::start_with(&sandbox, &args, &bus);
    screen.wait_for("Access key id for alice: ");
    screen.send("AKIAKEYRINGEXAMPLE01\r");
    screen.wait_for("Secret access key for alice: ");
    screen.send(&format!("{SECRET}\r"));
    let text = screen.wait_for("keys for 'alice' are in the OS keyring");
    assert!(
        text.contains("the keys belong to arn:aws:sts::123456789012:user/moto"),
        "{text}"
    );
    assert!(!text.contains(SECRET), "the secret was shown:\n{text}");
    assert!(screen.wait_exit().success());
    let (code, out, err) = run(&sandbox, &keyring, &["whoami", "role-a"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(arn_of(&out).contains("assumed-role/A/"));
}

/// Every file under `dir`.
fn files_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        match path.is_dir() {
            true => out.extend(files_in(&path)),
            false => out.push(path),
        }
    }
    out
}

#[test]
fn without_a_secret_service_sessions_live_in_the_kernel_keyring() {
    common::keyring::ensure_keyctl();
    let moto = Moto::start();
    // A device name of this run's own keeps earlier runs' sessions out of reach.
    let run = common::keyring::run_id();
    let config = format!(
        "[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/M\nsource_profile = base\nmfa_serial = arn:aws:iam::111111111111:mfa/run{run}\n"
    );
    let sandbox = Sandbox::new(&config, common::KEYS, &moto.url());
    moto.record();
    // Two runs in one kernel session keyring, as in one SSH login; no D-Bus at all, and no
    // terminal, so the second run could not be asked for a code.
    let bin = env!("CARGO_BIN_EXE_switchrole");
    let dir = sandbox.dir.path().display();
    let script = format!(
        "{bin} --store keyring credential-process mfa --mfa-code 123456 > {dir}/first && \
         {bin} --store keyring credential-process mfa > {dir}/second && \
         {bin} --store keyring env mfa 2> {dir}/listed >/dev/null && \
         {bin} --store keyring clear 2> {dir}/cleared && \
         {bin} --store keyring doctor > {dir}/doctor"
    );
    let mut cmd = Command::new("keyctl");
    cmd.args(["session", "-", "sh", "-c", &script]);
    sandbox.set_env(&mut cmd);
    cmd.env_remove("DBUS_SESSION_BUS_ADDRESS");
    common::detach(&mut cmd);
    let (code, _, err) = output(&mut cmd);
    assert_eq!(code, 0, "{err}");
    // Said once, the first time a command other than credential-process (whose stderr
    // the calling tool shows with an unrelated failure) opens the keyring; doctor says it too.
    let notice = "no Secret Service: sessions are kept in the kernel keyring until logout";
    assert!(
        !err.contains(notice),
        "not on credential-process's stderr: {err}"
    );
    let said = |name: &str| std::fs::read_to_string(sandbox.path(name)).unwrap();
    assert_eq!(said("listed"), format!("switchrole: {notice}\n"));
    assert!(!said("cleared").contains(notice), "{}", said("cleared"));
    assert!(
        said("doctor").contains(&format!("info: {notice}\n")),
        "{}",
        said("doctor")
    );
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(sandbox.path(name)).unwrap()).unwrap()
    };
    let (first, second) = (read("first"), read("second"));
    assert_eq!(
        first["AccessKeyId"], second["AccessKeyId"],
        "the second run was a cache hit"
    );
    assert_eq!(moto.actions(), ["GetSessionToken", "AssumeRole"]);
    let cleared = said("cleared");
    assert!(cleared.contains("cleared 2 sessions"), "{cleared}");
    let secrets = [
        first["SecretAccessKey"].as_str().unwrap(),
        first["SessionToken"].as_str().unwrap(),
    ];
    for file in files_in(sandbox.dir.path()) {
        if ["first", "second"].iter().any(|name| file.ends_with(name)) {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        for secret in secrets {
            assert!(
                !text.contains(secret),
                "a session secret is in {}",
                file.display()
            );
        }
    }

    // Long-term keys need a keyring that outlives the login: refused, unless --store file.
    let add = |store: &str| {
        let mut cmd = sandbox.cmd_under(&["keyctl", "session", "-"]);
        cmd.env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("AWS_ACCESS_KEY_ID", "AKIAKEYRINGEXAMPLE01")
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .args(["--store", store, "add", "alice", "--from-env", "--no-check"]);
        output(&mut cmd)
    };
    let (code, _, err) = add("keyring");
    assert_eq!(code, 1);
    assert!(
        err.contains("the kernel keyring forgets at logout, so it does not keep long-term keys; pass --store file"),
        "{err}"
    );
    assert!(!err.contains(SECRET));
    let (code, _, err) = add("file");
    assert_eq!(code, 0, "{err}");
    let credentials = std::fs::read_to_string(sandbox.path("credentials")).unwrap();
    assert!(credentials.starts_with(common::KEYS), "existing bytes kept");
    let added = format!(
        "\n[alice]\naws_access_key_id = AKIAKEYRINGEXAMPLE01\naws_secret_access_key = {SECRET}\n"
    );
    assert!(credentials.ends_with(&added), "{credentials}");
    let mode = switchrole::store::file::mode_of(&sandbox.path("credentials")).unwrap();
    assert_eq!(mode, 0o600);
}
