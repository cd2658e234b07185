//! What a watched shell's keys need as time passes, shared by a shell switchrole starts and one
//! it serves from the background: the warning before expiry and the line at it, a renewal when
//! due (from the kept MFA session, else with a code given by `switchrole renew`), and what to
//! say when a renewal fails.

use super::clock::{Clock, Due, warning};
use super::{RenewError, Renewer, say};
use crate::creds::Session;
use crate::shell::serve::CodeRequest;
use chrono::{DateTime, Local, TimeDelta, Utc};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The keys' timers and the renewal in flight.
pub(super) struct Keeper {
    clock: Clock,
    warn_before: TimeDelta,
    renewer: Option<Renewer>,
    /// Overrides the reuse margin as the moment to renew; only with a renewer.
    renew_before: Option<Option<TimeDelta>>,
    renewing: Option<JoinHandle<Result<Session, RenewError>>>,
    /// The MFA session is over and no code came yet: no renewal is due until one does.
    waiting_for_code: bool,
    /// Where to say how a renewal asked for by `switchrole renew` went.
    pending_reply: Option<oneshot::Sender<Result<String, String>>>,
}

impl Keeper {
    pub fn new(
        session: &Session,
        warn_before: TimeDelta,
        renewal: Option<(Renewer, Option<TimeDelta>)>,
    ) -> Keeper {
        let (renewer, renew_before) = match renewal {
            Some((renewer, before)) => (Some(renewer), Some(before)),
            None => (None, None),
        };
        Keeper {
            clock: Clock::new(session, renew_before),
            warn_before,
            renewer,
            renew_before,
            renewing: None,
            waiting_for_code: false,
            pending_reply: None,
        }
    }

    /// How long until something is due, and what; None when nothing ever is.
    pub fn next(&self) -> Option<(Duration, Due)> {
        let (at, due) = self.clock.next(self.warn_before).filter(|(_, d)| {
            // While a renewal runs, or waits for a code, its timer is not due again.
            !(*d == Due::Renew && (self.renewing.is_some() || self.waiting_for_code))
        })?;
        Some(((at - Utc::now()).to_std().unwrap_or_default(), due))
    }

    /// Does what came due: says the warning or the expiry, or starts the renewal.
    pub fn due(&mut self, due: Due) {
        let now = Utc::now();
        match due {
            Due::Renew => {
                if let Some(renewer) = &self.renewer {
                    self.renewing = Some(tokio::spawn(renewer(None)));
                }
            }
            Due::Warn => {
                self.clock.warned = true;
                if let Some(at) = self.clock.expires_at.filter(|at| *at > now) {
                    say(&warning(&self.clock.profile, at, now));
                }
            }
            Due::Expired => {
                (self.clock.told_expired, self.clock.warned) = (true, true);
                if let Some(at) = self.clock.expires_at {
                    say(&warning(&self.clock.profile, at, now));
                }
            }
        }
    }

    /// Whether a code from `switchrole renew` can be taken now.
    pub fn takes_codes(&self) -> bool {
        self.renewer.is_some() && self.renewing.is_none()
    }

    /// Renews with the code `switchrole renew` gave, answering it when done.
    pub fn code(&mut self, request: CodeRequest) {
        if let Some(renewer) = &self.renewer {
            self.renewing = Some(tokio::spawn(renewer(Some(request.code))));
            self.pending_reply = Some(request.reply);
        }
    }

    /// Whether a renewal is in flight.
    pub fn renewing(&self) -> bool {
        self.renewing.is_some()
    }

    /// Waits for the renewal in flight (call only while `renewing`).
    pub async fn renewed(&mut self) -> Option<Result<Session, RenewError>> {
        self.renewing.as_mut()?.await.ok()
    }

    /// Takes a finished renewal: the new session to serve, if it worked; says what happened.
    pub fn finished(&mut self, done: Option<Result<Session, RenewError>>) -> Option<Session> {
        self.renewing = None;
        let mut fresh = None;
        let outcome = match done {
            Some(Ok(renewed)) => {
                self.waiting_for_code = false;
                self.clock = Clock::new(&renewed, self.renew_before);
                let said = renewed_message(&renewed);
                fresh = Some(renewed);
                Ok(said)
            }
            Some(Err(RenewError::NeedMfa)) => {
                if !self.waiting_for_code {
                    say(&format!(
                        "switchrole: {} needs a new MFA code to renew its keys; run `switchrole renew` in this shell",
                        self.clock.profile
                    ));
                }
                self.waiting_for_code = true;
                Err("an MFA code is needed".to_string())
            }
            Some(Err(RenewError::Failed(why))) => Err(why),
            None => Err("the renewal stopped".into()),
        };
        match (self.pending_reply.take(), outcome) {
            (Some(reply), outcome) => drop(reply.send(outcome)),
            (None, Err(why)) if !self.waiting_for_code => {
                say(&format!(
                    "switchrole: renewing {} failed: {why}; trying again in a minute",
                    self.clock.profile
                ));
                self.clock.renew_at = Some(Utc::now() + TimeDelta::minutes(1));
            }
            _ => {}
        }
        fresh
    }
}

fn renewed_message(session: &Session) -> String {
    match session.credentials.expiration {
        Some(at) => format!(
            "renewed {}; the keys now last until {}",
            session.profile,
            local_time(at)
        ),
        None => format!("renewed {}", session.profile),
    }
}

fn local_time(at: DateTime<Utc>) -> impl std::fmt::Display {
    at.with_timezone(&Local).format("%H:%M")
}
