//! `credential_process` through the real binary: switchrole runs it as the SDKs do, says each
//! failure in one sentence, and stops a process that runs switchrole for a profile already on
//! its way (the README's own `switchrole credential-process NAME`, pointed back at itself),
//! which would otherwise start processes without end.

mod common;
use common::{Moto, Sandbox, output};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_switchrole");

/// Runs `cmd` in a process group of its own and returns (exit code, stderr) within `limit`;
/// past it the whole group (every process a loop started) is killed and the test fails.
fn bounded(cmd: &mut Command, limit: Duration) -> (i32, String) {
    let mut child = cmd
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if started.elapsed() > limit {
            // SAFETY: a signal to the process group this test started.
            unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
            panic!("still running after {limit:?}: processes without end");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The error lines switchrole printed (the keyring notice aside).
fn errors(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains("error")).collect()
}

#[test]
fn a_profile_whose_credential_process_runs_switchrole_for_itself_stops_at_once() {
    let config = format!("[profile loop]\ncredential_process = {BIN} credential-process loop\n");
    let sandbox = Sandbox::new(&config, "", "http://127.0.0.1:9");
    let (code, err) = bounded(
        sandbox.cmd().args(["credential-process", "loop"]),
        Duration::from_secs(10),
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        errors(&err),
        [
            "switchrole: error: profile 'loop': a credential_process loop (loop -> loop): each profile's credential_process runs switchrole, which needs the next one's, so it would start processes without end; point one of them at another profile, or give it keys, a role or IAM Identity Center"
        ],
        "{err}"
    );
}

#[test]
fn a_loop_hidden_behind_a_wrapper_or_another_profile_runs_switchrole_once_more_at_most() {
    let sandbox = Sandbox::new("", "", "http://127.0.0.1:9");
    let runs = sandbox.path("runs");
    // A wrapper hides which profile it asks for: only the running chain can tell.
    let config = format!(
        "[profile wrapped]\ncredential_process = sh -c 'echo run >> {runs}; exec {BIN} credential-process wrapped'\n\n\
         [profile ping]\ncredential_process = sh -c 'echo run >> {runs}; exec {BIN} credential-process pong'\n\n\
         [profile pong]\ncredential_process = sh -c 'echo run >> {runs}; exec {BIN} credential-process ping'\n",
        runs = runs.display()
    );
    std::fs::write(sandbox.path("config"), config).unwrap();
    for (profile, chain, started) in [
        ("wrapped", "wrapped -> wrapped", 1),
        ("ping", "ping -> pong -> ping", 2),
    ] {
        let _ = std::fs::remove_file(&runs);
        let (code, err) = bounded(
            sandbox.cmd().args(["credential-process", profile]),
            Duration::from_secs(10),
        );
        assert_eq!(code, 1, "{err}");
        let said = errors(&err);
        assert_eq!(said.len(), 1, "{err}");
        assert!(
            said[0].starts_with(&format!(
                "switchrole: error: profile '{profile}': a credential_process loop ({chain}): "
            )),
            "{err}"
        );
        let ran = std::fs::read_to_string(&runs).unwrap().lines().count();
        assert_eq!(ran, started, "{profile}: processes started");
    }
}

#[test]
fn the_aws_cli_and_doctor_meet_the_loop_once_and_doctor_names_its_line() {
    let config = format!(
        "[default]\nregion = eu-west-1\n\n[profile loop]\ncredential_process = {BIN} credential-process loop\n"
    );
    let sandbox = Sandbox::new(&config, "", "http://127.0.0.1:9");
    let mut aws = Command::new(common::aws_cli());
    sandbox.set_env(&mut aws);
    aws.env("PATH", std::env::var("PATH").unwrap()).args([
        "--profile",
        "loop",
        "sts",
        "get-caller-identity",
    ]);
    let (code, err) = bounded(&mut aws, Duration::from_secs(30));
    assert_ne!(code, 0);
    assert!(
        err.contains("a credential_process loop (loop -> loop)"),
        "{err}"
    );

    let (code, out, err) = sandbox.run(&["doctor"]);
    assert_eq!(code, 1, "{out}{err}");
    let told = out
        .lines()
        .find(|l| l.contains("loop ("))
        .unwrap_or_default();
    assert!(
        told.starts_with(
            "~/config:5: error: profile 'loop': a credential_process loop (loop -> loop)"
        ),
        "{out}"
    );

    let (code, err) = bounded(
        sandbox.cmd().args(["doctor", "--online"]),
        Duration::from_secs(30),
    );
    assert_eq!(code, 1, "{err}");
}

#[test]
fn a_failing_or_garbled_credential_process_is_one_sentence_that_repeats_nothing_it_printed() {
    let moto = Moto::start();
    let config = "\
[profile app]
role_arn = arn:aws:iam::123456789012:role/App
source_profile = garbled

[profile garbled]
credential_process = sh -c 'echo \"SECRETLOOKING{not json\"'

[profile failing]
credential_process = sh -c 'echo first line >&2; echo the real reason >&2; exit 3'

[profile old]
credential_process = sh -c 'echo \"{\\\"Version\\\": 2, \\\"AccessKeyId\\\": \\\"A\\\", \\\"SecretAccessKey\\\": \\\"S\\\"}\"'
";
    let sandbox = Sandbox::new(config, "", &moto.url());
    for (profile, said) in [
        (
            "app",
            "switchrole: error: profile 'app': credential_process of profile 'garbled' printed something other than the credentials JSON the AWS SDKs read (Version 1, AccessKeyId, SecretAccessKey): expected value at line 1 column 1",
        ),
        (
            "failing",
            "switchrole: error: profile 'failing': credential_process of profile 'failing' failed (exit status 3): the real reason",
        ),
        (
            "old",
            "switchrole: error: profile 'old': credential_process of profile 'old' printed Version 2; the AWS SDKs read only Version 1",
        ),
    ] {
        let (code, _, err) = sandbox.run(&["env", profile, "--no-cache"]);
        assert_eq!(code, 1, "{err}");
        assert_eq!(errors(&err), [said], "{err}");
        assert!(!err.contains("SECRETLOOKING"), "{err}");
    }
}

#[test]
fn a_working_credential_process_gives_its_keys_to_the_role_it_sources() {
    let moto = Moto::start();
    let config = "\
[profile app]
role_arn = arn:aws:iam::123456789012:role/App
source_profile = helper

[profile helper]
credential_process = sh -c 'printf \"%s\" \"{\\\"Version\\\": 1, \\\"AccessKeyId\\\": \\\"AKIAPROCESSHELPER001\\\", \\\"SecretAccessKey\\\": \\\"s\\\"}\"'
";
    let sandbox = Sandbox::new(config, "", &moto.url());
    moto.record();
    let (code, out, err) = output(sandbox.cmd().args(["env", "app", "--no-cache"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("AWS_SESSION_TOKEN"), "{out}");
    let requests = moto.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0]["Action"], "AssumeRole");
    assert_eq!(requests[0]["@AccessKeyId"], "AKIAPROCESSHELPER001");
}
