//! How long `switchrole status` takes, the prompt segment that runs at every prompt, next to
//! `/bin/true` measured in the same run: the whole process, start to exit, as a prompt sees it.
//! Both shell kinds: keys in the environment, and a renewing shell's expiry file.
//! `SWITCHROLE_BIN=target/release/switchrole cargo bench --bench status` measures the release
//! build (stripped, smaller, what people install) instead of the bench profile's.

use std::process::{Command, Stdio};
use std::time::Instant;

const RUNS: usize = 300;

/// Median and 95th percentile of `RUNS` runs, in milliseconds.
fn time(mut make: impl FnMut() -> Command) -> (f64, f64) {
    let mut samples: Vec<f64> = (0..RUNS)
        .map(|_| {
            let mut cmd = make();
            let start = Instant::now();
            let status = cmd.stdout(Stdio::null()).status().unwrap();
            let took = start.elapsed().as_secs_f64() * 1000.0;
            assert!(status.success());
            took
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    (samples[RUNS / 2], samples[RUNS * 95 / 100])
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let expiry = dir.path().join("expiry");
    std::fs::write(&expiry, "2099-01-01T00:00:00Z").unwrap();
    let bin = std::env::var("SWITCHROLE_BIN").unwrap_or(env!("CARGO_BIN_EXE_switchrole").into());
    println!("{bin}");
    let status = || {
        let mut cmd = Command::new(&bin);
        cmd.arg("status")
            .env("SWITCHROLE_PROFILE", "prod-admin")
            .env(
                "SWITCHROLE_ROLE_ARN",
                "arn:aws:iam::123456789012:role/Admin",
            )
            .env("AWS_CREDENTIAL_EXPIRATION", "2099-01-01T00:00:00Z");
        cmd
    };
    let rows = [
        ("/bin/true", time(|| Command::new("/bin/true"))),
        ("switchrole status", time(status)),
        (
            "switchrole status (renewing shell)",
            time(|| {
                let mut cmd = status();
                cmd.env("SWITCHROLE_EXPIRY_FILE", &expiry);
                cmd
            }),
        ),
        (
            "switchrole status --format json",
            time(|| {
                let mut cmd = status();
                cmd.args(["--format", "json"]);
                cmd
            }),
        ),
    ];
    println!("{:<36} {:>10} {:>10}", "command", "median ms", "p95 ms");
    for (name, (median, p95)) in rows {
        println!("{name:<36} {median:>10.2} {p95:>10.2}");
    }
}
