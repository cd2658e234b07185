//! `switchrole use --renew` in bash, zsh and fish: the shell is served renewing keys by a
//! process in the background, is the role whatever `[default]` holds, gets new keys after a
//! (forced, early) renewal, and the process ends at `use --off` and when the shell ends.

mod common;
use common::shells::{Shell, var};
use common::{DEV_AND_MFA, KEYS, Moto, Sandbox};
use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// Keys under `[default]` too: the most common setup, which a served shell must not use.
fn credentials() -> String {
    format!(
        "{KEYS}\n[default]\naws_access_key_id = AKIAFIXTUREDEFAULT01\naws_secret_access_key = default-secret\n"
    )
}

/// The access key id the endpoint serves.
fn served_key(url: &str, token: &str) -> String {
    let authority = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(authority).unwrap();
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: {authority}\r\nAuthorization: {token}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let body = answer.split_once("\r\n\r\n").unwrap().1;
    let doc: serde_json::Value = serde_json::from_str(body).unwrap();
    doc["AccessKeyId"].as_str().unwrap().to_string()
}

/// The process serving the shell: its directory (of the expiry file) is named by its pid.
fn server_pid(env: &str) -> i32 {
    let file = var(env, "SWITCHROLE_EXPIRY_FILE").unwrap();
    let dir = std::path::Path::new(file).parent().unwrap();
    dir.file_name().unwrap().to_str().unwrap().parse().unwrap()
}

fn running(pid: i32) -> bool {
    // SAFETY: signal 0 only asks whether the process exists.
    unsafe { libc::kill(pid, 0) == 0 }
}

#[track_caller]
fn gone(pid: i32, why: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while running(pid) {
        assert!(Instant::now() < deadline, "the server {pid} outlived {why}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The aws CLI in the shell: who it is, and the key moto saw it sign with.
fn aws_in(shell: &mut Shell, moto: &Moto) -> (String, String) {
    moto.record();
    let who = shell.dir.join("who");
    shell.run(&format!(
        "aws sts get-caller-identity --region us-east-1 --query Arn --output text > {} 2>&1",
        who.display()
    ));
    let arn = std::fs::read_to_string(&who).unwrap();
    let requests = moto.requests();
    let call = requests.iter().find(|r| r["Action"] == "GetCallerIdentity");
    let key = call.map(|r| r["@AccessKeyId"].clone()).unwrap_or_default();
    (arn, key)
}

fn renewing(name: &'static str) {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, &credentials(), &moto.url());
    // Renewed 7 seconds into a 15-minute session.
    let early = [("SWITCHROLE_RENEW_BEFORE", "893".to_string())];
    let mut shell = Shell::start(name, &sandbox, &early);
    shell.export("AWS_PROFILE", "mine");
    let before = shell.env("before");

    shell.run("switchrole use --renew dev --duration 900");
    shell.screen.wait_for("renewed in the background");
    let during = shell.env("during");
    for name in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
    ] {
        assert_eq!(
            var(&during, name),
            None,
            "{name} would win over the endpoint"
        );
    }
    let url = var(&during, "AWS_CONTAINER_CREDENTIALS_FULL_URI")
        .unwrap()
        .to_string();
    let token = var(&during, "AWS_CONTAINER_AUTHORIZATION_TOKEN")
        .unwrap()
        .to_string();
    let pid = server_pid(&during);
    assert!(running(pid));
    // Nothing secret on the server's command line.
    let argv = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap();
    let argv = String::from_utf8_lossy(&argv).replace('\0', " ");
    assert!(!argv.contains(&token) && !argv.contains("secret"), "{argv}");
    assert!(argv.contains("serve-shell dev --shell-pid "), "{argv}");
    assert!(!during.contains("__switchrole"), "{name}: {during}");

    let first = served_key(&url, &token);
    let (arn, key) = aws_in(&mut shell, &moto);
    assert!(arn.contains("assumed-role/Dev/"), "{name}: {arn}");
    assert_eq!(key, first, "{name}: the served keys, not [default]'s");

    let deadline = Instant::now() + Duration::from_secs(40);
    while served_key(&url, &token) == first {
        assert!(Instant::now() < deadline, "{name}: never renewed");
        std::thread::sleep(Duration::from_millis(200));
    }
    let renewed = served_key(&url, &token);
    let (arn, key) = aws_in(&mut shell, &moto);
    assert!(arn.contains("assumed-role/Dev/"), "{name}: {arn}");
    assert_eq!(key, renewed, "{name}: the shell gets the renewed keys");

    shell.run("switchrole use --off");
    gone(pid, "use --off");
    assert_eq!(before, shell.env("after"), "{name}");

    // Served again, the server ends with the shell.
    shell.run("switchrole use --renew dev");
    shell.screen.wait_for("renewed in the background");
    let pid = server_pid(&shell.env("again"));
    assert!(running(pid));
    shell.screen.send("exit\r");
    shell.screen.wait_exit();
    gone(pid, "the shell");
}

#[test]
fn bash_is_served_renewing_keys_until_off_or_its_end() {
    renewing("bash");
}

#[test]
fn zsh_is_served_renewing_keys_until_off_or_its_end() {
    renewing("zsh");
}

#[test]
fn fish_is_served_renewing_keys_until_off_or_its_end() {
    renewing("fish");
}

#[test]
fn a_switch_to_another_profile_stops_the_server() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, &credentials(), &moto.url());
    let mut shell = Shell::start("bash", &sandbox, &[]);
    shell.run("switchrole use --renew dev");
    shell.screen.wait_for("renewed in the background");
    let pid = server_pid(&shell.env("renewing"));
    shell.run("switchrole use mfa --mfa-code 123456");
    gone(pid, "a switch to another profile");
    let env = shell.env("after");
    assert_eq!(var(&env, "SWITCHROLE_PROFILE"), Some("mfa"));
    assert_eq!(var(&env, "AWS_CONTAINER_CREDENTIALS_FULL_URI"), None);
    // The config file the views stood in for is the shell's again.
    let config = sandbox.path("config");
    assert_eq!(var(&env, "AWS_CONFIG_FILE"), Some(config.to_str().unwrap()));
    let (arn, _) = aws_in(&mut shell, &moto);
    assert!(arn.contains("assumed-role/NeedsMfa/"), "{arn}");
}
