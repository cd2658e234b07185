//! A shell through a working day: `status` for the prompt, the warning lines before and at
//! expiry, and renewal behind the loopback credential endpoint, used by the real aws CLI.

mod common;
use common::pty::Screen;
use common::{DEV_AND_MFA, KEYS, Moto, Sandbox, aws_cli, detach, output};
use std::io::{Read, Write};
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

/// Reads `NAME=value` lines of an `env` dump.
fn var(dump: &str, name: &str) -> Option<String> {
    dump.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}=")))
        .map(String::from)
}

fn wait_for_file(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !path.exists() {
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(100));
    std::fs::read_to_string(path).unwrap()
}

/// GET on the endpoint with an optional Authorization header: (status code, body).
fn fetch(url: &str, token: Option<&str>) -> (u16, String) {
    let authority = url
        .strip_prefix("http://")
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let mut stream = std::net::TcpStream::connect(&authority).unwrap();
    let auth = token.map_or(String::new(), |t| format!("Authorization: {t}\r\n"));
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: {authority}\r\n{auth}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer.split_once("\r\n\r\n").unwrap().1.to_string();
    (status, body)
}

/// A command that dumps its environment, runs `extra`, and waits until the test says stop.
fn shell_script(dir: &Path, extra: &str) -> String {
    let d = dir.display();
    format!("env > {d}/env; {extra} echo > {d}/ready; while [ ! -e {d}/stop ]; do sleep 0.1; done")
}

/// The served keys until they change: (key id, expiry) before and after.
fn wait_for_renewal(url: &str, token: &str) -> ((String, String), (String, String)) {
    let keys = |body: &str| {
        let doc: serde_json::Value = serde_json::from_str(body).unwrap();
        assert!(
            doc["SecretAccessKey"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
        assert!(doc["Token"].as_str().is_some_and(|s| !s.is_empty()));
        let id = doc["AccessKeyId"].as_str().unwrap().to_string();
        (id, doc["Expiration"].as_str().unwrap().to_string())
    };
    let (code, body) = fetch(url, Some(token));
    assert_eq!(code, 200, "{body}");
    let first = keys(&body);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (code, body) = fetch(url, Some(token));
        assert_eq!(code, 200, "{body}");
        let now = keys(&body);
        if now.0 != first.0 {
            return (first, now);
        }
        assert!(Instant::now() < deadline, "the keys were never renewed");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn stop(dir: &Path, mut child: Child) -> i32 {
    std::fs::write(dir.join("stop"), "").unwrap();
    child.wait().unwrap().code().unwrap_or(-1)
}

#[test]
fn status_inside_and_outside_a_switchrole_shell() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    let (code, out, err) = sandbox.run(&["status"]);
    assert_eq!((code, out.as_str(), err.as_str()), (1, "", ""));

    let bin = env!("CARGO_BIN_EXE_switchrole");
    let script = format!("{bin} status; {bin} status --format json");
    let (code, out, err) = sandbox.run(&["exec", "dev", "--", "sh", "-c", &script]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("dev 59m"));
    let json: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(json["profile"], "dev");
    assert_eq!(json["role_arn"], "arn:aws:iam::123456789012:role/Dev");
    let left = json["seconds_left"].as_i64().unwrap();
    assert!((3500..=3600).contains(&left), "{json}");
    assert!(json["expires_at"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn renewing_shell_serves_renewed_keys_to_the_aws_cli() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    let dir = sandbox.path("shell");
    std::fs::create_dir(&dir).unwrap();
    let aws = aws_cli();
    let who = format!(
        "{} sts get-caller-identity --region us-east-1 > {}/who 2>&1;",
        aws.display(),
        dir.display()
    );
    let child = sandbox
        .cmd()
        .env("SWITCHROLE_RENEW_BEFORE", "893")
        .args(["exec", "dev", "--renew", "--duration", "900", "--"])
        .args(["sh", "-c", &shell_script(&dir, &who)])
        .spawn()
        .unwrap();
    wait_for_file(&dir.join("ready"));
    let env = std::fs::read_to_string(dir.join("env")).unwrap();
    for name in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    ] {
        assert_eq!(var(&env, name), None, "{name} must not be set");
    }
    let who = std::fs::read_to_string(dir.join("who")).unwrap();
    assert!(who.contains("assumed-role/Dev/"), "{who}");

    let url = var(&env, "AWS_CONTAINER_CREDENTIALS_FULL_URI").unwrap();
    let token = var(&env, "AWS_CONTAINER_AUTHORIZATION_TOKEN").unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(token.len(), 64);
    for wrong in [None, Some("nope"), Some(&token[1..])] {
        let (code, body) = fetch(&url, wrong);
        assert_eq!(code, 401, "{body}");
        assert!(!body.contains("AccessKeyId"), "{body}");
    }
    let (before, after) = wait_for_renewal(&url, &token);
    assert!(after.1 > before.1, "{before:?} then {after:?}");

    // `status` in that shell shows the served keys' expiry, which renewal moved.
    let mut status = sandbox.cmd();
    status.args(["status", "--format", "json"]);
    for name in ["SWITCHROLE_PROFILE", "SWITCHROLE_EXPIRY_FILE"] {
        status.env(name, var(&env, name).unwrap());
    }
    let (code, out, _) = output(&mut status);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["expires_at"], after.1.as_str());
    assert_eq!(json["renewing"], true);
    assert_eq!(stop(&dir, child), 0);
}

#[test]
fn an_mfa_role_renews_from_its_mfa_session_without_a_code() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    let dir = sandbox.path("shell");
    std::fs::create_dir(&dir).unwrap();
    moto.record();
    let mut cmd = sandbox.cmd();
    cmd.env("SWITCHROLE_RENEW_BEFORE", "893")
        .args(["exec", "mfa", "--renew", "--duration", "900"])
        .args(["--mfa-code", "123456", "--"])
        .args(["sh", "-c", &shell_script(&dir, "")]);
    // No terminal: a renewal that wanted a code could not ask for one.
    detach(&mut cmd);
    let child = cmd.spawn().unwrap();
    wait_for_file(&dir.join("ready"));
    let env = std::fs::read_to_string(dir.join("env")).unwrap();
    let url = var(&env, "AWS_CONTAINER_CREDENTIALS_FULL_URI").unwrap();
    let token = var(&env, "AWS_CONTAINER_AUTHORIZATION_TOKEN").unwrap();
    wait_for_renewal(&url, &token);
    assert_eq!(stop(&dir, child), 0);
    let sent = moto.requests();
    let actions: Vec<&str> = sent.iter().map(|r| r["Action"].as_str()).collect();
    assert_eq!(
        actions,
        ["GetSessionToken", "AssumeRole", "AssumeRole"],
        "one MFA session, two roles"
    );
    // --mfa-code reached GetSessionToken, and the MFA session signed both AssumeRoles.
    assert_eq!(sent[0]["TokenCode"], "123456");
    assert_eq!(
        sent[0]["SerialNumber"],
        "arn:aws:iam::111111111111:mfa/alice"
    );
    common::signed_by_keys(&sent[0], common::KEY_ID);
    let mfa_session = moto.mfa_session_credentials();
    for renewal in &sent[1..] {
        assert_eq!(
            renewal["RoleArn"],
            "arn:aws:iam::123456789012:role/NeedsMfa"
        );
        assert_eq!(renewal["DurationSeconds"], "900");
        assert!(!renewal.contains_key("TokenCode"), "{renewal:?}");
        mfa_session.signed(renewal);
    }
}

#[test]
fn a_shell_is_told_once_before_expiry_and_once_at_it() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    let (code, _, err) = sandbox.run(&["credential-process", "dev"]);
    assert_eq!(code, 0, "{err}");
    // A 12-second session with 8 left: still reusable (a third of its length is the margin).
    common::age_kept_session(&sandbox, "", 8, 12);
    let warn = [("SWITCHROLE_WARN_BEFORE", "5".to_string())];
    let mut screen = Screen::start_with(&sandbox, &["exec", "dev"], &warn);
    screen.wait_for("switchrole: dev as arn:aws:sts::123456789012:assumed-role/Dev/");
    screen.wait_for("switchrole: dev expires in 1m (");
    let text = screen.wait_for("switchrole: dev credentials have expired (");
    assert_eq!(
        text.matches("switchrole: dev expires in").count(),
        1,
        "{text}"
    );
    screen.send("exit 7\r");
    let status = screen.wait_exit();
    assert_eq!(
        status.exit_code(),
        7u32,
        "the shell's status is switchrole's"
    );
}

#[test]
fn sigterm_hangs_up_the_shell_and_exits_143() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    let mut screen = Screen::start_with(&sandbox, &["exec", "dev"], &[]);
    screen.wait_for("switchrole: dev as");
    screen.send("echo in-$((1+1))-shell\r");
    screen.wait_for("in-2-shell");
    let pid = screen.child.process_id().unwrap() as i32;
    // SAFETY: a signal to the process this test started.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    let status = screen.wait_exit();
    assert_eq!(status.exit_code(), 143u32);
}

/// A renewing shell of `mfa` started with `--mfa-code 123456` and no terminal, whose MFA
/// session has ended, once it has asked for a new code: the child, the shell's directory and its
/// endpoint (URL, token).
fn shell_wanting_a_code(sandbox: &Sandbox) -> (Child, std::path::PathBuf, String, String) {
    let dir = sandbox.path("shell");
    std::fs::create_dir(&dir).unwrap();
    let stderr = std::fs::File::create(dir.join("stderr")).unwrap();
    let mut cmd = sandbox.cmd();
    cmd.env("SWITCHROLE_RENEW_BEFORE", "893")
        .args(["exec", "mfa", "--renew", "--duration", "900"])
        .args(["--mfa-code", "123456", "--"])
        .args(["sh", "-c", &shell_script(&dir, "")])
        .stderr(stderr);
    detach(&mut cmd);
    let child = cmd.spawn().unwrap();
    wait_for_file(&dir.join("ready"));
    // The MFA session ends: forget every kept session before the first renewal is due.
    for file in std::fs::read_dir(sandbox.path("cache/switchrole/sessions")).unwrap() {
        std::fs::remove_file(file.unwrap().path()).unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(dir.join("stderr"))
        .unwrap()
        .contains("switchrole: mfa needs a new MFA code to renew its keys; run `switchrole renew` in this shell")
    {
        assert!(Instant::now() < deadline, "never asked for a code");
        std::thread::sleep(Duration::from_millis(100));
    }
    let env = std::fs::read_to_string(dir.join("env")).unwrap();
    let (url, token) = (
        var(&env, "AWS_CONTAINER_CREDENTIALS_FULL_URI").unwrap(),
        var(&env, "AWS_CONTAINER_AUTHORIZATION_TOKEN").unwrap(),
    );
    (child, dir, url, token)
}

/// The STS calls of a renewing shell that took `first` and then `second` as codes: each code
/// went to GetSessionToken with the device, signed by the keys, and each MFA session signed the
/// AssumeRole after it.
#[track_caller]
fn two_mfa_sessions(moto: &Moto, first: &str, second: &str) {
    let sent = moto.requests();
    let actions: Vec<&str> = sent.iter().map(|r| r["Action"].as_str()).collect();
    assert_eq!(
        actions,
        [
            "GetSessionToken",
            "AssumeRole",
            "GetSessionToken",
            "AssumeRole"
        ]
    );
    let mfa_session = moto.mfa_session_credentials();
    for (pair, code) in sent.chunks(2).zip([first, second]) {
        assert_eq!(pair[0]["TokenCode"], code);
        assert_eq!(
            pair[0]["SerialNumber"],
            "arn:aws:iam::111111111111:mfa/alice"
        );
        common::signed_by_keys(&pair[0], common::KEY_ID);
        assert_eq!(
            pair[1]["RoleArn"],
            "arn:aws:iam::123456789012:role/NeedsMfa"
        );
        assert_eq!(pair[1]["DurationSeconds"], "900");
        mfa_session.signed(&pair[1]);
    }
}

#[test]
fn when_the_mfa_session_is_over_switchrole_renew_in_the_shell_takes_a_new_code() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    moto.record();
    let (child, dir, url, token) = shell_wanting_a_code(&sandbox);
    let (_, before) = fetch(&url, Some(&token));
    let mut renew = sandbox.cmd();
    renew
        .args(["renew", "--mfa-code", "654321"])
        .env("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url)
        .env("AWS_CONTAINER_AUTHORIZATION_TOKEN", &token);
    let (code, _, err) = output(&mut renew);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.starts_with("switchrole: renewed mfa; the keys now last until "),
        "{err}"
    );
    let (_, after) = fetch(&url, Some(&token));
    assert_ne!(before, after);
    assert_eq!(stop(&dir, child), 0);
    two_mfa_sessions(&moto, "123456", "654321");
}

#[test]
fn switchrole_renew_asks_for_the_code_on_the_terminal_and_it_reaches_sts() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    moto.record();
    let (child, dir, url, token) = shell_wanting_a_code(&sandbox);
    let endpoint = [
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", url),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", token),
    ];
    let mut screen = Screen::start_with(&sandbox, &["renew"], &endpoint);
    screen.wait_for("MFA code: ");
    screen.send("975310\r");
    screen.wait_for("switchrole: renewed mfa; the keys now last until ");
    assert!(screen.wait_exit().success());
    assert_eq!(stop(&dir, child), 0);
    two_mfa_sessions(&moto, "123456", "975310");
}
