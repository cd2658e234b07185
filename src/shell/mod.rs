//! The shell side: the child process switchrole starts with a session (a shell or a command),
//! the environment it gets, the parent that watches its clock and renews its keys, the
//! loopback endpoint that serves them, and the signals passed on to it.

pub mod child;
pub mod function;
pub mod identity;
pub mod serve;
pub mod shell_dir;
pub mod signals;
pub mod supervise;
pub mod views;
