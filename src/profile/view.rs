//! The config file as a renewing shell's programs read it: every byte as written, and one
//! profile more, the shell's own, named in its `AWS_PROFILE`. That profile has the default
//! profile's settings (region, output...) but none of its credential settings, so every SDK's
//! default chain finds no credentials in the files and asks the container endpoint switchrole
//! serves, while every profile of the person's reads as before (`aws --profile other`).

/// Settings that give a profile credentials (or send an SDK somewhere to get them).
const CREDENTIAL_KEYS: [&str; 20] = [
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
    "aws_account_id",
    "role_arn",
    "source_profile",
    "credential_source",
    "credential_process",
    "web_identity_token_file",
    "role_session_name",
    "external_id",
    "mfa_serial",
    "duration_seconds",
    "sso_session",
    "sso_start_url",
    "sso_region",
    "sso_account_id",
    "sso_role_name",
    "login_session",
];

/// The name of a renewing shell's own profile: no profile of the person's can have it (the
/// prefix is switchrole's), and it says which profile is served.
pub fn shell_profile(served: &str) -> String {
    format!("switchrole:{served}")
}

/// `config` with the shell's profile `name` added at the end.
pub fn with_shell_profile(config: &[u8], name: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(config.len() + 256);
    out.extend_from_slice(config);
    if !out.is_empty() && !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    out.extend_from_slice(format!("\n[profile {name}]\n").as_bytes());
    let (mut inside, mut dropping) = (false, false);
    for line in config.split_inclusive(|&b| b == b'\n') {
        let trimmed = line.trim_ascii();
        let indented = line.first().is_some_and(|b| *b == b' ' || *b == b'\t');
        if trimmed.starts_with(b"[") && !indented {
            inside = is_default(trimmed);
            dropping = false;
            continue;
        }
        if !inside || trimmed.is_empty() || (dropping && indented) {
            continue;
        }
        if !indented {
            dropping = is_credential_setting(trimmed);
            if dropping || trimmed.starts_with(b"#") || trimmed.starts_with(b";") {
                continue;
            }
        }
        out.extend_from_slice(line);
        if !line.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    out
}

/// `[default]` or `[profile default]`: the default profile's sections in the config file.
fn is_default(header: &[u8]) -> bool {
    let inner = header.strip_prefix(b"[").unwrap_or(header);
    let inner = match inner.iter().position(|&b| b == b']') {
        Some(end) => &inner[..end],
        None => inner,
    };
    let words: Vec<&[u8]> = inner
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    matches!(words[..], [b"default"] | [b"profile", b"default"])
}

/// `role_arn = ...`, `AWS_ACCESS_KEY_ID=...` (keys are case-insensitive, as the SDKs read them).
fn is_credential_setting(line: &[u8]) -> bool {
    let Some(eq) = line.iter().position(|&b| b == b'=') else {
        return false;
    };
    let key = line[..eq].trim_ascii();
    CREDENTIAL_KEYS
        .iter()
        .any(|k| key.eq_ignore_ascii_case(k.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::with_shell_profile;

    fn view(config: &str) -> String {
        String::from_utf8(with_shell_profile(config.as_bytes(), "switchrole:dev")).unwrap()
    }

    #[test]
    fn the_shell_profile_has_the_default_settings_without_the_credentials() {
        let config = "# mine\n[default]\nregion = eu-west-1\ncredential_process = x\n  --flag\noutput=json\ns3 =\n  max_concurrent_requests = 4\n\n[profile dev]\nrole_arn = arn:aws:iam::1:role/D\nsource_profile = default\n";
        assert_eq!(
            view(config),
            format!(
                "{config}\n[profile switchrole:dev]\nregion = eu-west-1\noutput=json\ns3 =\n  max_concurrent_requests = 4\n"
            )
        );
    }

    #[test]
    fn profile_default_counts_and_other_sections_do_not() {
        let config = "[profile default]\nREGION = us-east-1\nROLE_ARN = arn\n[defaults]\nregion = x\n[sso-session default]\nsso_region = y";
        assert_eq!(
            view(config),
            format!("{config}\n\n[profile switchrole:dev]\nREGION = us-east-1\n")
        );
        assert_eq!(view(""), "\n[profile switchrole:dev]\n");
    }
}
