//! Real programs read what switchrole writes: `env` output evaluated by sh, bash, zsh and fish
//! (PowerShell has no package for this machine), the zsh and fish completion scripts run by
//! zsh and fish in a terminal with TAB pressed, and the manual page rendered by `man`.

mod common;
use common::keyring::{ensure_fish, ensure_man, ensure_zsh};
use common::pty::Screen;
use common::{KEYS, Moto, Sandbox, output};
use std::process::Command;

const CONFIG: &str = "\
[profile prod-admin]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = base
region = eu-central-1

[profile prod-readonly]
role_arn = arn:aws:iam::123456789012:role/ReadOnly
source_profile = base

[profile team/ops.%x@y:z+1_2-3]
role_arn = arn:aws:iam::123456789012:role/Quoted
source_profile = base
region = eu-west-1
";

/// A profile name with every character besides letters and digits that a name may hold.
const ODD: &str = "team/ops.%x@y:z+1_2-3";

const BIN: &str = env!("CARGO_BIN_EXE_switchrole");

/// The variables `env` sets, in the order the shells below print them.
const SET: [&str; 7] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_REGION",
    "SWITCHROLE_PROFILE",
    "SWITCHROLE_ROLE_ARN",
];

/// Runs `program args...` with the sandbox's environment and `AWS_PROFILE` set, as a parent
/// shell might have it; returns its stdout.
fn shell(sandbox: &Sandbox, program: &str, args: &[&str]) -> String {
    let mut cmd = Command::new(program);
    cmd.args(args).env("AWS_PROFILE", "someone-else");
    sandbox.set_env(&mut cmd);
    let (code, out, err) = output(&mut cmd);
    assert_eq!(code, 0, "{program}: {err}");
    out
}

#[test]
fn env_output_is_read_by_sh_bash_zsh_and_fish_as_json_says() {
    ensure_zsh();
    ensure_fish();
    let moto = Moto::start();
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    let (code, json, err) = sandbox.run(&["env", ODD, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let vars: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut expected: Vec<String> = SET
        .iter()
        .map(|name| vars[name].as_str().unwrap().to_string())
        .collect();
    // The token holds `/`, `+` and `=`: quoting must carry them through.
    assert!(expected[2].contains(['/', '+', '=']), "{}", expected[2]);
    assert_eq!(expected[5], ODD);
    expected.push("unset".into());
    let expected = expected.join("\n") + "\n";

    // POSIX shells: one line per variable, then whether AWS_PROFILE went.
    let posix = SET
        .iter()
        .map(|v| format!("printf '%s\\n' \"${v}\";"))
        .collect::<String>();
    let script =
        format!("eval \"$({BIN} env \"$1\")\"; {posix} printf '%s\\n' \"${{AWS_PROFILE-unset}}\"");
    for (program, args) in [
        ("sh", vec!["-c"]),
        ("bash", vec!["-c"]),
        ("zsh", vec!["-f", "-c"]),
    ] {
        // The profile's name reaches the script as its first argument, untouched.
        let mut all = args.clone();
        all.extend([script.as_str(), program, ODD]);
        assert_eq!(shell(&sandbox, program, &all), expected, "{program}");
    }
    let fish_print = SET
        .iter()
        .map(|v| format!("printf '%s\\n' \"${v}\";"))
        .collect::<String>();
    let script = format!(
        "{BIN} env $argv[1] --format fish | source; {fish_print} set -q AWS_PROFILE; or echo unset"
    );
    let fish = shell(&sandbox, "fish", &["--no-config", "-c", &script, ODD]);
    assert_eq!(fish, expected, "fish");
}

/// `shell` in a terminal with switchrole's completion loaded by `setup`; types `line`, presses
/// TAB and returns the screen once `completed` shows.
fn tab_in(sandbox: &Sandbox, shell: &str, args: &[&str], setup: &str, line: &str, completed: &str) {
    // The scripts call `switchrole` from PATH, as an installed one is.
    let bin_dir = std::path::Path::new(BIN)
        .parent()
        .unwrap()
        .display()
        .to_string();
    let path = format!("{bin_dir}:{}", std::env::var("PATH").unwrap());
    let mut screen = Screen::start_program(sandbox, shell, args, &[("PATH", path)]);
    screen.send(&format!("{setup}\r"));
    // The typed line shows `load""ed`, the printed one `loaded`.
    screen.send("echo load\"\"ed\r");
    screen.wait_for("\nloaded");
    screen.send(&format!("{line}\t"));
    screen.wait_for(completed);
    // Ctrl-U drops the line; the shell then ends.
    screen.send("\x15exit\r");
    screen.wait_exit();
}

#[test]
fn zsh_completes_a_profile_name_on_tab() {
    ensure_zsh();
    let sandbox = Sandbox::new(CONFIG, KEYS, "http://127.0.0.1:9");
    let setup = format!("autoload -Uz compinit && compinit -u && source <({BIN} completions zsh)");
    let args = ["-f", "-i"];
    tab_in(
        &sandbox,
        "zsh",
        &args,
        &setup,
        "switchrole exec prod-a",
        "switchrole exec prod-admin",
    );
    tab_in(
        &sandbox,
        "zsh",
        &args,
        &setup,
        "switchrole cred",
        "switchrole credential-process",
    );
}

#[test]
fn fish_completes_a_profile_name_on_tab() {
    ensure_fish();
    let sandbox = Sandbox::new(CONFIG, KEYS, "http://127.0.0.1:9");
    let setup = format!("{BIN} completions fish | source");
    let args = ["--no-config", "-i"];
    tab_in(
        &sandbox,
        "fish",
        &args,
        &setup,
        "switchrole exec prod-a",
        "switchrole exec prod-admin",
    );
    tab_in(
        &sandbox,
        "fish",
        &args,
        &setup,
        "switchrole env prod-r",
        "switchrole env prod-readonly",
    );
}

#[test]
fn the_manual_page_renders_without_a_warning() {
    ensure_man();
    let sandbox = Sandbox::new("", "", "http://127.0.0.1:9");
    let (code, page, err) = sandbox.run(&["man"]);
    assert_eq!(code, 0, "{err}");
    let path = sandbox.path("switchrole.1");
    std::fs::write(&path, page).unwrap();
    // As Debian's lintian checks a manual page: man's warnings, at 80 columns, in UTF-8.
    let mut man = Command::new("man");
    man.args(["--warnings", "-E", "UTF-8", "-l"])
        .arg(&path)
        .env("LC_ALL", "C.UTF-8")
        .env("MANROFFSEQ", "")
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat");
    let (code, text, warnings) = output(&mut man);
    assert_eq!((code, warnings.as_str()), (0, ""), "man -l warned");
    assert!(text.contains("switchrole"), "{text}");
    assert!(text.lines().count() > 20, "{text}");
}
