//! Entering and leaving the full-screen terminal, and making sure it is always left: on quit,
//! on error (the guard's Drop), on panic (the hook) and before a child shell takes over.

use crossterm::cursor::{Hide, Show};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{Stdout, stdout};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode, a cleared alternate screen, hidden cursor. (Cleared here rather than with
/// `Terminal::clear`, which asks the terminal for the cursor position and can stall.)
pub fn enter() -> std::io::Result<Term> {
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        Clear(ClearType::All),
        Hide
    )?;
    Terminal::new(CrosstermBackend::new(stdout()))
}

/// Back to the shell's screen; safe to call when not entered.
pub fn leave() -> std::io::Result<()> {
    let raw = disable_raw_mode();
    execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show)?;
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
    use std::io::Write;
    let mut out = stdout();
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
