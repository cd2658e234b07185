//! Opening a page in the person's browser: `BROWSER` when set (a `:`-separated list of
//! commands, `%s` standing for the address, as Python's webbrowser and sensible-browser read
//! it), else the desktop's opener.

use std::process::{Command, Stdio};

/// Starts the first browser command that can be started, without waiting for it: a browser
/// may run for hours. Its output is dropped so it cannot draw over a terminal UI.
pub fn open(url: &str) -> Result<(), String> {
    let mut tried = Vec::new();
    for mut command in commands(url) {
        let program = command.get_program().to_string_lossy().into_owned();
        let started = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match started {
            Ok(mut child) => {
                // Reaped in the background, so it never lingers as a zombie.
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
            Err(e) => tried.push(format!("{program}: {e}")),
        }
    }
    Err(tried.join("; "))
}

/// The commands to try, in order.
fn commands(url: &str) -> Vec<Command> {
    let from_env = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty());
    match from_env {
        Some(list) => list
            .split(':')
            .filter_map(|entry| command(entry, url))
            .collect(),
        None if cfg!(target_os = "macos") => command("open", url).into_iter().collect(),
        None => command("xdg-open", url).into_iter().collect(),
    }
}

/// One entry: words split on whitespace, `%s` replaced by the address, or the address
/// appended when there is no `%s`.
fn command(entry: &str, url: &str) -> Option<Command> {
    let mut words = entry.split_whitespace();
    let mut command = Command::new(words.next()?);
    let mut placed = false;
    for word in words {
        placed |= word.contains("%s");
        command.arg(word.replace("%s", url));
    }
    if !placed {
        command.arg(url);
    }
    Some(command)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(command: &Command) -> Vec<String> {
        let program = std::iter::once(command.get_program());
        let words = program.chain(command.get_args());
        words.map(|w| w.to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn the_address_replaces_percent_s_or_is_appended() {
        let url = "https://example.com/a?b=c";
        assert_eq!(
            shown(&command("firefox --new-tab", url).unwrap()),
            ["firefox", "--new-tab", url]
        );
        assert_eq!(
            shown(&command("w3m -o x=%s", url).unwrap()),
            ["w3m", "-o", &format!("x={url}")]
        );
        assert!(command("  ", url).is_none());
    }
}
