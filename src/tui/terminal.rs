//! Entering and leaving the full-screen terminal, and making sure it is always left: on quit,
//! on error (the guard's Drop), on panic (the hook) and before a child shell takes over. The
//! screen is stdout, or the terminal itself (`/dev/tty`) when stdout is a pipe to a shell
//! function (`switchrole use`).

use crossterm::cursor::{Hide, Show};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::fs::File;
use std::io::{Write, stdout};
use std::sync::OnceLock;

pub type Term = Terminal<CrosstermBackend<Screen>>;

/// The terminal, when the screen is drawn there instead of on stdout.
static TTY: OnceLock<File> = OnceLock::new();

/// Draws on `/dev/tty` from now on, leaving stdout to what the picker hands back.
pub fn draw_on_tty() -> std::io::Result<()> {
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")?;
    let _ = TTY.set(tty);
    Ok(())
}

/// Where the screen is drawn: a frame is gathered and written at each flush, in one write.
#[derive(Default)]
pub struct Screen {
    pending: Vec<u8>,
}

impl Write for Screen {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let written = match TTY.get() {
            Some(mut tty) => tty.write_all(&self.pending).and_then(|_| tty.flush()),
            None => {
                let mut out = stdout().lock();
                out.write_all(&self.pending).and_then(|_| out.flush())
            }
        };
        self.pending.clear();
        written
    }
}

impl Drop for Screen {
    /// What was not flushed is written all the same (`execute!` names its writer twice, so a
    /// temporary one would otherwise lose what it queued).
    fn drop(&mut self) {
        if !self.pending.is_empty() {
            let _ = self.flush();
        }
    }
}

/// Raw mode, a cleared alternate screen, hidden cursor. (Cleared here rather than with
/// `Terminal::clear`, which asks the terminal for the cursor position and can stall.)
pub fn enter() -> std::io::Result<Term> {
    enable_raw_mode()?;
    let mut screen = Screen::default();
    execute!(
        screen,
        EnterAlternateScreen,
        EnableBracketedPaste,
        Clear(ClearType::All),
        Hide
    )?;
    Terminal::new(CrosstermBackend::new(Screen::default()))
}

/// Back to the shell's screen; safe to call when not entered.
pub fn leave() -> std::io::Result<()> {
    let raw = disable_raw_mode();
    let mut screen = Screen::default();
    execute!(screen, DisableBracketedPaste, LeaveAlternateScreen, Show)?;
    raw
}

/// Leaves the terminal when dropped, so `?` and early returns restore it too.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = leave();
    }
}

/// Restores the terminal before the previous hook prints the panic, so the message is
/// readable and the shell is usable afterwards.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = leave();
        previous(info);
    }));
}

/// Puts `text` on the clipboard with OSC 52: the terminal does it, so it reaches the local
/// clipboard over SSH too.
pub fn copy(text: &str) -> std::io::Result<()> {
    let mut out = Screen::default();
    out.write_all(osc52(text).as_bytes())?;
    out.flush()
}

/// The OSC 52 sequence that sets the clipboard to `text`.
pub fn osc52(text: &str) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{encoded}\x07")
}

#[cfg(test)]
mod tests {
    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(super::osc52("{\"a\": 1}"), "\x1b]52;c;eyJhIjogMX0=\x07");
    }
}
