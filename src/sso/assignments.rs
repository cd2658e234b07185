//! The accounts and roles each `[sso-session]` is assigned, kept with the time they were
//! listed so the picker's first frame never waits for the portal, and the profiles they
//! become for the assignments no configured profile names.

use super::portal::{self, Account};
use super::{SignIn, SsoError, token};
use crate::profile::sso::{SsoRole, SsoSession};
use crate::profile::{Catalog, Profile};
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::PathBuf;

/// A listing older than this is listed again (in the background in the picker).
pub const STALE_AFTER: TimeDelta = TimeDelta::hours(1);

/// What the portal listed for a session, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub start_url: String,
    pub listed_at: DateTime<Utc>,
    pub accounts: Vec<Account>,
}

impl Listing {
    pub fn is_stale(&self, now: DateTime<Utc>) -> bool {
        self.listed_at + STALE_AFTER <= now
    }
}

/// Where a session's listing is kept: names and ids, no secret.
fn path_of(session: &SsoSession) -> PathBuf {
    let dir = dirs::cache_dir().unwrap_or_else(std::env::temp_dir);
    let file = token::path_of(session);
    let file = file.file_name().unwrap_or_default();
    dir.join("switchrole").join("sso").join(file)
}

/// The kept listing of a session, if it is for the session's start URL.
pub fn cached(session: &SsoSession) -> Option<Listing> {
    let bytes = std::fs::read(path_of(session)).ok()?;
    let listing: Listing = serde_json::from_slice(&bytes).ok()?;
    (listing.start_url == session.start_url).then_some(listing)
}

/// Lists the session's accounts and roles now with its token (signing in first when
/// `sign_in` allows it), and keeps the listing.
pub async fn list(session: &SsoSession, sign_in: SignIn) -> Result<Listing, SsoError> {
    let token = super::token(session, sign_in).await?;
    let listing = Listing {
        start_url: session.start_url.clone(),
        listed_at: Utc::now(),
        accounts: portal::accounts(session, &token).await?,
    };
    let json = serde_json::to_vec(&listing).map_err(std::io::Error::other);
    let path = path_of(session);
    json.and_then(|json| crate::store::write_private(&path, &json))
        .map_err(|e| SsoError::Write {
            path: crate::profile::display_path(&path),
            detail: e.to_string(),
        })?;
    Ok(listing)
}

/// `corp/prod/ReadOnly`: the session, the account's name (a `/` or space in it becomes `-`,
/// so the name stays one word in three parts) and the role.
pub fn entry_name(session: &str, account: &Account, role: &str) -> String {
    let account: String = account
        .name
        .chars()
        .map(|c| {
            if c == '/' || c.is_whitespace() {
                '-'
            } else {
                c
            }
        })
        .collect();
    format!("{session}/{account}/{role}")
}

/// Adds a profile for each listed assignment that no profile of the catalog names (the
/// profile wins: same start URL, account and role).
pub fn add_entries(catalog: &mut Catalog, session: &SsoSession, listing: &Listing) {
    let Some(label) = session.name.as_deref() else {
        return;
    };
    // Looked up once per assignment: thousands of them against tens of thousands of profiles.
    let named: HashSet<(&str, &str)> = catalog
        .profiles
        .iter()
        .filter_map(|p| p.sso_role.as_ref())
        .filter(|r| r.session.start_url == session.start_url)
        .map(|r| (r.account_id.as_str(), r.role_name.as_str()))
        .collect();
    let mut entries = Vec::new();
    for account in &listing.accounts {
        for role in &account.roles {
            let name = entry_name(label, account, role);
            if named.contains(&(account.id.as_str(), role.as_str())) || catalog.get(&name).is_some()
            {
                continue;
            }
            entries.push(Profile {
                name,
                sso: true,
                sso_role: Some(SsoRole {
                    session: session.clone(),
                    account_id: account.id.clone(),
                    role_name: role.clone(),
                    account_name: Some(account.name.clone()),
                }),
                ..Profile::default()
            });
        }
    }
    for entry in entries {
        catalog.add(entry);
    }
}

/// Whether the profile is an assignment added from a listing rather than one the files name.
pub fn is_entry(profile: &Profile) -> bool {
    let listed = profile
        .sso_role
        .as_ref()
        .is_some_and(|r| r.account_name.is_some());
    listed && !profile.files.config && !profile.files.credentials
}

/// Adds the entries of every session's kept listing: what the first frame and `list` show
/// without a call.
pub fn add_cached_entries(catalog: &mut Catalog) {
    for session in catalog.sso_sessions.clone() {
        if let Some(listing) = cached(&session) {
            add_entries(catalog, &session, &listing);
        }
    }
}

/// Lists again each session's assignments whose kept listing is missing or stale, when the
/// session has a usable token (a session without one is left as it is), then adds the
/// assignments no profile names. Returns what could not be listed, for the person to be told.
pub async fn add_assignments(catalog: &mut Catalog) -> Vec<String> {
    let now = Utc::now();
    let mut problems = Vec::new();
    for session in catalog.sso_sessions.clone() {
        if cached(&session).is_some_and(|l| !l.is_stale(now)) {
            continue;
        }
        match list(&session, SignIn::Never).await {
            Ok(_) | Err(SsoError::NeedSignIn { .. }) => {}
            Err(e) => problems.push(format!("listing the accounts of {}: {e}", session.label())),
        }
    }
    add_cached_entries(catalog);
    problems
}

/// The catalog with its assignments listed again, when some session's listing was stale (or
/// every session's, with `all`) and could be listed with a usable token; None when nothing
/// was listed.
pub async fn relisted(catalog: &Catalog, all: bool) -> Option<Catalog> {
    let now = Utc::now();
    let mut listed = false;
    for session in &catalog.sso_sessions {
        if !all && cached(session).is_some_and(|l| !l.is_stale(now)) {
            continue;
        }
        listed |= list(session, SignIn::Never).await.is_ok();
    }
    if !listed {
        return None;
    }
    let profiles = catalog.profiles.iter().filter(|p| !is_entry(p));
    let (problems, files) = (catalog.problems.clone(), catalog.files.clone());
    let mut fresh = Catalog::new(profiles.cloned().collect(), problems, files);
    fresh.sso_sessions = catalog.sso_sessions.clone();
    add_cached_entries(&mut fresh);
    Some(fresh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_named_by_session_account_and_role_in_one_word() {
        let account = Account {
            id: "111122223333".into(),
            name: "Prod / EU  main".into(),
            roles: Vec::new(),
        };
        assert_eq!(
            entry_name("corp", &account, "ReadOnly"),
            "corp/Prod---EU--main/ReadOnly"
        );
    }
}
