//! `use --renew`: the shell you are in served renewing credentials by a process in the
//! background, as a renewing subshell is by its parent. `switchrole use` starts it (a new
//! session, so the terminal's signals never reach it), hands it the session on a pipe, and
//! prints what it answers: the endpoint and the shell's views of the AWS files. It ends with
//! the shell, at `use --off` or at the next `use`.

use crate::app::switch::{self, Named};
use crate::app::{self, load_catalog_with_entry};
use crate::creds::Session;
use crate::shell::child::Change;
use crate::shell::signals::exit::ExitOnStop;
use crate::shell::supervise::background::{self, Background};
use crate::sso::SignIn;
use crate::store::open::{self, StoreChoice};
use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use std::io::{BufRead, Read, Write};
use std::process::{ExitCode, Stdio};
use std::sync::Arc;

/// What the background process renews with.
pub struct Renewal<'a> {
    pub profile: &'a str,
    pub duration: Option<u32>,
    pub shell_pid: i32,
    pub choice: StoreChoice,
}

/// Starts the process that serves the shell `session` from the background, and returns the
/// variables the shell is to have. Nothing secret goes on its command line: the session is
/// written to its stdin.
pub fn start(session: &Session, renewal: &Renewal<'_>) -> Result<Named> {
    use std::os::unix::process::CommandExt;
    let exe = std::env::current_exe().context("finding switchrole's own program")?;
    let mut cmd = std::process::Command::new(exe);
    if let Some(store) = renewal.choice.to_possible_value() {
        cmd.args(["--store", store.get_name()]);
    }
    cmd.args(["serve-shell", renewal.profile, "--shell-pid"])
        .arg(renewal.shell_pid.to_string());
    if let Some(seconds) = renewal.duration {
        cmd.args(["--duration", &seconds.to_string()]);
    }
    if let Some(region) = &session.region {
        cmd.args(["--region", region]);
    }
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .current_dir("/");
    // SAFETY: setsid(2) between fork and exec: a session of its own, away from the terminal's
    // Ctrl-C and hang-up (it watches the shell instead).
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let mut child = cmd
        .spawn()
        .context("starting the process to serve this shell")?;
    let json = serde_json::to_vec(session)?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(&json)?;
    }
    let mut line = String::new();
    if let Some(stdout) = child.stdout.take() {
        std::io::BufReader::new(stdout).read_line(&mut line)?;
    }
    if line.is_empty() {
        let status = child.wait()?;
        bail!("the process to serve this shell ended before it served it ({status})");
    }
    Ok(serde_json::from_str(&line)?)
}

/// `switchrole serve-shell`: reads the session on stdin and serves it until the shell ends.
pub async fn run(
    renewal: Renewal<'_>,
    region: Option<String>,
    exiting: ExitOnStop,
) -> Result<ExitCode> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let session: Session = serde_json::from_str(&text).context("reading the session")?;
    let catalog = Arc::new(load_catalog_with_entry(renewal.profile, SignIn::Never).await?);
    let store = open::open(renewal.choice).store;
    let profile = renewal.profile.to_string();
    let renewer = app::renewer(catalog, store, profile, renewal.duration, region);
    let background = Background {
        session,
        renewer,
        renew_before: app::renew_before()?,
        warn_before: app::warn_before()?,
        shell: renewal.shell_pid,
    };
    let mut stop = exiting.hand_over().await?;
    background::serve(background, &mut stop, answer).await?;
    Ok(ExitCode::SUCCESS)
}

/// Tells the `switchrole use` that started this process the shell's variables on the pipe it
/// reads, then lets go of that pipe: nothing more is said there.
fn answer(changes: Vec<Change>) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let line = serde_json::to_string(&switch::named(&changes))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()?;
    let null = std::fs::OpenOptions::new().write(true).open("/dev/null")?;
    // SAFETY: dup2(2) of a file this function opened onto standard output.
    if unsafe { libc::dup2(null.as_raw_fd(), 1) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}
