//! Test harness: a moto STS server on a free loopback port, and a sandbox of AWS files.
#![allow(dead_code)]

pub mod doctor;
pub mod keyring;
pub mod leaks;
pub mod pty;
pub mod shells;
pub mod sso_standin;
pub mod sso_world;
pub mod standin;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A moto server, stopped when dropped.
pub struct Moto {
    child: Child,
    pub port: u16,
    /// moto writes its request recording into its working directory: one each.
    _dir: tempfile::TempDir,
}

/// A key id moto never hands out, which signs the harness's own probe calls.
pub const PROBE_KEY: &str = "AKIARECORDERPROBE001";

/// Credentials STS handed out, and the ARN of who they are.
#[derive(Clone, Debug, PartialEq)]
pub struct Issued {
    pub arn: String,
    pub key_id: String,
    pub secret: String,
    pub token: String,
}

impl Issued {
    /// The `<Credentials>` of an STS reply.
    pub fn from_reply(reply: &str, arn: &str) -> Issued {
        let tag = |name: &str| {
            let start = reply.find(&format!("<{name}>")).expect(reply) + name.len() + 2;
            let end = reply[start..].find('<').unwrap() + start;
            reply[start..end].to_string()
        };
        Issued {
            arn: arn.into(),
            key_id: tag("AccessKeyId"),
            secret: tag("SecretAccessKey"),
            token: tag("SessionToken"),
        }
    }

    /// Checks that `request` was signed with exactly these credentials.
    #[track_caller]
    pub fn signed(&self, request: &std::collections::BTreeMap<String, String>) {
        let signer = (
            request.get("@AccessKeyId").map(String::as_str),
            request.get("@SessionToken").map(String::as_str),
        );
        assert_eq!(
            signer,
            (Some(self.key_id.as_str()), Some(self.token.as_str())),
            "{} should have been signed by {}",
            request["Action"],
            self.arn
        );
    }
}

/// Checks that `request` was signed by long-term keys `key_id`, with no session token.
#[track_caller]
pub fn signed_by_keys(request: &std::collections::BTreeMap<String, String>, key_id: &str) {
    let signer = (
        request.get("@AccessKeyId").map(String::as_str),
        request.get("@SessionToken").map(String::as_str),
    );
    assert_eq!(
        signer,
        (Some(key_id), None),
        "{} should have been signed by the long-term keys",
        request["Action"]
    );
}

impl Moto {
    pub fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let child = Command::new(moto_server())
            .current_dir(dir.path())
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            // Lets a test read back which STS actions were called.
            .env("MOTO_ENABLE_RECORDING", "True")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto_server");
        let moto = Moto {
            child,
            port,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while http_get(port, "/moto-api/").is_none() {
            assert!(
                Instant::now() < deadline,
                "moto_server did not answer on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    /// Forgets what was recorded so far; `actions` lists what comes after.
    pub fn record(&self) {
        for path in [
            "/moto-api/recorder/reset-recording",
            "/moto-api/recorder/start-recording",
        ] {
            let request =
                format!("POST {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
            let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
            stream.write_all(request.as_bytes()).unwrap();
            let mut answer = String::new();
            stream.read_to_string(&mut answer).unwrap();
            assert!(
                answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200"),
                "{answer}"
            );
        }
    }

    /// The STS actions called since `record`, in order.
    pub fn actions(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .filter_map(|mut params| params.remove("Action"))
            .collect()
    }

    /// Every STS request since `record`, as its decoded form parameters, in order: what
    /// switchrole really sent (moto itself checks no ExternalId, SerialNumber or TokenCode).
    /// `@AccessKeyId` and `@SessionToken` say which credentials signed it (the key id of the
    /// signature's scope, the `X-Amz-Security-Token` header); no token, no `@SessionToken`.
    pub fn requests(&self) -> Vec<std::collections::BTreeMap<String, String>> {
        use base64::Engine;
        let answer = http_get(self.port, "/moto-api/recorder/download-recording")
            .expect("moto's recorder answers");
        let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let mut requests = Vec::new();
        // One JSON object per request; moto base64-encodes form bodies.
        for line in body.lines().filter(|l| l.starts_with('{')) {
            let request: serde_json::Value = serde_json::from_str(line).unwrap();
            let text = request["body"].as_str().unwrap_or_default();
            let form = match request["body_encoded"].as_bool() {
                Some(true) => base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .unwrap(),
                _ => text.as_bytes().to_vec(),
            };
            let mut params: std::collections::BTreeMap<String, String> =
                form_urlencoded::parse(&form).into_owned().collect();
            let header = |name: &str| {
                let headers = request["headers"].as_object()?;
                let found = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
                found.and_then(|(_, v)| v.as_str())
            };
            // Which key signed it, from `Credential=AKIA.../date/region/sts/aws4_request`.
            let signer = header("Authorization")
                .and_then(|a| a.split("Credential=").nth(1))
                .and_then(|c| c.split('/').next());
            if let Some(key) = signer {
                params.insert("@AccessKeyId".into(), key.into());
            }
            if let Some(token) = header("X-Amz-Security-Token") {
                params.insert("@SessionToken".into(), token.into());
            }
            if params.contains_key("Action") {
                requests.push(params);
            }
        }
        requests
    }

    /// The requests since `record`, proven whole: a probe is sent after them and must be
    /// recorded last, so a recorder that stopped (or a moto that died) cannot pass for "no
    /// call". The probe is left out of the answer.
    pub fn requests_proven(&self) -> Vec<std::collections::BTreeMap<String, String>> {
        self.call(PROBE_KEY, None, "GetCallerIdentity", &[]);
        let mut requests = self.requests();
        let probe = requests.pop();
        assert_eq!(
            probe.as_ref().map(|p| p["@AccessKeyId"].as_str()),
            Some(PROBE_KEY),
            "moto's recorder did not record the probe: {requests:?}"
        );
        requests
    }

    /// Checks that STS was not called since `record`, with a recorder proven alive.
    #[track_caller]
    pub fn assert_no_calls(&self) {
        let calls = self.requests_proven();
        assert!(calls.is_empty(), "STS was called: {calls:?}");
    }

    /// Sends one STS query signed as `key_id` (and `token`), as a client would, and returns the
    /// reply's body. moto tells services apart by the signature's scope and checks no signature.
    pub fn call(
        &self,
        key_id: &str,
        token: Option<&str>,
        action: &str,
        params: &[(&str, &str)],
    ) -> String {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("Action", action)
            .append_pair("Version", "2011-06-15");
        for (name, value) in params {
            form.append_pair(name, value);
        }
        let body = form.finish();
        let token = token.map_or(String::new(), |t| format!("X-Amz-Security-Token: {t}\r\n"));
        let request = format!(
            "POST / HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: AWS4-HMAC-SHA256 Credential={key_id}/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0\r\n{token}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
            .split_once("\r\n\r\n")
            .map_or(answer.clone(), |(_, b)| b.to_string())
    }

    /// The credentials moto's GetSessionToken hands out (always the same ones).
    pub fn mfa_session_credentials(&self) -> Issued {
        let reply = self.call(PROBE_KEY, None, "GetSessionToken", &[]);
        Issued::from_reply(&reply, "MFA session")
    }

    /// Every role session moto has handed out, from its own records (`/moto-api/data.json`).
    pub fn assumed_roles(&self) -> Vec<Issued> {
        let answer = http_get(self.port, "/moto-api/data.json").expect("moto answers");
        let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let data: serde_json::Value = serde_json::from_str(body).unwrap();
        let roles = data["sts"]["AssumedRole"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let text = |role: &serde_json::Value, key: &str| role[key].as_str().unwrap().to_string();
        roles
            .iter()
            .map(|role| Issued {
                arn: text(role, "arn"),
                key_id: text(role, "access_key_id"),
                secret: text(role, "secret_access_key"),
                token: text(role, "session_token"),
            })
            .collect()
    }

    /// The one role session moto handed out whose ARN ends with `/ROLE/SESSION` or contains
    /// `what`.
    #[track_caller]
    pub fn assumed(&self, what: &str) -> Issued {
        let all = self.assumed_roles();
        let mut found: Vec<Issued> = all
            .iter()
            .filter(|r| r.arn.contains(what))
            .cloned()
            .collect();
        assert_eq!(found.len(), 1, "sessions of {what}: {all:?}");
        found.remove(0)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `moto_server` from PATH, else from a venv under target/ that is made on first use.
fn moto_server() -> PathBuf {
    python_tool("moto_server", "moto[server]")
}

/// The aws CLI (PyPI `awscli`) from PATH, else from the same venv.
pub fn aws_cli() -> PathBuf {
    python_tool("aws", "awscli")
}

/// The venv's Python, where botocore (installed with the aws CLI) can be imported: a Python
/// on PATH may not have it.
pub fn botocore_python() -> PathBuf {
    venv_tool("aws", "awscli").with_file_name("python")
}

/// The credentials document a renewing shell's endpoint serves now, as an SDK reads it.
pub fn served(url: &str, token: &str) -> serde_json::Value {
    let authority = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(authority).unwrap();
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: {authority}\r\nAuthorization: {token}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    serde_json::from_str(body).unwrap_or_default()
}

/// The venv's Python with boto3 importable (moto[server] brings it; installed there when not).
pub fn boto3_python() -> PathBuf {
    let python = botocore_python();
    let has = |python: &Path| {
        Command::new(python)
            .args(["-c", "import boto3"])
            .status()
            .is_ok_and(|s| s.success())
    };
    if !has(&python) {
        let pip = python.with_file_name("pip");
        let lock = python.parent().unwrap().with_file_name("boto3.lock");
        let script = format!(
            "flock {} {} install --quiet boto3",
            lock.display(),
            pip.display()
        );
        let ok = Command::new("sh").arg("-c").arg(script).status().unwrap();
        assert!(ok.success() && has(&python), "could not install boto3");
    }
    python
}

/// A Python program on PATH, else installed into `target/moto-venv`.
fn python_tool(program: &str, package: &str) -> PathBuf {
    if Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return program.into();
    }
    venv_tool(program, package)
}

/// A program of a PyPI package in `target/moto-venv`, installed there on first use (under a
/// lock, since tests run in parallel).
fn venv_tool(program: &str, package: &str) -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("moto-venv");
    let bin = venv.join("bin").join(program);
    if !bin.exists() {
        let script = format!(
            "flock {lock} sh -c 'test -x {bin} || {{ {{ test -x {pip} || python3 -m venv {venv}; }} && {pip} install --quiet \"{package}\"; }}'",
            lock = venv.with_extension("lock").display(),
            bin = bin.display(),
            pip = venv.join("bin").join("pip").display(),
            venv = venv.display(),
        );
        let ok = Command::new("sh")
            .arg("-c")
            .arg(script)
            .status()
            .unwrap()
            .success();
        assert!(ok, "could not install {package} into {}", venv.display());
    }
    bin
}

fn http_get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    answer.starts_with("HTTP/1").then_some(answer)
}

/// A private HOME with AWS files and a cache directory, and the binary pointed at them.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    pub endpoint: String,
}

/// A role on `[base]`'s keys (in `KEYS`), and one that needs an MFA code.
pub const DEV_AND_MFA: &str = "\
[profile dev]
role_arn = arn:aws:iam::123456789012:role/Dev
source_profile = base

[profile mfa]
role_arn = arn:aws:iam::123456789012:role/NeedsMfa
source_profile = base
mfa_serial = arn:aws:iam::111111111111:mfa/alice
";

/// The long-term key id in `KEYS`: one moto never hands out (its GetSessionToken answers with
/// `AKIAIOSFODNN7EXAMPLE`, its role sessions with `ASIA` and random characters), so a test can
/// tell a call these keys signed from one a session signed.
pub const KEY_ID: &str = "AKIAFIXTURELONGTERM1";

pub const KEYS: &str = "[base]\naws_access_key_id = AKIAFIXTURELONGTERM1\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

impl Sandbox {
    pub fn new(config: &str, credentials: &str, endpoint: &str) -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config"), config).unwrap();
        std::fs::write(dir.path().join("credentials"), credentials).unwrap();
        // Sessions in 0600 files unless a test asks for the keyring with --store keyring.
        std::fs::create_dir_all(dir.path().join("xdg-config/switchrole")).unwrap();
        std::fs::write(
            dir.path().join("xdg-config/switchrole/config"),
            "[settings]\nstore = file\n",
        )
        .unwrap();
        Sandbox {
            dir,
            endpoint: endpoint.into(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The real binary with a clean AWS environment.
    pub fn cmd(&self) -> Command {
        self.cmd_under(&[])
    }

    /// The binary run through `wrapper` (`keyctl session -`: a new kernel session keyring),
    /// with the same environment.
    pub fn cmd_under(&self, wrapper: &[&str]) -> Command {
        let bin = env!("CARGO_BIN_EXE_switchrole");
        let mut cmd = match wrapper.split_first() {
            Some((program, args)) => {
                let mut cmd = Command::new(program);
                cmd.args(args).arg(bin);
                cmd
            }
            None => Command::new(bin),
        };
        self.set_env(&mut cmd);
        cmd
    }

    /// Points any command at the sandbox: its HOME, files, cache, state and STS endpoint.
    pub fn set_env(&self, cmd: &mut Command) {
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy().to_string();
            if name.starts_with("AWS_") || name.starts_with("SWITCHROLE_") {
                cmd.env_remove(&name);
            }
        }
        cmd.env("HOME", self.dir.path())
            .env("AWS_CONFIG_FILE", self.path("config"))
            .env("AWS_SHARED_CREDENTIALS_FILE", self.path("credentials"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("XDG_CONFIG_HOME", self.path("xdg-config"))
            .env("XDG_STATE_HOME", self.path("state"))
            // Lock files, which would otherwise be shared with every other test's runs.
            .env("XDG_RUNTIME_DIR", self.path("runtime"))
            .env("AWS_ENDPOINT_URL_STS", &self.endpoint)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .stdin(Stdio::null());
    }

    /// Runs the binary with `args` and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        output(self.cmd().args(args))
    }
}

pub fn output(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (
        out.status.code().unwrap_or(-1),
        text(out.stdout),
        text(out.stderr),
    )
}

/// The value of `Arn:` in `whoami` output.
pub fn arn_of(whoami: &str) -> String {
    whoami
        .lines()
        .find_map(|l| l.strip_prefix("Arn:"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The picker's state on the demo profiles, at a fixed time.
pub fn demo_state() -> switchrole::tui::state::State {
    use chrono::TimeZone;
    use switchrole::profile::parse::{Source, parse};
    let config = include_str!("../../assets/demo/config");
    let credentials = include_str!("../../assets/demo/credentials");
    let p = Path::new("demo");
    let catalog = parse(
        Source {
            path: p,
            text: config.as_bytes(),
        },
        Source {
            path: p,
            text: credentials.as_bytes(),
        },
    );
    let now = chrono::Utc.with_ymd_and_hms(2026, 1, 2, 12, 0, 0).unwrap();
    switchrole::tui::state::State::new(switchrole::app::listing::rows(&catalog, &[]), now, true)
}

/// Types `text` into the picker, one key at a time.
pub fn typed(state: &mut switchrole::tui::state::State, text: &str) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for c in text.chars() {
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        switchrole::tui::state::update(state, switchrole::tui::state::Msg::Keys(vec![key]));
    }
}

/// Runs the command in a new session with no controlling terminal, as under cron or CI.
pub fn detach(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
}

/// Moves the expiry of the kept session whose `assumed_arn` contains `what` to `left` seconds
/// from now, as if it had been issued `length` seconds before that.
pub fn age_kept_session(sandbox: &Sandbox, what: &str, left: i64, length: i64) {
    let dir = sandbox.path("cache/switchrole/sessions");
    for file in std::fs::read_dir(dir).unwrap() {
        let path = file.unwrap().path();
        let mut doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        if !doc["assumed_arn"]
            .as_str()
            .unwrap_or_default()
            .contains(what)
        {
            continue;
        }
        let now = chrono::Utc::now();
        let at = |secs: i64| (now + chrono::TimeDelta::seconds(secs)).to_rfc3339();
        doc["credentials"]["expiration"] = at(left).into();
        doc["issued_at"] = at(left - length).into();
        std::fs::write(&path, doc.to_string()).unwrap();
    }
}

/// A config of `profiles` roles in accounts of five roles each, all on `[base]`'s keys (in
/// `KEYS`), like those generated for an AWS Organization. The first is `acct100000000000-admin`.
pub fn generated_config(profiles: usize) -> String {
    let roles = ["Admin", "ReadOnly", "Developer", "Billing", "Auditor"];
    let regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "eu-central-1"];
    let mut out = String::new();
    for i in 0..profiles {
        let account = 100_000_000_000u64 + (i / roles.len()) as u64;
        let role = roles[i % roles.len()];
        out.push_str(&format!(
            "[profile acct{account}-{}]\nrole_arn = arn:aws:iam::{account}:role/{role}\nsource_profile = base\nregion = {}\n\n",
            role.to_lowercase(),
            regions[i % regions.len()]
        ));
    }
    out
}

/// The signals that ask switchrole to stop, with their names in `trap` and `kill -NAME`.
pub const STOP_SIGNALS: [(i32, &str); 3] = [
    (libc::SIGINT, "INT"),
    (libc::SIGTERM, "TERM"),
    (libc::SIGHUP, "HUP"),
];
