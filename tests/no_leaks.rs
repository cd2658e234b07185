//! A known long-term secret must never show up in what switchrole prints or writes: run every
//! command (successes and failures) and search all output and every file it wrote.

mod common;
use common::{KEYS, Moto, Sandbox, output};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const CONFIG: &str = "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\n\
[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/M\nsource_profile = base\nmfa_serial = arn:aws:iam::111111111111:mfa/a\n\
[profile broken]\nrole_arn = arn:aws:iam:1:role/X\nsource_profile = base\n";

fn all_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            all_files(&path, out)
        } else {
            out.push(path)
        }
    }
}

#[test]
fn the_secret_key_never_leaves_the_credentials_file() {
    assert!(KEYS.contains(SECRET));
    let moto = Moto::start();
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    let commands: &[&[&str]] = &[
        &["list"],
        &["list", "--json"],
        &["env", "dev"],
        &["env", "dev", "--format", "fish"],
        &["env", "dev", "--format", "json"],
        &["credential-process", "dev"],
        &["whoami", "dev"],
        &["exec", "dev", "--", "true"],
        &["env", "mfa", "--mfa-code", "12"],
        &["env", "mfa", "--mfa-code", "123456"],
        &["env", "broken"],
        &["sessions"],
        &["sessions", "--json"],
        &["--store", "keyring", "add", "x", "--from-env", "--no-check"],
    ];
    let mut seen = String::new();
    for args in commands {
        let mut cmd = sandbox.cmd();
        cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("RUST_BACKTRACE", "1")
            .args(*args);
        let (_, out, err) = output(&mut cmd);
        seen.push_str(&format!("$ {args:?}\n{out}{err}"));
    }
    // Failures too: STS unreachable.
    let dead = Sandbox::new(CONFIG, KEYS, "http://127.0.0.1:9");
    let (code, out, err) = dead.run(&["env", "dev", "--no-cache"]);
    assert_eq!(code, 1);
    seen.push_str(&out);
    seen.push_str(&err);
    assert!(
        seen.contains("AKIAIOSFODNN7EXAMPLE") || seen.contains("ASIA"),
        "the commands ran"
    );
    assert!(!seen.contains(SECRET), "secret printed:\n{seen}");

    let mut files = Vec::new();
    all_files(sandbox.dir.path(), &mut files);
    for file in files.iter().filter(|f| !f.ends_with("credentials")) {
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        assert!(
            !text.contains(SECRET),
            "secret written to {}",
            file.display()
        );
    }
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().contains("sessions")),
        "sessions were cached"
    );
    let (code, out, err) = sandbox.run(&["clear"]);
    assert_eq!(code, 0, "{err}");
    assert!(!format!("{out}{err}").contains(SECRET));
}
