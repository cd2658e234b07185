//! One plain cause for a failed call, in place of the SDK's nested `Debug` dump: connection
//! refused, a DNS lookup that failed, a timeout, TLS, or the reply STS sent that could not be
//! read.

use aws_sdk_sts::config::http::HttpResponse as Response;
use aws_sdk_sts::error::SdkError;
use std::error::Error;

/// How long a call may take in all (aws-config's operation timeout, set in `sdk.rs`).
pub const OPERATION_SECONDS: u64 = 25;
/// How long connecting may take.
pub const CONNECT_SECONDS: u64 = 5;

/// Why the request never got an answer: one short clause.
pub fn unreachable<E: Error + 'static>(err: &SdkError<E, Response>, endpoint: &str) -> String {
    if let SdkError::TimeoutError(_) = err {
        return format!("timed out after {OPERATION_SECONDS} s");
    }
    of_error(err, endpoint)
}

/// Why a request to `endpoint` failed, from any error and its sources: the same clauses for
/// every HTTP client switchrole uses.
pub fn of_error(err: &(dyn Error + 'static), endpoint: &str) -> String {
    let chain = chain(err);
    let io_kind = chain.iter().find_map(|e| {
        let io = e.downcast_ref::<std::io::Error>()?;
        Some(io.kind())
    });
    // Every message of the chain, rendered once, for the causes only their words tell apart.
    let text: Vec<String> = chain
        .iter()
        .map(|e| e.to_string().to_ascii_lowercase())
        .collect();
    let said = |needle: &str| text.iter().any(|t| t.contains(needle));
    match io_kind {
        Some(std::io::ErrorKind::ConnectionRefused) => return "connection refused".into(),
        Some(std::io::ErrorKind::TimedOut) => return connect_timeout(),
        _ => {}
    }
    if said("dns error") || said("failed to lookup address") {
        return format!("DNS lookup of {} failed", host(endpoint));
    }
    if said("timeout") || said("timed out") {
        return connect_timeout();
    }
    let innermost = chain.last().map(|e| without_os_code(&e.to_string()));
    let innermost = innermost.unwrap_or_else(|| "the request could not be sent".into());
    if said("certificate") || said("tls") || said("handshake") {
        return format!("TLS failed: {innermost}");
    }
    innermost
}

fn connect_timeout() -> String {
    format!("connecting timed out after {CONNECT_SECONDS} s")
}

/// A reply that could not be read as STS's: its HTTP status and, unless it was a success
/// (which may hold credentials), the first line of its body.
pub fn unreadable(raw: &Response) -> String {
    unreadable_from("STS", raw)
}

/// `unreadable` for any AWS service's reply.
pub fn unreadable_from(service: &str, raw: &Response) -> String {
    let status = raw.status().as_u16();
    let body = raw.body().bytes().unwrap_or_default();
    let first = String::from_utf8_lossy(body);
    let first = first.lines().map(str::trim).find(|l| !l.is_empty());
    match (status, first) {
        (200..=299, _) | (_, None) => {
            format!("{service} answered HTTP {status} with a reply switchrole cannot read")
        }
        (_, Some(line)) => {
            let line: String = line.chars().take(200).collect();
            format!("{service} answered HTTP {status} with a reply switchrole cannot read: {line}")
        }
    }
}

/// An error and its sources as one line, each message once, joined by ": ". In place of the
/// SDK's `DisplayErrorContext`, which ends with a `Debug` dump of the whole chain (`Error {
/// source: ... }`), and which no error message of switchrole's may hold.
pub fn plain(err: &(dyn Error + 'static)) -> String {
    let mut said: Vec<String> = Vec::new();
    for e in chain(err) {
        let text = without_os_code(&e.to_string());
        // An outer error often repeats its source's words ("io error: connection reset").
        if !text.is_empty() && !said.iter().any(|s| s.contains(&text)) {
            said.push(text);
        }
    }
    said.join(": ")
}

/// The error and each of its sources, outermost first.
fn chain<'e>(err: &'e (dyn Error + 'static)) -> Vec<&'e (dyn Error + 'static)> {
    std::iter::successors(Some(err), |&e| e.source()).collect()
}

fn host(endpoint: &str) -> &str {
    let rest = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest);
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host)
}

/// `Connection reset (os error 104)` -> `Connection reset`.
fn without_os_code(text: &str) -> String {
    match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => text[..at].to_string(),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_os_codes() {
        assert_eq!(
            host("https://sts.eu-west-1.amazonaws.com"),
            "sts.eu-west-1.amazonaws.com"
        );
        assert_eq!(host("http://nowhere.invalid:8080/x"), "nowhere.invalid");
        assert_eq!(host("nowhere"), "nowhere");
        assert_eq!(
            without_os_code("Connection reset (os error 104)"),
            "Connection reset"
        );
        assert_eq!(without_os_code("plain"), "plain");
    }

    #[test]
    fn a_chain_is_said_once_and_never_as_debug() {
        let inner = std::io::Error::other("no route");
        let outer = std::io::Error::other(Wrapped(inner));
        assert_eq!(plain(&outer), "dispatch failure: no route");
    }

    #[derive(Debug)]
    struct Wrapped(std::io::Error);

    impl std::fmt::Display for Wrapped {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("dispatch failure")
        }
    }

    impl Error for Wrapped {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            Some(&self.0)
        }
    }
}
