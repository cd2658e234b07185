//! A shell served from the background (`switchrole use --renew`): the endpoint and files of a
//! renewing shell, renewed on the same clock, for a shell this process did not start. It ends
//! when that shell ends (its process id is watched), when `switchrole use` in it asks (a
//! switch to another profile, or `--off`), or at a stop signal; its files go with it.

use super::keeper::Keeper;
use super::serving::Serving;
use super::{Renewer, say};
use crate::creds::Session;
use crate::shell::child::Change;
use crate::shell::signals::Stop;
use chrono::TimeDelta;
use tokio::sync::mpsc;

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
        session,
        renewer,
        renew_before,
        warn_before,
        shell,
    } = background;
    let (stops, mut stop_asked) = mpsc::channel(1);
    let mut serving = Serving::start_stoppable(&session, stops).await?;
    ready(serving.changes(&session))?;
    let mut keeper = Keeper::new(&session, warn_before, Some((renewer, renew_before)));
    let mut each_second = tokio::time::interval(std::time::Duration::from_secs(1));
    loop {
        let next = keeper.next();
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
            _ = tokio::time::sleep(next.map_or_else(Default::default, |n| n.0)), if next.is_some() => {
                if let Some((_, due)) = next {
                    keeper.due(due);
                }
            }
            Some(request) = serving.codes.recv(), if keeper.takes_codes() => keeper.code(request),
            done = keeper.renewed(), if keeper.renewing() => {
                if let Some(fresh) = keeper.finished(done) {
                    serving.renewed(&fresh);
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
