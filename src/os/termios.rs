//! A terminal's settings (echo, line editing, signal keys), read so that they can be put back
//! exactly as they were: after a hidden prompt, and when a signal ends switchrole mid-prompt.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};

/// The settings of one terminal at one moment.
#[derive(Clone, Copy)]
pub struct Settings(libc::termios);

impl Settings {
    /// The terminal's current settings; an error when `fd` is not a terminal.
    pub fn of(fd: BorrowedFd<'_>) -> io::Result<Settings> {
        let mut termios = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: tcgetattr fills the struct when it returns 0, and only then is it read.
        if unsafe { libc::tcgetattr(fd.as_raw_fd(), termios.as_mut_ptr()) } != 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: initialised by the successful call above.
        Ok(Settings(unsafe { termios.assume_init() }))
    }

    /// Makes these the terminal's settings. `discard_typed` drops input not yet read, so that
    /// nothing typed ahead of a hidden prompt is echoed or taken as its answer.
    pub fn apply(&self, fd: BorrowedFd<'_>, discard_typed: bool) -> io::Result<()> {
        let when = match discard_typed {
            true => libc::TCSAFLUSH,
            false => libc::TCSANOW,
        };
        // SAFETY: tcsetattr reads the struct we own and changes nothing in this process.
        if unsafe { libc::tcsetattr(fd.as_raw_fd(), when, &self.0) } != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// The same, with what is typed not shown. Ctrl-C keeps working as at any prompt (the
    /// kernel still turns it into SIGINT), and the line still ends on Enter.
    pub fn without_echo(&self) -> Settings {
        let mut termios = self.0;
        termios.c_lflag &= !(libc::ECHO | libc::ECHOE | libc::ECHOK);
        termios.c_lflag |= libc::ECHONL | libc::ICANON | libc::ISIG;
        Settings(termios)
    }

    /// True when every flag and control character is the same.
    pub fn same_as(&self, other: &Settings) -> bool {
        let (a, b) = (&self.0, &other.0);
        a.c_iflag == b.c_iflag
            && a.c_oflag == b.c_oflag
            && a.c_cflag == b.c_cflag
            && a.c_lflag == b.c_lflag
            && a.c_cc == b.c_cc
    }
}
