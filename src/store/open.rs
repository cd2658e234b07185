//! Choosing where sessions are kept: the OS keyring by default, 0600 files when asked, and
//! nothing (said once) when no keyring answers. Never a silent fall back to plaintext.

use super::Store;
use super::connect::connect;
use super::file::FileStore;
use super::keyring::KeyringStore;
use super::state::StateFile;
use crate::store::settings;
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
    match settings::get("store").map_err(|e| e.to_string())?.as_str() {
        "file" => Ok(StoreChoice::File),
        "none" => Ok(StoreChoice::None),
        _ => Ok(StoreChoice::Keyring),
    }
}

/// Opens the chosen store. The keyring is probed here, once, so a missing one is reported
/// once per command.
pub fn open(choice: StoreChoice) -> Opened {
    let state = StateFile::at_default_path();
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
            Ok(keyring) => Opened {
                store: Some(Arc::new(KeyringStore::new(state))),
                notice: keyring.notice().map(String::from),
            },
            Err(why) => Opened {
                store: None,
                notice: Some(format!(
                    "no keyring answered, so nothing is cached ({why}); `switchrole settings set store file` keeps sessions in 0600 files"
                )),
            },
        },
    }
}
