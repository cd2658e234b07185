//! Assuming a named profile for a command: its catalog (an IAM Identity Center assignment
//! too), the store, the MFA prompt on the terminal, notices on stderr.

use crate::app::{self, open_store, region_for};
use crate::assume::mfa_code::Prompt;
use crate::assume::{self, Options, Outcome};
use crate::cli::AssumeArgs;
use crate::creds::Session;
use crate::profile::Catalog;
use crate::profile::resolve::{ResolveError, resolve};
use crate::sso::SignIn;
use crate::store::open::{self, StoreChoice};
use crate::store::settings as config;
use crate::sts::sdk::SdkSts;
use anyhow::Result;
use chrono::Utc;
use std::sync::Arc;

/// A command signs in to IAM Identity Center when it must, telling the person on stderr.
pub(super) fn sign_in(args: &AssumeArgs) -> SignIn {
    let browser = !args.no_browser;
    match args.sign_in_on_terminal {
        false => SignIn::OnStderr { browser },
        true if crate::os::tty::available() => SignIn::OnTerminal { browser },
        true => SignIn::Never,
    }
}

/// Loads a profile (or an IAM Identity Center assignment) and its sources, and assumes it.
pub(super) async fn assume_named(
    name: &str,
    args: &AssumeArgs,
    choice: StoreChoice,
) -> Result<(Arc<Catalog>, Session, SdkSts)> {
    let catalog = Arc::new(app::load_catalog_with_entry(name, sign_in(args)).await?);
    let (session, sts) = assume_profile(&catalog, name, args, choice).await?;
    Ok((catalog, session, sts))
}

/// Resolves and assumes a profile for a command, printing notices on stderr.
pub(super) async fn assume_profile(
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
