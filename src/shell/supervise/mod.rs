//! switchrole as the parent of a shell (or a command run with `--renew`): it passes signals
//! on, says once when the keys are about to expire and once when they have, and, when asked
//! to, renews them behind a loopback credential endpoint. The child's exit status is returned.

pub mod background;
mod clock;
mod expiry_file;
mod keeper;
mod serving;

pub use clock::warning;

use crate::creds::Session;
use crate::shell::child;
use crate::shell::signals::{self, Stop};
use chrono::TimeDelta;
use futures_util::future::BoxFuture;
use keeper::Keeper;
use serving::Serving;
use std::ffi::OsString;

/// Why a renewal did not happen.
#[derive(Debug)]
pub enum RenewError {
    /// The MFA session is over: a code is needed (`switchrole renew` in the shell).
    NeedMfa,
    Failed(String),
}

/// Assumes the profile again, with an MFA code when one was given.
pub type Renewer =
    Box<dyn Fn(Option<String>) -> BoxFuture<'static, Result<Session, RenewError>> + Send + Sync>;

/// What to run and how to watch it.
pub struct Watch {
    pub session: Session,
    pub program: OsString,
    pub args: Vec<OsString>,
    /// An interactive shell ignores SIGTERM; it is hung up instead, as a closing terminal does.
    pub interactive: bool,
    /// How long before expiry to say so.
    pub warn_before: TimeDelta,
    /// Renew behind a loopback endpoint; `renew_before` overrides the reuse margin.
    pub renew: Option<(Renewer, Option<TimeDelta>)>,
}

/// How the child ended.
#[derive(Clone, Copy, Debug)]
pub struct Ended {
    /// Its exit status, 128+N when a signal ended it: switchrole's own.
    pub status: i32,
    /// SIGTERM or SIGHUP sent to switchrole while the child ran (and passed on to it): the
    /// caller stops too, rather than carry on after the child (the picker coming back).
    pub stopped_by: Option<i32>,
}

/// Runs the child to its end; `stop` is how switchrole hears the stop signals meanwhile, which
/// are passed on to the child.
pub async fn run(watch: Watch, stop: &mut Stop) -> std::io::Result<Ended> {
    let Watch {
        session,
        program,
        args,
        interactive,
        warn_before,
        renew,
    } = watch;
    let (renewer, renew_before) = match renew {
        Some((renewer, before)) if session.credentials.expiration.is_some() => {
            (Some(renewer), Some(before))
        }
        Some(_) => {
            say(&format!(
                "switchrole: {} uses keys that do not expire; there is nothing to renew",
                session.profile
            ));
            (None, None)
        }
        None => (None, None),
    };
    let mut serving = match renewer {
        Some(_) => Some(Serving::start(&session).await?),
        None => None,
    };
    let command = match &serving {
        Some(serving) => serving.command(&session, &program, &args),
        None => child::command(&session, &program, &args),
    };
    // Edits of the person's files reach a renewing shell's views within a second.
    let mut in_step = tokio::time::interval(std::time::Duration::from_secs(1));
    let mut child = tokio::process::Command::from(command).spawn()?;
    let pid = child.id().map(|p| p as i32);
    let mut keeper = Keeper::new(&session, warn_before, renewer.zip(renew_before));
    let mut received: Option<i32> = None;
    let pass_on = |sig: i32| {
        if let Some(pid) = pid {
            // SAFETY: kill(2) on the child we spawned and have not yet reaped.
            unsafe { libc::kill(pid, sig) };
        }
    };
    loop {
        let next = keeper.next();
        tokio::select! {
            status = child.wait() => {
                let status = status?;
                take_back_terminal();
                // A write to the view just before the end is still worth a word.
                if let Some(line) = serving.as_mut().and_then(Serving::refresh) {
                    say(&line);
                }
                use std::os::unix::process::ExitStatusExt;
                let status = status
                    .code()
                    .or_else(|| status.signal().map(|s| signals::status(received.unwrap_or(s)).into()))
                    .unwrap_or(1);
                return Ok(Ended { status, stopped_by: received });
            }
            number = stop.recv() => match number {
                // Ctrl-C at the terminal already reached a child in our process group.
                libc::SIGINT if terminal_delivers_to_us() => {}
                libc::SIGINT => pass_on(libc::SIGINT),
                _ => {
                    received = Some(number);
                    pass_on(number);
                    if number == libc::SIGTERM && interactive {
                        pass_on(libc::SIGHUP);
                    }
                }
            },
            _ = tokio::time::sleep(next.map_or_else(Default::default, |n| n.0)), if next.is_some() => {
                if let Some((_, due)) = next {
                    keeper.due(due);
                }
            }
            _ = in_step.tick(), if serving.is_some() => {
                if let Some(line) = serving.as_mut().and_then(Serving::refresh) {
                    say(&line);
                }
            }
            Some(request) = async { serving.as_mut()?.codes.recv().await }, if keeper.takes_codes() => {
                keeper.code(request);
            }
            done = keeper.renewed(), if keeper.renewing() => {
                if let (Some(fresh), Some(serving)) = (keeper.finished(done), &serving) {
                    serving.renewed(&fresh);
                }
            }
        }
    }
}

/// One line on the terminal, between whatever the child is drawing.
fn say(line: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "\r{line}");
}

/// Makes our process group the terminal's foreground again. A shell with job control takes the
/// terminal for itself and gives it back when it exits normally, but not when a signal ends
/// it; then every read or write of ours would fail (EIO) or stop us.
fn take_back_terminal() {
    // SAFETY: isatty, getpgrp and tcsetpgrp on standard input; SIGTTOU is ignored around the
    // call (a background group's tcsetpgrp would otherwise stop us) and then restored.
    unsafe {
        if libc::isatty(0) == 0 || libc::tcgetpgrp(0) == libc::getpgrp() {
            return;
        }
        let previous = libc::signal(libc::SIGTTOU, libc::SIG_IGN);
        libc::tcsetpgrp(0, libc::getpgrp());
        libc::signal(libc::SIGTTOU, previous);
    }
}

/// True when the terminal's foreground process group is ours, so a Ctrl-C there was sent to the
/// whole group, the child included (a child with job control takes its own group).
fn terminal_delivers_to_us() -> bool {
    // SAFETY: plain queries of this process and its standard input.
    unsafe { libc::tcgetpgrp(0) == libc::getpgrp() }
}
