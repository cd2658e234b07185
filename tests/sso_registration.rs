//! What switchrole sends IAM Identity Center to sign in, read back at a stand-in that refuses
//! what the service refuses: the start URL, the registration's scopes, the client it
//! registered; and that registration reused until it nears its end or the service forgets it.

mod common;

use common::sso_standin::{Script, SsoStandIn};
use common::sso_world::{CONFIG, World, approving};
use serde_json::{Value, json};

const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// `world`'s config with `extra` lines added to the `corp` sso-session.
fn with_session_lines(world: &World, extra: &str) {
    let config = CONFIG.replace(
        "sso_region = eu-west-1\n",
        &format!("sso_region = eu-west-1\n{extra}"),
    );
    std::fs::write(world.sandbox.path("config"), config).unwrap();
}

/// The registration file switchrole keeps (one per start URL, region and scopes).
fn registrations(world: &World) -> Vec<std::path::PathBuf> {
    let dir = world.sandbox.path("cache/switchrole/sso");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("registration-"))
        .collect();
    files.sort();
    files
}

#[test]
fn a_sign_in_sends_the_start_url_the_scopes_and_the_client_it_registered() {
    let world = World::new(approving(1));
    let (code, _, err) = world.run(&["login", "corp", "--no-browser"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        world.standin.bodies("/client/register"),
        [
            json!({"clientName": "switchrole", "clientType": "public", "scopes": ["sso:account:access"]})
        ]
    );
    assert_eq!(
        world.standin.bodies("/device_authorization"),
        [json!({
            "clientId": "client-1", "clientSecret": "client-secret-1",
            "startUrl": "https://corp.awsapps.com/start",
        })]
    );
    // One pending answer, then the token: each poll with the client and the device code.
    let poll = json!({
        "clientId": "client-1", "clientSecret": "client-secret-1",
        "grantType": DEVICE_GRANT, "deviceCode": "device-1",
    });
    assert_eq!(world.standin.bodies("/token"), [poll.clone(), poll]);

    // sso_registration_scopes, as written: a registration of its own, with those scopes.
    with_session_lines(
        &world,
        "sso_registration_scopes = sso:account:access, codewhisperer:completions\n",
    );
    let (code, _, err) = world.run(&["login", "corp", "--no-browser"]);
    assert_eq!(code, 0, "{err}");
    let registered = world.standin.bodies("/client/register");
    assert_eq!(registered.len(), 2);
    assert_eq!(
        registered[1]["scopes"],
        json!(["sso:account:access", "codewhisperer:completions"])
    );
    assert_eq!(registrations(&world).len(), 2);
    assert_eq!(world.token()["clientId"], "client-2");
}

#[test]
fn a_legacy_profile_registers_without_scopes() {
    let world = World::new(approving(0));
    let legacy = "[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 333333333333\nsso_role_name = ReadOnly\n";
    std::fs::write(world.sandbox.path("config"), legacy).unwrap();
    let (code, _, err) = world.run(&["login", "legacy", "--no-browser"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        world.standin.bodies("/client/register"),
        [json!({"clientName": "switchrole", "clientType": "public"})]
    );
    let started = world.standin.bodies("/device_authorization");
    assert_eq!(started[0]["startUrl"], "https://legacy.awsapps.com/start");
}

#[test]
fn a_start_url_the_instance_does_not_have_is_refused_and_said() {
    let world = World::new(Script {
        start_urls: vec!["https://other.awsapps.com/start"],
        ..approving(0)
    });
    let (code, out, err) = world.run(&["login", "corp", "--no-browser"]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(
        err.contains("signing in to corp: StartDeviceAuthorization: InvalidRequestException"),
        "{err}"
    );
    assert_eq!(world.standin.count("POST /token"), 0);
    assert!(!world.token_path().exists());
}

#[test]
fn a_scope_the_service_does_not_know_is_refused_at_registration() {
    let world = World::new(approving(0));
    with_session_lines(&world, "sso_registration_scopes = sso:acount:access\n");
    let (code, _, err) = world.run(&["login", "corp", "--no-browser"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("signing in to corp: RegisterClient: InvalidScopeException"),
        "{err}"
    );
    assert_eq!(world.standin.count("POST /device_authorization"), 0);
    assert!(!world.token_path().exists());
}

/// Signs in to corp again, from the start.
fn sign_in_again(world: &World) {
    let (code, _, err) = world.run(&["logout", "corp"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = world.run(&["login", "corp", "--no-browser"]);
    assert_eq!(code, 0, "{err}");
}

/// The client id of each StartDeviceAuthorization so far.
fn clients_started(standin: &SsoStandIn) -> Vec<Value> {
    let started = standin.bodies("/device_authorization");
    started.iter().map(|b| b["clientId"].clone()).collect()
}

#[test]
fn the_client_registration_is_reused_until_it_nears_its_end_or_is_forgotten() {
    let world = World::new(approving(0));
    let (code, _, err) = world.run(&["login", "corp", "--no-browser"]);
    assert_eq!(code, 0, "{err}");
    sign_in_again(&world);
    assert_eq!(world.standin.count("POST /client/register"), 1);
    assert_eq!(clients_started(&world.standin), ["client-1", "client-1"]);
    let kept = registrations(&world);
    assert_eq!(kept.len(), 1);
    assert_eq!(switchrole::store::file::mode_of(&kept[0]).unwrap(), 0o600);

    // Less than a day left: registered again before the sign-in.
    let mut registration: Value =
        serde_json::from_slice(&std::fs::read(&kept[0]).unwrap()).unwrap();
    let soon = chrono::Utc::now() + chrono::TimeDelta::hours(12);
    registration["expires_at"] = soon.to_rfc3339().into();
    std::fs::write(&kept[0], registration.to_string()).unwrap();
    sign_in_again(&world);
    assert_eq!(world.standin.count("POST /client/register"), 2);
    assert_eq!(
        clients_started(&world.standin),
        ["client-1", "client-1", "client-2"]
    );

    // A service that no longer knows the kept client refuses it; one new registration.
    let world = World {
        sandbox: world.sandbox,
        standin: SsoStandIn::start(approving(0)),
    };
    sign_in_again(&world);
    assert_eq!(world.standin.count("POST /client/register"), 1);
    assert_eq!(clients_started(&world.standin), ["client-2", "client-1"]);
    assert_eq!(world.token()["clientId"], "client-1");
    world.env_gives_the_admin_keys();
}
