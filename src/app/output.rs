//! Renderings of a session for `env` and `credential-process`.

use crate::creds::Session;
use crate::shell::child::{UNSET, variables};
use chrono::SecondsFormat;
use serde_json::{Map, Value, json};

/// How `status` prints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    /// `prod-admin 42m`, or `prod-admin expired`.
    #[default]
    Short,
    /// `{"profile":..,"role_arn":..,"expires_at":..,"seconds_left":..,"renewing":..}`
    Json,
}

/// Shells `env` can write for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EnvFormat {
    Sh,
    Fish,
    Json,
}

/// The environment contract as text to `eval` (sh, fish) or read (json).
pub fn env(session: &Session, format: EnvFormat) -> String {
    let vars = variables(session);
    match format {
        EnvFormat::Sh => {
            let mut out: String = UNSET.iter().map(|name| format!("unset {name}\n")).collect();
            for (name, value) in vars {
                out.push_str(&format!("export {name}={}\n", sh_quote(&value)));
            }
            out
        }
        EnvFormat::Fish => {
            let mut out: String = UNSET
                .iter()
                .map(|name| format!("set -e {name}\n"))
                .collect();
            for (name, value) in vars {
                out.push_str(&format!("set -gx {name} {}\n", fish_quote(&value)));
            }
            out
        }
        EnvFormat::Json => {
            let map: Map<String, Value> = vars
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.into()))
                .collect();
            format!("{}\n", Value::Object(map))
        }
    }
}

/// The JSON the AWS CLI and SDKs expect from a `credential_process`.
pub fn credential_process(session: &Session) -> String {
    let creds = &session.credentials;
    let mut doc = json!({
        "Version": 1,
        "AccessKeyId": creds.access_key_id,
        "SecretAccessKey": creds.secret_access_key.expose(),
    });
    if let Some(token) = &creds.session_token {
        doc["SessionToken"] = token.expose().into();
    }
    if let Some(at) = creds.expiration {
        doc["Expiration"] = at.to_rfc3339_opts(SecondsFormat::Secs, true).into();
    }
    format!("{doc}\n")
}

/// POSIX single quotes: nothing inside is special but the quote itself.
pub(super) fn sh_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// fish single quotes, where only `\` and `'` need escaping.
pub(super) fn fish_quote(value: &str) -> String {
    format!("'{}'", value.replace('\\', r"\\").replace('\'', r"\'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_survives_odd_characters() {
        assert_eq!(sh_quote("a'b"), r"'a'\''b'");
        assert_eq!(fish_quote(r"a\'b"), r"'a\\\'b'");
    }
}
