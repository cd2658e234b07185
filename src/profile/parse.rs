//! Text of the two shared files -> a Catalog. Every problem is attached to the profile it
//! belongs to, so one broken profile never hides the others.

use super::arn::{MfaSerial, RoleArn};
use super::{Catalog, CredentialSource, Profile, StaticKeys, display_path};
use crate::creds::Secret;
use ini::{Ini, ParseOption};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

/// One shared file's path and text.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

/// Marks lines set aside after a syntax error so their keys land in no profile.
const QUARANTINE: &str = "switchrole-unreadable-lines";

/// A key's value and the index of the file (0 config, 1 credentials) it came from.
type Entries = HashMap<String, (String, usize)>;

/// Merges both files; the credentials file wins for a key set in both, as in the AWS CLI.
pub fn parse(config: Source, credentials: Source) -> Catalog {
    let mut problems = Vec::new();
    let mut order: Vec<String> = Vec::new();
    let mut raw: HashMap<String, Entries> = HashMap::new();
    for (file, source) in [config, credentials].into_iter().enumerate() {
        let ini = load_lenient(source, &mut problems);
        for (section, props) in ini.iter() {
            let Some(name) = section.and_then(|s| profile_name(s, file == 0)) else {
                continue;
            };
            let entries = raw.entry(name.to_string()).or_insert_with(|| {
                order.push(name.to_string());
                Entries::new()
            });
            for (key, value) in props.iter() {
                entries.insert(key.trim().to_string(), (value.trim().to_string(), file));
            }
        }
    }
    let files = [display_path(config.path), display_path(credentials.path)];
    let profiles = order
        .into_iter()
        .map(|name| build(&raw[&name], name, &files))
        .collect();
    Catalog::new(profiles, problems, files)
}

fn options() -> ParseOption {
    ParseOption {
        // Values are taken literally, as the AWS CLI does: `C:\tools\mfa.exe` stays intact.
        enabled_quote: false,
        enabled_escape: false,
        // rust-ini 0.21 loses the line after an inline comment when multi-line values are
        // on, so nested settings (`s3 =` then indented lines) are read as plain keys instead;
        // none of them is a key switchrole reads.
        enabled_indented_mutiline_value: false,
        enabled_preserve_key_leading_whitespace: false,
    }
}

/// Parses, setting aside each line rust-ini rejects (reported with its line number) and the
/// rest of its section, so the other profiles of the file stay readable.
fn load_lenient(source: Source, problems: &mut Vec<String>) -> Ini {
    let mut text = quarantine_unclosed_headers(source, problems);
    for _ in 0..100 {
        match Ini::load_from_str_opt(&text, options()) {
            Ok(ini) => return ini,
            Err(err) => {
                let line = err.line.max(1);
                problems.push(format!(
                    "{} line {line}: {}; its lines up to the next section are ignored",
                    display_path(source.path),
                    err.msg
                ));
                let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                match lines.get_mut(line - 1) {
                    Some(l) => *l = format!("[{QUARANTINE}]"),
                    None => break,
                }
                text = Cow::Owned(lines.join("\n"));
            }
        }
    }
    Ini::new()
}

/// rust-ini reads `[profile a` up to the next `]`, swallowing the lines between into one
/// section name; such a header is set aside here instead.
fn quarantine_unclosed_headers<'a>(source: Source<'a>, problems: &mut Vec<String>) -> Cow<'a, str> {
    let unclosed = |line: &str| {
        let line = line.trim();
        line.starts_with('[') && !line.contains(']')
    };
    if !source.text.lines().any(unclosed) {
        return Cow::Borrowed(source.text);
    }
    let mut out = String::with_capacity(source.text.len());
    for (n, line) in source.text.lines().enumerate() {
        if unclosed(line) {
            problems.push(format!(
                "{} line {}: section header '{}' has no closing ']'; its lines up to the next section are ignored",
                display_path(source.path),
                n + 1,
                line.trim()
            ));
            out.push_str(&format!("[{QUARANTINE}]"));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    Cow::Owned(out)
}

/// The profile a section defines: `[default]` and `[profile NAME]` in config, any `[NAME]` in
/// credentials. Other config sections (`sso-session`, `services`) are not profiles.
fn profile_name(section: &str, in_config: bool) -> Option<&str> {
    let section = section.trim();
    if section == QUARANTINE {
        return None;
    }
    if !in_config || section == "default" {
        return Some(section);
    }
    let rest = section.strip_prefix("profile")?;
    let name = rest.trim_start();
    (rest.len() > name.len() && !name.is_empty()).then_some(name.trim_end())
}

fn build(entries: &Entries, name: String, files: &[String; 2]) -> Profile {
    let mut errors = Vec::new();
    let get = |key: &str| entries.get(key).filter(|(v, _)| !v.is_empty());
    let text = |key: &str| get(key).map(|(v, _)| v.clone());
    let mut checked = |key: &str, check: &dyn Fn(&str) -> Result<(), String>| {
        let (value, file) = get(key)?;
        match check(value) {
            Ok(()) => Some(value.clone()),
            Err(why) => {
                errors.push(format!("profile '{name}': {key} {why} ({})", files[*file]));
                None
            }
        }
    };

    let role_arn = checked("role_arn", &|v| RoleArn::parse(v).map(drop));
    let mfa_serial = checked("mfa_serial", &|v| MfaSerial::parse(v).map(drop));
    let duration_seconds = checked("duration_seconds", &check_duration);
    let credential_source = checked("credential_source", &|v| credential_source(v).map(drop));
    let role_session_name = checked("role_session_name", &check_session_name);
    let external_id = checked("external_id", &|v| match v.len() {
        2..=1224 => Ok(()),
        _ => Err(format!("'{v}' must be 2 to 1224 characters")),
    });
    let access_key = text("aws_access_key_id");
    let secret = text("aws_secret_access_key");
    let mut profile = Profile {
        role_arn: role_arn.and_then(|v| RoleArn::parse(&v).ok()),
        mfa_serial: mfa_serial.and_then(|v| MfaSerial::parse(&v).ok()),
        duration_seconds: duration_seconds.and_then(|v| v.parse().ok()),
        credential_source: credential_source.and_then(|v| self::credential_source(&v).ok()),
        role_session_name,
        external_id,
        source_profile: text("source_profile"),
        mfa_process: text("mfa_process"),
        region: text("region"),
        sso: [
            "sso_session",
            "sso_start_url",
            "sso_account_id",
            "sso_role_name",
        ]
        .iter()
        .any(|k| get(k).is_some()),
        credential_process: text("credential_process"),
        web_identity: get("web_identity_token_file").is_some(),
        keys: None,
        defined_in: defined_in(entries, files),
        name: String::new(),
        errors: Vec::new(),
    };
    let file_of = |key: &str| {
        get(key)
            .map(|(_, f)| files[*f].as_str())
            .unwrap_or(&files[0])
    };
    match (access_key, secret) {
        (Some(id), Some(secret)) => {
            profile.keys = Some(StaticKeys {
                access_key_id: id,
                secret_access_key: Secret::new(secret),
                session_token: text("aws_session_token").map(Secret::new),
            })
        }
        (Some(_), None) => errors.push(format!(
            "profile '{name}' has aws_access_key_id but no aws_secret_access_key ({})",
            file_of("aws_access_key_id")
        )),
        (None, Some(_)) => errors.push(format!(
            "profile '{name}' has aws_secret_access_key but no aws_access_key_id ({})",
            file_of("aws_secret_access_key")
        )),
        (None, None) => {}
    }
    if profile.source_profile.is_some() && get("credential_source").is_some() {
        errors.push(format!(
            "profile '{name}' sets both source_profile and credential_source; use one ({})",
            file_of("credential_source")
        ));
    }
    profile.name = name;
    profile.errors = errors;
    profile
}

fn check_duration(value: &str) -> Result<(), String> {
    match value.parse::<u32>() {
        Ok(900..=43200) => Ok(()),
        Ok(n) => Err(format!(
            "{n} is outside STS's range of 900 to 43200 seconds"
        )),
        Err(_) => Err(format!("'{value}' is not a whole number of seconds")),
    }
}

/// STS allows 2 to 64 characters of `[\w+=,.@-]` in a role session name.
pub fn check_session_name(value: &str) -> Result<(), String> {
    let chars_ok = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b));
    if (2..=64).contains(&value.len()) && chars_ok {
        Ok(())
    } else {
        Err(format!(
            "'{value}' must be 2 to 64 characters of letters, digits and _+=,.@-"
        ))
    }
}

fn credential_source(value: &str) -> Result<CredentialSource, String> {
    match value {
        "Environment" => Ok(CredentialSource::Environment),
        "Ec2InstanceMetadata" => Ok(CredentialSource::Ec2InstanceMetadata),
        "EcsContainer" => Ok(CredentialSource::EcsContainer),
        _ => Err(format!(
            "'{value}' is not one of Environment, Ec2InstanceMetadata, EcsContainer"
        )),
    }
}

fn defined_in(entries: &Entries, files: &[String; 2]) -> String {
    let in_file = |i| entries.values().any(|(_, f)| *f == i);
    match (in_file(0), in_file(1)) {
        (true, true) => format!("{} and {}", files[0], files[1]),
        (false, true) => files[1].clone(),
        _ => files[0].clone(),
    }
}
