//! Which profile a `credential_process` asks switchrole for, when it runs switchrole: the
//! README's own pattern, `credential_process = switchrole credential-process NAME`, pointed by a
//! copy-paste slip at the profile it sits in (or at one that leads back to it) starts switchrole
//! without end.

/// What a loop of them does, and the way out, after the chain that names it.
pub const LOOP_WHY: &str = "each profile's credential_process runs switchrole, which needs the next one's, so it would start processes without end; point one of them at another profile, or give it keys, a role or IAM Identity Center";

/// Flags of `credential-process` (and the global `--store`) that take a value.
const WITH_VALUE: [&str; 4] = ["--mfa-code", "--duration", "--region", "--store"];

/// The profile `command` asks `switchrole credential-process` for, if it does.
pub fn switchrole_target(command: &str) -> Option<String> {
    let words = shlex::split(command)?;
    let start = words.iter().position(|w| is_switchrole(w))?;
    let mut rest = words[start + 1..].iter();
    let mut subcommand = false;
    while let Some(word) = rest.next() {
        if let Some(flag) = word.strip_prefix("--") {
            // `--flag=value` carries its value; `--flag value` takes the next word.
            if !flag.contains('=') && WITH_VALUE.contains(&word.as_str()) {
                rest.next();
            }
            continue;
        }
        match subcommand {
            false if word == "credential-process" => subcommand = true,
            false => return None,
            true => return Some(word.clone()),
        }
    }
    None
}

/// `switchrole`, `/usr/local/bin/switchrole`, `~/.cargo/bin/switchrole`...
fn is_switchrole(word: &str) -> bool {
    let name = word.rsplit('/').next().unwrap_or(word);
    name == "switchrole" || name == "switchrole.exe"
}

#[cfg(test)]
mod tests {
    use super::switchrole_target;

    #[test]
    fn the_profile_a_switchrole_credential_process_asks_for() {
        for (command, target) in [
            ("switchrole credential-process loop", Some("loop")),
            (
                "/home/a/.cargo/bin/switchrole credential-process prod",
                Some("prod"),
            ),
            (
                "switchrole --store file credential-process prod",
                Some("prod"),
            ),
            (
                "switchrole credential-process --region eu-west-1 prod",
                Some("prod"),
            ),
            (
                "switchrole credential-process --duration=2h 'with space'",
                Some("with space"),
            ),
            ("env X=1 switchrole credential-process prod", Some("prod")),
            ("switchrole exec prod -- aws", None),
            ("aws-vault export --format=json prod", None),
            ("switchrole-helper credential-process prod", None),
            ("echo 'unclosed", None),
        ] {
            assert_eq!(switchrole_target(command).as_deref(), target, "{command}");
        }
    }
}
