//! What a person with a 10,000- or 50,000-profile config waits for outside the picker: a
//! warm `exec`/`env`/`credential-process` (a kept session, the aws CLI's `credential_process`
//! on every command), `list --json`, `doctor`, and peak memory, next to `/bin/true` measured in the
//! same run. `SWITCHROLE_BIN=target/release/switchrole` measures the release build.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{KEYS, Moto, Sandbox, generated_config};
use std::process::{Command, Stdio};
use std::time::Instant;

const RUNS: usize = 41;
const PROFILE: &str = "acct100000000000-admin";

/// Wall time and peak resident memory of one run, which must succeed.
#[expect(
    clippy::zombie_processes,
    reason = "waited for with wait4, which also reports the child's peak memory"
)]
fn run_once(mut cmd: Command) -> (f64, u64) {
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    let started = Instant::now();
    let child = cmd.spawn().unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid, and wait4 writes it for this child only.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    // SAFETY: `pid` is our child, waited for once, here.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let took = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(waited, pid);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{cmd:?} failed"
    );
    (took, usage.ru_maxrss as u64 / 1024)
}

/// Median ms, 95th percentile ms, and peak MB over `RUNS` runs.
fn measure(make: impl Fn() -> Command) -> (f64, f64, u64) {
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..RUNS {
        let (took, mb) = run_once(make());
        times.push(took);
        peak = peak.max(mb);
    }
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2], times[RUNS * 95 / 100], peak)
}

fn main() {
    let bin = std::env::var("SWITCHROLE_BIN").unwrap_or(env!("CARGO_BIN_EXE_switchrole").into());
    println!("{bin}, {} runs each", RUNS);
    println!(
        "{:<10} {:<36} {:>10} {:>8} {:>8} {:>9}",
        "profiles", "command", "median ms", "p95 ms", "peak MB", "over true"
    );
    let mut moto = Moto::start();
    let sandboxes: Vec<(usize, Sandbox)> = [100, 10_000, 50_000]
        .into_iter()
        .map(|n| {
            let sandbox = Sandbox::new(&generated_config(n), KEYS, &moto.url());
            let (code, _, err) = sandbox.run(&["exec", PROFILE, "--", "true"]);
            assert_eq!(code, 0, "{err}");
            (n, sandbox)
        })
        .collect();
    // Every timed run is a cache hit: with no STS, a miss would fail the run.
    moto.stop();
    for (n, sandbox) in &sandboxes {
        let (truth, _, _) = measure(|| Command::new("/bin/true"));
        let ours = |args: &'static [&'static str]| {
            let bin = bin.clone();
            move || {
                let mut cmd = Command::new(&bin);
                sandbox.set_env(&mut cmd);
                cmd.args(args);
                cmd
            }
        };
        let rows: [(&str, &'static [&'static str]); 6] = [
            ("exec PROFILE -- true", &["exec", PROFILE, "--", "true"]),
            ("env PROFILE", &["env", PROFILE]),
            (
                "credential-process PROFILE",
                &["credential-process", PROFILE],
            ),
            ("list --json", &["list", "--json"]),
            ("doctor", &["doctor"]),
            ("doctor PROFILE", &["doctor", PROFILE]),
        ];
        println!("{n:<10} {:<36} {truth:>10.2}", "/bin/true");
        for (name, args) in rows {
            let (median, p95, peak) = measure(ours(args));
            println!(
                "{n:<10} {name:<36} {median:>10.2} {p95:>8.2} {peak:>8} {:>+9.2}",
                median - truth
            );
        }
    }
}
