//! switchrole's own settings: `[settings]` in `$XDG_CONFIG_HOME/switchrole/config`, and the
//! names of accounts under `[accounts]` (`123456789012 = prod`), read and written with
//! rust-ini. The file is switchrole's alone, so rust-ini's rewriting is fine here; AWS's files
//! keep the AWS-dialect scanner in `profile/ini/`.

use crate::profile::duration;
use ini::Ini;
use std::path::{Path, PathBuf};

mod accounts;
use accounts::account_key;
pub use accounts::account_names;

const SECTION: Option<&str> = Some("settings");

/// Every key, what it takes, and its default.
pub const KEYS: [(&str, &str, &str); 5] = [
    ("store", "keyring, file or none", "keyring"),
    ("renew", "true or false", "false"),
    // The picker's group of the profiles used most and most lately, at the top.
    ("recent", "true or false", "true"),
    ("warn_before", "seconds from 0 to 3600", "300"),
    (
        "mfa_session_duration",
        "seconds from 900 to 129600",
        "28800",
    ),
];

/// What can go wrong with the settings file or a value in it.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SettingsError {
    #[error("unknown setting '{key}'; the settings are {}", names())]
    UnknownKey { key: String },
    #[error("'{id}' is not an account id; an account id is 12 digits, as in accounts.123456789012")]
    BadAccount { id: String },
    #[error(
        "the name of account {id} is empty; `switchrole settings unset accounts.{id}` removes it"
    )]
    EmptyAccountName { id: String },
    #[error(
        "{}{key} '{value}' is not valid; {key} takes {allowed}",
        in_file(place)
    )]
    BadValue {
        /// The file the value was read from; empty for a value given on the command line.
        place: String,
        key: String,
        value: String,
        allowed: &'static str,
    },
    #[error("cannot read {path}: {detail}")]
    Read { path: String, detail: String },
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
}

fn in_file(place: &str) -> String {
    match place {
        "" => String::new(),
        file => format!("{file}: "),
    }
}

fn names() -> String {
    format!(
        "{} and accounts.ACCOUNT_ID",
        KEYS.map(|(k, _, _)| k).join(", ")
    )
}

/// `$XDG_CONFIG_HOME/switchrole/config` (`~/.config/switchrole/config`).
pub fn path() -> PathBuf {
    dirs::config_dir()
        .unwrap_or_default()
        .join("switchrole")
        .join("config")
}

fn shown(path: &Path) -> String {
    crate::profile::display_path(path)
}

/// Checks `value` for `key`, returning it normalised (`yes` -> `true`).
pub fn check(key: &str, value: &str, place: &str) -> Result<String, SettingsError> {
    let (_, allowed, _) = KEYS
        .iter()
        .find(|(k, _, _)| *k == key)
        .ok_or_else(|| SettingsError::UnknownKey { key: key.into() })?;
    // Lengths of time read as everywhere else (`300`, `5m`), kept as seconds.
    let seconds_in = |range| duration::parse(value, range).ok().map(|n| n.to_string());
    let ok = match key {
        "store" => ["keyring", "file", "none"]
            .contains(&value)
            .then(|| value.to_string()),
        "renew" | "recent" => match value {
            "true" | "yes" | "1" => Some("true".into()),
            "false" | "no" | "0" => Some("false".into()),
            _ => None,
        },
        "warn_before" => seconds_in(0..=3600),
        _ => seconds_in(duration::MFA_SESSION),
    };
    ok.ok_or_else(|| SettingsError::BadValue {
        place: place.into(),
        key: key.into(),
        value: value.into(),
        allowed,
    })
}

/// The settings file, loaded.
pub struct Settings {
    path: PathBuf,
    ini: Ini,
}

impl Settings {
    /// Loads the file at its usual place; a missing file has no settings.
    pub fn load() -> Result<Self, SettingsError> {
        Self::load_from(path())
    }

    pub fn load_from(path: PathBuf) -> Result<Self, SettingsError> {
        let ini = match std::fs::read_to_string(&path) {
            Ok(text) => Ini::load_from_str(&text).map_err(|e| SettingsError::Read {
                path: shown(&path),
                detail: e.to_string(),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ini::new(),
            Err(e) => {
                return Err(SettingsError::Read {
                    path: shown(&path),
                    detail: e.to_string(),
                });
            }
        };
        Ok(Self { path, ini })
    }

    /// The value set for `key`, checked; None when unset.
    pub fn get(&self, key: &str) -> Result<Option<String>, SettingsError> {
        if let Some(id) = account_key(key) {
            return Ok(self.account_names().remove(&id?));
        }
        match self.ini.get_from(SECTION, key) {
            Some(value) => check(key, value.trim(), &shown(&self.path)).map(Some),
            None => check_known(key).map(|_| None),
        }
    }

    /// The value set for `key`, else its default (an account without a name has none: empty).
    pub fn get_or_default(&self, key: &str) -> Result<String, SettingsError> {
        if account_key(key).is_some() {
            return Ok(self.get(key)?.unwrap_or_default());
        }
        let default = check_known(key)?;
        Ok(self.get(key)?.unwrap_or_else(|| default.to_string()))
    }

    /// Every key with its value, and whether that is the default.
    pub fn list(&self) -> Result<Vec<(&'static str, String, bool)>, SettingsError> {
        KEYS.iter()
            .map(|(key, _, default)| {
                Ok(match self.get(key)? {
                    Some(value) => (*key, value, false),
                    None => (*key, default.to_string(), true),
                })
            })
            .collect()
    }

    /// Sets `key` after checking the value, and writes the file. `accounts.ID` names an
    /// account.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), SettingsError> {
        if let Some(id) = account_key(key) {
            return self.name_account(&id?, value);
        }
        let value = check(key, value.trim(), "")?;
        self.ini.with_section(SECTION).set(key, value);
        self.save()
    }

    /// Removes `key`, and writes the file.
    pub fn unset(&mut self, key: &str) -> Result<(), SettingsError> {
        if let Some(id) = account_key(key) {
            return self.unname_account(&id?);
        }
        check_known(key)?;
        self.ini.delete_from(SECTION, key);
        self.save()
    }

    /// Written to a temporary file and renamed, so a reader never sees half of it.
    fn save(&self) -> Result<(), SettingsError> {
        let failed = |detail: String| SettingsError::Write {
            path: shown(&self.path),
            detail,
        };
        let mut bytes = Vec::new();
        self.ini
            .write_to(&mut bytes)
            .map_err(|e| failed(e.to_string()))?;
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| failed(e.to_string()))?;
        let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| failed(e.to_string()))?;
        std::io::Write::write_all(&mut temp, &bytes).map_err(|e| failed(e.to_string()))?;
        temp.persist(&self.path)
            .map_err(|e| failed(e.error.to_string()))?;
        Ok(())
    }
}

fn check_known(key: &str) -> Result<&'static str, SettingsError> {
    KEYS.iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, _, default)| *default)
        .ok_or_else(|| SettingsError::UnknownKey { key: key.into() })
}

/// The value of `key` from the settings file, else its default.
pub fn get(key: &str) -> Result<String, SettingsError> {
    Settings::load()?.get_or_default(key)
}

/// A yes/no setting.
pub fn flag(key: &str) -> Result<bool, SettingsError> {
    Ok(get(key)? == "true")
}

/// A number of seconds from the environment variable `var` (for tests and one-off runs), else
/// the setting `key`, else its default.
pub fn seconds(var: &str, key: &str) -> Result<u32, SettingsError> {
    let value = match std::env::var(var).ok().filter(|v| !v.is_empty()) {
        Some(v) => check(key, v.trim(), var)?,
        None => get(key)?,
    };
    // Checked above: a whole number.
    Ok(value.parse().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_unset_round_trip_keeps_other_sections() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config");
        std::fs::write(&file, "[other]\nx = 1\n").unwrap();
        let mut settings = Settings::load_from(file.clone()).unwrap();
        settings.set("renew", "yes").unwrap();
        settings.set("warn_before", "120").unwrap();
        let settings = Settings::load_from(file.clone()).unwrap();
        assert_eq!(settings.get("renew").unwrap().as_deref(), Some("true"));
        assert_eq!(settings.get_or_default("store").unwrap(), "keyring");
        let mut settings = settings;
        settings.unset("warn_before").unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("[other]") && text.contains("x=1"), "{text}");
        assert!(!text.contains("warn_before"), "{text}");
    }

    #[test]
    fn unknown_keys_and_bad_values_say_what_is_allowed() {
        assert_eq!(
            check("stroe", "file", "here").unwrap_err().to_string(),
            "unknown setting 'stroe'; the settings are store, renew, recent, warn_before, mfa_session_duration and accounts.ACCOUNT_ID"
        );
        assert_eq!(
            check("store", "vault", "here").unwrap_err().to_string(),
            "here: store 'vault' is not valid; store takes keyring, file or none"
        );
        assert!(check("mfa_session_duration", "600", "x").is_err());
        assert_eq!(check("mfa_session_duration", "3600", "x").unwrap(), "3600");
    }
}
