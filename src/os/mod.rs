//! The machine around switchrole: the terminal (its settings, and prompts read from it) and
//! the person's browser. Below everything that asks the person for something.

pub mod browser;
pub mod private_dir;
pub mod termios;
pub mod tty;
