//! IAM Identity Center against a stand-in for OIDC and the portal on loopback: the device
//! flow, the token file the AWS CLI shares, refresh, every assignment without profiles.

mod common;

use common::output;
use common::sso_standin::{Script, access_key_for};
use common::sso_world::{World, approving};
use std::os::unix::fs::PermissionsExt;

#[test]
fn login_polls_until_approved_and_writes_the_token_file_the_aws_tools_share() {
    let world = World::new(approving(2));
    let (code, out, err) = world.run(&["login", "corp"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("https://device.sso.example/?user_code=ABCD-EFGH"),
        "{err}"
    );
    assert!(err.contains("ABCD-EFGH"), "{err}");
    assert!(out.starts_with("signed in to corp until "), "{out}");
    assert!(out.contains("3 accounts, 5 roles"), "{out}");
    let opened = std::fs::read_to_string(world.sandbox.path("browser.log")).unwrap();
    assert_eq!(
        opened.trim(),
        "https://device.sso.example/?user_code=ABCD-EFGH"
    );
    // Two answers of authorization_pending, then the token.
    let polls = world
        .standin
        .count("POST /token urn:ietf:params:oauth:grant-type:device_code");
    assert_eq!(polls, 3, "{:?}", world.standin.requests());

    let mode = std::fs::metadata(world.token_path())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let token = world.token();
    assert_eq!(token["startUrl"], "https://corp.awsapps.com/start");
    assert_eq!(token["region"], "eu-west-1");
    assert_eq!(token["accessToken"], "access-1");
    assert_eq!(token["refreshToken"], "refresh-1");
    assert_eq!(token["clientId"], "client-1");
    assert_eq!(token["clientSecret"], "client-secret-1");
    for key in ["expiresAt", "registrationExpiresAt"] {
        let at = token[key].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.ends_with('Z'),
            "{key}: {at}"
        );
    }
    // No secret of the sign-in reaches the screen.
    for secret in ["access-1", "refresh-1", "client-secret-1", "device-1"] {
        assert!(!out.contains(secret) && !err.contains(secret), "{secret}");
    }

    // botocore (under the AWS CLI and boto3) reads the same file and gets the role's
    // credentials with its token.
    let (code, out, err) = world.botocore_key();
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), access_key_for("222222222222", "Admin"));

    // Ten minutes left: inside botocore's refresh window, it refreshes the token with the
    // registration and refresh token switchrole wrote, and switchrole reads its file back.
    let mut token = world.token();
    let soon = chrono::Utc::now() + chrono::TimeDelta::minutes(10);
    token["expiresAt"] = soon.format("%Y-%m-%dT%H:%M:%SZ").to_string().into();
    std::fs::write(world.token_path(), token.to_string()).unwrap();
    let (code, _, err) = world.botocore_key();
    assert_eq!(code, 0, "{err}");
    assert_eq!(world.standin.count("POST /token refresh_token"), 1);
    assert_eq!(world.token()["accessToken"], "access-2");
    world.env_gives_the_admin_keys();
    assert_eq!(world.standin.count("POST /device_authorization"), 1);
}

#[test]
fn a_denied_sign_in_is_said_plainly_and_writes_nothing() {
    let world = World::new(Script {
        deny: true,
        ..approving(1)
    });
    let (code, _, err) = world.run(&["login", "--no-browser"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "error: signing in to corp: CreateToken: the sign-in was denied in the browser"
        ),
        "{err}"
    );
    assert!(
        !world.sandbox.path("browser.log").exists(),
        "--no-browser opened one"
    );
    assert!(!world.token_path().exists());
}

#[test]
fn exec_signs_in_once_then_reuses_the_token_and_refreshes_it_when_it_ends() {
    let world = World::new(approving(0));
    let printenv = ["--", "sh", "-c", "echo $AWS_ACCESS_KEY_ID $AWS_REGION"];
    let (code, out, err) =
        world.run(&[&["exec", "prod-admin", "--no-cache"][..], &printenv].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        format!("{} eu-central-1", access_key_for("222222222222", "Admin"))
    );
    assert!(err.contains("sign in to corp at"), "{err}");
    assert_eq!(world.standin.count("POST /device_authorization"), 1);

    // A second run uses the token file: no new sign-in.
    let (code, _, err) =
        world.run(&[&["exec", "prod-admin", "--no-cache"][..], &printenv].concat());
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    assert_eq!(world.standin.count("POST /device_authorization"), 1);

    // A token at its end is refreshed with the refresh token, not signed in again.
    let mut token = world.token();
    token["expiresAt"] = "2020-01-01T00:00:00Z".into();
    std::fs::write(world.token_path(), token.to_string()).unwrap();
    let (code, _, err) =
        world.run(&[&["exec", "prod-admin", "--no-cache"][..], &printenv].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(world.standin.count("POST /token refresh_token"), 1);
    assert_eq!(world.standin.count("POST /device_authorization"), 1);
    assert_eq!(world.token()["accessToken"], "access-2");
}

#[test]
fn every_assignment_is_listed_once_and_one_no_profile_names_can_be_used() {
    let world = World::new(approving(0));
    assert_eq!(world.run(&["login", "corp"]).0, 0);
    let (code, out, err) = world.run(&["list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    // Accounts by name; Prod's Admin is the configured profile, shown once under its name.
    assert_eq!(
        names,
        [
            "prod-admin",
            "corp/Audit/ReadOnly",
            "corp/Dev/PowerUser",
            "corp/Dev/ReadOnly",
            "corp/Prod/ReadOnly",
        ]
    );
    let audit = &rows[1];
    assert_eq!(audit["account_id"], "333333333333");
    assert_eq!(audit["account_name"], "Audit");
    assert_eq!(audit["role_name"], "ReadOnly");
    assert_eq!(audit["kind"], "sso");
    assert_eq!(audit["sso_session"], "corp");
    // Three accounts two to a page: the listing followed the page token.
    assert_eq!(world.standin.count("GET /assignment/accounts"), 2);

    let (code, out, err) = world.run(&[
        "exec",
        "corp/Dev/PowerUser",
        "--",
        "sh",
        "-c",
        "echo $AWS_ACCESS_KEY_ID $SWITCHROLE_PROFILE",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        format!(
            "{} corp/Dev/PowerUser",
            access_key_for("111111111111", "PowerUser")
        )
    );
    // Kept like any session: the next run asks the portal nothing.
    let before = world.standin.count("GET /federation/credentials");
    let (code, out, _) = world.run(&["env", "corp/Dev/PowerUser"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(&access_key_for("111111111111", "PowerUser")),
        "{out}"
    );
    assert_eq!(world.standin.count("GET /federation/credentials"), before);
}

#[test]
fn logout_ends_the_token_at_the_portal_and_removes_its_file() {
    let world = World::new(approving(0));
    assert_eq!(world.run(&["login", "corp"]).0, 0);
    assert_eq!(world.run(&["env", "prod-admin"]).0, 0);
    let kept = || world.run(&["sessions", "--json"]).1;
    assert!(kept().contains("prod-admin"), "{}", kept());
    let (code, out, err) = world.run(&["logout"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "signed out of corp\n");
    // The role sessions had with the token go with it.
    assert!(!kept().contains("prod-admin"), "{}", kept());
    assert_eq!(world.standin.count("POST /logout"), 1);
    assert!(!world.token_path().exists());
    // credential-process with no terminal: nobody could approve a sign-in, so it says how.
    let mut process = world.cmd();
    process.args(["credential-process", "prod-admin"]);
    common::detach(&mut process);
    let (code, out, err) = output(&mut process);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.contains("run `switchrole login corp`"), "{err}");
    assert_eq!(world.standin.count("POST /device_authorization"), 1);
    // The next command signs in again, printing the address only.
    let (code, _, err) = world.run(&["env", "prod-admin", "--no-browser"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(world.standin.count("POST /device_authorization"), 2);
    assert!(err.contains("sign in to corp at"), "{err}");
    let opened = std::fs::read_to_string(world.sandbox.path("browser.log")).unwrap();
    assert_eq!(opened.lines().count(), 1, "--no-browser opened one");
}

#[test]
fn the_picker_signs_in_in_a_modal_then_opens_the_shell_and_lists_every_assignment() {
    let world = World::new(approving(2));
    let mut screen = world.picker_signing_in();
    // Approved after two polls: the assume goes on into the shell.
    screen.wait_for("switchrole: prod-admin");
    let dump = world.sandbox.path("key.txt");
    screen.send(&format!(
        "echo $AWS_ACCESS_KEY_ID > {}; exit\r",
        dump.display()
    ));
    screen.wait_for("Profiles");
    // Listed after the sign-in: the assignments no profile names, under their accounts' names.
    let text = screen.wait_for("corp/Dev/PowerUser");
    assert!(text.contains("111111111111 Dev"), "{text}");
    assert!(text.contains("222222222222 Prod"), "{text}");
    let key = std::fs::read_to_string(&dump).unwrap();
    assert_eq!(key.trim(), access_key_for("222222222222", "Admin"));
    let opened = std::fs::read_to_string(world.sandbox.path("browser.log")).unwrap();
    assert_eq!(
        opened.trim(),
        "https://device.sso.example/?user_code=ABCD-EFGH"
    );
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}

#[test]
fn esc_stops_a_sign_in_that_is_never_approved() {
    let world = World::new(approving(10_000));
    let mut screen = world.picker_signing_in();
    screen.send("\x1b");
    let text = screen.wait_for("stopped signing in to corp");
    assert!(!text.contains("Sign in to IAM Identity Center"), "{text}");
    // The polling stopped with the modal.
    let polls = world.standin.count("POST /token");
    std::thread::sleep(std::time::Duration::from_millis(2500));
    assert_eq!(world.standin.count("POST /token"), polls);
    assert!(!world.token_path().exists());
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}

#[test]
fn letters_typed_behind_the_sign_in_modal_leave_the_list_as_it_was() {
    let world = World::new(approving(10_000));
    let mut screen = world.picker_signing_in();
    // Typed one at a time, as a person glancing away from the code would.
    for c in "xyz".chars() {
        screen.send(&c.to_string());
        std::thread::sleep(std::time::Duration::from_millis(120));
    }
    screen.send("\x1b");
    let text = screen.wait_for("stopped signing in to corp");
    assert!(
        text.contains("> █"),
        "the filter changed behind the modal:\n{text}"
    );
    assert!(text.contains("▶ prod-admin"), "the cursor moved:\n{text}");
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}

#[test]
fn a_renewing_shell_renews_an_sso_role_with_get_role_credentials() {
    let world = World::new(approving(0));
    assert_eq!(world.run(&["login", "corp"]).0, 0);
    let dir = world.sandbox.path("shell");
    std::fs::create_dir(&dir).unwrap();
    let d = dir.display();
    let script = format!("env > {d}/env; while [ ! -e {d}/stop ]; do sleep 0.1; done");
    // Renewed as soon as it is served: 59 of its 60 minutes are inside the margin.
    let mut child = world
        .cmd()
        .env("SWITCHROLE_RENEW_BEFORE", "3590")
        .args([
            "exec",
            "corp/Audit/ReadOnly",
            "--renew",
            "--",
            "sh",
            "-c",
            &script,
        ])
        .spawn()
        .unwrap();
    let calls = || world.standin.count("GET /federation/credentials");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while calls() < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "{:?}",
            world.standin.requests()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let env = std::fs::read_to_string(dir.join("env")).unwrap_or_default();
    assert!(
        env.contains("SWITCHROLE_PROFILE=corp/Audit/ReadOnly"),
        "{env}"
    );
    assert!(
        env.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:"),
        "{env}"
    );
    // The keys the shell's programs get are the renewed session's.
    let var = |name: &str| {
        env.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap()
            .to_string()
    };
    let (url, token) = (
        var("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
        var("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
    );
    let served = || {
        let document = common::served(&url, &token);
        document["Token"].as_str().unwrap_or_default().to_string()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while served() != "session-333333333333-ReadOnly-2" {
        assert!(std::time::Instant::now() < deadline, "served {}", served());
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // Renewal never signs in again while the token lasts.
    assert_eq!(world.standin.count("POST /device_authorization"), 1);
    std::fs::write(dir.join("stop"), "").unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn a_legacy_profile_signs_in_by_its_start_url_as_the_aws_cli_names_it() {
    let world = World::new(approving(0));
    let legacy = "\n[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 333333333333\nsso_role_name = ReadOnly\n";
    let config = std::fs::read_to_string(world.sandbox.path("config")).unwrap();
    std::fs::write(world.sandbox.path("config"), config + legacy).unwrap();
    let (code, out, err) = world.run(&[
        "exec",
        "legacy",
        "--no-browser",
        "--",
        "sh",
        "-c",
        "echo $AWS_ACCESS_KEY_ID",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), access_key_for("333333333333", "ReadOnly"));
    assert!(
        err.contains("sign in to https://legacy.awsapps.com/start at"),
        "{err}"
    );
    // sha1 of the start URL; the token alone: a legacy profile's token is never refreshed.
    let path = world
        .sandbox
        .path(".aws/sso/cache/79e435d7a515078e81c9dffc35f38d5687ebd3a7.json");
    let token: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(token["startUrl"], "https://legacy.awsapps.com/start");
    assert!(
        token.get("clientId").is_none() && token.get("refreshToken").is_none(),
        "{token}"
    );
    // `login` takes the profile's name for a session that has none.
    let (code, out, err) = world.run(&["login", "legacy", "--no-browser"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("signed in to https://legacy.awsapps.com/start until "),
        "{out}"
    );
    // And its start URL, as a message about its ended sign-in names it.
    let (code, _, err) = world.run(&["login", "https://legacy.awsapps.com/start", "--no-browser"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = world.run(&["login", "nosuch"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no sso-session or SSO profile named 'nosuch' in"),
        "{err}"
    );
    assert!(err.contains("the sessions are corp"), "{err}");
}

#[test]
fn a_token_the_portal_no_longer_takes_is_replaced_by_a_new_sign_in() {
    let world = World::new(approving(0));
    // A token that has time left but was revoked (signed out in the browser, say).
    let revoked = serde_json::json!({
        "startUrl": "https://corp.awsapps.com/start", "region": "eu-west-1",
        "accessToken": "revoked", "expiresAt": "2099-01-01T00:00:00Z",
    });
    std::fs::create_dir_all(world.token_path().parent().unwrap()).unwrap();
    std::fs::write(world.token_path(), revoked.to_string()).unwrap();
    world.env_gives_the_admin_keys();
    assert_eq!(world.standin.count("POST /device_authorization"), 1);
    assert_eq!(world.token()["accessToken"], "access-1");
    // Where no sign-in may be opened (a renewal, the picker before its modal), it says how.
    std::fs::write(world.token_path(), revoked.to_string()).unwrap();
    let (code, out, _) = world.run(&["doctor", "prod-admin", "--online"]);
    assert_eq!(code, 1);
    assert!(out.contains("run `switchrole login corp`"), "{out}");
    assert_eq!(world.standin.count("POST /device_authorization"), 1);
}

#[test]
fn slow_down_makes_the_polls_five_seconds_further_apart() {
    let world = World::new(Script {
        slow_downs: 1,
        ..approving(1)
    });
    let (code, _, err) = world.run(&["login", "corp", "--no-browser"]);
    assert_eq!(code, 0, "{err}");
    let polls: Vec<i64> = world
        .standin
        .requests()
        .iter()
        .filter_map(|r| r.strip_prefix("poll at ")?.parse().ok())
        .collect();
    // Polled every second as told, then once 1 + 5 s after the slow_down.
    assert_eq!(polls.len(), 2, "{:?}", world.standin.requests());
    let apart = polls[1] - polls[0];
    assert!((5_900..8_000).contains(&apart), "{apart} ms");
}
