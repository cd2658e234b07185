//! The non-interactive commands: each loads the profiles, assumes if it must, and prints.

mod completions;
mod console;
mod diff;
mod doctor;
mod history;
mod keys;
mod manual;
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
use crate::app::{self, banner, cached_sessions, load_catalog, open_store, region_for};
use crate::assume::mfa_code::Prompt;
use crate::assume::{self, Options, Outcome};
use crate::cli::{AssumeArgs, Command, SsoAction};
use crate::creds::Session;
use crate::profile::Catalog;
use crate::profile::resolve::{ResolveError, resolve};
use crate::shell::child;
use crate::shell::signals::exit::ExitOnStop;
use crate::shell::supervise::{self, Watch};
use crate::sso::SignIn;
use crate::store::history::How;
use crate::store::open::{self, StoreChoice};
use crate::store::settings as config;
use crate::sts::Sts;
use crate::sts::sdk::SdkSts;
use anyhow::{Context, Result};
use chrono::Utc;
use std::ffi::OsString;
use std::process::ExitCode;
use std::sync::Arc;

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
        } => return exec(&profile, &assume, renew, command, choice, exiting).await,
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

/// `exec`: a command for a script replaces switchrole (no parent cost); a shell, or anything
/// run with `--renew`, gets switchrole as its parent to warn before expiry and renew.
async fn exec(
    name: &str,
    assume: &AssumeArgs,
    renew: bool,
    command: Vec<OsString>,
    choice: StoreChoice,
    exiting: ExitOnStop,
) -> Result<ExitCode> {
    let renew = renew || config::flag("renew")?;
    let (catalog, session, _) = assume_named(name, assume, choice).await?;
    record(&session, How::Exec);
    let (program, args) = match command.split_first() {
        Some((program, args)) => (program.clone(), args.to_vec()),
        None => (child::shell(), Vec::new()),
    };
    let interactive = command.is_empty();
    if !interactive && !renew {
        // The command becomes this process, and the signals its own: nothing to hand over.
        let err = child::exec(&session, &program, &args);
        return Ok(not_run(&program, &err));
    }
    if interactive {
        eprintln!("{}", banner(&session));
    }
    let renewal = match renew {
        true => {
            // The region the session was assumed for, so renewals agree with it.
            let region = session.region.clone();
            let store = open::open(choice).store;
            let renewer =
                app::renewer(catalog.clone(), store, name.into(), assume.duration, region);
            Some((renewer, app::renew_before()?))
        }
        false => None,
    };
    let watch = Watch {
        session,
        program: program.clone(),
        args,
        interactive,
        warn_before: app::warn_before()?,
        renew: renewal,
    };
    // From here the signals are the child's: passed on, and its status is ours.
    let mut stop = exiting.hand_over().await.context("listening for signals")?;
    match supervise::run(watch, &mut stop).await {
        Ok(ended) => Ok(ExitCode::from(u8::try_from(ended.status).unwrap_or(1))),
        Err(err) => Ok(not_run(&program, &err)),
    }
}

/// Tells why a command could not be run, and exits as `env` and the shells do: 127 when it
/// is not there, 126 when it is but cannot be run (not executable, a directory), so a script
/// can tell a missing program from one that ran and failed.
fn not_run(program: &OsString, err: &std::io::Error) -> ExitCode {
    eprintln!(
        "switchrole: error: could not run {}: {err}",
        program.to_string_lossy()
    );
    match err.kind() {
        std::io::ErrorKind::NotFound => ExitCode::from(127),
        _ => ExitCode::from(126),
    }
}

/// A command signs in to IAM Identity Center when it must, telling the person on stderr.
fn sign_in(args: &AssumeArgs) -> SignIn {
    let browser = !args.no_browser;
    match args.sign_in_on_terminal {
        false => SignIn::OnStderr { browser },
        true if crate::os::tty::available() => SignIn::OnTerminal { browser },
        true => SignIn::Never,
    }
}

/// Loads a profile (or an IAM Identity Center assignment) and its sources, and assumes it.
async fn assume_named(
    name: &str,
    args: &AssumeArgs,
    choice: StoreChoice,
) -> Result<(Arc<Catalog>, Session, SdkSts)> {
    let catalog = Arc::new(app::load_catalog_with_entry(name, sign_in(args)).await?);
    let (session, sts) = assume_profile(&catalog, name, args, choice).await?;
    Ok((catalog, session, sts))
}

/// Resolves and assumes a profile for a command, printing notices on stderr.
async fn assume_profile(
    catalog: &Catalog,
    name: &str,
    args: &AssumeArgs,
    choice: StoreChoice,
) -> Result<(Session, SdkSts)> {
    let plan = resolve(catalog, name).map_err(|e| match e {
        // Only this profile's chain was read: the whole catalog is read for suggestions.
        ResolveError::NotFound { .. } => anyhow::anyhow!("{e}{}", app::did_you_mean(name)),
        e => e.into(),
    })?;
    let region = region_for(&plan, args.region.as_deref());
    let sts = SdkSts::new(Some(name), region.as_deref().unwrap_or("us-east-1"));
    // A cache that is not used needs no keyring (and no message about a missing one).
    let store = match (args.no_cache, args.quiet_store) {
        (true, _) => None,
        (false, true) => open::open_quietly(choice).store,
        (false, false) => open_store(choice),
    };
    let options = Options {
        mfa_code: args.mfa_code.clone(),
        duration: args.duration,
        reuse_session: true,
        prompt: Prompt::Terminal,
        sign_in: sign_in(args),
        region,
        mfa_session_seconds: config::seconds(
            "SWITCHROLE_MFA_SESSION_DURATION",
            "mfa_session_duration",
        )?,
    };
    let Outcome {
        session, notices, ..
    } = assume::assume(&plan, &options, &sts, store.as_deref(), Utc::now()).await?;
    for notice in notices {
        eprintln!("switchrole: {notice}");
    }
    Ok((session, sts))
}
