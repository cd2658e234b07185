//! Choosing where sessions are kept: the OS keyring by default, 0600 files when asked, and
//! nothing (said once) when no keyring answers. Never a silent fall back to plaintext.

use super::Store;
use super::file::FileStore;
use super::keyring::KeyringStore;
use super::state::StateFile;
use crate::settings;
use std::sync::Arc;

/// Where to keep sessions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum StoreChoice {
    #[default]
    Keyring,
    File,
    None,
}

/// The store, and what to tell the person about it.
pub struct Opened {
    pub store: Option<Arc<dyn Store>>,
    pub notice: Option<String>,
}

/// The flag if given, else the settings file, else the keyring.
pub fn choice(flag: Option<StoreChoice>) -> Result<StoreChoice, String> {
    if let Some(choice) = flag {
        return Ok(choice);
    }
    match settings::get("store").as_deref() {
        None | Some("keyring") => Ok(StoreChoice::Keyring),
        Some("file") => Ok(StoreChoice::File),
        Some("none") => Ok(StoreChoice::None),
        Some(other) => Err(format!(
            "{}: store '{other}' is not one of keyring, file, none",
            settings::path().display()
        )),
    }
}

/// Opens the chosen store. The keyring is probed here, once, so a missing one is reported
/// once per command.
pub fn open(choice: StoreChoice) -> Opened {
    let state = StateFile::new(StateFile::default_path());
    match choice {
        StoreChoice::File => Opened {
            store: Some(Arc::new(FileStore::new(FileStore::default_dir()))),
            notice: None,
        },
        StoreChoice::None => Opened {
            store: None,
            notice: None,
        },
        StoreChoice::Keyring => match connect() {
            Ok(()) => Opened {
                store: Some(Arc::new(KeyringStore::new(state))),
                notice: None,
            },
            Err(why) => Opened {
                store: None,
                notice: Some(format!(
                    "no OS keyring answered ({why}), so nothing is cached; to keep sessions in 0600 files instead, pass --store file or put `store = file` under [settings] in {}",
                    crate::profile::display_path(&settings::path())
                )),
            },
        },
    }
}

/// Connects keyring-core to the platform's store.
pub fn connect() -> Result<(), String> {
    if keyring_core::get_default_store().is_some() {
        return Ok(());
    }
    #[cfg(target_os = "linux")]
    {
        let store = zbus_secret_service_keyring_store::Store::new().map_err(|e| {
            format!(
                "tried the Secret Service over D-Bus: {}",
                super::keyring::describe(&e)
            )
        })?;
        keyring_core::set_default_store(store);
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    Err("this build of switchrole has no keyring store for this platform".into())
}
