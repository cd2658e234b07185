//! Opening a page in the person's browser: `BROWSER` when set (a `:`-separated list of
//! commands, `%s` standing for the page, as Python's webbrowser and sensible-browser read it),
//! then the desktop's opener.

use std::ffi::{OsStr, OsString};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long an opener may run before it is taken to be the browser itself, left running.
const OPENER_WAIT: Duration = Duration::from_secs(5);

/// Opens `target` (an address or a file) with the first command that starts and does not
/// fail at once; returns its program's name, or why none did.
pub fn open(target: impl AsRef<OsStr>) -> Result<String, String> {
    let browser = std::env::var("BROWSER").ok();
    launch(&commands(browser.as_deref(), target.as_ref()))
}

/// The commands to try, in order: each `BROWSER` entry (colon-separated; `%s` is replaced by
/// the page, else the page is added as the last argument), then the platform's opener.
fn commands(browser: Option<&str>, page: &OsStr) -> Vec<Vec<OsString>> {
    let mut tries: Vec<Vec<OsString>> = browser
        .unwrap_or_default()
        .split(':')
        .filter_map(|entry| {
            let words: Vec<&str> = entry.split_whitespace().collect();
            if words.is_empty() {
                return None;
            }
            let placed = words.iter().any(|w| w.contains("%s"));
            let page_text = page.to_string_lossy();
            let mut argv: Vec<OsString> = words
                .iter()
                .map(|w| match w.contains("%s") {
                    true => OsString::from(w.replace("%s", &page_text)),
                    false => OsString::from(w),
                })
                .collect();
            if !placed {
                argv.push(page.into());
            }
            Some(argv)
        })
        .collect();
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    tries.push(vec![opener.into(), page.into()]);
    tries
}

/// Runs the first command that starts and does not fail at once; says why none did.
fn launch(tries: &[Vec<OsString>]) -> Result<String, String> {
    let mut why = Vec::new();
    for argv in tries {
        let Some((program, args)) = argv.split_first() else {
            continue;
        };
        let name = program.to_string_lossy().into_owned();
        let child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let mut child = match child {
            Ok(child) => child,
            Err(e) => {
                why.push(format!("{name}: {}", e.kind()));
                continue;
            }
        };
        let deadline = Instant::now() + OPENER_WAIT;
        loop {
            match child.try_wait() {
                Ok(Some(status)) if status.success() => return Ok(name),
                Ok(Some(status)) => {
                    why.push(format!("{name}: {status}"));
                    break;
                }
                // Still running: a browser started in the foreground. Reaped when it ends.
                Ok(None) if Instant::now() >= deadline => {
                    std::thread::spawn(move || child.wait());
                    return Ok(name);
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => {
                    why.push(format!("{name}: {e}"));
                    break;
                }
            }
        }
    }
    Err(why.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_entries_take_the_page_at_their_percent_s_or_last() {
        let page = OsStr::new("/run/user/1/switchrole/signin-ab.html");
        let tries = commands(Some("firefox --new-tab:chromium --app=%s::"), page);
        let shown: Vec<Vec<String>> = tries
            .iter()
            .map(|argv| argv.iter().map(|a| a.to_string_lossy().into()).collect())
            .collect();
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        let p = page.to_string_lossy().to_string();
        assert_eq!(
            shown,
            [
                vec!["firefox".to_string(), "--new-tab".into(), p.clone()],
                vec!["chromium".into(), format!("--app={p}")],
                vec![opener.into(), p.clone()],
            ]
        );
    }
}
