//! `sso populate` against a stand-in for IAM Identity Center: switchrole's block of profiles
//! in ~/.aws/config, every other byte of the file kept, a second run that changes nothing,
//! and a generated profile the aws CLI uses through the stand-in and moto.

mod common;

use common::sso_standin::{Script, SsoStandIn, access_key_for};
use common::{Moto, Sandbox, aws_cli, output};
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

/// The person's own file: comments, odd spacing, a profile of their own for one assignment,
/// and no line break at the end.
const CONFIG: &str = "\
# My AWS config. Hand-written: keep my comments.
[default]
region = eu-central-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

  # my own name for the one I use most
[profile prod-admin]
sso_session=corp
sso_account_id = 222222222222
sso_role_name = Admin";

/// The block the first run writes: sorted by account name, the assignment that prod-admin
/// names left to it, the region of [default].
const BLOCK: &str = "\
# >>> switchrole sso populate corp >>>
# Written by `switchrole sso populate corp`, which replaces what is between these lines.

[profile Audit.ReadOnly]
sso_session = corp
sso_account_id = 333333333333
sso_role_name = ReadOnly
region = eu-central-1

[profile Dev.PowerUser]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = PowerUser
region = eu-central-1

[profile Dev.ReadOnly]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnly
region = eu-central-1

[profile Prod.ReadOnly]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = ReadOnly
region = eu-central-1
# <<< switchrole sso populate corp <<<
";

struct World {
    sandbox: Sandbox,
    standin: SsoStandIn,
    moto: Moto,
}

impl World {
    fn new() -> World {
        let moto = Moto::start();
        let sandbox = Sandbox::new(CONFIG, "", &moto.url());
        let browser = sandbox.path("browser");
        std::fs::write(&browser, "#!/bin/sh\nexit 0\n").unwrap();
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
        let standin = SsoStandIn::start(Script {
            pending_polls: 1,
            slow_downs: 0,
            deny: false,
            accounts: vec![
                ("111111111111", "Dev", vec!["ReadOnly", "PowerUser"]),
                ("222222222222", "Prod", vec!["Admin", "ReadOnly"]),
                ("333333333333", "Audit", vec!["ReadOnly"]),
            ],
            token_seconds: 8 * 3600,
            page_size: 2,
            start_urls: vec!["https://corp.awsapps.com/start"],
        });
        World {
            sandbox,
            standin,
            moto,
        }
    }

    fn with_endpoints(&self, cmd: &mut Command) {
        cmd.env("AWS_ENDPOINT_URL_SSO_OIDC", self.standin.url())
            .env("AWS_ENDPOINT_URL_SSO", self.standin.url())
            .env("BROWSER", self.sandbox.path("browser"));
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let mut cmd = self.sandbox.cmd();
        self.with_endpoints(&mut cmd);
        output(cmd.args(args))
    }

    fn config(&self) -> String {
        std::fs::read_to_string(self.sandbox.path("config")).unwrap()
    }
}

#[test]
fn populate_writes_its_block_keeps_the_rest_and_the_aws_cli_uses_it() {
    let world = World::new();
    // A dry run signs in and lists, and writes nothing but the diff.
    let (code, diff, err) = world.run(&["sso", "populate", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(world.config(), CONFIG);
    assert!(diff.starts_with("--- "), "{diff}");
    assert!(diff.contains("\n-sso_role_name = Admin\n\\ No newline at end of file\n+sso_role_name = Admin\n+\n+# >>> switchrole sso populate corp >>>\n"), "{diff}");
    assert!(diff.contains("\n+[profile Dev.ReadOnly]\n"), "{diff}");

    let (code, out, err) = world.run(&["sso", "populate", "corp"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("wrote 4 profiles for corp into ")
            && out.contains("(1 assignment has a profile of yours already)"),
        "{out}"
    );
    let written = world.config();
    assert_eq!(written, format!("{CONFIG}\n\n{BLOCK}"));
    let backup = std::fs::read_to_string(world.sandbox.path("config.switchrole-backup")).unwrap();
    assert_eq!(backup, CONFIG);

    // The person edits around the block; a second run changes nothing at all.
    let edited = format!("# first\n{written}\n# after the block\n[profile mine]\nregion = x\n");
    std::fs::write(world.sandbox.path("config"), &edited).unwrap();
    let (code, out, err) = world.run(&["sso", "populate"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("is up to date: 4 profiles for corp"), "{out}");
    assert_eq!(world.config(), edited);

    // A profile removed from the block by hand comes back, and only the block changes.
    let damaged = edited.replace(
        "[profile Dev.PowerUser]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = PowerUser\nregion = eu-central-1\n\n",
        "",
    );
    std::fs::write(world.sandbox.path("config"), &damaged).unwrap();
    let (code, diff, err) = world.run(&["sso", "populate", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(diff.contains("\n+[profile Dev.PowerUser]\n"), "{diff}");
    assert!(!diff.contains("\n-"), "only additions: {diff}");
    let (code, _, err) = world.run(&["sso", "populate"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(world.config(), edited);

    // The aws CLI uses a generated profile: credentials from the stand-in, STS at moto.
    moto_caller(
        &world,
        "Prod.ReadOnly",
        &access_key_for("222222222222", "ReadOnly"),
    );
}

/// `aws --profile NAME sts get-caller-identity` works, signed with `key`.
fn moto_caller(world: &World, profile: &str, key: &str) {
    world.moto.record();
    let mut aws = Command::new(aws_cli());
    world.sandbox.set_env(&mut aws);
    world.with_endpoints(&mut aws);
    aws.args(["--profile", profile, "sts", "get-caller-identity"]);
    let (code, out, err) = output(&mut aws);
    assert_eq!(code, 0, "{out}{err}");
    let requests = world.moto.requests();
    let call = requests.iter().find(|r| r["Action"] == "GetCallerIdentity");
    assert_eq!(
        call.map(|r| r["@AccessKeyId"].as_str()),
        Some(key),
        "{requests:?}"
    );
    let fetched = world.standin.count("GET /federation/credentials");
    assert!(fetched >= 1, "{:?}", world.standin.requests());
}

#[test]
fn a_block_without_its_end_line_is_left_alone_and_named() {
    let world = World::new();
    let broken = format!("{CONFIG}\n# >>> switchrole sso populate corp >>>\n[profile x]\n");
    std::fs::write(world.sandbox.path("config"), &broken).unwrap();
    let (code, out, err) = world.run(&["sso", "populate", "corp"]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(
        err.contains("line 15 begins switchrole's block for corp, but no line after it ends it"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(world.config(), broken);
}
