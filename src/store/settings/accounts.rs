//! Names people give accounts, under `[accounts]` in the settings file
//! (`123456789012 = prod`), set on the command line as `accounts.123456789012`: the picker,
//! `list` and the filter show them beside the 12-digit id.

use super::{Settings, SettingsError};
use std::collections::HashMap;

/// The section naming accounts, and the prefix of its keys on the command line
/// (`accounts.123456789012`).
const ACCOUNTS: &str = "accounts";

fn is_account_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// The account id of a key `accounts.ID`, checked; None for any other key.
pub(super) fn account_key(key: &str) -> Option<Result<String, SettingsError>> {
    let id = key.strip_prefix(ACCOUNTS)?.strip_prefix('.')?;
    Some(match is_account_id(id) {
        true => Ok(id.to_string()),
        false => Err(SettingsError::BadAccount { id: id.into() }),
    })
}

impl Settings {
    /// The names given to accounts under `[accounts]`, by account id. A line whose key is not
    /// an account id, or whose name is empty, names nothing.
    pub fn account_names(&self) -> HashMap<String, String> {
        let Some(section) = self.ini.section(Some(ACCOUNTS)) else {
            return Default::default();
        };
        section
            .iter()
            .filter(|(id, name)| is_account_id(id) && !name.trim().is_empty())
            .map(|(id, name)| (id.to_string(), name.trim().to_string()))
            .collect()
    }

    /// Names the account `id` (already checked), and writes the file.
    pub(super) fn name_account(&mut self, id: &str, name: &str) -> Result<(), SettingsError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(SettingsError::EmptyAccountName { id: id.into() });
        }
        self.ini.with_section(Some(ACCOUNTS)).set(id, name);
        self.save()
    }

    /// Forgets the name of the account `id`, and writes the file.
    pub(super) fn unname_account(&mut self, id: &str) -> Result<(), SettingsError> {
        self.ini.delete_from(Some(ACCOUNTS), id);
        self.save()
    }
}

/// The names given to accounts in the settings file; none when it cannot be read (the
/// commands that use settings say why).
pub fn account_names() -> HashMap<String, String> {
    Settings::load()
        .map(|s| s.account_names())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_are_named_set_and_unset_beside_the_settings() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config");
        std::fs::write(
            &file,
            "[settings]\nrenew = true\n[accounts]\n210987654321 = stage\nbad = x\n",
        )
        .unwrap();
        let mut settings = Settings::load_from(file.clone()).unwrap();
        settings.set("accounts.123456789012", " prod ").unwrap();
        let settings = Settings::load_from(file.clone()).unwrap();
        let names = settings.account_names();
        assert_eq!(names.len(), 2, "{names:?}");
        assert_eq!(names["123456789012"], "prod");
        assert_eq!(
            settings.get("accounts.210987654321").unwrap().as_deref(),
            Some("stage")
        );
        assert_eq!(settings.get("renew").unwrap().as_deref(), Some("true"));
        let mut settings = settings;
        settings.unset("accounts.210987654321").unwrap();
        assert_eq!(
            settings.get_or_default("accounts.210987654321").unwrap(),
            ""
        );
        assert!(settings.set("accounts.123456789012", " ").is_err());
    }

    #[test]
    fn a_key_that_is_not_an_account_id_says_what_one_is() {
        assert_eq!(
            account_key("accounts.12345")
                .unwrap()
                .unwrap_err()
                .to_string(),
            "'12345' is not an account id; an account id is 12 digits, as in accounts.123456789012"
        );
    }
}
