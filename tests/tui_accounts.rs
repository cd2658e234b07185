//! Accounts named in switchrole's settings (`[accounts]`, set with `settings set
//! accounts.ID NAME`): shown by `list`, `list --json` and the picker's group headers, and
//! matched by the picker's filter. Through the real binary.

mod common;
use common::pty::Screen;
use common::{KEYS, Sandbox};

const TWO_ACCOUNTS: &str = "\
[profile web-admin]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = base

[profile web-read]
role_arn = arn:aws:iam::123456789012:role/ReadOnly
source_profile = base

[profile data-admin]
role_arn = arn:aws:iam::210987654321:role/Admin
source_profile = base
";

#[test]
fn settings_name_an_account_for_list_and_json() {
    let sandbox = Sandbox::new(TWO_ACCOUNTS, KEYS, "http://127.0.0.1:9");
    let (code, _, err) = sandbox.run(&["settings", "set", "accounts.123456789012", "prod"]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = sandbox.run(&["settings", "get", "accounts.123456789012"]);
    assert_eq!(out, "prod\n");
    let (_, out, _) = sandbox.run(&["settings"]);
    assert!(out.contains("accounts.123456789012 = prod\n"), "{out}");
    // The file is switchrole's own, readable as written.
    let file = std::fs::read_to_string(sandbox.path("xdg-config/switchrole/config")).unwrap();
    assert!(file.contains("[accounts]\n123456789012=prod"), "{file}");
    let (code, _, err) = sandbox.run(&["settings", "set", "accounts.12345", "x"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "switchrole: error: '12345' is not an account id; an account id is 12 digits, as in accounts.123456789012\n"
    );

    let (code, out, err) = sandbox.run(&["list"]);
    assert_eq!(code, 0, "{err}");
    let web = out.lines().find(|l| l.starts_with("web-admin ")).unwrap();
    assert!(web.contains("123456789012 (prod)"), "{out}");
    let data = out.lines().find(|l| l.starts_with("data-admin ")).unwrap();
    assert!(!data.contains('('), "{out}");
    let (_, out, _) = sandbox.run(&["list", "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let named = |name: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap()["account_name"]
            .clone()
    };
    assert_eq!(named("web-read"), "prod");
    assert_eq!(named("data-admin"), serde_json::Value::Null);

    let (code, _, _) = sandbox.run(&["settings", "unset", "accounts.123456789012"]);
    assert_eq!(code, 0);
    let (_, out, _) = sandbox.run(&["list"]);
    assert!(!out.contains("(prod)"), "{out}");
}

#[test]
fn the_picker_heads_an_account_with_its_name_and_filters_by_it() {
    let sandbox = Sandbox::new(TWO_ACCOUNTS, KEYS, "http://127.0.0.1:9");
    let (code, _, err) = sandbox.run(&["settings", "set", "accounts.123456789012", "storefront"]);
    assert_eq!(code, 0, "{err}");
    let mut screen = Screen::start(&sandbox);
    screen.wait_for("4/4");
    let text = screen.wait_for("│123456789012 storefront");
    assert!(text.contains("│210987654321 "), "{text}");
    // No profile's name, role or region says "storefront": only the account's name does.
    screen.send("storefront");
    screen.wait_for("2/4");
    let text = screen.text();
    assert!(
        text.contains("web-admin") && text.contains("web-read"),
        "{text}"
    );
    assert!(!text.contains("data-admin"), "{text}");
    // The details say the name beside the id.
    assert!(text.contains("account 123456789012 (storefront)"), "{text}");
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}
