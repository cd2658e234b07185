//! What a renewing shell is served from: the loopback endpoint with the keys, the shell's
//! private directory with its views of the AWS files and the expiry file, kept in step.

use super::expiry_file::ExpiryFile;
use crate::creds::Session;
use crate::profile::Paths;
use crate::shell::child::{self, Change, Served};
use crate::shell::serve::{CodeRequest, Endpoint};
use crate::shell::shell_dir::ShellDir;
use crate::shell::views::FileViews;
use std::ffi::OsString;
use std::process::Command;
use tokio::sync::mpsc;

/// A renewing shell's endpoint and files; dropping it stops the endpoint and removes the files.
pub(super) struct Serving {
    pub endpoint: Endpoint,
    /// MFA codes from `switchrole renew` in the shell.
    pub codes: mpsc::Receiver<CodeRequest>,
    expiry: ExpiryFile,
    views: FileViews,
    // Last, so the files in it are done with before it goes.
    _dir: ShellDir,
}

impl Serving {
    /// Starts serving `session` and writes the shell's files.
    pub async fn start(session: &Session) -> std::io::Result<Serving> {
        let (endpoint, codes) = Endpoint::start(session.credentials.clone()).await?;
        Self::with(endpoint, codes, session)
    }

    /// `start`, for a shell served in the background: a request to stop arrives on `stops`.
    pub async fn start_stoppable(
        session: &Session,
        stops: mpsc::Sender<()>,
    ) -> std::io::Result<Serving> {
        let credentials = session.credentials.clone();
        let (endpoint, codes) = Endpoint::start_stoppable(credentials, stops).await?;
        Self::with(endpoint, codes, session)
    }

    fn with(
        endpoint: Endpoint,
        codes: mpsc::Receiver<CodeRequest>,
        session: &Session,
    ) -> std::io::Result<Serving> {
        let dir = ShellDir::create()?;
        let expiry = ExpiryFile::create(dir.path(), session);
        let views = FileViews::create(dir.path(), &session.profile, &Paths::from_env())?;
        Ok(Serving {
            endpoint,
            codes,
            expiry,
            views,
            _dir: dir,
        })
    }

    fn served(&self) -> Served<'_> {
        Served {
            url: &self.endpoint.url,
            token: &self.endpoint.token,
            expiry_file: &self.expiry.path,
            views: &self.views,
        }
    }

    /// The child, with the endpoint and the views in its environment.
    pub fn command(&self, session: &Session, program: &OsString, args: &[OsString]) -> Command {
        child::served_command(session, &self.served(), program, args)
    }

    /// What a shell served from here gets, for `switchrole use --renew` to put in it.
    pub fn changes(&self, session: &Session) -> Vec<Change> {
        child::served_changes(session, &self.served())
    }

    /// Serves a renewed session from now on.
    pub fn renewed(&self, session: &Session) {
        self.endpoint.replace(session.credentials.clone());
        self.expiry.write(session);
    }

    /// Follows an edit of the person's files; a line to tell when the shell wrote to a view.
    pub fn refresh(&mut self) -> Option<String> {
        self.views.refresh()
    }
}
