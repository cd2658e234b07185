//! SIGINT, SIGTERM and SIGHUP: the three ways switchrole is asked to stop (Ctrl-C or `kill -INT`,
//! `kill`, a closed terminal). Whoever is in charge at the moment listens through one `Stop`:
//! the picker's loop, the watcher of a child (which passes them on), or, while switchrole works
//! alone on a command, `exit::ExitOnStop`. Each ends switchrole with 128+N, as a shell reports
//! a command that a signal ended.

pub mod exit;

use tokio::signal::unix::{Signal, SignalKind, signal};

/// The three stop signals, listened to from creation on: one that arrives while nobody awaits
/// `recv` is kept for the next call, so handing a `Stop` over loses nothing.
pub struct Stop {
    interrupt: Signal,
    terminate: Signal,
    hangup: Signal,
}

impl Stop {
    /// Starts listening. From then on the signals no longer end the process by themselves.
    pub fn listen() -> std::io::Result<Stop> {
        Ok(Stop {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
            hangup: signal(SignalKind::hangup())?,
        })
    }

    /// The number of the next stop signal (`libc::SIGINT`, `SIGTERM` or `SIGHUP`).
    pub async fn recv(&mut self) -> i32 {
        tokio::select! {
            Some(()) = self.interrupt.recv() => libc::SIGINT,
            Some(()) = self.terminate.recv() => libc::SIGTERM,
            Some(()) = self.hangup.recv() => libc::SIGHUP,
            // Only when the runtime is shutting down: no signal will come.
            else => std::future::pending().await,
        }
    }
}

/// The exit status of a process that signal `number` ended: 128+N.
pub fn status(number: i32) -> u8 {
    u8::try_from(128 + number).unwrap_or(u8::MAX)
}
