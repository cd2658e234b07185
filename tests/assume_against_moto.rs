//! The real binary against a moto STS server: every command, the chain, MFA and the cache.

mod common;
use common::{KEY_ID, KEYS, Moto, Sandbox, arn_of, output, signed_by_keys};
use std::process::Command;

const CONFIG: &str = "\
[default]
region = eu-west-1

[profile dev]
role_arn = arn:aws:iam::123456789012:role/Dev
source_profile=base
role_session_name = alice-test
region = eu-central-1

[profile named-by-user]
role_arn= arn:aws:iam::123456789012:role/Plain
source_profile = base

[profile chain]
role_arn = arn:aws:iam::210987654321:role/Chained
source_profile = dev

[profile from-env]
role_arn = arn:aws:iam::123456789012:role/FromEnv
credential_source = Environment

[profile partner]
role_arn = arn:aws:iam::333333333333:role/Partner
source_profile = base
external_id = partner-secret-id

[profile mfa]
role_arn = arn:aws:iam::123456789012:role/NeedsMfa
source_profile = base
mfa_serial = arn:aws:iam::111111111111:mfa/alice

[profile mfa-process]
role_arn = arn:aws:iam::123456789012:role/NeedsMfa
source_profile = base
mfa_serial = arn:aws:iam::111111111111:mfa/alice
mfa_process = echo 246810

[profile mfa-other]
role_arn = arn:aws:iam::123456789012:role/OtherMfa
source_profile = base
mfa_serial = arn:aws:iam::111111111111:mfa/alice
";

fn sandbox(moto: &Moto) -> Sandbox {
    Sandbox::new(CONFIG, KEYS, &moto.url())
}

#[test]
fn plain_role_shows_its_session_name_in_the_assumed_arn() {
    let moto = Moto::start();
    let (code, out, err) = sandbox(&moto).run(&["whoami", "dev"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        arn_of(&out),
        "arn:aws:sts::123456789012:assumed-role/Dev/alice-test"
    );
    assert!(out.contains("Account: 123456789012"));
}

#[test]
fn default_session_name_is_the_local_user() {
    let moto = Moto::start();
    let (code, out, err) = sandbox(&moto).run(&["whoami", "named-by-user"]);
    assert_eq!(code, 0, "{err}");
    // The operating system's word for who runs this, not switchrole's own function.
    let (_, name, _) = output(Command::new("id").arg("-un"));
    let name = name.trim();
    assert_eq!(
        arn_of(&out),
        format!("arn:aws:sts::123456789012:assumed-role/Plain/{name}")
    );
}

#[test]
fn chain_of_two_roles_ends_as_the_last_role() {
    let moto = Moto::start();
    let (code, out, err) = sandbox(&moto).run(&["whoami", "chain"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        arn_of(&out).starts_with("arn:aws:sts::210987654321:assumed-role/Chained/"),
        "{out}"
    );
}

#[test]
fn each_hop_of_a_chain_is_signed_by_the_session_before_it() {
    let moto = Moto::start();
    moto.record();
    let (code, out, err) = sandbox(&moto).run(&["whoami", "chain"]);
    assert_eq!(code, 0, "{err}");
    let sent = moto.requests();
    let actions: Vec<&str> = sent.iter().map(|r| r["Action"].as_str()).collect();
    assert_eq!(actions, ["AssumeRole", "AssumeRole", "GetCallerIdentity"]);
    // The first hop with the long-term keys alone, no token.
    assert_eq!(sent[0]["RoleArn"], "arn:aws:iam::123456789012:role/Dev");
    signed_by_keys(&sent[0], KEY_ID);
    // The second with the first hop's session: its key id and its token.
    assert_eq!(sent[1]["RoleArn"], "arn:aws:iam::210987654321:role/Chained");
    moto.assumed("assumed-role/Dev/alice-test").signed(&sent[1]);
    // And the question "who am I" with the last one's.
    let chained = moto.assumed("assumed-role/Chained/");
    chained.signed(&sent[2]);
    assert_eq!(arn_of(&out), chained.arn);
}

#[test]
fn the_mfa_session_signs_the_role_and_the_long_term_keys_sign_only_get_session_token() {
    let moto = Moto::start();
    let sandbox = sandbox(&moto);
    moto.record();
    let (code, out, err) = sandbox.run(&["whoami", "mfa", "--mfa-code", "123456"]);
    assert_eq!(code, 0, "{err}");
    let sent = moto.requests();
    let actions: Vec<&str> = sent.iter().map(|r| r["Action"].as_str()).collect();
    assert_eq!(
        actions,
        ["GetSessionToken", "AssumeRole", "GetCallerIdentity"]
    );
    signed_by_keys(&sent[0], KEY_ID);
    let mfa_session = moto.mfa_session_credentials();
    assert_ne!(mfa_session.key_id, KEY_ID);
    mfa_session.signed(&sent[1]);
    let role = moto.assumed("assumed-role/NeedsMfa/");
    role.signed(&sent[2]);
    assert_eq!(arn_of(&out), role.arn);

    // A second role of the same user: the kept MFA session signs, and no code is asked.
    moto.record();
    let mut cmd = sandbox.cmd();
    common::detach(&mut cmd);
    let (code, _, err) = output(cmd.args(["whoami", "mfa-other"]));
    assert_eq!(code, 0, "{err}");
    let sent = moto.requests();
    let actions: Vec<&str> = sent.iter().map(|r| r["Action"].as_str()).collect();
    assert_eq!(actions, ["AssumeRole", "GetCallerIdentity"]);
    assert_eq!(
        sent[0]["RoleArn"],
        "arn:aws:iam::123456789012:role/OtherMfa"
    );
    mfa_session.signed(&sent[0]);
    assert!(!sent[0].contains_key("TokenCode"), "{:?}", sent[0]);

    // --no-cache keeps no MFA session and reads none: the code goes with AssumeRole itself,
    // which the long-term keys sign.
    moto.record();
    let (code, _, err) = sandbox.run(&["whoami", "mfa-process", "--no-cache"]);
    assert_eq!(code, 0, "{err}");
    let sent = moto.requests();
    assert_eq!(sent[0]["Action"], "AssumeRole");
    assert_eq!(sent[0]["TokenCode"], "246810");
    assert_eq!(
        sent[0]["SerialNumber"],
        "arn:aws:iam::111111111111:mfa/alice"
    );
    signed_by_keys(&sent[0], KEY_ID);
}

#[test]
fn credential_source_environment_uses_the_callers_keys() {
    let moto = Moto::start();
    let sandbox = sandbox(&moto);
    let (code, _, err) = sandbox.run(&["whoami", "from-env"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("credential_source = Environment needs AWS_ACCESS_KEY_ID"),
        "{err}"
    );
    let mut cmd = sandbox.cmd();
    cmd.env("AWS_ACCESS_KEY_ID", "AKIAENVEXAMPLE00001")
        .env("AWS_SECRET_ACCESS_KEY", "env-secret");
    let (code, out, err) = output(cmd.args(["whoami", "from-env"]));
    assert_eq!(code, 0, "{err}");
    assert!(arn_of(&out).starts_with("arn:aws:sts::123456789012:assumed-role/FromEnv/"));
}

#[test]
fn external_id_profile_is_assumed() {
    let moto = Moto::start();
    moto.record();
    let (code, out, err) = sandbox(&moto).run(&["whoami", "partner"]);
    assert_eq!(code, 0, "{err}");
    assert!(arn_of(&out).starts_with("arn:aws:sts::333333333333:assumed-role/Partner/"));
    let sent = &moto.requests()[0];
    assert_eq!(sent["Action"], "AssumeRole");
    assert_eq!(sent["ExternalId"], "partner-secret-id");
    assert_eq!(sent["RoleArn"], "arn:aws:iam::333333333333:role/Partner");
    assert_eq!(sent["DurationSeconds"], "3600");
    assert!(!sent.contains_key("SerialNumber"));
}

#[test]
fn mfa_code_by_flag_is_checked_before_sts() {
    let moto = Moto::start();
    let sandbox = sandbox(&moto);
    moto.record();
    let (code, out, err) = sandbox.run(&["whoami", "mfa", "--mfa-code", "123456"]);
    assert_eq!(code, 0, "{err}");
    assert!(arn_of(&out).contains("assumed-role/NeedsMfa/"));
    // The code went to the MFA session (GetSessionToken), and the role was assumed with it.
    let sent = moto.requests();
    assert_eq!(sent[0]["Action"], "GetSessionToken");
    assert_eq!(
        sent[0]["SerialNumber"],
        "arn:aws:iam::111111111111:mfa/alice"
    );
    assert_eq!(sent[0]["TokenCode"], "123456");
    assert_eq!(sent[0]["DurationSeconds"], "28800");
    assert_eq!(sent[1]["Action"], "AssumeRole");
    assert!(
        !sent[1].contains_key("TokenCode"),
        "the MFA session carries it"
    );
    let (code, _, err) = sandbox.run(&["whoami", "mfa", "--mfa-code", "12345", "--no-cache"]);
    assert_eq!(code, 1);
    assert_eq!(
        err.trim(),
        "switchrole: error: the MFA code for arn:aws:iam::111111111111:mfa/alice must be 6 digits"
    );
}

#[test]
fn mfa_code_from_mfa_process() {
    let moto = Moto::start();
    moto.record();
    let (code, out, err) = sandbox(&moto).run(&["whoami", "mfa-process", "--duration", "2h"]);
    assert_eq!(code, 0, "{err}");
    assert!(arn_of(&out).contains("assumed-role/NeedsMfa/"));
    let sent = moto.requests();
    assert_eq!(sent[0]["Action"], "GetSessionToken");
    assert_eq!(
        sent[0]["TokenCode"], "246810",
        "the code mfa_process printed"
    );
    assert_eq!(sent[1]["Action"], "AssumeRole");
    assert_eq!(sent[1]["DurationSeconds"], "7200", "--duration reached STS");
    let (_, user, _) = output(Command::new("id").arg("-un"));
    assert_eq!(sent[1]["RoleSessionName"], user.trim());
}

#[test]
fn a_chained_role_is_shortened_to_one_hour_and_says_so() {
    let moto = Moto::start();
    moto.record();
    let (code, _, err) = sandbox(&moto).run(&["env", "chain", "--duration", "2h"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("profile 'chain': 7200s asked, but STS allows at most 1 hour for a role assumed with role credentials; asking for 1 hour"),
        "{err}"
    );
    let sent = moto.requests();
    let durations: Vec<&str> = sent.iter().map(|r| r["DurationSeconds"].as_str()).collect();
    assert_eq!(durations, ["3600", "3600"]);
    assert_eq!(
        sent[0]["RoleSessionName"], "alice-test",
        "dev's role_session_name"
    );
}

#[test]
fn mfa_without_a_terminal_says_how_to_pass_a_code() {
    let moto = Moto::start();
    let sandbox = sandbox(&moto);
    let mut cmd = sandbox.cmd();
    common::detach(&mut cmd);
    let (code, _, err) = output(cmd.args(["env", "mfa"]));
    assert_eq!(code, 1);
    assert_eq!(
        err.trim(),
        "switchrole: error: profile 'mfa' needs an MFA code for arn:aws:iam::111111111111:mfa/alice and there is no terminal to ask on; pass --mfa-code CODE or set mfa_process in the profile"
    );
}

#[test]
fn exec_passes_the_exit_status_through() {
    let moto = Moto::start();
    let (code, _, err) = sandbox(&moto).run(&["exec", "dev", "--", "sh", "-c", "exit 7"]);
    assert_eq!(code, 7, "{err}");
}

#[test]
fn a_command_that_cannot_run_exits_127_or_126_as_env_does() {
    let moto = Moto::start();
    let sandbox = sandbox(&moto);
    let plain = sandbox.path("plain-file");
    std::fs::write(&plain, "echo never\n").unwrap();
    let plain = plain.to_str().unwrap();
    let nowhere = "/nonexistent/program";
    for renew in [&[][..], &["--renew"][..]] {
        for (program, want) in [(nowhere, 127), (plain, 126), ("/", 126)] {
            let args = [&["exec", "dev"][..], renew, &["--", program]].concat();
            let (code, _, err) = sandbox.run(&args);
            assert_eq!(code, want, "{args:?}: {err}");
            assert!(
                err.starts_with(&format!("switchrole: error: could not run {program}: ")),
                "{err}"
            );
            // As `env` itself says it.
            let (env_code, _, _) = output(Command::new("env").arg(program));
            assert_eq!(env_code, want, "env {program}");
        }
    }
}

#[test]
fn exec_sets_the_environment_contract() {
    let moto = Moto::start();
    let sandbox = sandbox(&moto);
    let mut cmd = sandbox.cmd();
    cmd.env("AWS_PROFILE", "someone-else")
        .env("AWS_DEFAULT_PROFILE", "x")
        .env("AWS_SECURITY_TOKEN", "old");
    let (code, out, err) = output(cmd.args(["exec", "dev", "--", "env"]));
    assert_eq!(code, 0, "{err}");
    let var = |name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .map(String::from)
    };
    assert!(var("AWS_ACCESS_KEY_ID").is_some_and(|k| k.starts_with("ASIA")));
    assert!(var("AWS_SECRET_ACCESS_KEY").is_some());
    assert!(var("AWS_SESSION_TOKEN").is_some());
    let expires = var("AWS_CREDENTIAL_EXPIRATION").unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(&expires).is_ok() && expires.ends_with('Z'));
    assert_eq!(var("AWS_REGION").as_deref(), Some("eu-central-1"));
    assert_eq!(var("AWS_DEFAULT_REGION").as_deref(), Some("eu-central-1"));
    assert_eq!(var("SWITCHROLE_PROFILE").as_deref(), Some("dev"));
    assert_eq!(
        var("SWITCHROLE_ROLE_ARN").as_deref(),
        Some("arn:aws:iam::123456789012:role/Dev")
    );
    for gone in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SECURITY_TOKEN"] {
        assert_eq!(var(gone), None, "{gone} should be unset");
    }
}

#[test]
fn credential_process_output_works_as_a_credential_process() {
    let moto = Moto::start();
    let sandbox = sandbox(&moto);
    let (code, out, err) = sandbox.run(&["credential-process", "dev"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["Version"], 1);
    for key in [
        "AccessKeyId",
        "SecretAccessKey",
        "SessionToken",
        "Expiration",
    ] {
        assert!(doc[key].is_string(), "{key} missing in {out}");
    }
    // A profile that gets its keys from `switchrole credential-process dev`, as the AWS CLI would.
    let bin = env!("CARGO_BIN_EXE_switchrole");
    let config = format!(
        "{CONFIG}\n[profile via-process]\ncredential_process = {bin} credential-process dev\n"
    );
    std::fs::write(sandbox.path("config"), config).unwrap();
    let (code, out, err) = sandbox.run(&["whoami", "via-process"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        arn_of(&out),
        "arn:aws:sts::123456789012:assumed-role/Dev/alice-test"
    );
}

#[test]
fn cache_serves_the_second_call_without_sts() {
    let mut moto = Moto::start();
    let sandbox = sandbox(&moto);
    let key_of = |args: &[&str]| {
        let (code, out, err) = sandbox.run(args);
        assert_eq!(code, 0, "{err}");
        out.lines()
            .find_map(|l| l.strip_prefix("export AWS_ACCESS_KEY_ID="))
            .unwrap()
            .to_string()
    };
    let first = key_of(&["env", "dev"]);
    assert_eq!(
        key_of(&["env", "dev"]),
        first,
        "second call should come from the cache"
    );
    assert_ne!(
        key_of(&["env", "dev", "--no-cache"]),
        first,
        "--no-cache should ask STS"
    );
    let (_, listed, _) = sandbox.run(&["list"]);
    let dev = listed.lines().find(|l| l.starts_with("dev ")).unwrap();
    assert!(dev.contains("59m") || dev.contains("58m"), "{dev}");

    // Keys alone are not a session: nothing of them is kept.
    key_of(&["env", "base"]);
    let files: Vec<_> = std::fs::read_dir(sandbox.path("cache/switchrole/sessions"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 1);
    let path = files[0].as_ref().unwrap().path();
    assert_eq!(switchrole::store::file::mode_of(&path).unwrap(), 0o600);

    moto.stop();
    assert_eq!(
        key_of(&["env", "dev"]),
        first,
        "a cache hit needs no network"
    );
    let started = std::time::Instant::now();
    let (code, _, err) = sandbox.run(&["env", "dev", "--no-cache"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("could not reach STS at {}", moto.url())),
        "{err}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn an_edited_profile_never_gets_the_old_session() {
    let moto = Moto::start();
    let sandbox = sandbox(&moto);
    let (_, first, _) = sandbox.run(&["whoami", "dev"]);
    std::fs::write(
        sandbox.path("config"),
        CONFIG.replace("alice-test", "alice-edited"),
    )
    .unwrap();
    let (code, second, err) = sandbox.run(&["whoami", "dev"]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(arn_of(&first), arn_of(&second));
    assert!(arn_of(&second).ends_with("/alice-edited"));
}

#[test]
fn expired_sessions_are_pruned_when_the_store_is_opened() {
    let moto = Moto::start();
    let sandbox = sandbox(&moto);
    let (code, _, err) = sandbox.run(&["credential-process", "dev"]);
    assert_eq!(code, 0, "{err}");
    let dir = sandbox.path("cache/switchrole/sessions");
    let first = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut session: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&first).unwrap()).unwrap();
    session["credentials"]["expiration"] = "2020-01-01T00:00:00Z".into();
    std::fs::write(&first, serde_json::to_vec(&session).unwrap()).unwrap();
    // Listing opens nothing for writing: the expired session is still shown as such.
    let (_, sessions, _) = sandbox.run(&["sessions"]);
    assert!(sessions.contains("expired"), "{sessions}");
    // Another profile's run opens the store: the dead session goes.
    let (code, _, err) = sandbox.run(&["credential-process", "chain"]);
    assert_eq!(code, 0, "{err}");
    assert!(!first.exists(), "the expired session was pruned");
    let left = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(left, 1, "chain's own session is kept");
}

#[test]
fn a_session_store_that_cannot_be_written_is_said_and_the_command_still_works() {
    let moto = Moto::start();
    let sandbox = sandbox(&moto);
    std::fs::create_dir_all(sandbox.path("cache")).unwrap();
    std::fs::write(
        sandbox.path("cache/switchrole"),
        "a file where a folder should be",
    )
    .unwrap();
    let (code, out, err) = sandbox.run(&["env", "dev"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("export AWS_ACCESS_KEY_ID="));
    assert!(err.contains("; the session was not cached"), "{err}");
    assert!(
        err.contains("cache/switchrole/sessions"),
        "names the place: {err}"
    );
}

#[test]
fn an_mfa_session_near_its_end_is_not_reused() {
    let moto = Moto::start();
    let sandbox = sandbox(&moto);
    let (code, _, err) = sandbox.run(&["env", "mfa", "--mfa-code", "123456"]);
    assert_eq!(code, 0, "{err}");
    // The role's session has ended; the 8-hour MFA session has 14 minutes left.
    common::age_kept_session(&sandbox, "NeedsMfa", -1, 3600);
    common::age_kept_session(&sandbox, "MFA session of", 14 * 60, 8 * 3600);
    let mut cmd = sandbox.cmd();
    common::detach(&mut cmd);
    let (code, _, err) = output(cmd.args(["env", "mfa"]));
    assert_eq!(code, 1, "a code is asked for again");
    assert!(err.contains("needs an MFA code"), "{err}");
    // With 16 minutes left it still serves, with no code and no GetSessionToken.
    common::age_kept_session(&sandbox, "MFA session of", 16 * 60, 8 * 3600);
    moto.record();
    let mut cmd = sandbox.cmd();
    common::detach(&mut cmd);
    let (code, _, err) = output(cmd.args(["env", "mfa"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(moto.actions(), ["AssumeRole"]);
}

#[test]
fn inside_a_switchrole_shell_a_profile_keeps_its_own_region() {
    let moto = Moto::start();
    let config = "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\nregion = eu-central-1\n\
        [profile west]\nrole_arn = arn:aws:iam::123456789012:role/West\nsource_profile = base\nregion = eu-west-1\n\
        [profile plain]\nrole_arn = arn:aws:iam::123456789012:role/Plain\nsource_profile = base\n";
    let sandbox = Sandbox::new(config, KEYS, &moto.url());
    let bin = env!("CARGO_BIN_EXE_switchrole");
    // The shell of dev holds eu-central-1; west sets eu-west-1; plain sets none.
    let script = format!(
        "{bin} env west --format json; {bin} env plain --format json; AWS_REGION=ap-south-1 {bin} env west --format json --region sa-east-1"
    );
    let (code, out, err) = sandbox.run(&["exec", "dev", "--", "sh", "-c", &script]);
    assert_eq!(code, 0, "{err}");
    let regions: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["AWS_REGION"].to_string())
        .collect();
    assert_eq!(
        regions,
        ["\"eu-west-1\"", "\"eu-central-1\"", "\"sa-east-1\""],
        "the profile's own, else the shell's, and --region above both"
    );
}
