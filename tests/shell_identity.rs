//! A switchrole shell is the role its prompt names, whatever the person's files hold: the real
//! aws CLI, boto3 and a Rust program built with `aws-config` defaults, run inside shells from
//! `exec --renew`, `exec` and `renew = true`, with `[default]` holding keys, a role, a
//! `credential_process`, an SSO session or a web identity, and with `AWS_PROFILE` exported.

mod common;
use common::{Moto, Sandbox, aws_cli, output};
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

/// The role the shells are for, and another one that also starts from `[default]`'s keys.
const ROLES: &str = "\
[profile dev]
role_arn = arn:aws:iam::123456789012:role/Dev
source_profile = default
role_session_name = alice

[profile other]
role_arn = arn:aws:iam::210987654321:role/Other
source_profile = default
role_session_name = alice
region = us-west-2
";

/// Long-term keys under `[default]`: the most common setup there is.
const DEFAULT_KEYS: &str = "[default]\naws_access_key_id = AKIAFIXTUREDEFAULT01\naws_secret_access_key = default-secret-never-copied\n";

const DEV: &str = "arn:aws:sts::123456789012:assumed-role/Dev/alice";
const OTHER: &str = "arn:aws:sts::210987654321:assumed-role/Other/alice";

/// The Rust program (`examples/caller_identity.rs`), built by `cargo test` beside the tests.
fn rust_program() -> PathBuf {
    let deps = std::env::current_exe().unwrap();
    let path = deps
        .parent()
        .unwrap()
        .with_file_name("examples")
        .join("caller_identity");
    assert!(
        path.exists(),
        "{} is missing: `cargo test` builds it (or `cargo build --examples`)",
        path.display()
    );
    path
}

/// What each program says it is inside a shell started with `args`: the default chain of the
/// aws CLI, boto3 and the Rust SDK, then `aws --profile other`.
fn identities(sandbox: &Sandbox, args: &[&str], parent_env: &[(&str, &str)]) -> Vec<String> {
    let aws = aws_cli();
    let python = common::boto3_python();
    let script = format!(
        "{aws} sts get-caller-identity --query Arn --output text 2>&1; \
         {python} -c 'import boto3; print(boto3.client(\"sts\").get_caller_identity()[\"Arn\"])' 2>&1 | tail -1; \
         {rust} 2>&1; \
         {aws} --profile other sts get-caller-identity --query Arn --output text 2>&1",
        aws = aws.display(),
        python = python.display(),
        rust = rust_program().display(),
    );
    let mut cmd = sandbox.cmd();
    cmd.args(args).args(["--", "sh", "-c", &script]);
    for (name, value) in parent_env {
        cmd.env(name, value);
    }
    let (code, out, err) = output(&mut cmd);
    assert_eq!(code, 0, "{out}{err}");
    out.lines().map(String::from).collect()
}

#[track_caller]
fn the_role_everywhere(said: &[String], what: &str) {
    assert_eq!(said, [DEV, DEV, DEV, OTHER], "{what}");
}

fn sandbox_with(default_config: &str, credentials: &str, moto: &Moto) -> Sandbox {
    let config = format!("[default]\nregion = eu-west-1\n{default_config}\n{ROLES}");
    Sandbox::new(&config, credentials, &moto.url())
}

#[test]
fn with_default_keys_every_sdk_in_every_kind_of_shell_is_the_role() {
    let moto = Moto::start();
    let sandbox = sandbox_with("", DEFAULT_KEYS, &moto);
    the_role_everywhere(
        &identities(&sandbox, &["exec", "dev", "--renew"], &[]),
        "--renew",
    );
    the_role_everywhere(&identities(&sandbox, &["exec", "dev"], &[]), "exec");
    // An AWS_PROFILE (or the older AWS_DEFAULT_PROFILE) the person exported is not the shell's.
    let exported = [("AWS_PROFILE", "other"), ("AWS_DEFAULT_PROFILE", "other")];
    the_role_everywhere(
        &identities(&sandbox, &["exec", "dev", "--renew"], &exported),
        "--renew under AWS_PROFILE=other",
    );
    the_role_everywhere(
        &identities(&sandbox, &["exec", "dev"], &exported),
        "exec under AWS_PROFILE=other",
    );
    // `renew = true` in the settings file makes every shell a renewing one.
    std::fs::write(
        sandbox.path("xdg-config/switchrole/config"),
        "[settings]\nstore = file\nrenew = true\n",
    )
    .unwrap();
    let script = "echo \"$AWS_CONTAINER_CREDENTIALS_FULL_URI|$AWS_ACCESS_KEY_ID\"";
    let (code, out, err) = sandbox.run(&["exec", "dev", "--", "sh", "-c", script]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("http://127.0.0.1:") && out.trim_end().ends_with('|'),
        "{out}"
    );
    the_role_everywhere(&identities(&sandbox, &["exec", "dev"], &[]), "renew = true");
}

#[test]
fn whatever_kind_of_default_profile_the_files_hold_a_renewing_shell_is_the_role() {
    let moto = Moto::start();
    let probe = tempfile::tempdir().unwrap();
    let process = probe.path().join("default-process");
    std::fs::write(
        &process,
        "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIAFIXTUREPROCESS01\", \"SecretAccessKey\": \"s\"}'\n",
    )
    .unwrap();
    std::fs::set_permissions(&process, std::fs::Permissions::from_mode(0o755)).unwrap();
    let token = probe.path().join("web-token");
    std::fs::write(&token, "a-web-identity-token").unwrap();
    let base_keys = "[base]\naws_access_key_id = AKIAFIXTUREBASEKEY01\naws_secret_access_key = s\n";
    for (kind, default, credentials) in [
        (
            "a role",
            "role_arn = arn:aws:iam::999999999999:role/DefaultRole\nsource_profile = base\n".to_string(),
            DEFAULT_KEYS.to_string(),
        ),
        (
            "a credential_process",
            format!("credential_process = {}\n", process.display()),
            DEFAULT_KEYS.to_string(),
        ),
        (
            "an SSO session that has no token",
            "sso_session = corp\nsso_account_id = 999999999999\nsso_role_name = Admin\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n".to_string(),
            DEFAULT_KEYS.to_string(),
        ),
        (
            "a web identity",
            format!(
                "role_arn = arn:aws:iam::999999999999:role/WebRole\nweb_identity_token_file = {}\n",
                token.display()
            ),
            DEFAULT_KEYS.to_string(),
        ),
    ] {
        // The roles start from [base]'s keys here: [default] is not keys.
        let config = format!(
            "[default]\nregion = eu-west-1\n{default}\n{}",
            ROLES.replace("source_profile = default", "source_profile = base")
        );
        let sandbox = Sandbox::new(&config, &format!("{credentials}{base_keys}"), &moto.url());
        the_role_everywhere(
            &identities(&sandbox, &["exec", "dev", "--renew"], &[]),
            &format!("[default] with {kind}"),
        );
    }
}

#[test]
fn the_shell_sees_a_private_view_that_follows_edits_holds_no_secret_and_goes_with_the_shell() {
    let moto = Moto::start();
    let sandbox = sandbox_with("output = json\n", DEFAULT_KEYS, &moto);
    let run = sandbox.path("run");
    std::fs::create_dir(&run).unwrap();
    std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700)).unwrap();
    let shell = sandbox.path("shell");
    std::fs::create_dir(&shell).unwrap();
    let s = shell.display();
    // The shell reports what it sees, then waits for an edit of the real config to reach it.
    let script = format!(
        "echo \"$AWS_CONFIG_FILE\" > {s}/view.tmp; stat -c %a \"$AWS_CONFIG_FILE\" $(dirname \"$AWS_CONFIG_FILE\") > {s}/modes; \
         echo \"$AWS_PROFILE|$AWS_SHARED_CREDENTIALS_FILE\" > {s}/vars; mv {s}/view.tmp {s}/view; \
         for i in $(seq 100); do grep -q '^\\[profile added\\]' \"$AWS_CONFIG_FILE\" && echo followed > {s}/followed && break; sleep 0.1; done"
    );
    let mut cmd = sandbox.cmd();
    cmd.env("XDG_RUNTIME_DIR", &run)
        .args(["exec", "dev", "--renew", "--", "sh", "-c", &script]);
    let mut child = cmd.spawn().unwrap();
    let view_file = shell.join("view");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !view_file.exists() {
        assert!(
            std::time::Instant::now() < deadline,
            "the shell never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let view = PathBuf::from(std::fs::read_to_string(&view_file).unwrap().trim());
    assert!(
        view.starts_with(run.join("switchrole/shells")),
        "{}",
        view.display()
    );
    let modes = std::fs::read_to_string(shell.join("modes")).unwrap();
    assert_eq!(modes.split_whitespace().collect::<Vec<_>>(), ["600", "700"]);
    let vars = std::fs::read_to_string(shell.join("vars")).unwrap();
    assert_eq!(
        vars.trim(),
        format!("switchrole:dev|{}", sandbox.path("credentials").display())
    );
    // The view is the person's file and the shell's own profile, with [default]'s settings.
    let real = std::fs::read_to_string(sandbox.path("config")).unwrap();
    let seen = std::fs::read_to_string(&view).unwrap();
    assert_eq!(
        seen,
        format!("{real}\n[profile switchrole:dev]\nregion = eu-west-1\noutput = json\n")
    );
    // Nothing secret is in the shell's directory: the credentials file is never copied.
    for file in std::fs::read_dir(view.parent().unwrap()).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        assert!(!text.contains("default-secret-never-copied"), "{text}");
        assert!(!text.contains("AKIAFIXTUREDEFAULT01"), "{text}");
    }
    std::fs::write(
        sandbox.path("config"),
        format!("{real}\n[profile added]\nregion = x\n"),
    )
    .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(shell.join("followed"))
            .unwrap_or_default()
            .trim(),
        "followed",
        "the edit never reached the shell's view"
    );
    assert!(
        !view.parent().unwrap().exists(),
        "the shell's directory outlived it"
    );
}

#[test]
fn a_shell_directory_left_by_a_killed_switchrole_is_removed_by_the_next() {
    let moto = Moto::start();
    let sandbox = sandbox_with("", DEFAULT_KEYS, &moto);
    let run = sandbox.path("run");
    std::fs::create_dir(&run).unwrap();
    let shells = run.join("switchrole/shells");
    let mut first = sandbox.cmd();
    first
        .env("XDG_RUNTIME_DIR", &run)
        .args(["exec", "dev", "--renew", "--", "sleep", "30"]);
    let mut first = first.spawn().unwrap();
    let dir = shells.join(first.id().to_string());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !dir.join("config").exists() {
        assert!(std::time::Instant::now() < deadline, "no shell directory");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    first.kill().unwrap();
    first.wait().unwrap();
    assert!(dir.exists(), "SIGKILL leaves no chance to clean up");
    let (code, _, err) = output(
        sandbox
            .cmd()
            .env("XDG_RUNTIME_DIR", &run)
            .args(["exec", "dev", "--renew", "--", "true"]),
    );
    assert_eq!(code, 0, "{err}");
    assert!(!dir.exists(), "the next renewing shell removes it");
    assert_eq!(std::fs::read_dir(&shells).unwrap().count(), 0);
}

#[test]
fn status_check_says_who_programs_in_the_shell_are_and_when_that_is_not_the_prompt() {
    let moto = Moto::start();
    let sandbox = sandbox_with("", DEFAULT_KEYS, &moto);
    let bin = env!("CARGO_BIN_EXE_switchrole");
    let script = format!(
        "{bin} status --check; echo \"exit $?\"; {bin} status --check --format json; \
         AWS_PROFILE=default {bin} status --check; echo \"exit $?\""
    );
    let (code, out, err) = sandbox.run(&["exec", "dev", "--renew", "--", "sh", "-c", &script]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        format!("dev: programs in this shell act as {DEV}, as the prompt says")
    );
    assert_eq!(lines[1], "exit 0");
    let json: serde_json::Value = serde_json::from_str(lines[2]).unwrap();
    assert_eq!(json["role_arn"], "arn:aws:iam::123456789012:role/Dev");
    assert_eq!(json["acting_as"], DEV);
    assert_eq!(json["ok"], true);
    assert_eq!(json["served_key_id"], json["chain_key_id"]);
    // A person who points the shell back at [default] is told plainly.
    assert!(
        lines[3].starts_with("dev: programs in this shell do NOT act as dev: the AWS SDKs' default chain gives keys AKIAFIXTUREDEFAULT01"),
        "{out}"
    );
    assert_eq!(lines[4], "exit 1");

    // doctor --online in the shell says the same.
    let script = format!("{bin} doctor --online");
    let (code, out, err) = sandbox.run(&["exec", "dev", "--", "sh", "-c", &script]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!(
            "info: this shell: dev: programs in this shell act as {DEV}, as the prompt says"
        )),
        "{out}"
    );
    // Outside a switchrole shell there is no prompt to match: exit 1.
    let (code, out, _) = sandbox.run(&["status", "--check"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("not a switchrole shell; programs here act as "),
        "{out}"
    );
}

#[test]
fn the_pickers_renewing_shell_is_the_role_and_ctrl_r_and_ctrl_x_renew_and_forget() {
    let moto = Moto::start();
    let sandbox = sandbox_with("", DEFAULT_KEYS, &moto);
    std::fs::write(
        sandbox.path("xdg-config/switchrole/config"),
        "[settings]\nstore = file\nrenew = true\n",
    )
    .unwrap();
    let mut screen = common::pty::Screen::start(&sandbox);
    screen.wait_for("3/3");
    screen.send("dev");
    screen.wait_for("▶ dev ");
    screen.send("\r");
    screen.wait_for(&format!("switchrole: dev as {DEV}"));
    let said = sandbox.path("said");
    screen.send(&format!(
        "{} sts get-caller-identity --query Arn --output text > {s}; {} >> {s}; exit\r",
        aws_cli().display(),
        rust_program().display(),
        s = said.display()
    ));
    screen.wait_for("Profiles");
    let text = screen.wait_for("59m");
    assert!(text.contains("▶ dev ") || text.contains("dev "), "{text}");
    let said = std::fs::read_to_string(&said).unwrap();
    assert_eq!(said.lines().collect::<Vec<_>>(), [DEV, DEV]);

    // Ctrl-R: a new session now, at STS.
    moto.record();
    screen.send("dev");
    screen.wait_for("▶ dev ");
    screen.send("\x12");
    screen.wait_for("renewed dev");
    assert_eq!(moto.actions(), ["AssumeRole"]);
    // Ctrl-X: the kept session is forgotten, and its countdown goes with it.
    screen.send("\x18");
    let text = screen.wait_for("forgot 1 kept session of dev");
    assert!(!text.contains("59m"), "{text}");
    let kept = std::fs::read_dir(sandbox.path("cache/switchrole/sessions"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(kept, 0);
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}

#[test]
fn a_write_to_the_view_from_inside_the_shell_is_told_and_leaves_the_real_file_alone() {
    let moto = Moto::start();
    let sandbox = sandbox_with("", DEFAULT_KEYS, &moto);
    let before = std::fs::read(sandbox.path("config")).unwrap();
    let script = format!("{} configure set output text", aws_cli().display());
    let (code, _, err) = sandbox.run(&["exec", "dev", "--renew", "--", "sh", "-c", &script]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("switchrole: a program in this shell wrote to AWS_CONFIG_FILE, a view of ~/config that goes when the shell ends; make that change outside this shell"),
        "{err}"
    );
    assert_eq!(std::fs::read(sandbox.path("config")).unwrap(), before);
}
