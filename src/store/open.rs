//! Choosing where sessions are kept: the OS keyring by default, 0600 files when asked, and
//! nothing (said once) when no keyring answers. Never a silent fall back to plaintext.

use super::Store;
use super::connect::{Keyring, connect};
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
/// once per command; that sessions live in the kernel keyring is said only the first time.
pub fn open(choice: StoreChoice) -> Opened {
    let mut opened = open_quietly(choice);
    if choice == StoreChoice::Keyring
        && opened.store.is_some()
        && connect() == Ok(Keyring::Kernel)
        && first_time_told()
    {
        opened.notice = Keyring::Kernel.notice().map(String::from);
    }
    opened
}

/// Whether this is the first time the kernel keyring is used, noting that it was told. A
/// state file that cannot be written tells it every time rather than never.
fn first_time_told() -> bool {
    let state = StateFile::at_default_path();
    if state.read().told_kernel_keyring {
        return false;
    }
    let _ = state.update(|c| c.told_kernel_keyring = true);
    true
}

/// `open` without the kernel keyring's notice, for `credential-process`: its stderr reaches
/// the person only through the calling tool, with an unrelated failure. `doctor` says it.
pub fn open_quietly(choice: StoreChoice) -> Opened {
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
            Ok(_) => Opened {
                store: Some(Arc::new(KeyringStore::new(state))),
                notice: None,
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
