//! `getSigninToken` at the federation endpoint: one POST whose form body carries the
//! credentials (kept out of the URL, so out of proxy and server logs), one JSON reply.

use super::ConsoleError;
use crate::creds::{Credentials, Secret};
use crate::sts::cause;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::header::{CONTENT_TYPE, USER_AGENT};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::time::Duration;

/// How long connecting may take, and the whole exchange: as for STS.
const CONNECT: Duration = Duration::from_secs(cause::CONNECT_SECONDS);
const WHOLE: Duration = Duration::from_secs(cause::OPERATION_SECONDS);
/// A SigninToken reply is about 1 KB; anything far past that is not one.
const MOST_BYTES: usize = 64 * 1024;

/// Exchanges the form (which holds `creds`) for a SigninToken.
pub(super) async fn signin_token(
    endpoint: &str,
    form: Secret,
    creds: &Credentials,
) -> Result<Secret, ConsoleError> {
    let failed = |cause: String| ConsoleError::Federation {
        endpoint: endpoint.to_string(),
        cause,
    };
    let request = hyper::Request::post(endpoint)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(
            USER_AGENT,
            concat!("switchrole/", env!("CARGO_PKG_VERSION")),
        )
        .body(Full::new(Bytes::from(form.expose().to_string())))
        .map_err(|e| failed(format!("the request could not be made: {e}")))?;
    let client = Client::builder(TokioExecutor::new()).build(connector().map_err(&failed)?);
    let exchange = async {
        let reply = client
            .request(request)
            .await
            .map_err(|e| failed(cause::of_error(&e, endpoint)))?;
        let status = reply.status().as_u16();
        let body = Limited::new(reply.into_body(), MOST_BYTES)
            .collect()
            .await
            .map_err(|_| failed(format!("the HTTP {status} reply could not be read whole")))?
            .to_bytes();
        Ok::<_, ConsoleError>((status, body))
    };
    let (status, body) = tokio::time::timeout(WHOLE, exchange)
        .await
        .map_err(|_| failed(format!("timed out after {} s", WHOLE.as_secs())))??;
    if status != 200 {
        return Err(failed(refusal(status, &body, creds)));
    }
    let token = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|reply| reply.get("SigninToken")?.as_str().map(Secret::new))
        .filter(|token| !token.expose().is_empty());
    token.ok_or_else(|| failed("the HTTP 200 reply has no SigninToken".into()))
}

/// HTTPS with the platform's roots (as the AWS SDK's client), or plain http, which
/// `federation_endpoint` allows only on loopback.
fn connector() -> Result<hyper_rustls::HttpsConnector<HttpConnector>, String> {
    let mut http = HttpConnector::new();
    http.set_connect_timeout(Some(CONNECT));
    http.enforce_http(false);
    let builder = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_native_roots(rustls::crypto::aws_lc_rs::default_provider())
        .map_err(|e| format!("TLS failed: no trusted certificates could be loaded: {e}"))?;
    Ok(builder.https_or_http().enable_http1().wrap_connector(http))
}

/// What the reply says, as one sentence: refused or failed, the HTTP status, and the reply's
/// first readable line (an HTML page's title, else its first line of text), left out should
/// it echo a secret as sent, percent-encoded or JSON-escaped.
fn refusal(status: u16, body: &[u8], creds: &Credentials) -> String {
    let text = String::from_utf8_lossy(body);
    let said = match status {
        400 | 401 | 403 => "the endpoint refused the credentials",
        _ => "the endpoint failed",
    };
    let secrets = [
        Some(creds.secret_access_key.expose()),
        creds.session_token.as_ref().map(|t| t.expose()),
    ];
    let forms = secrets.into_iter().flatten().flat_map(|s| {
        let encoded = super::link::encode(s);
        // JSON writers may escape '/' as '\/'.
        [s.to_string(), encoded, s.replace('/', "\\/")]
    });
    let forms: Vec<String> = forms.collect();
    let leaks = |line: &str| forms.iter().any(|s| line.contains(s.as_str()));
    match readable_line(&text) {
        Some(line) if !leaks(&line) => {
            let line: String = line.chars().take(200).collect();
            format!("{said} (HTTP {status}): {line}")
        }
        _ => format!("{said} (HTTP {status})"),
    }
}

/// An HTML page's title, else the first line that holds text once tags are removed.
fn readable_line(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let title = lower.find("<title>").and_then(|start| {
        let from = start + "<title>".len();
        let end = from + lower[from..].find("</title>")?;
        Some(text[from..end].trim().to_string())
    });
    if let Some(title) = title.filter(|t| !t.is_empty()) {
        return Some(title);
    }
    text.lines().find_map(|line| {
        let mut plain = String::new();
        let mut in_tag = false;
        for c in line.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let plain = plain.trim().to_string();
        (!plain.is_empty()).then_some(plain)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_its_status_and_first_line_unless_that_line_holds_a_secret() {
        let creds = Credentials {
            access_key_id: "ASIAX".into(),
            secret_access_key: Secret::new("the-secret"),
            session_token: Some(Secret::new("the-token")),
            expiration: None,
        };
        assert_eq!(
            refusal(500, b"\n  Internal error  \nmore", &creds),
            "the endpoint failed (HTTP 500): Internal error"
        );
        let refused = "the endpoint refused the credentials";
        assert_eq!(
            refusal(400, b"bad the-token here", &creds),
            format!("{refused} (HTTP 400)")
        );
        assert_eq!(refusal(403, b"", &creds), format!("{refused} (HTTP 403)"));
        // AWS's refusal is an HTML page: its title, never its markup.
        let page = b"<html><head><title>Error 400 Bad Request</title></head>\n<body><p>Invalid credentials parameter</p></body></html>";
        assert_eq!(
            refusal(400, page, &creds),
            format!("{refused} (HTTP 400): Error 400 Bad Request")
        );
        assert_eq!(
            refusal(400, b"<p>Invalid credentials</p>", &creds),
            format!("{refused} (HTTP 400): Invalid credentials")
        );
        // A secret echoed percent-encoded or JSON-escaped is caught as well as one echoed plain.
        let creds = Credentials {
            secret_access_key: Secret::new("a+b/c="),
            ..creds
        };
        assert_eq!(
            refusal(400, b"got a%2Bb%2Fc%3D", &creds),
            format!("{refused} (HTTP 400)")
        );
        assert_eq!(
            refusal(400, b"got a+b\\/c=", &creds),
            format!("{refused} (HTTP 400)")
        );
    }
}
