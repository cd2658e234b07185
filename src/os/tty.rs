//! Asking the person at the controlling terminal: MFA codes, keys for `add`, the code for a
//! renewal. `/dev/tty` rather than stdin/stdout, so a question can be asked and answered even
//! when stdout is a pipe (`credential_process`, `eval "$(switchrole env ..)"`).

use crate::os::termios::Settings;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::AsFd;

/// Why nothing could be asked.
#[derive(Debug, thiserror::Error)]
pub enum TtyError {
    #[error("there is no terminal to ask on")]
    NoTerminal,
    #[error("the terminal gave no answer (end of input)")]
    Closed,
    #[error("reading from the terminal failed: {0}")]
    Io(#[from] std::io::Error),
}

fn open() -> Result<std::fs::File, TtyError> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|_| TtyError::NoTerminal)
}

/// Whether there is a terminal to ask on or tell.
pub fn available() -> bool {
    open().is_ok()
}

/// Writes `text` on the terminal.
pub fn say(text: &str) -> Result<(), TtyError> {
    let mut tty = open()?;
    tty.write_all(text.as_bytes())?;
    Ok(tty.flush()?)
}

/// Writes `text` on the terminal when `terminal` asks for it and there is one, else on
/// stderr: `credential-process`'s stderr is the calling tool's, shown only with a failure.
pub fn say_or_stderr(terminal: bool, text: &str) {
    if !(terminal && say(text).is_ok()) {
        eprint!("{text}");
    }
}

/// Asks `question` and returns the line typed, trimmed; what is typed is shown. The end of
/// input (Ctrl-D) is no answer, so a question asked again does not loop on it.
pub fn ask(question: &str) -> Result<String, TtyError> {
    let mut tty = open()?;
    write!(tty, "{question}")?;
    tty.flush()?;
    let mut line = String::new();
    if BufReader::new(tty).read_line(&mut line)? == 0 {
        return Err(TtyError::Closed);
    }
    Ok(line.trim().to_string())
}

/// Asks `question` without showing what is typed (a secret key). Only echo is turned off:
/// Ctrl-C stays a signal, so an interrupted prompt ends switchrole the way any other stage
/// does, and the settings taken here are put back on every return.
pub fn ask_hidden(question: &str) -> Result<String, TtyError> {
    let mut tty = open()?;
    write!(tty, "{question}")?;
    tty.flush()?;
    let before = Settings::of(tty.as_fd())?;
    before.without_echo().apply(tty.as_fd(), true)?;
    let mut line = String::new();
    let read = BufReader::new(&tty).read_line(&mut line);
    let restored = before.apply(tty.as_fd(), false);
    read?;
    restored?;
    Ok(line.trim().to_string())
}
