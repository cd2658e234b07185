//! Choosing where sessions are kept: the OS keyring by default, 0600 files when asked, and
//! nothing (said once) when no keyring answers. Never a silent fall back to plaintext.

use super::Store;
use super::file::FileStore;
use super::keyring::KeyringStore;
use super::keyring::describe;
use super::state::StateFile;
use crate::settings;
use std::sync::{Arc, OnceLock};

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

/// Which keyring holds sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keyring {
    /// The platform's own: the Keychain, the Credential Manager, the Secret Service.
    Platform,
    /// Linux's kernel keyring, when no Secret Service answers (an SSH box): in memory only,
    /// gone at logout or reboot, which suits one-hour credentials but not long-term keys.
    Kernel,
}

impl Keyring {
    /// One short line, for stderr and the picker's footer.
    pub fn notice(self) -> Option<&'static str> {
        match self {
            Keyring::Platform => None,
            Keyring::Kernel => {
                Some("no Secret Service: sessions are kept in the kernel keyring until logout")
            }
        }
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

/// Connects keyring-core to a keyring, once per process: the platform's, through the
/// `keyring` crate (which installs it as keyring-core's default store), else on Linux the
/// kernel keyring.
pub fn connect() -> Result<Keyring, String> {
    static CONNECTED: OnceLock<Result<Keyring, String>> = OnceLock::new();
    CONNECTED
        .get_or_init(|| match keyring::Entry::store_status() {
            Ok(()) => Ok(Keyring::Platform),
            Err(e) => kernel_keyring(describe(e)),
        })
        .clone()
}

#[cfg(target_os = "linux")]
fn kernel_keyring(platform: String) -> Result<Keyring, String> {
    let failed = |e: keyring_core::Error| format!("{platform}; kernel keyring: {}", describe(&e));
    let store = linux_keyutils_keyring_store::Store::new().map_err(failed)?;
    keyring_core::set_default_store(store);
    // The store is built without touching the kernel: ask for an item to know it answers.
    match keyring_core::Entry::new("switchrole", "probe").and_then(|e| e.get_password()) {
        Ok(_) | Err(keyring_core::Error::NoEntry) => Ok(Keyring::Kernel),
        Err(e) => {
            keyring_core::unset_default_store();
            Err(failed(e))
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn kernel_keyring(platform: String) -> Result<Keyring, String> {
    Err(platform)
}
