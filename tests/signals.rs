//! SIGINT, SIGTERM and SIGHUP at each stage of `exec`: waiting on STS, at a prompt, and with a
//! child. Each is sent to the real binary as `kill` would; switchrole's status must be 128+N,
//! the terminal's settings as they were, and a child must get the signal.

mod common;
use common::pty::Screen;
use common::{DEV_AND_MFA, KEYS, Moto, STOP_SIGNALS, Sandbox, detach};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How long a stopped switchrole may take to end: it has nothing to finish.
const PROMPTLY: Duration = Duration::from_secs(5);

fn kill(pid: u32, signal: i32) {
    // SAFETY: a signal to a process this test started and has not yet reaped.
    assert_eq!(unsafe { libc::kill(pid as i32, signal) }, 0);
}

fn wait_exit(child: &mut Child, within: Duration) -> ExitStatus {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("switchrole did not end within {within:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The next connection to `listener`, which is held open and never answered.
fn accept(listener: &TcpListener) -> TcpStream {
    listener.set_nonblocking(true).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match listener.accept() {
            Ok((stream, _)) => return stream,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => panic!("accept: {e}"),
        }
        assert!(Instant::now() < deadline, "switchrole never called STS");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn wait_for_file(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        // Written with one `echo`, so a line that ends is the whole of it.
        match std::fs::read_to_string(path) {
            Ok(text) if text.ends_with('\n') => return text.trim().to_string(),
            _ => {}
        }
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_signal_during_an_sts_call_ends_switchrole_with_128_plus_n() {
    // An STS endpoint that takes the connection and never answers: AssumeRole hangs.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &endpoint);
    for (signal, name) in STOP_SIGNALS {
        let mut cmd = sandbox.cmd();
        cmd.args(["exec", "dev", "--", "true"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        detach(&mut cmd);
        let mut child = cmd.spawn().unwrap();
        let _held = accept(&listener);
        kill(child.id(), signal);
        let status = wait_exit(&mut child, PROMPTLY);
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        assert_eq!(
            status.code(),
            Some(128 + signal),
            "SIG{name}: {status:?}\n{err}"
        );
        assert!(!err.contains("error"), "SIG{name}: {err}");
    }
}

#[test]
fn a_signal_at_the_mfa_prompt_ends_switchrole_and_leaves_the_terminal_as_it_was() {
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, "http://127.0.0.1:9");
    for (signal, name) in STOP_SIGNALS {
        let mut screen = Screen::start_with(&sandbox, &["exec", "mfa", "--", "true"], &[]);
        screen.wait_for("Enter MFA code for arn:aws:iam::111111111111:mfa/alice: ");
        screen.send("12");
        screen.wait_for("alice: 12");
        screen.kill(signal);
        screen.ended_by(signal, name);
    }
}

#[test]
fn a_signal_at_a_hidden_prompt_turns_echo_back_on() {
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, "http://127.0.0.1:9");
    for (signal, name) in STOP_SIGNALS {
        let args = ["add", "carol", "--no-check"];
        let mut screen = Screen::start_with(&sandbox, &args, &[]);
        screen.wait_for("Access key id for carol: ");
        screen.send("AKIAFIXTURECAROL0001\r");
        screen.wait_for("Secret access key for carol: ");
        screen.wait_for_settings("echo off", |s| !s.echo());
        screen.send("half-a-secret");
        screen.kill(signal);
        screen.ended_by(signal, name);
        let text = screen.text();
        assert!(!text.contains("half-a-secret"), "shown:\n{text}");
        let kept = std::fs::read_to_string(sandbox.path("credentials")).unwrap();
        assert!(!kept.contains("carol"), "{kept}");
    }
}

/// A command that reports the signal it gets in `dir/got` and then dies of it, after saying
/// in `dir/ready` (with its process id) that the trap is set.
fn trapping_command(dir: &Path, name: &str) -> String {
    let d = dir.display();
    format!(
        "trap 'echo {name} > {d}/got; trap - {name}; kill -{name} $$' {name}; \
         echo $$ > {d}/ready; while :; do sleep 0.1; done"
    )
}

/// Starts switchrole with `args` running `trapping_command` in `dir`, detached from the
/// terminal; returns it and the command's pid once the command is ready.
fn start_trapping(sandbox: &Sandbox, args: &[&str], dir: &Path, name: &str) -> (Child, u32) {
    std::fs::create_dir(dir).unwrap();
    let script = trapping_command(dir, name);
    let mut cmd = sandbox.cmd();
    cmd.args(args)
        .args(["--", "sh", "-c", &script])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    detach(&mut cmd);
    let child = cmd.spawn().unwrap();
    let pid = wait_for_file(&dir.join("ready")).parse().unwrap();
    (child, pid)
}

#[test]
fn a_supervised_child_gets_the_signal_and_its_end_is_switchrole_s_status() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    for (signal, name) in STOP_SIGNALS {
        let dir = sandbox.path(&format!("renew-{name}"));
        let (mut child, pid) = start_trapping(&sandbox, &["exec", "dev", "--renew"], &dir, name);
        assert_ne!(pid, child.id(), "with --renew switchrole stays the parent");
        kill(child.id(), signal);
        let status = wait_exit(&mut child, PROMPTLY);
        assert_eq!(wait_for_file(&dir.join("got")), name, "SIG{name}");
        assert_eq!(status.code(), Some(128 + signal), "SIG{name}: {status:?}");
    }
}

#[test]
fn an_execd_command_is_switchrole_s_process_and_the_signal_is_its_own() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    for (signal, name) in STOP_SIGNALS {
        let dir = sandbox.path(&format!("exec-{name}"));
        let (mut child, pid) = start_trapping(&sandbox, &["exec", "dev"], &dir, name);
        assert_eq!(
            pid,
            child.id(),
            "without --renew the command replaces switchrole"
        );
        kill(child.id(), signal);
        let status = wait_exit(&mut child, PROMPTLY);
        assert_eq!(wait_for_file(&dir.join("got")), name, "SIG{name}");
        // Ended by the signal itself, which a shell reports as 128+N.
        assert_eq!(status.signal(), Some(signal), "SIG{name}: {status:?}");
    }
}
