//! How fast the picker is with the configs organisations generate: time to the first frame
//! in a pseudo-terminal (next to `less` on the same file), and one keystroke in the filter
//! (update plus a full render). Run with `cargo bench`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};
use switchrole::profile::parse::{Source, parse};
use switchrole::tui::state::{Msg, State, update};

/// A config like those generated for an AWS Organization: one role profile per account and
/// role, all from one IAM user.
fn generate(profiles: usize) -> String {
    let roles = ["Admin", "ReadOnly", "Developer", "Billing", "Auditor"];
    let regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "eu-central-1"];
    let mut out = String::from(
        "[profile base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = example\n\n",
    );
    for i in 0..profiles {
        let (account, role) = (
            100_000_000_000u64 + (i / roles.len()) as u64,
            roles[i % roles.len()],
        );
        out.push_str(&format!(
            "[profile acct{account}-{}]\nrole_arn = arn:aws:iam::{account}:role/{role}\nsource_profile = base\nmfa_serial = arn:aws:iam::999999999999:mfa/alice\nregion = {}\n\n",
            role.to_lowercase(),
            regions[i % regions.len()]
        ));
    }
    out
}

/// Milliseconds from spawning `program` in an 80x24 pseudo-terminal until `needle` is on screen.
fn time_to_screen(program: &str, args: &[&str], env: &[(&str, &Path)], needle: &str) -> f64 {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(program);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut parser = vt100::Parser::new(24.try_into().unwrap(), 80.try_into().unwrap(), 0);
    let mut buf = [0u8; 65536];
    let elapsed = loop {
        let n = reader.read(&mut buf).unwrap();
        parser.process(&buf[..n]);
        if parser.screen().contents().contains(needle) {
            break started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{needle} never appeared"
        );
    };
    let _ = child.kill();
    let _ = child.wait();
    elapsed.as_secs_f64() * 1000.0
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn first_frames(dir: &Path, profiles: usize) {
    let config = dir.join(format!("config-{profiles}"));
    std::fs::write(&config, generate(profiles)).unwrap();
    let empty = dir.join("credentials");
    std::fs::write(&empty, "").unwrap();
    let cache = dir.join("cache");
    let env = [
        ("AWS_CONFIG_FILE", config.as_path()),
        ("AWS_SHARED_CREDENTIALS_FILE", &empty),
        ("XDG_CACHE_HOME", &cache),
        ("HOME", dir),
    ];
    let bin = env!("CARGO_BIN_EXE_switchrole");
    let ours: Vec<f64> = (0..15)
        .map(|_| time_to_screen(bin, &[], &env, "Esc clear/quit"))
        .collect();
    // The header shows `n/total` once every profile is read and resolved.
    let total = format!("{0}/{0}", profiles + 1);
    let whole: Vec<f64> = (0..15)
        .map(|_| time_to_screen(bin, &[], &env, &total))
        .collect();
    let less: Vec<f64> = (0..15)
        .map(|_| {
            time_to_screen(
                "less",
                &[config.to_str().unwrap()],
                &[],
                "source_profile = base",
            )
        })
        .collect();
    println!(
        "first frame, {profiles} profiles: switchrole {:.1} ms (whole list {:.1} ms), less {:.1} ms (medians of 15)",
        median(ours),
        median(whole),
        median(less)
    );
}

fn keystrokes(profiles: usize) {
    let text = generate(profiles);
    let p = Path::new("bench");
    let catalog = parse(
        Source {
            path: p,
            text: text.as_bytes(),
        },
        Source { path: p, text: b"" },
    );
    let rows = switchrole::app::listing::rows(&catalog, &[]);
    let mut state = State::new(rows, chrono::Utc::now(), false);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut samples = Vec::new();
    for round in 0..5 {
        for key in "acct1000000001-adm"
            .chars()
            .map(KeyCode::Char)
            .chain([KeyCode::Esc])
        {
            let started = Instant::now();
            update(
                &mut state,
                Msg::Keys(vec![KeyEvent::new(key, KeyModifiers::NONE)]),
            );
            terminal
                .draw(|f| switchrole::tui::view::render(&state, f))
                .unwrap();
            if round > 0 {
                samples.push(started.elapsed().as_secs_f64() * 1000.0);
            }
        }
    }
    let worst = samples.iter().copied().fold(0.0, f64::max);
    println!(
        "keystroke (update + render), {profiles} profiles: median {:.2} ms, worst {worst:.2} ms over {} keys",
        median(samples.clone()),
        samples.len()
    );
    // A 17-character paste (or typing faster than a frame): read together, filtered and drawn
    // once, against the same keys one at a time as before.
    let paste = "acct1000000001-ad";
    let keys: Vec<KeyEvent> = paste
        .chars()
        .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
        .collect();
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    let (mut together, mut apart) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let started = Instant::now();
        update(&mut state, Msg::Keys(keys.clone()));
        terminal
            .draw(|f| switchrole::tui::view::render(&state, f))
            .unwrap();
        together.push(started.elapsed().as_secs_f64() * 1000.0);
        update(&mut state, Msg::Keys(vec![esc]));
        let started = Instant::now();
        for key in &keys {
            update(&mut state, Msg::Keys(vec![*key]));
            terminal
                .draw(|f| switchrole::tui::view::render(&state, f))
                .unwrap();
        }
        apart.push(started.elapsed().as_secs_f64() * 1000.0);
        update(&mut state, Msg::Keys(vec![esc]));
    }
    println!(
        "17-character paste, {profiles} profiles: {:.2} ms read together, {:.2} ms key by key (medians of 7)",
        median(together),
        median(apart)
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    for profiles in [100, 10_000, 50_000] {
        first_frames(dir.path(), profiles);
        keystrokes(profiles);
    }
}
