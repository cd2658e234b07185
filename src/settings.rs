//! switchrole's own settings: `[settings]` in `$XDG_CONFIG_HOME/switchrole/config`.

use crate::profile::ini;
use std::path::PathBuf;

/// `$XDG_CONFIG_HOME/switchrole/config` (`~/.config/switchrole/config`).
pub fn path() -> PathBuf {
    dirs::config_dir()
        .unwrap_or_default()
        .join("switchrole")
        .join("config")
}

/// The value of `key` under `[settings]`, the last one written winning; None when the file
/// or the key is absent.
pub fn get(key: &str) -> Option<String> {
    let text = std::fs::read_to_string(path()).ok()?;
    let (sections, _) = ini::scan(&text);
    sections
        .iter()
        .filter(|s| s.name == "settings")
        .flat_map(|s| &s.entries)
        .rfind(|(k, _)| *k == key)
        .map(|(_, v)| v.to_string())
}

/// A yes/no setting: `true`/`false` (also `yes`/`no`, `1`/`0`).
pub fn flag(key: &str) -> Result<bool, String> {
    match get(key).as_deref() {
        None | Some("false" | "no" | "0") => Ok(false),
        Some("true" | "yes" | "1") => Ok(true),
        Some(other) => Err(format!(
            "{}: {key} '{other}' is not true or false",
            crate::profile::display_path(&path())
        )),
    }
}

/// A number of seconds from the environment variable `var` (for tests and one-off runs), else
/// the setting `key`, else `default`.
pub fn seconds(var: &str, key: &str, default: i64) -> Result<i64, String> {
    let (value, place) = match std::env::var(var).ok().filter(|v| !v.is_empty()) {
        Some(v) => (Some(v), var.to_string()),
        None => (get(key), crate::profile::display_path(&path())),
    };
    match value {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<u32>()
            .map(i64::from)
            .map_err(|_| format!("{place}: {key} '{v}' is not a whole number of seconds")),
    }
}
