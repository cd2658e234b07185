//! `update` driven key by key and reply by reply, asserting state and effects.

mod common;
use common::{demo_state, typed};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use switchrole::creds::{Credentials, Secret, Session};
use switchrole::tui::state::{Effect, Msg, Phase, State, update};

fn key(state: &mut State, code: KeyCode) -> Vec<Effect> {
    update(
        state,
        Msg::Keys(vec![KeyEvent::new(code, KeyModifiers::NONE)]),
    )
}

fn ctrl(state: &mut State, c: char) -> Vec<Effect> {
    update(
        state,
        Msg::Keys(vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)]),
    )
}

/// The assume of prod-admin failed with `message` (not an MFA code's refusal).
fn refused(state: &mut State, message: &str) {
    let failed = Msg::Failed {
        profile: "prod-admin".into(),
        message: message.into(),
        mfa_rejected: false,
    };
    update(state, failed);
}

/// STS asked prod-admin's MFA code; it is typed into the modal and Enter pressed.
fn code_asked_and_given(state: &mut State) -> Vec<Effect> {
    update(
        state,
        Msg::NeedMfa {
            profile: "prod-admin".into(),
            serial: "arn:aws:iam::111111111111:mfa/demo-user".into(),
        },
    );
    typed(state, "123456");
    key(state, KeyCode::Enter)
}

fn selected(state: &State) -> &str {
    &state.current().unwrap().name
}

fn session(profile: &str, state: &State) -> Box<Session> {
    Box::new(Session {
        profile: profile.into(),
        role_arn: None,
        assumed_arn: None,
        region: None,
        credentials: Credentials {
            access_key_id: "ASIAX".into(),
            secret_access_key: Secret::new("s"),
            session_token: None,
            expiration: Some(state.now + chrono::TimeDelta::minutes(59)),
        },
        issued_at: None,
    })
}

#[test]
fn unfiltered_list_is_grouped_by_account() {
    let state = demo_state();
    assert_eq!(selected(&state), "prod-admin");
    assert_eq!(state.visible.len(), state.rows.len());
    let groups: Vec<&str> = state
        .visible
        .iter()
        .map(|&i| state.groups[i].as_str())
        .collect();
    let mut seen: Vec<&str> = groups.clone();
    seen.dedup();
    assert_eq!(
        seen,
        [
            "222222222222",
            "333333333333",
            "444444444444",
            "555555555555",
            "no credentials",
            "keys profiles"
        ],
        "each group once, accounts first"
    );
}

#[test]
fn typing_filters_and_esc_clears_then_quits() {
    let mut state = demo_state();
    typed(&mut state, "sandbox");
    assert_eq!(state.visible.len(), 1);
    assert_eq!(selected(&state), "sandbox-dev");
    typed(&mut state, "zzz");
    assert!(state.visible.is_empty());
    key(&mut state, KeyCode::Backspace);
    assert_eq!(state.filter, "sandboxzz");
    ctrl(&mut state, 'u');
    assert_eq!(state.visible.len(), state.rows.len());
    typed(&mut state, "444");
    assert_eq!(selected(&state), "sandbox-dev", "account ids are searched");
    assert_eq!(key(&mut state, KeyCode::Esc), vec![]);
    assert_eq!(state.filter, "");
    assert_eq!(key(&mut state, KeyCode::Esc), vec![Effect::Quit]);
    assert!(state.quit);
}

#[test]
fn movement_keys() {
    let mut state = demo_state();
    key(&mut state, KeyCode::Down);
    assert_eq!(state.selected, 1);
    ctrl(&mut state, 'n');
    assert_eq!(state.selected, 2);
    ctrl(&mut state, 'p');
    key(&mut state, KeyCode::Up);
    key(&mut state, KeyCode::Up);
    assert_eq!(state.selected, 0);
    key(&mut state, KeyCode::End);
    assert_eq!(state.selected, state.visible.len() - 1);
    key(&mut state, KeyCode::PageDown);
    assert_eq!(state.selected, state.visible.len() - 1);
    key(&mut state, KeyCode::Home);
    assert_eq!(state.selected, 0);
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let mut state = demo_state();
    update(
        &mut state,
        Msg::NeedMfa {
            profile: "x".into(),
            serial: "y".into(),
        },
    );
    key(&mut state, KeyCode::Enter);
    assert_eq!(ctrl(&mut state, 'c'), vec![Effect::Quit]);
}

#[test]
fn enter_assumes_and_success_runs_the_shell() {
    let mut state = demo_state();
    let effects = key(&mut state, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::Assume {
            profile: "prod-admin".into(),
            mfa_code: None,
            fresh: false
        }]
    );
    assert!(matches!(state.phase, Phase::Assuming { .. }));
    let s = session("prod-admin", &state);
    let effects = update(
        &mut state,
        Msg::Assumed {
            profile: "prod-admin".into(),
            session: s.clone(),
            notices: vec![],
        },
    );
    assert_eq!(effects, vec![Effect::RunShell(s)]);
    assert_eq!(state.phase, Phase::Browsing);
    assert!(state.current().unwrap().expires_at.is_some());
}

#[test]
fn mfa_modal_takes_six_digits_and_a_rejected_code_brings_it_back() {
    let mut state = demo_state();
    key(&mut state, KeyCode::Enter);
    update(
        &mut state,
        Msg::NeedMfa {
            profile: "prod-admin".into(),
            serial: "arn:aws:iam::111111111111:mfa/demo-user".into(),
        },
    );
    typed(&mut state, "12a34");
    assert_eq!(
        key(&mut state, KeyCode::Enter),
        vec![],
        "4 digits are not a code"
    );
    typed(&mut state, "5678");
    let Phase::Mfa(prompt) = &state.phase else {
        panic!("modal expected")
    };
    assert_eq!(prompt.input, "123456");
    let effects = key(&mut state, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::Assume {
            profile: "prod-admin".into(),
            mfa_code: Some("123456".into()),
            fresh: false
        }]
    );
    update(
        &mut state,
        Msg::Failed {
            profile: "prod-admin".into(),
            message: "AccessDenied: bad code".into(),
            mfa_rejected: true,
        },
    );
    let Phase::Mfa(prompt) = &state.phase else {
        panic!("modal should come back")
    };
    assert_eq!(prompt.error.as_deref(), Some("AccessDenied: bad code"));
    assert_eq!(prompt.input, "");
    key(&mut state, KeyCode::Esc);
    assert_eq!(state.phase, Phase::Browsing);
}

#[test]
fn access_denied_and_network_errors_go_to_the_panel_and_the_list_stays_usable() {
    for message in [
        "AssumeRole failed: AccessDenied: not authorized",
        "could not reach STS at http://x",
    ] {
        let mut state = demo_state();
        key(&mut state, KeyCode::Enter);
        refused(&mut state, message);
        assert_eq!(state.phase, Phase::Browsing);
        assert_eq!(state.failure.as_ref().unwrap().message, message);
        key(&mut state, KeyCode::Down);
        assert_eq!(state.selected, 1);
        key(&mut state, KeyCode::Esc);
        assert!(state.failure.is_none());
    }
}

#[test]
fn a_broken_profile_shows_its_error_instead_of_assuming() {
    let mut state = demo_state();
    typed(&mut state, "broken");
    assert_eq!(key(&mut state, KeyCode::Enter), vec![]);
    assert!(
        state
            .failure
            .as_ref()
            .unwrap()
            .message
            .contains("role_arn 'arn:aws:iam:666666666666:role/Typo'")
    );
}

#[test]
fn late_replies_for_a_cancelled_assume_are_ignored() {
    let mut state = demo_state();
    key(&mut state, KeyCode::Enter);
    assert_eq!(key(&mut state, KeyCode::Esc), vec![Effect::Cancel]);
    assert_eq!(ctrl(&mut state, 'z'), vec![Effect::Suspend]);
    let s = session("prod-admin", &state);
    assert_eq!(
        update(
            &mut state,
            Msg::Assumed {
                profile: "prod-admin".into(),
                session: s,
                notices: vec![]
            }
        ),
        vec![]
    );
}

#[test]
fn ticks_move_time_and_the_shell_returning_clears_the_filter() {
    let mut state = demo_state();
    let later = state.now + chrono::TimeDelta::seconds(5);
    update(&mut state, Msg::Tick(later));
    assert_eq!(state.now, later);
    typed(&mut state, "deploy");
    update(
        &mut state,
        Msg::ShellExited {
            profile: "staging-deploy".into(),
            error: None,
        },
    );
    assert_eq!(state.filter, "");
    assert_eq!(state.visible.len(), state.rows.len());
    assert_eq!(state.failure, None);
    // The cursor stays on the profile used, in the whole list again.
    assert_eq!(state.current().unwrap().name, "staging-deploy");
}

#[test]
fn kept_sessions_read_again_show_in_the_countdowns() {
    use switchrole::store::{CacheKey, SessionInfo};
    let mut state = demo_state();
    let at = state.now + chrono::TimeDelta::minutes(42);
    let kept = SessionInfo {
        key: CacheKey::new(&["x".into()]),
        profile: "sandbox-dev".into(),
        role_arn: None,
        assumed_arn: None,
        expires_at: Some(at),
        issued_at: Some(state.now - chrono::TimeDelta::minutes(18)),
    };
    update(&mut state, Msg::Sessions(vec![kept]));
    let row =
        |state: &State, name: &str| state.rows.iter().find(|r| r.name == name).unwrap().clone();
    assert_eq!(row(&state, "sandbox-dev").expires_at, Some(at));
    // Read again without it (forgotten elsewhere): the countdown goes.
    update(&mut state, Msg::Sessions(Vec::new()));
    assert_eq!(row(&state, "sandbox-dev").expires_at, None);
}

#[test]
fn a_shell_that_could_not_start_is_said_in_the_picker() {
    let mut state = demo_state();
    let error = Some("could not start the shell: No such file or directory".to_string());
    let profile = "dev-admin".to_string();
    update(&mut state, Msg::ShellExited { profile, error });
    let failure = state.failure.unwrap();
    assert_eq!(failure.profile, "dev-admin");
    assert!(failure.message.starts_with("could not start the shell"));
}

#[test]
fn ctrl_r_renews_without_a_shell_and_ctrl_x_forgets() {
    let mut state = demo_state();
    state.keeps_sessions = true;
    let effects = ctrl(&mut state, 'r');
    assert_eq!(
        effects,
        vec![Effect::Assume {
            profile: "prod-admin".into(),
            mfa_code: None,
            fresh: true
        }]
    );
    // An MFA code asked for a renewal is for a renewal too.
    let effects = code_asked_and_given(&mut state);
    assert!(
        matches!(&effects[..], [Effect::Assume { fresh: true, .. }]),
        "{effects:?}"
    );
    let s = session("prod-admin", &state);
    let effects = update(
        &mut state,
        Msg::Assumed {
            profile: "prod-admin".into(),
            session: s,
            notices: vec![],
        },
    );
    assert_eq!(effects, vec![], "a renewal starts no shell");
    assert_eq!(state.notice.as_deref(), Some("renewed prod-admin"));
    assert!(state.current().unwrap().expires_at.is_some());

    assert_eq!(
        ctrl(&mut state, 'x'),
        vec![Effect::Forget {
            profile: "prod-admin".into()
        }]
    );
    update(
        &mut state,
        Msg::Forgotten {
            profile: "prod-admin".into(),
            message: "forgot 1 kept session of prod-admin".into(),
        },
    );
    assert_eq!(state.current().unwrap().expires_at, None);
}

#[test]
fn the_cursor_starts_on_the_profile_used_last() {
    let mut state = demo_state();
    let last = state.rows[state.visible[4]].name.clone();
    state.prefer(Some(last.clone()));
    assert_eq!(selected(&state), last);
    // Past the preview: chosen when the whole catalog arrives, unless the person moved.
    let all = state.rows.clone();
    let mut preview = switchrole::tui::state::State::new(all[..2].to_vec(), state.now, false);
    preview.loading = true;
    preview.prefer(Some(last.clone()));
    update(
        &mut preview,
        Msg::Loaded {
            rows: all,
            problems: vec![],
            keeps_sessions: true,
        },
    );
    assert_eq!(selected(&preview), last);
}

#[test]
fn loaded_rows_replace_the_preview_and_keep_filter_and_cursor() {
    let mut state = demo_state();
    let all = state.rows.clone();
    state.rows.truncate(3);
    let preview = state.rows.clone();
    let mut state = switchrole::tui::state::State::new(preview, state.now, true);
    state.loading = true;
    assert_eq!(
        key(&mut state, KeyCode::Enter),
        vec![],
        "no assume before the whole catalog is read"
    );
    typed(&mut state, "prod");
    key(&mut state, KeyCode::Down);
    let before = selected(&state).to_string();
    update(
        &mut state,
        Msg::Loaded {
            rows: all,
            problems: vec!["config line 3: junk".into()],
            keeps_sessions: true,
        },
    );
    assert!(!state.loading);
    assert_eq!(state.filter, "prod");
    assert_eq!(selected(&state), before);
    assert!(state.visible.len() > 2, "the new rows are filtered too");
    assert_eq!(state.notice.as_deref(), Some("config line 3: junk"));
}

/// The state's filter, matches and selection, and the effects, as text to compare.
fn outcome(state: &State, effects: &[Effect]) -> String {
    format!(
        "{:?} {:?} {} {:?} {effects:?}",
        state.filter, state.visible, state.selected, state.phase
    )
}

#[test]
fn keys_that_arrive_together_end_as_if_typed_one_by_one() {
    use KeyCode::*;
    let bursts: [&[KeyCode]; 4] = [
        &[
            Char('p'),
            Char('r'),
            Char('o'),
            Char('d'),
            Down,
            Char('a'),
            Backspace,
            Enter,
        ],
        &[
            Char('z'),
            Char('z'),
            Esc,
            Char('s'),
            Char('t'),
            Down,
            Down,
            Up,
        ],
        &[
            Char('x'),
            Backspace,
            Backspace,
            Char('s'),
            Char('a'),
            Char('n'),
            End,
        ],
        &[Char('d'), Char('e'), Esc, Esc, Char('q')],
    ];
    for codes in bursts {
        let keys: Vec<KeyEvent> = codes
            .iter()
            .map(|c| KeyEvent::new(*c, KeyModifiers::NONE))
            .collect();
        let mut one_by_one = demo_state();
        let mut effects = Vec::new();
        // The runtime stops reading keys once one quits.
        for k in &keys {
            if !one_by_one.quit {
                effects.extend(update(&mut one_by_one, Msg::Keys(vec![*k])));
            }
        }
        let mut together = demo_state();
        let burst_effects = update(&mut together, Msg::Keys(keys));
        assert_eq!(
            outcome(&together, &burst_effects),
            outcome(&one_by_one, &effects),
            "{codes:?}"
        );
    }
}

#[test]
fn a_paste_filters_and_never_presses_enter() {
    let mut state = demo_state();
    let keys: Vec<KeyEvent> = switchrole::tui::state::pasted("prod-aud\r\nit\t").collect();
    assert!(update(&mut state, Msg::Keys(keys)).is_empty());
    assert_eq!(state.filter, "prod-audit");
    assert_eq!(selected(&state), "prod-audit");
    assert_eq!(state.phase, Phase::Browsing);
    // In the MFA modal a pasted code fills the code.
    key(&mut state, KeyCode::Enter);
    update(
        &mut state,
        Msg::NeedMfa {
            profile: "prod-audit".into(),
            serial: "arn:aws:iam::111111111111:mfa/demo-user".into(),
        },
    );
    let keys = switchrole::tui::state::pasted("123 456").collect();
    update(&mut state, Msg::Keys(keys));
    let Phase::Mfa(prompt) = &state.phase else {
        panic!("{:?}", state.phase)
    };
    assert_eq!(prompt.input, "123456");
    assert_eq!(state.filter, "prod-audit");
}

#[test]
fn an_error_scrolls_and_ctrl_y_copies_its_policy_json() {
    let mut state = demo_state();
    key(&mut state, KeyCode::Enter);
    let message = "AssumeRole failed: AccessDenied\n1. Add this:\n{\n  \"Effect\": \"Allow\"\n}\n2. And this:\n{\n  \"Action\": \"sts:AssumeRole\"\n}\n3. Or ask.";
    refused(&mut state, message);
    let scroll = |state: &State| state.failure.as_ref().unwrap().scroll;
    key(&mut state, KeyCode::PageUp);
    assert_eq!(scroll(&state), 0, "not above the top");
    key(&mut state, KeyCode::PageDown);
    assert_eq!(scroll(&state), 5);
    key(&mut state, KeyCode::PageDown);
    assert_eq!(scroll(&state), 9, "not past the last line");
    key(&mut state, KeyCode::PageUp);
    assert_eq!(scroll(&state), 4);
    assert_eq!(selected(&state), "prod-admin", "the list did not move");
    // One policy at a time, in turn: each is pasted somewhere else.
    let first = "{\n  \"Effect\": \"Allow\"\n}";
    let second = "{\n  \"Action\": \"sts:AssumeRole\"\n}";
    assert_eq!(ctrl(&mut state, 'y'), vec![Effect::Copy(first.into())]);
    assert_eq!(
        state.notice.as_deref(),
        Some("copied policy 1 to the clipboard; ^Y again copies policy 2")
    );
    assert_eq!(ctrl(&mut state, 'y'), vec![Effect::Copy(second.into())]);
    assert_eq!(ctrl(&mut state, 'y'), vec![Effect::Copy(first.into())]);
    // Typing still filters, and Esc dismisses.
    key(&mut state, KeyCode::Char('s'));
    assert_eq!(state.filter, "s");
    key(&mut state, KeyCode::Esc);
    assert!(state.failure.is_none());
}

#[test]
fn ctrl_y_copies_the_trust_statement_then_the_identity_policy_each_named() {
    let mut state = demo_state();
    key(&mut state, KeyCode::Enter);
    let explanation = switchrole::sts::denied::explain(&switchrole::sts::denied::Denial {
        caller: Some("arn:aws:iam::111111111111:user/demo"),
        role_arn: "arn:aws:iam::222222222222:role/Admin",
        with_mfa: true,
        external_id: None,
    });
    refused(
        &mut state,
        &format!("AssumeRole failed: AccessDenied\n{explanation}"),
    );
    let copied = |effects: Vec<Effect>| match &effects[..] {
        [Effect::Copy(text)] => serde_json::from_str::<serde_json::Value>(text).unwrap(),
        other => panic!("{other:?}"),
    };
    let trust = copied(ctrl(&mut state, 'y'));
    assert_eq!(
        trust["Principal"]["AWS"],
        "arn:aws:iam::111111111111:user/demo"
    );
    assert_eq!(
        state.notice.as_deref(),
        Some("copied the trust statement to the clipboard; ^Y again copies the identity policy")
    );
    let identity = copied(ctrl(&mut state, 'y'));
    assert_eq!(
        identity["Statement"][0]["Resource"],
        "arn:aws:iam::222222222222:role/Admin"
    );
    assert_eq!(
        state.notice.as_deref(),
        Some("copied the identity policy to the clipboard; ^Y again copies the trust statement")
    );
}

#[test]
fn ctrl_r_without_a_session_store_says_nothing_was_kept() {
    let mut state = demo_state();
    assert!(!state.keeps_sessions);
    ctrl(&mut state, 'r');
    let s = session("prod-admin", &state);
    let profile = "prod-admin".to_string();
    let notices = vec![];
    update(
        &mut state,
        Msg::Assumed {
            profile,
            session: s,
            notices,
        },
    );
    let notice = state.notice.clone().unwrap();
    assert!(!notice.contains("renewed"), "{notice}");
    assert!(notice.contains("none is kept"), "{notice}");
    assert_eq!(
        state.current().unwrap().expires_at,
        None,
        "no countdown of a kept session"
    );
}

#[test]
fn ctrl_l_copies_the_selected_role_s_switch_role_link_and_says_so() {
    let mut state = demo_state();
    typed(&mut state, "prod-audit");
    assert_eq!(selected(&state), "prod-audit");
    // The role's path stays in roleName, as the console's Switch Role form asks for it.
    assert_eq!(
        ctrl(&mut state, 'l'),
        vec![Effect::Copy(
            "https://signin.aws.amazon.com/switchrole?account=222222222222&roleName=security%2FAuditor&displayName=prod-audit".into()
        )]
    );
    assert_eq!(
        state.notice.as_deref(),
        Some("copied the Switch Role link of prod-audit to the clipboard")
    );
    ctrl(&mut state, 'u');
    typed(&mut state, "demo-user");
    assert_eq!(selected(&state), "demo-user");
    assert_eq!(
        ctrl(&mut state, 'l'),
        vec![],
        "keys have no Switch Role link"
    );
    assert_eq!(
        state.notice.as_deref(),
        Some("demo-user is not a role: it has no Switch Role link")
    );
    assert!(state.failure.is_none() && state.phase == Phase::Browsing);
}

#[test]
fn ctrl_o_assumes_then_opens_the_console_through_the_mfa_modal_too() {
    let mut state = demo_state();
    state.demo = false;
    assert_eq!(
        ctrl(&mut state, 'o'),
        vec![Effect::Assume {
            profile: "prod-admin".into(),
            mfa_code: None,
            fresh: false
        }],
        "a kept session serves the console as it serves a shell"
    );
    let effects = code_asked_and_given(&mut state);
    assert_eq!(
        effects,
        vec![Effect::Assume {
            profile: "prod-admin".into(),
            mfa_code: Some("123456".into()),
            fresh: false
        }]
    );
    let s = session("prod-admin", &state);
    let effects = update(
        &mut state,
        Msg::Assumed {
            profile: "prod-admin".into(),
            session: s.clone(),
            notices: vec![],
        },
    );
    assert_eq!(effects, vec![Effect::OpenConsole(s)], "no shell");
    assert_eq!(state.phase, Phase::Browsing, "the list is usable meanwhile");
    assert_eq!(
        state.notice.as_deref(),
        Some("signing in to the AWS console as prod-admin…")
    );
    update(
        &mut state,
        Msg::ConsoleOpened {
            profile: "prod-admin".into(),
            error: None,
        },
    );
    assert_eq!(
        state.notice.as_deref(),
        Some("opened the AWS console as prod-admin in the browser")
    );
    // A failed sign-in goes to the error panel.
    let message = "console sign-in at https://signin.aws.amazon.com/federation: HTTP 400";
    update(
        &mut state,
        Msg::ConsoleOpened {
            profile: "prod-admin".into(),
            error: Some(message.into()),
        },
    );
    assert_eq!(state.failure.as_ref().unwrap().message, message);
}

#[test]
fn ctrl_o_in_the_demo_says_there_is_no_console() {
    let mut state = demo_state();
    assert_eq!(ctrl(&mut state, 'o'), vec![]);
    assert_eq!(state.phase, Phase::Browsing);
    assert!(
        state
            .notice
            .unwrap()
            .starts_with("the demo has no AWS console")
    );
}
