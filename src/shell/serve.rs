//! The loopback credential endpoint of a renewing shell: the container credentials protocol
//! (`AWS_CONTAINER_CREDENTIALS_FULL_URI` + `AWS_CONTAINER_AUTHORIZATION_TOKEN`) that every AWS
//! SDK and the aws CLI read, so a program asks again when its keys near expiry and gets the
//! renewed ones. It also takes the MFA code a renewal needs (`switchrole renew` in the shell),
//! and, from a shell served in the background (`switchrole use --renew`), the request to stop.

use crate::creds::Credentials;
use bytes::Bytes;
use chrono::SecondsFormat;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use std::sync::{Arc, RwLock};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};

/// The path `switchrole renew` posts a code to.
pub const RENEW_PATH: &str = "/renew";
/// The path `switchrole use` posts to when the shell it switches is served in the background.
pub const STOP_PATH: &str = "/stop";

/// An MFA code from `switchrole renew`, and where to say how the renewal went.
pub struct CodeRequest {
    pub code: String,
    pub reply: oneshot::Sender<Result<String, String>>,
}

/// A running endpoint; it stops when dropped.
pub struct Endpoint {
    /// `http://127.0.0.1:PORT/`: the value of `AWS_CONTAINER_CREDENTIALS_FULL_URI`.
    pub url: String,
    /// The value of `AWS_CONTAINER_AUTHORIZATION_TOKEN`: random, one per shell.
    pub token: String,
    served: Arc<RwLock<Credentials>>,
    task: tokio::task::JoinHandle<()>,
}

impl Endpoint {
    /// Listens on a free loopback port and serves `credentials` until replaced. Codes posted to
    /// `/renew` arrive on the returned receiver.
    pub async fn start(
        credentials: Credentials,
    ) -> std::io::Result<(Endpoint, mpsc::Receiver<CodeRequest>)> {
        Self::listen(credentials, None).await
    }

    /// `start`, for a shell served in the background: a request to stop arrives on `stops`.
    /// (A shell's own parent stops with the shell, and refuses the request.)
    pub async fn start_stoppable(
        credentials: Credentials,
        stops: mpsc::Sender<()>,
    ) -> std::io::Result<(Endpoint, mpsc::Receiver<CodeRequest>)> {
        Self::listen(credentials, Some(stops)).await
    }

    async fn listen(
        credentials: Credentials,
        stops: Option<mpsc::Sender<()>>,
    ) -> std::io::Result<(Endpoint, mpsc::Receiver<CodeRequest>)> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let url = format!("http://{}/", listener.local_addr()?);
        let token = random_token()?;
        let served = Arc::new(RwLock::new(credentials));
        let (codes, received) = mpsc::channel(1);
        let shared = Shared {
            token: token.clone(),
            served: served.clone(),
            codes,
            stops,
        };
        let task = tokio::spawn(accept(listener, Arc::new(shared)));
        let endpoint = Endpoint {
            url,
            token,
            served,
            task,
        };
        Ok((endpoint, received))
    }

    /// Serves `credentials` from now on.
    pub fn replace(&self, credentials: Credentials) {
        if let Ok(mut served) = self.served.write() {
            *served = credentials;
        }
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Shared {
    token: String,
    served: Arc<RwLock<Credentials>>,
    codes: mpsc::Sender<CodeRequest>,
    stops: Option<mpsc::Sender<()>>,
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    while let Ok((stream, _)) = listener.accept().await {
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let shared = shared.clone();
                async move { Ok::<_, std::convert::Infallible>(answer(&shared, request).await) }
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await;
        });
    }
}

async fn answer(shared: &Shared, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let given = request
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .map(|v| v.as_bytes());
    // Compared in constant time: the token is all that stands between another local user and
    // the keys.
    if !given.is_some_and(|g| same(g, shared.token.as_bytes())) {
        return reply(
            StatusCode::UNAUTHORIZED,
            error_json("missing or wrong authorization token"),
        );
    }
    match (request.method(), request.uri().path()) {
        (&Method::GET, "/") => {
            let body = shared.served.read().map(|c| credentials_json(&c));
            match body {
                Ok(body) => reply(StatusCode::OK, body),
                Err(_) => reply(StatusCode::INTERNAL_SERVER_ERROR, error_json("unavailable")),
            }
        }
        (&Method::POST, RENEW_PATH) => {
            let body = request.into_body().collect().await.map(|b| b.to_bytes());
            let code = String::from_utf8_lossy(&body.unwrap_or_default())
                .trim()
                .to_string();
            let (tx, rx) = oneshot::channel();
            let sent = shared.codes.send(CodeRequest { code, reply: tx }).await;
            match (sent, rx.await) {
                (Ok(()), Ok(Ok(message))) => reply(StatusCode::OK, message),
                (Ok(()), Ok(Err(message))) => reply(StatusCode::CONFLICT, message),
                _ => reply(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the shell is closing".into(),
                ),
            }
        }
        (&Method::POST, STOP_PATH) => match &shared.stops {
            Some(stops) => {
                let _ = stops.send(()).await;
                reply(StatusCode::OK, "stopping".into())
            }
            None => reply(
                StatusCode::CONFLICT,
                "this shell is served by its parent, which stops when the shell ends".into(),
            ),
        },
        _ => reply(StatusCode::NOT_FOUND, error_json("not found")),
    }
}

/// The document the SDKs' container credential providers read.
fn credentials_json(creds: &Credentials) -> String {
    serde_json::json!({
        "AccessKeyId": creds.access_key_id,
        "SecretAccessKey": creds.secret_access_key.expose(),
        "Token": creds.session_token.as_ref().map(|t| t.expose()),
        "Expiration": creds.expiration.map(|at| at.to_rfc3339_opts(SecondsFormat::Secs, true)),
    })
    .to_string()
}

fn error_json(message: &str) -> String {
    serde_json::json!({ "message": message }).to_string()
}

fn reply(status: StatusCode, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
}

fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 32 random bytes as hex.
fn random_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Posts an MFA code to a renewing shell's endpoint (from `switchrole renew` inside it) and
/// returns what the parent said.
pub fn post_code(url: &str, token: &str, code: &str) -> Result<String, String> {
    match ask(url, token, "POST", RENEW_PATH, code)? {
        (200, body) => Ok(body),
        (_, body) => Err(format!("the renewal failed: {body}")),
    }
}

/// Asks the process serving a shell in the background to stop; true when it will (a shell's
/// own parent refuses).
pub fn post_stop(url: &str, token: &str) -> Result<bool, String> {
    Ok(ask(url, token, "POST", STOP_PATH, "")?.0 == 200)
}

/// The access key id the endpoint serves now (no secret leaves the endpoint this way).
pub fn served_key_id(url: &str, token: &str) -> Result<String, String> {
    let (status, body) = ask(url, token, "GET", "/", "")?;
    let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    match (status, json["AccessKeyId"].as_str()) {
        (200, Some(id)) => Ok(id.to_string()),
        _ => Err(format!(
            "the switchrole serving this shell answered {status}"
        )),
    }
}

/// One request to a renewing shell's endpoint, from inside it: (status, body). The endpoint is
/// plain HTTP on loopback by construction, and nothing else is trusted with the token.
fn ask(
    url: &str,
    token: &str,
    method: &str,
    path: &str,
    body: &str,
) -> Result<(u16, String), String> {
    use std::io::{Read, Write};
    let authority = url
        .strip_prefix("http://")
        .and_then(|rest| rest.split('/').next())
        .filter(|host| host.starts_with("127.0.0.1:"))
        .ok_or("the shell's credential endpoint is not switchrole's loopback one")?;
    let mut stream = std::net::TcpStream::connect(authority)
        .map_err(|e| format!("cannot reach the switchrole serving this shell: {e}"))?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nAuthorization: {token}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut answer = String::new();
    stream
        .write_all(request.as_bytes())
        .and_then(|_| stream.read_to_string(&mut answer))
        .map_err(|e| format!("talking to the switchrole serving this shell: {e}"))?;
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, body.to_string()))
}
