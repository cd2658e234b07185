//! Parser and resolver on fixture files, without the network.

use std::path::Path;
use switchrole::profile::parse::{Source, parse};
use switchrole::profile::resolve::{Base, ResolveError, resolve};
use switchrole::profile::{Catalog, Kind};

fn catalog() -> Catalog {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
    let config = std::fs::read_to_string(dir.join("real-world.config")).unwrap();
    let credentials = std::fs::read_to_string(dir.join("real-world.credentials")).unwrap();
    parse(
        Source {
            path: Path::new("/etc/aws/config"),
            text: &config,
        },
        Source {
            path: Path::new("/etc/aws/credentials"),
            text: &credentials,
        },
    )
}

#[test]
fn reads_profiles_as_people_write_them() {
    let catalog = catalog();
    let names: Vec<&str> = catalog.profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "default",
            "spaced",
            "user",
            "admin",
            "chained",
            "keys-and-role",
            "via-keys-and-role",
            "sso-dev",
            "proc",
            "web"
        ]
    );
    assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
    let spaced = catalog.get("spaced").unwrap();
    assert_eq!(
        spaced.role_arn.as_ref().unwrap().as_str(),
        "arn:aws:iam::111111111111:role/Spaced"
    );
    assert_eq!(spaced.source_profile.as_deref(), Some("user"));
    assert_eq!(spaced.region.as_deref(), Some("eu-west-1"));
    assert_eq!(
        catalog.get("proc").unwrap().credential_process.as_deref(),
        Some(r"/usr/local/bin/get-creds --profile C:\tools")
    );
    // The credentials file wins for a key set in both files, as in the AWS CLI.
    assert_eq!(
        catalog.get("default").unwrap().region.as_deref(),
        Some("ap-south-1")
    );
    assert_eq!(
        catalog.defined_in(catalog.get("user").unwrap()),
        "/etc/aws/config and /etc/aws/credentials"
    );
    for p in &catalog.profiles {
        assert!(p.errors.is_empty(), "{}: {:?}", p.name, p.errors);
    }
}

#[test]
fn kinds() {
    let catalog = catalog();
    let kind = |n: &str| catalog.get(n).unwrap().kind();
    assert_eq!(kind("admin"), Kind::Role);
    assert_eq!(kind("user"), Kind::Keys);
    assert_eq!(kind("sso-dev"), Kind::Sso);
    assert_eq!(kind("proc"), Kind::Process);
    assert_eq!(kind("web"), Kind::WebIdentity);
    assert_eq!(kind("default"), Kind::None);
}

#[test]
fn role_inherits_the_mfa_serial_of_its_source_user() {
    let catalog = catalog();
    let plan = resolve(&catalog, "admin").unwrap();
    assert!(matches!(&plan.base, Base::Keys { profile, .. } if *profile == "user"));
    assert_eq!(plan.steps.len(), 1);
    assert_eq!(
        plan.steps[0].mfa_serial.as_ref().unwrap().as_str(),
        "arn:aws:iam::999999999999:mfa/alice"
    );
    assert_eq!(plan.steps[0].duration_seconds, Some(7200));
}

#[test]
fn chain_runs_from_the_user_outwards_and_only_the_first_hop_uses_mfa() {
    let catalog = catalog();
    let plan = resolve(&catalog, "chained").unwrap();
    let roles: Vec<&str> = plan.steps.iter().map(|s| s.role_arn.role_name()).collect();
    assert_eq!(roles, ["Admin", "Deep"]);
    assert!(plan.steps[0].mfa_serial.is_some());
    assert!(plan.steps[1].mfa_serial.is_none());
}

#[test]
fn a_source_with_keys_ends_the_chain_even_with_a_role_arn() {
    let catalog = catalog();
    let plan = resolve(&catalog, "via-keys-and-role").unwrap();
    assert!(matches!(&plan.base, Base::Keys { profile, .. } if *profile == "keys-and-role"));
    assert_eq!(plan.steps.len(), 1);
    // Named directly, its role_arn wins over its keys, and then it needs a source, as in the AWS CLI.
    assert_eq!(
        resolve(&catalog, "keys-and-role").unwrap_err().to_string(),
        "profile 'keys-and-role' has role_arn but no source_profile or credential_source (/etc/aws/config)"
    );
}

#[test]
fn sso_process_and_web_identity_are_provider_bases() {
    let catalog = catalog();
    for (name, kind) in [
        ("sso-dev", Kind::Sso),
        ("proc", Kind::Process),
        ("web", Kind::WebIdentity),
    ] {
        let plan = resolve(&catalog, name).unwrap();
        assert!(plan.steps.is_empty());
        assert!(
            matches!(plan.base, Base::Provider { kind: k, .. } if k == kind),
            "{name}"
        );
    }
    assert_eq!(
        resolve(&catalog, "default").unwrap_err(),
        ResolveError::NoCredentials("default".into())
    );
}
