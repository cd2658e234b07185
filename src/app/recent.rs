//! The history of switches as the front ends use it: each switch noted, and the profiles used
//! most and most lately (frecency) for the picker's recent group.

use crate::creds::Session;
use crate::store::history::{Entry, History, How, account_of};
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::HashMap;

/// How many profiles the recent group holds at most.
pub const RECENT: usize = 5;

/// Notes a switch in the history. A history that cannot be written costs only its line: the
/// switch itself goes on.
pub fn record(session: &Session, how: How) {
    let role_arn = session.role_arn.clone();
    let arn = role_arn.as_deref().or(session.assumed_arn.as_deref());
    let entry = Entry {
        at: Utc::now(),
        profile: session.profile.clone(),
        account: arn.and_then(account_of),
        role_arn,
        how,
    };
    let _ = History::at_default_path().append(&entry);
}

/// What one use counts for at its age: a use in the last hour four times one of last week,
/// and one of long ago a quarter (zoxide's weights).
fn weight(age: TimeDelta) -> f64 {
    if age <= TimeDelta::hours(1) {
        4.0
    } else if age <= TimeDelta::days(1) {
        2.0
    } else if age <= TimeDelta::weeks(1) {
        1.0
    } else {
        0.25
    }
}

/// A switch the person chose: `credential-process` runs whenever a tool asks for keys, so it
/// says what tools use, not what the person picks.
fn chosen(entry: &&Entry) -> bool {
    entry.how != How::CredentialProcess
}

/// Profiles by frecency (how often and how lately each was chosen), best first, ties to the
/// latest used.
pub fn frecent(entries: &[Entry], now: DateTime<Utc>) -> Vec<(String, f64)> {
    let mut scores: HashMap<&str, (f64, DateTime<Utc>)> = HashMap::new();
    for entry in entries.iter().filter(chosen) {
        let score = scores.entry(&entry.profile).or_insert((0.0, entry.at));
        score.0 += weight(now - entry.at);
        score.1 = score.1.max(entry.at);
    }
    let mut ranked: Vec<(&str, (f64, DateTime<Utc>))> = scores.into_iter().collect();
    ranked.sort_by(|a, b| b.1.0.total_cmp(&a.1.0).then(b.1.1.cmp(&a.1.1)));
    ranked
        .into_iter()
        .map(|(name, (score, _))| (name.to_string(), score))
        .collect()
}

/// The profile chosen last, by any entry point but `credential-process`.
pub fn last_used(entries: &[Entry]) -> Option<String> {
    entries.iter().rfind(chosen).map(|e| e.profile.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn often_and_lately_outrank_once_or_long_ago() {
        let now = Utc.with_ymd_and_hms(2026, 1, 2, 12, 0, 0).unwrap();
        let used = |profile: &str, hours_ago: i64| Entry {
            at: now - TimeDelta::hours(hours_ago),
            profile: profile.into(),
            role_arn: None,
            account: None,
            how: How::Use,
        };
        let entries = [
            // Used every day of last month: 30 x 0.25 = 7.5, but long ago.
            (0..30)
                .map(|d| used("old-habit", 24 * 10 + d))
                .collect::<Vec<_>>(),
            // Three times today: 3 x 2 = 6.
            vec![used("today", 3), used("today", 4), used("today", 5)],
            // Once, just now: 4.
            vec![used("just-now", 0)],
            // Once, yesterday evening: 1... then once more in the hour: 5.
            vec![used("twice", 30), used("twice", 0)],
            // A tool asking for keys, often and last: not a choice of the person's.
            (0..9)
                .map(|_| Entry {
                    how: How::CredentialProcess,
                    ..used("tool", 0)
                })
                .collect(),
        ]
        .concat();
        let names: Vec<String> = frecent(&entries, now).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["old-habit", "today", "twice", "just-now"]);
        assert_eq!(last_used(&entries).as_deref(), Some("twice"));
    }
}
