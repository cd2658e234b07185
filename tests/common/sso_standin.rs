//! A stand-in for IAM Identity Center on loopback, speaking both services' REST-JSON: OIDC
//! (RegisterClient, StartDeviceAuthorization, CreateToken with the device code and with a
//! refresh token) and the portal (ListAccounts and ListAccountRoles a page at a time,
//! GetRoleCredentials, Logout). It refuses what the service refuses: a start URL that is not
//! the instance's, a scope it does not know, a client it did not register, a device code or
//! refresh token issued to another client, a portal call with a token that lacks
//! `sso:account:access`, role credentials for a role not assigned. It records each request as
//! `METHOD /path grant`, and keeps each JSON body, for tests.

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
    /// The start URLs of the instance: StartDeviceAuthorization refuses any other.
    pub start_urls: Vec<&'static str>,
}

/// The scopes IAM Identity Center knows; RegisterClient refuses any other.
const KNOWN_SCOPES: [&str; 6] = [
    "sso:account:access",
    "codewhisperer:completions",
    "codewhisperer:analysis",
    "codewhisperer:conversations",
    "codewhisperer:transformations",
    "codewhisperer:taskassist",
];

/// A client registration the stand-in issued: its id, secret and scopes (None when it asked
/// for none, as a legacy profile's sign-in does).
struct Client {
    id: String,
    secret: String,
    scopes: Option<Vec<String>>,
}

/// A token (access or refresh) and the client and scopes it was issued with.
#[derive(Clone)]
struct Grant {
    token: String,
    client: String,
    scopes: Option<Vec<String>>,
}

#[derive(Default)]
struct Shared {
    requests: Vec<String>,
    /// Each request's path and JSON body, in order.
    bodies: Vec<(String, Value)>,
    polls: usize,
    issued: usize,
    clients: Vec<Client>,
    /// Device codes, with the client each was issued to.
    devices: Vec<(String, String)>,
    /// Access tokens that are valid.
    tokens: Vec<Grant>,
    refresh_tokens: Vec<Grant>,
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

    /// The JSON bodies sent to `path` (`/client/register`, `/device_authorization`,
    /// `/token`), in order.
    pub fn bodies(&self, path: &str) -> Vec<Value> {
        let shared = self.shared.lock().unwrap();
        let sent = shared.bodies.iter().filter(|(p, _)| p == path);
        sent.map(|(_, body)| body.clone()).collect()
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
    state
        .requests
        .push(format!("{method} {path} {grant}").trim_end().to_string());
    state.bodies.push((path.to_string(), body.clone()));
    // What the service checks: a client it registered, and what it issued to that client.
    let client = state
        .clients
        .iter()
        .find(|c| body["clientId"] == c.id.as_str() && body["clientSecret"] == c.secret.as_str())
        .map(|c| (c.id.clone(), c.scopes.clone()));
    let client_id = client
        .as_ref()
        .map(|(id, _)| id.clone())
        .unwrap_or_default();
    let issued_to_client = |grants: &[Grant], token: &str| {
        grants
            .iter()
            .any(|g| g.token == token && g.client == client_id)
    };
    let refresh = body["refreshToken"].as_str().unwrap_or_default();
    let refresh_known = issued_to_client(&state.refresh_tokens, refresh);
    let device = body["deviceCode"].as_str().unwrap_or_default();
    let device_known = state
        .devices
        .iter()
        .any(|(code, owner)| code == device && *owner == client_id);
    let scopes: Option<Vec<String>> = body["scopes"].as_array().map(|list| {
        let names = list
            .iter()
            .map(|s| s.as_str().unwrap_or_default().to_string());
        names.collect()
    });
    let bearer = headers
        .get("x-amz-sso_bearer_token")
        .cloned()
        .unwrap_or_default();
    let grant_of_bearer = state.tokens.iter().find(|g| g.token == bearer).cloned();
    // A token asked for with scopes must have the portal's; a legacy one (no scopes) may.
    let portal_scope = grant_of_bearer.as_ref().is_some_and(|g| {
        g.scopes
            .as_ref()
            .is_none_or(|s| s.iter().any(|s| s == "sso:account:access"))
    });
    let assigned = |account: &str, role: &str| {
        let found = script.accounts.iter().find(|(id, _, _)| *id == account);
        found.is_some_and(|(_, _, roles)| roles.contains(&role))
    };
    let invalid =
        |error: &str, description: &str| json!({"error": error, "error_description": description});
    let (status, error, reply) = match (method.as_str(), path) {
        ("POST", "/client/register") if body["clientType"] != "public" => (
            400,
            "InvalidRequestException",
            invalid("invalid_request", "clientType must be public"),
        ),
        ("POST", "/client/register") if body["clientName"].as_str().is_none_or(str::is_empty) => (
            400,
            "InvalidRequestException",
            invalid("invalid_request", "clientName is required"),
        ),
        ("POST", "/client/register")
            if scopes
                .iter()
                .flatten()
                .any(|s| !KNOWN_SCOPES.contains(&s.as_str())) =>
        {
            (
                400,
                "InvalidScopeException",
                invalid("invalid_scope", "Invalid scope requested"),
            )
        }
        ("POST", "/device_authorization" | "/token") if client.is_none() => (
            401,
            "InvalidClientException",
            invalid("invalid_client", "Invalid client provided"),
        ),
        ("POST", "/device_authorization")
            if !script.start_urls.iter().any(|u| body["startUrl"] == *u) =>
        {
            (
                400,
                "InvalidRequestException",
                invalid("invalid_request", "Invalid start url"),
            )
        }
        ("POST", "/token")
            if grant != "refresh_token"
                && grant != "urn:ietf:params:oauth:grant-type:device_code" =>
        {
            (
                400,
                "UnsupportedGrantTypeException",
                invalid("unsupported_grant_type", "Unsupported grant type"),
            )
        }
        ("POST", "/token") if grant == "refresh_token" && !refresh_known => (
            400,
            "InvalidGrantException",
            invalid("invalid_grant", "Invalid refresh token provided"),
        ),
        ("POST", "/token") if grant != "refresh_token" && !device_known => (
            400,
            "InvalidGrantException",
            invalid("invalid_grant", "Invalid device code provided"),
        ),
        ("POST", "/client/register") => {
            let n = state.clients.len() + 1;
            let (id, secret) = (format!("client-{n}"), format!("client-secret-{n}"));
            state.clients.push(Client {
                id: id.clone(),
                secret: secret.clone(),
                scopes,
            });
            (
                200,
                "",
                json!({
                    "clientId": id, "clientSecret": secret,
                    "clientIdIssuedAt": 1_700_000_000, "clientSecretExpiresAt": 4_000_000_000i64,
                }),
            )
        }
        ("POST", "/device_authorization") => {
            let code = format!("device-{}", state.devices.len() + 1);
            state.devices.push((code.clone(), client_id.clone()));
            (
                200,
                "",
                json!({
                    "deviceCode": code, "userCode": "ABCD-EFGH",
                    "verificationUri": "https://device.sso.example/",
                    "verificationUriComplete": "https://device.sso.example/?user_code=ABCD-EFGH",
                    "expiresIn": 600, "interval": 1,
                }),
            )
        }
        ("POST", "/token") if grant == "refresh_token" => issue(&mut state, script, client),
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
                (false, false) => issue(&mut state, script, client),
            }
        }
        (
            _,
            "/assignment/accounts" | "/assignment/roles" | "/federation/credentials" | "/logout",
        ) if grant_of_bearer.is_none() => (
            401,
            "UnauthorizedException",
            json!({"message": "Session token not found or invalid"}),
        ),
        (_, "/assignment/accounts" | "/assignment/roles" | "/federation/credentials")
            if !portal_scope =>
        {
            (
                403,
                "ForbiddenException",
                json!({"message": "The token does not grant sso:account:access"}),
            )
        }
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
        ("GET", "/federation/credentials")
            if !assigned(
                query.get("account_id").map_or("", String::as_str),
                query.get("role_name").map_or("", String::as_str),
            ) =>
        {
            (403, "ForbiddenException", json!({"message": "No access"}))
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
            state.tokens.retain(|t| t.token != bearer);
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

/// A new access token for `client`, with the scopes it registered; a refresh token too when
/// it registered scopes (a legacy sign-in, with none, gets no refresh token).
fn issue(
    state: &mut Shared,
    script: &Script,
    client: Option<(String, Option<Vec<String>>)>,
) -> (u16, &'static str, Value) {
    let (client, scopes) = client.unwrap_or_default();
    state.issued += 1;
    let n = state.issued;
    let grant = |token: String| Grant {
        token,
        client: client.clone(),
        scopes: scopes.clone(),
    };
    state.tokens.push(grant(format!("access-{n}")));
    let mut reply = json!({
        "accessToken": format!("access-{n}"), "tokenType": "Bearer",
        "expiresIn": script.token_seconds,
    });
    if scopes.as_ref().is_some_and(|s| !s.is_empty()) {
        state.refresh_tokens.push(grant(format!("refresh-{n}")));
        reply["refreshToken"] = json!(format!("refresh-{n}"));
    }
    (200, "", reply)
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
