//! Known secrets must never show up where switchrole prints or writes, except where their job
//! puts them. Run every command (successes and failures: STS, IAM Identity Center sign-in and
//! sign-out, the console, doctor --online, renew) with the keyring absent, present, and replaced
//! by 0600 files, and search stdout, stderr, every file written (and its mode) and the
//! picker's screen; and a renewing shell, whose endpoint token only its child may hold.
//!
//! The secrets: the long-term secret key; a secret on a malformed credentials line
//! (`key: value`); TOTP seeds in the command line of a failing `mfa_process` (an argument, a
//! `VAR=seed` before the program, a quoted word); the session secrets STS and IAM Identity
//! Center hand out; IAM Identity Center's tokens and client secret; the console's sign-in token.
//! Where each may be is in `common::leaks`.

mod common;
use common::keyring::PrivateKeyring;
use common::leaks::{ALL, Kind, Planted, assert_none, check_files};
use common::pty::Screen;
use common::sso_standin::{Script, SsoStandIn};
use common::standin::{Reply, StandIn};
use common::{KEY_ID, KEYS, Moto, Sandbox, output};
use std::os::unix::fs::DirBuilderExt;
use std::path::PathBuf;
use std::process::Command;

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const MALFORMED_SECRET: &str = "Zq9xMalformedLineSecret/0123456789abcdEFG";
const SEED: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const VAR_SEED: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const QUOTED_SEED: &str = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U";
const SIGNIN_TOKEN: &str = "SigninTokenSecret5d41402abc4b2a76b9719d911017c592";
const CONFIG: &str = "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\n\
[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/M\nsource_profile = base\nmfa_serial = arn:aws:iam::111111111111:mfa/a\n\
[profile seeded]\nrole_arn = arn:aws:iam::123456789012:role/S\nsource_profile = base\nmfa_serial = arn:aws:iam::111111111111:mfa/s\n\
mfa_process = oathtool-missing --totp -b JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n\
[profile seeded-var]\nrole_arn = arn:aws:iam::123456789012:role/S\nsource_profile = base\nmfa_serial = arn:aws:iam::111111111111:mfa/v\n\
mfa_process = TOTP_SEED=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ sh -c 'echo \"bad seed $TOTP_SEED\" >&2; exit 1'\n\
[profile seeded-quoted]\nrole_arn = arn:aws:iam::123456789012:role/S\nsource_profile = base\nmfa_serial = arn:aws:iam::111111111111:mfa/q\n\
mfa_process = sh -c 'echo \"bad seed $0\" >&2; exit 1' \"MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U\"\n\
[profile broken]\nrole_arn = arn:aws:iam:1:role/X\nsource_profile = base\n\
[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n\
[profile prod-admin]\nsso_session = corp\nsso_account_id = 222222222222\nsso_role_name = Admin\n";

fn credentials() -> String {
    format!(
        "{KEYS}[colon]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key: {MALFORMED_SECRET}\n"
    )
}

/// Commands whose stdout may carry session secrets: printing them is their job.
const PRINTERS: &[&[&str]] = &[
    &["env", "dev"],
    &["env", "dev", "--format", "fish"],
    &["env", "dev", "--format", "json"],
    &["credential-process", "dev"],
    &["env", "mfa", "--mfa-code", "123456"],
    &["credential-process", "prod-admin"],
    &["env", "corp/Dev/ReadOnly"],
];

/// Every other command, successes and failures, in order.
const OTHERS: &[&[&str]] = &[
    &["list"],
    &["list", "--json"],
    &["whoami", "dev"],
    &["whoami", "prod-admin"],
    &["exec", "dev", "--", "true"],
    &["exec", "corp/Audit/ReadOnly", "--", "true"],
    &["env", "mfa", "--mfa-code", "12", "--no-cache"],
    &["env", "seeded"],
    &["credential-process", "seeded"],
    &["env", "seeded-var"],
    &["env", "seeded-quoted"],
    &["env", "colon"],
    &["env", "broken"],
    &["sessions"],
    &["sessions", "--json"],
    &["doctor", "--online"],
    &["doctor", "prod-admin", "--online"],
    &["console", "dev"],
    &["console", "prod-admin"],
    &["renew", "--mfa-code", "123456"],
    &["add", "x", "--from-env", "--no-check"],
    &["logout"],
    &["doctor", "prod-admin", "--online"],
    &["login", "corp"],
    &["logout", "corp"],
];

/// The services one scenario talks to, and the sandbox.
struct World {
    moto: Moto,
    sso: SsoStandIn,
    federation: StandIn,
    sandbox: Sandbox,
}

impl World {
    fn new() -> World {
        let moto = Moto::start();
        let sandbox = Sandbox::new(CONFIG, &credentials(), &moto.url());
        let sso = SsoStandIn::start(Script {
            pending_polls: 0,
            slow_downs: 0,
            deny: false,
            accounts: vec![
                ("111111111111", "Dev", vec!["ReadOnly"]),
                ("222222222222", "Prod", vec!["Admin"]),
                ("333333333333", "Audit", vec!["ReadOnly"]),
            ],
            token_seconds: 8 * 3600,
            page_size: 100,
            start_urls: vec!["https://corp.awsapps.com/start"],
        });
        // The runtime directory a login session has, 0700.
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(sandbox.path("run"))
            .unwrap();
        let federation = StandIn::start(Reply::Federation {
            token: SIGNIN_TOKEN.into(),
        });
        World {
            moto,
            sso,
            federation,
            sandbox,
        }
    }

    /// The binary, pointed at every service, with the keys `add --from-env` reads.
    fn cmd(&self) -> Command {
        self.cmd_under(&[])
    }

    /// The same, run through `wrapper`.
    fn cmd_under(&self, wrapper: &[&str]) -> Command {
        let mut cmd = self.sandbox.cmd_under(wrapper);
        cmd.env("AWS_ENDPOINT_URL_SSO_OIDC", self.sso.url())
            .env("AWS_ENDPOINT_URL_SSO", self.sso.url())
            .env(
                "SWITCHROLE_FEDERATION_ENDPOINT",
                format!("{}/federation", self.federation.url()),
            )
            .env("XDG_RUNTIME_DIR", self.sandbox.path("run"))
            .env("BROWSER", "true")
            .env("AWS_ACCESS_KEY_ID", KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("RUST_BACKTRACE", "1");
        cmd
    }

    /// The files the test itself wrote.
    fn inputs(&self) -> Vec<PathBuf> {
        let inputs = [
            "config",
            "credentials",
            "xdg-config/switchrole/config",
            "run",
        ];
        inputs.iter().map(|f| self.sandbox.path(f)).collect()
    }

    /// Every secret planted, and every one handed out so far: STS's sessions (moto's own
    /// records), IAM Identity Center's tokens and role credentials, the sign-in token.
    fn secrets(&self) -> Vec<Planted> {
        let planted = |value: &str, kind| Planted {
            value: value.into(),
            kind,
        };
        let mut secrets: Vec<Planted> = [SECRET, MALFORMED_SECRET, SEED, VAR_SEED, QUOTED_SEED]
            .iter()
            .map(|s| planted(s, Kind::LongTerm))
            .collect();
        for issued in self.moto.assumed_roles() {
            secrets.push(planted(&issued.secret, Kind::Session));
            secrets.push(planted(&issued.token, Kind::Session));
        }
        let mfa_session = self.moto.mfa_session_credentials();
        secrets.push(planted(&mfa_session.secret, Kind::Session));
        secrets.push(planted(&mfa_session.token, Kind::Session));
        for (account, role) in [
            ("111111111111", "ReadOnly"),
            ("222222222222", "Admin"),
            ("333333333333", "ReadOnly"),
        ] {
            secrets.push(planted(&format!("secret-{account}-{role}"), Kind::Session));
            secrets.push(planted(&format!("session-{account}-{role}"), Kind::Session));
        }
        for n in 1..=9 {
            for prefix in ["access", "refresh", "client-secret", "device"] {
                secrets.push(planted(&format!("{prefix}-{n}"), Kind::SsoToken));
            }
        }
        secrets.push(planted(SIGNIN_TOKEN, Kind::SigninToken));
        secrets
    }
}

/// What the commands printed: the printers' stdout, `console --print`'s, and everything else.
#[derive(Default)]
struct Transcript {
    printed: String,
    url: String,
    rest: String,
}

/// Runs every command, each made by `make` (the binary, set up for the scenario).
fn run_all(make: &dyn Fn() -> Command) -> Transcript {
    let mut transcript = Transcript::default();
    let run = |args: &[&str]| output(make().args(args));
    // Signed in first: credential-process never opens a sign-in by itself.
    let (code, out, err) = run(&["login", "corp"]);
    assert_eq!(code, 0, "{err}");
    transcript
        .rest
        .push_str(&format!("$ login corp\n{out}{err}"));
    for args in PRINTERS {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        transcript.printed.push_str(&out);
        transcript.rest.push_str(&format!("$ {args:?}\n{err}"));
    }
    let (code, out, err) = run(&["console", "dev", "--print"]);
    assert_eq!(code, 0, "{err}");
    transcript.url.push_str(&out);
    transcript.rest.push_str(&err);
    for args in OTHERS {
        let (_, out, err) = run(args);
        transcript.rest.push_str(&format!("$ {args:?}\n{out}{err}"));
    }
    transcript
}

/// Checks everything a scenario left: each secret only where its job puts it, the warnings
/// given without their values, and every file written (`sessions_in_files`: sessions too).
fn check(world: &World, transcript: &Transcript, sessions_in_files: bool) {
    use Kind::*;
    let secrets = world.secrets();
    let printed = &transcript.printed;
    assert!(
        printed.contains("secret-111111111111-ReadOnly"),
        "{printed}"
    );
    assert_none(
        printed,
        &secrets,
        &[LongTerm, SsoToken, SigninToken],
        "env/credential-process",
    );
    assert!(transcript.url.contains(SIGNIN_TOKEN), "{}", transcript.url);
    assert_none(
        &transcript.url,
        &secrets,
        &[LongTerm, Session, SsoToken],
        "console --print",
    );
    assert_none(&transcript.rest, &secrets, &ALL, "output");
    for said in [
        "key 'aws_secret_access_key' is followed by ':'",
        "oathtool-missing exited with",
        "bad seed ***",
        "opened the AWS console as dev",
        "signed out of corp",
    ] {
        assert!(
            transcript.rest.contains(said),
            "{said}: {}",
            transcript.rest
        );
    }
    // Signed in and listed: the secrets to look for were really handed out.
    assert!(world.sso.count("POST /device_authorization") >= 2);
    check_files(&world.sandbox, &world.inputs(), &secrets, sessions_in_files);
}

#[test]
fn with_the_file_store_secrets_stay_in_their_place_and_off_the_screen() {
    let world = World::new();
    let no_bus = || {
        let mut cmd = world.cmd();
        cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        cmd
    };
    let transcript = run_all(&no_bus);
    check(&world, &transcript, true);
    let sessions = world.sandbox.path("cache/switchrole/sessions");
    assert!(
        std::fs::read_dir(sessions).unwrap().count() > 0,
        "sessions were cached"
    );

    // The picker: its notice line, a session from the cache, and a failing mfa_process.
    let mut screen = Screen::start(&world.sandbox);
    let mut seen = screen.wait_for("Profiles");
    seen.push_str(&screen.wait_for("aws_secret_access_key"));
    screen.send("seeded-var\r");
    seen.push_str(&screen.wait_for("bad seed ***"));
    screen.send("\x15dev\r");
    seen.push_str(&screen.wait_for("assumed-role/Dev/"));
    screen.send("exit\r");
    seen.push_str(&screen.wait_for("Profiles"));
    let all = [
        Kind::LongTerm,
        Kind::Session,
        Kind::SsoToken,
        Kind::SigninToken,
    ];
    assert_none(&seen, &world.secrets(), &all, "the picker's screen");
    screen.send("\x03");
}

#[test]
fn with_a_keyring_no_file_holds_a_session_secret() {
    let world = World::new();
    let keyring = PrivateKeyring::start();
    let use_keyring = || {
        let mut cmd = world.cmd();
        keyring.env(&mut cmd);
        cmd.args(["--store", "keyring"]);
        cmd
    };
    let transcript = run_all(&use_keyring);
    check(&world, &transcript, false);
    let (code, out, err) = output(use_keyring().arg("sessions"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("dev"), "the session was kept: {out}");
}

#[test]
fn with_the_kernel_keyring_nothing_is_written_and_nothing_leaks() {
    common::keyring::ensure_keyctl();
    let world = World::new();
    // No Secret Service: each command in a new kernel session keyring of its own.
    let kernel = || {
        let mut cmd = world.cmd_under(&["keyctl", "session", "-"]);
        cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .args(["--store", "keyring"]);
        cmd
    };
    let transcript = run_all(&kernel);
    check(&world, &transcript, false);
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
    assert!(!format!("{out}{err}").contains(SECRET), "a failed run");
}

/// GET on a renewing shell's endpoint with its token: the served document.
fn fetch(url: &str, token: &str) -> serde_json::Value {
    use std::io::{Read, Write};
    let authority = url.strip_prefix("http://").unwrap().trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(authority).unwrap();
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: {authority}\r\nAuthorization: {token}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    serde_json::from_str(answer.split_once("\r\n\r\n").unwrap().1).unwrap()
}

/// The NUL-separated words of a /proc file of process `pid`.
fn proc_text(pid: u32, file: &str) -> String {
    let bytes = std::fs::read(format!("/proc/{pid}/{file}")).unwrap_or_default();
    String::from_utf8_lossy(&bytes).replace('\0', " ")
}

#[test]
fn a_renewing_shell_s_endpoint_token_and_keys_reach_its_child_alone() {
    let world = World::new();
    let outside = tempfile::tempdir().unwrap();
    let d = outside.path().display();
    let bin = env!("CARGO_BIN_EXE_switchrole");
    // The shell: its environment, `status` and a `renew` that is not needed, then it waits.
    let script = format!(
        "env > {d}/env; {bin} status; {bin} status --format json; {bin} renew --mfa-code 123456; \
         echo $$ > {d}/ready; while [ ! -e {d}/stop ]; do sleep 0.1; done"
    );
    let (stdout, stderr) = (outside.path().join("stdout"), outside.path().join("stderr"));
    let mut child = world
        .cmd()
        .env("SWITCHROLE_RENEW_BEFORE", "893")
        .args([
            "exec",
            "dev",
            "--renew",
            "--duration",
            "900",
            "--",
            "sh",
            "-c",
            &script,
        ])
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    let ready = outside.path().join("ready");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::fs::read_to_string(&ready).map_or(true, |r| r.trim().is_empty()) {
        assert!(
            std::time::Instant::now() < deadline,
            "the shell never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let shell: u32 = std::fs::read_to_string(&ready)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let env = std::fs::read_to_string(outside.path().join("env")).unwrap();
    let var = |name: &str| {
        let line = env
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")));
        line.unwrap().to_string()
    };
    let (url, token) = (
        var("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
        var("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
    );
    // Served, then renewed: two sessions' keys handed out.
    let first = fetch(&url, &token);
    let renewed = loop {
        let now = fetch(&url, &token);
        if now["AccessKeyId"] != first["AccessKeyId"] {
            break now;
        }
        assert!(std::time::Instant::now() < deadline, "never renewed");
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    // Neither switchrole's command line nor the shell's holds the token; the shell's
    // environment does, as it must.
    let token_secret = Planted {
        value: token.clone(),
        kind: Kind::EndpointToken,
    };
    let mut secrets = world.secrets();
    secrets.push(token_secret);
    for doc in [&first, &renewed] {
        for key in ["SecretAccessKey", "Token"] {
            assert!(
                secrets
                    .iter()
                    .any(|s| s.value == doc[key].as_str().unwrap())
            );
        }
    }
    assert!(proc_text(shell, "environ").contains(&token));
    for pid in [child.id(), shell] {
        assert_none(&proc_text(pid, "cmdline"), &secrets, &ALL, "a command line");
    }
    std::fs::write(outside.path().join("stop"), "").unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    let said =
        std::fs::read_to_string(&stdout).unwrap() + &std::fs::read_to_string(&stderr).unwrap();
    assert!(said.contains("dev "), "status printed: {said}");
    assert_none(&said, &secrets, &ALL, "the renewing shell's output");
    check_files(&world.sandbox, &world.inputs(), &secrets, true);
}
