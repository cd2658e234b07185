//! `switchrole history`: the profiles used, oldest first.

use crate::store::history::{Entry, History};
use anyhow::Result;
use chrono::Local;

/// The history as a table, or as one JSON array.
pub fn show(json: bool) -> Result<String> {
    let entries = History::at_default_path().read();
    if json {
        return Ok(format!("{}\n", serde_json::to_string_pretty(&entries)?));
    }
    Ok(table(&entries))
}

fn table(entries: &[Entry]) -> String {
    if entries.is_empty() {
        return "no profile has been used yet\n".into();
    }
    let width = entries
        .iter()
        .map(|e| e.profile.len())
        .max()
        .unwrap_or(0)
        .max(7);
    let mut out = format!(
        "{:<16}  {:<18}  {:<width$}  {:<12}  ROLE\n",
        "WHEN", "HOW", "PROFILE", "ACCOUNT"
    );
    for e in entries {
        out.push_str(&format!(
            "{:<16}  {:<18}  {:<width$}  {:<12}  {}\n",
            e.at.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
            e.how.label(),
            e.profile,
            e.account.as_deref().unwrap_or("-"),
            e.role_arn.as_deref().unwrap_or("-")
        ));
    }
    out
}
