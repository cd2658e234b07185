//! When no browser opens (`BROWSER` fails, no `xdg-open` works): `console` says so in one
//! sentence, points at `--print` and leaves no page behind; an IAM Identity Center sign-in
//! goes on, with the address and code on the terminal.

mod common;
use common::sso_world::{World, approving};
use common::standin::{Reply, StandIn};
use common::{KEYS, Moto, Sandbox, output};
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

const SIGNIN_TOKEN: &str = "SigninTokenNoBrowser0c4b2a76b9719d91";

/// A PATH where `xdg-open` fails, and a `BROWSER` that fails too.
fn no_browser(cmd: &mut Command, dir: &std::path::Path) {
    let opener = dir.join("xdg-open");
    std::fs::write(&opener, "#!/bin/sh\nexit 3\n").unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:/usr/bin:/bin", dir.display());
    cmd.env("PATH", path).env("BROWSER", "/bin/false");
}

#[test]
fn console_without_a_browser_says_so_and_leaves_no_page() {
    let moto = Moto::start();
    let federation = StandIn::start(Reply::Federation {
        token: SIGNIN_TOKEN.into(),
    });
    let config =
        "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\n";
    let sandbox = Sandbox::new(config, KEYS, &moto.url());
    let bin = tempfile::tempdir().unwrap();
    let mut cmd = sandbox.cmd();
    no_browser(&mut cmd, bin.path());
    cmd.env(
        "SWITCHROLE_FEDERATION_ENDPOINT",
        format!("{}/federation", federation.url()),
    )
    .env("XDG_RUNTIME_DIR", sandbox.path("run"))
    .args(["console", "dev"]);
    let (code, out, err) = output(&mut cmd);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(
        err.starts_with("switchrole: error: could not open a browser: /bin/false: exit status: 1, xdg-open: exit status: 3; `switchrole console PROFILE --print` prints the URL instead"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains(SIGNIN_TOKEN), "{err}");
    // The page that would have led the browser to the URL is gone.
    let pages = std::fs::read_dir(sandbox.path("run/switchrole"))
        .unwrap()
        .count();
    assert_eq!(pages, 0);
    // --print needs no browser.
    let mut print = sandbox.cmd();
    no_browser(&mut print, bin.path());
    print
        .env(
            "SWITCHROLE_FEDERATION_ENDPOINT",
            format!("{}/federation", federation.url()),
        )
        .args(["console", "dev", "--print"]);
    let (code, out, err) = output(&mut print);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(SIGNIN_TOKEN), "{out}");
}

#[test]
fn a_sign_in_goes_on_without_a_browser_with_the_address_on_the_terminal() {
    let world = World::new(approving(1));
    let bin = tempfile::tempdir().unwrap();
    let mut cmd = world.cmd();
    no_browser(&mut cmd, bin.path());
    let (code, out, err) = output(cmd.args(["login", "corp"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("signed in to corp until "), "{out}");
    assert!(
        err.contains("sign in to corp at https://device.sso.example/?user_code=ABCD-EFGH"),
        "{err}"
    );
    assert!(err.contains("ABCD-EFGH"), "{err}");
    assert!(world.token_path().exists());
}
