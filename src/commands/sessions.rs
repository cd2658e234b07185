//! `sessions` and `clear`: the kept sessions, read without unlocking the keyring.

use crate::app::listing::time_left;
use crate::app::{self, cached_sessions, open_store};
use crate::profile::{Paths, display_path};
use crate::store::open::StoreChoice;
use anyhow::{Result, anyhow, bail};
use chrono::Utc;
use serde_json::json;

/// The kept sessions, soonest to expire first, as a table or JSON.
pub fn list(choice: StoreChoice, as_json: bool) -> Result<String> {
    let mut sessions = cached_sessions(choice);
    sessions.sort_by_key(|s| s.expires_at);
    let now = Utc::now();
    if as_json {
        let items: Vec<_> = sessions
            .iter()
            .map(|s| {
                json!({
                    "profile": s.profile,
                    "role_arn": s.role_arn,
                    "assumed_arn": s.assumed_arn,
                    "expires_at": s.expires_at,
                    "seconds_left": s.expires_at.map(|at| (at - now).num_seconds().max(0)),
                })
            })
            .collect();
        return Ok(format!("{}\n", serde_json::to_string_pretty(&items)?));
    }
    let mut out = format!("{:<24} {:<8} {}\n", "PROFILE", "LEFT", "AS");
    for s in &sessions {
        let left = s.expires_at.map_or("-".into(), |at| time_left(at, now));
        let who = s
            .assumed_arn
            .as_deref()
            .or(s.role_arn.as_deref())
            .unwrap_or("-");
        out.push_str(&format!("{:<24} {:<8} {who}\n", s.profile, left));
    }
    Ok(out)
}

/// Removes every kept session, or those of one profile. A name that is no profile and has
/// no session is a mistake, told with the closest names, as the other commands tell it.
pub fn clear(choice: StoreChoice, profile: Option<&str>) -> Result<()> {
    let store = open_store(choice).ok_or_else(|| anyhow!("there is no session store to clear"))?;
    let mut cleared = 0;
    for info in store.list()? {
        if profile.is_none_or(|p| p == info.profile) {
            store.remove(&info.key)?;
            cleared += 1;
        }
    }
    if let Some(name) = profile
        && cleared == 0
        && !app::profile_names().iter().any(|n| n == name)
    {
        let paths = Paths::from_env();
        let [config, credentials] = [&paths.config, &paths.credentials].map(|p| display_path(p));
        bail!(
            "no profile named '{name}' in {config} or {credentials}{}",
            app::did_you_mean(name)
        );
    }
    eprintln!(
        "switchrole: cleared {cleared} session{} from the {} store",
        if cleared == 1 { "" } else { "s" },
        store.name()
    );
    Ok(())
}
