//! What the picker's background work runs against: the catalog and the session store (or the
//! demo's), and the loader that reads the whole catalog behind the first frame.

use crate::app::listing::Row;
use crate::profile::Catalog;
use crate::store::file::FileStore;
use crate::store::open::StoreChoice;
use crate::store::state::StateFile;
use crate::store::{SessionInfo, Store};
use std::sync::Arc;
use std::time::SystemTime;

/// Where sessions come from.
#[derive(Clone)]
pub enum Engine {
    Aws {
        catalog: Arc<Catalog>,
        /// None while loading, or when no store could be used.
        store: Option<Arc<dyn Store>>,
        /// Where the kept sessions' facts are read from.
        choice: StoreChoice,
    },
    Demo {
        catalog: Arc<Catalog>,
    },
}

/// Reads the whole catalog and its rows, off the render loop.
pub type Loader = Box<dyn FnOnce() -> Loaded + Send>;

/// What the loader reads: the whole catalog, its rows, the session store, and what to tell.
pub struct Loaded {
    pub catalog: Catalog,
    pub rows: Vec<Row>,
    pub store: Option<Arc<dyn Store>>,
    pub problems: Vec<String>,
}

impl Engine {
    /// The session store in use, if any.
    pub fn store(&self) -> Option<Arc<dyn Store>> {
        match self {
            Engine::Aws { store, .. } => store.clone(),
            Engine::Demo { .. } => None,
        }
    }

    /// Every kept session, read as the list first was (the keyring's from the state file).
    pub fn kept_sessions(&self) -> Vec<SessionInfo> {
        match self {
            Engine::Aws { choice, .. } => crate::app::cached_sessions(*choice),
            Engine::Demo { .. } => Vec::new(),
        }
    }

    /// When the kept sessions last changed, as cheaply as it can be told: the state file's
    /// modification time, or the session directory's (a file added or removed changes it).
    pub fn sessions_changed_at(&self) -> Option<SystemTime> {
        let path = match self {
            Engine::Aws {
                choice: StoreChoice::Keyring,
                ..
            } => StateFile::default_path(),
            Engine::Aws {
                choice: StoreChoice::File,
                ..
            } => FileStore::default_dir(),
            _ => return None,
        };
        std::fs::metadata(path).and_then(|m| m.modified()).ok()
    }

    /// The profiles the picker lists.
    pub fn catalog(&self) -> &Arc<Catalog> {
        match self {
            Engine::Aws { catalog, .. } | Engine::Demo { catalog } => catalog,
        }
    }
}
