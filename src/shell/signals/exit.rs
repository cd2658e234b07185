//! While switchrole works alone (an STS call, a prompt, the keyring), a stop signal ends it at
//! once: the terminal's settings are put back as they were and the exit status is 128+N. This
//! runs as its own task because the work it interrupts may be a blocking read of the terminal,
//! which no `select!` in the same task could cut short.

use super::{Stop, status};
use crate::os::termios::Settings;
use std::fs::File;
use std::os::fd::AsFd;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Armed from `arm` until dropped or handed over.
pub struct ExitOnStop {
    hand_over: Option<oneshot::Sender<()>>,
    watcher: JoinHandle<Stop>,
}

impl ExitOnStop {
    /// From now on a stop signal restores the terminal and exits with 128+N.
    pub fn arm() -> std::io::Result<ExitOnStop> {
        let mut stop = Stop::listen()?;
        let terminal = Saved::now();
        let (hand_over, handed) = oneshot::channel();
        let watcher = tokio::spawn(async move {
            tokio::select! {
                // A signal that is already there wins over a hand-over: the child is not started.
                biased;
                number = stop.recv() => {
                    terminal.restore();
                    std::process::exit(i32::from(status(number)));
                }
                // Handed over, or dropped: either way the signals are someone else's now.
                _ = handed => stop,
            }
        });
        Ok(ExitOnStop {
            hand_over: Some(hand_over),
            watcher,
        })
    }

    /// Stops exiting on a signal and returns the listening `Stop`, for a watcher of a child
    /// that passes the signals on. One that arrived meanwhile is still in it.
    pub async fn hand_over(mut self) -> std::io::Result<Stop> {
        if let Some(tx) = self.hand_over.take() {
            let _ = tx.send(());
        }
        match (&mut self.watcher).await {
            Ok(stop) => Ok(stop),
            // The watcher cannot panic; should it fail anyway, listen afresh.
            Err(_) => Stop::listen(),
        }
    }
}

/// The controlling terminal's settings when switchrole started working, if it has one.
struct Saved(Option<(File, Settings)>);

impl Saved {
    fn now() -> Saved {
        let tty = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .ok();
        Saved(tty.and_then(|tty| Settings::of(tty.as_fd()).ok().map(|s| (tty, s))))
    }

    /// Puts the settings back when something (a hidden prompt) changed them. An untouched
    /// terminal is left alone: setting it from a background job would stop us (SIGTTOU).
    fn restore(&self) {
        let Some((tty, saved)) = &self.0 else { return };
        if Settings::of(tty.as_fd()).is_ok_and(|now| now.same_as(saved)) {
            return;
        }
        // SAFETY: ignoring SIGTTOU, so that a background switchrole may still set the
        // terminal back; the process exits right after.
        unsafe { libc::signal(libc::SIGTTOU, libc::SIG_IGN) };
        let _ = saved.apply(tty.as_fd(), false);
    }
}
