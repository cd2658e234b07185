//! The interactive picker.

mod columns;
mod console_tasks;
mod engine;
mod events;
mod failure;
pub mod filter;
mod keys;
mod msg;
pub mod runtime;
mod sso_sign_in;
mod sso_tasks;
pub mod state;
mod tasks;
pub mod terminal;
mod update;
pub mod view;
mod widgets;

use crate::app::listing;
use crate::app::{self, cached_sessions};
use crate::profile::ini;
use crate::profile::parse::{Source, parse};
use crate::profile::{self, Catalog, Paths, display_path};
use crate::sso::assignments;
use crate::store::open::{self, StoreChoice};
use anyhow::{Result, bail};
use engine::{Engine, Loaded, Loader};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// Enough profiles for the tallest screen.
const PREVIEW_PROFILES: usize = 200;
/// Bytes read of each file for the first frame: 200 generated profiles take about 40 KB.
const HEAD_BYTES: u64 = 128 * 1024;

const DEMO_CONFIG: &str = include_str!("../../assets/demo/config");
const DEMO_CREDENTIALS: &str = include_str!("../../assets/demo/credentials");

fn need_terminal() -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!(
            "the picker needs a terminal; use `switchrole list` or `switchrole exec PROFILE -- CMD`"
        );
    }
    Ok(())
}

/// `switchrole`: the picker over the person's own profiles, or the demo when there are none.
pub async fn picker(store: Option<StoreChoice>) -> Result<ExitCode> {
    need_terminal()?;
    let choice = open::choice(store).map_err(anyhow::Error::msg)?;
    let paths = Paths::from_env();
    if !paths.config.exists() && !paths.credentials.exists() {
        let notice = format!(
            "No AWS config at {}: this is the demo. Add a profile with `aws configure --profile NAME`, then run switchrole again.",
            display_path(&paths.config)
        );
        return demo_with(Some(notice)).await;
    }
    // The first frame comes from the head of the files; the rest is read behind it.
    let (config_head, credentials_head) = profile::read_up_to(&paths, HEAD_BYTES)?;
    let head = parse(
        Source {
            path: &paths.config,
            text: ini::head(&config_head, PREVIEW_PROFILES),
        },
        Source {
            path: &paths.credentials,
            text: ini::head(&credentials_head, PREVIEW_PROFILES),
        },
    );
    let preview = listing::preview_rows(&head);
    // Everything slow (the whole catalog, the keyring) happens behind the first frame.
    let loader: Loader = Box::new(move || {
        let mut catalog = match app::catalog(&paths) {
            Ok(catalog) => catalog,
            Err(e) => Catalog::new(Vec::new(), vec![e.to_string()], Default::default()),
        };
        // IAM Identity Center's assignments as last listed; listed again behind the list.
        assignments::add_cached_entries(&mut catalog);
        let rows = listing::rows(&catalog, &cached_sessions(choice));
        let opened = open::open(choice);
        let mut problems = catalog.problems.clone();
        problems.extend(opened.notice);
        Loaded {
            catalog,
            rows,
            store: opened.store,
            problems,
        }
    });
    let engine = Engine::Aws {
        catalog: Arc::new(head),
        store: None,
        choice,
    };
    runtime::run(preview, engine, None, Some(loader)).await
}

/// `switchrole demo`: the same picker on built-in profiles with a simulated STS.
pub async fn demo() -> Result<ExitCode> {
    need_terminal()?;
    demo_with(None).await
}

async fn demo_with(notice: Option<String>) -> Result<ExitCode> {
    let catalog = parse(
        Source {
            path: Path::new("demo/config"),
            text: DEMO_CONFIG.as_bytes(),
        },
        Source {
            path: Path::new("demo/credentials"),
            text: DEMO_CREDENTIALS.as_bytes(),
        },
    );
    let rows = listing::rows(&catalog, &[]);
    runtime::run(
        rows,
        Engine::Demo {
            catalog: Arc::new(catalog),
        },
        notice,
        None,
    )
    .await
}
