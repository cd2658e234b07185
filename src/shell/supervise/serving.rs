//! What a renewing shell is served from: the loopback endpoint with the keys, the shell's
//! private directory with its views of the AWS files and the expiry file, kept in step.

use super::expiry_file::ExpiryFile;
use crate::creds::Session;
use crate::profile::Paths;
use crate::shell::child::{self, Served};
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

    /// The child, with the endpoint and the views in its environment.
    pub fn command(&self, session: &Session, program: &OsString, args: &[OsString]) -> Command {
        let served = Served {
            url: &self.endpoint.url,
            token: &self.endpoint.token,
            expiry_file: &self.expiry.path,
            views: &self.views,
        };
        child::served_command(session, &served, program, args)
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
