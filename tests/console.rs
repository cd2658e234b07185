//! `switchrole console` against moto (STS) and a loopback stand-in for the federation
//! endpoint: what is sent there, the URL that comes back, the browser's page, the errors, and
//! the Switch Role link, which needs no STS at all.

mod common;
use common::standin::{Reply, Seen, StandIn};
use common::{KEYS, Moto, Sandbox, arn_of, output};
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;

const CONFIG: &str = "\
[profile dev]
role_arn = arn:aws:iam::123456789012:role/Dev
source_profile = base
role_session_name = console-test
region = eu-central-1

[profile nowhere]
role_arn = arn:aws:iam::123456789012:role/NoRegion
source_profile = base

[profile chained]
role_arn = arn:aws:iam::123456789012:role/Chained
source_profile = dev

[profile partner]
role_arn = arn:aws:iam::123456789012:role/Partner
source_profile = base
external_id = partner-4711

[profile pathed]
role_arn = arn:aws:iam::210987654321:role/team/ops/Operator
source_profile = missing-source
";

/// A token as the stand-in gives it, different in every run, with characters that need encoding.
fn token() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("tok+{nanos:x}/=")
}

/// A federation endpoint that hands out `token` for a well-formed request.
fn federation(token: &str) -> StandIn {
    StandIn::start(Reply::Federation {
        token: token.into(),
    })
}

/// Checks that the Session JSON holds exactly the credentials STS issued as `issued`.
#[track_caller]
fn session_is(session: &serde_json::Value, issued: &common::Issued) {
    assert_eq!(
        session,
        &serde_json::json!({
            "sessionId": issued.key_id, "sessionKey": issued.secret, "sessionToken": issued.token,
        }),
        "the console got credentials other than {}'s",
        issued.arn
    );
}

fn console_cmd(sandbox: &Sandbox, endpoint: &str, args: &[&str]) -> std::process::Command {
    let mut cmd = sandbox.cmd();
    cmd.env("SWITCHROLE_FEDERATION_ENDPOINT", endpoint)
        .env("XDG_RUNTIME_DIR", sandbox.path("run"))
        .arg("console")
        .args(args);
    cmd
}

/// The query of a URL, decoded, and what comes before it.
fn split_url(url: &str) -> (String, BTreeMap<String, String>) {
    let (base, query) = url.trim().split_once('?').unwrap();
    let params = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    (base.to_string(), params)
}

/// The one request the endpoint got, its form, and the Session JSON in it.
fn the_request(standin: &StandIn) -> (Seen, BTreeMap<String, String>, serde_json::Value) {
    let seen = standin.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let request = seen[0].clone();
    let form = request.form();
    let session = serde_json::from_str(&form["Session"]).unwrap();
    (request, form, session)
}

#[test]
fn print_exchanges_moto_s_role_session_for_the_stand_in_s_token() {
    let moto = Moto::start();
    let token = token();
    let signin = federation(&token);
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    let endpoint = format!("{}/federation", signin.url());
    let (code, out, err) = output(&mut console_cmd(&sandbox, &endpoint, &["dev", "--print"]));
    assert_eq!(code, 0, "{err}");

    // The credentials went in a POST body, never in the URL.
    let (request, form, session) = the_request(&signin);
    assert_eq!(request.request_line, "POST /federation HTTP/1.1");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(form["Action"], "getSigninToken");
    assert!(!form.contains_key("SessionDuration"), "{form:?}");
    // Those keys are moto's session for the role, whole: STS says who they are.
    session_is(&session, &moto.assumed("assumed-role/Dev/console-test"));
    let held = format!(
        "{KEYS}\n[held]\naws_access_key_id = {}\naws_secret_access_key = {}\naws_session_token = {}\n",
        session["sessionId"].as_str().unwrap(),
        session["sessionKey"].as_str().unwrap(),
        session["sessionToken"].as_str().unwrap(),
    );
    std::fs::write(sandbox.path("credentials"), held).unwrap();
    let (code, who, err) = sandbox.run(&["whoami", "held"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        arn_of(&who),
        "arn:aws:sts::123456789012:assumed-role/Dev/console-test"
    );

    let (base, params) = split_url(&out);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert_eq!(base, endpoint);
    assert_eq!(params["Action"], "login");
    assert_eq!(params["Issuer"], "switchrole");
    assert_eq!(params["SigninToken"], token);
    assert_eq!(
        params["Destination"],
        "https://eu-central-1.console.aws.amazon.com/console/home?region=eu-central-1"
    );
}

#[test]
fn the_destination_follows_the_flag_the_region_or_the_global_console() {
    let moto = Moto::start();
    let signin = federation(&token());
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    let endpoint = format!("{}/federation", signin.url());
    let destination_of = |args: &[&str]| {
        let (code, out, err) = output(&mut console_cmd(&sandbox, &endpoint, args));
        assert_eq!(code, 0, "{err}");
        split_url(&out).1["Destination"].clone()
    };
    assert_eq!(
        destination_of(&["nowhere", "--print"]),
        "https://console.aws.amazon.com/"
    );
    assert_eq!(
        destination_of(&["nowhere", "--print", "--region", "ap-southeast-2"]),
        "https://ap-southeast-2.console.aws.amazon.com/console/home?region=ap-southeast-2"
    );
    let s3 = "https://eu-central-1.console.aws.amazon.com/s3/buckets?region=eu-central-1&tab=a b";
    assert_eq!(destination_of(&["dev", "--print", "--destination", s3]), s3);
}

#[test]
fn the_browser_gets_a_private_page_that_leads_to_the_url_and_never_the_url() {
    let moto = Moto::start();
    let token = token();
    let signin = federation(&token);
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    let endpoint = format!("{}/federation", signin.url());
    // A browser that notes what it was given, the modes, and the page it was pointed at.
    let script = sandbox.path("browser.sh");
    let notes = sandbox.path("notes");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$0\" \"$@\" > {n}/argv\nstat -c %a \"$2\" > {n}/mode\nstat -c %a \"$(dirname \"$2\")\" > {n}/dirmode\ncat \"$2\" > {n}/page\n",
            n = notes.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::create_dir(&notes).unwrap();
    let mut cmd = console_cmd(&sandbox, &endpoint, &["dev"]);
    // A first entry that does not exist, then ours with the page in the middle of its words.
    cmd.env(
        "BROWSER",
        format!("no-such-browser-here:{} --tab %s", script.display()),
    );
    let (code, out, err) = output(&mut cmd);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "", "nothing on stdout without --print");
    assert!(err.contains("opened the AWS console as dev with "), "{err}");
    assert!(
        !err.contains(&token) && !err.contains("SigninToken"),
        "{err}"
    );

    let read = |name: &str| std::fs::read_to_string(notes.join(name)).unwrap();
    let argv = read("argv");
    assert!(
        !argv.contains(&token) && !argv.contains("SigninToken"),
        "{argv}"
    );
    let page_path = argv.lines().nth(2).unwrap();
    assert_eq!(argv.lines().nth(1), Some("--tab"));
    assert!(
        page_path.starts_with(&sandbox.path("run/switchrole/").display().to_string()),
        "{argv}"
    );
    assert_eq!(read("mode").trim(), "600");
    assert_eq!(read("dirmode").trim(), "700");
    // The page sends the browser on to the sign-in URL.
    let page = read("page");
    let refresh = page
        .split("content=\"0;url=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    let (base, params) = split_url(&refresh);
    assert_eq!(base, endpoint);
    assert_eq!(params["SigninToken"], token);
    assert_eq!(params["Action"], "login");
    // A process of its own removes the page in a minute: switchrole has already exited.
    let remover = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .find_map(|entry| {
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let words: Vec<String> = cmdline
                .split(|&b| b == 0)
                .map(|w| String::from_utf8_lossy(w).into_owned())
                .collect();
            let removes = words.iter().any(|w| w.contains("rm -f --"));
            (removes && words.iter().any(|w| w == page_path)).then_some(words)
        });
    let remover = remover.expect("a process that removes the page");
    assert_eq!(remover[4], "60", "{remover:?}");
}

/// What moto's GetFederationToken answers.
fn federation_token_of(moto: &Moto) -> common::Issued {
    let reply = moto.call(
        common::PROBE_KEY,
        None,
        "GetFederationToken",
        &[("Name", "probe")],
    );
    common::Issued::from_reply(&reply, "the federated user")
}

#[test]
fn long_term_keys_sign_in_as_a_federated_user_and_a_duration_goes_where_aws_takes_it() {
    let moto = Moto::start();
    let signin = federation(&token());
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    let endpoint = format!("{}/federation", signin.url());
    moto.record();
    let (code, _, err) = output(&mut console_cmd(
        &sandbox,
        &endpoint,
        &["base", "--print", "--duration", "2h"],
    ));
    assert_eq!(code, 0, "{err}");
    let sent = moto.requests();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let call = &sent[0];
    assert_eq!(call["Action"], "GetFederationToken");
    common::signed_by_keys(call, common::KEY_ID);
    assert_eq!(call["DurationSeconds"], "7200");
    let policy: serde_json::Value = serde_json::from_str(&call["Policy"]).unwrap();
    assert_eq!(policy["Statement"][0]["Action"], "*");
    assert_eq!(policy["Statement"][0]["Effect"], "Allow");
    let (_, form, session) = the_request(&signin);
    // The federated user's temporary keys as moto hands them out, not the long-term ones.
    let issued = federation_token_of(&moto);
    session_is(&session, &issued);
    assert!(!KEYS.contains(&issued.secret) && !issued.token.is_empty());
    // Its duration is its own: AWS refuses SessionDuration with those keys.
    assert!(!form.contains_key("SessionDuration"), "{form:?}");

    // A role's console session is asked for with SessionDuration.
    let again = federation(&token());
    let endpoint = format!("{}/federation", again.url());
    let (code, _, err) = output(&mut console_cmd(
        &sandbox,
        &endpoint,
        &["dev", "--print", "--duration", "2h"],
    ));
    assert_eq!(code, 0, "{err}");
    let (_, form, session) = the_request(&again);
    assert_eq!(form["SessionDuration"], "7200");
    session_is(&session, &moto.assumed("assumed-role/Dev/console-test"));

    // A role assumed with role credentials: AWS would refuse SessionDuration, so none is sent.
    let chained = federation(&token());
    let endpoint = format!("{}/federation", chained.url());
    let (code, _, err) = output(&mut console_cmd(
        &sandbox,
        &endpoint,
        &["chained", "--print", "--duration", "2h"],
    ));
    assert_eq!(code, 0, "{err}");
    let (_, form, session) = the_request(&chained);
    assert!(!form.contains_key("SessionDuration"), "{form:?}");
    session_is(&session, &moto.assumed("assumed-role/Chained/"));
    assert!(
        err.contains("the console session keeps AWS's default"),
        "{err}"
    );
}

#[test]
fn a_refusing_or_failing_endpoint_is_one_readable_line_without_secrets() {
    let moto = Moto::start();
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_url = format!(
        "http://127.0.0.1:{}/federation",
        closed.local_addr().unwrap().port()
    );
    drop(closed);
    let (code, out, err) = output(&mut console_cmd(&sandbox, &closed_url, &["dev", "--print"]));
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err.trim_end(),
        format!("switchrole: error: console sign-in at {closed_url}: connection refused")
    );

    let broken = StandIn::start(Reply::With {
        status: "500 Internal Server Error",
        content_type: "text/plain",
        body: "\n  The service is having a bad day  \nsecond line\n".into(),
    });
    let endpoint = format!("{}/federation", broken.url());
    let (code, _, err) = output(&mut console_cmd(&sandbox, &endpoint, &["dev", "--print"]));
    assert_eq!(code, 1);
    assert_eq!(
        err.trim_end(),
        format!(
            "switchrole: error: console sign-in at {endpoint}: the endpoint failed (HTTP 500): The service is having a bad day"
        )
    );
    let (_, _, session) = the_request(&broken);
    for secret in [&session["sessionKey"], &session["sessionToken"]] {
        assert!(!err.contains(secret.as_str().unwrap()), "{err}");
    }

    // A plain-http endpoint off loopback is refused before any STS call.
    moto.record();
    let (code, _, err) = output(&mut console_cmd(
        &sandbox,
        "http://192.0.2.1/federation",
        &["dev", "--print"],
    ));
    assert_eq!(code, 1);
    assert!(
        err.contains("SWITCHROLE_FEDERATION_ENDPOINT='http://192.0.2.1/federation' is plain http"),
        "{err}"
    );
    moto.assert_no_calls();
}

#[test]
fn switch_role_links_need_no_sts_and_no_credentials() {
    let moto = Moto::start();
    moto.record();
    // `pathed` names a source profile that does not exist: no credentials could be had.
    let sandbox = Sandbox::new(CONFIG, KEYS, &moto.url());
    let (code, out, err) = sandbox.run(&["console", "dev", "--switch-role-url"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "https://signin.aws.amazon.com/switchrole?account=123456789012&roleName=Dev&displayName=dev\n"
    );
    let (code, out, err) = sandbox.run(&["console", "pathed", "--switch-role-url"]);
    assert_eq!(code, 0, "{err}");
    let (base, params) = split_url(&out);
    assert_eq!(base, "https://signin.aws.amazon.com/switchrole");
    assert_eq!(params["account"], "210987654321");
    assert_eq!(params["roleName"], "team/ops/Operator");
    assert_eq!(params["displayName"], "pathed");
    moto.assert_no_calls();

    let (code, out, err) = sandbox.run(&["console", "base", "--switch-role-url"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.contains("profile 'base' is not a role (it has no role_arn)"),
        "{err}"
    );
    let (code, _, err) = sandbox.run(&["console", "deb", "--switch-role-url"]);
    assert_eq!(code, 1);
    assert!(err.contains("no profile named 'deb'"), "{err}");
    assert!(err.contains("did you mean 'dev'?"), "{err}");
    // The console's Switch Role cannot send an external id: no link that would only fail.
    let (code, out, err) = sandbox.run(&["console", "partner", "--switch-role-url"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.contains(
            "profile 'partner' needs an external id, which the console's Switch Role cannot send"
        ),
        "{err}"
    );
    assert!(!err.contains("partner-4711"), "{err}");
}
