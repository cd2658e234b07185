//! `sso populate`: switchrole's block of profiles in ~/.aws/config for every account and role
//! an sso-session is assigned, so the aws CLI and terraform can use them with `--profile`.
//! Only the block changes; the file is replaced whole (never half written), the old one kept
//! beside it.

use super::diff::unified;
use super::sso::find;
use crate::app::load_catalog;
use crate::profile::block::{self, BlockError};
use crate::profile::{Paths, display_path};
use crate::sso::populate::{self, Request};
use crate::sso::{SignIn, assignments};
use anyhow::{Context, Result, bail};
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

/// What was asked.
pub struct Options<'a> {
    pub session: Option<&'a str>,
    pub prefix: Option<&'a str>,
    pub dry_run: bool,
    pub browser: bool,
}

/// Lists the session's assignments (signing in when needed) and writes the block, or with
/// `dry_run` returns the diff that would be written. Returns what to print.
pub async fn run(options: Options<'_>) -> Result<String> {
    let catalog = load_catalog()?;
    let session = match options.session {
        Some(name) => find(&catalog, name)?,
        None => match catalog.sso_sessions.as_slice() {
            [only] => only.clone(),
            [] => bail!(
                "{} has no [sso-session NAME] section to write profiles for",
                catalog.files[0]
            ),
            many => {
                let names: Vec<&str> = many.iter().map(|s| s.label()).collect();
                bail!(
                    "name the sso-session to write profiles for: one of {}",
                    names.join(", ")
                )
            }
        },
    };
    let Some(name) = session.name.clone() else {
        bail!(
            "the profiles would name their sso-session, and {} signs in without one: add an [sso-session NAME] section for it",
            session.start_url
        );
    };
    let path = Paths::from_env().config;
    // A config linked from elsewhere (a dotfiles checkout) is written where it lives.
    let path = std::fs::canonicalize(&path).unwrap_or(path);
    let shown = display_path(&path);
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {shown}"))?;
    let in_file = |e: BlockError| anyhow::anyhow!("{shown}: {e}");
    // Checked before signing in: a broken block is the person's to mend first.
    let previous = block::find(&text, &name).map_err(in_file)?;
    let sign_in = SignIn::OnStderr {
        browser: options.browser,
    };
    let listing = assignments::list(&session, sign_in).await?;

    let mine = previous.map(populate::names_in).unwrap_or_default();
    let ours: HashSet<&String> = mine.values().collect();
    let outside = catalog.profiles.iter().filter(|p| !ours.contains(&p.name));
    let taken: HashSet<String> = outside.clone().map(|p| p.name.clone()).collect();
    let named: HashSet<(String, String)> = outside
        .filter_map(|p| p.sso_role.as_ref())
        .filter(|r| r.session.start_url == session.start_url)
        .map(|r| (r.account_id.clone(), r.role_name.clone()))
        .collect();
    let default_region = catalog.get("default").and_then(|p| p.region.clone());
    let request = Request {
        session: &name,
        listing: &listing,
        prefix: options.prefix.unwrap_or(""),
        region: default_region.as_deref().unwrap_or(&session.region),
        taken: &taken,
        named: &named,
        previous,
    };
    let profiles = populate::profiles(&request);
    let new_text =
        block::splice(&text, &name, &populate::block(&request, &profiles)).map_err(in_file)?;
    let count = match profiles.len() {
        1 => "1 profile".to_string(),
        n => format!("{n} profiles"),
    };
    let assigned = listing
        .accounts
        .iter()
        .flat_map(|a| a.roles.iter().map(|r| (a.id.clone(), r.clone())));
    let left = match assigned.filter(|k| named.contains(k)).count() {
        0 => String::new(),
        1 => " (1 assignment has a profile of yours already)".to_string(),
        n => format!(" ({n} assignments have profiles of yours already)"),
    };
    if new_text == text {
        return Ok(format!("{shown} is up to date: {count} for {name}{left}\n"));
    }
    if options.dry_run {
        return Ok(unified(
            &text,
            &new_text,
            &shown,
            &format!("{shown} (after sso populate {name})"),
        ));
    }
    let backup = path.with_file_name(format!(
        "{}.switchrole-backup",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    std::fs::copy(&path, &backup).with_context(|| format!("keeping a copy of {shown}"))?;
    replace(&path, new_text.as_bytes()).with_context(|| format!("writing {shown}"))?;
    Ok(format!(
        "wrote {count} for {name} into {shown}{left}; its previous version is {}\n",
        display_path(&backup)
    ))
}

/// Writes a temporary file beside `path` with its permissions, syncs it and renames it over
/// `path`: a reader sees the old file or the new one.
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(path)?.permissions();
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().set_permissions(permissions)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
