//! Eight runs started together, as a script, parallel terraform or tmux panes start them: for
//! an IAM Identity Center profile with no token, one device sign-in, one client registration
//! and one browser tab; for an MFA role with no MFA session, one code asked and one
//! GetSessionToken. The others wait, say so, and reuse what the first one got.

mod common;
use common::sso_standin::{Script, SsoStandIn, access_key_for};
use common::{KEYS, Moto, Sandbox};
use std::os::unix::fs::PermissionsExt;
use std::process::{Child, Command, Stdio};

const RUNS: usize = 8;

/// Each run's (exit code, stdout, stderr).
type Runs = Vec<(i32, String, String)>;

/// Starts `RUNS` copies of `cmd()` at once and returns each one's (exit code, stdout, stderr).
fn all_at_once(cmd: impl Fn() -> Command) -> Runs {
    let children: Vec<Child> = (0..RUNS)
        .map(|_| {
            let mut cmd = cmd();
            cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
            (
                out.status.code().unwrap_or(-1),
                text(out.stdout),
                text(out.stderr),
            )
        })
        .collect()
}

/// A script that appends a line to `log` each time it runs, then prints `output`.
fn counting_script(sandbox: &Sandbox, name: &str, log: &str, output: &str) -> String {
    let path = sandbox.path(name);
    let log = sandbox.path(log);
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\necho \"$@\" >> {}\nsleep 1\nprintf '%s' '{output}'\n",
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

fn lines_in(sandbox: &Sandbox, name: &str) -> usize {
    let text = std::fs::read_to_string(sandbox.path(name)).unwrap_or_default();
    text.lines().count()
}

#[test]
fn eight_runs_with_no_sso_token_sign_in_once() {
    let sandbox = Sandbox::new(common::sso_world::CONFIG, "", "http://127.0.0.1:9");
    let browser = counting_script(&sandbox, "browser", "browser.log", "");
    // Approved at the third poll (a second apart): the eight pile up meanwhile.
    let standin = SsoStandIn::start(Script {
        pending_polls: 2,
        slow_downs: 0,
        deny: false,
        accounts: vec![("222222222222", "Prod", vec!["Admin"])],
        token_seconds: 8 * 3600,
        page_size: 10,
        start_urls: vec!["https://corp.awsapps.com/start"],
    });
    let runs = all_at_once(|| {
        let mut cmd = sandbox.cmd();
        cmd.env("AWS_ENDPOINT_URL_SSO_OIDC", standin.url())
            .env("AWS_ENDPOINT_URL_SSO", standin.url())
            .env("BROWSER", &browser)
            .args([
                "exec",
                "prod-admin",
                "--",
                "sh",
                "-c",
                "echo $AWS_ACCESS_KEY_ID",
            ]);
        cmd
    });
    let key = access_key_for("222222222222", "Admin");
    for (code, out, err) in &runs {
        assert_eq!(*code, 0, "{err}");
        assert_eq!(out.trim(), key, "{err}");
    }
    let waited = runs.iter().filter(|(_, _, err)| {
        err.contains("switchrole: waiting for another switchrole signing in to corp (pid ")
    });
    assert_eq!(waited.count(), RUNS - 1, "{runs:?}");
    let told = runs
        .iter()
        .filter(|(_, _, e)| e.contains("sign in to corp at "));
    assert_eq!(told.count(), 1, "one device code shown");
    let counts = (
        standin.count("POST /device_authorization"),
        standin.count("POST /client/register"),
        lines_in(&sandbox, "browser.log"),
    );
    eprintln!(
        "{RUNS} runs: {} device authorization, {} client registration, {} browser tab, {} GetRoleCredentials",
        counts.0,
        counts.1,
        counts.2,
        standin.count("GET /federation/credentials")
    );
    assert_eq!(counts, (1, 1, 1), "{:?}", standin.requests());
}

const MFA_CONFIG: &str = "\
[profile mfa]
role_arn = arn:aws:iam::123456789012:role/NeedsMfa
source_profile = base
mfa_serial = arn:aws:iam::111111111111:mfa/alice
";

/// `RUNS` runs of `exec mfa` at once with `extra` arguments: the runs, and the STS actions.
fn mfa_runs(config: &str, extra: &[&str]) -> (Sandbox, Runs, Vec<String>) {
    let moto = Moto::start();
    let sandbox = Sandbox::new(config, KEYS, &moto.url());
    moto.record();
    let runs = all_at_once(|| {
        let mut cmd = sandbox.cmd();
        cmd.args(["exec", "mfa"])
            .args(extra)
            .args(["--", "sh", "-c", "echo $AWS_ACCESS_KEY_ID"]);
        cmd
    });
    for (code, out, err) in &runs {
        assert_eq!(*code, 0, "{err}");
        assert!(out.trim().starts_with("ASIA"), "{out}");
    }
    (sandbox, runs, moto.actions())
}

fn count(actions: &[String], action: &str) -> usize {
    actions.iter().filter(|a| *a == action).count()
}

const WAITING: &str = "switchrole: waiting for another switchrole asking for the MFA code of arn:aws:iam::111111111111:mfa/alice (pid ";

#[test]
fn eight_runs_with_no_mfa_session_ask_for_one_code() {
    let scripts = Sandbox::new("", "", "http://127.0.0.1:9");
    let process = counting_script(&scripts, "mfa-code", "asked.log", "123456");
    let config = format!("{MFA_CONFIG}mfa_process = {process}\n");
    let (_, runs, actions) = mfa_runs(&config, &[]);
    let asked = lines_in(&scripts, "asked.log");
    let waited = runs.iter().filter(|(_, _, e)| e.contains(WAITING)).count();
    eprintln!(
        "{RUNS} runs: mfa_process asked {asked} time, {} GetSessionToken, {} AssumeRole",
        count(&actions, "GetSessionToken"),
        count(&actions, "AssumeRole")
    );
    assert_eq!(asked, 1);
    assert_eq!(count(&actions, "GetSessionToken"), 1, "{actions:?}");
    assert_eq!(count(&actions, "AssumeRole"), RUNS, "{actions:?}");
    assert_eq!(waited, RUNS - 1, "{runs:?}");
}

#[test]
fn eight_runs_given_the_code_make_one_mfa_session() {
    let (_, _, actions) = mfa_runs(MFA_CONFIG, &["--mfa-code", "123456"]);
    assert_eq!(count(&actions, "GetSessionToken"), 1, "{actions:?}");
    assert_eq!(count(&actions, "AssumeRole"), RUNS, "{actions:?}");
}
