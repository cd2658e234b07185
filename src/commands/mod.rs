//! The non-interactive commands: each loads the profiles, assumes if it must, and prints.

mod completions;
mod console;
mod diff;
mod doctor;
mod exec;
mod history;
mod keys;
mod manual;
mod named;
mod populate;
mod renew;
mod serve_shell;
mod sessions;
mod settings;
mod sso;
pub mod status;
mod switch;

use crate::app::listing;
use crate::app::output;
use crate::app::recent::record;
use crate::app::{cached_sessions, load_catalog};
use crate::cli::{AssumeArgs, Command, SsoAction};
use crate::shell::signals::exit::ExitOnStop;
use crate::store::history::How;
use crate::store::open::{self, StoreChoice};
use crate::sts::Sts;
use anyhow::{Context, Result};
use chrono::Utc;
use named::assume_named;
use std::process::ExitCode;

pub async fn run(command: Command, store: Option<StoreChoice>) -> Result<ExitCode> {
    // Until a child takes them over, a stop signal ends switchrole with the terminal as it was,
    // even in the middle of a prompt or an STS call that never answers.
    let exiting = ExitOnStop::arm().context("listening for signals")?;
    let choice = open::choice(store).map_err(anyhow::Error::msg)?;
    match command {
        // The demo is the picker's; `main` starts it, and this front end cannot.
        Command::Demo => anyhow::bail!("the demo needs the picker: run `switchrole demo`"),
        Command::Status {
            format,
            check: false,
        } => return Ok(status::run(format)),
        Command::Status {
            format,
            check: true,
        } => return status::check(format).await,
        Command::List { json } => {
            let mut catalog = load_catalog()?;
            for problem in crate::sso::assignments::add_assignments(&mut catalog).await {
                eprintln!("switchrole: warning: {problem}");
            }
            let sessions = cached_sessions(choice);
            match json {
                true => print_json_rows(listing::each_row(&catalog, &sessions))?,
                false => print(&listing::table(
                    &listing::rows(&catalog, &sessions),
                    Utc::now(),
                ))?,
            }
        }
        Command::Exec {
            profile,
            assume,
            renew,
            command,
        } => return exec::exec(&profile, &assume, renew, command, choice, exiting).await,
        Command::Renew { mfa_code } => renew::run(mfa_code)?,
        Command::Login {
            sso_session,
            no_browser,
        } => print(&sso::login(sso_session.as_deref(), !no_browser).await?)?,
        Command::Logout { sso_session } => {
            print(&sso::logout(sso_session.as_deref(), choice).await?)?
        }
        Command::Settings { action } => print(&settings::run(action)?)?,
        Command::Completions { shell } => print(&completions::script(shell)?)?,
        Command::Man => print(&manual::page()?)?,
        Command::Env {
            profile,
            format,
            assume,
        } => {
            let (_, session, _) = assume_named(&profile, &assume, choice).await?;
            record(&session, How::Env);
            print(&output::env(&session, format))?;
        }
        Command::Init { shell } => switch::init(shell)?,
        Command::Use { off: true, .. } => return Ok(switch::off()),
        Command::Use {
            profile: Some(profile),
            assume,
            renew: false,
            ..
        } => return switch::use_profile(&profile, &assume, choice).await,
        Command::Use {
            profile: Some(profile),
            assume,
            renew: true,
            ..
        } => return switch::use_renewing(&profile, &assume, choice).await,
        Command::ServeShell {
            profile,
            shell_pid,
            duration,
            region,
        } => {
            let renewal = serve_shell::Renewal {
                profile: &profile,
                duration,
                shell_pid,
                choice,
            };
            return serve_shell::run(renewal, region, exiting).await;
        }
        // The picker's; `main` starts it, and this front end cannot.
        Command::Use { profile: None, .. } => {
            anyhow::bail!("`switchrole use` without a profile is the picker's")
        }
        Command::History { json } => print(&history::show(json)?)?,
        Command::Sso {
            action:
                SsoAction::Populate {
                    sso_session,
                    prefix,
                    dry_run,
                    no_browser,
                },
        } => {
            let options = populate::Options {
                session: sso_session.as_deref(),
                prefix: prefix.as_deref(),
                dry_run,
                browser: !no_browser,
            };
            print(&populate::run(options).await?)?
        }
        Command::CredentialProcess { profile, assume } => {
            // The calling SDK keeps this command's stderr to itself: a sign-in is told on the
            // terminal, and with none there is nobody to approve it, so none is started.
            let assume = AssumeArgs {
                sign_in_on_terminal: true,
                quiet_store: true,
                ..assume
            };
            let (_, session, _) = assume_named(&profile, &assume, choice).await?;
            record(&session, How::CredentialProcess);
            print(&output::credential_process(&session))?;
        }
        Command::Whoami { profile, assume } => {
            let (_, session, sts) = assume_named(&profile, &assume, choice).await?;
            let id = sts.caller_identity(&session.credentials).await?;
            print(&format!(
                "Account: {}\nArn:     {}\nUserId:  {}\n",
                id.account, id.arn, id.user_id
            ))?;
        }
        Command::Console {
            profile,
            assume,
            print,
            destination,
            switch_role_url,
        } => match switch_role_url {
            true => print_line(&console::switch_role_link(&profile)?)?,
            false => {
                let url = console::sign_in(&profile, &assume, destination, choice).await?;
                if print {
                    print_line(url.expose())?;
                } else {
                    console::open(&profile, &url)?;
                }
            }
        },
        Command::Add {
            profile,
            from_env,
            no_check,
        } => keys::add(&profile, from_env, no_check, choice).await?,
        Command::Remove { profile } => keys::remove(&profile)?,
        Command::Sessions { json } => print(&sessions::list(choice, json)?)?,
        Command::Clear { profile } => sessions::clear(choice, profile.as_deref())?,
        Command::Doctor {
            profile,
            online,
            json,
        } => return doctor::run(profile.as_deref(), online, json, choice).await,
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn print(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    written(out.write_all(text.as_bytes()).and_then(|_| out.flush()))
}

fn print_line(text: &str) -> Result<()> {
    print(&format!("{text}\n"))
}

/// A closed pipe (`switchrole list | head`) is not an error worth a message.
fn written(result: std::io::Result<()>) -> Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to stdout"),
    }
}

/// Rows as a pretty JSON array, each written as it is made: at 50,000 profiles holding every
/// row and the whole text at once more than doubled `list --json`'s peak memory.
fn print_json_rows(rows: impl Iterator<Item = listing::Row>) -> Result<()> {
    use serde::Serializer;
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    written(
        serde_json::Serializer::pretty(&mut out)
            .collect_seq(rows)
            .map_err(std::io::Error::from)
            .and_then(|_| out.write_all(b"\n"))
            .and_then(|_| out.flush()),
    )
}
