//! When a kept session may still be handed out, and so when a renewing shell renews it.

use crate::creds::Session;
use chrono::{DateTime, TimeDelta, Utc};

/// botocore starts refreshing credentials with 15 minutes left (10: mandatory), so a session
/// handed out with less would make a long-running boto3 program ask again on every call.
pub const REUSE_MARGIN: TimeDelta = TimeDelta::minutes(15);

/// How long before its expiry a session stops being handed out (and a renewing shell renews
/// it): 15 minutes for sessions of 30 minutes or more; for shorter ones a third of their
/// length, so a 15-minute session serves its first 10 minutes instead of asking for a new MFA
/// code on every run.
pub fn reuse_margin(length: TimeDelta) -> TimeDelta {
    if length >= TimeDelta::minutes(30) {
        REUSE_MARGIN
    } else {
        length / 3
    }
}

/// The last moment a session may be handed out; None for keys that do not expire.
pub fn reusable_until(
    issued_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    let expires_at = expires_at?;
    // Without its issue time (cached by an older version), assume a long session.
    let margin = issued_at.map_or(REUSE_MARGIN, |at| reuse_margin(expires_at - at));
    Some(expires_at - margin)
}

/// True while a session may still be handed out at `now`.
pub fn is_fresh(session: &Session, now: DateTime<Utc>) -> bool {
    reusable_until(session.issued_at, session.credentials.expiration).is_some_and(|at| now < at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::creds::{Credentials, Secret};
    use chrono::TimeZone;

    fn session(length: TimeDelta) -> (Session, DateTime<Utc>) {
        let issued = Utc.with_ymd_and_hms(2026, 1, 2, 12, 0, 0).unwrap();
        let session = Session {
            profile: "p".into(),
            role_arn: None,
            assumed_arn: None,
            region: None,
            credentials: Credentials {
                access_key_id: "ASIA".into(),
                secret_access_key: Secret::new("s"),
                session_token: None,
                expiration: Some(issued + length),
            },
            issued_at: Some(issued),
        };
        (session, issued)
    }

    #[test]
    fn an_hour_session_is_reused_until_15_minutes_remain() {
        let (s, issued) = session(TimeDelta::hours(1));
        let edge = issued + TimeDelta::minutes(45);
        assert!(is_fresh(&s, edge - TimeDelta::seconds(1)));
        assert!(!is_fresh(&s, edge));
    }

    #[test]
    fn a_15_minute_session_is_reused_for_its_first_10_minutes() {
        let (s, issued) = session(TimeDelta::minutes(15));
        let edge = issued + TimeDelta::minutes(10);
        assert!(is_fresh(&s, edge - TimeDelta::seconds(1)));
        assert!(!is_fresh(&s, edge));
    }

    #[test]
    fn the_rule_changes_at_30_minutes() {
        assert_eq!(reuse_margin(TimeDelta::minutes(30)), TimeDelta::minutes(15));
        assert_eq!(
            reuse_margin(TimeDelta::minutes(29)),
            TimeDelta::seconds(580)
        );
        // Sessions kept by older versions have no issue time: treated as long ones.
        let at = Utc.with_ymd_and_hms(2026, 1, 2, 12, 0, 0).unwrap();
        assert_eq!(
            reusable_until(None, Some(at)),
            Some(at - TimeDelta::minutes(15))
        );
        assert_eq!(reusable_until(None, None), None);
    }
}
