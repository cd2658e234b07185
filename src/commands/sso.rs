//! `login` and `logout`: IAM Identity Center sign-in on demand.

use crate::app::{load_catalog, open_store};
use crate::profile::Catalog;
use crate::profile::sso::SsoSession;
use crate::sso::{self, assignments};
use crate::store::Store;
use crate::store::open::StoreChoice;
use anyhow::{Result, bail};
use chrono::Local;

/// Signs in to the session with the device flow (whatever is cached, as `aws sso login`
/// does), then lists its accounts and roles so the picker shows them at once.
pub async fn login(name: Option<&str>, browser: bool) -> Result<String> {
    let catalog = load_catalog()?;
    let session = match name {
        Some(name) => find(&catalog, name)?,
        None => match catalog.sso_sessions.as_slice() {
            [only] => only.clone(),
            [] => bail!(
                "{} has no [sso-session NAME] section to sign in to",
                catalog.files[0]
            ),
            many => bail!("name the session to sign in to: one of {}", names(many)),
        },
    };
    let token = sso::sign_in_again(&session, |code| sso::tell(code, browser, false)).await?;
    let until = token.expires_at.with_timezone(&Local).format("%H:%M");
    let mut said = format!("signed in to {} until {until}", session.label());
    if session.name.is_some() {
        match assignments::list(&session, sso::SignIn::Never).await {
            Ok(listing) => {
                let roles: usize = listing.accounts.iter().map(|a| a.roles.len()).sum();
                let accounts = listing.accounts.len();
                said.push_str(&format!("; {accounts} accounts, {roles} roles"));
            }
            Err(e) => said.push_str(&format!("; the accounts could not be listed: {e}")),
        }
    }
    Ok(format!("{said}\n"))
}

/// Signs out of one session, or of every session (legacy profiles' too) when none is named,
/// and forgets the role sessions kept from it, as `aws sso logout` does. A session that
/// cannot be signed out of does not stop the others.
pub async fn logout(name: Option<&str>, choice: StoreChoice) -> Result<String> {
    let mut catalog = load_catalog()?;
    assignments::add_cached_entries(&mut catalog);
    let sessions = match name {
        Some(name) => vec![find(&catalog, name)?],
        None => every_session(&catalog),
    };
    if sessions.is_empty() {
        bail!(
            "{} names no IAM Identity Center session to sign out of",
            catalog.files[0]
        );
    }
    let store = open_store(choice);
    let mut said = String::new();
    let mut failed = Vec::new();
    for session in &sessions {
        match sso::sign_out(session).await {
            Ok(true) => said += &format!("signed out of {}\n", session.label()),
            Ok(false) => said += &format!("not signed in to {}\n", session.label()),
            Err(e) => failed.push(e.to_string()),
        }
        if let Some(store) = &store {
            forget_kept(&catalog, session, store.as_ref());
        }
    }
    match failed.is_empty() {
        true => Ok(said),
        false => {
            print!("{said}");
            bail!("{}", failed.join("; "))
        }
    }
}

/// Every `[sso-session]`, then each start URL legacy profiles sign in through, once.
fn every_session(catalog: &Catalog) -> Vec<SsoSession> {
    let mut sessions = catalog.sso_sessions.clone();
    let legacy = catalog.profiles.iter().filter_map(|p| p.sso_role.as_ref());
    for session in legacy.map(|r| &r.session).filter(|s| s.name.is_none()) {
        if !sessions.iter().any(|s| s.start_url == session.start_url) {
            sessions.push(session.clone());
        }
    }
    sessions
}

/// Removes the kept sessions of the profiles and assignments that sign in through `session`.
fn forget_kept(catalog: &Catalog, session: &SsoSession, store: &dyn Store) {
    let through = |profile: &str| {
        let role = catalog.get(profile).and_then(|p| p.sso_role.as_ref());
        role.is_some_and(|r| r.session.start_url == session.start_url)
    };
    for kept in store.list().unwrap_or_default() {
        if through(&kept.profile) {
            let _ = store.remove(&kept.key);
        }
    }
}

/// A session by its `[sso-session]` name, the one an SSO profile signs in through, or (for
/// profiles with `sso_start_url`) its start URL, as `NeedSignIn` names it.
pub(super) fn find(catalog: &Catalog, name: &str) -> Result<SsoSession> {
    let by_name = catalog
        .sso_sessions
        .iter()
        .find(|s| s.name.as_deref() == Some(name));
    let by_profile = || catalog.get(name)?.sso_role.as_ref().map(|r| &r.session);
    let by_url = || {
        let roles = catalog.profiles.iter().filter_map(|p| p.sso_role.as_ref());
        roles.map(|r| &r.session).find(|s| s.start_url == name)
    };
    match by_name.or_else(by_profile).or_else(by_url) {
        Some(session) => Ok(session.clone()),
        None if catalog.sso_sessions.is_empty() => {
            bail!(
                "no sso-session or SSO profile named '{name}' in {}",
                catalog.files[0]
            )
        }
        None => bail!(
            "no sso-session or SSO profile named '{name}' in {}; the sessions are {}",
            catalog.files[0],
            names(&catalog.sso_sessions)
        ),
    }
}

fn names(sessions: &[SsoSession]) -> String {
    let names: Vec<&str> = sessions.iter().map(SsoSession::label).collect();
    names.join(", ")
}
