//! The MFA code asked on the terminal, in a pseudo-terminal: spaces and dashes are typing,
//! not mistakes, and a malformed code is asked for again, three times at most.

mod common;
use common::pty::Screen;
use common::{DEV_AND_MFA, KEYS, Moto, Sandbox};
use std::time::{Duration, Instant};

const PROMPT: &str = "Enter MFA code for arn:aws:iam::111111111111:mfa/alice: ";
const AGAIN: &str = "an MFA code is 6 digits (spaces and dashes are fine); try again";

/// Waits until the prompt has been shown `times` times.
#[track_caller]
fn wait_for_prompt(screen: &Screen, times: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while screen.text().matches(PROMPT).count() < times {
        assert!(Instant::now() < deadline, "{}", screen.text());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(screen.text().matches(PROMPT).count(), times);
}

/// The TokenCode of each STS call, in order.
fn codes_sent(moto: &Moto) -> Vec<String> {
    let requests = moto.requests().into_iter();
    requests.filter_map(|mut r| r.remove("TokenCode")).collect()
}

#[test]
fn a_typo_is_asked_again_and_spaces_and_dashes_are_fine() {
    let moto = Moto::start();
    for (typed, sent) in [
        (&["12345", "123 456"][..], "123456"),
        (&["123-654"][..], "123654"),
        (&["12a456", "", "65 43 21"][..], "654321"),
    ] {
        let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
        moto.record();
        let mut screen = Screen::start_with(&sandbox, &["exec", "mfa", "--", "true"], &[]);
        for (i, line) in typed.iter().enumerate() {
            // Each malformed answer is followed by the note and one more prompt.
            wait_for_prompt(&screen, i + 1);
            screen.send(&format!("{line}\r"));
        }
        let status = screen.wait_exit();
        let text = screen.text();
        assert_eq!(status.exit_code(), 0, "{typed:?}\n{text}");
        assert_eq!(text.matches(AGAIN).count(), typed.len() - 1, "{text}");
        assert_eq!(codes_sent(&moto), [sent], "{typed:?}");
    }
}

#[test]
fn three_malformed_codes_end_it_without_an_sts_call() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV_AND_MFA, KEYS, &moto.url());
    moto.record();
    let mut screen = Screen::start_with(&sandbox, &["exec", "mfa", "--", "true"], &[]);
    for (i, typo) in ["12345", "1234567", "abc"].iter().enumerate() {
        wait_for_prompt(&screen, i + 1);
        screen.send(&format!("{typo}\r"));
    }
    let status = screen.wait_exit();
    assert_eq!(status.exit_code(), 1);
    let text = screen.text();
    assert_eq!(text.matches(PROMPT).count(), 3, "{text}");
    assert_eq!(text.matches(AGAIN).count(), 2, "{text}");
    assert!(
        text.contains("the MFA code for arn:aws:iam::111111111111:mfa/alice must be 6 digits"),
        "{text}"
    );
    assert_eq!(moto.actions(), Vec::<String>::new());
}
