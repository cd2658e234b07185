//! One person's IAM Identity Center for a test: a sandbox whose config has the `corp`
//! sso-session and the `prod-admin` profile, a stand-in for the service, and a browser that
//! notes what it was asked to open.

use super::Sandbox;
use super::output;
use super::sso_standin::{Accounts, Script, SsoStandIn, access_key_for};
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

pub const CONFIG: &str = "\
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile prod-admin]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = Admin
region = eu-central-1
";

/// sha1("corp"): the token file's name, as every AWS tool computes it.
pub const TOKEN_FILE: &str = ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";

pub fn accounts() -> Accounts {
    vec![
        ("111111111111", "Dev", vec!["ReadOnly", "PowerUser"]),
        ("222222222222", "Prod", vec!["Admin", "ReadOnly"]),
        ("333333333333", "Audit", vec!["ReadOnly"]),
    ]
}

pub struct World {
    pub sandbox: Sandbox,
    pub standin: SsoStandIn,
}

impl World {
    pub fn new(script: Script) -> World {
        let sandbox = Sandbox::new(CONFIG, "", "http://127.0.0.1:9");
        let browser = sandbox.path("browser");
        let log = sandbox.path("browser.log");
        std::fs::write(
            &browser,
            format!("#!/bin/sh\nprintf '%s\\n' \"$@\" >> {}\n", log.display()),
        )
        .unwrap();
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
        World {
            sandbox,
            standin: SsoStandIn::start(script),
        }
    }

    pub fn cmd(&self) -> Command {
        let mut cmd = self.sandbox.cmd();
        cmd.env("AWS_ENDPOINT_URL_SSO_OIDC", self.standin.url())
            .env("AWS_ENDPOINT_URL_SSO", self.standin.url())
            .env("BROWSER", self.sandbox.path("browser"));
        cmd
    }

    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        output(self.cmd().args(args))
    }

    pub fn token_path(&self) -> std::path::PathBuf {
        self.sandbox.path(TOKEN_FILE)
    }

    /// botocore's access key for `prod-admin`, from the token file (which it may refresh).
    pub fn botocore_key(&self) -> (i32, String, String) {
        let mut botocore = Command::new(super::botocore_python());
        self.sandbox.set_env(&mut botocore);
        let script = "import botocore.session as s; print(s.Session(profile='prod-admin').get_credentials().access_key)";
        botocore
            .env("AWS_ENDPOINT_URL_SSO", self.standin.url())
            .env("AWS_ENDPOINT_URL_SSO_OIDC", self.standin.url())
            .args(["-c", script]);
        output(&mut botocore)
    }

    /// `env prod-admin --no-cache` works, with the keys the portal gives prod-admin's role.
    #[track_caller]
    pub fn env_gives_the_admin_keys(&self) {
        let (code, out, err) = self.run(&["env", "prod-admin", "--no-cache"]);
        assert_eq!(code, 0, "{err}");
        let key = access_key_for("222222222222", "Admin");
        assert!(out.contains(&key), "{out}");
    }

    pub fn token(&self) -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(self.token_path()).unwrap()).unwrap()
    }
}

pub fn approving(pending_polls: usize) -> Script {
    Script {
        pending_polls,
        slow_downs: 0,
        deny: false,
        accounts: accounts(),
        token_seconds: 8 * 3600,
        // Three accounts, two to a page: the listing must follow the page token.
        page_size: 2,
        start_urls: vec![
            "https://corp.awsapps.com/start",
            "https://legacy.awsapps.com/start",
        ],
    }
}

impl World {
    /// The picker in a pseudo-terminal, pointed at the stand-in.
    pub fn picker(&self) -> super::pty::Screen {
        let extra = [
            ("AWS_ENDPOINT_URL_SSO_OIDC", self.standin.url()),
            ("AWS_ENDPOINT_URL_SSO", self.standin.url()),
            (
                "BROWSER",
                self.sandbox.path("browser").display().to_string(),
            ),
        ];
        super::pty::Screen::start_with(&self.sandbox, &[], &extra)
    }

    /// The picker, with Enter pressed on `prod-admin` and the sign-in modal showing its code.
    pub fn picker_signing_in(&self) -> super::pty::Screen {
        let mut screen = self.picker();
        screen.wait_for("▶ prod-admin");
        screen.send("\r");
        screen.wait_for("Sign in to IAM Identity Center");
        screen.wait_for("https://device.sso.example/?user_code=ABCD-EFGH");
        screen.wait_for("ABCD-EFGH");
        screen
    }
}
