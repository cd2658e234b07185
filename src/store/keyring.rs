//! The OS keyring (Secret Service on Linux) through keyring-core: sessions and long-term keys,
//! under the service name `switchrole`.

use super::connect::describe;
use super::state::{Contents, KeyringKeys, StateFile};
use super::{CacheKey, SessionInfo, Store, StoreError};
use crate::creds::{Secret, Session};
use crate::profile::StaticKeys;
use serde::{Deserialize, Serialize};

const SERVICE: &str = "switchrole";

fn entry(user: &str) -> Result<keyring_core::Entry, String> {
    keyring_core::Entry::new(SERVICE, user).map_err(|e| describe(&e))
}

/// The secret stored for `user`, or None.
fn get(user: &str) -> Result<Option<String>, String> {
    match entry(user)?.get_password() {
        Ok(secret) => Ok(Some(secret)),
        Err(keyring_core::Error::NoEntry) => Ok(None),
        Err(e) => Err(describe(&e)),
    }
}

fn set(user: &str, secret: &str) -> Result<(), String> {
    entry(user)?.set_password(secret).map_err(|e| describe(&e))
}

fn delete(user: &str) -> Result<(), String> {
    match entry(user)?.delete_credential() {
        Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
        Err(e) => Err(describe(&e)),
    }
}

/// Long-term keys as stored in the keyring.
#[derive(Serialize, Deserialize)]
struct StoredKeys {
    access_key_id: String,
    secret_access_key: Secret,
}

/// A profile's keys from the keyring, or None when it has none there.
pub fn get_keys(profile: &str) -> Result<Option<StaticKeys>, String> {
    let Some(json) = get(&format!("keys:{profile}"))? else {
        return Ok(None);
    };
    let stored: StoredKeys =
        serde_json::from_str(&json).map_err(|_| "the stored keys are damaged".to_string())?;
    Ok(Some(StaticKeys {
        access_key_id: stored.access_key_id,
        secret_access_key: stored.secret_access_key,
        session_token: None,
    }))
}

/// Stores a profile's keys and notes the profile in the state file.
pub fn set_keys(profile: &str, id: &str, secret: &Secret, state: &StateFile) -> Result<(), String> {
    let stored = StoredKeys {
        access_key_id: id.into(),
        secret_access_key: secret.clone(),
    };
    let json = serde_json::to_string(&stored).map_err(|e| e.to_string())?;
    set(&format!("keys:{profile}"), &json)?;
    let noted = KeyringKeys {
        profile: profile.into(),
        access_key_id: id.into(),
    };
    state
        .update(|s| {
            s.keyring_keys.retain(|k| k.profile != profile);
            s.keyring_keys.push(noted);
        })
        .map_err(|e| e.to_string())
}

/// Deletes a profile's keys; true when there were any.
pub fn delete_keys(profile: &str, state: &StateFile) -> Result<bool, String> {
    let had = state
        .read()
        .keyring_keys
        .iter()
        .any(|k| k.profile == profile);
    delete(&format!("keys:{profile}"))?;
    state
        .update(|s| s.keyring_keys.retain(|k| k.profile != profile))
        .map_err(|e| e.to_string())?;
    Ok(had)
}

/// Sessions in the keyring, with their non-secret facts in the state file.
pub struct KeyringStore {
    state: StateFile,
}

impl KeyringStore {
    pub fn new(state: StateFile) -> Self {
        Self { state }
    }

    fn error(&self, detail: String) -> StoreError {
        StoreError {
            place: "in the OS keyring".into(),
            detail,
        }
    }
}

impl Store for KeyringStore {
    fn get(&self, key: &CacheKey) -> Result<Option<Session>, StoreError> {
        let json = get(&format!("session:{}", key.as_str())).map_err(|e| self.error(e))?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }

    fn put(&self, key: &CacheKey, session: &Session) -> Result<(), StoreError> {
        let json = serde_json::to_string(session).map_err(|e| self.error(e.to_string()))?;
        set(&format!("session:{}", key.as_str()), &json).map_err(|e| self.error(e))?;
        let info = SessionInfo::of(key, session);
        let noted = self.state.update(|s| {
            s.forget_session(key);
            s.sessions.push(info);
        });
        noted.map_err(|e| self.error(format!("{}: {e}", self.state.path().display())))
    }

    fn remove(&self, key: &CacheKey) -> Result<(), StoreError> {
        delete(&format!("session:{}", key.as_str())).map_err(|e| self.error(e))?;
        let noted = self.state.update(|s| s.forget_session(key));
        noted.map_err(|e| self.error(format!("{}: {e}", self.state.path().display())))
    }

    fn list(&self) -> Result<Vec<SessionInfo>, StoreError> {
        Ok(self.state.read().sessions)
    }

    fn name(&self) -> &'static str {
        "keyring"
    }
}

/// Rebuilds a damaged state file from switchrole's own items in the keyring (their names say
/// what they are: `keys:PROFILE`, `session:KEY`), keeping the damaged file beside it. Returns
/// the sentence to tell the person.
pub fn repair(state: &StateFile) -> String {
    let shown = crate::profile::display_path(state.path());
    let found = super::connect::connect().and_then(|_| {
        let spec = std::collections::HashMap::from([("service", SERVICE)]);
        keyring_core::Entry::search(&spec).map_err(|e| describe(&e))
    });
    // Set aside either way: kept, not overwritten, and no longer in every write's way.
    let (entries, unsearched) = match found {
        Ok(entries) => (entries, None),
        Err(why) => (Vec::new(), Some(why)),
    };
    let mut rebuilt = Contents::default();
    for entry in entries {
        let user = entry
            .get_attributes()
            .ok()
            .and_then(|mut a| a.remove("username"));
        let (Some(user), Ok(json)) = (user, entry.get_password()) else {
            continue;
        };
        let session_key = user.strip_prefix("session:").and_then(CacheKey::from_hex);
        match (user.strip_prefix("keys:"), session_key) {
            (Some(profile), _) => {
                if let Ok(keys) = serde_json::from_str::<StoredKeys>(&json) {
                    rebuilt.keyring_keys.push(KeyringKeys {
                        profile: profile.into(),
                        access_key_id: keys.access_key_id,
                    });
                }
            }
            (None, Some(key)) => {
                if let Ok(session) = serde_json::from_str::<Session>(&json) {
                    rebuilt.sessions.push(SessionInfo::of(&key, &session));
                }
            }
            (None, None) => {}
        }
    }
    let (keys, sessions) = (rebuilt.keyring_keys.len(), rebuilt.sessions.len());
    let rebuilt_from = match unsearched {
        None => format!("was rebuilt from the keyring ({keys} profile keys, {sessions} sessions)"),
        Some(why) => format!(
            "could not be rebuilt, since the keyring cannot be searched ({why}): run `switchrole add` again for profiles whose keys are only in the keyring"
        ),
    };
    match state.replace_damaged(&rebuilt) {
        Ok(Some(aside)) => format!(
            "{shown} could not be read; it is kept as {} and {rebuilt_from}",
            crate::profile::display_path(&aside)
        ),
        Ok(None) => format!("{shown} could not be read, and another switchrole repaired it"),
        Err(e) => format!("{shown} cannot be read and could not be set aside: {e}"),
    }
}
