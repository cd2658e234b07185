//! A stand-in HTTP server on loopback for replies moto cannot give: STS's own error documents,
//! replies that are not STS's at all, and an endpoint that never answers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

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
}

/// A server on a free loopback port, for as long as the test runs.
pub struct StandIn {
    pub port: u16,
}

impl StandIn {
    pub fn start(reply: Reply) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming().flatten() {
                match &reply {
                    Reply::Never => held.push(stream),
                    Reply::With {
                        status,
                        content_type,
                        body,
                    } => answer(stream, |_| (status, content_type, body)),
                    Reply::ByAction(replies) => answer(stream, |request| {
                        let action = form_value(request, "Action").unwrap_or_default();
                        let found = replies.iter().find(|(a, _, _)| *a == action);
                        found.map_or(("400 Bad Request", "text/plain", &NO_SUCH), |(_, s, b)| {
                            (s, "text/xml", b)
                        })
                    }),
                }
            }
        });
        StandIn { port }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

static NO_SUCH: String = String::new();

/// A value of a form-encoded request body.
fn form_value(body: &str, name: &str) -> Option<String> {
    let pairs = form_urlencoded::parse(body.as_bytes());
    pairs
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Reads one request (headers, then the body its Content-Length gives) and answers it with
/// what `reply` picks for that body: (status, content type, body).
fn answer<'r>(stream: TcpStream, reply: impl Fn(&str) -> (&'r str, &'r str, &'r String)) {
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
        if line == "\r\n" {
            break;
        }
    }
    let mut request_body = vec![0; length];
    let _ = reader.read_exact(&mut request_body);
    let (status, content_type, body) = reply(&String::from_utf8_lossy(&request_body));
    let reply = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = reader.get_mut().write_all(reply.as_bytes());
}
