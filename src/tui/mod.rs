//! The interactive picker.

mod columns;
mod console_tasks;
mod engine;
mod events;
mod failure;
pub mod filter;
mod keys;
mod msg;
mod recent;
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
use crate::app::recent::record;
use crate::app::switch;
use crate::app::{self, cached_sessions};
use crate::profile::ini;
use crate::profile::parse::{Source, parse};
use crate::profile::{self, Catalog, Paths, display_path};
use crate::sso::assignments;
use crate::store::history::How;
use crate::store::open::{self, StoreChoice};
use anyhow::{Result, bail};
use chrono::Utc;
use engine::{Engine, Loaded, Loader};
use runtime::Mode;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// Bytes read of each file per profile the first frame shows: a generated profile takes
/// about 200, one with comments and IAM Identity Center settings rarely more than 500.
const HEAD_BYTES_PER_PROFILE: u64 = 1024;

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
    own_profiles(paths, choice, None, Mode::Subshell).await
}

/// `switchrole use` without a profile, through the shell function: the picker drawn on the
/// terminal while stdout goes back to the function, which evaluates what Enter prints there.
/// Esc (or a failure) prints nothing, so the shell stays as it was.
pub async fn use_here(store: Option<StoreChoice>) -> Result<ExitCode> {
    let caller = match switch::caller(|name| std::env::var(name).ok()) {
        Ok(caller) => caller,
        Err(how) => {
            eprintln!("switchrole: {how}");
            return Ok(ExitCode::from(2));
        }
    };
    let choice = open::choice(store).map_err(anyhow::Error::msg)?;
    let paths = Paths::from_env();
    if !paths.config.exists() && !paths.credentials.exists() {
        bail!(
            "no AWS config at {}: add a profile with `aws configure --profile NAME`, or try the picker with `switchrole demo`",
            display_path(&paths.config)
        );
    }
    if terminal::draw_on_tty().is_err() {
        bail!("the picker needs a terminal; name the profile: `switchrole use PROFILE`");
    }
    let mut chosen = None;
    let notice = Some("Enter switches the shell you are in; Esc leaves it as it was".to_string());
    let code = own_profiles(paths, choice, notice, Mode::HandBack(&mut chosen)).await?;
    let Some(session) = chosen else {
        // Esc, Ctrl-C: the shell is left as it was, and the function says so with the status.
        return Ok(if code == ExitCode::SUCCESS {
            ExitCode::from(130)
        } else {
            code
        });
    };
    record(&session, How::Use);
    switch::stop_served();
    let exports = switch::exports(&session, caller.shell, app::warn_before()?, Utc::now());
    std::io::Write::write_all(&mut std::io::stdout(), exports.as_bytes())?;
    eprintln!("{}", app::banner(&session));
    Ok(ExitCode::SUCCESS)
}

/// The picker over the person's files: a first frame from their head, the rest read behind it.
async fn own_profiles(
    paths: Paths,
    choice: StoreChoice,
    notice: Option<String>,
    mode: Mode<'_>,
) -> Result<ExitCode> {
    // The first frame comes from the head of the files, as many profiles as the screen has
    // lines (reading more costs fresh pages before anything is shown); the rest is read
    // behind it.
    let lines = crossterm::terminal::size()
        .map_or(50, |(_, rows)| rows)
        .max(24);
    let preview_profiles = usize::from(lines);
    let head_bytes = u64::from(lines) * HEAD_BYTES_PER_PROFILE;
    let (config_head, credentials_head) = profile::read_up_to(&paths, head_bytes)?;
    let head = parse(
        Source {
            path: &paths.config,
            text: ini::head(&config_head, preview_profiles),
        },
        Source {
            path: &paths.credentials,
            text: ini::head(&credentials_head, preview_profiles),
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
    runtime::run(preview, engine, notice, Some(loader), mode).await
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
        Mode::Subshell,
    )
    .await
}
