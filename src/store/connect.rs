//! Which keyring answers: the platform's (Keychain, Credential Manager, Secret Service) through
//! the `keyring` crate, else on Linux the kernel keyring. Asked once per process.

use std::sync::OnceLock;

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

/// A keyring failure, described without the payload: keyring-core's `BadEncoding` carries the
/// stored bytes, which may be a secret, so its `Debug` is never printed.
pub(super) fn describe(err: &keyring_core::Error) -> String {
    match err {
        keyring_core::Error::BadEncoding(_) | keyring_core::Error::BadDataFormat(..) => {
            "the stored item is not what switchrole wrote".into()
        }
        keyring_core::Error::NoDefaultStore => "no keyring store is set up".into(),
        other => other.to_string(),
    }
}
