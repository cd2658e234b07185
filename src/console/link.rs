//! The console's addresses, built from parts: the federation endpoint of a region's partition,
//! the default destination, the sign-in form and URL, and the Switch Role link. Pure.

use super::{ConsoleError, SigninUrl};
use crate::creds::{Credentials, Secret};
use crate::profile::arn::RoleArn;

/// The endpoint for tests and private partitions, instead of the partition's own.
pub const ENDPOINT_VAR: &str = "SWITCHROLE_FEDERATION_ENDPOINT";

/// The sign-in and console hosts of the partition a region is in.
fn hosts(region: Option<&str>) -> (&'static str, &'static str) {
    match region.unwrap_or_default() {
        r if r.starts_with("cn-") => ("signin.amazonaws.cn", "console.amazonaws.cn"),
        r if r.starts_with("us-gov-") => (
            "signin.amazonaws-us-gov.com",
            "console.amazonaws-us-gov.com",
        ),
        _ => ("signin.aws.amazon.com", "console.aws.amazon.com"),
    }
}

/// Where `getSigninToken` and `login` go: `override_url` (from `SWITCHROLE_FEDERATION_ENDPOINT`)
/// when given, which must be https, or http on a loopback host; else the partition's endpoint.
pub fn federation_endpoint(
    override_url: Option<&str>,
    region: Option<&str>,
) -> Result<String, ConsoleError> {
    let Some(url) = override_url.filter(|u| !u.is_empty()) else {
        return Ok(format!("https://{}/federation", hosts(region).0));
    };
    let bad = |why: &str| ConsoleError::Endpoint(format!("{ENDPOINT_VAR}='{url}' {why}"));
    let uri: hyper::Uri = url.parse().map_err(|_| bad("is not a URL"))?;
    if uri.query().is_some() {
        return Err(bad("must not have a query"));
    }
    match (uri.scheme_str(), uri.host()) {
        (Some("https"), Some(_)) => Ok(url.to_string()),
        (Some("http"), Some(host)) if is_loopback(host) => Ok(url.to_string()),
        (Some("http"), Some(_)) => Err(bad(
            "is plain http to a host that is not loopback; only https carries credentials",
        )),
        _ => Err(bad("must be an https:// URL")),
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The console home of the region, or the global console when no region is known.
pub fn default_destination(region: Option<&str>) -> String {
    match region.filter(|r| !r.is_empty()) {
        Some(r) => format!(
            "https://{r}.{}/console/home?region={}",
            hosts(Some(r)).1,
            encode(r)
        ),
        None => format!("https://{}/", hosts(None).1),
    }
}

/// `--destination`: an https URL (the sign-in endpoint refuses anything else).
pub fn destination(given: Option<&str>, region: Option<&str>) -> Result<String, ConsoleError> {
    match given {
        None => Ok(default_destination(region)),
        Some(url) if url.starts_with("https://") && url.len() > "https://".len() => {
            Ok(url.to_string())
        }
        Some(url) => Err(ConsoleError::Destination(url.to_string())),
    }
}

/// The `getSigninToken` form body: the credentials as the endpoint's Session JSON, and the
/// console session's length when one may be asked for.
pub fn signin_form(creds: &Credentials, session_duration: Option<u32>) -> Secret {
    let session = serde_json::json!({
        "sessionId": creds.access_key_id,
        "sessionKey": creds.secret_access_key.expose(),
        "sessionToken": creds.session_token.as_ref().map(|t| t.expose()).unwrap_or_default(),
    });
    let mut form = format!(
        "Action=getSigninToken&Session={}",
        encode(&session.to_string())
    );
    if let Some(seconds) = session_duration {
        form.push_str(&format!("&SessionDuration={seconds}"));
    }
    Secret::new(form)
}

/// `ENDPOINT?Action=login&Issuer=switchrole&Destination=...&SigninToken=...`
pub fn login_url(endpoint: &str, destination: &str, token: &Secret) -> SigninUrl {
    SigninUrl(Secret::new(format!(
        "{endpoint}?Action=login&Issuer=switchrole&Destination={}&SigninToken={}",
        encode(destination),
        encode(token.expose())
    )))
}

/// The console's own Switch Role link for a role: no credentials in it, so it can be shared.
/// `roleName` carries the role's path too, as the console's form asks for it.
pub fn switch_role_url(role: &RoleArn, display_name: &str) -> String {
    let host = match role.partition() {
        "aws-cn" => "signin.amazonaws.cn",
        "aws-us-gov" => "signin.amazonaws-us-gov.com",
        _ => "signin.aws.amazon.com",
    };
    format!(
        "https://{host}/switchrole?account={}&roleName={}&displayName={}",
        role.account_id(),
        encode(role.path_and_name()),
        encode(display_name)
    )
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so a value is safe in a
/// query or a form body.
pub fn encode(value: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(value, RESERVED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> String {
        let bytes: Vec<u8> = text.bytes().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn encoding_round_trips_and_leaves_only_unreserved_characters() {
        let text = "a b&c=d/é?#+%~_.-";
        let encoded = encode(text);
        assert!(
            encoded
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "%-_.~".contains(c)),
            "{encoded}"
        );
        assert_eq!(encoded, "a%20b%26c%3Dd%2F%C3%A9%3F%23%2B%25~_.-");
        assert_eq!(decode(&encoded), text);
    }

    #[test]
    fn destinations_follow_the_region_and_its_partition() {
        assert_eq!(
            default_destination(Some("eu-west-1")),
            "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1"
        );
        assert_eq!(
            default_destination(Some("cn-north-1")),
            "https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1"
        );
        assert_eq!(default_destination(None), "https://console.aws.amazon.com/");
        assert!(destination(Some("s3"), None).is_err());
        assert_eq!(
            destination(Some("https://x.example/"), Some("eu-west-1")).unwrap(),
            "https://x.example/"
        );
    }

    #[test]
    fn the_endpoint_is_the_partitions_or_a_safe_override() {
        assert_eq!(
            federation_endpoint(None, Some("us-gov-west-1")).unwrap(),
            "https://signin.amazonaws-us-gov.com/federation"
        );
        assert_eq!(
            federation_endpoint(Some(""), None).unwrap(),
            "https://signin.aws.amazon.com/federation"
        );
        for ok in [
            "http://127.0.0.1:8080/federation",
            "http://[::1]:80/f",
            "http://localhost/f",
            "https://signin.example/federation",
        ] {
            assert_eq!(federation_endpoint(Some(ok), None).unwrap(), ok);
        }
        for bad in [
            "http://10.0.0.1/federation",
            "ftp://127.0.0.1/",
            "not a url",
            "https://x/f?a=b",
        ] {
            let err = federation_endpoint(Some(bad), None)
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(&format!("{ENDPOINT_VAR}='{bad}'")), "{err}");
        }
    }

    #[test]
    fn login_url_carries_each_part_encoded() {
        let url = login_url(
            "https://signin.aws.amazon.com/federation",
            "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
            &Secret::new("tok+en/=="),
        );
        let text = url.expose();
        let (base, query) = text.split_once('?').unwrap();
        assert_eq!(base, "https://signin.aws.amazon.com/federation");
        let params: Vec<(&str, String)> = query
            .split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k, decode(v))
            })
            .collect();
        assert_eq!(
            params,
            [
                ("Action", "login".to_string()),
                ("Issuer", "switchrole".into()),
                (
                    "Destination",
                    "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1".into()
                ),
                ("SigninToken", "tok+en/==".into()),
            ]
        );
        assert!(!format!("{url:?}").contains("tok"), "Debug hides it");
    }

    #[test]
    fn switch_role_links_keep_the_path_and_encode_the_name() {
        let arn = RoleArn::parse("arn:aws:iam::123456789012:role/team/ops/Admin").unwrap();
        assert_eq!(
            switch_role_url(&arn, "prod admin&co"),
            "https://signin.aws.amazon.com/switchrole?account=123456789012&roleName=team%2Fops%2FAdmin&displayName=prod%20admin%26co"
        );
        let gov = RoleArn::parse("arn:aws-us-gov:iam::123456789012:role/Dev").unwrap();
        assert!(switch_role_url(&gov, "g").starts_with(
            "https://signin.amazonaws-us-gov.com/switchrole?account=123456789012&roleName=Dev&"
        ));
    }

    #[test]
    fn the_form_holds_the_session_json_and_a_duration_only_when_asked() {
        let creds = Credentials {
            access_key_id: "ASIAX".into(),
            secret_access_key: Secret::new("se/cr+et"),
            session_token: Some(Secret::new("to&ken")),
            expiration: None,
        };
        let form = signin_form(&creds, None);
        let (action, session) = form.expose().split_once('&').unwrap();
        assert_eq!(action, "Action=getSigninToken");
        let json: serde_json::Value =
            serde_json::from_str(&decode(session.strip_prefix("Session=").unwrap())).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"sessionId": "ASIAX", "sessionKey": "se/cr+et", "sessionToken": "to&ken"})
        );
        assert!(
            signin_form(&creds, Some(7200))
                .expose()
                .ends_with("&SessionDuration=7200")
        );
    }
}
