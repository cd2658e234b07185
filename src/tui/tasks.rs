//! The picker's work away from its loop: assuming in the background (on a blocking thread,
//! since the keyring, `mfa_process` and the state file block), forgetting sessions, and the
//! shell.

use super::engine::Engine;
use super::state::Msg;
use crate::app::recent::record;
use crate::app::{self, banner, region_for};
use crate::assume::base::BaseError;
use crate::assume::mfa_code::Prompt;
use crate::assume::{self, AssumeError, Options};
use crate::creds::Session;
use crate::profile::resolve::resolve;
use crate::shell::child;
use crate::shell::signals::Stop;
use crate::shell::supervise::{self, Ended, Watch};
use crate::sso::{SignIn, SsoError};
use crate::store::Store;
use crate::store::history::How;
use crate::store::settings;
use crate::store::state::StateFile;
use crate::sts::demo::DemoSts;
use crate::sts::sdk::SdkSts;
use anyhow::Result;
use chrono::Utc;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::{JoinError, JoinHandle};

/// What Enter (or Ctrl-R, or the MFA modal) asked for.
pub struct Request {
    pub profile: String,
    pub mfa_code: Option<String>,
    /// A new session even when a kept one is fresh (a renewal).
    pub fresh: bool,
}

/// Assumes on a blocking thread and sends the outcome; a panic there is reported as a failure
/// instead of leaving the picker on "assuming" for ever. The returned task can be aborted
/// (Esc), after which its outcome is never sent.
pub fn assume(engine: Engine, request: Request, tx: UnboundedSender<Msg>) -> JoinHandle<()> {
    let profile = request.profile.clone();
    let work = tokio::task::spawn_blocking(move || {
        tokio::runtime::Handle::current().block_on(assume_msg(&engine, request))
    });
    tokio::spawn(async move {
        let _ = tx.send(reported(work.await, profile));
    })
}

/// The task's message, or a failure that says the task died.
fn reported(result: Result<Msg, JoinError>, profile: String) -> Msg {
    let message = match result {
        Ok(msg) => return msg,
        Err(e) if e.is_panic() => {
            let payload = e.into_panic();
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "an internal error".into());
            format!("switchrole failed while assuming {profile}: {why}")
        }
        Err(_) => format!("assuming {profile} was cancelled"),
    };
    Msg::Failed {
        profile,
        message,
        mfa_rejected: false,
    }
}
/// Runs `$SHELL` with the session as its watching parent: signals (heard through the
/// picker's `stop`) passed on, a warning before expiry, and renewal when the `renew` setting
/// asks for it.
pub async fn run_shell(session: &Session, engine: &Engine, stop: &mut Stop) -> Result<Ended> {
    println!("{}", banner(session));
    let renew = match engine {
        Engine::Aws { catalog, store, .. } if settings::flag("renew")? => {
            let renewer = app::renewer(
                catalog.clone(),
                store.clone(),
                session.profile.clone(),
                None,
                session.region.clone(),
            );
            Some((renewer, app::renew_before()?))
        }
        _ => None,
    };
    let watch = Watch {
        session: session.clone(),
        program: child::shell(),
        args: Vec::new(),
        interactive: true,
        warn_before: app::warn_before()?,
        renew,
    };
    Ok(supervise::run(watch, stop).await?)
}

/// Reads the kept sessions again, off the loop, and sends them.
pub fn reread_sessions(engine: &Engine, tx: UnboundedSender<Msg>) {
    let engine = engine.clone();
    tokio::task::spawn_blocking(move || {
        let _ = tx.send(Msg::Sessions(engine.kept_sessions()));
    });
}

/// Removes a profile's kept sessions (blocking: the keyring may wait for an unlock).
pub fn forget(store: Option<Arc<dyn Store>>, profile: String) -> Msg {
    let Some(store) = store else {
        let message = "no session store is in use".into();
        return Msg::Forgotten { profile, message };
    };
    let removed = store.list().and_then(|sessions| {
        let mine: Vec<_> = sessions
            .into_iter()
            .filter(|s| s.profile == profile)
            .collect();
        for info in &mine {
            store.remove(&info.key)?;
        }
        Ok(mine.len())
    });
    let message = match removed {
        Ok(n) => format!(
            "forgot {n} kept session{} of {profile}",
            if n == 1 { "" } else { "s" }
        ),
        Err(e) => format!("could not forget the sessions of {profile}: {e}"),
    };
    Msg::Forgotten { profile, message }
}

/// Notes the profile for the next start and in the history; a failure only costs that.
pub fn remember_last(session: &Session) {
    let profile = Some(session.profile.clone());
    let _ = StateFile::at_default_path().update(|state| state.last_profile = profile);
    record(session, How::Picker);
}

/// Resolves and assumes in the background, reporting the outcome as a message.
async fn assume_msg(engine: &Engine, request: Request) -> Msg {
    let Request {
        profile,
        mfa_code,
        fresh,
    } = request;
    let catalog = match engine {
        Engine::Aws { catalog, .. } | Engine::Demo { catalog } => catalog,
    };
    let plan = match resolve(catalog, &profile) {
        Ok(plan) => plan,
        Err(e) => {
            return Msg::Failed {
                profile,
                message: e.to_string(),
                mfa_rejected: false,
            };
        }
    };
    let region = region_for(&plan, None);
    let used_code = mfa_code.is_some();
    let options = Options {
        mfa_code,
        duration: None,
        reuse_session: !fresh,
        prompt: Prompt::Never,
        sign_in: SignIn::Never,
        region,
        mfa_session_seconds: app::mfa_session_seconds(),
    };
    let now = Utc::now();
    let result = match engine {
        Engine::Aws { store, .. } => {
            let sts = SdkSts::new(
                Some(&profile),
                options.region.as_deref().unwrap_or("us-east-1"),
            );
            assume::assume(&plan, &options, &sts, store.as_deref(), now).await
        }
        Engine::Demo { .. } => assume::assume(&plan, &options, &DemoSts, None, now).await,
    };
    match result {
        Ok(outcome) => Msg::Assumed {
            profile,
            session: Box::new(outcome.session),
            notices: outcome.notices,
        },
        Err(AssumeError::NeedMfa { serial, .. }) => Msg::NeedMfa {
            profile,
            serial: serial.to_string(),
        },
        Err(AssumeError::Base {
            reason: BaseError::Sso(SsoError::NeedSignIn { session }),
            ..
        }) => Msg::NeedSignIn { profile, session },
        Err(e) => {
            // Only an error about the code itself reopens the modal; a trust policy that does
            // not name the caller is explained in the error panel instead.
            let code_refused = matches!(&e, AssumeError::Sts(s) if s.rejects_mfa_code());
            let mfa_rejected = used_code && (code_refused || matches!(e, AssumeError::Mfa(_)));
            Msg::Failed {
                profile,
                message: e.to_string(),
                mfa_rejected,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_assume_is_reported_as_a_failure() {
        let work = tokio::task::spawn_blocking(|| -> Msg { panic!("boom") });
        let msg = reported(work.await, "dev".into());
        let Msg::Failed {
            profile, message, ..
        } = msg
        else {
            panic!("a failure expected")
        };
        assert_eq!(profile, "dev");
        assert_eq!(message, "switchrole failed while assuming dev: boom");
    }
}
