//! A stand-in for IAM Identity Center on loopback, speaking both services' REST-JSON: OIDC
//! (RegisterClient, StartDeviceAuthorization, CreateToken with the device code and with a
//! refresh token) and the portal (ListAccounts and ListAccountRoles a page at a time,
//! GetRoleCredentials, Logout). It records each request as `METHOD /path grant` for tests.

use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// Accounts as (id, name, roles).
pub type Accounts = Vec<(&'static str, &'static str, Vec<&'static str>)>;

/// What the person does with the sign-in, and what the portal holds.
pub struct Script {
    /// How many polls are answered `authorization_pending` before the answer.
    pub pending_polls: usize,
    /// Of those, how many first are answered `slow_down` instead.
    pub slow_downs: usize,
    /// The person denies the sign-in instead of approving it.
    pub deny: bool,
    pub accounts: Accounts,
    /// Seconds an access token lasts.
    pub token_seconds: i64,
    /// Items per page of ListAccounts and ListAccountRoles (the service gives up to 100).
    pub page_size: usize,
}

#[derive(Default)]
struct Shared {
    requests: Vec<String>,
    polls: usize,
    issued: usize,
    /// Access tokens that are valid.
    tokens: Vec<String>,
    refresh_tokens: Vec<String>,
}

/// The server, on a free port, for as long as the test runs.
pub struct SsoStandIn {
    pub port: u16,
    shared: Arc<Mutex<Shared>>,
}

impl SsoStandIn {
    pub fn start(script: Script) -> SsoStandIn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let state = shared.clone();
        let script = Arc::new(script);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (state, script) = (state.clone(), script.clone());
                std::thread::spawn(move || serve(stream, &state, &script));
            }
        });
        SsoStandIn { port, shared }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request so far, as `METHOD /path` (and the grant type of a CreateToken).
    pub fn requests(&self) -> Vec<String> {
        self.shared.lock().unwrap().requests.clone()
    }

    /// How many requests so far start with `prefix`.
    pub fn count(&self, prefix: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.starts_with(prefix))
            .count()
    }
}

/// The key pair GetRoleCredentials gives for an account and role: its id names them.
pub fn access_key_for(account: &str, role: &str) -> String {
    format!("ASIA{account}{}", role.to_uppercase())
}

fn serve(stream: TcpStream, shared: &Mutex<Shared>, script: &Script) {
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return;
    }
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let length = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mut words = request_line.split_whitespace();
    let method = words.next().unwrap_or_default().to_string();
    let target = words.next().unwrap_or_default().to_string();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let query: HashMap<String, String> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let grant = body["grantType"].as_str().unwrap_or_default();
    let mut state = shared.lock().unwrap();
    // What the service checks: a public client, the registration it issued, its device code.
    let client = body["clientId"] == "client-1" && body["clientSecret"] == "client-secret-1";
    let refresh = body["refreshToken"].as_str().unwrap_or_default();
    let refresh_known = state.refresh_tokens.iter().any(|t| t == refresh);
    state
        .requests
        .push(format!("{method} {path} {grant}").trim_end().to_string());
    let bearer = headers
        .get("x-amz-sso_bearer_token")
        .cloned()
        .unwrap_or_default();
    let authorized = state.tokens.contains(&bearer);
    let (status, error, reply) = match (method.as_str(), path) {
        ("POST", "/client/register") if body["clientType"] != "public" => (
            400,
            "InvalidRequestException",
            json!({"error": "invalid_request"}),
        ),
        ("POST", "/device_authorization" | "/token") if !client => (
            400,
            "InvalidClientException",
            json!({"error": "invalid_client"}),
        ),
        ("POST", "/token") if grant == "refresh_token" && !refresh_known => (
            400,
            "InvalidGrantException",
            json!({"error": "invalid_grant"}),
        ),
        ("POST", "/token") if grant != "refresh_token" && body["deviceCode"] != "device-1" => (
            400,
            "InvalidGrantException",
            json!({"error": "invalid_grant"}),
        ),
        ("POST", "/client/register") => (
            200,
            "",
            json!({
                "clientId": "client-1", "clientSecret": "client-secret-1",
                "clientIdIssuedAt": 1_700_000_000, "clientSecretExpiresAt": 4_000_000_000i64,
            }),
        ),
        ("POST", "/device_authorization") => (
            200,
            "",
            json!({
                "deviceCode": "device-1", "userCode": "ABCD-EFGH",
                "verificationUri": "https://device.sso.example/",
                "verificationUriComplete": "https://device.sso.example/?user_code=ABCD-EFGH",
                "expiresIn": 600, "interval": 1,
            }),
        ),
        ("POST", "/token") if grant == "refresh_token" => issue(&mut state, script),
        ("POST", "/token") => {
            state.polls += 1;
            state
                .requests
                .push(format!("poll at {}", chrono::Utc::now().timestamp_millis()));
            match (state.polls <= script.pending_polls, script.deny) {
                (true, _) if state.polls <= script.slow_downs => {
                    (400, "SlowDownException", json!({"error": "slow_down"}))
                }
                (true, _) => (
                    400,
                    "AuthorizationPendingException",
                    json!({"error": "authorization_pending"}),
                ),
                (false, true) => (
                    400,
                    "AccessDeniedException",
                    json!({"error": "access_denied"}),
                ),
                (false, false) => issue(&mut state, script),
            }
        }
        (
            _,
            "/assignment/accounts" | "/assignment/roles" | "/federation/credentials" | "/logout",
        ) if !authorized => (
            401,
            "UnauthorizedException",
            json!({"message": "Session token not found or invalid"}),
        ),
        ("GET", "/assignment/accounts") => {
            let all: Vec<Value> = script.accounts.iter().map(|(id, name, _)| {
                json!({"accountId": id, "accountName": name, "emailAddress": format!("{name}@example.com")})
            }).collect();
            page(all, "accountList", &query, script.page_size)
        }
        ("GET", "/assignment/roles") => {
            let account = query.get("account_id").cloned().unwrap_or_default();
            let roles = script.accounts.iter().filter(|(id, _, _)| *id == account);
            let all: Vec<Value> = roles
                .flat_map(|(id, _, roles)| {
                    roles
                        .iter()
                        .map(move |r| json!({"roleName": r, "accountId": id}))
                })
                .collect();
            page(all, "roleList", &query, script.page_size)
        }
        ("GET", "/federation/credentials") => {
            let (account, role) = (&query["account_id"], &query["role_name"]);
            let expiration = (chrono::Utc::now() + chrono::TimeDelta::hours(1)).timestamp_millis();
            // Each call hands out a new session, as the service does: the token tells them apart.
            let issued = state
                .requests
                .iter()
                .filter(|r| r.starts_with("GET /federation/credentials"))
                .count();
            (
                200,
                "",
                json!({"roleCredentials": {
                    "accessKeyId": access_key_for(account, role),
                    "secretAccessKey": format!("secret-{account}-{role}"),
                    "sessionToken": format!("session-{account}-{role}-{issued}"),
                    "expiration": expiration,
                }}),
            )
        }
        ("POST", "/logout") => {
            state.tokens.retain(|t| *t != bearer);
            (200, "", json!({}))
        }
        _ => (
            404,
            "ResourceNotFoundException",
            json!({"message": "no such path"}),
        ),
    };
    drop(state);
    let body = reply.to_string();
    let error = match error {
        "" => String::new(),
        name => format!("x-amzn-ErrorType: {name}\r\n"),
    };
    let reply = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n{error}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = reader.get_mut().write_all(reply.as_bytes());
}

/// A new access token (and refresh token).
fn issue(state: &mut Shared, script: &Script) -> (u16, &'static str, Value) {
    state.issued += 1;
    let token = format!("access-{}", state.issued);
    state.tokens.push(token.clone());
    state
        .refresh_tokens
        .push(format!("refresh-{}", state.issued));
    (
        200,
        "",
        json!({
            "accessToken": token, "tokenType": "Bearer", "expiresIn": script.token_seconds,
            "refreshToken": format!("refresh-{}", state.issued),
        }),
    )
}

/// `size` items to a page, the next page's index as its token.
fn page(
    all: Vec<Value>,
    key: &str,
    query: &HashMap<String, String>,
    size: usize,
) -> (u16, &'static str, Value) {
    let from: usize = query
        .get("next_token")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let items: Vec<Value> = all.iter().skip(from).take(size).cloned().collect();
    let mut reply = json!({ key: items });
    if from + size < all.len() {
        reply["nextToken"] = json!((from + size).to_string());
    }
    (200, "", reply)
}
