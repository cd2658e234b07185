//! The command line.

use crate::app::output::{EnvFormat, StatusFormat};
use crate::shell::function::Shell;
use crate::store::open::StoreChoice;
use clap::{Args, Parser, Subcommand};
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use std::ffi::OsString;

/// Pick an AWS profile or role, assume it, and work with its credentials.
#[derive(Debug, Parser)]
#[command(name = "switchrole", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Where sessions are kept: the OS keyring (default), 0600 files, or nowhere.
    #[arg(long, global = true, value_enum)]
    pub store: Option<StoreChoice>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Try the picker on built-in demo profiles with a simulated STS: no AWS account needed.
    Demo,
    /// List every profile with its kind, account, role, region, MFA, session time left and errors.
    List {
        /// One JSON array of objects instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Run a command (default: $SHELL) with the profile's temporary credentials.
    Exec {
        #[arg(add = ArgValueCandidates::new(profile_names))]
        profile: String,
        #[command(flatten)]
        assume: AssumeArgs,
        /// Serve the credentials on a loopback endpoint and renew them before they expire.
        #[arg(long)]
        renew: bool,
        /// The command and its arguments, after `--`.
        #[arg(last = true)]
        command: Vec<OsString>,
    },
    /// Print the credentials as shell variables: eval "$(switchrole env PROFILE)".
    Env {
        #[arg(add = ArgValueCandidates::new(profile_names))]
        profile: String,
        #[arg(long, value_enum, default_value = "sh")]
        format: EnvFormat,
        #[command(flatten)]
        assume: AssumeArgs,
    },
    /// Print the credential_process JSON, for `credential_process = switchrole credential-process NAME`.
    CredentialProcess {
        #[arg(add = ArgValueCandidates::new(profile_names))]
        profile: String,
        #[command(flatten)]
        assume: AssumeArgs,
    },
    /// Store a profile's long-term keys in the OS keyring (asks for them on the terminal).
    Add {
        profile: String,
        /// Take the keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
        #[arg(long)]
        from_env: bool,
        /// Do not check the keys with STS GetCallerIdentity first.
        #[arg(long)]
        no_check: bool,
    },
    /// Delete a profile's keys from the OS keyring.
    Remove { profile: String },
    /// List cached sessions with their time left.
    Sessions {
        /// One JSON array of objects instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Remove cached sessions: all of them, or one profile's.
    Clear {
        #[arg(add = ArgValueCandidates::new(profile_names))]
        profile: Option<String>,
    },
    /// Show or change switchrole's own settings (~/.config/switchrole/config).
    Settings {
        #[command(subcommand)]
        action: Option<SettingsAction>,
    },
    /// Print a completion script: `source <(switchrole completions bash)`.
    Completions {
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// Print the manual page (roff): `switchrole man > ~/.cargo/share/man/man1/switchrole.1`.
    Man,
    /// Sign in to IAM Identity Center (device flow) and list the accounts and roles it assigns.
    Login {
        /// The [sso-session NAME] (or an SSO profile); optional when there is only one.
        #[arg(add = ArgValueCandidates::new(sso_session_names))]
        sso_session: Option<String>,
        /// Print the sign-in address instead of opening a browser.
        #[arg(long)]
        no_browser: bool,
    },
    /// Sign out of IAM Identity Center: end the token and remove its file (every session when none is named).
    Logout {
        #[arg(add = ArgValueCandidates::new(sso_session_names))]
        sso_session: Option<String>,
    },
    /// Inside a switchrole shell, print its profile and time left (for the prompt); exit 1 outside.
    Status {
        #[arg(long, value_enum, default_value = "short")]
        format: StatusFormat,
        /// Ask STS who programs in this shell really are (the AWS SDKs' default chain, as they
        /// use it) and say whether that is the profile the prompt shows; exit 1 when not.
        #[arg(long)]
        check: bool,
    },
    /// Inside a renewing shell, give the MFA code its next renewal needs.
    Renew {
        /// The current 6-digit code; asked on the terminal when not given.
        #[arg(long, value_name = "CODE")]
        mfa_code: Option<String>,
    },
    /// Open the AWS console signed in as the profile (the sign-in URL never reaches an argv).
    Console {
        #[arg(add = ArgValueCandidates::new(profile_names))]
        profile: String,
        #[command(flatten)]
        assume: AssumeArgs,
        /// Print the sign-in URL instead of opening it: anyone with it is signed in for 15 minutes.
        #[arg(long)]
        print: bool,
        /// Where the console opens (an https:// URL); the region's console home by default.
        #[arg(long, value_name = "URL")]
        destination: Option<String>,
        /// Print the console's own Switch Role link for the role: no STS call, no credentials.
        #[arg(long, conflicts_with_all = ["print", "destination"])]
        switch_role_url: bool,
    },
    /// Check the AWS config and credentials files for mistakes, each with its line and fix;
    /// exit 1 when a profile cannot work.
    Doctor {
        /// Check only this profile and its source_profile chain (silent when healthy).
        #[arg(add = ArgValueCandidates::new(profile_names))]
        profile: Option<String>,
        /// Also ask STS who each base credential is (GetCallerIdentity, once each).
        #[arg(long)]
        online: bool,
        /// One JSON array of findings instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the shell function that lets `switchrole use` switch the shell it runs in:
    /// `eval "$(switchrole init bash)"` in ~/.bashrc (zsh likewise), `switchrole init fish |
    /// source` in ~/.config/fish/config.fish.
    Init {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Switch the shell you are in to a profile (the picker when none is named); needs the
    /// shell function of `switchrole init`.
    Use {
        #[arg(add = ArgValueCandidates::new(profile_names))]
        profile: Option<String>,
        #[command(flatten)]
        assume: AssumeArgs,
        /// Serve renewing credentials to this shell from a background process (which ends with
        /// the shell, or at `use --off`).
        #[arg(long, requires = "profile")]
        renew: bool,
        /// Put back what the shell had before `switchrole use`.
        #[arg(long, conflicts_with_all = ["profile", "renew"])]
        off: bool,
    },
    /// Serves the shell a `switchrole use --renew` switched, from the background; started by
    /// that command, with the session on stdin.
    #[command(hide = true)]
    ServeShell {
        profile: String,
        /// The shell's process id: serving ends when it does.
        #[arg(long)]
        shell_pid: i32,
        #[arg(long, value_parser = parse_duration)]
        duration: Option<u32>,
        #[arg(long)]
        region: Option<String>,
    },
    /// The profiles used, oldest first: when, how (picker, use, exec, env, credential-process),
    /// the role and its account.
    History {
        /// One JSON array of objects instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// IAM Identity Center: profiles for every assigned account and role.
    Sso {
        #[command(subcommand)]
        action: SsoAction,
    },
    /// Show who the profile's credentials are (STS GetCallerIdentity).
    Whoami {
        #[arg(add = ArgValueCandidates::new(profile_names))]
        profile: String,
        #[command(flatten)]
        assume: AssumeArgs,
    },
}

/// What `settings` does; `list` when none is given.
#[derive(Debug, Subcommand)]
pub enum SettingsAction {
    /// Every setting with its value (defaults marked).
    List,
    /// One setting's value.
    Get { key: String },
    /// Check and set a value.
    Set { key: String, value: String },
    /// Back to the default.
    Unset { key: String },
}

/// What `sso` does.
#[derive(Debug, Subcommand)]
pub enum SsoAction {
    /// Write a profile for every account and role the session assigns into a block of
    /// ~/.aws/config marked as switchrole's; run again, only that block changes.
    Populate {
        /// The [sso-session NAME]; optional when there is only one.
        #[arg(add = ArgValueCandidates::new(sso_session_names))]
        sso_session: Option<String>,
        /// Put this before every profile name.
        #[arg(long, value_name = "P")]
        prefix: Option<String>,
        /// Print what would change (a unified diff) and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// When a sign-in is needed, print its address instead of opening a browser.
        #[arg(long)]
        no_browser: bool,
    },
}

/// Shells `completions` writes for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

/// The environment variable through which a shell asks switchrole for completions.
pub const COMPLETE_VAR: &str = "SWITCHROLE_COMPLETE";

/// Profile names for completion, read live from the files (and the keyring's state file).
fn profile_names() -> Vec<CompletionCandidate> {
    crate::app::profile_names()
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

/// `[sso-session]` names for completion.
fn sso_session_names() -> Vec<CompletionCandidate> {
    let catalog = crate::app::catalog(&crate::profile::Paths::from_env());
    let sessions = catalog.map(|c| c.sso_sessions).unwrap_or_default();
    let names = sessions.into_iter().filter_map(|s| s.name);
    names.map(CompletionCandidate::new).collect()
}

/// Flags shared by every command that assumes a profile.
#[derive(Debug, Args, Clone, Default)]
pub struct AssumeArgs {
    /// The current 6-digit code of the profile's MFA device.
    #[arg(long, value_name = "CODE")]
    pub mfa_code: Option<String>,
    /// Session length: seconds, or with a unit (90m, 2h); 900s to 12h.
    #[arg(long, value_name = "D", value_parser = parse_duration)]
    pub duration: Option<u32>,
    /// Region for the credentials' environment and for STS.
    #[arg(long, value_name = "R")]
    pub region: Option<String>,
    /// Neither use nor keep a cached session.
    #[arg(long)]
    pub no_cache: bool,
    /// When IAM Identity Center sign-in is needed, print its address instead of opening a browser.
    #[arg(long)]
    pub no_browser: bool,
    /// Tell a sign-in on the terminal rather than stderr (set by `credential-process`).
    #[arg(skip)]
    pub sign_in_on_terminal: bool,
    /// Leave out notices about where sessions are kept (set by `credential-process`, whose
    /// stderr the calling tool shows only with a failure, as if the notice were its cause).
    #[arg(skip)]
    pub quiet_store: bool,
}

/// `--duration`: a role session's length, as the files write it.
fn parse_duration(text: &str) -> Result<u32, String> {
    crate::profile::duration::parse(text, crate::profile::duration::ROLE_SESSION)
}
