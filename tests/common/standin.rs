//! A stand-in HTTP server on loopback for replies moto cannot give: STS's own error documents,
//! replies that are not STS's at all, an endpoint that never answers, and the console's
//! federation endpoint. It keeps every request it read.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// What the stand-in does with each request.
#[derive(Clone)]
pub enum Reply {
    /// Answers every request with this status, content type and body.
    With {
        status: &'static str,
        content_type: &'static str,
        body: String,
    },
    /// Answers each STS query by its `Action`: (action, status, body); others get a 400.
    ByAction(Vec<(&'static str, &'static str, String)>),
    /// Accepts the connection and never answers.
    Never,
    /// The console's federation endpoint: a `getSigninToken` POST whose `Session` is a JSON
    /// object of exactly `sessionId`, `sessionKey` and `sessionToken`, with a `SessionDuration`
    /// from 900 to 43200 seconds if any, gets this sign-in token; anything else a 400 page.
    Federation { token: String },
    /// Answers each request with what the function makes of it: (status, content type, body).
    Handler(Handler),
}

/// A stand-in's answer to each request it reads.
pub type Handler = std::sync::Arc<dyn Fn(&Seen) -> (String, String, String) + Send + Sync>;

/// A server on a free loopback port, for as long as the test runs.
pub struct StandIn {
    pub port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// A request as the stand-in read it.
#[derive(Clone, Debug)]
pub struct Seen {
    /// `POST /federation HTTP/1.1`
    pub request_line: String,
    /// Header names lowercased, with their values.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    /// The decoded form fields of the body.
    pub fn form(&self) -> std::collections::BTreeMap<String, String> {
        form_urlencoded::parse(self.body.as_bytes())
            .into_owned()
            .collect()
    }

    /// The path of the request line, without its query.
    pub fn path(&self) -> &str {
        let target = self
            .request_line
            .split_whitespace()
            .nth(1)
            .unwrap_or_default();
        target.split('?').next().unwrap_or_default()
    }

    /// The method of the request line.
    pub fn method(&self) -> &str {
        self.request_line
            .split_whitespace()
            .next()
            .unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        let found = self.headers.iter().find(|(n, _)| n == name);
        found.map(|(_, v)| v.as_str())
    }
}

impl StandIn {
    pub fn start(reply: Reply) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming().flatten() {
                match &reply {
                    Reply::Never => held.push(stream),
                    Reply::With {
                        status,
                        content_type,
                        body,
                    } => answer(stream, &log, |_| {
                        (status.to_string(), content_type.to_string(), body.clone())
                    }),
                    Reply::Federation { token } => {
                        answer(stream, &log, |request| match federation_refusal(request) {
                            None => (
                                "200 OK".into(),
                                "application/json".into(),
                                serde_json::json!({ "SigninToken": token }).to_string(),
                            ),
                            Some(why) => (
                                "400 Bad Request".into(),
                                "text/html".into(),
                                format!(
                                    "<html><head><title>Bad Request</title></head><body>{why}</body></html>"
                                ),
                            ),
                        })
                    }
                    Reply::Handler(handler) => answer(stream, &log, |request| handler(request)),
                    Reply::ByAction(replies) => answer(stream, &log, |request| {
                        let action = form_value(&request.body, "Action").unwrap_or_default();
                        let found = replies.iter().find(|(a, _, _)| *a == action);
                        found.map_or(
                            ("400 Bad Request".into(), "text/plain".into(), String::new()),
                            |(_, s, b)| (s.to_string(), "text/xml".into(), b.clone()),
                        )
                    }),
                }
            }
        });
        StandIn { port, seen }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request read so far, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// Why the federation endpoint would refuse `request`, if it would.
fn federation_refusal(request: &Seen) -> Option<String> {
    let form = request.form();
    let content_type = request.header("content-type").unwrap_or_default();
    let fields: Vec<&str> = form.keys().map(String::as_str).collect();
    let session: Option<serde_json::Map<String, serde_json::Value>> = form
        .get("Session")
        .and_then(|s| serde_json::from_str(s).ok());
    let whole = session.as_ref().is_some_and(|s| {
        let keys: Vec<&str> = s.keys().map(String::as_str).collect();
        let filled = s
            .values()
            .all(|v| v.as_str().is_some_and(|v| !v.is_empty()));
        filled
            && keys.len() == 3
            && ["sessionId", "sessionKey", "sessionToken"]
                .iter()
                .all(|k| keys.contains(k))
    });
    let duration_ok = form
        .get("SessionDuration")
        .is_none_or(|d| d.parse::<u32>().is_ok_and(|d| (900..=43200).contains(&d)));
    if !request.request_line.starts_with("POST ") {
        Some("only POST".into())
    } else if content_type != "application/x-www-form-urlencoded" {
        Some(format!("content type {content_type}"))
    } else if form.get("Action").map(String::as_str) != Some("getSigninToken") {
        Some("Action must be getSigninToken".into())
    } else if fields
        .iter()
        .any(|f| !["Action", "Session", "SessionDuration"].contains(f))
    {
        Some(format!("unknown fields in {fields:?}"))
    } else if !whole {
        Some("Session must hold sessionId, sessionKey and sessionToken".into())
    } else if !duration_ok {
        Some("SessionDuration must be 900 to 43200".into())
    } else {
        None
    }
}

/// A value of a form-encoded request body.
fn form_value(body: &str, name: &str) -> Option<String> {
    let pairs = form_urlencoded::parse(body.as_bytes());
    pairs
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Reads one request (headers, then the body its Content-Length gives), keeps it in `log`, and
/// answers it with what `reply` picks for it: (status, content type, body).
fn answer(
    stream: TcpStream,
    log: &Mutex<Vec<Seen>>,
    reply: impl Fn(&Seen) -> (String, String, String),
) {
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    let mut request_line = String::new();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if line == "\r\n" {
            break;
        }
        match line.split_once(':') {
            _ if request_line.is_empty() => request_line = line.trim_end().to_string(),
            Some((name, value)) => {
                let (name, value) = (name.to_ascii_lowercase(), value.trim().to_string());
                if name == "content-length" {
                    length = value.parse().unwrap_or(0);
                }
                headers.push((name, value));
            }
            None => {}
        }
    }
    let mut request_body = vec![0; length];
    let _ = reader.read_exact(&mut request_body);
    let seen = Seen {
        request_line,
        headers,
        body: String::from_utf8_lossy(&request_body).into_owned(),
    };
    log.lock().unwrap().push(seen.clone());
    let (status, content_type, body) = reply(&seen);
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = reader.get_mut().write_all(reply.as_bytes());
}
