//! When a call fails, one line that names the operation and the endpoint or file and gives
//! one plain cause: no SDK dump, nothing said twice, and no reply body that could hold keys.

mod common;
use common::standin::{Reply, StandIn};
use common::{KEYS, Sandbox};

const CONFIG: &str =
    "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\n";
const FAILED: &str = "switchrole: error: AssumeRole arn:aws:iam::123456789012:role/Dev failed:";

/// What `env dev` says on stderr against `endpoint`.
fn said_against(endpoint: &str) -> String {
    let sandbox = Sandbox::new(CONFIG, KEYS, endpoint);
    let (code, out, err) = sandbox.run(&["env", "dev"]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    err
}

/// The one error line of `env dev` against `endpoint`.
fn error_against(endpoint: &str) -> String {
    let err = said_against(endpoint);
    assert_eq!(err.lines().count(), 1, "{err}");
    err.trim_end().to_string()
}

#[test]
fn a_refused_connection_an_unknown_host_and_a_silent_endpoint() {
    let silent = StandIn::start(Reply::Never);
    // A port nothing listens on: bind one, note it, let it go.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_url = format!("http://127.0.0.1:{}", closed.local_addr().unwrap().port());
    drop(closed);
    assert_eq!(
        error_against(&closed_url),
        format!("{FAILED} could not reach STS at {closed_url}: connection refused")
    );
    assert_eq!(
        error_against("http://sts.nowhere.invalid"),
        format!(
            "{FAILED} could not reach STS at http://sts.nowhere.invalid: DNS lookup of sts.nowhere.invalid failed"
        )
    );
    assert_eq!(
        error_against(&silent.url()),
        format!(
            "{FAILED} could not reach STS at {}: timed out after 25 s",
            silent.url()
        )
    );
}

#[test]
fn a_reply_that_is_not_stss_gives_its_status_and_first_line() {
    let gateway = StandIn::start(Reply::With {
        status: "502 Bad Gateway",
        content_type: "text/html",
        body: "\n<html><body>upstream is down</body></html>\n<p>second line</p>\n".into(),
    });
    assert_eq!(
        error_against(&gateway.url()),
        format!(
            "{FAILED} STS answered HTTP 502 with a reply switchrole cannot read: <html><body>upstream is down</body></html>"
        )
    );
    // moto's IAM refusal is not in STS's shape, but its code is read: it is explained.
    let moto_shaped = StandIn::start(Reply::With {
        status: "403 Forbidden",
        content_type: "text/xml",
        body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Errors><Error><Code>AccessDenied</Code></Error></Errors>".into(),
    });
    let err = said_against(&moto_shaped.url());
    assert!(err.starts_with(&format!("{FAILED} AccessDenied")), "{err}");
    assert!(err.contains("STS does not say which check failed"), "{err}");
    assert!(!err.contains("Unknown"), "{err}");
}

#[test]
fn a_success_that_cannot_be_read_never_quotes_its_body() {
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    // Never quoted: a body that looks like a success may hold keys.
    let cut_short = StandIn::start(Reply::With {
        status: "200 OK",
        content_type: "text/xml",
        body: format!(
            "<AssumeRoleResponse><AssumeRoleResult><Credentials><SecretAccessKey>{secret}"
        ),
    });
    // The SDK reads it as a success with empty keys; switchrole refuses to hand those out.
    assert_eq!(
        error_against(&cut_short.url()),
        format!("{FAILED} STS answered without whole credentials (a reply cut short?)")
    );
}

#[test]
fn a_file_that_cannot_be_read_says_its_cause_once() {
    let sandbox = Sandbox::new(CONFIG, KEYS, "http://127.0.0.1:9");
    std::fs::remove_file(sandbox.path("credentials")).unwrap();
    std::fs::create_dir(sandbox.path("credentials")).unwrap();
    let (code, _, err) = sandbox.run(&["env", "dev"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "switchrole: error: cannot read ~/credentials: Is a directory (os error 21)\n"
    );
}

#[test]
fn a_name_that_does_not_exist_gets_the_closest_ones() {
    let config =
        format!("{CONFIG}[profile prod-admin]\nregion = x\n[profile prod-audit]\nregion = x\n");
    let sandbox = Sandbox::new(&config, KEYS, "http://127.0.0.1:9");
    let said = |name: &str| sandbox.run(&["exec", name, "--", "true"]).2;
    let missing = |name: &str| {
        format!("switchrole: error: no profile named '{name}' in ~/config or ~/credentials")
    };
    assert_eq!(
        said("dve"),
        format!("{}; did you mean 'dev'?\n", missing("dve"))
    );
    assert_eq!(
        said("prod-admn"),
        format!(
            "{}; did you mean one of 'prod-admin', 'prod-audit'?\n",
            missing("prod-admn")
        )
    );
    assert_eq!(
        said("prod"),
        format!(
            "{}; did you mean one of 'prod-admin', 'prod-audit'?\n",
            missing("prod")
        )
    );
    assert_eq!(said("zzzzzzz"), format!("{}\n", missing("zzzzzzz")));
    // `clear` as well: a name with no profile and no session is a mistake, not 0 cleared.
    let (code, _, err) = sandbox.run(&["clear", "prod-admn"]);
    assert_eq!(
        (code, err),
        (
            1,
            format!(
                "{}; did you mean one of 'prod-admin', 'prod-audit'?\n",
                missing("prod-admn")
            )
        )
    );
    let (code, _, err) = sandbox.run(&["clear", "prod-admin"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "switchrole: cleared 0 sessions from the file store\n");
}
