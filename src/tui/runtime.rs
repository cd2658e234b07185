//! The loop: terminal events, a one-second tick, and STS results coming back as messages.
//! Long work runs in spawned tasks; the loop only ever waits for the next message.

use super::engine::{Engine, Loaded, Loader};
use super::state::{Effect, Msg, State, update};
use super::{console_tasks, events, sso_tasks, tasks, terminal, view};
use crate::app::listing::Row;
use crate::app::recent;
use crate::creds::Session;
use crate::shell::signals::{self, Stop};
use crate::shell::supervise::Ended;
use crate::store::history::History;
use crate::store::settings;
use crate::store::state::StateFile;
use anyhow::Result;
use chrono::Utc;
use crossterm::event::EventStream;
use futures_util::StreamExt;
use std::process::ExitCode;
use std::sync::Arc;
use tokio::sync::mpsc;

/// What Enter does with the session it assumed.
pub enum Mode<'a> {
    /// Starts a shell with it, and comes back when the shell ends (`switchrole`).
    Subshell,
    /// Leaves the picker and hands it back, for `switchrole use` to put in the shell it runs in.
    HandBack(&'a mut Option<Session>),
}

/// Runs the picker on `rows`; with a loader, `rows` are a preview and the loader's catalog
/// replaces them once read.
pub async fn run(
    rows: Vec<Row>,
    mut engine: Engine,
    notice: Option<String>,
    loader: Option<Loader>,
    mut mode: Mode<'_>,
) -> Result<ExitCode> {
    terminal::install_panic_hook();
    let demo = matches!(engine, Engine::Demo { .. });
    let mut state = State::new(rows, Utc::now(), demo);
    state.notice = notice;
    state.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if !demo {
        // The cursor starts on the profile used last; the recent group from the history.
        let used = History::at_default_path().read();
        let last = recent::last_used(&used).or(StateFile::at_default_path().read().last_profile);
        if settings::flag("recent").unwrap_or(true) {
            let ranked = recent::frecent(&used, Utc::now()).into_iter();
            state.set_recent(ranked.take(recent::RECENT).map(|(name, _)| name).collect());
        }
        state.prefer(last);
    }
    state.loading = loader.is_some();
    // Listening before raw mode: from here a stop signal returns through the guard below.
    // Ctrl-C is a key in raw mode, so SIGINT here comes from `kill`; while a shell runs, the
    // signals are the shell's (passed on by `supervise`).
    let mut stop = Stop::listen()?;
    // The guard first: a failure half way through entering must still restore the terminal.
    let _guard = terminal::Guard;
    let mut term = terminal::enter()?;
    update(
        &mut state,
        Msg::Resize {
            height: term.size()?.height,
        },
    );
    // The first frame, before any network, keyring or credential work.
    term.draw(|f| view::render(&state, f))?;

    let (tx, mut rx) = mpsc::unbounded_channel();
    let (relisted_tx, mut relisted) = mpsc::unbounded_channel::<sso_tasks::Relisted>();
    let mut loaded = match loader {
        Some(load) => tokio::task::spawn_blocking(load),
        None => tokio::task::spawn(std::future::pending()),
    };
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    let mut sessions_seen = engine.sessions_changed_at();
    // The assume in flight, aborted when the person presses Esc.
    let mut pending: Option<tokio::task::JoinHandle<()>> = None;
    loop {
        let msgs = tokio::select! {
            Some(event) = events.next() => events::burst(event?, &mut events).await?,
            _ = tick.tick() => {
                // Sessions kept by another switchrole (or a shell of ours) show as they appear.
                let changed = engine.sessions_changed_at();
                if changed != sessions_seen {
                    sessions_seen = changed;
                    tasks::reread_sessions(&engine, tx.clone());
                }
                vec![Msg::Tick(Utc::now())]
            }
            Some(msg) = rx.recv() => vec![msg],
            done = &mut loaded, if state.loading => {
                let Loaded { catalog, rows, store: opened, problems } = done?;
                let keeps_sessions = opened.is_some();
                if let Engine::Aws { catalog: current, store, .. } = &mut engine {
                    (*current, *store) = (Arc::new(catalog), opened);
                }
                // Stale listings of IAM Identity Center are listed again behind the list.
                sso_tasks::relist(&engine, None, relisted_tx.clone());
                vec![Msg::Loaded { rows, problems, keeps_sessions }]
            },
            Some((fresh, problems)) = relisted.recv() => {
                let rows = fresh.map(|(catalog, rows)| {
                    if let Engine::Aws { catalog: current, .. } = &mut engine {
                        *current = catalog;
                    }
                    rows
                });
                vec![Msg::Assignments { rows, problems }]
            },
            number = stop.recv() => return Ok(ExitCode::from(signals::status(number))),
        };
        if msgs.is_empty() {
            continue;
        }
        let effects: Vec<Effect> = msgs
            .into_iter()
            .flat_map(|m| update(&mut state, m))
            .collect();
        for effect in effects {
            match effect {
                Effect::Quit => return Ok(ExitCode::SUCCESS),
                Effect::Assume {
                    profile,
                    mfa_code,
                    fresh,
                } => {
                    let request = tasks::Request {
                        profile,
                        mfa_code,
                        fresh,
                    };
                    pending = Some(tasks::assume(engine.clone(), request, tx.clone()));
                }
                Effect::Copy(text) => terminal::copy(&text)?,
                Effect::SignIn { session } => {
                    pending = Some(sso_tasks::sign_in(&engine, session, tx.clone()));
                }
                Effect::RefreshAssignments { session } => {
                    sso_tasks::relist(&engine, Some(session), relisted_tx.clone())
                }
                Effect::OpenConsole(session) => {
                    console_tasks::open_console(&engine, *session, tx.clone());
                }
                Effect::Cancel => {
                    if let Some(task) = pending.take() {
                        task.abort();
                    }
                }
                Effect::Forget { profile } => {
                    let (store, tx) = (engine.store(), tx.clone());
                    tokio::task::spawn_blocking(move || tx.send(tasks::forget(store, profile)));
                }
                // Stopping in the middle of the shell function's `$(...)` would leave the
                // shell waiting for it.
                Effect::Suspend if matches!(mode, Mode::HandBack(_)) => {}
                Effect::Suspend => {
                    // Ctrl-Z is a key in raw mode: leave the screen, stop as the shell expects,
                    // and come back where we were when the shell continues us.
                    drop(events);
                    terminal::leave()?;
                    // SAFETY: raise(3) on this process, with SIGTSTP's default action.
                    unsafe { libc::raise(libc::SIGTSTP) };
                    term = terminal::enter()?;
                    events = EventStream::new();
                }
                Effect::RunShell(session) => {
                    // Stop reading keys before the shell gets the terminal.
                    drop(events);
                    terminal::leave()?;
                    if let Mode::HandBack(chosen) = &mut mode {
                        **chosen = Some(*session);
                        return Ok(ExitCode::SUCCESS);
                    }
                    if !state.demo {
                        tasks::remember_last(&session);
                    }
                    let ran = tasks::run_shell(&session, &engine, &mut stop).await;
                    // Sent SIGTERM or SIGHUP while the shell ran: stop, rather than come back.
                    if let Ok(Ended {
                        stopped_by: Some(number),
                        ..
                    }) = ran
                    {
                        return Ok(ExitCode::from(signals::status(number)));
                    }
                    term = terminal::enter()?;
                    events = EventStream::new();
                    let error = ran
                        .err()
                        .map(|e| format!("could not start the shell: {e:#}"));
                    let profile = session.profile.clone();
                    update(&mut state, Msg::ShellExited { profile, error });
                    update(&mut state, Msg::Tick(Utc::now()));
                    // The shell may have kept sessions of its own (a nested switchrole).
                    tasks::reread_sessions(&engine, tx.clone());
                }
            }
        }
        term.draw(|f| view::render(&state, f))?;
    }
}
