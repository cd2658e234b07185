//! What is due next for a watched shell's keys: a renewal, the warning before expiry, the
//! line at expiry; each said once for the keys it is about.

use crate::assume::freshness::reusable_until;
use crate::creds::Session;
use chrono::{DateTime, Local, TimeDelta, Utc};

/// Pending timers and what has been said, for the current keys.
pub(super) struct Clock {
    pub profile: String,
    pub expires_at: Option<DateTime<Utc>>,
    pub renew_at: Option<DateTime<Utc>>,
    pub warned: bool,
    pub told_expired: bool,
}

impl Clock {
    pub fn new(session: &Session, renew_before: Option<Option<TimeDelta>>) -> Self {
        let expires_at = session.credentials.expiration;
        let renew_at = renew_before.and_then(|before| match before {
            Some(before) => expires_at.map(|at| at - before),
            None => reusable_until(session.issued_at, expires_at),
        });
        Clock {
            profile: session.profile.clone(),
            expires_at,
            renew_at,
            warned: false,
            told_expired: false,
        }
    }

    /// The next moment something is due, and what.
    pub fn next(&self, warn_before: TimeDelta) -> Option<(DateTime<Utc>, Due)> {
        let at = self.expires_at?;
        [
            (self.renew_at, Due::Renew),
            ((!self.warned).then_some(at - warn_before), Due::Warn),
            ((!self.told_expired).then_some(at), Due::Expired),
        ]
        .into_iter()
        .filter_map(|(when, due)| when.map(|w| (w, due)))
        .min_by_key(|(when, _)| *when)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Due {
    Renew,
    Warn,
    Expired,
}

/// `switchrole: prod-admin expires in 5m (14:32)`
pub fn warning(profile: &str, expires_at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let local = expires_at.with_timezone(&Local).format("%H:%M");
    let left = expires_at - now;
    if left <= TimeDelta::zero() {
        return format!("switchrole: {profile} credentials have expired ({local})");
    }
    let minutes = (left.num_seconds() + 59) / 60;
    format!("switchrole: {profile} expires in {minutes}m ({local})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn warning_lines() {
        let now = Utc.with_ymd_and_hms(2026, 1, 2, 12, 0, 0).unwrap();
        let at = now + TimeDelta::seconds(299);
        let local = at.with_timezone(&Local).format("%H:%M");
        assert_eq!(
            warning("prod", at, now),
            format!("switchrole: prod expires in 5m ({local})")
        );
        assert_eq!(
            warning("prod", at, at),
            format!("switchrole: prod credentials have expired ({local})")
        );
    }
}
