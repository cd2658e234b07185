//! Ctrl-Y on a refused role copies one policy at a time and says which; Ctrl-R with no session
//! store says that nothing was kept. Through the real binary in a pseudo-terminal.

mod common;
use common::pty::Screen;
use common::standin::{Reply, StandIn};
use common::{KEYS, Moto, Sandbox};

const DEV: &str =
    "[profile dev]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = base\n";
const USER: &str = "arn:aws:iam::111111111111:user/alice";

fn denied() -> String {
    format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>AccessDenied</Code>\n    <Message>User: {USER} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Admin</Message>\n  </Error>\n  <RequestId>c6104cbe</RequestId>\n</ErrorResponse>\n"
    )
}

fn identity() -> String {
    format!(
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <GetCallerIdentityResult>\n    <Arn>{USER}</Arn>\n    <UserId>AIDAEXAMPLE</UserId>\n    <Account>111111111111</Account>\n  </GetCallerIdentityResult>\n  <ResponseMetadata><RequestId>01234567-89ab</RequestId></ResponseMetadata>\n</GetCallerIdentityResponse>\n"
    )
}

/// Every text put on the clipboard (OSC 52) so far, decoded.
fn clipboard(screen: &Screen) -> Vec<serde_json::Value> {
    use base64::Engine;
    let raw = String::from_utf8_lossy(&screen.raw.lock().unwrap()).into_owned();
    raw.split("\x1b]52;c;")
        .skip(1)
        .filter_map(|rest| rest.split('\x07').next())
        .map(|encoded| {
            let text = base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .unwrap();
            serde_json::from_slice(&text).expect("one JSON document, not two")
        })
        .collect()
}

#[test]
fn ctrl_y_copies_the_trust_statement_then_the_identity_policy() {
    let sts = StandIn::start(Reply::ByAction(vec![
        ("AssumeRole", "403 Forbidden", denied()),
        ("GetCallerIdentity", "200 OK", identity()),
    ]));
    let sandbox = Sandbox::new(DEV, KEYS, &sts.url());
    let mut screen = Screen::start(&sandbox);
    screen.wait_for("2/2");
    screen.send("dev");
    screen.wait_for("▶ dev ");
    screen.send("\r");
    screen.wait_for("dev failed");
    screen.wait_for("^Y copy trust statement");
    screen.send("\x19");
    screen.wait_for(
        "copied the trust statement to the clipboard; ^Y again copies the identity policy",
    );
    screen.wait_for("^Y copy identity policy");
    screen.send("\x19");
    screen.wait_for(
        "copied the identity policy to the clipboard; ^Y again copies the trust statement",
    );
    let copied = clipboard(&screen);
    assert_eq!(copied.len(), 2, "{copied:?}");
    assert_eq!(copied[0]["Principal"]["AWS"], USER);
    assert_eq!(
        copied[1]["Statement"][0]["Resource"],
        "arn:aws:iam::222222222222:role/Admin"
    );
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}

#[test]
fn ctrl_r_without_a_store_says_nothing_was_kept() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(DEV, KEYS, &moto.url());
    let mut screen = Screen::start_with(&sandbox, &["--store", "none"], &[]);
    screen.wait_for("2/2");
    screen.send("dev");
    screen.wait_for("▶ dev ");
    screen.send("\x12");
    let text = screen.wait_for("none is kept");
    assert!(!text.contains("renewed"), "{text}");
    assert!(
        !text.contains("59m"),
        "no countdown of a kept session:\n{text}"
    );
    screen.send("\x03");
    assert!(screen.wait_exit().success());
    // With a store, the same key renews and keeps.
    let mut screen = Screen::start(&sandbox);
    screen.wait_for("2/2");
    screen.send("dev");
    screen.wait_for("▶ dev ");
    screen.send("\x12");
    screen.wait_for("renewed dev");
    screen.wait_for("59m");
    screen.send("\x03");
    assert!(screen.wait_exit().success());
}
