//! What `~/.aws/config` and `~/.aws/credentials` say. Pure: reads text, never the network.

pub mod arn;
pub mod block;
pub mod checks;
pub mod duration;
pub mod ini;
mod line_problem;
pub mod merge;
pub mod parse;
pub mod process_call;
mod read;
pub mod resolve;
mod section_kind;
pub mod sso;
pub mod suggest;
pub mod view;

pub use read::{LoadError, load, load_named, read, read_up_to};

use crate::creds::Secret;
use arn::{MfaSerial, RoleArn};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where the shared AWS files are, from the same variables the AWS CLI reads.
#[derive(Clone, Debug)]
pub struct Paths {
    pub config: PathBuf,
    pub credentials: PathBuf,
}

/// Inside a renewing shell, where the person's own config file is: that shell's
/// `AWS_CONFIG_FILE` is a view of it for the SDKs, which a switchrole started there must not
/// read as the person's file.
pub const REAL_CONFIG_VAR: &str = "SWITCHROLE_AWS_CONFIG_FILE";

impl Paths {
    /// `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, defaulting to `~/.aws/`; inside a
    /// renewing shell, the config file its view stands for.
    pub fn from_env() -> Self {
        let home = dirs::home_dir().unwrap_or_default();
        let pick = |var: &str, default: &str| {
            std::env::var_os(var)
                .filter(|v| !v.is_empty())
                .map(|v| expand_home(Path::new(&v), &home))
                .unwrap_or_else(|| home.join(".aws").join(default))
        };
        let real = std::env::var_os(REAL_CONFIG_VAR).filter(|v| !v.is_empty());
        Self {
            config: real
                .map(PathBuf::from)
                .unwrap_or_else(|| pick("AWS_CONFIG_FILE", "config")),
            credentials: pick("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
        }
    }
}

fn expand_home(path: &Path, home: &Path) -> PathBuf {
    match path.strip_prefix("~") {
        Ok(rest) => home.join(rest),
        Err(_) => path.to_path_buf(),
    }
}

/// A path as people recognise it: `~/.aws/config` rather than `/home/alice/.aws/config`.
pub fn display_path(path: &Path) -> String {
    match dirs::home_dir().and_then(|home| path.strip_prefix(home).ok().map(Path::to_path_buf)) {
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

/// Where base credentials come from when a role names no `source_profile`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialSource {
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
}

/// What kind of credentials a profile yields, for display and for choosing the base source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Role,
    Keys,
    Sso,
    Process,
    WebIdentity,
    /// A profile with settings (region, say) but no way to get credentials.
    None,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Role => "role",
            Kind::Keys => "keys",
            Kind::Sso => "sso",
            Kind::Process => "process",
            Kind::WebIdentity => "web-identity",
            Kind::None => "none",
        }
    }
}

/// Long-term (or session) keys written in a profile.
#[derive(Clone, Debug)]
pub struct StaticKeys {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub session_token: Option<Secret>,
}

/// Which shared files hold a profile's keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Files {
    pub config: bool,
    pub credentials: bool,
}

/// One profile, merged from both files, with every problem found in it.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    pub name: String,
    pub role_arn: Option<RoleArn>,
    pub source_profile: Option<String>,
    pub credential_source: Option<CredentialSource>,
    pub mfa_serial: Option<MfaSerial>,
    /// A command line, which may hold a TOTP seed (`oathtool --totp -b SEED`): redacted from
    /// `Debug` like every secret.
    pub mfa_process: Option<Secret>,
    pub external_id: Option<String>,
    pub role_session_name: Option<String>,
    pub duration_seconds: Option<u32>,
    /// How long an MFA session (GetSessionToken) of this user lasts.
    pub mfa_session_duration: Option<u32>,
    pub region: Option<String>,
    pub keys: Option<StaticKeys>,
    /// The access key id of its long-term keys in the OS keyring (`switchrole add`).
    pub keyring_keys: Option<String>,
    pub sso: bool,
    /// The account and role an SSO profile gets credentials for, when its settings are whole.
    /// Boxed: most profiles have none, and 50,000 empty ones would cost 8 MB.
    pub sso_role: Option<Box<sso::SsoRole>>,
    pub credential_process: Option<String>,
    pub web_identity: bool,
    /// Which of the two files define it.
    pub files: Files,
    /// Problems with this profile's own keys, each naming the profile, the key and the file.
    pub errors: Vec<String>,
}

impl Profile {
    pub fn kind(&self) -> Kind {
        if self.web_identity {
            Kind::WebIdentity
        } else if self.role_arn.is_some() {
            Kind::Role
        } else if self.sso {
            Kind::Sso
        } else if self.credential_process.is_some() {
            Kind::Process
        } else if self.keys.is_some() || self.keyring_keys.is_some() {
            Kind::Keys
        } else {
            Kind::None
        }
    }
}

/// Every profile of both files, in file order, and the problems that belong to no profile.
#[derive(Debug, Default)]
pub struct Catalog {
    pub profiles: Vec<Profile>,
    /// Lines that could not be read, each naming the file and line.
    pub problems: Vec<String>,
    /// The config and credentials files, as shown to people.
    pub files: [String; 2],
    /// The `[sso-session]` sections that can be signed in to.
    pub sso_sessions: Vec<sso::SsoSession>,
    index: HashMap<String, usize>,
}

impl Catalog {
    pub fn new(profiles: Vec<Profile>, problems: Vec<String>, files: [String; 2]) -> Self {
        let index = profiles
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), i))
            .collect();
        Self {
            profiles,
            problems,
            files,
            sso_sessions: Vec::new(),
            index,
        }
    }

    /// Notes the profiles whose keys are in the keyring; one the files do not name is added,
    /// since its keys alone make it usable.
    /// `keys` are (profile, access key id) pairs, as the layer that knows the keyring says.
    pub fn mark_keyring<'k>(&mut self, keys: impl IntoIterator<Item = (&'k str, &'k str)>) {
        for (name, access_key_id) in keys {
            let id = Some(access_key_id.to_string());
            match self.index.get(name) {
                Some(&i) => self.profiles[i].keyring_keys = id,
                None => {
                    self.index.insert(name.to_string(), self.profiles.len());
                    let profile = Profile {
                        name: name.to_string(),
                        keyring_keys: id,
                        ..Profile::default()
                    };
                    self.profiles.push(profile);
                }
            }
        }
    }

    /// Adds a profile the files do not name (an assignment listed by IAM Identity Center).
    pub fn add(&mut self, profile: Profile) {
        self.index.insert(profile.name.clone(), self.profiles.len());
        self.profiles.push(profile);
    }

    /// The file or files that define a profile, as shown to people.
    pub fn defined_in(&self, profile: &Profile) -> String {
        match (profile.files.config, profile.files.credentials) {
            (true, true) => format!("{} and {}", self.files[0], self.files[1]),
            (false, true) => self.files[1].clone(),
            _ => self.files[0].clone(),
        }
    }

    /// Where a profile is in `profiles`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.index.get(name).map(|&i| &self.profiles[i])
    }
}
