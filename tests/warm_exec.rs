//! A command on one profile reads that profile and its sources and nothing else, and a cache
//! hit builds no AWS client: its cost does not grow with the config.

mod common;
use common::{KEYS, Moto, Sandbox, generated_config};
use std::time::Instant;

const PROFILE: &str = "acct100000000000-admin";

/// A sandbox of `profiles` generated profiles whose first one has a kept session.
fn with_kept_session(profiles: usize, moto: &Moto) -> Sandbox {
    let sandbox = Sandbox::new(&generated_config(profiles), KEYS, &moto.url());
    let (code, _, err) = sandbox.run(&["exec", PROFILE, "--", "true"]);
    assert_eq!(code, 0, "{err}");
    sandbox
}

/// The two tests here start processes and time them: one at a time.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The fastest of `runs` runs of `args`, each of which must succeed: the least disturbed by
/// whatever else the machine is doing, as a ratio needs.
fn fastest_ms(sandbox: &Sandbox, args: &[&str], runs: usize) -> f64 {
    let samples: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let (code, _, err) = sandbox.run(args);
            let took = start.elapsed().as_secs_f64() * 1000.0;
            assert_eq!(code, 0, "{args:?}: {err}");
            took
        })
        .collect();
    samples.into_iter().fold(f64::INFINITY, f64::min)
}

#[test]
fn a_cache_hit_at_50000_profiles_costs_no_more_than_three_times_one_at_100() {
    let _alone = ONE_AT_A_TIME.lock();
    let mut moto = Moto::start();
    let small = with_kept_session(100, &moto);
    let large = with_kept_session(50_000, &moto);
    // From here on a run that is not a cache hit fails: there is no STS to call.
    moto.stop();
    for args in [
        &["exec", PROFILE, "--", "true"][..],
        &["env", PROFILE],
        &["credential-process", PROFILE],
    ] {
        let (small_ms, large_ms) = (fastest_ms(&small, args, 15), fastest_ms(&large, args, 15));
        // What still grows is one memchr search of the file per profile in the chain (about
        // 1 ms per 6 MB); parsing every profile again, as before, is over 20 times this.
        assert!(
            large_ms <= 3.0 * small_ms,
            "{args:?}: {large_ms:.1} ms at 50,000 profiles, {small_ms:.1} ms at 100"
        );
    }
}

#[test]
fn a_command_on_one_profile_reads_only_that_profile_and_its_sources() {
    let _alone = ONE_AT_A_TIME.lock();
    let mut moto = Moto::start();
    let broken_neighbour = "[profile other]\nregion: eu-west-1\n\n";
    let config = format!("{broken_neighbour}{}", generated_config(3));
    let sandbox = Sandbox::new(&config, KEYS, &moto.url());
    let (code, _, err) = sandbox.run(&["exec", PROFILE, "--", "true"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "", "the neighbour's bad line is not read");
    moto.stop();
    let (code, _, err) = sandbox.run(&["env", PROFILE]);
    assert_eq!((code, err.as_str()), (0, ""));
    // `list` reads everything, and says so.
    let (_, _, err) = sandbox.run(&["list"]);
    assert!(
        err.contains("~/config line 2: key 'region' is followed by ':'"),
        "{err}"
    );
}
