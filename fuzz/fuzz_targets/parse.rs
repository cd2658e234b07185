//! Both shared files into a catalog: no panic, and every profile and problem says where it is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use switchrole::profile::parse::{parse, parse_chain};

#[path = "two_files.rs"]
mod two_files;

fuzz_target!(|data: &[u8]| {
    let sources = two_files::sources(data);
    let catalog = parse(sources.0, sources.1);
    let files = ["/fuzz/config", "/fuzz/credentials"];
    assert_eq!(catalog.files, files);
    for problem in &catalog.problems {
        assert!(files.iter().any(|f| problem.starts_with(f)), "{problem}");
    }
    let mut names = std::collections::HashSet::new();
    for profile in &catalog.profiles {
        let name = &profile.name;
        assert!(!name.is_empty() && !name.contains('\n'), "{name:?}");
        assert_eq!(name, name.trim(), "{name:?}");
        assert!(names.insert(name), "{name:?} twice");
        assert!(std::ptr::eq(catalog.get(name).unwrap(), profile));
        // Each error names its profile and the file to fix.
        for error in &profile.errors {
            assert!(error.contains(&format!("'{name}'")), "{error}");
            assert!(files.iter().any(|f| error.contains(f)), "{error}");
        }
    }
    // A command on one profile reads only its chain (found by searching for the names); the
    // profile it builds must be the one the whole parse builds.
    for profile in catalog.profiles.iter().take(4) {
        let chain = parse_chain(sources.0, sources.1, &profile.name);
        let found = chain.get(&profile.name);
        assert_eq!(format!("{found:?}"), format!("{:?}", Some(profile)));
    }
});
