//! switchrole with no keyring at all: no Secret Service on D-Bus and a kernel keyring that
//! refuses every call (a container's seccomp profile). Commands still work, cache nothing,
//! write nothing secret, and say so once.

mod common;
use common::keyring::without_kernel_keyring;
use common::{Moto, Sandbox, output};
use std::process::Command;

const CONFIG: &str =
    "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\n";

/// The binary with the keyring store chosen (the default) and neither keyring reachable.
fn unkept(sandbox: &Sandbox) -> Command {
    let mut cmd = sandbox.cmd();
    cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .args(["--store", "keyring"]);
    without_kernel_keyring(&mut cmd);
    cmd
}

#[test]
fn the_kernel_keyring_is_really_out_of_reach_under_the_filter() {
    common::keyring::ensure_keyctl();
    let mut probe = Command::new("keyctl");
    probe.args(["show", "@s"]);
    let (code, _, _) = output(&mut probe);
    assert_eq!(code, 0, "keyctl works outside the filter");
    without_kernel_keyring(&mut probe);
    let (code, _, err) = output(&mut probe);
    assert_ne!(code, 0, "keyctl worked under the filter: {err}");
}

#[test]
fn with_no_keyring_at_all_commands_work_cache_nothing_and_say_so_once() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(CONFIG, common::KEYS, &moto.url());
    let notice = "switchrole: no keyring answered, so nothing is cached";
    for args in [
        &["env", "dev"][..],
        &["credential-process", "dev"],
        &["exec", "dev", "--", "true"],
        &["whoami", "dev"],
    ] {
        moto.record();
        let (code, out, err) = output(unkept(&sandbox).args(args));
        assert_eq!(code, 0, "{args:?}: {err}");
        // credential-process's stderr reaches the person only through the tool that ran it,
        // as the first line of whatever else goes wrong there: it says nothing.
        let once = usize::from(args[0] != "credential-process");
        assert_eq!(err.matches(notice).count(), once, "{args:?}: {err}");
        assert!(
            once == 0 || err.contains("`switchrole settings set store file`"),
            "{err}"
        );
        assert!(!out.contains(notice));
        // Nothing kept: every run asks STS.
        assert!(
            moto.actions().contains(&"AssumeRole".to_string()),
            "{args:?}"
        );
    }
    assert!(!sandbox.path("cache/switchrole/sessions").exists());
    let (code, out, _) = output(unkept(&sandbox).arg("sessions"));
    assert_eq!(code, 0);
    assert!(!out.contains("dev"), "{out}");
    // Long-term keys have nowhere to go: refused, with what to do.
    let mut add = unkept(&sandbox);
    add.env("AWS_ACCESS_KEY_ID", "AKIAFIXTUREADDED0001")
        .env("AWS_SECRET_ACCESS_KEY", "added-secret-4f2a")
        .args(["add", "alice", "--from-env", "--no-check"]);
    let (code, _, err) = output(&mut add);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("added-secret-4f2a"), "{err}");
    assert!(err.contains("--store file"), "{err}");
}
