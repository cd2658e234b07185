//! Parser and resolver on fixture files, without the network.

mod common;

use std::path::Path;
use switchrole::profile::parse::{Source, parse};
use switchrole::profile::resolve::{Base, ResolveError, resolve};
use switchrole::profile::{Catalog, Kind};

fn catalog() -> Catalog {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
    let config = std::fs::read(dir.join("real-world.config")).unwrap();
    let credentials = std::fs::read(dir.join("real-world.credentials")).unwrap();
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
    // A config section without `profile ` is skipped, as the AWS CLI and SDKs skip it, and said.
    assert_eq!(
        catalog.problems,
        [
            "/etc/aws/config line 49: [not-a-profile] is not read as a profile: in the config file a profile's section is [profile not-a-profile]"
        ]
    );
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
    // The MFA session it may use is recorded under the profile whose keys start the chain.
    assert_eq!(plan.base_profile(), Some("user"));
    assert_eq!(resolve(&catalog, "proc").unwrap().base_profile(), None);
}

#[test]
fn a_source_with_keys_ends_the_chain_even_with_a_role_arn() {
    let catalog = catalog();
    let plan = resolve(&catalog, "via-keys-and-role").unwrap();
    assert!(matches!(&plan.base, Base::Keys { profile, .. } if *profile == "keys-and-role"));
    assert_eq!(plan.base_profile(), Some("keys-and-role"));
    assert_eq!(plan.steps.len(), 1);
    // Named directly, its role_arn wins over its keys, and then it needs a source, as in the AWS CLI.
    assert_eq!(
        resolve(&catalog, "keys-and-role").unwrap_err().to_string(),
        "profile 'keys-and-role' has role_arn but no source_profile or credential_source (/etc/aws/config)"
    );
}

#[test]
fn process_and_web_identity_are_provider_bases() {
    let catalog = catalog();
    for (name, kind) in [("proc", Kind::Process), ("web", Kind::WebIdentity)] {
        let plan = resolve(&catalog, name).unwrap();
        assert!(plan.steps.is_empty());
        assert!(
            matches!(plan.base, Base::Provider { kind: k, .. } if k == kind),
            "{name}"
        );
    }
    assert_eq!(
        resolve(&catalog, "default").unwrap_err(),
        ResolveError::NoCredentials {
            profile: "default".into(),
            file: "/etc/aws/config and /etc/aws/credentials".into()
        }
    );
}

#[test]
fn an_sso_profile_signs_in_through_its_sso_session() {
    let catalog = catalog();
    let plan = resolve(&catalog, "sso-dev").unwrap();
    assert!(plan.steps.is_empty());
    let Base::Sso { profile, role } = plan.base else {
        panic!("{plan:?}")
    };
    assert_eq!(profile, "sso-dev");
    assert_eq!(
        (role.account_id.as_str(), role.role_name.as_str()),
        ("555555555555", "Dev")
    );
    assert_eq!(role.session.name.as_deref(), Some("corp"));
    assert_eq!(role.session.start_url, "https://corp.awsapps.com/start");
    assert_eq!(role.session.region, "us-east-1");
    assert_eq!(catalog.sso_sessions, std::slice::from_ref(&role.session));
}

#[test]
fn sso_settings_that_cannot_sign_in_are_named_on_their_profile() {
    let catalog = from_text(
        "[sso-session half]\nsso_start_url = https://x\n\
         [profile missing]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = R\n\
         [profile broken]\nsso_session = half\nsso_account_id = 1\nsso_role_name = R\n\
         [profile login-only]\nsso_start_url = https://y\nsso_region = eu-west-1\n\
         [profile legacy]\nsso_start_url = https://y\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R\n",
        "",
    );
    assert_eq!(
        catalog.problems,
        ["/c/config line 1: sso-session 'half' needs both sso_start_url and sso_region"]
    );
    let errors = |name: &str| catalog.get(name).unwrap().errors.join("; ");
    assert_eq!(
        errors("missing"),
        "profile 'missing' names sso_session 'nowhere', which is not a usable [sso-session nowhere] section (/c/config)"
    );
    assert!(errors("broken").contains("'half'"), "{}", errors("broken"));
    assert_eq!(
        errors("login-only"),
        "profile 'login-only' signs in to 'https://y' but names no sso_account_id and sso_role_name to get credentials for (/c/config)"
    );
    let legacy = catalog.get("legacy").unwrap().sso_role.clone().unwrap();
    assert_eq!(
        (legacy.session.name, legacy.session.start_url),
        (None, "https://y".into())
    );
}

fn from_text(config: &str, credentials: &str) -> Catalog {
    parse(
        Source {
            path: Path::new("/c/config"),
            text: config.as_bytes(),
        },
        Source {
            path: Path::new("/c/credentials"),
            text: credentials.as_bytes(),
        },
    )
}

#[test]
fn kinds_have_the_labels_people_read() {
    let labels = [
        Kind::Role,
        Kind::Keys,
        Kind::Sso,
        Kind::Process,
        Kind::WebIdentity,
        Kind::None,
    ]
    .map(Kind::label);
    assert_eq!(
        labels,
        ["role", "keys", "sso", "process", "web-identity", "none"]
    );
}

#[test]
fn keyring_profiles_are_marked_and_unknown_ones_added() {
    let mut catalog = from_text("[profile a]\nregion = eu-west-1\n", "");
    catalog.mark_keyring([("a", "AKIAKEYRINGA"), ("b", "AKIAKEYRINGB")]);
    let a = catalog.get("a").unwrap();
    assert_eq!(a.keyring_keys.as_deref(), Some("AKIAKEYRINGA"));
    assert_eq!(a.kind(), Kind::Keys);
    let b = catalog.get("b").unwrap();
    assert_eq!(b.name, "b");
    assert_eq!(b.keyring_keys.as_deref(), Some("AKIAKEYRINGB"));
    assert_eq!(catalog.profiles.len(), 2);
}

#[test]
fn a_profile_says_which_files_define_it() {
    let catalog = from_text(
        "[profile both]\nregion = x\n[profile conf]\nregion = y\n",
        "[both]\naws_access_key_id = A\naws_secret_access_key = B\n[creds]\naws_access_key_id = A\naws_secret_access_key = B\n",
    );
    let shown = |name| {
        let catalog = &catalog;
        catalog.defined_in(catalog.get(name).unwrap())
    };
    assert_eq!(shown("both"), "/c/config and /c/credentials");
    assert_eq!(shown("conf"), "/c/config");
    assert_eq!(shown("creds"), "/c/credentials");
}

#[test]
fn the_head_of_a_file_ends_at_a_whole_line_and_missing_files_are_empty() {
    use switchrole::profile::{Paths, read_up_to};
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config: dir.path().join("config"),
        credentials: dir.path().join("credentials"),
    };
    assert_eq!(read_up_to(&paths, 100).unwrap(), (Vec::new(), Vec::new()));
    std::fs::write(&paths.config, "[a]\nx = 1\n[b]\n").unwrap();
    std::fs::write(&paths.credentials, "[c]\n").unwrap();
    // 10 bytes: "[a]\nx = 1\n" ends on a newline and is kept whole.
    assert_eq!(read_up_to(&paths, 10).unwrap().0, b"[a]\nx = 1\n");
    // 12 bytes cut "[b" off: only whole lines are kept.
    assert_eq!(read_up_to(&paths, 12).unwrap().0, b"[a]\nx = 1\n");
    // 5 bytes cut into the second line.
    assert_eq!(read_up_to(&paths, 5).unwrap().0, b"[a]\n");
    // A file shorter than the limit is read whole, even without a final newline.
    std::fs::write(&paths.config, "[a]\nx = 1").unwrap();
    assert_eq!(read_up_to(&paths, 100).unwrap().0, b"[a]\nx = 1");
    assert_eq!(read_up_to(&paths, 100).unwrap().1, b"[c]\n");
    std::fs::remove_file(&paths.config).unwrap();
    std::fs::create_dir(&paths.config).unwrap();
    let err = read_up_to(&paths, 100).unwrap_err();
    assert!(err.to_string().starts_with("cannot read "), "{err}");
}

#[test]
fn one_profile_and_its_sources_from_a_large_file_or_a_small_one() {
    use switchrole::profile::{Paths, load, load_named};
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths {
        config: dir.path().join("config"),
        credentials: dir.path().join("credentials"),
    };
    // 3,000 profiles is over the size at which the file is mapped rather than read.
    for profiles in [3, 3_000] {
        let config = common::generated_config(profiles);
        std::fs::write(&paths.config, &config).unwrap();
        std::fs::write(&paths.credentials, common::KEYS).unwrap();
        let catalog = load_named(&paths, "acct100000000000-readonly").unwrap();
        let names: Vec<&str> = catalog.profiles.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["acct100000000000-readonly", "base"], "{profiles}");
        let whole = load(&paths).unwrap();
        let readonly = |c: &switchrole::profile::Catalog| {
            format!("{:?}", c.get("acct100000000000-readonly").unwrap())
        };
        assert_eq!(readonly(&catalog), readonly(&whole));
        assert_eq!(whole.profiles.len(), profiles + 1);
    }
    // Empty, missing, or /dev/null (a common AWS_SHARED_CREDENTIALS_FILE): no profiles.
    std::fs::write(&paths.credentials, "").unwrap();
    assert!(load_named(&paths, "base").unwrap().profiles.is_empty());
    let null = Paths {
        config: paths.config.clone(),
        credentials: "/dev/null".into(),
    };
    assert_eq!(load_named(&null, "base").unwrap().profiles.len(), 0);
    let catalog = load_named(&null, "acct100000000000-admin").unwrap();
    assert_eq!(catalog.profiles.len(), 1);
    std::fs::remove_file(&paths.credentials).unwrap();
    let catalog = load_named(&paths, "nobody").unwrap();
    assert!(catalog.profiles.is_empty());
    // A path through a file is an error, not a missing file, for both readers.
    let through_a_file = Paths {
        config: paths.config.join("config"),
        credentials: paths.credentials.clone(),
    };
    for err in [
        load_named(&through_a_file, "x").unwrap_err(),
        load(&through_a_file).unwrap_err(),
    ] {
        assert!(
            err.to_string().ends_with("Not a directory (os error 20)"),
            "{err}"
        );
    }
    std::fs::remove_file(&paths.config).unwrap();
    std::fs::create_dir(&paths.config).unwrap();
    let err = load_named(&paths, "nobody").unwrap_err();
    assert!(err.to_string().starts_with("cannot read "), "{err}");
}
