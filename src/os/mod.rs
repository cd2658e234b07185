//! The machine around switchrole: the terminal (its settings, and prompts read from it), the
//! person's browser, and the locks that let one switchrole of many ask the person. Below
//! everything that asks the person for something.

pub mod browser;
pub mod lock;
pub mod private_dir;
pub mod termios;
pub mod tty;
