//! The picker's recent group: the profiles used most and most lately at the top, the rest of
//! the list in its usual order, the filter ranking them higher; and through the real binary,
//! the group and the cursor as the history of switches makes them.

mod common;
use common::pty::Screen;
use common::{KEYS, Moto, Sandbox, demo_state, typed};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use switchrole::tui::view::render;

fn names(state: &switchrole::tui::state::State) -> Vec<&str> {
    state
        .visible
        .iter()
        .map(|&i| state.rows[i].name.as_str())
        .collect()
}

#[test]
fn the_recent_group_comes_first_and_the_rest_keeps_its_order() {
    let plain = demo_state();
    let mut state = demo_state();
    state.set_recent(vec![
        "staging-deploy".into(),
        "not-listed".into(),
        "prod-admin".into(),
    ]);
    let shown = names(&state);
    assert_eq!(shown[..2], ["staging-deploy", "prod-admin"]);
    assert_eq!(shown[2..], names(&plain)[..], "the groups as they were");
    assert_eq!(state.listed(), state.rows.len());

    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| render(&state, f)).unwrap();
    let screen = format!("{}", terminal.backend());
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines[2].contains("recent"), "{screen}");
    assert!(lines[3].contains("staging-deploy"), "{screen}");
    assert!(lines[4].contains("prod-admin"), "{screen}");
    assert!(!lines[5].contains("recent"), "{screen}");
    let header = format!("{}/{}", state.rows.len(), state.rows.len());
    assert!(lines[0].contains(&header), "{screen}");
}

#[test]
fn the_filter_ranks_recent_profiles_higher_and_lists_each_once() {
    let mut plain = demo_state();
    typed(&mut plain, "admin");
    let without = names(&plain);
    assert!(without.len() >= 2, "{without:?}");
    let last = without.last().unwrap().to_string();

    let mut state = demo_state();
    state.set_recent(vec![last.clone()]);
    typed(&mut state, "admin");
    let with = names(&state);
    assert_eq!(with[0], last, "{with:?}");
    assert_eq!(with.len(), without.len(), "each once: {with:?}");
}

const CONFIG: &str = "\
[profile alpha]
role_arn = arn:aws:iam::123456789012:role/Alpha
source_profile = base

[profile bravo]
role_arn = arn:aws:iam::123456789012:role/Bravo
source_profile = base

[profile charlie]
role_arn = arn:aws:iam::123456789012:role/Charlie
source_profile = base

[profile delta]
role_arn = arn:aws:iam::123456789012:role/Delta
source_profile = base
";

#[test]
fn the_picker_opens_on_the_last_profile_used_under_a_recent_group_by_frecency() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    // bravo three times, then charlie and alpha once each (alpha last); a tool's
    // credential_process runs of delta say nothing of what the person picks.
    for profile in ["bravo", "bravo", "bravo", "charlie", "alpha"] {
        let (code, _, err) = sandbox.run(&["env", profile]);
        assert_eq!(code, 0, "{err}");
    }
    for _ in 0..5 {
        let (code, _, err) = sandbox.run(&["credential-process", "delta"]);
        assert_eq!(code, 0, "{err}");
    }
    let mut screen = Screen::start(&sandbox);
    let text = screen.wait_for("▶ alpha ");
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| l.contains("│recent")).unwrap();
    assert!(lines[at + 1].contains("  bravo "), "{text}");
    assert!(lines[at + 2].contains("▶ alpha "), "{text}");
    assert!(lines[at + 3].contains("  charlie "), "{text}");
    assert!(lines[at + 4].contains("│123456789012"), "{text}");
    assert!(
        !text.contains("▶ delta") && lines[at + 5].contains("  alpha "),
        "{text}"
    );
    screen.send("\x03");
    assert!(screen.wait_exit().success());

    // Turned off, there is no group; the cursor still starts on alpha.
    let (code, _, err) = sandbox.run(&["settings", "set", "recent", "false"]);
    assert_eq!(code, 0, "{err}");
    let mut screen = Screen::start(&sandbox);
    let text = screen.wait_for("▶ alpha ");
    assert!(!text.contains("│recent"), "{text}");
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}
