//! The loop: terminal events, a one-second tick, and STS results coming back as messages.
//! Long work runs in spawned tasks; the loop only ever waits for the next message.

use super::state::{Effect, Msg, State, update};
use super::{terminal, view};
use crate::app::{self, banner, region_for};
use crate::assume::{self, AssumeError, Options};
use crate::child;
use crate::creds::Session;
use crate::creds::mfa::Prompt;
use crate::listing::Row;
use crate::profile::Catalog;
use crate::profile::resolve::resolve;
use crate::settings;
use crate::store::Store;
use crate::store::state::StateFile;
use crate::sts::demo::DemoSts;
use crate::sts::sdk::SdkSts;
use crate::supervise::{self, Watch};
use anyhow::Result;
use chrono::Utc;
use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use std::process::ExitCode;
use std::sync::Arc;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

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

/// Runs the picker on `rows`; with a loader, `rows` are a preview and the loader's catalog
/// replaces them once read.
pub async fn run(
    rows: Vec<Row>,
    mut engine: Engine,
    notice: Option<String>,
    loader: Option<Loader>,
) -> Result<ExitCode> {
    terminal::install_panic_hook();
    let demo = matches!(engine, Engine::Demo { .. });
    let mut state = State::new(rows, Utc::now(), demo);
    state.notice = notice;
    state.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if !demo {
        state.prefer(StateFile::at_default_path().read().last_profile);
    }
    state.loading = loader.is_some();
    let mut term = terminal::enter()?;
    let _guard = terminal::Guard;
    update(
        &mut state,
        Msg::Resize {
            height: term.size()?.height,
        },
    );
    // The first frame, before any network, keyring or credential work.
    term.draw(|f| view::render(&state, f))?;

    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut loaded = match loader {
        Some(load) => tokio::task::spawn_blocking(load),
        None => tokio::task::spawn(std::future::pending()),
    };
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    let mut sigterm = signal(SignalKind::terminate())?;
    // Ctrl-C is a key in raw mode; while a shell runs, SIGINT is the shell's, not ours.
    let _sigint = signal(SignalKind::interrupt())?;
    loop {
        let msg = tokio::select! {
            Some(event) = events.next() => match event? {
                Event::Key(key) => Msg::Key(key),
                Event::Resize(_, height) => Msg::Resize { height },
                _ => continue,
            },
            _ = tick.tick() => Msg::Tick(Utc::now()),
            Some(msg) = rx.recv() => msg,
            done = &mut loaded, if state.loading => {
                let Loaded { catalog, rows, store: opened, problems } = done?;
                if let Engine::Aws { catalog: current, store } = &mut engine {
                    (*current, *store) = (Arc::new(catalog), opened);
                }
                Msg::Loaded { rows, problems }
            },
            _ = sigterm.recv() => return Ok(ExitCode::from(143)),
        };
        for effect in update(&mut state, msg) {
            match effect {
                Effect::Quit => return Ok(ExitCode::SUCCESS),
                Effect::Assume {
                    profile,
                    mfa_code,
                    fresh,
                } => {
                    let (engine, tx) = (engine.clone(), tx.clone());
                    tokio::spawn(async move {
                        tx.send(assume_msg(&engine, profile, mfa_code, fresh).await)
                    });
                }
                Effect::Forget { profile } => {
                    let (store, tx) = (engine_store(&engine), tx.clone());
                    tokio::task::spawn_blocking(move || tx.send(forget(store, profile)));
                }
                Effect::RunShell(session) => {
                    // Stop reading keys before the shell gets the terminal.
                    drop(events);
                    terminal::leave()?;
                    if !state.demo {
                        remember_last(&session.profile);
                    }
                    let ran = run_shell(&session, &engine).await;
                    term = terminal::enter()?;
                    events = EventStream::new();
                    let error = ran
                        .err()
                        .map(|e| format!("could not start the shell: {e:#}"));
                    let profile = session.profile.clone();
                    update(&mut state, Msg::ShellExited { profile, error });
                    update(&mut state, Msg::Tick(Utc::now()));
                }
            }
        }
        term.draw(|f| view::render(&state, f))?;
    }
}

/// Runs `$SHELL` with the session as its watching parent: signals passed on, a warning
/// before expiry, and renewal when the `renew` setting asks for it.
async fn run_shell(session: &Session, engine: &Engine) -> Result<i32> {
    println!("{}", banner(session));
    let renew = match engine {
        Engine::Aws { catalog, store } if settings::flag("renew")? => {
            let renewer = app::renewer(
                catalog.clone(),
                store.clone(),
                session.profile.clone(),
                None,
                session.region.clone(),
            );
            Some((renewer, app::renew_before()?))
        }
        _ => None,
    };
    let watch = Watch {
        session: session.clone(),
        program: child::shell(),
        args: Vec::new(),
        interactive: true,
        warn_before: app::warn_before()?,
        renew,
    };
    Ok(supervise::run(watch).await?)
}

/// The session store the engine uses, if any.
fn engine_store(engine: &Engine) -> Option<Arc<dyn Store>> {
    match engine {
        Engine::Aws { store, .. } => store.clone(),
        Engine::Demo { .. } => None,
    }
}

/// Removes a profile's kept sessions (blocking: the keyring may wait for an unlock).
fn forget(store: Option<Arc<dyn Store>>, profile: String) -> Msg {
    let Some(store) = store else {
        let message = "no session store is in use".into();
        return Msg::Forgotten { profile, message };
    };
    let removed = store.list().and_then(|sessions| {
        let mine: Vec<_> = sessions
            .into_iter()
            .filter(|s| s.profile == profile)
            .collect();
        for info in &mine {
            store.remove(&info.key)?;
        }
        Ok(mine.len())
    });
    let message = match removed {
        Ok(n) => format!(
            "forgot {n} kept session{} of {profile}",
            if n == 1 { "" } else { "s" }
        ),
        Err(e) => format!("could not forget the sessions of {profile}: {e}"),
    };
    Msg::Forgotten { profile, message }
}

/// Notes the profile for the next start; a failure only costs the cursor position.
fn remember_last(profile: &str) {
    let _ =
        StateFile::at_default_path().update(|state| state.last_profile = Some(profile.to_string()));
}

/// Resolves and assumes in the background, reporting the outcome as a message.
async fn assume_msg(
    engine: &Engine,
    profile: String,
    mfa_code: Option<String>,
    fresh: bool,
) -> Msg {
    let catalog = match engine {
        Engine::Aws { catalog, .. } | Engine::Demo { catalog } => catalog,
    };
    let plan = match resolve(catalog, &profile) {
        Ok(plan) => plan,
        Err(e) => {
            return Msg::Failed {
                profile,
                message: e.to_string(),
                mfa_rejected: false,
            };
        }
    };
    let region = region_for(&plan, None);
    let used_code = mfa_code.is_some();
    let options = Options {
        mfa_code,
        duration: None,
        use_cache: true,
        reuse_session: !fresh,
        prompt: Prompt::Never,
        region,
        mfa_session_seconds: app::mfa_session_seconds(),
    };
    let now = Utc::now();
    let result = match engine {
        Engine::Aws { store, .. } => {
            let sts = SdkSts::load(
                Some(&profile),
                options.region.as_deref().unwrap_or("us-east-1"),
            )
            .await;
            assume::assume(&plan, &options, &sts, store.as_deref(), now).await
        }
        Engine::Demo { .. } => assume::assume(&plan, &options, &DemoSts, None, now).await,
    };
    match result {
        Ok(outcome) => Msg::Assumed {
            profile,
            session: Box::new(outcome.session),
            notices: outcome.notices,
        },
        Err(AssumeError::NeedMfa { serial, .. }) => Msg::NeedMfa {
            profile,
            serial: serial.to_string(),
        },
        Err(e) => {
            // Only an error about the code itself reopens the modal; a trust policy that does
            // not name the caller is explained in the error panel instead.
            let code_refused = matches!(&e, AssumeError::Sts(s) if s.rejects_mfa_code());
            let mfa_rejected = used_code && (code_refused || matches!(e, AssumeError::Mfa(_)));
            Msg::Failed {
                profile,
                message: e.to_string(),
                mfa_rejected,
            }
        }
    }
}
