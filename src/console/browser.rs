//! Opening a sign-in URL in the browser without putting it in any argv, where every local user
//! could read it (`/proc/*/cmdline`): the URL goes in a small page that redirects to it,
//! written atomically as 0600 into a 0700 directory of the user's own, and the browser is given
//! that page's path. The page stays until the browser has surely read it: a detached process
//! removes it a minute later, and every `console` run sweeps older ones. The directory is
//! `$XDG_RUNTIME_DIR/switchrole` where there is one (memory only, emptied at logout).

use super::{ConsoleError, SigninUrl};
use crate::os::private_dir::{self, private_dir};
use std::io::Write;
use std::path::{Path, PathBuf};

use std::time::{Duration, SystemTime};

/// How long a page is kept: ample for a browser to load it, far less than the URL's 15 minutes.
pub const KEEP_PAGE: Duration = Duration::from_secs(60);

/// A page given to the browser.
#[derive(Debug)]
pub struct Opened {
    pub page: PathBuf,
    /// The command that took it (`xdg-open`, or the `BROWSER` entry's program).
    pub program: String,
}

/// Writes the redirecting page and opens it with `BROWSER`, else the platform's opener.
pub fn open(url: &SigninUrl) -> Result<Opened, ConsoleError> {
    let dir = page_dir();
    private_dir(&dir).map_err(|e| fail(format!("could not prepare {}: {e}", dir.display())))?;
    sweep(&dir, KEEP_PAGE);
    let page = write_page(&dir, url)
        .map_err(|e| fail(format!("could not write a page in {}: {e}", dir.display())))?;
    match crate::os::browser::open(&page) {
        Ok(program) => {
            remove_later(&page);
            Ok(Opened { page, program })
        }
        Err(why) => {
            let _ = std::fs::remove_file(&page);
            Err(fail(format!(
                "could not open a browser: {why}; `switchrole console PROFILE --print` prints the URL instead"
            )))
        }
    }
}

/// Removes the page once the browser has surely read it, from a process of its own: the
/// `console` command exits at once and the picker may quit first.
fn remove_later(page: &Path) {
    use std::os::unix::process::CommandExt;
    let seconds = KEEP_PAGE.as_secs().to_string();
    let mut remover = std::process::Command::new("/bin/sh");
    remover
        .args(["-c", "sleep \"$1\" && rm -f -- \"$2\"", "sh", &seconds])
        .arg(page)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    // SAFETY: setsid(2) in the child only detaches it from the terminal's signals.
    unsafe {
        remover.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    // A remover that cannot start leaves the page to the next run's sweep.
    if let Ok(mut child) = remover.spawn() {
        std::thread::spawn(move || child.wait());
    }
}

fn fail(text: String) -> ConsoleError {
    ConsoleError::Browser(text)
}

/// Where pages are written: the private runtime directory itself (memory only where there is
/// one), else a folder of their own in it.
pub fn page_dir() -> PathBuf {
    let base = private_dir::runtime_base();
    match dirs::runtime_dir() {
        Some(_) => base,
        None => base.join("console"),
    }
}

/// Removes pages older than `age`, from this run or earlier ones.
fn sweep(dir: &Path, age: Duration) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let cutoff = SystemTime::now() - age;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // A `.part-` file is a page whose writing was cut short: it may hold the URL too.
        let ours = name.starts_with("signin-") || name.starts_with(".part-");
        let modified = entry.metadata().and_then(|m| m.modified());
        if ours && modified.is_ok_and(|at| at < cutoff) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The page, written under a temporary name and renamed, so it is never seen half written.
fn write_page(dir: &Path, url: &SigninUrl) -> std::io::Result<PathBuf> {
    // tempfile creates files 0600, with names no one can guess.
    let mut file = tempfile::Builder::new().prefix(".part-").tempfile_in(dir)?;
    file.write_all(page_html(url).as_bytes())?;
    file.as_file().sync_all()?;
    let mut random = [0u8; 12];
    getrandom::fill(&mut random).map_err(|e| std::io::Error::other(e.to_string()))?;
    let name: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let page = dir.join(format!("signin-{name}.html"));
    file.persist_noclobber(&page).map_err(|e| e.error)?;
    Ok(page)
}

/// A page that goes on to `url` at once, leaving itself out of the tab's history.
fn page_html(url: &SigninUrl) -> String {
    let attr = html_escape(url.expose());
    // As a JSON string; `<\/` so no `</script>` can end the script early.
    let js = serde_json::Value::from(url.expose())
        .to_string()
        .replace("</", "<\\/");
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta http-equiv=\"refresh\" content=\"0;url={attr}\">\n\
         <title>switchrole: AWS console</title>\n\
         <script>location.replace({js});</script></head>\n\
         <body><a href=\"{attr}\">Continue to the AWS console</a></body></html>\n"
    )
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::creds::Secret;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    #[test]
    fn the_page_leads_to_the_url_escaped() {
        let url = SigninUrl(Secret::new("https://x/f?a=1&b=\"</script>"));
        let html = page_html(&url);
        assert!(html.contains("content=\"0;url=https://x/f?a=1&amp;b=&quot;&lt;/script&gt;\""));
        assert!(html.contains(r#"location.replace("https://x/f?a=1&b=\"<\/script>");"#));
        assert_eq!(html.matches("</script>").count(), 1, "{html}");
    }

    #[test]
    fn pages_are_private_and_old_ones_are_swept() {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("switchrole");
        private_dir(&dir).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        let page = write_page(&dir, &SigninUrl(Secret::new("https://x/"))).unwrap();
        assert_eq!(mode(&page), 0o600);
        let names = || std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(names(), 1, "no temporary file left behind");
        sweep(&dir, KEEP_PAGE);
        assert!(page.exists(), "a new page is kept");
        let old = SystemTime::now() - KEEP_PAGE - Duration::from_secs(1);
        let file = std::fs::File::options().write(true).open(&page).unwrap();
        file.set_modified(old).unwrap();
        sweep(&dir, KEEP_PAGE);
        assert!(!page.exists(), "an old page is removed");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        private_dir(&dir).unwrap();
        assert_eq!(
            mode(&dir),
            0o700,
            "a directory others could enter is closed"
        );
    }
}
