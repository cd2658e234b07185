//! Ctrl-O's work after the assume: the federation exchange and the browser, away from the
//! render loop, reporting back with one message.

use super::engine::Engine;
use super::state::Msg;
use crate::console::{self, ConsoleError, SignIn, browser};
use crate::creds::Session;
use crate::sts::sdk::SdkSts;
use tokio::sync::mpsc::UnboundedSender;

/// Signs in with `session` and opens the console; the page given to the browser is removed a
/// minute later, whether or not the picker is still running.
pub fn open_console(engine: &Engine, session: Session, tx: UnboundedSender<Msg>) {
    let profile = session.profile.clone();
    if let Engine::Demo { .. } = engine {
        let error = Some("the demo has no AWS console to sign in to".into());
        let _ = tx.send(Msg::ConsoleOpened { profile, error });
        return;
    }
    tokio::spawn(async move {
        let region = session.region.clone();
        let sts = SdkSts::new(Some(&profile), region.as_deref().unwrap_or("us-east-1"));
        let opened = async {
            let url = console::sign_in_url(&session, &SignIn::default(), &sts).await?;
            tokio::task::spawn_blocking(move || browser::open(&url))
                .await
                .map_err(|e| ConsoleError::Browser(format!("opening the browser failed: {e}")))?
        };
        // The page is removed a minute after it was opened, by a process of its own.
        let error = opened.await.err().map(|e| e.to_string());
        let _ = tx.send(Msg::ConsoleOpened { profile, error });
    });
}
