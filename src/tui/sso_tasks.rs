//! The picker's IAM Identity Center work away from its loop: the device flow behind the
//! sign-in modal, and listing the assignments again behind the list.

use super::engine::Engine;
use super::state::Msg;
use crate::app::listing::{self, Row};
use crate::os::browser;
use crate::profile::Catalog;
use crate::sso;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

/// A catalog listed again with its rows, or nothing new; and what could not be listed.
pub type Relisted = (Option<(Arc<Catalog>, Vec<Row>)>, Vec<String>);

/// Signs in to the session named `session`: the code goes to the modal and the page to the
/// browser, then the outcome comes back. Aborting the task (Esc) stops the waiting.
pub fn sign_in(engine: &Engine, session: String, tx: UnboundedSender<Msg>) -> JoinHandle<()> {
    let catalog = match engine {
        Engine::Aws { catalog, .. } | Engine::Demo { catalog } => catalog.clone(),
    };
    tokio::spawn(async move {
        // An `[sso-session]`, or the start URL of a profile that names no session.
        let profiles = catalog.profiles.iter().filter_map(|p| p.sso_role.as_ref());
        let mut sessions = catalog
            .sso_sessions
            .iter()
            .chain(profiles.map(|r| &r.session));
        let found = sessions.find(|s| s.label() == session);
        let Some(found) = found.cloned() else {
            let error = Some(format!("no sso-session named '{session}' is configured"));
            let _ = tx.send(Msg::SignedIn { session, error });
            return;
        };
        let (shown, label) = (tx.clone(), session.clone());
        let show = move |code: &sso::device::DeviceCode| {
            let url = code.url.clone();
            let _ = shown.send(Msg::SignInCode {
                session: label,
                url: url.clone(),
                user_code: code.user_code.clone(),
            });
            // The modal shows the address too, so a browser that cannot be opened costs nothing.
            tokio::task::spawn_blocking(move || drop(browser::open(&url)));
        };
        let error = sso::sign_in_again(&found, show).await.err();
        let error = error.map(|e| e.to_string());
        let _ = tx.send(Msg::SignedIn { session, error });
    })
}

/// Lists the assignments again when a listing is stale (only `session`'s, just signed in to,
/// when given), and sends the new catalog and rows and what could not be listed.
pub fn relist(engine: &Engine, session: Option<String>, tx: UnboundedSender<Relisted>) {
    let Engine::Aws { catalog, .. } = engine else {
        return;
    };
    if catalog.sso_sessions.is_empty() {
        return;
    }
    let catalog = catalog.clone();
    tokio::spawn(async move {
        let relisted = sso::assignments::relisted(&catalog, session.as_deref()).await;
        // Kept sessions' countdowns are carried over from the rows on screen.
        let fresh = relisted.catalog.map(|fresh| {
            let rows = listing::rows(&fresh, &[]);
            (Arc::new(fresh), rows)
        });
        if fresh.is_some() || !relisted.problems.is_empty() {
            let _ = tx.send((fresh, relisted.problems));
        }
    });
}
