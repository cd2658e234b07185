//! IAM Identity Center settings: `[sso-session NAME]` sections, and the account and role a
//! profile (or an assignment listed by the portal) signs in to.

use super::ini::{Entry, Section};
use super::line_problem::LineProblem;

/// The scope that lets a token list accounts and get role credentials.
pub const ACCOUNT_ACCESS_SCOPE: &str = "sso:account:access";

/// Where people sign in: an `[sso-session NAME]` section, or the legacy `sso_start_url` and
/// `sso_region` written in a profile (then `name` is None).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoSession {
    pub name: Option<String>,
    pub start_url: String,
    pub region: String,
    pub scopes: Vec<String>,
}

impl SsoSession {
    /// How the session is named to people: its section name, else its start URL.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.start_url)
    }

    /// What names its token file, as the AWS CLI does: the session name, or for the legacy
    /// form the start URL.
    pub fn cache_name(&self) -> &str {
        self.label()
    }
}

/// One account and role to get credentials for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoRole {
    pub session: SsoSession,
    pub account_id: String,
    pub role_name: String,
    /// The account's name as the portal gives it, for assignments no profile names.
    pub account_name: Option<String>,
}

/// `[sso-session NAME]` -> `Some(NAME)`.
pub(crate) fn session_section(header: &str) -> Option<&str> {
    let (prefix, name) = header.split_once([' ', '\t'])?;
    let name = name.trim();
    (prefix == "sso-session" && !name.is_empty()).then_some(name)
}

/// An `[sso-session]` section's settings, or why it cannot be used.
pub(crate) fn session_from(name: &str, entries: &[Entry<'_>]) -> Result<SsoSession, String> {
    let get = |key: &str| {
        let found = entries
            .iter()
            .rev()
            .find(|(k, v, _)| k == key && !v.is_empty());
        found.map(|(_, v, _)| v.to_string())
    };
    let (Some(start_url), Some(region)) = (get("sso_start_url"), get("sso_region")) else {
        return Err(format!(
            "sso-session '{name}' needs both sso_start_url and sso_region"
        ));
    };
    let scopes = get("sso_registration_scopes").map_or_else(
        || vec![ACCOUNT_ACCESS_SCOPE.to_string()],
        |text| {
            let scopes = text.split(',').map(str::trim).filter(|s| !s.is_empty());
            scopes.map(String::from).collect()
        },
    );
    Ok(SsoSession {
        name: Some(name.to_string()),
        start_url,
        region,
        scopes,
    })
}

/// The `[sso-session]` sections that can be signed in to, and a problem for each that cannot.
pub(crate) fn sessions(sections: &[Section]) -> (Vec<SsoSession>, Vec<LineProblem>) {
    let mut sessions = Vec::new();
    let mut problems = Vec::new();
    for section in sections {
        let name = session_section(section.name).unwrap_or_default();
        match session_from(name, &section.entries) {
            Ok(session) => sessions.push(session),
            Err(message) => problems.push(LineProblem {
                file: 0,
                line: section.line,
                message,
                profile: None,
            }),
        }
    }
    (sessions, problems)
}

/// The account and role an SSO profile signs in to, through its `[sso-session]` or the
/// legacy `sso_start_url` and `sso_region` of the profile itself; else what is wrong and the
/// key it is about. `text` gives a setting's value.
pub(crate) fn role_of(
    text: impl Fn(&str) -> Option<String>,
    sessions: &[SsoSession],
) -> Result<SsoRole, (String, &'static str)> {
    let session = match text("sso_session") {
        Some(name) => match sessions.iter().find(|s| s.name.as_deref() == Some(&name)) {
            Some(session) => session.clone(),
            None => {
                let what = format!(
                    "names sso_session '{name}', which is not a usable [sso-session {name}] section"
                );
                return Err((what, "sso_session"));
            }
        },
        None => match (text("sso_start_url"), text("sso_region")) {
            (Some(start_url), Some(region)) => SsoSession {
                name: None,
                start_url,
                region,
                scopes: Vec::new(),
            },
            _ => {
                let what = "needs sso_session, or both sso_start_url and sso_region";
                return Err((what.into(), "sso_start_url"));
            }
        },
    };
    let (Some(account_id), Some(role_name)) = (text("sso_account_id"), text("sso_role_name"))
    else {
        let what = format!(
            "signs in to '{}' but names no sso_account_id and sso_role_name to get credentials for",
            session.label()
        );
        return Err((what, "sso_session"));
    };
    Ok(SsoRole {
        session,
        account_id,
        role_name,
        account_name: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn entries<'a>(pairs: &[(&'a str, &'a str)]) -> Vec<Entry<'a>> {
        let pairs = pairs.iter().enumerate();
        pairs
            .map(|(i, (k, v))| (Cow::from(*k), Cow::from(*v), i + 1))
            .collect()
    }

    #[test]
    fn a_section_header_names_its_session() {
        assert_eq!(session_section("sso-session corp"), Some("corp"));
        assert_eq!(session_section("sso-session \t corp "), Some("corp"));
        assert_eq!(session_section("sso-session "), None);
        assert_eq!(session_section("profile corp"), None);
        assert_eq!(session_section("sso-sessioncorp"), None);
    }

    #[test]
    fn scopes_default_to_account_access_and_split_on_commas() {
        let plain = entries(&[("sso_start_url", "https://x"), ("sso_region", "eu-west-1")]);
        let session = session_from("corp", &plain).unwrap();
        assert_eq!(session.scopes, vec![ACCOUNT_ACCESS_SCOPE]);
        assert_eq!(session.label(), "corp");
        let mut listed = plain.clone();
        listed.extend(entries(&[("sso_registration_scopes", "a:b, c:d,")]));
        assert_eq!(
            session_from("corp", &listed).unwrap().scopes,
            vec!["a:b", "c:d"]
        );
    }

    #[test]
    fn a_session_without_its_url_or_region_says_which_session() {
        let only_url = entries(&[("sso_start_url", "https://x")]);
        assert_eq!(
            session_from("corp", &only_url),
            Err("sso-session 'corp' needs both sso_start_url and sso_region".into())
        );
    }
}
