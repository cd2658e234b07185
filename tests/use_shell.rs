//! `switchrole use` in bash, zsh and fish, each started in a pseudo-terminal with the line of
//! `switchrole init` in its startup file: the shell itself gets the role (the aws CLI in it
//! says so), `use --off` puts back what it had, a failure changes nothing, and the prompt
//! says once that the keys are about to expire and once that they have.

mod common;
use common::shells::{Shell, var, wait_for_file};
use common::standin::{Reply, StandIn};
use common::{DEV_AND_MFA, KEYS, Moto, Sandbox, output};
use std::time::{Duration, Instant};

/// `use dev`, the aws CLI in the same shell is the role, `use --off` gives back the exported
/// AWS_PROFILE and nothing else changed.
fn use_then_off(name: &'static str) {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    let mut shell = Shell::start(name, &sandbox, &[]);
    shell.export("AWS_PROFILE", "mine");
    shell.export("AWS_DEFAULT_PROFILE", "old");
    let before = shell.env("before");
    assert_eq!(var(&before, "AWS_PROFILE"), Some("mine"));

    // Never switched, the shell has nothing to put back, and is left alone.
    let status = shell.dir.join("off-status");
    shell.run(&format!(
        "switchrole use --off; echo {} > {}",
        shell.status_var(),
        status.display()
    ));
    shell.screen.wait_for("has not switched this shell");
    assert_eq!(shell.read("off-status").trim(), "1", "{name}");
    assert_eq!(before, shell.env("unswitched"), "{name}");
    // What a switchrole subshell of this shell would get, to compare with what `use` sets.
    let sub = shell.dir.join("sub");
    shell.run(&format!(
        "switchrole exec dev -- env | grep -E '^(AWS|SWITCHROLE)_' | sort > {}",
        sub.display()
    ));
    shell.run("switchrole use dev");
    shell
        .screen
        .wait_for("switchrole: dev as arn:aws:sts::123456789012:assumed-role/Dev/");
    let who = shell.dir.join("who");
    shell.run(&format!(
        "aws sts get-caller-identity --region us-east-1 --query Arn --output text > {} 2>&1",
        who.display()
    ));
    let arn = std::fs::read_to_string(&who).unwrap();
    assert!(arn.contains("assumed-role/Dev/"), "{name}: {arn}");
    let during = shell.env("during");
    assert_eq!(var(&during, "AWS_PROFILE"), None, "{name}");
    assert_eq!(var(&during, "SWITCHROLE_PROFILE"), Some("dev"), "{name}");
    assert!(var(&during, "AWS_SESSION_TOKEN").is_some(), "{name}");
    assert!(
        var(&during, "AWS_CREDENTIAL_EXPIRATION").is_some(),
        "{name}"
    );
    let contract = |dump: &str| {
        let lines = dump
            .lines()
            .filter(|l| l.starts_with("AWS_") || l.starts_with("SWITCHROLE_"));
        lines.map(|l| format!("{l}\n")).collect::<String>()
    };
    assert_eq!(
        contract(&during),
        shell.read("sub"),
        "{name}: what a subshell gets"
    );
    // The function's own bookkeeping is never handed to the commands the shell runs.
    assert!(!during.contains("__switchrole"), "{name}: {during}");

    shell.run("switchrole use --off");
    shell.screen.wait_for("switchrole: stopped using dev");
    let after = shell.env("after");
    assert_eq!(before, after, "{name}: use --off puts the shell back");

    // Every use is in the history, without a secret.
    let history = std::fs::read_to_string(sandbox.path("state/switchrole/history.jsonl")).unwrap();
    let line: serde_json::Value = serde_json::from_str(history.lines().last().unwrap()).unwrap();
    assert_eq!(line["how"], "use");
    assert_eq!(line["profile"], "dev");
    let secret = var(&during, "AWS_SECRET_ACCESS_KEY").unwrap();
    assert!(!history.contains(secret), "{name}: a secret in the history");

    // Once the shell has written its own history, no file holds a secret but the session
    // cache (0600, where sessions are kept) and this test's own dumps of the environment.
    shell.screen.send("exit\r");
    shell.screen.wait_exit();
    let token = var(&during, "AWS_SESSION_TOKEN").unwrap();
    for file in files(sandbox.dir.path()) {
        let mine = file.starts_with(&shell.dir)
            || file.starts_with(sandbox.path("cache/switchrole/sessions"));
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        assert!(
            mine || !(text.contains(secret) || text.contains(token)),
            "{name}: a secret in {}",
            file.display()
        );
    }
}

/// Every file under `dir`.
fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        match entry.file_type().unwrap().is_dir() {
            true => found.extend(files(&path)),
            false if entry.file_type().unwrap().is_file() => found.push(path),
            false => {}
        }
    }
    found
}

#[test]
fn bash_uses_a_role_and_puts_back_what_it_had() {
    use_then_off("bash");
}

#[test]
fn zsh_uses_a_role_and_puts_back_what_it_had() {
    use_then_off("zsh");
}

#[test]
fn fish_uses_a_role_and_puts_back_what_it_had() {
    use_then_off("fish");
}

/// A refused MFA code leaves the shell as it was, with a status that says so.
fn wrong_mfa_code(name: &'static str) {
    let refused = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>MultiFactorAuthentication failed with invalid MFA one time pass code.</Message></Error><RequestId>1</RequestId></ErrorResponse>"#;
    let sts = StandIn::start(Reply::ByAction(vec![
        ("AssumeRole", "403 Forbidden", refused.to_string()),
        ("GetSessionToken", "403 Forbidden", refused.to_string()),
    ]));
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &sts.url());
    let mut shell = Shell::start(name, &sandbox, &[]);
    shell.export("AWS_PROFILE", "mine");
    let before = shell.env("before");
    let status = shell.dir.join("status");
    let line = format!(
        "switchrole use mfa; echo {} > {}",
        shell.status_var(),
        status.display()
    );
    let done = shell.begin(&line);
    shell.screen.wait_for("MFA code");
    shell.screen.send("123456\r");
    wait_for_file(&done);
    shell.screen.wait_for("the MFA code was wrong");
    assert_eq!(shell.read("status").trim(), "1", "{name}");
    assert_eq!(before, shell.env("after"), "{name}: nothing changed");
}

#[test]
fn bash_is_unchanged_by_a_wrong_mfa_code() {
    wrong_mfa_code("bash");
}

#[test]
fn zsh_is_unchanged_by_a_wrong_mfa_code() {
    wrong_mfa_code("zsh");
}

#[test]
fn fish_is_unchanged_by_a_wrong_mfa_code() {
    wrong_mfa_code("fish");
}

/// The prompt says once that the keys are about to expire, and once that they have.
fn warned_once_each(name: &'static str) {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    let mut shell = Shell::start(name, &sandbox, &[]);
    let (code, _, err) = sandbox.run(&["credential-process", "dev"]);
    assert_eq!(code, 0, "{err}");
    // A 15-second session with 10 left: reused for 5 more (a third of its length is the
    // margin), then expired 10 seconds from now.
    common::age_kept_session(&sandbox, "", 10, 15);
    shell.run("switchrole use dev");
    shell.screen.wait_for("switchrole: dev expires in 1m (");
    for _ in 0..3 {
        shell.run("true");
    }
    let text = shell.written();
    assert_eq!(text.matches("expires in").count(), 1, "{name}: {text}");
    assert!(!text.contains("have expired"), "{name}: {text}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !shell
        .written()
        .contains("switchrole: dev credentials have expired (")
    {
        assert!(
            Instant::now() < deadline,
            "{name}: never told of the expiry"
        );
        shell.run("true");
        std::thread::sleep(Duration::from_millis(500));
    }
    for _ in 0..3 {
        shell.run("true");
    }
    let text = shell.written();
    assert_eq!(text.matches("have expired").count(), 1, "{name}: {text}");
    assert_eq!(text.matches("expires in").count(), 1, "{name}: {text}");
}

#[test]
fn bash_warns_once_before_expiry_and_once_at_it() {
    warned_once_each("bash");
}

#[test]
fn zsh_warns_once_before_expiry_and_once_at_it() {
    warned_once_each("zsh");
}

#[test]
fn fish_warns_once_before_expiry_and_once_at_it() {
    warned_once_each("fish");
}

#[test]
fn without_the_function_use_says_how_to_add_it() {
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, "http://127.0.0.1:9");
    let (code, out, err) = output(
        sandbox
            .cmd()
            .env("SHELL", "/usr/bin/fish")
            .args(["use", "dev"]),
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(out, "");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("add `switchrole init fish | source` to ~/.config/fish/config.fish"),
        "{err}"
    );
}

/// `switchrole use` with no name: the picker on the terminal, a filter typed, Enter; the role is
/// this shell's. Esc in the picker changes nothing.
fn picker_then_esc(name: &'static str) {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    let mut shell = Shell::start(name, &sandbox, &[]);
    shell.export("AWS_PROFILE", "mine");
    let before = shell.env("before");
    let done = shell.begin("switchrole use");
    shell.screen.wait_for("Enter switches the shell you are in");
    shell.screen.send("dev");
    shell.screen.wait_for("▶ dev ");
    shell.screen.send("\r");
    wait_for_file(&done);
    shell
        .screen
        .wait_for("switchrole: dev as arn:aws:sts::123456789012:assumed-role/Dev/");
    let who = shell.dir.join("who");
    shell.run(&format!(
        "aws sts get-caller-identity --region us-east-1 --query Arn --output text > {} 2>&1",
        who.display()
    ));
    let arn = std::fs::read_to_string(&who).unwrap();
    assert!(arn.contains("assumed-role/Dev/"), "{name}: {arn}");
    let during = shell.env("during");
    assert_eq!(var(&during, "SWITCHROLE_PROFILE"), Some("dev"), "{name}");

    let status = shell.dir.join("status");
    let line = format!(
        "switchrole use; echo {} > {}",
        shell.status_var(),
        status.display()
    );
    let done = shell.begin(&line);
    shell.screen.wait_for("Enter switches the shell you are in");
    shell.screen.send("mfa");
    shell.screen.wait_for("▶ mfa ");
    shell.screen.send("\x1b");
    shell.screen.wait_for("▶ dev ");
    shell.screen.send("\x1b");
    wait_for_file(&done);
    assert_eq!(shell.read("status").trim(), "130", "{name}");
    assert_eq!(
        during,
        shell.env("after-esc"),
        "{name}: Esc changes nothing"
    );

    shell.run("switchrole use --off");
    assert_eq!(before, shell.env("after"), "{name}");
    let history = std::fs::read_to_string(sandbox.path("state/switchrole/history.jsonl")).unwrap();
    assert_eq!(
        history.lines().count(),
        1,
        "{name}: Esc is no switch: {history}"
    );
}

#[test]
fn bash_switches_from_the_picker_and_esc_changes_nothing() {
    picker_then_esc("bash");
}

#[test]
fn zsh_switches_from_the_picker_and_esc_changes_nothing() {
    picker_then_esc("zsh");
}

#[test]
fn fish_switches_from_the_picker_and_esc_changes_nothing() {
    picker_then_esc("fish");
}
