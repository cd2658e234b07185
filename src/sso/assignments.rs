//! The accounts and roles each `[sso-session]` is assigned, kept with the time they were
//! listed so the picker's first frame never waits for the portal, and the profiles they
//! become for the assignments no configured profile names.

use super::portal::{self, Account};
use super::{SignIn, SsoError, token};
use crate::profile::sso::{SsoRole, SsoSession};
use crate::profile::{Catalog, Profile};
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
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

/// The session an assignment's name starts with: all before its last two parts, since an
/// account part never holds a `/` and a role name cannot.
pub fn session_of(name: &str) -> Option<&str> {
    let mut parts = name.rsplitn(3, '/');
    let (_, _, session) = (parts.next()?, parts.next()?, parts.next()?);
    Some(session).filter(|s| !s.is_empty())
}

/// Each account's part of the entry names, in the listing's order: its name in one word (a
/// `/` or space becomes `-`), with `-ACCOUNT_ID` added where two accounts would read the same,
/// since names are not unique in an organization and one name must never reach two accounts.
pub fn account_parts(accounts: &[Account]) -> Vec<String> {
    let one_word = |name: &str| -> String {
        let dash = |c: char| {
            if c == '/' || c.is_whitespace() {
                '-'
            } else {
                c
            }
        };
        name.chars().map(dash).collect()
    };
    let plain: Vec<String> = accounts.iter().map(|a| one_word(&a.name)).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for part in &plain {
        *seen.entry(part).or_default() += 1;
    }
    let parts = plain.iter().zip(accounts);
    parts
        .map(|(part, account)| match seen[part.as_str()] {
            1 => part.clone(),
            _ => format!("{part}-{}", account.id),
        })
        .collect()
}

/// `corp/Prod/ReadOnly`: the session, the account's part (see `account_parts`), the role.
pub fn entry_name(session: &str, account_part: &str, role: &str) -> String {
    format!("{session}/{account_part}/{role}")
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
    let parts = account_parts(&listing.accounts);
    for (account, part) in listing.accounts.iter().zip(&parts) {
        for role in &account.roles {
            let name = entry_name(label, part, role);
            if named.contains(&(account.id.as_str(), role.as_str())) || catalog.get(&name).is_some()
            {
                continue;
            }
            entries.push(Profile {
                name,
                sso: true,
                sso_role: Some(Box::new(SsoRole {
                    session: session.clone(),
                    account_id: account.id.clone(),
                    role_name: role.clone(),
                    account_name: Some(account.name.clone()),
                })),
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

/// Lists the assignments of each session that has no kept listing yet, when the session has a
/// usable token (a session without one is left as it is), then adds the assignments no
/// profile names. A stale listing is used as it is: listing thousands of accounts again is
/// the picker's work, behind its list, and `login`'s. Returns what could not be listed.
pub async fn add_assignments(catalog: &mut Catalog) -> Vec<String> {
    let mut problems = Vec::new();
    for session in catalog.sso_sessions.clone() {
        // Each listing is read (or listed) once and its entries added from it.
        let listing = match cached(&session) {
            Some(kept) => kept,
            None => match list(&session, SignIn::Never).await {
                Ok(listed) => listed,
                Err(SsoError::NeedSignIn { .. }) => continue,
                Err(e) => {
                    problems.push(format!("listing the accounts of {}: {e}", session.label()));
                    continue;
                }
            },
        };
        add_entries(catalog, &session, &listing);
    }
    problems
}

/// What listing again gave: the catalog with the new assignments (None when nothing was
/// listed), and what could not be listed.
pub struct Relisted {
    pub catalog: Option<Catalog>,
    pub problems: Vec<String>,
}

/// Lists again the sessions whose listing is stale, or only `session` (just signed in to),
/// with their tokens; a session with no usable token is left as it is.
pub async fn relisted(catalog: &Catalog, session: Option<&str>) -> Relisted {
    let now = Utc::now();
    let mut listed = false;
    let mut problems = Vec::new();
    for s in &catalog.sso_sessions {
        let wanted = match session {
            Some(label) => s.label() == label,
            None => cached(s).is_none_or(|l| l.is_stale(now)),
        };
        if !wanted {
            continue;
        }
        match list(s, SignIn::Never).await {
            Ok(_) => listed = true,
            Err(SsoError::NeedSignIn { .. }) => {}
            Err(e) => problems.push(format!("listing the accounts of {}: {e}", s.label())),
        }
    }
    if !listed {
        return Relisted {
            catalog: None,
            problems,
        };
    }
    let profiles = catalog.profiles.iter().filter(|p| !is_entry(p));
    let (told, files) = (catalog.problems.clone(), catalog.files.clone());
    let mut fresh = Catalog::new(profiles.cloned().collect(), told, files);
    fresh.sso_sessions = catalog.sso_sessions.clone();
    add_cached_entries(&mut fresh);
    Relisted {
        catalog: Some(fresh),
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_one_word_and_two_accounts_never_share_one() {
        let account = |id: &str, name: &str| Account {
            id: id.into(),
            name: name.into(),
            roles: Vec::new(),
        };
        let accounts = [
            account("111122223333", "Prod / EU  main"),
            account("222222222222", "Prod EU"),
            account("333333333333", "Prod-EU"),
            account("444444444444", "Dev"),
        ];
        assert_eq!(
            account_parts(&accounts),
            [
                "Prod---EU--main",
                "Prod-EU-222222222222",
                "Prod-EU-333333333333",
                "Dev"
            ]
        );
        assert_eq!(entry_name("corp", "Dev", "ReadOnly"), "corp/Dev/ReadOnly");
        assert_eq!(session_of("corp/Dev/ReadOnly"), Some("corp"));
        assert_eq!(session_of("team/corp/Dev/ReadOnly"), Some("team/corp"));
        assert_eq!(session_of("Dev/ReadOnly"), None);
        assert_eq!(session_of("/Dev/ReadOnly"), None);
    }
}
