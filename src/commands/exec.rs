//! `exec`: a command with the profile's credentials, as the process itself or as a watched
//! child (a shell, or anything renewing).

use super::named::assume_named;
use crate::app::recent::record;
use crate::app::{self, banner};
use crate::cli::AssumeArgs;
use crate::shell::child;
use crate::shell::signals::exit::ExitOnStop;
use crate::shell::supervise::{self, Watch};
use crate::store::history::How;
use crate::store::open::{self, StoreChoice};
use crate::store::settings as config;
use anyhow::{Context, Result};
use std::ffi::OsString;
use std::process::ExitCode;

/// `exec`: a command for a script replaces switchrole (no parent cost); a shell, or anything
/// run with `--renew`, gets switchrole as its parent to warn before expiry and renew.
pub(super) async fn exec(
    name: &str,
    assume: &AssumeArgs,
    renew: bool,
    command: Vec<OsString>,
    choice: StoreChoice,
    exiting: ExitOnStop,
) -> Result<ExitCode> {
    let renew = renew || config::flag("renew")?;
    let (catalog, session, _) = assume_named(name, assume, choice).await?;
    record(&session, How::Exec);
    let (program, args) = match command.split_first() {
        Some((program, args)) => (program.clone(), args.to_vec()),
        None => (child::shell(), Vec::new()),
    };
    let interactive = command.is_empty();
    if !interactive && !renew {
        // The command becomes this process, and the signals its own: nothing to hand over.
        let err = child::exec(&session, &program, &args);
        return Ok(not_run(&program, &err));
    }
    if interactive {
        eprintln!("{}", banner(&session));
    }
    let renewal = match renew {
        true => {
            // The region the session was assumed for, so renewals agree with it.
            let region = session.region.clone();
            let store = open::open(choice).store;
            let renewer =
                app::renewer(catalog.clone(), store, name.into(), assume.duration, region);
            Some((renewer, app::renew_before()?))
        }
        false => None,
    };
    let watch = Watch {
        session,
        program: program.clone(),
        args,
        interactive,
        warn_before: app::warn_before()?,
        renew: renewal,
    };
    // From here the signals are the child's: passed on, and its status is ours.
    let mut stop = exiting.hand_over().await.context("listening for signals")?;
    match supervise::run(watch, &mut stop).await {
        Ok(ended) => Ok(ExitCode::from(u8::try_from(ended.status).unwrap_or(1))),
        Err(err) => Ok(not_run(&program, &err)),
    }
}

/// Tells why a command could not be run, and exits as `env` and the shells do: 127 when it
/// is not there, 126 when it is but cannot be run (not executable, a directory), so a script
/// can tell a missing program from one that ran and failed.
fn not_run(program: &OsString, err: &std::io::Error) -> ExitCode {
    eprintln!(
        "switchrole: error: could not run {}: {err}",
        program.to_string_lossy()
    );
    match err.kind() {
        std::io::ErrorKind::NotFound => ExitCode::from(127),
        _ => ExitCode::from(126),
    }
}
