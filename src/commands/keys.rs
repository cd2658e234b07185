//! `add` and `remove`: long-term keys kept in the OS keyring, never in a file.

use crate::creds::{Credentials, Secret};
use crate::os::tty::{self, TtyError};
use crate::profile::merge::kind;
use crate::profile::{Paths, display_path, ini};
use crate::store::connect::{self, Keyring};
use crate::store::keyring;
use crate::store::open::StoreChoice;
use crate::store::state::StateFile;
use crate::sts::Sts;
use crate::sts::sdk::SdkSts;
use anyhow::{Context, Result, anyhow, bail};
use std::io::Write;

fn state() -> StateFile {
    StateFile::at_default_path()
}

/// Asks on the terminal: the key id shown as typed, the secret not echoed.
fn ask(profile: &str) -> Result<(String, Secret)> {
    let no_terminal = |e: TtyError| match e {
        TtyError::NoTerminal => anyhow!(
            "no terminal to ask on; use --from-env with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set"
        ),
        other => anyhow!(other),
    };
    let id = tty::ask(&format!("Access key id for {profile}: ")).map_err(no_terminal)?;
    let secret =
        tty::ask_hidden(&format!("Secret access key for {profile}: ")).map_err(no_terminal)?;
    Ok((id, Secret::new(secret)))
}

fn from_env() -> Result<(String, Secret)> {
    let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => Ok((id, Secret::new(secret))),
        _ => {
            bail!("--from-env needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
        }
    }
}

/// `switchrole add PROFILE`.
pub async fn add(profile: &str, use_env: bool, no_check: bool, choice: StoreChoice) -> Result<()> {
    let (id, secret) = if use_env { from_env()? } else { ask(profile)? };
    let id_ok = (16..=128).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric());
    // Neither value is echoed: swapped fields would put the secret in the message.
    if !id_ok {
        bail!(
            "the access key id must be 16 to 128 letters and digits (it has {} characters); were the two fields swapped?",
            id.chars().count()
        );
    }
    if secret.expose().is_empty() {
        bail!("the secret access key is empty");
    }
    if !no_check {
        let region = std::env::var("AWS_REGION").unwrap_or_else(|_| "us-east-1".into());
        let sts = SdkSts::new(None, &region);
        let creds = Credentials {
            access_key_id: id.clone(),
            secret_access_key: secret.clone(),
            session_token: None,
            expiration: None,
        };
        let who = sts
            .caller_identity(&creds)
            .await
            .context("checking the keys (skip with --no-check)")?;
        eprintln!("switchrole: the keys belong to {}", who.arn);
    }
    match choice {
        StoreChoice::File => return add_to_credentials_file(profile, &id, &secret),
        StoreChoice::None => bail!("--store none keeps nothing; use the keyring or --store file"),
        StoreChoice::Keyring => {}
    }
    match connect::connect() {
        Ok(Keyring::Platform) => {}
        Ok(Keyring::Kernel) => bail!(
            "no Secret Service answered, and the kernel keyring forgets at logout, so it does not keep long-term keys; pass --store file to keep them in {} (0600), as `aws configure` does",
            display_path(&Paths::from_env().credentials)
        ),
        Err(why) => bail!(
            "no OS keyring answered ({why}); pass --store file to keep the keys in {} (0600), as `aws configure` does",
            display_path(&Paths::from_env().credentials)
        ),
    }
    keyring::set_keys(profile, &id, &secret, &state())
        .map_err(|e| anyhow!("storing the keys in the OS keyring: {e}"))?;
    let paths = Paths::from_env();
    if append_section(&paths, profile)? {
        eprintln!(
            "switchrole: added [profile {profile}] to {}",
            display_path(&paths.config)
        );
    }
    eprintln!("switchrole: keys for '{profile}' are in the OS keyring (service 'switchrole')");
    Ok(())
}

/// `add --store file`: a `[NAME]` section appended to the credentials file, every existing
/// byte kept, the whole file rewritten atomically as 0600.
fn add_to_credentials_file(profile: &str, id: &str, secret: &Secret) -> Result<()> {
    let path = Paths::from_env().credentials;
    let shown = display_path(&path);
    let text = match std::fs::read(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("reading {shown}")),
    };
    let (sections, _) = ini::scan(&text);
    if sections
        .iter()
        .any(|s| kind(s.name, false).name() == Some(profile))
    {
        bail!("{shown} already has a [{profile}] section; edit it, or remove it first");
    }
    let mut added = text.clone();
    added.extend_from_slice(
        format!(
            "{}[{profile}]\naws_access_key_id = {id}\naws_secret_access_key = {}\n",
            separator(&text),
            secret.expose()
        )
        .as_bytes(),
    );
    crate::store::write_private(&path, &added).with_context(|| format!("writing {shown}"))?;
    eprintln!("switchrole: keys for '{profile}' are in {shown} (0600)");
    Ok(())
}

/// Appends a section for `profile` to the config when it has none, leaving every existing
/// byte as it was. Returns whether it wrote.
fn append_section(paths: &Paths, profile: &str) -> Result<bool> {
    let text = match std::fs::read(&paths.config) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            return Err(e).with_context(|| format!("reading {}", display_path(&paths.config)));
        }
    };
    let (sections, _) = ini::scan(&text);
    if sections
        .iter()
        .any(|s| kind(s.name, true).name() == Some(profile))
    {
        return Ok(false);
    }
    let header = if profile == "default" {
        "[default]".to_string()
    } else {
        format!("[profile {profile}]")
    };
    if let Some(dir) = paths.config.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&paths.config)?;
    file.write_all(format!("{}{header}\n", separator(&text)).as_bytes())?;
    Ok(true)
}

/// What goes between a file's text and a section appended to it: a blank line, and a newline
/// first when the last line has none.
fn separator(text: &[u8]) -> &'static str {
    match text {
        [] => "",
        [.., b'\n'] => "\n",
        _ => "\n\n",
    }
}

/// `switchrole remove PROFILE`.
pub fn remove(profile: &str) -> Result<()> {
    connect::connect().map_err(|why| anyhow!("no OS keyring answered ({why})"))?;
    match keyring::delete_keys(profile, &state())
        .map_err(|e| anyhow!("removing the keys from the OS keyring: {e}"))?
    {
        true => eprintln!("switchrole: removed the keys of '{profile}' from the OS keyring"),
        false => eprintln!("switchrole: the OS keyring held no keys for '{profile}'"),
    }
    Ok(())
}
