//! One row per profile: what `list` prints and the TUI shows.

use crate::assume::freshness::reusable_until;
use crate::profile::resolve::{self, ResolveError, resolve};
use crate::profile::{Catalog, Kind, Profile};
use crate::store::SessionInfo;
use crate::store::settings;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;
// Columns line up in display cells: a name in CJK takes two per character.
use unicode_width::UnicodeWidthStr;

/// A profile as people see it.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub name: String,
    pub kind: Kind,
    pub role_arn: Option<String>,
    pub account_id: Option<String>,
    /// The account's name: as the settings' `[accounts]` name it, else as IAM Identity
    /// Center lists it.
    pub account_name: Option<String>,
    pub role_name: Option<String>,
    /// The sso-session (or legacy start URL) an SSO profile signs in through.
    pub sso_session: Option<String>,
    pub source_profile: Option<String>,
    pub mfa_serial: Option<String>,
    pub region: Option<String>,
    /// Where its long-term keys live: `file`, `keyring`, or `file+keyring` (the keyring's are used).
    pub keys_in: Option<&'static str>,
    pub external_id: Option<String>,
    pub role_session_name: Option<String>,
    pub duration_seconds: Option<u32>,
    /// When the profile's newest cached session ends.
    pub expires_at: Option<DateTime<Utc>>,
    /// Until when Enter reuses that session rather than asking STS for a new one.
    pub reusable_until: Option<DateTime<Utc>>,
    /// Why the profile cannot be used, naming the profile, key and file.
    pub error: Option<String>,
}

/// Each profile's newest session: when it expires and until when it is reused.
pub fn expiries(sessions: &[SessionInfo]) -> HashMap<&str, (DateTime<Utc>, DateTime<Utc>)> {
    let mut map: HashMap<&str, (DateTime<Utc>, DateTime<Utc>)> = HashMap::new();
    for session in sessions {
        let reusable = reusable_until(session.issued_at, session.expires_at);
        if let (Some(at), Some(until)) = (session.expires_at, reusable) {
            let newest = map.entry(&session.profile).or_insert((at, until));
            if at > newest.0 {
                *newest = (at, until);
            }
        }
    }
    map
}

/// Rows for every profile in file order. Resolving each one finds errors in its source chain
/// (a missing or looping `source_profile`), which its own keys cannot show.
pub fn rows(catalog: &Catalog, sessions: &[SessionInfo]) -> Vec<Row> {
    each_row(catalog, sessions).collect()
}

/// `rows`, one at a time, for writing each as it is made instead of holding them all.
pub fn each_row<'c>(
    catalog: &'c Catalog,
    sessions: &'c [SessionInfo],
) -> impl Iterator<Item = Row> + 'c {
    let expiries = expiries(sessions);
    let names = settings::account_names();
    catalog
        .profiles
        .iter()
        .map(move |p| row(catalog, p, &expiries, &names, true))
}

/// Rows from the profiles alone, without following source chains: what the picker shows in
/// its first frame while the whole catalog is still loading.
pub fn preview_rows(catalog: &Catalog) -> Vec<Row> {
    let (none, names) = (HashMap::new(), settings::account_names());
    catalog
        .profiles
        .iter()
        .map(|p| row(catalog, p, &none, &names, false))
        .collect()
}

fn row(
    catalog: &Catalog,
    p: &Profile,
    expiries: &HashMap<&str, (DateTime<Utc>, DateTime<Utc>)>,
    names: &HashMap<String, String>,
    follow: bool,
) -> Row {
    let account_id = resolve::account_of(p).map(String::from);
    // The person's own name for the account first: it is the one they chose.
    let named = account_id.as_ref().and_then(|id| names.get(id)).cloned();
    let (mfa, error) = if follow {
        match resolve(catalog, &p.name) {
            Ok(plan) => (plan.steps.iter().find_map(|s| s.mfa_serial), None),
            // A profile that only holds settings (a region in [default]) is fine until used.
            Err(ResolveError::NoCredentials { .. }) => (p.mfa_serial.as_ref(), None),
            Err(e) => (p.mfa_serial.as_ref(), Some(e.to_string())),
        }
    } else {
        (
            p.mfa_serial.as_ref(),
            (!p.errors.is_empty()).then(|| p.errors.join("; ")),
        )
    };
    Row {
        name: p.name.clone(),
        kind: p.kind(),
        role_arn: p.role_arn.as_ref().map(ToString::to_string),
        account_name: named.or_else(|| p.sso_role.as_ref().and_then(|r| r.account_name.clone())),
        account_id,
        role_name: match (&p.role_arn, &p.sso_role) {
            (Some(arn), _) => Some(arn.role_name().to_string()),
            (None, Some(sso)) => Some(sso.role_name.clone()),
            (None, None) => None,
        },
        sso_session: p.sso_role.as_ref().map(|r| r.session.label().to_string()),
        source_profile: p.source_profile.clone(),
        mfa_serial: mfa.map(ToString::to_string),
        region: p.region.clone(),
        keys_in: match (p.keys.is_some(), p.keyring_keys.is_some()) {
            (true, true) => Some("file+keyring"),
            (true, false) => Some("file"),
            (false, true) => Some("keyring"),
            (false, false) => None,
        },
        external_id: p.external_id.clone(),
        role_session_name: p.role_session_name.clone(),
        duration_seconds: p.duration_seconds,
        expires_at: expiries.get(p.name.as_str()).map(|e| e.0),
        reusable_until: expiries.get(p.name.as_str()).map(|e| e.1),
        error,
    }
}

/// Time left as people read it at a glance: `2h05m`, `59m`, `45s`, `expired`.
pub fn time_left(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (expires_at - now).num_seconds();
    match secs {
        ..=0 => "expired".into(),
        1..=59 => format!("{secs}s"),
        60..=3599 => format!("{}m", secs / 60),
        _ => format!("{}h{:02}m", secs / 3600, secs % 3600 / 60),
    }
}

/// A cell as it can be shown on one line of a terminal: a value continued over lines, or
/// holding an escape sequence from a hostile config, is shown escaped (`\n`, `\u{1b}`).
fn printable(cell: &str) -> String {
    cell.chars()
        .map(|c| match c.is_control() {
            true => c.escape_default().to_string(),
            false => c.to_string(),
        })
        .collect()
}

/// The plain table `list` prints.
pub fn table(rows: &[Row], now: DateTime<Utc>) -> String {
    let cells: Vec<[String; 9]> = rows
        .iter()
        .map(|r| {
            let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
            [
                r.name.clone(),
                r.kind.label().into(),
                match (&r.account_id, &r.account_name) {
                    (Some(id), Some(name)) => format!("{id} ({name})"),
                    (id, _) => or_dash(id),
                },
                or_dash(&r.role_name),
                or_dash(&r.region),
                if r.mfa_serial.is_some() { "yes" } else { "no" }.into(),
                r.keys_in.unwrap_or("-").into(),
                r.expires_at
                    .map(|at| time_left(at, now))
                    .unwrap_or_else(|| "-".into()),
                r.error
                    .clone()
                    .map(|e| format!("error: {e}"))
                    .unwrap_or_default(),
            ]
            .map(|cell| printable(&cell))
        })
        .collect();
    let header = [
        "PROFILE", "KIND", "ACCOUNT", "ROLE", "REGION", "MFA", "KEYS", "LEFT", "",
    ]
    .map(String::from);
    let mut widths = [0usize; 9];
    for row in std::iter::once(&header).chain(&cells) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::with_capacity(cells.len() * 80);
    for row in std::iter::once(&header).chain(&cells) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i < 8 {
                line.extend(std::iter::repeat_n(' ', widths[i] - cell.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_reads_at_a_glance() {
        let now = Utc::now();
        let at = |secs| now + chrono::TimeDelta::seconds(secs);
        assert_eq!(time_left(at(-5), now), "expired");
        assert_eq!(time_left(at(45), now), "45s");
        assert_eq!(time_left(at(59 * 60 + 59), now), "59m");
        assert_eq!(time_left(at(2 * 3600 + 5 * 60), now), "2h05m");
    }
}
