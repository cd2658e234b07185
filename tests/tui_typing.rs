//! Typing into the real picker in a pseudo-terminal as a person does: one key at a time with
//! pauses, a key held down, a paste. Every key must be on the screen long before the picker's
//! one-second tick: a key that waits for the tick is the lag a person feels.

mod common;
use common::Sandbox;
use common::pty::Screen;
use std::time::Duration;

/// Far above a frame (16 ms), far below the tick (1 s): a slow machine passes, a loop that
/// sleeps until the tick does not.
const BOUND: Duration = Duration::from_millis(250);

/// The example config: two profiles, as a new user has.
const TWO: &str = "\
[profile dev]
role_arn = arn:aws:iam::123456789012:role/Dev
source_profile = default

[profile prod]
role_arn = arn:aws:iam::210987654321:role/Admin
source_profile = default
";

/// `n` role profiles, as an AWS Organization generates them.
fn many(n: usize) -> String {
    let mut config = String::new();
    for i in 0..n {
        let account = 100_000_000_000u64 + i as u64 / 5;
        config.push_str(&format!(
            "[profile acct{account}-r{}]\nrole_arn = arn:aws:iam::{account}:role/R{}\nsource_profile = default\n\n",
            i % 5,
            i % 5
        ));
    }
    config
}

/// Long-term keys under `[default]`, the most common setup.
const DEFAULT_KEYS: &str = "[default]\naws_access_key_id = AKIAFIXTURELONGTERM1\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

fn picker(config: &str) -> (Sandbox, Screen) {
    let sandbox = Sandbox::new(config, DEFAULT_KEYS, "http://127.0.0.1:9");
    let screen = Screen::start(&sandbox);
    (sandbox, screen)
}

/// Types `text` one key at a time, `pause` apart, and returns how long each key took to show
/// in the filter line.
fn type_slowly(screen: &mut Screen, text: &str, pause: Duration) -> Vec<Duration> {
    let mut typed = String::new();
    let mut took = Vec::new();
    for c in text.chars() {
        std::thread::sleep(pause);
        typed.push(c);
        screen.send(&c.to_string());
        took.push(screen.time_until(&format!("> {typed}█"), BOUND));
    }
    took
}

#[test]
fn each_key_typed_with_pauses_is_on_screen_at_once() {
    let (_sandbox, mut screen) = picker(TWO);
    screen.wait_for("3/3");
    // The pauses of a person typing: each key arrives after the loop has gone back to waiting.
    let took = type_slowly(&mut screen, "dev", Duration::from_millis(150));
    screen.time_until("▶ dev ", BOUND);
    screen.time_until("1/3", BOUND);
    eprintln!("key to screen: {took:?}");
    // Backspace, typed after a pause, is on screen at once too.
    std::thread::sleep(Duration::from_millis(150));
    screen.send("\x7f");
    screen.time_until("> de█", BOUND);
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}

#[test]
fn keys_typed_with_pauses_into_ten_thousand_profiles_are_on_screen_at_once() {
    let (_sandbox, mut screen) = picker(&many(10_000));
    screen.wait_for("10001/10001");
    let took = type_slowly(&mut screen, "acct100000001999", Duration::from_millis(120));
    screen.time_until("▶ acct100000001999-r", BOUND);
    eprintln!("key to screen: {took:?}");
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}

#[test]
fn a_key_held_down_moves_the_cursor_with_every_repeat() {
    let config = many(40);
    let (_sandbox, mut screen) = picker(&config);
    screen.wait_for("41/41");
    screen.time_until("▶ acct100000000000-r0 ", BOUND);
    // Auto-repeat: Down thirty times a second; each repeat moves the cursor on the screen.
    let rows: Vec<String> = (0..40)
        .map(|i| format!("acct{}-r{}", 100_000_000_000u64 + i / 5, i % 5))
        .collect();
    for row in rows.iter().skip(1).take(20) {
        std::thread::sleep(Duration::from_millis(33));
        screen.send("\x1b[B");
        screen.time_until(&format!("▶ {row} "), BOUND);
    }
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}

#[test]
fn a_paste_filters_once_and_shows_at_once() {
    let (_sandbox, mut screen) = picker(&many(1_000));
    screen.wait_for("1001/1001");
    std::thread::sleep(Duration::from_millis(150));
    screen.send("\x1b[200~acct100000000042-r3\r\n\x1b[201~");
    // The line break pasted with it never pressed Enter.
    screen.time_until("> acct100000000042-r3█", BOUND);
    screen.time_until("1/1001", BOUND);
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}

#[test]
fn at_40x10_the_first_frame_shows_the_profile_used_last() {
    let sandbox = Sandbox::new(&many(30), DEFAULT_KEYS, "http://127.0.0.1:9");
    let state = sandbox.path("state/switchrole");
    std::fs::create_dir_all(&state).unwrap();
    std::fs::write(
        state.join("state.json"),
        r#"{"last_profile": "acct100000000005-r2"}"#,
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_switchrole");
    let mut screen = Screen::start_sized(&sandbox, bin, &[], &[], (10, 40));
    let text = screen.wait_for("▶ acct100000000005-r2");
    assert!(text.contains("^C quit"), "{text}");
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}
