//! `switchrole settings [list | get KEY | set KEY VALUE | unset KEY]`; KEY is a setting, or
//! `accounts.ACCOUNT_ID` for the name an account is shown by.

use crate::cli::SettingsAction;
use crate::profile::display_path;
use crate::store::settings::{self, Settings};
use anyhow::Result;

/// Runs one settings action; what it prints goes to stdout.
pub fn run(action: Option<SettingsAction>) -> Result<String> {
    let mut settings = Settings::load()?;
    let shown = display_path(&settings::path());
    Ok(match action.unwrap_or(SettingsAction::List) {
        SettingsAction::List => {
            let mut out: String = settings
                .list()?
                .into_iter()
                .map(|(key, value, default)| {
                    let note = if default { "  (default)" } else { "" };
                    format!("{key} = {value}{note}\n")
                })
                .collect();
            // The accounts named, in id order.
            let mut names: Vec<_> = settings.account_names().into_iter().collect();
            names.sort();
            for (id, name) in names {
                out.push_str(&format!("accounts.{id} = {name}\n"));
            }
            out
        }
        SettingsAction::Get { key } => format!("{}\n", settings.get_or_default(&key)?),
        SettingsAction::Set { key, value } => {
            settings.set(&key, &value)?;
            eprintln!("switchrole: {key} set in {shown}");
            String::new()
        }
        SettingsAction::Unset { key } => {
            settings.unset(&key)?;
            eprintln!("switchrole: {key} unset in {shown}");
            String::new()
        }
    })
}
