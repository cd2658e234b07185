//! What the picker's background work runs against: the catalog and the session store (or the
//! demo's), and the loader that reads the whole catalog behind the first frame.

use crate::app::listing::Row;
use crate::profile::Catalog;
use crate::store::Store;
use std::sync::Arc;

/// Where sessions come from.
#[derive(Clone)]
pub enum Engine {
    Aws {
        catalog: Arc<Catalog>,
        /// None while loading, or when no store could be used.
        store: Option<Arc<dyn Store>>,
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

    /// The profiles the picker lists.
    pub fn catalog(&self) -> &Arc<Catalog> {
        match self {
            Engine::Aws { catalog, .. } | Engine::Demo { catalog } => catalog,
        }
    }
}
