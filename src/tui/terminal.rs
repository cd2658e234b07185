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
