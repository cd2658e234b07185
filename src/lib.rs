//! switchrole: pick an AWS profile or role, assume it, and work with its credentials.
//!
//! The modules, top layer first; each imports only those below it, and the two front ends
//! never import each other. Data flows one way: files -> catalog -> plan -> credentials ->
//! the environment of a child process (or the loopback endpoint that serves it).
//!
//! - `cli`: the command line (clap); `main.rs` is wiring only.
//! - `commands`, `tui`: the front ends: the non-interactive commands, and the picker.
//! - `app`: what both front ends share: the catalog with the store, the region rule, the
//!   banner, the rows of a listing (`app::listing`) and the printed formats (`app::output`).
//! - `doctor`, `console`: the config checker's online half, and the AWS console sign-in.
//! - `shell`: the child process with a session, its environment, the parent that watches it,
//!   the loopback credential endpoint and the signals passed on.
//! - `assume`: runs a plan: cache, base credentials, MFA code and MFA session, the STS steps.
//! - `sso`: IAM Identity Center: device sign-in, its token file, the account listing.
//! - `sts`: the only caller of AWS STS, and what its refusals mean.
//! - `store`: what switchrole keeps: sessions (keyring, kernel keyring, 0600 files), the state
//!   file, its own settings.
//! - `profile`: what `~/.aws/config` and `~/.aws/credentials` say (pure: no network, no
//!   terminal, no store), resolved into plans, and checked.
//! - `creds`: credentials and sessions, with their secrets redacted from `Debug`.
//! - `os`: the terminal's settings, prompts read from it, and the person's browser.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod cli;

pub mod commands;
pub mod tui;

pub mod app;

pub mod console;
pub mod doctor;

pub mod shell;

pub mod assume;

pub mod sso;
pub mod sts;

pub mod store;

pub mod profile;

pub mod creds;
pub mod os;
