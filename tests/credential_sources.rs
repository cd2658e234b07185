//! Where base credentials and STS's address come from, end to end: `credential_source =
//! Ec2InstanceMetadata` against a loopback IMDSv2, `EcsContainer` against a loopback container
//! endpoint, `web_identity_token_file` against moto's AssumeRoleWithWebIdentity, and the
//! endpoint from a profile's `endpoint_url` or `AWS_ENDPOINT_URL`. moto's recorder says which
//! credentials signed each call.

mod common;
use common::standin::{Reply, Seen, StandIn};
use common::{Issued, KEY_ID, KEYS, Moto, Sandbox, arn_of, output, signed_by_keys};
use std::sync::Arc;

/// The role credentials the instance and container stand-ins hand out.
fn handed_out(key_id: &str) -> Issued {
    Issued {
        arn: format!("the stand-in's {key_id}"),
        key_id: key_id.into(),
        secret: format!("{key_id}-secret"),
        token: format!("{key_id}-session-token"),
    }
}

fn credentials_json(issued: &Issued) -> String {
    let expires = chrono::Utc::now() + chrono::TimeDelta::hours(6);
    serde_json::json!({
        "Code": "Success", "Type": "AWS-HMAC",
        "LastUpdated": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "AccessKeyId": issued.key_id, "SecretAccessKey": issued.secret, "Token": issued.token,
        "Expiration": expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
    .to_string()
}

fn reply(status: &str, body: String) -> (String, String, String) {
    (status.into(), "text/plain".into(), body)
}

/// An EC2 instance metadata service (IMDSv2): a session token from a PUT, then the role's
/// name and credentials for GETs that carry it; anything else refused.
fn imds(issued: Issued) -> StandIn {
    StandIn::start(Reply::Handler(Arc::new(move |request: &Seen| {
        let session = request.header("x-aws-ec2-metadata-token");
        match (request.method(), request.path()) {
            ("PUT", "/latest/api/token")
                if request
                    .header("x-aws-ec2-metadata-token-ttl-seconds")
                    .is_some() =>
            {
                // IMDS says how long the token lasts in a header of its answer.
                reply(
                    "200 OK\r\nx-aws-ec2-metadata-token-ttl-seconds: 21600",
                    "imds-session-1".into(),
                )
            }
            ("GET", _) if session != Some("imds-session-1") => reply("401 Unauthorized", "".into()),
            ("GET", "/latest/meta-data/iam/security-credentials/") => {
                reply("200 OK", "InstanceRole".into())
            }
            ("GET", "/latest/meta-data/iam/security-credentials/InstanceRole") => {
                reply("200 OK", credentials_json(&issued))
            }
            _ => reply("404 Not Found", "".into()),
        }
    })))
}

/// An ECS container credentials endpoint at `/creds`, for requests with `auth`.
fn container(issued: Issued, auth: &'static str) -> StandIn {
    StandIn::start(Reply::Handler(Arc::new(move |request: &Seen| {
        match (request.path(), request.header("authorization")) {
            ("/creds", Some(given)) if given == auth => reply("200 OK", credentials_json(&issued)),
            ("/creds", _) => reply("401 Unauthorized", "".into()),
            _ => reply("404 Not Found", "".into()),
        }
    })))
}

const SOURCES: &str = "\
[profile on-ec2]
role_arn = arn:aws:iam::123456789012:role/FromInstance
credential_source = Ec2InstanceMetadata

[profile in-ecs]
role_arn = arn:aws:iam::123456789012:role/FromContainer
credential_source = EcsContainer
";

/// `whoami PROFILE` with `env`, recorded: the calls STS received and the ARN printed.
fn whoami(
    moto: &Moto,
    sandbox: &Sandbox,
    profile: &str,
    env: &[(&str, String)],
) -> (Vec<std::collections::BTreeMap<String, String>>, String) {
    let mut cmd = sandbox.cmd();
    cmd.env_remove("AWS_EC2_METADATA_DISABLED");
    for (name, value) in env {
        cmd.env(name, value);
    }
    moto.record();
    let (code, out, err) = output(cmd.args(["whoami", profile]));
    assert_eq!(code, 0, "{profile}: {err}");
    (moto.requests(), arn_of(&out))
}

#[test]
fn an_instance_s_role_credentials_from_imdsv2_sign_the_assume_role() {
    let moto = Moto::start();
    let instance = handed_out("ASIAINSTANCEROLE0001");
    let metadata = imds(instance.clone());
    let sandbox = Sandbox::new(SOURCES, "", &moto.url());
    let endpoint = [("AWS_EC2_METADATA_SERVICE_ENDPOINT", metadata.url())];
    let (sent, arn) = whoami(&moto, &sandbox, "on-ec2", &endpoint);
    assert_eq!(sent[0]["Action"], "AssumeRole");
    assert_eq!(
        sent[0]["RoleArn"],
        "arn:aws:iam::123456789012:role/FromInstance"
    );
    // Role credentials: STS allows at most an hour.
    assert_eq!(sent[0]["DurationSeconds"], "3600");
    instance.signed(&sent[0]);
    moto.assumed("assumed-role/FromInstance/").signed(&sent[1]);
    assert!(arn.contains("assumed-role/FromInstance/"), "{arn}");
    // IMDSv2: a session token first, then every read with it.
    let seen = metadata.seen();
    assert_eq!(seen[0].request_line, "PUT /latest/api/token HTTP/1.1");
    assert!(
        seen[1..]
            .iter()
            .all(|s| s.header("x-aws-ec2-metadata-token") == Some("imds-session-1"))
    );
}

#[test]
fn an_instance_metadata_service_that_refuses_is_said_in_one_plain_sentence() {
    let moto = Moto::start();
    let refusing = StandIn::start(Reply::With {
        status: "403 Forbidden",
        content_type: "text/plain",
        body: "forbidden".into(),
    });
    let sandbox = Sandbox::new(SOURCES, "", &moto.url());
    let mut cmd = sandbox.cmd();
    cmd.env_remove("AWS_EC2_METADATA_DISABLED")
        .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", refusing.url());
    let (code, _, err) = output(cmd.args(["whoami", "on-ec2"]));
    assert_eq!(code, 1);
    let line = err.trim_end();
    assert!(
        line.starts_with("switchrole: error: profile 'on-ec2': the EC2 instance metadata service gave no credentials: "),
        "{line}"
    );
    assert_eq!(line.lines().count(), 1, "{line}");
    // A sentence, not the error's Debug dump.
    for dump in ["{", "(", "source:", "Error"] {
        assert!(!line.contains(dump), "{dump} in {line}");
    }
}

#[test]
fn a_container_s_credentials_sign_the_assume_role() {
    let moto = Moto::start();
    let task = handed_out("ASIACONTAINERROLE001");
    let endpoint = container(task.clone(), "container-auth-7f");
    let sandbox = Sandbox::new(SOURCES, "", &moto.url());
    let env = [
        (
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("{}/creds", endpoint.url()),
        ),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "container-auth-7f".to_string(),
        ),
    ];
    let (sent, arn) = whoami(&moto, &sandbox, "in-ecs", &env);
    assert_eq!(
        sent[0]["RoleArn"],
        "arn:aws:iam::123456789012:role/FromContainer"
    );
    assert_eq!(sent[0]["DurationSeconds"], "3600");
    task.signed(&sent[0]);
    assert!(arn.contains("assumed-role/FromContainer/"), "{arn}");
    assert!(!endpoint.seen().is_empty());
}

#[test]
fn a_web_identity_token_is_exchanged_at_sts_and_its_session_signs_the_next_role() {
    let moto = Moto::start();
    let config = "\
[profile web]
role_arn = arn:aws:iam::123456789012:role/Web
web_identity_token_file = TOKEN_FILE
role_session_name = web-session
region = us-east-1

[profile after-web]
role_arn = arn:aws:iam::210987654321:role/AfterWeb
source_profile = web
";
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "eyJhbGciOiJSUzI1NiJ9.web-identity.signature").unwrap();
    let config = config.replace("TOKEN_FILE", &token_file.display().to_string());
    let sandbox = Sandbox::new(&config, "", &moto.url());
    let (sent, arn) = whoami(&moto, &sandbox, "web", &[]);
    assert_eq!(sent[0]["Action"], "AssumeRoleWithWebIdentity");
    assert_eq!(sent[0]["RoleArn"], "arn:aws:iam::123456789012:role/Web");
    assert_eq!(sent[0]["RoleSessionName"], "web-session");
    assert_eq!(
        sent[0]["WebIdentityToken"],
        "eyJhbGciOiJSUzI1NiJ9.web-identity.signature"
    );
    let web = moto.assumed("assumed-role/Web/web-session");
    web.signed(&sent[1]);
    assert_eq!(arn, web.arn);

    let (sent, arn) = whoami(&moto, &sandbox, "after-web", &[]);
    let hop = sent.iter().find(|r| r["Action"] == "AssumeRole").unwrap();
    assert_eq!(hop["RoleArn"], "arn:aws:iam::210987654321:role/AfterWeb");
    assert_eq!(hop["DurationSeconds"], "3600");
    let latest = moto.assumed_roles();
    let web = latest
        .iter()
        .rev()
        .find(|r| r.arn.contains("/Web/"))
        .unwrap();
    web.signed(hop);
    assert!(arn.contains("assumed-role/AfterWeb/"), "{arn}");
}

const ROLE: &str =
    "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\n";

/// `whoami dev` with no `AWS_ENDPOINT_URL_STS`, `config_extra` in dev's profile and `env`:
/// whether moto got the calls.
fn reaches_moto(moto: &Moto, config_extra: &str, env: &[(&str, &str)]) -> bool {
    let sandbox = Sandbox::new(&format!("{ROLE}{config_extra}"), KEYS, "unused");
    let mut cmd = sandbox.cmd();
    cmd.env_remove("AWS_ENDPOINT_URL_STS")
        .env("AWS_REGION", "us-east-1");
    for (name, value) in env {
        cmd.env(name, value);
    }
    moto.record();
    let (code, out, err) = output(cmd.args(["whoami", "dev", "--no-cache"]));
    let sent = moto.requests_proven();
    if code != 0 {
        assert!(sent.is_empty(), "{sent:?}");
        assert!(
            err.contains("could not reach STS at http://127.0.0.1:9"),
            "{err}"
        );
        return false;
    }
    assert!(arn_of(&out).contains("assumed-role/Dev/"), "{out}");
    signed_by_keys(&sent[0], KEY_ID);
    true
}

#[test]
fn sts_is_found_at_the_profile_s_endpoint_url_or_aws_endpoint_url() {
    let moto = Moto::start();
    let url = moto.url();
    let dead = "http://127.0.0.1:9";
    let in_profile = format!("endpoint_url = {url}\n");
    assert!(reaches_moto(&moto, &in_profile, &[]), "endpoint_url");
    assert!(
        reaches_moto(&moto, "", &[("AWS_ENDPOINT_URL", &url)]),
        "AWS_ENDPOINT_URL"
    );
    // The environment before the profile, the service's own variable before the global one.
    let dead_in_profile = format!("endpoint_url = {dead}\n");
    assert!(reaches_moto(
        &moto,
        &dead_in_profile,
        &[("AWS_ENDPOINT_URL", &url)]
    ));
    let both = [
        ("AWS_ENDPOINT_URL", dead),
        ("AWS_ENDPOINT_URL_STS", url.as_str()),
    ];
    assert!(reaches_moto(&moto, "", &both));
    assert!(!reaches_moto(
        &moto,
        &in_profile,
        &[("AWS_ENDPOINT_URL", dead)]
    ));
}
