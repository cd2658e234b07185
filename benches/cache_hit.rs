//! How long a cache hit takes, keyring store against file store: `assume` on a role whose
//! session is kept. The keyring half needs a Secret Service; run it as
//! `dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets; cargo bench --bench cache_hit'`.

use std::path::Path;
use std::time::Instant;
use switchrole::assume::mfa_code::Prompt;
use switchrole::assume::{Options, assume};
use switchrole::profile::parse::{Source, parse};
use switchrole::profile::resolve::resolve;
use switchrole::store::Store;
use switchrole::store::file::FileStore;
use switchrole::store::keyring::KeyringStore;
use switchrole::store::state::StateFile;
use switchrole::sts::demo::DemoSts;

const CONFIG: &str =
    "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\n";
const KEYS: &str =
    "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = example\n";

async fn hits(store: &dyn Store) -> Vec<f64> {
    let p = Path::new("bench");
    let catalog = parse(
        Source {
            path: p,
            text: CONFIG.as_bytes(),
        },
        Source {
            path: p,
            text: KEYS.as_bytes(),
        },
    );
    let plan = resolve(&catalog, "dev").unwrap();
    let opts = Options {
        mfa_code: None,
        duration: None,
        reuse_session: true,
        prompt: Prompt::Never,
        sign_in: switchrole::sso::SignIn::Never,
        region: None,
        mfa_session_seconds: 8 * 3600,
    };
    let first = assume(&plan, &opts, &DemoSts, Some(store), chrono::Utc::now())
        .await
        .unwrap();
    assert!(!first.from_cache);
    let mut samples = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        let outcome = assume(&plan, &opts, &DemoSts, Some(store), chrono::Utc::now())
            .await
            .unwrap();
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(outcome.from_cache);
    }
    samples.sort_by(f64::total_cmp);
    samples
}

fn report(name: &str, samples: &[f64]) {
    println!(
        "cache hit, {name} store: median {:.3} ms, p95 {:.3} ms over {}",
        samples[samples.len() / 2],
        samples[samples.len() * 95 / 100],
        samples.len()
    );
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    report(
        "file",
        &hits(&FileStore::new(dir.path().join("sessions"))).await,
    );
    let started = Instant::now();
    let connected = switchrole::store::connect::connect();
    println!(
        "opening the keyring (once per command): {:.2} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    match connected {
        Ok(_) => report(
            "keyring",
            &hits(&KeyringStore::new(StateFile::new(
                dir.path().join("state.json"),
            )))
            .await,
        ),
        Err(why) => println!("cache hit, keyring store: not measured ({why})"),
    }
}
