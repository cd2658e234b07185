//! Known secrets must never show up where switchrole prints or writes, except where their job
//! puts them. Run every command (successes and failures) with the keyring absent, present, and
//! replaced by 0600 files, and search stdout, stderr, every file written and the picker's screen.
//!
//! The secrets: the long-term secret key; a secret on a malformed credentials line
//! (`key: value`); a TOTP seed in the argv of a failing `mfa_process`; and the session secret
//! and token that STS hands out, which may appear only on the stdout of `env` and
//! `credential-process`, in the child's environment and in the chosen store.

mod common;
use common::keyring::PrivateKeyring;
use common::pty::Screen;
use common::{KEYS, Moto, Sandbox, output};
use std::path::{Path, PathBuf};
use std::process::Command;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const MALFORMED_SECRET: &str = "Zq9xMalformedLineSecret/0123456789abcdEFG";
const SEED: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const CONFIG: &str = "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\n\
[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/M\nsource_profile = base\nmfa_serial = arn:aws:iam::111111111111:mfa/a\n\
[profile seeded]\nrole_arn = arn:aws:iam::123456789012:role/S\nsource_profile = base\nmfa_serial = arn:aws:iam::111111111111:mfa/s\n\
mfa_process = oathtool-missing --totp -b JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n\
[profile broken]\nrole_arn = arn:aws:iam:1:role/X\nsource_profile = base\n";

fn credentials() -> String {
    format!(
        "{KEYS}[colon]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key: {MALFORMED_SECRET}\n"
    )
}

/// Commands whose stdout is allowed to carry session secrets: printing them is their job.
const PRINTERS: &[&[&str]] = &[
    &["env", "dev"],
    &["env", "dev", "--format", "fish"],
    &["env", "dev", "--format", "json"],
    &["credential-process", "dev"],
];

/// Every other command, successes and failures.
const OTHERS: &[&[&str]] = &[
    &["list"],
    &["list", "--json"],
    &["whoami", "dev"],
    &["exec", "dev", "--", "true"],
    &["env", "mfa", "--mfa-code", "12"],
    &["env", "mfa", "--mfa-code", "123456"],
    &["env", "seeded"],
    &["credential-process", "seeded"],
    &["env", "colon"],
    &["env", "broken"],
    &["sessions"],
    &["sessions", "--json"],
    &["add", "x", "--from-env", "--no-check"],
];

/// What the commands printed: the printers' stdout apart from everything else.
#[derive(Default)]
struct Transcript {
    printed: String,
    rest: String,
}

/// Runs every command, each made by `make` (the binary, set up for the scenario).
fn run_all(make: &dyn Fn() -> Command) -> Transcript {
    let mut transcript = Transcript::default();
    let run = |args: &[&str]| {
        let mut cmd = make();
        cmd.env("AWS_ACCESS_KEY_ID", "AKIAFIXTURELONGTERM1")
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("RUST_BACKTRACE", "1")
            .args(args);
        output(&mut cmd)
    };
    for args in PRINTERS {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        transcript.printed.push_str(&out);
        transcript.rest.push_str(&format!("$ {args:?}\n{err}"));
    }
    for args in OTHERS {
        let (_, out, err) = run(args);
        transcript.rest.push_str(&format!("$ {args:?}\n{out}{err}"));
    }
    transcript
}

/// The session secret and token `credential-process` handed out.
fn session_secrets(printed: &str) -> Vec<String> {
    let doc = printed
        .lines()
        .find(|l| l.contains("\"Version\""))
        .expect("credential-process printed its JSON");
    let doc: serde_json::Value = serde_json::from_str(doc).unwrap();
    let secrets = [&doc["SecretAccessKey"], &doc["SessionToken"]];
    let secrets: Vec<String> = secrets
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert!(secrets.iter().all(|s| s.len() >= 16), "{secrets:?}");
    secrets
}

fn all_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            all_files(&path, out)
        } else {
            out.push(path)
        }
    }
}

fn assert_absent(haystack: &str, secrets: &[&str], place: &str) {
    for secret in secrets {
        assert!(
            !haystack.contains(secret),
            "{secret} found in {place}:\n{haystack}"
        );
    }
}

/// Checks everything a scenario left: the printers' stdout holds the session secrets and no
/// long-term ones, the rest holds none, and only `allowed` files hold a session secret.
fn check(sandbox: &Sandbox, transcript: &Transcript, allowed: &dyn Fn(&Path) -> bool) {
    let long_term = [SECRET, MALFORMED_SECRET, SEED];
    let session = session_secrets(&transcript.printed);
    let session: Vec<&str> = session.iter().map(String::as_str).collect();
    let mut all = long_term.to_vec();
    all.extend(&session);
    assert_absent(&transcript.printed, &long_term, "env/credential-process");
    assert_absent(&transcript.rest, &all, "output");
    // The warnings were given, without their values.
    assert!(
        transcript
            .rest
            .contains("key 'aws_secret_access_key' is followed by ':'"),
        "{}",
        transcript.rest
    );
    assert!(
        transcript.rest.contains("oathtool-missing exited with"),
        "{}",
        transcript.rest
    );

    let mut files = Vec::new();
    all_files(sandbox.dir.path(), &mut files);
    // The two AWS files are where the person put the long-term secrets.
    let inputs = [sandbox.path("config"), sandbox.path("credentials")];
    for file in files.iter().filter(|f| !inputs.contains(f)) {
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        assert_absent(&text, &long_term, &file.display().to_string());
        if allowed(file) {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", file.display());
        } else {
            assert_absent(&text, &session, &file.display().to_string());
        }
    }
}

#[test]
fn with_the_file_store_secrets_stay_in_their_place_and_off_the_screen() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(CONFIG, &credentials(), &moto.url());
    let no_bus = || {
        let mut cmd = sandbox.cmd();
        cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        cmd
    };
    let transcript = run_all(&no_bus);
    let in_sessions = |f: &Path| f.to_string_lossy().contains("/sessions/");
    check(&sandbox, &transcript, &in_sessions);
    let mut files = Vec::new();
    all_files(sandbox.dir.path(), &mut files);
    assert!(files.iter().any(|f| in_sessions(f)), "sessions were cached");

    // The picker: its notice line, a session from the cache, and a failing mfa_process.
    let session = session_secrets(&transcript.printed);
    let mut screen = Screen::start(&sandbox);
    let mut seen = screen.wait_for("Profiles");
    seen.push_str(&screen.wait_for("aws_secret_access_key"));
    screen.send("seeded\r");
    seen.push_str(&screen.wait_for("oathtool-missing"));
    screen.send("\x15dev\r");
    seen.push_str(&screen.wait_for("assumed-role/Dev/"));
    screen.send("exit\r");
    seen.push_str(&screen.wait_for("Profiles"));
    let mut secrets = vec![SECRET, MALFORMED_SECRET, SEED];
    secrets.extend(session.iter().map(String::as_str));
    assert_absent(&seen, &secrets, "the picker's screen");
    screen.send("\x03");
}

#[test]
fn with_a_keyring_no_file_holds_a_session_secret() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(CONFIG, &credentials(), &moto.url());
    let keyring = PrivateKeyring::start();
    let use_keyring = || {
        let mut cmd = sandbox.cmd();
        keyring.env(&mut cmd);
        cmd.args(["--store", "keyring"]);
        cmd
    };
    let transcript = run_all(&use_keyring);
    check(&sandbox, &transcript, &|_| false);
    let (code, out, err) = output(
        sandbox
            .cmd()
            .args(["--store", "keyring", "sessions"])
            .env("DBUS_SESSION_BUS_ADDRESS", &keyring.bus),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("dev"), "the session was kept: {out}");
}

#[test]
fn with_the_kernel_keyring_nothing_is_written_and_nothing_leaks() {
    common::keyring::ensure_keyctl();
    let moto = Moto::start();
    let sandbox = Sandbox::new(CONFIG, &credentials(), &moto.url());
    // No Secret Service: each command in a new kernel session keyring of its own.
    let kernel = || {
        let mut cmd = sandbox.cmd_under(&["keyctl", "session", "-"]);
        cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .args(["--store", "keyring"]);
        cmd
    };
    let transcript = run_all(&kernel);
    check(&sandbox, &transcript, &|_| false);
    assert!(
        transcript
            .rest
            .contains("sessions are kept in the kernel keyring"),
        "{}",
        transcript.rest
    );
    // Failures too: STS unreachable.
    let dead = Sandbox::new(CONFIG, KEYS, "http://127.0.0.1:9");
    let (code, out, err) = dead.run(&["env", "dev", "--no-cache"]);
    assert_eq!(code, 1);
    assert_absent(&format!("{out}{err}"), &[SECRET], "a failed run");
}
