//! The real binary in a pseudo-terminal against moto: the list, filtering, a subshell with the
//! role's credentials, the countdown after it, the MFA modal, Ctrl-C, and the stop signals.

mod common;
use common::pty::Screen;
use common::{KEYS, Moto, STOP_SIGNALS, Sandbox, arn_of};
use std::time::{Duration, Instant};

const CONFIG: &str = "\
[profile dev]
role_arn = arn:aws:iam::123456789012:role/Dev
source_profile = base
role_session_name = pty-test

[profile mfa]
role_arn = arn:aws:iam::123456789012:role/NeedsMfa
source_profile = base
mfa_serial = arn:aws:iam::111111111111:mfa/alice
";

/// Reads `NAME=value` lines of an `env` dump.
fn var(dump: &str, name: &str) -> String {
    dump.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}=")))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn pick_filter_assume_shell_countdown_mfa_and_quit() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    let mut screen = Screen::start(&sandbox);
    screen.wait_for("Profiles");
    screen.wait_for("3/3");

    screen.send("dev");
    // The selected row, not the typed filter (which shows "dev" whatever the list does).
    screen.wait_for("▶ dev ");
    screen.send("\r");
    screen.wait_for("switchrole: dev as arn:aws:sts::123456789012:assumed-role/Dev/pty-test");
    let dump = sandbox.path("env.txt");
    screen.send(&format!("env > {}; exit\r", dump.display()));
    screen.wait_for("Profiles");
    screen.wait_for("59m");
    let text = screen.text();
    assert!(
        text.contains("> █") || text.contains(">  "),
        "filter cleared after the shell:\n{text}"
    );

    // The keys the shell held are the role's: ask STS who they are.
    let env = std::fs::read_to_string(&dump).unwrap();
    assert_eq!(var(&env, "SWITCHROLE_PROFILE"), "dev");
    assert_eq!(var(&env, "AWS_PROFILE"), "");
    let keys = format!(
        "{KEYS}\n[held]\naws_access_key_id = {}\naws_secret_access_key = {}\naws_session_token = {}\n",
        var(&env, "AWS_ACCESS_KEY_ID"),
        var(&env, "AWS_SECRET_ACCESS_KEY"),
        var(&env, "AWS_SESSION_TOKEN")
    );
    std::fs::write(sandbox.path("credentials"), keys).unwrap();
    let (code, out, err) = sandbox.run(&["whoami", "held"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        arn_of(&out),
        "arn:aws:sts::123456789012:assumed-role/Dev/pty-test"
    );

    screen.send("mfa");
    screen.wait_for("▶ mfa ");
    screen.send("\r");
    screen.wait_for("MFA code");
    screen.wait_for("arn:aws:iam::111111111111:mfa/alice");
    screen.send("123456\r");
    screen.wait_for("assumed-role/NeedsMfa/");
    screen.send("exit\r");
    screen.wait_for("Profiles");

    screen.send("\x03");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = screen.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "Ctrl-C did not quit");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");

    // Opened again, the cursor is on the profile used last.
    let screen = Screen::start(&sandbox);
    screen.wait_for("4/4"); // dev, mfa, base and held
    screen.wait_for("▶ mfa ");
}

#[test]
fn ctrl_z_stops_the_picker_for_the_shell_and_fg_brings_it_back() {
    let sandbox = Sandbox::new(CONFIG, KEYS, "http://127.0.0.1:9");
    // An interactive bash with job control, as the person's own shell.
    let bash = [("PS1", "bash$ ".to_string())];
    let mut screen = Screen::start_program(&sandbox, "bash", &["--norc", "-i"], &bash);
    screen.wait_for("bash$ ");
    screen.send(&format!("{}\r", env!("CARGO_BIN_EXE_switchrole")));
    screen.wait_for("Profiles");
    screen.wait_for("3/3");
    screen.send("\x1a");
    let text = screen.wait_for("Stopped");
    assert!(
        !text.contains("Profiles"),
        "the picker left the screen:\n{text}"
    );
    screen.send("fg\r");
    screen.wait_for("Profiles");
    screen.wait_for("▶ ");
    screen.send("\x03");
    screen.wait_for("bash$ ");
    screen.send("exit\r");
    screen.wait_exit();
}

#[test]
fn sigterm_or_sighup_to_the_picker_while_a_shell_runs_hangs_it_up_and_restores_the_terminal() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    for (signal, name) in [(libc::SIGTERM, "TERM"), (libc::SIGHUP, "HUP")] {
        let mut screen = Screen::start(&sandbox);
        screen.wait_for("Profiles");
        screen.send("dev");
        screen.wait_for("▶ dev ");
        screen.send("\r");
        screen.wait_for("switchrole: dev as arn:aws:sts::123456789012:assumed-role/Dev/pty-test");
        screen.send("echo in-$((1+1))-shell\r");
        screen.wait_for("in-2-shell");
        screen.kill(signal);
        let status = screen.wait_exit();
        let text = screen.text();
        assert_eq!(status.exit_code(), 128 + signal as u32, "SIG{name}\n{text}");
        assert!(
            !text.contains("Profiles"),
            "SIG{name}: the alternate screen was left:\n{text}"
        );
        assert_eq!(screen.settings(), screen.initial, "SIG{name}");
    }
}

#[test]
fn a_stop_signal_to_the_idle_picker_restores_the_terminal_and_exits_128_plus_n() {
    let sandbox = Sandbox::new(CONFIG, KEYS, "http://127.0.0.1:9");
    for (signal, name) in STOP_SIGNALS {
        let mut screen = Screen::start(&sandbox);
        screen.wait_for("3/3");
        screen.wait_for_settings("raw mode", |s| !s.echo() && !s.icanon());
        screen.kill(signal);
        screen.ended_by(signal, name);
        let text = screen.text();
        assert!(
            !text.contains("Profiles"),
            "SIG{name}: the alternate screen was left:\n{text}"
        );
    }
}

#[test]
fn a_stop_signal_while_the_picker_waits_on_sts_ends_it_promptly() {
    // An STS endpoint that takes the connection and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let sandbox = Sandbox::new(CONFIG, KEYS, &endpoint);
    for (signal, name) in STOP_SIGNALS {
        let mut screen = Screen::start(&sandbox);
        screen.wait_for("3/3");
        screen.send("dev");
        screen.wait_for("▶ dev ");
        screen.send("\r");
        let _held = listener.accept().unwrap();
        screen.kill(signal);
        let status = screen.wait_exit();
        let text = screen.text();
        assert_eq!(status.exit_code(), 128 + signal as u32, "SIG{name}\n{text}");
        assert_eq!(screen.settings(), screen.initial, "SIG{name}");
    }
}

#[test]
fn sigint_sent_to_the_picker_while_a_shell_runs_is_the_shell_s() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    let mut screen = Screen::start(&sandbox);
    screen.wait_for("3/3");
    screen.send("dev");
    screen.wait_for("▶ dev ");
    screen.send("\r");
    screen.wait_for("switchrole: dev as arn:aws:sts::123456789012:assumed-role/Dev/pty-test");
    // An interactive shell runs a trap only between commands, so it waits on a background job
    // (`wait` returns early for a trapped signal).
    screen.send("trap 'echo got-$((6*7))' INT; sleep 60 & echo trap-$((1+1))-set; wait $!\r");
    screen.wait_for("trap-2-set");
    screen.kill(libc::SIGINT);
    screen.wait_for("got-42");
    screen.send("kill $!; exit\r");
    // The picker comes back, still running, and quits on its key as before.
    screen.wait_for("Profiles");
    screen.wait_for("▶ dev ");
    screen.send("\x03");
    let status = screen.wait_exit();
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn ctrl_c_in_the_mfa_modal_quits_and_restores_the_terminal() {
    let sandbox = Sandbox::new(CONFIG, KEYS, "http://127.0.0.1:9");
    let mut screen = Screen::start(&sandbox);
    screen.wait_for("3/3");
    screen.send("mfa");
    screen.wait_for("▶ mfa ");
    screen.send("\r");
    screen.wait_for("MFA code");
    screen.send("12");
    screen.send("\x03");
    let status = screen.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    // The modal's screen is not left behind.
    screen.wait_for_absence("MFA code");
}

#[test]
fn a_bracketed_paste_filters_and_never_presses_enter() {
    let sandbox = Sandbox::new(CONFIG, KEYS, "http://127.0.0.1:9");
    let mut screen = Screen::start(&sandbox);
    screen.wait_for("3/3");
    // What a terminal sends for a pasted line, trailing newline included.
    screen.send("\x1b[200~mfa\r\n\x1b[201~");
    screen.wait_for("▶ mfa ");
    screen.wait_for("1/3");
    // Had the newline pressed Enter, this Esc would close the MFA modal or cancel the assume
    // and leave the filter as it is; it clears the filter, so the picker was still browsing.
    screen.send("\x1b");
    screen.wait_for("3/3");
    screen.send("\x1b");
    assert_eq!(screen.wait_exit().exit_code(), 0);
}

#[test]
fn ctrl_l_puts_the_switch_role_link_on_the_clipboard_and_says_so() {
    let sandbox = Sandbox::new(CONFIG, KEYS, "http://127.0.0.1:9");
    let mut screen = Screen::start(&sandbox);
    screen.wait_for("3/3");
    screen.send("dev");
    screen.wait_for("▶ dev ");
    screen.send("\x0c");
    screen.wait_for("copied the Switch Role link of dev to the clipboard");
    // The terminal was asked to set its clipboard (OSC 52) to the link.
    use base64::Engine;
    let raw = String::from_utf8_lossy(&screen.raw.lock().unwrap()).into_owned();
    let encoded = raw
        .split("\x1b]52;c;")
        .nth(1)
        .and_then(|rest| rest.split('\x07').next())
        .expect("an OSC 52 sequence");
    let link = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .unwrap();
    assert_eq!(
        String::from_utf8(link).unwrap(),
        "https://signin.aws.amazon.com/switchrole?account=123456789012&roleName=Dev&displayName=dev"
    );
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}

#[test]
fn ctrl_o_signs_in_and_hands_the_browser_a_page_not_the_url() {
    use common::standin::{Reply, StandIn};
    use std::os::unix::fs::PermissionsExt;
    let moto = Moto::start();
    let token = format!("pty-token-{}", std::process::id());
    let signin = StandIn::start(Reply::With {
        status: "200 OK",
        content_type: "application/json",
        body: format!("{{\"SigninToken\":\"{token}\"}}"),
    });
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    let notes = sandbox.path("argv");
    let script = sandbox.path("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > {0}.part; cat \"$1\" > {0}.page; mv {0}.part {0}\n",
            notes.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let env = [
        (
            "SWITCHROLE_FEDERATION_ENDPOINT",
            format!("{}/federation", signin.url()),
        ),
        ("BROWSER", script.display().to_string()),
        ("XDG_RUNTIME_DIR", sandbox.path("run").display().to_string()),
    ];
    let mut screen = Screen::start_with(&sandbox, &[], &env);
    screen.wait_for("^O console");
    screen.send("dev");
    screen.wait_for("▶ dev ");
    screen.send("\x0f");
    screen.wait_for("opened the AWS console as dev in the browser");
    let argv = std::fs::read_to_string(&notes).unwrap();
    assert!(!argv.contains(&token), "{argv}");
    assert!(argv.trim().ends_with(".html"), "{argv}");
    let page = std::fs::read_to_string(notes.with_extension("page")).unwrap();
    assert!(page.contains(&format!("SigninToken={token}")), "{page}");
    assert_eq!(signin.seen().len(), 1);
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}

/// Three roles on `[base]`'s keys, the one used last not the first listed.
const THREE: &str = "\
[profile alpha]
role_arn = arn:aws:iam::123456789012:role/Alpha
source_profile = base

[profile beta]
role_arn = arn:aws:iam::123456789012:role/Beta
source_profile = base

[profile gamma]
role_arn = arn:aws:iam::123456789012:role/Gamma
source_profile = base
";

#[test]
fn after_a_shell_the_cursor_stays_on_the_profile_used_and_sessions_kept_elsewhere_appear() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(THREE, KEYS, &moto.url());
    let mut screen = Screen::start(&sandbox);
    screen.wait_for("4/4");
    screen.send("gam");
    screen.wait_for("▶ gamma ");
    screen.send("\r");
    screen.wait_for("switchrole: gamma as");
    screen.send("exit\r");
    screen.wait_for("Profiles");
    let text = screen.wait_for("59m");
    assert!(text.contains("▶ gamma "), "the cursor left gamma:\n{text}");

    // Another switchrole keeps a session for beta while the picker is open.
    let (code, _, err) = sandbox.run(&["exec", "beta", "--", "true"]);
    assert_eq!(code, 0, "{err}");
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let text = screen.text();
        let beta = text
            .lines()
            .find(|l| l.contains(" beta "))
            .unwrap_or_default();
        if beta.contains("59m") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "beta's session never appeared:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}
