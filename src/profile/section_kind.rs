//! What a section header means to the AWS SDKs: a profile, a profile they skip (and why),
//! or another kind of section.

use super::ini;

/// What a section is to the AWS SDKs.
#[derive(Debug, PartialEq)]
pub(crate) enum Kind<'a> {
    /// `[default]` or `[profile NAME]` in config, `[NAME]` in credentials.
    Profile(&'a str),
    /// Meant as a profile, but the SDKs skip it: listed with the reason, never as healthy.
    Ignored { name: &'a str, why: &'static str },
    /// `[NAME]` in config, which the SDKs and the CLI skip: a warning about the line.
    Unprefixed(&'a str),
    /// `[sso-session NAME]`, `[services NAME]`, `[plugins]`: not a profile.
    Other,
}

impl<'a> Kind<'a> {
    /// The profile the section is meant to define, healthy or not.
    pub(crate) fn name(&self) -> Option<&'a str> {
        match *self {
            Kind::Profile(name) | Kind::Ignored { name, .. } => Some(name),
            Kind::Unprefixed(_) | Kind::Other => None,
        }
    }
}

pub(crate) const NAME_CHARACTERS: &str =
    "is ignored by the AWS SDKs: a profile name cannot hold spaces, quotes or backslashes";
pub(crate) const PREFIX_IN_CREDENTIALS: &str =
    "is ignored by the AWS SDKs: the credentials file names a profile [NAME], without 'profile '";

/// A name the aws CLI reads as written. It splits `[profile NAME]` into words as a shell
/// would, so white space, quotes and backslashes change or end the name; anything else goes,
/// `Ünïcødé` too. The other SDKs take fewer (see `sdk_name`), which `doctor` warns about.
pub(crate) fn is_profile_name(name: &str) -> bool {
    let fits = |c: char| !(c.is_whitespace() || c.is_control() || "'\"\\".contains(c));
    !name.is_empty() && name.chars().all(fits)
}

/// Whether the AWS SDKs other than the aws CLI and boto3 (Rust, Go, Java, JavaScript...) read
/// a profile of this name: `[A-Za-z0-9_\-/.%@:+]+` in their shared suite.
pub(crate) fn sdk_name(name: &str) -> bool {
    ini::is_identifier(name)
}

/// The rules of the SDKs' shared profile-file suite: the text before the first space or tab
/// is a prefix, the rest (trimmed) is the name; which names are profiles follows the aws CLI.
pub(crate) fn kind(section: &str, in_config: bool) -> Kind<'_> {
    let split = section
        .split_once([' ', '\t'])
        .map(|(prefix, name)| (prefix, name.trim()));
    let valid = |name| match is_profile_name(name) {
        true => Kind::Profile(name),
        false => Kind::Ignored {
            name,
            why: NAME_CHARACTERS,
        },
    };
    match (in_config, split) {
        (true, None) => match section {
            "default" => Kind::Profile(section),
            "plugins" | "preview" => Kind::Other,
            _ => Kind::Unprefixed(section),
        },
        (true, Some(("profile", name))) => valid(name),
        (true, Some(_)) => Kind::Other,
        (false, None) => valid(section),
        (false, Some(("profile", _))) => Kind::Ignored {
            name: section,
            why: PREFIX_IN_CREDENTIALS,
        },
        (false, Some(_)) => Kind::Ignored {
            name: section,
            why: NAME_CHARACTERS,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_told_apart_as_the_sdks_tell_them() {
        assert_eq!(kind("default", true), Kind::Profile("default"));
        assert_eq!(kind("profile\tdefault", true), Kind::Profile("default"));
        assert_eq!(kind("profile  a ", true), Kind::Profile("a"));
        assert_eq!(kind("profilea", true), Kind::Unprefixed("profilea"));
        assert_eq!(kind("plugins", true), Kind::Other);
        assert_eq!(kind("sso-session corp", true), Kind::Other);
        assert_eq!(kind("a", false), Kind::Profile("a"));
        let ignored = |name, why| Kind::Ignored { name, why };
        assert_eq!(kind("profile a!b", true), Kind::Profile("a!b"));
        assert_eq!(kind("profile Ünïcødé", true), Kind::Profile("Ünïcødé"));
        assert_eq!(kind("Ünïcødé", false), Kind::Profile("Ünïcødé"));
        assert_eq!(kind("profile a'b", true), ignored("a'b", NAME_CHARACTERS));
        assert_eq!(kind("profile a b", true), ignored("a b", NAME_CHARACTERS));
        assert_eq!(kind("a\\b", false), ignored("a\\b", NAME_CHARACTERS));
        assert!(!sdk_name("Ünïcødé") && sdk_name("a-b_c/d.e%f@g:h+i"));
        assert_eq!(
            kind("profile a", false),
            ignored("profile a", PREFIX_IN_CREDENTIALS)
        );
        assert_eq!(kind("a b", false), ignored("a b", NAME_CHARACTERS));
        assert_eq!(kind("a\"b", false), ignored("a\"b", NAME_CHARACTERS));
        assert_eq!(kind("a\"b", false).name(), Some("a\"b"));
        assert_eq!(kind("x", true).name(), None);
        assert_eq!(kind("services x", true).name(), None);
    }
}
