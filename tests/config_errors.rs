//! `list` on a config full of mistakes: each profile carries its own error, naming the profile,
//! the key and the file, and every other profile stays usable.

mod common;
use common::Sandbox;

fn listed() -> (Vec<serde_json::Value>, String) {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/broken");
    let config = std::fs::read_to_string(format!("{fixtures}/config")).unwrap();
    let credentials = std::fs::read_to_string(format!("{fixtures}/credentials")).unwrap();
    let sandbox = Sandbox::new(&config, &credentials, "http://127.0.0.1:9");
    let (code, out, err) = sandbox.run(&["list", "--json"]);
    assert_eq!(code, 0, "{err}");
    (serde_json::from_str(&out).unwrap(), err)
}

fn error_of(rows: &[serde_json::Value], name: &str) -> Option<String> {
    let row = rows
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("{name} not listed"));
    row["error"].as_str().map(String::from)
}

#[test]
fn every_broken_profile_names_its_problem() {
    let (rows, _) = listed();
    let expected = [
        (
            "bad-arn",
            "profile 'bad-arn': role_arn 'arn:aws:iam:123456789012:role/X' is not an IAM role ARN (expected arn:aws:iam::123456789012:role/NAME) (~/config)",
        ),
        (
            "orphan",
            "profile 'orphan' names source_profile 'nobody', which does not exist (~/config)",
        ),
        (
            "loop-b",
            "profile 'loop-b' is in a source_profile loop: loop-b -> loop-c -> loop-a -> loop-b (~/config)",
        ),
        (
            "both",
            "profile 'both' sets both source_profile and credential_source; use one (~/config)",
        ),
        (
            "too-long",
            "profile 'too-long': duration_seconds 99999s is outside the range of 900s to 43200s (~/config)",
        ),
        (
            "words",
            "profile 'words': duration_seconds 'an hour' is not a duration like 3600, 90m or 2h (~/config)",
        ),
        (
            "half",
            "profile 'half' has aws_access_key_id but no aws_secret_access_key (~/credentials)",
        ),
    ];
    for (name, message) in expected {
        assert_eq!(
            error_of(&rows, name).as_deref(),
            Some(message),
            "profile {name}"
        );
    }
    let downstream = error_of(&rows, "on-bad-arn").unwrap();
    assert!(downstream.starts_with("profile 'on-bad-arn' cannot be used because its source is broken: profile 'bad-arn': role_arn"));
}

#[test]
fn good_profiles_survive_their_broken_neighbours() {
    let (rows, err) = listed();
    for name in ["default", "good", "after-unclosed", "base"] {
        assert_eq!(error_of(&rows, name), None, "profile {name}");
    }
    let good = rows.iter().find(|r| r["name"] == "good").unwrap();
    assert_eq!(good["account_id"], "123456789012");
    assert_eq!(good["role_name"], "Good");
    assert_eq!(good["kind"], "role");
    assert_eq!(good["expires_at"], serde_json::Value::Null);
    assert_eq!(
        err.trim(),
        "switchrole: warning: ~/config line 48: a section header has no closing ']'; its lines up to the next section are ignored"
    );
    assert!(
        !rows
            .iter()
            .any(|r| r["name"].as_str().unwrap().contains("unclosed\n"))
    );
}

#[test]
fn using_a_broken_profile_fails_with_its_error() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/broken");
    let config = std::fs::read_to_string(format!("{fixtures}/config")).unwrap();
    let sandbox = Sandbox::new(&config, common::KEYS, "http://127.0.0.1:9");
    let (code, _, err) = sandbox.run(&["env", "orphan"]);
    assert_eq!(code, 1);
    assert!(err.ends_with("switchrole: error: profile 'orphan' names source_profile 'nobody', which does not exist (~/config)\n"), "{err}");
    let (code, _, err) = sandbox.run(&["env", "nobody-at-all"]);
    assert_eq!(code, 1);
    assert!(
        err.ends_with(
            "switchrole: error: no profile named 'nobody-at-all' in ~/config or ~/credentials\n"
        ),
        "{err}"
    );
}

#[test]
fn an_unreadable_file_is_one_clear_error() {
    let sandbox = Sandbox::new("", "", "http://127.0.0.1:9");
    std::fs::remove_file(sandbox.path("config")).unwrap();
    std::fs::create_dir(sandbox.path("config")).unwrap();
    let (code, _, err) = sandbox.run(&["list"]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("switchrole: error: cannot read ~/config: "),
        "{err}"
    );
}

#[test]
fn a_byte_that_is_not_utf8_costs_its_line_and_nothing_else() {
    let moto = common::Moto::start();
    let sandbox = Sandbox::new("", common::KEYS, &moto.url());
    // A Latin-1 é in a comment, in a value, and in a header; a stray binary byte in a key.
    let config = b"# caf\xe9\n[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\n\
region = eu-west-1 # caf\xe9\n\n[profile latin]\nregion = caf\xe9\nre\xffgion = x\nsource_profile = base\n\
[profile caf\xe9]\nregion = x\n[profile after]\nrole_arn = arn:aws:iam::123456789012:role/After\nsource_profile = base\n";
    std::fs::write(sandbox.path("config"), config).unwrap();

    let (code, out, err) = sandbox.run(&["list", "--json"]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["dev", "latin", "after", "base"]);
    assert!(rows.iter().all(|r| r["error"].is_null()), "{rows:?}");
    assert_eq!(rows[0]["region"], "eu-west-1");
    assert_eq!(rows[1]["region"], serde_json::Value::Null);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [
            "switchrole: warning: ~/config line 8: the line is not UTF-8 text; the line is ignored",
            "switchrole: warning: ~/config line 9: the line is not UTF-8 text; the line is ignored",
            "switchrole: warning: ~/config line 11: a section header is not UTF-8 text; its lines up to the next section are ignored",
        ]
    );

    let (code, out, err) =
        sandbox.run(&["exec", "after", "--", "sh", "-c", "echo $AWS_ACCESS_KEY_ID"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.trim().starts_with("ASIA"), "{out}");

    let mut screen = common::pty::Screen::start(&sandbox);
    screen.wait_for("4/4");
    screen.send("aft");
    screen.wait_for("▶ after ");
    screen.send("\x03");
    assert_eq!(screen.wait_exit().exit_code(), 0);
}

#[test]
fn a_value_over_two_lines_or_with_an_escape_stays_on_its_row() {
    let config =
        "[profile multi]\nregion = eu-west-1\n  more\n[profile esc]\nregion = \x1b[31mred\n";
    let sandbox = Sandbox::new(config, "", "http://127.0.0.1:9");
    let (code, out, err) = sandbox.run(&["list"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(out.contains("eu-west-1\\nmore"), "{out}");
    assert!(
        out.contains("\\u{1b}[31mred") && !out.contains('\x1b'),
        "{out}"
    );
}
