//! The IAM Identity Center token file, shared with the AWS CLI and every SDK:
//! `~/.aws/sso/cache/<sha1 of the sso-session name, or of the legacy start URL>.json`, in
//! their format, 0600 and written atomically.

use crate::creds::Secret;
use crate::profile::sso::SsoSession;
use chrono::{DateTime, NaiveDateTime, SecondsFormat, TimeDelta, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::path::{Path, PathBuf};

/// A token with less than this left is not used for a call: it could lapse on the way.
const USABLE_MARGIN: TimeDelta = TimeDelta::minutes(1);
/// A token this close to its end is refreshed first, as the SDKs do.
const REFRESH_MARGIN: TimeDelta = TimeDelta::minutes(5);

/// The file's contents. Fields switchrole does not know (written by another tool) are kept.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Token {
    pub start_url: String,
    pub region: String,
    pub access_token: Secret,
    #[serde(serialize_with = "write_time", deserialize_with = "read_time")]
    pub expires_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "write_some_time",
        deserialize_with = "read_some_time"
    )]
    pub registration_expires_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

impl Token {
    /// Whether calls may be made with it at `now`.
    pub fn usable(&self, now: DateTime<Utc>) -> bool {
        self.expires_at - USABLE_MARGIN > now
    }

    /// Whether it should be refreshed before use (and can be).
    pub fn wants_refresh(&self, now: DateTime<Utc>) -> bool {
        self.expires_at - REFRESH_MARGIN <= now && self.registration(now).is_some()
    }

    /// The client registration and refresh token, while the registration lasts.
    pub fn registration(&self, now: DateTime<Utc>) -> Option<(&str, &Secret, &Secret)> {
        let lasts = self.registration_expires_at.is_some_and(|at| at > now);
        let client_id = self.client_id.as_deref()?;
        let secret = self.client_secret.as_ref()?;
        lasts.then_some((client_id, secret, self.refresh_token.as_ref()?))
    }
}

/// Where the AWS CLI keeps its tokens.
pub fn cache_dir() -> PathBuf {
    let home = dirs::home_dir().unwrap_or_default();
    home.join(".aws").join("sso").join("cache")
}

/// The token file of a session.
pub fn path_of(session: &SsoSession) -> PathBuf {
    use sha1::{Digest, Sha1};
    let hash = Sha1::digest(session.cache_name().as_bytes());
    let name: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    cache_dir().join(format!("{name}.json"))
}

/// The session's token as the file has it; a missing or unreadable file is no token (the
/// next sign-in writes a sound one).
pub fn read(path: &Path) -> Option<Token> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Writes the token as the only readable copy (0600, atomic).
pub fn write(path: &Path, token: &Token) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(token).map_err(std::io::Error::other)?;
    crate::store::write_private(path, &json)
}

/// `2026-11-26T15:00:00Z`, as the AWS CLI writes it: whole seconds, `Z`.
fn write_time<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.to_rfc3339_opts(SecondsFormat::Secs, true))
}

fn write_some_time<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => write_time(at, s),
        None => s.serialize_none(),
    }
}

/// RFC 3339, or `2019-11-14T04:05:45UTC` as AWS CLI v1 wrote it.
fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.to_utc());
    }
    let bare = text.strip_suffix("UTC")?;
    let at = NaiveDateTime::parse_from_str(bare, "%Y-%m-%dT%H:%M:%S").ok()?;
    Some(at.and_utc())
}

fn read_time<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(d)?;
    parse_time(&text).ok_or_else(|| serde::de::Error::custom("expiresAt is not a time"))
}

fn read_some_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let text = Option::<String>::deserialize(d)?;
    Ok(text.as_deref().and_then(parse_time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_is_the_sha1_the_sdks_use() {
        // The value aws-config's own tests expect for the session `admin`.
        let session = SsoSession {
            name: Some("admin".into()),
            start_url: "https://d-abc123.awsapps.com/start".into(),
            region: "us-east-1".into(),
            scopes: Vec::new(),
        };
        let path = path_of(&session);
        assert!(path.ends_with(".aws/sso/cache/d033e22ae348aeb5660fc2140aec35850c4da997.json"));
        let legacy = SsoSession {
            name: None,
            ..session
        };
        assert_ne!(
            path_of(&legacy),
            path,
            "a legacy profile's file is named by its URL"
        );
    }

    #[test]
    fn times_are_read_in_both_of_the_cli_s_forms_and_written_in_the_new_one() {
        let json = r#"{"startUrl":"u","region":"r","accessToken":"t","expiresAt":"2019-11-14T04:05:45UTC","futureField":1}"#;
        let token: Token = serde_json::from_str(json).unwrap();
        assert_eq!(token.expires_at.to_rfc3339(), "2019-11-14T04:05:45+00:00");
        let written = serde_json::to_value(&token).unwrap();
        assert_eq!(written["expiresAt"], "2019-11-14T04:05:45Z");
        assert_eq!(written["futureField"], 1);
        assert!(written.get("refreshToken").is_none());
    }
}
