//! The IAM Identity Center sign-in modal, driven through `update` and drawn to a test backend.

mod common;
use common::demo_state;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use switchrole::tui::state::{Effect, Msg, Phase, State, Then, update};
use switchrole::tui::view::render;

/// Enter on the selected profile, whose sso-session then turns out to need a sign-in.
fn needing_sign_in() -> State {
    let mut state = demo_state();
    let enter = Msg::Keys(vec![KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)]);
    assert!(matches!(
        update(&mut state, enter)[..],
        [Effect::Assume { .. }]
    ));
    let effects = update(
        &mut state,
        Msg::NeedSignIn {
            profile: "prod-admin".into(),
            session: "corp".into(),
        },
    );
    assert_eq!(
        effects,
        [Effect::SignIn {
            session: "corp".into()
        }]
    );
    state
}

fn code(state: &mut State) {
    update(
        state,
        Msg::SignInCode {
            session: "corp".into(),
            url: "https://device.sso.example/?user_code=ABCD-EFGH".into(),
            user_code: "ABCD-EFGH".into(),
        },
    );
}

#[test]
fn an_approved_sign_in_resumes_the_assume_and_lists_the_accounts_again() {
    let mut state = needing_sign_in();
    code(&mut state);
    let Phase::SignIn(prompt) = &state.phase else {
        panic!("{:?}", state.phase)
    };
    assert_eq!(prompt.code.as_ref().unwrap().1, "ABCD-EFGH");
    assert_eq!(prompt.then, Then::Shell);
    // A code for another session changes nothing.
    let other = Msg::SignInCode {
        session: "other".into(),
        url: "u".into(),
        user_code: "X".into(),
    };
    update(&mut state, other);
    assert!(matches!(&state.phase, Phase::SignIn(p) if p.code.as_ref().unwrap().1 == "ABCD-EFGH"));
    let effects = update(
        &mut state,
        Msg::SignedIn {
            session: "corp".into(),
            error: None,
        },
    );
    assert_eq!(
        effects,
        [
            Effect::Assume {
                profile: "prod-admin".into(),
                mfa_code: None,
                fresh: false
            },
            Effect::RefreshAssignments {
                session: "corp".into()
            }
        ]
    );
    assert!(matches!(&state.phase, Phase::Assuming { profile, .. } if profile == "prod-admin"));
}

#[test]
fn a_refused_sign_in_goes_to_the_error_panel_and_esc_cancels_one_in_flight() {
    let mut state = needing_sign_in();
    let message = "signing in to corp: the sign-in was denied in the browser";
    let effects = update(
        &mut state,
        Msg::SignedIn {
            session: "corp".into(),
            error: Some(message.into()),
        },
    );
    assert!(effects.is_empty());
    assert_eq!(state.phase, Phase::Browsing);
    assert_eq!(state.failure.as_ref().unwrap().message, message);

    let mut state = needing_sign_in();
    // Typing does nothing while the modal waits; Esc stops the sign-in.
    let typed = Msg::Keys(vec![KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE)]);
    assert!(update(&mut state, typed).is_empty());
    assert!(state.filter.is_empty());
    let esc = Msg::Keys(vec![KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)]);
    assert_eq!(update(&mut state, esc), [Effect::Cancel]);
    assert_eq!(state.phase, Phase::Browsing);
    assert_eq!(state.notice.as_deref(), Some("stopped signing in to corp"));
}

#[test]
fn sign_in_modal() {
    let mut state = needing_sign_in();
    code(&mut state);
    let mut terminal = Terminal::new(TestBackend::new(100, 24)).unwrap();
    terminal.draw(|f| render(&state, f)).unwrap();
    insta::assert_snapshot!(terminal.backend());
}
