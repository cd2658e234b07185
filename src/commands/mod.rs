//! The non-interactive commands: each loads the profiles, assumes if it must, and prints.

mod keys;
mod sessions;

use crate::assume::{self, Options, Outcome};
use crate::child;
use crate::cli::{AssumeArgs, Command};
use crate::creds::Session;
use crate::creds::mfa::Prompt;
use crate::listing;
use crate::output;
use crate::profile::resolve::{Plan, resolve};
use crate::profile::{self, Catalog, Paths};
use crate::store::file::FileStore;
use crate::store::open::{self, StoreChoice};
use crate::store::state::StateFile;
use crate::store::{SessionInfo, Store};
use crate::sts::Sts;
use crate::sts::sdk::SdkSts;
use anyhow::{Context, Result};
use chrono::{Local, Utc};
use std::process::ExitCode;

/// Loads the catalog, marks the profiles whose keys are in the keyring, and reports lines
/// that could not be read, once, on stderr.
pub fn load_catalog() -> Result<Catalog> {
    let mut catalog = profile::load(&Paths::from_env())?;
    catalog.mark_keyring(
        &StateFile::new(StateFile::default_path())
            .read()
            .keyring_keys,
    );
    for problem in &catalog.problems {
        eprintln!("switchrole: warning: {problem}");
    }
    Ok(catalog)
}

/// Every kept session, for showing time left, read without opening the keyring: the keyring
/// store's facts are in the state file.
pub fn cached_sessions(choice: StoreChoice) -> Vec<SessionInfo> {
    match choice {
        StoreChoice::Keyring => StateFile::new(StateFile::default_path()).read().sessions,
        StoreChoice::File => FileStore::new(FileStore::default_dir())
            .list()
            .unwrap_or_default(),
        StoreChoice::None => Vec::new(),
    }
}

/// Opens the chosen store, telling the person once when it cannot be used.
pub fn open_store(choice: StoreChoice) -> Option<std::sync::Arc<dyn Store>> {
    let opened = open::open(choice);
    if let Some(notice) = opened.notice {
        eprintln!("switchrole: {notice}");
    }
    opened.store
}

pub async fn run(command: Command, store: Option<StoreChoice>) -> Result<ExitCode> {
    let choice = open::choice(store).map_err(anyhow::Error::msg)?;
    match command {
        Command::Demo => return crate::tui::demo().await,
        Command::List { json } => {
            let catalog = load_catalog()?;
            let rows = listing::rows(&catalog, &cached_sessions(choice));
            let text = match json {
                true => format!("{}\n", serde_json::to_string_pretty(&rows)?),
                false => listing::table(&rows, Utc::now()),
            };
            print(&text)?;
        }
        Command::Exec {
            profile,
            assume,
            command,
        } => {
            let (session, _) = assume_profile(&profile, &assume, choice).await?;
            let (program, args) = match command.split_first() {
                Some((program, args)) => (program.clone(), args.to_vec()),
                None => {
                    eprintln!("{}", banner(&session));
                    (child::shell(), Vec::new())
                }
            };
            let err = child::exec(&session, &program, &args);
            anyhow::bail!("could not run {}: {err}", program.to_string_lossy());
        }
        Command::Env {
            profile,
            format,
            assume,
        } => {
            let (session, _) = assume_profile(&profile, &assume, choice).await?;
            print(&output::env(&session, format))?;
        }
        Command::CredentialProcess { profile, assume } => {
            let (session, _) = assume_profile(&profile, &assume, choice).await?;
            print(&output::credential_process(&session))?;
        }
        Command::Whoami { profile, assume } => {
            let (session, sts) = assume_profile(&profile, &assume, choice).await?;
            let id = sts.caller_identity(&session.credentials).await?;
            print(&format!(
                "Account: {}\nArn:     {}\nUserId:  {}\n",
                id.account, id.arn, id.user_id
            ))?;
        }
        Command::Add {
            profile,
            from_env,
            no_check,
        } => keys::add(&profile, from_env, no_check).await?,
        Command::Remove { profile } => keys::remove(&profile)?,
        Command::Sessions { json } => print(&sessions::list(choice, json)?)?,
        Command::Clear { profile } => sessions::clear(choice, profile.as_deref())?,
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn print(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    // A closed pipe (`switchrole list | head`) is not an error worth a message.
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to stdout"),
    }
}

/// The region for the child and for STS: `--region`, then `AWS_REGION`/`AWS_DEFAULT_REGION`,
/// then the profile's. Inside a switchrole shell those variables were set for the parent's
/// profile, so there the profile's own region comes first.
pub fn region_for(plan: &Plan<'_>, flag: Option<&str>) -> Option<String> {
    let from_env = || {
        ["AWS_REGION", "AWS_DEFAULT_REGION"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|r| !r.is_empty()))
    };
    let nested = std::env::var_os("SWITCHROLE_PROFILE").is_some();
    match (flag, nested) {
        (Some(region), _) => Some(region.to_string()),
        (None, true) => plan.region.map(String::from).or_else(from_env),
        (None, false) => from_env().or_else(|| plan.region.map(String::from)),
    }
}

/// Resolves and assumes a profile for a command, printing notices on stderr.
async fn assume_profile(
    name: &str,
    args: &AssumeArgs,
    choice: StoreChoice,
) -> Result<(Session, SdkSts)> {
    let catalog = load_catalog()?;
    let plan = resolve(&catalog, name)?;
    let region = region_for(&plan, args.region.as_deref());
    let sts = SdkSts::load(Some(name), region.as_deref().unwrap_or("us-east-1")).await;
    // A cache that is not used needs no keyring (and no message about a missing one).
    let store = if args.no_cache {
        None
    } else {
        open_store(choice)
    };
    let options = Options {
        mfa_code: args.mfa_code.clone(),
        duration: args.duration,
        use_cache: !args.no_cache,
        prompt: Prompt::Terminal,
        region,
    };
    let Outcome {
        session, notices, ..
    } = assume::assume(&plan, &options, &sts, store.as_deref(), Utc::now()).await?;
    for notice in notices {
        eprintln!("switchrole: {notice}");
    }
    Ok((session, sts))
}

/// `switchrole: prod as arn:aws:sts::...:assumed-role/Admin/alice, expires 14:32 (59m left)`
pub fn banner(session: &Session) -> String {
    let who = session
        .assumed_arn
        .as_deref()
        .or(session.role_arn.as_deref())
        .unwrap_or("its keys");
    let expiry = match session.credentials.expiration {
        Some(at) => format!(
            ", expires {} ({} left)",
            at.with_timezone(&Local).format("%H:%M"),
            listing::time_left(at, Utc::now())
        ),
        None => String::new(),
    };
    format!("switchrole: {} as {who}{expiry}", session.profile)
}
