//! What happens to the picker (`Msg`) and the work it asks of the runtime (`Effect`).

use crate::app::listing::Row;
use crate::creds::Session;
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

/// Something that happened.
#[derive(Debug)]
pub enum Msg {
    /// Keys as the terminal gave them: one, or several that arrived together (typing fast, a
    /// held key, a paste), for which the filter runs once.
    Keys(Vec<KeyEvent>),
    Tick(DateTime<Utc>),
    Resize {
        height: u16,
    },
    Assumed {
        profile: String,
        session: Box<Session>,
        notices: Vec<String>,
    },
    NeedMfa {
        profile: String,
        serial: String,
    },
    Failed {
        profile: String,
        message: String,
        mfa_rejected: bool,
    },
    /// The shell ended, or could not be started (said in the picker: the alternate screen
    /// would hide a line on stderr).
    ShellExited {
        profile: String,
        error: Option<String>,
    },
    /// The console sign-in (Ctrl-O) ended: the browser was given the page, or why not.
    ConsoleOpened {
        profile: String,
        error: Option<String>,
    },
    /// The profile's sso-session has no usable token: the person must sign in.
    NeedSignIn {
        profile: String,
        session: String,
    },
    /// The sign-in started: what the person opens and the code they check.
    SignInCode {
        session: String,
        url: String,
        user_code: String,
    },
    /// The sign-in ended: approved, or why not.
    SignedIn {
        session: String,
        error: Option<String>,
    },
    /// The rows again with the assignments IAM Identity Center listed just now (None when
    /// nothing new was listed), and what could not be listed.
    Assignments {
        rows: Option<Vec<Row>>,
        problems: Vec<String>,
    },
    /// Every kept session, read again: after a shell, or when another switchrole kept one.
    Sessions(Vec<crate::store::SessionInfo>),
    /// The profile's kept sessions were removed (Ctrl-X).
    Forgotten {
        profile: String,
        message: String,
    },
    /// The whole catalog's rows and unreadable lines, after a first frame drawn from the head
    /// of the files.
    Loaded {
        rows: Vec<Row>,
        problems: Vec<String>,
        /// A session store is in use: a renewed session is kept.
        keeps_sessions: bool,
    },
}

/// Work for the runtime.
#[derive(Debug, PartialEq)]
pub enum Effect {
    Assume {
        profile: String,
        mfa_code: Option<String>,
        fresh: bool,
    },
    RunShell(Box<Session>),
    /// Sign in to the AWS console with the session and open it in the browser.
    OpenConsole(Box<Session>),
    /// Remove the profile's kept sessions.
    Forget {
        profile: String,
    },
    /// Sign in to an sso-session with the device flow, reporting the code and the outcome.
    SignIn {
        session: String,
    },
    /// List the session's accounts and roles again, in the background.
    RefreshAssignments {
        session: String,
    },
    /// Stop waiting for the assume or sign-in in flight (Esc).
    Cancel,
    /// Leave the screen and stop, as Ctrl-Z does outside raw mode.
    Suspend,
    /// Put the text on the clipboard (OSC 52, which reaches the local one over SSH too).
    Copy(String),
    Quit,
}
