//! Whole frames rendered to a test backend and compared with snapshots. Time is fixed in the
//! state, so countdowns are stable without filters.

mod common;
use chrono::TimeDelta;
use common::{demo_state, typed};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use switchrole::tui::state::{Msg, State, update};
use switchrole::tui::view::render;

fn draw(state: &State, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| render(state, f)).unwrap();
    terminal
}

#[test]
fn list_and_details_at_80x24() {
    insta::assert_snapshot!(draw(&demo_state(), 80, 24).backend());
}

#[test]
fn list_and_details_at_120x30() {
    insta::assert_snapshot!(draw(&demo_state(), 120, 30).backend());
}

#[test]
fn filter_with_highlights() {
    let mut state = demo_state();
    typed(&mut state, "stgdep");
    let terminal = draw(&state, 80, 24);
    insta::assert_snapshot!(terminal.backend());
    // "staging-deploy": s, t, g of staging and d, e, p of deploy are highlighted.
    let buffer = terminal.backend().buffer();
    let highlighted: String = (0..80u16)
        .map(|x| &buffer[(x, 2)])
        .filter(|cell| cell.fg == Color::Yellow)
        .map(|cell| cell.symbol())
        .collect();
    assert_eq!(highlighted, "stgdep");
}

#[test]
fn mfa_modal() {
    let mut state = demo_state();
    update(
        &mut state,
        Msg::Keys(vec![KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)]),
    );
    update(
        &mut state,
        Msg::NeedMfa {
            profile: "prod-admin".into(),
            serial: "arn:aws:iam::111111111111:mfa/demo-user".into(),
        },
    );
    typed(&mut state, "123");
    insta::assert_snapshot!(draw(&state, 80, 24).backend());
}

#[test]
fn error_panel() {
    let mut state = demo_state();
    update(
        &mut state,
        Msg::Keys(vec![KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)]),
    );
    let explanation = switchrole::sts::denied::explain(&switchrole::sts::denied::Denial {
        caller: Some("arn:aws:iam::111111111111:user/demo"),
        role_arn: "arn:aws:iam::222222222222:role/Admin",
        with_mfa: true,
        external_id: None,
    });
    let message = format!(
        "AssumeRole arn:aws:iam::222222222222:role/Admin failed: AccessDenied: User: arn:aws:iam::111111111111:user/demo is not authorized to perform: sts:AssumeRole\n{explanation}"
    );
    update(
        &mut state,
        Msg::Failed {
            profile: "prod-admin".into(),
            message,
            mfa_rejected: false,
        },
    );
    insta::assert_snapshot!(draw(&state, 80, 24).backend());
    // Scrolled down to the trust statement; the list's cursor does not move.
    update(
        &mut state,
        Msg::Keys(vec![KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE)]),
    );
    let frame = format!("{:?}", draw(&state, 80, 24).backend());
    assert!(frame.contains("\"Principal\": {"), "{frame}");
    assert!(frame.contains("▶ prod-admin"), "{frame}");
}

#[test]
fn countdown_colours_follow_time_left() {
    let mut state = demo_state();
    let now = state.now;
    let minutes = [40, 10, 3, -1];
    for (row, m) in state
        .rows
        .iter_mut()
        .filter(|r| r.account_id.is_some())
        .zip(minutes)
    {
        row.expires_at = Some(now + TimeDelta::minutes(m));
    }
    let terminal = draw(&state, 80, 24);
    insta::assert_snapshot!(terminal.backend());
    let buffer = terminal.backend().buffer();
    let colour_of = |text: &str| {
        (0..24u16)
            .find_map(|y| {
                let line: String = (0..80u16)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect();
                let x = line.find(text)?;
                // Position in cells, not bytes: the cursor column holds a multi-byte glyph.
                let col = line[..x].chars().count() as u16;
                Some(buffer[(col, y)].fg)
            })
            .unwrap_or_else(|| panic!("{text} not on screen"))
    };
    assert_eq!(colour_of("40m"), Color::Green);
    assert_eq!(colour_of("10m"), Color::Yellow);
    assert_eq!(colour_of("3m"), Color::Red);
    assert_eq!(colour_of("expired"), Color::DarkGray);
}

#[test]
fn no_color_draws_without_colour_and_marks_what_colour_meant() {
    let mut state = demo_state();
    state.no_color = true;
    let now = state.now;
    for row in state.rows.iter_mut() {
        match row.name.as_str() {
            "prod-readonly" => row.expires_at = Some(now + TimeDelta::minutes(3)),
            "prod-audit" => row.error = Some("profile 'prod-audit': role_arn is wrong".into()),
            _ => {}
        }
    }
    typed(&mut state, "prod");
    let terminal = draw(&state, 80, 24);
    insta::assert_snapshot!(terminal.backend());
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "a colour was drawn"
    );
    let screen: String = buffer.content.iter().map(|c| c.symbol()).collect();
    assert!(screen.contains("✗ "), "the error row is marked");
    assert!(screen.contains("▶ "), "the selected row is marked");
    // The same frame with colours has them.
    state.no_color = false;
    let coloured = draw(&state, 80, 24);
    assert!(
        coloured
            .backend()
            .buffer()
            .content
            .iter()
            .any(|c| c.fg == Color::Red)
    );
}

#[test]
fn list_and_details_at_100x30() {
    insta::assert_snapshot!(draw(&demo_state(), 100, 30).backend());
}

#[test]
fn at_40x10_the_selected_row_and_the_way_out_are_on_screen() {
    let mut state = demo_state();
    // The cursor far down the list, as when the profile used last is there.
    for _ in 0..6 {
        update(
            &mut state,
            Msg::Keys(vec![KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)]),
        );
    }
    let terminal = draw(&state, 40, 10);
    insta::assert_snapshot!(terminal.backend());
    let text = format!("{:?}", terminal.backend());
    assert!(text.contains("▶ partner-billing"), "{text}");
    assert!(text.contains("^C quit"), "{text}");
}

#[test]
fn names_with_wide_characters_keep_the_columns_straight() {
    use switchrole::profile::parse::{Source, parse};
    let config = "\
[profile 本番-管理者]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = keys
region = ap-northeast-1

[profile 🚀-deploy]
role_arn = arn:aws:iam::123456789012:role/Deployer
source_profile = keys
region = eu-west-1

[profile plain-ascii-name]
role_arn = arn:aws:iam::123456789012:role/ReadOnly
source_profile = keys
region = us-east-1
";
    let credentials =
        "[keys]\naws_access_key_id = AKIAFIXTUREWIDE00001\naws_secret_access_key = s\n";
    let p = std::path::Path::new("wide");
    let catalog = parse(
        Source {
            path: p,
            text: config.as_bytes(),
        },
        Source {
            path: p,
            text: credentials.as_bytes(),
        },
    );
    let rows = switchrole::app::listing::rows(&catalog, &[]);
    let state = State::new(rows, demo_state().now, false);
    let terminal = draw(&state, 80, 16);
    insta::assert_snapshot!(terminal.backend());
    // Every row's role starts in the same screen column, whatever its name is made of.
    let buffer = terminal.backend().buffer();
    let starts: Vec<u16> = (2..6u16)
        .filter_map(|y| {
            let line: Vec<&str> = (0..80u16).map(|x| buffer[(x, y)].symbol()).collect();
            let at = line
                .windows(3)
                .position(|w| w.concat() == "Adm" || w.concat() == "Dep" || w.concat() == "Rea")?;
            Some(at as u16)
        })
        .collect();
    assert_eq!(starts.len(), 3, "{:?}", terminal.backend());
    assert!(
        starts.iter().all(|&s| s == starts[0]),
        "{starts:?}\n{:?}",
        terminal.backend()
    );
}
