//! Many switchroles at once: none loses another's entry in state.json, and a kept session
//! file that was cut short is a cache miss that the next write repairs.

mod common;
use common::{KEYS, Moto, Sandbox, output};
use std::process::Stdio;

const RUNS: usize = 24;

#[test]
fn runs_at_the_same_moment_lose_no_entry_in_the_state_file() {
    common::keyring::ensure_keyctl();
    let moto = Moto::start();
    // Roles of this run's own: an earlier run's session would be a cache hit with no write.
    let run = common::keyring::run_id();
    let config: String = (0..RUNS)
        .map(|i| {
            format!(
                "[profile p{i}]\nrole_arn = arn:aws:iam::123456789012:role/R{run}x{i}\nsource_profile = base\n"
            )
        })
        .collect();
    let sandbox = Sandbox::new(&config, KEYS, &moto.url());
    // Each in a session keyring of its own, with no Secret Service: the kernel store, whose
    // sessions are recorded in state.json.
    let children: Vec<_> = (0..RUNS)
        .map(|i| {
            let mut cmd = sandbox.cmd_under(&["keyctl", "session", "-"]);
            cmd.env_remove("DBUS_SESSION_BUS_ADDRESS")
                .args(["--store", "keyring", "credential-process", &format!("p{i}")])
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (code, out, err) = sandbox.run(&["--store", "keyring", "sessions", "--json"]);
    assert_eq!(code, 0, "{err}");
    let sessions: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let mut profiles: Vec<&str> = sessions
        .iter()
        .map(|s| s["profile"].as_str().unwrap())
        .collect();
    profiles.sort_unstable();
    let mut expected: Vec<String> = (0..RUNS).map(|i| format!("p{i}")).collect();
    expected.sort_unstable();
    assert_eq!(profiles, expected);
}

#[test]
fn a_kept_session_cut_short_is_a_miss_and_the_next_write_repairs_it() {
    let moto = Moto::start();
    let config =
        "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\n";
    let sandbox = Sandbox::new(config, KEYS, &moto.url());
    let (code, first, err) = sandbox.run(&["credential-process", "dev"]);
    assert_eq!(code, 0, "{err}");
    let sessions = sandbox.path("cache/switchrole/sessions");
    let kept: Vec<_> = std::fs::read_dir(&sessions)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    for junk in ["", "{\"profile\": \"dev\", \"cred", "not json"] {
        std::fs::write(&kept[0], junk).unwrap();
        moto.record();
        let (code, again, err) = sandbox.run(&["credential-process", "dev"]);
        assert_eq!((code, err.as_str()), (0, ""));
        assert_ne!(again, first, "a new session, not the damaged one");
        assert_eq!(moto.actions(), ["AssumeRole"]);
        // Repaired: the next run is a hit.
        moto.record();
        let (_, hit, _) = output(sandbox.cmd().args(["credential-process", "dev"]));
        assert_eq!(hit, again);
        moto.assert_no_calls();
    }
}
