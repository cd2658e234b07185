//! IAM Identity Center at the size of a large AWS Organization: listing 1,000 accounts with 3
//! roles each from a stand-in portal (pages of 100, as the service gives them), then what
//! every later command pays for the kept listing: `list --json` next to 10,000 profiles, and a
//! warm `exec` on an assignment no profile names.

#[path = "../tests/common/mod.rs"]
mod common;

use common::sso_standin::{Script, SsoStandIn};
use common::{Sandbox, generated_config, output};
use std::process::{Command, Stdio};
use std::time::Instant;

const ACCOUNTS: usize = 1_000;
const RUNS: usize = 21;

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn median(mut make: impl FnMut() -> Command) -> f64 {
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let mut cmd = make();
            let started = Instant::now();
            let status = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status();
            assert!(status.unwrap().success(), "{cmd:?}");
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

fn main() {
    let accounts = (0..ACCOUNTS)
        .map(|i| {
            let id = leak(format!("{:012}", 100_000_000_000 + i));
            (
                id,
                leak(format!("acct-{i}")),
                vec!["Admin", "PowerUser", "ReadOnly"],
            )
        })
        .collect();
    let standin = SsoStandIn::start(Script {
        pending_polls: 0,
        slow_downs: 0,
        deny: false,
        accounts,
        token_seconds: 8 * 3600,
        page_size: 100,
        start_urls: vec!["https://corp.awsapps.com/start"],
    });
    let session = "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n";
    let config = format!("{session}{}", generated_config(10_000));
    let sandbox = Sandbox::new(&config, "", "http://127.0.0.1:9");
    let cmd = || {
        let mut cmd = sandbox.cmd();
        cmd.env("AWS_ENDPOINT_URL_SSO_OIDC", standin.url())
            .env("AWS_ENDPOINT_URL_SSO", standin.url())
            .env("BROWSER", "true");
        cmd
    };
    let started = Instant::now();
    let (code, out, err) = output(cmd().args(["login", "corp"]));
    assert_eq!(code, 0, "{err}");
    let login = started.elapsed().as_secs_f64() * 1000.0;
    println!(
        "sign-in and listing of {ACCOUNTS} accounts x 3 roles: {login:.0} ms ({})",
        out.trim()
    );
    let entry = "corp/acct-500/ReadOnly";
    assert_eq!(output(cmd().args(["exec", entry, "--", "true"])).0, 0);
    let rows = [
        (
            "list --json (10,000 profiles + 3,000 assignments)",
            vec!["list", "--json"],
        ),
        (
            "exec ASSIGNMENT -- true (kept session)",
            vec!["exec", entry, "--", "true"],
        ),
        ("env ASSIGNMENT (kept session)", vec!["env", entry]),
    ];
    println!("{:<52} {:>10}", "command", "median ms");
    println!(
        "{:<52} {:>10.2}",
        "/bin/true",
        median(|| Command::new("/bin/true"))
    );
    for (name, args) in rows {
        let took = median(|| {
            let mut cmd = cmd();
            cmd.args(&args);
            cmd
        });
        println!("{name:<52} {took:>10.2}");
    }
}
