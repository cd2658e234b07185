//! What both front ends need: the catalog with the keyring's profiles marked, the session
//! store, cached sessions, the region rule and the banner. Below `commands/` and `tui/`, so
//! neither front end imports the other.

pub mod listing;
pub mod output;
pub mod recent;
pub mod switch;

use crate::assume::mfa_code::Prompt;
use crate::assume::{self, AssumeError, Options};
use crate::creds::Session;
use crate::profile::resolve::{Plan, resolve};
use crate::profile::{self, Catalog, Paths};
use crate::shell::supervise::{RenewError, Renewer};
use crate::sso::assignments;
use crate::sso::{SignIn, SsoError};
use crate::store::file::FileStore;
use crate::store::keyring;
use crate::store::open::{self, StoreChoice};
use crate::store::settings;
use crate::store::state::StateFile;
use crate::store::{SessionInfo, Store};
use crate::sts::sdk::SdkSts;
use anyhow::Result;
use chrono::{Local, TimeDelta, Utc};
use std::sync::Arc;

/// Reads the whole catalog and marks the profiles whose keys are in the keyring. A damaged
/// state file is rebuilt from the keyring first, since it is what says which profiles keep
/// their keys there; what happened is added to the catalog's problems, said once.
pub fn catalog(paths: &Paths) -> Result<Catalog, profile::LoadError> {
    Ok(marked(profile::load(paths)?))
}

/// Only `name` and its sources, marked the same way: what a command on one profile needs.
pub fn catalog_for(paths: &Paths, name: &str) -> Result<Catalog, profile::LoadError> {
    Ok(marked(profile::load_named(paths, name)?))
}

fn marked(mut catalog: Catalog) -> Catalog {
    let state_file = StateFile::at_default_path();
    if state_file.is_damaged() {
        catalog.problems.push(keyring::repair(&state_file));
    }
    let state = state_file.read();
    catalog.mark_keyring(
        state
            .keyring_keys
            .iter()
            .map(|k| (k.profile.as_str(), k.access_key_id.as_str())),
    );
    catalog
}

/// Loads the catalog, marks the profiles whose keys are in the keyring, and reports lines
/// that could not be read, once, on stderr.
pub fn load_catalog() -> Result<Catalog> {
    Ok(warned(catalog(&Paths::from_env())?))
}

/// `load_catalog` for one profile and its sources; only their lines are read and reported.
pub fn load_catalog_for(name: &str) -> Result<Catalog> {
    Ok(warned(catalog_for(&Paths::from_env(), name)?))
}

/// `load_catalog_for`, where `name` may also be an assignment of IAM Identity Center
/// (`corp/prod/ReadOnly`): from the kept listing; listed now when there is none (signing in
/// if `sign_in` allows) or when it is stale and the token usable. A name the listing lacks is
/// not worth a sign-in: it is reported as not found, with suggestions.
pub async fn load_catalog_with_entry(name: &str, sign_in: SignIn) -> Result<Catalog> {
    let mut catalog = load_catalog_for(name)?;
    let Some(wanted) = assignments::session_of(name) else {
        return Ok(catalog);
    };
    if catalog.get(name).is_some() {
        return Ok(catalog);
    }
    let sessions = catalog.sso_sessions.clone();
    for session in sessions
        .iter()
        .filter(|s| s.name.as_deref() == Some(wanted))
    {
        let kept = assignments::cached(session);
        if let Some(listing) = &kept {
            assignments::add_entries(&mut catalog, session, listing);
        }
        let listed = match kept {
            _ if catalog.get(name).is_some() => continue,
            None => assignments::list(session, sign_in).await?,
            Some(old) if old.is_stale(Utc::now()) => {
                match assignments::list(session, SignIn::Never).await {
                    Ok(listing) => listing,
                    Err(SsoError::NeedSignIn { .. }) => continue,
                    Err(e) => return Err(e.into()),
                }
            }
            Some(_) => continue,
        };
        assignments::add_entries(&mut catalog, session, &listed);
    }
    Ok(catalog)
}

fn warned(catalog: Catalog) -> Catalog {
    for problem in &catalog.problems {
        eprintln!("switchrole: warning: {problem}");
    }
    catalog
}

/// Every kept session, for showing time left, read without opening the keyring: the keyring
/// store's facts are in the state file.
pub fn cached_sessions(choice: StoreChoice) -> Vec<SessionInfo> {
    match choice {
        StoreChoice::Keyring => StateFile::at_default_path().read().sessions,
        StoreChoice::File => FileStore::new(FileStore::default_dir())
            .list()
            .unwrap_or_default(),
        StoreChoice::None => Vec::new(),
    }
}

/// Opens the chosen store, telling the person once when it cannot be used.
pub fn open_store(choice: StoreChoice) -> Option<std::sync::Arc<dyn Store>> {
    let opened = open::open(choice);
    if let Some(notice) = opened.notice {
        eprintln!("switchrole: {notice}");
    }
    opened.store
}

/// The region for the child and for STS: `--region`, then `AWS_REGION`/`AWS_DEFAULT_REGION`,
/// then the profile's. Inside a switchrole shell those variables were set for the parent's
/// profile, so there the profile's own region comes first.
pub fn region_for(plan: &Plan<'_>, flag: Option<&str>) -> Option<String> {
    let from_env = || {
        ["AWS_REGION", "AWS_DEFAULT_REGION"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|r| !r.is_empty()))
    };
    let nested = std::env::var_os("SWITCHROLE_PROFILE").is_some();
    match (flag, nested) {
        (Some(region), _) => Some(region.to_string()),
        (None, true) => plan.region.map(String::from).or_else(from_env),
        (None, false) => from_env().or_else(|| plan.region.map(String::from)),
    }
}

/// `switchrole: prod as arn:aws:sts::...:assumed-role/Admin/alice, expires 14:32 (59m left)`
pub fn banner(session: &Session) -> String {
    let who = session
        .assumed_arn
        .as_deref()
        .or(session.role_arn.as_deref())
        .unwrap_or("its keys");
    let expiry = match session.credentials.expiration {
        Some(at) => format!(
            ", expires {} ({} left)",
            at.with_timezone(&Local).format("%H:%M"),
            listing::time_left(at, Utc::now())
        ),
        None => String::new(),
    };
    format!("switchrole: {} as {who}{expiry}", session.profile)
}

/// Assumes `profile` again for a renewing shell: a new session even while the kept one is
/// fresh, from the kept MFA session when there is one, never prompting.
pub fn renewer(
    catalog: Arc<Catalog>,
    store: Option<Arc<dyn Store>>,
    profile: String,
    duration: Option<u32>,
    region: Option<String>,
) -> Renewer {
    Box::new(move |mfa_code| {
        let (catalog, store) = (catalog.clone(), store.clone());
        let (profile, region) = (profile.clone(), region.clone());
        Box::pin(async move {
            let plan =
                resolve(&catalog, &profile).map_err(|e| RenewError::Failed(e.to_string()))?;
            let sts = SdkSts::new(Some(&profile), region.as_deref().unwrap_or("us-east-1"));
            let options = Options {
                mfa_code,
                duration,
                reuse_session: false,
                prompt: Prompt::Never,
                // A renewal in the background cannot ask anyone to approve a sign-in.
                sign_in: SignIn::Never,
                region,
                mfa_session_seconds: mfa_session_seconds(),
            };
            match assume::assume(&plan, &options, &sts, store.as_deref(), Utc::now()).await {
                Ok(outcome) => Ok(outcome.session),
                Err(AssumeError::NeedMfa { .. }) => Err(RenewError::NeedMfa),
                Err(e) => Err(RenewError::Failed(e.to_string())),
            }
        })
    })
}

/// How long before expiry a shell is told: `SWITCHROLE_WARN_BEFORE` or `warn_before`
/// (seconds), 5 minutes by default.
pub fn warn_before() -> Result<TimeDelta> {
    let seconds = settings::seconds("SWITCHROLE_WARN_BEFORE", "warn_before")?;
    Ok(TimeDelta::seconds(seconds.into()))
}

/// `SWITCHROLE_RENEW_BEFORE` (seconds) overrides when a renewing shell renews; by default it
/// renews when a kept session would stop being reused.
pub fn renew_before() -> Result<Option<TimeDelta>> {
    let Ok(text) = std::env::var("SWITCHROLE_RENEW_BEFORE") else {
        return Ok(None);
    };
    let seconds = crate::profile::duration::parse(text.trim(), 0..=43_200)
        .map_err(|why| anyhow::anyhow!("SWITCHROLE_RENEW_BEFORE: {why}"))?;
    Ok(Some(TimeDelta::seconds(seconds.into())))
}

/// The `mfa_session_duration` setting for the picker and renewals, where a bad value falls back
/// to the default (the commands report it, and `switchrole settings set` refuses it).
pub fn mfa_session_seconds() -> u32 {
    settings::seconds("SWITCHROLE_MFA_SESSION_DURATION", "mfa_session_duration").unwrap_or(8 * 3600)
}

/// `; did you mean 'dev'?` for a profile name that does not exist: the names within a few
/// typos of it (as git and cargo suggest), else those that contain it; empty when none do.
pub fn did_you_mean(name: &str) -> String {
    let names = profile_names();
    let mut picked = profile::suggest::within_typos(name, names.iter().map(String::as_str));
    if picked.is_empty() && !name.is_empty() {
        picked = names
            .iter()
            .map(String::as_str)
            .filter(|n| n.contains(name))
            .collect();
    }
    let quoted: Vec<String> = picked.iter().take(3).map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => format!("; did you mean {}?", quoted[0]),
        _ => format!("; did you mean one of {}?", quoted.join(", ")),
    }
}

/// Every profile name, for shell completion: nothing when the files cannot be read.
pub fn profile_names() -> Vec<String> {
    let Ok(mut catalog) = catalog(&Paths::from_env()) else {
        return Vec::new();
    };
    // With IAM Identity Center's assignments as last listed: no call at each TAB.
    assignments::add_cached_entries(&mut catalog);
    catalog.profiles.into_iter().map(|p| p.name).collect()
}
