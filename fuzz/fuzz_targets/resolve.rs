//! Every profile of any pair of files, resolved and listed: no panic, no endless source chain.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchrole::app::listing;
use switchrole::profile::parse::parse;

#[path = "two_files.rs"]
mod two_files;
use switchrole::profile::resolve::{Base, ResolveError, resolve};

fuzz_target!(|data: &[u8]| {
    let (config, credentials) = two_files::sources(data);
    let mut catalog = parse(config, credentials);
    // Keys in the keyring, chosen by the input: every third profile, and one the files lack.
    let keyring: Vec<String> = catalog
        .profiles
        .iter()
        .step_by(3)
        .map(|p| p.name.clone())
        .chain(["keyring-only".to_string()])
        .collect();
    catalog.mark_keyring(keyring.iter().map(|n| (n.as_str(), "AKIAFUZZKEYRING00000")));

    let names: Vec<&str> = catalog.profiles.iter().map(|p| p.name.as_str()).collect();
    for &name in &names {
        match resolve(&catalog, name) {
            Ok(plan) => {
                assert_eq!(plan.profile, name);
                // A chain visits each profile once; a loop must have been an error.
                let mut seen: Vec<&str> = plan.steps.iter().map(|s| s.profile).collect();
                if let Base::Keys { profile, .. }
                | Base::Keyring { profile, .. }
                | Base::Provider { profile, .. }
                | Base::Sso { profile, .. } = plan.base
                {
                    // A role whose source is itself starts from its own keys.
                    if plan.steps.first().map(|s| s.profile) != Some(profile) {
                        seen.push(profile);
                    }
                }
                let count = seen.len();
                seen.sort_unstable();
                seen.dedup();
                assert_eq!(seen.len(), count, "{plan:?}");
                assert!(seen.iter().all(|s| catalog.get(s).is_some()));
            }
            Err(ResolveError::NotFound { .. }) => panic!("{name:?} is in the catalog"),
            Err(ResolveError::Loop { chain, .. }) => {
                assert!(
                    chain.len() >= 2 && chain.first() == chain.last(),
                    "{chain:?}"
                );
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
    assert!(matches!(
        resolve(&catalog, "no such profile \n"),
        Err(ResolveError::NotFound { .. })
    ));

    let rows = listing::rows(&catalog, &[]);
    assert_eq!(rows.len(), names.len());
    let preview = listing::preview_rows(&catalog);
    assert_eq!(preview.len(), names.len());
    let table = listing::table(&rows, chrono::DateTime::UNIX_EPOCH);
    assert_eq!(table.lines().count(), rows.len() + 1);
});
