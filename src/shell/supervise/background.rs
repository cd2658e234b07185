//! A shell served from the background (`switchrole use --renew`): the endpoint and files of a
//! renewing shell, renewed on the same clock, for a shell this process did not start. It ends
//! when that shell ends (its process id is watched), when `switchrole use` in it asks (a
//! switch to another profile, or `--off`), or at a stop signal; its files go with it.

use super::clock::{Clock, Due};
use super::serving::Serving;
use super::{RenewError, Renewer, renewed_message, say, warning};
use crate::creds::Session;
use crate::shell::child::Change;
use crate::shell::signals::Stop;
use chrono::{TimeDelta, Utc};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// What to serve, and to whom.
pub struct Background {
    pub session: Session,
    pub renewer: Renewer,
    /// Overrides the reuse margin as the moment to renew.
    pub renew_before: Option<TimeDelta>,
    pub warn_before: TimeDelta,
    /// The shell's process id.
    pub shell: i32,
}

/// Serves until the shell ends or the process is asked to stop. `ready` gets the variables
/// the shell is to have, once the endpoint listens and the files are written.
pub async fn serve(
    background: Background,
    stop: &mut Stop,
    ready: impl FnOnce(Vec<Change>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let Background {
        mut session,
        renewer,
        renew_before,
        warn_before,
        shell,
    } = background;
    let (stops, mut stop_asked) = mpsc::channel(1);
    let mut serving = Serving::start_stoppable(&session, stops).await?;
    ready(serving.changes(&session))?;
    let mut clock = Clock::new(&session, Some(renew_before));
    let mut each_second = tokio::time::interval(std::time::Duration::from_secs(1));
    let mut renewing: Option<JoinHandle<Result<Session, RenewError>>> = None;
    let mut waiting_for_code = false;
    let mut pending_reply: Option<oneshot::Sender<Result<String, String>>> = None;
    loop {
        let due = clock.next(warn_before).filter(|(_, d)| {
            // While a renewal runs, or waits for a code, its timer is not due again.
            !(*d == Due::Renew && (renewing.is_some() || waiting_for_code))
        });
        let sleep = due.map(|(at, _)| (at - Utc::now()).to_std().unwrap_or_default());
        tokio::select! {
            _ = each_second.tick() => {
                if !running(shell) {
                    return Ok(());
                }
                if let Some(line) = serving.refresh() {
                    say(&line);
                }
            }
            _ = stop_asked.recv() => return Ok(()),
            _ = stop.recv() => return Ok(()),
            _ = tokio::time::sleep(sleep.unwrap_or_default()), if sleep.is_some() => {
                let now = Utc::now();
                match due.map(|(_, d)| d) {
                    Some(Due::Renew) => renewing = Some(tokio::spawn(renewer(None))),
                    Some(Due::Warn) => {
                        clock.warned = true;
                        if let Some(at) = clock.expires_at.filter(|at| *at > now) {
                            say(&warning(&clock.profile, at, now));
                        }
                    }
                    Some(Due::Expired) => {
                        (clock.told_expired, clock.warned) = (true, true);
                        if let Some(at) = clock.expires_at {
                            say(&warning(&clock.profile, at, now));
                        }
                    }
                    None => {}
                }
            }
            Some(request) = serving.codes.recv(), if renewing.is_none() => {
                renewing = Some(tokio::spawn(renewer(Some(request.code))));
                pending_reply = Some(request.reply);
            }
            done = async { renewing.as_mut()?.await.ok() }, if renewing.is_some() => {
                renewing = None;
                let outcome = match done {
                    Some(Ok(renewed)) => {
                        session = renewed;
                        waiting_for_code = false;
                        serving.renewed(&session);
                        clock = Clock::new(&session, Some(renew_before));
                        Ok(renewed_message(&session))
                    }
                    Some(Err(RenewError::NeedMfa)) => {
                        if !waiting_for_code {
                            say(&format!("switchrole: {} needs a new MFA code to renew its keys; run `switchrole renew` in this shell", clock.profile));
                        }
                        waiting_for_code = true;
                        Err("an MFA code is needed".to_string())
                    }
                    Some(Err(RenewError::Failed(why))) => Err(why),
                    None => Err("the renewal stopped".into()),
                };
                match (pending_reply.take(), outcome) {
                    (Some(reply), outcome) => drop(reply.send(outcome)),
                    (None, Err(why)) if !waiting_for_code => {
                        say(&format!("switchrole: renewing {} failed: {why}; trying again in a minute", clock.profile));
                        clock.renew_at = Some(Utc::now() + TimeDelta::minutes(1));
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Whether the shell still runs.
fn running(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists.
    let found = unsafe { libc::kill(pid, 0) } == 0;
    found || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}
