//! `settings` on switchrole's own file, shell completion of profile names read live, and the
//! manual page.

mod common;
use common::{KEYS, Moto, Sandbox, output};
use std::process::Command;

const CONFIG: &str = "\
[profile prod-admin]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = base

[profile prod-readonly]
role_arn = arn:aws:iam::123456789012:role/ReadOnly
source_profile = base
";

#[test]
fn settings_round_trip_and_refuse_what_they_cannot_take() {
    let sandbox = Sandbox::new(CONFIG, KEYS, "http://127.0.0.1:9");
    let (code, out, err) = sandbox.run(&["settings", "set", "renew", "yes"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "");
    let (_, out, _) = sandbox.run(&["settings", "get", "renew"]);
    assert_eq!(out, "true\n");
    let (_, out, _) = sandbox.run(&["settings"]);
    assert_eq!(
        out,
        "store = file\nrenew = true\nrecent = true  (default)\nwarn_before = 300  (default)\nmfa_session_duration = 28800  (default)\n"
    );
    let (code, _, _) = sandbox.run(&["settings", "unset", "renew"]);
    assert_eq!(code, 0);
    let (_, out, _) = sandbox.run(&["settings", "get", "renew"]);
    assert_eq!(out, "false\n");

    let (code, _, err) = sandbox.run(&["settings", "set", "stroe", "file"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "switchrole: error: unknown setting 'stroe'; the settings are store, renew, recent, warn_before, mfa_session_duration and accounts.ACCOUNT_ID\n"
    );
    let (code, _, err) = sandbox.run(&["settings", "set", "store", "bogus"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "switchrole: error: store 'bogus' is not valid; store takes keyring, file or none\n"
    );
    let (code, _, err) = sandbox.run(&["settings", "set", "warn_before", "soon"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("warn_before 'soon' is not valid; warn_before takes seconds from 0 to 3600"),
        "{err}"
    );
    // A bad value written by hand is named with its file by every command that reads it.
    let file = sandbox.path("xdg-config/switchrole/config");
    std::fs::write(&file, "[settings]\nstore = vault\n").unwrap();
    let (code, _, err) = sandbox.run(&["list"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("~/xdg-config/switchrole/config: store 'vault' is not valid; store takes keyring, file or none"),
        "{err}"
    );
}

#[test]
fn a_store_set_in_the_settings_takes_effect() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    let key = || {
        let (code, out, err) = sandbox.run(&["credential-process", "prod-admin"]);
        assert_eq!(code, 0, "{err}");
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        doc["AccessKeyId"].as_str().unwrap().to_string()
    };
    // The sandbox starts with `store = file`: the second run is a cache hit.
    assert_eq!(key(), key());
    let (code, _, err) = sandbox.run(&["settings", "set", "store", "none"]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(key(), key(), "nothing is kept with store = none");
}

/// Asks the binary for completions the way the registered zsh function does.
fn completions_over_the_protocol(sandbox: &Sandbox, shell: &str, words: &[&str]) -> String {
    let mut cmd = sandbox.cmd();
    cmd.env("SWITCHROLE_COMPLETE", shell)
        .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
        .env("_CLAP_IFS", "\n")
        .arg("--")
        .args(words);
    let (code, out, err) = output(&mut cmd);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn bash_completes_profile_names_after_exec() {
    let sandbox = Sandbox::new(CONFIG, KEYS, "http://127.0.0.1:9");
    let (code, script, err) = sandbox.run(&["completions", "bash"]);
    assert_eq!(code, 0, "{err}");
    // switchrole is called from PATH: the script outlives the binary it came from.
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_switchrole"));
    assert!(!script.contains(bin.to_str().unwrap()), "{script}");
    assert!(script.contains("\"switchrole\" -- "), "{script}");
    let path = sandbox.path("completion.bash");
    std::fs::write(&path, script).unwrap();
    let complete = |line: &str| {
        let probe = format!(
            "source {}; COMP_WORDS=({line}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             _clap_complete_switchrole switchrole \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            path.display()
        );
        let mut bash = Command::new("bash");
        bash.args(["-c", &probe]);
        sandbox.set_env(&mut bash);
        let path = std::env::var("PATH").unwrap_or_default();
        bash.env(
            "PATH",
            format!("{}:{path}", bin.parent().unwrap().display()),
        );
        let (code, out, err) = output(&mut bash);
        assert_eq!(code, 0, "{err}");
        out
    };
    let names = complete("switchrole exec ''");
    assert!(names.lines().any(|l| l.trim() == "prod-admin"), "{names}");
    assert!(
        names.lines().any(|l| l.trim() == "prod-readonly"),
        "{names}"
    );
    let narrowed = complete("switchrole env prod-r");
    assert_eq!(narrowed.trim(), "prod-readonly");
    let commands = complete("switchrole cred");
    assert_eq!(commands.trim(), "credential-process");
    assert_eq!(complete("switchrole doctor prod-r").trim(), "prod-readonly");
    // Read live: a profile added to the config is offered at the next TAB.
    let more = format!("{CONFIG}\n[profile staging]\nregion = eu-west-1\n");
    std::fs::write(sandbox.path("config"), more).unwrap();
    assert!(complete("switchrole whoami st").contains("staging"));
}

#[test]
fn zsh_and_fish_get_the_same_names() {
    let sandbox = Sandbox::new(CONFIG, KEYS, "http://127.0.0.1:9");
    for shell in ["zsh", "fish"] {
        let (code, script, _) = sandbox.run(&["completions", shell]);
        assert_eq!(code, 0);
        assert!(script.contains("SWITCHROLE_COMPLETE"), "{script}");
        let names =
            completions_over_the_protocol(&sandbox, shell, &["switchrole", "clear", "prod-a"]);
        assert!(names.contains("prod-admin"), "{shell}: {names}");
        assert!(!names.contains("prod-readonly"), "{shell}: {names}");
    }
}

#[test]
fn the_manual_page_renders_without_warnings_and_says_what_help_does_not() {
    let sandbox = Sandbox::new("", "", "http://127.0.0.1:9");
    let (code, page, err) = sandbox.run(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(page.contains(".TH switchrole 1"), "{page}");
    // No page refers to another that is not shipped.
    assert!(!page.contains("switchrole\\-exec(1)"), "{page}");
    let man = |args: &[&str]| {
        let mut man = Command::new("man");
        man.args(args)
            .args(["-l", "-"])
            .env("MANWIDTH", "80")
            .env("MAN_KEEP_FORMATTING", "0")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = man.spawn().unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(page.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
        (text(out.stdout), text(out.stderr))
    };
    let (_, warnings) = man(&["--warnings"]);
    assert_eq!(warnings, "", "man -l warns");
    let (shown, _) = man(&[]);
    // Bold and underline are drawn with backspaces on a terminal-less man; read the letters.
    let shown: String = {
        let mut out = String::new();
        for c in shown.chars() {
            match c {
                '\u{8}' => drop(out.pop()),
                c => out.push(c),
            }
        }
        out
    };
    for heading in [
        "COMMANDS",
        "THE PICKER",
        "SETTINGS",
        "ENVIRONMENT",
        "FILES",
        "EXIT STATUS",
        "EXAMPLES",
    ] {
        assert!(
            shown.contains(&format!("\n{heading}\n")),
            "{heading} missing:\n{shown}"
        );
    }
    for said in [
        "switchrole exec [OPTIONS] <PROFILE> [-- <COMMAND>...]",
        "--mfa-code CODE",
        "switchrole settings set [OPTIONS] <KEY> <VALUE>",
        "Ctrl-R",
        "AWS_SHARED_CREDENTIALS_FILE",
        "SWITCHROLE_PROFILE",
        "$XDG_STATE_HOME/switchrole/state.json",
        "126, 127",
        "eval \"$(switchrole env prod-admin)\"",
        "mfa_session_duration",
    ] {
        assert!(shown.contains(said), "{said} missing:\n{shown}");
    }
}
