//! `sso populate`: a profile for each account and role an sso-session is assigned, named
//! from the account's name and the role, as the text of switchrole's block in ~/.aws/config.
//! Names are valid for every AWS tool, unique in the files, and stable: an assignment keeps
//! the name the block gave it last time.

use super::assignments::Listing;
use crate::profile::block::{begin_line, end_line};
use std::collections::{HashMap, HashSet};

/// One profile of the block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    pub name: String,
    pub account_id: String,
    pub role_name: String,
}

/// What the block is made from.
pub struct Request<'a> {
    /// The `[sso-session NAME]`.
    pub session: &'a str,
    pub listing: &'a Listing,
    /// Put before every name.
    pub prefix: &'a str,
    pub region: &'a str,
    /// Names of profiles outside the block: never given out.
    pub taken: &'a HashSet<String>,
    /// Assignments a profile outside the block already names: left to it.
    pub named: &'a HashSet<(String, String)>,
    /// The block as it is now, whose names are kept.
    pub previous: Option<&'a str>,
}

/// `Prod EU/main` -> `Prod-EU-main`: letters, digits, `-`, `_` and `.` kept, any other run of
/// characters one `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '.') || (c == '-' && !out.ends_with('-'))
        {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// The names the block gave each assignment, read back from its own lines.
pub fn names_in(block: &str) -> HashMap<(String, String), String> {
    let mut names = HashMap::new();
    let (mut name, mut account, mut role) = (None, None, None);
    let value = |line: &str, key: &str| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().to_string())
    };
    for line in block.lines().map(str::trim).chain(["[end]"]) {
        if line.starts_with('[') {
            if let (Some(n), Some(a), Some(r)) = (name.take(), account.take(), role.take()) {
                names.insert((a, r), n);
            }
            name = line
                .strip_prefix("[profile ")
                .and_then(|l| l.strip_suffix(']'))
                .map(|n| n.trim().to_string());
        }
        account = value(line, "sso_account_id").or(account);
        role = value(line, "sso_role_name").or(role);
    }
    names
}

/// The profiles, sorted by account name, account and role so that the same listing always
/// gives the same block.
pub fn profiles(request: &Request<'_>) -> Vec<Generated> {
    let previous = request.previous.map(names_in).unwrap_or_default();
    let mut wanted: Vec<(&str, &str, &str)> = Vec::new();
    for account in &request.listing.accounts {
        for role in &account.roles {
            let key = (account.id.clone(), role.clone());
            if !request.named.contains(&key) {
                wanted.push((&account.name, &account.id, role));
            }
        }
    }
    wanted.sort_unstable();
    wanted.dedup();
    let mut used: HashSet<String> = request.taken.clone();
    let mut names: Vec<Option<String>> = Vec::with_capacity(wanted.len());
    // Names given last time first, so a new assignment never takes one.
    for (_, id, role) in &wanted {
        let kept = previous.get(&(id.to_string(), role.to_string()));
        let kept = kept.filter(|n| !used.contains(*n)).cloned();
        if let Some(name) = &kept {
            used.insert(name.clone());
        }
        names.push(kept);
    }
    let mut out = Vec::with_capacity(wanted.len());
    for ((account, id, role), kept) in wanted.into_iter().zip(names) {
        let name = kept.unwrap_or_else(|| {
            let base = format!(
                "{}{}.{}",
                request.prefix,
                slug_or(account, id),
                slug_or(role, id)
            );
            let name = unused(&base, id, &used);
            used.insert(name.clone());
            name
        });
        out.push(Generated {
            name,
            account_id: id.to_string(),
            role_name: role.to_string(),
        });
    }
    out
}

fn slug_or(text: &str, fallback: &str) -> String {
    Some(slug(text))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| fallback.into())
}

/// `base`, else `base-ACCOUNT` (two accounts may share a name), else with a number added.
fn unused(base: &str, account: &str, used: &HashSet<String>) -> String {
    let candidates = [base.to_string(), format!("{base}-{account}")];
    let numbered = (2..).map(|n| format!("{base}-{account}-{n}"));
    let mut all = candidates.into_iter().chain(numbered);
    all.find(|n| !used.contains(n)).unwrap_or_default()
}

/// The block's text: its begin line, what wrote it, each profile, its end line.
pub fn block(request: &Request<'_>, profiles: &[Generated]) -> String {
    let session = request.session;
    let mut out = format!(
        "{}\n# Written by `switchrole sso populate {session}`, which replaces what is between these lines.\n",
        begin_line(session)
    );
    for p in profiles {
        out.push_str(&format!(
            "\n[profile {}]\nsso_session = {session}\nsso_account_id = {}\nsso_role_name = {}\nregion = {}\n",
            p.name, p.account_id, p.role_name, request.region
        ));
    }
    out.push_str(&end_line(session));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sso::portal::Account;

    fn listing(accounts: &[(&str, &str, &[&str])]) -> Listing {
        Listing {
            start_url: "https://corp.awsapps.com/start".into(),
            listed_at: chrono::Utc::now(),
            accounts: accounts
                .iter()
                .map(|(id, name, roles)| Account {
                    id: id.to_string(),
                    name: name.to_string(),
                    roles: roles.iter().map(|r| r.to_string()).collect(),
                })
                .collect(),
        }
    }

    fn request<'a>(
        listing: &'a Listing,
        taken: &'a HashSet<String>,
        named: &'a HashSet<(String, String)>,
        previous: Option<&'a str>,
    ) -> Request<'a> {
        Request {
            session: "corp",
            listing,
            prefix: "",
            region: "eu-west-1",
            taken,
            named,
            previous,
        }
    }

    #[test]
    fn names_are_one_word_unique_and_kept_between_runs() {
        let first = listing(&[
            ("111111111111", "Prod / EU", &["Admin", "Read Only"]),
            ("222222222222", "Prod-EU", &["Admin"]),
            ("333333333333", "Dev", &["Admin"]),
        ]);
        let taken: HashSet<String> = ["Dev.Admin".to_string()].into();
        let named = HashSet::new();
        let made = profiles(&request(&first, &taken, &named, None));
        let names: Vec<&str> = made.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Dev.Admin-333333333333",
                "Prod-EU.Admin",
                "Prod-EU.Read-Only",
                "Prod-EU.Admin-222222222222"
            ]
        );
        let text = block(&request(&first, &taken, &named, None), &made);
        assert!(text.contains("[profile Prod-EU.Read-Only]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Read Only\nregion = eu-west-1\n"), "{text}");
        // Run again with a new account that would read the same: the old names stay put.
        let second = listing(&[
            ("000000000000", "Prod EU", &["Admin"]),
            ("111111111111", "Prod / EU", &["Admin", "Read Only"]),
            ("222222222222", "Prod-EU", &["Admin"]),
            ("333333333333", "Dev", &["Admin"]),
        ]);
        let again = profiles(&request(&second, &taken, &named, Some(&text)));
        let kept: Vec<&str> = again.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            kept,
            [
                "Dev.Admin-333333333333",
                "Prod-EU.Admin",
                "Prod-EU.Read-Only",
                "Prod-EU.Admin-000000000000",
                "Prod-EU.Admin-222222222222"
            ]
        );
    }

    #[test]
    fn an_assignment_a_profile_of_the_person_names_is_left_to_it() {
        let list = listing(&[("111111111111", "Dev", &["Admin", "ReadOnly"])]);
        let taken = HashSet::new();
        let named: HashSet<(String, String)> =
            [("111111111111".to_string(), "Admin".to_string())].into();
        let made = profiles(&Request {
            prefix: "sso-",
            ..request(&list, &taken, &named, None)
        });
        assert_eq!(made.len(), 1);
        assert_eq!(made[0].name, "sso-Dev.ReadOnly");
    }
}
