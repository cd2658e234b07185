//! What switchrole's prompt hook costs each prompt, in bash, zsh and fish: the shell runs the
//! hook `CALLS` times in a loop, and the same loop without it; the difference over `CALLS` is
//! the hook's cost, with the function-call itself included. Three states: a shell that never
//! ran `switchrole use` (most prompts of most shells), one with keys that are not near expiry
//! (the clock read and compared), and one that has said both its warnings.

use std::process::Command;
use std::time::Instant;

const CALLS: usize = 20_000;
const RUNS: usize = 7;

/// The loop in each shell: `$1` is the setup, `$2` what runs each time.
fn program(shell: &str, setup: &str, body: &str) -> (String, Vec<String>) {
    let bin = env!("CARGO_BIN_EXE_switchrole");
    match shell {
        "fish" => (
            "fish".into(),
            vec![
                "--no-config".into(),
                "-c".into(),
                format!("{bin} init fish | source; {setup}; for i in (seq {CALLS}); {body}; end"),
            ],
        ),
        _ => (
            shell.into(),
            vec![
                "-c".into(),
                format!(
                    "eval \"$({bin} init {shell})\"; {setup}; i=0; while [ $i -lt {CALLS} ]; do {body}; i=$((i+1)); done"
                ),
            ],
        ),
    }
}

/// Median wall time of `RUNS` runs, in seconds.
fn time(shell: &str, setup: &str, body: &str) -> f64 {
    let (program, args) = program(shell, setup, body);
    let mut samples: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let out = Command::new(&program).args(&args).output().unwrap();
            let took = start.elapsed().as_secs_f64();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                out.stderr.is_empty(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            took
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[RUNS / 2]
}

fn main() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let fresh = format!(
        "__switchrole_deadline {now} {} {} 12:00",
        now + 3600,
        now + 3300
    );
    let told = format!("{fresh}; __switchrole_told=expired");
    let told_fish = format!("{fresh}; set -g __switchrole_told expired");
    println!("{CALLS} prompts, median of {RUNS} runs; microseconds per prompt");
    println!(
        "{:<6} {:>14} {:>14} {:>14}",
        "shell", "never used", "keys in use", "all said"
    );
    for shell in ["bash", "zsh", "fish"] {
        let (hook, empty) = match shell {
            "fish" => ("emit fish_prompt", "true"),
            _ => ("__switchrole_hook", ":"),
        };
        let baseline = time(shell, "true", empty);
        let cost = |setup: &str| (time(shell, setup, hook) - baseline) / CALLS as f64 * 1e6;
        let told = if shell == "fish" { &told_fish } else { &told };
        println!(
            "{shell:<6} {:>14.1} {:>14.1} {:>14.1}",
            cost("true"),
            cost(&fresh),
            cost(told)
        );
    }
}
