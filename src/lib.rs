//! switchrole: pick an AWS profile or role, assume it, and work with its credentials.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod app;
pub mod assume;
pub mod browser;
pub mod child;
pub mod cli;
pub mod commands;
pub mod console;
pub mod creds;
pub mod doctor;
pub mod freshness;
pub mod listing;
pub mod mfa_session;
pub mod output;
pub mod profile;
pub mod serve;
pub mod settings;
pub mod signals;
pub mod sso;
pub mod store;
pub mod sts;
pub mod supervise;
pub mod termios;
pub mod tui;
