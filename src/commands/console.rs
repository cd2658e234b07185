//! `console`: the AWS console signed in as a profile, or the console's Switch Role link for it.

use crate::app::{self, load_catalog_for};
use crate::cli::AssumeArgs;
use crate::console::{self, SignIn, SigninUrl, browser, link};
use crate::profile::resolve::{Base, ResolveError, resolve};
use crate::store::open::StoreChoice;
use anyhow::{Result, bail};

/// The Switch Role link of a role profile, from the files alone.
pub(super) fn switch_role_link(name: &str) -> Result<String> {
    let catalog = load_catalog_for(name)?;
    let Some(profile) = catalog.get(name) else {
        // The same words (and suggestions) as for every command on a missing profile.
        let err = resolve(&catalog, name).err();
        match err {
            Some(e @ ResolveError::NotFound { .. }) => bail!("{e}{}", app::did_you_mean(name)),
            _ => bail!("no profile named '{name}'"),
        }
    };
    if !profile.errors.is_empty() {
        bail!("{}", profile.errors.join("; "));
    }
    if profile.external_id.is_some() {
        bail!(
            "profile '{name}' needs an external id, which the console's Switch Role cannot send; `switchrole console {name}` signs in with it"
        );
    }
    match &profile.role_arn {
        Some(role) => Ok(link::switch_role_url(role, name)),
        None => bail!(
            "profile '{name}' is not a role (it has no role_arn), so the console has no Switch Role link for it; `switchrole console {name}` signs in with its own credentials"
        ),
    }
}

/// Assumes the profile as `exec` does and exchanges its session for a sign-in URL.
pub(super) async fn sign_in(
    name: &str,
    assume: &AssumeArgs,
    destination: Option<String>,
    choice: StoreChoice,
) -> Result<SigninUrl> {
    // Mistakes that need no STS call are said before an MFA code is spent.
    link::destination(destination.as_deref(), None)?;
    let endpoint = std::env::var(link::ENDPOINT_VAR).ok();
    link::federation_endpoint(endpoint.as_deref(), None)?;
    let (catalog, session, sts) = super::named::assume_named(name, assume, choice).await?;
    // AWS takes a console session length for a role only when it was assumed with an IAM
    // user's own keys: after an MFA session, another role or SSO, the federation call fails.
    let plan = resolve(&catalog, name)?;
    let from_user_keys = matches!(plan.base, Base::Keys { .. } | Base::Keyring { .. })
        && matches!(&plan.steps[..], [step] if step.mfa_serial.is_none());
    let is_role = !plan.steps.is_empty() || matches!(plan.base, Base::Sso { .. });
    if is_role && !from_user_keys && assume.duration.is_some() {
        eprintln!(
            "switchrole: --duration set the role session's length; the console session keeps AWS's default, since AWS takes its length only for a role assumed with an IAM user's keys and no MFA session"
        );
    }
    let want = SignIn {
        destination,
        duration: assume.duration,
        session_duration: !is_role || from_user_keys,
    };
    Ok(console::sign_in_url(&session, &want, &sts).await?)
}

/// Opens the URL in the browser through a private page, and says with what.
pub(super) fn open(name: &str, url: &SigninUrl) -> Result<()> {
    let opened = browser::open(url)?;
    eprintln!(
        "switchrole: opened the AWS console as {name} with {}",
        opened.program
    );
    Ok(())
}
